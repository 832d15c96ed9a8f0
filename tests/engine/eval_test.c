/* eval_test.c - expressions, printing, matching, send building, tc_conn. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ast.h"
#include "conn.h"
#include "eval.h"
#include "options.h"
#include "engine/script_fixture.h"
#include "parse.h"
#include "segment.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- expressions ----------------------------------------------------- */

/* Prefix form of an expression, "(+ isn 1)", to show its shape. */
static void
shape(const struct tc_expr *e, char *buf, size_t cap)
{
	static const char ops[] = { [TC_EXPR_ADD] = '+', [TC_EXPR_SUB] = '-',
	    [TC_EXPR_MUL] = '*' };
	size_t n = strlen(buf);
	char l[256] = "", r[256] = "";

	switch (e->kind) {
	case TC_EXPR_NUM:
		snprintf(buf + n, cap - n, "%llu", (unsigned long long)e->num);
		return;
	case TC_EXPR_VAR:
		snprintf(buf + n, cap - n, "%s", e->name);
		return;
	case TC_EXPR_NEG:
		shape(e->l, l, sizeof(l));
		snprintf(buf + n, cap - n, "(neg %s)", l);
		return;
	case TC_EXPR_ADD:
	case TC_EXPR_SUB:
	case TC_EXPR_MUL:
		shape(e->l, l, sizeof(l));
		shape(e->r, r, sizeof(r));
		snprintf(buf + n, cap - n, "(%c %s %s)", ops[e->kind], l, r);
		return;
	default:	/* kinds added since; none appears in these cases */
		snprintf(buf + n, cap - n, "?");
		return;
	}
}

static const struct {
	const char	*src;
	const char	*shape;
	const char	*printed;	/* tc_expr_format */
	uint32_t	value;		/* tc_eval in the env of eval_env() */
} exprs[] = {
	{ "isn+1", "(+ isn 1)", "isn+1", 0 },
	{ "a*b+c", "(+ (* a b) c)", "a*b+c", 0x70003 },
	{ "a+b*c", "(+ a (* b c))", "a+b*c", 0x30007 },
	{ "(a+b)*c", "(* (+ a b) c)", "(a+b)*c", 0x30015 },
	{ "a-b-c", "(- (- a b) c)", "a-b-c", 0xffff0004 },
	{ "a-(b-c)", "(- a (- b c))", "a-(b-c)", 0xffff000a },
	{ "-(a)", "(neg a)", "-a", 0xfffffff9 },
	{ "-(a+1)", "(neg (+ a 1))", "-(a+1)", 0xfffffff8 },
	{ "--a", "(neg (neg a))", "--a", 7 },
	{ "a*-b", "(* a (neg b))", "a*-b", 0xfff90000 },
	{ "((a))", "a", "a", 7 },
	{ "a*b*c", "(* (* a b) c)", "a*b*c", 0x150000 },
	{ "a*(b*c)", "(* a (* b c))", "a*(b*c)", 0x150000 },
	{ "65535", "65535", "65535", 65535 },
	{ "65536", "65536", "0x10000", 0x10000 },
	{ "0xffffffff+isn", "(+ 4294967295 isn)", "0xffffffff+isn",
	    0xfffffffe },
	{ "b*b", "(* b b)", "b*b", 0 },
	{ "isn*isn", "(* isn isn)", "isn*isn", 1 },
	{ "-1", "(neg 1)", "-1", 0xffffffff },
	{ "peer+1-isn", "(- (+ peer 1) isn)", "peer+1-isn", 0x80000002 },
};

/* isn 0xffffffff (so isn+1 wraps), peer 2^31, a 7, b 2^16, c 3. */
static void
eval_env(struct tc_env *env)
{
	memset(env, 0, sizeof(*env));
	env->isn = 0xffffffff;
	env->peer_known = true;
	env->peer = 0x80000000;
	ck_assert_int_eq(tc_env_set(env, "a", 7), TC_OK);
	ck_assert_int_eq(tc_env_set(env, "b", 0x10000), TC_OK);
	ck_assert_int_eq(tc_env_set(env, "c", 3), TC_OK);
}

START_TEST(test_expressions)
{
	char body[128], got[256] = "", printed[256], why[128] = "";
	struct tc_script *s;
	struct tc_env env;
	uint32_t v = 12345;

	snprintf(body, sizeof(body), "let a = 1\nlet b = 2\nlet c = 3\n"
	    "let x = %s\n", exprs[_i].src);
	s = tc_fx_parse_ok(body);
	shape(tc_fx_last_stmt(s)->value, got, sizeof(got));
	ck_assert_str_eq(got, exprs[_i].shape);
	tc_expr_format(tc_fx_last_stmt(s)->value, printed, sizeof(printed));
	ck_assert_str_eq(printed, exprs[_i].printed);
	eval_env(&env);
	ck_assert_int_eq(tc_eval(&env, tc_fx_last_stmt(s)->value, &v, why,
	    sizeof(why)), TC_OK);
	ck_assert_msg(v == exprs[_i].value, "%s = 0x%x, expected 0x%x",
	    exprs[_i].src, v, exprs[_i].value);
	tc_script_free(s);
}
END_TEST

START_TEST(test_eval_unset)
{
	struct tc_script *s = tc_fx_parse_ok("let x = 1\nlet y = peer+1\n"
	    "let z = x*2\n");
	struct tc_env env;
	char why[128];
	uint32_t v;

	memset(&env, 0, sizeof(env));
	ck_assert_int_eq(tc_eval(&env, s->stmt[1].value, &v, why,
	    sizeof(why)), TC_ERR_NOTFOUND);
	ck_assert_str_eq(why, "'peer' is used before the target sent a SYN");
	ck_assert_int_eq(tc_eval(&env, s->stmt[2].value, &v, why,
	    sizeof(why)), TC_ERR_NOTFOUND);
	ck_assert_str_eq(why, "variable 'x' is used before it is set");
	ck_assert_int_eq(tc_env_set(&env, "x", 0x80000001), TC_OK);
	ck_assert_int_eq(tc_eval(&env, s->stmt[2].value, &v, why,
	    sizeof(why)), TC_OK);
	ck_assert_uint_eq(v, 2);
	ck_assert_int_eq(tc_env_set(&env, "x", 5), TC_OK);	/* replaces */
	ck_assert_uint_eq(env.nvar, 1);
	ck_assert_int_eq(tc_env_set(&env, "isn", 9), TC_OK);
	ck_assert_uint_eq(env.isn, 9);
	ck_assert_uint_eq(env.nvar, 1);
	tc_script_free(s);
}
END_TEST

START_TEST(test_env_full)
{
	static char names[TC_ENV_VARS_MAX + 1][8];
	struct tc_env env;
	size_t i;

	memset(&env, 0, sizeof(env));
	for (i = 0; i < TC_ENV_VARS_MAX; i++) {
		snprintf(names[i], sizeof(names[i]), "v%zu", i);
		ck_assert_int_eq(tc_env_set(&env, names[i], 1), TC_OK);
	}
	ck_assert_int_eq(tc_env_set(&env, "extra", 1), TC_ERR_LIMIT);
	ck_assert_int_eq(tc_env_set(&env, "v3", 2), TC_OK);
}
END_TEST

START_TEST(test_expr_format_bounded)
{
	struct tc_script *s = tc_fx_parse_ok("let x = isn+123456789\n");
	char buf[6];

	memset(buf, 'Z', sizeof(buf));
	tc_expr_format(tc_fx_last_stmt(s)->value, buf, sizeof(buf));
	ck_assert_str_eq(buf, "isn+0");
	tc_expr_format(tc_fx_last_stmt(s)->value, buf, 0);
	ck_assert_int_eq(buf[0], 'i');
	tc_script_free(s);
}
END_TEST

START_TEST(test_expr_depth)
{
	char body[256];
	size_t n = 0;
	int i;
	struct tc_parse_report rep;
	struct tc_script *s;

	/* 31 parentheses inside the top level: 32 levels, the limit. */
	n += (size_t)snprintf(body, sizeof(body), "let x = ");
	for (i = 0; i < 31; i++)
		body[n++] = '(';
	body[n++] = '1';
	for (i = 0; i < 31; i++)
		body[n++] = ')';
	memcpy(body + n, "\n", 2);
	s = tc_fx_parse_ok(body);
	tc_script_free(s);
	/* One more is too deep. */
	memmove(body + 9, body + 8, strlen(body + 8) + 1);
	memcpy(body + strlen(body) - 1, ")\n", 3);
	ck_assert_str_eq(tc_fx_parse_err(body, &rep)->msg,
	    "expression nested deeper than 32 levels (the limit)");
}
END_TEST

/*
 * Unary minus recurses in parse_primary without the depth check, so a long
 * run of '-' exhausts the stack (SIGSEGV) instead of hitting the limit.
 */
START_TEST(test_expr_depth_unary)
{
	size_t n = 200000;
	char *body = malloc(n + 16);
	struct tc_parse_report rep;

	ck_assert_ptr_nonnull(body);
	memcpy(body, "let x = ", 8);
	memset(body + 8, '-', n);
	memcpy(body + 8 + n, "1\n", 3);
	ck_assert_str_eq(tc_fx_parse_err(body, &rep)->msg,
	    "expression nested deeper than 32 levels (the limit)");
	free(body);
}
END_TEST

/* ---- printing patterns back ------------------------------------------ */

/*
 * Each is parsed as "expect no PATTERN within 1s", which takes every
 * relop and, unlike "expect", also the flags word "none".
 */
static const struct {
	const char	*src;
	const char	*printed;
} patterns[] = {
	{ "S. ack=isn+1 <mss 1460>", "S. ack=isn+1 <mss 1460>" },
	{ "S  seq=isn   <mss 1460, sackOK, ts val 1 ecr 0, nop, wscale 7>",
	    "S seq=isn <mss 1460,sackOK,ts val 1 ecr 0,nop,wscale 7>" },
	{ ". seq=peer+1 ack in isn..isn+10 win>=100",
	    ". seq=peer+1 ack in isn..isn+10 win>=100" },
	{ "R. csum=bad", "R. csum=bad" },
	{ ". csum!=good", ". csum!=good" },
	{ "PF. seq=isn+1 \"abc\"", "FP. seq=isn+1 \"abc\"" },
	{ ". <sack 1:2 3:4>", ". <sack 1:2 3:4>" },
	{ ". <mss 1460 len 3,eol>", ". <mss 1460 len 3,eol>" },
	{ "none win=0", "none win=0" },
	{ ". seq=4294967295 ack!=-(isn+1)*2",
	    ". seq=0xffffffff ack!=-(isn+1)*2" },
	{ "S. <mss,ts,sack>", "S. <mss,ts,sack>" },
	{ "S. <ts ecr 5>", "S. <ts ecr 5>" },
	/* Unknown kinds must keep their data bytes. */
	{ ". <kind 253 data 1 2>", ". <kind 253 data 1 2>" },
	/* Payload bytes must come back as a valid string literal. */
	{ "P. \"a\\nb\\\"c\\x00\"", "P. \"a\\nb\\\"c\\x00\"" },
};

START_TEST(test_pattern_format)
{
	char body[320], out[256], again[256];
	struct tc_script *s;

	snprintf(body, sizeof(body), "expect no %s within 1s\n",
	    patterns[_i].src);
	s = tc_fx_parse_ok(body);
	tc_pattern_format(&tc_fx_last_stmt(s)->alt[0], out, sizeof(out));
	tc_script_free(s);
	ck_assert_str_eq(out, patterns[_i].printed);
	/* What is printed parses back to the same thing. */
	snprintf(body, sizeof(body), "expect no %s within 1s\n", out);
	s = tc_fx_parse_ok(body);
	tc_pattern_format(&tc_fx_last_stmt(s)->alt[0], again, sizeof(again));
	tc_script_free(s);
	ck_assert_str_eq(again, out);
}
END_TEST

/*
 * Every flag set, printed by tc_pattern_format (as in a mismatch message
 * or a log), must parse back to itself.  The printer uses tcpdump's order,
 * which puts '.' before U, E and W ("S.E" for an ECN SYN-ACK), while the
 * parser takes '.' only as the suffix ("SE.").
 */
START_TEST(test_flags_round_trip)
{
	struct tc_parse_report rep;
	struct tc_pattern p;
	struct tc_script *s;
	char text[64], src[128];
	unsigned f;
	int bad = 0;

	for (f = 0; f < 256; f++) {
		memset(&p, 0, sizeof(p));
		p.flags = (uint8_t)f;
		tc_pattern_format(&p, text, sizeof(text));
		snprintf(src, sizeof(src), "%sexpect no %s within 1s\n",
		    TC_FX_HEADER, text);
		if (tc_parse_string("t.tcs", src, &s, &rep) != TC_OK ||
		    s->stmt[0].alt[0].flags != f) {
			if (bad++ == 0)
				fprintf(stderr, "flags 0x%02x print as '%s', "
				    "which does not parse back: %s\n", f,
				    text, rep.n ? rep.msg[0].msg : "?");
		}
		tc_script_free(s);
	}
	ck_assert_msg(bad == 0, "%d of 256 flag sets do not parse back", bad);
}
END_TEST

/* ---- tc_match --------------------------------------------------------- */

/* A well-formed segment from the target with no options or payload. */
static struct tc_segment
seg(uint8_t flags, uint32_t seq, uint32_t ack)
{
	struct tc_segment s;

	memset(&s, 0, sizeof(s));
	s.kind = TC_SEG_TCP;
	s.status = TC_DEC_OK;
	s.flags = flags;
	s.seq = seq;
	s.ack = ack;
	s.win = 65535;
	s.doff = 5;
	s.ttl = 64;
	s.df = true;
	s.csum = 0x1234;
	s.csum_ok = true;
	s.sport = 8080;
	s.dport = 40000;
	return s;
}

static void
add_opt(struct tc_segment *s, const struct tc_opt *o)
{
	ck_assert_uint_lt(s->opts.n, TC_OPTLIST_MAX);
	s->opts.opt[s->opts.n++] = *o;
}

/* A SYN-ACK carrying mss 1460, ts 100/7, sack 5:9 and "xyz". */
static struct tc_segment
rich_seg(void)
{
	struct tc_segment s = seg(TC_TH_SYN | TC_TH_ACK, 0x10, 0xfffffff1);
	struct tc_opt o;

	memset(&o, 0, sizeof(o));
	o.kind = TC_OPT_MSS;
	o.u.mss = 1460;
	add_opt(&s, &o);
	memset(&o, 0, sizeof(o));
	o.kind = TC_OPT_TS;
	o.u.ts.val = 100;
	o.u.ts.ecr = 7;
	add_opt(&s, &o);
	memset(&o, 0, sizeof(o));
	o.kind = TC_OPT_SACK;
	o.n_sack = 1;
	o.u.sack[0].left = 5;
	o.u.sack[0].right = 9;
	add_opt(&s, &o);
	s.payload = (const uint8_t *)"xyz";
	s.payload_len = 3;
	return s;
}

/*
 * Patterns against rich_seg() with isn 0xfffffff0: seq 0x10 is isn+32
 * and ack 0xfffffff1 is isn+1, so the sequence relops cross 2^32.
 */
static const struct {
	const char	*pattern;
	bool		match;
	const char	*why;		/* on a mismatch */
} match_cases[] = {
	{ "S.", true, NULL },
	{ "S", false, "flags are S., expected S" },
	{ ".", false, "flags are S., expected ." },
	{ "S. ack=isn+1", true, NULL },
	{ "S. ack=isn+2", false,
	    "ack is 4294967281, expected 4294967282 (isn+2)" },
	{ "S. seq>isn", true, NULL },		/* 0x10 is after 0xfffffff0 */
	{ "S. seq<isn", false, "seq is 16, expected <4294967280 (isn)" },
	{ "S. seq>=isn+32 seq<=isn+32", true, NULL },
	{ "S. seq!=isn+32", false, "seq is 16, expected !=16 (isn+32)" },
	{ "S. seq in isn..isn+0x20", true, NULL },
	{ "S. seq in isn+33..isn+40", false,
	    "seq is 16, expected 17..24 (isn+33..isn+40)" },
	{ "S. ack in isn-5..isn+1", true, NULL },
	{ "S. win in 100..65535", true, NULL },
	{ "S. win<65535", false, "win is 65535, expected <65535 (65535)" },
	{ "S. win>0x8000 ttl=64 df=1 sport=8080 dport=40000 doff=5 res=0",
	    true, NULL },
	{ "S. len=3", true, NULL },
	{ "S. <mss 1460>", true, NULL },
	{ "S. <mss>", true, NULL },
	{ "S. <mss 1400>", false,
	    "option mss value 1 is 1460, expected 1400" },
	{ "S. <wscale>", false, "option wscale (kind 3) is missing" },
	{ "S. <ts val 100 ecr 7>", true, NULL },
	{ "S. <ts ecr 7>", true, NULL },
	{ "S. <ts ecr 8>", false, "option ts value 2 is 7, expected 8" },
	{ "S. <sack 5:9>", true, NULL },
	{ "S. <sack 5:10>", false,
	    "option sack value 2 is 9, expected 10" },
	/* The segment has one block: there is no value 3 to show. */
	{ "S. <sack 5:9 11:12>", false,
	    "option sack value 3 is missing, expected 11" },
	{ "S. <>", true, NULL },
	{ "S. \"xyz\"", true, NULL },
	{ "S. \"xyw\"", false, "payload differs (3 bytes, expected 3)" },
	{ "S. \"xy\"", false, "payload differs (3 bytes, expected 2)" },
	{ "S. csum=good", true, NULL },
	{ "S. csum=bad", false, "checksum 0x1234 is correct" },
	{ "S. csum=0x1234", true, NULL },
};

START_TEST(test_match)
{
	char body[160], why[160] = "";
	struct tc_segment s = rich_seg();
	struct tc_script *sc;
	struct tc_env env;
	bool m = !match_cases[_i].match;
	enum tc_err err;

	snprintf(body, sizeof(body), "expect %s\n", match_cases[_i].pattern);
	sc = tc_fx_parse_ok(body);
	memset(&env, 0, sizeof(env));
	env.isn = 0xfffffff0;
	err = tc_match(&env, &tc_fx_last_stmt(sc)->alt[0], &s, &m, why,
	    sizeof(why));
	tc_script_free(sc);
	ck_assert_int_eq(err, TC_OK);
	ck_assert_msg(m == match_cases[_i].match, "'%s': %s",
	    match_cases[_i].pattern, why);
	if (!m)
		ck_assert_str_eq(why, match_cases[_i].why);
}
END_TEST

START_TEST(test_match_errors)
{
	struct tc_segment s = seg(TC_TH_SYN, 1, 0);
	struct tc_script *sc = tc_fx_parse_ok("expect S seq=peer\n");
	struct tc_env env;
	char why[128];
	bool m = true;

	memset(&env, 0, sizeof(env));
	ck_assert_int_eq(tc_match(&env, &sc->stmt[0].alt[0], &s, &m, why,
	    sizeof(why)), TC_ERR_NOTFOUND);
	ck_assert(!m);
	ck_assert_str_eq(why, "'peer' is used before the target sent a SYN");
	/* A bad checksum: csum=bad matches, csum=good does not. */
	tc_script_free(sc);
	sc = tc_fx_parse_ok("expect S csum=bad\nexpect S csum=good\n");
	s.csum_ok = false;
	ck_assert_int_eq(tc_match(&env, &sc->stmt[0].alt[0], &s, &m, why,
	    sizeof(why)), TC_OK);
	ck_assert(m);
	ck_assert_int_eq(tc_match(&env, &sc->stmt[1].alt[0], &s, &m, why,
	    sizeof(why)), TC_OK);
	ck_assert(!m);
	ck_assert_str_eq(why, "checksum 0x1234 is wrong");
	tc_script_free(sc);
}
END_TEST

/* ---- tc_build_send --------------------------------------------------- */

static const struct tc_send_defaults defs = {
	.sport = 40000, .dport = 8080, .seq = 1001, .ack = 5001, .ip_id = 77
};

static enum tc_err
build_isn(const char *pattern, uint32_t isn, struct tc_tcp_spec *tcp,
    struct tc_ip_spec *ip, struct tc_send_bufs *bufs, char *why, size_t cap)
{
	char body[160];
	struct tc_script *sc;
	struct tc_env env;
	enum tc_err err;

	snprintf(body, sizeof(body), "send %s\n", pattern);
	sc = tc_fx_parse_ok(body);
	memset(&env, 0, sizeof(env));
	env.isn = isn;
	err = tc_build_send(&env, &sc->stmt[0].alt[0], &defs, tcp, ip, bufs,
	    why, cap);
	/* Payload strings live in the script: keep the pointers valid. */
	if (err == TC_OK && tcp->payload != NULL &&
	    tcp->payload != bufs->payload) {
		memcpy(bufs->payload, tcp->payload, tcp->payload_len);
		tcp->payload = bufs->payload;
	}
	tc_script_free(sc);
	return err;
}

static enum tc_err
build(const char *pattern, struct tc_tcp_spec *tcp, struct tc_ip_spec *ip,
    struct tc_send_bufs *bufs, char *why, size_t cap)
{
	return build_isn(pattern, 0xffffffff, tcp, ip, bufs, why, cap);
}

START_TEST(test_build_defaults)
{
	static struct tc_send_bufs bufs;
	struct tc_tcp_spec t;
	struct tc_ip_spec ip;
	char why[128];

	ck_assert_int_eq(build("S", &t, &ip, &bufs, why, sizeof(why)), TC_OK);
	ck_assert(t.sport == 40000 && t.dport == 8080);
	ck_assert(t.seq == 1001 && t.ack == 0 && t.flags == TC_TH_SYN);
	ck_assert(t.win == 65535 && t.urg == 0 && t.doff == 0);
	ck_assert_int_eq(t.csum_mode, TC_CSUM_CORRECT);
	ck_assert(t.opts_len == 0 && t.payload_len == 0);
	ck_assert(ip.ttl == 64 && ip.tos == 0 && ip.id == 77 && ip.df);
	/* With ACK, ack defaults to RCV.NXT. */
	ck_assert_int_eq(build(".", &t, &ip, &bufs, why, sizeof(why)), TC_OK);
	ck_assert(t.ack == 5001 && t.flags == TC_TH_ACK);
	/* Every field set; isn+1 wraps to 0. */
	ck_assert_int_eq(build("FP. seq=isn+1 ack=7 win=0 urg=3 doff=6 res=1 "
	    "ttl=1 tos=0x10 ipid=9 df=0 sport=1 dport=2", &t, &ip, &bufs, why,
	    sizeof(why)), TC_OK);
	ck_assert(t.seq == 0 && t.ack == 7 && t.win == 0 && t.urg == 3);
	ck_assert(t.doff == 6 && t.reserved == 1 && t.sport == 1 &&
	    t.dport == 2);
	ck_assert(ip.ttl == 1 && ip.tos == 0x10 && ip.id == 9 && !ip.df);
	ck_assert_int_eq(build(". csum=bad", &t, &ip, &bufs, why,
	    sizeof(why)), TC_OK);
	ck_assert_int_eq(t.csum_mode, TC_CSUM_BAD);
	ck_assert_int_eq(build(". csum=zero", &t, &ip, &bufs, why,
	    sizeof(why)), TC_OK);
	ck_assert_int_eq(t.csum_mode, TC_CSUM_ZERO);
	ck_assert_int_eq(build(". csum=0xbeef", &t, &ip, &bufs, why,
	    sizeof(why)), TC_OK);
	ck_assert(t.csum_mode == TC_CSUM_VALUE && t.csum_value == 0xbeef);
}
END_TEST

START_TEST(test_build_payload_options)
{
	static struct tc_send_bufs bufs;
	static const uint8_t want[] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2,
	    8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 0xfd, 4, 1, 2,
	    2, 3, 0x05 };	/* len 3: the length byte and data are cut */
	struct tc_tcp_spec t;
	struct tc_ip_spec ip;
	char why[128];

	ck_assert_int_eq(build("P. len=30", &t, &ip, &bufs, why, sizeof(why)),
	    TC_OK);
	ck_assert_uint_eq(t.payload_len, 30);
	ck_assert(memcmp(t.payload, "abcdefghijklmnopqrstuvwxyzabcd", 30) ==
	    0);
	ck_assert_int_eq(build("P. \"hi\\x00\"", &t, &ip, &bufs, why,
	    sizeof(why)), TC_OK);
	ck_assert_uint_eq(t.payload_len, 3);
	ck_assert(memcmp(t.payload, "hi\0", 3) == 0);
	ck_assert_int_eq(build("S <mss 1460, nop, wscale 7, sackOK, "
	    "ts val 1 ecr 2, kind 253 data 1 2, mss 1460 len 3>", &t, &ip,
	    &bufs, why, sizeof(why)), TC_OK);
	ck_assert_uint_eq(t.opts_len, sizeof(want));
	ck_assert(memcmp(t.opts, want, sizeof(want)) == 0);
}
END_TEST

/* Values come through isn, so that only tc_build_send can refuse them. */
static const struct {
	const char	*pattern;
	uint32_t	isn;
	enum tc_err	err;
	const char	*why;
} build_errors[] = {
	{ ". win=isn", 70000, TC_ERR_INVAL, "win=70000 does not fit (at most "
	    "65535)" },
	{ ". ttl=isn", 256, TC_ERR_INVAL, "ttl=256 does not fit (at most "
	    "255)" },
	{ ". doff=isn", 16, TC_ERR_INVAL, "doff=16 does not fit (at most "
	    "15)" },
	{ ". df=isn", 2, TC_ERR_INVAL, "df=2 does not fit (at most 1)" },
	{ ". urg=isn-1", 0, TC_ERR_INVAL, "urg=4294967295 does not fit (at "
	    "most 65535)" },
	{ ". len=isn", 65001, TC_ERR_INVAL, "len=65001 does not fit (at most "
	    "65000)" },
	{ ". seq=peer", 0, TC_ERR_NOTFOUND, "'peer' is used before the "
	    "target sent a SYN" },
	{ "S <ts val 1 ecr 2, ts val 1 ecr 2, ts val 1 ecr 2, ts val 1 ecr 2, "
	    "mss 1>", 0, TC_ERR_LIMIT, "options take more than 40 bytes" },
};

START_TEST(test_build_errors)
{
	static struct tc_send_bufs bufs;
	struct tc_tcp_spec t;
	struct tc_ip_spec ip;
	char why[128] = "";

	ck_assert_int_eq(build_isn(build_errors[_i].pattern,
	    build_errors[_i].isn, &t, &ip, &bufs, why, sizeof(why)),
	    build_errors[_i].err);
	ck_assert_str_eq(why, build_errors[_i].why);
}
END_TEST

/* ---- tc_conn ---------------------------------------------------------- */

#define ISN	UINT32_C(1000)
#define PEER	UINT32_C(0xfffffffe)	/* the target's ISN: data wraps */

struct trace {
	enum tc_fsm_state	to[16];
	size_t			n;
};

static void
trace_cb(void *arg, enum tc_fsm_state from, enum tc_fsm_state to,
    enum tc_fsm_event ev, const char *ref)
{
	struct trace *t = arg;

	(void)from;
	(void)ev;
	(void)ref;
	if (t->n < NITEMS(t->to))
		t->to[t->n++] = to;
}

static void
recv_ok(struct tc_conn *c, struct tc_segment s)
{
	char why[160] = "";

	ck_assert_msg(tc_conn_on_recv(c, &s, why, sizeof(why)), "%s", why);
}

/* Passive open by the target, then a close by us first: up to CLOSED. */
static void
open_passive(struct tc_conn *c, struct trace *tr)
{
	struct tc_segment s;

	tc_conn_init(c, ISN, trace_cb, tr);
	tc_conn_on_action(c, TC_ACT_LISTEN, 0, false);
	s = seg(TC_TH_SYN, ISN, 0);
	tc_conn_on_send(c, &s);
	recv_ok(c, seg(TC_TH_SYN | TC_TH_ACK, PEER, ISN + 1));
	ck_assert(c->peer_known && c->peer == PEER);
	ck_assert_uint_eq(c->rcv_nxt, PEER + 1);
	s = seg(TC_TH_ACK, ISN + 1, PEER + 1);
	tc_conn_on_send(c, &s);
	ck_assert_int_eq(c->fsm.state, TC_FSM_ESTABLISHED);
}

START_TEST(test_conn_passive_close)
{
	static const enum tc_fsm_state path[] = { TC_FSM_LISTEN,
	    TC_FSM_SYN_RECEIVED, TC_FSM_ESTABLISHED, TC_FSM_CLOSE_WAIT,
	    TC_FSM_LAST_ACK, TC_FSM_CLOSED };
	struct trace tr = { .n = 0 };
	struct tc_segment s;
	struct tc_conn c;
	size_t i;

	open_passive(&c, &tr);
	/* Three bytes from the target cross 2^32. */
	s = seg(TC_TH_PSH | TC_TH_ACK, PEER + 1, ISN + 1);
	s.payload = (const uint8_t *)"abc";
	s.payload_len = 3;
	recv_ok(&c, s);
	ck_assert_uint_eq(c.rcv_nxt, PEER + 4);
	ck_assert_uint_eq(c.rcv_nxt, 2);
	s = seg(TC_TH_FIN | TC_TH_ACK, ISN + 1, PEER + 4);
	tc_conn_on_send(&c, &s);
	ck_assert_uint_eq(c.snd_nxt, ISN + 2);
	recv_ok(&c, seg(TC_TH_ACK, PEER + 4, ISN + 2));
	tc_conn_on_action(&c, TC_ACT_CLOSE, 0, true);
	recv_ok(&c, seg(TC_TH_FIN | TC_TH_ACK, PEER + 4, ISN + 2));
	ck_assert(c.tgt_fin && c.tgt_fin_seq == PEER + 4);
	s = seg(TC_TH_ACK, ISN + 2, PEER + 5);
	tc_conn_on_send(&c, &s);
	ck_assert_uint_eq(tr.n, NITEMS(path));
	for (i = 0; i < NITEMS(path); i++)
		ck_assert_msg(tr.to[i] == path[i], "step %zu: %s, expected %s",
		    i, tc_fsm_state_name(tr.to[i]),
		    tc_fsm_state_name(path[i]));
}
END_TEST

START_TEST(test_conn_active_close)
{
	struct trace tr = { .n = 0 };
	struct tc_segment s;
	struct tc_conn c;

	open_passive(&c, &tr);
	tc_conn_on_action(&c, TC_ACT_SHUTDOWN, SHUT_RD, true);
	ck_assert_int_eq(c.fsm.state, TC_FSM_ESTABLISHED);
	tc_conn_on_action(&c, TC_ACT_SHUTDOWN, SHUT_WR, true);
	ck_assert_int_eq(c.fsm.state, TC_FSM_FIN_WAIT_1);
	recv_ok(&c, seg(TC_TH_FIN | TC_TH_ACK, PEER + 1, ISN + 1));
	s = seg(TC_TH_ACK, ISN + 1, PEER + 2);
	tc_conn_on_send(&c, &s);
	ck_assert_int_eq(c.fsm.state, TC_FSM_FIN_WAIT_2);
	s = seg(TC_TH_FIN | TC_TH_ACK, ISN + 1, PEER + 2);
	tc_conn_on_send(&c, &s);
	ck_assert_int_eq(c.fsm.state, TC_FSM_TIME_WAIT);
	/* Its last ACK, and a retransmitted FIN is not allowed now. */
	recv_ok(&c, seg(TC_TH_ACK, PEER + 2, ISN + 2));
}
END_TEST

START_TEST(test_conn_rst)
{
	struct trace tr = { .n = 0 };
	struct tc_segment s;
	struct tc_conn c;

	open_passive(&c, &tr);
	/* Out of window: ignored by the model. */
	s = seg(TC_TH_RST, ISN + 100, 0);
	tc_conn_on_send(&c, &s);
	ck_assert_int_eq(c.fsm.state, TC_FSM_ESTABLISHED);
	s = seg(TC_TH_RST, ISN + 1, 0);
	tc_conn_on_send(&c, &s);
	ck_assert_int_eq(c.fsm.state, TC_FSM_CLOSED);
}
END_TEST

/* After the handshake (and, for some, the target's FIN at PEER+1). */
static const struct {
	const char	*name;
	bool		fin_first;	/* the target closes first */
	uint8_t		flags;
	uint32_t	seq;		/* offset from PEER */
	uint32_t	ack;		/* offset from ISN */
	size_t		len;
	bool		csum_ok;
	const char	*why;
} recv_cases[] = {
	{ "ack beyond SND.MAX", false, TC_TH_ACK, 1, 2, 0, true,
	    "the target acknowledges 1002, beyond anything sent (SND.MAX is "
	    "isn+1)" },
	{ "sequence gap", false, TC_TH_PSH | TC_TH_ACK, 5, 1, 3, true,
	    "sequence gap: the target sent seq 3 (peer+5) but had sent only "
	    "up to peer+1" },
	{ "data after its FIN", true, TC_TH_PSH | TC_TH_ACK, 2, 1, 3, true,
	    "the target sent sequence space past its FIN at peer+1 (a FIN "
	    "consumes exactly one number)" },
	{ "FIN moved", true, TC_TH_FIN | TC_TH_ACK, 0, 1, 0, true,
	    "the target's FIN moved from peer+1 to peer+0" },
	{ "bad checksum", false, TC_TH_ACK, 1, 1, 0, false,
	    "the target sent a bad TCP checksum (0x1234; RFC 9293 3.1 "
	    "MUST-2)" },
	{ "SYN in ESTABLISHED", false, TC_TH_SYN, 1, 1, 0, true,
	    "the target may not send this in ESTABLISHED: SYN without ACK "
	    "only in SYN-SENT (RFC9293 3.10.1)" },
	{ "in order", false, TC_TH_PSH | TC_TH_ACK, 1, 1, 3, true, NULL },
	{ "FIN retransmitted", true, TC_TH_FIN | TC_TH_ACK, 1, 1, 0, true,
	    NULL },
};

START_TEST(test_conn_recv)
{
	struct trace tr = { .n = 0 };
	struct tc_segment s;
	struct tc_conn c;
	char why[160] = "";
	bool ok;

	open_passive(&c, &tr);
	if (recv_cases[_i].fin_first) {
		tc_conn_on_action(&c, TC_ACT_CLOSE, 0, true);
		recv_ok(&c, seg(TC_TH_FIN | TC_TH_ACK, PEER + 1, ISN + 1));
	}
	s = seg(recv_cases[_i].flags, PEER + recv_cases[_i].seq,
	    ISN + recv_cases[_i].ack);
	s.payload = (const uint8_t *)"abc";
	s.payload_len = recv_cases[_i].len;
	s.csum_ok = recv_cases[_i].csum_ok;
	ok = tc_conn_on_recv(&c, &s, why, sizeof(why));
	if (recv_cases[_i].why == NULL) {
		ck_assert_msg(ok, "%s: %s", recv_cases[_i].name, why);
	} else {
		ck_assert_msg(!ok, "%s accepted", recv_cases[_i].name);
		ck_assert_str_eq(why, recv_cases[_i].why);
	}
}
END_TEST

START_TEST(test_conn_malformed)
{
	struct tc_segment s = seg(TC_TH_SYN | TC_TH_ACK, PEER, ISN + 1);
	struct tc_conn c;
	char why[160];

	tc_conn_init(&c, ISN, NULL, NULL);
	tc_conn_on_action(&c, TC_ACT_CONNECT, 0, true);
	s.status = TC_DEC_TRUNC;
	ck_assert(!tc_conn_on_recv(&c, &s, why, sizeof(why)));
	ck_assert_ptr_nonnull(strstr(why, "malformed segment from the "
	    "target"));
}
END_TEST

static Suite *
eval_suite(void)
{
	Suite *s = suite_create("eval");
	TCase *tc;

	tc = tcase_create("expressions");
	tcase_add_loop_test(tc, test_expressions, 0, (int)NITEMS(exprs));
	tcase_add_test(tc, test_eval_unset);
	tcase_add_test(tc, test_env_full);
	tcase_add_test(tc, test_expr_format_bounded);
	tcase_add_test(tc, test_expr_depth);
	suite_add_tcase(s, tc);

	/* Alone, so that valgrind can run the others with CK_RUN_CASE. */
	tc = tcase_create("stack");
	tcase_add_test(tc, test_expr_depth_unary);
	suite_add_tcase(s, tc);

	tc = tcase_create("printing");
	tcase_add_loop_test(tc, test_pattern_format, 0, (int)NITEMS(patterns));
	tcase_add_test(tc, test_flags_round_trip);
	suite_add_tcase(s, tc);

	tc = tcase_create("match");
	tcase_add_loop_test(tc, test_match, 0, (int)NITEMS(match_cases));
	tcase_add_test(tc, test_match_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("build");
	tcase_add_test(tc, test_build_defaults);
	tcase_add_test(tc, test_build_payload_options);
	tcase_add_loop_test(tc, test_build_errors, 0,
	    (int)NITEMS(build_errors));
	suite_add_tcase(s, tc);

	tc = tcase_create("conn");
	tcase_add_test(tc, test_conn_passive_close);
	tcase_add_test(tc, test_conn_active_close);
	tcase_add_test(tc, test_conn_rst);
	tcase_add_loop_test(tc, test_conn_recv, 0, (int)NITEMS(recv_cases));
	tcase_add_test(tc, test_conn_malformed);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(eval_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

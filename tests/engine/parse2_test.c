/* parse2_test.c - the parser's later constructs: long flags, absent options,
 * hex and IP options, repetition, random, seg.FIELD, dscp/ecn, doff=0,
 * option len 0, socket options, requires, include, ICMP, lints, limits. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ast.h"
#include "options.h"
#include "engine/script_fixture.h"
#include "parse.h"
#include "segment.h"
#include "target.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

static const struct tc_pattern *
last_pattern(const struct tc_script *s)
{
	const struct tc_stmt *st = tc_fx_last_stmt(s);

	ck_assert_uint_ge(st->nalt, 1);
	return &st->alt[0];
}

/*
 * Error cases: TC_FX_HEADER + body must fail with exactly msg at line:col
 * (lines count from 3, the first after TC_FX_HEADER).
 */
struct err_case {
	const char	*body;
	unsigned	line, col;
	const char	*msg;
};

static void
check_err(const struct err_case *c)
{
	struct tc_parse_report rep;
	const struct tc_parse_msg *m = tc_fx_parse_err(c->body, &rep);

	ck_assert_msg(strcmp(m->msg, c->msg) == 0,
	    "body \"%s\":\n got:  %s\n want: %s", c->body, m->msg, c->msg);
	ck_assert_msg(m->line == c->line && m->col == c->col,
	    "body \"%s\": at %u:%u, want %u:%u", c->body, m->line, m->col,
	    c->line, c->col);
	ck_assert_int_eq(m->severity, TC_SEV_ERROR);
}

/* ---- long flag names ------------------------------------------------- */

static const struct {
	const char	*flags;
	uint8_t		bits;
} long_flags[] = {
	{ "SYN", TC_TH_SYN },
	{ "SYN+ACK", TC_TH_SYN | TC_TH_ACK },
	{ "FIN+PSH+ACK", TC_TH_FIN | TC_TH_PSH | TC_TH_ACK },
	{ "RST+ACK", TC_TH_RST | TC_TH_ACK },
	{ "ACK", TC_TH_ACK },
	{ "SYN+ECE+CWR", TC_TH_SYN | TC_TH_ECE | TC_TH_CWR },
	{ "FIN+SYN+RST+PSH+ACK+URG+ECE+CWR", 0xff },
	{ "URG+ACK", TC_TH_URG | TC_TH_ACK },
};

START_TEST(test_long_flags)
{
	char body[96];
	struct tc_script *s;

	snprintf(body, sizeof(body), "send %s\nexpect %s seq=1\n",
	    long_flags[_i].flags, long_flags[_i].flags);
	s = tc_fx_parse_ok(body);
	ck_assert_uint_eq(s->stmt[0].alt[0].flags, long_flags[_i].bits);
	ck_assert_uint_eq(s->stmt[1].alt[0].flags, long_flags[_i].bits);
	ck_assert_uint_eq(s->stmt[1].alt[0].ncond, 1);
	tc_script_free(s);
}
END_TEST

static const struct err_case long_flag_errors[] = {
	{ "send SYN+SYN\n", 3, 10, "flag 'SYN' given twice" },
	{ "send FIN+PSH+ACK+PSH\n", 3, 18, "flag 'PSH' given twice" },
	{ "send SYN+FOO\n", 3, 10, "expected a flag name: FIN, SYN, RST, "
	    "PSH, ACK, URG, ECE or CWR; got 'FOO'" },
	{ "send SYN+\n", 3, 10, "expected a flag name: FIN, SYN, RST, PSH, "
	    "ACK, URG, ECE or CWR; got end of line" },
	{ "expect SYN+syn\n", 3, 12, "expected a flag name: FIN, SYN, RST, "
	    "PSH, ACK, URG, ECE or CWR; got 'syn'" },
	/* A blank before '+' ends the flags; '+' is no field. */
	{ "send SYN +ACK\n", 3, 10, "expected a field (seq=, ack=, win=, "
	    "...), options '<...>' or a payload \"...\"; got '+'" },
};

START_TEST(test_long_flag_errors)
{
	check_err(&long_flag_errors[_i]);
}
END_TEST

/* ---- absent options --------------------------------------------------- */

START_TEST(test_absent_options)
{
	struct tc_script *s = tc_fx_parse_ok(
	    "expect S. <mss, !ts, !sackOK, !kind 30, !wscale>\n");
	const struct tc_pattern *p = last_pattern(s);

	ck_assert_uint_eq(p->nopt, 5);
	ck_assert(!p->opt[0].absent && p->opt[0].kind == TC_OPT_MSS);
	ck_assert(p->opt[1].absent && p->opt[1].kind == TC_OPT_TS);
	ck_assert_uint_eq(p->opt[1].nv, 0);	/* no values after '!ts' */
	ck_assert(p->opt[2].absent && p->opt[2].kind == TC_OPT_SACK_PERM);
	ck_assert(p->opt[3].absent && p->opt[3].kind == 30);
	ck_assert(p->opt[4].absent && p->opt[4].kind == TC_OPT_WSCALE);
	ck_assert_uint_eq(p->opt[1].col, 17);
	tc_script_free(s);
}
END_TEST

static const struct err_case absent_errors[] = {
	{ "send S <!ts>\n", 3, 9,
	    "'!' (option absent) only makes sense in an expect" },
	{ "send S <mss 1460, !sackOK>\n", 3, 19,
	    "'!' (option absent) only makes sense in an expect" },
	{ "expect S. <!foo>\n", 3, 13,
	    "expected an option name after '!'; got 'foo'" },
	{ "expect S. <!>\n", 3, 13,
	    "expected an option name after '!'; got '>'" },
};

START_TEST(test_absent_errors)
{
	check_err(&absent_errors[_i]);
}
END_TEST

/* ---- hex payloads, IP options, repetition ------------------------------ */

START_TEST(test_hex_payload)
{
	static const uint8_t want[] = { 0x00, 0xff, 0x7f, 0x80, 0x0d, 0x0a,
	    0xab, 0xcd };
	struct tc_script *s = tc_fx_parse_ok(
	    "send P. hex \"00 ff:7F  80 0d:0a abCD\"\n"
	    "expect P. hex \"\"\n");
	const struct tc_pattern *p = &s->stmt[0].alt[0];

	ck_assert_uint_eq(p->payload_len, sizeof(want));
	ck_assert_mem_eq(p->payload, want, sizeof(want));
	ck_assert_ptr_nonnull(s->stmt[1].alt[0].payload);	/* empty: 0 */
	ck_assert_uint_eq(s->stmt[1].alt[0].payload_len, 0);
	tc_script_free(s);
}
END_TEST

static const struct err_case hex_errors[] = {
	{ "send P. hex \"0a0\"\n", 3, 13, "odd number of hex digits" },
	{ "send P. hex \"0 a 0\"\n", 3, 13, "odd number of hex digits" },
	{ "send P. hex \"0g\"\n", 3, 13,
	    "'g' in a hex string; expected hex digits, blanks or ':'" },
	{ "send P. hex \"0x41\"\n", 3, 13,
	    "'x' in a hex string; expected hex digits, blanks or ':'" },
	{ "send P. hex \"a-b\"\n", 3, 13,
	    "'-' in a hex string; expected hex digits, blanks or ':'" },
	{ "send P. hex 41\n", 3, 13,
	    "expected a string of hex digits; got '41'" },
	{ "send P. hex\n", 3, 12,
	    "expected a string of hex digits; got end of line" },
	{ "send P. \"a\" hex \"41\"\n", 3, 17, "payload given twice" },
	{ "send P. hex \"41\" \"a\"\n", 3, 18, "payload given twice" },
	{ "send P. hex \"41\" len=1\n", 3, 18,
	    "both len= and a payload string; expected one of them" },
};

START_TEST(test_hex_errors)
{
	check_err(&hex_errors[_i]);
}
END_TEST

START_TEST(test_ipopts)
{
	char body[256];
	struct tc_script *s = tc_fx_parse_ok("send S ipopts \"01 01 01 00\"\n"
	    "send S ipopts \"94040000\" seq=5\n");
	const struct tc_pattern *p = &s->stmt[0].alt[0];
	size_t n;

	ck_assert_uint_eq(p->ipopts_len, 4);
	ck_assert_mem_eq(p->ipopts, "\x01\x01\x01\x00", 4);
	ck_assert_mem_eq(s->stmt[1].alt[0].ipopts, "\x94\x04\x00\x00", 4);
	ck_assert_uint_eq(s->stmt[1].alt[0].ncond, 1);
	tc_script_free(s);

	/* 40 bytes, the IPv4 limit, fit; none by default. */
	n = (size_t)snprintf(body, sizeof(body), "send S ipopts \"");
	while (n < 15 + 80)
		body[n++] = '1';
	snprintf(body + n, sizeof(body) - n, "\"\n");
	s = tc_fx_parse_ok(body);
	ck_assert_uint_eq(last_pattern(s)->ipopts_len, 40);
	tc_script_free(s);
	s = tc_fx_parse_ok("send S\n");
	ck_assert_ptr_null(last_pattern(s)->ipopts);
	ck_assert_uint_eq(last_pattern(s)->ipopts_len, 0);
	tc_script_free(s);
}
END_TEST

START_TEST(test_ipopts_too_long)
{
	struct tc_parse_report rep;
	const struct tc_parse_msg *m;
	char body[256];
	size_t n;

	n = (size_t)snprintf(body, sizeof(body), "send S ipopts \"");
	while (n < 15 + 82)
		body[n++] = '0';
	snprintf(body + n, sizeof(body) - n, "\"\n");
	m = tc_fx_parse_err(body, &rep);
	ck_assert_str_eq(m->msg, "41 bytes; expected at most 40");
	ck_assert_uint_eq(m->col, 15);
}
END_TEST

static const struct err_case ipopts_errors[] = {
	{ "send S ipopts \"0\"\n", 3, 15, "odd number of hex digits" },
	{ "send S ipopts \"01\" ipopts \"01\"\n", 3, 27,
	    "ipopts given twice" },
	/* IP options are sent, never matched. */
	{ "expect S. ipopts \"01\"\n", 3, 11, "'ipopts' only goes with a "
	    "send" },
};

START_TEST(test_ipopts_errors)
{
	check_err(&ipopts_errors[_i]);
}
END_TEST

START_TEST(test_count)
{
	struct tc_script *s = tc_fx_parse_ok("send S x 512 sport=random\n"
	    "send S\n"
	    "send S seq=1 x 100000\n");

	ck_assert_uint_eq(s->stmt[0].alt[0].count, 512);
	ck_assert_uint_eq(s->stmt[0].alt[0].ncond, 1);
	ck_assert_uint_eq(s->stmt[1].alt[0].count, 1);
	ck_assert_uint_eq(s->stmt[2].alt[0].count, 100000);
	tc_script_free(s);
}
END_TEST

static const struct err_case count_errors[] = {
	{ "send S x 0\n", 3, 10, "repetition count 0 out of range; "
	    "expected 1..100000" },
	{ "send S x 100001\n", 3, 10, "repetition count 100001 out of "
	    "range; expected 1..100000" },
	{ "send S x 2 x 3\n", 3, 14, "'x N' given twice" },
	{ "send S x many\n", 3, 10, "expected a number (repetition count "
	    "1..100000); got 'many'" },
	{ "expect S. x 2\n", 3, 11, "'x' only goes with a send" },
};

START_TEST(test_count_errors)
{
	check_err(&count_errors[_i]);
}
END_TEST

/* ---- random and seg.FIELD ------------------------------------------- */

START_TEST(test_random)
{
	struct tc_script *s = tc_fx_parse_ok("send S sport=random seq=random+1\n"
	    "let r = random\n");
	const struct tc_pattern *p = &s->stmt[0].alt[0];

	ck_assert_int_eq(p->cond[0].field, TC_FIELD_SPORT);
	ck_assert_int_eq(p->cond[0].a->kind, TC_EXPR_RANDOM);
	ck_assert_int_eq(p->cond[1].a->kind, TC_EXPR_ADD);
	ck_assert_int_eq(p->cond[1].a->l->kind, TC_EXPR_RANDOM);
	ck_assert_int_eq(s->stmt[1].value->kind, TC_EXPR_RANDOM);
	tc_script_free(s);
}
END_TEST

static const struct {
	const char	*ref;
	int		field;		/* enum tc_field, or -1: an option */
	uint8_t		opt_kind;
	uint8_t		opt_index;
	const char	*name;
} segrefs[] = {
	{ "seg.seq", TC_FIELD_SEQ, 0, 0, "seq" },
	{ "seg.ack", TC_FIELD_ACK, 0, 0, "ack" },
	{ "seg.win", TC_FIELD_WIN, 0, 0, "win" },
	{ "seg.ttl", TC_FIELD_TTL, 0, 0, "ttl" },
	{ "seg.ts.val", -1, TC_OPT_TS, 0, "ts.val" },
	{ "seg.ts.ecr", -1, TC_OPT_TS, 1, "ts.ecr" },
	{ "seg.mss", -1, TC_OPT_MSS, 0, "mss" },
	{ "seg.wscale", -1, TC_OPT_WSCALE, 0, "wscale" },
};

START_TEST(test_segref)
{
	char body[128];
	struct tc_script *s;
	const struct tc_expr *e;

	snprintf(body, sizeof(body), "expect S.\nsend . ack=%s+1\n",
	    segrefs[_i].ref);
	s = tc_fx_parse_ok(body);
	e = last_pattern(s)->cond[0].a;
	ck_assert_int_eq(e->kind, TC_EXPR_ADD);
	e = e->l;
	ck_assert_int_eq(e->kind, TC_EXPR_SEG);
	ck_assert_int_eq(e->field, segrefs[_i].field);
	ck_assert_str_eq(e->name, segrefs[_i].name);
	ck_assert_uint_eq(e->line, 4);
	ck_assert_uint_eq(e->col, 12);
	if (segrefs[_i].field < 0) {
		ck_assert_uint_eq(e->opt_kind, segrefs[_i].opt_kind);
		ck_assert_uint_eq(e->opt_index, segrefs[_i].opt_index);
	}
	tc_script_free(s);
}
END_TEST

static const struct err_case segref_errors[] = {
	{ "let a = seg.foo\n", 3, 9, "unknown field 'seg.foo'; expected a "
	    "header field, ts.val, ts.ecr, mss or wscale" },
	{ "let a = seg.sackOK\n", 3, 9, "unknown field 'seg.sackOK'; "
	    "expected a header field, ts.val, ts.ecr, mss or wscale" },
	{ "let a = seg.ts.foo\n", 3, 16,
	    "expected 'val' or 'ecr' after 'seg.ts.'; got 'foo'" },
	{ "let a = seg.ts\n", 3, 15, "expected '.'; got end of line" },
	{ "let a = seg\n", 3, 12, "expected '.'; got end of line" },
	{ "let a = seg.1\n", 3, 13, "expected a field after 'seg.' (seq, "
	    "ack, win, ..., ts.val, ts.ecr, mss, wscale); got '1'" },
};

START_TEST(test_segref_errors)
{
	check_err(&segref_errors[_i]);
}
END_TEST

/* ---- dscp/ecn, doff=0, option len 0 ---------------------------------- */

START_TEST(test_dscp_ecn_doff)
{
	struct tc_script *s = tc_fx_parse_ok("send S dscp=46 ecn=1 doff=0\n"
	    "expect S. dscp=0 ecn in 0..3 doff<5\n"
	    "send S dscp=63 ecn=3 doff=15\n");
	const struct tc_pattern *p = &s->stmt[0].alt[0];

	ck_assert_uint_eq(p->ncond, 3);
	ck_assert_int_eq(p->cond[0].field, TC_FIELD_DSCP);
	ck_assert_uint_eq(p->cond[0].a->num, 46);
	ck_assert_int_eq(p->cond[1].field, TC_FIELD_ECN);
	ck_assert_int_eq(p->cond[2].field, TC_FIELD_DOFF);
	ck_assert_uint_eq(p->cond[2].a->num, 0);
	p = &s->stmt[1].alt[0];
	ck_assert_int_eq(p->cond[1].op, TC_REL_IN);
	ck_assert_int_eq(p->cond[2].op, TC_REL_LT);
	ck_assert_str_eq(tc_field_name(TC_FIELD_DSCP), "dscp");
	ck_assert_uint_eq(tc_field_max(TC_FIELD_DSCP), 63);
	ck_assert_uint_eq(tc_field_max(TC_FIELD_ECN), 3);
	ck_assert_uint_eq(tc_field_max(TC_FIELD_DOFF), 15);
	tc_script_free(s);
}
END_TEST

START_TEST(test_option_len)
{
	struct tc_script *s = tc_fx_parse_ok(
	    "send S <mss 1460 len 0, nop, ts val 1 ecr 0 len 3, wscale 7>\n"
	    "expect S. <mss 1460 len 4>\n"
	    "expect S. <mss len 4, wscale len 3>\n");
	const struct tc_pattern *p = &s->stmt[0].alt[0];

	ck_assert_uint_eq(p->nopt, 4);
	ck_assert_int_eq(p->opt[0].wire_len, 0);
	ck_assert_int_eq(p->opt[1].wire_len, -1);
	ck_assert_int_eq(p->opt[2].wire_len, 3);
	ck_assert_int_eq(p->opt[3].wire_len, -1);
	ck_assert_int_eq(s->stmt[1].alt[0].opt[0].wire_len, 4);
	/* The length byte alone, whatever the value. */
	p = &s->stmt[2].alt[0];
	ck_assert_uint_eq(p->opt[0].nv, 0);
	ck_assert_int_eq(p->opt[0].wire_len, 4);
	ck_assert_uint_eq(p->opt[1].nv, 0);
	ck_assert_int_eq(p->opt[1].wire_len, 3);
	tc_script_free(s);
}
END_TEST

static const struct err_case field_errors[] = {
	{ "send S dscp=64\n", 3, 13,
	    "dscp=64 can never be on the wire; expected 0..63" },
	{ "expect S. ecn=4\n", 3, 15,
	    "ecn=4 can never be on the wire; expected 0..3" },
	{ "send S doff=16\n", 3, 13,
	    "doff=16 can never be on the wire; expected 0..15" },
	{ "send S <mss 1460 len 256>\n", 3, 22, "option length 256 out of "
	    "range; expected 0..255" },
	{ "send S <mss 1460 len>\n", 3, 21, "expected a number (option "
	    "length 0..255); got '>'" },
};

START_TEST(test_field_errors)
{
	check_err(&field_errors[_i]);
}
END_TEST

/* ---- socket options, requires ---------------------------------------- */

START_TEST(test_sockopts)
{
	struct tc_script *s = tc_fx_parse_ok(
	    "target listen backlog=4 as srv rcvbuf=4096 nodelay=1 maxseg=536\n"
	    "target connect as c sndbuf=8192 keepalive=1\n"
	    "target set c keepidle=5 keepintvl=2 keepcnt=3\n"
	    "target listen as l2\n");
	const struct tc_target_stmt *t = &s->stmt[0].target;

	ck_assert_int_eq(t->action, TC_ACT_LISTEN);
	ck_assert_uint_eq(t->backlog->num, 4);
	ck_assert_uint_eq(t->nopt, 3);
	ck_assert_int_eq(t->opt[0].kind, TC_SOCKOPT_RCVBUF);
	ck_assert_uint_eq(t->opt[0].value->num, 4096);
	ck_assert_int_eq(t->opt[1].kind, TC_SOCKOPT_NODELAY);
	ck_assert_int_eq(t->opt[2].kind, TC_SOCKOPT_MAXSEG);
	ck_assert_uint_eq(t->opt[2].value->num, 536);
	t = &s->stmt[1].target;
	ck_assert_int_eq(t->action, TC_ACT_CONNECT);
	ck_assert_uint_eq(t->nopt, 2);
	ck_assert_int_eq(t->opt[0].kind, TC_SOCKOPT_SNDBUF);
	ck_assert_int_eq(t->opt[1].kind, TC_SOCKOPT_KEEPALIVE);
	t = &s->stmt[2].target;
	ck_assert_int_eq(t->action, TC_ACT_SETOPT);
	ck_assert_str_eq(t->sock, "c");
	ck_assert_uint_eq(t->nopt, 3);
	ck_assert_int_eq(t->opt[0].kind, TC_SOCKOPT_KEEPIDLE);
	ck_assert_int_eq(t->opt[1].kind, TC_SOCKOPT_KEEPINTVL);
	ck_assert_int_eq(t->opt[2].kind, TC_SOCKOPT_KEEPCNT);
	ck_assert_uint_eq(t->opt[2].value->num, 3);
	ck_assert_uint_eq(s->stmt[3].target.nopt, 0);
	ck_assert(s->needs & TC_TARGET_CAP_ACT);
	tc_script_free(s);

	/* Eight is the limit, and it holds. */
	s = tc_fx_parse_ok("target connect as c rcvbuf=1 sndbuf=2 nodelay=1 "
	    "maxseg=536 keepalive=1 keepidle=1 keepintvl=1 keepcnt=1\n");
	ck_assert_uint_eq(tc_fx_last_stmt(s)->target.nopt, 8);
	tc_script_free(s);
}
END_TEST

#define SOCKOPT_LIST	"a socket option: rcvbuf, sndbuf, nodelay, maxseg, " \
	"keepalive, keepidle, keepintvl or keepcnt"

static const struct err_case sockopt_errors[] = {
	{ "target listen as srv rcvbuff=1\n", 3, 22,
	    "expected " SOCKOPT_LIST "; got 'rcvbuff'" },
	{ "target connect as c linger=0\n", 3, 21,
	    "expected " SOCKOPT_LIST "; got 'linger'" },
	{ "target connect as c rcvbuf=1 sndbuf=2 nodelay=1 maxseg=536 "
	    "keepalive=1 keepidle=1 keepintvl=1 keepcnt=1 rcvbuf=2\n", 3, 105,
	    "more than 8 socket options (the limit)" },
	{ "target connect as c\ntarget set c\n", 4, 13,
	    "expected OPTION=VALUE, e.g. keepalive=1; got end of line" },
	{ "target connect as c\ntarget set c nodelay\n", 4, 21,
	    "expected '='; got end of line" },
	{ "target set c keepalive=1\n", 3, 12, "unknown socket 'c'; "
	    "expected one named by 'as' before (none is)" },
};

START_TEST(test_sockopt_errors)
{
	check_err(&sockopt_errors[_i]);
}
END_TEST

START_TEST(test_requires)
{
	struct tc_script *s = tc_fx_parse_ok("requires act\nready\n");

	ck_assert_uint_eq(s->needs, TC_TARGET_CAP_ACT);
	tc_script_free(s);
	s = tc_fx_parse_ok("requires state sysctl\nsend S\n");
	ck_assert_uint_eq(s->needs, TC_TARGET_CAP_STATE | TC_TARGET_CAP_SYSCTL);
	tc_script_free(s);
	s = tc_fx_parse_ok("requires act listen state sysctl\nready\n");
	ck_assert_uint_eq(s->needs, TC_TARGET_CAP_ACT | TC_TARGET_CAP_LISTEN |
	    TC_TARGET_CAP_STATE | TC_TARGET_CAP_SYSCTL);
	tc_script_free(s);
	s = tc_fx_parse_ok("requires listen\nsend S\n");
	ck_assert_uint_eq(s->needs, TC_TARGET_CAP_LISTEN);
	tc_script_free(s);
	/* Nothing required, nothing needed: a pure wire testcase. */
	s = tc_fx_parse_ok("send S\n");
	ck_assert_uint_eq(s->needs, 0);
	tc_script_free(s);
}
END_TEST

static const struct err_case requires_errors[] = {
	{ "requires ipv6\nready\n", 3, 10, "expected a capability: act "
	    "(target-side actions), listen (a listener on the target port), "
	    "state (the target's socket state) or sysctl (per-testcase "
	    "sysctls); got 'ipv6'" },
	{ "requires act bogus\nready\n", 3, 14, "expected a capability: act "
	    "(target-side actions), listen (a listener on the target port), "
	    "state (the target's socket state) or sysctl (per-testcase "
	    "sysctls); got 'bogus'" },
	{ "requires\nready\n", 3, 1, "expected capabilities after "
	    "'requires': act, listen, state, sysctl" },
};

START_TEST(test_requires_errors)
{
	check_err(&requires_errors[_i]);
}
END_TEST

/* ---- include ---------------------------------------------------------- */

static char scratch_dir[64];

static void
write_file(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", scratch_dir, rel);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

static void
remove_file(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", scratch_dir, rel);
	unlink(path);
}

static void
scratch_setup(void)
{
	char path[512];

	snprintf(scratch_dir, sizeof(scratch_dir), "/tmp/parse2_test.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(scratch_dir));
	snprintf(path, sizeof(path), "%s/inc", scratch_dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
}

static void
scratch_cleanup(void)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/inc", scratch_dir);
	ck_assert_int_eq(rmdir(path), 0);
	ck_assert_int_eq(rmdir(scratch_dir), 0);
}

static enum tc_err
parse_main(const char *text, struct tc_script **s,
    struct tc_parse_report *rep)
{
	char path[512];

	write_file("main.tcs", text);
	snprintf(path, sizeof(path), "%s/main.tcs", scratch_dir);
	return tc_parse_file(path, s, rep);
}

START_TEST(test_include_relative)
{
	struct tc_parse_report rep;
	struct tc_script *s;

	scratch_setup();
	write_file("inc/pre.tcsinc", "# a preamble\ntarget listen as srv\n"
	    "include \"deeper.tcsinc\"\nlet mid = 7\n");
	write_file("inc/deeper.tcsinc", "send S seq=isn\n");
	ck_assert_int_eq(parse_main(TC_FX_HEADER "include \"inc/pre.tcsinc\"\n"
	    "target accept srv as c\nsend . seq=mid\n", &s, &rep), TC_OK);
	ck_assert_uint_eq(rep.n, 0);
	ck_assert_uint_eq(s->nstmt, 5);
	/* Steps keep the lines of the file they come from. */
	ck_assert_int_eq(s->stmt[0].kind, TC_STMT_TARGET);
	ck_assert_uint_eq(s->stmt[0].line, 2);
	ck_assert_int_eq(s->stmt[1].kind, TC_STMT_SEND);
	ck_assert_uint_eq(s->stmt[1].line, 1);
	ck_assert_int_eq(s->stmt[2].kind, TC_STMT_LET);
	/* The socket and variable of the include are known after it. */
	ck_assert_int_eq(s->stmt[3].kind, TC_STMT_TARGET);
	ck_assert_str_eq(s->stmt[3].target.sock, "srv");
	ck_assert_uint_eq(s->stmt[3].line, 4);
	ck_assert_uint_eq(s->stmt[4].line, 5);
	/* listen and accept: a listener is all they need. */
	ck_assert_uint_eq(s->needs, TC_TARGET_CAP_LISTEN);
	tc_script_free(s);
	remove_file("inc/pre.tcsinc");
	remove_file("inc/deeper.tcsinc");
	remove_file("main.tcs");
	scratch_cleanup();
}
END_TEST

START_TEST(test_include_errors)
{
	struct tc_parse_report rep;
	struct tc_script *s;
	char want[640];
	size_t i;

	scratch_setup();

	/* A missing file: the message names the path looked for. */
	ck_assert_int_eq(parse_main(TC_FX_HEADER "include \"inc/none.tcsinc\"\n"
	    "ready\n", &s, &rep), TC_ERR_PARSE);
	ck_assert_ptr_null(s);
	snprintf(want, sizeof(want), "cannot include '%s/inc/none.tcsinc': "
	    "cannot open: No such file or directory", scratch_dir);
	ck_assert_str_eq(rep.msg[0].msg, want);
	ck_assert_uint_eq(rep.msg[0].line, 3);
	ck_assert_uint_eq(rep.msg[0].col, 9);
	snprintf(want, sizeof(want), "%s/main.tcs", scratch_dir);
	ck_assert_str_eq(rep.msg[0].path, want);
	ck_assert_uint_ge(rep.nerrors, 1);	/* the rest is not parsed */

	/* An error inside an include: its path, line and text. */
	write_file("inc/bad.tcsinc", "send S\n\nsend   S   sqe=1\n");
	ck_assert_int_eq(parse_main(TC_FX_HEADER "\ninclude \"inc/bad.tcsinc\"\n"
	    "ready\nfoo\n", &s, &rep), TC_ERR_PARSE);
	ck_assert_uint_eq(rep.nerrors, 2);
	snprintf(want, sizeof(want), "%s/inc/bad.tcsinc", scratch_dir);
	ck_assert_str_eq(rep.msg[0].path, want);
	ck_assert_uint_eq(rep.msg[0].line, 3);
	ck_assert_uint_eq(rep.msg[0].col, 12);
	ck_assert_str_eq(rep.msg[0].text, "send   S   sqe=1");
	/* ...a note at the include line... */
	snprintf(want, sizeof(want), "%s/main.tcs", scratch_dir);
	ck_assert_int_eq(rep.msg[1].severity, TC_SEV_NOTE);
	ck_assert_str_eq(rep.msg[1].msg, "in the file included here");
	ck_assert_str_eq(rep.msg[1].path, want);
	ck_assert_uint_eq(rep.msg[1].line, 4);
	ck_assert_uint_eq(rep.msg[1].col, 1);
	/* ...and the including file's own lines afterwards. */
	ck_assert_str_eq(rep.msg[2].path, want);
	ck_assert_uint_eq(rep.msg[2].line, 6);
	ck_assert_str_eq(rep.msg[2].text, "foo");

	/* Includes 8 deep are fine; a 9th level is not. */
	for (i = 1; i <= 8; i++) {
		char name[32], text[64];

		snprintf(name, sizeof(name), "inc/l%zu.tcsinc", i);
		if (i < 8)
			snprintf(text, sizeof(text), "let v%zu = %zu\n"
			    "include \"l%zu.tcsinc\"\n", i, i, i + 1);
		else
			snprintf(text, sizeof(text), "let v8 = 8\n");
		write_file(name, text);
	}
	ck_assert_int_eq(parse_main(TC_FX_HEADER "include \"inc/l1.tcsinc\"\n"
	    "send S seq=v8\n", &s, &rep), TC_OK);
	ck_assert_uint_eq(s->nstmt, 9);
	tc_script_free(s);
	write_file("inc/l8.tcsinc", "let v8 = 8\ninclude \"l9.tcsinc\"\n");
	write_file("inc/l9.tcsinc", "let v9 = 9\n");
	ck_assert_int_eq(parse_main(TC_FX_HEADER "include \"inc/l1.tcsinc\"\n"
	    "send S\n", &s, &rep), TC_ERR_PARSE);
	ck_assert_str_eq(rep.msg[0].msg, "includes nested deeper than 8 (the "
	    "limit; an include cycle?)");
	snprintf(want, sizeof(want), "%s/inc/l8.tcsinc", scratch_dir);
	ck_assert_str_eq(rep.msg[0].path, want);
	ck_assert_uint_eq(rep.msg[0].line, 2);

	/* A cycle ends at the same limit, with one message. */
	write_file("inc/self.tcsinc", "include \"self.tcsinc\"\n");
	ck_assert_int_eq(parse_main(TC_FX_HEADER "include \"inc/self.tcsinc\"\n"
	    "send S\n", &s, &rep), TC_ERR_PARSE);
	ck_assert_uint_eq(rep.nerrors, 1);
	ck_assert_str_eq(rep.msg[0].msg, "includes nested deeper than 8 (the "
	    "limit; an include cycle?)");

	/* Sockets defined in an include count for the whole testcase. */
	write_file("inc/sock.tcsinc", "target listen as srv\n");
	ck_assert_int_eq(parse_main(TC_FX_HEADER "include \"inc/sock.tcsinc\"\n"
	    "target listen as srv\n", &s, &rep), TC_ERR_PARSE);
	ck_assert_str_eq(rep.msg[0].msg, "socket 'srv' already defined; "
	    "expected a new name");

	for (i = 1; i <= 9; i++) {
		char name[32];

		snprintf(name, sizeof(name), "inc/l%zu.tcsinc", i);
		remove_file(name);
	}
	remove_file("inc/bad.tcsinc");
	remove_file("inc/self.tcsinc");
	remove_file("inc/sock.tcsinc");
	remove_file("main.tcs");
	scratch_cleanup();
}
END_TEST

static const struct err_case include_syntax_errors[] = {
	{ "include inc\nready\n", 3, 9, "expected a file name in quotes, "
	    "e.g. include \"handshake.tcsinc\"; got 'inc'" },
	{ "include \"\"\nready\n", 3, 9, "expected a file name in quotes, "
	    "e.g. include \"handshake.tcsinc\"; got '\"\"'" },
	{ "include \"a\\x00b\"\nready\n", 3, 9, "expected a file name in "
	    "quotes, e.g. include \"handshake.tcsinc\"; got '\"a\\x00b\"'" },
};

START_TEST(test_include_syntax_errors)
{
	check_err(&include_syntax_errors[_i]);
}
END_TEST

/* ---- expect none, ICMP ----------------------------------------------- */

START_TEST(test_expect_none_forms)
{
	struct tc_script *s = tc_fx_parse_ok("expect none within 1s\n"
	    "expect none seq=5 within 1s\n"
	    "expect none ack=1 | R\n"
	    "expect no none within 200ms\n");

	ck_assert_int_eq(s->stmt[0].kind, TC_STMT_EXPECT_NONE);
	ck_assert_uint_eq(s->stmt[0].nalt, 0);
	ck_assert_int_eq(s->stmt[0].within_ns, INT64_C(1000000000));
	/* 'none' before a field is a pattern: a segment with no flags. */
	ck_assert_int_eq(s->stmt[1].kind, TC_STMT_EXPECT);
	ck_assert_uint_eq(s->stmt[1].nalt, 1);
	ck_assert_uint_eq(s->stmt[1].alt[0].flags, 0);
	ck_assert_uint_eq(s->stmt[1].alt[0].ncond, 1);
	ck_assert_int_eq(s->stmt[1].alt[0].cond[0].field, TC_FIELD_SEQ);
	ck_assert_int_eq(s->stmt[2].kind, TC_STMT_EXPECT);
	ck_assert_uint_eq(s->stmt[2].nalt, 2);
	ck_assert_uint_eq(s->stmt[2].alt[0].flags, 0);
	ck_assert_uint_eq(s->stmt[2].alt[1].flags, TC_TH_RST);
	ck_assert_int_eq(s->stmt[3].kind, TC_STMT_EXPECT_NO);
	ck_assert_uint_eq(s->stmt[3].alt[0].flags, 0);
	tc_script_free(s);
}
END_TEST

START_TEST(test_icmp_patterns)
{
	struct tc_script *s = tc_fx_parse_ok(
	    "send icmp unreachable frag-needed mtu=1000 seq=peer+1\n"
	    "send icmp source-quench\n"
	    "send icmp type=8 code=0\n"
	    "expect icmp type=0\n"
	    "expect icmp unreachable\n"
	    "send icmp unreachable port ttl=5\n"
	    "send icmp time-exceeded\n"
	    "expect icmp | R\n"
	    "send icmp unreachable admin-prohibited\n"
	    "expect icmp unreachable within 1s\n");
	const struct tc_pattern *p = &s->stmt[0].alt[0];

	ck_assert(p->icmp);
	ck_assert_int_eq(p->icmp_type, 3);
	ck_assert_int_eq(p->icmp_code, 4);
	ck_assert_uint_eq(p->ncond, 2);
	ck_assert_int_eq(p->cond[0].field, TC_FIELD_MTU);
	ck_assert_uint_eq(p->cond[0].a->num, 1000);
	ck_assert_int_eq(p->cond[1].field, TC_FIELD_SEQ);
	p = &s->stmt[1].alt[0];
	ck_assert(p->icmp && p->icmp_type == 4 && p->icmp_code == 0);
	p = &s->stmt[2].alt[0];
	ck_assert(p->icmp && p->icmp_type == 8 && p->icmp_code == 0);
	/* An expect leaves what it does not name open. */
	p = &s->stmt[3].alt[0];
	ck_assert(p->icmp && p->icmp_type == 0 && p->icmp_code == -1);
	p = &s->stmt[4].alt[0];
	ck_assert(p->icmp && p->icmp_type == 3 && p->icmp_code == -1);
	p = &s->stmt[5].alt[0];
	ck_assert(p->icmp_type == 3 && p->icmp_code == 3 && p->ncond == 1);
	/* A send fills in code 0. */
	p = &s->stmt[6].alt[0];
	ck_assert(p->icmp_type == 11 && p->icmp_code == 0);
	ck_assert_uint_eq(s->stmt[7].nalt, 2);
	ck_assert(s->stmt[7].alt[0].icmp && s->stmt[7].alt[0].icmp_type == -1);
	ck_assert(!s->stmt[7].alt[1].icmp);
	ck_assert_int_eq(s->stmt[8].alt[0].icmp_code, 13);
	/* 'within' ends the pattern; it is no unreachable code. */
	p = &s->stmt[9].alt[0];
	ck_assert(p->icmp_type == 3 && p->icmp_code == -1);
	ck_assert_int_eq(s->stmt[9].within_ns, INT64_C(1000000000));
	tc_script_free(s);
}
END_TEST

#define ICMP_FIELDS	"expected seq (of the quoted segment), mtu or IP fields"

static const struct err_case icmp_errors[] = {
	{ "send icmp bogus-msg\n", 3, 6, "unknown ICMP message 'bogus-msg'; "
	    "expected unreachable, source-quench, time-exceeded, "
	    "param-problem, or type=N code=N" },
	{ "expect icmp echo\n", 3, 8, "unknown ICMP message 'echo'; "
	    "expected unreachable, source-quench, time-exceeded, "
	    "param-problem, or type=N code=N" },
	{ "send icmp unreachable bogus\n", 3, 6, "unknown unreachable code "
	    "'bogus'; expected net, host, proto, port, frag-needed, ..." },
	{ "send icmp unreachable frag-need\n", 3, 6, "unknown unreachable "
	    "code 'frag-need'; expected net, host, proto, port, "
	    "frag-needed, ..." },
	{ "send icmp unreachable port ack=5\n", 3, 28,
	    "'ack' is not a field of an ICMP message; " ICMP_FIELDS },
	{ "expect icmp type=3 win>0\n", 3, 20,
	    "'win' is not a field of an ICMP message; " ICMP_FIELDS },
	{ "send S mtu=1000\n", 3, 8, "'mtu' belongs to an ICMP message "
	    "('icmp unreachable frag-needed')" },
	{ "expect R. mtu<1500\n", 3, 11, "'mtu' belongs to an ICMP message "
	    "('icmp unreachable frag-needed')" },
	{ "send icmp source-quench <mss 5>\n", 3, 6,
	    "an ICMP message has no TCP options or payload" },
	{ "expect icmp type=3 \"x\"\n", 3, 8,
	    "an ICMP message has no TCP options or payload" },
	{ "send icmp source-quench hex \"00\"\n", 3, 6,
	    "an ICMP message has no TCP options or payload" },
	{ "send icmp\n", 3, 6, "which ICMP message? expected e.g. 'icmp "
	    "unreachable port' or 'icmp type=3 code=1'" },
	{ "send icmp code=1 seq=5\n", 3, 6, "which ICMP message? expected "
	    "e.g. 'icmp unreachable port' or 'icmp type=3 code=1'" },
	{ "send icmp type=256\n", 3, 16,
	    "ICMP type 256 out of range; expected 0..255" },
	{ "send icmp type 3\n", 3, 16, "expected '='; got '3'" },
};

START_TEST(test_icmp_errors)
{
	check_err(&icmp_errors[_i]);
}
END_TEST

/* ---- lints ------------------------------------------------------------ */

static const struct err_case lint_errors[] = {
	{ "send S win=70000\n", 3, 12,
	    "win=70000 can never be on the wire; expected 0..65535" },
	{ "expect S. win in 0..70000\n", 3, 21,
	    "win=70000 can never be on the wire; expected 0..65535" },
	{ "expect S. ttl=256\n", 3, 15,
	    "ttl=256 can never be on the wire; expected 0..255" },
	{ "expect S. df=2\n", 3, 14,
	    "df=2 can never be on the wire; expected 0..1" },
	{ "expect S. win in 5..3\n", 3, 11,
	    "empty range: win in 5..3 can never match" },
	{ "expect S. len in 100..99\n", 3, 11,
	    "empty range: len in 100..99 can never match" },
	{ "send S seq=4294967296\n", 3, 12,
	    "4294967296 does not fit in 32 bits; every value is modulo 2^32" },
	{ "let a = 0x100000000\n", 3, 9, "4294967296 does not fit in 32 "
	    "bits; every value is modulo 2^32" },
	{ "target connect as c\ntarget close c\ntarget write c \"x\"\n", 5,
	    14, "socket 'c' was closed at line 4; this step could never run" },
	{ "target listen as l\ntarget abort l\ntarget accept l as c\n", 5,
	    15, "socket 'l' was closed at line 4; this step could never run" },
	{ "target connect as c\ntarget close c\ntarget close c\n", 5,
	    14, "socket 'c' was closed at line 4; this step could never run" },
	{ "expect S. csum<good\n", 3, 11,
	    "csum=good compares with '=' or '!=' only" },
	{ "expect S. csum>=bad\n", 3, 11,
	    "csum=bad compares with '=' or '!=' only" },
};

START_TEST(test_lint_errors)
{
	check_err(&lint_errors[_i]);
}
END_TEST

START_TEST(test_lint_accepts)
{
	/* Sequence ranges wrap, so 5..3 is not empty; csum != good is
	 * fine; a socket can be used up to its close. */
	struct tc_script *s = tc_fx_parse_ok("expect S. seq in 5..3 ack in 9..2\n"
	    "expect S. csum!=good win in 3..3\n"
	    "send S seq=4294967295 win=65535 dscp=63\n"
	    "target connect as c\ntarget write c \"x\"\ntarget shutdown c wr\n"
	    "target close c\ntarget connect as d\n");

	ck_assert_uint_eq(s->nstmt, 8);
	tc_script_free(s);
}
END_TEST

/* ---- limits and the lexer through the parser -------------------------- */

START_TEST(test_step_limit)
{
	struct tc_parse_report rep;
	struct tc_script *s;
	size_t i, n = 0, cap = strlen(TC_FX_HEADER) + 4097 * 6 + 1;
	char *src = malloc(cap);

	ck_assert_ptr_nonnull(src);
	n += (size_t)snprintf(src, cap, "%s", TC_FX_HEADER);
	for (i = 0; i < 4096; i++)
		n += (size_t)snprintf(src + n, cap - n, "ready\n");
	ck_assert_int_eq(tc_parse_string("t.tcs", src, &s, &rep), TC_OK);
	ck_assert_uint_eq(s->nstmt, 4096);
	tc_script_free(s);
	snprintf(src + n, cap - n, "ready\n");
	ck_assert_int_eq(tc_parse_string("t.tcs", src, &s, &rep),
	    TC_ERR_PARSE);
	ck_assert_ptr_null(s);
	ck_assert_uint_eq(rep.nerrors, 1);
	ck_assert_str_eq(rep.msg[0].msg,
	    "more than 4096 steps in one testcase (the limit)");
	ck_assert_uint_eq(rep.msg[0].line, 4099);
	ck_assert_uint_eq(rep.msg[0].col, 1);
	free(src);
}
END_TEST

START_TEST(test_unary_depth)
{
	struct tc_parse_report rep;
	const struct tc_parse_msg *m;
	struct tc_script *s;
	char body[128];
	size_t n;

	/* 31 minus signs inside one expression level are fine... */
	n = (size_t)snprintf(body, sizeof(body), "let a = ");
	memset(body + n, '-', 31);
	snprintf(body + n + 31, sizeof(body) - n - 31, "1\n");
	s = tc_fx_parse_ok(body);
	ck_assert_int_eq(tc_fx_last_stmt(s)->value->kind, TC_EXPR_NEG);
	tc_script_free(s);
	/* ...32 more levels than the limit allows are not. */
	memset(body + n, '-', 40);
	snprintf(body + n + 40, sizeof(body) - n - 40, "1\n");
	m = tc_fx_parse_err(body, &rep);
	ck_assert_str_eq(m->msg,
	    "expression nested deeper than 32 levels (the limit)");
	ck_assert_uint_eq(m->line, 3);
	ck_assert_uint_eq(m->col, 9 + 31);
}
END_TEST

START_TEST(test_crlf_continuation)
{
	struct tc_script *s = tc_fx_parse_ok("send S \\\r\n   seq=5 \\\r\n"
	    "   win=7\r\nexpect S. \\\n ack=6\r\n");
	const struct tc_pattern *p = &s->stmt[0].alt[0];

	ck_assert_uint_eq(s->nstmt, 2);
	ck_assert_uint_eq(s->stmt[0].line, 3);
	ck_assert_uint_eq(p->ncond, 2);
	ck_assert_uint_eq(p->cond[0].line, 4);
	ck_assert_uint_eq(p->cond[0].col, 4);
	ck_assert_uint_eq(p->cond[1].line, 5);
	ck_assert_uint_eq(s->stmt[1].line, 6);
	ck_assert_uint_eq(s->stmt[1].alt[0].cond[0].line, 7);
	tc_script_free(s);
}
END_TEST

static const struct err_case lexer_errors[] = {
	{ "send S seq=isn @\n", 3, 16, "unexpected character '@'" },
	{ "send S \\\r\n  seq=1 $\r\n", 4, 9, "unexpected character '$'" },
	{ "send P. \"a\\x4\"\n", 3, 11,
	    "'\\x' needs two hex digits; expected \\xHH" },
	{ "send P. \"\\xg0\"\n", 3, 10,
	    "'\\x' needs two hex digits; expected \\xHH" },
};

START_TEST(test_lexer_errors)
{
	check_err(&lexer_errors[_i]);
}
END_TEST

static Suite *
parse2_suite(void)
{
	Suite *s = suite_create("parse2");
	TCase *tc;

	tc = tcase_create("patterns");
	tcase_add_loop_test(tc, test_long_flags, 0, (int)NITEMS(long_flags));
	tcase_add_loop_test(tc, test_long_flag_errors, 0,
	    (int)NITEMS(long_flag_errors));
	tcase_add_test(tc, test_absent_options);
	tcase_add_loop_test(tc, test_absent_errors, 0,
	    (int)NITEMS(absent_errors));
	tcase_add_test(tc, test_hex_payload);
	tcase_add_loop_test(tc, test_hex_errors, 0, (int)NITEMS(hex_errors));
	tcase_add_test(tc, test_ipopts);
	tcase_add_test(tc, test_ipopts_too_long);
	tcase_add_loop_test(tc, test_ipopts_errors, 0,
	    (int)NITEMS(ipopts_errors));
	tcase_add_test(tc, test_count);
	tcase_add_loop_test(tc, test_count_errors, 0,
	    (int)NITEMS(count_errors));
	tcase_add_test(tc, test_random);
	tcase_add_loop_test(tc, test_segref, 0, (int)NITEMS(segrefs));
	tcase_add_loop_test(tc, test_segref_errors, 0,
	    (int)NITEMS(segref_errors));
	tcase_add_test(tc, test_dscp_ecn_doff);
	tcase_add_test(tc, test_option_len);
	tcase_add_loop_test(tc, test_field_errors, 0,
	    (int)NITEMS(field_errors));
	tcase_add_test(tc, test_expect_none_forms);
	tcase_add_test(tc, test_icmp_patterns);
	tcase_add_loop_test(tc, test_icmp_errors, 0, (int)NITEMS(icmp_errors));
	suite_add_tcase(s, tc);

	tc = tcase_create("statements");
	tcase_add_test(tc, test_sockopts);
	tcase_add_loop_test(tc, test_sockopt_errors, 0,
	    (int)NITEMS(sockopt_errors));
	tcase_add_test(tc, test_requires);
	tcase_add_loop_test(tc, test_requires_errors, 0,
	    (int)NITEMS(requires_errors));
	tcase_add_test(tc, test_include_relative);
	tcase_add_test(tc, test_include_errors);
	tcase_add_loop_test(tc, test_include_syntax_errors, 0,
	    (int)NITEMS(include_syntax_errors));
	suite_add_tcase(s, tc);

	tc = tcase_create("lints");
	tcase_add_loop_test(tc, test_lint_errors, 0, (int)NITEMS(lint_errors));
	tcase_add_test(tc, test_lint_accepts);
	tcase_add_test(tc, test_step_limit);
	tcase_add_test(tc, test_unary_depth);
	tcase_add_test(tc, test_crlf_continuation);
	tcase_add_loop_test(tc, test_lexer_errors, 0,
	    (int)NITEMS(lexer_errors));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(parse2_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

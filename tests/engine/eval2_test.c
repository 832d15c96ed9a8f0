/* eval2_test.c - evaluating the later constructs: random, seg.FIELD,
 * dscp/ecn, doff=0, option len 0, ICMP matching and building, `none`
 * flags, and duplicate testcase ids through the CLI. */
#include <check.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ast.h"
#include "craft.h"
#include "eval.h"
#include "options.h"
#include "engine/script_fixture.h"
#include "parse.h"
#include "segment.h"


static const struct tc_send_defaults defs = {
	.sport = 40000, .dport = 8080, .seq = 1001, .ack = 5001, .ip_id = 77
};

static struct tc_send_bufs bufs;

/* Builds the first step of "send PATTERN"; the script is freed, so
 * option bytes and payload must be looked at through bufs only. */
static enum tc_err
build_env(const struct tc_env *env, const char *pattern,
    struct tc_tcp_spec *tcp, struct tc_ip_spec *ip, char *why, size_t cap)
{
	char body[256];
	struct tc_script *sc;
	enum tc_err err;

	snprintf(body, sizeof(body), "send %s\n", pattern);
	sc = tc_fx_parse_ok(body);
	err = tc_build_send(env, &sc->stmt[0].alt[0], &defs, tcp, ip, &bufs,
	    why, cap);
	tcp->payload = NULL;
	ip->options = NULL;
	tc_script_free(sc);
	return err;
}

static enum tc_err
build(const char *pattern, struct tc_tcp_spec *tcp, struct tc_ip_spec *ip,
    char *why, size_t cap)
{
	struct tc_env env;

	memset(&env, 0, sizeof(env));
	env.isn = 1000;
	return build_env(&env, pattern, tcp, ip, why, cap);
}

/* ---- random ----------------------------------------------------------- */

#define DRAWS	2000

/* sport=random: every draw fits the field, and a seed replays. */
START_TEST(test_random_sport)
{
	struct tc_script *sc = tc_fx_parse_ok("send S sport=random win=random "
	    "dscp=random\n");
	const struct tc_pattern *p = &sc->stmt[0].alt[0];
	static uint16_t first[DRAWS];
	struct tc_tcp_spec t;
	struct tc_ip_spec ip;
	struct tc_env env;
	uint64_t rng;
	char why[128];
	size_t i, distinct_hi = 0, same = 0;
	unsigned maxdscp = 0;

	memset(&env, 0, sizeof(env));
	env.rng = &rng;
	rng = 42;
	for (i = 0; i < DRAWS; i++) {
		ck_assert_int_eq(tc_build_send(&env, p, &defs, &t, &ip, &bufs,
		    why, sizeof(why)), TC_OK);
		ck_assert_uint_le(t.sport, 65535);
		first[i] = t.sport;
		distinct_hi += t.sport > 32767;
		if (ip.tos >> 2 > maxdscp)
			maxdscp = ip.tos >> 2;
		ck_assert_uint_eq(ip.tos & 3, 0);	/* dscp leaves ECN */
	}
	/* Spread over the range, not stuck on one value. */
	ck_assert_uint_gt(distinct_hi, DRAWS / 4);
	ck_assert_uint_lt(distinct_hi, DRAWS * 3 / 4);
	ck_assert_uint_eq(maxdscp, 63);
	/* The same seed gives the same ports... */
	rng = 42;
	for (i = 0; i < DRAWS; i++) {
		ck_assert_int_eq(tc_build_send(&env, p, &defs, &t, &ip, &bufs,
		    why, sizeof(why)), TC_OK);
		ck_assert_uint_eq(t.sport, first[i]);
	}
	/* ...another seed other ones. */
	rng = 43;
	for (i = 0; i < DRAWS; i++) {
		ck_assert_int_eq(tc_build_send(&env, p, &defs, &t, &ip, &bufs,
		    why, sizeof(why)), TC_OK);
		same += t.sport == first[i];
	}
	ck_assert_uint_lt(same, DRAWS / 100);
	tc_script_free(sc);
}
END_TEST

/* Only `random` alone is fitted to the field: random+1 may overflow. */
START_TEST(test_random_in_expression)
{
	struct tc_script *sc = tc_fx_parse_ok("send S sport=random+1\n"
	    "send S seq=random*2+1\n");
	struct tc_tcp_spec t;
	struct tc_ip_spec ip;
	struct tc_env env;
	uint64_t rng = 7;
	char why[128];
	size_t i, failed = 0;

	memset(&env, 0, sizeof(env));
	env.rng = &rng;
	for (i = 0; i < 64; i++) {
		if (tc_build_send(&env, &sc->stmt[0].alt[0], &defs, &t, &ip,
		    &bufs, why, sizeof(why)) == TC_ERR_INVAL) {
			ck_assert_msg(strncmp(why, "sport=", 6) == 0 &&
			    strstr(why, " does not fit (at most 65535)"),
			    "why: %s", why);
			failed++;
		}
	}
	ck_assert_uint_gt(failed, 32);
	/* A sequence number takes any 32-bit value: always odd here. */
	for (i = 0; i < 64; i++) {
		ck_assert_int_eq(tc_build_send(&env, &sc->stmt[1].alt[0], &defs,
		    &t, &ip, &bufs, why, sizeof(why)), TC_OK);
		ck_assert_uint_eq(t.seq & 1, 1);
	}
	tc_script_free(sc);
}
END_TEST

/* ---- seg.FIELD -------------------------------------------------------- */

static struct tc_segment
tcp_seg(uint8_t flags, uint32_t seq, uint32_t ack)
{
	struct tc_segment s;

	memset(&s, 0, sizeof(s));
	s.kind = TC_SEG_TCP;
	s.status = TC_DEC_OK;
	s.flags = flags;
	s.seq = seq;
	s.ack = ack;
	s.win = 29200;
	s.doff = 5;
	s.ttl = 64;
	s.df = true;
	s.csum_ok = true;
	s.sport = 8080;
	s.dport = 40000;
	return s;
}

static void
add_opt(struct tc_segment *s, uint8_t kind, uint32_t a, uint32_t b)
{
	struct tc_opt *o = &s->opts.opt[s->opts.n++];

	memset(o, 0, sizeof(*o));
	o->kind = kind;
	if (kind == TC_OPT_MSS)
		o->u.mss = (uint16_t)a;
	else if (kind == TC_OPT_WSCALE)
		o->u.wscale = (uint8_t)a;
	else if (kind == TC_OPT_TS) {
		o->u.ts.val = a;
		o->u.ts.ecr = b;
	}
}

static const struct {
	const char	*expr;
	uint32_t	value;
} segref_values[] = {
	{ "seg.seq", 0xfffffff0 },
	{ "seg.seq+32", 0x10 },		/* modulo 2^32 */
	{ "seg.ack", 1001 },
	{ "seg.win", 29200 },
	{ "seg.tos", 0xb9 },
	{ "seg.dscp", 46 },
	{ "seg.ecn", 1 },
	{ "seg.ts.val", 123456 },
	{ "seg.ts.ecr", 0xffffffff },
	{ "seg.ts.ecr+1", 0 },
	{ "seg.mss", 1460 },
	{ "seg.wscale", 7 },
	{ "seg.len", 0 },
	{ "seg.doff", 5 },
};

START_TEST(test_segref_values)
{
	struct tc_segment seg = tcp_seg(TC_TH_SYN | TC_TH_ACK, 0xfffffff0,
	    1001);
	struct tc_script *sc;
	struct tc_env env;
	char body[96], why[128];
	uint32_t v = 0;

	seg.tos = 0xb9;
	add_opt(&seg, TC_OPT_MSS, 1460, 0);
	add_opt(&seg, TC_OPT_WSCALE, 7, 0);
	add_opt(&seg, TC_OPT_TS, 123456, 0xffffffff);
	snprintf(body, sizeof(body), "let a = %s\n", segref_values[_i].expr);
	sc = tc_fx_parse_ok(body);
	memset(&env, 0, sizeof(env));
	env.last = &seg;
	ck_assert_int_eq(tc_eval(&env, sc->stmt[0].value, &v, why,
	    sizeof(why)), TC_OK);
	ck_assert_uint_eq(v, segref_values[_i].value);
	tc_script_free(sc);
}
END_TEST

START_TEST(test_segref_errors)
{
	struct tc_segment seg = tcp_seg(TC_TH_ACK, 1, 2);
	struct tc_script *sc = tc_fx_parse_ok("let a = seg.seq\nlet b = seg.ts.val\n"
	    "let c = 1+seg.wscale\n");
	struct tc_env env;
	char why[128];
	uint32_t v;

	memset(&env, 0, sizeof(env));
	/* Before any expect matched, nothing to refer to. */
	ck_assert_int_eq(tc_eval(&env, sc->stmt[0].value, &v, why,
	    sizeof(why)), TC_ERR_NOTFOUND);
	ck_assert_str_eq(why, "'seg.seq' is used before any expect matched a "
	    "segment");
	ck_assert_int_eq(tc_eval(&env, sc->stmt[1].value, &v, why,
	    sizeof(why)), TC_ERR_NOTFOUND);
	ck_assert_str_eq(why, "'seg.ts.val' is used before any expect matched "
	    "a segment");
	/* A matched segment without the option. */
	env.last = &seg;
	ck_assert_int_eq(tc_eval(&env, sc->stmt[0].value, &v, why,
	    sizeof(why)), TC_OK);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(tc_eval(&env, sc->stmt[1].value, &v, why,
	    sizeof(why)), TC_ERR_NOTFOUND);
	ck_assert_str_eq(why, "'seg.ts.val': the last matched segment has no "
	    "such option");
	ck_assert_int_eq(tc_eval(&env, sc->stmt[2].value, &v, why,
	    sizeof(why)), TC_ERR_NOTFOUND);
	ck_assert_str_eq(why, "'seg.wscale': the last matched segment has no "
	    "such option");
	tc_script_free(sc);
}
END_TEST

/* ---- dscp/ecn, doff=0, option len 0, ipopts, x N ---------------------- */

START_TEST(test_build_tos_bits)
{
	static const struct {
		const char	*pattern;
		uint8_t		tos;
	} cases[] = {
		{ "S", 0 },
		{ "S dscp=46", 46 << 2 },
		{ "S ecn=1", 1 },
		{ "S dscp=46 ecn=1", 46 << 2 | 1 },
		{ "S ecn=2 dscp=63", 0xfe },
		{ "S tos=0xff dscp=0", 3 },
		{ "S tos=0xff ecn=0", 0xfc },
		{ "P. dscp=10 ecn=3 \"x\"", 10 << 2 | 3 },
	};
	struct tc_tcp_spec t;
	struct tc_ip_spec ip;
	char why[128];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(build(cases[i].pattern, &t, &ip, why,
		    sizeof(why)), TC_OK);
		ck_assert_msg(ip.tos == cases[i].tos, "%s: tos 0x%02x, want "
		    "0x%02x", cases[i].pattern, ip.tos, cases[i].tos);
	}
}
END_TEST

START_TEST(test_match_tos_bits)
{
	static const struct {
		const char	*pattern;
		bool		match;
		const char	*why;
	} cases[] = {
		{ "S. dscp=46", true, NULL },
		{ "S. ecn=1", true, NULL },
		{ "S. dscp=46 ecn=1 tos=0xb9", true, NULL },
		{ "S. dscp=0", false, "dscp is 46, expected 0 (0)" },
		{ "S. ecn=0", false, "ecn is 1, expected 0 (0)" },
		{ "S. ecn in 2..3", false, "ecn is 1, expected 2..3 (2..3)" },
		{ "S. dscp>46", false, "dscp is 46, expected >46 (46)" },
	};
	struct tc_segment seg = tcp_seg(TC_TH_SYN | TC_TH_ACK, 5, 6);
	struct tc_script *sc;
	struct tc_env env;
	char body[96], why[128];
	bool match;
	size_t i;

	seg.tos = 0xb9;
	memset(&env, 0, sizeof(env));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(body, sizeof(body), "expect %s\n", cases[i].pattern);
		sc = tc_fx_parse_ok(body);
		why[0] = '\0';
		ck_assert_int_eq(tc_match(&env, &sc->stmt[0].alt[0], &seg,
		    &match, why, sizeof(why)), TC_OK);
		ck_assert_msg(match == cases[i].match, "%s: match %d (%s)",
		    cases[i].pattern, match, why);
		if (!match)
			ck_assert_str_eq(why, cases[i].why);
		tc_script_free(sc);
	}
}
END_TEST

START_TEST(test_build_doff_zero)
{
	static const struct tc_addr src = { .family = TC_AF_INET,
	    .bytes = { 10, 0, 0, 1 } }, dst = { .family = TC_AF_INET,
	    .bytes = { 10, 0, 0, 2 } };
	struct tc_tcp_spec t;
	struct tc_ip_spec ip;
	uint8_t buf[128];
	char why[128];
	size_t len;

	/* Unset: the encoder computes it. */
	ck_assert_int_eq(build("S", &t, &ip, why, sizeof(why)), TC_OK);
	ck_assert(!t.doff_exact);
	ck_assert_int_eq(tc_craft_tcp_encode(&t, &src, &dst, buf, sizeof(buf),
	    &len), TC_OK);
	ck_assert_uint_eq(buf[12] >> 4, 5);
	/* doff=0 is sent as 0, not replaced by the right value. */
	ck_assert_int_eq(build("S doff=0", &t, &ip, why, sizeof(why)), TC_OK);
	ck_assert(t.doff_exact);
	ck_assert_uint_eq(t.doff, 0);
	ck_assert_int_eq(tc_craft_tcp_encode(&t, &src, &dst, buf, sizeof(buf),
	    &len), TC_OK);
	ck_assert_uint_eq(len, 20);
	ck_assert_uint_eq(buf[12] >> 4, 0);
	/* doff=3, with the reserved bits beside it. */
	ck_assert_int_eq(build(". doff=3 res=5", &t, &ip, why, sizeof(why)),
	    TC_OK);
	ck_assert_int_eq(tc_craft_tcp_encode(&t, &src, &dst, buf, sizeof(buf),
	    &len), TC_OK);
	ck_assert_uint_eq(buf[12], 3 << 4 | 5);
	/* doff=15 with no options: the header claims more than is there. */
	ck_assert_int_eq(build("S doff=15", &t, &ip, why, sizeof(why)), TC_OK);
	ck_assert_int_eq(tc_craft_tcp_encode(&t, &src, &dst, buf, sizeof(buf),
	    &len), TC_OK);
	ck_assert_uint_eq(buf[12] >> 4, 15);
	ck_assert_uint_eq(len, 20);
}
END_TEST

START_TEST(test_build_option_len_zero)
{
	static const struct tc_addr src = { .family = TC_AF_INET,
	    .bytes = { 10, 0, 0, 1 } }, dst = { .family = TC_AF_INET,
	    .bytes = { 10, 0, 0, 2 } };
	struct tc_tcp_spec t;
	struct tc_ip_spec ip;
	uint8_t buf[128];
	char why[128];
	size_t len;

	/* The length byte is 0 and no data follows it. */
	ck_assert_int_eq(build("S <mss 1460 len 0>", &t, &ip, why,
	    sizeof(why)), TC_OK);
	ck_assert_uint_eq(t.opts_len, 2);
	ck_assert_mem_eq(bufs.opts, "\x02\x00", 2);
	ck_assert_int_eq(tc_craft_tcp_encode(&t, &src, &dst, buf, sizeof(buf),
	    &len), TC_OK);
	ck_assert_uint_eq(len, 24);
	ck_assert_uint_eq(buf[12] >> 4, 6);
	ck_assert_mem_eq(buf + 20, "\x02\x00\x00\x00", 4);
	/* After other options, in any kind. */
	ck_assert_int_eq(build("S <nop, ts val 1 ecr 2 len 0, kind 99 len 0>",
	    &t, &ip, why, sizeof(why)), TC_OK);
	ck_assert_uint_eq(t.opts_len, 5);
	ck_assert_mem_eq(bufs.opts, "\x01\x08\x00\x63\x00", 5);
	/* Without len, the natural length. */
	ck_assert_int_eq(build("S <mss 1460>", &t, &ip, why, sizeof(why)),
	    TC_OK);
	ck_assert_mem_eq(bufs.opts, "\x02\x04\x05\xb4", 4);
	/* A length of 1 is sent alone too. */
	ck_assert_int_eq(build("S <wscale 7 len 1>", &t, &ip, why,
	    sizeof(why)), TC_OK);
	ck_assert_uint_eq(t.opts_len, 2);
	ck_assert_mem_eq(bufs.opts, "\x03\x01", 2);
}
END_TEST

START_TEST(test_build_ipopts_count_hex)
{
	struct tc_script *sc = tc_fx_parse_ok("send S ipopts \"01 01 01 00\" x 3 "
	    "hex \"de ad\"\n");
	const struct tc_pattern *p = &sc->stmt[0].alt[0];
	struct tc_tcp_spec t;
	struct tc_ip_spec ip;
	struct tc_env env;
	char why[128];

	memset(&env, 0, sizeof(env));
	ck_assert_uint_eq(p->count, 3);
	ck_assert_int_eq(tc_build_send(&env, p, &defs, &t, &ip, &bufs, why,
	    sizeof(why)), TC_OK);
	ck_assert_uint_eq(ip.options_len, 4);
	ck_assert_mem_eq(ip.options, "\x01\x01\x01\x00", 4);
	ck_assert_uint_eq(t.payload_len, 2);
	ck_assert_mem_eq(t.payload, "\xde\xad", 2);
	tc_script_free(sc);
}
END_TEST

/* ---- flags by name and 'none' ------------------------------------------ */

START_TEST(test_match_long_flags_and_none)
{
	static const struct {
		const char	*pattern;
		uint8_t		flags;
		bool		match;
		const char	*why;
	} cases[] = {
		{ "SYN+ACK", TC_TH_SYN | TC_TH_ACK, true, NULL },
		{ "FIN+PSH+ACK", TC_TH_FIN | TC_TH_PSH | TC_TH_ACK, true, NULL },
		{ "FIN+ACK", TC_TH_FIN | TC_TH_PSH | TC_TH_ACK, false,
		    "flags are FP., expected F." },
		{ "none seq=5", 0, true, NULL },
		{ "none seq=5", TC_TH_ACK, false, "flags are ., expected none" },
		{ "none seq=6", 0, false, "seq is 5, expected 6 (6)" },
		{ "S. <!ts>", TC_TH_SYN | TC_TH_ACK, true, NULL },
		{ "S. <!mss>", TC_TH_SYN | TC_TH_ACK, false,
		    "option mss (kind 2) is present" },
		{ "S. <mss 1460 len 4>", TC_TH_SYN | TC_TH_ACK, true, NULL },
		{ "S. <mss 1460 len 0>", TC_TH_SYN | TC_TH_ACK, false,
		    "option mss length is 4, expected 0" },
		{ "S. <mss len 4>", TC_TH_SYN | TC_TH_ACK, true, NULL },
		{ "S. <mss len 0>", TC_TH_SYN | TC_TH_ACK, false,
		    "option mss length is 4, expected 0" },
	};
	struct tc_segment seg;
	struct tc_script *sc;
	struct tc_env env;
	char body[96], why[128];
	bool match;
	size_t i;

	memset(&env, 0, sizeof(env));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		seg = tcp_seg(cases[i].flags, 5, 6);
		add_opt(&seg, TC_OPT_MSS, 1460, 0);
		seg.opts.opt[0].wire_len = 4;
		snprintf(body, sizeof(body), "expect %s\n", cases[i].pattern);
		sc = tc_fx_parse_ok(body);
		why[0] = '\0';
		ck_assert_int_eq(tc_match(&env, &sc->stmt[0].alt[0], &seg,
		    &match, why, sizeof(why)), TC_OK);
		ck_assert_msg(match == cases[i].match, "%s: match %d (%s)",
		    cases[i].pattern, match, why);
		if (!match)
			ck_assert_str_eq(why, cases[i].why);
		tc_script_free(sc);
	}
}
END_TEST

/* ---- ICMP ----------------------------------------------------------- */

static struct tc_segment
icmp_seg(uint8_t type, uint8_t code, uint32_t rest, uint32_t quote_seq)
{
	struct tc_segment s;

	memset(&s, 0, sizeof(s));
	s.kind = TC_SEG_ICMP;
	s.status = TC_DEC_OK;
	s.ttl = 64;
	s.tos = 0xc0;
	s.ip_proto = 1;
	s.icmp_type = type;
	s.icmp_code = code;
	s.icmp_csum_ok = true;
	s.icmp_rest = rest;
	s.has_quote = type == 3 || type == 4 || type == 11;
	s.quote_proto = 6;
	s.quote_sport = 40000;
	s.quote_dport = 8080;
	s.quote_seq = quote_seq;
	return s;
}

static const struct {
	const char	*pattern;
	int		which;		/* the segment: 0 frag-needed, 1 port
					   unreachable, 2 echo reply, 3 TCP */
	bool		match;
	const char	*why;
} icmp_cases[] = {
	{ "icmp", 0, true, NULL },
	{ "icmp unreachable", 0, true, NULL },
	{ "icmp unreachable", 1, true, NULL },
	{ "icmp unreachable frag-needed", 0, true, NULL },
	{ "icmp unreachable frag-needed", 1, false,
	    "ICMP type 3 code 3, expected type 3 code 4" },
	{ "icmp source-quench", 0, false,
	    "ICMP type 3 code 4, expected type 4 code 0" },
	{ "icmp type=3 code=3", 1, true, NULL },
	{ "icmp type=0", 2, true, NULL },
	{ "icmp type=0 code=0", 2, true, NULL },
	{ "icmp type=0 code=1", 2, false,
	    "ICMP type 0 code 0, expected type 0 code 1" },
	/* seq= is the quoted segment's sequence number. */
	{ "icmp unreachable seq=isn+1", 0, true, NULL },
	{ "icmp unreachable seq=isn+2", 0, false,
	    "seq is 1001, expected 1002 (isn+2)" },
	{ "icmp unreachable seq in isn..isn+1", 0, true, NULL },
	/* mtu= is the low 16 bits of the rest of the header (RFC 1191). */
	{ "icmp unreachable frag-needed mtu=1000", 0, true, NULL },
	{ "icmp unreachable frag-needed mtu<1000", 0, false,
	    "mtu is 1000, expected <1000 (1000)" },
	{ "icmp unreachable mtu=0", 1, true, NULL },
	/* IP fields of the message itself. */
	{ "icmp ttl=64 tos=0xc0 dscp=48 ecn=0", 0, true, NULL },
	{ "icmp ttl=1", 0, false, "ttl is 64, expected 1 (1)" },
	/* TCP against ICMP either way is a mismatch, said so. */
	{ "R", 0, false, "got an ICMP message, expected a TCP segment" },
	{ "none seq=0", 2, false, "got an ICMP message, expected a TCP segment" },
	{ "icmp", 3, false, "got a TCP segment, expected an ICMP message" },
	{ "icmp type=3", 3, false,
	    "got a TCP segment, expected an ICMP message" },
};

START_TEST(test_icmp_match)
{
	struct tc_segment segs[4] = {
		icmp_seg(3, 4, 0xabcd03e8, 1001),
		icmp_seg(3, 3, 0, 1001),
		icmp_seg(0, 0, 0x00010002, 0),
		tcp_seg(TC_TH_RST, 1001, 0),
	};
	struct tc_script *sc;
	struct tc_env env;
	char body[128], why[128];
	bool match;

	memset(&env, 0, sizeof(env));
	env.isn = 1000;
	snprintf(body, sizeof(body), "expect %s\n", icmp_cases[_i].pattern);
	sc = tc_fx_parse_ok(body);
	why[0] = '\0';
	ck_assert_int_eq(tc_match(&env, &sc->stmt[0].alt[0],
	    &segs[icmp_cases[_i].which], &match, why, sizeof(why)), TC_OK);
	ck_assert_msg(match == icmp_cases[_i].match, "%s: match %d (%s)",
	    icmp_cases[_i].pattern, match, why);
	if (!match)
		ck_assert_str_eq(why, icmp_cases[_i].why);
	tc_script_free(sc);
}
END_TEST

/* A pattern that names only the type: the mismatch says the type. */
START_TEST(test_icmp_match_type_only)
{
	struct tc_segment seg = icmp_seg(3, 1, 0, 1);
	struct tc_script *sc = tc_fx_parse_ok("expect icmp type=0\n");
	struct tc_env env;
	char why[128];
	bool match;

	memset(&env, 0, sizeof(env));
	ck_assert_int_eq(tc_match(&env, &sc->stmt[0].alt[0], &seg, &match,
	    why, sizeof(why)), TC_OK);
	ck_assert(!match);
	ck_assert_msg(strncmp(why, "ICMP type 3 code 1, expected type 0",
	    35) == 0, "why: %s", why);
	tc_script_free(sc);
}
END_TEST

START_TEST(test_icmp_build)
{
	struct tc_script *sc = tc_fx_parse_ok(
	    "send icmp unreachable frag-needed mtu=1000 seq=peer+1\n"
	    "send icmp source-quench\n"
	    "send icmp type=8 code=0\n"
	    "send icmp unreachable port ttl=5 tos=0xc0 ipid=9 df=0\n"
	    "send icmp type=3 code=4 mtu=68 seq=isn\n");
	struct tc_icmp_spec m;
	struct tc_env env;
	char why[128];

	memset(&env, 0, sizeof(env));
	env.isn = 0xffffffff;
	env.peer = 0xffffffff;
	env.peer_known = true;
	ck_assert_int_eq(tc_build_icmp(&env, &sc->stmt[0].alt[0], 77, &m, why,
	    sizeof(why)), TC_OK);
	ck_assert(m.type == 3 && m.code == 4 && m.rest == 1000);
	ck_assert_uint_eq(m.quote_seq, 0);	/* peer+1 wraps */
	ck_assert(m.ip.ttl == 64 && m.ip.df && m.ip.tos == 0);
	ck_assert_int_eq(tc_build_icmp(&env, &sc->stmt[1].alt[0], 77, &m, why,
	    sizeof(why)), TC_OK);
	ck_assert(m.type == 4 && m.code == 0 && m.rest == 0);
	ck_assert_uint_eq(m.quote_seq, 77);	/* the default quote */
	ck_assert_int_eq(tc_build_icmp(&env, &sc->stmt[2].alt[0], 77, &m, why,
	    sizeof(why)), TC_OK);
	ck_assert(m.type == 8 && m.code == 0);
	ck_assert_int_eq(tc_build_icmp(&env, &sc->stmt[3].alt[0], 77, &m, why,
	    sizeof(why)), TC_OK);
	ck_assert(m.type == 3 && m.code == 3);
	ck_assert(m.ip.ttl == 5 && m.ip.tos == 0xc0 && m.ip.id == 9 &&
	    !m.ip.df);
	ck_assert_int_eq(tc_build_icmp(&env, &sc->stmt[4].alt[0], 77, &m, why,
	    sizeof(why)), TC_OK);
	ck_assert(m.type == 3 && m.code == 4 && m.rest == 68);
	ck_assert_uint_eq(m.quote_seq, 0xffffffff);
	tc_script_free(sc);
}
END_TEST

/* Without peer known, seq=peer+1 is a runtime error, said so. */
START_TEST(test_icmp_build_errors)
{
	struct tc_script *sc = tc_fx_parse_ok(
	    "send icmp unreachable frag-needed mtu=1000 seq=peer+1\n"
	    "send icmp source-quench seq=seg.seq\n");
	struct tc_icmp_spec m;
	struct tc_env env;
	char why[128];

	memset(&env, 0, sizeof(env));
	ck_assert_int_eq(tc_build_icmp(&env, &sc->stmt[0].alt[0], 1, &m, why,
	    sizeof(why)), TC_ERR_NOTFOUND);
	ck_assert_str_eq(why, "'peer' is used before the target sent a SYN");
	ck_assert_int_eq(tc_build_icmp(&env, &sc->stmt[1].alt[0], 1, &m, why,
	    sizeof(why)), TC_ERR_NOTFOUND);
	ck_assert_str_eq(why, "'seg.seq' is used before any expect matched a "
	    "segment");
	tc_script_free(sc);
}
END_TEST

/* ---- duplicate testcase ids, through the CLI -------------------------- */

static void
put(const char *dir, const char *rel, const char *text)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

/* Runs `tcpconform ARGS` in dir; returns the exit status, stderr in err. */
static int
run_cli(const char *dir, const char *const argv[], char *err, size_t cap)
{
	const char *bin = getenv("TC_BINARY");
	char errpath[600];
	int fd, status;
	ssize_t n;
	pid_t pid;

	ck_assert_msg(bin != NULL, "TC_BINARY is not set");
	snprintf(errpath, sizeof(errpath), "%s/stderr", dir);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || chdir(dir) != 0 || dup2(fd, 2) < 0)
			_exit(127);
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, 1);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	fd = open(errpath, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	n = read(fd, err, cap - 1);
	close(fd);
	err[n > 0 ? n : 0] = '\0';
	unlink(errpath);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

START_TEST(test_duplicate_ids)
{
	static const char script[] = "test \"t\"\nref RFC9293 3.5\n"
	    "send S\n";
	const char *const dup[] = { "tcpconform", "check", "a", "b", NULL };
	const char *const one[] = { "tcpconform", "check", "a", NULL };
	const char *const distinct[] = { "tcpconform", "check", "a", "c",
	    NULL };
	char dir[] = "/tmp/eval2_test.XXXXXX", path[600], err[4096];
	static const char *const dirs[] = { "a", "a/x", "b", "b/x", "c",
	    "c/y" };
	size_t i;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, dirs[i]);
		ck_assert_int_eq(mkdir(path, 0700), 0);
	}
	put(dir, "a/x/t.tcs", script);
	put(dir, "b/x/t.tcs", script);
	put(dir, "c/y/t.tcs", script);

	/* a/x/t.tcs and b/x/t.tcs are both "x/t". */
	ck_assert_int_eq(run_cli(dir, dup, err, sizeof(err)), 2);
	ck_assert_msg(strstr(err, "b/x/t.tcs: error: duplicate testcase id "
	    "'x/t' (also a/x/t.tcs); expected one file per id") != NULL,
	    "stderr: %s", err);
	ck_assert_int_eq(run_cli(dir, one, err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, "duplicate") == NULL, "stderr: %s", err);
	ck_assert_int_eq(run_cli(dir, distinct, err, sizeof(err)), 0);

	put(dir, "a/x/t.tcs", "");
	put(dir, "b/x/t.tcs", "");
	put(dir, "c/y/t.tcs", "");
	for (i = 0; i < 3; i++) {
		static const char *const files[] = { "a/x/t.tcs", "b/x/t.tcs",
		    "c/y/t.tcs" };

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		ck_assert_int_eq(unlink(path), 0);
	}
	for (i = sizeof(dirs) / sizeof(dirs[0]); i-- > 0;) {
		snprintf(path, sizeof(path), "%s/%s", dir, dirs[i]);
		ck_assert_int_eq(rmdir(path), 0);
	}
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

static Suite *
eval2_suite(void)
{
	Suite *s = suite_create("eval2");
	TCase *tc;

	tc = tcase_create("eval");
	tcase_add_test(tc, test_random_sport);
	tcase_add_test(tc, test_random_in_expression);
	tcase_add_loop_test(tc, test_segref_values, 0,
	    (int)(sizeof(segref_values) / sizeof(segref_values[0])));
	tcase_add_test(tc, test_segref_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("build");
	tcase_add_test(tc, test_build_tos_bits);
	tcase_add_test(tc, test_build_doff_zero);
	tcase_add_test(tc, test_build_option_len_zero);
	tcase_add_test(tc, test_build_ipopts_count_hex);
	suite_add_tcase(s, tc);

	tc = tcase_create("match");
	tcase_add_test(tc, test_match_tos_bits);
	tcase_add_test(tc, test_match_long_flags_and_none);
	tcase_add_loop_test(tc, test_icmp_match, 0,
	    (int)(sizeof(icmp_cases) / sizeof(icmp_cases[0])));
	tcase_add_test(tc, test_icmp_match_type_only);
	tcase_add_test(tc, test_icmp_build);
	tcase_add_test(tc, test_icmp_build_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("cli");
	tcase_add_test(tc, test_duplicate_ids);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(eval2_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* parse_test.c - the script parser: every statement, and a broken corpus. */
#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ast.h"
#include "options.h"
#include "engine/script_fixture.h"
#include "parse.h"
#include "segment.h"
#include "target.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define CORPUS		"tests/engine/broken"
#define CORPUS_MAX	256

#define MS	INT64_C(1000000)
#define SEC	INT64_C(1000000000)

/* The report as tc_parse_report_print writes it (caller frees). */
static char *
report_text(const char *path, const char *src,
    const struct tc_parse_report *rep)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	tc_parse_report_print(f, path, src, rep);
	fclose(f);
	return buf;
}

/* ---- header ---------------------------------------------------------- */

START_TEST(test_header)
{
	struct tc_parse_report rep;
	struct tc_script *s;

	ck_assert_int_eq(tc_parse_string("h.tcs",
	    "# leading comment\n"
	    "test \"a title \\\"quoted\\\"\"\n"
	    "ref  RFC9293 3.5, RFC5961 3.2   # trailing comment\n"
	    "tags handshake rst-ack under_score x1\n"
	    "sysctl net.ipv4.tcp_sack=0\n"
	    "sysctl net.ipv4.tcp_rmem=4096 87380 6291456\n"
	    "\n"
	    "ready\n", &s, &rep), TC_OK);
	ck_assert_uint_eq(rep.n, 0);
	ck_assert_str_eq(s->path, "h.tcs");
	ck_assert_str_eq(s->title, "a title \"quoted\"");
	ck_assert_str_eq(s->refs, "RFC9293 3.5, RFC5961 3.2");
	ck_assert_uint_eq(s->ntags, 4);
	ck_assert_str_eq(s->tags[0], "handshake");
	ck_assert_str_eq(s->tags[1], "rst-ack");
	ck_assert_str_eq(s->tags[2], "under_score");
	ck_assert_str_eq(s->tags[3], "x1");
	ck_assert_uint_eq(s->nsysctl, 2);
	ck_assert_str_eq(s->sysctl[0].name, "net.ipv4.tcp_sack");
	ck_assert_str_eq(s->sysctl[0].value, "0");
	ck_assert_uint_eq(s->sysctl[0].line, 5);
	ck_assert_str_eq(s->sysctl[1].value, "4096 87380 6291456");
	ck_assert(s->needs & TC_TARGET_CAP_SYSCTL);
	ck_assert(!(s->needs & TC_TARGET_CAP_ACT));
	ck_assert_uint_eq(s->nstmt, 1);
	ck_assert_int_eq(s->stmt[0].kind, TC_STMT_READY);
	ck_assert_uint_eq(s->stmt[0].line, 8);
	ck_assert_ptr_nonnull(strstr(s->source, "ready\n"));
	tc_script_free(s);
	tc_script_free(NULL);
}
END_TEST

START_TEST(test_limits)
{
	struct tc_parse_report rep;
	char body[1024];
	size_t i, n = 0;

	n += (size_t)snprintf(body + n, sizeof(body) - n, "tags");
	for (i = 0; i < TC_AST_TAGS_MAX + 1; i++)
		n += (size_t)snprintf(body + n, sizeof(body) - n, " t%zu", i);
	snprintf(body + n, sizeof(body) - n, "\nready\n");
	ck_assert_str_eq(tc_fx_parse_err(body, &rep)->msg,
	    "more than 16 tags (the limit)");

	n = 0;
	for (i = 0; i < 17; i++)
		n += (size_t)snprintf(body + n, sizeof(body) - n,
		    "target connect as s%zu\n", i);
	ck_assert_str_eq(tc_fx_parse_err(body, &rep)->msg,
	    "more than 16 sockets (the limit)");
}
END_TEST

/* ---- statements ------------------------------------------------------ */

static const struct {
	const char		*body;	/* the last line is the one checked */
	enum tc_stmt_kind	kind;
} stmt_cases[] = {
	{ "send S seq=isn\n", TC_STMT_SEND },
	{ "expect S. ack=isn+1\n", TC_STMT_EXPECT },
	{ "expect S. | R. within 1s\n", TC_STMT_EXPECT },
	{ "expect S. after 1s..3s\n", TC_STMT_EXPECT },
	{ "expect none within 1s\n", TC_STMT_EXPECT_NONE },
	{ "expect no R within 500ms\n", TC_STMT_EXPECT_NO },
	{ "state ESTABLISHED\n", TC_STMT_STATE },
	{ "target listen as srv\n", TC_STMT_TARGET },
	{ "wait 10ms\n", TC_STMT_WAIT },
	{ "let x = 5\n", TC_STMT_LET },
	{ "ready\n", TC_STMT_READY },
	{ "send S seq=isn  # a comment\n", TC_STMT_SEND },
	{ "send S \\\n  seq=isn\n", TC_STMT_SEND },
	{ "ready", TC_STMT_READY },	/* no final newline */
};

START_TEST(test_statements)
{
	struct tc_script *s = tc_fx_parse_ok(stmt_cases[_i].body);

	ck_assert_int_eq(tc_fx_last_stmt(s)->kind, stmt_cases[_i].kind);
	ck_assert_uint_eq(tc_fx_last_stmt(s)->line, 3);
	ck_assert_uint_eq(tc_fx_last_stmt(s)->col, 1);
	tc_script_free(s);
}
END_TEST

START_TEST(test_expect_timing)
{
	struct tc_script *s = tc_fx_parse_ok(
	    "expect S. | R. | R within 250ms\n"
	    "expect S. after 100ms..1.5s\n"
	    "expect S.\n"
	    "expect none within 2s\n"
	    "expect no R. seq=isn within 1min\n");
	const struct tc_stmt *st = s->stmt;

	ck_assert_uint_eq(s->nstmt, 5);
	ck_assert_uint_eq(st[0].nalt, 3);
	ck_assert_uint_eq(st[0].alt[0].flags, TC_TH_SYN | TC_TH_ACK);
	ck_assert_uint_eq(st[0].alt[1].flags, TC_TH_RST | TC_TH_ACK);
	ck_assert_uint_eq(st[0].alt[2].flags, TC_TH_RST);
	ck_assert_int_eq(st[0].within_ns, 250 * MS);
	ck_assert_int_eq(st[0].after_lo_ns, -1);
	ck_assert_int_eq(st[1].within_ns, -1);
	ck_assert_int_eq(st[1].after_lo_ns, 100 * MS);
	ck_assert_int_eq(st[1].after_hi_ns, 1500 * MS);
	ck_assert_int_eq(st[2].within_ns, -1);
	ck_assert_int_eq(st[2].after_hi_ns, -1);
	ck_assert_int_eq(st[3].within_ns, 2 * SEC);
	ck_assert_uint_eq(st[3].nalt, 0);
	ck_assert_int_eq(st[4].kind, TC_STMT_EXPECT_NO);
	ck_assert_uint_eq(st[4].nalt, 1);
	ck_assert_uint_eq(st[4].alt[0].ncond, 1);
	ck_assert_int_eq(st[4].within_ns, 60 * SEC);
	tc_script_free(s);
}
END_TEST

static const struct {
	const char		*name;
	enum tc_fsm_state	state;
} states[] = {
	{ "CLOSED", TC_FSM_CLOSED }, { "LISTEN", TC_FSM_LISTEN },
	{ "SYN-SENT", TC_FSM_SYN_SENT },
	{ "SYN-RECEIVED", TC_FSM_SYN_RECEIVED },
	{ "ESTABLISHED", TC_FSM_ESTABLISHED },
	{ "FIN-WAIT-1", TC_FSM_FIN_WAIT_1 },
	{ "FIN-WAIT-2", TC_FSM_FIN_WAIT_2 },
	{ "CLOSE-WAIT", TC_FSM_CLOSE_WAIT }, { "CLOSING", TC_FSM_CLOSING },
	{ "LAST-ACK", TC_FSM_LAST_ACK }, { "TIME-WAIT", TC_FSM_TIME_WAIT },
	{ "time_wait", TC_FSM_TIME_WAIT }, { "SYN_RCVD", TC_FSM_SYN_RECEIVED },
	{ "established   # comment", TC_FSM_ESTABLISHED },
};

START_TEST(test_states)
{
	char body[64];
	struct tc_script *s;

	snprintf(body, sizeof(body), "state %s\n", states[_i].name);
	s = tc_fx_parse_ok(body);
	ck_assert_int_eq(tc_fx_last_stmt(s)->kind, TC_STMT_STATE);
	ck_assert_int_eq(tc_fx_last_stmt(s)->state, states[_i].state);
	ck_assert(s->needs & TC_TARGET_CAP_STATE);
	tc_script_free(s);
}
END_TEST

START_TEST(test_targets)
{
	struct tc_script *s = tc_fx_parse_ok(
	    "target listen backlog=5 as srv\n"
	    "target accept srv as c\n"
	    "target connect as c2\n"
	    "target write c \"ab\\x00c\"\n"
	    "target write c len=100\n"
	    "target read c \"abc\"\n"
	    "target read c len=3\n"
	    "target read c eof\n"
	    "target shutdown c rd\n"
	    "target shutdown c wr\n"
	    "target shutdown c rdwr\n"
	    "target close c\n"
	    "target abort c2\n"
	    "target listen as srv2\n");
	const struct tc_stmt *st = s->stmt;
	size_t i;

	ck_assert_uint_eq(s->nstmt, 14);
	for (i = 0; i < s->nstmt; i++)
		ck_assert_int_eq(st[i].kind, TC_STMT_TARGET);
	ck_assert(s->needs & TC_TARGET_CAP_ACT);
	ck_assert_int_eq(st[0].target.action, TC_ACT_LISTEN);
	ck_assert_str_eq(st[0].target.as, "srv");
	ck_assert_uint_eq(st[0].target.backlog->num, 5);
	ck_assert_int_eq(st[1].target.action, TC_ACT_ACCEPT);
	ck_assert_str_eq(st[1].target.sock, "srv");
	ck_assert_str_eq(st[1].target.as, "c");
	ck_assert_int_eq(st[2].target.action, TC_ACT_CONNECT);
	ck_assert_str_eq(st[2].target.as, "c2");
	ck_assert_int_eq(st[3].target.action, TC_ACT_WRITE);
	ck_assert_uint_eq(st[3].target.data_len, 4);
	ck_assert(memcmp(st[3].target.data, "ab\0c", 4) == 0);
	ck_assert_uint_eq(st[4].target.len->num, 100);
	ck_assert_ptr_null(st[4].target.data);
	ck_assert_int_eq(st[5].target.action, TC_ACT_READ);
	ck_assert_uint_eq(st[5].target.data_len, 3);
	ck_assert_uint_eq(st[6].target.len->num, 3);
	ck_assert(st[7].target.eof);
	ck_assert_int_eq(st[8].target.action, TC_ACT_SHUTDOWN);
	ck_assert_int_eq(st[8].target.how, SHUT_RD);
	ck_assert_int_eq(st[9].target.how, SHUT_WR);
	ck_assert_int_eq(st[10].target.how, SHUT_RDWR);
	ck_assert_int_eq(st[11].target.action, TC_ACT_CLOSE);
	ck_assert_str_eq(st[11].target.sock, "c");
	ck_assert_int_eq(st[12].target.action, TC_ACT_ABORT);
	ck_assert_str_eq(st[12].target.sock, "c2");
	ck_assert_ptr_null(st[13].target.backlog);
	tc_script_free(s);
}
END_TEST

START_TEST(test_wait_let_ready)
{
	struct tc_script *s = tc_fx_parse_ok(
	    "let isn = 0xffffffff\n"
	    "let base = isn+100\n"
	    "let base = base*2\n"
	    "wait 1.5s\n"
	    "send S seq=base\n"
	    "ready\n");
	const struct tc_stmt *st = s->stmt;

	ck_assert_uint_eq(s->nstmt, 6);
	ck_assert_str_eq(st[0].var, "isn");
	ck_assert_uint_eq(st[0].value->num, 0xffffffff);
	ck_assert_str_eq(st[1].var, "base");
	ck_assert_int_eq(st[1].value->kind, TC_EXPR_ADD);
	ck_assert_int_eq(st[2].value->kind, TC_EXPR_MUL);
	ck_assert_int_eq(st[3].wait_ns, 1500 * MS);
	ck_assert_int_eq(st[4].alt[0].cond[0].a->kind, TC_EXPR_VAR);
	ck_assert_str_eq(st[4].alt[0].cond[0].a->name, "base");
	ck_assert_int_eq(st[5].kind, TC_STMT_READY);
	tc_script_free(s);
}
END_TEST

/* ---- flags ----------------------------------------------------------- */

static const struct {
	const char	*text;
	uint8_t		flags;
} flag_cases[] = {
	{ "S", TC_TH_SYN }, { "S.", TC_TH_SYN | TC_TH_ACK },
	{ ".", TC_TH_ACK }, { "F.", TC_TH_FIN | TC_TH_ACK },
	{ "R.", TC_TH_RST | TC_TH_ACK }, { "R", TC_TH_RST },
	{ "P.", TC_TH_PSH | TC_TH_ACK },
	{ "FP.", TC_TH_FIN | TC_TH_PSH | TC_TH_ACK },
	{ "PF.", TC_TH_FIN | TC_TH_PSH | TC_TH_ACK },
	{ "none", 0 }, { "SEW", TC_TH_SYN | TC_TH_ECE | TC_TH_CWR },
	{ "U.", TC_TH_URG | TC_TH_ACK }, { "FSRPUEW.", 0xff },
};

START_TEST(test_flags)
{
	char body[64];
	struct tc_script *s;

	snprintf(body, sizeof(body), "send %s\n", flag_cases[_i].text);
	s = tc_fx_parse_ok(body);
	ck_assert_uint_eq(tc_fx_last_stmt(s)->alt[0].flags, flag_cases[_i].flags);
	ck_assert_uint_eq(tc_fx_last_stmt(s)->alt[0].col, 6);
	tc_script_free(s);
}
END_TEST

static const struct {
	const char	*body;
	unsigned	col;
	const char	*msg;
} flag_errors[] = {
	{ "send SX\n", 7, "unknown flag 'X' in 'SX'; expected F, S, R, P, "
	    "U, E, W, or '.' for ACK" },
	{ "send Sa.\n", 7, "unknown flag 'a' in 'Sa'; expected F, S, R, P, "
	    "U, E, W, or '.' for ACK" },
	{ "send SS\n", 7, "flag 'S' given twice" },
	{ "expect FPF.\n", 10, "flag 'F' given twice" },
	{ "send\n", 5, "expected flags in tcpdump notation (S, S., ., P., "
	    "F., R, R.); got end of line" },
	{ "send 5\n", 6, "expected flags in tcpdump notation (S, S., ., P., "
	    "F., R, R.); got '5'" },
};

START_TEST(test_flag_errors)
{
	struct tc_parse_report rep;
	const struct tc_parse_msg *m = tc_fx_parse_err(flag_errors[_i].body, &rep);

	ck_assert_str_eq(m->msg, flag_errors[_i].msg);
	ck_assert_uint_eq(m->line, 3);
	ck_assert_uint_eq(m->col, flag_errors[_i].col);
	ck_assert_int_eq(m->severity, TC_SEV_ERROR);
}
END_TEST

/* ---- fields ---------------------------------------------------------- */

START_TEST(test_fields_all)
{
	struct tc_script *s = tc_fx_parse_ok("send U. seq=1 ack=2 win=3 urg=4 "
	    "doff=5 res=6 csum=7 ttl=8 tos=9 ipid=10 df=1 sport=11 dport=12 "
	    "len=13\n");
	const struct tc_pattern *p = &tc_fx_last_stmt(s)->alt[0];
	size_t i;

	ck_assert_uint_eq(p->ncond, TC_FIELD_LEN + 1);
	for (i = 0; i < p->ncond; i++) {
		ck_assert_int_eq(p->cond[i].field, (enum tc_field)i);
		ck_assert_int_eq(p->cond[i].op, TC_REL_EQ);
		ck_assert_int_eq(p->cond[i].a->kind, TC_EXPR_NUM);
	}
	ck_assert_uint_eq(p->cond[TC_FIELD_CSUM].a->num, 7);
	ck_assert_int_eq(p->cond[TC_FIELD_CSUM].csum, TC_CSUMK_EXPR);
	ck_assert_uint_eq(p->cond[TC_FIELD_LEN].a->num, 13);
	ck_assert_uint_eq(p->cond[0].col, 9);
	tc_script_free(s);
}
END_TEST

START_TEST(test_relops)
{
	struct tc_script *s = tc_fx_parse_ok("expect . seq=1 ack!=2 win<3 urg<=4 "
	    "doff>5 res>=6 ttl in 7..8 len in isn..isn+10\n");
	const struct tc_pattern *p = &tc_fx_last_stmt(s)->alt[0];
	static const enum tc_relop ops[] = { TC_REL_EQ, TC_REL_NE, TC_REL_LT,
	    TC_REL_LE, TC_REL_GT, TC_REL_GE, TC_REL_IN, TC_REL_IN };
	size_t i;

	ck_assert_uint_eq(p->ncond, NITEMS(ops));
	for (i = 0; i < NITEMS(ops); i++)
		ck_assert_int_eq(p->cond[i].op, ops[i]);
	ck_assert_uint_eq(p->cond[6].a->num, 7);
	ck_assert_uint_eq(p->cond[6].b->num, 8);
	ck_assert_int_eq(p->cond[7].b->kind, TC_EXPR_ADD);
	ck_assert_ptr_null(p->cond[0].b);
	tc_script_free(s);
}
END_TEST

START_TEST(test_csum_words)
{
	struct tc_script *s = tc_fx_parse_ok("send . csum=bad\nsend . csum=zero\n"
	    "expect . csum=good\nexpect . csum!=good\nsend . csum=0x1234\n");

	ck_assert_int_eq(s->stmt[0].alt[0].cond[0].csum, TC_CSUMK_BAD);
	ck_assert_int_eq(s->stmt[1].alt[0].cond[0].csum, TC_CSUMK_ZERO);
	ck_assert_int_eq(s->stmt[2].alt[0].cond[0].csum, TC_CSUMK_GOOD);
	ck_assert_int_eq(s->stmt[3].alt[0].cond[0].op, TC_REL_NE);
	ck_assert_int_eq(s->stmt[4].alt[0].cond[0].csum, TC_CSUMK_EXPR);
	ck_assert_uint_eq(s->stmt[4].alt[0].cond[0].a->num, 0x1234);
	tc_script_free(s);
}
END_TEST

/* ---- options --------------------------------------------------------- */

START_TEST(test_options)
{
	struct tc_script *s = tc_fx_parse_ok("send S <mss 1460, wscale 7, sackOK, "
	    "ts val 1 ecr 2, nop, eol, sack 1:2 3:4, kind 253 data 1 2, "
	    "mss 1460 len 3>\n");
	const struct tc_pattern *p = &tc_fx_last_stmt(s)->alt[0];
	const struct tc_optnode *o = p->opt;

	ck_assert(p->has_opts);
	ck_assert_uint_eq(p->nopt, 9);
	ck_assert(o[0].kind == TC_OPT_MSS && o[0].nv == 1 &&
	    o[0].v[0]->num == 1460 && o[0].wire_len == -1);
	ck_assert_uint_eq(o[0].col, 9);
	ck_assert(o[1].kind == TC_OPT_WSCALE && o[1].v[0]->num == 7);
	ck_assert(o[2].kind == TC_OPT_SACK_PERM && o[2].nv == 0);
	ck_assert(o[3].kind == TC_OPT_TS && o[3].nv == 2 &&
	    o[3].v[0]->num == 1 && o[3].v[1]->num == 2);
	ck_assert(o[4].kind == TC_OPT_NOP && o[5].kind == TC_OPT_EOL);
	ck_assert(o[6].kind == TC_OPT_SACK && o[6].nv == 4);
	ck_assert(o[6].v[0]->num == 1 && o[6].v[1]->num == 2 &&
	    o[6].v[2]->num == 3 && o[6].v[3]->num == 4);
	ck_assert(o[7].kind == 253 && o[7].raw_len == 2 &&
	    o[7].raw[0] == 1 && o[7].raw[1] == 2 && o[7].nv == 0);
	ck_assert(o[8].kind == TC_OPT_MSS && o[8].wire_len == 3);
	ck_assert(!o[0].absent);
	tc_script_free(s);
}
END_TEST

START_TEST(test_options_expect_any)
{
	struct tc_script *s = tc_fx_parse_ok("expect S. <mss, wscale, ts, sack, "
	    "ts ecr isn>\n");
	const struct tc_optnode *o = tc_fx_last_stmt(s)->alt[0].opt;

	ck_assert_uint_eq(tc_fx_last_stmt(s)->alt[0].nopt, 5);
	ck_assert(o[0].nv == 0 && o[1].nv == 0);
	ck_assert(o[2].nv == 2 && o[2].v[0] == NULL && o[2].v[1] == NULL);
	ck_assert(o[3].nv == 0);
	ck_assert(o[4].v[0] == NULL && o[4].v[1]->kind == TC_EXPR_VAR);
	tc_script_free(s);
}
END_TEST

START_TEST(test_payloads)
{
	struct tc_script *s = tc_fx_parse_ok("send P. \"a\\x00b\\n\"\n"
	    "send P. len=5\nexpect . \"\"\n");

	ck_assert_uint_eq(s->stmt[0].alt[0].payload_len, 4);
	ck_assert(memcmp(s->stmt[0].alt[0].payload, "a\0b\n", 4) == 0);
	ck_assert_ptr_null(s->stmt[1].alt[0].payload);
	ck_assert_int_eq(s->stmt[1].alt[0].cond[0].field, TC_FIELD_LEN);
	ck_assert_ptr_nonnull(s->stmt[2].alt[0].payload);
	ck_assert_uint_eq(s->stmt[2].alt[0].payload_len, 0);
	tc_script_free(s);
}
END_TEST

/* ---- reports --------------------------------------------------------- */

START_TEST(test_recovery)
{
	struct tc_parse_report rep;
	struct tc_script *s;
	const char *src = TC_FX_HEADER "send SX\nwait 5\n\nsend S seq=isn\n"
	    "target bind\nready\n";

	ck_assert_int_eq(tc_parse_string("r.tcs", src, &s, &rep),
	    TC_ERR_PARSE);
	ck_assert_uint_eq(rep.nerrors, 3);
	ck_assert_uint_eq(rep.n, 3);
	ck_assert_uint_eq(rep.msg[0].line, 3);
	ck_assert_uint_eq(rep.msg[1].line, 4);
	ck_assert_uint_eq(rep.msg[2].line, 7);
}
END_TEST

START_TEST(test_report_print)
{
	struct tc_parse_report rep;
	struct tc_script *s;
	const char *src = TC_FX_HEADER "\tsend S seq=isn ack=1\n";
	char *text;

	ck_assert_int_eq(tc_parse_string("w.tcs", src, &s, &rep), TC_OK);
	ck_assert_uint_eq(rep.nwarnings, 1);
	ck_assert_uint_eq(rep.nerrors, 0);
	text = report_text("w.tcs", src, &rep);
	ck_assert_str_eq(text, "w.tcs:3:17: warning: ack= without the ACK "
	    "flag: the number is sent but a receiver must ignore it; add '.' "
	    "to the flags if an ACK was meant\n"
	    "    3 | \tsend S seq=isn ack=1\n"
	    "      | \t               ^\n");
	free(text);
	/* Without the source the first line is the same. */
	text = report_text("w.tcs", NULL, &rep);
	ck_assert(strncmp(text, "w.tcs:3:17: warning: ack= without", 33) ==
	    0);
	free(text);
	tc_script_free(s);
}
END_TEST

START_TEST(test_report_dropped)
{
	struct tc_parse_report rep;
	struct tc_script *s;
	char *src, *text;
	size_t i, n = 0, cap = 4096;

	src = malloc(cap);
	ck_assert_ptr_nonnull(src);
	n += (size_t)snprintf(src, cap, TC_FX_HEADER);
	for (i = 0; i < TC_PARSE_MSGS_MAX + 3; i++)
		n += (size_t)snprintf(src + n, cap - n, "bogus\n");
	ck_assert_int_eq(tc_parse_string("d.tcs", src, &s, &rep),
	    TC_ERR_PARSE);
	/* One per bogus line, plus "no steps". */
	ck_assert_uint_eq(rep.nerrors, TC_PARSE_MSGS_MAX + 4);
	ck_assert_uint_eq(rep.n, TC_PARSE_MSGS_MAX);
	ck_assert_uint_eq(rep.dropped, 4);
	text = report_text("d.tcs", src, &rep);
	ck_assert_ptr_nonnull(strstr(text, "d.tcs: 4 more messages not "
	    "shown\n"));
	free(text);
	free(src);
}
END_TEST

START_TEST(test_parse_file_errors)
{
	char path[] = "/tmp/parse_test_XXXXXX";
	struct tc_parse_report rep;
	struct tc_script *s;
	char *text, *big;
	int fd;

	ck_assert_int_eq(tc_parse_file("/nonexistent/x.tcs", &s, &rep),
	    TC_ERR_PARSE);
	ck_assert_ptr_null(s);
	text = report_text("/nonexistent/x.tcs", NULL, &rep);
	ck_assert_str_eq(text, "/nonexistent/x.tcs: error: cannot open: No "
	    "such file or directory\n");
	free(text);

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "test \"x\"\0\n", 10), 10);
	ck_assert_int_eq(tc_parse_file(path, &s, &rep), TC_ERR_PARSE);
	ck_assert_str_eq(rep.msg[0].msg,
	    "contains a NUL byte; expected a text file");
	ck_assert_uint_eq(rep.msg[0].line, 0);

	big = calloc(1, 1024 * 1024 + 1);
	ck_assert_ptr_nonnull(big);
	memset(big, '#', 1024 * 1024 + 1);
	ck_assert_int_eq(pwrite(fd, big, 1024 * 1024 + 1, 0),
	    1024 * 1024 + 1);
	ck_assert_int_eq(tc_parse_file(path, &s, &rep), TC_ERR_PARSE);
	ck_assert_str_eq(rep.msg[0].msg, "larger than 1 MiB (the limit)");
	free(big);

	ck_assert_int_eq(ftruncate(fd, 0), 0);
	ck_assert_int_eq(pwrite(fd, TC_FX_HEADER "ready\n", strlen(TC_FX_HEADER) + 6, 0),
	    (ssize_t)strlen(TC_FX_HEADER) + 6);
	ck_assert_int_eq(tc_parse_file(path, &s, &rep), TC_OK);
	ck_assert_str_eq(s->path, path);
	tc_script_free(s);
	close(fd);
	unlink(path);
}
END_TEST

/* ---- the broken-script corpus ---------------------------------------- */

static char *corpus[CORPUS_MAX];	/* base names, sorted */
static size_t ncorpus;
static const char *source_dir = ".";

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
corpus_scan(void)
{
	char dir[4096];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s", source_dir, CORPUS);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL && ncorpus < CORPUS_MAX) {
		size_t n = strlen(de->d_name);

		if (n > 4 && strcmp(de->d_name + n - 4, ".tcs") == 0)
			corpus[ncorpus++] = strndup(de->d_name, n - 4);
	}
	closedir(d);
	qsort(corpus, ncorpus, sizeof(corpus[0]), cmp_str);
}

/* The first line of a file, without its newline (caller frees). */
static char *
first_line(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	n = getline(&line, &cap, f);
	fclose(f);
	ck_assert_msg(n > 0, "%s is empty", path);
	if (line[n - 1] == '\n')
		line[n - 1] = '\0';
	return line;
}

START_TEST(test_corpus)
{
	const char *name = corpus[_i];
	char path[512], expath[512];
	struct tc_parse_report rep, rrep;
	struct tc_script *s;
	char *src, *text, *want, *nl;
	static char got[1024], wanted[1024];
	bool warn = strncmp(name, "warn-", 5) == 0;
	enum tc_err err;

	ck_assert_int_eq(chdir(source_dir), 0);
	snprintf(path, sizeof(path), "%s/%s.tcs", CORPUS, name);
	snprintf(expath, sizeof(expath), "%s/%s.expected", CORPUS, name);
	want = first_line(expath);
	err = tc_parse_file(path, &s, &rep);
	ck_assert_int_eq(tc_parse_read(path, &src, &rrep), TC_OK);
	text = report_text(path, src, &rep);
	nl = strchr(text, '\n');
	ck_assert_msg(nl != NULL, "%s: no diagnostic at all", path);
	*nl = '\0';
	if (strcmp(text, want) != 0) {
		snprintf(got, sizeof(got), "%s", text);
		snprintf(wanted, sizeof(wanted), "%s", want);
		free(text);
		free(src);
		free(want);
		tc_script_free(s);
		ck_abort_msg("\n got:  %s\n want: %s", got, wanted);
	}
	/* The source line and a caret follow. */
	ck_assert_msg(strncmp(nl + 1, "    ", 4) == 0 &&
	    strstr(nl + 1, " | ") != NULL, "%s: no source line", path);
	ck_assert_msg(strstr(nl + 1, "^\n") != NULL, "%s: no caret", path);
	if (warn) {
		ck_assert_int_eq(err, TC_OK);
		ck_assert_uint_eq(rep.nerrors, 0);
		ck_assert_uint_ge(rep.nwarnings, 1);
	} else {
		ck_assert_int_eq(err, TC_ERR_PARSE);
		ck_assert_ptr_null(s);
	}
	tc_script_free(s);
	free(text);
	free(src);
	free(want);
}
END_TEST

START_TEST(test_corpus_complete)
{
	char path[4096];
	size_t i, nwarn = 0;

	ck_assert_msg(ncorpus > 0, "no corpus under %s/%s (is TC_SOURCE_DIR "
	    "set?)", source_dir, CORPUS);
	for (i = 0; i < ncorpus; i++) {
		snprintf(path, sizeof(path), "%s/%s/%s.expected", source_dir,
		    CORPUS, corpus[i]);
		ck_assert_msg(access(path, R_OK) == 0, "missing %s", path);
		nwarn += strncmp(corpus[i], "warn-", 5) == 0;
	}
	ck_assert_uint_ge(ncorpus - nwarn, 40);
	ck_assert_uint_ge(nwarn, 2);
}
END_TEST

static Suite *
parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc;

	tc = tcase_create("statements");
	tcase_add_test(tc, test_header);
	tcase_add_test(tc, test_limits);
	tcase_add_loop_test(tc, test_statements, 0, (int)NITEMS(stmt_cases));
	tcase_add_test(tc, test_expect_timing);
	tcase_add_loop_test(tc, test_states, 0, (int)NITEMS(states));
	tcase_add_test(tc, test_targets);
	tcase_add_test(tc, test_wait_let_ready);
	suite_add_tcase(s, tc);

	tc = tcase_create("patterns");
	tcase_add_loop_test(tc, test_flags, 0, (int)NITEMS(flag_cases));
	tcase_add_loop_test(tc, test_flag_errors, 0, (int)NITEMS(flag_errors));
	tcase_add_test(tc, test_fields_all);
	tcase_add_test(tc, test_relops);
	tcase_add_test(tc, test_csum_words);
	tcase_add_test(tc, test_options);
	tcase_add_test(tc, test_options_expect_any);
	tcase_add_test(tc, test_payloads);
	suite_add_tcase(s, tc);

	tc = tcase_create("reports");
	tcase_add_test(tc, test_recovery);
	tcase_add_test(tc, test_report_print);
	tcase_add_test(tc, test_report_dropped);
	tcase_add_test(tc, test_parse_file_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("corpus");
	tcase_add_test(tc, test_corpus_complete);
	tcase_add_loop_test(tc, test_corpus, 0, (int)ncorpus);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;
	size_t i;

	if (getenv("TC_SOURCE_DIR") != NULL)
		source_dir = getenv("TC_SOURCE_DIR");
	corpus_scan();
	sr = srunner_create(parse_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	for (i = 0; i < ncorpus; i++)
		free(corpus[i]);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* reports_test.c - result model, deviations, JUnit/TAP/console writers. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic.h"
#include "console.h"
#include "deviations.h"
#include "report.h"
#include "result.h"
#include "xmlesc.h"

/* Text no report format may pass through raw. */
#define HOSTILE	"<&\"'> ]]> \x01 # \\ \xff tab\there\r\nnext"

static const struct tc_run_info run_info = {
	.tool_version = "0.1.0",
	.target = "netns (Linux 6.1 & <test>)",
	.seed = 1234,
	.jobs = 4,
	.start = 1700000000,
	.end = 1700000005,
	.interrupted = false,
};

static const char deviations_text[] =
    "# known deviations of the test target\n"
    "\n"
    "rst/time-wait-assassination  closes TIME-WAIT on RST (RFC 1337)\r\n"
    "options/*   option handling differs, bug #12\n";

/* ---------------------------------------------------------------- */
/* Helpers. */

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;
	long sz;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)sz + 1);
	ck_assert_ptr_nonnull(buf);
	len = fread(buf, 1, (size_t)sz, f);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

static void
spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static char *
golden_path(const char *name)
{
	const char *src = getenv("TC_SOURCE_DIR");
	static char buf[4096];

	if (src == NULL) {
		/* Run by hand: find the tree from this file's own path. */
		snprintf(buf, sizeof(buf), "%s", __FILE__);
		*strstr(buf, "tests/engine/reports_test.c") = '\0';
		src = strdup(buf);
	}
	snprintf(buf, sizeof(buf), "%s/tests/engine/golden/%s", src, name);
	return buf;
}

static char tmpdir[64];

static void
tmpdir_setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/tc-reports-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
tmpdir_teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	(void)!system(cmd);
}

/* Names in dir, sorted, space-separated, for "no temp file" checks. */
static void
list_dir(const char *dir, char *buf, size_t cap)
{
	struct dirent **names;
	int n, i;
	size_t used = 0;

	buf[0] = '\0';
	n = scandir(dir, &names, NULL, alphasort);
	ck_assert_int_ge(n, 0);
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.' ||
		    (strcmp(names[i]->d_name, ".") != 0 &&
		    strcmp(names[i]->d_name, "..") != 0))
			used += (size_t)snprintf(buf + used, cap - used, "%s%s",
			    used ? " " : "", names[i]->d_name);
		free(names[i]);
	}
	free(names);
}

/* Exit status of a shell command (-1 when it did not exit). */
static int
run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool
have(const char *tool)
{
	return run("command -v %s >/dev/null 2>&1", tool) == 0;
}

static char *
memwrite(const struct tc_report_ops *ops, struct tc_result *const *v,
    size_t n)
{
	struct tc_diag diag;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	tc_diag_init(&diag);
	ck_assert_int_eq(ops->write(f, &run_info, v, n, &diag), TC_OK);
	fclose(f);
	return buf;
}

/* ---------------------------------------------------------------- */
/* The fixture: one testcase per verdict, in an order that splits folders. */

enum { NRES = 9 };

static struct tc_result *
mk(const char *id, int64_t dur_ms)
{
	char path[256];
	struct tc_result *r;

	snprintf(path, sizeof(path), "testcases/%s.tcs", id);
	r = tc_result_new(id, path);
	ck_assert_ptr_nonnull(r);
	r->duration_ns = dur_ms * 1000000;
	return r;
}

static void
handshake_log(struct tc_result *r)
{
	tc_result_log(r, 0, TC_LOG_OUT, 5, "SYN-RECEIVED",
	    "S seq 1000 win 65535 <mss 1460>");
	tc_result_log(r, 1500000, TC_LOG_IN, 6, "",
	    "S. seq 7 ack 1001 win 64240 <mss 1460>");
	tc_result_log(r, 2000000, TC_LOG_OUT, 7, "ESTABLISHED",
	    ". seq 1001 ack 8 win 65535");
}

static size_t
fixture(struct tc_result **v)
{
	struct tc_deviations *devs;
	struct tc_diag diag;
	struct tc_result *r;
	size_t n = 0;

	r = v[n++] = mk("handshake/passive-open", 210);
	r->title = strdup("passive open, then close by the target");
	r->refs = strdup("RFC9293 3.5, RFC9293 3.6");
	tc_result_add_tag(r, "handshake");
	tc_result_add_tag(r, "teardown");
	handshake_log(r);
	tc_result_set(r, TC_VERDICT_PASS, "%s", "");

	r = v[n++] = mk("rst/in-window", 1020);
	r->refs = strdup("RFC9293 3.10.7.4");
	handshake_log(r);
	tc_result_log(r, 3000000, TC_LOG_OUT, 9, "", "R seq 1001 win 0");
	tc_result_log(r, 1003000000, TC_LOG_NOTE, 10, "",
	    "payload said %s", HOSTILE);
	tc_result_set(r, TC_VERDICT_FAIL, "no challenge ACK: %s", HOSTILE);
	snprintf(r->expected, sizeof(r->expected), ". ack=peer+1 within 1s");
	snprintf(r->got, sizeof(r->got), "nothing <in> 1s & \"more\"");
	r->fail_line = 10;
	r->pcap_path = strdup("pcap/rst/in-window.pcap");

	r = v[n++] = mk("handshake/simultaneous-open", 330);
	handshake_log(r);
	tc_result_set(r, TC_VERDICT_INCONC, "the target never sent its SYN");

	r = v[n++] = mk("rst/time-wait-assassination", 2000);
	tc_result_set(r, TC_VERDICT_FAIL, "connection closed by RST");
	snprintf(r->expected, sizeof(r->expected), "state TIME-WAIT");
	snprintf(r->got, sizeof(r->got), "state CLOSED");

	r = v[n++] = mk("options/mss-clamp", 120);
	tc_result_set(r, TC_VERDICT_PASS, "%s", "");

	r = v[n++] = mk("broken/bad & <script> #1", 1);
	tc_result_set(r, TC_VERDICT_ERROR, "engine: %s",
	    "cannot inject: EPERM");
	tc_result_log(r, 0, TC_LOG_NOTE, 0, "", "raw socket refused");

	r = v[n++] = mk("agent/needs-act", 0);
	tc_result_set(r, TC_VERDICT_SKIP, "target cannot act (black box)");

	r = v[n++] = mk("top-level", 0);
	tc_result_set(r, TC_VERDICT_NOTRUN, "interrupted");

	r = v[n++] = mk("handshake/active-open", 250);
	tc_result_set(r, TC_VERDICT_PASS, "%s", "");

	ck_assert_int_eq(n, NRES);
	tc_diag_init(&diag);
	ck_assert_int_eq(tc_deviations_parse("devs", deviations_text, &devs,
	    &diag), TC_OK);
	for (size_t i = 0; i < n; i++)
		tc_deviations_apply(devs, v[i]);
	tc_deviations_free(devs);
	return n;
}

static void
fixture_free(struct tc_result **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tc_result_free(v[i]);
}

/* ---------------------------------------------------------------- */
/* Result model. */

START_TEST(test_verdicts)
{
	static const struct {
		enum tc_verdict v;
		const char *name;
		bool bad;
	} t[] = {
		{ TC_VERDICT_PASS, "PASS", false },
		{ TC_VERDICT_FAIL, "FAIL", true },
		{ TC_VERDICT_XFAIL, "XFAIL", false },
		{ TC_VERDICT_XPASS, "XPASS", true },
		{ TC_VERDICT_INCONC, "INCONC", true },
		{ TC_VERDICT_ERROR, "ERROR", true },
		{ TC_VERDICT_SKIP, "SKIP", false },
		{ TC_VERDICT_NOTRUN, "NOTRUN", true },
	};

	ck_assert_int_eq(sizeof(t) / sizeof(t[0]), TC_VERDICT_COUNT);
	ck_assert_str_eq(tc_verdict_name(t[_i].v), t[_i].name);
	ck_assert_int_eq(tc_verdict_is_bad(t[_i].v), t[_i].bad);
	ck_assert(tc_verdict_is_bad(TC_VERDICT_COUNT));
	ck_assert_str_eq(tc_verdict_name(TC_VERDICT_COUNT), "?");
}
END_TEST

START_TEST(test_result_new)
{
	struct tc_result *r = tc_result_new("a/b", NULL);
	char line[300];

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->verdict, TC_VERDICT_NOTRUN);
	ck_assert_ptr_null(r->path);
	tc_result_set(r, TC_VERDICT_FAIL, "got %d", 42);
	ck_assert_str_eq(r->reason, "got 42");
	tc_result_log(r, 1234567890, TC_LOG_IN, 0, "", "R. seq 1");
	tc_result_log(r, 5000000, TC_LOG_OUT, 3, "LISTEN", "S seq 0");
	tc_result_log(r, 0, TC_LOG_NOTE, 4, "", "note");
	tc_result_log(r, -2000000, TC_LOG_NOTE, 0, "CLOSED", "early");
	tc_result_logent_format(&r->log[0], line, sizeof(line));
	ck_assert_str_eq(line, "+1.234 < R. seq 1");
	tc_result_logent_format(&r->log[1], line, sizeof(line));
	ck_assert_str_eq(line, "+0.005 > S seq 0  (line 3, LISTEN)");
	tc_result_logent_format(&r->log[2], line, sizeof(line));
	ck_assert_str_eq(line, "+0.000 # note  (line 4)");
	tc_result_logent_format(&r->log[3], line, sizeof(line));
	ck_assert_str_eq(line, "-0.002 # early  (CLOSED)");
	tc_result_free(r);
	tc_result_free(NULL);
}
END_TEST

START_TEST(test_log_cap)
{
	struct tc_result *r = tc_result_new("cap/log", "x.tcs");
	int i;

	for (i = 0; i < TC_RESULT_LOG_MAX + 904; i++)
		tc_result_log(r, i, TC_LOG_OUT, 1, "", "line %d", i);
	ck_assert_uint_eq(r->nlog, TC_RESULT_LOG_MAX + 1);
	ck_assert_uint_eq(r->nlog_dropped, 904);
	ck_assert_str_eq(r->log[TC_RESULT_LOG_MAX - 1].text, "line 4095");
	ck_assert_int_eq(r->log[TC_RESULT_LOG_MAX].dir, TC_LOG_NOTE);
	ck_assert_str_eq(r->log[TC_RESULT_LOG_MAX].text,
	    "log capped at 4096 lines: 904 later lines dropped");
	ck_assert_int_eq(r->log[TC_RESULT_LOG_MAX].t_ns,
	    TC_RESULT_LOG_MAX + 903);
	tc_result_free(r);
}
END_TEST

START_TEST(test_frame_cap)
{
	struct tc_result *r = tc_result_new("cap/frames", NULL);
	struct timespec ts = { 1, 2 };
	static uint8_t big[TC_RESULT_FRAME_BYTES_MAX];
	uint8_t small[60] = { 0xAB };
	int i;

	/* By count. */
	for (i = 0; i < TC_RESULT_FRAMES_MAX; i++)
		ck_assert_int_eq(tc_result_add_frame(r, &ts, small,
		    sizeof(small)), TC_OK);
	ck_assert_int_eq(tc_result_add_frame(r, &ts, small, sizeof(small)),
	    TC_OK);
	ck_assert_int_eq(tc_result_add_frame(r, &ts, small, 1), TC_OK);
	ck_assert_uint_eq(r->nframes, TC_RESULT_FRAMES_MAX);
	ck_assert_uint_eq(r->nframes_dropped, 2);
	ck_assert_uint_eq(r->frame_bytes, TC_RESULT_FRAMES_MAX * 60);
	ck_assert_int_eq(r->frames[7].data[0], 0xAB);
	ck_assert_uint_eq(r->nlog, 1);	/* one note, not one per frame */
	ck_assert_ptr_nonnull(strstr(r->log[0].text, "pcap capped"));
	tc_result_free(r);

	/* By bytes: 16 MiB fit exactly, one more byte does not. */
	r = tc_result_new("cap/bytes", NULL);
	ck_assert_int_eq(tc_result_add_frame(r, &ts, small, 10), TC_OK);
	ck_assert_int_eq(tc_result_add_frame(r, &ts, big,
	    sizeof(big) - 10), TC_OK);
	ck_assert_int_eq(tc_result_add_frame(r, &ts, small, 1), TC_OK);
	ck_assert_int_eq(tc_result_add_frame(r, &ts, small, 0), TC_OK);
	ck_assert_uint_eq(r->nframes, 3);
	ck_assert_uint_eq(r->nframes_dropped, 1);
	ck_assert_uint_eq(r->frame_bytes, TC_RESULT_FRAME_BYTES_MAX);
	tc_result_free(r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Known deviations. */

START_TEST(test_dev_lookup)
{
	struct tc_deviations *d;
	struct tc_diag diag;

	tc_diag_init(&diag);
	ck_assert_int_eq(tc_deviations_parse("devs",
	    "  # indented comment\n"
	    "\t\n"
	    "rst/a\tfirst reason  \n"
	    "rst/*  any rst\n"
	    "rst/sub/*  deeper rst # not a comment\n"
	    "*  everything else\n"
	    "x/y-z_1.2 last line without newline", &d, &diag), TC_OK);
	ck_assert_uint_eq(tc_deviations_count(d), 5);
	ck_assert_str_eq(tc_deviations_reason(d, "rst/a"), "first reason");
	ck_assert_str_eq(tc_deviations_reason(d, "rst/b"), "any rst");
	ck_assert_str_eq(tc_deviations_reason(d, "rst/sub/c"),
	    "deeper rst # not a comment");
	ck_assert_str_eq(tc_deviations_reason(d, "other/q"),
	    "everything else");
	ck_assert_str_eq(tc_deviations_reason(d, "x/y-z_1.2"),
	    "last line without newline");
	tc_deviations_free(d);

	ck_assert_int_eq(tc_deviations_parse("devs", "a/b reason\n", &d,
	    &diag), TC_OK);
	ck_assert_ptr_null(tc_deviations_reason(d, "a/bc"));
	ck_assert_ptr_null(tc_deviations_reason(d, "a"));
	ck_assert_ptr_null(tc_deviations_reason(NULL, "a/b"));
	tc_deviations_free(d);
	tc_deviations_free(NULL);

	ck_assert_int_eq(tc_deviations_parse("devs", "# nothing\n\n", &d,
	    &diag), TC_OK);
	ck_assert_uint_eq(tc_deviations_count(d), 0);
	ck_assert_ptr_null(tc_deviations_reason(d, "a/b"));
	tc_deviations_free(d);
}
END_TEST

static const struct {
	const char *text;
	enum tc_err err;
	const char *diag;
} bad_devs[] = {
	{ "a/b reason\nc/d\n", TC_ERR_PARSE,
	    "devs:2:4: missing reason after 'c/d' (expected '<testcase-id> "
	    "<reason>')" },
	{ "\n\n   a/b;c x\n", TC_ERR_PARSE,
	    "devs:3:7: invalid character ';' in testcase id (expected "
	    "letters, digits, '.', '_', '-', '/' and a final '*')" },
	{ "a/*/c x\n", TC_ERR_PARSE,
	    "devs:1:3: '*' is allowed only at the end of an id (got "
	    "'a/*/c')" },
	{ "a/b one\n# c\nc/d two\na/b three\n", TC_ERR_PARSE,
	    "devs:4: duplicate id 'a/b' (first listed at line 1)" },
	{ "a//b x\n", TC_ERR_PARSE,
	    "devs:1:1: empty or '..' path component in testcase id 'a//b'" },
	{ "/a x\n", TC_ERR_PARSE,
	    "devs:1:1: empty or '..' path component in testcase id '/a'" },
	{ "a/../b x\n", TC_ERR_PARSE,
	    "devs:1:1: empty or '..' path component in testcase id "
	    "'a/../b'" },
	{ "a/ x\n", TC_ERR_PARSE,
	    "devs:1:1: empty or '..' path component in testcase id 'a/'" },
	{ "a\x01 x\n", TC_ERR_PARSE,
	    "devs:1:2: invalid byte 0x01 in testcase id" },
};

START_TEST(test_dev_errors)
{
	struct tc_deviations *d = (void *)1;
	struct tc_diag diag;
	char msg[512];

	tc_diag_init(&diag);
	ck_assert_int_eq(tc_deviations_parse("devs", bad_devs[_i].text, &d,
	    &diag), bad_devs[_i].err);
	ck_assert_ptr_null(d);
	tc_diag_format(&diag, msg, sizeof(msg));
	ck_assert_str_eq(msg, bad_devs[_i].diag);
}
END_TEST

START_TEST(test_dev_load)
{
	struct tc_deviations *d;
	struct tc_diag diag;
	char path[128], msg[512], *longline;

	snprintf(path, sizeof(path), "%s/linux.deviations", tmpdir);
	tc_diag_init(&diag);
	ck_assert_int_eq(tc_deviations_load(path, &d, &diag),
	    TC_ERR_NOTFOUND);
	tc_diag_format(&diag, msg, sizeof(msg));
	ck_assert_msg(strstr(msg, path) == msg, "%s", msg);

	spit(path, deviations_text);
	tc_diag_init(&diag);
	ck_assert_int_eq(tc_deviations_load(path, &d, &diag), TC_OK);
	ck_assert_str_eq(tc_deviations_reason(d,
	    "rst/time-wait-assassination"), "closes TIME-WAIT on RST "
	    "(RFC 1337)");
	tc_deviations_free(d);

	/* Errors name the file and line. */
	spit(path, "# ok\nrst/a fine\nrst/a again\n");
	tc_diag_init(&diag);
	ck_assert_int_eq(tc_deviations_load(path, &d, &diag), TC_ERR_PARSE);
	tc_diag_format(&diag, msg, sizeof(msg));
	ck_assert_ptr_nonnull(strstr(msg, "linux.deviations:3: duplicate"));

	longline = malloc(TC_DEVIATIONS_LINE_MAX + 16);
	memset(longline, 'a', TC_DEVIATIONS_LINE_MAX + 10);
	memcpy(longline + TC_DEVIATIONS_LINE_MAX + 2, " x\n", 4);
	spit(path, longline);
	free(longline);
	tc_diag_init(&diag);
	ck_assert_int_eq(tc_deviations_load(path, &d, &diag), TC_ERR_LIMIT);
	tc_diag_format(&diag, msg, sizeof(msg));
	ck_assert_ptr_nonnull(strstr(msg, "linux.deviations:1: line longer"));

	/* A NUL byte is no text: named by its line. */
	{
		FILE *f = fopen(path, "wb");

		fwrite("a/b x\nc/d y\0z\n", 1, 15, f);
		fclose(f);
	}
	tc_diag_init(&diag);
	ck_assert_int_eq(tc_deviations_load(path, &d, &diag), TC_ERR_PARSE);
	tc_diag_format(&diag, msg, sizeof(msg));
	ck_assert_ptr_nonnull(strstr(msg, "linux.deviations:2: NUL byte"));

	/* A directory is not readable as a file. */
	tc_diag_init(&diag);
	ck_assert_int_eq(tc_deviations_load(tmpdir, &d, &diag), TC_ERR_SYS);
}
END_TEST

START_TEST(test_dev_apply)
{
	struct tc_deviations *d;
	struct tc_diag diag;
	struct tc_result *r;
	static const enum tc_verdict same[] = { TC_VERDICT_INCONC,
	    TC_VERDICT_ERROR, TC_VERDICT_SKIP, TC_VERDICT_NOTRUN,
	    TC_VERDICT_XFAIL, TC_VERDICT_XPASS };
	size_t i;

	tc_diag_init(&diag);
	ck_assert_int_eq(tc_deviations_parse("devs", "rst/* RFC 1337\n", &d,
	    &diag), TC_OK);
	r = tc_result_new("rst/tw", NULL);

	tc_result_set(r, TC_VERDICT_FAIL, "expected RST, got nothing");
	ck_assert(tc_deviations_apply(d, r));
	ck_assert_int_eq(r->verdict, TC_VERDICT_XFAIL);
	ck_assert_str_eq(r->reason, "known deviation: RFC 1337; expected "
	    "RST, got nothing");

	tc_result_set(r, TC_VERDICT_PASS, "%s", "");
	ck_assert(tc_deviations_apply(d, r));
	ck_assert_int_eq(r->verdict, TC_VERDICT_XPASS);
	ck_assert_str_eq(r->reason, "listed as a known deviation (RFC 1337) "
	    "but passed: the list is stale");

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		tc_result_set(r, same[i], "why");
		ck_assert(!tc_deviations_apply(d, r));
		ck_assert_int_eq(r->verdict, same[i]);
		ck_assert_str_eq(r->reason, "why");
	}
	tc_result_free(r);

	/* Unlisted ids and a NULL list change nothing. */
	r = tc_result_new("handshake/x", NULL);
	tc_result_set(r, TC_VERDICT_FAIL, "why");
	ck_assert(!tc_deviations_apply(d, r));
	ck_assert(!tc_deviations_apply(NULL, r));
	ck_assert_int_eq(r->verdict, TC_VERDICT_FAIL);
	tc_result_free(r);
	tc_deviations_free(d);
}
END_TEST

/* ---------------------------------------------------------------- */
/* XML escaping. */

static char *
esc(void (*fn)(FILE *, const char *), const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fn(f, s);
	fclose(f);
	return buf;
}

#define REPL	"\xef\xbf\xbd"	/* U+FFFD in UTF-8 */

static const struct {
	const char *in, *text, *attr;
} xml_cases[] = {
	{ "plain", "plain", "plain" },
	{ "<&>\"'", "&lt;&amp;&gt;&quot;&apos;", "&lt;&amp;&gt;&quot;&apos;" },
	{ "]]>", "]]&gt;", "]]&gt;" },
	{ "a\tb\nc\rd", "a\tb\nc&#13;d", "a&#9;b&#10;c&#13;d" },
	/* C0 controls XML 1.0 forbids become U+FFFD. */
	{ "\x01\x1f\x7f", "\xef\xbf\xbd\xef\xbf\xbd\x7f",
	    "\xef\xbf\xbd\xef\xbf\xbd\x7f" },
	/* Good UTF-8 passes: e-acute, euro, U+1F600. */
	{ "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
	    "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
	    "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80" },
	/* Stray, overlong, surrogate, truncated: one U+FFFD per byte. */
	{ "\xff", "\xef\xbf\xbd", "\xef\xbf\xbd" },
	{ "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd", "\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xe2\x82", "\xef\xbf\xbd\xef\xbf\xbd", "\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xf4\x90\x80\x80", REPL REPL REPL REPL, REPL REPL REPL REPL },
	/* U+FFFE is UTF-8 but not an XML character. */
	{ "\xef\xbf\xbe", "\xef\xbf\xbd", "\xef\xbf\xbd" },
};

START_TEST(test_xmlesc)
{
	char *t = esc(tc_xmlesc_text, xml_cases[_i].in);
	char *a = esc(tc_xmlesc_attr, xml_cases[_i].in);

	ck_assert_str_eq(t, xml_cases[_i].text);
	ck_assert_str_eq(a, xml_cases[_i].attr);
	free(t);
	free(a);
}
END_TEST

/* ---------------------------------------------------------------- */
/* JUnit and TAP: goldens, and the real consumers. */

/*
 * Compares a written report with its golden file.  TC_UPDATE_GOLDEN=1
 * rewrites the golden instead (then review the diff before committing).
 */
static void
golden_check(const char *name, const char *got)
{
	const char *path = golden_path(name);
	char *want;

	if (getenv("TC_UPDATE_GOLDEN") != NULL) {
		spit(path, got);
		return;
	}
	want = slurp(path);
	ck_assert_msg(want != NULL, "missing golden %s", path);
	ck_assert_msg(strcmp(want, got) == 0, "%s differs from its golden; "
	    "TC_UPDATE_GOLDEN=1 rewrites it:\n%s", name, got);
	free(want);
}

static void
write_report(const char *fmt, const char *path, struct tc_result **v,
    size_t n)
{
	const struct tc_report_ops *ops = tc_report_find(fmt);
	struct tc_diag diag;

	ck_assert_ptr_nonnull(ops);
	tc_diag_init(&diag);
	ck_assert_int_eq(tc_report_write(ops, path, &run_info, v, n, &diag),
	    TC_OK);
}

START_TEST(test_junit)
{
	struct tc_result *v[NRES];
	size_t n = fixture(v);
	char path[128], names[256], *got;

	snprintf(path, sizeof(path), "%s/report.xml", tmpdir);
	write_report("junit", path, v, n);
	list_dir(tmpdir, names, sizeof(names));
	ck_assert_str_eq(names, "report.xml");
	got = slurp(path);
	golden_check("reports.junit.xml", got);
	free(got);
	if (have("xmllint"))
		ck_assert_int_eq(run("xmllint --noout '%s'", path), 0);
	else
		fprintf(stderr, "reports_test: no xmllint, JUnit XML not "
		    "checked for well-formedness (apt-get install "
		    "libxml2-utils)\n");
	fixture_free(v, n);
}
END_TEST

/*
 * Every verdict, hostile text, an interrupted run, an empty run: each
 * JUnit file validates against tests/schemas/junit.xsd (the Jenkins
 * xUnit plugin's junit-10.xsd shape).
 */
START_TEST(test_junit_schema)
{
	struct tc_run_info info = run_info;
	struct tc_result *v[NRES];
	size_t n = fixture(v);
	struct tc_diag diag;
	char path[128], xsd[4096];

	ck_assert_msg(have("xmllint"), "xmllint not found: install "
	    "libxml2-utils (ci/deps.sh does)");
	snprintf(xsd, sizeof(xsd), "%s", golden_path("../../schemas/"
	    "junit.xsd"));
	info.interrupted = _i == 1;
	snprintf(path, sizeof(path), "%s/schema%d.xml", tmpdir, _i);
	tc_diag_init(&diag);
	ck_assert_int_eq(tc_report_write(&tc_report_junit, path, &info, v,
	    _i == 2 ? 0 : n, &diag), TC_OK);
	ck_assert_msg(run("xmllint --noout --nonet --schema '%s' '%s'", xsd,
	    path) == 0, "%s does not validate against %s", path, xsd);
	fixture_free(v, n);
}
END_TEST

START_TEST(test_junit_counts)
{
	struct tc_result *v[NRES];
	size_t n = fixture(v);
	char *got = memwrite(&tc_report_junit, v, n);

	/* 9 testcases: FAIL, XPASS, INCONC fail; ERROR errs; SKIP, NOTRUN
	 * are skipped; PASS x2 and XFAIL pass. */
	ck_assert_ptr_nonnull(strstr(got, "<testsuites name=\"tcpconform\" "
	    "tests=\"9\" failures=\"3\" errors=\"1\" time=\"5.000\">"));
	ck_assert_ptr_nonnull(strstr(got, "<testsuite name=\"tcpconform\" "
	    "tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"1\" "));
	ck_assert_ptr_nonnull(strstr(got, "<testsuite name=\"handshake\" "
	    "tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"0\" "
	    "time=\"0.790\""));
	ck_assert_ptr_null(strstr(got, "\x01"));
	ck_assert_ptr_null(strstr(got, "\xff"));
	free(got);
	fixture_free(v, n);
}
END_TEST

/* Parses TAP with TAP::Parser and prints what a consumer would see. */
static const char tap_dump[] =
    "perl -MTAP::Parser -e '"
    "local $/; open my $fh, \"<\", $ARGV[0] or die; my $t = <$fh>;"
    "my $p = TAP::Parser->new({ tap => $t });"
    "while (my $r = $p->next) {"
    "  if ($r->is_yaml) { printf \"yaml %%s %%s\\n\", $r->data->{verdict},"
    "    unpack(\"H*\", $r->data->{message}) }"
    "  elsif ($r->is_test) { printf \"test %%d %%s\\n\", $r->number,"
    "    $r->is_actual_ok ? \"ok\" : \"not_ok\" } }"
    "print \"error $_\\n\" for $p->parse_errors;"
    "printf \"failed %%d\\n\", scalar $p->failed;"
    "' '%s' > '%s'";

START_TEST(test_tap)
{
	struct tc_result *v[NRES];
	size_t n = fixture(v);
	char path[128], out[128], hex[2048], *got, *p;
	size_t i;

	snprintf(path, sizeof(path), "%s/report.tap", tmpdir);
	write_report("tap", path, v, n);
	got = slurp(path);
	golden_check("reports.tap", got);
	free(got);

	/* prove: FAIL, XPASS, INCONC, ERROR, NOTRUN fail; XFAIL is TODO. */
	ck_assert_int_ne(run("prove -e cat '%s' >/dev/null 2>&1", path), 0);
	snprintf(out, sizeof(out), "%s/dump", tmpdir);
	ck_assert_int_eq(run(tap_dump, path, out), 0);
	got = slurp(out);
	ck_assert_ptr_null(strstr(got, "error "));
	ck_assert_ptr_nonnull(strstr(got, "failed 5\n"));
	/* '#' in a description is escaped, so it starts no directive. */
	ck_assert_ptr_nonnull(strstr(got, "test 6 not_ok\n"));
	/* The hostile reason survives YAML quoting byte for byte, but for
	 * the malformed byte, which became U+FFFD. */
	p = hex;
	for (i = 0; i < strlen(v[1]->reason); i++) {
		if ((unsigned char)v[1]->reason[i] == 0xff)
			p += snprintf(p, (size_t)(hex + sizeof(hex) - p),
			    "efbfbd");
		else
			p += snprintf(p, (size_t)(hex + sizeof(hex) - p),
			    "%02x", (unsigned char)v[1]->reason[i]);
	}
	ck_assert_msg(strstr(got, hex) != NULL, "%s\nwant %s", got, hex);
	free(got);
	fixture_free(v, n);
}
END_TEST

START_TEST(test_tap14)
{
	struct tc_result *v[NRES];
	size_t n = fixture(v);
	char *t13 = memwrite(&tc_report_tap, v, n);
	char *t14 = memwrite(tc_report_find("tap14"), v, n);

	/* The same document; only the declared version differs. */
	ck_assert_ptr_nonnull(strstr(t13, "TAP version 13\n") == t13 ?
	    t13 : NULL);
	ck_assert_ptr_nonnull(strstr(t14, "TAP version 14\n") == t14 ?
	    t14 : NULL);
	ck_assert_str_eq(t13 + 15, t14 + 15);
	free(t13);
	free(t14);
	fixture_free(v, n);
}
END_TEST

/* Runs prove on a report of the fixture's testcases with these verdicts. */
static int
prove_subset(const enum tc_verdict *keep, size_t nkeep)
{
	struct tc_result *v[NRES], *sel[NRES];
	size_t n = fixture(v), m = 0, i, k;
	char path[128];
	int st;

	for (i = 0; i < n; i++)
		for (k = 0; k < nkeep; k++)
			if (v[i]->verdict == keep[k]) {
				sel[m++] = v[i];
				break;
			}
	ck_assert_uint_ge(m, nkeep);
	snprintf(path, sizeof(path), "%s/subset.tap", tmpdir);
	write_report("tap", path, sel, m);
	st = run("prove -e cat '%s' >/dev/null 2>&1", path);
	fixture_free(v, n);
	return st;
}

START_TEST(test_tap_prove)
{
	static const enum tc_verdict good[] = { TC_VERDICT_PASS,
	    TC_VERDICT_XFAIL, TC_VERDICT_SKIP };
	static const enum tc_verdict bad[] = { TC_VERDICT_FAIL,
	    TC_VERDICT_XPASS, TC_VERDICT_INCONC, TC_VERDICT_ERROR,
	    TC_VERDICT_NOTRUN };
	enum tc_verdict set[4];

	ck_assert_int_eq(prove_subset(good, 3), 0);
	/* Each bad verdict alone among good ones fails the TAP run. */
	memcpy(set, good, sizeof(good));
	set[3] = bad[_i];
	ck_assert_int_ne(prove_subset(set, 4), 0);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Atomic writes. */

/* A writer that gets half-way, then fails like a full disk would. */
static enum tc_err
half_write(FILE *f, const struct tc_run_info *run,
    struct tc_result *const *results, size_t n, struct tc_diag *diag)
{
	(void)run;
	(void)results;
	(void)n;
	fputs("<testsuites>\n  <testsuite", f);
	fflush(f);
	tc_diag_set(diag, "disk full (simulated)");
	return TC_ERR_SYS;
}

static const struct tc_report_ops half_ops = {
	.name = "half",
	.write = half_write,
};

START_TEST(test_atomic)
{
	struct tc_result *v[NRES];
	size_t n = fixture(v);
	char path[128], bad[160], names[256], *got;
	struct tc_diag diag;
	struct stat st;
	mode_t old;

	snprintf(path, sizeof(path), "%s/report.xml", tmpdir);
	spit(path, "old report\n");

	/* A writer failing half-way leaves the old file and no temp. */
	tc_diag_init(&diag);
	ck_assert_int_eq(tc_report_write(&half_ops, path, &run_info, v, n,
	    &diag), TC_ERR_SYS);
	got = slurp(path);
	ck_assert_str_eq(got, "old report\n");
	free(got);
	list_dir(tmpdir, names, sizeof(names));
	ck_assert_str_eq(names, "report.xml");

	/* A good write replaces it, with the umask's mode, not 0600. */
	old = umask(022);
	write_report("junit", path, v, n);
	umask(old);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
	list_dir(tmpdir, names, sizeof(names));
	ck_assert_str_eq(names, "report.xml");

	/* Directories that cannot hold the file: an error, no file. */
	snprintf(bad, sizeof(bad), "%s/missing/report.xml", tmpdir);
	tc_diag_init(&diag);
	ck_assert_int_eq(tc_report_write(&tc_report_junit, bad, &run_info, v,
	    n, &diag), TC_ERR_SYS);
	ck_assert_ptr_nonnull(strstr(diag.msg, bad));
	snprintf(bad, sizeof(bad), "%s/report.xml/x.xml", tmpdir);
	tc_diag_init(&diag);
	ck_assert_int_eq(tc_report_write(&tc_report_junit, bad, &run_info, v,
	    n, &diag), TC_ERR_SYS);
	if (geteuid() != 0) {
		/* Root ignores directory permissions; others get EACCES. */
		snprintf(bad, sizeof(bad), "%s/ro", tmpdir);
		ck_assert_int_eq(mkdir(bad, 0555), 0);
		snprintf(bad, sizeof(bad), "%s/ro/report.xml", tmpdir);
		tc_diag_init(&diag);
		ck_assert_int_eq(tc_report_write(&tc_report_junit, bad,
		    &run_info, v, n, &diag), TC_ERR_SYS);
		ck_assert_int_eq(access(bad, F_OK), -1);
		snprintf(bad, sizeof(bad), "%s/ro", tmpdir);
		rmdir(bad);
	}
	tc_diag_init(&diag);
	ck_assert_int_eq(tc_report_write(&tc_report_junit, "", &run_info, v,
	    n, &diag), TC_ERR_INVAL);
	list_dir(tmpdir, names, sizeof(names));
	ck_assert_str_eq(names, "report.xml");
	fixture_free(v, n);
}
END_TEST

START_TEST(test_atomic_direct)
{
	struct tc_atomic a;
	struct tc_diag diag;
	char path[128], names[256], *got;

	snprintf(path, sizeof(path), "%s/plain.txt", tmpdir);
	tc_diag_init(&diag);
	ck_assert_int_eq(tc_atomic_open(&a, path, &diag), TC_OK);
	fputs("partial", a.f);
	fflush(a.f);
	/* While writing, the target does not exist, only a hidden temp. */
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_ptr_nonnull(strstr(a.tmp, "/.plain.txt."));
	tc_atomic_abort(&a);
	tc_atomic_abort(&a);
	list_dir(tmpdir, names, sizeof(names));
	ck_assert_str_eq(names, "");

	ck_assert_int_eq(tc_atomic_open(&a, path, &diag), TC_OK);
	fputs("whole\n", a.f);
	ck_assert_int_eq(tc_atomic_commit(&a, &diag), TC_OK);
	got = slurp(path);
	ck_assert_str_eq(got, "whole\n");
	free(got);
	list_dir(tmpdir, names, sizeof(names));
	ck_assert_str_eq(names, "plain.txt");
	ck_assert_ptr_eq(tc_report_find("tap"), &tc_report_tap);
	ck_assert_ptr_eq(tc_report_find("junit"), &tc_report_junit);
	ck_assert_ptr_null(tc_report_find("xml"));
}
END_TEST

/* ---------------------------------------------------------------- */
/* Console. */

static char *
console_run(struct tc_result **v, size_t n, bool color, bool progress)
{
	struct tc_console c;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	tc_console_begin(&c, f, &run_info, n, color, progress);
	for (i = 0; i < n; i++) {
		tc_console_progress(&c, i, n - i);
		tc_console_result(&c, v[i]);
	}
	tc_console_end(&c, v, n);
	fclose(f);
	return buf;
}

START_TEST(test_console)
{
	struct tc_result *v[NRES];
	size_t n = fixture(v), i;
	char *out, *last;

	unsetenv("NO_COLOR");
	out = console_run(v, n, false, false);
	ck_assert_ptr_nonnull(strstr(out, "tcpconform 0.1.0: 9 testcases "
	    "against netns (Linux 6.1 & <test>), seed 1234, -j 4\n"));
	ck_assert_ptr_nonnull(strstr(out,
	    "\nPASS  handshake/passive-open (0.21s)\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nFAIL  rst/in-window (1.02s)\n"
	    "      no challenge ACK: <&\"'> ]]> \\x01 # \\ \xef\xbf\xbd "
	    "tab\\x09here\\x0d\\x0anext\n"
	    "      expected: . ack=peer+1 within 1s\n"
	    "           got: nothing <in> 1s & \"more\"\n"
	    "      at testcases/rst/in-window.tcs:10\n"
	    "      +0.000 > S seq 1000"));
	ck_assert_ptr_nonnull(strstr(out, "\nXFAIL rst/time-wait-assassination"
	    " (2.00s): known deviation: closes TIME-WAIT on RST (RFC 1337); "
	    "connection closed by RST\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nSKIP  agent/needs-act (0.00s): "
	    "target cannot act (black box)\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nfailed:\n  FAIL  rst/in-window\n"
	    "  INCONC handshake/simultaneous-open\n"
	    "  XPASS options/mss-clamp\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nverdicts: 2 PASS, 1 FAIL, "
	    "1 XFAIL, 1 XPASS, 1 INCONC, 1 ERROR, 1 SKIP, 1 NOTRUN\n"
	    "9 testcases in "));
	ck_assert_ptr_null(strchr(out, '\033'));
	ck_assert_ptr_null(strchr(out, '\r'));
	ck_assert_ptr_null(strchr(out, '\x01'));
	/* The plain closing line CI parsers read comes last. */
	last = out + strlen(out) - 1;
	while (last > out && last[-1] != '\n')
		last--;
	ck_assert_str_eq(last, "3 passed, 5 failed, 1 skipped\n");
	free(out);

	/* Colour on, then NO_COLOR wins; the closing line is never coloured. */
	out = console_run(v, n, true, false);
	ck_assert_ptr_nonnull(strstr(out, "\033[32mPASS\033[0m  handshake/"));
	ck_assert_ptr_nonnull(strstr(out, "\n3 passed, 5 failed, 1 skipped\n"));
	free(out);
	setenv("NO_COLOR", "1", 1);
	out = console_run(v, n, true, false);
	ck_assert_ptr_null(strchr(out, '\033'));
	free(out);
	unsetenv("NO_COLOR");

	/*
	 * Progress: drawn with \r, wiped before each result line; counts
	 * per verdict so far, and an ETA once a testcase finished: after
	 * 0.21 s and 1.02 s, 7 left on -j 4 take 615 ms * 7 / 4 = 1.08 s,
	 * rounded up (less the microseconds since the last result).
	 */
	out = console_run(v, n, false, true);
	ck_assert_ptr_nonnull(strstr(out, "\r[0/9] 9 running; 0s elapsed, "
	    "ETA --\r                                   \rPASS  "
	    "handshake/passive-open"));
	ck_assert_ptr_nonnull(strstr(out, "\r[2/9] 7 running: 1 PASS, "
	    "1 FAIL; 0s elapsed, ETA 2s\r"));
	ck_assert_ptr_nonnull(strstr(out, "\r[8/9] 1 running: 1 PASS, "
	    "1 FAIL, 1 XFAIL, 1 XPASS, 1 INCONC, 1 ERROR, 1 SKIP, 1 NOTRUN; "
	    "0s elapsed, ETA "));
	free(out);
	for (i = 0; i < n; i++)
		tc_result_free(v[i]);
}
END_TEST

START_TEST(test_console_tail)
{
	struct tc_result *r = tc_result_new("long/log", NULL), *v[1] = { r };
	char *out;
	int i;

	for (i = 0; i < 20; i++)
		tc_result_log(r, i * 1000000, TC_LOG_IN, (unsigned)i, "",
		    "seg %d", i);
	tc_result_set(r, TC_VERDICT_FAIL, "step 12 failed");
	r->fail_line = 12;
	out = console_run(v, 1, false, false);
	ck_assert_ptr_nonnull(strstr(out, "      ... 5 earlier log lines\n"
	    "      +0.005 < seg 5  (line 5)\n"));
	ck_assert_ptr_nonnull(strstr(out, "      +0.012 < seg 12  (line 12)\n"
	    "      ... 7 later log lines\n"));
	ck_assert_ptr_null(strstr(out, "seg 4 "));
	ck_assert_ptr_null(strstr(out, "seg 13"));
	ck_assert_ptr_nonnull(strstr(out, "\n0 passed, 1 failed, 0 skipped\n"));
	free(out);
	tc_result_free(r);
}
END_TEST

/* ---------------------------------------------------------------- */

static Suite *
reports_suite(void)
{
	Suite *s = suite_create("reports");
	TCase *tc;

	tc = tcase_create("result");
	tcase_add_loop_test(tc, test_verdicts, 0, TC_VERDICT_COUNT);
	tcase_add_test(tc, test_result_new);
	tcase_add_test(tc, test_log_cap);
	tcase_add_test(tc, test_frame_cap);
	suite_add_tcase(s, tc);

	tc = tcase_create("deviations");
	tcase_add_checked_fixture(tc, tmpdir_setup, tmpdir_teardown);
	tcase_add_test(tc, test_dev_lookup);
	tcase_add_loop_test(tc, test_dev_errors, 0,
	    sizeof(bad_devs) / sizeof(bad_devs[0]));
	tcase_add_test(tc, test_dev_load);
	tcase_add_test(tc, test_dev_apply);
	suite_add_tcase(s, tc);

	tc = tcase_create("writers");
	tcase_add_checked_fixture(tc, tmpdir_setup, tmpdir_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_xmlesc, 0,
	    sizeof(xml_cases) / sizeof(xml_cases[0]));
	tcase_add_test(tc, test_junit);
	tcase_add_loop_test(tc, test_junit_schema, 0, 3);
	tcase_add_test(tc, test_junit_counts);
	tcase_add_test(tc, test_tap);
	tcase_add_test(tc, test_tap14);
	tcase_add_loop_test(tc, test_tap_prove, 0, 5);
	tcase_add_test(tc, test_atomic);
	tcase_add_test(tc, test_atomic_direct);
	tcase_add_test(tc, test_console);
	tcase_add_test(tc, test_console_tail);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(reports_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

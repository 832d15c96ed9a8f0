/* html_test.c - the HTML report and its ladder diagrams, rendered. */
#include <check.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "html.h"
#include "ladder.h"
#include "report.h"
#include "result.h"

/* Text no report may pass raw: markup, quotes, invalid UTF-8. */
#define HOSTILE	"<script>alert('x')</script> & \"q\" ]]> \x01 \xff\xfe" \
	"\xc0\xaf tab\there\r\nnext"
#define LONG_LOG	6000	/* log lines logged; the model keeps 4097 */
#define LONG_FAIL	3000	/* where the long log fails */

static const struct tc_run_info run_info = {
	.tool_version = "0.1.0",
	.target = "netns (Linux 6.1 & <test>)",
	.seed = 1234,
	.jobs = 4,
	.start = 1700000000,
	.end = 1700000005,
	.interrupted = true,
};

/* ---- helpers ---------------------------------------------------- */

static char dir[128];
static bool keep;	/* TC_HTML_OUT names a directory to keep files in */

static void
dir_setup(void)
{
	const char *out = getenv("TC_HTML_OUT");

	keep = out != NULL && out[0] != '\0';
	if (keep) {
		snprintf(dir, sizeof(dir), "%s", out);
		(void)mkdir(dir, 0755);
		return;
	}
	snprintf(dir, sizeof(dir), "/tmp/tc-html-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
dir_teardown(void)
{
	char cmd[256];

	if (keep)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	(void)!system(cmd);
}

static int
run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Exit status of a shell command (-1 when it did not exit). */
static int
run(const char *fmt, ...)
{
	char cmd[2048];
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
slurp(const char *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	size_t len;
	char *buf;
	long sz;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	(void)fseek(f, 0, SEEK_END);
	sz = ftell(f);
	rewind(f);
	buf = malloc((size_t)sz + 1);
	ck_assert_ptr_nonnull(buf);
	len = fread(buf, 1, (size_t)sz, f);
	buf[len] = '\0';
	fclose(f);
	if (lenp != NULL)
		*lenp = len;
	return buf;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static char *
memwrite(struct tc_result *const *v, size_t n, size_t *lenp)
{
	struct tc_diag diag;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	tc_diag_init(&diag);
	ck_assert_int_eq(tc_report_html.write(f, &run_info, v, n, &diag),
	    TC_OK);
	ck_assert_int_eq(fclose(f), 0);
	if (lenp != NULL)
		*lenp = len;
	return buf;
}

/* ---- the fixture: every verdict, hostile text, a long log -------- */

enum { NRES = 10 };

static struct tc_result *
mk(const char *id, const char *title, enum tc_verdict v, int64_t dur_ms)
{
	char path[256];
	struct tc_result *r;

	snprintf(path, sizeof(path), "testcases/%s.tcs", id);
	r = tc_result_new(id, path);
	ck_assert_ptr_nonnull(r);
	r->title = strdup(title);
	r->refs = strdup("RFC9293 3.5");
	r->verdict = v;
	r->duration_ns = dur_ms * 1000000;
	return r;
}

static void
fail_at(struct tc_result *r, unsigned line, const char *expected,
    const char *got)
{
	r->fail_line = line;
	snprintf(r->expected, sizeof(r->expected), "%s", expected);
	snprintf(r->got, sizeof(r->got), "%s", got);
}

/* A passive open as the engine logs it, ending in ESTABLISHED. */
static void
handshake(struct tc_result *r, bool complete)
{
	tc_result_log(r, 0, TC_LOG_NOTE, 0, "", "isn 1000; tester "
	    "198.18.0.1:40001, target 198.18.0.2:10001 (seed 1234)");
	tc_result_log(r, 120000, TC_LOG_NOTE, 5, "LISTEN",
	    "target listen 10001 as srv");
	tc_result_log(r, 310000, TC_LOG_OUT, 6, "LISTEN",
	    "S seq 1000 win 65535 <mss 1460>");
	tc_result_log(r, 330000, TC_LOG_NOTE, 0, "SYN-RECEIVED",
	    "model: LISTEN -> SYN-RECEIVED on SYN (RFC9293 3.10.7.2)");
	tc_result_log(r, 1500000, TC_LOG_IN, 0, "SYN-RECEIVED",
	    "S. seq 3735928559 ack 1001 win 64240 <mss 1460,sackOK,TS val "
	    "3172942397 ecr 0,nop,wscale 7>");
	if (!complete)
		return;
	tc_result_log(r, 2000000, TC_LOG_OUT, 8, "SYN-RECEIVED",
	    ". seq 1001 ack 3735928560 win 65535");
	tc_result_log(r, 2010000, TC_LOG_NOTE, 0, "ESTABLISHED",
	    "model: SYN-RECEIVED -> ESTABLISHED on ACK (RFC9293 3.10.7.3)");
}

static struct tc_result *
mk_hostile(void)
{
	struct tc_result *r = mk("rst/" HOSTILE, HOSTILE, TC_VERDICT_FAIL, 7);

	free(r->refs);
	r->refs = strdup(HOSTILE);
	ck_assert_int_eq(tc_result_add_tag(r, HOSTILE), TC_OK);
	ck_assert_int_eq(tc_result_add_tag(r, "rst"), TC_OK);
	r->pcap_path = strdup("pcaps/" HOSTILE ".pcap");
	tc_result_log(r, 0, TC_LOG_OUT, 3, HOSTILE, HOSTILE);
	tc_result_log(r, 1000, TC_LOG_IN, 0, "", HOSTILE);
	tc_result_log(r, 2000, TC_LOG_NOTE, 4, "", "FAIL: " HOSTILE);
	tc_result_set(r, TC_VERDICT_FAIL, "line 4: %s", HOSTILE);
	fail_at(r, 4, HOSTILE, HOSTILE);
	return r;
}

/* LONG_LOG lines; the failure at LONG_FAIL, then more lines. */
static struct tc_result *
mk_long(void)
{
	struct tc_result *r = mk("flood/long-log", "a long log fails late",
	    TC_VERDICT_FAIL, 4000);
	size_t i;

	for (i = 0; i < LONG_LOG; i++) {
		if (i == LONG_FAIL) {
			tc_result_log(r, (int64_t)i * 1000000, TC_LOG_NOTE,
			    40, "ESTABLISHED", "FAIL: at %d", LONG_FAIL);
			continue;
		}
		tc_result_log(r, (int64_t)i * 1000000, i % 2 ? TC_LOG_IN :
		    TC_LOG_OUT, i % 2 ? 0 : 30, "ESTABLISHED",
		    ". seq %zu ack 1 win 65535 len 1448", 1000 + i * 1448);
	}
	tc_result_set(r, TC_VERDICT_FAIL, "line 40: at %d", LONG_FAIL);
	/* What came: the segment before the note, from the target. */
	fail_at(r, 40, ". ack 1", r->log[LONG_FAIL - 1].text);
	return r;
}

static struct tc_result *
mk_wrong_ack(void)
{
	struct tc_result *r = mk("handshake/wrong-ack", "a SYN-ACK acks "
	    "ISN+1", TC_VERDICT_FAIL, 5120);

	ck_assert_int_eq(tc_result_add_tag(r, "handshake"), TC_OK);
	ck_assert_int_eq(tc_result_add_tag(r, "selftest"), TC_OK);
	handshake(r, false);
	tc_result_log(r, 1600000, TC_LOG_NOTE, 7, "SYN-RECEIVED",
	    "FAIL: expected S. ack=1002: ack is 1001, expected 1002");
	tc_result_set(r, TC_VERDICT_FAIL, "line 7: expected S. ack=1002: "
	    "ack is 1001, expected 1002");
	fail_at(r, 7, "S. ack=1002", r->log[4].text);
	return r;
}

/* Verdicts with little or no log: XPASS, INCONC, ERROR, SKIP, NOTRUN. */
static size_t
fixture_short(struct tc_result **v)
{
	struct tc_result *r;
	size_t n = 0;

	r = v[n++] = mk("options/mss-clamp", "MSS clamp", TC_VERDICT_XPASS,
	    90);
	tc_result_set(r, TC_VERDICT_XPASS, "listed as a known deviation "
	    "(options/*) but passed");
	handshake(r, true);
	r = v[n++] = mk("handshake/simultaneous-open", "simultaneous open",
	    TC_VERDICT_INCONC, 330);
	tc_result_log(r, 0, TC_LOG_OUT, 5, "SYN-SENT", "S seq 1000 win 65535");
	tc_result_log(r, 1000000000, TC_LOG_NOTE, 6, "SYN-SENT",
	    "INCONC: expected S within 1.000s; nothing came");
	tc_result_set(r, TC_VERDICT_INCONC, "line 6: expected S within "
	    "1.000s; nothing came (before 'ready')");
	fail_at(r, 6, "S", "nothing");
	r = v[n++] = mk("data/broken-script", "a runtime script fault",
	    TC_VERDICT_ERROR, 3);
	tc_result_log(r, 0, TC_LOG_NOTE, 9, "", "ERROR: send failed: No "
	    "buffer space available");
	tc_result_set(r, TC_VERDICT_ERROR, "line 9: send failed: No buffer "
	    "space available");
	r->fail_line = 9;
	r = v[n++] = mk("sysctl/needs-sysctl", "needs sysctl",
	    TC_VERDICT_SKIP, 0);
	tc_result_set(r, TC_VERDICT_SKIP, "the target cannot set sysctls");
	v[n++] = mk("teardown/not-reached", "never ran", TC_VERDICT_NOTRUN, 0);
	return n;
}

static size_t
fixture(struct tc_result **v)
{
	struct tc_result *r;
	size_t n = 0;

	r = v[n++] = mk("handshake/passive-open", "passive open",
	    TC_VERDICT_PASS, 210);
	ck_assert_int_eq(tc_result_add_tag(r, "handshake"), TC_OK);
	handshake(r, true);
	v[n++] = mk_wrong_ack();
	v[n++] = mk_hostile();
	r = v[n++] = mk("rst/time-wait-assassination", "RST in TIME-WAIT",
	    TC_VERDICT_XFAIL, 80);
	handshake(r, true);
	tc_result_log(r, 3000000, TC_LOG_NOTE, 12, "ESTABLISHED",
	    "FAIL: the target is in CLOSED, expected TIME-WAIT");
	tc_result_set(r, TC_VERDICT_XFAIL, "line 12: known deviation: "
	    "closes TIME-WAIT on RST (RFC 1337)");
	fail_at(r, 12, "TIME-WAIT", "CLOSED");
	n += fixture_short(v + n);
	v[n++] = mk_long();
	ck_assert_uint_eq(n, NRES);
	return n;
}

static void
fixture_free(struct tc_result **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		tc_result_free(v[i]);
}

/* Writes the fixture to dir/name with the atomic writer; returns path. */
static const char *
write_fixture(const char *name)
{
	static char path[256];
	struct tc_result *v[NRES];
	struct tc_diag diag;
	size_t n;

	n = fixture(v);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	tc_diag_init(&diag);
	ck_assert_ptr_eq(tc_report_find("html"), &tc_report_html);
	ck_assert_int_eq(tc_report_write(&tc_report_html, path, &run_info, v,
	    n, &diag), TC_OK);
	fixture_free(v, n);
	return path;
}

/* ---- the page as text -------------------------------------------- */

/* Well-formed XML, so the SVG inside it is too; valid UTF-8. */
START_TEST(test_wellformed)
{
	const char *path = write_fixture("report.html");

	ck_assert_msg(have("xmllint"), "xmllint not found: install "
	    "libxml2-utils (ci/deps.sh does)");
	ck_assert_msg(run("xmllint --noout --nonet '%s'", path) == 0,
	    "%s is not well-formed XML", path);
}
END_TEST

/* Opens from disk with no network: no URL but "#..." anchors. */
START_TEST(test_self_contained)
{
	char *html = slurp(write_fixture("report.html"), NULL);
	const char *p;

	ck_assert_ptr_null(strstr(html, "http://"));
	ck_assert_ptr_null(strstr(html, "https://"));
	ck_assert_ptr_null(strstr(html, " src="));
	ck_assert_ptr_null(strstr(html, "url("));
	ck_assert_ptr_null(strstr(html, "@import"));
	ck_assert_ptr_null(strstr(html, "<link"));
	for (p = html; (p = strstr(p, "href=")) != NULL; p++)
		ck_assert_msg(strncmp(p, "href=\"#", 7) == 0,
		    "external href: %.40s", p);
	ck_assert_uint_gt(count(html, "href=\"#tc-"), NRES - 1);
	free(html);
}
END_TEST

START_TEST(test_escaping)
{
	size_t len;
	char *html = slurp(write_fixture("report.html"), &len);

	ck_assert_ptr_null(strstr(html, "<script>alert"));
	ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;alert("
	    "&apos;x&apos;)&lt;/script&gt; &amp; &quot;q&quot; ]]&gt;"));
	ck_assert_ptr_null(memchr(html, 0xff, len));
	ck_assert_ptr_null(memchr(html, 0x01, len));
	ck_assert_ptr_null(memchr(html, '\r', len));
	/* One <script> (ours), one </script>. */
	ck_assert_uint_eq(count(html, "<script"), 1);
	ck_assert_uint_eq(count(html, "</script"), 1);
	free(html);
}
END_TEST

START_TEST(test_header_and_counts)
{
	char *html = slurp(write_fixture("report.html"), NULL);

	ck_assert_ptr_nonnull(strstr(html, "<!DOCTYPE html>"));
	ck_assert_ptr_nonnull(strstr(html, "netns (Linux 6.1 &amp; "
	    "&lt;test&gt;)"));
	ck_assert_ptr_nonnull(strstr(html, "<dd>1234</dd>"));
	ck_assert_ptr_nonnull(strstr(html, "2023-11-14 22:13:20 UTC"));
	ck_assert_ptr_nonnull(strstr(html, "2023-11-14 22:13:25 UTC"));
	ck_assert_ptr_nonnull(strstr(html, "id=\"interrupted\""));
	ck_assert_ptr_nonnull(strstr(html, "id=\"n-total\">10<"));
	ck_assert_ptr_nonnull(strstr(html, "id=\"n-PASS\">1<"));
	ck_assert_ptr_nonnull(strstr(html, "id=\"n-FAIL\">3<"));
	ck_assert_ptr_nonnull(strstr(html, "id=\"n-XFAIL\">1<"));
	ck_assert_ptr_nonnull(strstr(html, "id=\"n-NOTRUN\">1<"));
	/* A table row and a <details> per testcase. */
	ck_assert_uint_eq(count(html, "<tr data-verdict="), NRES);
	ck_assert_uint_eq(count(html, "<details id=\"tc-"), NRES);
	ck_assert_uint_eq(count(html, "data-verdict=\"FAIL\""), 2 * 3);
	/* Without script all shows; the filters wait for the script. */
	ck_assert_ptr_nonnull(strstr(html, "id=\"filters\" hidden="));
	ck_assert_uint_eq(count(html, " hidden="), 1);
	/* Tags sorted; the hostile tag's index is a number. */
	ck_assert_ptr_nonnull(strstr(html, "value=\"0\"/> &lt;script"));
	ck_assert_ptr_nonnull(strstr(html, "data-tags=\"0 2\""));
	/* Expected vs got for the wrong ack. */
	ck_assert_ptr_nonnull(strstr(html, "<code>S. ack=1002</code>"));
	free(html);
}
END_TEST

/* The SVG of the testcase at id tc-idx, as a new string. */
static char *
svg_of(const char *html, int idx)
{
	char key[32];
	const char *p, *q, *next;

	snprintf(key, sizeof(key), "<details id=\"tc-%d\"", idx);
	p = strstr(html, key);
	ck_assert_ptr_nonnull(p);
	next = strstr(p + 1, "<details id=\"tc-");
	p = strstr(p, "<svg");
	ck_assert_msg(p != NULL && (next == NULL || p < next), "no svg");
	q = strstr(p, "</svg>");
	ck_assert_ptr_nonnull(q);
	return strndup(p, (size_t)(q - p) + 6);
}

START_TEST(test_ladder_failure)
{
	char *html = slurp(write_fixture("report.html"), NULL);
	char *svg = svg_of(html, 1);

	/* The SYN-ACK that came, red, and the box with expected/got. */
	ck_assert_uint_eq(count(svg, "class=\"seg in hl\""), 1);
	ck_assert_uint_eq(count(svg, "class=\"seg out\""), 1);
	ck_assert_uint_eq(count(svg, "class=\"box\""), 1);
	ck_assert_ptr_nonnull(strstr(svg, "expected: S. ack=1002"));
	ck_assert_ptr_nonnull(strstr(svg, "&lt;mss 1460,sackOK"));
	/* A badge per state change: LISTEN, SYN-RECEIVED. */
	ck_assert_uint_eq(count(svg, "<g class=\"st\">"), 2);
	ck_assert_ptr_nonnull(strstr(svg, ">SYN-RECEIVED</text>"));
	ck_assert_ptr_nonnull(strstr(svg, ">line 6</text>"));
	free(svg);
	/* A pass has no highlight and no box. */
	svg = svg_of(html, 0);
	ck_assert_ptr_null(strstr(svg, " hl\""));
	ck_assert_ptr_null(strstr(svg, "class=\"box"));
	ck_assert_uint_eq(count(svg, "<g class=\"st\">"), 3);
	free(svg);
	/* XFAIL's box is amber; nothing arrived for INCONC, still a box. */
	svg = svg_of(html, 3);
	ck_assert_ptr_nonnull(strstr(svg, "class=\"box xfail\""));
	free(svg);
	svg = svg_of(html, 5);
	ck_assert_ptr_nonnull(strstr(svg, "     got: nothing"));
	ck_assert_ptr_null(strstr(svg, " hl\""));
	free(svg);
	/* Nothing logged: no diagram but a word. */
	ck_assert_ptr_nonnull(strstr(html, "Nothing was logged."));
	free(html);
}
END_TEST

/* The long log: 400 lines drawn, the failure among them. */
START_TEST(test_ladder_cap)
{
	struct tc_result *r = mk_long();
	char *html, *svg;
	char want[64];

	ck_assert_uint_eq(r->nlog, TC_RESULT_LOG_MAX + 1);
	ck_assert_uint_eq(tc_ladder_rows(r, 0), TC_LADDER_ROWS_MAX);
	ck_assert_uint_eq(tc_ladder_rows(r, 50), 50);
	html = memwrite(&r, 1, NULL);
	svg = svg_of(html, 0);
	ck_assert_uint_eq(count(svg, "<g class=\"seg ") + count(svg,
	    "<g class=\"note\">") + count(svg, "<g class=\"box"),
	    TC_LADDER_ROWS_MAX);
	ck_assert_ptr_nonnull(strstr(svg, ">FAIL: at 3000</text>"));
	snprintf(want, sizeof(want), "\xe2\x80\xa6 %d log lines not drawn",
	    LONG_FAIL + 1 - TC_LADDER_ROWS_MAX);
	ck_assert_msg(strstr(svg, want) != NULL, "no '%s'", want);
	snprintf(want, sizeof(want), "\xe2\x80\xa6 %d more log lines not "
	    "drawn", TC_RESULT_LOG_MAX + 1 - LONG_FAIL - 1);
	ck_assert_msg(strstr(svg, want) != NULL, "no '%s'", want);
	/* The segment that failed is the last IN before the note. */
	ck_assert_uint_eq(count(svg, " hl\""), 1);
	snprintf(want, sizeof(want), "(%d more dropped)",
	    LONG_LOG - TC_RESULT_LOG_MAX);
	ck_assert_ptr_nonnull(strstr(html, want));
	free(svg);
	free(html);
	tc_result_free(r);
}
END_TEST

/* Baselines of wrapped text in one diagram never come closer than a line. */
START_TEST(test_ladder_rows_apart)
{
	struct tc_result *r = mk("x/wrap", "wrap", TC_VERDICT_FAIL, 1);
	char *html, *svg, text[200];
	const char *p;
	int y, last = -100;
	size_t i;

	memset(text, 'A', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	for (i = 0; i < 30; i++) {
		tc_result_log(r, (int64_t)i, (enum tc_logdir)(i % 3),
		    (unsigned)i, i % 4 ? "" : (i % 8 ? "CLOSED" : "LISTEN"),
		    "%.*s", (int)(i * 7 % 199), text);
		if (i % 5 == 0)
			text[i * 6] = ' ';
	}
	tc_result_set(r, TC_VERDICT_FAIL, "%s", text);
	fail_at(r, 3, text, text);
	html = memwrite(&r, 1, NULL);
	svg = svg_of(html, 0);
	for (p = svg; (p = strstr(p, "<text class=\"")) != NULL; p++) {
		if (strncmp(p + 13, "lbl", 3) != 0 &&
		    strncmp(p + 13, "nt\"", 3) != 0 &&
		    strncmp(p + 13, "bx", 2) != 0)
			continue;
		ck_assert_int_eq(sscanf(strstr(p, " y=\""), " y=\"%d", &y), 1);
		ck_assert_msg(y >= last + 13, "text at y=%d after y=%d", y,
		    last);
		last = y;
	}
	ck_assert_int_gt(last, 0);
	free(svg);
	free(html);
	tc_result_free(r);
}
END_TEST

/*
 * 10,000 testcases with 300 log lines each: the page stays bounded, and
 * the failures get their diagrams first.
 */
START_TEST(test_bounded)
{
	enum { N = 10000, LINES = 300 };
	struct tc_logent *shared = calloc(LINES, sizeof(*shared));
	struct tc_result **v = calloc(N, sizeof(*v));
	char id[32], *html;
	size_t i, len;

	ck_assert_ptr_nonnull(shared);
	ck_assert_ptr_nonnull(v);
	for (i = 0; i < LINES; i++) {
		shared[i].t_ns = (int64_t)i * 1000;
		shared[i].dir = (enum tc_logdir)(i % 3);
		snprintf(shared[i].text, sizeof(shared[i].text),
		    ". seq %zu ack 1 win 512", i);
	}
	for (i = 0; i < N; i++) {
		snprintf(id, sizeof(id), "bulk/case-%05zu", i);
		v[i] = mk(id, "bulk", i == N - 1 ? TC_VERDICT_FAIL :
		    TC_VERDICT_PASS, 1);
		v[i]->log = shared;	/* borrowed: unset before freeing */
		v[i]->nlog = LINES;
	}
	html = memwrite(v, N, &len);
	ck_assert_uint_lt(len, 64u << 20);
	/* The last testcase failed: it has its diagram. */
	ck_assert_ptr_nonnull(strstr(strstr(html, "id=\"tc-9999\""),
	    "<svg"));
	/* html.c's LADDER_BUDGET of 20000 lines: the failure's 300, then
	 * as many passes as the rest holds. */
	ck_assert_uint_eq(count(html, "<svg"), 1 + (20000 - LINES) / LINES);
	ck_assert_uint_eq(count(html, "No diagram: "),
	    N - 1 - (20000 - LINES) / LINES);
	free(html);
	for (i = 0; i < N; i++) {
		v[i]->log = NULL;
		tc_result_free(v[i]);
	}
	free(v);
	free(shared);
}
END_TEST

START_TEST(test_empty_run)
{
	char *html = memwrite(NULL, 0, NULL);

	ck_assert_ptr_nonnull(strstr(html, "No testcases."));
	ck_assert_ptr_nonnull(strstr(html, "id=\"n-total\">0<"));
	ck_assert_ptr_nonnull(strstr(html, "</html>"));
	free(html);
}
END_TEST

/* ---- rendered in headless Chromium ------------------------------- */

static const char *
chromium(void)
{
	if (have("chromium"))
		return "chromium";
	if (have("chromium-browser"))
		return "chromium-browser";
	ck_abort_msg("headless Chromium not found: install it (Debian: "
	    "apt-get install chromium chromium-driver; ci/deps.sh does)");
	return NULL;
}

/*
 * Runs Chromium on url with extra flags ("--dump-dom" output goes to
 * dir/out); no network, no profile of the user's.
 */
static void
browse(const char *flags, const char *url, const char *out)
{
	int st;

	st = run("timeout 120 %s --headless --no-sandbox --disable-gpu "
	    "--disable-quic --no-first-run --disable-background-networking "
	    "--disable-component-update --disable-sync --disable-extensions "
	    "--user-data-dir='%s/profile' --window-size=1280,2000 %s '%s' "
	    ">'%s/%s' 2>>'%s/chromium.log'", chromium(), dir, flags, url,
	    dir, out, dir);
	ck_assert_msg(st == 0, "chromium exited %d (see %s/chromium.log)",
	    st, dir);
}

/* The DOM after the script ran, filtered to failures by the URL. */
START_TEST(test_chromium_dom)
{
	const char *path = write_fixture("report.html");
	char url[512], out[256], *dom;

	snprintf(url, sizeof(url), "file://%s#verdict=FAIL", path);
	browse("--dump-dom", url, "dom.html");
	snprintf(out, sizeof(out), "%s/dom.html", dir);
	dom = slurp(out, NULL);
	ck_assert_msg(strstr(dom, "data-ready=\"1\"") != NULL,
	    "the page's script did not finish");
	/* The filter bar shows; only the three failures do. */
	ck_assert_ptr_null(strstr(dom, "id=\"filters\" hidden"));
	ck_assert_ptr_nonnull(strstr(dom, ">3 of 10 testcases shown<"));
	ck_assert_uint_eq(count(dom, "data-verdict=\"PASS\" data-tags=\"1\" "
	    "hidden=\"\""), 2);
	ck_assert_uint_eq(count(dom, " hidden=\"\""), 2 * (NRES - 3));
	ck_assert_ptr_nonnull(strstr(dom, "id=\"n-FAIL\">3<"));
	ck_assert_ptr_nonnull(strstr(dom, "id=\"n-total\">10<"));
	/* The failing arrow of the wrong ack made it into the DOM. */
	ck_assert_ptr_nonnull(strstr(dom, "<g class=\"seg in hl\">"));
	ck_assert_ptr_nonnull(strstr(dom, "<svg class=\"ladder\""));
	free(dom);
}
END_TEST

/*
 * Chromium lays out every diagram (all <details> opened) and measures
 * every text: none may overlap another or leave its diagram.  The
 * checker page loads the report in an iframe, as file:// pages may read
 * each other only with --allow-file-access-from-files.
 */
static const char checker[] =
    "<!DOCTYPE html><html><body><iframe id=\"r\" src=\"report.html\" "
    "width=\"1280\" height=\"900\"></iframe><pre id=\"out\">pending</pre>"
    "<script>\n"
    "function hit(a, b) {\n"
    "  var e = 0.5;\n"
    "  return a.x + e < b.x + b.width && b.x + e < a.x + a.width &&\n"
    "    a.y + e < b.y + b.height && b.y + e < a.y + a.height;\n"
    "}\n"
    "document.getElementById('r').addEventListener('load', function () {\n"
    "  var doc = this.contentDocument, bad = [], n = 0;\n"
    "  doc.querySelectorAll('details').forEach(function (d) {\n"
    "    d.open = true; });\n"
    "  doc.querySelectorAll('svg.ladder').forEach(function (svg, k) {\n"
    "    var w = svg.viewBox.baseVal.width, h = svg.viewBox.baseVal.height;"
    "\n    var t = Array.prototype.map.call(svg.querySelectorAll('text'),\n"
    "      function (e) { return { e: e, b: e.getBBox() }; });\n"
    "    t.forEach(function (a, i) {\n"
    "      n++;\n"
    "      if (a.b.x < 0 || a.b.y < 0 || a.b.x + a.b.width > w ||\n"
    "          a.b.y + a.b.height > h) bad.push(k + ' out: ' +\n"
    "          a.e.textContent);\n"
    "      for (var j = i + 1; j < t.length; j++)\n"
    "        if (hit(a.b, t[j].b)) bad.push(k + ': ' + a.e.textContent +\n"
    "          ' / ' + t[j].e.textContent);\n"
    "    });\n"
    "  });\n"
    "  document.getElementById('out').textContent = 'texts ' + n +\n"
    "    ' overlaps ' + bad.length + ' [' + bad.slice(0, 5).join(' | ') +"
    "    ']';\n"
    "});\n"
    "</script></body></html>\n";

START_TEST(test_chromium_layout)
{
	char path[256], url[512], *dom, *p;
	unsigned long texts = 0, overlaps = 1;
	FILE *f;

	(void)write_fixture("report.html");
	snprintf(path, sizeof(path), "%s/check.html", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(checker, f);
	ck_assert_int_eq(fclose(f), 0);
	snprintf(url, sizeof(url), "file://%s", path);
	browse("--allow-file-access-from-files --dump-dom", url,
	    "checked.html");
	snprintf(path, sizeof(path), "%s/checked.html", dir);
	dom = slurp(path, NULL);
	p = strstr(dom, "<pre id=\"out\">");
	ck_assert_ptr_nonnull(p);
	ck_assert_msg(sscanf(p, "<pre id=\"out\">texts %lu overlaps %lu",
	    &texts, &overlaps) == 2, "checker did not run: %.200s", p);
	ck_assert_msg(overlaps == 0, "overlapping text: %.600s", p);
	ck_assert_uint_gt(texts, 500);
	free(dom);
}
END_TEST

/* A screenshot: a PNG of the window's size with something drawn on it. */
START_TEST(test_chromium_screenshot)
{
	const char *path = write_fixture("report.html");
	char url[512], flag[320], png[256];
	unsigned char *buf;
	size_t len;

	snprintf(url, sizeof(url), "file://%s", path);
	snprintf(png, sizeof(png), "%s/report.png", dir);
	snprintf(flag, sizeof(flag), "--screenshot='%s'", png);
	browse(flag, url, "screenshot.out");
	buf = (unsigned char *)slurp(png, &len);
	ck_assert_uint_gt(len, 33);
	ck_assert_int_eq(memcmp(buf, "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16),
	    0);
	/* IHDR width and height, big-endian: 1280 x 2000. */
	ck_assert_int_eq(memcmp(buf + 16, "\0\0\x05\0\0\0\x07\xd0", 8), 0);
	/* A blank page of this size compresses to a few KiB. */
	ck_assert_uint_gt(len, 40 * 1024);
	free(buf);
}
END_TEST

static Suite *
html_suite(void)
{
	Suite *s = suite_create("html");
	TCase *tc;

	tc = tcase_create("page");
	tcase_add_checked_fixture(tc, dir_setup, dir_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_wellformed);
	tcase_add_test(tc, test_self_contained);
	tcase_add_test(tc, test_escaping);
	tcase_add_test(tc, test_header_and_counts);
	tcase_add_test(tc, test_ladder_failure);
	tcase_add_test(tc, test_ladder_cap);
	tcase_add_test(tc, test_ladder_rows_apart);
	tcase_add_test(tc, test_bounded);
	tcase_add_test(tc, test_empty_run);
	suite_add_tcase(s, tc);

	tc = tcase_create("chromium");
	tcase_add_checked_fixture(tc, dir_setup, dir_teardown);
	tcase_set_timeout(tc, 150);
	tcase_add_test(tc, test_chromium_dom);
	tcase_add_test(tc, test_chromium_layout);
	tcase_add_test(tc, test_chromium_screenshot);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(html_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

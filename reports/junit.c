/* junit.c - JUnit XML as GitLab, GitHub test reporters and Jenkins read it. */
#include "report.h"
#include "xmlesc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * Shape, and why:
 *
 *   <testsuites> one per run, <testsuite> per folder of the testcase id
 *   ("rst" for "rst/syn-in-window"), <testcase classname="rst"
 *   name="syn-in-window">, in run order.
 *
 *   FAIL, XPASS, INCONC -> <failure type="VERDICT">: each makes the run
 *   fail (exit 1), and CI tools colour only failure and error red.
 *   ERROR -> <error>: the script or engine broke, not the target.
 *   SKIP, NOTRUN -> <skipped>.  NOTRUN still fails the run through the
 *   exit status; the message says "not run".
 *   XFAIL -> a passed testcase with a <system-out> note: JUnit has no
 *   expected-failure element, and reporting it as <skipped> would hide
 *   that it ran and behaved as the deviations file says.
 *
 * Only what the Jenkins xUnit plugin's junit-10.xsd admits, since that
 * plugin rejects a file that does not validate (tests/schemas/junit.xsd
 * checks it): no "skipped" count on <testsuites>, and a testcase has no
 * "file" attribute and no <properties>.  Its verdict, script, title, ref
 * and tags are "key: value" lines of its <system-out> instead, which
 * GitLab and Jenkins show with the testcase.
 *
 * Logs go into the failure/error body and, for XFAIL, system-out; a
 * passing testcase carries none, to keep big suites' reports small.  A
 * pcap is named as "[[ATTACHMENT|path]]" in system-out, which Jenkins'
 * attachments plugin and GitLab turn into a link.
 */

/* Counts of one <testsuite> or of the whole run. */
struct counts {
	size_t		tests;
	size_t		failures;
	size_t		errors;
	size_t		skipped;
	int64_t		time_ns;
};

static void	count(struct counts *c, const struct tc_result *r);
static void	write_suite(FILE *f, const struct tc_run_info *run,
		    struct tc_result *const *results, size_t n, size_t first);
static void	write_case(FILE *f, const struct tc_result *r);

/* The folder of an id is all before its last '/'; "" when none. */
static size_t
folder_len(const char *id)
{
	const char *slash = strrchr(id, '/');

	return slash != NULL ? (size_t)(slash - id) : 0;
}

static bool
same_folder(const char *a, const char *b)
{
	size_t la = folder_len(a);

	return la == folder_len(b) && memcmp(a, b, la) == 0;
}

/* Seconds with milliseconds, without the locale's decimal point. */
static void
put_seconds(FILE *f, int64_t ns)
{
	int64_t ms = ns > 0 ? ns / 1000000 : 0;

	fprintf(f, "%" PRId64 ".%03" PRId64, ms / 1000, ms % 1000);
}

static void
count(struct counts *c, const struct tc_result *r)
{
	c->tests++;
	c->time_ns += r->duration_ns > 0 ? r->duration_ns : 0;
	switch (r->verdict) {
	case TC_VERDICT_FAIL:
	case TC_VERDICT_XPASS:
	case TC_VERDICT_INCONC:
		c->failures++;
		break;
	case TC_VERDICT_ERROR:
		c->errors++;
		break;
	case TC_VERDICT_SKIP:
	case TC_VERDICT_NOTRUN:
		c->skipped++;
		break;
	case TC_VERDICT_PASS:
	case TC_VERDICT_XFAIL:
	case TC_VERDICT_COUNT:
		break;
	}
}

/* skipped: also the skipped count (a <testsuite> has one, the root not). */
static void
put_counts(FILE *f, const struct counts *c, int64_t time_ns, bool skipped)
{
	fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\"",
	    c->tests, c->failures, c->errors);
	if (skipped)
		fprintf(f, " skipped=\"%zu\"", c->skipped);
	fputs(" time=\"", f);
	put_seconds(f, time_ns);
	fputc('"', f);
}

static void
put_property(FILE *f, const char *indent, const char *name,
    const char *value)
{
	fprintf(f, "%s<property name=\"", indent);
	tc_xmlesc_attr(f, name);
	fputs("\" value=\"", f);
	tc_xmlesc_attr(f, value);
	fputs("\"/>\n", f);
}

static enum tc_err
junit_write(FILE *f, const struct tc_run_info *run,
    struct tc_result *const *results, size_t n, struct tc_diag *diag)
{
	struct counts all = { 0 };
	int64_t wall_ns;
	size_t i, j;

	for (i = 0; i < n; i++)
		count(&all, results[i]);
	/* Parallel runs: the run took its wall time, not the sum. */
	wall_ns = run->duration_ns > 0 ? run->duration_ns :
	    run->end >= run->start && run->start != 0 ?
	    (int64_t)(run->end - run->start) * 1000000000 : all.time_ns;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"tcpconform\"", f);
	put_counts(f, &all, wall_ns, false);
	fputs(">\n", f);
	for (i = 0; i < n; i++) {
		/* A folder's suite is written where it first appears. */
		for (j = 0; j < i; j++)
			if (same_folder(results[j]->id, results[i]->id))
				break;
		if (j == i)
			write_suite(f, run, results, n, i);
	}
	fputs("</testsuites>\n", f);
	if (ferror(f)) {
		tc_diag_errno(diag, "cannot write JUnit report");
		return TC_ERR_SYS;
	}
	return TC_OK;
}

/* The folder of id as an attribute value; a root id's is "tcpconform". */
static void
put_folder(FILE *f, const char *id)
{
	size_t len = folder_len(id);
	char *dir;

	if (len == 0) {
		fputs("tcpconform", f);
		return;
	}
	dir = strndup(id, len);
	tc_xmlesc_attr(f, dir != NULL ? dir : "?");
	free(dir);
}

static void
write_suite_head(FILE *f, const struct tc_run_info *run, const char *id,
    const struct counts *c)
{
	char stamp[32], seed[24], jobs[16];
	struct tm tm;

	fputs("  <testsuite name=\"", f);
	put_folder(f, id);
	fputc('"', f);
	put_counts(f, c, c->time_ns, true);
	if (run->start != 0 && gmtime_r(&run->start, &tm) != NULL &&
	    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm) != 0)
		fprintf(f, " timestamp=\"%s\"", stamp);
	fputs(">\n    <properties>\n", f);
	snprintf(seed, sizeof(seed), "%" PRIu64, run->seed);
	snprintf(jobs, sizeof(jobs), "%d", run->jobs);
	put_property(f, "      ", "target", run->target ? run->target : "");
	put_property(f, "      ", "seed", seed);
	put_property(f, "      ", "jobs", jobs);
	put_property(f, "      ", "tool_version",
	    run->tool_version ? run->tool_version : "");
	if (run->interrupted)
		put_property(f, "      ", "interrupted", "true");
	fputs("    </properties>\n", f);
}

static void
write_suite(FILE *f, const struct tc_run_info *run,
    struct tc_result *const *results, size_t n, size_t first)
{
	struct counts c = { 0 };
	size_t i;

	for (i = first; i < n; i++)
		if (same_folder(results[i]->id, results[first]->id))
			count(&c, results[i]);
	write_suite_head(f, run, results[first]->id, &c);
	for (i = first; i < n; i++)
		if (same_folder(results[i]->id, results[first]->id))
			write_case(f, results[i]);
	fputs("  </testsuite>\n", f);
}

/* The log, one line per entry, each line escaped. */
static void
write_log(FILE *f, const struct tc_result *r)
{
	char line[sizeof(r->log[0].text) + 64];
	size_t i;

	for (i = 0; i < r->nlog; i++) {
		tc_result_logent_format(&r->log[i], line, sizeof(line));
		tc_xmlesc_text(f, line);
		fputc('\n', f);
	}
}

/* Body of <failure> and <error>: what, where, expected/got, the log. */
static void
write_detail(FILE *f, const struct tc_result *r)
{
	tc_xmlesc_text(f, r->reason);
	fputc('\n', f);
	if (r->expected[0] != '\0' || r->got[0] != '\0') {
		fputs("expected: ", f);
		tc_xmlesc_text(f, r->expected);
		fputs("\n     got: ", f);
		tc_xmlesc_text(f, r->got);
		fputc('\n', f);
	}
	if (r->fail_line != 0) {
		fputs("at: ", f);
		tc_xmlesc_text(f, r->path != NULL ? r->path : r->id);
		fprintf(f, ":%u\n", r->fail_line);
	}
	if (r->nlog != 0) {
		fputs("log:\n", f);
		write_log(f, r);
	}
}

/* One "key: value" line of system-out; nothing for an empty value. */
static void
put_line(FILE *f, const char *key, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	fprintf(f, "%s: ", key);
	tc_xmlesc_text(f, value);
	fputc('\n', f);
}

/* What the testcase is and how it ended, the XFAIL note, the pcap. */
static void
write_system_out(FILE *f, const struct tc_result *r)
{
	size_t i;

	fputs("      <system-out>", f);
	put_line(f, "verdict", tc_verdict_name(r->verdict));
	put_line(f, "script", r->path);
	put_line(f, "title", r->title);
	put_line(f, "ref", r->refs);
	if (r->ntags != 0) {
		fputs("tags:", f);
		for (i = 0; i < r->ntags; i++) {
			fputc(' ', f);
			tc_xmlesc_text(f, r->tags[i]);
		}
		fputc('\n', f);
	}
	if (r->verdict == TC_VERDICT_XFAIL) {
		fputs("XFAIL: ", f);
		write_detail(f, r);
	}
	if (r->pcap_path != NULL) {
		fputs("[[ATTACHMENT|", f);
		tc_xmlesc_text(f, r->pcap_path);
		fputs("]]\n", f);
	}
	fputs("</system-out>\n", f);
}

static void
write_outcome(FILE *f, const struct tc_result *r)
{
	const char *v = tc_verdict_name(r->verdict);

	switch (r->verdict) {
	case TC_VERDICT_FAIL:
	case TC_VERDICT_XPASS:
	case TC_VERDICT_INCONC:
	case TC_VERDICT_ERROR:
		fprintf(f, "      <%s message=\"", r->verdict ==
		    TC_VERDICT_ERROR ? "error" : "failure");
		tc_xmlesc_attr(f, r->reason);
		fprintf(f, "\" type=\"%s\">", v);
		write_detail(f, r);
		fprintf(f, "</%s>\n", r->verdict == TC_VERDICT_ERROR ?
		    "error" : "failure");
		break;
	case TC_VERDICT_SKIP:
	case TC_VERDICT_NOTRUN:
		fputs("      <skipped message=\"", f);
		if (r->verdict == TC_VERDICT_NOTRUN)
			fputs("not run: ", f);
		tc_xmlesc_attr(f, r->reason);
		fputs("\"/>\n", f);
		break;
	case TC_VERDICT_PASS:
	case TC_VERDICT_XFAIL:
	case TC_VERDICT_COUNT:
		break;
	}
}

static void
write_case(FILE *f, const struct tc_result *r)
{
	size_t fl = folder_len(r->id);
	const char *leaf = fl != 0 ? r->id + fl + 1 : r->id;

	fputs("    <testcase classname=\"", f);
	put_folder(f, r->id);
	fputs("\" name=\"", f);
	tc_xmlesc_attr(f, leaf);
	fputs("\" time=\"", f);
	put_seconds(f, r->duration_ns);
	fputs("\">\n", f);
	write_outcome(f, r);
	write_system_out(f, r);
	fputs("    </testcase>\n", f);
}

const struct tc_report_ops tc_report_junit = {
	.name = "junit",
	.description = "JUnit XML (GitLab, GitHub, Jenkins test reports)",
	.write = junit_write,
};

/* tap.c - TAP version 14, as prove and other TAP consumers read it. */
#include "report.h"
#include "xmlesc.h"

#include <inttypes.h>

/*
 * The document follows TAP 14, but "tap" declares "TAP version 13": the
 * prove of Test::Harness before 3.48 (perl < 5.40: Debian 12, Ubuntu
 * 24.04) rejects a version-14 stream outright, as a parse error that
 * fails even an all-pass run, while TAP 14 asks its harnesses to read a
 * version-13 stream as TAP 14.  Nothing here needs 14 (no subtests);
 * "tap14" declares 14 for consumers that want it.
 *
 * One test point per testcase, in run order:
 *
 *   PASS   ok N - id
 *   SKIP   ok N - id # SKIP reason
 *   XFAIL  not ok N - id # TODO known deviation: ...
 *   FAIL, XPASS, INCONC, ERROR, NOTRUN   not ok N - id
 *
 * A TODO point does not fail a TAP run, which is right for XFAIL.  XPASS
 * is deliberately not "ok # TODO": prove would count it as "unexpectedly
 * succeeded" and still pass, but a stale deviations list must fail the
 * run, as it does the exit status.  Every point but PASS and SKIP carries
 * a YAML diagnostic block.  Its strings are double-quoted with escapes
 * (YAML 1.2, and the subset TAP::Parser::YAMLish reads: \" \\ \t \n \r
 * \xNN); the log is a literal block, one entry a line, whose lines start
 * with '+' or '-' and so are never empty.
 */

static void	write_point(FILE *f, size_t num, const struct tc_result *r);
static void	write_yaml(FILE *f, const struct tc_result *r);

/* YAML 1.2 section 5.1 c-printable. */
static bool
yaml_printable(uint32_t cp)
{
	if (cp < 0x20)
		return cp == 0x9 || cp == 0xA || cp == 0xD;
	if (cp < 0x7F)
		return true;
	if (cp < 0xA0)
		return cp == 0x85;
	return cp != 0xFFFE && cp != 0xFFFF;
}

/*
 * Text on a test point line or in a comment: one line, with TAP 14's
 * escapes for '#' and '\' (so a '#' in a reason cannot start a directive).
 */
static void
put_line_text(FILE *f, const char *s)
{
	uint32_t cp;

	while ((cp = tc_xmlesc_utf8_next(&s)) != 0) {
		if (cp == '#' || cp == '\\')
			fputc('\\', f);
		if (cp < 0x20 || cp == 0x7F)
			cp = ' ';
		else if (!yaml_printable(cp))
			cp = TC_XMLESC_REPLACEMENT;
		tc_xmlesc_put_utf8(f, cp);
	}
}

/* A YAML double-quoted scalar. */
static void
put_quoted(FILE *f, const char *s)
{
	uint32_t cp;

	fputc('"', f);
	while ((cp = tc_xmlesc_utf8_next(&s)) != 0) {
		if (cp == '"' || cp == '\\')
			fprintf(f, "\\%c", (int)cp);
		else if (cp == '\n')
			fputs("\\n", f);
		else if (cp == '\t')
			fputs("\\t", f);
		else if (cp == '\r')
			fputs("\\r", f);
		else if (cp < 0x20 || cp == 0x7F)
			fprintf(f, "\\x%02x", (unsigned)cp);
		else
			tc_xmlesc_put_utf8(f, yaml_printable(cp) ? cp :
			    TC_XMLESC_REPLACEMENT);
	}
	fputc('"', f);
}

/* One line of a literal block: nothing can be escaped there. */
static void
put_block_line(FILE *f, const char *s)
{
	uint32_t cp;

	while ((cp = tc_xmlesc_utf8_next(&s)) != 0) {
		if (cp == '\t')
			cp = ' ';
		tc_xmlesc_put_utf8(f, cp >= 0x20 && yaml_printable(cp) ? cp :
		    TC_XMLESC_REPLACEMENT);
	}
	fputc('\n', f);
}

static enum tc_err
write_doc(FILE *f, int version, const struct tc_run_info *run,
    struct tc_result *const *results, size_t n, struct tc_diag *diag)
{
	size_t i;

	fprintf(f, "TAP version %d\n# tcpconform ", version);
	put_line_text(f, run->tool_version ? run->tool_version : "");
	fputs(" against ", f);
	put_line_text(f, run->target ? run->target : "?");
	fprintf(f, ", seed %" PRIu64 ", -j %d\n", run->seed, run->jobs);
	if (n == 0)
		fputs("1..0 # SKIP no testcases\n", f);
	else
		fprintf(f, "1..%zu\n", n);
	for (i = 0; i < n; i++)
		write_point(f, i + 1, results[i]);
	if (run->interrupted)
		fputs("# the run was interrupted\n", f);
	if (ferror(f)) {
		tc_diag_errno(diag, "cannot write TAP report");
		return TC_ERR_SYS;
	}
	return TC_OK;
}

static void
write_point(FILE *f, size_t num, const struct tc_result *r)
{
	bool ok = r->verdict == TC_VERDICT_PASS ||
	    r->verdict == TC_VERDICT_SKIP;

	fprintf(f, "%s %zu - ", ok ? "ok" : "not ok", num);
	put_line_text(f, r->id);
	if (r->verdict == TC_VERDICT_SKIP) {
		fputs(" # SKIP ", f);
		put_line_text(f, r->reason);
	} else if (r->verdict == TC_VERDICT_XFAIL) {
		fputs(" # TODO ", f);
		put_line_text(f, r->reason);
	}
	fputc('\n', f);
	if (!ok)
		write_yaml(f, r);
}

static void
put_key(FILE *f, const char *key, const char *value)
{
	fprintf(f, "  %s: ", key);
	put_quoted(f, value);
	fputc('\n', f);
}

static void
write_yaml(FILE *f, const struct tc_result *r)
{
	char line[sizeof(r->log[0].text) + 64];
	char msg[sizeof(r->reason) + 16];
	size_t i;

	fputs("  ---\n", f);
	snprintf(msg, sizeof(msg), "%s%s", r->verdict == TC_VERDICT_NOTRUN ?
	    "not run: " : "", r->reason);
	put_key(f, "message", msg);
	fprintf(f, "  severity: %s\n", r->verdict == TC_VERDICT_XFAIL ?
	    "todo" : r->verdict == TC_VERDICT_ERROR ? "error" : "fail");
	fprintf(f, "  verdict: %s\n", tc_verdict_name(r->verdict));
	if (r->expected[0] != '\0' || r->got[0] != '\0') {
		put_key(f, "expected", r->expected);
		put_key(f, "got", r->got);
	}
	if (r->fail_line != 0) {
		fprintf(f, "  at:\n    file: ");
		put_quoted(f, r->path != NULL ? r->path : r->id);
		fprintf(f, "\n    line: %u\n", r->fail_line);
	}
	if (r->refs != NULL)
		put_key(f, "ref", r->refs);
	if (r->pcap_path != NULL)
		put_key(f, "pcap", r->pcap_path);
	fprintf(f, "  duration_ms: %" PRId64 "\n", r->duration_ns > 0 ?
	    r->duration_ns / 1000000 : 0);
	if (r->nlog != 0) {
		fputs("  log: |\n", f);
		for (i = 0; i < r->nlog; i++) {
			tc_result_logent_format(&r->log[i], line,
			    sizeof(line));
			fputs("    ", f);
			put_block_line(f, line);
		}
	}
	fputs("  ...\n", f);
}

static enum tc_err
tap13_write(FILE *f, const struct tc_run_info *run,
    struct tc_result *const *results, size_t n, struct tc_diag *diag)
{
	return write_doc(f, 13, run, results, n, diag);
}

static enum tc_err
tap14_write(FILE *f, const struct tc_run_info *run,
    struct tc_result *const *results, size_t n, struct tc_diag *diag)
{
	return write_doc(f, 14, run, results, n, diag);
}

const struct tc_report_ops tc_report_tap = {
	.name = "tap",
	.description = "TAP (TAP 14 content, declared version 13; prove)",
	.write = tap13_write,
};

const struct tc_report_ops tc_report_tap14 = {
	.name = "tap14",
	.description = "TAP version 14 (needs Test::Harness >= 3.48)",
	.write = tap14_write,
};

/* console.c - streaming console output for a human, one line per testcase. */
#include "console.h"
#include "xmlesc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

/* ORDER VERDICTS: SGR colours of the verdict word. */
static const char *const verdict_sgr[] = {
	[TC_VERDICT_PASS] = "32",
	[TC_VERDICT_FAIL] = "1;31",
	[TC_VERDICT_XFAIL] = "33",
	[TC_VERDICT_XPASS] = "1;31",
	[TC_VERDICT_INCONC] = "1;35",
	[TC_VERDICT_ERROR] = "1;31",
	[TC_VERDICT_SKIP] = "36",
	[TC_VERDICT_NOTRUN] = "2",
};
_Static_assert(sizeof(verdict_sgr) / sizeof(verdict_sgr[0]) ==
    TC_VERDICT_COUNT, "one colour per verdict");

#define INDENT	"      "

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * Text from scripts, targets and packets goes to a terminal: control
 * characters (C0, DEL, C1 such as the 8-bit CSI) would be obeyed, so
 * they are shown as \xNN, and malformed UTF-8 as U+FFFD.
 */
static void
put_safe(FILE *f, const char *s)
{
	uint32_t cp;

	if (s == NULL)
		return;
	while ((cp = tc_xmlesc_utf8_next(&s)) != 0) {
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			fprintf(f, "\\x%02x", (unsigned)cp);
		else
			tc_xmlesc_put_utf8(f, cp);
	}
}

static void
put_verdict(struct tc_console *c, enum tc_verdict v)
{
	const char *name = tc_verdict_name(v);

	/* Padded to 5 so ids line up; INCONC and NOTRUN stick out by one. */
	if (c->color && (unsigned)v < TC_VERDICT_COUNT)
		fprintf(c->out, "\033[%sm%s\033[0m%*s ", verdict_sgr[v], name,
		    (int)(5 - (strlen(name) < 5 ? strlen(name) : 5)), "");
	else
		fprintf(c->out, "%-5s ", name);
}

static void
put_seconds(FILE *f, int64_t ns)
{
	int64_t cs = ns > 0 ? ns / 10000000 : 0;

	fprintf(f, "%" PRId64 ".%02" PRId64 "s", cs / 100, cs % 100);
}

void
tc_console_begin(struct tc_console *c, FILE *out,
    const struct tc_run_info *run, size_t total, bool color, bool progress)
{
	const char *nc = getenv("NO_COLOR");

	memset(c, 0, sizeof(*c));
	c->out = out;
	c->run = run;
	c->total = total;
	c->color = color && (nc == NULL || nc[0] == '\0');
	c->progress = progress;
	c->start_ns = now_ns();
	fputs("tcpconform", out);
	if (run->tool_version != NULL) {
		fputc(' ', out);
		put_safe(out, run->tool_version);
	}
	fprintf(out, ": %zu testcase%s against ", total,
	    total == 1 ? "" : "s");
	put_safe(out, run->target ? run->target : "?");
	fprintf(out, ", seed %" PRIu64 ", -j %d\n", run->seed, run->jobs);
	fflush(out);
}

static void
clear_progress(struct tc_console *c)
{
	if (c->progress_len == 0)
		return;
	fprintf(c->out, "\r%*s\r", (int)c->progress_len, "");
	c->progress_len = 0;
}

/* Whole seconds as "42s", "1m05s", "2h03m". */
static void
fmt_dur(char *buf, size_t cap, int64_t s)
{
	if (s < 60)
		snprintf(buf, cap, "%" PRId64 "s", s > 0 ? s : 0);
	else if (s < 3600)
		snprintf(buf, cap, "%" PRId64 "m%02" PRId64 "s", s / 60,
		    s % 60);
	else
		snprintf(buf, cap, "%" PRId64 "h%02" PRId64 "m", s / 3600,
		    s / 60 % 60);
}

/* "12s elapsed, ETA 1m05s": the ETA rounded up, "--" without data. */
static void
progress_time(const struct tc_console *c, size_t done, char *buf,
    size_t cap)
{
	size_t left = c->total > done ? c->total - done : 0;
	size_t par = c->run->jobs > 0 ? (size_t)c->run->jobs : 1;
	int64_t now = now_ns(), eta;
	char el[16], et[16] = "--";

	fmt_dur(el, sizeof(el), (now - c->start_ns) / 1000000000);
	if (c->done != 0) {
		if (par > left)
			par = left != 0 ? left : 1;
		eta = (int64_t)((double)c->busy_ns / (double)c->done *
		    (double)left / (double)par) - (now - c->last_ns);
		fmt_dur(et, sizeof(et), eta > 0 ? (eta + 999999999) /
		    1000000000 : 0);
	}
	snprintf(buf, cap, "%s elapsed, ETA %s", el, et);
}

/* Columns of the terminal out is, or 0. */
static size_t
term_width(FILE *out)
{
	struct winsize ws;

	if (ioctl(fileno(out), TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0)
		return 0;
	return ws.ws_col;
}

void
tc_console_progress(struct tc_console *c, size_t done, size_t running)
{
	char line[200], tm[48];
	size_t i, n, w;
	const char *sep = ":";

	if (!c->progress)
		return;
	n = (size_t)snprintf(line, sizeof(line), "[%zu/%zu] %zu running",
	    done, c->total, running);
	for (i = 0; i < TC_VERDICT_COUNT && n < sizeof(line); i++) {
		if (c->counts[i] == 0)
			continue;
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s %zu %s",
		    sep, c->counts[i], tc_verdict_name((enum tc_verdict)i));
		sep = ",";
	}
	progress_time(c, done, tm, sizeof(tm));
	if (n < sizeof(line))
		n += (size_t)snprintf(line + n, sizeof(line) - n, "; %s", tm);
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	/* A wrapped line cannot be redrawn with '\r': cut it to fit. */
	if ((w = term_width(c->out)) != 0 && n >= w)
		line[n = w - 1] = '\0';
	/* Pad over a longer previous line instead of relying on ESC[K. */
	fprintf(c->out, "\r%s%*s", line, c->progress_len > n ?
	    (int)(c->progress_len - n) : 0, "");
	if (c->progress_len > n)
		fprintf(c->out, "\r%s", line);
	c->progress_len = n;
	fflush(c->out);
}

/*
 * The last TC_CONSOLE_TAIL log lines up to the failure: the failing
 * step's last entry when the log has one, else the end of the log.
 */
static void
put_tail(struct tc_console *c, const struct tc_result *r)
{
	char line[sizeof(r->log[0].text) + 64];
	size_t end = r->nlog, start, i;

	if (r->fail_line != 0)
		for (i = r->nlog; i > 0; i--)
			if (r->log[i - 1].line == r->fail_line) {
				end = i;
				break;
			}
	start = end > TC_CONSOLE_TAIL ? end - TC_CONSOLE_TAIL : 0;
	if (start != 0)
		fprintf(c->out, INDENT "... %zu earlier log line%s\n", start,
		    start == 1 ? "" : "s");
	for (i = start; i < end; i++) {
		tc_result_logent_format(&r->log[i], line, sizeof(line));
		fputs(INDENT, c->out);
		put_safe(c->out, line);
		fputc('\n', c->out);
	}
	if (end < r->nlog)
		fprintf(c->out, INDENT "... %zu later log line%s\n",
		    r->nlog - end, r->nlog - end == 1 ? "" : "s");
}

static void
put_details(struct tc_console *c, const struct tc_result *r)
{
	if (r->reason[0] != '\0') {
		fputs(INDENT, c->out);
		put_safe(c->out, r->reason);
		fputc('\n', c->out);
	}
	if (r->expected[0] != '\0' || r->got[0] != '\0') {
		fputs(INDENT "expected: ", c->out);
		put_safe(c->out, r->expected);
		fputs("\n" INDENT "     got: ", c->out);
		put_safe(c->out, r->got);
		fputc('\n', c->out);
	}
	if (r->fail_line != 0) {
		fputs(INDENT "at ", c->out);
		put_safe(c->out, r->path != NULL ? r->path : r->id);
		fprintf(c->out, ":%u\n", r->fail_line);
	}
	put_tail(c, r);
	if (r->pcap_path != NULL) {
		fputs(INDENT "pcap: ", c->out);
		put_safe(c->out, r->pcap_path);
		fputc('\n', c->out);
	}
}

void
tc_console_result(struct tc_console *c, const struct tc_result *r)
{
	clear_progress(c);
	c->done++;
	c->busy_ns += r->duration_ns > 0 ? r->duration_ns : 0;
	c->last_ns = now_ns();
	if ((unsigned)r->verdict < TC_VERDICT_COUNT)
		c->counts[r->verdict]++;
	put_verdict(c, r->verdict);
	put_safe(c->out, r->id);
	fputs(" (", c->out);
	put_seconds(c->out, r->duration_ns);
	fputc(')', c->out);
	/* Reasons that are not failures fit on the line. */
	if ((r->verdict == TC_VERDICT_SKIP || r->verdict == TC_VERDICT_XFAIL)
	    && r->reason[0] != '\0') {
		fputs(": ", c->out);
		put_safe(c->out, r->reason);
	}
	fputc('\n', c->out);
	if (tc_verdict_is_bad(r->verdict) && r->verdict != TC_VERDICT_NOTRUN)
		put_details(c, r);
	fflush(c->out);
}

void
tc_console_end(struct tc_console *c, struct tc_result *const *results,
    size_t n)
{
	size_t counts[TC_VERDICT_COUNT] = { 0 };
	size_t i, passed, failed, skipped, listed = 0;
	const char *sep = "";

	clear_progress(c);
	for (i = 0; i < n; i++)
		if ((unsigned)results[i]->verdict < TC_VERDICT_COUNT)
			counts[results[i]->verdict]++;
	fputc('\n', c->out);
	for (i = 0; i < n; i++) {
		if (!tc_verdict_is_bad(results[i]->verdict))
			continue;
		if (listed++ == 0)
			fputs("failed:\n", c->out);
		fputs("  ", c->out);
		put_verdict(c, results[i]->verdict);
		put_safe(c->out, results[i]->id);
		fputc('\n', c->out);
	}
	fputs("verdicts:", c->out);
	for (i = 0; i < TC_VERDICT_COUNT; i++) {
		if (counts[i] == 0)
			continue;
		fprintf(c->out, "%s %zu %s", sep, counts[i],
		    tc_verdict_name((enum tc_verdict)i));
		sep = ",";
	}
	fprintf(c->out, "%s\n%zu testcase%s in ", n == 0 ? " none" : "", n,
	    n == 1 ? "" : "s");
	put_seconds(c->out, now_ns() - c->start_ns);
	fprintf(c->out, ", seed %" PRIu64 "%s\n", c->run->seed,
	    c->run->interrupted ? ", interrupted" : "");
	passed = counts[TC_VERDICT_PASS] + counts[TC_VERDICT_XFAIL];
	skipped = counts[TC_VERDICT_SKIP];
	failed = n - passed - skipped;
	/* The closing line CI log parsers match: keep it plain and last. */
	fprintf(c->out, "%zu passed, %zu failed, %zu skipped\n", passed,
	    failed, skipped);
	fflush(c->out);
}

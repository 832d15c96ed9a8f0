/* report_cmd.c - `tcpconform report merge|diff`: reports of earlier runs. */
#include "report_cmd.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "console.h"
#include "json.h"
#include "jsonread.h"
#include "matrix.h"
#include "merge.h"
#include "report.h"
#include "runner.h"

#define REPORTS_MAX	TC_RUNNER_REPORTS_MAX
#define INPUTS_MAX	4096

static const char usage_text[] =
"usage: tcpconform report merge FILE.json... [--report FMT:FILE]...\n"
"       tcpconform report diff OLD.json NEW.json\n"
"\n"
"merge  merges the JSON reports of shards of one suite into one result\n"
"       set and writes it with --report (any format, repeatable; e.g.\n"
"       json:all.json junit:all.xml); prints a summary.  A testcase in\n"
"       two inputs must have the same verdict in both.  Exit status as\n"
"       for run: 0 nothing failed, 1 something did.\n"
"diff   lists the testcases whose verdict changed between two runs:\n"
"       regressions (bad now, good or absent before), fixes, other\n"
"       changes, new and removed testcases.  Exit status 1 when there\n"
"       is a regression, else 0.\n"
"Both exit 2 on usage errors and unreadable or invalid reports.\n";

struct merge_opts {
	struct tc_report_req report[REPORTS_MAX];
	size_t		nreport;
	bool		color;
};

static int __attribute__((format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("tcpconform: report: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'tcpconform report --help'.\n", stderr);
	return TC_EXIT_USAGE;
}

static int
diag_error(const struct tc_diag *d, enum tc_err err)
{
	char msg[768];

	if (d->msg[0] == '\0')
		snprintf(msg, sizeof(msg), "%s", tc_strerror(err));
	else
		tc_diag_format(d, msg, sizeof(msg));
	fprintf(stderr, "tcpconform: report: %s\n", msg);
	return TC_EXIT_USAGE;
}

/* Reads every input; 0 or an exit status. */
static int
read_all(char **paths, size_t n, struct tc_report_doc **docs)
{
	struct tc_diag d;
	enum tc_err err;
	size_t i;

	for (i = 0; i < n; i++) {
		tc_diag_init(&d);
		if ((err = tc_jsonread_file(paths[i], &docs[i], &d)) != TC_OK)
			return diag_error(&d, err);
	}
	return 0;
}

static void
free_all(struct tc_report_doc **docs, size_t n)
{
	size_t i;

	for (i = 0; docs != NULL && i < n; i++)
		tc_jsonread_free(docs[i]);
	free(docs);
}

static int
add_report(struct merge_opts *o, const char *spec)
{
	const char *colon = strchr(spec, ':');
	const struct tc_report_ops *ops;
	char fmt[32];
	size_t i;

	if (colon == NULL || colon[1] == '\0' || colon == spec ||
	    (size_t)(colon - spec) >= sizeof(fmt))
		return usage_error("--report '%s': expected FMT:FILE, e.g. "
		    "json:merged.json", spec);
	/* argv is left alone: a copy of FMT, not a NUL written into it. */
	memcpy(fmt, spec, (size_t)(colon - spec));
	fmt[colon - spec] = '\0';
	if ((ops = tc_report_find(fmt)) == NULL) {
		fprintf(stderr, "tcpconform: report: --report: unknown format "
		    "'%s'; expected one of:", fmt);
		for (i = 0; tc_report_all[i] != NULL; i++)
			fprintf(stderr, " %s", tc_report_all[i]->name);
		fputc('\n', stderr);
		return TC_EXIT_USAGE;
	}
	if (o->nreport == REPORTS_MAX)
		return usage_error("--report given more than %d times",
		    REPORTS_MAX);
	o->report[o->nreport].ops = ops;
	o->report[o->nreport++].path = colon + 1;
	return 0;
}

/*
 * The JSON writer can list every seed of a merged run, which the
 * tc_report_ops signature cannot carry: write it here, atomically too.
 */
static enum tc_err
write_json(const char *path, const struct tc_report_doc *m,
    struct tc_diag *d)
{
	struct tc_result *const *res = m->results;
	struct tc_atomic a;
	enum tc_err err;

	if (strcmp(path, "-") == 0) {
		err = tc_json_write(stdout, &m->run, m->seeds, m->nseeds, res,
		    m->n, d);
		if (err == TC_OK && fflush(stdout) != 0) {
			tc_diag_errno(d, "cannot write to standard output");
			err = TC_ERR_SYS;
		}
		return err;
	}
	if ((err = tc_atomic_open(&a, path, d)) != TC_OK)
		return err;
	err = tc_json_write(a.f, &m->run, m->seeds, m->nseeds, res, m->n, d);
	if (err != TC_OK) {
		tc_atomic_abort(&a);
		return err;
	}
	return tc_atomic_commit(&a, d);
}

static int
write_reports(const struct merge_opts *o, const struct tc_report_doc *m)
{
	const struct tc_report_req *q;
	struct tc_diag d;
	enum tc_err err;
	size_t i;
	int rc = 0;

	for (i = 0; i < o->nreport; i++) {
		q = &o->report[i];
		tc_diag_init(&d);
		if (q->ops == &tc_report_json)
			err = write_json(q->path, m, &d);
		else
			err = tc_report_write(q->ops, q->path, &m->run,
			    m->results, m->n, &d);
		if (err != TC_OK) {
			fprintf(stderr, "tcpconform: report: %s report %s: "
			    "%s\n", q->ops->name, q->path, d.msg[0] ? d.msg :
			    tc_strerror(err));
			rc = TC_EXIT_USAGE;
		}
	}
	return rc;
}

/* The console summary of a merged run, as `run` ends its own. */
static void
summarize(FILE *out, const struct merge_opts *o,
    const struct tc_report_doc *m, size_t ninputs)
{
	struct tc_console con;
	size_t i;

	tc_console_begin(&con, out, &m->run, m->n, o->color, false);
	fprintf(out, "merged from %zu report%s", ninputs,
	    ninputs == 1 ? "" : "s");
	if (m->nseeds > 1) {
		fputs(", seeds", out);
		for (i = 0; i < m->nseeds; i++)
			fprintf(out, "%s %" PRIu64, i ? "," : "", m->seeds[i]);
	}
	fputc('\n', out);
	/* The time shown is the merged run's, earliest start to latest end. */
	if (m->run.start != 0 && m->run.end >= m->run.start)
		con.start_ns -= (int64_t)(m->run.end - m->run.start) *
		    1000000000;
	tc_console_end(&con, m->results, m->n);
	tc_matrix_print_comparison(out, m->results, m->n);
}

static int
merged_status(const struct tc_report_doc *m)
{
	size_t i, ran = 0;
	bool bad = false;

	for (i = 0; i < m->n; i++) {
		bad |= tc_verdict_is_bad(m->results[i]->verdict);
		ran += m->results[i]->verdict != TC_VERDICT_SKIP &&
		    m->results[i]->verdict != TC_VERDICT_NOTRUN;
	}
	return bad || ran == 0 ? TC_EXIT_FAIL : TC_EXIT_OK;
}

static int
do_merge(struct merge_opts *o, char **paths, size_t n)
{
	struct tc_report_doc **docs, *m = NULL;
	struct tc_diag d;
	enum tc_err err;
	bool to_stdout = false;
	size_t i;
	int rc;

	if ((docs = calloc(n, sizeof(*docs))) == NULL)
		return diag_error(&(struct tc_diag){ 0 }, TC_ERR_NOMEM);
	if ((rc = read_all(paths, n, docs)) != 0)
		goto out;
	tc_diag_init(&d);
	if ((err = tc_report_merge(docs, n, &m, &d)) != TC_OK) {
		rc = diag_error(&d, err);
		goto out;
	}
	for (i = 0; i < o->nreport; i++)
		to_stdout |= strcmp(o->report[i].path, "-") == 0;
	summarize(to_stdout ? stderr : stdout, o, m, n);
	if ((rc = write_reports(o, m)) == 0)
		rc = merged_status(m);
out:
	tc_jsonread_free(m);
	free_all(docs, n);
	return rc;
}

static const struct option merge_long_opts[] = {
	{ "report", required_argument, NULL, 'r' },
	{ "no-color", no_argument, NULL, 'C' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* argv[0] is "merge". */
static int
cmd_merge(int argc, char **argv)
{
	struct merge_opts o = { 0 };
	int opt, rc;

	o.color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", merge_long_opts,
	    NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage_text, stdout);
			return 0;
		}
		if (opt == 'C')
			o.color = false;
		else if (opt != 'r')
			return usage_error("%s", "merge: bad option");
		else if ((rc = add_report(&o, optarg)) != 0)
			return rc;
	}
	if (optind >= argc)
		return usage_error("%s", "merge: expected at least one "
		    "FILE.json");
	if (argc - optind > INPUTS_MAX)
		return usage_error("merge: more than %d reports", INPUTS_MAX);
	return do_merge(&o, argv + optind, (size_t)(argc - optind));
}

/* argv[0] is "diff". */
static int
cmd_diff(int argc, char **argv)
{
	struct tc_report_doc *docs[2] = { NULL, NULL };
	struct tc_diff diff;
	struct tc_diag d;
	enum tc_err err;
	int rc;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (argc != 3)
		return usage_error("%s", "diff: expected OLD.json NEW.json");
	if ((rc = read_all(argv + 1, 2, docs)) != 0)
		goto out;
	tc_diag_init(&d);
	if ((err = tc_report_diff(docs[0], docs[1], &diff, &d)) != TC_OK) {
		rc = diag_error(&d, err);
		goto out;
	}
	tc_report_diff_print(stdout, &diff);
	rc = diff.regression ? TC_EXIT_FAIL : TC_EXIT_OK;
	if (fflush(stdout) != 0)
		rc = TC_EXIT_USAGE;
	tc_report_diff_fini(&diff);
out:
	tc_jsonread_free(docs[0]);
	tc_jsonread_free(docs[1]);
	return rc;
}

int
tc_report_cmd(int argc, char **argv)
{
	const char *sub = argc >= 2 ? argv[1] : NULL;

	if (sub != NULL && (strcmp(sub, "--help") == 0 ||
	    strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0)) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (sub == NULL)
		return usage_error("%s", "expected merge or diff");
	if (strcmp(sub, "merge") == 0)
		return cmd_merge(argc - 1, argv + 1);
	if (strcmp(sub, "diff") == 0)
		return cmd_diff(argc - 1, argv + 1);
	return usage_error("unknown subcommand '%s'; expected merge or diff",
	    sub);
}

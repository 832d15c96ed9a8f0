/* coverage_write.c - the coverage as text for a terminal or as Markdown. */
#include "coverage.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ORDER EVENTS: the matrix's column heads, short enough for a terminal. */
static const char *const event_short[TC_COV_EVENT_COUNT] = {
	"S", "SA", "A", "Ao", "Af", "D", "Do", "Db", "Dx", "F", "FA",
	"R", "Ri", "Ro", "RA", "SF", "N", "X"
};

/* ORDER EVENTS: what each column means, for the legend. */
static const char *const event_text[TC_COV_EVENT_COUNT] = {
	"SYN", "SYN-ACK", "ACK, acceptable", "ACK, old (below SND.UNA)",
	"ACK, future (beyond SND.NXT)", "data in the window",
	"data left of the window (old)", "data right of the window",
	"data overlapping RCV.NXT", "FIN", "FIN-ACK", "RST at RCV.NXT",
	"RST in the window", "RST out of the window", "RST-ACK", "SYN-FIN",
	"no flags", "all flags"
};

#define SUITE_GOAL	250	/* issue 4, "Done when" */
#define MUST_GOAL	45

struct writer {
	FILE			*out;
	bool			md;
	const struct tc_coverage *cov;
};

/* Markdown table text: '|' would end the cell. */
static void
put_cell(const struct writer *w, const char *s)
{
	for (; *s != '\0'; s++) {
		if (w->md && *s == '|')
			fputc('\\', w->out);
		fputc(*s, w->out);
	}
}

static void
heading(const struct writer *w, int level, const char *title)
{
	if (w->md)
		fprintf(w->out, "\n%.*s %s\n\n", level, "####", title);
	else if (level <= 2)
		fprintf(w->out, "\n%s\n%.*s\n", title, (int)strlen(title),
		    "================================================"
		    "================================================");
	else
		fprintf(w->out, "\n%s\n", title);
}

/* "a, b (proof), c" or "`a`, `b` ✓, `c`". */
static void
put_ids(const struct writer *w, const struct tc_cov_list *l)
{
	size_t k, i;

	for (k = 0; k < l->n; k++) {
		i = l->v[k];
		fprintf(w->out, w->md ? "%s`%s`%s" : "%s%s%s", k ? ", " : "",
		    w->cov->in->ids[i], !w->cov->proof[i] ? "" :
		    w->md ? " ✓" : " (proof)");
	}
}

/* A reason that says the testcase is still to be written. */
static bool
todo(const struct tc_cov_cell *c)
{
	return c->reason != NULL && strncmp(c->reason, "not written", 11) == 0;
}

static size_t
cells_where(const struct tc_coverage *cov, int what)
{
	size_t s, e, n = 0;

	for (s = 0; s < TC_FSM_STATE_COUNT; s++) {
		for (e = 0; e < TC_COV_EVENT_COUNT; e++) {
			const struct tc_cov_cell *c = &cov->cell[s][e];

			n += what == 0 ? c->tc.n > 0 :
			    what == 1 ? c->tc.n == 0 && c->reason != NULL &&
			    !todo(c) :
			    what == 3 ? c->tc.n == 0 && todo(c) :
			    c->tc.n == 0 && c->reason == NULL;
		}
	}
	return n;
}

static void
summary_row(const struct writer *w, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
summary_row(const struct writer *w, const char *what, const char *fmt, ...)
{
	va_list ap;

	fprintf(w->out, w->md ? "| %s | " : "  %-47s ", what);
	va_start(ap, fmt);
	vfprintf(w->out, fmt, ap);
	va_end(ap);
	fputs(w->md ? " |\n" : "\n", w->out);
}

static void
write_summary(const struct writer *w)
{
	const struct tc_coverage *cov = w->cov;
	struct tc_cov_must_totals t;
	size_t s, nstates = 0;

	for (s = 0; s < TC_FSM_STATE_COUNT; s++)
		nstates += cov->asserted[s];
	tc_coverage_must_totals(cov, &t);
	heading(w, 2, "Summary");
	if (w->md)
		fputs("| | |\n|---|---|\n", w->out);
	summary_row(w, "testcases", "%zu (goal: at least %d)", cov->nscripts,
	    SUITE_GOAL);
	summary_row(w, "testcases with a fail-ability proof", "%zu",
	    cov->nproofs);
	summary_row(w, "states in `state` assertions", "%zu of %d", nstates,
	    TC_FSM_STATE_COUNT);
	summary_row(w, "matrix cells with a testcase", "%zu of %d",
	    cells_where(cov, 0), TC_FSM_STATE_COUNT * TC_COV_EVENT_COUNT);
	summary_row(w, "matrix cells that cannot have their own", "%zu "
	    "(a written reason)", cells_where(cov, 1));
	summary_row(w, "matrix cells whose testcase is not written yet",
	    "%zu", cells_where(cov, 3));
	summary_row(w, "matrix cells with neither", "%zu", cells_where(cov, 2));
	summary_row(w, "RFC 9293 MUST ids with a testcase", "%zu of %d "
	    "(%zu of the %zu wire-testable ones)", t.covered, TC_MUST_COUNT,
	    t.wire_covered, t.wire);
	summary_row(w, "MUST ids with a proven testcase",
	    "%zu (goal: at least %d)", t.proven, MUST_GOAL);
}

static void
grid_head(const struct writer *w)
{
	size_t e;

	fputs(w->md ? "| state |" : "  state        ", w->out);
	for (e = 0; e < TC_COV_EVENT_COUNT; e++)
		fprintf(w->out, w->md ? " %s |" : "%4s", event_short[e]);
	fputc('\n', w->out);
	if (!w->md)
		return;
	fputs("|---|", w->out);
	for (e = 0; e < TC_COV_EVENT_COUNT; e++)
		fputs("---:|", w->out);
	fputc('\n', w->out);
}

static void
write_grid(const struct writer *w)
{
	size_t s, e;

	heading(w, 2, "State x event matrix");
	fprintf(w->out, "Rows: the state the target is in; columns: the "
	    "segment it receives (RFC 9293\n3.10.7, RFC 5961).  A cell "
	    "holds the number of testcases tagged `state-X event-Y`,\n"
	    "`r` for a written reason why the cell cannot have its own "
	    "(testcases/\ncoverage-reasons.txt), `t` for a testcase not "
	    "written yet, `-` for a cell\nwith neither.\n\n");
	grid_head(w);
	for (s = 0; s < TC_FSM_STATE_COUNT; s++) {
		fprintf(w->out, w->md ? "| %s |" : "  %-13s",
		    tc_cov_state_tag((enum tc_fsm_state)s));
		for (e = 0; e < TC_COV_EVENT_COUNT; e++) {
			const struct tc_cov_cell *c = &w->cov->cell[s][e];
			char buf[24];	/* a size_t in decimal */

			if (c->tc.n > 0)
				snprintf(buf, sizeof(buf), "%zu", c->tc.n);
			else
				snprintf(buf, sizeof(buf), "%s",
				    c->reason == NULL ? "-" : todo(c) ? "t" :
				    "r");
			fprintf(w->out, w->md ? " %s |" : "%4s", buf);
		}
		fputc('\n', w->out);
	}
	fputs("\nColumns:\n\n", w->out);
	for (e = 0; e < TC_COV_EVENT_COUNT; e++)
		fprintf(w->out, w->md ? "- %s: %s (`event-%s`)\n" :
		    "  %-3s %s (event-%s)\n", event_short[e], event_text[e],
		    tc_cov_event_name((enum tc_cov_event)e));
}

static void
write_cell(const struct writer *w, size_t s, size_t e)
{
	const struct tc_cov_cell *c = &w->cov->cell[s][e];

	fprintf(w->out, w->md ? "| %s | " : "  %-19s ",
	    tc_cov_event_name((enum tc_cov_event)e));
	if (c->tc.n > 0) {
		put_ids(w, &c->tc);
	} else if (c->reason != NULL) {
		fputs(w->md ? "*none:* " : "none: ", w->out);
		put_cell(w, c->reason);
	} else {
		fputs(w->md ? "**not covered, no reason given**" :
		    "NOT COVERED, no reason given", w->out);
	}
	fputs(w->md ? " |\n" : "\n", w->out);
}

static void
write_cells(const struct writer *w)
{
	char title[64];
	size_t s, e;

	heading(w, 2, "The matrix, cell by cell");
	fprintf(w->out, "%s marks a testcase with a fail-ability proof "
	    "(tests/failproof/).\n", w->md ? "✓" : "(proof)");
	for (s = 0; s < TC_FSM_STATE_COUNT; s++) {
		snprintf(title, sizeof(title), "%s",
		    tc_fsm_state_name((enum tc_fsm_state)s));
		heading(w, 3, title);
		if (w->md)
			fputs("| event | testcases |\n|---|---|\n", w->out);
		for (e = 0; e < TC_COV_EVENT_COUNT; e++)
			write_cell(w, s, e);
	}
}

static void
write_must(const struct writer *w)
{
	const struct tc_cov_list *l;
	size_t i;

	heading(w, 2, "RFC 9293 MUST requirements");
	fprintf(w->out, "Appendix B of RFC 9293, one line each; testcases "
	    "carry `must-N` tags.  Kind:\n`wire` (the segments show it), "
	    "`wire+api` (they do once the target's application\nasks for "
	    "the feature), `api` (only the application interface shows "
	    "it).\n\n");
	if (w->md)
		fputs("| MUST | requirement | kind | testcases |\n"
		    "|---:|---|---|---|\n", w->out);
	for (i = 0; i < TC_MUST_COUNT; i++) {
		l = &w->cov->must[i];
		fprintf(w->out, w->md ? "| %u | %s | %s | " :
		    "  MUST-%-3u %s [%s]\n            ",
		    tc_must_table[i].id, tc_must_table[i].summary,
		    tc_must_kind_name(tc_must_table[i].kind));
		if (l->n > 0)
			put_ids(w, l);
		else
			fputs(tc_must_table[i].kind == TC_MUST_API ?
			    "(api only)" : "not covered yet", w->out);
		fputs(w->md ? " |\n" : "\n", w->out);
	}
}

/* Starts a bullet of a list. */
static void
bullet(const struct writer *w)
{
	fputs(w->md ? "- " : "  - ", w->out);
}

static void
write_gap_cells(const struct writer *w)
{
	size_t s, e, n = 0;

	heading(w, 3, "Matrix cells with neither a testcase nor a reason");
	for (s = 0; s < TC_FSM_STATE_COUNT; s++) {
		for (e = 0; e < TC_COV_EVENT_COUNT; e++) {
			const struct tc_cov_cell *c = &w->cov->cell[s][e];

			if (c->tc.n > 0 || c->reason != NULL)
				continue;
			bullet(w);
			fprintf(w->out, "%s %s\n",
			    tc_cov_state_tag((enum tc_fsm_state)s),
			    tc_cov_event_name((enum tc_cov_event)e));
			n++;
		}
	}
	if (n == 0)
		fputs(w->md ? "None.\n" : "  none\n", w->out);
}

static void
write_gap_musts(const struct writer *w)
{
	size_t i, n = 0;

	heading(w, 3, "Wire-testable MUST ids without a proven testcase");
	for (i = 0; i < TC_MUST_COUNT; i++) {
		const struct tc_cov_list *l = &w->cov->must[i];
		size_t k;
		bool proven = false;

		for (k = 0; k < l->n; k++)
			proven |= w->cov->proof[l->v[k]];
		if (tc_must_table[i].kind == TC_MUST_API || proven)
			continue;
		bullet(w);
		fprintf(w->out, "MUST-%u %s: %s\n", tc_must_table[i].id,
		    tc_must_table[i].summary, l->n > 0 ?
		    "has testcases, none with a fail-ability proof yet" :
		    "no testcase yet");
		n++;
	}
	if (n == 0)
		fputs(w->md ? "None.\n" : "  none\n", w->out);
}

static void
write_states(const struct writer *w)
{
	size_t s, n = 0;

	heading(w, 3, "States never checked by a `state` step");
	for (s = 0; s < TC_FSM_STATE_COUNT; s++) {
		if (w->cov->asserted[s])
			continue;
		bullet(w);
		fprintf(w->out, "%s\n", tc_fsm_state_name((enum tc_fsm_state)s));
		n++;
	}
	if (n == 0)
		fputs(w->md ? "None: all 11 appear.\n" :
		    "  none: all 11 appear\n", w->out);
}

static void
write_tag_table(const struct writer *w, const struct tc_cov_tag *tab,
    size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		bullet(w);
		fprintf(w->out, w->md ? "`%s`" : "%s", tab[k].tag);
		if (tab[k].canon != NULL)
			fprintf(w->out, w->md ? " means `%s`" : " means %s",
			    tab[k].canon);
		fputs(": ", w->out);
		put_ids(w, &tab[k].tc);
		fputc('\n', w->out);
	}
	if (n == 0)
		fputs(w->md ? "None.\n" : "  none\n", w->out);
}

static void
write_tags(const struct writer *w)
{
	const struct tc_coverage *cov = w->cov;
	size_t s, e, n = 0;

	heading(w, 3, "Tags read as another spelling");
	write_tag_table(w, cov->alias, cov->nalias);
	heading(w, 3, "Tags not understood");
	write_tag_table(w, cov->unknown, cov->nunknown);
	heading(w, 3, "Reasons for cells that now have testcases");
	for (s = 0; s < TC_FSM_STATE_COUNT; s++) {
		for (e = 0; e < TC_COV_EVENT_COUNT; e++) {
			if (cov->stale[s][e] == 0)
				continue;
			bullet(w);
			fprintf(w->out, "%s %s (line %u): the reason can go\n",
			    tc_cov_state_tag((enum tc_fsm_state)s),
			    tc_cov_event_name((enum tc_cov_event)e),
			    cov->stale[s][e]);
			n++;
		}
	}
	if (n == 0)
		fputs(w->md ? "None.\n" : "  none\n", w->out);
}

int
tc_coverage_write(FILE *out, enum tc_coverage_format fmt,
    const struct tc_coverage *cov)
{
	struct writer w = { out, fmt == TC_COVERAGE_MARKDOWN, cov };

	if (w.md)
		fputs("# Coverage of the conformance suite\n\n"
		    "Generated from the testcases' tags and steps by "
		    "`tcpconform list --coverage\n--markdown testcases > "
		    "docs/coverage.md`; do not edit by hand (the\n"
		    "`coverage_doc` test fails when this file is stale).\n",
		    out);
	else
		fputs("Coverage of the conformance suite\n", out);
	write_summary(&w);
	write_grid(&w);
	write_cells(&w);
	write_must(&w);
	heading(&w, 2, "Not covered yet");
	write_gap_cells(&w);
	write_gap_musts(&w);
	write_states(&w);
	write_tags(&w);
	return ferror(out) ? -1 : 0;
}

int
tc_coverage_print(FILE *out, enum tc_coverage_format fmt,
    const struct tc_coverage_input *in)
{
	struct tc_coverage cov;
	struct tc_diag d;
	char buf[512];
	enum tc_err err;
	int rc;

	tc_diag_init(&d);
	err = tc_coverage_build(in, &cov, &d);
	if (err != TC_OK) {
		tc_diag_format(&d, buf, sizeof(buf));
		fprintf(stderr, "tcpconform: %s\n", d.msg[0] ? buf :
		    tc_strerror(err));
		tc_coverage_free(&cov);
		return 2;
	}
	rc = tc_coverage_write(out, fmt, &cov);
	tc_coverage_free(&cov);
	return rc;
}

/* merge.h - shard reports merged into one; two runs' verdicts compared. */
#ifndef TC_MERGE_H
#define TC_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "jsonread.h"

/*
 * Merges the results of n reports (shards of one suite, split across CI
 * jobs) into a new doc of copies, sorted by id: the order in which one
 * unsplit run would have reported them.  A testcase in more than one
 * input is kept once if every copy has the same verdict (the first
 * input's copy), and is an error otherwise: the merge cannot know which
 * run to believe.  The run: earliest start, latest end, the largest -j,
 * interrupted if any input was, every distinct seed (run.seed is the
 * first), and target and tool version joined with "; " when they differ.
 * Frames are not copied (reports read from JSON have none).  Free *out
 * with tc_jsonread_free.  Errors: TC_ERR_INVAL (conflicting verdicts;
 * diag names the testcase and both files), TC_ERR_NOMEM.
 */
enum tc_err tc_report_merge(struct tc_report_doc *const *in, size_t n,
	    struct tc_report_doc **out, struct tc_diag *diag);

/* ORDER DIFF: the order in which changes are listed. */
enum tc_diff_kind {
	TC_DIFF_REGRESSION,	/* bad now, and good or absent before */
	TC_DIFF_FIX,		/* bad before, good now */
	TC_DIFF_CHANGED,	/* another verdict, as good or bad as before */
	TC_DIFF_NEW,		/* not in the old run, and not bad */
	TC_DIFF_REMOVED,	/* not in the new run */
	TC_DIFF_COUNT
};

struct tc_diff_entry {
	enum tc_diff_kind kind;
	const struct tc_result *before;	/* (borrowed) NULL when new */
	const struct tc_result *after;	/* (borrowed) NULL when removed */
};

/* Changes between two runs; lives in caller memory, tc_report_diff_fini. */
struct tc_diff {
	struct tc_diff_entry *e;	/* (owned) by kind, then id */
	size_t		n;
	size_t		count[TC_DIFF_COUNT];
	size_t		compared;	/* testcases in both runs */
	bool		regression;	/* count[TC_DIFF_REGRESSION] != 0 */
};

/*
 * Lists the testcases whose verdict differs between `before` and `after`
 * (both borrowed: the entries point into them, so they must outlive d).
 * "Bad" is tc_verdict_is_bad, what makes a run exit 1: FAIL, XPASS,
 * INCONC, ERROR and NOTRUN.  A testcase new in `after` with a bad verdict
 * is a regression: CI gating on "no new failures" must see it.  Errors:
 * TC_ERR_NOMEM (d is then empty).
 */
enum tc_err tc_report_diff(const struct tc_report_doc *before,
	    const struct tc_report_doc *after, struct tc_diff *d,
	    struct tc_diag *diag);
void	tc_report_diff_fini(struct tc_diff *d);
/*
 * Prints d for people and CI logs: a section per kind that occurs, one
 * line per testcase ("  PASS   -> FAIL    rst/x: reason"), then the plain
 * count line "N regressions, N fixes, N changed, N new, N removed".
 */
void	tc_report_diff_print(FILE *f, const struct tc_diff *d);

#endif /* TC_MERGE_H */

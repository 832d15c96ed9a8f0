/* matrix.h - the comparison matrix: testcases x targets, one verdict each. */
#ifndef TC_MATRIX_H
#define TC_MATRIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "result.h"

#define TC_MATRIX_TARGETS_MAX	8

struct tc_matrix_row {
	char		*id;			/* (owned) without "@target" */
	enum tc_verdict	verdict[TC_MATRIX_TARGETS_MAX];
	bool		has[TC_MATRIX_TARGETS_MAX];
};

struct tc_matrix {
	char		*target[TC_MATRIX_TARGETS_MAX];	/* (owned) */
	size_t		ntargets;
	struct tc_matrix_row *row;		/* (owned) sorted by id */
	size_t		nrows;
};

/*
 * Builds the matrix from results whose ids are "ID@TARGET" (a run with
 * several targets, or merged reports of runs against different ones).
 * Results without a target count under "-".  Returns TC_ERR_LIMIT past
 * TC_MATRIX_TARGETS_MAX targets.
 */
enum tc_err tc_matrix_build(struct tc_result *const *results, size_t n,
	    struct tc_matrix *out);
/* A table for the terminal, or GitHub-flavoured Markdown. */
void	tc_matrix_print(FILE *f, const struct tc_matrix *m, bool markdown);
/*
 * The console's "comparison matrix:" section after a run's summary, when
 * results span more than one target; nothing otherwise.
 */
void	tc_matrix_print_comparison(FILE *f, struct tc_result *const *results,
	    size_t n);
void	tc_matrix_fini(struct tc_matrix *m);

#endif /* TC_MATRIX_H */

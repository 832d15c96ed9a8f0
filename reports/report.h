/* report.h - the report-writer vtable: one writer per format, one model. */
#ifndef TC_REPORT_H
#define TC_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "result.h"

/*
 * A writer turns the results of a run into one document.  `write` gets
 * the results in run order (the order testcases were discovered), writes
 * the whole document to f and returns TC_OK, or an error with diag set;
 * it never closes f.  Writers only read the results: the type is
 * `struct tc_result *const *` so the runner's `struct tc_result **`
 * passes without a cast (C will not convert it to const T *const *).
 */
struct tc_report_ops {
	const char	*name;		/* "junit", "tap", "tap14" */
	const char	*description;	/* one line for --help */
	enum tc_err	(*write)(FILE *f, const struct tc_run_info *run,
			    struct tc_result *const *results, size_t n,
			    struct tc_diag *diag);
};

/* The writers (reports/junit.c, reports/tap.c). */
extern const struct tc_report_ops tc_report_junit;
extern const struct tc_report_ops tc_report_tap;	/* declares TAP 13 */
extern const struct tc_report_ops tc_report_tap14;	/* declares TAP 14 */

/* The writer called `name`, or NULL (the caller lists tc_report_all). */
const struct tc_report_ops *tc_report_find(const char *name);
/* All writers, NULL-terminated, for --help and error messages. */
extern const struct tc_report_ops *const tc_report_all[];

/*
 * Writes one report to path atomically: to a temporary file in the same
 * directory, synced and renamed over path only once complete, so a reader
 * (or a CI uploader after Ctrl-C) sees the old file or the new one, never
 * half of one.  path "-" writes to stdout instead.  Errors: those of
 * tc_atomic_open/commit (TC_ERR_SYS, with diag naming the path) and of the
 * writer; on any error path is left untouched and no temporary remains.
 */
enum tc_err tc_report_write(const struct tc_report_ops *ops,
	    const char *path, const struct tc_run_info *run,
	    struct tc_result *const *results, size_t n, struct tc_diag *diag);

#endif /* TC_REPORT_H */

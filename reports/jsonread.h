/* jsonread.h - a JSON report (tcpconform-report/1) read back into results. */
#ifndef TC_JSONREAD_H
#define TC_JSONREAD_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "result.h"

/*
 * Limits on what a report may hold: reports are untrusted input (CI
 * artifacts from anywhere), and these bound the memory a reader uses.
 * A report past a limit is an error, never silently cut.
 */
#define TC_JSONREAD_BYTES_MAX	(256u * 1024 * 1024)	/* the file */
#define TC_JSONREAD_CASES_MAX	65536u		/* testcases */
#define TC_JSONREAD_TAGS_MAX	256u		/* tags of one testcase */
#define TC_JSONREAD_STR_MAX	65536u		/* bytes of one string */
#define TC_JSONREAD_SEEDS_MAX	4096u		/* run.seeds */

/*
 * A report as read back, or as merged (reports/merge.c): the run and its
 * results.  run.tool_version and run.target point into the owned strings
 * below (or are NULL).
 */
struct tc_report_doc {
	char		*name;		/* (owned) the file it came from */
	struct tc_run_info run;
	char		*tool_version;	/* (owned) may be NULL */
	char		*target;	/* (owned) may be NULL */
	uint64_t	*seeds;		/* (owned) distinct seeds, >= 1 */
	size_t		nseeds;
	struct tc_result **results;	/* (owned) each by tc_result_free */
	size_t		n;
};

/*
 * Reads the JSON report at path ("-": standard input) into a new doc,
 * every string an owned copy; free it with tc_jsonread_free.  Strings
 * longer than a fixed-size result field (reason, expected, got, log text
 * and state) are cut at a UTF-8 character boundary.  Errors, with diag
 * naming the file and, where it helps, the member ("testcases[2].verdict:
 * ..."): TC_ERR_SYS (cannot open or read), TC_ERR_PARSE (not JSON, or
 * "not a tcpconform report (schema ...)", or a member of the wrong type or
 * value), TC_ERR_LIMIT (past a TC_JSONREAD_* limit), TC_ERR_NOMEM.
 */
enum tc_err tc_jsonread_file(const char *path, struct tc_report_doc **out,
	    struct tc_diag *diag);
/* The same for a report in memory (len bytes), named `name` in errors. */
enum tc_err tc_jsonread_mem(const char *name, const char *text, size_t len,
	    struct tc_report_doc **out, struct tc_diag *diag);
/* Frees a doc and every result in it; NULL is a no-op. */
void	tc_jsonread_free(struct tc_report_doc *doc);

/*
 * A new, empty doc named `name` (NULL: no name), for a merge to fill.
 * NULL on no memory.
 */
struct tc_report_doc *tc_jsonread_doc_new(const char *name);

#endif /* TC_JSONREAD_H */

/* deviations.h - a known-deviations file: testcases expected to fail. */
#ifndef TC_DEVIATIONS_H
#define TC_DEVIATIONS_H

#include "err.h"
#include "result.h"

/*
 * The file is text, one entry a line:
 *
 *	# Linux answers a RST in TIME-WAIT by closing (RFC 1337).
 *	rst/time-wait-assassination  closes TIME-WAIT on RST, see RFC 1337
 *	window/zero-probe-*          probes a zero window too late
 *
 * An id is a testcase path of letters, digits and "._-/" (no leading '/',
 * no empty or ".." component), optionally ending in '*', which matches
 * any rest of an id, slashes included.  The reason is the rest of the line
 * and is required: an entry without one explains nothing to the next
 * reader.  Lines whose first non-blank character is '#' and blank lines
 * are ignored; a '#' inside a reason is part of it ("bug #123").
 */
struct tc_deviations;

/* Longest line accepted, and most entries, so a wrong file cannot hog. */
#define TC_DEVIATIONS_LINE_MAX	1024
#define TC_DEVIATIONS_MAX	10000

/*
 * Reads the file at path into *out (free with tc_deviations_free).
 * Errors: TC_ERR_NOTFOUND if it does not exist, TC_ERR_SYS if it cannot be
 * read, TC_ERR_PARSE for a malformed line or a duplicate id (diag has
 * path:line and what is wrong), TC_ERR_LIMIT past the limits above,
 * TC_ERR_NOMEM.  On error *out is NULL.
 */
enum tc_err tc_deviations_load(const char *path, struct tc_deviations **out,
	    struct tc_diag *diag);
/* Same from a string; `name` is used in diagnostics in place of a path. */
enum tc_err tc_deviations_parse(const char *name, const char *text,
	    struct tc_deviations **out, struct tc_diag *diag);
void	tc_deviations_free(struct tc_deviations *d);

/*
 * The reason testcase `id` is listed for, or NULL if it is not (or d is
 * NULL).  An exact entry wins over a glob; of several globs, the longest.
 * The string is borrowed from d.
 */
const char *tc_deviations_reason(const struct tc_deviations *d,
	    const char *id);
/* Number of entries. */
size_t	tc_deviations_count(const struct tc_deviations *d);

/*
 * Applies the list to a finished result: a listed FAIL becomes XFAIL
 * ("known deviation: <reason>; <original reason>"), a listed PASS becomes
 * XPASS ("listed as a known deviation (<reason>) but passed: the list is
 * stale"); every other verdict, and unlisted ids, stay as they are.
 * An id "ID@TARGET" (a run against several targets) is looked up as ID.
 * Returns true when the verdict changed.
 */
bool	tc_deviations_apply(const struct tc_deviations *d,
	    struct tc_result *r);

#endif /* TC_DEVIATIONS_H */

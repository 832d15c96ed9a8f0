/* ladder.h - a testcase's segment log as an inline SVG ladder diagram. */
#ifndef TC_LADDER_H
#define TC_LADDER_H

#include <stddef.h>
#include <stdio.h>

#include "result.h"

/*
 * The most log lines one diagram draws.  Past it the diagram keeps the
 * start of the log and the lines up to the failing step, with a
 * "... N more log lines" row for each gap.
 */
#define TC_LADDER_ROWS_MAX	400

/*
 * The diagram, for a caller that embeds it in an HTML page:
 *
 *   tester lane on the left, target lane on the right; each segment an
 *   arrow sloping down in its direction, labelled with its tcpdump text;
 *   timestamps and script lines on the left; the reference model's state
 *   of the target as a badge on the target lane wherever it changes;
 *   notes as small grey rows; the failing step (the last segment from the
 *   target equal to r->got) red, and the FAIL note as a red box with
 *   expected and got.
 *
 * Every string from the result is escaped, so the output is well-formed
 * XML whatever the log holds.  Row heights follow the wrapped text, so no
 * two rows overlap.  The SVG uses the classes styled by tc_ladder_css and
 * no ids, so one page can hold any number of diagrams.
 */

/* The log lines tc_ladder_write would draw for r with max_rows. */
size_t	tc_ladder_rows(const struct tc_result *r, size_t max_rows);

/*
 * Writes r's log as one <svg> element to f, drawing at most max_rows log
 * lines (0 means TC_LADDER_ROWS_MAX).  An empty log writes nothing.
 * Write errors stay in ferror(f) for the caller to check.
 */
void	tc_ladder_write(FILE *f, const struct tc_result *r,
	    size_t max_rows);

/* The CSS rules the diagram's classes need; no '<' or '&' in it. */
extern const char tc_ladder_css[];

#endif /* TC_LADDER_H */

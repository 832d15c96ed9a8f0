/* console.h - streaming console output for a human, one line per testcase. */
#ifndef TC_CONSOLE_H
#define TC_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "result.h"

/* How many log lines a failure shows on the console (reports keep all). */
#define TC_CONSOLE_TAIL	8

/* Console state; lives in caller memory, no resources to release. */
struct tc_console {
	FILE		*out;		/* (borrowed) */
	const struct tc_run_info *run;	/* (borrowed) */
	size_t		total;		/* testcases the run will report */
	size_t		done;
	bool		color;
	bool		progress;	/* draw the live "[12/40]" line */
	size_t		progress_len;	/* width of the line on screen now */
	size_t		counts[TC_VERDICT_COUNT];
	int64_t		start_ns;	/* CLOCK_MONOTONIC at begin */
	int64_t		busy_ns;	/* durations of the finished, summed */
	int64_t		last_ns;	/* CLOCK_MONOTONIC of the last result */
};

/*
 * Starts a run: prints a header line ("tcpconform 0.1.0: 40 testcases
 * against ..., seed N, -j 4").  color: the caller found `out` a terminal
 * and the user did not say --color=never; a non-empty NO_COLOR in the
 * environment turns it off all the same (no-color.org).  progress: draw
 * the live progress line (a terminal only: it uses '\r').
 */
void	tc_console_begin(struct tc_console *c, FILE *out,
	    const struct tc_run_info *run, size_t total, bool color,
	    bool progress);
/*
 * One finished testcase: "PASS  handshake/passive-open (0.21s)".  For a
 * bad verdict, indented below: the reason, "expected:"/"got:", the script
 * line and the last TC_CONSOLE_TAIL log lines up to the failure; SKIP and
 * XFAIL get their reason on the same line.  Clears the progress line first.
 */
void	tc_console_result(struct tc_console *c, const struct tc_result *r);
/*
 * Redraws the live line when progress is on, else nothing:
 * "\r[12/40] 4 running: 10 PASS, 2 FAIL; 42s elapsed, ETA 1m05s", cut
 * to the terminal's width.  The ETA is the mean duration of the finished
 * testcases times the number left, over the parallelism (-j, or fewer
 * when fewer are left), less the time since the last one finished;
 * "ETA --" until one has.  Call it also on a timer while testcases run,
 * so that the ETA counts down while one waits long.
 */
void	tc_console_progress(struct tc_console *c, size_t done,
	    size_t running);
/*
 * Ends the run: lists the testcases that made it fail, a line of counts
 * per verdict, the seed and the time, and last the plain line CI log
 * parsers read, "X passed, Y failed, Z skipped", never coloured: passed
 * counts PASS and XFAIL, failed every verdict that makes the run exit 1
 * (FAIL, XPASS, INCONC, ERROR, NOTRUN), skipped SKIP.
 */
void	tc_console_end(struct tc_console *c,
	    struct tc_result *const *results, size_t n);

#endif /* TC_CONSOLE_H */

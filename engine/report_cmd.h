/* report_cmd.h - `tcpconform report merge|diff`: reports of earlier runs. */
#ifndef TC_REPORT_CMD_H
#define TC_REPORT_CMD_H

/*
 * Runs `tcpconform report ...`; argv[0] is "report", argv[1] the
 * subcommand:
 *
 *   report merge A.json B.json ... [--report FMT:FILE]... [--no-color]
 *	merges shard reports (reports/merge.h), writes each --report in any
 *	format and prints a summary to stdout (to stderr when a report goes
 *	to "-").  Exits like `run` over the merged verdicts: 0 when
 *	something ran and nothing is bad, 1 otherwise.
 *   report diff OLD.json NEW.json
 *	prints the testcases whose verdict changed, regressions first;
 *	exits 1 when there is a regression, 0 otherwise.
 *
 * Both exit 2 on usage errors, unreadable or invalid reports, a merge
 * conflict or a report that cannot be written, with the reason on stderr.
 * Returns the exit status; never exits.
 */
int	tc_report_cmd(int argc, char **argv);

#endif /* TC_REPORT_CMD_H */

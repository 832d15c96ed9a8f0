/* runner.h - runs many testcases at once on one event loop. */
#ifndef TC_RUNNER_H
#define TC_RUNNER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ast.h"
#include "deviations.h"
#include "report.h"
#include "result.h"
#include "target.h"

/* Exit statuses of `tcpconform run` (the contract CI scripts against). */
enum tc_exit {
	TC_EXIT_OK = 0,		/* something ran and nothing is bad */
	TC_EXIT_FAIL = 1,	/* FAIL, XPASS, INCONC, ERROR, or nothing ran */
	TC_EXIT_USAGE = 2,	/* usage or script errors */
	TC_EXIT_ENV = 3,	/* no privileges, no namespaces */
	TC_EXIT_INTR = 130	/* interrupted */
};

struct tc_report_req {
	const struct tc_report_ops *ops;
	const char	*path;
};

#define TC_RUNNER_REPORTS_MAX	8

struct tc_runner_opts {
	struct tc_target *target;	/* (borrowed) */
	const struct tc_deviations *devs; /* (borrowed) may be NULL */
	int		jobs;
	uint64_t	seed;
	int64_t		expect_ns;	/* default bound of `expect` */
	const char	*pcap_dir;	/* NULL: no pcaps */
	bool		pcap_all;	/* also for testcases that passed */
	bool		keep_netns;
	const char	*fault_rules;	/* (borrowed) NULL, or nftables rules
					   for every session (--fault) */
	enum tc_family	family;		/* TC_AF_INET6: every session on
					   IPv6 (--ipv6); scripts that need
					   IPv4 are SKIPPED (family.h) */
	struct tc_report_req report[TC_RUNNER_REPORTS_MAX];
	size_t		nreport;
	FILE		*out;		/* console */
	bool		color;
	bool		progress;
};

/* One testcase to run: a parsed script and its id (both borrowed). */
struct tc_case {
	const struct tc_script *script;
	const char	*id;
	const char	*path;
	struct tc_target *target;	/* (borrowed) NULL: opts->target */
	const struct tc_deviations *devs; /* (borrowed) of that target */
	bool		tag_target;	/* several targets: id@target */
};

/*
 * Runs the testcases and writes the reports; returns the exit status.
 * SIGINT and SIGTERM stop the run: what finished is reported, the rest is
 * NOTRUN, and the namespaces are gone with their file descriptors.
 */
enum tc_exit tc_runner_run(const struct tc_runner_opts *opts,
	    const struct tc_case *cases, size_t n);
/*
 * The signals that interrupt a run: SIGINT, SIGTERM and SIGHUP, less those
 * the caller ignores.  Block them early (the CLI does, before loading
 * scripts) and the run still ends with reports when one comes during
 * set-up.
 */
void	tc_runner_signal_set(sigset_t *set);

#endif /* TC_RUNNER_H */

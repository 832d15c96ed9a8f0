/* cli.c - the tcpconform command line: run, check, list. */
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "coverage.h"
#include "deviations.h"
#include "discover.h"
#include "matrix.h"
#include "parse.h"
#include "report.h"
#include "report_cmd.h"
#include "runner.h"
#include "target.h"
#include "version.h"

#ifndef TC_SUITE_DIR
#define TC_SUITE_DIR "testcases"
#endif

#define MAX_JOBS	64

static const char usage_text[] =
"usage: tcpconform run [OPTIONS] [PATH...]   run testcases (default: the suite)\n"
"       tcpconform check PATH...             parse and lint scripts, send nothing\n"
"       tcpconform list [PATH...]            testcases with ids, refs and tags\n"
"       tcpconform list --coverage [--markdown] [SUITE]\n"
"                                            state x event matrix, RFC 9293 MUSTs\n"
"       tcpconform report merge A.json B.json... --report FMT:FILE...\n"
"                                            merge shard reports into one\n"
"       tcpconform report diff OLD.json NEW.json\n"
"                                            verdicts that changed; exit 1 on\n"
"                                            a regression (a CI gate)\n"
"       tcpconform --help | --version\n"
"\n"
"tcpconform sends TCP segments crafted by testcase scripts (*.tcs) at a\n"
"target TCP stack and checks its replies against RFC 9293 and companions.\n"
"By default the target is the Linux kernel in a pair of throwaway network\n"
"namespaces (198.18.0.0/15, nothing touches the host's own network); this\n"
"needs root (CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_ADMIN).\n"
"\n"
"run options:\n"
"  --target SPEC        the stack under test (default: netns); see targets\n"
"  --agent-secret FILE  the shared secret of --target agent:ADDR:PORT\n"
"  -j, --jobs N         testcases in parallel (default: 4; each gets its\n"
"                       own namespaces, the time goes to the target's timers)\n"
"  --report FMT:FILE    also write a report (repeatable): junit, tap, json,\n"
"                       html (self-contained, with ladder diagrams)\n"
"  --pcap-dir DIR       one .pcap per testcase that did not pass\n"
"  --pcap-all           ... and for those that passed too\n"
"  --seed N             reproduce a run's ISNs and ports (printed by each run)\n"
"  --tags LIST          only testcases with one of these tags (a,b); -tag\n"
"                       leaves a tag out; 'slow' ones run only when named\n"
"  --filter GLOB        only testcases whose id matches (e.g. 'rst/*')\n"
"  --deviations FILE    known deviations of the target (default:\n"
"                       SUITE/known-deviations/TARGET.txt); 'none' for none\n"
"  --expect-timeout D   default bound of an 'expect' step in ms (2000)\n"
"  --fault FILE         nftables rules (bridge family) applied in a fault\n"
"                       namespace between tester and target: they rewrite or\n"
"                       drop the target's segments, to prove that testcases\n"
"                       FAIL when the target misbehaves (tests/failproof/)\n"
"  --ipv6               run over IPv6 on any target (2001:2::1 and ::2 in\n"
"                       the namespace targets; host:[ADDR], agent:[ADDR]:PORT\n"
"                       for remote ones); the same scripts, but those that\n"
"                       need IPv4 (ICMP, ipid, df, ipopts, tagged ipv4-only)\n"
"                       are SKIPPED\n"
"  --keep-netns         bind each testcase's namespaces under /run/netns as\n"
"                       tcpc-PID-N-{a,b} for debugging (remove by hand)\n"
"  --no-color           plain output (NO_COLOR in the environment too)\n"
"\n"
"Verdicts: PASS, FAIL, XFAIL (a known deviation), XPASS (listed as a\n"
"deviation but passed), INCONC (never reached the situation under test),\n"
"ERROR, SKIP (the target cannot do what the script needs), NOTRUN.\n"
"Exit status: 0 when something ran and nothing is FAIL/XPASS/INCONC/ERROR;\n"
"1 when anything is; 2 usage or script errors; 3 environment failure\n"
"(no privileges, no namespaces); 130 interrupted.\n"
"\n"
"Writing testcases: docs/script-language.md, the tcpconform-script(5) man\n"
"page, and the scripts under testcases/ are the reference and examples.\n";

struct cli {
	struct tc_runner_opts run;
	const char	*target_name;
	const char	*tags;
	const char	*filter;
	const char	*deviations;
	const char	*fault_path;	/* --fault FILE */
	struct tc_target_opts target_opts;	/* --agent-secret FILE */
	struct tc_target *targets[TC_MATRIX_TARGETS_MAX];	/* (owned) */
	struct tc_deviations *devs[TC_MATRIX_TARGETS_MAX];	/* (owned) */
	size_t		ntargets;
	char		*fault_rules;	/* (owned) its text */
	bool		seed_given;
	bool		coverage;	/* list --coverage */
	bool		markdown;	/* list --coverage --markdown */
};

static int __attribute__((format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tcpconform: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'tcpconform --help'.\n");
	return TC_EXIT_USAGE;
}

static bool
parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (*s == '\0' || *s == '-')
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0' || v > max)
		return false;
	*out = v;
	return true;
}

static int
add_report(struct cli *c, char *spec)
{
	char *colon = strchr(spec, ':');
	const struct tc_report_ops *ops;

	if (colon == NULL || colon[1] == '\0')
		return usage_error("--report '%s': expected FMT:FILE, e.g. "
		    "junit:out/junit.xml", spec);
	*colon = '\0';
	ops = tc_report_find(spec);
	if (ops == NULL)
		return usage_error("--report: unknown format '%s'; expected "
		    "junit, tap, json or html", spec);
	if (c->run.nreport == TC_RUNNER_REPORTS_MAX)
		return usage_error("--report given more than %s times", "8");
	c->run.report[c->run.nreport].ops = ops;
	c->run.report[c->run.nreport++].path = colon + 1;
	return 0;
}

enum {
	OPT_TARGET = 256, OPT_REPORT, OPT_PCAP_DIR, OPT_PCAP_ALL, OPT_SEED,
	OPT_TAGS, OPT_FILTER, OPT_DEVIATIONS, OPT_EXPECT, OPT_KEEP,
	OPT_NO_COLOR, OPT_FAULT, OPT_COVERAGE, OPT_MARKDOWN,
	OPT_IPV6, OPT_AGENT_SECRET
};

static const struct option long_opts[] = {
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "jobs", required_argument, NULL, 'j' },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "pcap-dir", required_argument, NULL, OPT_PCAP_DIR },
	{ "pcap-all", no_argument, NULL, OPT_PCAP_ALL },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "tags", required_argument, NULL, OPT_TAGS },
	{ "filter", required_argument, NULL, OPT_FILTER },
	{ "deviations", required_argument, NULL, OPT_DEVIATIONS },
	{ "expect-timeout", required_argument, NULL, OPT_EXPECT },
	{ "keep-netns", no_argument, NULL, OPT_KEEP },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "fault", required_argument, NULL, OPT_FAULT },
	{ "agent-secret", required_argument, NULL, OPT_AGENT_SECRET },
	{ "ipv6", no_argument, NULL, OPT_IPV6 },
	{ "coverage", no_argument, NULL, OPT_COVERAGE },
	{ "markdown", no_argument, NULL, OPT_MARKDOWN },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
parse_option(struct cli *c, int opt, char *arg)
{
	uint64_t v;

	switch (opt) {
	case OPT_TARGET: c->target_name = arg; return 0;
	case 'j':
		if (!parse_uint(arg, MAX_JOBS, &v) || v == 0)
			return usage_error("-j '%s': expected 1..64", arg);
		c->run.jobs = (int)v;
		return 0;
	case OPT_REPORT: return add_report(c, arg);
	case OPT_PCAP_DIR: c->run.pcap_dir = arg; return 0;
	case OPT_PCAP_ALL: c->run.pcap_all = true; return 0;
	case OPT_SEED:
		if (!parse_uint(arg, UINT64_MAX, &c->run.seed))
			return usage_error("--seed '%s': expected a number",
			    arg);
		c->seed_given = true;
		return 0;
	case OPT_TAGS: c->tags = arg; return 0;
	case OPT_FILTER: c->filter = arg; return 0;
	case OPT_DEVIATIONS: c->deviations = arg; return 0;
	case OPT_EXPECT:
		if (!parse_uint(arg, 600000, &v) || v == 0)
			return usage_error("--expect-timeout '%s': expected "
			    "milliseconds 1..600000", arg);
		c->run.expect_ns = (int64_t)v * 1000000;
		return 0;
	case OPT_KEEP: c->run.keep_netns = true; return 0;
	case OPT_NO_COLOR: c->run.color = false; return 0;
	case OPT_FAULT: c->fault_path = arg; return 0;
	case OPT_AGENT_SECRET: c->target_opts.agent_secret = arg; return 0;
	case OPT_IPV6: c->run.family = TC_AF_INET6; return 0;
	case OPT_COVERAGE: c->coverage = true; return 0;
	case OPT_MARKDOWN: c->markdown = true; return 0;
	default: return usage_error("%s", "unknown option");
	}
}

/* Does a tag list select this script?  "a,b": any; "-a": none of. */
static bool
tags_select(const char *spec, const struct tc_script *s)
{
	char buf[512], *tok, *save = NULL;
	bool any_positive = false, hit = false, slow_named = false;
	size_t i;

	snprintf(buf, sizeof(buf), "%s", spec ? spec : "");
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		bool neg = tok[0] == '-';
		const char *name = neg ? tok + 1 : tok;

		slow_named |= !neg && strcmp(name, "slow") == 0;
		any_positive |= !neg;
		for (i = 0; i < s->ntags; i++) {
			if (strcmp(s->tags[i], name) != 0)
				continue;
			if (neg)
				return false;
			hit = true;
		}
	}
	for (i = 0; !slow_named && i < s->ntags; i++)
		if (strcmp(s->tags[i], "slow") == 0)
			return false;
	return !any_positive || hit;
}

struct loaded {
	struct tc_found_list found;
	struct tc_script **scripts;	/* (owned) parallel to found */
	size_t		nerrors;
	size_t		nbad;		/* files with errors */
};

static void
loaded_free(struct loaded *l)
{
	size_t i;

	for (i = 0; l->scripts != NULL && i < l->found.n; i++)
		tc_script_free(l->scripts[i]);
	free(l->scripts);
	tc_found_list_free(&l->found);
}

/* Finds and parses scripts, printing diagnostics; 0 or an exit status. */
static int
load(const char *const *paths, size_t npaths, bool warnings,
    struct loaded *l)
{
	static const char *const suite[] = { TC_SUITE_DIR };
	struct tc_parse_report rep;
	struct tc_diag d;
	size_t i;

	memset(l, 0, sizeof(*l));
	tc_diag_init(&d);
	if (npaths == 0) {
		paths = suite;
		npaths = 1;
	}
	if (tc_discover(paths, npaths, &l->found, &d) != TC_OK) {
		fprintf(stderr, "tcpconform: %s\n", d.msg);
		return TC_EXIT_USAGE;
	}
	l->scripts = calloc(l->found.n ? l->found.n : 1, sizeof(*l->scripts));
	if (l->scripts == NULL)
		return TC_EXIT_ENV;
	/* Ids name results, deviations and pcaps: two files, one id is an
	 * error (the list is sorted by id). */
	for (i = 1; i < l->found.n; i++) {
		if (strcmp(l->found.item[i - 1].id, l->found.item[i].id) != 0)
			continue;
		fprintf(stderr, "%s: error: duplicate testcase id '%s' (also "
		    "%s); expected one file per id\n", l->found.item[i].path,
		    l->found.item[i].id, l->found.item[i - 1].path);
		l->nerrors++;
	}
	for (i = 0; i < l->found.n; i++) {
		const char *path = l->found.item[i].path;
		enum tc_err err;
		char *src = NULL;

		err = tc_parse_read(path, &src, &rep);
		if (err == TC_OK)
			err = tc_parse_string(path, src, &l->scripts[i], &rep);
		if (err == TC_ERR_NOMEM) {
			free(src);
			return TC_EXIT_ENV;
		}
		if (rep.nerrors > 0 || (warnings && rep.nwarnings > 0))
			tc_parse_report_print(stderr, path, src, &rep);
		free(src);
		l->nerrors += rep.nerrors;
		l->nbad += rep.nerrors > 0;
	}
	return 0;
}

static bool
selected(const struct cli *c, const struct tc_found *f,
    const struct tc_script *s)
{
	if (c->filter != NULL && fnmatch(c->filter, f->id, 0) != 0)
		return false;
	return tags_select(c->tags, s);
}

static int
load_deviations(struct cli *c, const struct tc_target *t,
    struct tc_deviations **out)
{
	char path[4096];
	struct tc_diag d;
	struct stat st;

	*out = NULL;
	if (c->deviations != NULL && strcmp(c->deviations, "none") == 0)
		return 0;
	if (c->deviations == NULL) {
		snprintf(path, sizeof(path), "%s/known-deviations/%s.txt",
		    TC_SUITE_DIR, t->ops->name);
		if (stat(path, &st) != 0)
			return 0;
	} else {
		snprintf(path, sizeof(path), "%s", c->deviations);
	}
	tc_diag_init(&d);
	if (tc_deviations_load(path, out, &d) != TC_OK) {
		fprintf(stderr, "tcpconform: %s\n", d.msg);
		return TC_EXIT_USAGE;
	}
	return 0;
}

/* Reads --fault FILE; the target rejects bad rules with nft's words. */
static int
load_fault(struct cli *c)
{
	char *rules;
	FILE *f;
	size_t n;

	if (c->fault_path == NULL)
		return 0;
	if ((f = fopen(c->fault_path, "r")) == NULL) {
		fprintf(stderr, "tcpconform: --fault %s: %s\n", c->fault_path,
		    strerror(errno));
		return TC_EXIT_USAGE;
	}
	rules = malloc(65537);
	n = rules ? fread(rules, 1, 65536, f) : 0;
	fclose(f);
	if (rules == NULL || n == 65536) {
		fprintf(stderr, "tcpconform: --fault %s: %s\n", c->fault_path,
		    rules ? "larger than 64 KiB" : "out of memory");
		free(rules);
		return TC_EXIT_USAGE;
	}
	rules[n] = '\0';
	c->fault_rules = rules;
	c->run.fault_rules = rules;
	return 0;
}

static bool
target_repeated(const struct cli *c)
{
	const char *last = c->targets[c->ntargets - 1]->ops->name;
	size_t i;

	for (i = 0; i + 1 < c->ntargets; i++)
		if (strcmp(c->targets[i]->ops->name, last) == 0)
			return true;
	return false;
}

/* --target A,B,...: each target and its known deviations. */
static int
open_targets(struct cli *c)
{
	char specs[1024], *spec, *save = NULL;
	struct tc_diag d;
	enum tc_err err;
	int rc;

	snprintf(specs, sizeof(specs), "%s", c->target_name ?
	    c->target_name : "netns");
	c->target_opts.family = c->run.family;
	for (spec = strtok_r(specs, ",", &save); spec != NULL;
	    spec = strtok_r(NULL, ",", &save)) {
		if (c->ntargets == TC_MATRIX_TARGETS_MAX)
			return usage_error("--target: more than %d targets",
			    TC_MATRIX_TARGETS_MAX);
		tc_diag_init(&d);
		err = tc_target_open(spec, &c->target_opts,
		    &c->targets[c->ntargets], &d);
		if (err != TC_OK) {
			fprintf(stderr, "tcpconform: --target %s: %s\n", spec,
			    d.msg);
			return err == TC_ERR_INVAL ? TC_EXIT_USAGE :
			    TC_EXIT_ENV;
		}
		rc = load_deviations(c, c->targets[c->ntargets],
		    &c->devs[c->ntargets]);
		c->ntargets++;
		if (rc == 0 && target_repeated(c))
			return usage_error("--target: '%s' given twice; the "
			    "matrix has one column per kind of target", spec);
		if (rc != 0)
			return rc;
	}
	if (c->ntargets == 0)
		return usage_error("%s", "--target: expected at least one");
	c->run.target = c->targets[0];
	c->run.devs = c->devs[0];
	return 0;
}

static void
close_targets(struct cli *c)
{
	size_t i;

	for (i = 0; i < c->ntargets; i++) {
		tc_deviations_free(c->devs[i]);
		tc_target_free(c->targets[i]);
	}
	c->ntargets = 0;
}

/* Every selected script against every target, target after target. */
static size_t
build_cases(struct cli *c, const struct loaded *l, struct tc_case *cases)
{
	size_t i, k, n = 0;

	for (i = 0; i < l->found.n; i++) {
		if (!selected(c, &l->found.item[i], l->scripts[i]))
			continue;
		for (k = 0; k < c->ntargets; k++) {
			cases[n].script = l->scripts[i];
			cases[n].id = l->found.item[i].id;
			cases[n].path = l->found.item[i].path;
			cases[n].target = c->targets[k];
			cases[n].devs = c->devs[k];
			cases[n++].tag_target = c->ntargets > 1;
		}
	}
	return n;
}

static int
cmd_run(struct cli *c, char **paths, size_t npaths)
{
	struct tc_case *cases = NULL;
	struct loaded l;
	sigset_t sigs;
	size_t n;
	int rc;

	tc_runner_signal_set(&sigs);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	if (!c->seed_given && getrandom(&c->run.seed, sizeof(c->run.seed),
	    0) != sizeof(c->run.seed))
		c->run.seed = (uint64_t)getpid() * 2654435761u;
	if ((rc = load((const char *const *)paths, npaths, false, &l)) != 0)
		goto out;
	if (l.nerrors > 0) {
		fprintf(stderr, "tcpconform: %zu script error%s; nothing was "
		    "run\n", l.nerrors, l.nerrors == 1 ? "" : "s");
		rc = TC_EXIT_USAGE;
		goto out;
	}
	if ((rc = load_fault(c)) != 0 || (rc = open_targets(c)) != 0)
		goto out;
	if (c->run.pcap_dir != NULL && mkdir(c->run.pcap_dir, 0755) < 0 &&
	    errno != EEXIST) {
		fprintf(stderr, "tcpconform: --pcap-dir %s: %s\n",
		    c->run.pcap_dir, strerror(errno));
		rc = TC_EXIT_USAGE;
		goto out;
	}
	cases = calloc(l.found.n * c->ntargets + 1, sizeof(*cases));
	if (cases == NULL) {
		rc = TC_EXIT_ENV;
		goto out;
	}
	if ((n = build_cases(c, &l, cases)) == 0) {
		fprintf(stderr, "tcpconform: no testcase selected\n");
		rc = TC_EXIT_FAIL;
		goto out;
	}
	rc = (int)tc_runner_run(&c->run, cases, n);
out:
	free(cases);
	free(c->fault_rules);
	close_targets(c);
	loaded_free(&l);
	return rc;
}

static int
cmd_check(char **paths, size_t npaths)
{
	struct loaded l;
	int rc;

	if (npaths == 0)
		return usage_error("%s", "check: expected at least one PATH");
	if ((rc = load((const char *const *)paths, npaths, true, &l)) != 0) {
		loaded_free(&l);
		return rc;
	}
	rc = l.nerrors > 0 ? TC_EXIT_USAGE : 0;
	fprintf(rc ? stderr : stdout, "%zu testcase%s checked, %zu with "
	    "errors\n", l.found.n, l.found.n == 1 ? "" : "s", l.nbad);
	loaded_free(&l);
	return rc;
}

/*
 * list --coverage: the suite folder (the one PATH, or the bundled suite)
 * holds coverage-reasons.txt; its sibling tests/failproof/ the proofs.
 */
static int
list_coverage(const struct cli *c, const struct loaded *l, char **paths,
    size_t npaths)
{
	struct tc_coverage_input in = { 0 };
	const char *dir = npaths == 0 ? TC_SUITE_DIR : paths[0];
	const char **ids;
	char reasons[4096], proofs[4096];
	struct stat st;
	int rc;

	ids = calloc(l->found.n ? l->found.n : 1, sizeof(*ids));
	if (ids == NULL)
		return TC_EXIT_ENV;
	for (in.n = 0; in.n < l->found.n; in.n++)
		ids[in.n] = l->found.item[in.n].id;
	in.ids = ids;
	in.scripts = (const struct tc_script *const *)l->scripts;
	if (npaths <= 1 && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(reasons, sizeof(reasons), "%s/coverage-reasons.txt",
		    dir);
		snprintf(proofs, sizeof(proofs), "%s/../tests/failproof", dir);
		in.reasons_path = reasons;
		in.failproof_dir = proofs;
	}
	rc = tc_coverage_print(stdout, c->markdown ? TC_COVERAGE_MARKDOWN :
	    TC_COVERAGE_TEXT, &in);
	free(ids);
	if (rc < 0)
		return TC_EXIT_ENV;
	return rc != 0 || l->nerrors > 0 ? TC_EXIT_USAGE : 0;
}

static int
cmd_list(const struct cli *c, char **paths, size_t npaths)
{
	struct loaded l;
	size_t i, k;
	int rc;

	if ((rc = load((const char *const *)paths, npaths, false, &l)) != 0) {
		loaded_free(&l);
		return rc;
	}
	if (c->coverage) {
		rc = list_coverage(c, &l, paths, npaths);
		loaded_free(&l);
		return rc;
	}
	for (i = 0; i < l.found.n; i++) {
		const struct tc_script *s = l.scripts[i];

		if (s == NULL)
			continue;
		printf("%-40s  %s\n%-40s  ref: %s\n%-40s  tags:",
		    l.found.item[i].id, s->title, "", s->refs, "");
		for (k = 0; k < s->ntags; k++)
			printf(" %s", s->tags[k]);
		printf("\n");
	}
	rc = l.nerrors > 0 ? TC_EXIT_USAGE : 0;
	loaded_free(&l);
	return rc;
}

static void
print_usage(void)
{
	fputs(usage_text, stdout);
	fputs("\ntargets (--target SPEC):\n", stdout);
	fputs(tc_target_help, stdout);
}

int
main(int argc, char **argv)
{
	struct cli c = { .run = { .jobs = 4, .expect_ns = 2000000000LL,
	    .out = stdout } };
	const char *cmd;
	int opt, rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* A stack program or agent that dies mid-request must turn into an
	 * error on the write (EPIPE), not kill the run with its reports. */
	signal(SIGPIPE, SIG_IGN);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0)) {
		print_usage();
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "report") == 0)
		return tc_report_cmd(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("tcpconform %s\n", TC_VERSION);
		return 0;
	}
	if (argc < 2)
		return usage_error("%s", "expected a command: run, check or "
		    "list");
	cmd = argv[1];
	/* no-color.org: NO_COLOR disables colour when set and not empty. */
	c.run.color = isatty(STDOUT_FILENO) && (getenv("NO_COLOR") == NULL ||
	    getenv("NO_COLOR")[0] == '\0');
	c.run.progress = isatty(STDOUT_FILENO);
	optind = 2;
	while ((opt = getopt_long(argc, argv, "j:h", long_opts, NULL)) != -1) {
		if (opt == 'h') {
			print_usage();
			return 0;
		}
		if (opt == '?')
			return usage_error("%s", "bad option");
		if ((rc = parse_option(&c, opt, optarg)) != 0)
			return rc;
	}
	if (strcmp(cmd, "run") == 0)
		return cmd_run(&c, argv + optind, (size_t)(argc - optind));
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argv + optind, (size_t)(argc - optind));
	if (strcmp(cmd, "list") == 0)
		return cmd_list(&c, argv + optind, (size_t)(argc - optind));
	return usage_error("unknown command '%s'; expected run, check or list",
	    cmd);
}

/*
 * parse_bench.c - how long tc_parse_string takes per testcase script.  The
 * files are read once; only parsing (lexer, parser, arena, tc_script_free)
 * is timed.
 *
 *   parse_bench [-n N] [-c] FILE.tcs...
 *     -n N  parse every file N times (default 2000)
 *     -c    one pass of N, no timing: for callgrind with
 *           --toggle-collect=measured_loop (Ir / (N * files) = per script)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse.h"

struct src {
	const char	*path;
	char		*text;		/* (owned) */
};

static volatile size_t sink;

/* Parses every script `iter` times; returns the number of failures. */
__attribute__((noinline)) static size_t
measured_loop(const struct src *v, size_t n, size_t iter)
{
	static struct tc_parse_report rep;
	struct tc_script *s;
	size_t bad = 0, acc = 0, i, k;

	for (k = 0; k < iter; k++) {
		for (i = 0; i < n; i++) {
			if (tc_parse_string(v[i].path, v[i].text, &s,
			    &rep) != TC_OK) {
				bad++;
				continue;
			}
			acc += s->nstmt;
			tc_script_free(s);
		}
	}
	sink = acc;
	return bad;
}

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int
load(struct src *v, int argc, char **argv, int first, size_t *bytes)
{
	struct tc_parse_report rep;
	int i;

	for (i = first; i < argc; i++) {
		memset(&rep, 0, sizeof(rep));
		v[i - first].path = argv[i];
		if (tc_parse_read(argv[i], &v[i - first].text, &rep) != TC_OK) {
			fprintf(stderr, "parse_bench: cannot read %s\n",
			    argv[i]);
			return -1;
		}
		*bytes += strlen(v[i - first].text);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct src *v;
	size_t n, iter = 2000, bytes = 0, i;
	double best = 0, t0, t;
	int first = 1, cg = 0, r;
	char *end;

	while (first < argc && argv[first][0] == '-') {
		if (strcmp(argv[first], "-c") == 0) {
			cg = 1;
			first++;
		} else if (strcmp(argv[first], "-n") == 0 &&
		    first + 1 < argc) {
			iter = strtoul(argv[first + 1], &end, 10);
			if (*argv[first + 1] == '\0' || *end != '\0' ||
			    iter == 0)
				goto usage;
			first += 2;
		} else {
			goto usage;
		}
	}
	if (first >= argc)
		goto usage;
	n = (size_t)(argc - first);
	v = calloc(n, sizeof(*v));
	if (v == NULL || load(v, argc, argv, first, &bytes) != 0)
		return 1;
	if (measured_loop(v, n, 1) != 0) {
		fprintf(stderr, "parse_bench: some scripts do not parse\n");
		return 1;
	}
	if (cg) {
		measured_loop(v, n, iter);
		return 0;
	}
	for (r = 0; r < 5; r++) {
		t0 = now_ns();
		measured_loop(v, n, iter);
		t = (now_ns() - t0) / (double)(iter * n);
		if (r == 0 || t < best)
			best = t;
	}
	printf("scripts %zu, %zu bytes (%.0f bytes/script), %zu passes\n",
	    n, bytes, (double)bytes / (double)n, iter);
	printf("parse: %.2f us/script (best of 5), %.1f MB/s\n", best / 1e3,
	    (double)bytes / (double)n / best * 1e3);
	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
	return 0;
usage:
	fprintf(stderr, "usage: parse_bench [-n N] [-c] FILE.tcs...\n");
	return 2;
}

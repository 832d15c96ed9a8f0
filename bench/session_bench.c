/*
 * session_bench.c - what one testcase's environment costs with the netns
 * target: session_open (two namespaces, a veth, addresses, neighbour,
 * offloads off, IPv6 off, sock_diag socket) then session_close, N times in
 * a row.  Needs root.
 *
 *   session_bench [-l] [N]   N defaults to 200
 *
 * Prints median/p90/max of open, close and open+close in ms, the peak RSS
 * of the process, and the open fds before and after (a leak check).
 *
 * With -l each session also gets what the runner opens on it (runner.c
 * open_link/job_finish): the libpcap capture and the libnet injector inside
 * the tester's namespace, each phase timed on its own.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "capture.h"
#include "craft.h"
#include "netns.h"
#include "target.h"

/* As in engine/runner.c. */
#define CAPTURE_FILTER	"tcp or icmp or icmp6"

enum phase {
	PH_OPEN,
	PH_CAP_OPEN,
	PH_CRAFT_OPEN,
	PH_CRAFT_FREE,
	PH_CAP_FREE,
	PH_CLOSE,
	PH_TOTAL,
	PH_COUNT
};

static const char *const phase_name[PH_COUNT] = {
	"open", "pcap open", "libnet open", "libnet free", "pcap free",
	"close", "total"
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile of a sorted array. */
static double
pct(const double *v, size_t n, double p)
{
	size_t k = (size_t)(p / 100.0 * (double)n + 0.999999);

	if (k == 0)
		k = 1;
	return v[k > n ? n - 1 : k - 1];
}

static void
report(const char *what, double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	printf("%-12s median %6.2f ms  p90 %6.2f ms  min %6.2f  max %6.2f\n",
	    what, pct(v, n, 50), pct(v, n, 90), v[0], v[n - 1]);
}

static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;		/* the directory's own fd */
}

/* Opens the capture and the injector as runner.c open_link does. */
static int
open_link(const struct tc_link *l, struct tc_capture **cap,
    struct tc_craft **craft, double *ms)
{
	struct tc_diag d;
	double t0, t1;
	int saved;

	tc_diag_init(&d);
	if (tc_netns_enter(l->netns_fd, &saved, &d) != TC_OK)
		goto fail;
	t0 = now_ms();
	if (tc_capture_open(l->ifname, CAPTURE_FILTER, cap, &d) != TC_OK)
		goto fail;
	t1 = now_ms();
	if (tc_craft_new(l->ifname, l->local_mac, l->peer_mac, craft,
	    &d) != TC_OK)
		goto fail;
	ms[PH_CAP_OPEN] = t1 - t0;
	ms[PH_CRAFT_OPEN] = now_ms() - t1;
	if (tc_netns_leave(saved, &d) != TC_OK)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "session_bench: %s\n", d.msg);
	return -1;
}

/* One session; fills ms[PH_*] (link phases only with `with_link`). */
static int
one(struct tc_target *t, bool with_link, double *ms)
{
	struct tc_session_conf conf = { 0 };
	struct tc_capture *cap = NULL;
	struct tc_craft *craft = NULL;
	struct tc_session *s;
	struct tc_link link;
	struct tc_diag d;
	double t0, t1;

	tc_diag_init(&d);
	t0 = now_ms();
	if (tc_target_session_open(t, &conf, &s, &link, &d) != TC_OK) {
		fprintf(stderr, "session_bench: %s\n", d.msg);
		return -1;
	}
	ms[PH_OPEN] = now_ms() - t0;
	if (with_link) {
		if (open_link(&link, &cap, &craft, ms) != 0)
			return -1;
		t1 = now_ms();
		tc_craft_free(craft);
		ms[PH_CRAFT_FREE] = now_ms() - t1;
		t1 = now_ms();
		tc_capture_free(cap);
		ms[PH_CAP_FREE] = now_ms() - t1;
	}
	t1 = now_ms();
	tc_target_session_close(t, s);
	ms[PH_CLOSE] = now_ms() - t1;
	ms[PH_TOTAL] = now_ms() - t0;
	return 0;
}

int
main(int argc, char **argv)
{
	struct tc_target *t;
	struct tc_diag d;
	struct rusage ru;
	double *ms[PH_COUNT], row[PH_COUNT], start;
	size_t n = 200, i, p;
	bool with_link = false;
	int fds0, a = 1;
	char *end;

	if (a < argc && strcmp(argv[a], "-l") == 0) {
		with_link = true;
		a++;
	}
	if (argc - a > 1 || (argc - a == 1 &&
	    ((n = strtoul(argv[a], &end, 10)) == 0 || *end != '\0'))) {
		fprintf(stderr, "usage: session_bench [-l] [N]\n");
		return 2;
	}
	for (p = 0; p < PH_COUNT; p++)
		if ((ms[p] = calloc(n, sizeof(double))) == NULL)
			return 1;
	tc_diag_init(&d);
	if (tc_target_netns_new(&t, &d) != TC_OK) {
		fprintf(stderr, "session_bench: %s\n", d.msg);
		return 3;
	}
	fds0 = count_fds();
	start = now_ms();
	for (i = 0; i < n; i++) {
		memset(row, 0, sizeof(row));
		if (one(t, with_link, row) != 0)
			return 3;
		for (p = 0; p < PH_COUNT; p++)
			ms[p][i] = row[p];
	}
	printf("sessions %zu%s in %.0f ms\n", n,
	    with_link ? " with capture and injector" : "", now_ms() - start);
	for (p = 0; p < PH_COUNT; p++) {
		if (!with_link && p >= PH_CAP_OPEN && p <= PH_CAP_FREE)
			continue;
		report(phase_name[p], ms[p], n);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS %ld KiB\n", ru.ru_maxrss);
	printf("open fds before %d, after %d\n", fds0, count_fds());
	tc_target_free(t);
	for (p = 0; p < PH_COUNT; p++)
		free(ms[p]);
	return 0;
}

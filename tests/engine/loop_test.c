/* loop_test.c - the event loop: timer order, io dispatch, deferred deletes. */
#include <check.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loop.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define MS		INT64_C(1000000)
#define SEC		INT64_C(1000000000)

static struct tc_loop *loop;

/* What the callbacks saw, in order. */
static int fired[64];
static size_t nfired;

static void
setup(void)
{
	struct tc_diag d;

	tc_diag_init(&d);
	ck_assert_int_eq(tc_loop_new(&loop, &d), TC_OK);
	nfired = 0;
}

static void
teardown(void)
{
	tc_loop_free(loop);
	loop = NULL;
}

static void
record(int id)
{
	ck_assert_uint_lt(nfired, NITEMS(fired));
	fired[nfired++] = id;
}

/* A timer whose arg is its id. */
static void
record_cb(struct tc_loop *l, struct tc_timer *t, void *arg)
{
	(void)l;
	ck_assert(!t->active);
	record((int)(intptr_t)arg);
}

static void
assert_fired(const int *want, size_t n)
{
	size_t i;

	ck_assert_uint_eq(nfired, n);
	for (i = 0; i < n; i++)
		ck_assert_msg(fired[i] == want[i], "callback %zu was %d, "
		    "expected %d", i, fired[i], want[i]);
}

/* ---- timers ----------------------------------------------------------- */

START_TEST(test_timer_order)
{
	struct tc_timer t[6];
	int64_t now = tc_loop_now(loop);
	static const int want[] = { 4, 1, 2, 5, 3 };

	memset(t, 0, sizeof(t));
	/* Three equal deadlines fire in insertion order, after an earlier
	 * one and before a later one; a future one waits. */
	tc_timer_start(loop, &t[1], now - 1 * MS, record_cb, (void *)1);
	tc_timer_start(loop, &t[2], now - 1 * MS, record_cb, (void *)2);
	tc_timer_start(loop, &t[3], now, record_cb, (void *)3);
	tc_timer_start(loop, &t[4], now - 5 * MS, record_cb, (void *)4);
	tc_timer_start(loop, &t[5], now - 1 * MS, record_cb, (void *)5);
	tc_timer_start(loop, &t[0], now + 60 * SEC, record_cb, (void *)0);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	assert_fired(want, NITEMS(want));
	ck_assert(t[0].active);
	ck_assert(!t[1].active && !t[5].active);
	tc_timer_stop(loop, &t[0]);
	ck_assert(!t[0].active);
	tc_timer_stop(loop, &t[0]);	/* twice is harmless */
}
END_TEST

START_TEST(test_timer_restart_moves)
{
	struct tc_timer a, b;
	int64_t now = tc_loop_now(loop);
	static const int want[] = { 2, 1 };

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	tc_timer_start(loop, &a, now - 2 * MS, record_cb, (void *)1);
	tc_timer_start(loop, &b, now - 1 * MS, record_cb, (void *)2);
	/* Restarting re-inserts: same deadline as b, but later in order. */
	tc_timer_start(loop, &a, now - 1 * MS, record_cb, (void *)1);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	assert_fired(want, NITEMS(want));
}
END_TEST

static struct tc_timer *other;
static int self_restarts;

/* Restarts itself for "now" twice: each run goes to the next pass. */
static void
restart_self_cb(struct tc_loop *l, struct tc_timer *t, void *arg)
{
	record((int)(intptr_t)arg);
	if (self_restarts-- > 0)
		tc_timer_start(l, t, tc_loop_now(l), restart_self_cb, arg);
}

START_TEST(test_timer_restart_in_callback)
{
	struct tc_timer t;
	static const int want[] = { 7, 7, 7 };

	memset(&t, 0, sizeof(t));
	self_restarts = 2;
	tc_timer_start(loop, &t, tc_loop_now(loop), restart_self_cb,
	    (void *)7);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	ck_assert_uint_eq(nfired, 1);
	ck_assert(t.active);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	ck_assert_uint_eq(nfired, 2);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	assert_fired(want, NITEMS(want));
	ck_assert(!t.active);
	/* Nothing is left: DEFAULT returns at once. */
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_DEFAULT), TC_OK);
	ck_assert_uint_eq(nfired, 3);
}
END_TEST

/* Stops `other` (due in the same pass) and starts a timer for "now". */
static void
stop_other_cb(struct tc_loop *l, struct tc_timer *t, void *arg)
{
	static struct tc_timer late;

	(void)t;
	record((int)(intptr_t)arg);
	tc_timer_stop(l, other);
	memset(&late, 0, sizeof(late));
	tc_timer_start(l, &late, tc_loop_now(l) - SEC, record_cb, (void *)9);
}

START_TEST(test_timer_stop_in_callback)
{
	struct tc_timer a, b, c;
	int64_t now = tc_loop_now(loop);
	static const int want1[] = { 1, 3 }, want2[] = { 1, 3, 9 };

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&c, 0, sizeof(c));
	other = &b;
	tc_timer_start(loop, &a, now - 3 * MS, stop_other_cb, (void *)1);
	tc_timer_start(loop, &b, now - 2 * MS, record_cb, (void *)2);
	tc_timer_start(loop, &c, now - 1 * MS, record_cb, (void *)3);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	/* b was stopped; the timer started inside the pass waits, even
	 * though its deadline is older than c's. */
	assert_fired(want1, NITEMS(want1));
	ck_assert(!b.active);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	assert_fired(want2, NITEMS(want2));
}
END_TEST

START_TEST(test_timer_future)
{
	struct tc_timer t;
	int64_t start;

	memset(&t, 0, sizeof(t));
	start = tc_clock_now();
	tc_timer_start(loop, &t, tc_loop_now(loop) + 30 * MS, record_cb,
	    (void *)1);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	ck_assert_uint_eq(nfired, 0);
	/* ONCE blocks until the deadline and fires it. */
	while (nfired == 0 && tc_clock_now() - start < 5 * SEC)
		ck_assert_int_eq(tc_loop_run(loop, TC_RUN_ONCE), TC_OK);
	ck_assert_uint_eq(nfired, 1);
	ck_assert_int_ge(tc_loop_now(loop) - start, 30 * MS);
	ck_assert_int_lt(tc_loop_now(loop) - start, 2 * SEC);
}
END_TEST

static void
stop_loop_cb(struct tc_loop *l, struct tc_timer *t, void *arg)
{
	(void)t;
	record((int)(intptr_t)arg);
	tc_loop_stop(l);
}

START_TEST(test_loop_stop)
{
	struct tc_timer a, b, c;
	int64_t now = tc_loop_now(loop);
	static const int want1[] = { 1 }, want2[] = { 1, 2 };

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&c, 0, sizeof(c));
	tc_timer_start(loop, &a, now - 2 * MS, stop_loop_cb, (void *)1);
	tc_timer_start(loop, &b, now - 1 * MS, record_cb, (void *)2);
	tc_timer_start(loop, &c, now + 3600 * SEC, record_cb, (void *)3);
	/* DEFAULT would wait an hour for c; the stop ends it at once. */
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_DEFAULT), TC_OK);
	assert_fired(want1, NITEMS(want1));
	ck_assert(b.active && c.active);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	assert_fired(want2, NITEMS(want2));
	tc_timer_stop(loop, &c);
}
END_TEST

START_TEST(test_clock)
{
	int64_t a = tc_loop_now(loop), b;

	ck_assert_int_gt(a, 0);
	usleep(2000);
	ck_assert_int_eq(tc_loop_now(loop), a);	/* read once per pass */
	b = tc_loop_update_time(loop);
	ck_assert_int_ge(b - a, 2 * MS);
	ck_assert_int_eq(tc_loop_now(loop), b);
	ck_assert_int_ge(tc_clock_now(), b);
}
END_TEST

/* ---- io ---------------------------------------------------------------- */

struct pipe_io {
	int		fd[2];
	struct tc_io	*io;
	int		id;
	unsigned	events;
	struct pipe_io	*victim;	/* deleted by this one's callback */
	bool		del_self;
};

static void
pipe_open(struct pipe_io *p, int id)
{
	memset(p, 0, sizeof(*p));
	ck_assert_int_eq(pipe(p->fd), 0);
	p->id = id;
}

static void
pipe_close(struct pipe_io *p)
{
	close(p->fd[0]);
	close(p->fd[1]);
}

static void
pipe_cb(struct tc_loop *l, struct tc_io *io, unsigned events, void *arg)
{
	struct pipe_io *p = arg;
	char buf[16];

	ck_assert_ptr_eq(io, p->io);
	p->events = events;
	record(p->id);
	if (events & POLLIN)
		(void)read(p->fd[0], buf, sizeof(buf));
	if (p->victim != NULL) {
		tc_loop_io_del(l, p->victim->io);
		tc_loop_io_del(l, p->victim->io);	/* twice is harmless */
	}
	if (p->del_self)
		tc_loop_io_del(l, io);
}

static void
pipe_watch(struct pipe_io *p)
{
	struct tc_diag d;

	tc_diag_init(&d);
	ck_assert_int_eq(tc_loop_io_add(loop, p->fd[0], POLLIN, pipe_cb, p,
	    &p->io, &d), TC_OK);
}

START_TEST(test_io_pipe)
{
	struct pipe_io p;

	pipe_open(&p, 1);
	pipe_watch(&p);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	ck_assert_uint_eq(nfired, 0);
	ck_assert_int_eq(write(p.fd[1], "x", 1), 1);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	ck_assert_uint_eq(nfired, 1);
	ck_assert_uint_eq(p.events, POLLIN);
	/* Drained: nothing more. */
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	ck_assert_uint_eq(nfired, 1);
	/* The writer closes: POLLHUP. */
	close(p.fd[1]);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	ck_assert_uint_eq(nfired, 2);
	ck_assert(p.events & POLLHUP);
	tc_loop_io_del(loop, p.io);
	close(p.fd[0]);
	/* Nothing is watched: DEFAULT returns. */
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_DEFAULT), TC_OK);
}
END_TEST

START_TEST(test_io_mod)
{
	struct pipe_io p;
	struct tc_diag d;

	pipe_open(&p, 1);
	tc_diag_init(&d);
	/* The write end is writable at once. */
	ck_assert_int_eq(tc_loop_io_add(loop, p.fd[1], POLLOUT, pipe_cb, &p,
	    &p.io, &d), TC_OK);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	ck_assert_uint_eq(nfired, 1);
	ck_assert_uint_eq(p.events, POLLOUT);
	ck_assert_int_eq(tc_loop_io_mod(loop, p.io, 0), TC_OK);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	ck_assert_uint_eq(nfired, 1);
	tc_loop_io_del(loop, p.io);
	pipe_close(&p);
	/* A bad fd is refused with a diagnostic. */
	tc_diag_init(&d);
	ck_assert_int_eq(tc_loop_io_add(loop, -1, POLLIN, pipe_cb, &p, &p.io,
	    &d), TC_ERR_SYS);
	ck_assert_ptr_nonnull(strstr(d.msg, "epoll_ctl"));
}
END_TEST

/*
 * Two readable pipes in one pass; whichever runs first deletes the other
 * (and itself).  The second must not run, and nothing is freed under the
 * dispatcher: valgrind shows no invalid read.
 */
START_TEST(test_io_delete_other)
{
	struct pipe_io a, b;

	pipe_open(&a, 1);
	pipe_open(&b, 2);
	a.victim = &b;
	b.victim = &a;
	a.del_self = b.del_self = true;
	pipe_watch(&a);
	pipe_watch(&b);
	ck_assert_int_eq(write(a.fd[1], "x", 1), 1);
	ck_assert_int_eq(write(b.fd[1], "y", 1), 1);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	ck_assert_uint_eq(nfired, 1);
	/* Both are gone: more data wakes nobody. */
	ck_assert_int_eq(write(a.fd[1], "x", 1), 1);
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	ck_assert_uint_eq(nfired, 1);
	pipe_close(&a);
	pipe_close(&b);
}
END_TEST

/* Many ios deleted from one callback, and the loop freed with one left. */
START_TEST(test_io_delete_many)
{
	struct pipe_io p[8];
	size_t i;

	for (i = 0; i < NITEMS(p); i++) {
		pipe_open(&p[i], (int)i);
		pipe_watch(&p[i]);
		ck_assert_int_eq(write(p[i].fd[1], "z", 1), 1);
	}
	/* Whoever runs first deletes everyone before it in the array. */
	for (i = 1; i < NITEMS(p); i++)
		p[i].victim = &p[i - 1];
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_NOWAIT), TC_OK);
	ck_assert_uint_ge(nfired, 1);
	ck_assert_uint_le(nfired, NITEMS(p));
	/* tc_loop_free (teardown) reaps what is still registered. */
	for (i = 0; i < NITEMS(p); i++)
		pipe_close(&p[i]);
}
END_TEST

/*
 * A timer at the end of time must not turn into a garbage poll timeout
 * (the wait is clamped to an hour): ONCE blocks until the pipe, written
 * by a child 100 ms later, wakes it.
 */
START_TEST(test_poll_clamp)
{
	struct tc_timer far, near;
	struct pipe_io p;
	int64_t start;
	pid_t pid;
	int status;

	memset(&far, 0, sizeof(far));
	memset(&near, 0, sizeof(near));
	pipe_open(&p, 1);
	pipe_watch(&p);
	tc_timer_start(loop, &far, INT64_MAX, record_cb, (void *)9);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		usleep(100000);
		_exit(write(p.fd[1], "x", 1) == 1 ? 0 : 1);
	}
	start = tc_clock_now();
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_ONCE), TC_OK);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_uint_eq(nfired, 1);
	ck_assert_int_eq(fired[0], 1);
	ck_assert_int_ge(tc_clock_now() - start, 90 * MS);
	ck_assert_int_lt(tc_clock_now() - start, 10 * SEC);
	ck_assert(far.active);
	/* A deadline long past gives a zero timeout: ONCE does not block. */
	tc_timer_start(loop, &near, tc_loop_now(loop) - 3600 * SEC, record_cb,
	    (void *)2);
	start = tc_clock_now();
	ck_assert_int_eq(tc_loop_run(loop, TC_RUN_ONCE), TC_OK);
	ck_assert_uint_eq(nfired, 2);
	ck_assert_int_lt(tc_clock_now() - start, 1 * SEC);
	tc_timer_stop(loop, &far);
	tc_loop_io_del(loop, p.io);
	pipe_close(&p);
}
END_TEST

static Suite *
loop_suite(void)
{
	Suite *s = suite_create("loop");
	TCase *tc;

	tc = tcase_create("timers");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_timer_order);
	tcase_add_test(tc, test_timer_restart_moves);
	tcase_add_test(tc, test_timer_restart_in_callback);
	tcase_add_test(tc, test_timer_stop_in_callback);
	tcase_add_test(tc, test_timer_future);
	tcase_add_test(tc, test_loop_stop);
	tcase_add_test(tc, test_clock);
	suite_add_tcase(s, tc);

	tc = tcase_create("io");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_io_pipe);
	tcase_add_test(tc, test_io_mod);
	tcase_add_test(tc, test_io_delete_other);
	tcase_add_test(tc, test_io_delete_many);
	tcase_add_test(tc, test_poll_clamp);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(loop_suite());
	int failed;

	signal(SIGPIPE, SIG_IGN);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

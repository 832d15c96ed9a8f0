/* loop.c - epoll event loop with sorted timers and deferred io reaping. */
#include "loop.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#define EVENTS_MAX	64

struct tc_io {
	int		fd;
	tc_io_cb	cb;
	void		*arg;		/* (borrowed) */
	bool		deleted;	/* reaped after the dispatch pass */
	struct tc_io	*next;		/* all ios, (owned) by the loop */
};

struct tc_loop {
	int		epfd;
	int64_t		now;
	uint64_t	timer_seq;
	struct tc_timer	*timers;	/* sorted by (deadline, seq) */
	struct tc_io	*ios;		/* (owned) */
	size_t		nios;		/* live ones */
	bool		stop;
};

int64_t
tc_clock_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

enum tc_err
tc_loop_new(struct tc_loop **out, struct tc_diag *diag)
{
	struct tc_loop *loop = calloc(1, sizeof(*loop));

	if (loop == NULL)
		return TC_ERR_NOMEM;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0) {
		tc_diag_errno(diag, "epoll_create1");
		free(loop);
		return TC_ERR_SYS;
	}
	loop->now = tc_clock_now();
	*out = loop;
	return TC_OK;
}

static void
reap(struct tc_loop *loop)
{
	struct tc_io **pp = &loop->ios;

	while (*pp != NULL) {
		struct tc_io *io = *pp;

		if (io->deleted) {
			*pp = io->next;
			free(io);
		} else {
			pp = &io->next;
		}
	}
}

void
tc_loop_free(struct tc_loop *loop)
{
	struct tc_io *io;

	if (loop == NULL)
		return;
	for (io = loop->ios; io != NULL; io = io->next)
		io->deleted = true;
	reap(loop);
	close(loop->epfd);
	free(loop);
}

int64_t
tc_loop_now(const struct tc_loop *loop)
{
	return loop->now;
}

int64_t
tc_loop_update_time(struct tc_loop *loop)
{
	loop->now = tc_clock_now();
	return loop->now;
}

static uint32_t
to_epoll(unsigned events)
{
	return (events & POLLIN ? EPOLLIN : 0) |
	    (events & POLLOUT ? EPOLLOUT : 0);
}

static unsigned
from_epoll(uint32_t ev)
{
	return (ev & EPOLLIN ? POLLIN : 0) | (ev & EPOLLOUT ? POLLOUT : 0) |
	    (ev & EPOLLERR ? POLLERR : 0) | (ev & EPOLLHUP ? POLLHUP : 0);
}

enum tc_err
tc_loop_io_add(struct tc_loop *loop, int fd, unsigned events, tc_io_cb cb,
    void *arg, struct tc_io **out, struct tc_diag *diag)
{
	struct tc_io *io = calloc(1, sizeof(*io));
	struct epoll_event ev = { .events = to_epoll(events) };

	if (io == NULL)
		return TC_ERR_NOMEM;
	io->fd = fd;
	io->cb = cb;
	io->arg = arg;
	ev.data.ptr = io;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		tc_diag_errno(diag, "epoll_ctl ADD fd %d", fd);
		free(io);
		return TC_ERR_SYS;
	}
	io->next = loop->ios;
	loop->ios = io;
	loop->nios++;
	*out = io;
	return TC_OK;
}

enum tc_err
tc_loop_io_mod(struct tc_loop *loop, struct tc_io *io, unsigned events)
{
	struct epoll_event ev = { .events = to_epoll(events) };

	ev.data.ptr = io;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_MOD, io->fd, &ev) < 0)
		return TC_ERR_SYS;
	return TC_OK;
}

void
tc_loop_io_del(struct tc_loop *loop, struct tc_io *io)
{
	if (io == NULL || io->deleted)
		return;
	/* The fd may already be closed; EBADF then is harmless. */
	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, io->fd, NULL);
	io->deleted = true;
	loop->nios--;
}

void
tc_timer_stop(struct tc_loop *loop, struct tc_timer *t)
{
	struct tc_timer **pp;

	if (!t->active)
		return;
	for (pp = &loop->timers; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->active = false;
	t->next = NULL;
}

static bool
timer_before(const struct tc_timer *a, const struct tc_timer *b)
{
	return a->deadline < b->deadline ||
	    (a->deadline == b->deadline && a->seq < b->seq);
}

void
tc_timer_start(struct tc_loop *loop, struct tc_timer *t, int64_t deadline,
    tc_timer_cb cb, void *arg)
{
	struct tc_timer **pp;

	tc_timer_stop(loop, t);
	t->deadline = deadline;
	t->seq = loop->timer_seq++;
	t->cb = cb;
	t->arg = arg;
	t->active = true;
	for (pp = &loop->timers; *pp != NULL && timer_before(*pp, t);
	    pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
}

/* Milliseconds until the first timer, rounded up; -1 without timers. */
static int
poll_timeout(const struct tc_loop *loop, enum tc_run_mode mode)
{
	int64_t d;

	if (mode == TC_RUN_NOWAIT || loop->stop)
		return 0;
	if (loop->timers == NULL)
		return -1;
	d = loop->timers->deadline - loop->now;
	if (d <= 0)
		return 0;
	d = (d + 999999) / 1000000;
	return d > 3600000 ? 3600000 : (int)d;	/* clamp overflow */
}

/* The first due timer that was armed before this pass began, or NULL. */
static struct tc_timer *
next_due(struct tc_loop *loop, uint64_t limit)
{
	struct tc_timer *t;

	for (t = loop->timers; t != NULL && t->deadline <= loop->now;
	    t = t->next)
		if (t->seq < limit)
			return t;
	return NULL;
}

static void
run_timers(struct tc_loop *loop)
{
	/* Timers a callback arms for "now" (or earlier) wait for the next
	 * pass, without holding back those already due. */
	uint64_t limit = loop->timer_seq;
	struct tc_timer *t;

	while (!loop->stop && (t = next_due(loop, limit)) != NULL) {
		tc_timer_stop(loop, t);
		t->cb(loop, t, t->arg);
	}
}

enum tc_err
tc_loop_run(struct tc_loop *loop, enum tc_run_mode mode)
{
	struct epoll_event evs[EVENTS_MAX];
	int i, n;

	loop->stop = false;
	do {
		if (loop->nios == 0 && loop->timers == NULL)
			break;
		n = epoll_wait(loop->epfd, evs, EVENTS_MAX,
		    poll_timeout(loop, mode));
		if (n < 0 && errno != EINTR)
			return TC_ERR_SYS;
		loop->now = tc_clock_now();
		for (i = 0; i < n; i++) {
			struct tc_io *io = evs[i].data.ptr;

			if (!io->deleted && !loop->stop)
				io->cb(loop, io, from_epoll(evs[i].events),
				    io->arg);
		}
		reap(loop);
		run_timers(loop);
	} while (mode == TC_RUN_DEFAULT && !loop->stop);
	return TC_OK;
}

void
tc_loop_stop(struct tc_loop *loop)
{
	loop->stop = true;
}

/* loop.h - one event loop over fds and timers, with a monotonic clock. */
#ifndef TC_LOOP_H
#define TC_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

struct tc_loop;
struct tc_io;
struct tc_timer;

/* events: POLLIN/POLLOUT/POLLERR/POLLHUP bits as in poll(2). */
typedef void (*tc_io_cb)(struct tc_loop *loop, struct tc_io *io,
	    unsigned events, void *arg);
typedef void (*tc_timer_cb)(struct tc_loop *loop, struct tc_timer *t,
	    void *arg);

/*
 * A timer lives in caller memory; it may be restarted or stopped at any
 * time, also from inside its own callback.
 */
struct tc_timer {
	int64_t		deadline;	/* monotonic ns */
	uint64_t	seq;		/* insertion order breaks ties */
	tc_timer_cb	cb;
	void		*arg;		/* (borrowed) */
	bool		active;
	struct tc_timer	*next;		/* (borrowed) sorted list */
};

enum tc_run_mode {
	TC_RUN_DEFAULT,		/* until tc_loop_stop() or nothing is left */
	TC_RUN_ONCE,		/* one iteration, blocking for the next event */
	TC_RUN_NOWAIT		/* one iteration, never blocking */
};

enum tc_err tc_loop_new(struct tc_loop **out, struct tc_diag *diag);
/* Frees the loop; every io must have been removed. */
void	tc_loop_free(struct tc_loop *loop);
/* "Now", read once per iteration (CLOCK_MONOTONIC, ns). */
int64_t	tc_loop_now(const struct tc_loop *loop);
/* Reads the clock again (after a long callback). */
int64_t	tc_loop_update_time(struct tc_loop *loop);
/* Reads CLOCK_MONOTONIC directly. */
int64_t	tc_clock_now(void);

/*
 * Watches fd for `events` (POLLIN/POLLOUT).  The io is owned by the loop;
 * tc_loop_io_del() marks it, and it is freed after the current dispatch
 * pass, so deleting from inside any callback is safe.
 */
enum tc_err tc_loop_io_add(struct tc_loop *loop, int fd, unsigned events,
	    tc_io_cb cb, void *arg, struct tc_io **out, struct tc_diag *diag);
enum tc_err tc_loop_io_mod(struct tc_loop *loop, struct tc_io *io,
	    unsigned events);
void	tc_loop_io_del(struct tc_loop *loop, struct tc_io *io);

void	tc_timer_start(struct tc_loop *loop, struct tc_timer *t,
	    int64_t deadline, tc_timer_cb cb, void *arg);
void	tc_timer_stop(struct tc_loop *loop, struct tc_timer *t);

/*
 * Runs the loop.  Returns TC_OK when stopped or out of work, TC_ERR_SYS
 * when epoll fails.
 */
enum tc_err tc_loop_run(struct tc_loop *loop, enum tc_run_mode mode);
void	tc_loop_stop(struct tc_loop *loop);

#endif /* TC_LOOP_H */

/* interp.h - runs one testcase as a resumable state machine. */
#ifndef TC_INTERP_H
#define TC_INTERP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ast.h"
#include "craft.h"
#include "result.h"
#include "target.h"

/* How the interpreter reaches the world (all borrowed). */
struct tc_interp_io {
	struct tc_target *target;
	struct tc_session *session;
	struct tc_craft	*craft;
	const struct tc_link *link;
	uint16_t	sport;		/* the tester's port */
	uint16_t	dport;		/* the target's port */
	int64_t		expect_ns;	/* default bound of an `expect` */
	uint64_t	rng;		/* seed of `random` values */
};

enum tc_step {
	TC_STEP_WAIT,		/* resume on the wait's fd or deadline */
	TC_STEP_END		/* verdict set in the result */
};

struct tc_wait {
	int64_t		deadline;	/* monotonic ns, -1: none */
	int		fd;		/* -1: none */
	short		events;		/* POLLIN / POLLOUT */
};

struct tc_interp;

/*
 * Prepares a testcase run.  `isn` is our initial sequence number unless
 * the script sets one; `now` is the monotonic start time.  The result is
 * borrowed and filled as the run goes.
 */
enum tc_err tc_interp_new(const struct tc_script *s,
	    const struct tc_interp_io *io, struct tc_result *res, uint32_t isn,
	    uint16_t ip_id, int64_t now, struct tc_interp **out);
/* Runs steps until one must wait (fills *w) or the testcase ends. */
enum tc_step tc_interp_run(struct tc_interp *ip, int64_t now,
	    struct tc_wait *w);
/*
 * Feeds a captured frame: kept for the pcap; a segment of the connection
 * from the target is checked, logged and queued for `expect`.  `t` is the
 * frame's capture time on the monotonic clock.
 */
void	tc_interp_frame(struct tc_interp *ip, const struct timespec *ts,
	    int64_t t, const uint8_t *frame, size_t len);
/* Ends the run early (interrupt, engine failure) with this verdict. */
void	tc_interp_abort(struct tc_interp *ip, enum tc_verdict v,
	    const char *reason);
void	tc_interp_free(struct tc_interp *ip);

#endif /* TC_INTERP_H */

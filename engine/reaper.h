/* reaper.h - releasing slow-to-close resources off the event loop. */
#ifndef TC_REAPER_H
#define TC_REAPER_H

#include "err.h"

/*
 * Closing a packet socket waits for an RCU grace period (10-30 ms), and a
 * testcase has two: done on the loop's thread, every finished testcase
 * would stall all the running ones.  The reaper runs such frees on one
 * worker thread, in order.
 */
struct tc_reaper;

typedef void (*tc_reap_fn)(void *obj);

enum tc_err tc_reaper_new(struct tc_reaper **out, struct tc_diag *diag);
/* Queues fn(obj); when the queue cannot grow, runs it right here. */
void	tc_reaper_post(struct tc_reaper *r, tc_reap_fn fn, void *obj);
/* Runs everything queued, stops the worker and frees the reaper. */
void	tc_reaper_free(struct tc_reaper *r);

#endif /* TC_REAPER_H */

/* sockdiag.h - a socket's true TCP state through NETLINK_SOCK_DIAG. */
#ifndef TC_SOCKDIAG_H
#define TC_SOCKDIAG_H

#include <stdbool.h>

#include "err.h"
#include "fsm.h"
#include "target.h"

/*
 * A NETLINK_SOCK_DIAG socket created inside one namespace: it sees the
 * TCP sockets of that namespace only, including TIME-WAIT, orphans and
 * request sockets (SYN-RECEIVED before accept).
 */
struct tc_sockdiag;

/* Opens the socket in namespace `netns_fd` (-1: the current one). */
enum tc_err tc_sockdiag_new(int netns_fd, struct tc_sockdiag **out,
	    struct tc_diag *diag);
/* NULL is a no-op. */
void	tc_sockdiag_free(struct tc_sockdiag *sd);

/*
 * The state of the TCP socket with exactly `tuple` (the family of
 * tuple->target_addr picks the dump: IPv4 or IPv6).  None reads as
 * TC_FSM_CLOSED, and then *listening (may be NULL) tells whether a
 * listener is bound to tuple->target_port on any address.  A TIME-WAIT
 * socket reports its sub-state: an orphan in FIN-WAIT-2 reads FIN-WAIT-2.
 * Errors: TC_ERR_SYS (netlink failed), TC_ERR_UNSUPPORTED (a Linux state
 * with no RFC 9293 name).
 */
enum tc_err tc_sockdiag_state(struct tc_sockdiag *sd,
	    const struct tc_tuple *tuple, enum tc_fsm_state *out,
	    bool *listening, struct tc_diag *diag);

/*
 * Maps a Linux TCP state number (include/net/tcp_states.h) to RFC 9293:
 * SYN_RECV and NEW_SYN_RECV are SYN-RECEIVED; CLOSE and BOUND_INACTIVE
 * are CLOSED.  Returns false for a number it does not know.
 */
bool	tc_sockdiag_map(unsigned linux_state, enum tc_fsm_state *out);

#endif /* TC_SOCKDIAG_H */

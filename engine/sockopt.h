/* sockopt.h - the socket options a script may set, shared by every driver. */
#ifndef TC_SOCKOPT_H
#define TC_SOCKOPT_H

#include <stddef.h>

#include "err.h"
#include "target.h"

/*
 * The option's name in scripts and on the agent protocol ("rcvbuf",
 * "maxseg", ...); NULL for a kind out of range.
 */
const char *tc_sockopt_name(enum tc_sockopt_kind kind);
/* The kind named `name` (len bytes); false when there is none. */
bool	tc_sockopt_lookup(const char *name, size_t len,
	    enum tc_sockopt_kind *out);

/*
 * Sets n options on fd, in the order given.  The first one the kernel
 * refuses stops it: TC_ERR_SYS "setsockopt TCP_MAXSEG 1 on srv: Invalid
 * argument" (errno in the diag).  TC_ERR_LIMIT for more than
 * TC_ACTION_OPTS_MAX, TC_ERR_UNSUPPORTED for an unknown kind.
 */
enum tc_err tc_sockopt_apply(int fd, const struct tc_sockopt *opts, size_t n,
	    const char *sock, struct tc_diag *diag);

#endif /* TC_SOCKOPT_H */

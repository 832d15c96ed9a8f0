/* host_net.h - the host target's nftables guard. */
#ifndef TC_HOST_NET_H
#define TC_HOST_NET_H

#include <stdint.h>

#include "addr.h"
#include "err.h"

/*
 * The guard: an nftables table "tcpconform_<pid>" (family inet) in the
 * current network namespace whose input chain (priority -10) drops TCP
 * from `target`'s ports to the tester's ports [sport_min, sport_max].  The
 * tester's address is the kernel's own, so without it the kernel would
 * answer the target's segments with RSTs of its own.  Only libnftables
 * is used, never the nft program.
 */
#define TC_HOST_GUARD_PREFIX	"tcpconform_"

struct tc_host_guard_spec {
	struct tc_addr	target;
	uint16_t	ports[2];	/* the target's listen and closed ports */
	uint16_t	sport_min;
	uint16_t	sport_max;
};

/*
 * Deletes guard tables left by runs that are gone (killed with SIGKILL):
 * those whose pid no longer runs, or runs another program, or is ours (a
 * reused pid).  A table another run deletes first is no error.
 */
enum tc_err tc_host_guard_sweep(struct tc_diag *diag);
/* Creates this process's table; name gets its name (cap >= 32). */
enum tc_err tc_host_guard_add(const struct tc_host_guard_spec *g,
	    char *name, size_t cap, struct tc_diag *diag);
/* Deletes table `name`; errors go to the diag (NULL: ignored). */
enum tc_err tc_host_guard_del(const char *name, struct tc_diag *diag);

#endif /* TC_HOST_NET_H */

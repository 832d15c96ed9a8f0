/* host_net.h - the host target's helpers: ARP for the next hop, nft guard. */
#ifndef TC_HOST_NET_H
#define TC_HOST_NET_H

#include <stdint.h>

#include "addr.h"
#include "err.h"

/*
 * Asks who has `ip` on link ifindex (named ifname, for the diag) with ARP
 * requests from (mac, src) and waits for the reply: three requests, one
 * every timeout_ms / 3.  Nothing but ARP is sent.  Errors: TC_ERR_TIMEOUT
 * "no ARP reply from 198.18.1.1 on eth0 within 3000 ms", TC_ERR_PERM
 * without CAP_NET_RAW, TC_ERR_UNSUPPORTED for IPv6 (neighbour discovery
 * is not done here), TC_ERR_SYS.
 */
enum tc_err tc_host_arp(int ifindex, const char *ifname, const uint8_t mac[6],
	    const struct tc_addr *src, const struct tc_addr *ip,
	    int timeout_ms, uint8_t out[6], struct tc_diag *diag);

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

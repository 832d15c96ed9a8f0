/*
 * neigh.h - the next hop's MAC when the kernel's neighbour table does not
 * have it yet: ARP (RFC 826) for IPv4, neighbour discovery (RFC 4861 §7.2)
 * for IPv6.  Only the question and its answer go on the wire.
 */
#ifndef TC_NEIGH_H
#define TC_NEIGH_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "err.h"

struct tc_neigh_query {
	int		ifindex;
	const char	*ifname;	/* for diagnostics and SO_BINDTODEVICE */
	const uint8_t	*mac;		/* ours (6 octets) */
	const struct tc_addr *src;	/* ours: one of the kernel's own */
	const struct tc_addr *ip;	/* whose MAC we want */
};

/*
 * Asks three times, timeout_ms / 3 apart, until an answer for q->ip gives
 * its MAC.  Errors: TC_ERR_TIMEOUT "no ARP reply from 198.18.1.1 on eth0
 * within 3000 ms" (or "no neighbour advertisement from ..."), TC_ERR_PERM
 * without CAP_NET_RAW, TC_ERR_INVAL when src and ip differ in family,
 * TC_ERR_SYS.
 */
enum tc_err tc_neigh_resolve(const struct tc_neigh_query *q, int timeout_ms,
	    uint8_t out[6], struct tc_diag *diag);

/* One protocol's exchange (neigh_arp.c, neigh_nd.c). */
struct tc_neigh_proto {
	const char	*answer_name;	/* "ARP reply" */
	enum tc_err	(*open)(const struct tc_neigh_query *q, int *fd,
			    struct tc_diag *diag);
	enum tc_err	(*ask)(int fd, const struct tc_neigh_query *q,
			    struct tc_diag *diag);
	/* Reads what is queued: true when an answer gave q->ip's MAC. */
	bool		(*answer)(int fd, const struct tc_neigh_query *q,
			    uint8_t out[6]);
};

extern const struct tc_neigh_proto tc_neigh_arp;
extern const struct tc_neigh_proto tc_neigh_nd;

/*
 * The MAC in the target link-layer address option of a neighbour
 * advertisement for `ip`: buf[0..n) is the ICMPv6 message from the wire
 * (untrusted: every option length is checked; a zero-length option ends
 * the parse, RFC 4861 §4.6).  False for anything else.
 */
bool tc_neigh_nd_parse(const uint8_t *buf, size_t n, const struct tc_addr *ip,
	    uint8_t out[6]);

#endif /* TC_NEIGH_H */

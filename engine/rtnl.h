/* rtnl.h - rtnetlink (libmnl) and ethtool ioctl helpers for one namespace. */
#ifndef TC_RTNL_H
#define TC_RTNL_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "err.h"

/*
 * A NETLINK_ROUTE socket and an ioctl socket, both created inside one
 * network namespace: every request below acts on that namespace, whatever
 * namespace the calling thread is in later.  Every request asks for an
 * ACK; a failure returns the kernel's errno as TC_ERR_SYS (TC_ERR_PERM for
 * EPERM) with the request in the diag, e.g.
 * "RTM_NEWLINK veth tcpc-a: File exists", plus the kernel's extended-ACK
 * text when it gives one.
 */
struct tc_rtnl;

/* Opens the sockets in namespace `netns_fd` (-1: the current one). */
enum tc_err tc_rtnl_new(int netns_fd, struct tc_rtnl **out,
	    struct tc_diag *diag);
/* Closes the sockets; NULL is a no-op. */
void	tc_rtnl_free(struct tc_rtnl *r);

/*
 * Creates a veth pair: `name` in this namespace and `peer` created
 * directly in namespace `peer_netns_fd` (-1: this one too).  Both down.
 */
enum tc_err tc_rtnl_veth_add(struct tc_rtnl *r, const char *name,
	    const char *peer, int peer_netns_fd, struct tc_diag *diag);
/* Deletes a link (for a veth, its peer goes too). */
enum tc_err tc_rtnl_link_del(struct tc_rtnl *r, const char *ifname,
	    struct tc_diag *diag);
/* Sets IFF_UP on a link. */
enum tc_err tc_rtnl_link_up(struct tc_rtnl *r, const char *ifname,
	    struct tc_diag *diag);
/*
 * Looks a link up by name: its ifindex and, when mac is not NULL, its
 * 6-byte hardware address (TC_ERR_NOTFOUND if there is no such link).
 */
enum tc_err tc_rtnl_link_get(struct tc_rtnl *r, const char *ifname,
	    int *ifindex, uint8_t mac[6], struct tc_diag *diag);
/*
 * Waits until link `ifname` is operationally up (IFLA_OPERSTATE is
 * IF_OPER_UP) and, when it is a bridge port, forwarding, polling every
 * millisecond for up to timeout_ms.  A fresh veth drops every frame it is
 * given until the kernel's linkwatch work activates its qdisc, in the same
 * rtnl_lock section that sets the operstate; once it reads as up, one
 * rtnl-locked no-op request makes sure that section has finished.
 * TC_ERR_TIMEOUT: "tcpc-b is not up after 2000 ms (operstate down)".
 */
enum tc_err tc_rtnl_link_wait_up(struct tc_rtnl *r, const char *ifname,
	    int timeout_ms, struct tc_diag *diag);
/* Creates a Linux bridge `name` (down, STP off: ports forward at once). */
enum tc_err tc_rtnl_bridge_add(struct tc_rtnl *r, const char *name,
	    struct tc_diag *diag);
/* Makes link `ifname` a port of the bridge `master` (IFLA_MASTER). */
enum tc_err tc_rtnl_link_set_master(struct tc_rtnl *r, const char *ifname,
	    const char *master, struct tc_diag *diag);
/* Adds address a/prefix on ifindex (IPv6 without duplicate detection). */
enum tc_err tc_rtnl_addr_add(struct tc_rtnl *r, int ifindex,
	    const struct tc_addr *a, unsigned prefix, struct tc_diag *diag);
/* Adds (or replaces) a NUD_PERMANENT neighbour a -> mac on ifindex. */
enum tc_err tc_rtnl_neigh_add(struct tc_rtnl *r, int ifindex,
	    const struct tc_addr *a, const uint8_t mac[6],
	    struct tc_diag *diag);

/* What the kernel's routing says about reaching one destination. */
struct tc_rtnl_route {
	int		ifindex;	/* the outgoing interface */
	struct tc_addr	gateway;	/* TC_AF_NONE: the destination is
					   on-link (its own next hop) */
	struct tc_addr	prefsrc;	/* the source address it would use */
	unsigned	type;		/* RTN_UNICAST, RTN_LOCAL, ... */
};

/*
 * RTM_GETROUTE for `dst`, as `ip route get DST` does.  No route is
 * TC_ERR_NOTFOUND ("RTM_GETROUTE 192.0.2.1: Network is unreachable").
 */
enum tc_err tc_rtnl_route_get(struct tc_rtnl *r, const struct tc_addr *dst,
	    struct tc_rtnl_route *out, struct tc_diag *diag);
/*
 * RTM_GETNEIGH for `a` on ifindex: *found is set when the kernel holds a
 * usable hardware address for it (NUD_VALID: reachable, stale, delay,
 * probe, permanent), which goes to mac.  No entry, or one still
 * incomplete or failed, is *found false and TC_OK.
 */
enum tc_err tc_rtnl_neigh_get(struct tc_rtnl *r, int ifindex,
	    const struct tc_addr *a, uint8_t mac[6], bool *found,
	    struct tc_diag *diag);

/*
 * Turns off checksum offload (tx and rx), scatter-gather, TSO, GSO and GRO
 * on a link through SIOCETHTOOL, skipping those the device cannot change
 * (EOPNOTSUPP).  Without this the target's segments leave with partial
 * checksums and merged into super-segments.
 */
enum tc_err tc_rtnl_offload_off(struct tc_rtnl *r, const char *ifname,
	    struct tc_diag *diag);
/* Reads one ethtool_value feature (ETHTOOL_GTXCSUM, _GSG, _GTSO, ...). */
enum tc_err tc_rtnl_offload_get(struct tc_rtnl *r, const char *ifname,
	    uint32_t ethtool_cmd, bool *on, struct tc_diag *diag);

#endif /* TC_RTNL_H */

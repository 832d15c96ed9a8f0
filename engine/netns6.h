/* netns6.h - IPv6 in the netns target's namespaces: off, or quiet. */
#ifndef TC_NETNS6_H
#define TC_NETNS6_H

#include <stddef.h>

#include "addr.h"
#include "err.h"

/*
 * The MTU of an IPv6 session's links: 20 bytes over Ethernet's 1500, so
 * that MTU - 40 - 20 is 1460 as on IPv4 and the same scripts see the same
 * segment sizes (an MSS of 1460 fits on both families).
 */
#define TC_NETNS6_MTU	1520

/*
 * Turns IPv6 off in namespace `ns` (all and default), so that links made
 * there send no DAD, MLD or router solicitations into the capture.  A
 * kernel without IPv6 is quiet anyway (not an error).
 */
enum tc_err tc_netns6_off(int ns, struct tc_diag *diag);
/*
 * Prepares namespace `ns` to hold the target's end of an IPv6 link, before
 * the link exists (it copies the "default" sysctls): no link-local address
 * (so no DAD), no router solicitations, no autoconfiguration.  Errors are
 * tc_netns_sysctl_set's.
 */
enum tc_err tc_netns6_quiet(int ns, struct tc_diag *diag);
/*
 * Sets the MTU of the links `ifnames` (n of them) in namespace `ns` to
 * TC_NETNS6_MTU (SIOCSIFMTU).  TC_ERR_SYS: "SIOCSIFMTU 1520 on tcpc-a: ...".
 */
enum tc_err tc_netns6_mtu(int ns, const char *const *ifnames, size_t n,
	    struct tc_diag *diag);

/*
 * Waits until address `a` (just added to a link) is local to namespace
 * `ns` for routing: the kernel installs an IPv6 address's local route from
 * a work item after RTM_NEWADDR returned, even without DAD, and until then
 * it drops what arrives for the address.  Polls RTM_GETROUTE every
 * millisecond for up to timeout_ms; TC_ERR_TIMEOUT when it never is.
 */
enum tc_err tc_netns6_wait_local(int ns, const struct tc_addr *a,
	    int timeout_ms, struct tc_diag *diag);

#endif /* TC_NETNS6_H */

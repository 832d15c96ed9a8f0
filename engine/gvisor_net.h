/* gvisor_net.h - the namespaces around a gVisor sandbox (target_gvisor.c). */
#ifndef TC_GVISOR_NET_H
#define TC_GVISOR_NET_H

#include "addr.h"
#include "err.h"
#include "target.h"

/*
 * Builds everything but runsc's own veth: tcpc-a in the tester namespace,
 * tcpc-b in the target namespace (a router: forwarding on, a /32 route to
 * `tester` through tcpc-b and a permanent neighbour entry with tcpc-a's
 * MAC), and the dead-end veth tcpc-d0/tcpc-d1 carrying the default route
 * runsc wants.  IPv6 off in both.  Fills link's ifname, local_mac (tcpc-a)
 * and peer_mac (tcpc-b: the tester's next hop).
 */
enum tc_err tc_gvisor_net_setup(int ns_tester, int ns_target,
	    const struct tc_addr *tester, struct tc_link *link,
	    struct tc_diag *diag);
/* Waits until tcpc-a and tcpc-b are up (their qdiscs pass frames). */
enum tc_err tc_gvisor_net_wait(int ns_tester, int ns_target,
	    struct tc_diag *diag);

#endif /* TC_GVISOR_NET_H */

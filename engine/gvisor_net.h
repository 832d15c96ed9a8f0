/* gvisor_net.h - the namespaces around a gVisor sandbox (target_gvisor.c). */
#ifndef TC_GVISOR_NET_H
#define TC_GVISOR_NET_H

#include "addr.h"
#include "err.h"
#include "target.h"

/*
 * The veth runsc hands to netstack: tcpc-a in the tester namespace (no
 * address, IPv6 off), tcpc-b in the target namespace with `target`'s
 * address (/24, or /64 without DAD) and a permanent neighbour entry for
 * `tester` with tcpc-a's MAC, which runsc copies into netstack with the
 * address and its route, so netstack never has to ask.  Offloads off on
 * both.  Fills link's ifname, local_mac (tcpc-a) and peer_mac (tcpc-b:
 * runsc keeps the link's MAC for netstack's NIC).
 */
enum tc_err tc_gvisor_net_setup(int ns_tester, int ns_target,
	    const struct tc_addr *tester, const struct tc_addr *target,
	    struct tc_link *link, struct tc_diag *diag);
/* Waits until tcpc-a and tcpc-b are up (their qdiscs pass frames). */
enum tc_err tc_gvisor_net_wait(int ns_tester, int ns_target,
	    struct tc_diag *diag);

#endif /* TC_GVISOR_NET_H */

/*
 * gvisor_net.c - the tester and target namespaces of the gvisor target
 * (the picture is in target_gvisor.c), through netlink: no ip(8), no
 * sysctl(8).  runsc takes tcpc-b over when it starts: it copies the
 * link's addresses, routes and permanent neighbours into netstack, takes
 * the addresses off the kernel's side and reads and writes the link's
 * frames itself.
 */
#include "gvisor_net.h"

#include <stdio.h>

#include "netns6.h"
#include "rtnl.h"

#define IF_TESTER	"tcpc-a"
#define IF_TARGET	"tcpc-b"
#define LINK_UP_MS	2000
#define PREFIX4		24
#define PREFIX6		64

/* The tester's end; its MAC goes to link. */
static enum tc_err
setup_tester(int ns_tester, int ns_target, struct tc_link *link,
    struct tc_diag *diag)
{
	struct tc_rtnl *r;
	enum tc_err err;
	int ifindex;

	err = tc_rtnl_new(ns_tester, &r, diag);
	if (err)
		return err;
	err = tc_rtnl_veth_add(r, IF_TESTER, IF_TARGET, ns_target, diag);
	if (!err)
		err = tc_rtnl_link_get(r, IF_TESTER, &ifindex,
		    link->local_mac, diag);
	if (!err)
		err = tc_rtnl_offload_off(r, IF_TESTER, diag);
	if (!err)
		err = tc_rtnl_link_up(r, IF_TESTER, diag);
	tc_rtnl_free(r);
	snprintf(link->ifname, sizeof(link->ifname), "%s", IF_TESTER);
	return err;
}

/* What runsc gives netstack: tcpc-b's address and the tester's MAC. */
static enum tc_err
setup_target(int ns, const struct tc_addr *tester,
    const struct tc_addr *target, struct tc_link *link, struct tc_diag *diag)
{
	struct tc_rtnl *r;
	enum tc_err err;
	int ifindex;

	err = tc_rtnl_new(ns, &r, diag);
	if (err)
		return err;
	err = tc_rtnl_link_get(r, IF_TARGET, &ifindex, link->peer_mac, diag);
	if (!err)
		err = tc_rtnl_offload_off(r, IF_TARGET, diag);
	if (!err)
		err = tc_rtnl_link_up(r, "lo", diag);
	if (!err)
		err = tc_rtnl_link_up(r, IF_TARGET, diag);
	if (!err)
		err = tc_rtnl_addr_add(r, ifindex, target,
		    target->family == TC_AF_INET6 ? PREFIX6 : PREFIX4, diag);
	/* Last: taking a link down would flush even permanent entries. */
	if (!err)
		err = tc_rtnl_neigh_add(r, ifindex, tester, link->local_mac,
		    diag);
	tc_rtnl_free(r);
	return err;
}

enum tc_err
tc_gvisor_net_setup(int ns_tester, int ns_target,
    const struct tc_addr *tester, const struct tc_addr *target,
    struct tc_link *link, struct tc_diag *diag)
{
	enum tc_err err;

	/* No IPv6 on the tester's side, nor anything the target's kernel
	 * would say on its own over IPv6 (no link-local, no RS) before
	 * runsc takes the link: the capture holds only the testcase. */
	err = tc_netns6_off(ns_tester, diag);
	if (!err)
		err = target->family == TC_AF_INET6 ?
		    tc_netns6_quiet(ns_target, diag) :
		    tc_netns6_off(ns_target, diag);
	if (!err)
		err = setup_tester(ns_tester, ns_target, link, diag);
	if (!err)
		err = setup_target(ns_target, tester, target, link, diag);
	return err;
}

enum tc_err
tc_gvisor_net_wait(int ns_tester, int ns_target, struct tc_diag *diag)
{
	struct tc_rtnl *ra = NULL, *rb = NULL;
	enum tc_err err;

	err = tc_rtnl_new(ns_tester, &ra, diag);
	if (!err)
		err = tc_rtnl_new(ns_target, &rb, diag);
	if (!err)
		err = tc_rtnl_link_wait_up(ra, IF_TESTER, LINK_UP_MS, diag);
	if (!err)
		err = tc_rtnl_link_wait_up(rb, IF_TARGET, LINK_UP_MS, diag);
	tc_rtnl_free(ra);
	tc_rtnl_free(rb);
	return err;
}

/*
 * gvisor_net.c - the tester and router namespaces of the gvisor target
 * (the picture is in target_gvisor.c), through netlink: no ip(8), no
 * sysctl(8).  runsc adds its own veth, namespace and rules to the router
 * when it starts.
 */
#include "gvisor_net.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netns.h"
#include "netns6.h"
#include "rtnl.h"

#define IF_TESTER	"tcpc-a"
#define IF_ROUTER	"tcpc-b"
#define IF_DEAD		"tcpc-d0"
#define IF_DEAD_PEER	"tcpc-d1"
#define LINK_UP_MS	2000

/* Sends one RTM_NEWROUTE and reads its ACK. */
static enum tc_err
route_talk(struct mnl_socket *nl, struct nlmsghdr *nlh, const char *what,
    struct tc_diag *diag)
{
	char buf[8192];
	ssize_t n;

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0 ||
	    (n = mnl_socket_recvfrom(nl, buf, sizeof(buf))) < 0 ||
	    mnl_cb_run(buf, (size_t)n, nlh->nlmsg_seq,
	    mnl_socket_get_portid(nl), NULL, NULL) < 0) {
		tc_diag_errno(diag, "%s", what);
		return errno == EPERM ? TC_ERR_PERM : TC_ERR_SYS;
	}
	return TC_OK;
}

/*
 * An IPv4 route to dst/prefix (prefix 0: the default route) out of
 * ifindex, on-link, in namespace ns.  (rtnl.c has no room left for it.)
 */
static enum tc_err
route_add(int ns, const struct tc_addr *dst, unsigned prefix, int ifindex,
    struct tc_diag *diag)
{
	char buf[8192], what[96], text[TC_ADDR_STRLEN];
	struct mnl_socket *nl = NULL;
	struct nlmsghdr *nlh;
	struct rtmsg *rt;
	enum tc_err err;
	int fd;

	snprintf(what, sizeof(what), "RTM_NEWROUTE %s/%u ifindex %d",
	    tc_addr_format(dst, text, sizeof(text)), prefix, ifindex);
	err = tc_netns_socket(ns, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &fd,
	    diag);
	if (err)
		return err;
	if ((nl = mnl_socket_fdopen(fd)) == NULL ||
	    mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		tc_diag_errno(diag, "%s: netlink socket", what);
		if (nl != NULL)
			mnl_socket_close(nl);
		else
			close(fd);
		return TC_ERR_SYS;
	}
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
	    NLM_F_EXCL;
	nlh->nlmsg_seq = 1;
	rt = mnl_nlmsg_put_extra_header(nlh, sizeof(*rt));
	rt->rtm_family = AF_INET;
	rt->rtm_dst_len = (unsigned char)prefix;
	rt->rtm_table = RT_TABLE_MAIN;
	rt->rtm_protocol = RTPROT_STATIC;
	rt->rtm_scope = RT_SCOPE_LINK;
	rt->rtm_type = RTN_UNICAST;
	if (prefix > 0)
		mnl_attr_put(nlh, RTA_DST, 4, dst->bytes);
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)ifindex);
	err = route_talk(nl, nlh, what, diag);
	mnl_socket_close(nl);
	return err;
}

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
	err = tc_rtnl_veth_add(r, IF_TESTER, IF_ROUTER, ns_target, diag);
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

/* The router's links: tcpc-b towards the tester, the dead end, lo. */
static enum tc_err
setup_links(struct tc_rtnl *r, const struct tc_addr *tester,
    struct tc_link *link, int *b_index, int *d_index, struct tc_diag *diag)
{
	enum tc_err err;

	err = tc_rtnl_offload_off(r, IF_ROUTER, diag);
	if (!err)
		err = tc_rtnl_link_up(r, IF_ROUTER, diag);
	if (!err)
		err = tc_rtnl_link_get(r, IF_ROUTER, b_index, link->peer_mac,
		    diag);
	if (!err)
		err = tc_rtnl_neigh_add(r, *b_index, tester, link->local_mac,
		    diag);
	if (!err)
		err = tc_rtnl_veth_add(r, IF_DEAD, IF_DEAD_PEER, -1, diag);
	if (!err)
		err = tc_rtnl_link_up(r, IF_DEAD_PEER, diag);
	if (!err)
		err = tc_rtnl_link_up(r, IF_DEAD, diag);
	if (!err)
		err = tc_rtnl_link_up(r, "lo", diag);
	if (!err)
		err = tc_rtnl_link_get(r, IF_DEAD, d_index, NULL, diag);
	return err;
}

static enum tc_err
setup_router(int ns, const struct tc_addr *tester, struct tc_link *link,
    struct tc_diag *diag)
{
	struct tc_addr any;
	struct tc_rtnl *r;
	enum tc_err err;
	int b, d;

	err = tc_rtnl_new(ns, &r, diag);
	if (err)
		return err;
	err = setup_links(r, tester, link, &b, &d, diag);
	tc_rtnl_free(r);
	tc_addr_ipv4(&any, 0, 0, 0, 0);
	if (!err)
		err = route_add(ns, tester, 32, b, diag);
	if (!err)
		err = route_add(ns, &any, 0, d, diag);
	if (!err)
		err = tc_netns_sysctl_set(ns, "net.ipv4.ip_forward", "1",
		    diag);
	return err;
}

enum tc_err
tc_gvisor_net_setup(int ns_tester, int ns_target,
    const struct tc_addr *tester, struct tc_link *link,
    struct tc_diag *diag)
{
	enum tc_err err;

	/* No IPv6 anywhere: it would only add DAD, MLD and RS to the
	 * capture. */
	err = tc_netns6_off(ns_tester, diag);
	if (!err)
		err = tc_netns6_off(ns_target, diag);
	if (!err)
		err = setup_tester(ns_tester, ns_target, link, diag);
	if (!err)
		err = setup_router(ns_target, tester, link, diag);
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
		err = tc_rtnl_link_wait_up(rb, IF_ROUTER, LINK_UP_MS, diag);
	tc_rtnl_free(ra);
	tc_rtnl_free(rb);
	return err;
}

/* rtnl.c - rtnetlink (libmnl) and ethtool ioctl helpers for one namespace. */
#include "rtnl.h"

#include "clock.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/ethtool.h>
/* Not <net/if.h>: the two clash, and only this one has IF_OPER_*. */
#include <linux/if.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <linux/veth.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netns.h"

/* A link reply carries stats and more; 32 KiB holds any one message. */
#define RTNL_BUFSZ	32768

struct tc_rtnl {
	struct mnl_socket *nl;		/* (owned) */
	int		ioctl_fd;	/* (owned) for SIOCETHTOOL */
	unsigned	portid;
	unsigned	seq;
	int		last_errno;	/* of the last failed request */
	char		buf[RTNL_BUFSZ];
};

/* One request in flight: the reply callback and the kernel's own words. */
struct talk {
	mnl_cb_t	cb;		/* may be NULL */
	void		*arg;
	char		ext[160];	/* NLMSGERR_ATTR_MSG, if any */
};

struct link_reply {
	int		ifindex;
	uint8_t		mac[6];
	bool		have_mac;
	int		operstate;	/* IF_OPER_*, -1: not in the reply */
	int		brport_state;	/* BR_STATE_*, -1: no bridge port */
};

static int
talk_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;

	return t->cb != NULL ? t->cb(nlh, t->arg) : MNL_CB_OK;
}

/*
 * libmnl 1.0.4 ignores extended ACKs; read NLMSGERR_ATTR_MSG here so the
 * diag says why the kernel refused, not just errno.  With NETLINK_CAP_ACK
 * the TLVs follow the nlmsgerr (whose echoed request is header only).
 */
static int
talk_error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct talk *t = data;
	const struct nlattr *attr;
	size_t off;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP;
	/* Uncapped, the whole request is echoed before the TLVs. */
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    e->msg.nlmsg_len >= MNL_NLMSG_HDRLEN)
		off += e->msg.nlmsg_len - MNL_NLMSG_HDRLEN;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    mnl_nlmsg_size(off) <= nlh->nlmsg_len) {
		mnl_attr_for_each(attr, nlh, off) {
			if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				snprintf(t->ext, sizeof(t->ext), "%s",
				    mnl_attr_get_str(attr));
		}
	}
	errno = -e->error;
	return MNL_CB_ERROR;
}

static enum tc_err
talk_fail(struct tc_rtnl *r, struct talk *t, const char *what,
    struct tc_diag *diag)
{
	int e = errno;

	r->last_errno = e;
	if (t->ext[0] != '\0')
		tc_diag_set(diag, "%s: %s (%s)", what, strerror(e), t->ext);
	else
		tc_diag_set(diag, "%s: %s", what, strerror(e));
	if (diag != NULL)
		diag->sys_errno = e;
	return e == EPERM ? TC_ERR_PERM : TC_ERR_SYS;
}

/* Sends nlh with NLM_F_ACK and runs replies through cb until the ACK. */
static enum tc_err
talk(struct tc_rtnl *r, struct nlmsghdr *nlh, mnl_cb_t cb, void *arg,
    const char *what, struct tc_diag *diag)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = talk_error_cb };
	struct talk t = { .cb = cb, .arg = arg };
	unsigned seq;
	ssize_t n;
	int ret;

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq = ++r->seq;
	if (mnl_socket_sendto(r->nl, nlh, nlh->nlmsg_len) < 0)
		return talk_fail(r, &t, what, diag);
	do {
		n = mnl_socket_recvfrom(r->nl, r->buf, sizeof(r->buf));
		if (n < 0)
			return talk_fail(r, &t, what, diag);
		ret = mnl_cb_run2(r->buf, (size_t)n, seq, r->portid,
		    talk_data_cb, &t, ctl, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	if (ret < 0)
		return talk_fail(r, &t, what, diag);
	return TC_OK;
}

/* Runs inside the target namespace: both sockets belong to it for life. */
static enum tc_err
rtnl_open_here(struct tc_rtnl *r, struct tc_diag *diag)
{
	r->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (r->nl == NULL) {
		tc_diag_errno(diag, "socket(NETLINK_ROUTE)");
		return errno == EPERM ? TC_ERR_PERM : TC_ERR_SYS;
	}
	if (mnl_socket_bind(r->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		tc_diag_errno(diag, "bind NETLINK_ROUTE");
		return TC_ERR_SYS;
	}
	r->ioctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (r->ioctl_fd < 0) {
		tc_diag_errno(diag, "socket for SIOCETHTOOL");
		return TC_ERR_SYS;
	}
	return TC_OK;
}

enum tc_err
tc_rtnl_new(int netns_fd, struct tc_rtnl **out, struct tc_diag *diag)
{
	struct tc_rtnl *r;
	enum tc_err err;
	int one = 1, saved;

	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		tc_diag_set(diag, "rtnl: out of memory");
		return TC_ERR_NOMEM;
	}
	r->ioctl_fd = -1;
	err = tc_netns_enter(netns_fd, &saved, diag);
	if (err) {
		free(r);
		return err;
	}
	err = rtnl_open_here(r, diag);
	if (tc_netns_leave(saved, diag) != TC_OK)
		err = TC_ERR_SYS;
	if (err) {
		tc_rtnl_free(r);
		return err;
	}
	r->portid = mnl_socket_get_portid(r->nl);
	/* Best effort: older kernels lack these; errors stay readable. */
	mnl_socket_setsockopt(r->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(r->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	*out = r;
	return TC_OK;
}

void
tc_rtnl_free(struct tc_rtnl *r)
{
	if (r == NULL)
		return;
	if (r->nl != NULL)
		mnl_socket_close(r->nl);
	if (r->ioctl_fd >= 0)
		close(r->ioctl_fd);
	free(r);
}

static struct nlmsghdr *
link_msg(struct tc_rtnl *r, uint16_t type, uint16_t flags, const char *name,
    struct ifinfomsg **ifm)
{
	struct nlmsghdr *nlh;

	nlh = mnl_nlmsg_put_header(r->buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	*ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(**ifm));
	(*ifm)->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nlh;
}

static bool
ifname_ok(const char *name, struct tc_diag *diag)
{
	if (name != NULL && name[0] != '\0' && strlen(name) < IFNAMSIZ)
		return true;
	tc_diag_set(diag, "bad interface name '%s' (1 to %d chars)",
	    name != NULL ? name : "", IFNAMSIZ - 1);
	return false;
}

enum tc_err
tc_rtnl_veth_add(struct tc_rtnl *r, const char *name, const char *peer,
    int peer_netns_fd, struct tc_diag *diag)
{
	struct nlattr *linkinfo, *data, *pinfo;
	struct ifinfomsg *ifm, *pifm;
	struct nlmsghdr *nlh;
	char what[64];

	if (!ifname_ok(name, diag) || !ifname_ok(peer, diag))
		return TC_ERR_INVAL;
	nlh = link_msg(r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, name, &ifm);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	pinfo = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	/* The peer's attributes follow its own ifinfomsg inside the nest. */
	pifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*pifm));
	pifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	if (peer_netns_fd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)peer_netns_fd);
	mnl_attr_nest_end(nlh, pinfo);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	snprintf(what, sizeof(what), "RTM_NEWLINK veth %s", name);
	return talk(r, nlh, NULL, NULL, what, diag);
}

enum tc_err
tc_rtnl_link_del(struct tc_rtnl *r, const char *ifname, struct tc_diag *diag)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;
	char what[64];

	if (!ifname_ok(ifname, diag))
		return TC_ERR_INVAL;
	nlh = link_msg(r, RTM_DELLINK, 0, ifname, &ifm);
	snprintf(what, sizeof(what), "RTM_DELLINK %s", ifname);
	return talk(r, nlh, NULL, NULL, what, diag);
}

enum tc_err
tc_rtnl_link_up(struct tc_rtnl *r, const char *ifname, struct tc_diag *diag)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;
	char what[64];

	if (!ifname_ok(ifname, diag))
		return TC_ERR_INVAL;
	nlh = link_msg(r, RTM_NEWLINK, 0, ifname, &ifm);
	ifm->ifi_change = IFF_UP;
	ifm->ifi_flags = IFF_UP;
	snprintf(what, sizeof(what), "RTM_NEWLINK %s up", ifname);
	return talk(r, nlh, NULL, NULL, what, diag);
}

/* IFLA_INFO_SLAVE_DATA of a bridge port: its forwarding state. */
static int
brport_attr_cb(const struct nlattr *attr, void *data)
{
	struct link_reply *lr = data;

	if (mnl_attr_get_type(attr) == IFLA_BRPORT_STATE &&
	    mnl_attr_validate(attr, MNL_TYPE_U8) == 0)
		lr->brport_state = mnl_attr_get_u8(attr);
	return MNL_CB_OK;
}

static int
linkinfo_attr_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == IFLA_INFO_SLAVE_DATA)
		mnl_attr_parse_nested(attr, brport_attr_cb, data);
	return MNL_CB_OK;
}

static int
link_attr_cb(const struct nlattr *attr, void *data)
{
	struct link_reply *lr = data;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_ADDRESS:
		if (mnl_attr_get_payload_len(attr) == 6) {
			memcpy(lr->mac, mnl_attr_get_payload(attr), 6);
			lr->have_mac = true;
		}
		break;
	case IFLA_OPERSTATE:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) == 0)
			lr->operstate = mnl_attr_get_u8(attr);
		break;
	case IFLA_LINKINFO:
		mnl_attr_parse_nested(attr, linkinfo_attr_cb, lr);
		break;
	default:
		break;
	}
	return MNL_CB_OK;
}

static int
link_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	struct link_reply *lr = data;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifm)))
		return MNL_CB_OK;
	lr->ifindex = ifm->ifi_index;
	return mnl_attr_parse(nlh, sizeof(*ifm), link_attr_cb, lr);
}

/* RTM_GETLINK `ifname` into *lr (TC_ERR_NOTFOUND: no such link). */
static enum tc_err
link_query(struct tc_rtnl *r, const char *ifname, struct link_reply *lr,
    struct tc_diag *diag)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;
	enum tc_err err;
	char what[64];

	memset(lr, 0, sizeof(*lr));
	lr->operstate = lr->brport_state = -1;
	if (!ifname_ok(ifname, diag))
		return TC_ERR_INVAL;
	nlh = link_msg(r, RTM_GETLINK, 0, ifname, &ifm);
	snprintf(what, sizeof(what), "RTM_GETLINK %s", ifname);
	err = talk(r, nlh, link_reply_cb, lr, what, diag);
	if (err)
		return r->last_errno == ENODEV ? TC_ERR_NOTFOUND : err;
	if (lr->ifindex <= 0) {
		tc_diag_set(diag, "%s: incomplete reply", what);
		return TC_ERR_SYS;
	}
	return TC_OK;
}

enum tc_err
tc_rtnl_link_get(struct tc_rtnl *r, const char *ifname, int *ifindex,
    uint8_t mac[6], struct tc_diag *diag)
{
	struct link_reply lr;
	enum tc_err err;

	*ifindex = 0;
	err = link_query(r, ifname, &lr, diag);
	if (err)
		return err;
	if (mac != NULL && !lr.have_mac) {
		tc_diag_set(diag, "RTM_GETLINK %s: no hardware address",
		    ifname);
		return TC_ERR_SYS;
	}
	*ifindex = lr.ifindex;
	if (mac != NULL)
		memcpy(mac, lr.mac, 6);
	return TC_OK;
}

static const char *
operstate_name(int st)
{
	static const char *const names[] = {
		[IF_OPER_UNKNOWN] = "unknown", [IF_OPER_NOTPRESENT] =
		"notpresent", [IF_OPER_DOWN] = "down",
		[IF_OPER_LOWERLAYERDOWN] = "lowerlayerdown",
		[IF_OPER_TESTING] = "testing", [IF_OPER_DORMANT] = "dormant",
		[IF_OPER_UP] = "up",
	};

	if (st < 0 || (size_t)st >= sizeof(names) / sizeof(names[0]) ||
	    names[st] == NULL)
		return "absent";
	return names[st];
}


static bool
link_ready(const struct link_reply *lr)
{
	return lr->operstate == IF_OPER_UP && (lr->brport_state < 0 ||
	    lr->brport_state == BR_STATE_FORWARDING);
}

enum tc_err
tc_rtnl_link_wait_up(struct tc_rtnl *r, const char *ifname, int timeout_ms,
    struct tc_diag *diag)
{
	const struct timespec tick = { .tv_sec = 0, .tv_nsec = 1000000 };
	int64_t end = tc_mono_ms() + timeout_ms;
	struct link_reply lr;
	enum tc_err err;

	for (;;) {
		err = link_query(r, ifname, &lr, diag);
		if (err)
			return err;
		if (link_ready(&lr))
			break;
		if (tc_mono_ms() >= end) {
			tc_diag_set(diag, "%s is not up after %d ms (operstate "
			    "%s%s)", ifname, timeout_ms,
			    operstate_name(lr.operstate),
			    lr.brport_state >= 0 &&
			    lr.brport_state != BR_STATE_FORWARDING ?
			    ", bridge port not forwarding" : "");
			return TC_ERR_TIMEOUT;
		}
		nanosleep(&tick, NULL);
	}
	/*
	 * RTM_GETLINK may be answered without rtnl_lock; this request takes
	 * it, so linkwatch's dev_activate() has run by the time it returns.
	 */
	return tc_rtnl_link_up(r, ifname, diag);
}

enum tc_err
tc_rtnl_bridge_add(struct tc_rtnl *r, const char *name, struct tc_diag *diag)
{
	struct nlattr *linkinfo, *data;
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;
	char what[64];

	if (!ifname_ok(name, diag))
		return TC_ERR_INVAL;
	nlh = link_msg(r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, name, &ifm);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	mnl_attr_put_u32(nlh, IFLA_BR_STP_STATE, 0);
	/* No IGMP/MLD snooping: the bridge forwards, it takes no part. */
	mnl_attr_put_u8(nlh, IFLA_BR_MCAST_SNOOPING, 0);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	snprintf(what, sizeof(what), "RTM_NEWLINK bridge %s", name);
	return talk(r, nlh, NULL, NULL, what, diag);
}

enum tc_err
tc_rtnl_link_set_master(struct tc_rtnl *r, const char *ifname,
    const char *master, struct tc_diag *diag)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;
	enum tc_err err;
	char what[64];
	int mindex;

	err = tc_rtnl_link_get(r, master, &mindex, NULL, diag);
	if (err)
		return err;
	if (!ifname_ok(ifname, diag))
		return TC_ERR_INVAL;
	nlh = link_msg(r, RTM_NEWLINK, 0, ifname, &ifm);
	mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)mindex);
	snprintf(what, sizeof(what), "RTM_NEWLINK %s master %s", ifname,
	    master);
	return talk(r, nlh, NULL, NULL, what, diag);
}

static int
addr_af(const struct tc_addr *a)
{
	return a->family == TC_AF_INET6 ? AF_INET6 : AF_INET;
}

enum tc_err
tc_rtnl_addr_add(struct tc_rtnl *r, int ifindex, const struct tc_addr *a,
    unsigned prefix, struct tc_diag *diag)
{
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	char what[96], text[TC_ADDR_STRLEN];

	snprintf(what, sizeof(what), "RTM_NEWADDR %s/%u on ifindex %d",
	    tc_addr_format(a, text, sizeof(text)), prefix, ifindex);
	if (a->family == TC_AF_NONE || prefix > tc_addr_len(a) * 8) {
		tc_diag_set(diag, "%s: bad address or prefix", what);
		return TC_ERR_INVAL;
	}
	nlh = mnl_nlmsg_put_header(r->buf);
	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)addr_af(a);
	ifa->ifa_prefixlen = (uint8_t)prefix;
	ifa->ifa_index = (uint32_t)ifindex;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	mnl_attr_put(nlh, IFA_LOCAL, tc_addr_len(a), a->bytes);
	mnl_attr_put(nlh, IFA_ADDRESS, tc_addr_len(a), a->bytes);
	/* An IPv6 address in DAD is "tentative" and cannot be bound. */
	if (a->family == TC_AF_INET6)
		mnl_attr_put_u32(nlh, IFA_FLAGS, IFA_F_NODAD);
	return talk(r, nlh, NULL, NULL, what, diag);
}

enum tc_err
tc_rtnl_neigh_add(struct tc_rtnl *r, int ifindex, const struct tc_addr *a,
    const uint8_t mac[6], struct tc_diag *diag)
{
	struct nlmsghdr *nlh;
	struct ndmsg *nd;
	char what[96], text[TC_ADDR_STRLEN];

	snprintf(what, sizeof(what), "RTM_NEWNEIGH %s on ifindex %d",
	    tc_addr_format(a, text, sizeof(text)), ifindex);
	if (a->family == TC_AF_NONE) {
		tc_diag_set(diag, "%s: no address", what);
		return TC_ERR_INVAL;
	}
	nlh = mnl_nlmsg_put_header(r->buf);
	nlh->nlmsg_type = RTM_NEWNEIGH;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
	nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = (uint8_t)addr_af(a);
	nd->ndm_ifindex = ifindex;
	nd->ndm_state = NUD_PERMANENT;
	mnl_attr_put(nlh, NDA_DST, tc_addr_len(a), a->bytes);
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac);
	return talk(r, nlh, NULL, NULL, what, diag);
}

/* Copies an address attribute of family af into *out (wrong size: no). */
static void
attr_addr(const struct nlattr *attr, int af, struct tc_addr *out)
{
	size_t len = af == AF_INET6 ? 16 : 4;

	if (mnl_attr_get_payload_len(attr) != len)
		return;
	memset(out, 0, sizeof(*out));
	out->family = af == AF_INET6 ? TC_AF_INET6 : TC_AF_INET;
	memcpy(out->bytes, mnl_attr_get_payload(attr), len);
}

struct route_reply {
	struct tc_rtnl_route *rt;
	int		af;
	bool		seen;
};

static int
route_attr_cb(const struct nlattr *attr, void *data)
{
	struct route_reply *rr = data;

	switch (mnl_attr_get_type(attr)) {
	case RTA_OIF:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			rr->rt->ifindex = (int)mnl_attr_get_u32(attr);
		break;
	case RTA_GATEWAY:
		attr_addr(attr, rr->af, &rr->rt->gateway);
		break;
	case RTA_PREFSRC:
		attr_addr(attr, rr->af, &rr->rt->prefsrc);
		break;
	default:
		break;
	}
	return MNL_CB_OK;
}

static int
route_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct route_reply *rr = data;

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*rtm)))
		return MNL_CB_OK;
	rr->seen = true;
	rr->rt->type = rtm->rtm_type;
	return mnl_attr_parse(nlh, sizeof(*rtm), route_attr_cb, rr);
}

enum tc_err
tc_rtnl_route_get(struct tc_rtnl *r, const struct tc_addr *dst,
    struct tc_rtnl_route *out, struct tc_diag *diag)
{
	struct route_reply rr = { .rt = out, .af = addr_af(dst) };
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	enum tc_err err;
	char what[96], text[TC_ADDR_STRLEN];

	memset(out, 0, sizeof(*out));
	snprintf(what, sizeof(what), "RTM_GETROUTE %s",
	    tc_addr_format(dst, text, sizeof(text)));
	if (dst->family == TC_AF_NONE) {
		tc_diag_set(diag, "%s: no address", what);
		return TC_ERR_INVAL;
	}
	nlh = mnl_nlmsg_put_header(r->buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)rr.af;
	rtm->rtm_dst_len = (uint8_t)(tc_addr_len(dst) * 8);
	mnl_attr_put(nlh, RTA_DST, tc_addr_len(dst), dst->bytes);
	err = talk(r, nlh, route_reply_cb, &rr, what, diag);
	if (err)
		return r->last_errno == ENETUNREACH ||
		    r->last_errno == EHOSTUNREACH ? TC_ERR_NOTFOUND : err;
	if (!rr.seen || out->ifindex <= 0) {
		tc_diag_set(diag, "%s: incomplete reply", what);
		return TC_ERR_SYS;
	}
	return TC_OK;
}

/* The kernel's NUD_VALID (include/net/neighbour.h): a usable address. */
#define NEIGH_VALID	(NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | \
			 NUD_PROBE | NUD_STALE | NUD_DELAY)

struct neigh_reply {
	uint8_t		*mac;
	bool		*found;
};

static int
neigh_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ndmsg *nd = mnl_nlmsg_get_payload(nlh);
	struct neigh_reply *nr = data;
	const struct nlattr *attr;

	if (nlh->nlmsg_type != RTM_NEWNEIGH ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*nd)) ||
	    !(nd->ndm_state & NEIGH_VALID))
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, sizeof(*nd)) {
		if (mnl_attr_get_type(attr) == NDA_LLADDR &&
		    mnl_attr_get_payload_len(attr) == 6) {
			memcpy(nr->mac, mnl_attr_get_payload(attr), 6);
			*nr->found = true;
		}
	}
	return MNL_CB_OK;
}

enum tc_err
tc_rtnl_neigh_get(struct tc_rtnl *r, int ifindex, const struct tc_addr *a,
    uint8_t mac[6], bool *found, struct tc_diag *diag)
{
	struct neigh_reply nr = { .mac = mac, .found = found };
	struct nlmsghdr *nlh;
	struct tc_diag d;
	struct ndmsg *nd;
	enum tc_err err;
	char what[96], text[TC_ADDR_STRLEN];

	*found = false;
	snprintf(what, sizeof(what), "RTM_GETNEIGH %s on ifindex %d",
	    tc_addr_format(a, text, sizeof(text)), ifindex);
	if (a->family == TC_AF_NONE) {
		tc_diag_set(diag, "%s: no address", what);
		return TC_ERR_INVAL;
	}
	nlh = mnl_nlmsg_put_header(r->buf);
	nlh->nlmsg_type = RTM_GETNEIGH;
	nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = (uint8_t)addr_af(a);
	nd->ndm_ifindex = ifindex;
	mnl_attr_put(nlh, NDA_DST, tc_addr_len(a), a->bytes);
	tc_diag_init(&d);
	err = talk(r, nlh, neigh_reply_cb, &nr, what, &d);
	/* ENOENT: the kernel has never heard of it; not an error. */
	if (err && r->last_errno == ENOENT)
		return TC_OK;
	if (err)
		tc_diag_set(diag, "%s", d.msg);
	return err;
}

static int
ethtool_value(struct tc_rtnl *r, const char *ifname, struct ethtool_value *ev)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)ev;
	return ioctl(r->ioctl_fd, SIOCETHTOOL, &ifr);
}

enum tc_err
tc_rtnl_offload_off(struct tc_rtnl *r, const char *ifname,
    struct tc_diag *diag)
{
	/* Segmentation first: the kernel ties TSO to SG and SG to csum. */
	static const struct {
		uint32_t	cmd;
		const char	*name;
	} cmds[] = {
		{ ETHTOOL_STSO, "ETHTOOL_STSO" },
		{ ETHTOOL_SGSO, "ETHTOOL_SGSO" },
		{ ETHTOOL_SGRO, "ETHTOOL_SGRO" },
		{ ETHTOOL_SSG, "ETHTOOL_SSG" },
		{ ETHTOOL_STXCSUM, "ETHTOOL_STXCSUM" },
		{ ETHTOOL_SRXCSUM, "ETHTOOL_SRXCSUM" },
	};
	struct ethtool_value ev;
	size_t i;

	if (!ifname_ok(ifname, diag))
		return TC_ERR_INVAL;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		ev.cmd = cmds[i].cmd;
		ev.data = 0;
		if (ethtool_value(r, ifname, &ev) == 0 || errno == EOPNOTSUPP)
			continue;
		tc_diag_errno(diag, "SIOCETHTOOL %s %s off", cmds[i].name,
		    ifname);
		return errno == EPERM ? TC_ERR_PERM : TC_ERR_SYS;
	}
	return TC_OK;
}

enum tc_err
tc_rtnl_offload_get(struct tc_rtnl *r, const char *ifname,
    uint32_t ethtool_cmd, bool *on, struct tc_diag *diag)
{
	struct ethtool_value ev = { .cmd = ethtool_cmd };

	*on = false;
	if (!ifname_ok(ifname, diag))
		return TC_ERR_INVAL;
	if (ethtool_value(r, ifname, &ev) != 0) {
		tc_diag_errno(diag, "SIOCETHTOOL 0x%x %s", ethtool_cmd, ifname);
		return errno == ENODEV ? TC_ERR_NOTFOUND : TC_ERR_SYS;
	}
	*on = ev.data != 0;
	return TC_OK;
}

/* netns6.c - IPv6 in the netns target's namespaces: off, or quiet. */
#include "netns6.h"

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netns.h"

/* Sysctls of the target's namespace, set before its veth end exists. */
static const struct {
	const char	*name;
	const char	*value;
} quiet[] = {
	{ "net.ipv6.conf.default.addr_gen_mode", "1" },	/* none */
	{ "net.ipv6.conf.default.accept_ra", "0" },	/* no RS either */
	{ "net.ipv6.conf.default.autoconf", "0" },
};

enum tc_err
tc_netns6_off(int ns, struct tc_diag *diag)
{
	static const char *const off[] = {
		"net.ipv6.conf.all.disable_ipv6",
		"net.ipv6.conf.default.disable_ipv6",
	};
	struct tc_diag d;
	enum tc_err err;
	size_t i;

	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++) {
		tc_diag_init(&d);
		err = tc_netns_sysctl_set(ns, off[i], "1", &d);
		if (err && err != TC_ERR_NOTFOUND) {
			tc_diag_set(diag, "%s", d.msg);
			return err;
		}
	}
	return TC_OK;
}

enum tc_err
tc_netns6_quiet(int ns, struct tc_diag *diag)
{
	enum tc_err err;
	size_t i;

	for (i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++) {
		err = tc_netns_sysctl_set(ns, quiet[i].name, quiet[i].value,
		    diag);
		if (err)
			return err;
	}
	return TC_OK;
}

enum tc_err
tc_netns6_mtu(int ns, const char *const *ifnames, size_t n,
    struct tc_diag *diag)
{
	struct ifreq ifr;
	enum tc_err err;
	size_t i;
	int fd;

	err = tc_netns_socket(ns, AF_INET, SOCK_DGRAM, 0, &fd, diag);
	if (err)
		return err;
	for (i = 0; !err && i < n; i++) {
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s",
		    ifnames[i]);
		ifr.ifr_mtu = TC_NETNS6_MTU;
		if (ioctl(fd, SIOCSIFMTU, &ifr) != 0) {
			tc_diag_errno(diag, "SIOCSIFMTU %d on %s",
			    TC_NETNS6_MTU, ifnames[i]);
			err = TC_ERR_SYS;
		}
	}
	close(fd);
	return err;
}

/* One RTM_GETROUTE for a: is its route RTN_LOCAL?  false on any error. */
static bool
route_is_local(int fd, const struct tc_addr *a, uint32_t seq)
{
	uint8_t buf[8192];	/* one route reply */
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;
	ssize_t n;

	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = 128;
	mnl_attr_put(nlh, RTA_DST, 16, a->bytes);
	if (send(fd, nlh, nlh->nlmsg_len, 0) != (ssize_t)nlh->nlmsg_len)
		return false;
	n = recv(fd, buf, sizeof(buf), 0);
	nlh = (struct nlmsghdr *)buf;
	if (n < (ssize_t)sizeof(*nlh) || !mnl_nlmsg_ok(nlh, (int)n) ||
	    nlh->nlmsg_seq != seq || nlh->nlmsg_type != RTM_NEWROUTE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		return false;
	rtm = mnl_nlmsg_get_payload(nlh);
	return rtm->rtm_type == RTN_LOCAL;
}

enum tc_err
tc_netns6_wait_local(int ns, const struct tc_addr *a, int timeout_ms,
    struct tc_diag *diag)
{
	const struct timespec ms = { 0, 1000000 };
	enum tc_err err;
	uint32_t i;
	int fd;

	if (a->family != TC_AF_INET6) {
		tc_diag_set(diag, "netns6: not an IPv6 address");
		return TC_ERR_INVAL;
	}
	err = tc_netns_socket(ns, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &fd,
	    diag);
	if (err)
		return err;
	for (i = 0; i <= (uint32_t)timeout_ms; i++) {
		if (route_is_local(fd, a, i + 1)) {
			close(fd);
			return TC_OK;
		}
		nanosleep(&ms, NULL);
	}
	close(fd);
	tc_diag_set(diag, "IPv6 address is not local after %d ms",
	    timeout_ms);
	return TC_ERR_TIMEOUT;
}

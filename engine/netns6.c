/* netns6.c - IPv6 in the netns target's namespaces: off, or quiet. */
#include "netns6.h"

#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "netns.h"
#include "rtnl.h"

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

enum tc_err
tc_netns6_wait_local(int ns, const struct tc_addr *a, int timeout_ms,
    struct tc_diag *diag)
{
	const struct timespec ms = { 0, 1000000 };
	int64_t end = tc_mono_ms() + timeout_ms;
	struct tc_rtnl_route rt;
	struct tc_diag ignored;
	struct tc_rtnl *r;
	enum tc_err err;

	if (a->family != TC_AF_INET6) {
		tc_diag_set(diag, "netns6: not an IPv6 address");
		return TC_ERR_INVAL;
	}
	if ((err = tc_rtnl_new(ns, &r, diag)) != TC_OK)
		return err;
	do {
		tc_diag_init(&ignored);
		if (tc_rtnl_route_get(r, a, &rt, &ignored) == TC_OK &&
		    rt.type == RTN_LOCAL) {
			tc_rtnl_free(r);
			return TC_OK;
		}
		nanosleep(&ms, NULL);
	} while (tc_mono_ms() < end);
	tc_rtnl_free(r);
	tc_diag_set(diag, "IPv6 address is not local after %d ms",
	    timeout_ms);
	return TC_ERR_TIMEOUT;
}

/* slirp_net.h - libslirp on a TAP device, in a thread of its own. */
#ifndef TC_SLIRP_NET_H
#define TC_SLIRP_NET_H

#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>

struct tc_slirp_conf {
	const char	*ifname;	/* the TAP device to create */
	int		family;		/* AF_INET or AF_INET6: the tester's */
	struct in_addr	addr;		/* slirp's gateway ("host") address */
	struct in_addr	mask;		/* its virtual network's mask */
	struct in_addr	peer;		/* the tester: slirp's guest */
	struct in6_addr	addr6;		/* AF_INET6: the same, in a /64 */
	struct in6_addr	peer6;
	uint8_t		mac[6];		/* must be slirp's: 52:55:<addr>, or
					   52:56:<addr6's last 4 octets> */
	uint8_t		peer_mac[6];
};

/*
 * Opens the TAP device, creates slirp, teaches it the peer's MAC (an ARP
 * reply or a neighbour advertisement fed to it) and starts the thread
 * that moves frames and runs slirp's sockets and timers.  0, or -1 with
 * the reason on stderr.
 */
int	tc_slirp_net_start(const struct tc_slirp_conf *c);
/*
 * Host forwarding: slirp listens on `host` (loopback, of the session's
 * family) and, for each connection there, opens one to `guest`.  0 or -1.
 */
int	tc_slirp_net_fwd_add(const struct sockaddr *host, socklen_t hlen,
	    const struct sockaddr *guest, socklen_t glen);
int	tc_slirp_net_fwd_remove(const struct sockaddr *host, socklen_t hlen);

#endif /* TC_SLIRP_NET_H */

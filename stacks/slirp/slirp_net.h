/* slirp_net.h - libslirp on a TAP device, in a thread of its own. */
#ifndef TC_SLIRP_NET_H
#define TC_SLIRP_NET_H

#include <netinet/in.h>
#include <stdint.h>

struct tc_slirp_conf {
	const char	*ifname;	/* the TAP device to create */
	struct in_addr	addr;		/* slirp's gateway ("host") address */
	struct in_addr	mask;		/* its virtual network's mask */
	uint8_t		mac[6];		/* must be slirp's: 52:55:<addr> */
	struct in_addr	peer;		/* the tester: slirp's guest */
	uint8_t		peer_mac[6];
};

/*
 * Opens the TAP device, creates slirp, teaches it the peer's MAC (an ARP
 * reply fed to it) and starts the thread that moves frames and runs
 * slirp's sockets and timers.  0, or -1 with the reason on stderr.
 */
int	tc_slirp_net_start(const struct tc_slirp_conf *c);
/*
 * Host forwarding: slirp listens on 127.0.0.1:host_port and, for each
 * connection there, opens one to guest:guest_port.  0 or -1.
 */
int	tc_slirp_net_fwd_add(uint16_t host_port, struct in_addr guest,
	    uint16_t guest_port);
int	tc_slirp_net_fwd_remove(uint16_t host_port);

#endif /* TC_SLIRP_NET_H */

/* lwip_tap.h - a TAP device as an lwIP netif, with PBUF_RAM receive pbufs. */
#ifndef TC_LWIP_TAP_H
#define TC_LWIP_TAP_H

#include <stdint.h>

#include "lwip/ip_addr.h"
#include "lwip/netif.h"

/*
 * What tc_lwip_tap_start() needs: the TAP device's name (created in the
 * current network namespace, attached with IFF_NO_PI), the netif's MAC and
 * address (IPv4 or IPv6), and the one peer whose MAC lwIP is told.
 */
struct tc_lwip_tap_conf {
	const char	*ifname;	/* (borrowed) */
	uint8_t		mac[6];
	ip_addr_t	addr;
	ip4_addr_t	mask;		/* IPv4 only (IPv6: on-link /64) */
	ip_addr_t	peer;		/* the tester's address */
	uint8_t		peer_mac[6];
};

/*
 * Opens the TAP device, starts lwIP's tcpip thread, adds the netif (up,
 * link up, default; an IPv6 address valid at once, without DAD), teaches
 * it the peer's MAC and starts the thread that feeds it frames.  Returns 0, or -1 with a message on stderr.  Must be
 * called once; nothing is ever torn down (the process exits instead).
 */
int	tc_lwip_tap_start(const struct tc_lwip_tap_conf *conf);

#endif /* TC_LWIP_TAP_H */

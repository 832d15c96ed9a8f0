/*
 * stack_frames.h - the frames a stack program makes up for its stack, so
 * that no address resolution crosses the link: the tester's ARP reply or
 * neighbour advertisement, fed straight into the stack's input, and the
 * stack's own neighbour solicitations for the tester recognised on their
 * way out (and answered the same way).
 */
#ifndef TC_STACK_FRAMES_H
#define TC_STACK_FRAMES_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TC_STACK_ARP_LEN	42	/* Ethernet + ARP */
#define TC_STACK_NA_LEN		86	/* Ethernet + IPv6 + NA + TLLA option */

/* An ARP reply from (from_mac, from) to (to_mac, to), IPv4 in network
 * order.  Returns TC_STACK_ARP_LEN. */
size_t	tc_stack_arp_reply(uint8_t f[TC_STACK_ARP_LEN],
	    const uint8_t to_mac[6], const struct in_addr *to,
	    const uint8_t from_mac[6], const struct in_addr *from);
/*
 * A solicited neighbour advertisement (RFC 4861 §4.4) from (from_mac,
 * from) to (to_mac, to) for target `from`, with the override flag and a
 * target link-layer address option, hop limit 255 and a valid ICMPv6
 * checksum.  Returns TC_STACK_NA_LEN.
 */
size_t	tc_stack_na(uint8_t f[TC_STACK_NA_LEN], const uint8_t to_mac[6],
	    const struct in6_addr *to, const uint8_t from_mac[6],
	    const struct in6_addr *from);
/* True when frame f[0..n) is a neighbour solicitation for `target`. */
bool	tc_stack_is_ns_for(const uint8_t *f, size_t n,
	    const struct in6_addr *target);
/*
 * True for a router solicitation or an MLD report: asking for routers and
 * multicast listeners that the tester's link does not have.
 */
bool	tc_stack_is_v6_chatter(const uint8_t *f, size_t n);

#endif /* TC_STACK_FRAMES_H */

/* stack_frames.c - made-up ARP and ND frames for the stack programs. */
#include "stack_frames.h"

#include "checksum.h"

#include <string.h>

#define ETH_LEN		14
#define IP6_LEN		40
#define OFF_ICMP6	(ETH_LEN + IP6_LEN)
#define ICMP6_PROTO	58
#define ND_HOPS		255

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

size_t
tc_stack_arp_reply(uint8_t f[TC_STACK_ARP_LEN], const uint8_t to_mac[6],
    const struct in_addr *to, const uint8_t from_mac[6],
    const struct in_addr *from)
{
	memcpy(f, to_mac, 6);
	memcpy(f + 6, from_mac, 6);
	put16(f + 12, 0x0806);
	put16(f + 14, 1);		/* Ethernet */
	put16(f + 16, 0x0800);		/* IPv4 */
	f[18] = 6;
	f[19] = 4;
	put16(f + 20, 2);		/* reply */
	memcpy(f + 22, from_mac, 6);
	memcpy(f + 28, &from->s_addr, 4);
	memcpy(f + 32, to_mac, 6);
	memcpy(f + 38, &to->s_addr, 4);
	return TC_STACK_ARP_LEN;
}

/* The ICMPv6 checksum over the pseudo-header (RFC 8200 §8.1). */
static uint16_t
icmp6_sum(const uint8_t *ip6, const uint8_t *msg, size_t len)
{
	uint32_t sum = ICMP6_PROTO + (uint32_t)len;

	sum = tc_checksum_add(sum, ip6 + 8, 32);	/* the addresses */
	return tc_checksum_fold(tc_checksum_add(sum, msg, len));
}

size_t
tc_stack_na(uint8_t f[TC_STACK_NA_LEN], const uint8_t to_mac[6],
    const struct in6_addr *to, const uint8_t from_mac[6],
    const struct in6_addr *from)
{
	uint8_t *ip6 = f + ETH_LEN, *na = f + OFF_ICMP6;
	const size_t len = TC_STACK_NA_LEN - OFF_ICMP6;

	memset(f, 0, TC_STACK_NA_LEN);
	memcpy(f, to_mac, 6);
	memcpy(f + 6, from_mac, 6);
	put16(f + 12, 0x86dd);
	ip6[0] = 0x60;
	put16(ip6 + 4, (uint16_t)len);
	ip6[6] = ICMP6_PROTO;
	ip6[7] = ND_HOPS;
	memcpy(ip6 + 8, from, 16);
	memcpy(ip6 + 24, to, 16);
	na[0] = 136;			/* neighbour advertisement */
	na[4] = 0x60;			/* solicited, override */
	memcpy(na + 8, from, 16);	/* the target: the sender itself */
	na[24] = 2;			/* target link-layer address */
	na[25] = 1;			/* 8 octets */
	memcpy(na + 26, from_mac, 6);
	put16(na + 2, icmp6_sum(ip6, na, len));
	return TC_STACK_NA_LEN;
}

/* The ICMPv6 type of an Ethernet/IPv6 frame without extension headers,
 * or -1. */
static int
icmp6_type(const uint8_t *f, size_t n)
{
	if (n < OFF_ICMP6 + 4 || f[12] != 0x86 || f[13] != 0xdd ||
	    (f[ETH_LEN] >> 4) != 6 || f[ETH_LEN + 6] != ICMP6_PROTO)
		return -1;
	return f[OFF_ICMP6];
}

bool
tc_stack_is_ns_for(const uint8_t *f, size_t n, const struct in6_addr *target)
{
	return icmp6_type(f, n) == 135 && n >= OFF_ICMP6 + 24 &&
	    memcmp(f + OFF_ICMP6 + 8, target, 16) == 0;
}

bool
tc_stack_is_v6_chatter(const uint8_t *f, size_t n)
{
	size_t off;
	int t;

	/* A router solicitation; or MLDv1 report or done, MLDv2 report,
	 * which come behind a hop-by-hop options header (next header 58). */
	if (icmp6_type(f, n) == 133)
		return true;
	if (n < OFF_ICMP6 + 2 || f[12] != 0x86 || f[13] != 0xdd ||
	    f[ETH_LEN + 6] != 0 || f[OFF_ICMP6] != ICMP6_PROTO)
		return false;
	off = OFF_ICMP6 + 8 * ((size_t)f[OFF_ICMP6 + 1] + 1);
	if (n <= off)
		return false;
	t = f[off];
	return t == 131 || t == 132 || t == 143;
}

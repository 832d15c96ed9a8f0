/* craft.h - encoding TCP segments ourselves and injecting them via libnet. */
#ifndef TC_CRAFT_H
#define TC_CRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "err.h"

enum tc_csum_mode {
	TC_CSUM_CORRECT,	/* over the pseudo-header, as RFC 9293 3.1 */
	TC_CSUM_ZERO,		/* 0, which is never correct for TCP */
	TC_CSUM_BAD,		/* the correct value with bits flipped */
	TC_CSUM_VALUE		/* exactly csum_value */
};

/*
 * Every field of a TCP segment as it will appear on the wire.  Nothing is
 * derived except the data offset (when doff is 0) and the checksum (per
 * csum_mode).  Option bytes are encoded by the caller (tc_options_encode)
 * and padded here with zeros to a 4-byte boundary.
 */
struct tc_tcp_spec {
	uint16_t	sport;
	uint16_t	dport;
	uint32_t	seq;
	uint32_t	ack;
	uint8_t		flags;		/* TC_TH_* */
	uint8_t		reserved;	/* low 4 bits used */
	uint8_t		doff;		/* 0: 5 + padded option words */
	bool		doff_exact;	/* send doff as is, even 0 */
	uint16_t	mtu;		/* unused on the wire: an ICMP send's
					   mtu= passes through here */
	uint16_t	win;
	uint16_t	urg;
	enum tc_csum_mode csum_mode;
	uint16_t	csum_value;
	const uint8_t	*opts;		/* borrowed */
	size_t		opts_len;
	const uint8_t	*payload;	/* borrowed */
	size_t		payload_len;
};

#define TC_IP_OPT_MAX	40	/* RFC 791 3.1: IHL is 4 bits, 15 words */

/*
 * IP header fields a script may choose.  IPv4 options are sent as given,
 * padded with EOL (0) to a multiple of 4 bytes; more than TC_IP_OPT_MAX
 * is TC_ERR_LIMIT.  Members left zero mean no options.  On IPv6, ttl is
 * the hop limit and tos the traffic class; id, df and options do not
 * exist there (id and df are not used, options are TC_ERR_INVAL).
 */
struct tc_ip_spec {
	struct tc_addr	src;
	struct tc_addr	dst;
	uint8_t		ttl;
	uint8_t		tos;
	uint16_t	id;
	bool		df;
	const uint8_t	*options;	/* (borrowed) IPv4 options, or NULL */
	size_t		options_len;
};

/*
 * Encodes the TCP header, options, padding and payload into buf.  Returns
 * TC_ERR_LIMIT if it does not fit (or options exceed 40 bytes), TC_OK
 * otherwise with *out_len set.
 */
enum tc_err tc_craft_tcp_encode(const struct tc_tcp_spec *spec,
	    const struct tc_addr *src, const struct tc_addr *dst,
	    uint8_t *buf, size_t cap, size_t *out_len);

/*
 * Encodes a complete IPv4 header for a datagram of payload_len bytes after
 * it: 20 bytes plus the padded options, total length, DF and a correct
 * header checksum (RFC 791 3.1).  Used for the datagram an ICMP error
 * quotes.  Returns TC_ERR_INVAL for non-IPv4 addresses, TC_ERR_LIMIT when
 * the options exceed 40 bytes, the total exceeds 65535 or cap is short.
 */
enum tc_err tc_craft_ipv4_header(const struct tc_ip_spec *ip, uint8_t proto,
	    size_t payload_len, uint8_t *buf, size_t cap, size_t *out_len);
/*
 * Encodes an ICMPv4 message (RFC 792): type, code, checksum over the whole
 * message, the 4-byte "rest of header" (e.g. the next-hop MTU in the low 16
 * bits for type 3 code 4, RFC 1191 4), then quote_len bytes of quote.
 * TC_ERR_LIMIT when it does not fit in cap or in an IPv4 datagram.
 */
enum tc_err tc_craft_icmp4_encode(uint8_t type, uint8_t code, uint32_t rest,
	    const uint8_t *quote, size_t quote_len, uint8_t *buf, size_t cap,
	    size_t *out_len);

/* An injector bound to one named interface (never a default device). */
struct tc_craft;

/*
 * Opens libnet at the link layer on `ifname`, which must exist in the
 * calling thread's current network namespace (the packet socket stays in
 * that namespace afterwards).  Frames carry src_mac -> dst_mac.  The
 * result is freed with tc_craft_free().
 */
enum tc_err tc_craft_new(const char *ifname, const uint8_t src_mac[6],
	    const uint8_t dst_mac[6], struct tc_craft **out,
	    struct tc_diag *diag);
/*
 * Builds IPv4 (libnet, header checksum computed by libnet, options from
 * ip->options) and Ethernet around an already encoded TCP segment and
 * writes the frame.  If frame/frame_cap are non-NULL the exact frame sent
 * is copied there and *frame_len set (for logs and pcaps).  Errors:
 * TC_ERR_INVAL (not IPv4), TC_ERR_LIMIT (too big, options over 40 bytes,
 * copy buffer short), TC_ERR_SYS (libnet or the write failed).
 */
enum tc_err tc_craft_send_ipv4(struct tc_craft *c, const struct tc_ip_spec *ip,
	    const uint8_t *tcp, size_t tcp_len, uint8_t *frame,
	    size_t frame_cap, size_t *frame_len, struct tc_diag *diag);
/*
 * Like tc_craft_send_ipv4 for IPv6 (RFC 8200 3, libnet, ethertype
 * 0x86dd): traffic class ip->tos, flow label 0, next header 6, hop limit
 * ip->ttl, no extension headers.  The TCP checksum is the caller's
 * (tc_craft_tcp_encode covers the IPv6 pseudo-header).  Errors:
 * TC_ERR_INVAL (not IPv6, or IPv4 options given), TC_ERR_LIMIT (a
 * payload over 65535 bytes, copy buffer short), TC_ERR_SYS.
 */
enum tc_err tc_craft_send_ipv6(struct tc_craft *c, const struct tc_ip_spec *ip,
	    const uint8_t *tcp, size_t tcp_len, uint8_t *frame,
	    size_t frame_cap, size_t *frame_len, struct tc_diag *diag);
/*
 * tc_craft_send_ipv4 or tc_craft_send_ipv6, after ip->src's family (dst
 * must match); TC_ERR_INVAL for any other family.
 */
enum tc_err tc_craft_send_ip(struct tc_craft *c, const struct tc_ip_spec *ip,
	    const uint8_t *tcp, size_t tcp_len, uint8_t *frame,
	    size_t frame_cap, size_t *frame_len, struct tc_diag *diag);
/*
 * Like tc_craft_send_ipv4 for an ICMPv4 message (protocol 1) that this
 * function encodes with tc_craft_icmp4_encode.  `quote` (borrowed) is
 * usually an IP header from tc_craft_ipv4_header and the first bytes of a
 * TCP header: RFC 1122 3.2.2 asks for at least the IP header + 8 bytes.
 */
enum tc_err tc_craft_send_icmp4(struct tc_craft *c,
	    const struct tc_ip_spec *ip, uint8_t type, uint8_t code,
	    uint32_t rest, const uint8_t *quote, size_t quote_len,
	    uint8_t *frame, size_t frame_cap, size_t *frame_len,
	    struct tc_diag *diag);
void	tc_craft_free(struct tc_craft *c);

#endif /* TC_CRAFT_H */

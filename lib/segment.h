/* segment.h - a decoded view of one captured Ethernet/IP/TCP frame. */
#ifndef TC_SEGMENT_H
#define TC_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "cursor.h"
#include "options.h"

/* TCP flag bits (RFC 9293 3.1, RFC 3168 for ECE/CWR). */
#define TC_TH_FIN	0x01
#define TC_TH_SYN	0x02
#define TC_TH_RST	0x04
#define TC_TH_PSH	0x08
#define TC_TH_ACK	0x10
#define TC_TH_URG	0x20
#define TC_TH_ECE	0x40
#define TC_TH_CWR	0x80

enum tc_linktype {
	TC_LINK_ETHERNET,	/* DLT_EN10MB */
	TC_LINK_RAW		/* DLT_RAW: starts at the IP header */
};

/*
 * What a frame turned out to be.  Anything that is not TCP over IPv4 or
 * IPv6, nor ICMP over IPv4, is TC_SEG_OTHER (ARP, UDP, ICMPv6, ...) and
 * only the link and network fields are set.
 */
enum tc_seg_kind {
	TC_SEG_TCP,
	TC_SEG_ICMP,		/* ICMPv4 whose 8-byte header was read */
	TC_SEG_OTHER
};

/* ICMPv4 types the decoder names (RFC 792). */
#define TC_ICMP_ECHOREPLY	0
#define TC_ICMP_UNREACH		3
#define TC_ICMP_SOURCEQUENCH	4
#define TC_ICMP_REDIRECT	5
#define TC_ICMP_ECHO		8
#define TC_ICMP_TIMXCEED	11
#define TC_ICMP_PARAMPROB	12
/* Destination unreachable codes (RFC 792, RFC 1122 3.2.2.1, RFC 1812). */
#define TC_ICMP_UNREACH_PROTO	2
#define TC_ICMP_UNREACH_PORT	3
#define TC_ICMP_UNREACH_NEEDFRAG 4	/* rest: next-hop MTU, RFC 1191 4 */

struct tc_segment {
	enum tc_seg_kind kind;
	enum tc_dec	status;		/* TC_DEC_OK or what went wrong */

	/* Link layer (when has_eth). */
	bool		has_eth;
	uint8_t		eth_src[6];
	uint8_t		eth_dst[6];
	uint16_t	ethertype;

	/* Network layer. */
	struct tc_addr	src;
	struct tc_addr	dst;
	uint8_t		ttl;		/* hop limit for IPv6 */
	uint8_t		tos;		/* traffic class for IPv6 */
	uint16_t	ip_id;		/* IPv4 only */
	bool		df;		/* IPv4 only */
	bool		ip_csum_ok;	/* IPv4 header checksum; true on v6 */
	uint8_t		ip_proto;

	/* Transport layer (kind == TC_SEG_TCP). */
	uint16_t	sport;
	uint16_t	dport;
	uint32_t	seq;
	uint32_t	ack;
	uint8_t		flags;		/* TC_TH_* */
	uint8_t		reserved;	/* the 4 reserved bits (incl. AE) */
	uint8_t		doff;		/* data offset in 32-bit words */
	uint16_t	win;
	uint16_t	csum;		/* as received */
	bool		csum_ok;	/* over the pseudo-header */
	uint16_t	urg;
	struct tc_optlist opts;
	const uint8_t	*payload;	/* borrowed: points into the frame */
	size_t		payload_len;

	/* ICMPv4 (kind == TC_SEG_ICMP). */
	uint8_t		icmp_type;
	uint8_t		icmp_code;
	uint16_t	icmp_csum;	/* as received */
	bool		icmp_csum_ok;	/* over the whole message */
	uint32_t	icmp_rest;	/* the 4 bytes after the checksum */
	/*
	 * The datagram an error (unreachable, source quench, redirect, time
	 * exceeded, parameter problem) quotes.  has_quote: its IPv4 header
	 * and the 8 bytes after it were all there (RFC 1122 3.2.2), so the
	 * ports and, for TCP, the sequence number are known.  Addresses and
	 * protocol are set as soon as the quoted header is.
	 */
	bool		has_quote;
	uint8_t		quote_proto;
	struct tc_addr	quote_src;
	struct tc_addr	quote_dst;
	uint16_t	quote_sport;
	uint16_t	quote_dport;
	uint32_t	quote_seq;	/* bytes 4-7: TCP's sequence number */
};

/*
 * Decodes a frame captured from an untrusted wire.  Never reads outside
 * frame[0..caplen).  Returns TC_DEC_OK for a complete TCP segment,
 * ICMPv4 message or other frame (kind tells which), TC_DEC_TRUNC when the
 * capture ended early, TC_DEC_INVALID when a header lies about lengths
 * (also an ICMP message shorter than 8 bytes, which stays TC_SEG_OTHER).
 * On any status the fields decoded so far are set; payload borrows from
 * `frame` (TCP only).
 */
enum tc_dec tc_segment_decode(const uint8_t *frame, size_t caplen,
	    enum tc_linktype link, struct tc_segment *out);

/* Formats flags in tcpdump order ("S.", "F.", "FP.", "R", "."); no '.'
 * for a zero flag set gives "none". */
size_t	tc_segment_flags_format(uint8_t flags, char *buf, size_t cap);
/*
 * One line in tcpdump style, absolute numbers:
 *   "S. seq 1000 ack 2001 win 65535 <mss 1460>"
 * Fields: flags, seq, ack (only with ACK), win, urg (only with URG or a
 * non-zero pointer), options (only if any), "len N" when non-zero; then
 * anomalies in brackets: "[bad csum 0x1234]", "[res 0x2]", "[doff 3]".
 * ICMPv4 as tcpdump words it, then the quoted datagram:
 *   "ICMP 198.18.0.2 unreachable - need to frag (mtu 1200) quoting
 *    198.18.0.1.4000 > 198.18.0.2.80 seq 123"   (one line)
 */
size_t	tc_segment_format(const struct tc_segment *s, char *buf, size_t cap);

#endif /* TC_SEGMENT_H */

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
	uint16_t	win;
	uint16_t	urg;
	enum tc_csum_mode csum_mode;
	uint16_t	csum_value;
	const uint8_t	*opts;		/* borrowed */
	size_t		opts_len;
	const uint8_t	*payload;	/* borrowed */
	size_t		payload_len;
};

/* IP header fields a script may choose. */
struct tc_ip_spec {
	struct tc_addr	src;
	struct tc_addr	dst;
	uint8_t		ttl;
	uint8_t		tos;
	uint16_t	id;
	bool		df;
};

/*
 * Encodes the TCP header, options, padding and payload into buf.  Returns
 * TC_ERR_LIMIT if it does not fit (or options exceed 40 bytes), TC_OK
 * otherwise with *out_len set.
 */
enum tc_err tc_craft_tcp_encode(const struct tc_tcp_spec *spec,
	    const struct tc_addr *src, const struct tc_addr *dst,
	    uint8_t *buf, size_t cap, size_t *out_len);

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
 * Builds IPv4 (libnet, header checksum computed by libnet) and Ethernet
 * around an already encoded TCP segment and writes the frame.  If
 * frame/frame_cap are non-NULL the exact frame sent is copied there and
 * *frame_len set (for logs and pcaps).
 */
enum tc_err tc_craft_send_ipv4(struct tc_craft *c, const struct tc_ip_spec *ip,
	    const uint8_t *tcp, size_t tcp_len, uint8_t *frame,
	    size_t frame_cap, size_t *frame_len, struct tc_diag *diag);
void	tc_craft_free(struct tc_craft *c);

#endif /* TC_CRAFT_H */

/*
 * segment.c - decodes captured Ethernet/IPv4/IPv6/TCP and ICMPv4 frames,
 * formats them.
 */
#include "segment.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "checksum.h"
#include "strbuf.h"

#define ETH_HLEN	14
#define ETHERTYPE_IPV4	0x0800
#define ETHERTYPE_IPV6	0x86dd
#define IPV4_HLEN	20
#define IPV6_HLEN	40
#define TCP_HLEN	20
#define PROTO_TCP	6
#define PROTO_ICMP	1
#define PROTO_UDP	17
#define ICMP_HLEN	8
#define IPV4_DF		0x4000
#define IPV4_MF		0x2000
#define IPV4_OFFMASK	0x1fff

/*
 * The TCP segment as the IP header delimits it: `cur` covers the bytes
 * that were captured (never more than IP says, so Ethernet padding is
 * left out) and `len` is the length IP claims, the TCP length of the
 * pseudo-header (RFC 9293 3.1).
 */
struct ipview {
	struct tc_cursor cur;
	size_t		 len;
};

static enum tc_dec decode_eth(struct tc_cursor *c, struct tc_segment *s);
static enum tc_dec decode_ipv4(struct tc_cursor *c, struct tc_segment *s,
		    struct ipview *v);
static enum tc_dec decode_ipv6(struct tc_cursor *c, struct tc_segment *s,
		    struct ipview *v);
static enum tc_dec decode_tcp(const struct ipview *v, struct tc_segment *s);
static enum tc_dec decode_icmp(const struct ipview *v, struct tc_segment *s);
static void	decode_quote(struct tc_cursor *c, struct tc_segment *s);
static void	format_icmp(struct tc_strbuf *sb, const struct tc_segment *s);

static bool
take_addr(struct tc_cursor *c, struct tc_addr *a, enum tc_family family)
{
	const uint8_t *p;
	size_t n = family == TC_AF_INET6 ? 16 : 4;

	if (!tc_cursor_take(c, n, &p))
		return false;
	a->family = family;
	memcpy(a->bytes, p, n);
	return true;
}

/* Narrows the cursor to what IP says is its payload: padding stays out. */
static void
ip_payload(struct tc_cursor *c, size_t len, struct ipview *v)
{
	size_t have = tc_cursor_left(c);

	v->len = len;
	tc_cursor_init(&v->cur, c->p, have < len ? have : len);
}

static enum tc_dec
decode_eth(struct tc_cursor *c, struct tc_segment *s)
{
	const uint8_t *dst, *src;

	if (!tc_cursor_take(c, 6, &dst) || !tc_cursor_take(c, 6, &src) ||
	    !tc_cursor_be16(c, &s->ethertype))
		return TC_DEC_TRUNC;
	memcpy(s->eth_dst, dst, 6);
	memcpy(s->eth_src, src, 6);
	s->has_eth = true;
	return TC_DEC_OK;
}

/*
 * RFC 791 3.1.  Fields are stored as they are read, so a short capture
 * leaves the ones before the cut set.  A lie visible in the captured
 * bytes (IHL < 5, total length < IHL) wins over truncation.  Fragments
 * are TC_SEG_OTHER / TC_DEC_UNSUPPORTED: we do not reassemble, and a
 * first fragment's TCP checksum cannot be checked.
 */
static enum tc_dec
decode_ipv4(struct tc_cursor *c, struct tc_segment *s, struct ipview *v)
{
	struct tc_cursor start = *c;
	const uint8_t *hdr = NULL;
	uint16_t totlen, frag, csum;
	uint8_t vihl;
	size_t hlen;

	if (!tc_cursor_u8(c, &vihl))
		return TC_DEC_TRUNC;
	hlen = (size_t)(vihl & 0x0f) * 4;
	if (vihl >> 4 != 4 || hlen < IPV4_HLEN)
		return TC_DEC_INVALID;
	if (!tc_cursor_u8(c, &s->tos) || !tc_cursor_be16(c, &totlen))
		return TC_DEC_TRUNC;
	if (totlen < hlen)
		return TC_DEC_INVALID;
	if (!tc_cursor_be16(c, &s->ip_id) || !tc_cursor_be16(c, &frag))
		return TC_DEC_TRUNC;
	s->df = (frag & IPV4_DF) != 0;
	if (!tc_cursor_u8(c, &s->ttl) || !tc_cursor_u8(c, &s->ip_proto) ||
	    !tc_cursor_be16(c, &csum) ||
	    !take_addr(c, &s->src, TC_AF_INET) ||
	    !take_addr(c, &s->dst, TC_AF_INET) ||
	    !tc_cursor_skip(c, hlen - IPV4_HLEN))
		return TC_DEC_TRUNC;
	/* The whole header is captured: summing it yields 0 when valid. */
	(void)tc_cursor_take(&start, hlen, &hdr);
	s->ip_csum_ok = tc_checksum_fold(tc_checksum_add(0, hdr, hlen)) == 0;
	if ((frag & (IPV4_MF | IPV4_OFFMASK)) != 0)
		return TC_DEC_UNSUPPORTED;
	ip_payload(c, totlen - hlen, v);
	if (s->ip_proto == PROTO_TCP)
		s->kind = TC_SEG_TCP;
	return TC_DEC_OK;
}

/* RFC 8200 4.1: headers that may come between IPv6 and TCP. */
static bool
ipv6_is_ext(uint8_t nh)
{
	switch (nh) {
	case 0:		/* Hop-by-Hop Options */
	case 43:	/* Routing */
	case 44:	/* Fragment */
	case 50:	/* ESP */
	case 51:	/* AH */
	case 60:	/* Destination Options */
	case 135:	/* Mobility */
	case 139:	/* HIP */
	case 140:	/* Shim6 */
	case 253:	/* experiments, RFC 3692 */
	case 254:
		return true;
	default:
		return false;
	}
}

/*
 * RFC 8200 3.  Only TCP directly after the fixed header is decoded; a
 * chain of extension headers is TC_DEC_UNSUPPORTED (a target has no reason
 * to send one in these tests, and walking it is a decoder of its own).
 */
static enum tc_dec
decode_ipv6(struct tc_cursor *c, struct tc_segment *s, struct ipview *v)
{
	uint32_t vtf;
	uint16_t plen;

	if (!tc_cursor_be32(c, &vtf))
		return TC_DEC_TRUNC;
	if (vtf >> 28 != 6)
		return TC_DEC_INVALID;
	s->tos = (uint8_t)(vtf >> 20);
	s->ip_csum_ok = true;
	if (!tc_cursor_be16(c, &plen) || !tc_cursor_u8(c, &s->ip_proto) ||
	    !tc_cursor_u8(c, &s->ttl) ||
	    !take_addr(c, &s->src, TC_AF_INET6) ||
	    !take_addr(c, &s->dst, TC_AF_INET6))
		return TC_DEC_TRUNC;
	if (ipv6_is_ext(s->ip_proto))
		return TC_DEC_UNSUPPORTED;
	ip_payload(c, plen, v);
	if (s->ip_proto == PROTO_TCP)
		s->kind = TC_SEG_TCP;
	return TC_DEC_OK;
}

/*
 * RFC 9293 3.1.  A segment IP says is shorter than 20 bytes, a data offset
 * below 5 or past the segment is INVALID; the fixed fields are still filled
 * from what was captured.  The checksum is checked whenever the whole
 * segment was captured, whatever the header says.  payload/payload_len
 * cover the payload bytes actually captured.
 */
static enum tc_dec
decode_tcp(const struct ipview *v, struct tc_segment *s)
{
	struct tc_cursor c = v->cur, all = v->cur;
	const uint8_t *seg;
	size_t caplen = tc_cursor_left(&c), hlen;
	uint8_t off;

	if (tc_cursor_take(&all, v->len, &seg))
		s->csum_ok = tc_checksum_tcp(&s->src, &s->dst, seg,
		    v->len) == 0;
	if (!tc_cursor_be16(&c, &s->sport) || !tc_cursor_be16(&c, &s->dport) ||
	    !tc_cursor_be32(&c, &s->seq) || !tc_cursor_be32(&c, &s->ack) ||
	    !tc_cursor_u8(&c, &off))
		return v->len < TCP_HLEN ? TC_DEC_INVALID : TC_DEC_TRUNC;
	s->doff = off >> 4;
	s->reserved = off & 0x0f;
	if (!tc_cursor_u8(&c, &s->flags) || !tc_cursor_be16(&c, &s->win) ||
	    !tc_cursor_be16(&c, &s->csum) || !tc_cursor_be16(&c, &s->urg))
		return v->len < TCP_HLEN ? TC_DEC_INVALID : TC_DEC_TRUNC;
	hlen = (size_t)s->doff * 4;
	if (hlen < TCP_HLEN || hlen > v->len)
		return TC_DEC_INVALID;
	if (hlen > caplen) {
		/* Decode what was captured; the status says it is cut. */
		tc_options_decode(c.p, tc_cursor_left(&c), &s->opts);
		return TC_DEC_TRUNC;
	}
	tc_options_decode(c.p, hlen - TCP_HLEN, &s->opts);
	(void)tc_cursor_skip(&c, hlen - TCP_HLEN);
	s->payload = c.p;
	s->payload_len = tc_cursor_left(&c);
	return caplen < v->len ? TC_DEC_TRUNC : TC_DEC_OK;
}

/* RFC 792: the ICMP errors, which quote the datagram that caused them. */
static bool
icmp_is_error(uint8_t type)
{
	return type == TC_ICMP_UNREACH || type == TC_ICMP_SOURCEQUENCH ||
	    type == TC_ICMP_REDIRECT || type == TC_ICMP_TIMXCEED ||
	    type == TC_ICMP_PARAMPROB;
}

/*
 * RFC 792: "the internet header + 64 bits of the original data datagram".
 * The quoted total length describes the original, not the quote, so it is
 * not checked.  Nothing is stored until the whole quoted header is there;
 * ports and seq only with the 8 bytes after it.
 */
static void
decode_quote(struct tc_cursor *c, struct tc_segment *s)
{
	struct tc_addr src, dst;
	uint16_t sport, dport;
	uint32_t seq;
	uint8_t vihl, proto;
	size_t hlen;

	if (!tc_cursor_u8(c, &vihl) || vihl >> 4 != 4)
		return;
	hlen = (size_t)(vihl & 0x0f) * 4;
	if (hlen < IPV4_HLEN || !tc_cursor_skip(c, 8) ||
	    !tc_cursor_u8(c, &proto) || !tc_cursor_skip(c, 2) ||
	    !take_addr(c, &src, TC_AF_INET) ||
	    !take_addr(c, &dst, TC_AF_INET) ||
	    !tc_cursor_skip(c, hlen - IPV4_HLEN))
		return;
	s->quote_proto = proto;
	s->quote_src = src;
	s->quote_dst = dst;
	if (!tc_cursor_be16(c, &sport) || !tc_cursor_be16(c, &dport) ||
	    !tc_cursor_be32(c, &seq))
		return;
	s->quote_sport = sport;
	s->quote_dport = dport;
	s->quote_seq = seq;
	s->has_quote = true;
}

/*
 * RFC 792.  The frame is TC_SEG_ICMP once the 8-byte header is read; a
 * message IP says is shorter than that is INVALID (and stays
 * TC_SEG_OTHER).  The checksum is checked whenever the whole message was
 * captured, as for TCP.
 */
static enum tc_dec
decode_icmp(const struct ipview *v, struct tc_segment *s)
{
	struct tc_cursor c = v->cur, all = v->cur;
	const uint8_t *msg;

	if (tc_cursor_take(&all, v->len, &msg))
		s->icmp_csum_ok = tc_checksum_fold(tc_checksum_add(0, msg,
		    v->len)) == 0;
	if (!tc_cursor_u8(&c, &s->icmp_type) ||
	    !tc_cursor_u8(&c, &s->icmp_code) ||
	    !tc_cursor_be16(&c, &s->icmp_csum) ||
	    !tc_cursor_be32(&c, &s->icmp_rest))
		return v->len < ICMP_HLEN ? TC_DEC_INVALID : TC_DEC_TRUNC;
	s->kind = TC_SEG_ICMP;
	if (icmp_is_error(s->icmp_type))
		decode_quote(&c, s);
	return tc_cursor_left(&v->cur) < v->len ? TC_DEC_TRUNC : TC_DEC_OK;
}

/*
 * Non-TCP IP packets also get their network fields, a superset of what
 * segment.h promises for TC_SEG_OTHER.  On DLT_RAW the version nibble
 * picks the decoder; anything but 4 or 6 there is INVALID.
 */
enum tc_dec
tc_segment_decode(const uint8_t *frame, size_t caplen, enum tc_linktype link,
    struct tc_segment *out)
{
	static const uint8_t empty[1];
	struct tc_cursor c, peek;
	struct ipview v;
	enum tc_dec st;
	uint8_t version = 0;

	memset(out, 0, sizeof(*out));
	out->kind = TC_SEG_OTHER;
	/* NULL + 0 is undefined behaviour; point an empty frame somewhere. */
	if (frame == NULL)
		tc_cursor_init(&c, empty, 0);
	else
		tc_cursor_init(&c, frame, caplen);
	if (link == TC_LINK_ETHERNET) {
		if ((st = decode_eth(&c, out)) != TC_DEC_OK)
			return out->status = st;
		if (out->ethertype == ETHERTYPE_IPV4)
			version = 4;
		else if (out->ethertype == ETHERTYPE_IPV6)
			version = 6;
		else
			return out->status = TC_DEC_OK;
	} else {
		peek = c;
		if (!tc_cursor_u8(&peek, &version))
			return out->status = TC_DEC_TRUNC;
		version >>= 4;
	}
	if (version == 4)
		st = decode_ipv4(&c, out, &v);
	else if (version == 6)
		st = decode_ipv6(&c, out, &v);
	else
		st = TC_DEC_INVALID;
	if (st != TC_DEC_OK)
		return out->status = st;
	if (out->kind == TC_SEG_TCP)
		st = decode_tcp(&v, out);
	else if (out->ip_proto == PROTO_ICMP && out->src.family == TC_AF_INET)
		st = decode_icmp(&v, out);
	else if (tc_cursor_left(&v.cur) < v.len)
		st = TC_DEC_TRUNC;
	return out->status = st;
}

/* Returns the characters stored (at most cap - 1); buf is NUL-ended. */
size_t
tc_segment_flags_format(uint8_t flags, char *buf, size_t cap)
{
	/* tcpdump's order (print-tcp.c tcp_flag_values). */
	static const struct {
		uint8_t	bit;
		char	c;
	} order[] = {
		{ TC_TH_FIN, 'F' }, { TC_TH_SYN, 'S' }, { TC_TH_RST, 'R' },
		{ TC_TH_PSH, 'P' }, { TC_TH_ACK, '.' }, { TC_TH_URG, 'U' },
		{ TC_TH_ECE, 'E' }, { TC_TH_CWR, 'W' },
	};
	struct tc_strbuf sb = { buf, cap, 0 };
	size_t i;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	if (flags == 0) {
		tc_strbuf_printf(&sb, "none");
		return sb.len;
	}
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (flags & order[i].bit)
			tc_strbuf_printf(&sb, "%c", order[i].c);
	return sb.len;
}

static void
format_status(struct tc_strbuf *sb, enum tc_dec st)
{
	if (st == TC_DEC_TRUNC)
		tc_strbuf_printf(sb, " [truncated]");
	else if (st == TC_DEC_INVALID)
		tc_strbuf_printf(sb, " [invalid]");
	else if (st == TC_DEC_UNSUPPORTED)
		tc_strbuf_printf(sb, " [unsupported]");
}

static void
format_other(struct tc_strbuf *sb, const struct tc_segment *s)
{
	if (s->src.family != TC_AF_NONE)
		tc_strbuf_printf(sb, "non-tcp proto %u", s->ip_proto);
	else if (s->has_eth)
		tc_strbuf_printf(sb, "non-tcp ethertype 0x%04x", s->ethertype);
	else
		tc_strbuf_printf(sb, "non-tcp");
	format_status(sb, s->status);
}

/*
 * Destination unreachable in tcpdump's words (print-icmp.c), "X" being the
 * quoted destination: RFC 792 codes 0-5, RFC 1122 3.2.2.1 6-12, RFC 1812
 * 5.2.7.1 13-15.  Codes 2-4 carry a number and are written out below.
 */
static void
format_unreach(struct tc_strbuf *sb, const struct tc_segment *s, const char *x)
{
	static const struct {
		const char	*pre;
		const char	*post;
	} words[16] = {
		[0] = { "net ", "" }, [1] = { "host ", "" },
		[5] = { "", " - source route failed" },
		[6] = { "net ", " - unknown" }, [7] = { "host ", " - unknown" },
		[8] = { "", " - source host isolated" },
		[9] = { "net ", " - admin prohibited" },
		[10] = { "host ", " - admin prohibited" },
		[11] = { "net ", " - tos prohibited" },
		[12] = { "host ", " - tos prohibited" },
		[13] = { "", " - admin prohibited filter" },
		[14] = { "", " - host precedence violation" },
		[15] = { "", " - precedence cutoff" },
	};
	uint8_t code = s->icmp_code;

	if (code == TC_ICMP_UNREACH_PROTO)
		tc_strbuf_printf(sb, "%s protocol %u unreachable", x, s->quote_proto);
	else if (code == TC_ICMP_UNREACH_PORT && s->has_quote)
		tc_strbuf_printf(sb, "%s %s port %u unreachable", x,
		    s->quote_proto == PROTO_TCP ? "tcp" :
		    s->quote_proto == PROTO_UDP ? "udp" : "proto",
		    s->quote_dport);
	else if (code == TC_ICMP_UNREACH_PORT)
		tc_strbuf_printf(sb, "%s port unreachable", x);
	else if (code == TC_ICMP_UNREACH_NEEDFRAG)
		tc_strbuf_printf(sb, "%s unreachable - need to frag (mtu %u)", x,
		    (unsigned)(s->icmp_rest & 0xffff));
	else if (code < 16)
		tc_strbuf_printf(sb, "%s%s unreachable%s", words[code].pre, x,
		    words[code].post);
	else
		tc_strbuf_printf(sb, "%s unreachable - code %u", x, code);
}

/* The other types, as tcpdump words them. */
static void
format_icmp_type(struct tc_strbuf *sb, const struct tc_segment *s, const char *x)
{
	static const char *const redirect[4] = {
		"net", "host", "tos-net", "tos-host"
	};
	char gw[TC_ADDR_STRLEN];
	struct tc_addr a;
	uint32_t r = s->icmp_rest;

	switch (s->icmp_type) {
	case TC_ICMP_ECHOREPLY:
	case TC_ICMP_ECHO:
		tc_strbuf_printf(sb, "echo %s, id %u, seq %u", s->icmp_type ==
		    TC_ICMP_ECHO ? "request" : "reply", (unsigned)(r >> 16),
		    (unsigned)(r & 0xffff));
		return;
	case TC_ICMP_SOURCEQUENCH:
		tc_strbuf_printf(sb, "source quench");
		return;
	case TC_ICMP_REDIRECT:
		tc_addr_ipv4(&a, (uint8_t)(r >> 24), (uint8_t)(r >> 16),
		    (uint8_t)(r >> 8), (uint8_t)r);
		tc_strbuf_printf(sb, "redirect %s to %s %s", x, s->icmp_code < 4 ?
		    redirect[s->icmp_code] : "?",
		    tc_addr_format(&a, gw, sizeof(gw)));
		return;
	case TC_ICMP_TIMXCEED:
		if (s->icmp_code < 2)
			tc_strbuf_printf(sb, "%s", s->icmp_code == 0 ?
			    "time exceeded in-transit" :
			    "ip reassembly time exceeded");
		else
			tc_strbuf_printf(sb, "time exceeded - code %u", s->icmp_code);
		return;
	case TC_ICMP_PARAMPROB:
		if (s->icmp_code == 0)
			tc_strbuf_printf(sb, "parameter problem - octet %u",
			    (unsigned)(r >> 24));
		else
			tc_strbuf_printf(sb, "parameter problem - code %u",
			    s->icmp_code);
		return;
	}
	tc_strbuf_printf(sb, "type %u code %u", s->icmp_type, s->icmp_code);
}

/* The quoted datagram: addresses and ports, TCP's sequence number. */
static void
format_quote(struct tc_strbuf *sb, const struct tc_segment *s)
{
	char a[TC_ADDR_STRLEN], b[TC_ADDR_STRLEN];

	if (!s->has_quote) {
		if (icmp_is_error(s->icmp_type) && s->status == TC_DEC_OK)
			tc_strbuf_printf(sb, " [short quote]");
		return;
	}
	tc_addr_format(&s->quote_src, a, sizeof(a));
	tc_addr_format(&s->quote_dst, b, sizeof(b));
	if (s->quote_proto == PROTO_TCP)
		tc_strbuf_printf(sb, " quoting %s.%u > %s.%u seq %" PRIu32, a,
		    s->quote_sport, b, s->quote_dport, s->quote_seq);
	else if (s->quote_proto == PROTO_UDP)
		tc_strbuf_printf(sb, " quoting %s.%u > %s.%u udp", a, s->quote_sport,
		    b, s->quote_dport);
	else
		tc_strbuf_printf(sb, " quoting %s > %s proto %u", a, b,
		    s->quote_proto);
}

/*
 * "ICMP ", the message, the quote and the anomalies.  Before the quoted
 * header is known its destination reads "?".
 */
static void
format_icmp(struct tc_strbuf *sb, const struct tc_segment *s)
{
	char x[TC_ADDR_STRLEN] = "?";

	if (s->quote_dst.family != TC_AF_NONE)
		tc_addr_format(&s->quote_dst, x, sizeof(x));
	tc_strbuf_printf(sb, "ICMP ");
	if (s->icmp_type == TC_ICMP_UNREACH)
		format_unreach(sb, s, x);
	else
		format_icmp_type(sb, s, x);
	format_quote(sb, s);
	if (!s->ip_csum_ok)
		tc_strbuf_printf(sb, " [bad ip csum]");
	if (s->status == TC_DEC_OK && !s->icmp_csum_ok)
		tc_strbuf_printf(sb, " [bad icmp csum 0x%04x]", s->icmp_csum);
	format_status(sb, s->status);
}

/*
 * The checksum is only judged on a complete, valid segment.  An INVALID
 * segment is explained by its data offset: below 5, or (5 and up) more
 * than the segment IP delimits, which also covers a segment shorter than
 * 20 bytes; one too short to hold the offset byte shows "[doff 0]".
 */
static void
format_anomalies(struct tc_strbuf *sb, const struct tc_segment *s)
{
	if (s->src.family == TC_AF_INET && !s->ip_csum_ok)
		tc_strbuf_printf(sb, " [bad ip csum]");
	if (s->status == TC_DEC_OK && !s->csum_ok)
		tc_strbuf_printf(sb, " [bad csum 0x%04x]", s->csum);
	if (s->reserved != 0)
		tc_strbuf_printf(sb, " [res 0x%x]", s->reserved);
	if (s->doff < 5 || s->status == TC_DEC_INVALID)
		tc_strbuf_printf(sb, " [doff %u]", s->doff);
	if (s->status != TC_DEC_INVALID)
		format_status(sb, s->status);
}

/*
 * Returns the characters stored, at most cap - 1: text that does not fit
 * is cut, and buf is always NUL-terminated (when cap > 0).  The length
 * printed is the payload captured, which [truncated] qualifies.
 */
size_t
tc_segment_format(const struct tc_segment *s, char *buf, size_t cap)
{
	struct tc_strbuf sb = { buf, cap, 0 };
	char flags[16];

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	if (s->kind == TC_SEG_ICMP) {
		format_icmp(&sb, s);
		return sb.len;
	}
	if (s->kind != TC_SEG_TCP) {
		format_other(&sb, s);
		return sb.len;
	}
	tc_segment_flags_format(s->flags, flags, sizeof(flags));
	tc_strbuf_printf(&sb, "%s seq %" PRIu32, flags, s->seq);
	if (s->flags & TC_TH_ACK)
		tc_strbuf_printf(&sb, " ack %" PRIu32, s->ack);
	tc_strbuf_printf(&sb, " win %u", s->win);
	if ((s->flags & TC_TH_URG) || s->urg != 0)
		tc_strbuf_printf(&sb, " urg %u", s->urg);
	if ((s->opts.n > 0 || s->opts.status != TC_DEC_OK) &&
	    sb.len + 2 < cap) {
		tc_strbuf_printf(&sb, " ");
		sb.len += tc_options_format(&s->opts, buf + sb.len,
		    cap - sb.len);
	}
	if (s->payload_len > 0)
		tc_strbuf_printf(&sb, " len %zu", s->payload_len);
	format_anomalies(&sb, s);
	return sb.len;
}

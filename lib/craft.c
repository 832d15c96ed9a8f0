/* craft.c - encoding TCP segments ourselves and injecting them via libnet. */
#include "craft.h"

#include <errno.h>
#include <libnet.h>
#include <linux/filter.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "checksum.h"

#define TCP_HDR_LEN	20
#define TCP_OPT_MAX	40	/* RFC 9293 3.1: doff is 4 bits, 15 words */
#define TCP_LEN_MAX	65535	/* the IPv4 pseudo-header length is 16 bits */
#define IP_HDR_LEN	20
#define IP_LEN_MAX	65535	/* RFC 791 3.1: total length is 16 bits */
#define ICMP_HDR_LEN	8	/* type, code, checksum, rest of header */
#define IP6_PLEN_MAX	65535	/* RFC 8200 3: payload length, 16 bits */
#define ETHERTYPE_IP6	0x86dd

/*
 * What goes inside the IP header, and its name for messages.  `family`
 * is the one the caller asks for: TC_AF_NONE takes the spec's.
 */
struct ip_payload {
	uint8_t		 proto;
	const uint8_t	*bytes;		/* (borrowed) */
	size_t		 len;
	const char	*what;
	enum tc_family	 family;
};

struct tc_craft {
	libnet_t	*ln;		/* (owned) */
	char		ifname[IFNAMSIZ];
	uint8_t		src_mac[6];
	uint8_t		dst_mac[6];
};

static void	put16(uint8_t *p, uint16_t v);
static void	put32(uint8_t *p, uint32_t v);
static uint16_t	bad_checksum(uint16_t correct);
static enum tc_err drop_all_input(struct tc_craft *c, struct tc_diag *diag);
static enum tc_err ip_options(const struct tc_ip_spec *ip,
	    uint8_t buf[TC_IP_OPT_MAX], size_t *padded);
static enum tc_err build_ipv4(struct tc_craft *c, const struct tc_ip_spec *ip,
	    const struct ip_payload *pl, struct tc_diag *diag);
static enum tc_err build_ipv6(struct tc_craft *c, const struct tc_ip_spec *ip,
	    const struct ip_payload *pl, struct tc_diag *diag);
static enum tc_err build_ethernet(struct tc_craft *c, uint16_t type,
	    struct tc_diag *diag);
static enum tc_err write_frame(struct tc_craft *c, uint8_t *frame,
	    size_t frame_cap, size_t *frame_len, struct tc_diag *diag);
static enum tc_err send_ip(struct tc_craft *c, const struct tc_ip_spec *ip,
	    const struct ip_payload *pl, uint8_t *frame, size_t frame_cap,
	    size_t *frame_len, struct tc_diag *diag);

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * A wrong checksum that no receiver can mistake for the right one.  In
 * one's-complement arithmetic 0x0000 and 0xffff are the same number, so
 * flipping every bit of a correct 0x0000 would give 0xffff, which still
 * verifies; and a bad value of 0 would look like TC_CSUM_ZERO.  In those
 * two cases flip only the lowest bit.
 */
static uint16_t
bad_checksum(uint16_t correct)
{
	uint16_t bad = (uint16_t)~correct;

	if (bad == 0x0000 || bad == 0xffff)
		bad = (uint16_t)(correct ^ 0x0001);
	return bad;
}

enum tc_err
tc_craft_tcp_encode(const struct tc_tcp_spec *spec, const struct tc_addr *src,
    const struct tc_addr *dst, uint8_t *buf, size_t cap, size_t *out_len)
{
	size_t padded, hlen, total;
	uint16_t csum = 0;

	if (spec == NULL || src == NULL || dst == NULL || out_len == NULL ||
	    (buf == NULL && cap != 0) || src->family != dst->family ||
	    src->family == TC_AF_NONE || spec->doff > 15 ||
	    (spec->opts == NULL && spec->opts_len != 0) ||
	    (spec->payload == NULL && spec->payload_len != 0))
		return TC_ERR_INVAL;
	if (spec->opts_len > TCP_OPT_MAX)
		return TC_ERR_LIMIT;
	padded = (spec->opts_len + 3) & ~(size_t)3;
	hlen = TCP_HDR_LEN + padded;
	if (spec->payload_len > TCP_LEN_MAX - hlen)
		return TC_ERR_LIMIT;
	total = hlen + spec->payload_len;
	if (total > cap)
		return TC_ERR_LIMIT;

	put16(buf, spec->sport);
	put16(buf + 2, spec->dport);
	put32(buf + 4, spec->seq);
	put32(buf + 8, spec->ack);
	/* Byte 12 is doff << 4 | the 4 reserved bits (AE is the lowest). */
	buf[12] = (uint8_t)((spec->doff != 0 || spec->doff_exact ?
	    spec->doff : hlen / 4) << 4 |
	    (spec->reserved & 0x0f));
	buf[13] = spec->flags;
	put16(buf + 14, spec->win);
	put16(buf + 16, 0);
	put16(buf + 18, spec->urg);
	if (spec->opts_len > 0)
		memcpy(buf + TCP_HDR_LEN, spec->opts, spec->opts_len);
	memset(buf + TCP_HDR_LEN + spec->opts_len, 0, padded - spec->opts_len);
	if (spec->payload_len > 0)
		memcpy(buf + hlen, spec->payload, spec->payload_len);

	switch (spec->csum_mode) {
	case TC_CSUM_CORRECT:
		csum = tc_checksum_tcp(src, dst, buf, total);
		break;
	case TC_CSUM_ZERO:
		csum = 0;
		break;
	case TC_CSUM_BAD:
		csum = bad_checksum(tc_checksum_tcp(src, dst, buf, total));
		break;
	case TC_CSUM_VALUE:
		csum = spec->csum_value;
		break;
	}
	put16(buf + 16, csum);
	*out_len = total;
	return TC_OK;
}

/*
 * libnet opens its packet socket with ETH_P_ALL and never reads it, so
 * every frame on the link would pile up in its receive queue until the
 * buffer is full.  A filter that accepts nothing keeps it empty.
 */
static enum tc_err
drop_all_input(struct tc_craft *c, struct tc_diag *diag)
{
	struct sock_filter insn = BPF_STMT(BPF_RET | BPF_K, 0);
	struct sock_fprog prog = { .len = 1, .filter = &insn };
	int fd = libnet_getfd(c->ln);

	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog)) == -1) {
		tc_diag_errno(diag, "%s: cannot filter libnet's socket",
		    c->ifname);
		return TC_ERR_SYS;
	}
	return TC_OK;
}

enum tc_err
tc_craft_new(const char *ifname, const uint8_t src_mac[6],
    const uint8_t dst_mac[6], struct tc_craft **out, struct tc_diag *diag)
{
	char errbuf[LIBNET_ERRBUF_SIZE] = "";
	struct tc_craft *c;
	enum tc_err err;
	int saved;

	if (ifname == NULL || src_mac == NULL || dst_mac == NULL ||
	    out == NULL || ifname[0] == '\0' || strlen(ifname) >= IFNAMSIZ) {
		tc_diag_set(diag, "craft: invalid interface name or address");
		return TC_ERR_INVAL;
	}
	*out = NULL;
	/*
	 * libnet would only say "SIOCGIFHWADDR: No such device"; naming the
	 * interface and the namespace is what tells a user what went wrong.
	 */
	if (if_nametoindex(ifname) == 0) {
		tc_diag_errno(diag, "interface '%s' not found in this network "
		    "namespace", ifname);
		return errno == ENODEV ? TC_ERR_NOTFOUND : TC_ERR_SYS;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		tc_diag_set(diag, "craft: out of memory");
		return TC_ERR_NOMEM;
	}
	memcpy(c->ifname, ifname, strlen(ifname) + 1);
	memcpy(c->src_mac, src_mac, 6);
	memcpy(c->dst_mac, dst_mac, 6);
	/* LINK_ADV lets us cull the exact frame before writing it. */
	errno = 0;
	c->ln = libnet_init(LIBNET_LINK_ADV, ifname, errbuf);
	if (c->ln == NULL) {
		saved = errno;
		free(c);
		tc_diag_set(diag, "libnet on '%s': %s", ifname, errbuf);
		return saved == EPERM || saved == EACCES ? TC_ERR_PERM :
		    TC_ERR_SYS;
	}
	if ((err = drop_all_input(c, diag)) != TC_OK) {
		tc_craft_free(c);
		return err;
	}
	*out = c;
	return TC_OK;
}

/*
 * Checks the IPv4 options of `ip` and copies them into buf, padded with EOL
 * (0) to a multiple of 4 bytes (RFC 791 3.1: the header ends on a word).
 */
static enum tc_err
ip_options(const struct tc_ip_spec *ip, uint8_t buf[TC_IP_OPT_MAX],
    size_t *padded)
{
	if (ip->options == NULL && ip->options_len != 0)
		return TC_ERR_INVAL;
	if (ip->options_len > TC_IP_OPT_MAX)
		return TC_ERR_LIMIT;
	memset(buf, 0, TC_IP_OPT_MAX);
	if (ip->options_len > 0)
		memcpy(buf, ip->options, ip->options_len);
	*padded = (ip->options_len + 3) & ~(size_t)3;
	return TC_OK;
}

enum tc_err
tc_craft_ipv4_header(const struct tc_ip_spec *ip, uint8_t proto,
    size_t payload_len, uint8_t *buf, size_t cap, size_t *out_len)
{
	uint8_t opts[TC_IP_OPT_MAX];
	size_t olen, hlen;
	enum tc_err err;

	if (ip == NULL || out_len == NULL || (buf == NULL && cap != 0) ||
	    ip->src.family != TC_AF_INET || ip->dst.family != TC_AF_INET)
		return TC_ERR_INVAL;
	if ((err = ip_options(ip, opts, &olen)) != TC_OK)
		return err;
	hlen = IP_HDR_LEN + olen;
	if (payload_len > IP_LEN_MAX - hlen || hlen > cap)
		return TC_ERR_LIMIT;
	buf[0] = (uint8_t)(0x40 | hlen / 4);
	buf[1] = ip->tos;
	put16(buf + 2, (uint16_t)(hlen + payload_len));
	put16(buf + 4, ip->id);
	put16(buf + 6, ip->df ? IP_DF : 0);
	buf[8] = ip->ttl;
	buf[9] = proto;
	put16(buf + 10, 0);
	memcpy(buf + 12, ip->src.bytes, 4);
	memcpy(buf + 16, ip->dst.bytes, 4);
	memcpy(buf + IP_HDR_LEN, opts, olen);
	put16(buf + 10, tc_checksum_fold(tc_checksum_add(0, buf, hlen)));
	*out_len = hlen;
	return TC_OK;
}

enum tc_err
tc_craft_icmp4_encode(uint8_t type, uint8_t code, uint32_t rest,
    const uint8_t *quote, size_t quote_len, uint8_t *buf, size_t cap,
    size_t *out_len)
{
	size_t total;

	if (out_len == NULL || (buf == NULL && cap != 0) ||
	    (quote == NULL && quote_len != 0))
		return TC_ERR_INVAL;
	if (quote_len > IP_LEN_MAX - IP_HDR_LEN - ICMP_HDR_LEN)
		return TC_ERR_LIMIT;
	total = ICMP_HDR_LEN + quote_len;
	if (total > cap)
		return TC_ERR_LIMIT;
	buf[0] = type;
	buf[1] = code;
	put16(buf + 2, 0);
	put32(buf + 4, rest);
	if (quote_len > 0)
		memcpy(buf + ICMP_HDR_LEN, quote, quote_len);
	/* RFC 792: the one's complement sum of the whole ICMP message. */
	put16(buf + 2, tc_checksum_fold(tc_checksum_add(0, buf, total)));
	*out_len = total;
	return TC_OK;
}

/*
 * Builds the options and IPv4 pblocks around the payload, after checking
 * both.  libnet wants pblocks innermost first: options built after the
 * IPv4 header would land in front of it, while built before it they
 * follow the fixed header and libnet_build_ipv4 counts them in the IHL
 * (libnet 1.1.6).  The total length is ours to give and includes them.
 */
static enum tc_err
build_ipv4(struct tc_craft *c, const struct tc_ip_spec *ip,
    const struct ip_payload *pl, struct tc_diag *diag)
{
	uint8_t opts[TC_IP_OPT_MAX];
	uint32_t src, dst;
	size_t olen = 0;
	enum tc_err err;

	if ((err = ip_options(ip, opts, &olen)) == TC_ERR_INVAL) {
		tc_diag_set(diag, "craft: invalid IPv4 %s", pl->what);
		return err;
	}
	if (err == TC_ERR_LIMIT) {
		tc_diag_set(diag, "craft: %zu bytes of IPv4 options (at most "
		    "%d)", ip->options_len, TC_IP_OPT_MAX);
		return err;
	}
	if (pl->len > IP_LEN_MAX - IP_HDR_LEN - olen) {
		tc_diag_set(diag, "craft: %s of %zu bytes does not fit in "
		    "IPv4 (at most %zu)", pl->what, pl->len,
		    IP_LEN_MAX - IP_HDR_LEN - olen);
		return TC_ERR_LIMIT;
	}
	if (olen > 0 && libnet_build_ipv4_options(opts, (uint32_t)olen, c->ln,
	    0) == -1) {
		tc_diag_set(diag, "libnet_build_ipv4_options on '%s': %s",
		    c->ifname, libnet_geterror(c->ln));
		return TC_ERR_SYS;
	}
	/* libnet wants the addresses as in_addr_t, network byte order. */
	memcpy(&src, ip->src.bytes, 4);
	memcpy(&dst, ip->dst.bytes, 4);
	if (libnet_build_ipv4((uint16_t)(LIBNET_IPV4_H + olen + pl->len),
	    ip->tos, ip->id, ip->df ? IP_DF : 0, ip->ttl, pl->proto, 0, src,
	    dst, pl->bytes, (uint32_t)pl->len, c->ln, 0) == -1) {
		tc_diag_set(diag, "libnet_build_ipv4 on '%s': %s", c->ifname,
		    libnet_geterror(c->ln));
		return TC_ERR_SYS;
	}
	return build_ethernet(c, ETHERTYPE_IP, diag);
}

/*
 * Builds the IPv6 pblock (RFC 8200 3): traffic class ip->tos, flow label
 * 0, hop limit ip->ttl, no extension headers; IPv6 has no identification,
 * DF or header options, so ip->id and ip->df are not used and options are
 * TC_ERR_INVAL.
 */
static enum tc_err
build_ipv6(struct tc_craft *c, const struct tc_ip_spec *ip,
    const struct ip_payload *pl, struct tc_diag *diag)
{
	struct libnet_in6_addr src, dst;

	if (ip->options != NULL || ip->options_len != 0) {
		tc_diag_set(diag, "craft: IPv4 options on an IPv6 %s",
		    pl->what);
		return TC_ERR_INVAL;
	}
	if (pl->len > IP6_PLEN_MAX) {
		tc_diag_set(diag, "craft: %s of %zu bytes does not fit in "
		    "IPv6 (at most %d)", pl->what, pl->len, IP6_PLEN_MAX);
		return TC_ERR_LIMIT;
	}
	memcpy(&src, ip->src.bytes, 16);
	memcpy(&dst, ip->dst.bytes, 16);
	/* len is what goes into the payload length field. */
	if (libnet_build_ipv6(ip->tos, 0, (uint16_t)pl->len, pl->proto,
	    ip->ttl, src, dst, pl->bytes, (uint32_t)pl->len, c->ln,
	    0) == -1) {
		tc_diag_set(diag, "libnet_build_ipv6 on '%s': %s", c->ifname,
		    libnet_geterror(c->ln));
		return TC_ERR_SYS;
	}
	return build_ethernet(c, ETHERTYPE_IP6, diag);
}

static enum tc_err
build_ethernet(struct tc_craft *c, uint16_t type, struct tc_diag *diag)
{
	if (libnet_build_ethernet(c->dst_mac, c->src_mac, type, NULL, 0,
	    c->ln, 0) == -1) {
		tc_diag_set(diag, "libnet_build_ethernet on '%s': %s",
		    c->ifname, libnet_geterror(c->ln));
		return TC_ERR_SYS;
	}
	return TC_OK;
}

/* Culls the frame built, writes it, copies it out. */
static enum tc_err
write_frame(struct tc_craft *c, uint8_t *frame, size_t frame_cap,
    size_t *frame_len, struct tc_diag *diag)
{
	uint8_t *pkt = NULL;
	uint32_t len = 0;
	enum tc_err err = TC_OK;

	/* Culling computes the IPv4 checksum and yields the frame sent. */
	if (libnet_adv_cull_packet(c->ln, &pkt, &len) == -1) {
		tc_diag_set(diag, "libnet on '%s': %s", c->ifname,
		    libnet_geterror(c->ln));
		err = TC_ERR_SYS;
	} else if (frame != NULL && len > frame_cap) {
		tc_diag_set(diag, "craft: frame of %u bytes exceeds the %zu "
		    "byte copy buffer", (unsigned)len, frame_cap);
		err = TC_ERR_LIMIT;
	} else {
		/*
		 * libnet's error buffer is stale when its ifindex lookup fails
		 * (the interface went away), so report errno from sendto or
		 * the ioctl.
		 */
		errno = 0;
		if (libnet_adv_write_link(c->ln, pkt, len) != (int)len) {
			tc_diag_errno(diag, "sending %u bytes on '%s'",
			    (unsigned)len, c->ifname);
			err = TC_ERR_SYS;
		} else if (frame != NULL) {
			memcpy(frame, pkt, len);
			*frame_len = len;
		}
	}
	if (pkt != NULL)
		libnet_adv_free_packet(c->ln, pkt);
	return err;
}

/* The one path every frame takes: checks, builds, writes. */
static enum tc_err
send_ip(struct tc_craft *c, const struct tc_ip_spec *ip,
    const struct ip_payload *pl, uint8_t *frame, size_t frame_cap,
    size_t *frame_len, struct tc_diag *diag)
{
	enum tc_family fam = pl->family != TC_AF_NONE ? pl->family :
	    ip->src.family;
	enum tc_err err;

	if ((fam != TC_AF_INET && fam != TC_AF_INET6) ||
	    ip->src.family != fam || ip->dst.family != fam ||
	    (frame != NULL && frame_len == NULL)) {
		tc_diag_set(diag, "craft: invalid IP%s %s", fam == TC_AF_INET ?
		    "v4" : fam == TC_AF_INET6 ? "v6" : "", pl->what);
		return TC_ERR_INVAL;
	}
	err = fam == TC_AF_INET ? build_ipv4(c, ip, pl, diag) :
	    build_ipv6(c, ip, pl, diag);
	if (!err)
		err = write_frame(c, frame, frame_cap, frame_len, diag);
	libnet_clear_packet(c->ln);
	return err;
}

static enum tc_err
send_tcp(struct tc_craft *c, const struct tc_ip_spec *ip,
    enum tc_family fam, const uint8_t *tcp, size_t tcp_len, uint8_t *frame,
    size_t frame_cap, size_t *frame_len, struct tc_diag *diag)
{
	struct ip_payload pl = { IPPROTO_TCP, tcp, tcp_len, "TCP segment",
	    fam };

	if (c == NULL || ip == NULL || tcp == NULL) {
		tc_diag_set(diag, "craft: invalid TCP segment");
		return TC_ERR_INVAL;
	}
	return send_ip(c, ip, &pl, frame, frame_cap, frame_len, diag);
}

enum tc_err
tc_craft_send_ipv4(struct tc_craft *c, const struct tc_ip_spec *ip,
    const uint8_t *tcp, size_t tcp_len, uint8_t *frame, size_t frame_cap,
    size_t *frame_len, struct tc_diag *diag)
{
	return send_tcp(c, ip, TC_AF_INET, tcp, tcp_len, frame, frame_cap,
	    frame_len, diag);
}

enum tc_err
tc_craft_send_ipv6(struct tc_craft *c, const struct tc_ip_spec *ip,
    const uint8_t *tcp, size_t tcp_len, uint8_t *frame, size_t frame_cap,
    size_t *frame_len, struct tc_diag *diag)
{
	return send_tcp(c, ip, TC_AF_INET6, tcp, tcp_len, frame, frame_cap,
	    frame_len, diag);
}

enum tc_err
tc_craft_send_ip(struct tc_craft *c, const struct tc_ip_spec *ip,
    const uint8_t *tcp, size_t tcp_len, uint8_t *frame, size_t frame_cap,
    size_t *frame_len, struct tc_diag *diag)
{
	return send_tcp(c, ip, TC_AF_NONE, tcp, tcp_len, frame, frame_cap,
	    frame_len, diag);
}

enum tc_err
tc_craft_send_icmp4(struct tc_craft *c, const struct tc_ip_spec *ip,
    uint8_t type, uint8_t code, uint32_t rest, const uint8_t *quote,
    size_t quote_len, uint8_t *frame, size_t frame_cap, size_t *frame_len,
    struct tc_diag *diag)
{
	struct ip_payload pl = { IPPROTO_ICMP, NULL, 0, "ICMP message",
	    TC_AF_INET };
	uint8_t *msg;
	enum tc_err err;

	if (c == NULL || ip == NULL || (quote == NULL && quote_len != 0)) {
		tc_diag_set(diag, "craft: invalid ICMP message");
		return TC_ERR_INVAL;
	}
	if (quote_len > IP_LEN_MAX - IP_HDR_LEN - ICMP_HDR_LEN) {
		tc_diag_set(diag, "craft: ICMP quote of %zu bytes does not "
		    "fit in IPv4", quote_len);
		return TC_ERR_LIMIT;
	}
	if ((msg = malloc(ICMP_HDR_LEN + quote_len)) == NULL) {
		tc_diag_set(diag, "craft: out of memory");
		return TC_ERR_NOMEM;
	}
	err = tc_craft_icmp4_encode(type, code, rest, quote, quote_len, msg,
	    ICMP_HDR_LEN + quote_len, &pl.len);
	pl.bytes = msg;
	if (!err)
		err = send_ip(c, ip, &pl, frame, frame_cap, frame_len, diag);
	free(msg);
	return err;
}

void
tc_craft_free(struct tc_craft *c)
{
	if (c == NULL)
		return;
	if (c->ln != NULL)
		libnet_destroy(c->ln);
	free(c);
}

/* segment_test.c - frame decoding at every cut, lies in headers, formatting. */
#include <assert.h>
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "segment.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define B(...)		((const uint8_t[]){ __VA_ARGS__ })
#define OPTS(...)	.opts = B(__VA_ARGS__), .optlen = sizeof(B(__VA_ARGS__))
#define FRAME_MAX	256

/*
 * What the test frame builder makes.  Zero means "the usual": Ethernet,
 * IPv4, TCP, DF, correct lengths and checksums.
 */
struct spec {
	int		 family;	/* 4 (default) or 6 */
	bool		 raw;		/* no Ethernet header (DLT_RAW) */
	uint16_t	 ethertype;	/* override */
	uint8_t		 proto;		/* override of the IP protocol */
	uint8_t		 ihl;		/* override; > 5 adds NOP options */
	int		 totlen_delta;	/* added to the IP length field */
	uint16_t	 frag;		/* flags + offset; 0 gives DF */
	bool		 bad_ip_csum;
	uint8_t		 flags;
	uint32_t	 seq, ack;
	uint16_t	 win, urg;
	uint8_t		 reserved;
	uint8_t		 doff;		/* override of the data offset */
	const uint8_t	*opts;		/* a multiple of 4 bytes */
	size_t		 optlen;
	size_t		 plen;		/* payload: 'a', 'b', ... */
	size_t		 pad;		/* Ethernet padding bytes (0xaa) */
	uint16_t	 csum;		/* non-zero: sent instead of the sum */
	size_t		 cut;		/* bytes left out of the capture */
};

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static void
addrs(int family, struct tc_addr *s, struct tc_addr *d)
{
	/* No ck_assert here: the suite builds frames before any test runs. */
	if (family == 6) {
		memset(s, 0, sizeof(*s));
		s->family = TC_AF_INET6;
		memcpy(s->bytes, B(0x20, 0x01, 0x0d, 0xb8), 4);
		*d = *s;
		s->bytes[15] = 1;
		d->bytes[15] = 2;
	} else {
		tc_addr_ipv4(s, 192, 0, 2, 1);
		tc_addr_ipv4(d, 198, 51, 100, 2);
	}
}

/* Writes the TCP segment at t; returns its length. */
static size_t
build_tcp(const struct spec *sp, uint8_t *t)
{
	size_t i, len = 20 + sp->optlen + sp->plen;
	uint8_t doff = sp->doff ? sp->doff : (uint8_t)((20 + sp->optlen) / 4);

	put16(t, 40000);
	put16(t + 2, 80);
	put32(t + 4, sp->seq);
	put32(t + 8, sp->ack);
	t[12] = (uint8_t)(doff << 4 | (sp->reserved & 0x0f));
	t[13] = sp->flags;
	put16(t + 14, sp->win);
	put16(t + 16, 0);
	put16(t + 18, sp->urg);
	if (sp->optlen > 0)
		memcpy(t + 20, sp->opts, sp->optlen);
	for (i = 0; i < sp->plen; i++)
		t[20 + sp->optlen + i] = (uint8_t)('a' + i % 26);
	return len;
}

static size_t
build_ipv4(const struct spec *sp, uint8_t *ip, size_t tcplen)
{
	size_t hlen = (sp->ihl ? sp->ihl : 5) * 4u;
	uint16_t c;

	ip[0] = (uint8_t)(0x40 | (sp->ihl ? sp->ihl : 5));
	ip[1] = 0x10;
	put16(ip + 2, (uint16_t)((int)(hlen + tcplen) + sp->totlen_delta));
	put16(ip + 4, 0x1234);
	put16(ip + 6, sp->frag ? sp->frag : 0x4000);
	ip[8] = 64;
	ip[9] = sp->proto ? sp->proto : 6;
	put16(ip + 10, 0);
	memcpy(ip + 12, B(192, 0, 2, 1, 198, 51, 100, 2), 8);
	if (hlen > 20)
		memset(ip + 20, 1, hlen - 20);
	c = tc_checksum_fold(tc_checksum_add(0, ip, hlen));
	put16(ip + 10, sp->bad_ip_csum ? (uint16_t)(c ^ 0x0101) : c);
	return hlen;
}

static size_t
build_ipv6(const struct spec *sp, uint8_t *ip, size_t tcplen)
{
	struct tc_addr s, d;

	addrs(6, &s, &d);
	put32(ip, 0x60000000 | 0x2a << 20 | 0x12345);
	put16(ip + 4, (uint16_t)((int)tcplen + sp->totlen_delta));
	ip[6] = sp->proto ? sp->proto : 6;
	ip[7] = 63;
	memcpy(ip + 8, s.bytes, 16);
	memcpy(ip + 24, d.bytes, 16);
	return 40;
}

/* Builds the frame into f[FRAME_MAX]; returns the captured length. */
static size_t
build(const struct spec *sp, uint8_t *f)
{
	uint8_t tcp[FRAME_MAX];
	struct tc_addr s, d;
	size_t off = 0, tlen, hlen;
	uint16_t c;

	memset(f, 0, FRAME_MAX);
	tlen = build_tcp(sp, tcp);
	addrs(sp->family, &s, &d);
	c = tc_checksum_tcp(&s, &d, tcp, tlen);
	put16(tcp + 16, sp->csum ? sp->csum : c);
	if (!sp->raw) {
		memcpy(f, B(2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1), 12);
		put16(f + 12, sp->ethertype ? sp->ethertype :
		    sp->family == 6 ? 0x86dd : 0x0800);
		off = 14;
	}
	if (sp->family == 6)
		hlen = build_ipv6(sp, f + off, tlen);
	else
		hlen = build_ipv4(sp, f + off, tlen);
	off += hlen;
	assert(off + tlen + sp->pad <= FRAME_MAX);
	memcpy(f + off, tcp, tlen);
	memset(f + off + tlen, 0xaa, sp->pad);
	return off + tlen + sp->pad - sp->cut;
}

/* Decodes from an exact-size heap copy, so any overread is caught. */
static enum tc_dec
decode(const uint8_t *f, size_t caplen, bool raw, struct tc_segment *s)
{
	uint8_t *copy = malloc(caplen ? caplen : 1);
	enum tc_dec st;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, f, caplen);
	st = tc_segment_decode(copy, caplen,
	    raw ? TC_LINK_RAW : TC_LINK_ETHERNET, s);
	ck_assert_int_eq(st, s->status);
	/* Rebase the payload from the copy onto f before the copy goes. */
	if (s->payload != NULL)
		s->payload = f + (s->payload - copy);
	free(copy);
	return st;
}

static enum tc_dec
build_decode(const struct spec *sp, struct tc_segment *s, uint8_t *f)
{
	return decode(f, build(sp, f), sp->raw, s);
}

static const uint8_t syn_opts[] = {
	2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 123, 0, 0, 0, 0, 1, 3, 3, 7
};

START_TEST(test_ipv4_fields)
{
	struct spec sp = {
		.flags = TC_TH_SYN | TC_TH_ACK, .seq = 0xfffffffe, .ack = 2001,
		.win = 65535, .opts = syn_opts, .optlen = sizeof(syn_opts),
		.plen = 3, .urg = 0,
	};
	struct tc_segment s;
	uint8_t f[FRAME_MAX];
	char a[TC_ADDR_STRLEN];

	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_OK);
	ck_assert_int_eq(s.kind, TC_SEG_TCP);
	ck_assert(s.has_eth);
	ck_assert_mem_eq(s.eth_dst, B(2, 0, 0, 0, 0, 2), 6);
	ck_assert_mem_eq(s.eth_src, B(2, 0, 0, 0, 0, 1), 6);
	ck_assert_uint_eq(s.ethertype, 0x0800);
	ck_assert_str_eq(tc_addr_format(&s.src, a, sizeof(a)), "192.0.2.1");
	ck_assert_str_eq(tc_addr_format(&s.dst, a, sizeof(a)),
	    "198.51.100.2");
	ck_assert_uint_eq(s.ttl, 64);
	ck_assert_uint_eq(s.tos, 0x10);
	ck_assert_uint_eq(s.ip_id, 0x1234);
	ck_assert(s.df);
	ck_assert(s.ip_csum_ok);
	ck_assert_uint_eq(s.ip_proto, 6);
	ck_assert_uint_eq(s.sport, 40000);
	ck_assert_uint_eq(s.dport, 80);
	ck_assert_uint_eq(s.seq, 0xfffffffe);
	ck_assert_uint_eq(s.ack, 2001);
	ck_assert_uint_eq(s.flags, TC_TH_SYN | TC_TH_ACK);
	ck_assert_uint_eq(s.doff, 10);
	ck_assert_uint_eq(s.reserved, 0);
	ck_assert_uint_eq(s.win, 65535);
	ck_assert(s.csum_ok);
	ck_assert_int_eq(s.opts.status, TC_DEC_OK);
	ck_assert_uint_eq(s.opts.n, 5);
	ck_assert_uint_eq(tc_options_find(&s.opts, TC_OPT_MSS)->u.mss, 1460);
	ck_assert_uint_eq(s.payload_len, 3);
	ck_assert_ptr_eq(s.payload, f + 14 + 20 + 40);
	ck_assert_mem_eq(s.payload, "abc", 3);
}
END_TEST

START_TEST(test_ipv6_fields)
{
	struct spec sp = {
		.family = 6, .flags = TC_TH_ACK | TC_TH_PSH, .seq = 7,
		.ack = 8, .win = 1000, .plen = 5, OPTS(1, 1, 8, 10, 0, 0, 0,
		    1, 0, 0, 0, 2),
	};
	struct tc_segment s;
	uint8_t f[FRAME_MAX];
	char a[TC_ADDR_STRLEN];

	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_OK);
	ck_assert_int_eq(s.kind, TC_SEG_TCP);
	ck_assert_uint_eq(s.ethertype, 0x86dd);
	ck_assert_str_eq(tc_addr_format(&s.src, a, sizeof(a)), "2001:db8::1");
	ck_assert_str_eq(tc_addr_format(&s.dst, a, sizeof(a)), "2001:db8::2");
	ck_assert_uint_eq(s.ttl, 63);
	ck_assert_uint_eq(s.tos, 0x2a);
	ck_assert(s.ip_csum_ok);
	ck_assert(s.csum_ok);
	ck_assert_uint_eq(s.opts.n, 3);
	ck_assert_uint_eq(s.payload_len, 5);
	ck_assert_ptr_eq(s.payload, f + 14 + 40 + 32);

	sp.raw = true;
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_OK);
	ck_assert(!s.has_eth);
	ck_assert(s.csum_ok);
	ck_assert_ptr_eq(s.payload, f + 40 + 32);
}
END_TEST

/* Golden lines: a spec and the exact text the formatter must print. */
static const struct {
	struct spec	 sp;
	const char	*text;
} golden[] = {
	{ { .flags = TC_TH_SYN | TC_TH_ACK, .seq = 1000, .ack = 2001,
	    .win = 65535, OPTS(2, 4, 5, 0xb4) },
	    "S. seq 1000 ack 2001 win 65535 <mss 1460>" },
	{ { .flags = TC_TH_FIN | TC_TH_ACK, .seq = 5, .ack = 9, .win = 100 },
	    "F. seq 5 ack 9 win 100" },
	{ { .flags = TC_TH_PSH | TC_TH_ACK, .seq = 1, .ack = 1, .win = 502,
	    .plen = 10 },
	    "P. seq 1 ack 1 win 502 len 10" },
	{ { .flags = TC_TH_ACK, .seq = 1, .ack = 1, .win = 502 },
	    ". seq 1 ack 1 win 502" },
	{ { .flags = TC_TH_SYN, .seq = 4294967295u, .win = 64240,
	    .opts = syn_opts, .optlen = sizeof(syn_opts) },
	    "S seq 4294967295 win 64240 <mss 1460,sackOK,TS val 123 ecr 0,"
	    "nop,wscale 7>" },
	{ { .flags = TC_TH_RST, .seq = 7, .ack = 99 }, "R seq 7 win 0" },
	{ { .flags = TC_TH_RST | TC_TH_ACK, .ack = 4294967295u },
	    "R. seq 0 ack 4294967295 win 0" },
	{ { .seq = 7 }, "none seq 7 win 0" },
	{ { .flags = 0xff, .seq = 1, .ack = 2, .win = 3, .urg = 4 },
	    "FSRP.UEW seq 1 ack 2 win 3 urg 4" },
	{ { .flags = TC_TH_ACK, .seq = 1, .ack = 1, .win = 5, .urg = 9 },
	    ". seq 1 ack 1 win 5 urg 9" },
	{ { .flags = TC_TH_URG | TC_TH_ACK, .seq = 1, .ack = 1, .win = 5 },
	    ".U seq 1 ack 1 win 5 urg 0" },
	{ { .flags = TC_TH_ACK, .seq = 1, .ack = 1, .win = 502,
	    .csum = 0x1234 },
	    ". seq 1 ack 1 win 502 [bad csum 0x1234]" },
	{ { .flags = TC_TH_ACK, .seq = 1, .ack = 1, .win = 502,
	    .reserved = 2 },
	    ". seq 1 ack 1 win 502 [res 0x2]" },
	{ { .flags = TC_TH_ACK, .seq = 1, .ack = 1, .win = 502, .doff = 3 },
	    ". seq 1 ack 1 win 502 [doff 3]" },
	{ { .flags = TC_TH_ACK, .seq = 1, .ack = 1, .win = 502, .doff = 15,
	    .plen = 8 },
	    ". seq 1 ack 1 win 502 [doff 15]" },
	{ { .flags = TC_TH_ACK, .seq = 1, .ack = 1, .win = 502, .plen = 10,
	    .cut = 5 },
	    ". seq 1 ack 1 win 502 len 5 [truncated]" },
	{ { .flags = TC_TH_ACK, .seq = 1, .ack = 1, .win = 502,
	    .bad_ip_csum = true },
	    ". seq 1 ack 1 win 502 [bad ip csum]" },
	{ { .flags = TC_TH_ACK, .seq = 1, .ack = 1, .win = 502,
	    OPTS(2, 3, 5, 1) },
	    ". seq 1 ack 1 win 502 <mss[bad len 3],nop>" },
	{ { .flags = TC_TH_ACK, .seq = 1, .ack = 1, .win = 502,
	    OPTS(1, 1, 2, 1) },
	    ". seq 1 ack 1 win 502 <nop,nop,[bad opt]>" },
	{ { .flags = TC_TH_ACK, .seq = 1, .ack = 1, .win = 502,
	    OPTS(1, 1, 8, 10) },
	    ". seq 1 ack 1 win 502 <nop,nop,[|opt]>" },
	{ { .family = 6, .flags = TC_TH_SYN | TC_TH_ACK, .seq = 1, .ack = 2,
	    .win = 100, OPTS(2, 4, 5, 0xa0) },
	    "S. seq 1 ack 2 win 100 <mss 1440>" },
	{ { .raw = true, .flags = TC_TH_ACK, .seq = 3, .ack = 4, .win = 5,
	    .plen = 1 },
	    ". seq 3 ack 4 win 5 len 1" },
	{ { .proto = 47 }, "non-tcp proto 47" },
	{ { .family = 6, .proto = 58 }, "non-tcp proto 58" },
	{ { .ethertype = 0x0806 }, "non-tcp ethertype 0x0806" },
	{ { .frag = 0x2000 }, "non-tcp proto 6 [unsupported]" },
	{ { .family = 6, .proto = 44 }, "non-tcp proto 44 [unsupported]" },
	{ { .ihl = 4 }, "non-tcp ethertype 0x0800 [invalid]" },
	{ { .raw = true, .ihl = 4 }, "non-tcp [invalid]" },
};

START_TEST(test_format_golden)
{
	struct tc_segment s;
	uint8_t f[FRAME_MAX];
	char text[256];
	size_t n;

	build_decode(&golden[_i].sp, &s, f);
	n = tc_segment_format(&s, text, sizeof(text));
	ck_assert_str_eq(text, golden[_i].text);
	ck_assert_uint_eq(n, strlen(text));
}
END_TEST

/* The Eth/IPv4/TCP and Eth/IPv6/TCP frames cut at every length. */
static const struct spec cut_specs[] = {
	{ .flags = TC_TH_ACK | TC_TH_PSH, .seq = 1, .ack = 2, .win = 3,
	    .opts = syn_opts, .optlen = sizeof(syn_opts), .plen = 10 },
	{ .family = 6, .flags = TC_TH_ACK | TC_TH_PSH, .seq = 1, .ack = 2,
	    .win = 3, .opts = syn_opts, .optlen = sizeof(syn_opts),
	    .plen = 10 },
	{ .raw = true, .flags = TC_TH_SYN, .opts = syn_opts,
	    .optlen = sizeof(syn_opts), .plen = 1 },
	{ .ihl = 7, .flags = TC_TH_SYN, .opts = syn_opts,
	    .optlen = sizeof(syn_opts), .pad = 4 },
};

static void
check_cut(const struct spec *sp, size_t caplen)
{
	uint8_t f[FRAME_MAX];
	struct tc_segment s;
	size_t full = build(sp, f) - sp->pad, link = sp->raw ? 0 : 14;
	size_t ip = sp->family == 6 ? 40 : (sp->ihl ? sp->ihl : 5) * 4u;
	enum tc_dec st;
	char text[256];

	st = decode(f, caplen, sp->raw, &s);
	ck_assert_int_eq(st, caplen >= full ? TC_DEC_OK : TC_DEC_TRUNC);
	ck_assert_int_eq(s.kind, caplen >= link + ip ? TC_SEG_TCP :
	    TC_SEG_OTHER);
	ck_assert(s.has_eth == (!sp->raw && caplen >= 14));
	if (caplen >= link + ip + 20) {
		ck_assert_uint_eq(s.sport, 40000);
		ck_assert_uint_eq(s.urg, 0);
		ck_assert_uint_eq(s.doff, (20 + sp->optlen) / 4);
	}
	if (caplen >= link + ip + 20 + sp->optlen) {
		ck_assert_uint_eq(s.opts.n, 5);
		ck_assert_uint_eq(s.payload_len,
		    caplen - (link + ip + 20 + sp->optlen) -
		    (caplen > full ? caplen - full : 0));
	} else {
		ck_assert_ptr_null(s.payload);
	}
	ck_assert(s.csum_ok == (caplen >= full));
	ck_assert_uint_lt(tc_segment_format(&s, text, sizeof(text)),
	    sizeof(text));
}

/* Maps a loop index onto a spec and a capture length 0..its frame. */
static const struct spec *
cut_at(int i, size_t *caplen)
{
	uint8_t f[FRAME_MAX];
	size_t k, n;

	for (k = 0; k < NELEM(cut_specs); k++) {
		n = build(&cut_specs[k], f) + 1;
		if ((size_t)i < n) {
			*caplen = (size_t)i;
			return &cut_specs[k];
		}
		i -= (int)n;
	}
	return NULL;
}

static int
cut_total(void)
{
	uint8_t f[FRAME_MAX];
	size_t k, n = 0;

	for (k = 0; k < NELEM(cut_specs); k++)
		n += build(&cut_specs[k], f) + 1;
	return (int)n;
}

START_TEST(test_every_cut)
{
	const struct spec *sp;
	size_t caplen;

	sp = cut_at(_i, &caplen);
	ck_assert_ptr_nonnull(sp);
	check_cut(sp, caplen);
}
END_TEST

START_TEST(test_ethernet_padding)
{
	struct spec sp = {
		.flags = TC_TH_ACK, .seq = 1, .ack = 1, .win = 9, .pad = 6,
	};
	struct tc_segment s;
	uint8_t f[FRAME_MAX];

	/* 14 + 20 + 20 + 6 = the 60-byte Ethernet minimum. */
	ck_assert_uint_eq(build(&sp, f), 60);
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_OK);
	ck_assert_uint_eq(s.payload_len, 0);
	ck_assert(s.csum_ok);
	sp.plen = 2;
	sp.pad = 4;
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_OK);
	ck_assert_uint_eq(s.payload_len, 2);
	ck_assert(s.csum_ok);
	sp.family = 6;
	sp.pad = 9;
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_OK);
	ck_assert_uint_eq(s.payload_len, 2);
	ck_assert(s.csum_ok);
}
END_TEST

/* Header lies visible in the captured bytes, and what stays filled. */
START_TEST(test_ip_lies)
{
	struct spec sp = { .flags = TC_TH_ACK, .seq = 5, .plen = 4 };
	struct tc_segment s;
	uint8_t f[FRAME_MAX];
	size_t n;

	sp.ihl = 4;
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_INVALID);
	ck_assert_int_eq(s.kind, TC_SEG_OTHER);
	sp.ihl = 0;
	sp.totlen_delta = -(24 + 1);		/* total < header */
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_INVALID);
	sp.totlen_delta = 1;			/* capture one short */
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_TRUNC);
	ck_assert_int_eq(s.kind, TC_SEG_TCP);
	ck_assert(!s.csum_ok);
	ck_assert_uint_eq(s.payload_len, 4);
	sp.totlen_delta = -2;			/* IP ends inside the payload */
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_OK);
	ck_assert_uint_eq(s.payload_len, 2);
	ck_assert(!s.csum_ok);
	sp.totlen_delta = -(24 - 12);		/* TCP is 12 bytes per IP */
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_INVALID);
	ck_assert_int_eq(s.kind, TC_SEG_TCP);
	ck_assert_uint_eq(s.seq, 5);
	ck_assert_uint_eq(s.flags, 0);
	sp.totlen_delta = 0;
	n = build(&sp, f);
	f[14] = 0x55;				/* version 5 on 0x0800 */
	ck_assert_int_eq(decode(f, n, false, &s), TC_DEC_INVALID);
	ck_assert_int_eq(decode(f + 14, n - 14, true, &s), TC_DEC_INVALID);
	sp.family = 6;
	n = build(&sp, f);
	f[14] = 0x45;				/* version 4 on 0x86dd */
	ck_assert_int_eq(decode(f, n, false, &s), TC_DEC_INVALID);
	sp.totlen_delta = 3;
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_TRUNC);
	ck_assert_int_eq(s.kind, TC_SEG_TCP);
}
END_TEST

START_TEST(test_tcp_offsets)
{
	struct spec sp = {
		.flags = TC_TH_SYN, .seq = 77, .win = 5, .doff = 4, .plen = 8,
	};
	struct tc_segment s;
	uint8_t f[FRAME_MAX];

	/* Below 5: INVALID, yet the fixed fields are all there. */
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_INVALID);
	ck_assert_int_eq(s.kind, TC_SEG_TCP);
	ck_assert_uint_eq(s.doff, 4);
	ck_assert_uint_eq(s.seq, 77);
	ck_assert_uint_eq(s.flags, TC_TH_SYN);
	ck_assert_uint_eq(s.win, 5);
	ck_assert_uint_eq(s.opts.n, 0);
	ck_assert_ptr_null(s.payload);
	ck_assert(s.csum_ok);
	/* 28 bytes of segment cannot hold a 32-byte header. */
	sp.doff = 8;
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_INVALID);
	/* 28 bytes hold 7 words; the "options" are then the payload. */
	sp.doff = 7;
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_OK);
	/* 'a' is a kind whose length 'b' runs past the 8 bytes. */
	ck_assert_int_eq(s.opts.status, TC_DEC_TRUNC);
	ck_assert_uint_eq(s.payload_len, 0);
	/* The header fits the segment but not the capture: truncated. */
	sp.doff = 0;
	sp.opts = syn_opts;
	sp.optlen = sizeof(syn_opts);
	sp.plen = 0;
	sp.cut = 9;
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_TRUNC);
	ck_assert_uint_eq(s.opts.n, 2);		/* mss, sackOK; TS is cut */
	ck_assert_int_eq(s.opts.status, TC_DEC_TRUNC);
}
END_TEST

START_TEST(test_checksums)
{
	struct spec sp = { .flags = TC_TH_ACK, .plen = 3, .csum = 0xbeef };
	struct tc_segment s;
	uint8_t f[FRAME_MAX];

	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_OK);
	ck_assert(!s.csum_ok);
	ck_assert_uint_eq(s.csum, 0xbeef);
	ck_assert(s.ip_csum_ok);
	sp.csum = 0;
	sp.bad_ip_csum = true;
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_OK);
	ck_assert(s.csum_ok);
	ck_assert(!s.ip_csum_ok);
	sp.family = 6;
	sp.csum = 0xbeef;
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_OK);
	ck_assert(!s.csum_ok);
	ck_assert(s.ip_csum_ok);
	/* A payload byte changed after the checksum was computed. */
	sp.csum = 0;
	build(&sp, f);
	f[14 + 40 + 20] ^= 0x20;
	ck_assert_int_eq(decode(f, 14 + 40 + 23, false, &s), TC_DEC_OK);
	ck_assert(!s.csum_ok);
}
END_TEST

START_TEST(test_not_tcp)
{
	struct spec sp = { .ethertype = 0x8100, .flags = TC_TH_ACK };
	struct tc_segment s;
	uint8_t f[FRAME_MAX];
	size_t n;

	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_OK);
	ck_assert_int_eq(s.kind, TC_SEG_OTHER);
	ck_assert_uint_eq(s.ethertype, 0x8100);
	sp.ethertype = 0;
	sp.proto = 17;
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_OK);
	ck_assert_int_eq(s.kind, TC_SEG_OTHER);
	ck_assert_uint_eq(s.ip_proto, 17);
	sp.cut = 1;
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_TRUNC);
	sp.cut = 0;
	sp.proto = 0;
	sp.frag = 0x0001;			/* offset 8, not the first */
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_UNSUPPORTED);
	ck_assert_int_eq(s.kind, TC_SEG_OTHER);
	sp.frag = 0x2000;			/* first fragment */
	ck_assert_int_eq(build_decode(&sp, &s, f), TC_DEC_UNSUPPORTED);
	ck_assert(!s.df);
	sp.frag = 0;
	sp.family = 6;
	sp.proto = 0;				/* hop-by-hop */
	n = build(&sp, f);
	f[14 + 6] = 0;
	ck_assert_int_eq(decode(f, n, false, &s), TC_DEC_UNSUPPORTED);
	ck_assert_int_eq(s.kind, TC_SEG_OTHER);
	ck_assert_int_eq(tc_segment_decode(NULL, 0, TC_LINK_ETHERNET, &s),
	    TC_DEC_TRUNC);
	ck_assert_int_eq(tc_segment_decode(NULL, 0, TC_LINK_RAW, &s),
	    TC_DEC_TRUNC);
	ck_assert_int_eq(decode(B(0x00), 1, true, &s), TC_DEC_INVALID);
}
END_TEST

static const struct {
	uint8_t		 flags;
	const char	*text;
} flag_rows[] = {
	{ 0, "none" },
	{ TC_TH_SYN, "S" },
	{ TC_TH_SYN | TC_TH_ACK, "S." },
	{ TC_TH_FIN | TC_TH_ACK, "F." },
	{ TC_TH_FIN | TC_TH_PSH | TC_TH_ACK, "FP." },
	{ TC_TH_RST, "R" },
	{ TC_TH_RST | TC_TH_ACK, "R." },
	{ TC_TH_ACK, "." },
	{ TC_TH_SYN | TC_TH_ECE | TC_TH_CWR, "SEW" },
	{ TC_TH_URG, "U" },
	{ 0xff, "FSRP.UEW" },
};

START_TEST(test_flags_format)
{
	char buf[16];
	size_t n;

	n = tc_segment_flags_format(flag_rows[_i].flags, buf, sizeof(buf));
	ck_assert_str_eq(buf, flag_rows[_i].text);
	ck_assert_uint_eq(n, strlen(buf));
	n = tc_segment_flags_format(flag_rows[_i].flags, buf, 2);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(strlen(buf), 1);
	ck_assert_uint_eq(tc_segment_flags_format(0xff, buf, 0), 0);
}
END_TEST

/* Every buffer size: NUL-terminated, a prefix of the full line. */
START_TEST(test_format_small_buffers)
{
	struct spec sp = {
		.flags = TC_TH_SYN | TC_TH_ACK, .seq = 1, .ack = 2, .win = 3,
		.opts = syn_opts, .optlen = sizeof(syn_opts), .plen = 10,
		.csum = 1, .reserved = 3, .urg = 9,
	};
	struct tc_segment s;
	uint8_t f[FRAME_MAX];
	char full[256], *small;
	size_t cap, n, flen;

	build_decode(&sp, &s, f);
	flen = tc_segment_format(&s, full, sizeof(full));
	ck_assert_str_eq(full, "S. seq 1 ack 2 win 3 urg 9 <mss 1460,sackOK,"
	    "TS val 123 ecr 0,nop,wscale 7> len 10 [bad csum 0x0001] "
	    "[res 0x3]");
	for (cap = 0; cap <= flen + 1; cap++) {
		small = malloc(cap == 0 ? 1 : cap);
		ck_assert_ptr_nonnull(small);
		small[0] = 'X';
		n = tc_segment_format(&s, small, cap);
		if (cap == 0) {
			ck_assert_uint_eq(n, 0);
			ck_assert_int_eq(small[0], 'X');
		} else {
			ck_assert_uint_eq(n, cap - 1 < flen ? cap - 1 : flen);
			ck_assert_uint_eq(strlen(small), n);
			ck_assert(strncmp(small, full, n) == 0);
		}
		free(small);
	}
}
END_TEST

/*
 * Frames captured on Linux loopback, with what tcpdump -vv says of them.
 * Loopback leaves TCP checksums to an offload that never runs, so tcpdump
 * calls the first two incorrect as well; the RST is built whole.
 */
static const struct {
	const char	*hex;
	size_t		 pad;
	const char	*text;
} captures[] = {
	{ "00000000000000000000000008004500003c34024000400608b87f0000017f"
	  "000001d7beb26ed17fde7d00000000a002ffd7fe3000000204ffd70402080a"
	  "30da8d3b000000000103030a", 0,
	  "S seq 3514818173 win 65495 <mss 65495,sackOK,TS val 819629371 "
	  "ecr 0,nop,wscale 10> [bad csum 0xfe30]" },
	{ "00000000000000000000000086dd600e281f002b064000000000000000000000"
	  "00000000000100000000000000000000000000000001b836b26f6a82c6129805"
	  "3ff680180040003300000101080a66f3fd3fac15b01a68656c6c6f20776f726c"
	  "64", 0,
	  "P. seq 1786955282 ack 2550480886 win 64 <nop,nop,TS val "
	  "1727266111 ecr 2887102490> len 11 [bad csum 0x0033]" },
	{ "0000000000000000000000000800450000280000400040063cce7f0000017f"
	  "000001b26ed7c800000000afc9b36550140000c4670000", 0,
	  "R. seq 0 ack 2949231461 win 0" },
	{ "0000000000000000000000000800450000280000400040063cce7f0000017f"
	  "000001b26ed7c800000000afc9b36550140000c4670000", 6,
	  "R. seq 0 ack 2949231461 win 0" },
};

static size_t
unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	for (; hex[0] != '\0' && hex[1] != '\0' && n < cap; hex += 2) {
		ck_assert_int_eq(sscanf(hex, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
	}
	return n;
}

START_TEST(test_real_captures)
{
	uint8_t f[FRAME_MAX];
	struct tc_segment s;
	char text[256];
	size_t n;

	n = unhex(captures[_i].hex, f, sizeof(f));
	memset(f + n, 0x5a, captures[_i].pad);
	ck_assert_int_eq(decode(f, n + captures[_i].pad, false, &s),
	    TC_DEC_OK);
	tc_segment_format(&s, text, sizeof(text));
	ck_assert_str_eq(text, captures[_i].text);
	ck_assert(s.ip_csum_ok);
}
END_TEST

static Suite *
segment_suite(void)
{
	Suite *s = suite_create("segment");
	TCase *tc;

	tc = tcase_create("decode");
	tcase_add_test(tc, test_ipv4_fields);
	tcase_add_test(tc, test_ipv6_fields);
	tcase_add_loop_test(tc, test_every_cut, 0, cut_total());
	tcase_add_test(tc, test_ethernet_padding);
	tcase_add_test(tc, test_ip_lies);
	tcase_add_test(tc, test_tcp_offsets);
	tcase_add_test(tc, test_checksums);
	tcase_add_test(tc, test_not_tcp);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_loop_test(tc, test_format_golden, 0, NELEM(golden));
	tcase_add_loop_test(tc, test_flags_format, 0, NELEM(flag_rows));
	tcase_add_test(tc, test_format_small_buffers);
	tcase_add_loop_test(tc, test_real_captures, 0, NELEM(captures));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(segment_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

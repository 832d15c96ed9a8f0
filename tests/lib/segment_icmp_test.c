/*
 * segment_icmp_test.c - ICMPv4 decoding at every cut, lies in the message
 * and in the quoted datagram, and the tcpdump-style lines.
 */
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
#define FRAME_MAX	256

/*
 * What the frame builder makes.  Zero means "the usual": Ethernet, IPv4
 * 198.18.0.2 -> 198.18.0.1, correct checksums, and a quote of the TCP
 * segment 198.18.0.1.4000 > 198.18.0.2.80 seq 123: its IPv4 header and
 * 8 bytes of TCP.
 */
struct ispec {
	bool		 raw;		/* no Ethernet header (DLT_RAW) */
	uint8_t		 type, code;
	uint32_t	 rest;
	bool		 no_quote;	/* nothing after the ICMP header */
	uint8_t		 qvihl;		/* override of the quoted 0x45 */
	uint8_t		 qproto;	/* override of the quoted 6 */
	size_t		 qlen;		/* after the quoted header; 0: 8 */
	int		 totlen_delta;	/* added to the IP length field */
	bool		 bad_ip_csum;
	uint16_t	 csum;		/* non-zero: sent instead of the sum */
	size_t		 pad;		/* Ethernet padding bytes (0xaa) */
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

/* The quoted datagram at q; returns its length. */
static size_t
build_quote(const struct ispec *sp, uint8_t *q)
{
	uint8_t vihl = sp->qvihl ? sp->qvihl : 0x45;
	size_t hlen = (size_t)(vihl & 0x0f) * 4, qlen = sp->qlen ? sp->qlen : 8;
	size_t i;

	if (hlen < 20)
		hlen = 20;
	q[0] = vihl;
	put16(q + 2, 1500);			/* the original's length */
	put16(q + 6, 0x4000);
	q[8] = 64;
	q[9] = sp->qproto ? sp->qproto : 6;
	memcpy(q + 12, B(198, 18, 0, 1, 198, 18, 0, 2), 8);
	memset(q + 20, 1, hlen - 20);		/* NOP options */
	put16(q + hlen, 4000);
	put16(q + hlen + 2, 80);
	put32(q + hlen + 4, 123);
	for (i = 8; i < qlen; i++)
		q[hlen + i] = (uint8_t)i;
	return hlen + qlen;
}

/* Builds the frame into f[FRAME_MAX]; returns the captured length. */
static size_t
build(const struct ispec *sp, uint8_t *f)
{
	uint8_t *ip, *icmp;
	size_t off = sp->raw ? 0 : 14, mlen;
	uint16_t c;

	memset(f, 0, FRAME_MAX);
	if (!sp->raw) {
		memcpy(f, B(2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2), 12);
		put16(f + 12, 0x0800);
	}
	ip = f + off;
	icmp = ip + 20;
	icmp[0] = sp->type;
	icmp[1] = sp->code;
	put32(icmp + 4, sp->rest);
	mlen = 8 + (sp->no_quote ? 0 : build_quote(sp, icmp + 8));
	c = tc_checksum_fold(tc_checksum_add(0, icmp, mlen));
	put16(icmp + 2, sp->csum ? sp->csum : c);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)((int)(20 + mlen) + sp->totlen_delta));
	put16(ip + 4, 7);
	ip[8] = 64;
	ip[9] = 1;
	memcpy(ip + 12, B(198, 18, 0, 2, 198, 18, 0, 1), 8);
	c = tc_checksum_fold(tc_checksum_add(0, ip, 20));
	put16(ip + 10, sp->bad_ip_csum ? (uint16_t)(c ^ 0x0101) : c);
	assert(off + 20 + mlen + sp->pad <= FRAME_MAX);
	memset(icmp + mlen, 0xaa, sp->pad);
	return off + 20 + mlen + sp->pad - sp->cut;
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
	ck_assert_ptr_null(s->payload);
	free(copy);
	return st;
}

static enum tc_dec
build_decode(const struct ispec *sp, struct tc_segment *s)
{
	uint8_t f[FRAME_MAX];

	return decode(f, build(sp, f), sp->raw, s);
}

static const char *
addr_text(const struct tc_addr *a)
{
	static char buf[TC_ADDR_STRLEN];

	return tc_addr_format(a, buf, sizeof(buf));
}

START_TEST(test_fields)
{
	struct ispec sp = { .type = 3, .code = 4, .rest = 1280, .qlen = 20 };
	struct tc_segment s;

	ck_assert_int_eq(build_decode(&sp, &s), TC_DEC_OK);
	ck_assert_int_eq(s.kind, TC_SEG_ICMP);
	ck_assert_str_eq(addr_text(&s.src), "198.18.0.2");
	ck_assert_uint_eq(s.ip_proto, 1);
	ck_assert(s.ip_csum_ok);
	ck_assert_uint_eq(s.icmp_type, TC_ICMP_UNREACH);
	ck_assert_uint_eq(s.icmp_code, TC_ICMP_UNREACH_NEEDFRAG);
	ck_assert_uint_eq(s.icmp_rest, 1280);
	ck_assert(s.icmp_csum_ok);
	ck_assert(s.has_quote);
	ck_assert_uint_eq(s.quote_proto, 6);
	ck_assert_str_eq(addr_text(&s.quote_src), "198.18.0.1");
	ck_assert_str_eq(addr_text(&s.quote_dst), "198.18.0.2");
	ck_assert_uint_eq(s.quote_sport, 4000);
	ck_assert_uint_eq(s.quote_dport, 80);
	ck_assert_uint_eq(s.quote_seq, 123);
	ck_assert_uint_eq(s.opts.n, 0);
	/* Quoted IP options are stepped over; DLT_RAW decodes the same. */
	sp.qvihl = 0x47;
	sp.raw = true;
	ck_assert_int_eq(build_decode(&sp, &s), TC_DEC_OK);
	ck_assert(!s.has_eth);
	ck_assert(s.has_quote);
	ck_assert_uint_eq(s.quote_sport, 4000);
	ck_assert_uint_eq(s.quote_seq, 123);
	/* An echo request quotes nothing, whatever follows its header. */
	sp.type = 8;
	ck_assert_int_eq(build_decode(&sp, &s), TC_DEC_OK);
	ck_assert(!s.has_quote);
	ck_assert_int_eq(s.quote_src.family, TC_AF_NONE);
}
END_TEST

/* Frames cut at every length: Ethernet, raw, quoted IP options, padded. */
static const struct ispec cut_specs[] = {
	{ .type = 3, .code = 4, .rest = 1200 },
	{ .raw = true, .type = 11, .qlen = 28 },
	{ .type = 3, .code = 3, .qvihl = 0x46, .pad = 6 },
	{ .type = 0, .rest = 0x00010002, .no_quote = true },
};

static void
check_cut(const struct ispec *sp, size_t caplen)
{
	uint8_t f[FRAME_MAX];
	struct tc_segment s;
	size_t full = build(sp, f) - sp->pad, icmp = (sp->raw ? 0 : 14) + 20;
	size_t qhdr = icmp + 8 + (size_t)((sp->qvihl ? sp->qvihl : 5) & 0xf) *
	    4;
	enum tc_dec st;
	char text[256];

	st = decode(f, caplen, sp->raw, &s);
	ck_assert_int_eq(st, caplen >= full ? TC_DEC_OK : TC_DEC_TRUNC);
	ck_assert_int_eq(s.kind, caplen >= icmp + 8 ? TC_SEG_ICMP :
	    TC_SEG_OTHER);
	ck_assert(s.icmp_csum_ok == (caplen >= full));
	if (caplen >= icmp + 8) {
		ck_assert_uint_eq(s.icmp_type, sp->type);
		ck_assert_uint_eq(s.icmp_rest, sp->rest);
	}
	if (sp->no_quote)
		ck_assert(!s.has_quote);
	else {
		ck_assert(s.has_quote == (caplen >= qhdr + 8));
		ck_assert((s.quote_src.family == TC_AF_INET) ==
		    (caplen >= qhdr));
		ck_assert_uint_eq(s.quote_dport, caplen >= qhdr + 8 ? 80 : 0);
	}
	ck_assert_uint_lt(tc_segment_format(&s, text, sizeof(text)),
	    sizeof(text));
	if (caplen >= icmp + 8)
		ck_assert_msg(strncmp(text, "ICMP ", 5) == 0, "%s", text);
	if (caplen >= icmp && caplen < full)
		ck_assert_ptr_nonnull(strstr(text, "[truncated]"));
}

static const struct ispec *
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
	const struct ispec *sp;
	size_t caplen;

	sp = cut_at(_i, &caplen);
	ck_assert_ptr_nonnull(sp);
	check_cut(sp, caplen);
}
END_TEST

/* Lies in the outer headers and in the quote. */
START_TEST(test_lies)
{
	struct ispec sp = { .type = 3, .code = 3, .no_quote = true };
	struct tc_segment s;
	uint8_t f[FRAME_MAX];
	size_t n;

	sp.totlen_delta = -1;			/* a 7-byte ICMP message */
	ck_assert_int_eq(build_decode(&sp, &s), TC_DEC_INVALID);
	ck_assert_int_eq(s.kind, TC_SEG_OTHER);
	sp.totlen_delta = -8;			/* no ICMP at all */
	ck_assert_int_eq(build_decode(&sp, &s), TC_DEC_INVALID);
	sp.no_quote = false;
	sp.totlen_delta = 1;			/* IP claims one more byte */
	ck_assert_int_eq(build_decode(&sp, &s), TC_DEC_TRUNC);
	ck_assert(s.has_quote);
	ck_assert(!s.icmp_csum_ok);
	sp.totlen_delta = -1;			/* IP ends in the quote */
	ck_assert_int_eq(build_decode(&sp, &s), TC_DEC_OK);
	ck_assert(!s.has_quote);
	ck_assert_uint_eq(s.quote_sport, 0);
	ck_assert_int_eq(s.quote_src.family, TC_AF_INET);
	sp.totlen_delta = 0;
	sp.qvihl = 0x44;			/* quoted IHL below 5 */
	ck_assert_int_eq(build_decode(&sp, &s), TC_DEC_OK);
	ck_assert(!s.has_quote);
	ck_assert_int_eq(s.quote_src.family, TC_AF_NONE);
	sp.qvihl = 0x65;			/* quoted version 6 */
	ck_assert_int_eq(build_decode(&sp, &s), TC_DEC_OK);
	ck_assert(!s.has_quote);
	sp.qvihl = 0x4f;			/* 60-byte header, 38 quoted */
	sp.totlen_delta = -30;
	ck_assert_int_eq(build_decode(&sp, &s), TC_DEC_OK);
	ck_assert(!s.has_quote);
	ck_assert_int_eq(s.quote_src.family, TC_AF_NONE);
	sp.totlen_delta = 0;
	sp.qvihl = 0;
	sp.csum = 0x1234;
	ck_assert_int_eq(build_decode(&sp, &s), TC_DEC_OK);
	ck_assert(!s.icmp_csum_ok);
	ck_assert_uint_eq(s.icmp_csum, 0x1234);
	ck_assert(s.has_quote);
	/* Ethernet padding stays out of the message and its checksum. */
	sp.csum = 0;
	sp.pad = 10;
	ck_assert_int_eq(build_decode(&sp, &s), TC_DEC_OK);
	ck_assert(s.icmp_csum_ok);
	/* A fragment is not decoded, ICMP or not. */
	n = build(&sp, f);
	f[14 + 6] = 0x20;
	ck_assert_int_eq(decode(f, n, false, &s), TC_DEC_UNSUPPORTED);
	ck_assert_int_eq(s.kind, TC_SEG_OTHER);
	/* Protocol 1 over IPv6 is not ICMPv4. */
	memset(f, 0, sizeof(f));
	memcpy(f, B(0x60, 0, 0, 0, 0, 8, 1, 64), 8);
	ck_assert_int_eq(decode(f, 48, true, &s), TC_DEC_OK);
	ck_assert_int_eq(s.kind, TC_SEG_OTHER);
}
END_TEST

static const struct {
	struct ispec	 sp;
	const char	*text;
} golden[] = {
	{ { .type = 3, .code = 4, .rest = 1200 },
	    "ICMP 198.18.0.2 unreachable - need to frag (mtu 1200) quoting "
	    "198.18.0.1.4000 > 198.18.0.2.80 seq 123" },
	{ { .type = 3, .code = 3 }, "ICMP 198.18.0.2 tcp port 80 unreachable "
	    "quoting 198.18.0.1.4000 > 198.18.0.2.80 seq 123" },
	{ { .type = 3, .code = 3, .qproto = 17 },
	    "ICMP 198.18.0.2 udp port 80 unreachable quoting "
	    "198.18.0.1.4000 > 198.18.0.2.80 udp" },
	{ { .type = 3, .code = 2, .qproto = 99 },
	    "ICMP 198.18.0.2 protocol 99 unreachable quoting 198.18.0.1 > "
	    "198.18.0.2 proto 99" },
	{ { .type = 3, .code = 0 }, "ICMP net 198.18.0.2 unreachable quoting "
	    "198.18.0.1.4000 > 198.18.0.2.80 seq 123" },
	{ { .type = 3, .code = 1, .no_quote = true },
	    "ICMP host ? unreachable [short quote]" },
	{ { .type = 3, .code = 3, .no_quote = true },
	    "ICMP ? port unreachable [short quote]" },
	{ { .type = 3, .code = 10, .totlen_delta = -1 },
	    "ICMP host 198.18.0.2 unreachable - admin prohibited "
	    "[short quote] [bad icmp csum 0x957f]" },
	{ { .type = 3, .code = 13 }, "ICMP 198.18.0.2 unreachable - admin "
	    "prohibited filter quoting 198.18.0.1.4000 > 198.18.0.2.80 "
	    "seq 123" },
	{ { .type = 3, .code = 16, .no_quote = true },
	    "ICMP ? unreachable - code 16 [short quote]" },
	{ { .type = 4 }, "ICMP source quench quoting 198.18.0.1.4000 > "
	    "198.18.0.2.80 seq 123" },
	{ { .type = 5, .code = 1, .rest = 0xc6120003 },
	    "ICMP redirect 198.18.0.2 to host 198.18.0.3 quoting "
	    "198.18.0.1.4000 > 198.18.0.2.80 seq 123" },
	{ { .type = 11 }, "ICMP time exceeded in-transit quoting "
	    "198.18.0.1.4000 > 198.18.0.2.80 seq 123" },
	{ { .type = 11, .code = 1 }, "ICMP ip reassembly time exceeded "
	    "quoting 198.18.0.1.4000 > 198.18.0.2.80 seq 123" },
	{ { .type = 12, .rest = 0x09000000 }, "ICMP parameter problem - "
	    "octet 9 quoting 198.18.0.1.4000 > 198.18.0.2.80 seq 123" },
	{ { .type = 8, .rest = 0x12340007, .no_quote = true },
	    "ICMP echo request, id 4660, seq 7" },
	{ { .type = 0, .rest = 0x12340007, .no_quote = true },
	    "ICMP echo reply, id 4660, seq 7" },
	{ { .type = 42, .code = 1, .no_quote = true },
	    "ICMP type 42 code 1" },
	{ { .type = 3, .code = 4, .rest = 576, .csum = 0xbeef },
	    "ICMP 198.18.0.2 unreachable - need to frag (mtu 576) quoting "
	    "198.18.0.1.4000 > 198.18.0.2.80 seq 123 [bad icmp csum 0xbeef]" },
	{ { .type = 11, .bad_ip_csum = true, .cut = 4 },
	    "ICMP time exceeded in-transit [bad ip csum] [truncated]" },
	{ { .type = 3, .no_quote = true, .totlen_delta = -2 },
	    "non-tcp proto 1 [invalid]" },
};

START_TEST(test_format_golden)
{
	struct tc_segment s;
	char text[256];
	size_t n;

	build_decode(&golden[_i].sp, &s);
	n = tc_segment_format(&s, text, sizeof(text));
	ck_assert_str_eq(text, golden[_i].text);
	ck_assert_uint_eq(n, strlen(text));
}
END_TEST

/* Every buffer size: NUL-terminated, a prefix of the full line. */
START_TEST(test_format_small_buffers)
{
	struct ispec sp = { .type = 3, .code = 4, .rest = 1200, .csum = 1 };
	struct tc_segment s;
	char full[256], *small;
	size_t cap, n, flen;

	build_decode(&sp, &s);
	flen = tc_segment_format(&s, full, sizeof(full));
	ck_assert_uint_gt(flen, 80);
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

static Suite *
segment_icmp_suite(void)
{
	Suite *s = suite_create("segment_icmp");
	TCase *tc;

	tc = tcase_create("decode");
	tcase_add_test(tc, test_fields);
	tcase_add_loop_test(tc, test_every_cut, 0, cut_total());
	tcase_add_test(tc, test_lies);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_loop_test(tc, test_format_golden, 0, NELEM(golden));
	tcase_add_test(tc, test_format_small_buffers);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(segment_icmp_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

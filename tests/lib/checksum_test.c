/* checksum_test.c - RFC 1071 sums and TCP pseudo-headers against vectors. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "checksum.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * An independent reference: a 64-bit accumulator cannot overflow for any
 * length used here, so it needs no early folding.
 */
static uint16_t
ref_checksum(const uint8_t *p, size_t len, uint64_t sum)
{
	size_t i;

	for (i = 0; i < len; i++)
		sum += (i & 1) ? p[i] : (uint64_t)p[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* A deterministic byte pattern (xorshift) so failures reproduce. */
static void
fill(uint8_t *p, size_t len, uint32_t seed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		p[i] = (uint8_t)seed;
	}
}

static void
v6(struct tc_addr *a, uint8_t last)
{
	ck_assert(tc_addr_parse(a, "2001:db8::"));
	a->bytes[15] = last;
}

START_TEST(test_rfc1071_example)
{
	/* RFC 1071 3: the sum of these words is ddf2 (after the carry). */
	static const uint8_t b[] = {
		0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7
	};

	ck_assert_uint_eq(tc_checksum_add(0, b, sizeof(b)), 0xddf2);
	ck_assert_uint_eq(tc_checksum_fold(tc_checksum_add(0, b, sizeof(b))),
	    0x220d);
}
END_TEST

START_TEST(test_ipv4_header_vector)
{
	/* A textbook IPv4 header whose checksum field holds b861. */
	uint8_t h[] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00,
		0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01,
		0xc0, 0xa8, 0x00, 0xc7
	};

	ck_assert_uint_eq(tc_checksum_fold(tc_checksum_add(0, h, sizeof(h))),
	    0);
	h[10] = h[11] = 0;
	ck_assert_uint_eq(tc_checksum_fold(tc_checksum_add(0, h, sizeof(h))),
	    0xb861);
}
END_TEST

START_TEST(test_empty_and_odd)
{
	static const uint8_t one[] = { 0x01 };
	static const uint8_t three[] = { 0x12, 0x34, 0x56 };

	ck_assert_uint_eq(tc_checksum_fold(0), 0xffff);
	ck_assert_uint_eq(tc_checksum_add(0, NULL, 0), 0);
	/* An odd last byte is the high half of a zero-padded word. */
	ck_assert_uint_eq(tc_checksum_add(0, one, 1), 0x0100);
	ck_assert_uint_eq(tc_checksum_fold(tc_checksum_add(0, one, 1)),
	    0xfeff);
	ck_assert_uint_eq(tc_checksum_add(0, three, 3), 0x1234 + 0x5600);
}
END_TEST

START_TEST(test_all_ones)
{
	static uint8_t b[65536];

	/* One's-complement sums of 0xffff words stay 0xffff: sum is -0. */
	memset(b, 0xff, sizeof(b));
	ck_assert_uint_eq(tc_checksum_add(0, b, sizeof(b)), 0xffff);
	ck_assert_uint_eq(tc_checksum_fold(tc_checksum_add(0, b, sizeof(b))),
	    0);
}
END_TEST

/* Past 128 KiB of 0xff a 32-bit accumulator overflows if it folds late. */
START_TEST(test_long_buffer)
{
	size_t len = 300000;
	uint8_t *b = malloc(len);

	ck_assert_ptr_nonnull(b);
	memset(b, 0xff, len);
	ck_assert_uint_eq(tc_checksum_fold(tc_checksum_add(0, b, len)),
	    ref_checksum(b, len, 0));
	fill(b, len, 7);
	ck_assert_uint_eq(tc_checksum_fold(tc_checksum_add(0, b, len)),
	    ref_checksum(b, len, 0));
	free(b);
}
END_TEST

/* Lengths 0..300, odd and even, against the reference. */
START_TEST(test_against_reference)
{
	uint8_t b[300];

	fill(b, sizeof(b), (uint32_t)_i + 1);
	ck_assert_uint_eq(tc_checksum_fold(tc_checksum_add(0, b, (size_t)_i)),
	    ref_checksum(b, (size_t)_i, 0));
}
END_TEST

START_TEST(test_incremental_even_split)
{
	uint8_t b[256];
	uint32_t sum;
	size_t split;

	fill(b, sizeof(b), 99);
	for (split = 0; split <= sizeof(b); split += 2) {
		sum = tc_checksum_add(0, b, split);
		sum = tc_checksum_add(sum, b + split, sizeof(b) - split);
		ck_assert_uint_eq(tc_checksum_fold(sum),
		    tc_checksum_fold(tc_checksum_add(0, b, sizeof(b))));
	}
}
END_TEST

START_TEST(test_tcp_ipv4_vector)
{
	/* Values computed by an independent implementation. */
	uint8_t syn[20] = {
		0x30, 0x39, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0,
		0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0
	};
	uint8_t data[25] = {
		0x01, 0xbb, 0xc3, 0x50, 0x12, 0x34, 0x56, 0x78,
		0x9a, 0xbc, 0xde, 0xf0, 0x50, 0x18, 0x01, 0xf6,
		0, 0, 0, 0, 'h', 'e', 'l', 'l', 'o'
	};
	struct tc_addr s, d;

	tc_addr_ipv4(&s, 192, 0, 2, 1);
	tc_addr_ipv4(&d, 198, 51, 100, 2);
	ck_assert_uint_eq(tc_checksum_tcp(&s, &d, syn, sizeof(syn)), 0x9321);
	ck_assert_uint_eq(tc_checksum_tcp(&s, &d, data, sizeof(data)),
	    0xd662);
	syn[16] = 0x93;
	syn[17] = 0x21;
	ck_assert_uint_eq(tc_checksum_tcp(&s, &d, syn, sizeof(syn)), 0);
	/* The pseudo-header is symmetric in the addresses. */
	ck_assert_uint_eq(tc_checksum_tcp(&d, &s, syn, sizeof(syn)), 0);
}
END_TEST

START_TEST(test_tcp_ipv6_vector)
{
	uint8_t data[25] = {
		0x01, 0xbb, 0xc3, 0x50, 0x12, 0x34, 0x56, 0x78,
		0x9a, 0xbc, 0xde, 0xf0, 0x50, 0x18, 0x01, 0xf6,
		0, 0, 0, 0, 'h', 'e', 'l', 'l', 'o'
	};
	struct tc_addr s, d;

	v6(&s, 1);
	v6(&d, 2);
	ck_assert_uint_eq(tc_checksum_tcp(&s, &d, data, sizeof(data)),
	    0x6725);
	data[16] = 0x67;
	data[17] = 0x25;
	ck_assert_uint_eq(tc_checksum_tcp(&s, &d, data, sizeof(data)), 0);
}
END_TEST

/* Builds the pseudo-header the long way and compares. */
static uint16_t
ref_tcp(const struct tc_addr *s, const struct tc_addr *d, const uint8_t *p,
    size_t len)
{
	uint8_t ph[40];
	uint64_t sum = 0;
	size_t alen = s->family == TC_AF_INET6 ? 16 : 4, i;

	memcpy(ph, s->bytes, alen);
	memcpy(ph + alen, d->bytes, alen);
	if (alen == 16) {
		for (i = 0; i < 4; i++)
			ph[32 + i] = (uint8_t)(len >> (24 - 8 * i));
		ph[36] = ph[37] = ph[38] = 0;
		ph[39] = 6;
	} else {
		ph[8] = 0;
		ph[9] = 6;
		ph[10] = (uint8_t)(len >> 8);
		ph[11] = (uint8_t)len;
	}
	for (i = 0; i < (alen == 16 ? 40u : 12u); i += 2)
		sum += (uint64_t)ph[i] << 8 | ph[i + 1];
	return ref_checksum(p, len, sum);
}

/*
 * Property: write the computed checksum into the segment and verifying
 * yields 0, for both families and odd and even lengths.
 */
START_TEST(test_verify_yields_zero)
{
	uint8_t seg[200];
	struct tc_addr s, d;
	size_t len = 20 + (size_t)_i;
	uint16_t c;

	fill(seg, sizeof(seg), (uint32_t)_i * 31 + 5);
	if (_i & 2) {
		v6(&s, (uint8_t)_i);
		v6(&d, 0xfe);
		s.bytes[3] = (uint8_t)(_i * 7);
	} else {
		tc_addr_ipv4(&s, 10, 0, (uint8_t)_i, 1);
		tc_addr_ipv4(&d, 198, 18, 0, (uint8_t)(_i * 3));
	}
	seg[16] = seg[17] = 0;
	c = tc_checksum_tcp(&s, &d, seg, len);
	ck_assert_uint_eq(c, ref_tcp(&s, &d, seg, len));
	seg[16] = (uint8_t)(c >> 8);
	seg[17] = (uint8_t)c;
	ck_assert_uint_eq(tc_checksum_tcp(&s, &d, seg, len), 0);
	/* Any single-bit flip is caught. */
	seg[len - 1] ^= 0x01;
	ck_assert_uint_ne(tc_checksum_tcp(&s, &d, seg, len), 0);
}
END_TEST

/* RFC 8200 8.1 uses a 32-bit length: a jumbo length reaches the top bytes. */
START_TEST(test_ipv6_long_length)
{
	size_t len = 70001;
	uint8_t *b = malloc(len);
	struct tc_addr s, d;

	ck_assert_ptr_nonnull(b);
	fill(b, len, 3);
	v6(&s, 1);
	v6(&d, 2);
	ck_assert_uint_eq(tc_checksum_tcp(&s, &d, b, len),
	    ref_tcp(&s, &d, b, len));
	free(b);
}
END_TEST

static Suite *
checksum_suite(void)
{
	Suite *s = suite_create("checksum");
	TCase *tc;

	tc = tcase_create("sum");
	tcase_add_test(tc, test_rfc1071_example);
	tcase_add_test(tc, test_ipv4_header_vector);
	tcase_add_test(tc, test_empty_and_odd);
	tcase_add_test(tc, test_all_ones);
	tcase_add_test(tc, test_long_buffer);
	tcase_add_loop_test(tc, test_against_reference, 0, 301);
	tcase_add_test(tc, test_incremental_even_split);
	suite_add_tcase(s, tc);

	tc = tcase_create("tcp");
	tcase_add_test(tc, test_tcp_ipv4_vector);
	tcase_add_test(tc, test_tcp_ipv6_vector);
	tcase_add_loop_test(tc, test_verify_yields_zero, 0, 64);
	tcase_add_test(tc, test_ipv6_long_length);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(checksum_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

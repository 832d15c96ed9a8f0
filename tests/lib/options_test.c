/* options_test.c - TCP option decode, encode round trips and formatting. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "options.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define B(...)		((const uint8_t[]){ __VA_ARGS__ })
#define ROW(st, n, text, ...)						\
	{ B(__VA_ARGS__), sizeof(B(__VA_ARGS__)), st, n, text }

/*
 * Decode table: the bytes of an option area, the status the list ends
 * with, how many options it holds, and the formatted text.
 */
static const struct {
	const uint8_t	*p;
	size_t		 len;
	enum tc_dec	 status;
	size_t		 n;
	const char	*text;
} dec_rows[] = {
	ROW(TC_DEC_OK, 1, "<mss 1460>", 2, 4, 0x05, 0xb4),
	/* A Linux SYN. */
	ROW(TC_DEC_OK, 5, "<mss 1460,sackOK,TS val 123 ecr 0,nop,wscale 7>",
	    2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 123, 0, 0, 0, 0, 1, 3, 3, 7),
	ROW(TC_DEC_OK, 3, "<nop,nop,sack 1 {100:200}>",
	    1, 1, 5, 10, 0, 0, 0, 100, 0, 0, 0, 200),
	ROW(TC_DEC_OK, 1, "<sack 4 {1:2}{3:4}{4294967295:0}{7:8}>",
	    5, 34, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4,
	    0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 8),
	/* EOL ends the list; what follows is padding, even if it is junk. */
	ROW(TC_DEC_OK, 2, "<mss 1460,eol>", 2, 4, 5, 0xb4, 0, 0xff, 0x01),
	ROW(TC_DEC_OK, 1, "<eol>", 0),
	ROW(TC_DEC_OK, 1, "<unknown-253 0x0102>", 253, 4, 1, 2),
	ROW(TC_DEC_OK, 1, "<unknown-30>", 30, 2),
	ROW(TC_DEC_OK, 2, "<unknown-34 0xabcd,wscale 14>",
	    34, 4, 0xab, 0xcd, 3, 3, 14),
	/* A known kind with a wrong length is malformed; decoding goes on. */
	ROW(TC_DEC_OK, 2, "<mss[bad len 3],mss 1460>",
	    2, 3, 5, 2, 4, 5, 0xb4),
	ROW(TC_DEC_OK, 1, "<mss[bad len 2]>", 2, 2),
	ROW(TC_DEC_OK, 1, "<wscale[bad len 4]>", 3, 4, 7, 0),
	ROW(TC_DEC_OK, 1, "<sackOK[bad len 3]>", 4, 3, 0),
	ROW(TC_DEC_OK, 1, "<sack[bad len 2]>", 5, 2),
	ROW(TC_DEC_OK, 1, "<sack[bad len 11]>",
	    5, 11, 0, 0, 0, 1, 0, 0, 0, 2, 9),
	ROW(TC_DEC_OK, 1, "<TS[bad len 9]>", 8, 9, 0, 0, 0, 1, 0, 0, 0),
	/* A length byte below 2 cannot be stepped over. */
	ROW(TC_DEC_INVALID, 1, "<nop,[bad opt]>", 1, 2, 1, 0, 0),
	ROW(TC_DEC_INVALID, 0, "<[bad opt]>", 2, 0, 5, 0xb4),
	ROW(TC_DEC_INVALID, 0, "<[bad opt]>", 253, 1),
	/* The length byte or the data runs past the area. */
	ROW(TC_DEC_TRUNC, 1, "<nop,[|opt]>", 1, 2),
	ROW(TC_DEC_TRUNC, 0, "<[|opt]>", 2, 4, 5),
	ROW(TC_DEC_TRUNC, 1, "<mss 1460,[|opt]>", 2, 4, 5, 0xb4, 8, 10, 0, 0),
	ROW(TC_DEC_TRUNC, 0, "<[|opt]>", 200, 255, 0),
};

START_TEST(test_decode_table)
{
	struct tc_optlist list;
	char text[256];
	uint8_t *copy;

	/* An exact-size heap copy lets ASan and valgrind see any overread. */
	copy = malloc(dec_rows[_i].len);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, dec_rows[_i].p, dec_rows[_i].len);
	tc_options_decode(copy, dec_rows[_i].len, &list);
	free(copy);
	ck_assert_int_eq(list.status, dec_rows[_i].status);
	ck_assert_uint_eq(list.n, dec_rows[_i].n);
	tc_options_format(&list, text, sizeof(text));
	ck_assert_str_eq(text, dec_rows[_i].text);
}
END_TEST

START_TEST(test_decode_fields)
{
	static const uint8_t p[] = {
		2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0xde, 0xad, 0xbe, 0xef,
		0, 0, 0, 9, 1, 3, 3, 14, 5, 18, 0, 0, 0, 1, 0, 0, 0, 2,
		0x80, 0, 0, 0, 0xff, 0xff, 0xff, 0xff
	};
	struct tc_optlist l;
	const struct tc_opt *o;

	tc_options_decode(p, sizeof(p), &l);
	ck_assert_int_eq(l.status, TC_DEC_OK);
	ck_assert_uint_eq(l.n, 6);
	ck_assert_uint_eq(l.opt[0].kind, TC_OPT_MSS);
	ck_assert_uint_eq(l.opt[0].wire_len, 4);
	ck_assert_uint_eq(l.opt[0].u.mss, 1460);
	ck_assert_uint_eq(l.opt[0].raw_len, 2);
	ck_assert(!l.opt[0].malformed);
	ck_assert_uint_eq(l.opt[1].kind, TC_OPT_SACK_PERM);
	ck_assert_uint_eq(l.opt[1].raw_len, 0);
	ck_assert_uint_eq(l.opt[2].u.ts.val, 0xdeadbeef);
	ck_assert_uint_eq(l.opt[2].u.ts.ecr, 9);
	ck_assert_uint_eq(l.opt[3].kind, TC_OPT_NOP);
	ck_assert_uint_eq(l.opt[3].wire_len, 0);
	ck_assert_uint_eq(l.opt[4].u.wscale, 14);
	o = &l.opt[5];
	ck_assert_uint_eq(o->n_sack, 2);
	ck_assert_uint_eq(o->u.sack[0].left, 1);
	ck_assert_uint_eq(o->u.sack[0].right, 2);
	ck_assert_uint_eq(o->u.sack[1].left, 0x80000000);
	ck_assert_uint_eq(o->u.sack[1].right, 0xffffffff);
	ck_assert_uint_eq(o->raw_len, 16);
	ck_assert_mem_eq(o->raw, p + 22, 16);
}
END_TEST

START_TEST(test_malformed_keeps_raw)
{
	static const uint8_t p[] = { 8, 6, 1, 2, 3, 4 };
	struct tc_optlist l;

	tc_options_decode(p, sizeof(p), &l);
	ck_assert_uint_eq(l.n, 1);
	ck_assert(l.opt[0].malformed);
	ck_assert_uint_eq(l.opt[0].wire_len, 6);
	ck_assert_uint_eq(l.opt[0].raw_len, 4);
	ck_assert_mem_eq(l.opt[0].raw, p + 2, 4);
	ck_assert_uint_eq(l.opt[0].u.ts.val, 0);
}
END_TEST

START_TEST(test_iterator)
{
	static const uint8_t p[] = { 1, 2, 4, 5, 0xb4, 0, 9, 9 };
	struct tc_options_iter it;
	struct tc_opt o;

	tc_options_begin(&it, p, sizeof(p));
	ck_assert_int_eq(tc_options_next(&it, &o), TC_DEC_OK);
	ck_assert_uint_eq(o.kind, TC_OPT_NOP);
	ck_assert_int_eq(tc_options_next(&it, &o), TC_DEC_OK);
	ck_assert_uint_eq(o.u.mss, 1460);
	ck_assert_int_eq(tc_options_next(&it, &o), TC_DEC_OK);
	ck_assert_uint_eq(o.kind, TC_OPT_EOL);
	/* After EOL, and at the end, the iterator stays ended. */
	ck_assert_int_eq(tc_options_next(&it, &o), TC_DEC_END);
	ck_assert_int_eq(tc_options_next(&it, &o), TC_DEC_END);

	tc_options_begin(&it, NULL, 0);
	ck_assert_int_eq(tc_options_next(&it, &o), TC_DEC_END);
	tc_options_begin(&it, p, 0);
	ck_assert_int_eq(tc_options_next(&it, &o), TC_DEC_END);
}
END_TEST

START_TEST(test_too_many)
{
	uint8_t p[TC_OPTLIST_MAX + 1];
	struct tc_optlist l;

	memset(p, TC_OPT_NOP, sizeof(p));
	tc_options_decode(p, TC_OPTLIST_MAX, &l);
	ck_assert_int_eq(l.status, TC_DEC_OK);
	ck_assert_uint_eq(l.n, TC_OPTLIST_MAX);
	tc_options_decode(p, sizeof(p), &l);
	ck_assert_int_eq(l.status, TC_DEC_UNSUPPORTED);
	ck_assert_uint_eq(l.n, TC_OPTLIST_MAX);
}
END_TEST

/* Only an area longer than TCP allows can carry data over raw[]. */
START_TEST(test_long_data_is_capped)
{
	uint8_t p[257];
	struct tc_optlist l;

	memset(p, 0x5a, sizeof(p));
	p[0] = 200;
	p[1] = 255;
	p[255] = 2;
	p[256] = 0;
	tc_options_decode(p, 257, &l);
	ck_assert_int_eq(l.status, TC_DEC_INVALID);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_uint_eq(l.opt[0].wire_len, 255);
	ck_assert_uint_eq(l.opt[0].raw_len, TC_OPT_DATA_MAX);
	p[0] = TC_OPT_TS;
	tc_options_decode(p, sizeof(p), &l);
	ck_assert_uint_eq(l.n, 1);
	ck_assert(l.opt[0].malformed);
}
END_TEST

START_TEST(test_find)
{
	static const uint8_t p[] = { 1, 3, 3, 1, 3, 3, 2, 2, 4, 5, 0xdc };
	struct tc_optlist l;
	const struct tc_opt *o;

	tc_options_decode(p, sizeof(p), &l);
	o = tc_options_find(&l, TC_OPT_WSCALE);
	ck_assert_ptr_eq(o, &l.opt[1]);
	ck_assert_uint_eq(o->u.wscale, 1);
	ck_assert_ptr_eq(tc_options_find(&l, TC_OPT_MSS), &l.opt[3]);
	ck_assert_ptr_null(tc_options_find(&l, TC_OPT_TS));
	ck_assert_ptr_null(tc_options_find(&l, TC_OPT_EOL));
}
END_TEST

#define SETW(...) do {						\
	memcpy(wire, B(__VA_ARGS__), sizeof(B(__VA_ARGS__)));		\
	*wlen = sizeof(B(__VA_ARGS__));					\
} while (0)

/*
 * One option of every kind (which: 0..11; 8..11 are SACK with 1..4
 * blocks) and its natural encoding in wire[64].
 */
/* SACK with n blocks that cross 2^32, and its wire bytes. */
static void
make_sack(struct tc_opt *o, int n, uint8_t *wire, size_t *wlen)
{
	int i;

	o->kind = TC_OPT_SACK;
	o->n_sack = (uint8_t)n;
	wire[0] = TC_OPT_SACK;
	wire[1] = (uint8_t)(2 + 8 * n);
	for (i = 0; i < n; i++) {
		o->u.sack[i].left = 0xfffffff0u + (uint32_t)i;
		o->u.sack[i].right = (uint32_t)i * 0x01010101u;
		memcpy(wire + 2 + 8 * i, B(0xff, 0xff, 0xff,
		    (uint8_t)(0xf0 + i), (uint8_t)i, (uint8_t)i, (uint8_t)i,
		    (uint8_t)i), 8);
	}
	*wlen = wire[1];
}

static struct tc_opt
make_opt(int which, uint8_t *wire, size_t *wlen)
{
	struct tc_opt o;

	memset(&o, 0, sizeof(o));
	*wlen = 0;
	switch (which) {
	case 0:
		o.kind = TC_OPT_EOL;
		SETW(0);
		break;
	case 1:
		o.kind = TC_OPT_NOP;
		SETW(1);
		break;
	case 2:
		o.kind = TC_OPT_MSS;
		o.u.mss = 0xfedc;
		SETW(2, 4, 0xfe, 0xdc);
		break;
	case 3:
		o.kind = TC_OPT_WSCALE;
		o.u.wscale = 14;
		SETW(3, 3, 14);
		break;
	case 4:
		o.kind = TC_OPT_SACK_PERM;
		SETW(4, 2);
		break;
	case 5:
		o.kind = TC_OPT_TS;
		o.u.ts.val = 0x01020304;
		o.u.ts.ecr = 0xfffffffe;
		SETW(8, 10, 1, 2, 3, 4, 0xff, 0xff, 0xff, 0xfe);
		break;
	case 6:
		o.kind = 253;
		o.raw_len = 3;
		memcpy(o.raw, B(0xf9, 0x89, 0x00), 3);
		SETW(253, 5, 0xf9, 0x89, 0x00);
		break;
	case 7:
		o.kind = 99;
		SETW(99, 2);
		break;
	default:
		make_sack(&o, which - 7, wire, wlen);
		break;
	}
	return o;
}

START_TEST(test_round_trip_kind)
{
	struct tc_opt o;
	struct tc_optlist l;
	uint8_t wire[64], buf[64], again[64];
	size_t wlen, n;

	o = make_opt(_i, wire, &wlen);
	ck_assert_int_eq(tc_options_encode(&o, 1, buf, sizeof(buf), &n), TC_OK);
	ck_assert_uint_eq(n, wlen);
	ck_assert_mem_eq(buf, wire, wlen);
	tc_options_decode(buf, n, &l);
	ck_assert_int_eq(l.status, TC_DEC_OK);
	ck_assert_uint_eq(l.n, 1);
	ck_assert(!l.opt[0].malformed);
	ck_assert_uint_eq(l.opt[0].kind, o.kind);
	ck_assert_uint_eq(l.opt[0].n_sack, o.n_sack);
	ck_assert_mem_eq(&l.opt[0].u, &o.u, sizeof(o.u));
	if (o.kind != TC_OPT_EOL && o.kind != TC_OPT_NOP) {
		ck_assert_uint_eq(l.opt[0].wire_len, wlen);
		ck_assert_uint_eq(l.opt[0].raw_len, wlen - 2);
		ck_assert_mem_eq(l.opt[0].raw, wire + 2, wlen - 2);
	}
	/* Encoding what was decoded gives the same bytes back. */
	ck_assert_int_eq(tc_options_encode(l.opt, 1, again, sizeof(again), &n),
	    TC_OK);
	ck_assert_uint_eq(n, wlen);
	ck_assert_mem_eq(again, wire, wlen);
}
END_TEST

/* Deliberately wrong lengths: the data is cut or zero-padded to fit. */
static const struct {
	uint8_t		 kind;
	uint8_t		 wire_len;
	const uint8_t	*wire;
	size_t		 wlen;
} wrong_rows[] = {
	{ TC_OPT_MSS, 3, B(2, 3, 0x05), 3 },
	{ TC_OPT_MSS, 6, B(2, 6, 0x05, 0xb4, 0, 0), 6 },
	{ TC_OPT_MSS, 1, B(2, 1), 2 },
	{ TC_OPT_MSS, 2, B(2, 2), 2 },
	{ TC_OPT_WSCALE, 2, B(3, 2), 2 },
	{ TC_OPT_WSCALE, 4, B(3, 4, 7, 0), 4 },
	{ TC_OPT_SACK_PERM, 4, B(4, 4, 0, 0), 4 },
	{ TC_OPT_TS, 6, B(8, 6, 0, 0, 0, 123), 6 },
	{ TC_OPT_TS, 12, B(8, 12, 0, 0, 0, 123, 0, 0, 0, 1, 0, 0), 12 },
	{ TC_OPT_SACK, 14, B(5, 14, 0, 0, 0, 100, 0, 0, 0, 200, 0, 0, 0, 0),
	    14 },
	{ 253, 3, B(253, 3, 0xaa), 3 },
	{ 253, 6, B(253, 6, 0xaa, 0xbb, 0, 0), 6 },
	/* One-byte kinds ignore wire_len. */
	{ TC_OPT_NOP, 9, B(1), 1 },
	{ TC_OPT_EOL, 9, B(0), 1 },
};

START_TEST(test_encode_wrong_length)
{
	struct tc_opt o;
	uint8_t buf[64];
	size_t n;

	memset(&o, 0, sizeof(o));
	o.kind = wrong_rows[_i].kind;
	o.wire_len = wrong_rows[_i].wire_len;
	o.u.mss = 1460;
	if (o.kind == TC_OPT_WSCALE)
		o.u.wscale = 7;
	if (o.kind == TC_OPT_TS) {
		o.u.ts.val = 123;
		o.u.ts.ecr = 1;
	}
	if (o.kind == TC_OPT_SACK) {
		o.n_sack = 1;
		o.u.sack[0].left = 100;
		o.u.sack[0].right = 200;
	}
	if (o.kind == 253) {
		o.raw_len = 2;
		o.raw[0] = 0xaa;
		o.raw[1] = 0xbb;
	}
	memset(buf, 0xee, sizeof(buf));
	ck_assert_int_eq(tc_options_encode(&o, 1, buf, sizeof(buf), &n), TC_OK);
	ck_assert_uint_eq(n, wrong_rows[_i].wlen);
	ck_assert_mem_eq(buf, wrong_rows[_i].wire, wrong_rows[_i].wlen);
	ck_assert_uint_eq(buf[n], 0xee);
}
END_TEST

START_TEST(test_encode_many_and_limit)
{
	struct tc_opt o[4];
	uint8_t buf[16];
	size_t n;
	const uint8_t want[] = { 2, 4, 5, 0xb4, 1, 3, 3, 7, 4, 2 };

	memset(o, 0, sizeof(o));
	o[0].kind = TC_OPT_MSS;
	o[0].u.mss = 1460;
	o[1].kind = TC_OPT_NOP;
	o[2].kind = TC_OPT_WSCALE;
	o[2].u.wscale = 7;
	o[3].kind = TC_OPT_SACK_PERM;
	ck_assert_int_eq(tc_options_encode(o, 4, buf, sizeof(buf), &n), TC_OK);
	ck_assert_uint_eq(n, sizeof(want));
	ck_assert_mem_eq(buf, want, sizeof(want));
	/* Exactly full fits; one byte less stops before the last option. */
	ck_assert_int_eq(tc_options_encode(o, 4, buf, 10, &n), TC_OK);
	ck_assert_uint_eq(n, 10);
	ck_assert_int_eq(tc_options_encode(o, 4, buf, 9, &n), TC_ERR_LIMIT);
	ck_assert_uint_eq(n, 8);
	ck_assert_int_eq(tc_options_encode(o, 4, buf, 4, &n), TC_ERR_LIMIT);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(tc_options_encode(o, 4, buf, 0, &n), TC_ERR_LIMIT);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(tc_options_encode(o, 0, buf, 0, &n), TC_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(tc_options_encode(&o[1], 1, NULL, 0, &n),
	    TC_ERR_LIMIT);
}
END_TEST

START_TEST(test_encode_invalid)
{
	struct tc_opt o;
	uint8_t buf[64];
	size_t n;

	memset(&o, 0, sizeof(o));
	o.kind = TC_OPT_SACK;
	o.n_sack = TC_OPT_SACK_MAX + 1;
	ck_assert_int_eq(tc_options_encode(&o, 1, buf, sizeof(buf), &n),
	    TC_ERR_INVAL);
	o.kind = 77;
	o.n_sack = 0;
	o.raw_len = TC_OPT_DATA_MAX + 1;
	ck_assert_int_eq(tc_options_encode(&o, 1, buf, sizeof(buf), &n),
	    TC_ERR_INVAL);
}
END_TEST

/* Decode then encode gives the wire bytes back, malformed ones included. */
START_TEST(test_malformed_round_trip)
{
	static const uint8_t p[] = {
		2, 3, 5, 3, 4, 7, 0, 8, 2, 5, 11, 1, 2, 3, 4, 5, 6, 7, 8, 9,
		4, 2, 1, 99, 3, 0x42
	};
	struct tc_optlist l;
	uint8_t buf[64];
	size_t n;

	tc_options_decode(p, sizeof(p), &l);
	ck_assert_int_eq(l.status, TC_DEC_OK);
	ck_assert_uint_eq(l.n, 7);
	ck_assert_int_eq(tc_options_encode(l.opt, l.n, buf, sizeof(buf), &n),
	    TC_OK);
	ck_assert_uint_eq(n, sizeof(p));
	ck_assert_mem_eq(buf, p, sizeof(p));
}
END_TEST

START_TEST(test_format_golden)
{
	struct tc_optlist l;
	char text[256];
	size_t n;

	/* Built by hand: a decoder never puts anything after EOL. */
	memset(&l, 0, sizeof(l));
	l.opt[0].kind = TC_OPT_MSS;
	l.opt[0].u.mss = 1460;
	l.opt[1].kind = TC_OPT_SACK_PERM;
	l.opt[2].kind = TC_OPT_TS;
	l.opt[2].u.ts.val = 123;
	l.opt[3].kind = TC_OPT_NOP;
	l.opt[4].kind = TC_OPT_WSCALE;
	l.opt[4].u.wscale = 7;
	l.opt[5].kind = TC_OPT_SACK;
	l.opt[5].n_sack = 1;
	l.opt[5].u.sack[0].left = 100;
	l.opt[5].u.sack[0].right = 200;
	l.opt[6].kind = TC_OPT_EOL;
	l.opt[7].kind = 253;
	l.opt[7].raw_len = 2;
	l.opt[7].raw[0] = 1;
	l.opt[7].raw[1] = 2;
	l.n = 8;
	n = tc_options_format(&l, text, sizeof(text));
	ck_assert_str_eq(text, "<mss 1460,sackOK,TS val 123 ecr 0,nop,"
	    "wscale 7,sack 1 {100:200},eol,unknown-253 0x0102>");
	ck_assert_uint_eq(n, strlen(text));
	l.n = 0;
	tc_options_format(&l, text, sizeof(text));
	ck_assert_str_eq(text, "<>");
}
END_TEST

/* Every buffer size: NUL-terminated, a prefix of the full text, no overrun. */
START_TEST(test_format_small_buffers)
{
	static const uint8_t p[] = {
		2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 123, 0, 0, 0, 0, 1, 3, 3,
		7, 5, 10, 0, 0, 0, 100, 0, 0, 0, 200, 0xfd, 4, 1, 2
	};
	struct tc_optlist l;
	char full[256], *small;
	size_t cap, n, flen;

	tc_options_decode(p, sizeof(p), &l);
	flen = tc_options_format(&l, full, sizeof(full));
	ck_assert_uint_eq(flen, strlen(full));
	for (cap = 0; cap <= flen + 1; cap++) {
		small = malloc(cap == 0 ? 1 : cap);
		ck_assert_ptr_nonnull(small);
		small[0] = 'X';
		n = tc_options_format(&l, small, cap);
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
options_suite(void)
{
	Suite *s = suite_create("options");
	TCase *tc;

	tc = tcase_create("decode");
	tcase_add_loop_test(tc, test_decode_table, 0, NELEM(dec_rows));
	tcase_add_test(tc, test_decode_fields);
	tcase_add_test(tc, test_malformed_keeps_raw);
	tcase_add_test(tc, test_iterator);
	tcase_add_test(tc, test_too_many);
	tcase_add_test(tc, test_long_data_is_capped);
	tcase_add_test(tc, test_find);
	suite_add_tcase(s, tc);

	tc = tcase_create("encode");
	tcase_add_loop_test(tc, test_round_trip_kind, 0, 12);
	tcase_add_loop_test(tc, test_encode_wrong_length, 0, NELEM(wrong_rows));
	tcase_add_test(tc, test_encode_many_and_limit);
	tcase_add_test(tc, test_encode_invalid);
	tcase_add_test(tc, test_malformed_round_trip);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_test(tc, test_format_golden);
	tcase_add_test(tc, test_format_small_buffers);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(options_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* seq_test.c - modulo-2^32 sequence comparisons and RFC 9293 window tests. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "seq.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define HALF		UINT32_C(0x80000000)

/* Points where a wrong comparison shows: 0, 2^31 and 2^32 - 1. */
static const uint32_t anchors[] = {
	0, 1, 2, 0x7ffffffe, 0x7fffffff, 0x80000000, 0x80000001,
	0xfffffffe, 0xffffffff, 0x12345678, 0xdeadbeef
};

/* Distances b - a, with the order each must give. */
static const struct {
	uint32_t	d;
	int		order;		/* -1 a < b, 0 neither, 1 a > b */
} dists[] = {
	{ 1, -1 }, { 2, -1 }, { 1000, -1 }, { 0x7ffffffe, -1 },
	{ 0x7fffffff, -1 },
	{ 0x80000000, 0 },
	{ 0x80000001, 1 }, { 0x80000002, 1 }, { 0xfffffffe, 1 },
	{ 0xffffffff, 1 },
};

START_TEST(test_order_table)
{
	size_t i;
	uint32_t a = anchors[_i], b;

	for (i = 0; i < NELEM(dists); i++) {
		b = a + dists[i].d;
		ck_assert_msg(tc_seq_lt(a, b) == (dists[i].order < 0),
		    "lt(%#x, %#x)", a, b);
		ck_assert_msg(tc_seq_gt(a, b) == (dists[i].order > 0),
		    "gt(%#x, %#x)", a, b);
		ck_assert_msg(tc_seq_leq(a, b) == (dists[i].order < 0),
		    "leq(%#x, %#x)", a, b);
		ck_assert_msg(tc_seq_geq(a, b) == (dists[i].order > 0),
		    "geq(%#x, %#x)", a, b);
		/* The mirror image orders the other way. */
		ck_assert(tc_seq_lt(b, a) == tc_seq_gt(a, b));
		ck_assert(tc_seq_gt(b, a) == tc_seq_lt(a, b));
	}
	ck_assert(!tc_seq_lt(a, a));
	ck_assert(!tc_seq_gt(a, a));
	ck_assert(tc_seq_leq(a, a));
	ck_assert(tc_seq_geq(a, a));
}
END_TEST

START_TEST(test_half_apart_neither)
{
	/* RFC 9293 3.4 leaves 2^31 apart undefined: neither order holds. */
	uint32_t a = anchors[_i], b = a + HALF;

	ck_assert(!tc_seq_lt(a, b) && !tc_seq_lt(b, a));
	ck_assert(!tc_seq_gt(a, b) && !tc_seq_gt(b, a));
	ck_assert(!tc_seq_leq(a, b) && !tc_seq_leq(b, a));
	ck_assert(!tc_seq_geq(a, b) && !tc_seq_geq(b, a));
	ck_assert(tc_seq_diff(a, b) == INT32_MIN);
	ck_assert(tc_seq_diff(b, a) == INT32_MIN);
}
END_TEST

START_TEST(test_wrap_2_32)
{
	ck_assert(tc_seq_lt(0xffffffff, 0));
	ck_assert(tc_seq_gt(0, 0xffffffff));
	ck_assert(tc_seq_lt(0xfffffff0, 0x10));
	ck_assert(tc_seq_leq(0xffffffff, 0));
	ck_assert(!tc_seq_lt(0, 0xffffffff));
	ck_assert(tc_seq_lt(0x7fffffff, 0x80000000));
	ck_assert(tc_seq_lt(0x80000000, 0xffffffff));
	ck_assert(tc_seq_gt(0, 0x80000001));
	ck_assert(tc_seq_lt(0, 0x7fffffff));
}
END_TEST

/*
 * Over a sweep of pairs around each anchor: exactly one of a < b, a == b,
 * a > b holds, unless they are 2^31 apart; and the relation agrees with the
 * sign of tc_seq_diff.
 */
START_TEST(test_trichotomy_sweep)
{
	uint32_t base = anchors[_i], a, b;
	int64_t d;
	int i, j, n;

	for (i = -40; i <= 40; i++) {
		for (j = -40; j <= 40; j++) {
			a = base + (uint32_t)i;
			b = base + HALF + (uint32_t)j;
			n = tc_seq_lt(a, b) + tc_seq_gt(a, b) + (a == b);
			ck_assert_int_eq(n, j == i ? 0 : 1);
			d = tc_seq_diff(a, b);
			ck_assert(tc_seq_lt(a, b) == (d > 0 && d != INT32_MIN));
			ck_assert(tc_seq_gt(a, b) == (d < 0 && d != INT32_MIN));
			b = base + (uint32_t)j;
			n = tc_seq_lt(a, b) + tc_seq_gt(a, b) + (a == b);
			ck_assert_int_eq(n, 1);
			ck_assert(tc_seq_diff(a, b) == j - i);
		}
	}
}
END_TEST

START_TEST(test_diff)
{
	ck_assert(tc_seq_diff(0, 0) == 0);
	ck_assert(tc_seq_diff(0, 1) == 1);
	ck_assert(tc_seq_diff(1, 0) == -1);
	ck_assert(tc_seq_diff(0xffffffff, 0) == 1);
	ck_assert(tc_seq_diff(0, 0xffffffff) == -1);
	ck_assert(tc_seq_diff(0, 0x7fffffff) == INT32_MAX);
	ck_assert(tc_seq_diff(0x7fffffff, 0) == -INT32_MAX);
	ck_assert(tc_seq_diff(0xfffffff0, 0x10) == 0x20);
	ck_assert(tc_seq_diff(0x10, 0xfffffff0) == -0x20);
}
END_TEST

static const struct {
	uint32_t	x, lo, hi;
	bool		in;
} in_rows[] = {
	{ 5, 5, 10, true },		/* lo is inside */
	{ 9, 5, 10, true },
	{ 10, 5, 10, false },		/* hi is outside */
	{ 4, 5, 10, false },
	{ 5, 5, 5, false },		/* empty */
	{ 0, 0, 0, false },
	{ 0xfffffff0, 0xfffffff0, 0x10, true },	/* wraps 2^32 */
	{ 0xffffffff, 0xfffffff0, 0x10, true },
	{ 0, 0xfffffff0, 0x10, true },
	{ 0xf, 0xfffffff0, 0x10, true },
	{ 0x10, 0xfffffff0, 0x10, false },
	{ 0xffffffef, 0xfffffff0, 0x10, false },
	{ 0x7fffffff, 0x7ffffff0, 0x80000010, true },	/* crosses 2^31 */
	{ 0x80000000, 0x7ffffff0, 0x80000010, true },
	{ 0x80000010, 0x7ffffff0, 0x80000010, false },
	/* A window wider than 2^31 is still a plain interval. */
	{ 0x90000000, 0, 0xa0000000, true },
	{ 0xa0000000, 0, 0xa0000000, false },
	{ 0xffffffff, 0, 0xffffffff, false },
	{ 0xfffffffe, 0, 0xffffffff, true },
};

START_TEST(test_in_table)
{
	ck_assert_msg(tc_seq_in(in_rows[_i].x, in_rows[_i].lo,
	    in_rows[_i].hi) == in_rows[_i].in, "row %d", _i);
}
END_TEST

/* RFC 9293 3.10.7.4, the four cases, each also across 2^32 and 2^31. */
static const struct {
	uint32_t	seq, len, nxt, wnd;
	bool		ok;
} acc_rows[] = {
	/* len 0, wnd 0: SEG.SEQ = RCV.NXT. */
	{ 100, 0, 100, 0, true },
	{ 101, 0, 100, 0, false },
	{ 99, 0, 100, 0, false },
	{ 0, 0, 0, 0, true },
	{ 0xffffffff, 0, 0, 0, false },
	/* len 0, wnd > 0: RCV.NXT =< SEG.SEQ < RCV.NXT + RCV.WND. */
	{ 100, 0, 100, 10, true },
	{ 109, 0, 100, 10, true },
	{ 110, 0, 100, 10, false },
	{ 99, 0, 100, 10, false },
	{ 0xfffffffb, 0, 0xfffffffb, 10, true },
	{ 4, 0, 0xfffffffb, 10, true },
	{ 5, 0, 0xfffffffb, 10, false },
	{ 0xfffffffa, 0, 0xfffffffb, 10, false },
	{ 0x80000004, 0, 0x7ffffffb, 10, true },
	/* len > 0, wnd 0: never acceptable. */
	{ 100, 1, 100, 0, false },
	{ 100, 10, 100, 0, false },
	{ 0xffffffff, 2, 0, 0, false },
	/* len > 0, wnd > 0: first or last octet in the window. */
	{ 100, 5, 100, 10, true },	/* all inside */
	{ 95, 10, 100, 10, true },	/* last octet 104 inside */
	{ 90, 10, 100, 10, false },	/* last octet 99 outside */
	{ 90, 11, 100, 10, true },	/* last octet 100 inside */
	{ 109, 5, 100, 10, true },	/* first octet inside */
	{ 110, 5, 100, 10, false },	/* starts at the right edge */
	{ 0xfffffff8, 10, 0, 10, true },	/* last octet 1 across 2^32 */
	{ 0xfffffff0, 0x10, 0, 10, false },	/* last is 0xffffffff */
	{ 0xfffffff0, 0x11, 0, 10, true },	/* last is 0 */
	{ 0xfffffffe, 4, 0xfffffffd, 2, true },	/* window wraps */
	{ 3, 3, 0xfffffffd, 8, true },		/* first octet after 2^32 */
	{ 5, 3, 0xfffffffd, 8, false },		/* starts at the right edge */
	{ 0xfffffffa, 5, 0xfffffffd, 8, true },	/* only the last inside */
	{ 8, 3, 0xfffffffd, 8, false },		/* beyond 0xfffffffd + 8 */
	{ 0x7ffffffe, 4, 0x80000000, 10, true },	/* across 2^31 */
	{ 0x7ffffff0, 4, 0x80000000, 10, false },
};

START_TEST(test_acceptable_table)
{
	ck_assert_msg(tc_seq_acceptable(acc_rows[_i].seq, acc_rows[_i].len,
	    acc_rows[_i].nxt, acc_rows[_i].wnd) == acc_rows[_i].ok,
	    "row %d: seq %#x len %u nxt %#x wnd %u", _i, acc_rows[_i].seq,
	    acc_rows[_i].len, acc_rows[_i].nxt, acc_rows[_i].wnd);
}
END_TEST

/* The same four cases shifted to every anchor: offsets never matter. */
START_TEST(test_acceptable_shift)
{
	uint32_t s = anchors[_i];
	size_t r;

	for (r = 0; r < NELEM(acc_rows); r++)
		ck_assert_msg(tc_seq_acceptable(acc_rows[r].seq + s,
		    acc_rows[r].len, acc_rows[r].nxt + s, acc_rows[r].wnd) ==
		    acc_rows[r].ok, "row %zu shifted by %#x", r, s);
}
END_TEST

static const struct {
	uint32_t	ack, una, nxt;
	bool		isnew;
} acknew_rows[] = {
	{ 101, 100, 200, true },
	{ 200, 100, 200, true },	/* SEG.ACK = SND.NXT */
	{ 100, 100, 200, false },	/* duplicate */
	{ 201, 100, 200, false },	/* acks unsent data */
	{ 99, 100, 200, false },
	{ 0, 0xfffffff0, 0x10, true },
	{ 0x10, 0xfffffff0, 0x10, true },
	{ 0x11, 0xfffffff0, 0x10, false },
	{ 0xfffffff0, 0xfffffff0, 0x10, false },
	{ 0xfffffff1, 0xfffffff0, 0x10, true },
	{ 0x80000000, 0x7fffffff, 0x80000005, true },
	{ 0x80000000, 0, 0x80000000, false },	/* 2^31 ahead of una */
	{ 5, 5, 5, false },			/* nothing outstanding */
};

START_TEST(test_ack_new_table)
{
	ck_assert_msg(tc_seq_ack_new(acknew_rows[_i].ack, acknew_rows[_i].una,
	    acknew_rows[_i].nxt) == acknew_rows[_i].isnew, "row %d", _i);
}
END_TEST

static const struct {
	uint32_t	ack, una, nxt, maxwnd;
	bool		ok;
} ackacc_rows[] = {
	/* RFC 5961 5.2: (SND.UNA - MAX.SND.WND) =< SEG.ACK =< SND.NXT. */
	{ 1000, 1000, 2000, 500, true },
	{ 2000, 1000, 2000, 500, true },
	{ 2001, 1000, 2000, 500, false },
	{ 500, 1000, 2000, 500, true },
	{ 499, 1000, 2000, 500, false },
	{ 0xfffffe70, 100, 200, 500, true },	/* una - wnd wraps */
	{ 0xfffffe6f, 100, 200, 500, false },
	{ 0, 100, 200, 500, true },
	{ 5, 0xfffffff0, 0x10, 0, true },	/* across 2^32 */
	{ 0x11, 0xfffffff0, 0x10, 0, false },	/* past SND.NXT */
	{ 0x10, 0xfffffff0, 0x10, 0, true },
	{ 0xfffffff0, 0xfffffff0, 0x10, 0, true },
	{ 0xffffffef, 0xfffffff0, 0x10, 0, false },
	{ 0x7ffffff0, 0x80000000, 0x80000010, 0x10, true },
	{ 0x7fffffef, 0x80000000, 0x80000010, 0x10, false },
};

START_TEST(test_ack_acceptable_table)
{
	ck_assert_msg(tc_seq_ack_acceptable(ackacc_rows[_i].ack,
	    ackacc_rows[_i].una, ackacc_rows[_i].nxt, ackacc_rows[_i].maxwnd) ==
	    ackacc_rows[_i].ok, "row %d", _i);
}
END_TEST

static Suite *
seq_suite(void)
{
	Suite *s = suite_create("seq");
	TCase *tc;

	tc = tcase_create("compare");
	tcase_add_loop_test(tc, test_order_table, 0, NELEM(anchors));
	tcase_add_loop_test(tc, test_half_apart_neither, 0, NELEM(anchors));
	tcase_add_test(tc, test_wrap_2_32);
	tcase_add_loop_test(tc, test_trichotomy_sweep, 0, NELEM(anchors));
	tcase_add_test(tc, test_diff);
	suite_add_tcase(s, tc);

	tc = tcase_create("window");
	tcase_add_loop_test(tc, test_in_table, 0, NELEM(in_rows));
	tcase_add_loop_test(tc, test_acceptable_table, 0, NELEM(acc_rows));
	tcase_add_loop_test(tc, test_acceptable_shift, 0, NELEM(anchors));
	tcase_add_loop_test(tc, test_ack_new_table, 0, NELEM(acknew_rows));
	tcase_add_loop_test(tc, test_ack_acceptable_table, 0,
	    NELEM(ackacc_rows));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(seq_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* isnstat_test.c - each way ISNs can be predictable is caught; random isn't. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "isnstat.h"

#define N	64

/* splitmix64: a good source for "unpredictable" samples. */
static uint32_t
next_random(uint64_t *s)
{
	uint64_t x = (*s += UINT64_C(0x9e3779b97f4a7c15));

	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return (uint32_t)((x ^ (x >> 31)) >> 16);
}

START_TEST(test_random_is_not_predictable)
{
	uint32_t isn[N];
	uint64_t seed = (uint64_t)_i * 7919 + 1;
	struct tc_isnstat s;
	size_t i;

	for (i = 0; i < N; i++)
		isn[i] = next_random(&seed);
	tc_isnstat_analyze(isn, N, &s);
	ck_assert_msg(!s.predictable, "seed %d: %s", _i, s.why);
	ck_assert_uint_eq(s.distinct, N);
}
END_TEST

START_TEST(test_fixed_increment)
{
	uint32_t isn[N];
	struct tc_isnstat s;
	size_t i;

	/* libslirp: 64001 + 64000 n, across the 2^32 wrap too. */
	for (i = 0; i < N; i++)
		isn[i] = UINT32_C(0xffff0000) + 64001 + 64000 * (uint32_t)i;
	tc_isnstat_analyze(isn, N, &s);
	ck_assert(s.predictable);
	ck_assert_uint_eq(s.gcd, 64000);
	ck_assert_ptr_nonnull(strstr(s.why, "multiple of 64000"));
}
END_TEST

START_TEST(test_irregular_counter)
{
	uint32_t isn[N], v = 123456789;
	uint64_t seed = 42;
	struct tc_isnstat s;
	size_t i;

	/* A clock: always forward, by varying small steps (odd, gcd 1). */
	for (i = 0; i < N; i++) {
		v += (next_random(&seed) % 50000) | 1;
		isn[i] = v;
	}
	tc_isnstat_analyze(isn, N, &s);
	ck_assert(s.predictable);
	ck_assert_ptr_nonnull(strstr(s.why, "counter"));
}
END_TEST

START_TEST(test_repeats)
{
	uint32_t isn[N];
	uint64_t seed = 7;
	struct tc_isnstat s;
	size_t i;

	for (i = 0; i < N; i++)
		isn[i] = next_random(&seed);
	isn[40] = isn[3];	/* lwIP restarting at 6510 looks like this */
	tc_isnstat_analyze(isn, N, &s);
	ck_assert(s.predictable);
	ck_assert_ptr_nonnull(strstr(s.why, "repeat"));
}
END_TEST

START_TEST(test_biased_bit)
{
	uint32_t isn[N];
	uint64_t seed = 99;
	struct tc_isnstat s;
	size_t i;

	for (i = 0; i < N; i++)
		isn[i] = next_random(&seed) & ~UINT32_C(0x400);	/* bit 10 */
	tc_isnstat_analyze(isn, N, &s);
	ck_assert(s.predictable);
	ck_assert_uint_eq(s.worst_bit, 10);
	ck_assert_ptr_nonnull(strstr(s.why, "bit 10"));
}
END_TEST

START_TEST(test_too_few_samples_no_bias_verdict)
{
	uint32_t isn[4] = { 0x10, 0x7000030, 0x20000050, 0x90000070 };
	struct tc_isnstat s;

	tc_isnstat_analyze(isn, 4, &s);
	ck_assert_uint_eq(s.n, 4);
	tc_isnstat_analyze(isn, 1, &s);
	ck_assert(!s.predictable);
	tc_isnstat_analyze(NULL, 0, &s);
	ck_assert(!s.predictable);
}
END_TEST

static Suite *
isnstat_suite(void)
{
	Suite *s = suite_create("isnstat");
	TCase *tc = tcase_create("isnstat");

	tcase_add_loop_test(tc, test_random_is_not_predictable, 0, 200);
	tcase_add_test(tc, test_fixed_increment);
	tcase_add_test(tc, test_irregular_counter);
	tcase_add_test(tc, test_repeats);
	tcase_add_test(tc, test_biased_bit);
	tcase_add_test(tc, test_too_few_samples_no_bias_verdict);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(isnstat_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

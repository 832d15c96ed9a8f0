/* matrix_test.c - verdicts of several targets, side by side. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deviations.h"
#include "matrix.h"
#include "result.h"

static struct tc_result *
mk(const char *id, enum tc_verdict v)
{
	struct tc_result *r = tc_result_new(id, "x.tcs");

	ck_assert_ptr_nonnull(r);
	r->verdict = v;
	return r;
}

START_TEST(test_build_and_print)
{
	struct tc_result *res[5];
	struct tc_matrix m;
	char *out = NULL;
	size_t len = 0, i;
	FILE *f;

	res[0] = mk("rst/b@netns", TC_VERDICT_PASS);
	res[1] = mk("rst/b@lwip", TC_VERDICT_FAIL);
	res[2] = mk("isn/a@lwip", TC_VERDICT_XFAIL);
	res[3] = mk("isn/a@netns", TC_VERDICT_PASS);
	res[4] = mk("only/netns@netns", TC_VERDICT_SKIP);
	ck_assert_int_eq(tc_matrix_build(res, 5, &m), TC_OK);
	ck_assert_uint_eq(m.ntargets, 2);
	ck_assert_str_eq(m.target[0], "netns");
	ck_assert_str_eq(m.target[1], "lwip");
	ck_assert_uint_eq(m.nrows, 3);
	ck_assert_str_eq(m.row[0].id, "isn/a");		/* sorted by id */
	ck_assert_int_eq(m.row[0].verdict[1], TC_VERDICT_XFAIL);
	ck_assert(!m.row[1].has[1]);			/* not run on lwip */
	ck_assert_int_eq(m.row[2].verdict[1], TC_VERDICT_FAIL);
	f = open_memstream(&out, &len);
	tc_matrix_print(f, &m, true);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(out, "| testcase | netns | lwip |\n"
	    "|---|---|---|\n| isn/a | PASS | XFAIL |\n"));
	ck_assert_ptr_nonnull(strstr(out, "| only/netns | SKIP | - |\n"));
	free(out);
	tc_matrix_fini(&m);
	for (i = 0; i < 5; i++)
		tc_result_free(res[i]);
}
END_TEST

START_TEST(test_single_target_and_limit)
{
	struct tc_result *res[9];
	struct tc_matrix m;
	char id[32];
	size_t i;

	res[0] = mk("a", TC_VERDICT_PASS);		/* no @: target "-" */
	ck_assert_int_eq(tc_matrix_build(res, 1, &m), TC_OK);
	ck_assert_uint_eq(m.ntargets, 1);
	ck_assert_str_eq(m.target[0], "-");
	tc_matrix_fini(&m);
	tc_result_free(res[0]);
	for (i = 0; i < 9; i++) {
		snprintf(id, sizeof(id), "a@t%zu", i);
		res[i] = mk(id, TC_VERDICT_PASS);
	}
	ck_assert_int_eq(tc_matrix_build(res, 9, &m), TC_ERR_LIMIT);
	for (i = 0; i < 9; i++)
		tc_result_free(res[i]);
}
END_TEST

/* A target's list names plain ids; results of a multi-target run are
 * ID@TARGET and must still be found, and only by their own id. */
START_TEST(test_deviations_tagged_id)
{
	struct tc_deviations *d = NULL;
	struct tc_diag diag;
	struct tc_result *a = mk("isn/unpredictable@lwip", TC_VERDICT_FAIL);
	struct tc_result *b = mk("isn/other@lwip", TC_VERDICT_FAIL);

	tc_diag_init(&diag);
	ck_assert_int_eq(tc_deviations_parse("lwip.txt",
	    "isn/unpredictable a global counter\n", &d, &diag), TC_OK);
	ck_assert(tc_deviations_apply(d, a));
	ck_assert_int_eq(a->verdict, TC_VERDICT_XFAIL);
	ck_assert_str_eq(a->id, "isn/unpredictable@lwip");
	ck_assert(!tc_deviations_apply(d, b));
	ck_assert_int_eq(b->verdict, TC_VERDICT_FAIL);
	tc_deviations_free(d);
	tc_result_free(a);
	tc_result_free(b);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("matrix");
	TCase *tc = tcase_create("matrix");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_build_and_print);
	tcase_add_test(tc, test_single_target_and_limit);
	tcase_add_test(tc, test_deviations_tagged_id);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

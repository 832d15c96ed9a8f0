/* family_test.c - which scripts run on IPv6, which on IPv4, and why not. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "family.h"
#include "engine/script_fixture.h"
#include "parse.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char	*body;
	bool		v4, v6;
	const char	*why;		/* in the reason, where one fails */
} cases[] = {
	{ "send S seq=isn <mss 1460>\nexpect S. ack=isn+1 ttl=64\n",
	    true, true, NULL },
	{ "send S seq=isn tos=0x10 ttl=3\n", true, true, NULL },
	{ "send S seq=isn dscp=46 ecn=1\n", true, true, NULL },
	{ "send icmp type=8 code=0\n", true, false, "line 3: ICMPv6 is not "
	    "supported yet" },
	{ "send S seq=isn\nexpect icmp type=3\n", true, false,
	    "line 4: ICMPv6" },
	{ "send S seq=isn ipid=7\n", true, false, "'ipid' exists only in "
	    "IPv4" },
	{ "send S seq=isn df=0\n", true, false, "'df'" },
	{ "send S seq=isn ipopts \"01010101\"\n", true, false, "'ipopts'" },
	{ "send S seq=isn\nexpect S. | R. df=1\n", true, false, "'df'" },
	{ "send S seq=isn\nexpect no R. ipid=0 within 1s\n", true, false,
	    "'ipid'" },
	{ "tags options ipv4-only\nsend S seq=isn\n", true, false,
	    "tagged ipv4-only" },
	{ "tags ipv6-only\nsend S seq=isn\n", false, true,
	    "tagged ipv6-only" },
};

START_TEST(test_family)
{
	struct tc_script *s = tc_fx_parse_ok(cases[_i].body);
	char why[256];
	bool ok4, ok6;

	why[0] = '\0';
	ok4 = tc_family_script_runs(s, TC_AF_INET, why, sizeof(why));
	ck_assert_msg(ok4 == cases[_i].v4, "IPv4 %d: %s", _i, why);
	ck_assert(tc_family_script_runs(s, TC_AF_NONE, why, sizeof(why)) ==
	    ok4);
	ok6 = tc_family_script_runs(s, TC_AF_INET6, why, sizeof(why));
	ck_assert_msg(ok6 == cases[_i].v6, "IPv6 %d: %s", _i, why);
	if (cases[_i].why != NULL)
		ck_assert_msg(strstr(why, cases[_i].why) != NULL,
		    "case %d: '%s' lacks '%s'", _i, why, cases[_i].why);
	tc_script_free(s);
}
END_TEST

/* Statement by statement, as the interpreter asks before each one. */
START_TEST(test_stmt)
{
	struct tc_script *s = tc_fx_parse_ok("target listen as srv\n"
	    "send S seq=isn ttl=1\nwait 10ms\nsend . ipid=1\n");

	ck_assert_uint_eq(s->nstmt, 4);
	ck_assert_ptr_null(tc_family_stmt_v4only(&s->stmt[0]));
	ck_assert_ptr_null(tc_family_stmt_v4only(&s->stmt[1]));
	ck_assert_ptr_null(tc_family_stmt_v4only(&s->stmt[2]));
	ck_assert_ptr_nonnull(tc_family_stmt_v4only(&s->stmt[3]));
	tc_script_free(s);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("family");
	TCase *tc = tcase_create("family");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_family, 0, (int)NITEMS(cases));
	tcase_add_test(tc, test_stmt);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* coverage_test.c - the state x event matrix, aliases, reasons, MUST table. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coverage.h"
#include "parse.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* A script with these tags and one `state` step. */
static struct tc_script *
script(const char *tags, const char *state)
{
	struct tc_parse_report rep;
	struct tc_script *s;
	char *src;

	ck_assert_int_ne(asprintf(&src, "test \"t\"\nref RFC9293 3.5\n"
	    "tags %s\nstate %s\n", tags, state), -1);
	ck_assert_int_eq(tc_parse_string("t.tcs", src, &s, &rep), TC_OK);
	ck_assert_uint_eq(rep.nerrors, 0);
	free(src);
	return s;
}

struct fixture {
	struct tc_script *s[4];
	const char	*ids[4];
	struct tc_coverage_input in;
	struct tc_coverage cov;
	struct tc_diag	diag;
};

static enum tc_err
build(struct fixture *f, const char *reasons)
{
	f->s[0] = script("rst state-established event-rst must-3", "CLOSED");
	f->s[1] = script("state-listen state-syn-rcvd event-data event-syn "
	    "event-old-duplicate must-3 must-65", "LISTEN");
	f->s[2] = script("event-bogus state-nowhere must-70 must-07",
	    "TIME-WAIT");
	f->s[3] = NULL;		/* a script that did not parse */
	f->ids[0] = "rst/a";
	f->ids[1] = "x/b";
	f->ids[2] = "x/c";
	f->ids[3] = "x/d";
	memset(&f->in, 0, sizeof(f->in));
	f->in.scripts = (const struct tc_script *const *)f->s;
	f->in.ids = f->ids;
	f->in.n = 4;
	f->in.reasons_text = reasons;
	f->in.reasons_name = "reasons.txt";
	tc_diag_init(&f->diag);
	return tc_coverage_build(&f->in, &f->cov, &f->diag);
}

static void
fixture_free(struct fixture *f)
{
	size_t i;

	tc_coverage_free(&f->cov);
	for (i = 0; i < NITEMS(f->s); i++)
		tc_script_free(f->s[i]);
}

START_TEST(test_matrix)
{
	struct fixture f;
	const struct tc_cov_cell *c;

	ck_assert_int_eq(build(&f, NULL), TC_OK);
	ck_assert_uint_eq(f.cov.nscripts, 3);
	c = &f.cov.cell[TC_FSM_ESTABLISHED][TC_COV_RST];
	ck_assert_uint_eq(c->tc.n, 1);
	ck_assert_uint_eq(c->tc.v[0], 0);
	/* Two states times two events: four cells. */
	ck_assert_uint_eq(f.cov.cell[TC_FSM_LISTEN][TC_COV_SYN].tc.n, 1);
	ck_assert_uint_eq(f.cov.cell[TC_FSM_LISTEN]
	    [TC_COV_DATA_IN_WINDOW].tc.n, 1);
	ck_assert_uint_eq(f.cov.cell[TC_FSM_SYN_RECEIVED][TC_COV_SYN].tc.n, 1);
	ck_assert_uint_eq(f.cov.cell[TC_FSM_SYN_RECEIVED]
	    [TC_COV_DATA_IN_WINDOW].tc.v[0], 1);
	ck_assert_uint_eq(f.cov.cell[TC_FSM_CLOSED][TC_COV_SYN].tc.n, 0);
	/* `state` steps, not tags, make the asserted states. */
	ck_assert(f.cov.asserted[TC_FSM_CLOSED]);
	ck_assert(f.cov.asserted[TC_FSM_LISTEN]);
	ck_assert(f.cov.asserted[TC_FSM_TIME_WAIT]);
	ck_assert(!f.cov.asserted[TC_FSM_ESTABLISHED]);
	ck_assert_uint_eq(f.cov.must[2].n, 2);
	ck_assert_uint_eq(f.cov.must[64].n, 1);
	fixture_free(&f);
}
END_TEST

START_TEST(test_aliases_and_unknown)
{
	struct fixture f;
	size_t k;
	bool data = false, rcvd = false;

	ck_assert_int_eq(build(&f, NULL), TC_OK);
	ck_assert_uint_eq(f.cov.nalias, 2);
	for (k = 0; k < f.cov.nalias; k++) {
		data |= strcmp(f.cov.alias[k].tag, "event-data") == 0 &&
		    strcmp(f.cov.alias[k].canon, "data-in-window") == 0;
		rcvd |= strcmp(f.cov.alias[k].tag, "state-syn-rcvd") == 0 &&
		    strcmp(f.cov.alias[k].canon, "syn-received") == 0;
	}
	ck_assert(data && rcvd);
	/* A qualifier is neither an alias nor unknown. */
	ck_assert_uint_eq(f.cov.nunknown, 4);
	ck_assert_str_eq(f.cov.unknown[0].tag, "event-bogus");
	ck_assert_str_eq(f.cov.unknown[1].tag, "state-nowhere");
	ck_assert_str_eq(f.cov.unknown[2].tag, "must-70");
	ck_assert_str_eq(f.cov.unknown[3].tag, "must-07");
	fixture_free(&f);
}
END_TEST

START_TEST(test_event_names)
{
	enum tc_cov_event ev;
	bool alias;
	size_t i;

	for (i = 0; i < TC_COV_EVENT_COUNT; i++) {
		ck_assert(tc_cov_event_parse(tc_cov_event_name(
		    (enum tc_cov_event)i), &ev, &alias));
		ck_assert_int_eq(ev, (int)i);
		ck_assert(!alias);
	}
	ck_assert(tc_cov_event_parse("rst-left-of-window", &ev, &alias));
	ck_assert_int_eq(ev, TC_COV_RST_OUT_OF_WINDOW);
	ck_assert(alias);
	ck_assert(!tc_cov_event_parse("old-duplicate", &ev, &alias));
	ck_assert(tc_cov_event_qualifier("old-duplicate"));
	ck_assert_str_eq(tc_cov_state_tag(TC_FSM_FIN_WAIT_1), "fin-wait-1");
}
END_TEST

START_TEST(test_reasons)
{
	struct fixture f;
	const struct tc_cov_cell *c;

	ck_assert_int_eq(build(&f, "# comment\n\n  closed ack-old  no SND.UNA "
	    "here  \nestablished rst stale reason\r\n"), TC_OK);
	c = &f.cov.cell[TC_FSM_CLOSED][TC_COV_ACK_OLD];
	ck_assert_str_eq(c->reason, "no SND.UNA here");
	ck_assert_uint_eq(c->reason_line, 3);
	/* A reason for a cell that has a testcase is reported, not fatal. */
	ck_assert_uint_eq(f.cov.stale[TC_FSM_ESTABLISHED][TC_COV_RST], 4);
	fixture_free(&f);
}
END_TEST

static const struct {
	const char	*text;
	const char	*diag;
} bad_reasons[] = {
	{ "closed ack-old ok\nnowhere syn why\n",
	    "reasons.txt:2:1: unknown state 'nowhere'" },
	{ "listen  synack why\n", "reasons.txt:1:9: unknown event 'synack'" },
	{ "\n\nlisten fin   \n", "reasons.txt:3:14: missing reason" },
	{ "listen fin a\nlisten fin b\n",
	    "reasons.txt:2:1: a second reason for listen fin (the first is "
	    "at line 1)" },
	{ "syn-rcvd fin a\n", "reasons.txt:1:1: unknown state 'syn-rcvd'" },
};

START_TEST(test_reasons_bad)
{
	struct fixture f;
	char buf[512];

	ck_assert_int_eq(build(&f, bad_reasons[_i].text), TC_ERR_PARSE);
	tc_diag_format(&f.diag, buf, sizeof(buf));
	ck_assert_msg(strncmp(buf, bad_reasons[_i].diag,
	    strlen(bad_reasons[_i].diag)) == 0, "got '%s'", buf);
	fixture_free(&f);
}
END_TEST

START_TEST(test_failproof)
{
	char dir[] = "/tmp/coverage_test.XXXXXX", path[256];
	struct tc_cov_must_totals t;
	struct fixture f;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/x.b.nft", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fclose(fp);
	f.in.failproof_dir = dir;
	ck_assert_int_eq(build(&f, NULL), TC_OK);
	/* build() resets the input: proofs are read from a second build. */
	tc_coverage_free(&f.cov);
	f.in.failproof_dir = dir;
	ck_assert_int_eq(tc_coverage_build(&f.in, &f.cov, &f.diag), TC_OK);
	ck_assert(!f.cov.proof[0]);
	ck_assert(f.cov.proof[1]);
	ck_assert_uint_eq(f.cov.nproofs, 1);
	tc_coverage_must_totals(&f.cov, &t);
	ck_assert_uint_eq(t.covered, 2);	/* 3 and 65 */
	ck_assert_uint_eq(t.proven, 2);		/* x/b has both */
	unlink(path);
	rmdir(dir);
	fixture_free(&f);
}
END_TEST

START_TEST(test_must_table)
{
	bool seen[TC_MUST_COUNT + 1] = { false };
	size_t i, api = 0;

	for (i = 0; i < TC_MUST_COUNT; i++) {
		ck_assert_uint_ge(tc_must_table[i].id, 1);
		ck_assert_uint_le(tc_must_table[i].id, TC_MUST_COUNT);
		ck_assert(!seen[tc_must_table[i].id]);
		seen[tc_must_table[i].id] = true;
		ck_assert_uint_eq(tc_must_table[i].id, i + 1);
		ck_assert_ptr_nonnull(tc_must_table[i].summary);
		ck_assert_uint_gt(strlen(tc_must_table[i].summary), 10);
		ck_assert_ptr_null(strchr(tc_must_table[i].summary, '|'));
		api += tc_must_table[i].kind == TC_MUST_API;
	}
	for (i = 1; i <= TC_MUST_COUNT; i++)
		ck_assert(seen[i]);
	ck_assert_uint_eq(api, 8);
}
END_TEST

START_TEST(test_write)
{
	struct fixture f;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	ck_assert_int_eq(build(&f, "closed ack-old no SND.UNA | none\n"
	    "closed syn not written yet\n"), TC_OK);
	ck_assert_ptr_nonnull(out = open_memstream(&buf, &len));
	ck_assert_int_eq(tc_coverage_write(out, TC_COVERAGE_MARKDOWN, &f.cov),
	    0);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(buf, "| closed | t | - | - | r |"));
	ck_assert_ptr_nonnull(strstr(buf, "no SND.UNA \\| none"));
	ck_assert_ptr_nonnull(strstr(buf, "| 3 | the receiver checks"));
	ck_assert_ptr_nonnull(strstr(buf, "`state-syn-rcvd` means "
	    "`syn-received`"));
	free(buf);
	fixture_free(&f);
}
END_TEST

static Suite *
coverage_suite(void)
{
	Suite *s = suite_create("coverage");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_matrix);
	tcase_add_test(tc, test_aliases_and_unknown);
	tcase_add_test(tc, test_event_names);
	tcase_add_test(tc, test_reasons);
	tcase_add_loop_test(tc, test_reasons_bad, 0, (int)NITEMS(bad_reasons));
	tcase_add_test(tc, test_failproof);
	tcase_add_test(tc, test_must_table);
	tcase_add_test(tc, test_write);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(coverage_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

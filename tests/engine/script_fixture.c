/* script_fixture.c - test harness: scripts parsed from strings. */
#include "engine/script_fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

struct tc_script *
tc_fx_parse_ok(const char *body)
{
	struct tc_parse_report rep;
	struct tc_script *s;
	char *src;
	enum tc_err err;

	ck_assert_int_ne(asprintf(&src, "%s%s", TC_FX_HEADER, body), -1);
	err = tc_parse_string("t.tcs", src, &s, &rep);
	free(src);
	ck_assert_msg(err == TC_OK, "parse of \"%s\" failed: %u:%u: %s", body,
	    rep.msg[0].line, rep.msg[0].col, rep.msg[0].msg);
	ck_assert_ptr_nonnull(s);
	return s;
}

const struct tc_parse_msg *
tc_fx_parse_err(const char *body, struct tc_parse_report *rep)
{
	struct tc_script *s;
	char *src;

	ck_assert_int_ne(asprintf(&src, "%s%s", TC_FX_HEADER, body), -1);
	ck_assert_int_eq(tc_parse_string("t.tcs", src, &s, rep),
	    TC_ERR_PARSE);
	free(src);
	ck_assert_ptr_null(s);
	ck_assert_uint_ge(rep->n, 1);
	return &rep->msg[0];
}

const struct tc_stmt *
tc_fx_last_stmt(const struct tc_script *s)
{
	ck_assert_uint_ge(s->nstmt, 1);
	return &s->stmt[s->nstmt - 1];
}

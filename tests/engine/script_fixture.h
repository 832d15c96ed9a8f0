/*
 * script_fixture.h - test harness: scripts parsed from strings, for the
 * parser, evaluator and family tests.
 */
#ifndef TC_TEST_SCRIPT_FIXTURE_H
#define TC_TEST_SCRIPT_FIXTURE_H

#include "ast.h"
#include "parse.h"

/* The header every fixture script starts with. */
#define TC_FX_HEADER	"test \"t\"\nref RFC9293 3.5\n"

/* Parses TC_FX_HEADER + body; a parse error fails the test with it. */
struct tc_script *tc_fx_parse_ok(const char *body);
/* Parses TC_FX_HEADER + body, which must fail; the first message. */
const struct tc_parse_msg *tc_fx_parse_err(const char *body,
	    struct tc_parse_report *rep);
/* The script's last statement (there must be one). */
const struct tc_stmt *tc_fx_last_stmt(const struct tc_script *s);

#endif /* TC_TEST_SCRIPT_FIXTURE_H */

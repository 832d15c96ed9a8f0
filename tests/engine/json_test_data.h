/* json_test_data.h - json_test's inputs: hostile text, broken reports. */
#ifndef TC_JSON_TEST_DATA_H
#define TC_JSON_TEST_DATA_H

#include "err.h"

/* Quotes, backslashes, controls, valid multi-byte, malformed UTF-8. */
#define HOSTILE	"q\"b\\s\x01\t\n\r\x7f \xc3\xa9\xf0\x9f\x98\x80 " \
	"\xff|\xc0\xaf|\xed\xa0\x80|\xc3"
#define FFFD	"\xef\xbf\xbd"
/* HOSTILE as it comes back: each malformed byte one U+FFFD. */
#define HOSTILE_BACK "q\"b\\s\x01\t\n\r\x7f \xc3\xa9\xf0\x9f\x98\x80 " \
	FFFD "|" FFFD FFFD "|" FFFD FFFD FFFD "|" FFFD

/*
 * The listing of a diff of DIFF_OLD against DIFF_NEW: regressions (a new
 * testcase that is bad is one), fixes, other changes, new and removed
 * testcases, each section by id.
 */
#define DIFF_OLD "p1=PASS p2=PASS x1=XFAIL s1=SKIP f1=FAIL f2=FAIL " \
	"e1=ERROR gone=PASS c1=PASS"
#define DIFF_NEW "new2=FAIL c1=SKIP e1=XFAIL f2=ERROR f1=PASS s1=INCONC " \
	"x1=XPASS p2=PASS p1=FAIL new1=PASS"
#define DIFF_LISTING \
	"regressions: 4\n" \
	"  (new)  -> FAIL    new2: r new\n" \
	"  PASS   -> FAIL    p1: r new\n" \
	"  SKIP   -> INCONC  s1: r new\n" \
	"  XFAIL  -> XPASS   x1: r new\n" \
	"fixes: 2\n" \
	"  ERROR  -> XFAIL   e1: r new\n" \
	"  FAIL   -> PASS    f1\n" \
	"changed: 2\n" \
	"  PASS   -> SKIP    c1: r new\n" \
	"  FAIL   -> ERROR   f2: r new\n" \
	"new: 1\n" \
	"  (new)  -> PASS    new1\n" \
	"removed: 1\n" \
	"  PASS   -> (gone)  gone\n" \
	"4 regressions, 2 fixes, 2 changed, 1 new, 1 removed\n"

/* Malformed reports, and the error and message each must give. */
#define HEAD	"{\"schema\": \"tcpconform-report/1\", \"run\": {}, "
#define CASE(x)	HEAD "\"testcases\": [{\"id\": \"a\", \"verdict\": " \
	"\"PASS\", " x "}]}"

static const struct bad {
	const char	*text;
	enum tc_err	err;
	const char	*msg;
} bad[] = {
	{ "", TC_ERR_PARSE, "not a tcpconform report" },
	{ "<?xml version=\"1.0\"?>", TC_ERR_PARSE, "not a tcpconform report" },
	{ "[]", TC_ERR_PARSE, "not a tcpconform report" },
	{ "{}", TC_ERR_PARSE, "not a tcpconform report (schema" },
	{ "{\"schema\": \"tcpconform-report/2\"}", TC_ERR_PARSE,
	    "got \"tcpconform-report/2\"" },
	{ "{\"schema\": 1}", TC_ERR_PARSE, "no \"schema\" string" },
	{ HEAD "\"testcases\": [", TC_ERR_PARSE, "invalid JSON" },
	{ HEAD "\"testcases\": []} x", TC_ERR_PARSE, "invalid JSON" },
	{ "{\"schema\": \"tcpconform-report/1\", \"testcases\": []}",
	    TC_ERR_PARSE, "\"run\": expected an object" },
	{ HEAD "\"testcases\": {}}", TC_ERR_PARSE, "expected an array" },
	{ HEAD "\"testcases\": [1]}", TC_ERR_PARSE, "testcases[0]: expected "
	    "an object, got an integer" },
	{ HEAD "\"testcases\": [{\"verdict\": \"PASS\"}]}", TC_ERR_PARSE,
	    "\"id\" missing" },
	{ HEAD "\"testcases\": [{\"id\": \"\", \"verdict\": \"PASS\"}]}",
	    TC_ERR_PARSE, "\"id\" is empty" },
	{ HEAD "\"testcases\": [{\"id\": \"a\"}]}", TC_ERR_PARSE,
	    "\"verdict\" missing" },
	{ HEAD "\"testcases\": [{\"id\": \"a\", \"verdict\": \"OK\"}]}",
	    TC_ERR_PARSE, "unknown verdict \"OK\"" },
	{ HEAD "\"testcases\": [{\"id\": 5, \"verdict\": \"PASS\"}]}",
	    TC_ERR_PARSE, "\"id\": expected a string, got an integer" },
	{ CASE("\"line\": -1"), TC_ERR_PARSE, "\"line\": -1 is out of range" },
	{ CASE("\"line\": 1.5"), TC_ERR_PARSE, "expected an integer" },
	{ CASE("\"duration_ms\": \"1\""), TC_ERR_PARSE, "expected a number" },
	{ CASE("\"duration_ms\": 1e300"), TC_ERR_PARSE, "out of range" },
	{ CASE("\"tags\": [1]"), TC_ERR_PARSE, "\"tags\"[0]" },
	{ CASE("\"tags\": \"a\""), TC_ERR_PARSE, "expected an array" },
	{ CASE("\"log\": [1]"), TC_ERR_PARSE, "testcases[0].log[0]: expected "
	    "an object" },
	{ CASE("\"log\": [{\"dir\": \"up\"}]"), TC_ERR_PARSE,
	    "expected \"out\", \"in\" or \"note\"" },
	{ CASE("\"log\": [{\"t_ms\": true, \"dir\": \"in\"}]"), TC_ERR_PARSE,
	    "\"t_ms\": expected a number, got true" },
	{ CASE("\"log\": [{\"t_ms\": 1}]"), TC_ERR_PARSE, "\"dir\" missing" },
	{ CASE("\"reason\": \"a\\u0000b\""), TC_ERR_PARSE, "invalid JSON" },
	{ CASE("\"id\": \"b\""), TC_ERR_PARSE, "invalid JSON" },
	{ "{\"schema\": \"tcpconform-report/1\", \"run\": {\"seed\": \"x1\"}, "
	    "\"testcases\": []}", TC_ERR_PARSE, "expected a seed" },
	{ "{\"schema\": \"tcpconform-report/1\", \"run\": {\"seed\": "
	    "\"99999999999999999999\"}, \"testcases\": []}", TC_ERR_PARSE,
	    "below 2^64" },
	{ "{\"schema\": \"tcpconform-report/1\", \"run\": {\"start\": "
	    "\"yesterday\"}, \"testcases\": []}", TC_ERR_PARSE,
	    "YYYY-MM-DDTHH:MM:SSZ" },
	{ "{\"schema\": \"tcpconform-report/1\", \"run\": {\"jobs\": "
	    "-4}, \"testcases\": []}", TC_ERR_PARSE, "out of range" },
	{ "{\"schema\": \"tcpconform-report/1\", \"run\": {\"interrupted\": "
	    "1}, \"testcases\": []}", TC_ERR_PARSE, "true or false" },
	{ HEAD "\"testcases\": [{\"id\": \"a\", \"verdict\": \"PASS\"}, "
	    "{\"id\": \"a\", \"verdict\": \"FAIL\"}]}", TC_ERR_PARSE,
	    "\"a\" is listed twice" },
};

#endif /* TC_JSON_TEST_DATA_H */

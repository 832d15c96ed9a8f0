/* lex_test.c - the script lexer: every token, literal, error and position. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define KINDS_MAX	24

#define T(x)	TC_TOK_##x

/* Lexes all of src; returns how many tokens (EOF included) went to out. */
static size_t
lex_all(const char *src, struct tc_token *out, size_t cap)
{
	struct tc_lexer lx;
	struct tc_diag d;
	size_t n = 0;

	tc_lex_init(&lx, src);
	while (n < cap) {
		tc_diag_init(&d);
		ck_assert_msg(tc_lex_next(&lx, &out[n], &d) == TC_OK,
		    "lexing \"%s\": %s", src, d.msg);
		if (out[n++].kind == T(EOF))
			break;
	}
	return n;
}

/* Lexes one token that must fail; returns the diagnostic. */
static void
lex_fail(const char *src, struct tc_diag *d)
{
	struct tc_lexer lx;
	struct tc_token tok;
	enum tc_err err;

	tc_lex_init(&lx, src);
	do {
		tc_diag_init(d);
		err = tc_lex_next(&lx, &tok, d);
	} while (err == TC_OK && tok.kind != T(EOF));
	ck_assert_msg(err == TC_ERR_PARSE, "\"%s\" lexed without error", src);
}

static const struct {
	const char	*src;
	enum tc_tok	kinds[KINDS_MAX];	/* up to and with EOF */
} kind_cases[] = {
	{ "", { T(EOF) } },
	{ "\n", { T(NEWLINE), T(EOF) } },
	{ "abc _x a1_b", { T(IDENT), T(IDENT), T(IDENT), T(EOF) } },
	{ "42", { T(NUMBER), T(EOF) } },
	{ "5ms", { T(DURATION), T(EOF) } },
	{ "\"s\"", { T(STRING), T(EOF) } },
	{ "= != < <= > >=", { T(EQ), T(NE), T(LT), T(LE), T(GT), T(GE),
	    T(EOF) } },
	{ "+-*(),", { T(PLUS), T(MINUS), T(STAR), T(LPAREN), T(RPAREN),
	    T(COMMA), T(EOF) } },
	{ ". .. | :", { T(DOT), T(DOTDOT), T(PIPE), T(COLON), T(EOF) } },
	{ "<=<", { T(LE), T(LT), T(EOF) } },
	{ "...", { T(DOTDOT), T(DOT), T(EOF) } },
	{ "S.", { T(IDENT), T(DOT), T(EOF) } },
	{ "seq=isn+1", { T(IDENT), T(EQ), T(IDENT), T(PLUS), T(NUMBER),
	    T(EOF) } },
	{ "<mss 1460,sackOK>", { T(LT), T(IDENT), T(NUMBER), T(COMMA),
	    T(IDENT), T(GT), T(EOF) } },
	{ "sack 1:2", { T(IDENT), T(NUMBER), T(COLON), T(NUMBER), T(EOF) } },
	{ "1..3", { T(NUMBER), T(DOTDOT), T(NUMBER), T(EOF) } },
	{ "1s..3s", { T(DURATION), T(DOTDOT), T(DURATION), T(EOF) } },
	{ "1.5s..2s", { T(DURATION), T(DOTDOT), T(DURATION), T(EOF) } },
	{ "a\r\nb", { T(IDENT), T(NEWLINE), T(IDENT), T(EOF) } },
	{ "S. | R", { T(IDENT), T(DOT), T(PIPE), T(IDENT), T(EOF) } },
};

START_TEST(test_kinds)
{
	struct tc_token toks[KINDS_MAX];
	size_t n, i;

	n = lex_all(kind_cases[_i].src, toks, NITEMS(toks));
	for (i = 0; i < n; i++)
		ck_assert_msg(toks[i].kind == kind_cases[_i].kinds[i],
		    "\"%s\" token %zu is %s, expected %s", kind_cases[_i].src,
		    i, tc_lex_token_name(toks[i].kind),
		    tc_lex_token_name(kind_cases[_i].kinds[i]));
	ck_assert_int_eq(toks[n - 1].kind, T(EOF));
}
END_TEST

START_TEST(test_token_text)
{
	struct tc_token toks[8];
	size_t n;

	n = lex_all("send  <=  abc_1", toks, NITEMS(toks));
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(toks[0].len, 4);
	ck_assert(strncmp(toks[0].start, "send", 4) == 0);
	ck_assert_uint_eq(toks[1].len, 2);
	ck_assert(strncmp(toks[1].start, "<=", 2) == 0);
	ck_assert_uint_eq(toks[2].len, 5);
	ck_assert(strncmp(toks[2].start, "abc_1", 5) == 0);
}
END_TEST

START_TEST(test_names)
{
	int i, j;

	for (i = 0; i < TC_TOK_COUNT; i++) {
		const char *n = tc_lex_token_name((enum tc_tok)i);

		ck_assert_ptr_nonnull(n);
		ck_assert_str_ne(n, "?");
		for (j = 0; j < i; j++)
			ck_assert_str_ne(n, tc_lex_token_name((enum tc_tok)j));
	}
	ck_assert_str_eq(tc_lex_token_name(TC_TOK_COUNT), "?");
	ck_assert_str_eq(tc_lex_token_name((enum tc_tok)-1), "?");
	ck_assert_str_eq(tc_lex_token_name(T(NEWLINE)), "end of line");
	ck_assert_str_eq(tc_lex_token_name(T(DOTDOT)), "'..'");
}
END_TEST

static const struct {
	const char	*src;
	uint64_t	v;
} numbers[] = {
	{ "0", 0 }, { "7", 7 }, { "1460", 1460 }, { "007", 7 },
	{ "4294967295", UINT32_MAX }, { "4294967296", UINT64_C(1) << 32 },
	{ "0x10", 16 }, { "0XfF", 255 }, { "0xDeadBeef", 0xdeadbeef },
	{ "18446744073709551615", UINT64_MAX },
	{ "0xffffffffffffffff", UINT64_MAX },
};

START_TEST(test_numbers)
{
	struct tc_token toks[2];

	ck_assert_uint_eq(lex_all(numbers[_i].src, toks, 2), 2);
	ck_assert_int_eq(toks[0].kind, T(NUMBER));
	ck_assert_msg(toks[0].num == numbers[_i].v, "%s -> %llu",
	    numbers[_i].src, (unsigned long long)toks[0].num);
	ck_assert_uint_eq(toks[0].len, strlen(numbers[_i].src));
}
END_TEST

static const struct {
	const char	*src;
	unsigned	col;
	const char	*msg;
} lex_errors[] = {
	{ "18446744073709551616", 1,
	    "number too large (the limit is 2^64-1)" },
	{ "x 99999999999999999999", 3,
	    "number too large (the limit is 2^64-1)" },
	{ "0x10000000000000000", 1,
	    "number too large (the limit is 2^64-1)" },
	{ "0x", 1, "hexadecimal number without digits" },
	{ "0xg", 1, "hexadecimal number without digits" },
	{ "1.5", 1, "fractional number without a unit; expected a duration "
	    "such as 1.5s" },
	{ "5h", 2, "unknown unit; expected us, ms, s or min" },
	{ "5 5sec", 4, "unknown unit; expected us, ms, s or min" },
	{ "1.5x", 4, "unknown unit; expected us, ms, s or min" },
	{ "5mins", 2, "unknown unit; expected us, ms, s or min" },
	{ "999999999999999min", 1, "duration too long" },
	{ "\"abc", 1, "unterminated string; expected '\"' before the end of "
	    "the line" },
	{ "  \"abc\ndef\"", 3, "unterminated string; expected '\"' before "
	    "the end of the line" },
	{ "\"a\\qb\"", 3, "unknown escape; expected \\n, \\r, \\t, \\0, "
	    "\\\\, \\\" or \\xHH" },
	{ "\"\\x4\"", 2, "'\\x' needs two hex digits; expected \\xHH" },
	{ "\"\\xg1\"", 2, "'\\x' needs two hex digits; expected \\xHH" },
	{ "a @", 3, "unexpected character '@'" },
	{ "a\\b", 2, "unexpected character '\\'" },
	{ "a\x01", 2, "unexpected byte 0x01; expected printable text" },
};

START_TEST(test_errors)
{
	struct tc_diag d;

	lex_fail(lex_errors[_i].src, &d);
	ck_assert_str_eq(d.msg, lex_errors[_i].msg);
	ck_assert_uint_eq(d.line, 1);
	ck_assert_uint_eq(d.col, lex_errors[_i].col);
}
END_TEST

START_TEST(test_error_position)
{
	struct tc_diag d;

	lex_fail("a\n  b @", &d);
	ck_assert_uint_eq(d.line, 2);
	ck_assert_uint_eq(d.col, 5);
}
END_TEST

/* After an error the lexer stands after the bad character and goes on. */
START_TEST(test_error_resume)
{
	struct tc_lexer lx;
	struct tc_token tok;
	struct tc_diag d;

	tc_lex_init(&lx, "@x \"bad\\q\" y");
	tc_diag_init(&d);
	ck_assert_int_eq(tc_lex_next(&lx, &tok, &d), TC_ERR_PARSE);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_lex_next(&lx, &tok, &d), TC_OK);
	ck_assert_int_eq(tok.kind, T(IDENT));
	ck_assert_uint_eq(tok.col, 2);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_lex_next(&lx, &tok, &d), TC_ERR_PARSE);
	/* Wherever it stands, it makes progress and reaches the end. */
	for (int i = 0; i < 16 && tok.kind != T(EOF); i++) {
		tc_diag_init(&d);
		(void)tc_lex_next(&lx, &tok, &d);
	}
	ck_assert_int_eq(tok.kind, T(EOF));
}
END_TEST

#define US	INT64_C(1000)
#define MS	INT64_C(1000000)
#define SEC	INT64_C(1000000000)

static const struct {
	const char	*src;
	int64_t		ns;
} durations[] = {
	{ "1us", US }, { "10us", 10 * US }, { "1ms", MS },
	{ "250ms", 250 * MS },
	{ "1s", SEC }, { "0s", 0 }, { "1min", 60 * SEC }, { "2min", 120 * SEC },
	{ "1.5s", 1500 * MS }, { "0.5ms", 500 * US }, { "1.25min", 75 * SEC },
	{ "2.5us", 2500 }, { "0.001s", MS }, { "0.000000001s", 1 },
	{ "1.0000000009s", SEC },	/* past 9 digits: truncated */
	{ "1.05ms", 1050 * US },
};

START_TEST(test_durations)
{
	struct tc_token toks[2];

	ck_assert_uint_eq(lex_all(durations[_i].src, toks, 2), 2);
	ck_assert_int_eq(toks[0].kind, T(DURATION));
	ck_assert_msg(toks[0].ns == durations[_i].ns, "%s -> %lld ns",
	    durations[_i].src, (long long)toks[0].ns);
	ck_assert_uint_eq(toks[0].len, strlen(durations[_i].src));
}
END_TEST

/*
 * Fractions finer than the unit's nanosecond resolution: the scale is
 * divided once per digit before multiplying, so it reaches 0 and drops the
 * whole fraction.  1.2345us is 1234.5 ns; 1.1234567ms is 1123456.7 ns.
 */
static const struct {
	const char	*src;
	int64_t		ns;
} fine_durations[] = {
	{ "1.2345us", 1234 }, { "1.1234567ms", 1123456 },
	{ "0.0001us", 0 }, { "1.9999us", 1999 },
};

START_TEST(test_duration_fine_fraction)
{
	struct tc_token toks[2];

	ck_assert_uint_eq(lex_all(fine_durations[_i].src, toks, 2), 2);
	ck_assert_int_eq(toks[0].kind, T(DURATION));
	ck_assert_msg(toks[0].ns == fine_durations[_i].ns,
	    "%s -> %lld ns, expected %lld", fine_durations[_i].src,
	    (long long)toks[0].ns, (long long)fine_durations[_i].ns);
}
END_TEST

START_TEST(test_ranges)
{
	struct tc_token t[4];

	ck_assert_uint_eq(lex_all("1..3", t, 4), 4);
	ck_assert(t[0].num == 1 && t[2].num == 3);
	ck_assert_uint_eq(t[1].col, 2);
	ck_assert_uint_eq(lex_all("1s..3s", t, 4), 4);
	ck_assert(t[0].ns == SEC && t[2].ns == 3 * SEC);
	ck_assert_uint_eq(lex_all("0x10..0x20", t, 4), 4);
	ck_assert(t[0].num == 16 && t[2].num == 32);
	ck_assert_int_eq(t[1].kind, T(DOTDOT));
}
END_TEST

static const struct {
	const char	*src;
	const char	*bytes;
	size_t		len;
} strings[] = {
	{ "\"\"", "", 0 },
	{ "\"hello\"", "hello", 5 },
	{ "\"a\\nb\"", "a\nb", 3 },
	{ "\"\\r\\t\"", "\r\t", 2 },
	{ "\"x\\0y\"", "x\0y", 3 },
	{ "\"\\\\\"", "\\", 1 },
	{ "\"say \\\"hi\\\"\"", "say \"hi\"", 8 },
	{ "\"\\x41\\x7a\\xff\\x00\"", "Az\xff\0", 4 },
	{ "\"\\xAb\"", "\xab", 1 },
	{ "\"# not a comment\"", "# not a comment", 15 },
	{ "\"tab\there\"", "tab\there", 8 },
};

START_TEST(test_strings)
{
	struct tc_token t[2];

	ck_assert_uint_eq(lex_all(strings[_i].src, t, 2), 2);
	ck_assert_int_eq(t[0].kind, T(STRING));
	ck_assert_uint_eq(t[0].str_len, strings[_i].len);
	ck_assert(memcmp(t[0].str, strings[_i].bytes, strings[_i].len) == 0);
	ck_assert_uint_eq(t[0].len, strlen(strings[_i].src));
}
END_TEST

START_TEST(test_string_limit)
{
	char src[TC_LEX_STRMAX + 8];
	struct tc_token t[2];
	struct tc_diag d;

	/* Exactly 1024 bytes fit. */
	src[0] = '"';
	memset(src + 1, 'a', TC_LEX_STRMAX);
	src[TC_LEX_STRMAX + 1] = '"';
	src[TC_LEX_STRMAX + 2] = '\0';
	ck_assert_uint_eq(lex_all(src, t, 2), 2);
	ck_assert_uint_eq(t[0].str_len, TC_LEX_STRMAX);
	/* One more does not. */
	memset(src + 1, 'b', TC_LEX_STRMAX + 1);
	src[TC_LEX_STRMAX + 2] = '"';
	src[TC_LEX_STRMAX + 3] = '\0';
	lex_fail(src, &d);
	ck_assert_str_eq(d.msg, "string longer than 1024 bytes (the limit)");
	ck_assert_uint_eq(d.col, 1);
	/* Escapes count once each, so 1024 "\x41" make 1024 bytes. */
	{
		char big[4 * TC_LEX_STRMAX + 4];
		size_t i;

		big[0] = '"';
		for (i = 0; i < TC_LEX_STRMAX; i++)
			memcpy(big + 1 + 4 * i, "\\x41", 4);
		big[1 + 4 * TC_LEX_STRMAX] = '"';
		big[2 + 4 * TC_LEX_STRMAX] = '\0';
		ck_assert_uint_eq(lex_all(big, t, 2), 2);
		ck_assert_uint_eq(t[0].str_len, TC_LEX_STRMAX);
		ck_assert_uint_eq(t[0].str[TC_LEX_STRMAX - 1], 'A');
	}
}
END_TEST

START_TEST(test_comments)
{
	struct tc_token t[8];
	size_t n;

	n = lex_all("send # a comment \"with a quote\n  x # more", t, 8);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(t[0].kind, T(IDENT));
	ck_assert_int_eq(t[1].kind, T(NEWLINE));
	ck_assert_uint_eq(t[1].line, 1);
	ck_assert_int_eq(t[2].kind, T(IDENT));
	ck_assert_uint_eq(t[2].line, 2);
	ck_assert_uint_eq(t[2].col, 3);
	ck_assert_int_eq(t[3].kind, T(EOF));
	/* A line holding only a comment is just a NEWLINE. */
	n = lex_all("# only\n#\n", t, 8);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(t[0].kind, T(NEWLINE));
	ck_assert_int_eq(t[1].kind, T(NEWLINE));
	ck_assert_uint_eq(t[1].line, 2);
}
END_TEST

START_TEST(test_continuation)
{
	struct tc_token t[8];
	size_t n;

	n = lex_all("send S \\\n   seq=1\nx", t, 8);
	ck_assert_uint_eq(n, 8);
	ck_assert_int_eq(t[1].kind, T(IDENT));
	ck_assert_int_eq(t[2].kind, T(IDENT));	/* no NEWLINE before seq */
	ck_assert_uint_eq(t[2].line, 2);
	ck_assert_uint_eq(t[2].col, 4);
	ck_assert(t[2].space_before);
	ck_assert_int_eq(t[5].kind, T(NEWLINE));
	ck_assert_uint_eq(t[5].line, 2);
	ck_assert_uint_eq(t[6].line, 3);
	/* A continuation straight after a token still counts as space. */
	n = lex_all("a\\\nb", t, 8);
	ck_assert_uint_eq(n, 3);
	ck_assert(t[1].space_before);
	ck_assert_uint_eq(t[1].line, 2);
	ck_assert_uint_eq(t[1].col, 1);
	/* After a comment the backslash is part of the comment. */
	n = lex_all("a # c \\\nb", t, 8);
	ck_assert_int_eq(t[1].kind, T(NEWLINE));
}
END_TEST

START_TEST(test_positions)
{
	struct tc_token t[8];

	ck_assert_uint_eq(lex_all("ab  cd\n\t ef ..", t, 8), 6);
	ck_assert(t[0].line == 1 && t[0].col == 1);
	ck_assert(t[1].line == 1 && t[1].col == 5);
	ck_assert(t[2].kind == T(NEWLINE) && t[2].line == 1 &&
	    t[2].col == 7);
	/* A tab is one column, as gcc counts. */
	ck_assert(t[3].line == 2 && t[3].col == 3);
	ck_assert(t[4].line == 2 && t[4].col == 6);
	ck_assert(t[5].kind == T(EOF) && t[5].line == 2 && t[5].col == 8);
}
END_TEST

static const struct {
	const char	*src;
	size_t		idx;		/* token whose flag is checked */
	bool		space;
} spaces[] = {
	{ "S.", 1, false }, { "S .", 1, true }, { "S\t.", 1, true },
	{ "x", 0, false }, { "  x", 0, true }, { "S#c\n.", 1, true },
	{ "a=b", 1, false }, { "a =b", 1, true }, { "a= b", 2, true },
	{ "a\n.", 2, false },	/* the NEWLINE is not space */
};

START_TEST(test_space_before)
{
	struct tc_token t[8];

	lex_all(spaces[_i].src, t, 8);
	ck_assert_msg(t[spaces[_i].idx].space_before == spaces[_i].space,
	    "\"%s\" token %zu", spaces[_i].src, spaces[_i].idx);
}
END_TEST

START_TEST(test_rest)
{
	const char *src = "ref  RFC9293 3.5, RFC5961  # why\nnext";
	struct tc_lexer lx;
	struct tc_token tok;
	struct tc_diag d;
	const char *start;
	size_t len;
	unsigned col;

	tc_lex_init(&lx, src);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_lex_next(&lx, &tok, &d), TC_OK);
	tc_lex_rest(&lx, &start, &len, &col);
	ck_assert_uint_eq(len, strlen("RFC9293 3.5, RFC5961"));
	ck_assert(strncmp(start, "RFC9293 3.5, RFC5961", len) == 0);
	ck_assert_uint_eq(col, 6);
	ck_assert_int_eq(tc_lex_next(&lx, &tok, &d), TC_OK);
	ck_assert_int_eq(tok.kind, T(NEWLINE));
	ck_assert_int_eq(tc_lex_next(&lx, &tok, &d), TC_OK);
	ck_assert_int_eq(tok.kind, T(IDENT));
	ck_assert_uint_eq(tok.line, 2);
}
END_TEST

START_TEST(test_rest_empty)
{
	static const char *const srcs[] = { "ref", "ref\n", "ref   # c\n",
	    "ref \t \n" };
	struct tc_lexer lx;
	struct tc_token tok;
	struct tc_diag d;
	const char *start;
	size_t len;
	unsigned col;

	tc_lex_init(&lx, srcs[_i]);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_lex_next(&lx, &tok, &d), TC_OK);
	tc_lex_rest(&lx, &start, &len, &col);
	ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(tc_lex_next(&lx, &tok, &d), TC_OK);
	ck_assert(tok.kind == T(NEWLINE) || tok.kind == T(EOF));
}
END_TEST

START_TEST(test_skip_line)
{
	struct tc_lexer lx;
	struct tc_token tok;
	struct tc_diag d;

	tc_lex_init(&lx, "a b c\nd");
	tc_diag_init(&d);
	ck_assert_int_eq(tc_lex_next(&lx, &tok, &d), TC_OK);
	tc_lex_skip_line(&lx);
	ck_assert_int_eq(tc_lex_next(&lx, &tok, &d), TC_OK);
	ck_assert(tok.kind == T(IDENT) && tok.line == 2 && tok.col == 1);
	tc_lex_skip_line(&lx);	/* at the end: stays there */
	ck_assert_int_eq(tc_lex_next(&lx, &tok, &d), TC_OK);
	ck_assert_int_eq(tok.kind, T(EOF));
}
END_TEST

START_TEST(test_source_line)
{
	const char *src = "first\nsecond line\n\nlast", *p;

	ck_assert_uint_eq(tc_lex_source_line(src, 1, &p), 5);
	ck_assert(strncmp(p, "first", 5) == 0);
	ck_assert_uint_eq(tc_lex_source_line(src, 2, &p), 11);
	ck_assert(strncmp(p, "second line", 11) == 0);
	ck_assert_uint_eq(tc_lex_source_line(src, 3, &p), 0);
	ck_assert_uint_eq(tc_lex_source_line(src, 4, &p), 4);
	ck_assert(strncmp(p, "last", 4) == 0);
	ck_assert_uint_eq(tc_lex_source_line(src, 9, &p), 0);
	ck_assert_uint_eq(tc_lex_source_line("", 1, &p), 0);
}
END_TEST

static Suite *
lex_suite(void)
{
	Suite *s = suite_create("lex");
	TCase *tc;

	tc = tcase_create("tokens");
	tcase_add_loop_test(tc, test_kinds, 0, (int)NITEMS(kind_cases));
	tcase_add_test(tc, test_token_text);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("literals");
	tcase_add_loop_test(tc, test_numbers, 0, (int)NITEMS(numbers));
	tcase_add_loop_test(tc, test_durations, 0, (int)NITEMS(durations));
	tcase_add_loop_test(tc, test_duration_fine_fraction, 0,
	    (int)NITEMS(fine_durations));
	tcase_add_test(tc, test_ranges);
	tcase_add_loop_test(tc, test_strings, 0, (int)NITEMS(strings));
	tcase_add_test(tc, test_string_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_errors, 0, (int)NITEMS(lex_errors));
	tcase_add_test(tc, test_error_position);
	tcase_add_test(tc, test_error_resume);
	suite_add_tcase(s, tc);

	tc = tcase_create("layout");
	tcase_add_test(tc, test_comments);
	tcase_add_test(tc, test_continuation);
	tcase_add_test(tc, test_positions);
	tcase_add_loop_test(tc, test_space_before, 0, (int)NITEMS(spaces));
	tcase_add_test(tc, test_rest);
	tcase_add_loop_test(tc, test_rest_empty, 0, 4);
	tcase_add_test(tc, test_skip_line);
	tcase_add_test(tc, test_source_line);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(lex_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* lex.c - hand-written lexer for testcase scripts. */
#include "lex.h"

#include <ctype.h>
#include <string.h>

/* ORDER TOKENS */
static const char *const token_names[TC_TOK_COUNT] = {
	[TC_TOK_EOF] = "end of file",
	[TC_TOK_NEWLINE] = "end of line",
	[TC_TOK_IDENT] = "name",
	[TC_TOK_NUMBER] = "number",
	[TC_TOK_DURATION] = "duration",
	[TC_TOK_STRING] = "string",
	[TC_TOK_EQ] = "'='",
	[TC_TOK_NE] = "'!='",
	[TC_TOK_LT] = "'<'",
	[TC_TOK_LE] = "'<='",
	[TC_TOK_GT] = "'>'",
	[TC_TOK_GE] = "'>='",
	[TC_TOK_PLUS] = "'+'",
	[TC_TOK_MINUS] = "'-'",
	[TC_TOK_STAR] = "'*'",
	[TC_TOK_SLASH] = "'/'",
	[TC_TOK_LPAREN] = "'('",
	[TC_TOK_RPAREN] = "')'",
	[TC_TOK_COMMA] = "','",
	[TC_TOK_DOT] = "'.'",
	[TC_TOK_DOTDOT] = "'..'",
	[TC_TOK_PIPE] = "'|'",
	[TC_TOK_COLON] = "':'",
	[TC_TOK_BANG] = "'!'",
};

_Static_assert(sizeof(token_names) / sizeof(token_names[0]) == TC_TOK_COUNT,
    "token_names out of step with enum tc_tok");

static const struct {
	const char	*name;
	int64_t		ns;
} units[] = {
	{ "us", 1000 },
	{ "ms", 1000000 },
	{ "s", 1000000000 },
	{ "min", INT64_C(60000000000) },
};

const char *
tc_lex_token_name(enum tc_tok t)
{
	if ((unsigned)t >= TC_TOK_COUNT)
		return "?";
	return token_names[t];
}

void
tc_lex_init(struct tc_lexer *lx, const char *src)
{
	lx->src = src;
	lx->p = src;
	lx->line = 1;
	lx->line_start = src;
}

static unsigned
col_of(const struct tc_lexer *lx, const char *p)
{
	return (unsigned)(p - lx->line_start) + 1;
}

static enum tc_err
lex_error(struct tc_lexer *lx, const char *at, struct tc_diag *diag,
    const char *msg)
{
	tc_diag_at(diag, NULL, lx->line, col_of(lx, at));
	tc_diag_set(diag, "%s", msg);
	return TC_ERR_PARSE;
}

/* Skips blanks, comments and backslash-newline continuations. */
static bool
skip_space(struct tc_lexer *lx)
{
	bool skipped = false;

	for (;;) {
		char c = *lx->p;

		if (c == ' ' || c == '\t' || c == '\r') {
			lx->p++;
		} else if (c == '#') {
			while (*lx->p != '\0' && *lx->p != '\n')
				lx->p++;
		} else if (c == '\\' && (lx->p[1] == '\n' ||
		    (lx->p[1] == '\r' && lx->p[2] == '\n'))) {
			lx->p += lx->p[1] == '\r' ? 3 : 2;
			lx->line++;
			lx->line_start = lx->p;
		} else {
			return skipped;
		}
		skipped = true;
	}
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One escape after a backslash; *pp points past the backslash. */
static int
lex_escape(const char **pp)
{
	const char *p = *pp;
	int hi, lo;

	switch (*p) {
	case 'n': *pp = p + 1; return '\n';
	case 'r': *pp = p + 1; return '\r';
	case 't': *pp = p + 1; return '\t';
	case '0': *pp = p + 1; return '\0';
	case '\\': *pp = p + 1; return '\\';
	case '"': *pp = p + 1; return '"';
	case 'x':
		hi = hexval(p[1]);
		lo = hi < 0 ? -1 : hexval(p[2]);
		if (lo < 0)
			return -1;
		*pp = p + 3;
		return hi << 4 | lo;
	default:
		return -1;
	}
}

static enum tc_err
lex_string(struct tc_lexer *lx, struct tc_token *tok, struct tc_diag *diag)
{
	const char *p = lx->p + 1;

	tok->kind = TC_TOK_STRING;
	tok->str_len = 0;
	while (*p != '"') {
		int c;

		if (*p == '\0' || *p == '\n')
			return lex_error(lx, tok->start, diag,
			    "unterminated string; expected '\"' before the "
			    "end of the line");
		if (*p == '\\') {
			const char *esc = p;

			p++;
			c = lex_escape(&p);
			if (c < 0 && *p == 'x')
				return lex_error(lx, esc, diag,
				    "'\\x' needs two hex digits; expected "
				    "\\xHH");
			if (c < 0)
				return lex_error(lx, esc, diag,
				    "unknown escape; expected \\n, \\r, \\t, "
				    "\\0, \\\\, \\\" or \\xHH");
		} else {
			c = (unsigned char)*p++;
		}
		if (tok->str_len == TC_LEX_STRMAX)
			return lex_error(lx, tok->start, diag,
			    "string longer than 1024 bytes (the limit)");
		tok->str[tok->str_len++] = (uint8_t)c;
	}
	lx->p = p + 1;
	return TC_OK;
}

/* Fractional durations: "1.5s".  Digits after the point, at most 9. */
static bool
lex_fraction(const char **pp, uint64_t *frac, int *digits)
{
	const char *p = *pp;

	*frac = 0;
	*digits = 0;
	if (p[0] != '.' || !isdigit((unsigned char)p[1]))
		return false;
	p++;
	while (isdigit((unsigned char)*p)) {
		if (*digits < 9) {
			*frac = *frac * 10 + (uint64_t)(*p - '0');
			(*digits)++;
		}
		p++;
	}
	*pp = p;
	return true;
}

static enum tc_err
lex_unit(struct tc_lexer *lx, struct tc_token *tok, const char *u,
    uint64_t frac, int digits, struct tc_diag *diag)
{
	const char *e = u;
	size_t i, n;

	while (isalpha((unsigned char)*e))
		e++;
	n = (size_t)(e - u);
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		unsigned __int128 part = (unsigned __int128)frac *
		    (uint64_t)units[i].ns;
		int d;

		if (strlen(units[i].name) != n ||
		    strncmp(units[i].name, u, n) != 0)
			continue;
		if (tok->num > (uint64_t)(INT64_MAX / units[i].ns) / 2)
			return lex_error(lx, tok->start, diag,
			    "duration too long");
		/* frac * unit / 10^digits, multiplied first: no precision
		 * lost for short units; truncated below 1 ns. */
		for (d = digits; d > 0; d--)
			part /= 10;
		tok->kind = TC_TOK_DURATION;
		tok->ns = (int64_t)tok->num * units[i].ns + (int64_t)part;
		lx->p = e;
		return TC_OK;
	}
	return lex_error(lx, u, diag,
	    "unknown unit; expected us, ms, s or min");
}

static enum tc_err
lex_number(struct tc_lexer *lx, struct tc_token *tok, struct tc_diag *diag)
{
	const char *p = lx->p;
	uint64_t v = 0, frac = 0;
	int base = 10, d, digits = 0;
	bool has_frac;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		if (hexval(*p) < 0)
			return lex_error(lx, tok->start, diag,
			    "hexadecimal number without digits");
	}
	while ((d = hexval(*p)) >= 0 && d < base) {
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return lex_error(lx, tok->start, diag,
			    "number too large (the limit is 2^64-1)");
		v = v * (uint64_t)base + (uint64_t)d;
		p++;
	}
	tok->kind = TC_TOK_NUMBER;
	tok->num = v;
	has_frac = base == 10 && lex_fraction(&p, &frac, &digits);
	if (isalpha((unsigned char)*p))
		return lex_unit(lx, tok, p, frac, digits, diag);
	if (has_frac)
		return lex_error(lx, tok->start, diag,
		    "fractional number without a unit; expected a duration "
		    "such as 1.5s");
	lx->p = p;
	return TC_OK;
}

static bool
lex_punct(struct tc_lexer *lx, struct tc_token *tok)
{
	static const struct {
		char		text[3];
		enum tc_tok	kind;
	} puncts[] = {	/* two-character tokens first */
		{ "!=", TC_TOK_NE }, { "<=", TC_TOK_LE }, { ">=", TC_TOK_GE },
		{ "..", TC_TOK_DOTDOT }, { "=", TC_TOK_EQ },
		{ "<", TC_TOK_LT }, { ">", TC_TOK_GT }, { "+", TC_TOK_PLUS },
		{ "-", TC_TOK_MINUS }, { "*", TC_TOK_STAR },
		{ "/", TC_TOK_SLASH },
		{ "(", TC_TOK_LPAREN }, { ")", TC_TOK_RPAREN },
		{ ",", TC_TOK_COMMA }, { ".", TC_TOK_DOT },
		{ "|", TC_TOK_PIPE }, { ":", TC_TOK_COLON },
		{ "!", TC_TOK_BANG },
	};
	size_t i;

	for (i = 0; i < sizeof(puncts) / sizeof(puncts[0]); i++) {
		size_t n = strlen(puncts[i].text);

		if (strncmp(lx->p, puncts[i].text, n) == 0) {
			tok->kind = puncts[i].kind;
			lx->p += n;
			return true;
		}
	}
	return false;
}

enum tc_err
tc_lex_next(struct tc_lexer *lx, struct tc_token *tok, struct tc_diag *diag)
{
	enum tc_err err = TC_OK;
	char c;

	tok->space_before = skip_space(lx);
	tok->start = lx->p;
	tok->line = lx->line;
	tok->col = col_of(lx, lx->p);
	c = *lx->p;
	if (c == '\0') {
		tok->kind = TC_TOK_EOF;
	} else if (c == '\n') {
		tok->kind = TC_TOK_NEWLINE;
		lx->p++;
		lx->line++;
		lx->line_start = lx->p;
	} else if (isalpha((unsigned char)c) || c == '_') {
		tok->kind = TC_TOK_IDENT;
		while (isalnum((unsigned char)*lx->p) || *lx->p == '_')
			lx->p++;
	} else if (isdigit((unsigned char)c)) {
		err = lex_number(lx, tok, diag);
	} else if (c == '"') {
		err = lex_string(lx, tok, diag);
	} else if (!lex_punct(lx, tok)) {
		lx->p++;
		tc_diag_at(diag, NULL, lx->line, col_of(lx, tok->start));
		if (isprint((unsigned char)c))
			tc_diag_set(diag, "unexpected character '%c'", c);
		else
			tc_diag_set(diag, "unexpected byte 0x%02x; expected "
			    "printable text", (unsigned char)c);
		return TC_ERR_PARSE;
	}
	if (err != TC_OK) {
		if (lx->p == tok->start)
			lx->p++;
		return err;
	}
	tok->len = (size_t)(lx->p - tok->start);
	return TC_OK;
}

void
tc_lex_rest(struct tc_lexer *lx, const char **start, size_t *len,
    unsigned *col)
{
	const char *p = lx->p, *end;

	while (*p == ' ' || *p == '\t')
		p++;
	end = p;
	while (*end != '\0' && *end != '\n' && *end != '#')
		end++;
	lx->p = end;
	while (*lx->p != '\0' && *lx->p != '\n')
		lx->p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	*start = p;
	*len = (size_t)(end - p);
	*col = col_of(lx, p);
}

void
tc_lex_skip_line(struct tc_lexer *lx)
{
	while (*lx->p != '\0' && *lx->p != '\n')
		lx->p++;
	if (*lx->p == '\n') {
		lx->p++;
		lx->line++;
		lx->line_start = lx->p;
	}
}

size_t
tc_lex_source_line(const char *src, unsigned line, const char **out)
{
	const char *p = src, *e;
	unsigned l = 1;

	while (l < line && *p != '\0') {
		if (*p == '\n')
			l++;
		p++;
	}
	e = p;
	while (*e != '\0' && *e != '\n')
		e++;
	*out = p;
	return (size_t)(e - p);
}

/* parse.c - recursive-descent parser for testcase scripts (one grammar). */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lex.h"
#include "options.h"
#include "segment.h"
#include "target.h"

#define EXPR_DEPTH_MAX	32
#define STMTS_MAX	4096
#define SOCKS_MAX	16
#define VARS_MAX	64
#define SRC_MAX		(1024 * 1024)

struct parser {
	struct tc_lexer	lx;
	struct tc_token	tok;		/* the one token of lookahead */
	struct tc_script *s;
	struct tc_parse_report *rep;
	unsigned	depth;		/* expression nesting */
	const char	*socks[SOCKS_MAX];
	size_t		nsocks;
	const char	*vars[VARS_MAX];
	size_t		nvars;
	bool		seen_send;
	const char	*path;		/* the file being read (arena) */
	unsigned	include_depth;
	bool		limit_hit;	/* new_stmt failed on the limit */
	bool		stop;		/* give up on the rest of the file */
	unsigned	closed_line[SOCKS_MAX]; /* where a socket was closed */
};

static void __attribute__((format(printf, 5, 0)))
report_add(struct parser *ps, enum tc_severity sev, unsigned line,
    unsigned col, const char *fmt, va_list ap)
{
	struct tc_parse_report *rep = ps->rep;
	struct tc_parse_msg *m;
	const char *text;
	size_t len;

	if (sev == TC_SEV_ERROR)
		rep->nerrors++;
	else if (sev == TC_SEV_WARNING)
		rep->nwarnings++;
	if (rep->n == TC_PARSE_MSGS_MAX) {
		rep->dropped++;
		return;
	}
	m = &rep->msg[rep->n++];
	m->severity = sev;
	m->line = line;
	m->col = col;
	snprintf(m->path, sizeof(m->path), "%s", ps->path ? ps->path : "");
	vsnprintf(m->msg, sizeof(m->msg), fmt, ap);
	m->text[0] = '\0';
	if (ps->lx.src != NULL && line > 0) {
		len = tc_lex_source_line(ps->lx.src, line, &text);
		snprintf(m->text, sizeof(m->text), "%.*s", (int)len, text);
	}
}

static enum tc_err __attribute__((format(printf, 4, 5)))
error_at(struct parser *ps, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_add(ps, TC_SEV_ERROR, line, col, fmt, ap);
	va_end(ap);
	return TC_ERR_PARSE;
}

static void __attribute__((format(printf, 4, 5)))
note_at(struct parser *ps, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_add(ps, TC_SEV_NOTE, line, col, fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 4, 5)))
warn_at(struct parser *ps, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_add(ps, TC_SEV_WARNING, line, col, fmt, ap);
	va_end(ap);
}

/* The current token as the user wrote it, for "got '...'". */
static const char *
tok_text(const struct tc_token *t, char *buf, size_t cap)
{
	if (t->kind == TC_TOK_EOF || t->kind == TC_TOK_NEWLINE)
		snprintf(buf, cap, "%s", tc_lex_token_name(t->kind));
	else
		snprintf(buf, cap, "'%.*s'", (int)(t->len > 40 ? 40 : t->len),
		    t->start);
	return buf;
}

static enum tc_err
expected(struct parser *ps, const char *what)
{
	char got[64];

	if (ps->tok.kind == TC_TOK_COUNT)
		return TC_ERR_PARSE;	/* the lexer said why */
	return error_at(ps, ps->tok.line, ps->tok.col, "expected %s; got %s",
	    what, tok_text(&ps->tok, got, sizeof(got)));
}

static enum tc_err
advance(struct parser *ps)
{
	struct tc_diag d;
	enum tc_err err;

	tc_diag_init(&d);
	err = tc_lex_next(&ps->lx, &ps->tok, &d);
	if (err != TC_OK) {
		error_at(ps, d.line, d.col, "%s", d.msg);
		/* Stand on a token nothing accepts, already reported, so
		 * the line is skipped without a second message. */
		ps->tok.kind = TC_TOK_COUNT;
		ps->tok.len = 0;
	}
	return err;
}

static bool
is_word(const struct parser *ps, const char *w)
{
	return ps->tok.kind == TC_TOK_IDENT && strlen(w) == ps->tok.len &&
	    strncmp(ps->tok.start, w, ps->tok.len) == 0;
}

static enum tc_err
expect_word(struct parser *ps, const char *w)
{
	char what[64];

	if (!is_word(ps, w)) {
		snprintf(what, sizeof(what), "'%s'", w);
		return expected(ps, what);
	}
	return advance(ps);
}

static enum tc_err
expect_tok(struct parser *ps, enum tc_tok kind)
{
	if (ps->tok.kind != kind)
		return expected(ps, tc_lex_token_name(kind));
	return advance(ps);
}

static void *
node(struct parser *ps, size_t size)
{
	return tc_arena_alloc(&ps->s->arena, size);
}

static const char *
tok_dup(struct parser *ps)
{
	return tc_arena_strndup(&ps->s->arena, ps->tok.start, ps->tok.len);
}

/* ---- expressions ---------------------------------------------------- */

static enum tc_err parse_expr(struct parser *ps, struct tc_expr **out);
static enum tc_err parse_segref(struct parser *ps, struct tc_expr *e);

static bool
var_known(const struct parser *ps, const char *name, size_t len)
{
	static const char *const builtins[] = { "isn", "peer" };
	size_t i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strlen(builtins[i]) == len &&
		    strncmp(builtins[i], name, len) == 0)
			return true;
	for (i = 0; i < ps->nvars; i++)
		if (strlen(ps->vars[i]) == len &&
		    strncmp(ps->vars[i], name, len) == 0)
			return true;
	return false;
}

/* The option values a `seg.` reference can name. */
static const struct {
	const char	*name;
	uint8_t		kind;
	uint8_t		index;
} segref_opts[] = {
	{ "mss", TC_OPT_MSS, 0 }, { "wscale", TC_OPT_WSCALE, 0 },
	{ "tsval", TC_OPT_TS, 0 }, { "tsecr", TC_OPT_TS, 1 },
};

/* segref := 'seg' '.' (FIELD | 'ts' '.' ('val'|'ecr') | 'mss' | 'wscale') */
static enum tc_err
parse_segref(struct parser *ps, struct tc_expr *e)
{
	char name[32];
	enum tc_field f;
	enum tc_err err;
	size_t i;

	e->kind = TC_EXPR_SEG;
	if ((err = advance(ps)) != TC_OK ||
	    (err = expect_tok(ps, TC_TOK_DOT)) != TC_OK)
		return err;
	if (ps->tok.kind != TC_TOK_IDENT || ps->tok.len > 8)
		return expected(ps, "a field after 'seg.' (seq, ack, win, ..., "
		    "ts.val, ts.ecr, mss, wscale)");
	snprintf(name, sizeof(name), "%.*s", (int)ps->tok.len, ps->tok.start);
	if ((err = advance(ps)) != TC_OK)
		return err;
	if (strcmp(name, "ts") == 0) {
		if ((err = expect_tok(ps, TC_TOK_DOT)) != TC_OK)
			return err;
		if (!is_word(ps, "val") && !is_word(ps, "ecr"))
			return expected(ps, "'val' or 'ecr' after 'seg.ts.'");
		snprintf(name, sizeof(name), "ts%.*s", (int)ps->tok.len,
		    ps->tok.start);
		if ((err = advance(ps)) != TC_OK)
			return err;
	}
	/* Printed as written: "ts.val", not the lookup key "tsval". */
	e->name = strncmp(name, "ts", 2) == 0 && name[2] != '\0' ?
	    (name[2] == 'v' ? "ts.val" : "ts.ecr") :
	    tc_arena_strndup(&ps->s->arena, name, strlen(name));
	if (tc_field_lookup(name, strlen(name), &f)) {
		e->field = (int)f;
		return TC_OK;
	}
	for (i = 0; i < sizeof(segref_opts) / sizeof(segref_opts[0]); i++) {
		if (strcmp(name, segref_opts[i].name) == 0) {
			e->field = -1;
			e->opt_kind = segref_opts[i].kind;
			e->opt_index = segref_opts[i].index;
			return TC_OK;
		}
	}
	return error_at(ps, e->line, e->col, "unknown field 'seg.%s'; expected "
	    "a header field, ts.val, ts.ecr, mss or wscale", name);
}

/* primary := NUMBER | NAME | segref | 'random' | '(' expr ')' | '-' primary */
static enum tc_err
parse_primary(struct parser *ps, struct tc_expr **out)
{
	struct tc_expr *e = node(ps, sizeof(*e));
	unsigned line = ps->tok.line, col = ps->tok.col;
	enum tc_err err;

	if (e == NULL)
		return TC_ERR_NOMEM;
	e->line = line;
	e->col = col;
	*out = e;
	switch (ps->tok.kind) {
	case TC_TOK_NUMBER:
		e->kind = TC_EXPR_NUM;
		e->num = ps->tok.num;
		if (e->num > UINT32_MAX)
			return error_at(ps, line, col, "%llu does not fit in 32 "
			    "bits; every value is modulo 2^32",
			    (unsigned long long)e->num);
		return advance(ps);
	case TC_TOK_IDENT:
		if (is_word(ps, "seg"))
			return parse_segref(ps, e);
		if (is_word(ps, "random")) {
			e->kind = TC_EXPR_RANDOM;
			return advance(ps);
		}
		if (!var_known(ps, ps->tok.start, ps->tok.len))
			return error_at(ps, line, col,
			    "unknown variable '%.*s'; expected isn, peer or "
			    "a name defined by 'let'", (int)ps->tok.len,
			    ps->tok.start);
		e->kind = TC_EXPR_VAR;
		e->name = tok_dup(ps);
		return advance(ps);
	case TC_TOK_LPAREN:
		if ((err = advance(ps)) != TC_OK ||
		    (err = parse_expr(ps, out)) != TC_OK)
			return err;
		if (ps->tok.kind != TC_TOK_RPAREN)
			return error_at(ps, ps->tok.line, ps->tok.col,
			    "expected ')' to close '(' at column %u", col);
		return advance(ps);
	case TC_TOK_MINUS:
		e->kind = TC_EXPR_NEG;
		if (++ps->depth > EXPR_DEPTH_MAX)
			return error_at(ps, line, col, "expression nested "
			    "deeper than %d levels (the limit)",
			    EXPR_DEPTH_MAX);
		if ((err = advance(ps)) == TC_OK)
			err = parse_primary(ps, &e->l);
		ps->depth--;
		return err;
	default:
		return expected(ps, "a number, a variable or '('");
	}
}

static enum tc_err
binary(struct parser *ps, enum tc_expr_kind kind, struct tc_expr *l,
    struct tc_expr **out)
{
	struct tc_expr *e = node(ps, sizeof(*e));

	if (e == NULL)
		return TC_ERR_NOMEM;
	e->kind = kind;
	e->line = l->line;
	e->col = l->col;
	e->l = l;
	*out = e;
	return advance(ps);
}

/* term := primary { ('*' | '/') primary } */
static enum tc_err
parse_term(struct parser *ps, struct tc_expr **out)
{
	enum tc_err err;

	if ((err = parse_primary(ps, out)) != TC_OK)
		return err;
	while (ps->tok.kind == TC_TOK_STAR || ps->tok.kind == TC_TOK_SLASH) {
		if ((err = binary(ps, ps->tok.kind == TC_TOK_STAR ?
		    TC_EXPR_MUL : TC_EXPR_DIV, *out, out)) != TC_OK ||
		    (err = parse_primary(ps, &(*out)->r)) != TC_OK)
			return err;
		if ((*out)->kind == TC_EXPR_DIV &&
		    (*out)->r->kind == TC_EXPR_NUM && (*out)->r->num == 0)
			return error_at(ps, (*out)->r->line, (*out)->r->col,
			    "division by zero");
	}
	return TC_OK;
}

/* expr := term { ('+' | '-') term }, all modulo 2^32 when evaluated. */
static enum tc_err
parse_expr(struct parser *ps, struct tc_expr **out)
{
	enum tc_err err;

	if (++ps->depth > EXPR_DEPTH_MAX) {
		ps->depth--;
		return error_at(ps, ps->tok.line, ps->tok.col,
		    "expression nested deeper than %d levels (the limit)",
		    EXPR_DEPTH_MAX);
	}
	err = parse_term(ps, out);
	while (err == TC_OK && (ps->tok.kind == TC_TOK_PLUS ||
	    ps->tok.kind == TC_TOK_MINUS)) {
		enum tc_expr_kind k = ps->tok.kind == TC_TOK_PLUS ?
		    TC_EXPR_ADD : TC_EXPR_SUB;

		if ((err = binary(ps, k, *out, out)) == TC_OK)
			err = parse_term(ps, &(*out)->r);
	}
	ps->depth--;
	return err;
}

/* A number literal, for counts, kinds and lengths: "option kind". */
static enum tc_err
parse_range(struct parser *ps, uint64_t min, uint64_t max, const char *noun,
    uint64_t *out)
{
	unsigned line = ps->tok.line, col = ps->tok.col;
	char what[96];

	if (ps->tok.kind != TC_TOK_NUMBER) {
		snprintf(what, sizeof(what), "a number (%s %llu..%llu)", noun,
		    (unsigned long long)min, (unsigned long long)max);
		return expected(ps, what);
	}
	if (ps->tok.num < min || ps->tok.num > max)
		return error_at(ps, line, col, "%s %llu out of range; expected "
		    "%llu..%llu", noun, (unsigned long long)ps->tok.num,
		    (unsigned long long)min, (unsigned long long)max);
	*out = ps->tok.num;
	return advance(ps);
}

static enum tc_err
parse_const(struct parser *ps, uint64_t max, const char *noun, uint64_t *out)
{
	return parse_range(ps, 0, max, noun, out);
}

/* ---- patterns: flags, fields, options, payload ---------------------- */

static int
flag_bit(char c)
{
	switch (c) {
	case 'F': return TC_TH_FIN;
	case 'S': return TC_TH_SYN;
	case 'R': return TC_TH_RST;
	case 'P': return TC_TH_PSH;
	case 'U': return TC_TH_URG;
	case 'E': return TC_TH_ECE;
	case 'W': return TC_TH_CWR;
	default: return 0;
	}
}

static const struct {
	const char	*name;
	uint8_t		bit;
} flag_names[] = {
	{ "FIN", TC_TH_FIN }, { "SYN", TC_TH_SYN }, { "RST", TC_TH_RST },
	{ "PSH", TC_TH_PSH }, { "ACK", TC_TH_ACK }, { "URG", TC_TH_URG },
	{ "ECE", TC_TH_ECE }, { "CWR", TC_TH_CWR },
};

static int
flag_name_bit(const struct parser *ps)
{
	size_t i;

	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (is_word(ps, flag_names[i].name))
			return flag_names[i].bit;
	return 0;
}

/* longflags := NAME { '+' NAME }   (SYN+ACK, FIN+PSH+ACK, ...) */
static enum tc_err
parse_long_flags(struct parser *ps, struct tc_pattern *p)
{
	enum tc_err err;
	int bit;

	for (;;) {
		bit = flag_name_bit(ps);
		if (bit == 0)
			return expected(ps, "a flag name: FIN, SYN, RST, PSH, "
			    "ACK, URG, ECE or CWR");
		if (p->flags & bit)
			return error_at(ps, ps->tok.line, ps->tok.col,
			    "flag '%.*s' given twice", (int)ps->tok.len,
			    ps->tok.start);
		p->flags |= (uint8_t)bit;
		if ((err = advance(ps)) != TC_OK)
			return err;
		if (ps->tok.kind != TC_TOK_PLUS || ps->tok.space_before)
			return TC_OK;
		if ((err = advance(ps)) != TC_OK)
			return err;
	}
}

/* flags := '.' | LETTERS ['.'] | longflags | 'none'   (tcpdump notation) */
static enum tc_err
parse_flags(struct parser *ps, struct tc_pattern *p)
{
	size_t i;

	p->line = ps->tok.line;
	p->col = ps->tok.col;
	p->flags = 0;
	if (ps->tok.kind == TC_TOK_DOT) {
		p->flags = TC_TH_ACK;
		return advance(ps);
	}
	if (is_word(ps, "none"))
		return advance(ps);
	if (flag_name_bit(ps) != 0)
		return parse_long_flags(ps, p);
	if (ps->tok.kind != TC_TOK_IDENT)
		return expected(ps, "flags in tcpdump notation (S, S., ., "
		    "P., F., R, R.)");
	for (i = 0; i < ps->tok.len; i++)
		if (isupper((unsigned char)ps->tok.start[i]))
			break;
	if (i == ps->tok.len)	/* "seq": not a flag set at all */
		return expected(ps, "flags in tcpdump notation (S, S., ., P., "
		    "F., R, R.)");
	for (i = 0; i < ps->tok.len; i++) {
		int bit = flag_bit(ps->tok.start[i]);

		if (bit == 0)
			return error_at(ps, ps->tok.line, ps->tok.col +
			    (unsigned)i, "unknown flag '%c' in '%.*s'; "
			    "expected F, S, R, P, U, E, W, or '.' for ACK",
			    ps->tok.start[i], (int)ps->tok.len,
			    ps->tok.start);
		if (p->flags & bit)
			return error_at(ps, ps->tok.line, ps->tok.col +
			    (unsigned)i, "flag '%c' given twice",
			    ps->tok.start[i]);
		p->flags |= (uint8_t)bit;
	}
	if (advance(ps) != TC_OK)
		return TC_ERR_PARSE;
	if (ps->tok.kind == TC_TOK_DOT && !ps->tok.space_before) {
		p->flags |= TC_TH_ACK;
		return advance(ps);
	}
	return TC_OK;
}

static bool
relop_of(enum tc_tok t, enum tc_relop *op)
{
	switch (t) {
	case TC_TOK_EQ: *op = TC_REL_EQ; return true;
	case TC_TOK_NE: *op = TC_REL_NE; return true;
	case TC_TOK_LT: *op = TC_REL_LT; return true;
	case TC_TOK_LE: *op = TC_REL_LE; return true;
	case TC_TOK_GT: *op = TC_REL_GT; return true;
	case TC_TOK_GE: *op = TC_REL_GE; return true;
	default: return false;
	}
}

/* csum=good|bad|zero|EXPR */
static enum tc_err
parse_csum_value(struct parser *ps, struct tc_cond *c)
{
	static const struct {
		const char		*word;
		enum tc_csum_kind	kind;
	} words[] = { { "good", TC_CSUMK_GOOD }, { "bad", TC_CSUMK_BAD },
	    { "zero", TC_CSUMK_ZERO } };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (is_word(ps, words[i].word)) {
			c->csum = words[i].kind;
			return advance(ps);
		}
	}
	c->csum = TC_CSUMK_EXPR;
	return parse_expr(ps, &c->a);
}

/* A constant outside the field's width can never be sent or matched. */
static enum tc_err
lint_range(struct parser *ps, const struct tc_cond *c)
{
	uint32_t max = tc_field_max(c->field);
	const struct tc_expr *e[2] = { c->a, c->b };
	size_t i;

	for (i = 0; i < 2; i++) {
		if (e[i] == NULL || e[i]->kind != TC_EXPR_NUM || e[i]->num <= max)
			continue;
		return error_at(ps, e[i]->line, e[i]->col, "%s=%llu can never "
		    "be on the wire; expected 0..%u", tc_field_name(c->field),
		    (unsigned long long)e[i]->num, max);
	}
	if (c->op == TC_REL_IN && c->field != TC_FIELD_SEQ &&
	    c->field != TC_FIELD_ACK && c->a->kind == TC_EXPR_NUM &&
	    c->b->kind == TC_EXPR_NUM && c->a->num > c->b->num)
		return error_at(ps, c->line, c->col, "empty range: %s in "
		    "%llu..%llu can never match", tc_field_name(c->field),
		    (unsigned long long)c->a->num,
		    (unsigned long long)c->b->num);
	return TC_OK;
}

/* field := NAME relop expr | NAME 'in' expr '..' expr */
static enum tc_err
parse_field(struct parser *ps, struct tc_pattern *p, bool is_send)
{
	struct tc_cond *c;
	enum tc_field f;
	enum tc_err err;

	if (!is_send && (is_word(ps, "ipopts") || is_word(ps, "x")))
		return error_at(ps, ps->tok.line, ps->tok.col, "'%.*s' only "
		    "goes with a send", (int)ps->tok.len, ps->tok.start);
	if (!tc_field_lookup(ps->tok.start, ps->tok.len, &f))
		return error_at(ps, ps->tok.line, ps->tok.col,
		    "unknown field '%.*s'; expected seq, ack, win, urg, doff, "
		    "res, csum, ttl, tos, dscp, ecn, ipid, df, sport, dport, "
		    "len or mtu", (int)ps->tok.len, ps->tok.start);
	if (p->ncond == TC_AST_CONDS_MAX)
		return error_at(ps, ps->tok.line, ps->tok.col,
		    "more than %d fields in one segment (the limit)",
		    TC_AST_CONDS_MAX);
	c = &p->cond[p->ncond++];
	c->field = f;
	c->line = ps->tok.line;
	c->col = ps->tok.col;
	if ((err = advance(ps)) != TC_OK)
		return err;
	if (is_word(ps, "in")) {
		c->op = TC_REL_IN;
		if ((err = advance(ps)) != TC_OK ||
		    (err = parse_expr(ps, &c->a)) != TC_OK ||
		    (err = expect_tok(ps, TC_TOK_DOTDOT)) != TC_OK)
			return err;
		err = parse_expr(ps, &c->b);
	} else if (relop_of(ps->tok.kind, &c->op)) {
		if ((err = advance(ps)) != TC_OK)
			return err;
		err = f == TC_FIELD_CSUM ? parse_csum_value(ps, c) :
		    parse_expr(ps, &c->a);
		if (err == TC_OK && f == TC_FIELD_CSUM &&
		    c->csum != TC_CSUMK_EXPR && c->op != TC_REL_EQ &&
		    c->op != TC_REL_NE)
			return error_at(ps, c->line, c->col, "csum=%s compares "
			    "with '=' or '!=' only", c->csum == TC_CSUMK_GOOD ?
			    "good" : c->csum == TC_CSUMK_BAD ? "bad" : "zero");
	} else {
		return expected(ps, "'=', '!=', '<', '<=', '>', '>=' or 'in' "
		    "after the field name");
	}
	if (err == TC_OK && is_send && c->op != TC_REL_EQ)
		return error_at(ps, c->line, c->col, "a 'send' sets fields; "
		    "expected '=' after '%s', not '%s'", tc_field_name(f),
		    tc_relop_text(c->op));
	if (err == TC_OK)
		err = lint_range(ps, c);
	return err;
}

static const struct {
	const char	*name;
	uint8_t		kind;
	uint8_t		nvalues;	/* expressions after the name */
} opt_table[] = {
	{ "eol", TC_OPT_EOL, 0 },
	{ "nop", TC_OPT_NOP, 0 },
	{ "mss", TC_OPT_MSS, 1 },
	{ "wscale", TC_OPT_WSCALE, 1 },
	{ "sackOK", TC_OPT_SACK_PERM, 0 },
	{ "sack", TC_OPT_SACK, 8 },	/* up to 4 left:right pairs */
	{ "ts", TC_OPT_TS, 2 },		/* val X ecr Y */
};

/* ts [val EXPR] [ecr EXPR] */
static enum tc_err
parse_ts_values(struct parser *ps, struct tc_optnode *o, bool is_send)
{
	enum tc_err err;

	o->nv = 2;
	if (is_word(ps, "val")) {
		if ((err = advance(ps)) != TC_OK ||
		    (err = parse_expr(ps, &o->v[0])) != TC_OK)
			return err;
	}
	if (is_word(ps, "ecr")) {
		if ((err = advance(ps)) != TC_OK ||
		    (err = parse_expr(ps, &o->v[1])) != TC_OK)
			return err;
	}
	if (is_send && (o->v[0] == NULL || o->v[1] == NULL))
		return error_at(ps, o->line, o->col, "a timestamps option to "
		    "send needs both values; expected 'ts val N ecr N'");
	return TC_OK;
}

/* sack L:R [L:R ...] */
static enum tc_err
parse_sack_blocks(struct parser *ps, struct tc_optnode *o)
{
	enum tc_err err;

	while (ps->tok.kind != TC_TOK_COMMA && ps->tok.kind != TC_TOK_GT) {
		if (o->nv == 8)
			return error_at(ps, ps->tok.line, ps->tok.col,
			    "more than 4 SACK blocks (40 option bytes hold "
			    "at most 4)");
		if ((err = parse_expr(ps, &o->v[o->nv])) != TC_OK ||
		    (err = expect_tok(ps, TC_TOK_COLON)) != TC_OK ||
		    (err = parse_expr(ps, &o->v[o->nv + 1])) != TC_OK)
			return err;
		o->nv += 2;
	}
	return TC_OK;
}

/* kind N [data HEX...] : an option of any kind, data as bytes */
static enum tc_err
parse_kind_option(struct parser *ps, struct tc_optnode *o)
{
	uint64_t v;
	enum tc_err err;

	if ((err = advance(ps)) != TC_OK ||
	    (err = parse_const(ps, 255, "option kind", &v)) != TC_OK)
		return err;
	o->kind = (uint8_t)v;
	if (!is_word(ps, "data"))
		return TC_OK;
	if ((err = advance(ps)) != TC_OK)
		return err;
	while (ps->tok.kind == TC_TOK_NUMBER) {
		if (o->raw_len == sizeof(o->raw))
			return error_at(ps, ps->tok.line, ps->tok.col,
			    "more than 40 option data bytes");
		if ((err = parse_const(ps, 255, "option data byte", &v)))
			return err;
		o->raw[o->raw_len++] = (uint8_t)v;
	}
	return TC_OK;
}

/* opt := NAME values ['len' N] */
static enum tc_err
parse_option(struct parser *ps, struct tc_optnode *o, bool is_send)
{
	enum tc_err err = TC_OK;
	uint64_t len;
	size_t i;

	o->line = ps->tok.line;
	o->col = ps->tok.col;
	o->wire_len = -1;
	if (ps->tok.kind == TC_TOK_BANG) {
		if (is_send)
			return error_at(ps, o->line, o->col, "'!' (option "
			    "absent) only makes sense in an expect");
		o->absent = true;
		if ((err = advance(ps)) != TC_OK)
			return err;
		if (is_word(ps, "kind"))
			return parse_kind_option(ps, o);
		for (i = 0; i < sizeof(opt_table) / sizeof(opt_table[0]); i++)
			if (is_word(ps, opt_table[i].name))
				break;
		if (i == sizeof(opt_table) / sizeof(opt_table[0]))
			return expected(ps, "an option name after '!'");
		o->kind = opt_table[i].kind;
		return advance(ps);
	}
	if (is_word(ps, "kind")) {
		err = parse_kind_option(ps, o);
	} else {
		for (i = 0; i < sizeof(opt_table) / sizeof(opt_table[0]); i++)
			if (is_word(ps, opt_table[i].name))
				break;
		if (i == sizeof(opt_table) / sizeof(opt_table[0]))
			return expected(ps, "an option: mss, wscale, sackOK, "
			    "sack, ts, nop, eol or kind N");
		o->kind = opt_table[i].kind;
		if ((err = advance(ps)) != TC_OK)
			return err;
		if (o->kind == TC_OPT_TS)
			err = parse_ts_values(ps, o, is_send);
		else if (o->kind == TC_OPT_SACK)
			err = parse_sack_blocks(ps, o);
		else if (opt_table[i].nvalues == 1 &&
		    ps->tok.kind != TC_TOK_COMMA && ps->tok.kind != TC_TOK_GT &&
		    !is_word(ps, "len")) {
			o->nv = 1;
			err = parse_expr(ps, &o->v[0]);
		} else if (opt_table[i].nvalues == 1 && is_send) {
			return error_at(ps, o->line, o->col, "option '%s' to "
			    "send needs a value; expected e.g. '%s 1460'",
			    opt_table[i].name, opt_table[i].name);
		}
	}
	if (err != TC_OK || !is_word(ps, "len"))
		return err;
	if ((err = advance(ps)) != TC_OK ||
	    (err = parse_const(ps, 255, "option length", &len)))
		return err;
	o->wire_len = (int)len;
	return TC_OK;
}

/* options := '<' opt { ',' opt } '>' */
static enum tc_err
parse_options(struct parser *ps, struct tc_pattern *p, bool is_send)
{
	unsigned line = ps->tok.line, col = ps->tok.col;
	enum tc_err err;

	if (p->has_opts)
		return error_at(ps, line, col, "options given twice; expected "
		    "one '<...>' list per segment");
	p->has_opts = true;
	if ((err = advance(ps)) != TC_OK)
		return err;
	while (ps->tok.kind != TC_TOK_GT) {
		if (p->nopt == TC_AST_OPTS_MAX)
			return error_at(ps, ps->tok.line, ps->tok.col,
			    "more than %d options (the limit)",
			    TC_AST_OPTS_MAX);
		if ((err = parse_option(ps, &p->opt[p->nopt++], is_send)))
			return err;
		if (ps->tok.kind == TC_TOK_COMMA) {
			if ((err = advance(ps)) != TC_OK)
				return err;
		} else if (ps->tok.kind != TC_TOK_GT) {
			if (ps->tok.kind == TC_TOK_NEWLINE ||
			    ps->tok.kind == TC_TOK_EOF)
				return error_at(ps, ps->tok.line, ps->tok.col,
				    "expected '>' to close '<' at column %u",
				    col);
			return expected(ps, "',' or '>' after an option");
		}
	}
	return advance(ps);
}

/* A string of hex digits ("0a0b ff", blanks and ':' ignored) as bytes. */
static enum tc_err
parse_hex_string(struct parser *ps, size_t max, const uint8_t **out,
    size_t *out_len)
{
	unsigned line = ps->tok.line, col = ps->tok.col;
	uint8_t *buf;
	size_t i, n = 0;
	int hi = -1, v;

	if (ps->tok.kind != TC_TOK_STRING)
		return expected(ps, "a string of hex digits");
	buf = node(ps, ps->tok.str_len / 2 + 1);
	if (buf == NULL)
		return TC_ERR_NOMEM;
	for (i = 0; i < ps->tok.str_len; i++) {
		char c = (char)ps->tok.str[i];

		if (c == ' ' || c == ':')
			continue;
		v = isxdigit((unsigned char)c) ? (isdigit((unsigned char)c) ?
		    c - '0' : (tolower((unsigned char)c) - 'a' + 10)) : -1;
		if (v < 0 && isprint((unsigned char)c))
			return error_at(ps, line, col, "'%c' in a hex string; "
			    "expected hex digits, blanks or ':'", c);
		if (v < 0)
			return error_at(ps, line, col, "byte 0x%02x in a hex "
			    "string; expected hex digits, blanks or ':'",
			    (unsigned char)c);
		if (hi >= 0)
			buf[n++] = (uint8_t)(hi << 4 | v);
		hi = hi >= 0 ? -1 : v;
	}
	if (hi >= 0)
		return error_at(ps, line, col, "odd number of hex digits");
	if (n > max)
		return error_at(ps, line, col, "%zu bytes; expected at most %zu",
		    n, max);
	*out = buf;
	*out_len = n;
	return advance(ps);
}

/* payload := 'hex' STRING */
static enum tc_err
parse_hex_payload(struct parser *ps, struct tc_pattern *p)
{
	enum tc_err err;

	if ((err = advance(ps)) != TC_OK)
		return err;
	if (p->payload != NULL)
		return error_at(ps, ps->tok.line, ps->tok.col, "payload given "
		    "twice");
	return parse_hex_string(ps, 65000, &p->payload, &p->payload_len);
}

/* ipopts := 'ipopts' STRING   (IPv4 options as hex, padded to 4 bytes) */
static enum tc_err
parse_ipopts(struct parser *ps, struct tc_pattern *p)
{
	enum tc_err err;

	if ((err = advance(ps)) != TC_OK)
		return err;
	if (p->ipopts != NULL)
		return error_at(ps, ps->tok.line, ps->tok.col, "ipopts given "
		    "twice");
	return parse_hex_string(ps, 40, &p->ipopts, &p->ipopts_len);
}

#define SEND_COUNT_MAX	100000

/* count := 'x' NUMBER   (send the segment N times: a bounded flood) */
static enum tc_err
parse_count(struct parser *ps, struct tc_pattern *p)
{
	uint64_t n;
	enum tc_err err;

	if ((err = advance(ps)) != TC_OK)
		return err;
	if (p->counted)
		return error_at(ps, ps->tok.line, ps->tok.col, "'x N' given "
		    "twice");
	p->counted = true;
	if ((err = parse_range(ps, 1, SEND_COUNT_MAX, "repetition count",
	    &n)) != TC_OK)
		return err;
	p->count = (uint32_t)n;
	return TC_OK;
}

static bool
pattern_ends(const struct parser *ps)
{
	return ps->tok.kind == TC_TOK_NEWLINE || ps->tok.kind == TC_TOK_EOF ||
	    ps->tok.kind == TC_TOK_PIPE || is_word(ps, "within") ||
	    is_word(ps, "after");
}

/* A word with dashes, written without spaces: "frag-needed". */
static enum tc_err
dashed_word(struct parser *ps, char *buf, size_t cap)
{
	size_t used = 0;
	enum tc_err err;

	for (;;) {
		if (ps->tok.kind != TC_TOK_IDENT || used + ps->tok.len + 2 > cap)
			return expected(ps, "a name");
		memcpy(buf + used, ps->tok.start, ps->tok.len);
		used += ps->tok.len;
		buf[used] = '\0';
		if ((err = advance(ps)) != TC_OK)
			return err;
		if (ps->tok.kind != TC_TOK_MINUS || ps->tok.space_before)
			return TC_OK;
		buf[used++] = '-';
		if ((err = advance(ps)) != TC_OK)
			return err;
		if (ps->tok.space_before)
			return expected(ps, "a name right after '-'");
	}
}

/* ICMP messages by name (RFC 792, RFC 1191): type, and code or -1. */
static const struct {
	const char	*name;
	int		type;
	int		code;
} icmp_names[] = {
	{ "unreachable", 3, -1 }, { "source-quench", 4, 0 },
	{ "time-exceeded", 11, -1 }, { "param-problem", 12, 0 },
};

static const char *const unreach_codes[] = {
	"net", "host", "proto", "port", "frag-needed", "srcroute-failed",
	"net-unknown", "host-unknown", "isolated", "net-prohibited",
	"host-prohibited", "net-tos", "host-tos", "admin-prohibited",
};

/* icmp := 'icmp' ( NAME [CODE] | ) { field }   (type=, code= as fields) */
static bool pattern_ends(const struct parser *ps);

static enum tc_err
parse_icmp_head(struct parser *ps, struct tc_pattern *p, bool is_send)
{
	char word[32];
	enum tc_err err;
	size_t i;

	p->icmp = true;
	p->icmp_type = p->icmp_code = -1;
	if ((err = advance(ps)) != TC_OK || ps->tok.kind != TC_TOK_IDENT ||
	    ps->tok.space_before == false || pattern_ends(ps))
		return err;
	if (is_word(ps, "type") || is_word(ps, "code") ||
	    tc_field_lookup(ps->tok.start, ps->tok.len, &(enum tc_field){0}))
		return TC_OK;
	if ((err = dashed_word(ps, word, sizeof(word))) != TC_OK)
		return err;
	for (i = 0; i < sizeof(icmp_names) / sizeof(icmp_names[0]); i++)
		if (strcmp(word, icmp_names[i].name) == 0)
			break;
	if (i == sizeof(icmp_names) / sizeof(icmp_names[0]))
		return error_at(ps, p->line, p->col, "unknown ICMP message "
		    "'%s'; expected unreachable, source-quench, time-exceeded, "
		    "param-problem, or type=N code=N", word);
	p->icmp_type = icmp_names[i].type;
	p->icmp_code = icmp_names[i].code;
	if (p->icmp_type != 3 || ps->tok.kind != TC_TOK_IDENT ||
	    pattern_ends(ps) ||
	    tc_field_lookup(ps->tok.start, ps->tok.len, &(enum tc_field){0}))
		goto out;
	if ((err = dashed_word(ps, word, sizeof(word))) != TC_OK)
		return err;
	for (i = 0; i < sizeof(unreach_codes) / sizeof(unreach_codes[0]); i++)
		if (strcmp(word, unreach_codes[i]) == 0)
			p->icmp_code = (int)i;
	if (p->icmp_code < 0)
		return error_at(ps, p->line, p->col, "unknown unreachable code "
		    "'%s'; expected net, host, proto, port, frag-needed, ...",
		    word);
out:
	if (is_send && p->icmp_code < 0)
		p->icmp_code = 0;
	return TC_OK;
}

/* type=N / code=N of an ICMP pattern */
static enum tc_err
parse_icmp_number(struct parser *ps, struct tc_pattern *p)
{
	bool is_type = is_word(ps, "type");
	uint64_t v;
	enum tc_err err;

	if ((err = advance(ps)) != TC_OK ||
	    (err = expect_tok(ps, TC_TOK_EQ)) != TC_OK ||
	    (err = parse_const(ps, 255, is_type ? "ICMP type" : "ICMP code",
	    &v)) != TC_OK)
		return err;
	if (is_type)
		p->icmp_type = (int)v;
	else
		p->icmp_code = (int)v;
	return TC_OK;
}

/* Which fields an ICMP pattern has: the quoted segment's seq, the MTU
 * of "need to frag", and the IP header's. */
static bool
icmp_field(enum tc_field f)
{
	return f == TC_FIELD_SEQ || f == TC_FIELD_MTU || f == TC_FIELD_TTL ||
	    f == TC_FIELD_TOS || f == TC_FIELD_IPID || f == TC_FIELD_DF ||
	    f == TC_FIELD_DSCP || f == TC_FIELD_ECN;
}

static enum tc_err
lint_kind(struct parser *ps, const struct tc_pattern *p)
{
	size_t i;

	for (i = 0; i < p->ncond; i++) {
		const struct tc_cond *c = &p->cond[i];

		if (p->icmp && !icmp_field(c->field))
			return error_at(ps, c->line, c->col, "'%s' is not a "
			    "field of an ICMP message; expected seq (of the "
			    "quoted segment), mtu or IP fields",
			    tc_field_name(c->field));
		if (!p->icmp && c->field == TC_FIELD_MTU)
			return error_at(ps, c->line, c->col, "'mtu' belongs to "
			    "an ICMP message ('icmp unreachable frag-needed')");
	}
	if (p->icmp && (p->has_opts || p->payload != NULL))
		return error_at(ps, p->line, p->col, "an ICMP message has no "
		    "TCP options or payload");
	return TC_OK;
}

/* pattern := (flags | icmp) { field | options | STRING } */
static enum tc_err
parse_pattern(struct parser *ps, struct tc_pattern *p, bool is_send)
{
	enum tc_err err;

	p->count = 1;
	p->icmp_type = p->icmp_code = -1;
	if (is_word(ps, "icmp")) {
		p->line = ps->tok.line;
		p->col = ps->tok.col;
		err = parse_icmp_head(ps, p, is_send);
	} else {
		err = parse_flags(ps, p);
	}
	if (err != TC_OK)
		return err;
	while (!pattern_ends(ps)) {
		if (ps->tok.kind == TC_TOK_LT) {
			err = parse_options(ps, p, is_send);
		} else if (ps->tok.kind == TC_TOK_STRING) {
			if (p->payload != NULL)
				return error_at(ps, ps->tok.line, ps->tok.col,
				    "payload given twice");
			p->payload = (const uint8_t *)tc_arena_strndup(
			    &ps->s->arena, (const char *)ps->tok.str,
			    ps->tok.str_len);
			p->payload_len = ps->tok.str_len;
			err = advance(ps);
		} else if (ps->tok.kind == TC_TOK_DOT) {
			return error_at(ps, ps->tok.line, ps->tok.col,
			    "detached '.'; expected 'S.' with no space to add "
			    "the ACK flag");
		} else if (p->icmp && (is_word(ps, "type") ||
		    is_word(ps, "code"))) {
			err = parse_icmp_number(ps, p);
		} else if (is_word(ps, "hex")) {
			err = parse_hex_payload(ps, p);
		} else if (is_send && is_word(ps, "ipopts")) {
			err = parse_ipopts(ps, p);
		} else if (is_send && is_word(ps, "x")) {
			err = parse_count(ps, p);
		} else if (ps->tok.kind == TC_TOK_IDENT) {
			err = parse_field(ps, p, is_send);
		} else {
			return expected(ps, "a field (seq=, ack=, win=, ...), "
			    "options '<...>' or a payload \"...\"");
		}
		if (err != TC_OK)
			return err;
	}
	return lint_kind(ps, p);
}

/* ---- statements ----------------------------------------------------- */

static struct tc_stmt *
new_stmt(struct parser *ps, enum tc_stmt_kind kind, unsigned line,
    unsigned col)
{
	struct tc_script *s = ps->s;
	struct tc_stmt *st;

	if (s->nstmt == s->stmt_cap) {
		size_t cap = s->stmt_cap ? s->stmt_cap * 2 : 32;
		struct tc_stmt *n;

		if (cap > STMTS_MAX) {
			error_at(ps, line, col, "more than %d steps in one "
			    "testcase (the limit)", STMTS_MAX);
			ps->limit_hit = true;
			return NULL;
		}
		n = tc_arena_alloc(&s->arena, cap * sizeof(*n));
		if (n == NULL)
			return NULL;
		if (s->nstmt > 0)
			memcpy(n, s->stmt, s->nstmt * sizeof(*n));
		s->stmt = n;
		s->stmt_cap = cap;
	}
	st = &s->stmt[s->nstmt++];
	memset(st, 0, sizeof(*st));
	st->kind = kind;
	st->line = line;
	st->col = col;
	st->within_ns = -1;
	st->after_lo_ns = -1;
	st->after_hi_ns = -1;
	return st;
}

static const struct tc_cond *
find_cond(const struct tc_pattern *p, enum tc_field f)
{
	size_t i;

	for (i = 0; i < p->ncond; i++)
		if (p->cond[i].field == f)
			return &p->cond[i];
	return NULL;
}

/* Checks that make sense only for a segment we send. */
static enum tc_err
lint_send(struct parser *ps, const struct tc_pattern *p)
{
	const struct tc_cond *c;
	size_t i, j;

	if (p->icmp && p->icmp_type < 0)
		return error_at(ps, p->line, p->col, "which ICMP message? "
		    "expected e.g. 'icmp unreachable port' or 'icmp type=3 "
		    "code=1'");
	if (p->icmp)
		return TC_OK;

	for (i = 0; i < p->ncond; i++)
		for (j = i + 1; j < p->ncond; j++)
			if (p->cond[i].field == p->cond[j].field)
				return error_at(ps, p->cond[j].line,
				    p->cond[j].col, "field '%s' set twice",
				    tc_field_name(p->cond[j].field));
	c = find_cond(p, TC_FIELD_LEN);
	if (c != NULL && p->payload != NULL)
		return error_at(ps, c->line, c->col, "both len= and a payload "
		    "string; expected one of them");
	c = find_cond(p, TC_FIELD_ACK);
	if (c != NULL && !(p->flags & TC_TH_ACK))
		warn_at(ps, c->line, c->col, "ack= without the ACK flag: the "
		    "number is sent but a receiver must ignore it; add '.' to "
		    "the flags if an ACK was meant");
	c = find_cond(p, TC_FIELD_URG);
	if (c != NULL && !(p->flags & TC_TH_URG))
		warn_at(ps, c->line, c->col, "urg= without the URG flag: the "
		    "pointer is sent but a receiver must ignore it");
	return TC_OK;
}

/* send := 'send' pattern */
static enum tc_err
parse_send(struct parser *ps, unsigned line, unsigned col)
{
	struct tc_stmt *st = new_stmt(ps, TC_STMT_SEND, line, col);
	enum tc_err err;

	if (st == NULL)
		return TC_ERR_NOMEM;
	st->alt = node(ps, sizeof(*st->alt));
	if (st->alt == NULL)
		return TC_ERR_NOMEM;
	st->nalt = 1;
	ps->seen_send = true;
	if ((err = parse_pattern(ps, st->alt, true)) != TC_OK)
		return err;
	return lint_send(ps, st->alt);
}

static enum tc_err
parse_duration(struct parser *ps, int64_t *ns)
{
	if (ps->tok.kind != TC_TOK_DURATION)
		return expected(ps, "a duration such as 500ms, 1s or 1.5s");
	*ns = ps->tok.ns;
	return advance(ps);
}

/* timing := ['within' DURATION] ['after' DURATION '..' DURATION] */
static enum tc_err
parse_timing(struct parser *ps, struct tc_stmt *st)
{
	unsigned line, col;
	enum tc_err err;

	if (is_word(ps, "within")) {
		if ((err = advance(ps)) != TC_OK ||
		    (err = parse_duration(ps, &st->within_ns)) != TC_OK)
			return err;
	}
	if (!is_word(ps, "after"))
		return TC_OK;
	line = ps->tok.line;
	col = ps->tok.col;
	if (st->within_ns >= 0)
		return error_at(ps, line, col, "'after LO..HI' already bounds "
		    "the wait; expected either 'within' or 'after', not both");
	if ((err = advance(ps)) != TC_OK ||
	    (err = parse_duration(ps, &st->after_lo_ns)) != TC_OK ||
	    (err = expect_tok(ps, TC_TOK_DOTDOT)) != TC_OK ||
	    (err = parse_duration(ps, &st->after_hi_ns)) != TC_OK)
		return err;
	if (st->after_hi_ns < st->after_lo_ns)
		return error_at(ps, line, col, "empty timing window; expected "
		    "'after LO..HI' with LO <= HI");
	return TC_OK;
}

/*
 * `expect none within D` expects nothing; `expect none seq=...` expects a
 * segment with no flags.  Peek past 'none' without consuming it.
 */
static bool
none_means_nothing(const struct parser *ps)
{
	struct tc_lexer lx = ps->lx;
	struct tc_token *t = malloc(sizeof(*t));
	struct tc_diag d;
	bool nothing;

	if (t == NULL)
		return true;
	tc_diag_init(&d);
	/* Only 'within' (or nothing at all) follows a bare 'none'; options,
	 * a payload, a field or '|' continue a flagless pattern. */
	nothing = tc_lex_next(&lx, t, &d) != TC_OK ||
	    t->kind == TC_TOK_NEWLINE || t->kind == TC_TOK_EOF ||
	    (t->kind == TC_TOK_IDENT && t->len == 6 &&
	    strncmp(t->start, "within", 6) == 0);
	free(t);
	return nothing;
}

/* expect := 'expect' ( 'none' 'within' D | 'no' pattern 'within' D
 *                    | [ 'optional' ] pattern { '|' pattern } timing ) */
static enum tc_err
parse_expect(struct parser *ps, unsigned line, unsigned col)
{
	struct tc_stmt *st = new_stmt(ps, TC_STMT_EXPECT, line, col);
	enum tc_err err;

	if (st == NULL)
		return TC_ERR_NOMEM;
	st->alt = node(ps, TC_AST_ALTS_MAX * sizeof(*st->alt));
	if (st->alt == NULL)
		return TC_ERR_NOMEM;
	if (is_word(ps, "optional")) {
		st->optional = true;
		if ((err = advance(ps)) != TC_OK)
			return err;
		if (is_word(ps, "none") || is_word(ps, "no"))
			return error_at(ps, ps->tok.line, ps->tok.col,
			    "'expect optional' takes a pattern; 'none' and "
			    "'no' already say what must not come");
	}
	if (is_word(ps, "none") && none_means_nothing(ps)) {
		st->kind = TC_STMT_EXPECT_NONE;
		if ((err = advance(ps)) != TC_OK)
			return err;
	} else {
		if (is_word(ps, "no")) {
			st->kind = TC_STMT_EXPECT_NO;
			if ((err = advance(ps)) != TC_OK)
				return err;
		}
		for (;;) {
			if (st->nalt == TC_AST_ALTS_MAX)
				return error_at(ps, ps->tok.line, ps->tok.col,
				    "more than %d alternatives (the limit)",
				    TC_AST_ALTS_MAX);
			err = parse_pattern(ps, &st->alt[st->nalt++], false);
			if (err != TC_OK || ps->tok.kind != TC_TOK_PIPE)
				break;
			if ((err = advance(ps)) != TC_OK)
				return err;
		}
		if (err != TC_OK)
			return err;
	}
	if ((err = parse_timing(ps, st)) != TC_OK)
		return err;
	if (st->kind != TC_STMT_EXPECT && st->within_ns < 0)
		return error_at(ps, line, col, "a negative expectation needs a "
		    "bound; expected 'within DURATION'");
	return TC_OK;
}

/* state := 'state' STATE-NAME */
static enum tc_err
parse_state(struct parser *ps, unsigned line, unsigned col)
{
	struct tc_stmt *st = new_stmt(ps, TC_STMT_STATE, line, col);
	const char *text;
	size_t len;
	unsigned tcol;
	char name[32];

	if (st == NULL)
		return TC_ERR_NOMEM;
	tc_lex_rest(&ps->lx, &text, &len, &tcol);
	snprintf(name, sizeof(name), "%.*s", (int)(len < 31 ? len : 31), text);
	ps->s->needs |= TC_TARGET_CAP_STATE;
	(void)col;
	if (len == 0)
		return error_at(ps, line, tcol, "expected a state: CLOSED, "
		    "LISTEN, SYN-SENT, SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, "
		    "FIN-WAIT-2, CLOSE-WAIT, CLOSING, LAST-ACK or TIME-WAIT; "
		    "got end of line");
	if (len > 31 || !tc_fsm_state_parse(name, &st->state))
		return error_at(ps, line, tcol, "unknown state '%.*s'; "
		    "expected one of CLOSED, LISTEN, SYN-SENT, SYN-RECEIVED, "
		    "ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT, CLOSING, "
		    "LAST-ACK, TIME-WAIT", (int)(len > 40 ? 40 : len), text);
	return advance(ps);
}

/* wait := 'wait' DURATION */
static enum tc_err
parse_wait(struct parser *ps, unsigned line, unsigned col)
{
	struct tc_stmt *st = new_stmt(ps, TC_STMT_WAIT, line, col);

	if (st == NULL)
		return TC_ERR_NOMEM;
	return parse_duration(ps, &st->wait_ns);
}

/* let := 'let' NAME '=' expr */
static enum tc_err
parse_let(struct parser *ps, unsigned line, unsigned col)
{
	struct tc_stmt *st = new_stmt(ps, TC_STMT_LET, line, col);
	enum tc_err err;

	if (st == NULL)
		return TC_ERR_NOMEM;
	if (ps->tok.kind != TC_TOK_IDENT)
		return expected(ps, "a variable name after 'let'");
	if (is_word(ps, "peer"))
		return error_at(ps, ps->tok.line, ps->tok.col, "'peer' is "
		    "learned from the target's SYN; it cannot be set");
	if (is_word(ps, "isn") && ps->seen_send)
		return error_at(ps, ps->tok.line, ps->tok.col, "'isn' must be "
		    "set before the first 'send'");
	st->var = tok_dup(ps);
	if ((err = advance(ps)) != TC_OK ||
	    (err = expect_tok(ps, TC_TOK_EQ)) != TC_OK ||
	    (err = parse_expr(ps, &st->value)) != TC_OK)
		return err;
	if (!var_known(ps, st->var, strlen(st->var))) {
		if (ps->nvars == VARS_MAX)
			return error_at(ps, line, col, "more than %d variables "
			    "(the limit)", VARS_MAX);
		ps->vars[ps->nvars++] = st->var;
	}
	return TC_OK;
}

/* ---- target actions ------------------------------------------------- */

static ssize_t
sock_find(const struct parser *ps, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ps->nsocks; i++)
		if (strlen(ps->socks[i]) == len &&
		    strncmp(ps->socks[i], name, len) == 0)
			return (ssize_t)i;
	return -1;
}

/* A socket name that must already exist. */
static enum tc_err
parse_sock_ref(struct parser *ps, const char **out)
{
	char known[128] = "";
	size_t i, used = 0;

	if (ps->tok.kind != TC_TOK_IDENT)
		return expected(ps, "a socket name");
	if (sock_find(ps, ps->tok.start, ps->tok.len) < 0) {
		for (i = 0; i < ps->nsocks && used < sizeof(known); i++)
			used += (size_t)snprintf(known + used,
			    sizeof(known) - used, "%s%s", i ? ", " : "",
			    ps->socks[i]);
		return error_at(ps, ps->tok.line, ps->tok.col,
		    "unknown socket '%.*s'; expected one named by 'as' "
		    "before%s%s", (int)ps->tok.len, ps->tok.start,
		    ps->nsocks ? ": " : " (none is)", known);
	}
	i = (size_t)sock_find(ps, ps->tok.start, ps->tok.len);
	if (ps->closed_line[i] != 0)
		return error_at(ps, ps->tok.line, ps->tok.col, "socket '%.*s' "
		    "was closed at line %u; this step could never run",
		    (int)ps->tok.len, ps->tok.start, ps->closed_line[i]);
	*out = tok_dup(ps);
	return advance(ps);
}

static const char *const sockopt_words[TC_SOCKOPT_COUNT] = {
	[TC_SOCKOPT_RCVBUF] = "rcvbuf",
	[TC_SOCKOPT_SNDBUF] = "sndbuf",
	[TC_SOCKOPT_NODELAY] = "nodelay",
	[TC_SOCKOPT_MAXSEG] = "maxseg",
	[TC_SOCKOPT_KEEPALIVE] = "keepalive",
	[TC_SOCKOPT_KEEPIDLE] = "keepidle",
	[TC_SOCKOPT_KEEPINTVL] = "keepintvl",
	[TC_SOCKOPT_KEEPCNT] = "keepcnt",
};

/* sockopts := { OPTION '=' expr }   (rcvbuf=4096 maxseg=536 ...) */
static enum tc_err
parse_sockopts(struct parser *ps, struct tc_target_stmt *t, bool required)
{
	enum tc_err err;
	int k;

	while (ps->tok.kind == TC_TOK_IDENT) {
		for (k = 0; k < TC_SOCKOPT_COUNT; k++)
			if (is_word(ps, sockopt_words[k]))
				break;
		if (k == TC_SOCKOPT_COUNT)
			return expected(ps, "a socket option: rcvbuf, sndbuf, "
			    "nodelay, maxseg, keepalive, keepidle, keepintvl "
			    "or keepcnt");
		if (t->nopt == sizeof(t->opt) / sizeof(t->opt[0]))
			return error_at(ps, ps->tok.line, ps->tok.col, "more "
			    "than 8 socket options (the limit)");
		t->opt[t->nopt].kind = k;
		if ((err = advance(ps)) != TC_OK ||
		    (err = expect_tok(ps, TC_TOK_EQ)) != TC_OK ||
		    (err = parse_expr(ps, &t->opt[t->nopt].value)) != TC_OK)
			return err;
		t->nopt++;
	}
	if (required && t->nopt == 0)
		return expected(ps, "OPTION=VALUE, e.g. keepalive=1");
	return TC_OK;
}

static void
mark_closed(struct parser *ps, const char *name, unsigned line)
{
	ssize_t i = sock_find(ps, name, strlen(name));

	if (i >= 0)
		ps->closed_line[i] = line;
}

/* 'as' NAME : names a new socket */
static enum tc_err
parse_sock_def(struct parser *ps, const char **out)
{
	enum tc_err err;

	if ((err = expect_word(ps, "as")) != TC_OK)
		return err;
	if (ps->tok.kind != TC_TOK_IDENT)
		return expected(ps, "a socket name after 'as'");
	if (sock_find(ps, ps->tok.start, ps->tok.len) >= 0)
		return error_at(ps, ps->tok.line, ps->tok.col, "socket '%.*s' "
		    "already defined; expected a new name", (int)ps->tok.len,
		    ps->tok.start);
	if (ps->nsocks == SOCKS_MAX)
		return error_at(ps, ps->tok.line, ps->tok.col, "more than %d "
		    "sockets (the limit)", SOCKS_MAX);
	*out = tok_dup(ps);
	ps->socks[ps->nsocks++] = *out;
	return advance(ps);
}

/* data := STRING | 'len' '=' expr   (READ also: 'eof') */
static enum tc_err
parse_action_data(struct parser *ps, struct tc_target_stmt *t, bool is_read)
{
	enum tc_err err;

	if (ps->tok.kind == TC_TOK_STRING) {
		t->data = (const uint8_t *)tc_arena_strndup(&ps->s->arena,
		    (const char *)ps->tok.str, ps->tok.str_len);
		t->data_len = ps->tok.str_len;
		return advance(ps);
	}
	if (is_read && is_word(ps, "eof")) {
		t->eof = true;
		return advance(ps);
	}
	if (!is_word(ps, "len"))
		return expected(ps, is_read ? "\"text\", len=N or eof" :
		    "\"text\" or len=N");
	if ((err = advance(ps)) != TC_OK ||
	    (err = expect_tok(ps, TC_TOK_EQ)) != TC_OK)
		return err;
	return parse_expr(ps, &t->len);
}

static enum tc_err
parse_shutdown_how(struct parser *ps, struct tc_target_stmt *t)
{
	if (is_word(ps, "rd"))
		t->how = SHUT_RD;
	else if (is_word(ps, "wr"))
		t->how = SHUT_WR;
	else if (is_word(ps, "rdwr"))
		t->how = SHUT_RDWR;
	else
		return expected(ps, "rd, wr or rdwr");
	return advance(ps);
}

/* listen := 'listen' ['backlog' '=' expr] 'as' NAME */
static enum tc_err
parse_listen(struct parser *ps, struct tc_target_stmt *t)
{
	enum tc_err err;

	if (is_word(ps, "backlog")) {
		if ((err = advance(ps)) != TC_OK ||
		    (err = expect_tok(ps, TC_TOK_EQ)) != TC_OK ||
		    (err = parse_expr(ps, &t->backlog)) != TC_OK)
			return err;
	}
	if ((err = parse_sock_def(ps, &t->as)) != TC_OK)
		return err;
	return parse_sockopts(ps, t, false);
}

static const char *const action_words[TC_ACT_COUNT] = {
	[TC_ACT_LISTEN] = "listen",
	[TC_ACT_ACCEPT] = "accept",
	[TC_ACT_CONNECT] = "connect",
	[TC_ACT_WRITE] = "write",
	[TC_ACT_READ] = "read",
	[TC_ACT_SHUTDOWN] = "shutdown",
	[TC_ACT_CLOSE] = "close",
	[TC_ACT_ABORT] = "abort",
	[TC_ACT_SETOPT] = "set",
};

/* target := 'target' ACTION arguments */
static enum tc_err
parse_target(struct parser *ps, unsigned line, unsigned col)
{
	struct tc_stmt *st = new_stmt(ps, TC_STMT_TARGET, line, col);
	struct tc_target_stmt *t;
	enum tc_err err;
	int a;

	if (st == NULL)
		return TC_ERR_NOMEM;
	t = &st->target;
	for (a = 0; a < TC_ACT_COUNT; a++)
		if (is_word(ps, action_words[a]))
			break;
	if (a == TC_ACT_COUNT)
		return expected(ps, "a target action: listen, accept, connect, "
		    "write, read, shutdown, close, abort or set");
	t->action = a;
	/* A listener is all a black-box host offers; the rest needs act. */
	ps->s->needs |= a == TC_ACT_LISTEN || a == TC_ACT_ACCEPT ?
	    TC_TARGET_CAP_LISTEN : TC_TARGET_CAP_ACT;
	if ((err = advance(ps)) != TC_OK)
		return err;
	switch ((enum tc_action_kind)a) {
	case TC_ACT_LISTEN:
		err = parse_listen(ps, t);
		/* A host's own listener takes no socket options of ours. */
		if (err == TC_OK && t->nopt > 0)
			ps->s->needs |= TC_TARGET_CAP_ACT;
		return err;
	case TC_ACT_ACCEPT:
		if ((err = parse_sock_ref(ps, &t->sock)) != TC_OK)
			return err;
		return parse_sock_def(ps, &t->as);
	case TC_ACT_CONNECT:
		if ((err = parse_sock_def(ps, &t->as)) != TC_OK)
			return err;
		return parse_sockopts(ps, t, false);
	case TC_ACT_SETOPT:
		if ((err = parse_sock_ref(ps, &t->sock)) != TC_OK)
			return err;
		return parse_sockopts(ps, t, true);
	case TC_ACT_WRITE:
	case TC_ACT_READ:
		if ((err = parse_sock_ref(ps, &t->sock)) != TC_OK)
			return err;
		return parse_action_data(ps, t, a == TC_ACT_READ);
	case TC_ACT_SHUTDOWN:
		if ((err = parse_sock_ref(ps, &t->sock)) != TC_OK)
			return err;
		return parse_shutdown_how(ps, t);
	case TC_ACT_CLOSE:
	case TC_ACT_ABORT:
		if ((err = parse_sock_ref(ps, &t->sock)) != TC_OK)
			return err;
		mark_closed(ps, t->sock, line);
		return TC_OK;
	case TC_ACT_COUNT:
		break;
	}
	return TC_ERR_PARSE;
}

/* ---- the header ----------------------------------------------------- */

/* test := 'test' STRING */
static enum tc_err
parse_test(struct parser *ps, unsigned line, unsigned col)
{
	if (ps->s->title != NULL)
		return error_at(ps, line, col, "second 'test' line; expected "
		    "one testcase per file");
	if (ps->s->nstmt > 0)
		return error_at(ps, line, col, "'test' must come before the "
		    "first step");
	if (ps->tok.kind != TC_TOK_STRING || ps->tok.str_len == 0) {
		ps->s->title = "";	/* reported here, not as missing */
		return expected(ps, "the testcase's title as a non-empty "
		    "\"string\"");
	}
	ps->s->title = tc_arena_strndup(&ps->s->arena,
	    (const char *)ps->tok.str, ps->tok.str_len);
	return advance(ps);
}

/* ref := 'ref' TEXT   (sources: "RFC9293 3.5, RFC5961 3.2") */
static enum tc_err
parse_ref(struct parser *ps, unsigned line, unsigned col)
{
	const char *text;
	size_t len;
	unsigned tcol;

	tc_lex_rest(&ps->lx, &text, &len, &tcol);
	if (len == 0) {
		ps->s->refs = "";	/* reported here, not as missing */
		return error_at(ps, line, col, "empty 'ref'; expected the "
		    "source, e.g. 'ref RFC9293 3.10.7.4'");
	}
	if (ps->s->refs != NULL)
		return error_at(ps, line, col, "second 'ref' line; expected "
		    "all sources on one line, separated by commas");
	ps->s->refs = tc_arena_strndup(&ps->s->arena, text, len);
	return advance(ps);
}

/* tags := 'tags' WORD { WORD } */
static enum tc_err
parse_tags(struct parser *ps, unsigned line, unsigned col)
{
	const char *text, *p, *w;
	size_t len;
	unsigned tcol;

	tc_lex_rest(&ps->lx, &text, &len, &tcol);
	if (len == 0)
		return error_at(ps, line, col, "empty 'tags'; expected words "
		    "such as 'handshake teardown'");
	for (p = text; p < text + len;) {
		while (p < text + len && isspace((unsigned char)*p))
			p++;
		for (w = p; p < text + len && !isspace((unsigned char)*p); p++)
			if (!isalnum((unsigned char)*p) && *p != '-' &&
			    *p != '_')
				return error_at(ps, line, tcol +
				    (unsigned)(p - text), "bad character in "
				    "a tag; expected letters, digits, '-', "
				    "'_'");
		if (p == w)
			break;
		if (ps->s->ntags == TC_AST_TAGS_MAX)
			return error_at(ps, line, col, "more than %d tags "
			    "(the limit)", TC_AST_TAGS_MAX);
		ps->s->tags[ps->s->ntags++] = tc_arena_strndup(&ps->s->arena,
		    w, (size_t)(p - w));
	}
	return advance(ps);
}

/* sysctl := 'sysctl' NAME '=' VALUE   (applied to this testcase only) */
static enum tc_err
parse_sysctl(struct parser *ps, unsigned line, unsigned col)
{
	struct tc_script_sysctl *sc;
	const char *text, *eq, *p;
	size_t len;
	unsigned tcol;

	tc_lex_rest(&ps->lx, &text, &len, &tcol);
	eq = memchr(text, '=', len);
	if (eq == NULL || eq == text || eq == text + len - 1)
		return error_at(ps, line, len ? tcol : col, "expected "
		    "'sysctl net.ipv4.NAME=VALUE'");
	for (p = text; p < eq; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_')
			return error_at(ps, line, tcol + (unsigned)(p - text),
			    "bad character in a sysctl name; expected "
			    "letters, digits, '.', '_'");
	if (strncmp(text, "net.", 4) != 0)
		return error_at(ps, line, tcol, "only net.* sysctls can be set "
		    "per testcase; expected a name starting with 'net.'");
	if (ps->s->nsysctl == TC_AST_SYSCTLS_MAX)
		return error_at(ps, line, col, "more than %d sysctls (the "
		    "limit)", TC_AST_SYSCTLS_MAX);
	sc = &ps->s->sysctl[ps->s->nsysctl++];
	sc->name = tc_arena_strndup(&ps->s->arena, text, (size_t)(eq - text));
	sc->value = tc_arena_strndup(&ps->s->arena, eq + 1,
	    (size_t)(text + len - eq - 1));
	sc->line = line;
	ps->s->needs |= TC_TARGET_CAP_SYSCTL;
	return advance(ps);
}

/* requires := 'requires' CAPABILITY { CAPABILITY } */
static enum tc_err
parse_requires(struct parser *ps, unsigned line, unsigned col)
{
	static const struct {
		const char	*word;
		unsigned	cap;
	} caps[] = { { "act", TC_TARGET_CAP_ACT },
	    { "listen", TC_TARGET_CAP_LISTEN },
	    { "state", TC_TARGET_CAP_STATE },
	    { "sysctl", TC_TARGET_CAP_SYSCTL } };
	enum tc_err err;
	size_t i;

	if (ps->tok.kind != TC_TOK_IDENT)
		return error_at(ps, line, col, "expected capabilities after "
		    "'requires': act, listen, state, sysctl");
	while (ps->tok.kind == TC_TOK_IDENT) {
		for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
			if (is_word(ps, caps[i].word))
				break;
		if (i == sizeof(caps) / sizeof(caps[0]))
			return expected(ps, "a capability: act (target-side "
			    "actions), listen (a listener on the target port), "
			    "state (the target's socket state) or sysctl "
			    "(per-testcase sysctls)");
		ps->s->needs |= caps[i].cap;
		if ((err = advance(ps)) != TC_OK)
			return err;
	}
	return TC_OK;
}

static enum tc_err parse_include(struct parser *, unsigned, unsigned);

#define SAMPLES_MAX	1000

/* sample := 'sample' 'isn' 'x' N ['within' D]   (N from 16 to 1000) */
static enum tc_err
parse_sample(struct parser *ps, unsigned line, unsigned col)
{
	struct tc_stmt *st = new_stmt(ps, TC_STMT_SAMPLE_ISN, line, col);
	enum tc_err err;
	uint64_t n;

	if (st == NULL)
		return TC_ERR_NOMEM;
	if ((err = expect_word(ps, "isn")) != TC_OK ||
	    (err = expect_word(ps, "x")) != TC_OK ||
	    (err = parse_range(ps, 16, SAMPLES_MAX, "sample count", &n)))
		return err;
	st->samples = (uint32_t)n;
	ps->s->needs |= TC_TARGET_CAP_LISTEN;	/* SYNs to a listener: no more */
	if (!is_word(ps, "within"))
		return TC_OK;
	if ((err = advance(ps)) != TC_OK)
		return err;
	return parse_duration(ps, &st->within_ns);
}

static enum tc_err
parse_ready(struct parser *ps, unsigned line, unsigned col)
{
	return new_stmt(ps, TC_STMT_READY, line, col) ? TC_OK : TC_ERR_NOMEM;
}

/*
 * Statement keywords and their productions.  A `raw` statement reads the
 * rest of its line as text: it runs while the lexer stands just after the
 * keyword, before the lookahead token is read.
 */
static const struct {
	const char	*word;
	bool		raw;
	enum tc_err	(*parse)(struct parser *, unsigned, unsigned);
} statements[] = {
	{ "test", false, parse_test },
	{ "ref", true, parse_ref },
	{ "tags", true, parse_tags },
	{ "sysctl", true, parse_sysctl },
	{ "send", false, parse_send },
	{ "expect", false, parse_expect },
	{ "state", true, parse_state },
	{ "target", false, parse_target },
	{ "wait", false, parse_wait },
	{ "let", false, parse_let },
	{ "ready", false, parse_ready },
	{ "requires", false, parse_requires },
	{ "include", false, parse_include },
	{ "sample", false, parse_sample },
};

/* line := [statement] NEWLINE */
static enum tc_err
parse_line(struct parser *ps)
{
	unsigned line = ps->tok.line, col = ps->tok.col;
	enum tc_err err;
	size_t i;

	if (ps->tok.kind == TC_TOK_NEWLINE)
		return TC_OK;
	for (i = 0; i < sizeof(statements) / sizeof(statements[0]); i++)
		if (is_word(ps, statements[i].word))
			break;
	if (i == sizeof(statements) / sizeof(statements[0]))
		return expected(ps, "a statement: test, ref, tags, requires, "
		    "sysctl, include, send, expect, state, target, wait, let, "
		    "ready or sample");
	if (!statements[i].raw && (err = advance(ps)) != TC_OK)
		return err;
	if ((err = statements[i].parse(ps, line, col)) != TC_OK)
		return err;
	if (ps->tok.kind != TC_TOK_NEWLINE && ps->tok.kind != TC_TOK_EOF)
		return expected(ps, "the end of the line");
	return TC_OK;
}

static enum tc_err parse_line(struct parser *ps);

/* Skips what is left of a line after an error. */
static void
recover(struct parser *ps)
{
	if (ps->tok.kind == TC_TOK_NEWLINE || ps->tok.kind == TC_TOK_EOF)
		return;
	tc_lex_skip_line(&ps->lx);
	ps->tok.kind = TC_TOK_NEWLINE;
}

/* lines := { line } EOF; errors are recorded, each line recovers. */
static enum tc_err
parse_lines(struct parser *ps)
{
	enum tc_err err;

	advance(ps);
	while (ps->tok.kind != TC_TOK_EOF && !ps->stop) {
		err = parse_line(ps);
		if (err == TC_ERR_NOMEM)
			return ps->limit_hit ? TC_OK : err;
		if (err != TC_OK)
			recover(ps);
		if (ps->tok.kind == TC_TOK_NEWLINE)
			advance(ps);
	}
	return TC_OK;
}

#define INCLUDE_DEPTH_MAX	8

/* A path relative to the including file's folder. */
static const char *
include_path(struct parser *ps, const char *name)
{
	const char *slash = strrchr(ps->path, '/');
	size_t dirlen = slash ? (size_t)(slash - ps->path) + 1 : 0;
	char *full;

	if (name[0] == '/' || dirlen == 0)
		return tc_arena_strndup(&ps->s->arena, name, strlen(name));
	full = node(ps, dirlen + strlen(name) + 1);
	if (full != NULL) {
		memcpy(full, ps->path, dirlen);
		strcpy(full + dirlen, name);
	}
	return full;
}

/* include := 'include' STRING   (a file of statements, e.g. a preamble) */
static enum tc_err
parse_include(struct parser *ps, unsigned line, unsigned col)
{
	struct tc_lexer saved_lx = ps->lx;
	const char *saved_path = ps->path, *path;
	struct tc_parse_report tmp;
	size_t before;
	char name[256], *src;
	enum tc_err err;

	if (ps->tok.kind != TC_TOK_STRING || ps->tok.str_len == 0 ||
	    ps->tok.str_len >= sizeof(name) ||
	    memchr(ps->tok.str, '\0', ps->tok.str_len) != NULL)
		return expected(ps, "a file name in quotes, e.g. include "
		    "\"handshake.tcsinc\"");
	if (ps->include_depth == INCLUDE_DEPTH_MAX)
		return error_at(ps, line, col, "includes nested deeper than %d "
		    "(the limit; an include cycle?)", INCLUDE_DEPTH_MAX);
	snprintf(name, sizeof(name), "%.*s", (int)ps->tok.str_len,
	    (const char *)ps->tok.str);
	if ((path = include_path(ps, name)) == NULL)
		return TC_ERR_NOMEM;
	if ((err = tc_parse_read(path, &src, &tmp)) != TC_OK) {
		/* What follows most likely leans on the missing file:
		 * stop rather than bury this error under its echoes. */
		ps->stop = true;
		return err == TC_ERR_NOMEM ? err : error_at(ps, ps->tok.line,
		    ps->tok.col, "cannot include '%s': %s", path,
		    tmp.msg[0].msg);
	}
	before = ps->rep->nerrors;
	ps->path = path;
	tc_lex_init(&ps->lx, tc_arena_strndup(&ps->s->arena, src,
	    strlen(src)));
	free(src);
	if (ps->lx.src == NULL)
		return TC_ERR_NOMEM;
	ps->include_depth++;
	err = parse_lines(ps);
	ps->include_depth--;
	ps->lx = saved_lx;
	ps->path = saved_path;
	if (err != TC_OK)
		return err;
	if (ps->rep->nerrors > before)
		note_at(ps, line, col, "in the file included here");
	return advance(ps);
}

static void
check_header(struct parser *ps)
{
	if (ps->s->title == NULL)
		error_at(ps, 1, 1, "missing 'test \"title\"'; expected it on "
		    "the first line");
	if (ps->s->refs == NULL)
		error_at(ps, 1, 1, "missing 'ref'; every testcase cites its "
		    "source, e.g. 'ref RFC9293 3.5'");
	if (ps->s->nstmt == 0)
		error_at(ps, 1, 1, "no steps; expected at least one send, "
		    "expect or target line");
}

/* script := { line } EOF */
enum tc_err
tc_parse_string(const char *path, const char *src, struct tc_script **out,
    struct tc_parse_report *rep)
{
	struct tc_arena arena = { NULL };
	struct parser ps;

	*out = NULL;
	memset(rep, 0, sizeof(*rep));
	memset(&ps, 0, sizeof(ps));
	ps.rep = rep;
	ps.s = tc_arena_alloc(&arena, sizeof(*ps.s));
	if (ps.s == NULL)
		return TC_ERR_NOMEM;
	ps.s->arena = arena;
	ps.s->path = tc_arena_strndup(&ps.s->arena, path, strlen(path));
	ps.s->source = tc_arena_strndup(&ps.s->arena, src, strlen(src));
	if (ps.s->path == NULL || ps.s->source == NULL)
		goto nomem;
	ps.path = ps.s->path;
	tc_lex_init(&ps.lx, ps.s->source);
	if (parse_lines(&ps) == TC_ERR_NOMEM)
		goto nomem;
	if (!ps.stop)
		check_header(&ps);
	if (rep->nerrors > 0) {
		tc_script_free(ps.s);
		return TC_ERR_PARSE;
	}
	*out = ps.s;
	return TC_OK;
nomem:
	tc_script_free(ps.s);
	return TC_ERR_NOMEM;
}

static void
file_error(struct tc_parse_report *rep, const char *msg)
{
	rep->msg[0].severity = TC_SEV_ERROR;
	snprintf(rep->msg[0].msg, sizeof(rep->msg[0].msg), "%s", msg);
	rep->n = rep->nerrors = 1;
}

enum tc_err
tc_parse_read(const char *path, char **out, struct tc_parse_report *rep)
{
	FILE *f = fopen(path, "r");
	char msg[128], *buf;
	size_t n;

	memset(rep, 0, sizeof(*rep));
	*out = NULL;
	if (f == NULL) {
		snprintf(msg, sizeof(msg), "cannot open: %s", strerror(errno));
		file_error(rep, msg);
		return TC_ERR_PARSE;
	}
	buf = malloc(SRC_MAX + 1);
	if (buf == NULL) {
		fclose(f);
		return TC_ERR_NOMEM;
	}
	n = fread(buf, 1, SRC_MAX + 1, f);
	fclose(f);
	if (n > SRC_MAX || memchr(buf, '\0', n) != NULL) {
		file_error(rep, n > SRC_MAX ? "larger than 1 MiB (the limit)" :
		    "contains a NUL byte; expected a text file");
		free(buf);
		return TC_ERR_PARSE;
	}
	buf[n] = '\0';
	*out = buf;
	return TC_OK;
}

enum tc_err
tc_parse_file(const char *path, struct tc_script **out,
    struct tc_parse_report *rep)
{
	enum tc_err err;
	char *src;

	*out = NULL;
	if ((err = tc_parse_read(path, &src, rep)) != TC_OK)
		return err;
	err = tc_parse_string(path, src, out, rep);
	free(src);
	return err;
}

void
tc_parse_report_print(FILE *f, const char *path, const char *src,
    const struct tc_parse_report *rep)
{
	size_t i;

	(void)src;	/* each message carries its own line */
	for (i = 0; i < rep->n; i++) {
		const struct tc_parse_msg *m = &rep->msg[i];
		const char *sev = m->severity == TC_SEV_ERROR ? "error" :
		    m->severity == TC_SEV_WARNING ? "warning" : "note";
		const char *where = m->path[0] ? m->path : path;
		size_t len = strlen(m->text);
		unsigned c;

		if (m->line == 0) {
			fprintf(f, "%s: %s: %s\n", where, sev, m->msg);
			continue;
		}
		fprintf(f, "%s:%u:%u: %s: %s\n", where, m->line, m->col, sev,
		    m->msg);
		fprintf(f, "%5u | %s\n      | ", m->line, m->text);
		for (c = 1; c < m->col && c <= len; c++)
			fputc(m->text[c - 1] == '\t' ? '\t' : ' ', f);
		fputs("^\n", f);
	}
	if (rep->dropped > 0)
		fprintf(f, "%s: %zu more messages not shown\n", path,
		    rep->dropped);
}

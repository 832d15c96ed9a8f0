/* ast.c - the script arena, field/operator names, and printing nodes back. */
#include "ast.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "segment.h"
#include "strbuf.h"

struct tc_arena_chunk {
	struct tc_arena_chunk *next;
	size_t		used;
	size_t		cap;
	_Alignas(max_align_t) unsigned char mem[];
};

#define ARENA_CHUNK	(64 * 1024)

void *
tc_arena_alloc(struct tc_arena *a, size_t size)
{
	struct tc_arena_chunk *c = a->head;
	size_t align = _Alignof(max_align_t);

	size = (size + align - 1) & ~(align - 1);
	if (c == NULL || size > c->cap - c->used) {
		size_t cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;

		c = malloc(sizeof(*c) + cap);
		if (c == NULL)
			return NULL;
		c->next = a->head;
		c->used = 0;
		c->cap = cap;
		a->head = c;
	}
	c->used += size;
	memset(c->mem + c->used - size, 0, size);
	return c->mem + c->used - size;
}

char *
tc_arena_strndup(struct tc_arena *a, const char *s, size_t n)
{
	char *d = tc_arena_alloc(a, n + 1);

	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

void
tc_arena_fini(struct tc_arena *a)
{
	struct tc_arena_chunk *c = a->head, *next;

	for (; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}

/* ORDER FIELDS */
static const char *const field_names[TC_FIELD_COUNT] = {
	[TC_FIELD_SEQ] = "seq",
	[TC_FIELD_ACK] = "ack",
	[TC_FIELD_WIN] = "win",
	[TC_FIELD_URG] = "urg",
	[TC_FIELD_DOFF] = "doff",
	[TC_FIELD_RES] = "res",
	[TC_FIELD_CSUM] = "csum",
	[TC_FIELD_TTL] = "ttl",
	[TC_FIELD_TOS] = "tos",
	[TC_FIELD_IPID] = "ipid",
	[TC_FIELD_DF] = "df",
	[TC_FIELD_SPORT] = "sport",
	[TC_FIELD_DPORT] = "dport",
	[TC_FIELD_LEN] = "len",
	[TC_FIELD_DSCP] = "dscp",
	[TC_FIELD_ECN] = "ecn",
	[TC_FIELD_MTU] = "mtu",
};

_Static_assert(sizeof(field_names) / sizeof(field_names[0]) ==
    TC_FIELD_COUNT, "field_names out of step with enum tc_field");

/* ORDER RELOPS */
static const char *const relop_texts[TC_REL_COUNT] = {
	[TC_REL_EQ] = "=",
	[TC_REL_NE] = "!=",
	[TC_REL_LT] = "<",
	[TC_REL_LE] = "<=",
	[TC_REL_GT] = ">",
	[TC_REL_GE] = ">=",
	[TC_REL_IN] = " in ",
};

/* ORDER FIELDS */
static const uint32_t field_max[TC_FIELD_COUNT] = {
	[TC_FIELD_SEQ] = UINT32_MAX, [TC_FIELD_ACK] = UINT32_MAX,
	[TC_FIELD_WIN] = 0xffff, [TC_FIELD_URG] = 0xffff,
	[TC_FIELD_DOFF] = 15, [TC_FIELD_RES] = 15, [TC_FIELD_CSUM] = 0xffff,
	[TC_FIELD_TTL] = 255, [TC_FIELD_TOS] = 255, [TC_FIELD_IPID] = 0xffff,
	[TC_FIELD_DF] = 1, [TC_FIELD_SPORT] = 0xffff,
	[TC_FIELD_DPORT] = 0xffff, [TC_FIELD_LEN] = 65000,
	[TC_FIELD_DSCP] = 63, [TC_FIELD_ECN] = 3, [TC_FIELD_MTU] = 0xffff,
};

uint32_t
tc_field_max(enum tc_field f)
{
	return (unsigned)f < TC_FIELD_COUNT ? field_max[f] : 0;
}

const char *
tc_field_name(enum tc_field f)
{
	return (unsigned)f < TC_FIELD_COUNT ? field_names[f] : "?";
}

bool
tc_field_lookup(const char *name, size_t len, enum tc_field *out)
{
	unsigned i;

	for (i = 0; i < TC_FIELD_COUNT; i++) {
		if (strlen(field_names[i]) == len &&
		    strncmp(field_names[i], name, len) == 0) {
			*out = (enum tc_field)i;
			return true;
		}
	}
	return false;
}

const char *
tc_relop_text(enum tc_relop op)
{
	return (unsigned)op < TC_REL_COUNT ? relop_texts[op] : "?";
}

void
tc_script_free(struct tc_script *s)
{
	struct tc_arena arena;

	if (s == NULL)
		return;
	/* The script itself lives in its own arena. */
	arena = s->arena;
	tc_arena_fini(&arena);
}

static void
expr_print(struct tc_strbuf *sb, const struct tc_expr *e, int prec)
{
	static const char ops[] = { [TC_EXPR_ADD] = '+', [TC_EXPR_SUB] = '-',
	    [TC_EXPR_MUL] = '*', [TC_EXPR_DIV] = '/' };
	int my;

	switch (e->kind) {
	case TC_EXPR_NUM:
		tc_strbuf_printf(sb, e->num > 0xffff ? "0x%llx" : "%llu",
		    (unsigned long long)e->num);
		return;
	case TC_EXPR_VAR:
		tc_strbuf_printf(sb, "%s", e->name);
		return;
	case TC_EXPR_NEG:
		tc_strbuf_printf(sb, "-");
		expr_print(sb, e->l, 3);
		return;
	case TC_EXPR_SEG:
		tc_strbuf_printf(sb, "seg.%s", e->name);
		return;
	case TC_EXPR_RANDOM:
		tc_strbuf_printf(sb, "random");
		return;
	case TC_EXPR_ADD:
	case TC_EXPR_SUB:
	case TC_EXPR_MUL:
	case TC_EXPR_DIV:
		my = e->kind == TC_EXPR_MUL || e->kind == TC_EXPR_DIV ? 2 : 1;
		if (my < prec)
			tc_strbuf_printf(sb, "(");
		expr_print(sb, e->l, my);
		tc_strbuf_printf(sb, "%c", ops[e->kind]);
		expr_print(sb, e->r, my + 1);
		if (my < prec)
			tc_strbuf_printf(sb, ")");
		return;
	}
}

size_t
tc_expr_format(const struct tc_expr *e, char *buf, size_t cap)
{
	struct tc_strbuf sb = { buf, cap, 0 };

	if (cap > 0)
		buf[0] = '\0';
	expr_print(&sb, e, 0);
	return sb.len;
}

static void
cond_print(struct tc_strbuf *sb, const struct tc_cond *c)
{
	static const char *const csum_words[] = { [TC_CSUMK_BAD] = "bad",
	    [TC_CSUMK_ZERO] = "zero", [TC_CSUMK_GOOD] = "good" };

	tc_strbuf_printf(sb, " %s%s", tc_field_name(c->field), tc_relop_text(c->op));
	if (c->field == TC_FIELD_CSUM && c->csum != TC_CSUMK_EXPR) {
		tc_strbuf_printf(sb, "%s", csum_words[c->csum]);
		return;
	}
	expr_print(sb, c->a, 0);
	if (c->op == TC_REL_IN) {
		tc_strbuf_printf(sb, "..");
		expr_print(sb, c->b, 0);
	}
}

static const char *
opt_name(uint8_t kind)
{
	switch (kind) {
	case TC_OPT_EOL: return "eol";
	case TC_OPT_NOP: return "nop";
	case TC_OPT_MSS: return "mss";
	case TC_OPT_WSCALE: return "wscale";
	case TC_OPT_SACK_PERM: return "sackOK";
	case TC_OPT_SACK: return "sack";
	case TC_OPT_TS: return "ts";
	default: return NULL;
	}
}

static void
opt_print(struct tc_strbuf *sb, const struct tc_optnode *o)
{
	const char *name = opt_name(o->kind);
	size_t i;

	if (o->absent)
		tc_strbuf_printf(sb, "!");
	/* Data bytes parse back only after "kind N". */
	if (name != NULL && o->raw_len == 0)
		tc_strbuf_printf(sb, "%s", name);
	else
		tc_strbuf_printf(sb, "kind %u", o->kind);
	for (i = 0; i < o->nv; i++) {
		if (o->v[i] == NULL)
			continue;
		if (o->kind == TC_OPT_TS)
			tc_strbuf_printf(sb, i == 0 ? " val " : " ecr ");
		else if (o->kind == TC_OPT_SACK && i % 2 == 1)
			tc_strbuf_printf(sb, ":");
		else
			tc_strbuf_printf(sb, " ");
		expr_print(sb, o->v[i], 0);
	}
	if (o->raw_len > 0) {
		tc_strbuf_printf(sb, " data");
		for (i = 0; i < o->raw_len; i++)
			tc_strbuf_printf(sb, " %u", o->raw[i]);
	}
	if (o->wire_len >= 0)
		tc_strbuf_printf(sb, " len %d", o->wire_len);
}

size_t
tc_flags_format(uint8_t flags, char *buf, size_t cap)
{
	static const struct {
		uint8_t	bit;
		char	letter;
	} order[] = {	/* letters first, '.' last: what the parser reads */
		{ TC_TH_FIN, 'F' }, { TC_TH_SYN, 'S' }, { TC_TH_RST, 'R' },
		{ TC_TH_PSH, 'P' }, { TC_TH_URG, 'U' }, { TC_TH_ECE, 'E' },
		{ TC_TH_CWR, 'W' }, { TC_TH_ACK, '.' },
	};
	struct tc_strbuf sb = { buf, cap, 0 };
	size_t i;

	if (cap > 0)
		buf[0] = '\0';
	if (flags == 0)
		tc_strbuf_printf(&sb, "none");
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (flags & order[i].bit)
			tc_strbuf_printf(&sb, "%c", order[i].letter);
	return sb.len;
}

/* A payload as a script string literal, escaped so it parses back. */
static void
payload_print(struct tc_strbuf *sb, const uint8_t *p, size_t n)
{
	size_t i;

	tc_strbuf_printf(sb, " \"");
	for (i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			tc_strbuf_printf(sb, "\\%c", p[i]);
		else if (p[i] == '\n')
			tc_strbuf_printf(sb, "\\n");
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			tc_strbuf_printf(sb, "%c", p[i]);
		else
			tc_strbuf_printf(sb, "\\x%02x", p[i]);
	}
	tc_strbuf_printf(sb, "\"");
}

size_t
tc_pattern_format(const struct tc_pattern *p, char *buf, size_t cap)
{
	struct tc_strbuf sb = { buf, cap, 0 };
	char flags[16];
	size_t i;

	if (cap > 0)
		buf[0] = '\0';
	if (p->icmp) {
		tc_strbuf_printf(&sb, "icmp");
		if (p->icmp_type >= 0)
			tc_strbuf_printf(&sb, " type=%d", p->icmp_type);
		if (p->icmp_code >= 0)
			tc_strbuf_printf(&sb, " code=%d", p->icmp_code);
	} else {
		tc_flags_format(p->flags, flags, sizeof(flags));
		tc_strbuf_printf(&sb, "%s", flags);
	}
	for (i = 0; i < p->ncond; i++)
		cond_print(&sb, &p->cond[i]);
	if (p->has_opts) {
		tc_strbuf_printf(&sb, " <");
		for (i = 0; i < p->nopt; i++) {
			tc_strbuf_printf(&sb, i > 0 ? "," : "");
			opt_print(&sb, &p->opt[i]);
		}
		tc_strbuf_printf(&sb, ">");
	}
	if (p->payload != NULL)
		payload_print(&sb, p->payload, p->payload_len);
	if (p->count > 1)
		tc_strbuf_printf(&sb, " x %u", p->count);
	return sb.len;
}

/* eval.c - evaluating expressions, matching segments, building sends. */
#include "eval.h"

#include <stdio.h>
#include <string.h>

#include "options.h"
#include "seq.h"

enum tc_err
tc_env_set(struct tc_env *env, const char *name, uint32_t v)
{
	size_t i;

	if (strcmp(name, "isn") == 0) {
		env->isn = v;
		return TC_OK;
	}
	for (i = 0; i < env->nvar; i++) {
		if (strcmp(env->var[i].name, name) == 0) {
			env->var[i].value = v;
			return TC_OK;
		}
	}
	if (env->nvar == TC_ENV_VARS_MAX)
		return TC_ERR_LIMIT;
	env->var[env->nvar].name = name;
	env->var[env->nvar++].value = v;
	return TC_OK;
}

static enum tc_err
lookup(const struct tc_env *env, const char *name, uint32_t *out, char *why,
    size_t cap)
{
	size_t i;

	if (strcmp(name, "isn") == 0) {
		*out = env->isn;
		return TC_OK;
	}
	if (strcmp(name, "peer") == 0) {
		if (!env->peer_known) {
			snprintf(why, cap, "'peer' is used before the target "
			    "sent a SYN");
			return TC_ERR_NOTFOUND;
		}
		*out = env->peer;
		return TC_OK;
	}
	for (i = 0; i < env->nvar; i++) {
		if (strcmp(env->var[i].name, name) == 0) {
			*out = env->var[i].value;
			return TC_OK;
		}
	}
	snprintf(why, cap, "variable '%s' is used before it is set", name);
	return TC_ERR_NOTFOUND;
}

static uint32_t field_value(const struct tc_segment *s, enum tc_field f);
static bool opt_value(const struct tc_opt *o, size_t i, uint32_t *v);

/* seg.FIELD: a field of the segment the last `expect` matched. */
static enum tc_err
segref(const struct tc_env *env, const struct tc_expr *e, uint32_t *out,
    char *why, size_t cap)
{
	const struct tc_opt *o;

	if (env->last == NULL) {
		snprintf(why, cap, "'seg.%s' is used before any expect "
		    "matched a segment", e->name);
		return TC_ERR_NOTFOUND;
	}
	if (e->field >= 0) {
		*out = field_value(env->last, (enum tc_field)e->field);
		return TC_OK;
	}
	o = tc_options_find(&env->last->opts, e->opt_kind);
	if (o == NULL || !opt_value(o, e->opt_index, out)) {
		snprintf(why, cap, "'seg.%s': the last matched segment has no "
		    "such option", e->name);
		return TC_ERR_NOTFOUND;
	}
	return TC_OK;
}

/* xorshift64*: cheap, and seeded per testcase, so runs reproduce. */
static uint32_t
draw(uint64_t *state)
{
	uint64_t x = *state ? *state : UINT64_C(0x9e3779b97f4a7c15);

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return (uint32_t)((x * UINT64_C(2685821657736338717)) >> 32);
}

enum tc_err
tc_eval(const struct tc_env *env, const struct tc_expr *e, uint32_t *out,
    char *why, size_t cap)
{
	uint32_t l = 0, r = 0;
	enum tc_err err;
	char buf[128];

	if (e->kind == TC_EXPR_NUM) {
		*out = (uint32_t)e->num;
		return TC_OK;
	}
	if (e->kind == TC_EXPR_VAR)
		return lookup(env, e->name, out, why, cap);
	if (e->kind == TC_EXPR_SEG)
		return segref(env, e, out, why, cap);
	if (e->kind == TC_EXPR_RANDOM) {
		static uint64_t fallback = 1;

		*out = draw(env->rng ? env->rng : &fallback);
		return TC_OK;
	}
	if ((err = tc_eval(env, e->l, &l, why, cap)) != TC_OK)
		return err;
	if (e->kind != TC_EXPR_NEG &&
	    (err = tc_eval(env, e->r, &r, why, cap)) != TC_OK)
		return err;
	switch (e->kind) {
	case TC_EXPR_ADD: *out = l + r; break;
	case TC_EXPR_SUB: *out = l - r; break;
	case TC_EXPR_MUL: *out = l * r; break;
	case TC_EXPR_DIV:
		if (r == 0) {
			tc_expr_format(e, buf, sizeof(buf));
			snprintf(why, cap, "division by zero in '%s'", buf);
			return TC_ERR_INVAL;
		}
		*out = l / r;
		break;
	case TC_EXPR_NEG: *out = 0u - l; break;
	case TC_EXPR_NUM:
	case TC_EXPR_VAR:
	case TC_EXPR_SEG:
	case TC_EXPR_RANDOM:
		break;
	}
	return TC_OK;
}

static uint32_t
field_value(const struct tc_segment *s, enum tc_field f)
{
	switch (f) {
	case TC_FIELD_SEQ:
		/* An ICMP error's seq is the quoted segment's. */
		return s->kind == TC_SEG_ICMP ? s->quote_seq : s->seq;
	case TC_FIELD_ACK: return s->ack;
	case TC_FIELD_WIN: return s->win;
	case TC_FIELD_URG: return s->urg;
	case TC_FIELD_DOFF: return s->doff;
	case TC_FIELD_RES: return s->reserved;
	case TC_FIELD_CSUM: return s->csum;
	case TC_FIELD_TTL: return s->ttl;
	case TC_FIELD_TOS: return s->tos;
	case TC_FIELD_IPID: return s->ip_id;
	case TC_FIELD_DF: return s->df;
	case TC_FIELD_SPORT: return s->sport;
	case TC_FIELD_DPORT: return s->dport;
	case TC_FIELD_LEN: return (uint32_t)s->payload_len;
	case TC_FIELD_DSCP: return s->tos >> 2;
	case TC_FIELD_ECN: return s->tos & 3;
	case TC_FIELD_MTU: return s->icmp_rest & 0xffff;
	case TC_FIELD_COUNT: break;
	}
	return 0;
}

static bool
compare(enum tc_field f, enum tc_relop op, uint32_t v, uint32_t a, uint32_t b)
{
	bool modular = f == TC_FIELD_SEQ || f == TC_FIELD_ACK;

	switch (op) {
	case TC_REL_EQ: return v == a;
	case TC_REL_NE: return v != a;
	case TC_REL_LT: return modular ? tc_seq_lt(v, a) : v < a;
	case TC_REL_LE: return modular ? tc_seq_leq(v, a) : v <= a;
	case TC_REL_GT: return modular ? tc_seq_gt(v, a) : v > a;
	case TC_REL_GE: return modular ? tc_seq_geq(v, a) : v >= a;
	case TC_REL_IN: return modular ? tc_seq_in(v, a, b + 1) :
	    (v >= a && v <= b);
	case TC_REL_COUNT: break;
	}
	return false;
}

static bool
match_csum(const struct tc_cond *c, const struct tc_segment *s, char *why,
    size_t cap)
{
	bool ok = c->csum == TC_CSUMK_GOOD ? s->csum_ok :
	    c->csum == TC_CSUMK_BAD ? !s->csum_ok : s->csum == 0;

	if (c->op == TC_REL_NE)
		ok = !ok;
	if (!ok)
		snprintf(why, cap, "checksum 0x%04x is %s", s->csum,
		    s->csum_ok ? "correct" : "wrong");
	return ok;
}

static enum tc_err
match_cond(const struct tc_env *env, const struct tc_cond *c,
    const struct tc_segment *s, bool *ok, char *why, size_t cap)
{
	uint32_t a = 0, b = 0, v = field_value(s, c->field);
	char text[96], text2[96];
	enum tc_err err;

	if (c->field == TC_FIELD_CSUM && c->csum != TC_CSUMK_EXPR) {
		*ok = match_csum(c, s, why, cap);
		return TC_OK;
	}
	if ((err = tc_eval(env, c->a, &a, why, cap)) != TC_OK)
		return err;
	if (c->op == TC_REL_IN &&
	    (err = tc_eval(env, c->b, &b, why, cap)) != TC_OK)
		return err;
	*ok = compare(c->field, c->op, v, a, b);
	if (*ok)
		return TC_OK;
	tc_expr_format(c->a, text, sizeof(text));
	if (c->op == TC_REL_IN) {
		tc_expr_format(c->b, text2, sizeof(text2));
		snprintf(why, cap, "%s is %u, expected %u..%u (%s..%s)",
		    tc_field_name(c->field), v, a, b, text, text2);
	} else {
		snprintf(why, cap, "%s is %u, expected %s%u (%s)",
		    tc_field_name(c->field), v,
		    c->op == TC_REL_EQ ? "" : tc_relop_text(c->op), a, text);
	}
	return TC_OK;
}

static const char *
opt_label(uint8_t kind)
{
	switch (kind) {
	case TC_OPT_MSS: return "mss";
	case TC_OPT_WSCALE: return "wscale";
	case TC_OPT_SACK_PERM: return "sackOK";
	case TC_OPT_SACK: return "sack";
	case TC_OPT_TS: return "ts";
	case TC_OPT_NOP: return "nop";
	case TC_OPT_EOL: return "eol";
	default: return "option";
	}
}

/* The value i of a decoded option, in the order the script lists them. */
static bool
opt_value(const struct tc_opt *o, size_t i, uint32_t *v)
{
	switch (o->kind) {
	case TC_OPT_MSS: *v = o->u.mss; return i == 0;
	case TC_OPT_WSCALE: *v = o->u.wscale; return i == 0;
	case TC_OPT_TS:
		*v = i == 0 ? o->u.ts.val : o->u.ts.ecr;
		return i < 2;
	case TC_OPT_SACK:
		if (i / 2 >= o->n_sack)
			return false;
		*v = i % 2 ? o->u.sack[i / 2].right : o->u.sack[i / 2].left;
		return true;
	default:
		return false;
	}
}

static enum tc_err
match_option(const struct tc_env *env, const struct tc_optnode *n,
    const struct tc_segment *s, bool *ok, char *why, size_t cap)
{
	const struct tc_opt *o = tc_options_find(&s->opts, n->kind);
	uint32_t want, got = 0;
	enum tc_err err;
	size_t i;

	*ok = (o != NULL) != n->absent;
	if (!*ok) {
		snprintf(why, cap, "option %s (kind %u) is %s", opt_label(n->kind),
		    n->kind, n->absent ? "present" : "missing");
		return TC_OK;
	}
	if (o != NULL && n->wire_len >= 0 && o->wire_len != n->wire_len) {
		*ok = false;
		snprintf(why, cap, "option %s length is %u, expected %d",
		    opt_label(n->kind), o->wire_len, n->wire_len);
		return TC_OK;
	}
	if (o != NULL && n->raw_len > 0 && (o->raw_len != n->raw_len ||
	    memcmp(o->raw, n->raw, n->raw_len) != 0)) {
		*ok = false;
		snprintf(why, cap, "option kind %u carries other data",
		    n->kind);
		return TC_OK;
	}
	for (i = 0; o != NULL && i < n->nv; i++) {
		if (n->v[i] == NULL)
			continue;
		if ((err = tc_eval(env, n->v[i], &want, why, cap)) != TC_OK)
			return err;
		if (!opt_value(o, i, &got)) {
			*ok = false;
			snprintf(why, cap, "option %s value %zu is missing, "
			    "expected %u", opt_label(n->kind), i + 1, want);
			return TC_OK;
		}
		if (got != want) {
			*ok = false;
			snprintf(why, cap, "option %s value %zu is %u, "
			    "expected %u", opt_label(n->kind), i + 1, got, want);
			return TC_OK;
		}
	}
	return TC_OK;
}

/* ICMP against ICMP: type and code, when the pattern names them. */
static bool
match_icmp_head(const struct tc_pattern *p, const struct tc_segment *s,
    char *why, size_t cap)
{
	if (!p->icmp || s->kind != TC_SEG_ICMP) {
		snprintf(why, cap, "got %s, expected %s", s->kind ==
		    TC_SEG_ICMP ? "an ICMP message" : "a TCP segment",
		    p->icmp ? "an ICMP message" : "a TCP segment");
		return false;
	}
	if ((p->icmp_type >= 0 && s->icmp_type != p->icmp_type) ||
	    (p->icmp_code >= 0 && s->icmp_code != p->icmp_code)) {
		char want[32];

		if (p->icmp_code >= 0)
			snprintf(want, sizeof(want), "type %d code %d",
			    p->icmp_type, p->icmp_code);
		else
			snprintf(want, sizeof(want), "type %d", p->icmp_type);
		snprintf(why, cap, "ICMP type %u code %u, expected %s",
		    s->icmp_type, s->icmp_code, want);
		return false;
	}
	return true;
}

enum tc_err
tc_match(const struct tc_env *env, const struct tc_pattern *p,
    const struct tc_segment *s, bool *match, char *why, size_t cap)
{
	char want[16], got[16];
	enum tc_err err;
	size_t i;

	*match = false;
	if (p->icmp || s->kind == TC_SEG_ICMP) {
		if (!match_icmp_head(p, s, why, cap))
			return TC_OK;
	} else if (s->flags != p->flags) {
		tc_flags_format(p->flags, want, sizeof(want));
		tc_flags_format(s->flags, got, sizeof(got));
		snprintf(why, cap, "flags are %s, expected %s", got, want);
		return TC_OK;
	}
	for (i = 0; i < p->ncond; i++) {
		err = match_cond(env, &p->cond[i], s, match, why, cap);
		if (err != TC_OK || !*match)
			return err;
	}
	for (i = 0; i < p->nopt; i++) {
		err = match_option(env, &p->opt[i], s, match, why, cap);
		if (err != TC_OK || !*match)
			return err;
	}
	if (p->payload != NULL && (s->payload_len != p->payload_len ||
	    memcmp(s->payload, p->payload, p->payload_len) != 0)) {
		*match = false;
		snprintf(why, cap, "payload differs (%zu bytes, expected %zu)",
		    s->payload_len, p->payload_len);
		return TC_OK;
	}
	*match = true;
	return TC_OK;
}

static void
set_field(struct tc_tcp_spec *t, struct tc_ip_spec *ip, enum tc_field f,
    uint32_t v, size_t *len)
{
	switch (f) {
	case TC_FIELD_SEQ: t->seq = v; break;
	case TC_FIELD_ACK: t->ack = v; break;
	case TC_FIELD_WIN: t->win = (uint16_t)v; break;
	case TC_FIELD_URG: t->urg = (uint16_t)v; break;
	case TC_FIELD_DOFF:
		t->doff = (uint8_t)v;
		t->doff_exact = true;
		break;
	case TC_FIELD_RES: t->reserved = (uint8_t)v; break;
	case TC_FIELD_CSUM:
		t->csum_mode = TC_CSUM_VALUE;
		t->csum_value = (uint16_t)v;
		break;
	case TC_FIELD_TTL: ip->ttl = (uint8_t)v; break;
	case TC_FIELD_TOS: ip->tos = (uint8_t)v; break;
	case TC_FIELD_IPID: ip->id = (uint16_t)v; break;
	case TC_FIELD_DF: ip->df = v != 0; break;
	case TC_FIELD_SPORT: t->sport = (uint16_t)v; break;
	case TC_FIELD_DPORT: t->dport = (uint16_t)v; break;
	case TC_FIELD_LEN: *len = v; break;
	case TC_FIELD_DSCP: ip->tos = (uint8_t)((ip->tos & 3) | v << 2); break;
	case TC_FIELD_ECN: ip->tos = (uint8_t)((ip->tos & ~3u) | v); break;
	case TC_FIELD_MTU: t->mtu = (uint16_t)v; break;	/* ICMP only */
	case TC_FIELD_COUNT: break;
	}
}

static enum tc_err
build_fields(const struct tc_env *env, const struct tc_pattern *p,
    struct tc_tcp_spec *t, struct tc_ip_spec *ip, size_t *len, char *why,
    size_t cap)
{
	enum tc_err err;
	uint32_t v;
	size_t i;

	for (i = 0; i < p->ncond; i++) {
		const struct tc_cond *c = &p->cond[i];

		if (c->field == TC_FIELD_CSUM && c->csum != TC_CSUMK_EXPR) {
			t->csum_mode = c->csum == TC_CSUMK_BAD ? TC_CSUM_BAD :
			    c->csum == TC_CSUMK_ZERO ? TC_CSUM_ZERO :
			    TC_CSUM_CORRECT;
			continue;
		}
		if ((err = tc_eval(env, c->a, &v, why, cap)) != TC_OK)
			return err;
		/* `random` alone draws within the field's range. */
		if (c->a->kind == TC_EXPR_RANDOM)
			v = (uint32_t)(v % ((uint64_t)tc_field_max(c->field) +
			    1));
		if (v > tc_field_max(c->field)) {
			snprintf(why, cap, "%s=%u does not fit (at most %u)",
			    tc_field_name(c->field), v, tc_field_max(c->field));
			return TC_ERR_INVAL;
		}
		set_field(t, ip, c->field, v, len);
	}
	return TC_OK;
}

static enum tc_err
build_option(const struct tc_env *env, const struct tc_optnode *n,
    struct tc_opt *o, char *why, size_t cap)
{
	uint32_t v[8] = { 0 };
	enum tc_err err;
	size_t i;

	memset(o, 0, sizeof(*o));
	o->kind = n->kind;
	o->wire_len = n->wire_len >= 0 ? (uint8_t)n->wire_len : 0;
	o->force_len = n->wire_len >= 0;
	for (i = 0; i < n->nv; i++)
		if (n->v[i] != NULL &&
		    (err = tc_eval(env, n->v[i], &v[i], why, cap)) != TC_OK)
			return err;
	switch (n->kind) {
	case TC_OPT_MSS: o->u.mss = (uint16_t)v[0]; break;
	case TC_OPT_WSCALE: o->u.wscale = (uint8_t)v[0]; break;
	case TC_OPT_TS:
		o->u.ts.val = v[0];
		o->u.ts.ecr = v[1];
		break;
	case TC_OPT_SACK:
		o->n_sack = (uint8_t)(n->nv / 2);
		for (i = 0; i < o->n_sack; i++) {
			o->u.sack[i].left = v[2 * i];
			o->u.sack[i].right = v[2 * i + 1];
		}
		break;
	default:
		memcpy(o->raw, n->raw, n->raw_len);
		o->raw_len = (uint8_t)n->raw_len;
		break;
	}
	return TC_OK;
}

static enum tc_err
build_options(const struct tc_env *env, const struct tc_pattern *p,
    struct tc_tcp_spec *t, struct tc_send_bufs *bufs, char *why, size_t cap)
{
	struct tc_opt opts[TC_AST_OPTS_MAX];
	enum tc_err err;
	size_t i, n = 0;

	for (i = 0; i < p->nopt; i++)
		if ((err = build_option(env, &p->opt[i], &opts[i], why, cap)))
			return err;
	if (tc_options_encode(opts, p->nopt, bufs->opts, 40, &n) != TC_OK) {
		snprintf(why, cap, "options take more than 40 bytes");
		return TC_ERR_LIMIT;
	}
	t->opts = bufs->opts;
	t->opts_len = n;
	return TC_OK;
}

enum tc_err
tc_build_send(const struct tc_env *env, const struct tc_pattern *p,
    const struct tc_send_defaults *def, struct tc_tcp_spec *tcp,
    struct tc_ip_spec *ip, struct tc_send_bufs *bufs, char *why, size_t cap)
{
	size_t len = 0, i;
	enum tc_err err;

	*tcp = (struct tc_tcp_spec){ .sport = def->sport, .dport = def->dport,
	    .seq = def->seq, .ack = (p->flags & TC_TH_ACK) ? def->ack : 0,
	    .flags = p->flags, .win = 65535, .csum_mode = TC_CSUM_CORRECT };
	ip->ttl = 64;
	ip->tos = 0;
	ip->id = def->ip_id;
	ip->df = true;
	ip->options = p->ipopts;
	ip->options_len = p->ipopts_len;
	if ((err = build_fields(env, p, tcp, ip, &len, why, cap)) != TC_OK ||
	    (err = build_options(env, p, tcp, bufs, why, cap)) != TC_OK)
		return err;
	if (p->payload != NULL) {
		tcp->payload = p->payload;
		tcp->payload_len = p->payload_len;
	} else if (len > 0) {
		/* A recognisable filler, so a pcap shows where bytes went. */
		for (i = 0; i < len; i++)
			bufs->payload[i] = (uint8_t)('a' + i % 26);
		tcp->payload = bufs->payload;
		tcp->payload_len = len;
	}
	return TC_OK;
}

enum tc_err
tc_build_icmp(const struct tc_env *env, const struct tc_pattern *p,
    uint32_t quote_seq, struct tc_icmp_spec *out, char *why, size_t cap)
{
	struct tc_tcp_spec t = { .seq = quote_seq };
	size_t len = 0, i;
	enum tc_err err;

	memset(out, 0, sizeof(*out));
	out->type = (uint8_t)p->icmp_type;
	out->code = (uint8_t)(p->icmp_code < 0 ? 0 : p->icmp_code);
	out->ip.ttl = 64;
	out->ip.df = true;
	/* One pass over the fields, so `random` is drawn once each: seq
	 * lands in the TCP spec, mtu is picked out below. */
	if ((err = build_fields(env, p, &t, &out->ip, &len, why, cap)))
		return err;
	out->quote_seq = t.seq;
	for (i = 0; i < p->ncond; i++)
		if (p->cond[i].field == TC_FIELD_MTU)
			out->rest = t.mtu;	/* RFC 1191 4 */
	return TC_OK;
}

/* options.c - TCP options: iterator, decoder, encoder and tcpdump formatter. */
#include "options.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "strbuf.h"

static void	decode_mss(struct tc_opt *o);
static void	decode_wscale(struct tc_opt *o);
static void	decode_sack_perm(struct tc_opt *o);
static void	decode_sack(struct tc_opt *o);
static void	decode_ts(struct tc_opt *o);
static size_t	natural_data(const struct tc_opt *o, uint8_t *data);
static void	format_one(struct tc_strbuf *sb, const struct tc_opt *o);

/* ORDER: indexed by option kind; NULL means "unknown kind, raw data". */
static void (*const decoders[])(struct tc_opt *) = {
	[TC_OPT_MSS] = decode_mss,
	[TC_OPT_WSCALE] = decode_wscale,
	[TC_OPT_SACK_PERM] = decode_sack_perm,
	[TC_OPT_SACK] = decode_sack,
	[TC_OPT_TS] = decode_ts,
};

#define NDECODERS	(sizeof(decoders) / sizeof(decoders[0]))

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * The per-kind decoders read only o->raw, which tc_options_next filled from
 * the bounds-checked cursor; a length the RFC does not allow marks the
 * option malformed and leaves the union zeroed.
 */
static void
decode_mss(struct tc_opt *o)
{
	/* RFC 9293 3.2: kind 2, length 4. */
	if (o->wire_len != 4) {
		o->malformed = true;
		return;
	}
	o->u.mss = get16(o->raw);
}

static void
decode_wscale(struct tc_opt *o)
{
	/* RFC 7323 2.2: kind 3, length 3. */
	if (o->wire_len != 3) {
		o->malformed = true;
		return;
	}
	o->u.wscale = o->raw[0];
}

static void
decode_sack_perm(struct tc_opt *o)
{
	/* RFC 2018 2: kind 4, length 2. */
	if (o->wire_len != 2)
		o->malformed = true;
}

static void
decode_sack(struct tc_opt *o)
{
	size_t i, n;

	/* RFC 2018 3: kind 5, length 2 + 8n; 40 bytes hold 4 blocks. */
	n = (size_t)(o->wire_len - 2) / 8;
	if (o->wire_len < 10 || (o->wire_len - 2) % 8 != 0 ||
	    n > TC_OPT_SACK_MAX) {
		o->malformed = true;
		return;
	}
	for (i = 0; i < n; i++) {
		o->u.sack[i].left = get32(o->raw + 8 * i);
		o->u.sack[i].right = get32(o->raw + 8 * i + 4);
	}
	o->n_sack = (uint8_t)n;
}

static void
decode_ts(struct tc_opt *o)
{
	/* RFC 7323 3.2: kind 8, length 10. */
	if (o->wire_len != 10) {
		o->malformed = true;
		return;
	}
	o->u.ts.val = get32(o->raw);
	o->u.ts.ecr = get32(o->raw + 4);
}

void
tc_options_begin(struct tc_options_iter *it, const uint8_t *p, size_t len)
{
	static const uint8_t empty[1];

	/* NULL + 0 is undefined behaviour; point an empty area somewhere. */
	if (p == NULL)
		tc_cursor_init(&it->cur, empty, 0);
	else
		tc_cursor_init(&it->cur, p, len);
}

/*
 * EOL is returned as an option so that a test can see it was sent; the
 * bytes after it are padding (RFC 9293 3.2), so the iterator then ends.
 * Data longer than raw[] (only possible in an area over 40 bytes) keeps
 * its first TC_OPT_DATA_MAX bytes in raw; no known kind is that long, so
 * such an option is either unknown or malformed.
 */
enum tc_dec
tc_options_next(struct tc_options_iter *it, struct tc_opt *out)
{
	const uint8_t *data;
	uint8_t kind, len;

	memset(out, 0, sizeof(*out));
	if (!tc_cursor_u8(&it->cur, &kind))
		return TC_DEC_END;
	out->kind = kind;
	if (kind == TC_OPT_EOL) {
		it->cur.p = it->cur.end;
		return TC_DEC_OK;
	}
	if (kind == TC_OPT_NOP)
		return TC_DEC_OK;
	if (!tc_cursor_u8(&it->cur, &len))
		return TC_DEC_TRUNC;
	out->wire_len = len;
	/* A length below 2 cannot cover kind and length: the area lies. */
	if (len < 2)
		return TC_DEC_INVALID;
	if (!tc_cursor_take(&it->cur, (size_t)len - 2, &data))
		return TC_DEC_TRUNC;
	out->raw_len = (uint8_t)(len - 2 > TC_OPT_DATA_MAX ?
	    TC_OPT_DATA_MAX : len - 2);
	memcpy(out->raw, data, out->raw_len);
	if (kind < NDECODERS && decoders[kind] != NULL)
		decoders[kind](out);
	return TC_DEC_OK;
}

/*
 * An area holding more than TC_OPTLIST_MAX options (only possible past the
 * 40 bytes a TCP header allows) stops with TC_DEC_UNSUPPORTED.
 */
void
tc_options_decode(const uint8_t *p, size_t len, struct tc_optlist *list)
{
	struct tc_options_iter it;
	struct tc_opt opt;
	enum tc_dec st;

	list->n = 0;
	list->status = TC_DEC_OK;
	tc_options_begin(&it, p, len);
	for (;;) {
		st = tc_options_next(&it, &opt);
		if (st == TC_DEC_END)
			break;
		if (st != TC_DEC_OK) {
			list->status = st;
			break;
		}
		if (list->n == TC_OPTLIST_MAX) {
			list->status = TC_DEC_UNSUPPORTED;
			break;
		}
		list->opt[list->n++] = opt;
	}
}

const struct tc_opt *
tc_options_find(const struct tc_optlist *list, uint8_t kind)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (list->opt[i].kind == kind)
			return &list->opt[i];
	return NULL;
}

/*
 * Writes the data bytes a well-formed option of o's kind carries into
 * data[TC_OPT_DATA_MAX] and returns how many.  A decoded malformed option
 * and an unknown kind carry their raw bytes, so decode then encode gives
 * back the bytes that were on the wire.
 */
static size_t
natural_data(const struct tc_opt *o, uint8_t *data)
{
	size_t i;

	if (o->malformed) {
		memcpy(data, o->raw, o->raw_len);
		return o->raw_len;
	}
	switch (o->kind) {
	case TC_OPT_MSS:
		put16(data, o->u.mss);
		return 2;
	case TC_OPT_WSCALE:
		data[0] = o->u.wscale;
		return 1;
	case TC_OPT_SACK_PERM:
		return 0;
	case TC_OPT_SACK:
		for (i = 0; i < o->n_sack; i++) {
			put32(data + 8 * i, o->u.sack[i].left);
			put32(data + 8 * i + 4, o->u.sack[i].right);
		}
		return 8 * (size_t)o->n_sack;
	case TC_OPT_TS:
		put32(data, o->u.ts.val);
		put32(data + 4, o->u.ts.ecr);
		return 8;
	default:
		memcpy(data, o->raw, o->raw_len);
		return o->raw_len;
	}
}

/*
 * A non-zero wire_len is sent as the length byte whatever the kind wants,
 * and the data is cut or zero-padded to wire_len - 2 bytes (none for a
 * wire_len of 1), which is how scripts send deliberately broken options.
 * Returns TC_ERR_INVAL for n_sack or raw_len beyond their arrays; on any
 * error *out_len counts the options written whole before it.
 */
enum tc_err
tc_options_encode(const struct tc_opt *opts, size_t n, uint8_t *buf,
    size_t cap, size_t *out_len)
{
	uint8_t data[TC_OPT_DATA_MAX];
	size_t i, off = 0, dlen, olen, clen;

	*out_len = 0;
	for (i = 0; i < n; i++) {
		const struct tc_opt *o = &opts[i];

		if (o->kind == TC_OPT_EOL || o->kind == TC_OPT_NOP) {
			if (cap - off < 1)
				return TC_ERR_LIMIT;
			buf[off++] = o->kind;
			*out_len = off;
			continue;
		}
		if (o->n_sack > TC_OPT_SACK_MAX ||
		    o->raw_len > TC_OPT_DATA_MAX)
			return TC_ERR_INVAL;
		dlen = natural_data(o, data);
		olen = o->wire_len != 0 || o->force_len ? o->wire_len :
		    2 + dlen;
		clen = olen < 2 ? 0 : olen - 2;
		if (cap - off < 2 + clen)
			return TC_ERR_LIMIT;
		buf[off] = o->kind;
		buf[off + 1] = (uint8_t)olen;
		memset(buf + off + 2, 0, clen);
		memcpy(buf + off + 2, data, dlen < clen ? dlen : clen);
		off += 2 + clen;
		*out_len = off;
	}
	return TC_OK;
}

static const char *
kind_name(uint8_t kind)
{
	/* ORDER: indexed by option kind, as tcpdump spells them. */
	static const char *const names[] = {
		[TC_OPT_EOL] = "eol",
		[TC_OPT_NOP] = "nop",
		[TC_OPT_MSS] = "mss",
		[TC_OPT_WSCALE] = "wscale",
		[TC_OPT_SACK_PERM] = "sackOK",
		[TC_OPT_SACK] = "sack",
		[TC_OPT_TS] = "TS",
	};

	if (kind >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[kind];
}

static void
format_one(struct tc_strbuf *sb, const struct tc_opt *o)
{
	const char *name = kind_name(o->kind);
	size_t i;

	if (name == NULL) {
		tc_strbuf_printf(sb, "unknown-%u", o->kind);
		if (o->raw_len > 0)
			tc_strbuf_printf(sb, " 0x");
		for (i = 0; i < o->raw_len; i++)
			tc_strbuf_printf(sb, "%02x", o->raw[i]);
		return;
	}
	if (o->malformed) {
		tc_strbuf_printf(sb, "%s[bad len %u]", name, o->wire_len);
		return;
	}
	tc_strbuf_printf(sb, "%s", name);
	switch (o->kind) {
	case TC_OPT_MSS:
		tc_strbuf_printf(sb, " %u", o->u.mss);
		break;
	case TC_OPT_WSCALE:
		tc_strbuf_printf(sb, " %u", o->u.wscale);
		break;
	case TC_OPT_SACK:
		tc_strbuf_printf(sb, " %u ", o->n_sack);
		for (i = 0; i < o->n_sack && i < TC_OPT_SACK_MAX; i++)
			tc_strbuf_printf(sb, "{%" PRIu32 ":%" PRIu32 "}",
			    o->u.sack[i].left, o->u.sack[i].right);
		break;
	case TC_OPT_TS:
		tc_strbuf_printf(sb, " val %" PRIu32 " ecr %" PRIu32,
		    o->u.ts.val, o->u.ts.ecr);
		break;
	default:
		break;
	}
}

/*
 * Returns the number of characters stored, at most cap - 1: when the text
 * does not fit it is cut, and buf is still NUL-terminated.  A decode that
 * stopped early ends the list with "[|opt]" (truncated), "[bad opt]"
 * (a length byte below 2) or "[too many]", like tcpdump's markers.
 */
size_t
tc_options_format(const struct tc_optlist *list, char *buf, size_t cap)
{
	struct tc_strbuf sb = { buf, cap, 0 };
	size_t i;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	tc_strbuf_printf(&sb, "<");
	for (i = 0; i < list->n && i < TC_OPTLIST_MAX; i++) {
		if (i > 0)
			tc_strbuf_printf(&sb, ",");
		format_one(&sb, &list->opt[i]);
	}
	if (list->status != TC_DEC_OK && list->status != TC_DEC_END) {
		if (i > 0)
			tc_strbuf_printf(&sb, ",");
		if (list->status == TC_DEC_TRUNC)
			tc_strbuf_printf(&sb, "[|opt]");
		else if (list->status == TC_DEC_INVALID)
			tc_strbuf_printf(&sb, "[bad opt]");
		else
			tc_strbuf_printf(&sb, "[too many]");
	}
	tc_strbuf_printf(&sb, ">");
	return sb.len;
}

/* cursor.h - bounds-checked reads from untrusted bytes. */
#ifndef TC_CURSOR_H
#define TC_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Outcome of decoding untrusted bytes: truncated is not invalid. */
enum tc_dec {
	TC_DEC_OK,
	TC_DEC_END,		/* iterator: nothing more */
	TC_DEC_TRUNC,		/* the bytes ended before the header did */
	TC_DEC_INVALID,		/* a header field lies (length < minimum) */
	TC_DEC_UNSUPPORTED	/* well-formed but not something we decode */
};

const char *tc_dec_name(enum tc_dec d);

/* A view [p, end) of borrowed bytes; reads never go past end. */
struct tc_cursor {
	const uint8_t	*p;
	const uint8_t	*end;
};

static inline void
tc_cursor_init(struct tc_cursor *c, const uint8_t *p, size_t len)
{
	c->p = p;
	c->end = p + len;
}

static inline size_t
tc_cursor_left(const struct tc_cursor *c)
{
	return (size_t)(c->end - c->p);
}

/* True when n more bytes can be read; compare lengths, never pointers. */
static inline bool
tc_cursor_has(const struct tc_cursor *c, size_t n)
{
	return n <= tc_cursor_left(c);
}

static inline bool
tc_cursor_u8(struct tc_cursor *c, uint8_t *v)
{
	if (!tc_cursor_has(c, 1))
		return false;
	*v = c->p[0];
	c->p += 1;
	return true;
}

static inline bool
tc_cursor_be16(struct tc_cursor *c, uint16_t *v)
{
	if (!tc_cursor_has(c, 2))
		return false;
	*v = (uint16_t)(c->p[0] << 8 | c->p[1]);
	c->p += 2;
	return true;
}

static inline bool
tc_cursor_be32(struct tc_cursor *c, uint32_t *v)
{
	if (!tc_cursor_has(c, 4))
		return false;
	*v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 |
	    (uint32_t)c->p[2] << 8 | c->p[3];
	c->p += 4;
	return true;
}

static inline bool
tc_cursor_skip(struct tc_cursor *c, size_t n)
{
	if (!tc_cursor_has(c, n))
		return false;
	c->p += n;
	return true;
}

/* Borrows n bytes: *out points into the cursor's buffer. */
static inline bool
tc_cursor_take(struct tc_cursor *c, size_t n, const uint8_t **out)
{
	if (!tc_cursor_has(c, n))
		return false;
	*out = c->p;
	c->p += n;
	return true;
}

#endif /* TC_CURSOR_H */

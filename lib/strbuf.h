/* strbuf.h - appending formatted text to a fixed buffer, never past it. */
#ifndef TC_STRBUF_H
#define TC_STRBUF_H

#include <stddef.h>

/* A view of caller memory; the text stays NUL-terminated when cap > 0. */
struct tc_strbuf {
	char	*buf;		/* (borrowed) */
	size_t	cap;
	size_t	len;		/* characters stored, at most cap - 1 */
};

/*
 * Appends printf-style text; what does not fit is cut, and len stops at
 * cap - 1.  Formatters that return "characters stored" return len.
 */
void	tc_strbuf_printf(struct tc_strbuf *sb, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif /* TC_STRBUF_H */

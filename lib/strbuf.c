/* strbuf.c - the one bounded appender every formatter uses. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>

void
tc_strbuf_printf(struct tc_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (sb->cap == 0 || sb->len + 1 >= sb->cap)
		return;
	va_start(ap, fmt);
	r = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	if (r < 0)
		return;
	/* On truncation vsnprintf filled the buffer up to cap - 1. */
	if ((size_t)r >= sb->cap - sb->len)
		sb->len = sb->cap - 1;
	else
		sb->len += (size_t)r;
}

/* err.c - names and texts of error codes; diagnostic buffers. */
#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const err_names[TC_ERR_COUNT] = {
	[TC_OK] = "OK",
#define TC__ERR_NAME(name, text) [TC_ERR_##name] = #name,
	TC_ERR_MAP(TC__ERR_NAME)
#undef TC__ERR_NAME
};

static const char *const err_texts[TC_ERR_COUNT] = {
	[TC_OK] = "success",
#define TC__ERR_TEXT(name, text) [TC_ERR_##name] = text,
	TC_ERR_MAP(TC__ERR_TEXT)
#undef TC__ERR_TEXT
};

const char *
tc_err_name(enum tc_err err)
{
	if ((unsigned)err >= TC_ERR_COUNT)
		return "UNKNOWN";
	return err_names[err];
}

const char *
tc_strerror(enum tc_err err)
{
	if ((unsigned)err >= TC_ERR_COUNT)
		return "unknown error";
	return err_texts[err];
}

void
tc_diag_init(struct tc_diag *d)
{
	memset(d, 0, sizeof(*d));
}

static void __attribute__((format(printf, 3, 0)))
diag_vset(struct tc_diag *d, int errnum, const char *fmt, va_list ap)
{
	int n;

	if (d == NULL || d->msg[0] != '\0')
		return;
	n = vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	if (n < 0) {
		d->msg[0] = '?';
		d->msg[1] = '\0';
		return;
	}
	if (errnum != 0) {
		size_t used = strlen(d->msg);

		d->sys_errno = errnum;
		snprintf(d->msg + used, sizeof(d->msg) - used, ": %s",
		    strerror(errnum));
	}
}

void
tc_diag_set(struct tc_diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vset(d, 0, fmt, ap);
	va_end(ap);
}

void
tc_diag_errno(struct tc_diag *d, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	diag_vset(d, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
tc_diag_at(struct tc_diag *d, const char *path, unsigned line, unsigned col)
{
	if (d == NULL || d->msg[0] != '\0')
		return;
	snprintf(d->path, sizeof(d->path), "%s", path ? path : "");
	d->line = line;
	d->col = col;
}

size_t
tc_diag_format(const struct tc_diag *d, char *buf, size_t cap)
{
	int n;

	if (cap == 0)
		return 0;
	if (d->path[0] != '\0' && d->line > 0 && d->col > 0)
		n = snprintf(buf, cap, "%s:%u:%u: %s", d->path, d->line,
		    d->col, d->msg);
	else if (d->path[0] != '\0' && d->line > 0)
		n = snprintf(buf, cap, "%s:%u: %s", d->path, d->line, d->msg);
	else if (d->path[0] != '\0')
		n = snprintf(buf, cap, "%s: %s", d->path, d->msg);
	else
		n = snprintf(buf, cap, "%s", d->msg);
	if (n < 0)
		n = 0;
	return (size_t)n < cap ? (size_t)n : cap - 1;
}

/* err.h - error codes and caller-owned diagnostics shared by every layer. */
#ifndef TC_ERR_H
#define TC_ERR_H

#include <stddef.h>

/*
 * ORDER ERRORS: one list generates the enum, tc_err_name() and
 * tc_strerror().  The code drives logic; words for people go into a
 * struct tc_diag.
 */
#define TC_ERR_MAP(X)							\
	X(NOMEM,	"out of memory")				\
	X(INVAL,	"invalid argument")				\
	X(SYS,		"system call failed")				\
	X(AGAIN,	"operation would block")			\
	X(TIMEOUT,	"timed out")					\
	X(UNSUPPORTED,	"not supported by this target")			\
	X(PARSE,	"script error")					\
	X(LIMIT,	"limit exceeded")				\
	X(NOTFOUND,	"not found")					\
	X(PERM,		"insufficient privileges")			\
	X(INTR,		"interrupted")

enum tc_err {
	TC_OK = 0,
#define TC__ERR_ENUM(name, text) TC_ERR_##name,
	TC_ERR_MAP(TC__ERR_ENUM)
#undef TC__ERR_ENUM
	TC_ERR_COUNT
};

/* Human context for an error: the first error set wins. */
struct tc_diag {
	char	path[256];	/* script or file involved, may be empty */
	unsigned line;		/* 1-based, 0 when not about a script */
	unsigned col;		/* 1-based, 0 when unknown */
	int	sys_errno;	/* errno of the failing call, 0 if none */
	char	msg[256];
};

const char *tc_err_name(enum tc_err err);
const char *tc_strerror(enum tc_err err);

void	tc_diag_init(struct tc_diag *d);
/* Sets the message unless one is already set; returns nothing so that
 * callers write `tc_diag_set(d, ...); return TC_ERR_X;`. */
void	tc_diag_set(struct tc_diag *d, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Like tc_diag_set, with ": strerror(errno)" appended; records errno. */
void	tc_diag_errno(struct tc_diag *d, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Sets path:line:col context (only if no message was set yet). */
void	tc_diag_at(struct tc_diag *d, const char *path, unsigned line,
	    unsigned col);
/* Formats "path:line:col: msg" (parts that are unset are left out). */
size_t	tc_diag_format(const struct tc_diag *d, char *buf, size_t cap);

#endif /* TC_ERR_H */

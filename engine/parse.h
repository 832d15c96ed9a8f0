/* parse.h - parsing testcase scripts into a struct tc_script. */
#ifndef TC_PARSE_H
#define TC_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ast.h"
#include "err.h"

enum tc_severity {
	TC_SEV_ERROR,
	TC_SEV_WARNING,
	TC_SEV_NOTE		/* context for the message before it */
};

struct tc_parse_msg {
	enum tc_severity severity;
	char		path[256];	/* the file, an included one too */
	unsigned	line;
	unsigned	col;
	char		msg[256];
	char		text[256];	/* the offending source line */
};

#define TC_PARSE_MSGS_MAX	32

/* Everything the parser had to say about one script. */
struct tc_parse_report {
	struct tc_parse_msg msg[TC_PARSE_MSGS_MAX];
	size_t		n;
	size_t		nerrors;
	size_t		nwarnings;
	size_t		dropped;	/* past TC_PARSE_MSGS_MAX */
};

/*
 * Parses `src` (NUL-terminated; copied into the script) named `path`.
 * Returns TC_OK with *out set when there is no error (warnings may be in
 * rep); TC_ERR_PARSE with rep listing errors (and *out NULL); TC_ERR_NOMEM.
 */
enum tc_err tc_parse_string(const char *path, const char *src,
	    struct tc_script **out, struct tc_parse_report *rep);
/* Reads a script file (at most 1 MiB, no NUL bytes) into *out (free()).
 * Errors are reported in rep at line 0. */
enum tc_err tc_parse_read(const char *path, char **out,
	    struct tc_parse_report *rep);
/* Reads and parses a file; I/O errors are reported as a parse error at
 * line 0 of `path`. */
enum tc_err tc_parse_file(const char *path, struct tc_script **out,
	    struct tc_parse_report *rep);
/*
 * Prints each message gcc-style:
 *   path:line:col: error: what is wrong; expected ...
 *      12 | send S. seq=isn ack=
 *         |                     ^
 */
void	tc_parse_report_print(FILE *f, const char *path, const char *src,
	    const struct tc_parse_report *rep);

#endif /* TC_PARSE_H */

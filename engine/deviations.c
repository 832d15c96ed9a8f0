/* deviations.c - parse a known-deviations file and turn FAIL into XFAIL. */
#include "deviations.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char		*id;		/* (owned) */
	char		*reason;	/* (owned) */
	unsigned	line;
	bool		glob;		/* ends in '*' */
};

struct tc_deviations {
	struct entry	*v;		/* (owned) sorted by id, then line */
	size_t		n;
	size_t		cap;
};

/* A piece of one line of the file. */
struct span {
	const char	*p;
	size_t		len;
};

static enum tc_err fail_at(struct tc_diag *diag, enum tc_err err,
		    const char *name, unsigned line, size_t col,
		    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static enum tc_err parse_line(struct tc_deviations *d, const char *name,
		    unsigned lineno, const char *line, size_t len,
		    struct tc_diag *diag);
static enum tc_err check_id(const char *name, unsigned lineno,
		    struct span id, size_t col, struct tc_diag *diag);
static enum tc_err add(struct tc_deviations *d, struct span id,
		    struct span reason, unsigned lineno);
static int	entry_cmp(const void *a, const void *b);
static int	exact_cmp(const void *key, const void *elem);

/*
 * Records "name:line:col: message" (tc_diag_at must come before the
 * message: the first message wins) and returns err.
 */
static enum tc_err
fail_at(struct tc_diag *diag, enum tc_err err, const char *name,
    unsigned line, size_t col, const char *fmt, ...)
{
	char msg[sizeof(diag->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tc_diag_at(diag, name, line, (unsigned)col);
	tc_diag_set(diag, "%s", msg);
	return err;
}

enum tc_err
tc_deviations_parse(const char *name, const char *text,
    struct tc_deviations **out, struct tc_diag *diag)
{
	struct tc_deviations *d;
	const char *p, *nl;
	unsigned lineno = 0;
	enum tc_err err = TC_OK;
	size_t i, len;

	*out = NULL;
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return TC_ERR_NOMEM;
	for (p = text; *p != '\0' && err == TC_OK; p = nl + (*nl != '\0')) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		len = (size_t)(nl - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		err = parse_line(d, name, ++lineno, p, len, diag);
	}
	if (err == TC_OK && d->n > 1) {
		qsort(d->v, d->n, sizeof(*d->v), entry_cmp);
		/* Sorted by (id, line): the later of a pair is the culprit. */
		for (i = 1; i < d->n && err == TC_OK; i++) {
			if (strcmp(d->v[i - 1].id, d->v[i].id) != 0)
				continue;
			err = fail_at(diag, TC_ERR_PARSE, name, d->v[i].line,
			    0, "duplicate id '%s' (first listed at line %u)",
			    d->v[i].id, d->v[i - 1].line);
		}
	}
	if (err != TC_OK) {
		tc_deviations_free(d);
		return err;
	}
	*out = d;
	return TC_OK;
}

/* Grammar: line = [ws] ( '#' any* | id ws+ reason | ) [ws] */
static enum tc_err
parse_line(struct tc_deviations *d, const char *name, unsigned lineno,
    const char *line, size_t len, struct tc_diag *diag)
{
	struct span id, reason;
	size_t i = 0, j;
	enum tc_err err;

	if (len > TC_DEVIATIONS_LINE_MAX) {
		return fail_at(diag, TC_ERR_LIMIT, name, lineno, 0,
		    "line longer than %d characters", TC_DEVIATIONS_LINE_MAX);
	}
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == len || line[i] == '#')
		return TC_OK;
	for (j = i; j < len && line[j] != ' ' && line[j] != '\t'; j++)
		;
	id.p = line + i;
	id.len = j - i;
	err = check_id(name, lineno, id, i + 1, diag);
	if (err != TC_OK)
		return err;
	while (j < len && (line[j] == ' ' || line[j] == '\t'))
		j++;
	while (len > j && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	if (j == len) {
		return fail_at(diag, TC_ERR_PARSE, name, lineno, j + 1,
		    "missing reason after '%.*s' (expected '<testcase-id> "
		    "<reason>')", (int)id.len, id.p);
	}
	reason.p = line + j;
	reason.len = len - j;
	if (d->n >= TC_DEVIATIONS_MAX) {
		return fail_at(diag, TC_ERR_LIMIT, name, lineno, 0,
		    "more than %d entries", TC_DEVIATIONS_MAX);
	}
	return add(d, id, reason, lineno);
}

/*
 * An id names a testcase by path under the suite: "rst/syn-in-window".
 * Checked strictly so that a typo reads as an error, not as an entry
 * that silently never matches.
 */
static enum tc_err
check_id(const char *name, unsigned lineno, struct span id, size_t col,
    struct tc_diag *diag)
{
	size_t k, comp = 0;
	unsigned char c;

	for (k = 0; k < id.len; k++) {
		c = (unsigned char)id.p[k];
		if (c == '*' && k + 1 == id.len)
			break;
		if (c == '*') {
			return fail_at(diag, TC_ERR_PARSE, name, lineno,
			    col + k, "'*' is allowed only at the end of an "
			    "id (got '%.*s')", (int)id.len, id.p);
		}
		if (c == '/') {
			if (k == comp || (k - comp == 2 &&
			    memcmp(id.p + comp, "..", 2) == 0))
				goto badcomp;
			comp = k + 1;
			continue;
		}
		if (!isalnum(c) && c != '.' && c != '_' && c != '-') {
			if (!isprint(c))
				return fail_at(diag, TC_ERR_PARSE, name,
				    lineno, col + k, "invalid byte 0x%02x in "
				    "testcase id", c);
			return fail_at(diag, TC_ERR_PARSE, name, lineno,
			    col + k, "invalid character '%c' in testcase id "
			    "(expected letters, digits, '.', '_', '-', '/' "
			    "and a final '*')", c);
		}
	}
	/* A final component may be empty only before a '*': "rst/_*". */
	if (k == comp && !(k < id.len && id.p[k] == '*') && k != 0)
		goto badcomp;
	if (k - comp == 2 && memcmp(id.p + comp, "..", 2) == 0)
		goto badcomp;
	return TC_OK;
badcomp:
	return fail_at(diag, TC_ERR_PARSE, name, lineno, col, "empty or '..' "
	    "path component in testcase id '%.*s'", (int)id.len, id.p);
}

static enum tc_err
add(struct tc_deviations *d, struct span id, struct span reason,
    unsigned lineno)
{
	struct entry *e, *nv;
	size_t ncap;

	if (d->n == d->cap) {
		ncap = d->cap != 0 ? d->cap * 2 : 32;
		nv = realloc(d->v, ncap * sizeof(*nv));
		if (nv == NULL)
			return TC_ERR_NOMEM;
		d->v = nv;
		d->cap = ncap;
	}
	e = &d->v[d->n];
	e->id = strndup(id.p, id.len);
	e->reason = strndup(reason.p, reason.len);
	if (e->id == NULL || e->reason == NULL) {
		free(e->id);
		free(e->reason);
		return TC_ERR_NOMEM;
	}
	e->line = lineno;
	e->glob = id.p[id.len - 1] == '*';
	d->n++;
	return TC_OK;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c != 0)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

/* bsearch on the sorted array; ids are unique after parsing. */
static int
exact_cmp(const void *key, const void *elem)
{
	const struct entry *e = elem;

	return strcmp(key, e->id);
}

/*
 * Reads all of f into a NUL-terminated *text (owned by the caller), at
 * most lines x entries bytes, plenty for any real list.
 */
static enum tc_err
read_all(FILE *f, const char *path, char **text, size_t *lenp,
    struct tc_diag *diag)
{
	size_t len = 0, cap = 0, n;
	char *t = NULL, *nt;

	for (;;) {
		if (cap - len < 4096) {
			if (cap > (size_t)TC_DEVIATIONS_LINE_MAX *
			    TC_DEVIATIONS_MAX) {
				free(t);
				return fail_at(diag, TC_ERR_LIMIT, path, 0, 0,
				    "file too large");
			}
			cap = cap != 0 ? cap * 2 : 8192;
			nt = realloc(t, cap);
			if (nt == NULL) {
				free(t);
				return TC_ERR_NOMEM;
			}
			t = nt;
		}
		n = fread(t + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		free(t);
		tc_diag_at(diag, path, 0, 0);
		tc_diag_errno(diag, "cannot read known-deviations file");
		return TC_ERR_SYS;
	}
	t[len] = '\0';
	*text = t;
	*lenp = len;
	return TC_OK;
}

enum tc_err
tc_deviations_load(const char *path, struct tc_deviations **out,
    struct tc_diag *diag)
{
	unsigned line = 1;
	char *text = NULL;
	size_t len = 0, i;
	enum tc_err err;
	FILE *f;

	*out = NULL;
	f = fopen(path, "r");
	if (f == NULL) {
		err = errno == ENOENT ? TC_ERR_NOTFOUND : TC_ERR_SYS;
		tc_diag_at(diag, path, 0, 0);
		tc_diag_errno(diag, "cannot open known-deviations file");
		return err;
	}
	err = read_all(f, path, &text, &len, diag);
	fclose(f);
	if (err != TC_OK)
		return err;
	if (strlen(text) != len) {
		for (i = 0; text[i] != '\0'; i++)
			line += text[i] == '\n';
		free(text);
		return fail_at(diag, TC_ERR_PARSE, path, line, 0,
		    "NUL byte in a text file");
	}
	err = tc_deviations_parse(path, text, out, diag);
	free(text);
	return err;
}

void
tc_deviations_free(struct tc_deviations *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->v[i].id);
		free(d->v[i].reason);
	}
	free(d->v);
	free(d);
}

size_t
tc_deviations_count(const struct tc_deviations *d)
{
	return d != NULL ? d->n : 0;
}

const char *
tc_deviations_reason(const struct tc_deviations *d, const char *id)
{
	const struct entry *best = NULL, *hit;
	size_t i;

	if (d == NULL || d->n == 0)
		return NULL;
	hit = bsearch(id, d->v, d->n, sizeof(*d->v), exact_cmp);
	if (hit != NULL)
		return hit->reason;
	/* Ids carry no '?' or '[' (check_id), so '*' is the only magic. */
	for (i = 0; i < d->n; i++) {
		if (!d->v[i].glob || fnmatch(d->v[i].id, id, 0) != 0)
			continue;
		if (best == NULL || strlen(d->v[i].id) > strlen(best->id))
			best = &d->v[i];
	}
	return best != NULL ? best->reason : NULL;
}

bool
tc_deviations_apply(const struct tc_deviations *d, struct tc_result *r)
{
	char orig[sizeof(r->reason)], id[TC_DEVIATIONS_LINE_MAX];
	const char *why;

	if (r->verdict != TC_VERDICT_FAIL && r->verdict != TC_VERDICT_PASS)
		return false;
	/* In a run against several targets the id is ID@TARGET; a target's
	 * list names plain ids (which never hold '@'). */
	snprintf(id, sizeof(id), "%.*s", (int)strcspn(r->id, "@"), r->id);
	why = tc_deviations_reason(d, id);
	if (why == NULL)
		return false;
	/* The reason is rewritten from itself: copy it out first. */
	memcpy(orig, r->reason, sizeof(orig));
	orig[sizeof(orig) - 1] = '\0';
	if (r->verdict == TC_VERDICT_FAIL)
		tc_result_set(r, TC_VERDICT_XFAIL, "known deviation: %s; %s",
		    why, orig);
	else
		tc_result_set(r, TC_VERDICT_XPASS, "listed as a known "
		    "deviation (%s) but passed: the list is stale", why);
	return true;
}

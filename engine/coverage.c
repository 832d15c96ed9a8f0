/* coverage.c - the state x event matrix and the MUST list from the tags. */
#include "coverage.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ORDER EVENTS */
static const char *const event_names[TC_COV_EVENT_COUNT] = {
	"syn", "syn-ack", "ack", "ack-old", "ack-future", "data-in-window",
	"data-old", "data-beyond-window", "data-overlap", "fin", "fin-ack",
	"rst", "rst-in-window", "rst-out-of-window", "rst-ack", "syn-fin",
	"no-flags", "all-flags"
};

/* Other spellings of an event that testcases may use. */
static const struct {
	const char		*name;
	enum tc_cov_event	ev;
} event_aliases[] = {
	{ "data", TC_COV_DATA_IN_WINDOW },
	{ "data-left-of-window", TC_COV_DATA_OLD },
	{ "data-left", TC_COV_DATA_OLD },
	{ "data-right-of-window", TC_COV_DATA_BEYOND },
	{ "data-right", TC_COV_DATA_BEYOND },
	{ "data-overlapping", TC_COV_DATA_OVERLAP },
	{ "ack-acceptable", TC_COV_ACK },
	{ "synack", TC_COV_SYN_ACK },
	{ "finack", TC_COV_FIN_ACK },
	{ "rstack", TC_COV_RST_ACK },
	{ "rst-at-rcv-nxt", TC_COV_RST },
	{ "rst-left-of-window", TC_COV_RST_OUT_OF_WINDOW },
	{ "rst-right-of-window", TC_COV_RST_OUT_OF_WINDOW },
	{ "rst-left", TC_COV_RST_OUT_OF_WINDOW },
	{ "rst-right", TC_COV_RST_OUT_OF_WINDOW },
	{ "rst-outside-window", TC_COV_RST_OUT_OF_WINDOW },
	{ "flags-none", TC_COV_NO_FLAGS },
	{ "null", TC_COV_NO_FLAGS },
	{ "xmas", TC_COV_ALL_FLAGS },
};

/* Event tags that say more about an event and are no column of their own. */
static const char *const event_qualifiers[] = {
	"old-duplicate", "retransmitted"
};

/* ORDER STATES (enum tc_fsm_state) */
static const char *const state_tags[TC_FSM_STATE_COUNT] = {
	"closed", "listen", "syn-sent", "syn-received", "established",
	"fin-wait-1", "fin-wait-2", "close-wait", "closing", "last-ack",
	"time-wait"
};

const char *
tc_cov_event_name(enum tc_cov_event ev)
{
	return (unsigned)ev < TC_COV_EVENT_COUNT ? event_names[ev] : "?";
}

const char *
tc_cov_state_tag(enum tc_fsm_state s)
{
	return (unsigned)s < TC_FSM_STATE_COUNT ? state_tags[s] : "?";
}

bool
tc_cov_event_parse(const char *s, enum tc_cov_event *ev, bool *alias)
{
	size_t i;

	*alias = false;
	for (i = 0; i < TC_COV_EVENT_COUNT; i++) {
		if (strcmp(s, event_names[i]) == 0) {
			*ev = (enum tc_cov_event)i;
			return true;
		}
	}
	for (i = 0; i < sizeof(event_aliases) / sizeof(event_aliases[0]); i++) {
		if (strcmp(s, event_aliases[i].name) == 0) {
			*ev = event_aliases[i].ev;
			*alias = true;
			return true;
		}
	}
	return false;
}

bool
tc_cov_event_qualifier(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(event_qualifiers) / sizeof(*event_qualifiers);
	    i++)
		if (strcmp(s, event_qualifiers[i]) == 0)
			return true;
	return false;
}

/* A state tag suffix: the canonical spelling, or any tc_fsm_state_parse
 * accepts ("syn-rcvd", "SYN_RECEIVED"), which is an alias. */
static bool
state_parse(const char *s, enum tc_fsm_state *st, bool *alias)
{
	size_t i;

	*alias = false;
	for (i = 0; i < TC_FSM_STATE_COUNT; i++) {
		if (strcmp(s, state_tags[i]) == 0) {
			*st = (enum tc_fsm_state)i;
			return true;
		}
	}
	*alias = true;
	return tc_fsm_state_parse(s, st);
}

/* Adds testcase i to a list; lists are filled in ascending order. */
static enum tc_err
list_add(struct tc_cov_list *l, size_t i)
{
	size_t *v;

	if (l->n > 0 && l->v[l->n - 1] == i)
		return TC_OK;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		v = realloc(l->v, l->cap * sizeof(*v));
		if (v == NULL)
			return TC_ERR_NOMEM;
		l->v = v;
	}
	l->v[l->n++] = i;
	return TC_OK;
}

/* Records a tag of testcase i in a tag table (aliases or unknown tags). */
static enum tc_err
tag_note(struct tc_cov_tag *tab, size_t *n, const char *tag,
    const char *canon, size_t i)
{
	size_t k;

	for (k = 0; k < *n; k++)
		if (strcmp(tab[k].tag, tag) == 0)
			return list_add(&tab[k].tc, i);
	if (*n == TC_COV_TAGS_MAX)
		return TC_OK;	/* enough to show that something is off */
	tab[*n].tag = tag;
	tab[*n].canon = canon;
	return list_add(&tab[(*n)++].tc, i);
}

/* A must-N tag: N in 1..69 without leading zeros. */
static bool
must_parse(const char *s, unsigned *id)
{
	char *end;
	unsigned long v;

	if (s[0] < '1' || s[0] > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > TC_MUST_COUNT)
		return false;
	*id = (unsigned)v;
	return true;
}

struct picked {
	bool	state[TC_FSM_STATE_COUNT];
	bool	event[TC_COV_EVENT_COUNT];
};

/* Reads one tag of testcase i: a state, an event or a MUST id. */
static enum tc_err
read_tag(struct tc_coverage *cov, size_t i, const char *tag,
    struct picked *p)
{
	enum tc_fsm_state st;
	enum tc_cov_event ev;
	unsigned id;
	bool alias;

	if (strncmp(tag, "state-", 6) == 0) {
		if (!state_parse(tag + 6, &st, &alias))
			return tag_note(cov->unknown, &cov->nunknown, tag, NULL,
			    i);
		p->state[st] = true;
		return alias ? tag_note(cov->alias, &cov->nalias, tag,
		    state_tags[st], i) : TC_OK;
	}
	if (strncmp(tag, "event-", 6) == 0) {
		if (tc_cov_event_qualifier(tag + 6))
			return TC_OK;
		if (!tc_cov_event_parse(tag + 6, &ev, &alias))
			return tag_note(cov->unknown, &cov->nunknown, tag, NULL,
			    i);
		p->event[ev] = true;
		return alias ? tag_note(cov->alias, &cov->nalias, tag,
		    event_names[ev], i) : TC_OK;
	}
	if (strncmp(tag, "must-", 5) == 0) {
		if (!must_parse(tag + 5, &id))
			return tag_note(cov->unknown, &cov->nunknown, tag, NULL,
			    i);
		return list_add(&cov->must[id - 1], i);
	}
	return TC_OK;
}

/* Files testcase i into the cells, the MUST lists and the state totals. */
static enum tc_err
add_script(struct tc_coverage *cov, size_t i, const struct tc_script *s)
{
	struct picked p;
	enum tc_err err;
	size_t k, e;

	memset(&p, 0, sizeof(p));
	for (k = 0; k < s->ntags; k++)
		if ((err = read_tag(cov, i, s->tags[k], &p)) != TC_OK)
			return err;
	for (k = 0; k < TC_FSM_STATE_COUNT; k++) {
		for (e = 0; e < TC_COV_EVENT_COUNT; e++) {
			if (!p.state[k] || !p.event[e])
				continue;
			err = list_add(&cov->cell[k][e].tc, i);
			if (err != TC_OK)
				return err;
		}
	}
	for (k = 0; k < s->nstmt; k++)
		if (s->stmt[k].kind == TC_STMT_STATE &&
		    (unsigned)s->stmt[k].state < TC_FSM_STATE_COUNT)
			cov->asserted[s->stmt[k].state] = true;
	return TC_OK;
}

/* Does DIR/<id with '/' as '.'>.nft exist? */
static bool
has_proof(const char *dir, const char *id)
{
	char path[4096], *p;
	int len;

	len = snprintf(path, sizeof(path), "%s/%s.nft", dir, id);
	if (len < 0 || (size_t)len >= sizeof(path))
		return false;
	for (p = path + strlen(dir) + 1; *p != '\0'; p++)
		if (*p == '/')
			*p = '.';
	return access(path, F_OK) == 0;
}

static enum tc_err reasons_load(struct tc_coverage *cov,
		    const struct tc_coverage_input *in, struct tc_diag *diag);

enum tc_err
tc_coverage_build(const struct tc_coverage_input *in,
    struct tc_coverage *cov, struct tc_diag *diag)
{
	enum tc_err err;
	size_t i;

	memset(cov, 0, sizeof(*cov));
	cov->in = in;
	cov->proof = calloc(in->n ? in->n : 1, sizeof(*cov->proof));
	if (cov->proof == NULL)
		return TC_ERR_NOMEM;
	for (i = 0; i < in->n; i++) {
		if (in->scripts[i] == NULL)
			continue;
		cov->nscripts++;
		if (in->failproof_dir != NULL &&
		    has_proof(in->failproof_dir, in->ids[i])) {
			cov->proof[i] = true;
			cov->nproofs++;
		}
		if ((err = add_script(cov, i, in->scripts[i])) != TC_OK)
			return err;
	}
	return reasons_load(cov, in, diag);
}

void
tc_coverage_free(struct tc_coverage *cov)
{
	size_t i, j;

	for (i = 0; i < TC_FSM_STATE_COUNT; i++)
		for (j = 0; j < TC_COV_EVENT_COUNT; j++)
			free(cov->cell[i][j].tc.v);
	for (i = 0; i < TC_MUST_COUNT; i++)
		free(cov->must[i].v);
	for (i = 0; i < cov->nalias; i++)
		free(cov->alias[i].tc.v);
	for (i = 0; i < cov->nunknown; i++)
		free(cov->unknown[i].tc.v);
	free(cov->proof);
	free(cov->reasons);
	memset(cov, 0, sizeof(*cov));
}

static bool
any_proof(const struct tc_coverage *cov, const struct tc_cov_list *l)
{
	size_t k;

	for (k = 0; k < l->n; k++)
		if (cov->proof[l->v[k]])
			return true;
	return false;
}

void
tc_coverage_must_totals(const struct tc_coverage *cov,
    struct tc_cov_must_totals *t)
{
	size_t i;
	bool wire, proven;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < TC_MUST_COUNT; i++) {
		wire = tc_must_table[i].kind != TC_MUST_API;
		proven = any_proof(cov, &cov->must[i]);
		t->wire += wire;
		if (cov->must[i].n == 0)
			continue;
		t->covered++;
		t->wire_covered += wire;
		t->proven += proven;
	}
}

/* ---- the reasons file ---- */

static enum tc_err __attribute__((format(printf, 5, 6)))
fail_at(struct tc_diag *diag, const char *name, unsigned line, size_t col,
    const char *fmt, ...)
{
	char msg[sizeof(diag->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tc_diag_at(diag, name, line, (unsigned)col);
	tc_diag_set(diag, "%s", msg);
	return TC_ERR_PARSE;
}

/* Cuts the next blank-separated word out of *p (NUL-terminating it). */
static char *
next_word(char **p)
{
	char *w = *p;

	while (*w == ' ' || *w == '\t')
		w++;
	*p = w;
	while (**p != '\0' && **p != ' ' && **p != '\t')
		(*p)++;
	if (**p != '\0')
		*(*p)++ = '\0';
	return w;
}

/* Grammar: line = [ws] ( '#' any* | STATE ws EVENT ws REASON | ) [ws] */
static enum tc_err
reason_line(struct tc_coverage *cov, const char *name, unsigned lineno,
    char *line, struct tc_diag *diag)
{
	struct tc_cov_cell *c;
	enum tc_cov_event ev;
	enum tc_fsm_state st;
	char *p = line, *sw, *ew, *end;
	bool alias;

	sw = next_word(&p);
	if (*sw == '\0' || *sw == '#')
		return TC_OK;
	if (!state_parse(sw, &st, &alias) || alias)
		return fail_at(diag, name, lineno, (size_t)(sw - line) + 1,
		    "unknown state '%s'; expected closed, listen, syn-sent, "
		    "... time-wait", sw);
	ew = next_word(&p);
	if (!tc_cov_event_parse(ew, &ev, &alias) || alias)
		return fail_at(diag, name, lineno, (size_t)(ew - line) + 1,
		    "unknown event '%s'; expected one of syn, syn-ack, ack, "
		    "... all-flags (the matrix's columns)", ew);
	while (*p == ' ' || *p == '\t')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r'))
		*--end = '\0';
	if (*p == '\0')
		return fail_at(diag, name, lineno, (size_t)(p - line) + 1,
		    "missing reason after '%s %s'; expected 'STATE EVENT "
		    "REASON'", sw, ew);
	c = &cov->cell[st][ev];
	if (c->reason != NULL)
		return fail_at(diag, name, lineno, 1, "a second reason for "
		    "%s %s (the first is at line %u)", sw, ew, c->reason_line);
	c->reason = p;
	c->reason_line = lineno;
	if (c->tc.n > 0)
		cov->stale[st][ev] = lineno;
	return TC_OK;
}

static enum tc_err
reasons_parse(struct tc_coverage *cov, const char *name,
    struct tc_diag *diag)
{
	char *p = cov->reasons, *nl;
	unsigned lineno = 0;
	enum tc_err err;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl != NULL)
			*nl = '\0';
		err = reason_line(cov, name, ++lineno, p, diag);
		if (err != TC_OK)
			return err;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return TC_OK;
}

static enum tc_err
read_file(const char *path, char **out, struct tc_diag *diag)
{
	FILE *f = fopen(path, "r");
	size_t n = 0, cap = 4096, got;
	char *buf = NULL, *nb;

	*out = NULL;
	if (f == NULL) {
		if (errno == ENOENT)
			return TC_ERR_NOTFOUND;
		tc_diag_errno(diag, "%s", path);
		return TC_ERR_SYS;
	}
	for (;;) {
		if ((nb = realloc(buf, cap + 1)) == NULL) {
			free(buf);
			fclose(f);
			return TC_ERR_NOMEM;
		}
		buf = nb;
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n < cap)
			break;
		cap *= 2;
	}
	buf[n] = '\0';
	if (ferror(f)) {
		tc_diag_errno(diag, "%s", path);
		free(buf);
		fclose(f);
		return TC_ERR_SYS;
	}
	fclose(f);
	*out = buf;
	return TC_OK;
}

static enum tc_err
reasons_load(struct tc_coverage *cov, const struct tc_coverage_input *in,
    struct tc_diag *diag)
{
	const char *name = in->reasons_name;
	enum tc_err err;

	if (in->reasons_text != NULL) {
		cov->reasons = strdup(in->reasons_text);
		if (cov->reasons == NULL)
			return TC_ERR_NOMEM;
	} else if (in->reasons_path != NULL) {
		err = read_file(in->reasons_path, &cov->reasons, diag);
		if (err == TC_ERR_NOTFOUND)
			return TC_OK;
		if (err != TC_OK)
			return err;
		if (name == NULL)
			name = in->reasons_path;
	} else {
		return TC_OK;
	}
	return reasons_parse(cov, name ? name : "reasons", diag);
}

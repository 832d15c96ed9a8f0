/* result.c - the per-testcase result: verdict, capped log and frames. */
#include "result.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void	log_dropped(struct tc_result *r, int64_t t_ns);
static void	*grow(void *p, size_t *cap, size_t need, size_t size,
		    size_t max);

/* ORDER VERDICTS */
static const char *const verdict_names[] = {
	[TC_VERDICT_PASS] = "PASS",
	[TC_VERDICT_FAIL] = "FAIL",
	[TC_VERDICT_XFAIL] = "XFAIL",
	[TC_VERDICT_XPASS] = "XPASS",
	[TC_VERDICT_INCONC] = "INCONC",
	[TC_VERDICT_ERROR] = "ERROR",
	[TC_VERDICT_SKIP] = "SKIP",
	[TC_VERDICT_NOTRUN] = "NOTRUN",
};
static_assert(sizeof(verdict_names) / sizeof(verdict_names[0]) ==
    TC_VERDICT_COUNT, "one name per verdict");

/*
 * ORDER VERDICTS.  DESIGN.md: the run exits 1 on FAIL, XPASS, INCONC or
 * ERROR; NOTRUN too, because an interrupted run proved nothing about the
 * testcases it never reached.
 */
static const bool verdict_bad[] = {
	[TC_VERDICT_PASS] = false,
	[TC_VERDICT_FAIL] = true,
	[TC_VERDICT_XFAIL] = false,
	[TC_VERDICT_XPASS] = true,
	[TC_VERDICT_INCONC] = true,
	[TC_VERDICT_ERROR] = true,
	[TC_VERDICT_SKIP] = false,
	[TC_VERDICT_NOTRUN] = true,
};
static_assert(sizeof(verdict_bad) / sizeof(verdict_bad[0]) ==
    TC_VERDICT_COUNT, "one entry per verdict");

const char *
tc_verdict_name(enum tc_verdict v)
{
	if ((unsigned)v >= TC_VERDICT_COUNT)
		return "?";
	return verdict_names[v];
}

bool
tc_verdict_is_bad(enum tc_verdict v)
{
	/* An out-of-range verdict is an engine bug: never call it good. */
	if ((unsigned)v >= TC_VERDICT_COUNT)
		return true;
	return verdict_bad[v];
}

struct tc_result *
tc_result_new(const char *id, const char *path)
{
	struct tc_result *r;

	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return NULL;
	r->verdict = TC_VERDICT_NOTRUN;
	r->id = strdup(id != NULL ? id : "");
	if (path != NULL)
		r->path = strdup(path);
	if (r->id == NULL || (path != NULL && r->path == NULL)) {
		tc_result_free(r);
		return NULL;
	}
	return r;
}

void
tc_result_free(struct tc_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->id);
	free(r->path);
	free(r->title);
	free(r->target);
	free(r->refs);
	for (i = 0; i < r->ntags; i++)
		free(r->tags[i]);
	free(r->tags);
	free(r->log);
	for (i = 0; i < r->nframes; i++)
		free(r->frames[i].data);
	free(r->frames);
	free(r->pcap_path);
	free(r);
}

/*
 * Makes room for `need` elements in p (capacity *cap), doubling up to
 * `max`.  Returns the array, or NULL when out of memory (p is then still
 * valid and *cap unchanged).
 */
static void *
grow(void *p, size_t *cap, size_t need, size_t size, size_t max)
{
	size_t ncap;
	void *np;

	if (need <= *cap)
		return p;
	ncap = *cap != 0 ? *cap : 16;
	while (ncap < need)
		ncap *= 2;
	if (ncap > max)
		ncap = max;
	assert(ncap >= need);
	np = realloc(p, ncap * size);
	if (np != NULL)
		*cap = ncap;
	return np;
}

void
tc_result_log(struct tc_result *r, int64_t t_ns, enum tc_logdir dir,
    unsigned line, const char *state, const char *fmt, ...)
{
	struct tc_logent *e, *nl;
	va_list ap;

	if (r->nlog >= TC_RESULT_LOG_MAX) {
		log_dropped(r, t_ns);
		return;
	}
	/* One slot beyond the cap stays for the note on dropped lines. */
	nl = grow(r->log, &r->log_cap, r->nlog + 1, sizeof(*nl),
	    TC_RESULT_LOG_MAX + 1);
	if (nl == NULL) {
		r->nlog_dropped++;
		return;
	}
	r->log = nl;
	e = &r->log[r->nlog++];
	memset(e, 0, sizeof(*e));
	e->t_ns = t_ns;
	e->dir = dir;
	e->line = line;
	snprintf(e->state, sizeof(e->state), "%s", state ? state : "");
	va_start(ap, fmt);
	if (vsnprintf(e->text, sizeof(e->text), fmt, ap) < 0)
		snprintf(e->text, sizeof(e->text), "(unformattable)");
	va_end(ap);
}

/*
 * Counts one dropped line and keeps the final note up to date, so a
 * reader sees that the log was cut and by how much.
 */
static void
log_dropped(struct tc_result *r, int64_t t_ns)
{
	struct tc_logent *e, *nl;

	r->nlog_dropped++;
	if (r->nlog == TC_RESULT_LOG_MAX) {
		nl = grow(r->log, &r->log_cap, r->nlog + 1, sizeof(*nl),
		    TC_RESULT_LOG_MAX + 1);
		if (nl == NULL)
			return;
		r->log = nl;
		r->nlog++;
	}
	e = &r->log[TC_RESULT_LOG_MAX];
	memset(e, 0, sizeof(*e));
	e->t_ns = t_ns;
	e->dir = TC_LOG_NOTE;
	snprintf(e->text, sizeof(e->text),
	    "log capped at %d lines: %zu later line%s dropped",
	    TC_RESULT_LOG_MAX, r->nlog_dropped,
	    r->nlog_dropped == 1 ? "" : "s");
}

enum tc_err
tc_result_add_frame(struct tc_result *r, const struct timespec *ts,
    const uint8_t *data, size_t len)
{
	struct tc_frame *f, *nf;

	if (r->nframes >= TC_RESULT_FRAMES_MAX ||
	    len > TC_RESULT_FRAME_BYTES_MAX - r->frame_bytes) {
		/* Stamped like the line before it, to keep the log sorted. */
		if (r->nframes_dropped++ == 0)
			tc_result_log(r, r->nlog != 0 ?
			    r->log[r->nlog - 1].t_ns : 0, TC_LOG_NOTE, 0, NULL,
			    "pcap capped at %d frames / %u MiB: later "
			    "frames are not kept", TC_RESULT_FRAMES_MAX,
			    TC_RESULT_FRAME_BYTES_MAX >> 20);
		return TC_OK;
	}
	nf = grow(r->frames, &r->frames_cap, r->nframes + 1, sizeof(*nf),
	    TC_RESULT_FRAMES_MAX);
	if (nf == NULL)
		return TC_ERR_NOMEM;
	r->frames = nf;
	f = &r->frames[r->nframes];
	f->data = malloc(len != 0 ? len : 1);
	if (f->data == NULL)
		return TC_ERR_NOMEM;
	if (len != 0)
		memcpy(f->data, data, len);
	f->len = len;
	f->ts = *ts;
	r->nframes++;
	r->frame_bytes += len;
	return TC_OK;
}

void
tc_result_set(struct tc_result *r, enum tc_verdict v, const char *fmt, ...)
{
	va_list ap;

	r->verdict = v;
	va_start(ap, fmt);
	if (vsnprintf(r->reason, sizeof(r->reason), fmt, ap) < 0)
		r->reason[0] = '\0';
	va_end(ap);
}

enum tc_err
tc_result_add_tag(struct tc_result *r, const char *tag)
{
	char **nt, *copy;

	copy = strdup(tag);
	if (copy == NULL)
		return TC_ERR_NOMEM;
	nt = realloc(r->tags, (r->ntags + 1) * sizeof(*nt));
	if (nt == NULL) {
		free(copy);
		return TC_ERR_NOMEM;
	}
	nt[r->ntags++] = copy;
	r->tags = nt;
	return TC_OK;
}

size_t
tc_result_logent_format(const struct tc_logent *e, char *buf, size_t cap)
{
	static const char dirs[] = { [TC_LOG_OUT] = '>', [TC_LOG_IN] = '<',
	    [TC_LOG_NOTE] = '#' };
	int64_t ms = e->t_ns / 1000000;
	char c = (unsigned)e->dir < sizeof(dirs) ? dirs[e->dir] : '?';
	const char *sign = ms < 0 ? "-" : "+";
	int n;

	if (ms < 0)
		ms = -ms;
	if (e->line != 0 && e->state[0] != '\0')
		n = snprintf(buf, cap, "%s%" PRId64 ".%03" PRId64
		    " %c %s  (line %u, %s)", sign, ms / 1000, ms % 1000, c,
		    e->text, e->line, e->state);
	else if (e->line != 0)
		n = snprintf(buf, cap, "%s%" PRId64 ".%03" PRId64
		    " %c %s  (line %u)", sign, ms / 1000, ms % 1000, c,
		    e->text, e->line);
	else if (e->state[0] != '\0')
		n = snprintf(buf, cap, "%s%" PRId64 ".%03" PRId64
		    " %c %s  (%s)", sign, ms / 1000, ms % 1000, c, e->text,
		    e->state);
	else
		n = snprintf(buf, cap, "%s%" PRId64 ".%03" PRId64 " %c %s",
		    sign, ms / 1000, ms % 1000, c, e->text);
	return n < 0 ? 0 : (size_t)n;
}

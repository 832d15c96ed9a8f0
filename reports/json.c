/* json.c - the JSON report: one document, schema tcpconform-report/1. */
#include "json.h"
#include "matrix.h"
#include "xmlesc.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * docs/report-json.md describes the document; docs/report-json.schema.json
 * is its JSON Schema.  jansson builds and escapes every value, but the
 * document around the testcases is laid out here, one testcase at a time,
 * so that memory stays bounded by one testcase's log however long the run,
 * and so that each log entry and state change reads as one line:
 *
 *   {
 *     "schema": "tcpconform-report/1",
 *     "tool": {...}, "run": {...}, "summary": {...},
 *     "testcases": [
 *       {
 *         "id": ..., ...,
 *         "log": [
 *           {"t_ms": 0.012, "dir": "out", ...},
 *         ],
 *         "states": [ ... ]
 *       }
 *     ]
 *   }
 *
 * Times are milliseconds with microsecond resolution: reals of at most 15
 * significant digits, so that they print exactly ("0.012", not
 * "0.012000000000000001").
 */

#define REAL_FLAGS	JSON_REAL_PRECISION(15)

/* Where the document goes; the first failure sticks. */
struct out {
	FILE		*f;		/* (borrowed) */
	const char	*indent;	/* after each newline jansson writes */
	bool		nomem;
};

static json_t	*run_object(const struct tc_run_info *run,
		    const uint64_t *seeds, size_t nseeds);
static void	write_case(struct out *o, const struct tc_result *r);

/* Appends cp (a scalar value) to p as UTF-8; returns the end. */
static char *
utf8_put(char *p, uint32_t cp)
{
	if (cp < 0x80) {
		*p++ = (char)cp;
	} else if (cp < 0x800) {
		*p++ = (char)(0xC0 | cp >> 6);
		*p++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*p++ = (char)(0xE0 | cp >> 12);
		*p++ = (char)(0x80 | (cp >> 6 & 0x3F));
		*p++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*p++ = (char)(0xF0 | cp >> 18);
		*p++ = (char)(0x80 | (cp >> 12 & 0x3F));
		*p++ = (char)(0x80 | (cp >> 6 & 0x3F));
		*p++ = (char)(0x80 | (cp & 0x3F));
	}
	return p;
}

/*
 * A JSON string of s, or null for NULL.  jansson takes only well-formed
 * UTF-8; scripts, targets and packets give anything, so each byte that is
 * not part of a well-formed sequence becomes U+FFFD (at most 3 bytes out
 * per byte in).  Control characters are kept: JSON escapes them.
 */
static json_t *
jstr(const char *s)
{
	const char *p = s;
	char *buf, *q;
	json_t *v;
	uint32_t cp;

	if (s == NULL)
		return json_null();
	buf = malloc(strlen(s) * 3 + 1);
	if (buf == NULL)
		return NULL;
	q = buf;
	while ((cp = tc_xmlesc_utf8_next(&p)) != 0)
		q = utf8_put(q, cp);
	v = json_stringn(buf, (size_t)(q - buf));
	free(buf);
	return v;
}

/* Milliseconds with microsecond resolution, rounded to nearest. */
static json_t *
jms(int64_t ns)
{
	int64_t us = ns >= 0 ? (ns + 500) / 1000 : -((-ns + 500) / 1000);

	return json_real((double)us / 1000.0);
}

/* "2023-11-14T22:13:20Z", or null for an unknown (0) time. */
static json_t *
jtime(time_t t)
{
	char buf[32];
	struct tm tm;

	if (t == 0 || gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return json_null();
	return json_string(buf);
}

static json_t *
jseed(uint64_t seed)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, seed);
	return json_string(buf);
}

/* obj[key] = v, taking v; a NULL v (no memory) makes *ok false. */
static void
set(json_t *obj, const char *key, json_t *v, bool *ok)
{
	if (v == NULL || json_object_set_new(obj, key, v) != 0)
		*ok = false;
}

static void
push(json_t *arr, json_t *v, bool *ok)
{
	if (v == NULL || json_array_append_new(arr, v) != 0)
		*ok = false;
}

/* A json_dump_callback sink: indents every line after the first. */
static int
dump_cb(const char *buf, size_t size, void *data)
{
	struct out *o = data;
	const char *nl;

	while (size > 0 && (nl = memchr(buf, '\n', size)) != NULL) {
		fwrite(buf, 1, (size_t)(nl - buf) + 1, o->f);
		fputs(o->indent, o->f);
		size -= (size_t)(nl - buf) + 1;
		buf = nl + 1;
	}
	fwrite(buf, 1, size, o->f);
	return 0;
}

/*
 * Writes `indent"key": value` then tail (`indent value` tail when key is
 * NULL); nested lines of a multi-line value get indent too.  Takes v.
 */
static void
put(struct out *o, const char *indent, const char *key, json_t *v,
    size_t flags, const char *tail)
{
	if (v == NULL) {
		o->nomem = true;
		return;
	}
	fputs(indent, o->f);
	if (key != NULL)
		fprintf(o->f, "\"%s\": ", key);
	o->indent = indent;
	if (json_dump_callback(v, dump_cb, o, flags | JSON_ENCODE_ANY |
	    REAL_FLAGS) != 0)
		o->nomem = true;
	fputs(tail, o->f);
	json_decref(v);
}

static json_t *
summary_object(struct tc_result *const *results, size_t n)
{
	size_t counts[TC_VERDICT_COUNT] = { 0 };
	json_t *s = json_object();
	bool ok = s != NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned)results[i]->verdict < TC_VERDICT_COUNT)
			counts[results[i]->verdict]++;
	if (!ok)
		return NULL;
	set(s, "total", json_integer((json_int_t)n), &ok);
	for (i = 0; i < TC_VERDICT_COUNT; i++)
		set(s, tc_verdict_name((enum tc_verdict)i),
		    json_integer((json_int_t)counts[i]), &ok);
	if (!ok) {
		json_decref(s);
		return NULL;
	}
	return s;
}

static json_t *
run_object(const struct tc_run_info *run, const uint64_t *seeds,
    size_t nseeds)
{
	json_t *o = json_object(), *a;
	bool ok = o != NULL;
	size_t i;

	if (!ok)
		return NULL;
	set(o, "target", jstr(run->target), &ok);
	set(o, "seed", jseed(run->seed), &ok);
	if (nseeds > 1) {
		a = json_array();
		for (i = 0; a != NULL && i < nseeds; i++)
			push(a, jseed(seeds[i]), &ok);
		set(o, "seeds", a, &ok);
	}
	set(o, "jobs", json_integer(run->jobs), &ok);
	set(o, "start", jtime(run->start), &ok);
	set(o, "end", jtime(run->end), &ok);
	set(o, "interrupted", json_boolean(run->interrupted), &ok);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *
tool_object(const struct tc_run_info *run)
{
	json_t *o = json_object();
	bool ok = o != NULL;

	if (!ok)
		return NULL;
	set(o, "name", json_string("tcpconform"), &ok);
	set(o, "version", jstr(run->tool_version), &ok);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/*
 * With several targets (ids "ID@TARGET"): "matrix": {"targets": [...],
 * "rows": [{"id": ..., "verdicts": {"netns": "PASS", ...}}]}.
 */
static void
put_matrix(struct out *o, struct tc_result *const *results, size_t n)
{
	struct tc_matrix m;
	json_t *mx, *targets, *rows, *row, *v;
	size_t i, k;

	if (tc_matrix_build(results, n, &m) != TC_OK)
		return;
	if (m.ntargets < 2) {
		tc_matrix_fini(&m);
		return;
	}
	mx = json_object();
	targets = json_array();
	rows = json_array();
	for (k = 0; k < m.ntargets; k++)
		json_array_append_new(targets, json_string(m.target[k]));
	for (i = 0; i < m.nrows; i++) {
		row = json_object();
		v = json_object();
		json_object_set_new(row, "id", jstr(m.row[i].id));
		for (k = 0; k < m.ntargets; k++)
			if (m.row[i].has[k])
				json_object_set_new(v, m.target[k], json_string(
				    tc_verdict_name(m.row[i].verdict[k])));
		json_object_set_new(row, "verdicts", v);
		json_array_append_new(rows, row);
	}
	json_object_set_new(mx, "targets", targets);
	json_object_set_new(mx, "rows", rows);
	put(o, "  ", "matrix", mx, JSON_INDENT(2), ",\n");
	tc_matrix_fini(&m);
}

enum tc_err
tc_json_write(FILE *f, const struct tc_run_info *run, const uint64_t *seeds,
    size_t nseeds, struct tc_result *const *results, size_t n,
    struct tc_diag *diag)
{
	struct out o = { .f = f, .indent = "" };
	size_t i;

	fputs("{\n", f);
	put(&o, "  ", "schema", json_string(TC_JSON_SCHEMA), 0, ",\n");
	put(&o, "  ", "tool", tool_object(run), 0, ",\n");
	put(&o, "  ", "run", run_object(run, seeds, nseeds), JSON_INDENT(2),
	    ",\n");
	put(&o, "  ", "summary", summary_object(results, n), 0, ",\n");
	put_matrix(&o, results, n);
	fputs(n == 0 ? "  \"testcases\": [" : "  \"testcases\": [\n", f);
	for (i = 0; i < n && !o.nomem; i++) {
		write_case(&o, results[i]);
		fputs(i + 1 < n ? ",\n" : "\n  ", f);
	}
	fputs("]\n}\n", f);
	if (o.nomem) {
		tc_diag_set(diag, "cannot build JSON report: out of memory");
		return TC_ERR_NOMEM;
	}
	if (ferror(f)) {
		tc_diag_errno(diag, "cannot write JSON report");
		return TC_ERR_SYS;
	}
	return TC_OK;
}

static json_t *
log_entry(const struct tc_logent *e)
{
	static const char *const dirs[] = { [TC_LOG_OUT] = "out",
	    [TC_LOG_IN] = "in", [TC_LOG_NOTE] = "note" };
	json_t *o = json_object();
	bool ok = o != NULL;
	char text[sizeof(e->text) + 1], state[sizeof(e->state) + 1];

	if (!ok)
		return NULL;
	/* The buffers are filled by snprintf, but this is a writer. */
	snprintf(text, sizeof(text), "%.*s", (int)sizeof(e->text), e->text);
	snprintf(state, sizeof(state), "%.*s", (int)sizeof(e->state),
	    e->state);
	set(o, "t_ms", jms(e->t_ns), &ok);
	set(o, "dir", json_string((unsigned)e->dir < 3 ? dirs[e->dir] :
	    "note"), &ok);
	set(o, "line", e->line != 0 ? json_integer(e->line) : json_null(),
	    &ok);
	set(o, "text", jstr(text), &ok);
	set(o, "state", state[0] != '\0' ? jstr(state) : json_null(), &ok);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Starts element i of an array written one element a line. */
static void
put_sep(struct out *o, size_t i)
{
	fputs(i == 0 ? "\n" : ",\n", o->f);
}

/* Ends an array of `count` elements opened with `"key": [`. */
static void
put_close(struct out *o, size_t count)
{
	fputs(count == 0 ? "]" : "\n      ]", o->f);
}

/* The state timeline: each log entry whose state differs from the last. */
static void
write_states(struct out *o, const struct tc_result *r)
{
	char state[sizeof(r->log[0].state) + 1], last[sizeof(state)] = "";
	size_t i, count = 0;
	json_t *s;
	bool ok;

	fputs("      \"states\": [", o->f);
	for (i = 0; i < r->nlog && !o->nomem; i++) {
		const struct tc_logent *e = &r->log[i];

		snprintf(state, sizeof(state), "%.*s", (int)sizeof(e->state),
		    e->state);
		if (state[0] == '\0' || strcmp(state, last) == 0)
			continue;
		memcpy(last, state, sizeof(last));
		ok = (s = json_object()) != NULL;
		if (ok) {
			set(s, "t_ms", jms(e->t_ns), &ok);
			set(s, "state", jstr(state), &ok);
		}
		if (!ok) {
			json_decref(s);
			s = NULL;
		}
		put_sep(o, count++);
		put(o, "        ", NULL, s, 0, "");
	}
	put_close(o, count);
	fputc('\n', o->f);
}

static void
write_log(struct out *o, const struct tc_result *r)
{
	size_t i;

	fputs("      \"log\": [", o->f);
	for (i = 0; i < r->nlog && !o->nomem; i++) {
		put_sep(o, i);
		put(o, "        ", NULL, log_entry(&r->log[i]), 0, "");
	}
	put_close(o, r->nlog);
	fputs(",\n", o->f);
}

static json_t *
tags_array(const struct tc_result *r)
{
	json_t *a = json_array();
	bool ok = a != NULL;
	size_t i;

	for (i = 0; ok && i < r->ntags; i++)
		push(a, jstr(r->tags[i]), &ok);
	if (!ok) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* A fixed-size field of the result, as a string (NUL not guaranteed). */
static json_t *
jfield(const char *field, size_t cap)
{
	char *copy = strndup(field, cap);
	json_t *v;

	if (copy == NULL)
		return NULL;
	v = jstr(copy);
	free(copy);
	return v;
}

static void
write_case(struct out *o, const struct tc_result *r)
{
	const char *in = "      ";

	fputs("    {\n", o->f);
	put(o, in, "id", jstr(r->id), 0, ",\n");
	put(o, in, "path", jstr(r->path), 0, ",\n");
	put(o, in, "title", jstr(r->title), 0, ",\n");
	if (r->target != NULL)
		put(o, in, "target", jstr(r->target), 0, ",\n");
	put(o, in, "ref", jstr(r->refs), 0, ",\n");
	put(o, in, "tags", tags_array(r), 0, ",\n");
	put(o, in, "verdict", json_string(tc_verdict_name(r->verdict)), 0,
	    ",\n");
	put(o, in, "reason", jfield(r->reason, sizeof(r->reason)), 0, ",\n");
	put(o, in, "expected", jfield(r->expected, sizeof(r->expected)), 0,
	    ",\n");
	put(o, in, "got", jfield(r->got, sizeof(r->got)), 0, ",\n");
	put(o, in, "line", r->fail_line != 0 ? json_integer(r->fail_line) :
	    json_null(), 0, ",\n");
	put(o, in, "duration_ms", jms(r->duration_ns > 0 ? r->duration_ns :
	    0), 0, ",\n");
	put(o, in, "pcap", jstr(r->pcap_path), 0, ",\n");
	put(o, in, "log_dropped", json_integer((json_int_t)r->nlog_dropped),
	    0, ",\n");
	put(o, in, "frames_dropped",
	    json_integer((json_int_t)r->nframes_dropped), 0, ",\n");
	write_log(o, r);
	write_states(o, r);
	fputs("    }", o->f);
}

static enum tc_err
json_write(FILE *f, const struct tc_run_info *run,
    struct tc_result *const *results, size_t n, struct tc_diag *diag)
{
	return tc_json_write(f, run, NULL, 0, results, n, diag);
}

const struct tc_report_ops tc_report_json = {
	.name = "json",
	.description = "JSON (schema tcpconform-report/1, "
	    "docs/report-json.md)",
	.write = json_write,
};

/* jsonread.c - a JSON report read back into results, as untrusted input. */
#include "jsonread.h"
#include "json.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * What is checked: the "schema" member first (anything else is "not a
 * tcpconform report"), then every member this reader uses, for its type
 * and range; unknown members are ignored, so that a later writer may add
 * optional members within tcpconform-report/1.  Only testcases[].id and
 * .verdict are required of a testcase: the rest default to empty, so
 * that hand-written reports (and tests) stay short.  Ids must be unique.
 * The "summary" and "states" members are derived data and not read.
 */

/* Milliseconds beyond which a time is nonsense (about 31 years). */
#define MS_MAX		1e12

/* A reader's context: where errors go. */
struct rd {
	const char	*name;		/* (borrowed) file name for messages */
	struct tc_diag	*diag;		/* (borrowed) */
};

/* A json_load_callback source that stops past the size limit. */
struct src {
	FILE		*f;		/* (borrowed) */
	int		first;		/* first_byte() of the input so far */
	size_t		total;
	bool		over;
	bool		failed;
};

static enum tc_err read_doc(struct rd *rd, json_t *root,
		    struct tc_report_doc *doc);

static enum tc_err __attribute__((format(printf, 4, 5)))
fail(struct rd *rd, enum tc_err err, const char *ctx, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tc_diag_at(rd->diag, rd->name, 0, 0);
	if (ctx != NULL && ctx[0] != '\0')
		tc_diag_set(rd->diag, "%s: %s", ctx, msg);
	else
		tc_diag_set(rd->diag, "%s", msg);
	return err;
}

static const char *
type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a real";
	case JSON_TRUE: return "true";
	case JSON_FALSE: return "false";
	case JSON_NULL: return "null";
	}
	return "?";
}

/*
 * obj[key] as a string of at most TC_JSONREAD_STR_MAX bytes: *out NULL
 * when missing or null, which is an error if required.
 */
static enum tc_err
get_str(struct rd *rd, const json_t *obj, const char *ctx, const char *key,
    bool required, const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return fail(rd, TC_ERR_PARSE, ctx, "\"%s\" missing "
			    "(a string is required)", key);
		return TC_OK;
	}
	if (!json_is_string(v))
		return fail(rd, TC_ERR_PARSE, ctx, "\"%s\": expected a "
		    "string, got %s", key, type_name(v));
	if (json_string_length(v) > TC_JSONREAD_STR_MAX)
		return fail(rd, TC_ERR_LIMIT, ctx, "\"%s\": %zu bytes long "
		    "(at most %u)", key, json_string_length(v),
		    TC_JSONREAD_STR_MAX);
	*out = json_string_value(v);
	return TC_OK;
}

/* obj[key] as a number in [lo, hi]; 0 when missing or null. */
static enum tc_err
get_num(struct rd *rd, const json_t *obj, const char *ctx, const char *key,
    double lo, double hi, double *out)
{
	json_t *v = json_object_get(obj, key);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return TC_OK;
	if (!json_is_number(v))
		return fail(rd, TC_ERR_PARSE, ctx, "\"%s\": expected a number, "
		    "got %s", key, type_name(v));
	*out = json_number_value(v);
	if (!(*out >= lo && *out <= hi))
		return fail(rd, TC_ERR_PARSE, ctx, "\"%s\": %g is out of "
		    "range (%g..%g)", key, *out, lo, hi);
	return TC_OK;
}

/* obj[key] as an integer in [0, max]; 0 when missing or null. */
static enum tc_err
get_uint(struct rd *rd, const json_t *obj, const char *ctx, const char *key,
    uint64_t max, uint64_t *out)
{
	json_t *v = json_object_get(obj, key);
	json_int_t i;

	*out = 0;
	if (v == NULL || json_is_null(v))
		return TC_OK;
	if (!json_is_integer(v))
		return fail(rd, TC_ERR_PARSE, ctx, "\"%s\": expected an "
		    "integer, got %s", key, type_name(v));
	i = json_integer_value(v);
	if (i < 0 || (uint64_t)i > max)
		return fail(rd, TC_ERR_PARSE, ctx, "\"%s\": %"
		    JSON_INTEGER_FORMAT " is out of range (0..%" PRIu64 ")",
		    key, i, max);
	*out = (uint64_t)i;
	return TC_OK;
}

/* obj[key] as an array of at most max elements; NULL when missing. */
static enum tc_err
get_array(struct rd *rd, const json_t *obj, const char *ctx,
    const char *key, size_t max, json_t **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return TC_OK;
	if (!json_is_array(v))
		return fail(rd, TC_ERR_PARSE, ctx, "\"%s\": expected an array, "
		    "got %s", key, type_name(v));
	if (json_array_size(v) > max)
		return fail(rd, TC_ERR_LIMIT, ctx, "\"%s\": %zu elements (at "
		    "most %zu)", key, json_array_size(v), max);
	*out = v;
	return TC_OK;
}

/* Copies s into a fixed field, cut at a UTF-8 character boundary. */
static void
copy_field(char *dst, size_t cap, const char *s)
{
	size_t len = s != NULL ? strlen(s) : 0;

	if (len >= cap) {
		len = cap - 1;
		/* s[len] is the first byte left out: not inside a character. */
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	if (len != 0)
		memcpy(dst, s, len);
	dst[len] = '\0';
}

static enum tc_err
dup_str(const char *s, char **out)
{
	*out = NULL;
	if (s == NULL)
		return TC_OK;
	*out = strdup(s);
	return *out != NULL ? TC_OK : TC_ERR_NOMEM;
}

static int64_t
ms_to_ns(double ms)
{
	/* |ms| <= MS_MAX, so this fits; rounds half away from zero. */
	return (int64_t)(ms * 1e6 + (ms >= 0 ? 0.5 : -0.5));
}

/* A seed: a string of decimal digits, or a non-negative integer. */
static enum tc_err
parse_seed(struct rd *rd, const json_t *v, const char *ctx, uint64_t *out)
{
	const char *s;
	char *end;

	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (uint64_t)json_integer_value(v);
		return TC_OK;
	}
	if (!json_is_string(v))
		return fail(rd, TC_ERR_PARSE, ctx, "expected a seed (a string "
		    "of digits), got %s", type_name(v));
	s = json_string_value(v);
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0)
		return fail(rd, TC_ERR_PARSE, ctx, "expected a seed (a string "
		    "of digits below 2^64), got \"%.40s\"", s);
	return TC_OK;
}

/* "2023-11-14T22:13:20Z" (or null: 0, unknown). */
static enum tc_err
get_time(struct rd *rd, const json_t *obj, const char *key, time_t *out)
{
	const char *s, *end;
	struct tm tm;
	enum tc_err err;

	*out = 0;
	if ((err = get_str(rd, obj, "run", key, false, &s)) != TC_OK ||
	    s == NULL)
		return err;
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0' || s[0] < '0' || s[0] > '9')
		return fail(rd, TC_ERR_PARSE, "run", "\"%s\": expected UTC "
		    "time as YYYY-MM-DDTHH:MM:SSZ, got \"%.40s\"", key, s);
	*out = timegm(&tm);
	return TC_OK;
}

static enum tc_err
read_seeds(struct rd *rd, const json_t *run, struct tc_report_doc *doc)
{
	json_t *seeds, *v;
	enum tc_err err;
	size_t i, n;

	if ((err = get_array(rd, run, "run", "seeds", TC_JSONREAD_SEEDS_MAX,
	    &seeds)) != TC_OK)
		return err;
	n = seeds != NULL ? json_array_size(seeds) : 0;
	doc->seeds = calloc(n + 1, sizeof(*doc->seeds));
	if (doc->seeds == NULL)
		return TC_ERR_NOMEM;
	doc->seeds[0] = doc->run.seed;
	doc->nseeds = 1;
	json_array_foreach(seeds, i, v) {
		uint64_t seed;
		size_t k;

		if ((err = parse_seed(rd, v, "run.seeds", &seed)) != TC_OK)
			return err;
		for (k = 0; k < doc->nseeds && doc->seeds[k] != seed; k++)
			continue;
		if (k == doc->nseeds)
			doc->seeds[doc->nseeds++] = seed;
	}
	return TC_OK;
}

static enum tc_err
read_run(struct rd *rd, const json_t *root, struct tc_report_doc *doc)
{
	const json_t *run = json_object_get(root, "run");
	const json_t *tool = json_object_get(root, "tool");
	const char *target = NULL, *version = NULL;
	enum tc_err err;
	uint64_t jobs;
	json_t *v;

	if (tool != NULL && json_is_object(tool) && (err = get_str(rd, tool,
	    "tool", "version", false, &version)) != TC_OK)
		return err;
	if (run == NULL || !json_is_object(run))
		return fail(rd, TC_ERR_PARSE, NULL, "\"run\": expected an "
		    "object, got %s", run != NULL ? type_name(run) : "nothing");
	if ((err = get_str(rd, run, "run", "target", false, &target)) ||
	    (err = get_uint(rd, run, "run", "jobs", 1u << 20, &jobs)) ||
	    (err = get_time(rd, run, "start", &doc->run.start)) ||
	    (err = get_time(rd, run, "end", &doc->run.end)))
		return err;
	if ((v = json_object_get(run, "seed")) != NULL && !json_is_null(v) &&
	    (err = parse_seed(rd, v, "run.seed", &doc->run.seed)) != TC_OK)
		return err;
	v = json_object_get(run, "interrupted");
	if (v != NULL && !json_is_boolean(v) && !json_is_null(v))
		return fail(rd, TC_ERR_PARSE, "run", "\"interrupted\": "
		    "expected true or false, got %s", type_name(v));
	doc->run.interrupted = v != NULL && json_is_true(v);
	doc->run.jobs = (int)jobs;
	if (dup_str(target, &doc->target) != TC_OK ||
	    dup_str(version, &doc->tool_version) != TC_OK)
		return TC_ERR_NOMEM;
	doc->run.target = doc->target;
	doc->run.tool_version = doc->tool_version;
	return read_seeds(rd, run, doc);
}

static enum tc_err
read_logent(struct rd *rd, const json_t *v, const char *ctx,
    struct tc_logent *e)
{
	static const char *const dirs[] = { [TC_LOG_OUT] = "out",
	    [TC_LOG_IN] = "in", [TC_LOG_NOTE] = "note" };
	const char *dir, *text, *state;
	enum tc_err err;
	uint64_t line;
	double ms;
	size_t d;

	if (!json_is_object(v))
		return fail(rd, TC_ERR_PARSE, ctx, "expected an object, got %s",
		    type_name(v));
	if ((err = get_num(rd, v, ctx, "t_ms", -MS_MAX, MS_MAX, &ms)) ||
	    (err = get_str(rd, v, ctx, "dir", true, &dir)) ||
	    (err = get_uint(rd, v, ctx, "line", UINT32_MAX, &line)) ||
	    (err = get_str(rd, v, ctx, "text", false, &text)) ||
	    (err = get_str(rd, v, ctx, "state", false, &state)))
		return err;
	for (d = 0; d < 3 && strcmp(dir, dirs[d]) != 0; d++)
		continue;
	if (d == 3)
		return fail(rd, TC_ERR_PARSE, ctx, "\"dir\": expected \"out\", "
		    "\"in\" or \"note\", got \"%.20s\"", dir);
	e->t_ns = ms_to_ns(ms);
	e->dir = (enum tc_logdir)d;
	e->line = (unsigned)line;
	copy_field(e->text, sizeof(e->text), text);
	copy_field(e->state, sizeof(e->state), state);
	return TC_OK;
}

static enum tc_err
read_log(struct rd *rd, const json_t *tc, const char *ctx,
    struct tc_result *r)
{
	char where[64];
	enum tc_err err;
	json_t *log, *v;
	size_t i;

	if ((err = get_array(rd, tc, ctx, "log", TC_RESULT_LOG_MAX + 1,
	    &log)) != TC_OK || log == NULL || json_array_size(log) == 0)
		return err;
	r->log = calloc(json_array_size(log), sizeof(*r->log));
	if (r->log == NULL)
		return TC_ERR_NOMEM;
	r->log_cap = json_array_size(log);
	json_array_foreach(log, i, v) {
		snprintf(where, sizeof(where), "%s.log[%zu]", ctx, i);
		if ((err = read_logent(rd, v, where, &r->log[i])) != TC_OK)
			return err;
		r->nlog++;
	}
	return TC_OK;
}

static enum tc_err
read_tags(struct rd *rd, const json_t *tc, const char *ctx,
    struct tc_result *r)
{
	enum tc_err err;
	json_t *tags, *v;
	size_t i;

	if ((err = get_array(rd, tc, ctx, "tags", TC_JSONREAD_TAGS_MAX,
	    &tags)) != TC_OK)
		return err;
	json_array_foreach(tags, i, v) {
		if (!json_is_string(v) ||
		    json_string_length(v) > TC_JSONREAD_STR_MAX)
			return fail(rd, TC_ERR_PARSE, ctx, "\"tags\"[%zu]: "
			    "expected a string of at most %u bytes", i,
			    TC_JSONREAD_STR_MAX);
		if (tc_result_add_tag(r, json_string_value(v)) != TC_OK)
			return TC_ERR_NOMEM;
	}
	return TC_OK;
}

static enum tc_err
read_verdict(struct rd *rd, const json_t *tc, const char *ctx,
    struct tc_result *r)
{
	const char *s;
	enum tc_err err;
	unsigned v;

	if ((err = get_str(rd, tc, ctx, "verdict", true, &s)) != TC_OK)
		return err;
	for (v = 0; v < TC_VERDICT_COUNT; v++)
		if (strcmp(s, tc_verdict_name((enum tc_verdict)v)) == 0)
			break;
	if (v == TC_VERDICT_COUNT)
		return fail(rd, TC_ERR_PARSE, ctx, "\"verdict\": unknown "
		    "verdict \"%.20s\" (expected PASS, FAIL, XFAIL, XPASS, "
		    "INCONC, ERROR, SKIP or NOTRUN)", s);
	r->verdict = (enum tc_verdict)v;
	return TC_OK;
}

/* The fixed-size fields and numbers of a testcase. */
static enum tc_err
read_fields(struct rd *rd, const json_t *tc, const char *ctx,
    struct tc_result *r)
{
	const char *reason, *expected, *got;
	uint64_t line, ldrop, fdrop;
	enum tc_err err;
	double ms;

	if ((err = get_str(rd, tc, ctx, "reason", false, &reason)) ||
	    (err = get_str(rd, tc, ctx, "expected", false, &expected)) ||
	    (err = get_str(rd, tc, ctx, "got", false, &got)) ||
	    (err = get_uint(rd, tc, ctx, "line", UINT32_MAX, &line)) ||
	    (err = get_num(rd, tc, ctx, "duration_ms", 0, MS_MAX, &ms)) ||
	    (err = get_uint(rd, tc, ctx, "log_dropped", INT64_MAX, &ldrop)) ||
	    (err = get_uint(rd, tc, ctx, "frames_dropped", INT64_MAX,
	    &fdrop)))
		return err;
	copy_field(r->reason, sizeof(r->reason), reason);
	copy_field(r->expected, sizeof(r->expected), expected);
	copy_field(r->got, sizeof(r->got), got);
	r->fail_line = (unsigned)line;
	r->duration_ns = ms_to_ns(ms);
	r->nlog_dropped = (size_t)ldrop;
	r->nframes_dropped = (size_t)fdrop;
	return TC_OK;
}

static enum tc_err
read_case(struct rd *rd, const json_t *tc, size_t idx,
    struct tc_result **out)
{
	const char *id, *path, *title, *ref, *pcap;
	struct tc_result *r;
	char ctx[32];
	enum tc_err err;

	*out = NULL;
	snprintf(ctx, sizeof(ctx), "testcases[%zu]", idx);
	if (!json_is_object(tc))
		return fail(rd, TC_ERR_PARSE, ctx, "expected an object, got %s",
		    type_name(tc));
	if ((err = get_str(rd, tc, ctx, "id", true, &id)) ||
	    (err = get_str(rd, tc, ctx, "path", false, &path)) ||
	    (err = get_str(rd, tc, ctx, "title", false, &title)) ||
	    (err = get_str(rd, tc, ctx, "ref", false, &ref)) ||
	    (err = get_str(rd, tc, ctx, "pcap", false, &pcap)))
		return err;
	if (id[0] == '\0')
		return fail(rd, TC_ERR_PARSE, ctx, "\"id\" is empty");
	if ((r = *out = tc_result_new(id, path)) == NULL ||
	    dup_str(title, &r->title) != TC_OK ||
	    dup_str(ref, &r->refs) != TC_OK ||
	    dup_str(pcap, &r->pcap_path) != TC_OK)
		return TC_ERR_NOMEM;
	if ((err = read_verdict(rd, tc, ctx, r)) ||
	    (err = read_fields(rd, tc, ctx, r)) ||
	    (err = read_tags(rd, tc, ctx, r)) ||
	    (err = read_log(rd, tc, ctx, r)))
		return err;
	return TC_OK;
}

static int
by_id(const void *a, const void *b)
{
	const struct tc_result *const *ra = a, *const *rb = b;

	return strcmp((*ra)->id, (*rb)->id);
}

/* A report lists each testcase once; anything else is not a run's. */
static enum tc_err
check_unique(struct rd *rd, const struct tc_report_doc *doc)
{
	struct tc_result **sorted;
	enum tc_err err = TC_OK;
	size_t i;

	if (doc->n < 2)
		return TC_OK;
	sorted = malloc(doc->n * sizeof(*sorted));
	if (sorted == NULL)
		return TC_ERR_NOMEM;
	memcpy(sorted, doc->results, doc->n * sizeof(*sorted));
	qsort(sorted, doc->n, sizeof(*sorted), by_id);
	for (i = 1; i < doc->n && err == TC_OK; i++)
		if (strcmp(sorted[i - 1]->id, sorted[i]->id) == 0)
			err = fail(rd, TC_ERR_PARSE, "testcases", "testcase "
			    "\"%.100s\" is listed twice", sorted[i]->id);
	free(sorted);
	return err;
}

static enum tc_err
read_cases(struct rd *rd, const json_t *root, struct tc_report_doc *doc)
{
	json_t *cases = json_object_get(root, "testcases"), *v;
	enum tc_err err;
	size_t i;

	if (cases == NULL || !json_is_array(cases))
		return fail(rd, TC_ERR_PARSE, NULL, "\"testcases\": expected "
		    "an array, got %s", cases ? type_name(cases) : "nothing");
	if (json_array_size(cases) > TC_JSONREAD_CASES_MAX)
		return fail(rd, TC_ERR_LIMIT, NULL, "%zu testcases (at most "
		    "%u)", json_array_size(cases), TC_JSONREAD_CASES_MAX);
	doc->results = calloc(json_array_size(cases) + 1,
	    sizeof(*doc->results));
	if (doc->results == NULL)
		return TC_ERR_NOMEM;
	json_array_foreach(cases, i, v) {
		err = read_case(rd, v, i, &doc->results[i]);
		/* A half-read result is the doc's to free. */
		if (doc->results[i] != NULL)
			doc->n++;
		if (err != TC_OK)
			return err;
	}
	return check_unique(rd, doc);
}

static enum tc_err
read_doc(struct rd *rd, json_t *root, struct tc_report_doc *doc)
{
	const json_t *schema;
	enum tc_err err;

	if (!json_is_object(root))
		return fail(rd, TC_ERR_PARSE, NULL, "not a tcpconform report "
		    "(schema %s expected; the document is %s, not an object)",
		    TC_JSON_SCHEMA, type_name(root));
	schema = json_object_get(root, "schema");
	if (schema == NULL || !json_is_string(schema))
		return fail(rd, TC_ERR_PARSE, NULL, "not a tcpconform report "
		    "(schema %s expected; no \"schema\" string)",
		    TC_JSON_SCHEMA);
	if (strcmp(json_string_value(schema), TC_JSON_SCHEMA) != 0)
		return fail(rd, TC_ERR_PARSE, NULL, "not a tcpconform report "
		    "(schema %s expected, got \"%.60s\")", TC_JSON_SCHEMA,
		    json_string_value(schema));
	if ((err = read_run(rd, root, doc)) != TC_OK)
		return err;
	return read_cases(rd, root, doc);
}

/* The first byte that is not JSON white space, or -1. */
static int
first_byte(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (strchr(" \t\r\n", p[i]) == NULL || p[i] == '\0')
			return (unsigned char)p[i];
	return -1;
}

/*
 * What json_load* said, as a diagnostic.  `first` is the first byte that
 * is not white space: a report starts with '{', and anything else is some
 * other kind of file rather than a damaged report.
 */
static enum tc_err
load_error(struct rd *rd, const json_error_t *je, int first)
{
	if (first != '{')
		return fail(rd, TC_ERR_PARSE, NULL, "not a tcpconform report "
		    "(schema %s expected; not JSON: %s)", TC_JSON_SCHEMA,
		    je->text);
	tc_diag_at(rd->diag, rd->name, je->line > 0 ? (unsigned)je->line : 0,
	    je->column > 0 ? (unsigned)je->column : 0);
	tc_diag_set(rd->diag, "invalid JSON (truncated or damaged report?): "
	    "%s", je->text);
	return TC_ERR_PARSE;
}

/* Reads a loaded document into *out; takes root. */
static enum tc_err
finish(struct rd *rd, json_t *root, struct tc_report_doc **out)
{
	struct tc_report_doc *doc;
	enum tc_err err;

	doc = tc_jsonread_doc_new(rd->name);
	if (doc == NULL) {
		json_decref(root);
		return TC_ERR_NOMEM;
	}
	err = read_doc(rd, root, doc);
	json_decref(root);
	if (err == TC_ERR_NOMEM)
		tc_diag_set(rd->diag, "%s: out of memory", rd->name);
	if (err != TC_OK) {
		tc_jsonread_free(doc);
		return err;
	}
	*out = doc;
	return TC_OK;
}

static size_t
src_read(void *buf, size_t len, void *data)
{
	struct src *s = data;
	size_t got = fread(buf, 1, len, s->f);

	if (got == 0 && ferror(s->f)) {
		s->failed = true;
		return (size_t)-1;
	}
	if (s->first < 0)
		s->first = first_byte(buf, got);
	s->total += got;
	if (s->total > TC_JSONREAD_BYTES_MAX) {
		s->over = true;
		return (size_t)-1;
	}
	return got;
}

enum tc_err
tc_jsonread_file(const char *path, struct tc_report_doc **out,
    struct tc_diag *diag)
{
	struct rd rd = { .name = path, .diag = diag };
	bool is_stdin = strcmp(path, "-") == 0;
	struct src s = { .first = -1 };
	json_error_t je;
	json_t *root;

	*out = NULL;
	s.f = is_stdin ? stdin : fopen(path, "rb");
	if (s.f == NULL) {
		tc_diag_errno(diag, "cannot open %s", path);
		return TC_ERR_SYS;
	}
	root = json_load_callback(src_read, &s, JSON_REJECT_DUPLICATES, &je);
	if (!is_stdin)
		fclose(s.f);
	if (s.failed) {
		tc_diag_errno(diag, "cannot read %s", path);
		json_decref(root);
		return TC_ERR_SYS;
	}
	if (s.over)
		return fail(&rd, TC_ERR_LIMIT, NULL, "larger than %u MiB",
		    TC_JSONREAD_BYTES_MAX >> 20);
	if (root == NULL)
		return load_error(&rd, &je, s.first);
	return finish(&rd, root, out);
}

enum tc_err
tc_jsonread_mem(const char *name, const char *text, size_t len,
    struct tc_report_doc **out, struct tc_diag *diag)
{
	struct rd rd = { .name = name, .diag = diag };
	json_error_t je;
	json_t *root;

	*out = NULL;
	if (len > TC_JSONREAD_BYTES_MAX)
		return fail(&rd, TC_ERR_LIMIT, NULL, "larger than %u MiB",
		    TC_JSONREAD_BYTES_MAX >> 20);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return load_error(&rd, &je, first_byte(text, len));
	return finish(&rd, root, out);
}

struct tc_report_doc *
tc_jsonread_doc_new(const char *name)
{
	struct tc_report_doc *doc = calloc(1, sizeof(*doc));

	if (doc == NULL)
		return NULL;
	if (name != NULL && (doc->name = strdup(name)) == NULL) {
		free(doc);
		return NULL;
	}
	return doc;
}

void
tc_jsonread_free(struct tc_report_doc *doc)
{
	size_t i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->n; i++)
		tc_result_free(doc->results[i]);
	free(doc->results);
	free(doc->seeds);
	free(doc->target);
	free(doc->tool_version);
	free(doc->name);
	free(doc);
}

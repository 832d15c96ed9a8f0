/* merge.c - shard reports merged into one; two runs' verdicts compared. */
#include "merge.h"
#include "xmlesc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One input result, where it came from, for a stable sort by id. */
struct ent {
	const struct tc_result *r;	/* (borrowed) */
	size_t		input;
	size_t		pos;
};

static int
ent_cmp(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int c = strcmp(x->r->id, y->r->id);

	if (c != 0)
		return c;
	if (x->input != y->input)
		return x->input < y->input ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static enum tc_err
dup_opt(const char *s, char **out)
{
	*out = s != NULL ? strdup(s) : NULL;
	return s == NULL || *out != NULL ? TC_OK : TC_ERR_NOMEM;
}

/* A deep copy of r, frames left out; NULL on no memory. */
static struct tc_result *
result_dup(const struct tc_result *r)
{
	struct tc_result *d = tc_result_new(r->id, r->path);
	char *id, *path;
	size_t i;

	if (d == NULL)
		return NULL;
	id = d->id;
	path = d->path;
	*d = *r;
	d->id = id;
	d->path = path;
	d->title = d->refs = d->pcap_path = NULL;
	d->tags = NULL;
	d->ntags = 0;
	d->log = NULL;
	d->nlog = d->log_cap = 0;
	d->frames = NULL;
	d->nframes = d->frames_cap = d->frame_bytes = 0;
	if (dup_opt(r->title, &d->title) || dup_opt(r->refs, &d->refs) ||
	    dup_opt(r->pcap_path, &d->pcap_path))
		goto nomem;
	for (i = 0; i < r->ntags; i++)
		if (tc_result_add_tag(d, r->tags[i]) != TC_OK)
			goto nomem;
	if (r->nlog != 0) {
		if ((d->log = malloc(r->nlog * sizeof(*d->log))) == NULL)
			goto nomem;
		memcpy(d->log, r->log, r->nlog * sizeof(*d->log));
		d->nlog = d->log_cap = r->nlog;
	}
	return d;
nomem:
	tc_result_free(d);
	return NULL;
}

/*
 * Appends s to the "; "-joined list *acc unless it is there already.
 * Errors: TC_ERR_NOMEM.
 */
static enum tc_err
join_distinct(char **acc, const char *s)
{
	size_t len = s != NULL ? strlen(s) : 0, have;
	const char *p;
	char *n;

	if (s == NULL)
		return TC_OK;
	if (*acc == NULL)
		return (*acc = strdup(s)) != NULL ? TC_OK : TC_ERR_NOMEM;
	for (p = *acc; (p = strstr(p, s)) != NULL; p++)
		if ((p == *acc || (p >= *acc + 2 && p[-2] == ';')) &&
		    (p[len] == '\0' || p[len] == ';'))
			return TC_OK;
	have = strlen(*acc);
	if ((n = realloc(*acc, have + 2 + len + 1)) == NULL)
		return TC_ERR_NOMEM;
	memcpy(n + have, "; ", 2);
	memcpy(n + have + 2, s, len + 1);
	*acc = n;
	return TC_OK;
}

/* Adds seed to d->seeds (room for cap) unless it is there. */
static void
add_seed(struct tc_report_doc *d, uint64_t seed, size_t cap)
{
	size_t k;

	for (k = 0; k < d->nseeds; k++)
		if (d->seeds[k] == seed)
			return;
	if (d->nseeds < cap)
		d->seeds[d->nseeds++] = seed;
}

static enum tc_err
merge_run(struct tc_report_doc *const *in, size_t n,
    struct tc_report_doc *d)
{
	size_t i, k, cap = 0;
	struct tc_run_info *run = &d->run;

	for (i = 0; i < n; i++)
		cap += in[i]->nseeds != 0 ? in[i]->nseeds : 1;
	if ((d->seeds = calloc(cap + 1, sizeof(*d->seeds))) == NULL)
		return TC_ERR_NOMEM;
	for (i = 0; i < n; i++) {
		const struct tc_run_info *r = &in[i]->run;

		if (r->start != 0 && (run->start == 0 || r->start < run->start))
			run->start = r->start;
		if (r->end > run->end)
			run->end = r->end;
		if (r->jobs > run->jobs)
			run->jobs = r->jobs;
		run->interrupted |= r->interrupted;
		add_seed(d, r->seed, cap);
		for (k = 0; k < in[i]->nseeds; k++)
			add_seed(d, in[i]->seeds[k], cap);
		if (join_distinct(&d->target, r->target) != TC_OK ||
		    join_distinct(&d->tool_version, r->tool_version) != TC_OK)
			return TC_ERR_NOMEM;
	}
	run->seed = d->nseeds != 0 ? d->seeds[0] : 0;
	run->target = d->target;
	run->tool_version = d->tool_version;
	return TC_OK;
}

/* Checks that every copy of one id has the first copy's verdict. */
static enum tc_err
check_group(struct tc_report_doc *const *in, const struct ent *e,
    size_t count, struct tc_diag *diag)
{
	size_t i;

	for (i = 1; i < count; i++) {
		if (e[i].r->verdict == e[0].r->verdict)
			continue;
		tc_diag_set(diag, "testcase %s is %s in %s but %s in %s: "
		    "shards may share a testcase only with the same verdict",
		    e[0].r->id, tc_verdict_name(e[0].r->verdict),
		    in[e[0].input]->name ? in[e[0].input]->name : "?",
		    tc_verdict_name(e[i].r->verdict),
		    in[e[i].input]->name ? in[e[i].input]->name : "?");
		return TC_ERR_INVAL;
	}
	return TC_OK;
}

static enum tc_err
merge_results(struct tc_report_doc *const *in, struct ent *e, size_t total,
    struct tc_report_doc *d, struct tc_diag *diag)
{
	enum tc_err err;
	size_t i, j;

	qsort(e, total, sizeof(*e), ent_cmp);
	d->results = calloc(total + 1, sizeof(*d->results));
	if (d->results == NULL)
		return TC_ERR_NOMEM;
	for (i = 0; i < total; i = j) {
		for (j = i + 1; j < total; j++)
			if (strcmp(e[i].r->id, e[j].r->id) != 0)
				break;
		if ((err = check_group(in, e + i, j - i, diag)) != TC_OK)
			return err;
		if ((d->results[d->n] = result_dup(e[i].r)) == NULL)
			return TC_ERR_NOMEM;
		d->n++;
	}
	return TC_OK;
}

enum tc_err
tc_report_merge(struct tc_report_doc *const *in, size_t n,
    struct tc_report_doc **out, struct tc_diag *diag)
{
	struct tc_report_doc *d;
	struct ent *e = NULL;
	size_t i, k, total = 0;
	enum tc_err err;

	*out = NULL;
	for (i = 0; i < n; i++)
		total += in[i]->n;
	if ((d = tc_jsonread_doc_new("merged")) == NULL ||
	    (e = calloc(total + 1, sizeof(*e))) == NULL) {
		err = TC_ERR_NOMEM;
		goto out;
	}
	total = 0;
	for (i = 0; i < n; i++)
		for (k = 0; k < in[i]->n; k++)
			e[total++] = (struct ent){ in[i]->results[k], i, k };
	if ((err = merge_run(in, n, d)) == TC_OK)
		err = merge_results(in, e, total, d, diag);
out:
	free(e);
	if (err == TC_ERR_NOMEM)
		tc_diag_set(diag, "cannot merge reports: out of memory");
	if (err != TC_OK) {
		tc_jsonread_free(d);
		return err;
	}
	*out = d;
	return TC_OK;
}

/* ---- diff ------------------------------------------------------------ */

static int
res_cmp(const void *a, const void *b)
{
	const struct tc_result *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct tc_diff_entry *x = a, *y = b;
	const struct tc_result *rx = x->after ? x->after : x->before;
	const struct tc_result *ry = y->after ? y->after : y->before;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(rx->id, ry->id);
}

/* What became of one testcase; TC_DIFF_COUNT when nothing changed. */
static enum tc_diff_kind
classify(const struct tc_result *b, const struct tc_result *a)
{
	bool bad_b, bad_a;

	if (b == NULL)
		return tc_verdict_is_bad(a->verdict) ? TC_DIFF_REGRESSION :
		    TC_DIFF_NEW;
	if (a == NULL)
		return TC_DIFF_REMOVED;
	if (a->verdict == b->verdict)
		return TC_DIFF_COUNT;
	bad_b = tc_verdict_is_bad(b->verdict);
	bad_a = tc_verdict_is_bad(a->verdict);
	if (bad_a && !bad_b)
		return TC_DIFF_REGRESSION;
	if (bad_b && !bad_a)
		return TC_DIFF_FIX;
	return TC_DIFF_CHANGED;
}

static void
add_entry(struct tc_diff *d, const struct tc_result *b,
    const struct tc_result *a)
{
	enum tc_diff_kind k = classify(b, a);

	if (k == TC_DIFF_COUNT)
		return;
	d->e[d->n++] = (struct tc_diff_entry){ k, b, a };
	d->count[k]++;
}

/* Sorted copies of a doc's result pointers, to walk two runs by id. */
static struct tc_result **
sorted(const struct tc_report_doc *doc)
{
	struct tc_result **s = malloc((doc->n + 1) * sizeof(*s));

	if (s == NULL)
		return NULL;
	if (doc->n != 0)
		memcpy(s, doc->results, doc->n * sizeof(*s));
	qsort(s, doc->n, sizeof(*s), res_cmp);
	return s;
}

enum tc_err
tc_report_diff(const struct tc_report_doc *before,
    const struct tc_report_doc *after, struct tc_diff *d,
    struct tc_diag *diag)
{
	struct tc_result **b = sorted(before), **a = sorted(after);
	size_t i = 0, j = 0;
	int c;

	memset(d, 0, sizeof(*d));
	d->e = calloc(before->n + after->n + 1, sizeof(*d->e));
	if (a == NULL || b == NULL || d->e == NULL) {
		free(a);
		free(b);
		tc_report_diff_fini(d);
		tc_diag_set(diag, "cannot compare reports: out of memory");
		return TC_ERR_NOMEM;
	}
	while (i < before->n || j < after->n) {
		c = i == before->n ? 1 : j == after->n ? -1 :
		    strcmp(b[i]->id, a[j]->id);
		if (c == 0)
			d->compared++;
		add_entry(d, c <= 0 ? b[i] : NULL, c >= 0 ? a[j] : NULL);
		i += c <= 0;
		j += c >= 0;
	}
	qsort(d->e, d->n, sizeof(*d->e), entry_cmp);
	d->regression = d->count[TC_DIFF_REGRESSION] != 0;
	free(a);
	free(b);
	return TC_OK;
}

void
tc_report_diff_fini(struct tc_diff *d)
{
	free(d->e);
	memset(d, 0, sizeof(*d));
}

/* Untrusted text for a terminal or log: controls as \xNN, bad UTF-8 as
 * U+FFFD. */
static void
put_safe(FILE *f, const char *s)
{
	uint32_t cp;

	while ((cp = tc_xmlesc_utf8_next(&s)) != 0) {
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			fprintf(f, "\\x%02x", (unsigned)cp);
		else
			tc_xmlesc_put_utf8(f, cp);
	}
}

/* ORDER DIFF */
static const char *const kind_names[] = {
	[TC_DIFF_REGRESSION] = "regressions",
	[TC_DIFF_FIX] = "fixes",
	[TC_DIFF_CHANGED] = "changed",
	[TC_DIFF_NEW] = "new",
	[TC_DIFF_REMOVED] = "removed",
};
_Static_assert(sizeof(kind_names) / sizeof(kind_names[0]) == TC_DIFF_COUNT,
    "one name per kind");

static void
put_entry(FILE *f, const struct tc_diff_entry *e)
{
	const struct tc_result *r = e->after ? e->after : e->before;

	fprintf(f, "  %-6s -> %-7s ", e->before ?
	    tc_verdict_name(e->before->verdict) : "(new)", e->after ?
	    tc_verdict_name(e->after->verdict) : "(gone)");
	put_safe(f, r->id);
	if (e->after != NULL && e->after->verdict != TC_VERDICT_PASS &&
	    e->after->reason[0] != '\0') {
		fputs(": ", f);
		put_safe(f, e->after->reason);
	}
	fputc('\n', f);
}

void
tc_report_diff_print(FILE *f, const struct tc_diff *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (i == 0 || d->e[i].kind != d->e[i - 1].kind)
			fprintf(f, "%s: %zu\n", kind_names[d->e[i].kind],
			    d->count[d->e[i].kind]);
		put_entry(f, &d->e[i]);
	}
	if (d->n == 0)
		fprintf(f, "no verdict changed (%zu testcase%s in both runs)\n",
		    d->compared, d->compared == 1 ? "" : "s");
	fprintf(f, "%zu regression%s, %zu fix%s, %zu changed, %zu new, "
	    "%zu removed\n", d->count[TC_DIFF_REGRESSION],
	    d->count[TC_DIFF_REGRESSION] == 1 ? "" : "s",
	    d->count[TC_DIFF_FIX], d->count[TC_DIFF_FIX] == 1 ? "" : "es",
	    d->count[TC_DIFF_CHANGED], d->count[TC_DIFF_NEW],
	    d->count[TC_DIFF_REMOVED]);
}

/* matrix.c - which stack does what: verdicts side by side per testcase. */
#include "matrix.h"

#include <stdlib.h>
#include <string.h>

static ssize_t
target_index(struct tc_matrix *m, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < m->ntargets; i++)
		if (strlen(m->target[i]) == len &&
		    strncmp(m->target[i], name, len) == 0)
			return (ssize_t)i;
	if (m->ntargets == TC_MATRIX_TARGETS_MAX)
		return -1;
	if ((m->target[m->ntargets] = strndup(name, len)) == NULL)
		return -1;
	return (ssize_t)m->ntargets++;
}

static struct tc_matrix_row *
row_for(struct tc_matrix *m, const char *id, size_t len)
{
	struct tc_matrix_row *r;
	size_t i;

	for (i = 0; i < m->nrows; i++)
		if (strlen(m->row[i].id) == len &&
		    strncmp(m->row[i].id, id, len) == 0)
			return &m->row[i];
	r = realloc(m->row, (m->nrows + 1) * sizeof(*r));
	if (r == NULL)
		return NULL;
	m->row = r;
	r = &m->row[m->nrows];
	memset(r, 0, sizeof(*r));
	if ((r->id = strndup(id, len)) == NULL)
		return NULL;
	m->nrows++;
	return r;
}

static int
by_id(const void *a, const void *b)
{
	return strcmp(((const struct tc_matrix_row *)a)->id,
	    ((const struct tc_matrix_row *)b)->id);
}

enum tc_err
tc_matrix_build(struct tc_result *const *results, size_t n,
    struct tc_matrix *m)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < n; i++) {
		const char *id = results[i]->id, *at = strrchr(id, '@');
		size_t idlen = at ? (size_t)(at - id) : strlen(id);
		const char *t = at ? at + 1 : "-";
		struct tc_matrix_row *row;
		ssize_t k;

		if ((k = target_index(m, t, strlen(t))) < 0) {
			tc_matrix_fini(m);
			return TC_ERR_LIMIT;
		}
		if ((row = row_for(m, id, idlen)) == NULL) {
			tc_matrix_fini(m);
			return TC_ERR_NOMEM;
		}
		row->verdict[k] = results[i]->verdict;
		row->has[k] = true;
	}
	if (m->nrows > 1)
		qsort(m->row, m->nrows, sizeof(*m->row), by_id);
	return TC_OK;
}

static size_t
id_width(const struct tc_matrix *m)
{
	size_t i, w = 8;

	for (i = 0; i < m->nrows; i++)
		if (strlen(m->row[i].id) > w)
			w = strlen(m->row[i].id);
	return w > 60 ? 60 : w;
}

static void
print_row(FILE *f, bool md, int w, const char *id, const char *const *cells,
    size_t n)
{
	size_t k;

	if (md)
		fprintf(f, "| %s |", id);
	else
		fprintf(f, "%-*s", w, id);
	for (k = 0; k < n; k++) {
		if (md)
			fprintf(f, " %s |", cells[k]);
		else
			fprintf(f, "  %-8s", cells[k]);
	}
	fputc('\n', f);
}

void
tc_matrix_print(FILE *f, const struct tc_matrix *m, bool md)
{
	const char *cells[TC_MATRIX_TARGETS_MAX];
	int w = (int)id_width(m);
	size_t i, k;

	for (k = 0; k < m->ntargets; k++)
		cells[k] = m->target[k];
	print_row(f, md, w, "testcase", cells, m->ntargets);
	if (md) {
		fputs("|---|", f);
		for (k = 0; k < m->ntargets; k++)
			fputs("---|", f);
		fputc('\n', f);
	}
	for (i = 0; i < m->nrows; i++) {
		for (k = 0; k < m->ntargets; k++)
			cells[k] = m->row[i].has[k] ?
			    tc_verdict_name(m->row[i].verdict[k]) : "-";
		print_row(f, md, w, m->row[i].id, cells, m->ntargets);
	}
}

void
tc_matrix_fini(struct tc_matrix *m)
{
	size_t i;

	for (i = 0; i < m->ntargets; i++)
		free(m->target[i]);
	for (i = 0; i < m->nrows; i++)
		free(m->row[i].id);
	free(m->row);
	memset(m, 0, sizeof(*m));
}

void
tc_matrix_print_comparison(FILE *f, struct tc_result *const *results,
    size_t n)
{
	struct tc_matrix m;

	if (tc_matrix_build(results, n, &m) != TC_OK)
		return;
	if (m.ntargets > 1) {
		fputs("\ncomparison matrix:\n", f);
		tc_matrix_print(f, &m, false);
	}
	tc_matrix_fini(&m);
}

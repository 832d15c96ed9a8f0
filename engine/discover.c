/* discover.c - walking folders for *.tcs files; testcase ids. */
#include "discover.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEPTH_MAX	16
#define FOUND_MAX	100000

static bool
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

static enum tc_err
add(struct tc_found_list *l, const char *path, const char *id_from)
{
	struct tc_found *f;
	size_t idlen;

	if (l->n == FOUND_MAX)
		return TC_ERR_LIMIT;
	if (l->n % 64 == 0) {
		f = realloc(l->item, (l->n + 64) * sizeof(*f));
		if (f == NULL)
			return TC_ERR_NOMEM;
		l->item = f;
	}
	f = &l->item[l->n];
	idlen = strlen(id_from) - strlen(".tcs");
	f->path = strdup(path);
	f->id = strndup(id_from, idlen);
	if (f->path == NULL || f->id == NULL) {
		free(f->path);
		free(f->id);
		return TC_ERR_NOMEM;
	}
	l->n++;
	return TC_OK;
}

static const char *id_from(const char *path, size_t root_len);

static enum tc_err
walk(struct tc_found_list *l, const char *dir, size_t root_len, int depth,
    struct tc_diag *diag)
{
	struct dirent **ents;
	enum tc_err err = TC_OK;
	char path[4096];
	struct stat st;
	int i, n;

	if (depth > DEPTH_MAX)
		return TC_OK;
	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0) {
		tc_diag_errno(diag, "%s", dir);
		return TC_ERR_SYS;
	}
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;

		if (err != TC_OK || name[0] == '.' ||
		    snprintf(path, sizeof(path), "%s/%s", dir, name) >=
		    (int)sizeof(path) || stat(path, &st) < 0) {
			free(ents[i]);
			continue;
		}
		if (S_ISDIR(st.st_mode))
			err = walk(l, path, root_len, depth + 1, diag);
		else if (S_ISREG(st.st_mode) && has_suffix(name, ".tcs"))
			err = add(l, path, id_from(path, root_len));
		free(ents[i]);
	}
	free(ents);
	return err;
}

/* For a file named directly: its id starts below a "testcases" folder. */
static const char *
id_start(const char *path)
{
	const char *p = strstr(path, "testcases/"), *last = NULL, *slash;

	while (p != NULL) {
		if (p == path || p[-1] == '/')
			last = p + strlen("testcases/");
		p = strstr(p + 1, "testcases/");
	}
	if (last != NULL)
		return last;
	slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/*
 * Ids are the same however the suite is named on the command line
 * ("testcases", "testcases/rst", a file): below the nearest folder called
 * "testcases" when there is one, else below the folder given.
 */
static const char *
id_from(const char *path, size_t root_len)
{
	const char *id = id_start(path);

	return id != path && strstr(path, "testcases/") != NULL ? id :
	    path + root_len;
}

static int
by_id(const void *a, const void *b)
{
	return strcmp(((const struct tc_found *)a)->id,
	    ((const struct tc_found *)b)->id);
}

enum tc_err
tc_discover(const char *const *paths, size_t npaths, struct tc_found_list *out,
    struct tc_diag *diag)
{
	enum tc_err err = TC_OK;
	struct stat st;
	char dir[4096];
	size_t i, len;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < npaths && err == TC_OK; i++) {
		if (stat(paths[i], &st) < 0) {
			tc_diag_errno(diag, "%s", paths[i]);
			err = errno == ENOENT ? TC_ERR_NOTFOUND : TC_ERR_SYS;
		} else if (S_ISDIR(st.st_mode)) {
			len = strlen(paths[i]);
			while (len > 1 && paths[i][len - 1] == '/')
				len--;
			snprintf(dir, sizeof(dir), "%.*s", (int)len, paths[i]);
			err = walk(out, dir, len + 1, 0, diag);
		} else if (has_suffix(paths[i], ".tcs")) {
			err = add(out, paths[i], id_start(paths[i]));
		} else {
			tc_diag_set(diag, "%s: not a testcase; expected a .tcs "
			    "file or a folder", paths[i]);
			err = TC_ERR_INVAL;
		}
	}
	if (err != TC_OK) {
		tc_found_list_free(out);
		return err;
	}
	qsort(out->item, out->n, sizeof(*out->item), by_id);
	return TC_OK;
}

void
tc_found_list_free(struct tc_found_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->item[i].path);
		free(l->item[i].id);
	}
	free(l->item);
	l->item = NULL;
	l->n = 0;
}

/* atomic.c - whole-or-nothing report files, and the writer registry. */
#include "atomic.h"
#include "html.h"
#include "json.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The registry lives here, not in a reports/report.c of its own, because
 * the build lists the reports module's files; it is the one user of the
 * atomic writer besides tests.
 */
const struct tc_report_ops *const tc_report_all[] = {
	&tc_report_junit,
	&tc_report_tap,
	&tc_report_tap14,
	&tc_report_html,
	&tc_report_json,
	NULL
};

static mode_t	file_mode(void);
static char	*tmp_name(const char *path);

const struct tc_report_ops *
tc_report_find(const char *name)
{
	size_t i;

	for (i = 0; tc_report_all[i] != NULL; i++)
		if (strcmp(tc_report_all[i]->name, name) == 0)
			return tc_report_all[i];
	return NULL;
}

enum tc_err
tc_report_write(const struct tc_report_ops *ops, const char *path,
    const struct tc_run_info *run, struct tc_result *const *results,
    size_t n, struct tc_diag *diag)
{
	struct tc_atomic a;
	enum tc_err err;

	if (strcmp(path, "-") == 0) {
		err = ops->write(stdout, run, results, n, diag);
		if (err == TC_OK && (fflush(stdout) != 0 || ferror(stdout))) {
			tc_diag_errno(diag, "cannot write %s report to "
			    "standard output", ops->name);
			err = TC_ERR_SYS;
		}
		return err;
	}
	err = tc_atomic_open(&a, path, diag);
	if (err != TC_OK)
		return err;
	err = ops->write(a.f, run, results, n, diag);
	if (err != TC_OK) {
		tc_atomic_abort(&a);
		return err;
	}
	return tc_atomic_commit(&a, diag);
}

/*
 * "<dir>/.<base>.XXXXXX": hidden, so a glob for *.xml in CI never picks
 * up a half-written report, and in the same directory, so rename(2) is
 * atomic (same filesystem).
 */
static char *
tmp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash != NULL ? (size_t)(slash - path) + 1 : 0;
	const char *base = path + dirlen;
	size_t len = dirlen + 1 + strlen(base) + 8;
	char *t;

	t = malloc(len);
	if (t == NULL)
		return NULL;
	memcpy(t, path, dirlen);
	snprintf(t + dirlen, len - dirlen, ".%s.XXXXXX", base);
	return t;
}

/*
 * mkstemp creates 0600 files; a report should get the mode open(2) would
 * give, 0666 less the umask.  umask(2) can only be read by changing it,
 * which races with other threads, so read it from /proc (Linux >= 4.7)
 * and fall back to the common 022.
 */
static mode_t
file_mode(void)
{
	unsigned mask = 022;
	char line[128];
	FILE *f;

	f = fopen("/proc/self/status", "r");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "Umask: %o", &mask) == 1)
				break;
		fclose(f);
	}
	return (mode_t)(0666 & ~mask);
}

enum tc_err
tc_atomic_open(struct tc_atomic *a, const char *path, struct tc_diag *diag)
{
	int fd;

	memset(a, 0, sizeof(*a));
	if (path[0] == '\0' || path[strlen(path) - 1] == '/') {
		tc_diag_set(diag, "report path '%s' names no file", path);
		return TC_ERR_INVAL;
	}
	a->path = strdup(path);
	a->tmp = tmp_name(path);
	if (a->path == NULL || a->tmp == NULL) {
		tc_atomic_abort(a);
		return TC_ERR_NOMEM;
	}
	fd = mkostemp(a->tmp, O_CLOEXEC);
	if (fd < 0) {
		tc_diag_errno(diag, "cannot create a file next to %s", path);
		/* Nothing was created: do not unlink a name we do not own. */
		free(a->tmp);
		a->tmp = NULL;
		tc_atomic_abort(a);
		return TC_ERR_SYS;
	}
	(void)fchmod(fd, file_mode());
	a->f = fdopen(fd, "w");
	if (a->f == NULL) {
		tc_diag_errno(diag, "cannot open %s", a->tmp);
		close(fd);
		tc_atomic_abort(a);
		return TC_ERR_SYS;
	}
	return TC_OK;
}

/* Makes the rename itself durable; best effort, as some filesystems
 * refuse fsync on a directory. */
static void
sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	dir = slash == NULL ? strdup(".") : slash == path ? strdup("/") :
	    strndup(path, (size_t)(slash - path));
	if (dir == NULL)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return;
	(void)fsync(fd);
	close(fd);
}

enum tc_err
tc_atomic_commit(struct tc_atomic *a, struct tc_diag *diag)
{
	FILE *f = a->f;
	bool bad;

	a->f = NULL;
	/* Every write error sticks in ferror; flush and fsync catch ENOSPC
	 * and EIO that stdio or the page cache held back. */
	bad = ferror(f) != 0 || fflush(f) != 0 || fsync(fileno(f)) != 0;
	if (bad) {
		tc_diag_errno(diag, "cannot write %s", a->path);
		fclose(f);
		tc_atomic_abort(a);
		return TC_ERR_SYS;
	}
	if (fclose(f) != 0) {
		tc_diag_errno(diag, "cannot write %s", a->path);
		tc_atomic_abort(a);
		return TC_ERR_SYS;
	}
	if (rename(a->tmp, a->path) != 0) {
		tc_diag_errno(diag, "cannot rename %s to %s", a->tmp,
		    a->path);
		tc_atomic_abort(a);
		return TC_ERR_SYS;
	}
	sync_dir(a->path);
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
	return TC_OK;
}

void
tc_atomic_abort(struct tc_atomic *a)
{
	if (a->f != NULL) {
		fclose(a->f);
		a->f = NULL;
	}
	if (a->tmp != NULL) {
		(void)unlink(a->tmp);
		free(a->tmp);
		a->tmp = NULL;
	}
	free(a->path);
	a->path = NULL;
}

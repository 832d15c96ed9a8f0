/* discover.h - finding testcase scripts and naming them. */
#ifndef TC_DISCOVER_H
#define TC_DISCOVER_H

#include <stddef.h>

#include "err.h"

struct tc_found {
	char	*path;		/* (owned) as found, e.g. testcases/rst/x.tcs */
	char	*id;		/* (owned) e.g. rst/x */
};

struct tc_found_list {
	struct tc_found	*item;	/* (owned) sorted by id */
	size_t		n;
};

/*
 * Collects *.tcs files from files and folders (recursively), sorted by id.
 * The id is the path below the folder given, or below the nearest folder
 * called "testcases" for a file given directly, without ".tcs".  Errors:
 * TC_ERR_NOTFOUND for a path that does not exist (diag names it).
 */
enum tc_err tc_discover(const char *const *paths, size_t npaths,
	    struct tc_found_list *out, struct tc_diag *diag);
void	tc_found_list_free(struct tc_found_list *l);

#endif /* TC_DISCOVER_H */

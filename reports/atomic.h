/* atomic.h - write a file by temp file + rename: whole or not at all. */
#ifndef TC_ATOMIC_H
#define TC_ATOMIC_H

#include <stdio.h>

#include "err.h"

/* One file being written; lives in caller memory. */
struct tc_atomic {
	FILE	*f;		/* (owned) the temporary file; write here */
	char	*path;		/* (owned) the final path */
	char	*tmp;		/* (owned) "<dir>/.<base>.XXXXXX" */
};

/*
 * Creates a temporary file next to path (same directory, so the rename is
 * atomic) and opens it in a->f.  Errors: TC_ERR_SYS (diag names path and
 * the errno), TC_ERR_NOMEM.  On error there is nothing to abort.
 */
enum tc_err tc_atomic_open(struct tc_atomic *a, const char *path,
	    struct tc_diag *diag);
/*
 * Flushes, fsyncs and closes the temporary file and renames it over the
 * final path.  Errors: TC_ERR_SYS (a write error, a full disk, the
 * rename); the temporary file is then removed.  Either way a is released.
 */
enum tc_err tc_atomic_commit(struct tc_atomic *a, struct tc_diag *diag);
/* Closes and removes the temporary file; releases a.  Safe twice. */
void	tc_atomic_abort(struct tc_atomic *a);

#endif /* TC_ATOMIC_H */

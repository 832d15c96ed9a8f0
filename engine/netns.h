/* netns.h - anonymous network namespaces held by file descriptor. */
#ifndef TC_NETNS_H
#define TC_NETNS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/*
 * All functions act on the calling thread only: setns(2) and unshare(2)
 * change the thread's namespace, not the process's, so a caller must enter
 * and leave on the same thread.
 */

/*
 * Creates a fresh, empty network namespace and returns an fd that holds it
 * (O_CLOEXEC).  The calling thread stays in (returns to) its namespace.
 * The namespace lives exactly as long as the fd and whatever was created
 * inside it, so it vanishes with the process, even on SIGKILL.
 * Errors: TC_ERR_PERM without CAP_SYS_ADMIN, TC_ERR_SYS otherwise.
 */
enum tc_err tc_netns_new(int *fd, struct tc_diag *diag);

/*
 * Moves the calling thread into the namespace `fd`; *saved gets an fd of
 * the namespace it was in, for tc_netns_leave().  fd -1 stays put (and
 * *saved is -1), so callers can treat "no namespace" uniformly.
 */
enum tc_err tc_netns_enter(int fd, int *saved, struct tc_diag *diag);
/* Returns to the namespace `saved` and closes it; -1 is a no-op. */
enum tc_err tc_netns_leave(int saved, struct tc_diag *diag);

/*
 * Creates a socket inside namespace `netns_fd` (-1: here).  Sockets keep
 * the namespace they were created in for their whole life.
 */
enum tc_err tc_netns_socket(int netns_fd, int domain, int type, int proto,
	    int *out, struct tc_diag *diag);

/*
 * Makes the namespace visible to ip(8) as /run/netns/<name> by bind
 * mounting it there, for debugging.  The mount outlives the process:
 * remove it with tc_netns_unkeep() or `ip netns del NAME`.  Names must
 * start with "tcpc-" and use only [A-Za-z0-9_.-] (at most 63 chars).
 */
enum tc_err tc_netns_keep(int fd, const char *name, struct tc_diag *diag);
/* Unmounts and removes /run/netns/<name>; a missing name is not an error. */
enum tc_err tc_netns_unkeep(const char *name, struct tc_diag *diag);
bool	tc_netns_name_valid(const char *name);

/*
 * sysctl names: dotted, "net." first, only [a-z0-9_.-], no empty
 * component.  (Interface names containing '.' cannot be expressed.)
 */
bool	tc_netns_sysctl_valid(const char *name);
/*
 * Writes `value` to sysctl `name` inside namespace `fd` (-1: here).  The
 * file is opened after entering the namespace because /proc/sys/net
 * resolves by the opener's namespace.  Errors: TC_ERR_INVAL for a bad
 * name or value, TC_ERR_NOTFOUND "unknown sysctl NAME", TC_ERR_SYS.
 */
enum tc_err tc_netns_sysctl_set(int fd, const char *name, const char *value,
	    struct tc_diag *diag);
/* Reads sysctl `name` in namespace `fd`, without the trailing newline. */
enum tc_err tc_netns_sysctl_get(int fd, const char *name, char *buf,
	    size_t cap, struct tc_diag *diag);

#endif /* TC_NETNS_H */

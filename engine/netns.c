/* netns.c - anonymous network namespaces held by file descriptor. */
#include "netns.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * thread-self, not self: setns() moved this thread only, and /proc/self
 * names the thread-group leader, which may sit elsewhere.
 */
#define NETNS_SELF	"/proc/thread-self/ns/net"
#define NETNS_RUN_DIR	"/run/netns"
#define SYSCTL_MAX	200
#define KEEP_NAME_MAX	63

static enum tc_err
err_from_errno(int e)
{
	switch (e) {
	case EPERM:
	case EACCES:
		return TC_ERR_PERM;
	case ENOMEM:
		return TC_ERR_NOMEM;
	default:
		return TC_ERR_SYS;
	}
}

/* Closes fd without letting close() clobber the errno being reported. */
static void
close_keep_errno(int fd)
{
	int e = errno;

	if (fd >= 0)
		close(fd);
	errno = e;
}

enum tc_err
tc_netns_new(int *fd, struct tc_diag *diag)
{
	enum tc_err err = TC_OK;
	int saved, nfd;

	*fd = -1;
	saved = open(NETNS_SELF, O_RDONLY | O_CLOEXEC);
	if (saved < 0) {
		tc_diag_errno(diag, "open %s", NETNS_SELF);
		return err_from_errno(errno);
	}
	if (unshare(CLONE_NEWNET) != 0) {
		int e = errno;

		close(saved);
		if (e == EPERM) {
			tc_diag_set(diag, "creating a network namespace "
			    "needs root or CAP_SYS_ADMIN (run with sudo)");
			if (diag != NULL)
				diag->sys_errno = e;
			return TC_ERR_PERM;
		}
		errno = e;
		tc_diag_errno(diag, "unshare(CLONE_NEWNET)");
		return err_from_errno(e);
	}
	nfd = open(NETNS_SELF, O_RDONLY | O_CLOEXEC);
	if (nfd < 0) {
		tc_diag_errno(diag, "open new %s", NETNS_SELF);
		err = err_from_errno(errno);
	}
	if (setns(saved, CLONE_NEWNET) != 0) {
		tc_diag_errno(diag, "setns back to the original namespace");
		close_keep_errno(nfd);
		nfd = -1;
		err = TC_ERR_SYS;
	}
	close(saved);
	*fd = nfd;
	return err;
}

enum tc_err
tc_netns_enter(int fd, int *saved, struct tc_diag *diag)
{
	*saved = -1;
	if (fd < 0)
		return TC_OK;
	*saved = open(NETNS_SELF, O_RDONLY | O_CLOEXEC);
	if (*saved < 0) {
		tc_diag_errno(diag, "open %s", NETNS_SELF);
		return err_from_errno(errno);
	}
	if (setns(fd, CLONE_NEWNET) != 0) {
		tc_diag_errno(diag, "setns(%d, CLONE_NEWNET)", fd);
		close_keep_errno(*saved);
		*saved = -1;
		return err_from_errno(errno);
	}
	return TC_OK;
}

enum tc_err
tc_netns_leave(int saved, struct tc_diag *diag)
{
	enum tc_err err = TC_OK;

	if (saved < 0)
		return TC_OK;
	if (setns(saved, CLONE_NEWNET) != 0) {
		tc_diag_errno(diag, "setns back to the original namespace");
		err = TC_ERR_SYS;
	}
	close_keep_errno(saved);
	return err;
}

enum tc_err
tc_netns_socket(int netns_fd, int domain, int type, int proto, int *out,
    struct tc_diag *diag)
{
	enum tc_err err;
	int saved, s;

	*out = -1;
	err = tc_netns_enter(netns_fd, &saved, diag);
	if (err)
		return err;
	s = socket(domain, type | SOCK_CLOEXEC, proto);
	if (s < 0) {
		tc_diag_errno(diag, "socket(%d, %d, %d)", domain, type, proto);
		err = err_from_errno(errno);
	}
	if (tc_netns_leave(saved, diag) != TC_OK) {
		close_keep_errno(s);
		return TC_ERR_SYS;
	}
	*out = s;
	return err;
}

static bool
name_chars_ok(const char *name, bool upper)
{
	const char *p;

	for (p = name; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_' || *p == '.' || *p == '-')
			continue;
		if (upper && *p >= 'A' && *p <= 'Z')
			continue;
		return false;
	}
	return true;
}

bool
tc_netns_name_valid(const char *name)
{
	size_t len;

	if (name == NULL || strncmp(name, "tcpc-", 5) != 0)
		return false;
	len = strlen(name);
	return len <= KEEP_NAME_MAX && name_chars_ok(name, true) &&
	    strstr(name, "..") == NULL;
}

enum tc_err
tc_netns_keep(int fd, const char *name, struct tc_diag *diag)
{
	char path[sizeof(NETNS_RUN_DIR) + KEEP_NAME_MAX + 1];
	char src[64];
	int f;

	if (!tc_netns_name_valid(name)) {
		tc_diag_set(diag, "bad namespace name '%s' (expected tcpc-"
		    " and [A-Za-z0-9_.-], at most %d chars)",
		    name != NULL ? name : "", KEEP_NAME_MAX);
		return TC_ERR_INVAL;
	}
	if (mkdir(NETNS_RUN_DIR, 0755) != 0 && errno != EEXIST) {
		tc_diag_errno(diag, "mkdir %s", NETNS_RUN_DIR);
		return err_from_errno(errno);
	}
	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	f = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (f < 0) {
		tc_diag_errno(diag, "create %s", path);
		return err_from_errno(errno);
	}
	close(f);
	snprintf(src, sizeof(src), "/proc/self/fd/%d", fd);
	if (mount(src, path, "none", MS_BIND, NULL) != 0) {
		tc_diag_errno(diag, "bind mount namespace on %s", path);
		f = errno;
		unlink(path);
		return err_from_errno(f);
	}
	return TC_OK;
}

enum tc_err
tc_netns_unkeep(const char *name, struct tc_diag *diag)
{
	char path[sizeof(NETNS_RUN_DIR) + KEEP_NAME_MAX + 1];

	if (!tc_netns_name_valid(name)) {
		tc_diag_set(diag, "bad namespace name '%s'",
		    name != NULL ? name : "");
		return TC_ERR_INVAL;
	}
	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	/* EINVAL: not a mount point (half-made keep); ENOENT: gone. */
	if (umount2(path, MNT_DETACH) != 0 && errno != EINVAL &&
	    errno != ENOENT) {
		tc_diag_errno(diag, "umount %s", path);
		return err_from_errno(errno);
	}
	if (unlink(path) != 0 && errno != ENOENT) {
		tc_diag_errno(diag, "unlink %s", path);
		return err_from_errno(errno);
	}
	return TC_OK;
}

bool
tc_netns_sysctl_valid(const char *name)
{
	size_t len;

	if (name == NULL || strncmp(name, "net.", 4) != 0)
		return false;
	len = strlen(name);
	if (len > SYSCTL_MAX || name[len - 1] == '.')
		return false;
	return name_chars_ok(name, false) && strstr(name, "..") == NULL;
}

static enum tc_err
sysctl_path(const char *name, char *path, size_t cap, struct tc_diag *diag)
{
	char *p;

	if (!tc_netns_sysctl_valid(name)) {
		tc_diag_set(diag, "bad sysctl name '%s' (expected net.* "
		    "with only [a-z0-9_.-])", name != NULL ? name : "");
		return TC_ERR_INVAL;
	}
	snprintf(path, cap, "/proc/sys/%s", name);
	for (p = path + strlen("/proc/sys/"); *p != '\0'; p++)
		if (*p == '.')
			*p = '/';
	return TC_OK;
}

static enum tc_err
sysctl_open_err(const char *name, struct tc_diag *diag)
{
	if (errno == ENOENT) {
		tc_diag_set(diag, "unknown sysctl %s", name);
		if (diag != NULL)
			diag->sys_errno = ENOENT;
		return TC_ERR_NOTFOUND;
	}
	tc_diag_errno(diag, "sysctl %s", name);
	return err_from_errno(errno);
}

/* Runs inside the namespace: the whole open-write-close, see netns.h. */
static enum tc_err
sysctl_write_here(const char *name, const char *path, const char *value,
    struct tc_diag *diag)
{
	size_t len = strlen(value);
	ssize_t n;
	int f;

	f = open(path, O_WRONLY | O_CLOEXEC);
	if (f < 0)
		return sysctl_open_err(name, diag);
	n = write(f, value, len);
	if (n < 0 || (size_t)n != len) {
		if (n >= 0)
			errno = EIO;
		tc_diag_errno(diag, "sysctl %s=%s", name, value);
		close_keep_errno(f);
		return errno == EINVAL ? TC_ERR_INVAL : err_from_errno(errno);
	}
	if (close(f) != 0) {
		tc_diag_errno(diag, "sysctl %s=%s", name, value);
		return errno == EINVAL ? TC_ERR_INVAL : err_from_errno(errno);
	}
	return TC_OK;
}

enum tc_err
tc_netns_sysctl_set(int fd, const char *name, const char *value,
    struct tc_diag *diag)
{
	char path[sizeof("/proc/sys/") + SYSCTL_MAX];
	enum tc_err err, lerr;
	int saved;

	err = sysctl_path(name, path, sizeof(path), diag);
	if (err)
		return err;
	if (value == NULL || strlen(value) > 255 ||
	    strpbrk(value, "\n") != NULL) {
		tc_diag_set(diag, "bad value for sysctl %s", name);
		return TC_ERR_INVAL;
	}
	err = tc_netns_enter(fd, &saved, diag);
	if (err)
		return err;
	err = sysctl_write_here(name, path, value, diag);
	lerr = tc_netns_leave(saved, diag);
	return err ? err : lerr;
}

static enum tc_err
sysctl_read_here(const char *name, const char *path, char *buf, size_t cap,
    struct tc_diag *diag)
{
	ssize_t n;
	int f;

	f = open(path, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return sysctl_open_err(name, diag);
	n = read(f, buf, cap - 1);
	if (n < 0) {
		tc_diag_errno(diag, "read sysctl %s", name);
		close_keep_errno(f);
		return err_from_errno(errno);
	}
	close(f);
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return TC_OK;
}

enum tc_err
tc_netns_sysctl_get(int fd, const char *name, char *buf, size_t cap,
    struct tc_diag *diag)
{
	char path[sizeof("/proc/sys/") + SYSCTL_MAX];
	enum tc_err err, lerr;
	int saved;

	if (cap == 0)
		return TC_ERR_INVAL;
	buf[0] = '\0';
	err = sysctl_path(name, path, sizeof(path), diag);
	if (err)
		return err;
	err = tc_netns_enter(fd, &saved, diag);
	if (err)
		return err;
	err = sysctl_read_here(name, path, buf, cap, diag);
	lerr = tc_netns_leave(saved, diag);
	return err ? err : lerr;
}

/*
 * sockact.c - target-side socket actions on a table of named non-blocking
 * sockets (sockact.h).
 */
#include "sockact.h"

#include <assert.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sockopt.h"

void
tc_sockact_init(struct tc_sockact *t, size_t cap, const char *noun,
    bool (*name_ok)(const char *name))
{
	size_t i;

	assert(cap <= TC_SOCKACT_MAX);
	t->cap = cap;
	t->noun = noun;
	t->name_ok = name_ok;
	for (i = 0; i < TC_SOCKACT_MAX; i++) {
		t->ents[i].name[0] = '\0';
		t->ents[i].fd = -1;
	}
}

void
tc_sockact_clear(struct tc_sockact *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++) {
		if (t->ents[i].fd >= 0)
			close(t->ents[i].fd);
		t->ents[i].fd = -1;
		t->ents[i].name[0] = '\0';
	}
}

static struct tc_sockact_ent *
sock_find(struct tc_sockact *t, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < t->cap; i++)
		if (t->ents[i].fd >= 0 && strcmp(t->ents[i].name, name) == 0)
			return &t->ents[i];
	return NULL;
}

enum tc_err
tc_sockact_lookup(struct tc_sockact *t, const char *verb, const char *name,
    struct tc_sockact_ent **out, struct tc_diag *diag)
{
	*out = sock_find(t, name);
	if (*out != NULL)
		return TC_OK;
	tc_diag_set(diag, "%s: no %s named '%s'", verb, t->noun,
	    name != NULL ? name : "");
	return TC_ERR_NOTFOUND;
}

static enum tc_err
name_check(struct tc_sockact *t, const char *verb, const char *name,
    struct tc_diag *diag)
{
	if (t->name_ok != NULL) {
		if (name != NULL && t->name_ok(name))
			return TC_OK;
		tc_diag_set(diag, "%s: '%s' is not a socket name", verb,
		    name != NULL ? name : "");
		return TC_ERR_INVAL;
	}
	if (name == NULL || name[0] == '\0') {
		tc_diag_set(diag, "%s: the new socket needs a name", verb);
		return TC_ERR_INVAL;
	}
	if (strlen(name) >= TC_SOCKACT_NAME_MAX) {
		tc_diag_set(diag, "%s: socket name '%s' is longer than %d",
		    verb, name, TC_SOCKACT_NAME_MAX - 1);
		return TC_ERR_LIMIT;
	}
	return TC_OK;
}

/* A free slot for a new socket called `name` (copied on sock_put). */
static enum tc_err
sock_slot(struct tc_sockact *t, const char *verb, const char *name,
    struct tc_sockact_ent **out, struct tc_diag *diag)
{
	enum tc_err err;
	size_t i;

	*out = NULL;
	if ((err = name_check(t, verb, name, diag)) != TC_OK)
		return err;
	if (sock_find(t, name) != NULL) {
		tc_diag_set(diag, "%s: socket name '%s' is already in use",
		    verb, name);
		return TC_ERR_INVAL;
	}
	for (i = 0; i < t->cap; i++) {
		if (t->ents[i].fd < 0) {
			*out = &t->ents[i];
			return TC_OK;
		}
	}
	tc_diag_set(diag, "%s %s: more than %zu %ss", verb, name, t->cap,
	    t->noun);
	return TC_ERR_LIMIT;
}

static void
sock_put(struct tc_sockact_ent *e, const char *name, int fd)
{
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->fd = fd;
}

static enum tc_err
sys_fail(struct tc_diag *diag, const char *verb, const char *name,
    const char *call)
{
	tc_diag_errno(diag, "%s %s: %s", verb, name, call);
	return TC_ERR_SYS;
}

socklen_t
tc_sockact_sockaddr(const struct tc_addr *a, uint16_t port,
    struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (a->family == TC_AF_INET6) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		memcpy(&s6->sin6_addr, a->bytes, 16);
		return sizeof(*s6);
	}
	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	memcpy(&s4->sin_addr, a->bytes, 4);
	return sizeof(*s4);
}

static socklen_t
ss_len(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	    sizeof(struct sockaddr_in);
}

static uint16_t
ss_port(const struct sockaddr_storage *ss)
{
	return ntohs(ss->ss_family == AF_INET6 ?
	    ((const struct sockaddr_in6 *)ss)->sin6_port :
	    ((const struct sockaddr_in *)ss)->sin_port);
}

enum tc_err
tc_sockact_bind(int fd, const struct sockaddr_storage *ss,
    const struct tc_sockopt *opts, size_t n, const char *verb,
    const char *name, struct tc_diag *diag)
{
	enum tc_err err;
	int one = 1;

	err = tc_sockopt_apply(fd, opts, n, name, diag);
	if (!err && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)) != 0)
		err = sys_fail(diag, verb, name, "SO_REUSEADDR");
	if (!err && bind(fd, (const struct sockaddr *)ss, ss_len(ss)) != 0) {
		tc_diag_errno(diag, "%s %s: bind port %u", verb, name,
		    (unsigned)ss_port(ss));
		err = TC_ERR_SYS;
	}
	if (err)
		close(fd);
	return err;
}

enum tc_err
tc_sockact_listen(struct tc_sockact *t, const char *name, int backlog,
    tc_sockact_open_cb open, void *arg, struct tc_diag *diag)
{
	struct tc_sockact_ent *e;
	enum tc_err err;
	int fd;

	err = sock_slot(t, "listen", name, &e, diag);
	if (!err)
		err = open(arg, "listen", name, &fd, diag);
	if (err)
		return err;
	if (listen(fd, backlog) != 0) {
		err = sys_fail(diag, "listen", name, "listen");
		close(fd);
		return err;
	}
	sock_put(e, name, fd);
	return TC_OK;
}

enum tc_err
tc_sockact_accept(struct tc_sockact *t, const char *lname, const char *name,
    int *fd, struct tc_action_result *res, struct tc_diag *diag)
{
	struct tc_sockact_ent *l, *e;
	enum tc_err err;
	int nfd;

	err = tc_sockact_lookup(t, "accept", lname, &l, diag);
	/* Find the slot first: a connection accepted then dropped is lost. */
	if (!err)
		err = sock_slot(t, "accept", name, &e, diag);
	if (err)
		return err;
	nfd = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (nfd < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			res->wait_fd = l->fd;
			res->wait_events = POLLIN;
			return TC_ERR_AGAIN;
		}
		return sys_fail(diag, "accept", lname, "accept");
	}
	sock_put(e, name, nfd);
	if (fd != NULL)
		*fd = nfd;
	return TC_OK;
}

enum tc_err
tc_sockact_connect(struct tc_sockact *t, const char *name,
    const struct sockaddr_storage *peer, tc_sockact_open_cb open, void *arg,
    struct tc_diag *diag)
{
	struct tc_sockact_ent *e;
	enum tc_err err;
	int fd;

	/* Bound first, so the 4-tuple is known before the SYN leaves. */
	err = sock_slot(t, "connect", name, &e, diag);
	if (!err)
		err = open(arg, "connect", name, &fd, diag);
	if (err)
		return err;
	/* EINPROGRESS: the SYN is out; the script drives the handshake. */
	if (connect(fd, (const struct sockaddr *)peer, ss_len(peer)) != 0 &&
	    errno != EINPROGRESS) {
		err = sys_fail(diag, "connect", name, "connect");
		close(fd);
		return err;
	}
	sock_put(e, name, fd);
	return TC_OK;
}

enum tc_err
tc_sockact_write(struct tc_sockact *t, const char *name, const void *data,
    size_t len, struct tc_action_result *res, struct tc_diag *diag)
{
	struct tc_sockact_ent *e;
	enum tc_err err;
	ssize_t n;

	err = tc_sockact_lookup(t, "write", name, &e, diag);
	if (err)
		return err;
	n = send(e->fd, data, len, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			res->wait_fd = e->fd;
			res->wait_events = POLLOUT;
			return TC_ERR_AGAIN;
		}
		tc_diag_errno(diag, "write %s", name);
		return TC_ERR_SYS;
	}
	res->n = (size_t)n;
	return TC_OK;
}

enum tc_err
tc_sockact_read(struct tc_sockact *t, const char *name, size_t len,
    struct tc_action_result *res, struct tc_diag *diag)
{
	struct tc_sockact_ent *e;
	enum tc_err err;
	ssize_t n;

	err = tc_sockact_lookup(t, "read", name, &e, diag);
	if (err)
		return err;
	if (len == 0 || len > sizeof(res->buf))
		len = sizeof(res->buf);
	n = recv(e->fd, res->buf, len, MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			res->wait_fd = e->fd;
			res->wait_events = POLLIN;
			return TC_ERR_AGAIN;
		}
		/* ECONNRESET and friends are outcomes the engine judges. */
		tc_diag_errno(diag, "read %s", name);
		return TC_ERR_SYS;
	}
	res->n = (size_t)n;
	res->eof = n == 0;
	return TC_OK;
}

enum tc_err
tc_sockact_shutdown(struct tc_sockact *t, const char *name, int how,
    struct tc_diag *diag)
{
	struct tc_sockact_ent *e;
	enum tc_err err;

	err = tc_sockact_lookup(t, "shutdown", name, &e, diag);
	if (err)
		return err;
	if (shutdown(e->fd, how) != 0) {
		tc_diag_errno(diag, "shutdown %s", name);
		return TC_ERR_SYS;
	}
	return TC_OK;
}

enum tc_err
tc_sockact_close(struct tc_sockact *t, const char *name, bool abort_conn,
    struct tc_diag *diag)
{
	const char *verb = abort_conn ? "abort" : "close";
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	struct tc_sockact_ent *e;
	enum tc_err err;

	err = tc_sockact_lookup(t, verb, name, &e, diag);
	if (err)
		return err;
	if (abort_conn && setsockopt(e->fd, SOL_SOCKET, SO_LINGER, &lg,
	    sizeof(lg)) != 0)
		return sys_fail(diag, verb, name, "SO_LINGER");
	/* Linux closes the fd even when close() reports an error. */
	err = close(e->fd) != 0 ? sys_fail(diag, verb, name, "close") :
	    TC_OK;
	e->name[0] = '\0';
	e->fd = -1;
	return err;
}

enum tc_err
tc_sockact_setopt(struct tc_sockact *t, const char *name,
    const struct tc_sockopt *opts, size_t n, struct tc_diag *diag)
{
	struct tc_sockact_ent *e;
	enum tc_err err;

	err = tc_sockact_lookup(t, "setsockopt", name, &e, diag);
	if (err)
		return err;
	return tc_sockopt_apply(e->fd, opts, n, name, diag);
}

enum tc_err
tc_sockact_wait(const struct tc_action_result *res, unsigned long ms,
    const char *verb, const char *name, struct tc_diag *diag)
{
	struct pollfd pfd = { .fd = res->wait_fd, .events = res->wait_events };
	int r;

	do
		r = poll(&pfd, 1, (int)ms);
	while (r < 0 && errno == EINTR);
	if (r > 0)
		return TC_OK;
	tc_diag_set(diag, "%s %s: not ready within %lu ms", verb, name, ms);
	return r == 0 ? TC_ERR_TIMEOUT : TC_ERR_SYS;
}

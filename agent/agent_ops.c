/*
 * agent_ops.c - tcpconform-agent's requests performed with real sockets:
 * the same calls, options and errors as engine/target_netns.c.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent_serve_int.h"
#include "netns.h"
#include "sockdiag.h"
#include "sockopt.h"

#define WRITE_WAIT_MS	2000
#define TIMEOUT_MAX_MS	600000

struct req {
	char		*w[TC_AGENT_WORDS_MAX];
	size_t		n;
};

typedef enum tc_err (*op_fn)(struct srv *s, const struct req *r,
    struct tc_diag *diag);

/* ---- the socket table ------------------------------------------------ */

void
tc__srv_socks_init(struct srv *s)
{
	size_t i;

	for (i = 0; i < SRV_SOCKS; i++) {
		s->socks[i].name[0] = '\0';
		s->socks[i].fd = -1;
	}
}

static struct srv_sock *
sock_find(struct srv *s, const char *name)
{
	size_t i;

	for (i = 0; i < SRV_SOCKS; i++)
		if (s->socks[i].fd >= 0 && strcmp(s->socks[i].name, name) == 0)
			return &s->socks[i];
	return NULL;
}

static enum tc_err
sock_lookup(struct srv *s, const char *verb, const char *name,
    struct srv_sock **out, struct tc_diag *diag)
{
	if ((*out = sock_find(s, name)) != NULL)
		return TC_OK;
	tc_diag_set(diag, "%s: no socket named '%s'", verb, name);
	return TC_ERR_NOTFOUND;
}

static enum tc_err
sock_slot(struct srv *s, const char *verb, const char *name,
    struct srv_sock **out, struct tc_diag *diag)
{
	size_t i;

	if (!tc_agent_name_valid(name)) {
		tc_diag_set(diag, "%s: '%s' is not a socket name", verb, name);
		return TC_ERR_INVAL;
	}
	if (sock_find(s, name) != NULL) {
		tc_diag_set(diag, "%s: socket name '%s' is already in use",
		    verb, name);
		return TC_ERR_INVAL;
	}
	for (i = 0; i < SRV_SOCKS; i++) {
		if (s->socks[i].fd < 0) {
			*out = &s->socks[i];
			return TC_OK;
		}
	}
	tc_diag_set(diag, "%s %s: more than %d sockets", verb, name,
	    SRV_SOCKS);
	return TC_ERR_LIMIT;
}

static void
sock_put(struct srv_sock *e, const char *name, int fd)
{
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->fd = fd;
}

void
tc__srv_reset(struct srv *s)
{
	struct tc_diag d;
	size_t i;

	s->wlen = 0;
	for (i = 0; i < SRV_SOCKS; i++) {
		if (s->socks[i].fd >= 0)
			close(s->socks[i].fd);
		s->socks[i].fd = -1;
		s->socks[i].name[0] = '\0';
	}
	while (s->nsysctls > 0) {
		s->nsysctls--;
		tc_diag_init(&d);
		if (tc_netns_sysctl_set(-1, s->sysctls[s->nsysctls].name,
		    s->sysctls[s->nsysctls].old, &d) != TC_OK)
			fprintf(stderr, "tcpconform-agent: restoring: %s\n",
			    d.msg);
	}
}

/* ---- arguments ------------------------------------------------------- */

static enum tc_err
num_arg(const char *text, const char *what, unsigned long max,
    unsigned long *out, struct tc_diag *diag)
{
	if (tc_agent_num(text, max, out))
		return TC_OK;
	tc_diag_set(diag, "bad %s '%.40s' (0 to %lu)", what, text, max);
	return TC_ERR_INVAL;
}

/* "maxseg=536" ... from word `first` on. */
static enum tc_err
opts_arg(const struct req *r, size_t first, struct tc_sockopt *opts,
    size_t *n, struct tc_diag *diag)
{
	const char *eq;
	unsigned long v;
	size_t i;

	*n = 0;
	for (i = first; i < r->n; i++) {
		if (*n == TC_ACTION_OPTS_MAX) {
			tc_diag_set(diag, "more than %d options",
			    TC_ACTION_OPTS_MAX);
			return TC_ERR_LIMIT;
		}
		eq = strchr(r->w[i], '=');
		if (eq == NULL || !tc_sockopt_lookup(r->w[i],
		    (size_t)(eq - r->w[i]), &opts[*n].kind)) {
			tc_diag_set(diag, "unknown socket option '%.40s'",
			    r->w[i]);
			return TC_ERR_UNSUPPORTED;
		}
		if (num_arg(eq + 1, "option value", 0x7fffffff, &v, diag))
			return TC_ERR_INVAL;
		opts[(*n)++].value = (int)v;
	}
	return TC_OK;
}

static socklen_t
to_sockaddr(const struct tc_addr *a, uint16_t port,
    struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == TC_AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		memcpy(&s6->sin6_addr, a->bytes, 16);
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	memcpy(&s4->sin_addr, a->bytes, 4);
	return sizeof(*s4);
}

static enum tc_err
sys_fail(struct tc_diag *diag, const char *verb, const char *name,
    const char *call)
{
	tc_diag_errno(diag, "%s %s: %s", verb, name, call);
	return TC_ERR_SYS;
}

/* ---- the requests ---------------------------------------------------- */

/* A socket with options set, bound to our address and `port`. */
static enum tc_err
bound_socket(struct srv *s, const struct req *r, size_t optw,
    const char *verb, unsigned long port, int *out, struct tc_diag *diag)
{
	struct tc_sockopt opts[TC_ACTION_OPTS_MAX];
	struct sockaddr_storage ss;
	socklen_t sl = to_sockaddr(&s->local, (uint16_t)port, &ss);
	enum tc_err err;
	size_t nopts;
	int one = 1;

	if ((err = opts_arg(r, optw, opts, &nopts, diag)) != TC_OK)
		return err;
	*out = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    IPPROTO_TCP);
	if (*out < 0)
		return sys_fail(diag, verb, r->w[1], "socket");
	err = tc_sockopt_apply(*out, opts, nopts, r->w[1], diag);
	if (!err && setsockopt(*out, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)) != 0)
		err = sys_fail(diag, verb, r->w[1], "SO_REUSEADDR");
	if (!err && bind(*out, (struct sockaddr *)&ss, sl) != 0) {
		tc_diag_errno(diag, "%s %s: bind port %lu", verb, r->w[1],
		    port);
		err = TC_ERR_SYS;
	}
	if (err) {
		close(*out);
		*out = -1;
	}
	return err;
}

/* LISTEN name port backlog [opt=val ...] */
static enum tc_err
op_listen(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	unsigned long port, backlog;
	struct srv_sock *e;
	enum tc_err err;
	int fd;

	if ((err = num_arg(r->w[2], "port", 65535, &port, diag)) ||
	    (err = num_arg(r->w[3], "backlog", 65535, &backlog, diag)) ||
	    (err = sock_slot(s, "listen", r->w[1], &e, diag)) ||
	    (err = bound_socket(s, r, 4, "listen", port, &fd, diag)))
		return err;
	if (listen(fd, (int)backlog) != 0) {
		close(fd);
		return sys_fail(diag, "listen", r->w[1], "listen");
	}
	sock_put(e, r->w[1], fd);
	return TC_OK;
}

/* Waits at most ms for fd to be ready: TC_ERR_TIMEOUT when it is not. */
static enum tc_err
wait_fd(int fd, short events, unsigned long ms, const char *verb,
    const char *name, struct tc_diag *diag)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int r;

	do
		r = poll(&pfd, 1, (int)ms);
	while (r < 0 && errno == EINTR);
	if (r > 0)
		return TC_OK;
	tc_diag_set(diag, "%s %s: not ready within %lu ms", verb, name, ms);
	return r == 0 ? TC_ERR_TIMEOUT : TC_ERR_SYS;
}

/* ACCEPT listener name timeout_ms */
static enum tc_err
op_accept(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	struct srv_sock *l, *e;
	unsigned long ms;
	enum tc_err err;
	int fd;

	if ((err = num_arg(r->w[3], "timeout", TIMEOUT_MAX_MS, &ms, diag)) ||
	    (err = sock_lookup(s, "accept", r->w[1], &l, diag)) ||
	    (err = sock_slot(s, "accept", r->w[2], &e, diag)) ||
	    (err = wait_fd(l->fd, POLLIN, ms, "accept", r->w[1], diag)))
		return err;
	fd = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		tc_diag_set(diag, "accept %s: no connection", r->w[1]);
		return TC_ERR_TIMEOUT;
	}
	if (fd < 0)
		return sys_fail(diag, "accept", r->w[1], "accept");
	sock_put(e, r->w[2], fd);
	return TC_OK;
}

/* CONNECT name lport raddr rport [opt=val ...] */
static enum tc_err
op_connect(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	unsigned long lport, rport;
	struct sockaddr_storage ss;
	struct tc_addr peer;
	struct srv_sock *e;
	enum tc_err err;
	socklen_t sl;
	int fd;

	if ((err = num_arg(r->w[2], "port", 65535, &lport, diag)) ||
	    (err = num_arg(r->w[4], "port", 65535, &rport, diag)))
		return err;
	if (!tc_addr_parse(&peer, r->w[3]) ||
	    peer.family != s->local.family) {
		tc_diag_set(diag, "connect: bad address '%.46s'", r->w[3]);
		return TC_ERR_INVAL;
	}
	if ((err = sock_slot(s, "connect", r->w[1], &e, diag)) ||
	    (err = bound_socket(s, r, 5, "connect", lport, &fd, diag)))
		return err;
	sl = to_sockaddr(&peer, (uint16_t)rport, &ss);
	if (connect(fd, (struct sockaddr *)&ss, sl) != 0 &&
	    errno != EINPROGRESS) {
		err = sys_fail(diag, "connect", r->w[1], "connect");
		close(fd);
		return err;
	}
	sock_put(e, r->w[1], fd);
	return TC_OK;
}

/* Appends WRITE's hex to the held data (of socket name only). */
static enum tc_err
write_hold(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	size_t n;

	if (s->wlen > 0 && strcmp(s->wname, r->w[1]) != 0) {
		tc_diag_set(diag, "write %s: data held for %s", r->w[1],
		    s->wname);
		return TC_ERR_INVAL;
	}
	if (!tc_agent_hex_decode(r->w[2], s->wbuf + s->wlen,
	    sizeof(s->wbuf) - s->wlen, &n)) {
		tc_diag_set(diag, "write %s: bad hex data, or more than %d "
		    "bytes", r->w[1], TC_AGENT_WRITE_MAX);
		return TC_ERR_INVAL;
	}
	snprintf(s->wname, sizeof(s->wname), "%s", r->w[1]);
	s->wlen += n;
	return TC_OK;
}

/* WRITE name hexdata [+]: with "+" the data is held for the next. */
static enum tc_err
op_write(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	struct srv_sock *e;
	enum tc_err err;
	ssize_t n;

	if (r->n == 4 && strcmp(r->w[3], "+") != 0) {
		tc_diag_set(diag, "write %s: '%.10s' is not '+'", r->w[1],
		    r->w[3]);
		return TC_ERR_INVAL;
	}
	err = sock_lookup(s, "write", r->w[1], &e, diag);
	if (!err)
		err = write_hold(s, r, diag);
	if (err || r->n == 4) {
		if (err)
			s->wlen = 0;
		snprintf(s->out, sizeof(s->out), "OK %zu", s->wlen);
		return err;
	}
	n = send(e->fd, s->wbuf, s->wlen, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
	    !(err = wait_fd(e->fd, POLLOUT, WRITE_WAIT_MS, "write", r->w[1],
	    diag)))
		n = send(e->fd, s->wbuf, s->wlen, MSG_NOSIGNAL | MSG_DONTWAIT);
	s->wlen = 0;
	if (err)
		return err;
	if (n < 0) {
		tc_diag_errno(diag, "write %s", r->w[1]);
		return TC_ERR_SYS;
	}
	snprintf(s->out, sizeof(s->out), "OK %zd", n);
	return TC_OK;
}

/* READ name maxlen timeout_ms */
static enum tc_err
op_read(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	uint8_t data[TC_AGENT_DATA_MAX];
	unsigned long max, ms;
	struct srv_sock *e;
	enum tc_err err;
	ssize_t n;

	if ((err = num_arg(r->w[2], "length", TC_AGENT_DATA_MAX, &max,
	    diag)) ||
	    (err = num_arg(r->w[3], "timeout", TIMEOUT_MAX_MS, &ms, diag)) ||
	    (err = sock_lookup(s, "read", r->w[1], &e, diag)) ||
	    (err = wait_fd(e->fd, POLLIN, ms, "read", r->w[1], diag)))
		return err;
	n = recv(e->fd, data, max == 0 ? sizeof(data) : max, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		tc_diag_set(diag, "read %s: no data", r->w[1]);
		return TC_ERR_TIMEOUT;
	}
	if (n < 0) {
		tc_diag_errno(diag, "read %s", r->w[1]);
		return TC_ERR_SYS;
	}
	if (n == 0) {
		snprintf(s->out, sizeof(s->out), "EOF");
		return TC_OK;
	}
	memcpy(s->out, "DATA ", 5);
	tc_agent_hex_encode(data, (size_t)n, s->out + 5);
	return TC_OK;
}

/* SHUTDOWN name rd|wr|rdwr */
static enum tc_err
op_shutdown(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	static const char *const how[] = { "rd", "wr", "rdwr" };
	struct srv_sock *e;
	enum tc_err err;
	int h;

	for (h = 0; h < 3 && strcmp(r->w[2], how[h]) != 0; h++)
		continue;
	if (h == 3) {
		tc_diag_set(diag, "shutdown: '%.10s' is not rd, wr or rdwr",
		    r->w[2]);
		return TC_ERR_INVAL;
	}
	if ((err = sock_lookup(s, "shutdown", r->w[1], &e, diag)))
		return err;
	if (shutdown(e->fd, h) != 0) {
		tc_diag_errno(diag, "shutdown %s", r->w[1]);
		return TC_ERR_SYS;
	}
	return TC_OK;
}

/* CLOSE name, or ABORT name: SO_LINGER {1, 0} makes close() send a RST. */
static enum tc_err
close_or_abort(struct srv *s, const struct req *r, bool abort_conn,
    struct tc_diag *diag)
{
	const char *verb = abort_conn ? "abort" : "close";
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	struct srv_sock *e;
	enum tc_err err;

	if ((err = sock_lookup(s, verb, r->w[1], &e, diag)))
		return err;
	if (abort_conn && setsockopt(e->fd, SOL_SOCKET, SO_LINGER, &lg,
	    sizeof(lg)) != 0)
		return sys_fail(diag, verb, r->w[1], "SO_LINGER");
	err = close(e->fd) != 0 ? sys_fail(diag, verb, r->w[1], "close") :
	    TC_OK;
	e->fd = -1;
	e->name[0] = '\0';
	return err;
}

static enum tc_err
op_close(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	return close_or_abort(s, r, false, diag);
}

static enum tc_err
op_abort(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	return close_or_abort(s, r, true, diag);
}

/* SETOPT name opt=val ... */
static enum tc_err
op_setopt(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	struct tc_sockopt opts[TC_ACTION_OPTS_MAX];
	struct srv_sock *e;
	enum tc_err err;
	size_t n;

	if ((err = sock_lookup(s, "setsockopt", r->w[1], &e, diag)) ||
	    (err = opts_arg(r, 2, opts, &n, diag)))
		return err;
	return tc_sockopt_apply(e->fd, opts, n, r->w[1], diag);
}

/* STATE laddr lport raddr rport */
static enum tc_err
op_state(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	struct tc_tuple t;
	unsigned long lp, rp;
	enum tc_fsm_state st;
	bool listening = false;
	enum tc_err err;

	if ((err = num_arg(r->w[2], "port", 65535, &lp, diag)) ||
	    (err = num_arg(r->w[4], "port", 65535, &rp, diag)))
		return err;
	if (!tc_addr_parse(&t.target_addr, r->w[1]) ||
	    !tc_addr_parse(&t.peer_addr, r->w[3]) ||
	    t.target_addr.family != t.peer_addr.family) {
		tc_diag_set(diag, "state: bad addresses");
		return TC_ERR_INVAL;
	}
	t.target_port = (uint16_t)lp;
	t.peer_port = (uint16_t)rp;
	if (s->sd == NULL) {
		tc_diag_set(diag, "this stack has no sock_diag: no states");
		return TC_ERR_UNSUPPORTED;
	}
	if ((err = tc_sockdiag_state(s->sd, &t, &st, &listening, diag)))
		return err;
	snprintf(s->out, sizeof(s->out), "STATE %s%s", tc_fsm_state_name(st),
	    st == TC_FSM_CLOSED && listening ? " listening" : "");
	return TC_OK;
}

/* SYSCTL name value: net.* only, the old value restored at RESET. */
static enum tc_err
op_sysctl(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	struct srv_sysctl *sc = &s->sysctls[s->nsysctls];
	enum tc_err err;
	size_t i;

	if (!s->conf->allow_sysctl) {
		tc_diag_set(diag, "sysctls are not allowed (start the agent "
		    "with --allow-sysctl)");
		return TC_ERR_PERM;
	}
	if (!tc_netns_sysctl_valid(r->w[1]) ||
	    strlen(r->w[1]) >= sizeof(sc->name)) {
		tc_diag_set(diag, "sysctl: '%.60s' is not a net.* name",
		    r->w[1]);
		return TC_ERR_PERM;
	}
	for (i = 0; i < s->nsysctls; i++)
		if (strcmp(s->sysctls[i].name, r->w[1]) == 0)
			return tc_netns_sysctl_set(-1, r->w[1], r->w[2], diag);
	if (s->nsysctls == SRV_SYSCTLS) {
		tc_diag_set(diag, "sysctl: more than %d", SRV_SYSCTLS);
		return TC_ERR_LIMIT;
	}
	if ((err = tc_netns_sysctl_get(-1, r->w[1], sc->old, sizeof(sc->old),
	    diag)))
		return err;
	if ((err = tc_netns_sysctl_set(-1, r->w[1], r->w[2], diag)))
		return err;
	snprintf(sc->name, sizeof(sc->name), "%s", r->w[1]);
	s->nsysctls++;
	return TC_OK;
}

/*
 * RESET: closes every socket, and flushes the route cache, so a path MTU
 * an earlier testcase taught the host (ICMP frag-needed) does not shrink
 * this one's segments, as a fresh namespace would not.  A stack with no
 * such sysctl (gVisor) has nothing to flush.
 */
static enum tc_err
op_reset(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	enum tc_err err;

	(void)r;
	tc__srv_reset(s);
	err = tc_netns_sysctl_set(-1, "net.ipv4.route.flush", "1", diag);
	if (err == TC_ERR_NOTFOUND) {	/* a stack without a route cache */
		tc_diag_init(diag);
		err = TC_OK;
	}
	return err;
}

/* ORDER: the table in docs/agent-protocol.md. */
static const struct {
	const char	*verb;
	size_t		min, max;	/* words, the verb included */
	op_fn		fn;
} ops[] = {
	{ "LISTEN", 4, 4 + TC_ACTION_OPTS_MAX, op_listen },
	{ "ACCEPT", 4, 4, op_accept },
	{ "CONNECT", 5, 5 + TC_ACTION_OPTS_MAX, op_connect },
	{ "WRITE", 3, 4, op_write },
	{ "READ", 4, 4, op_read },
	{ "SHUTDOWN", 3, 3, op_shutdown },
	{ "CLOSE", 2, 2, op_close },
	{ "ABORT", 2, 2, op_abort },
	{ "SETOPT", 3, 2 + TC_ACTION_OPTS_MAX, op_setopt },
	{ "STATE", 5, 5, op_state },
	{ "SYSCTL", 3, 3, op_sysctl },
	{ "RESET", 1, 1, op_reset },
	{ "BYE", 1, 1, NULL },
};

enum tc_err
tc__srv_dispatch(struct srv *s, bool *bye, struct tc_diag *diag)
{
	struct req r;
	enum tc_err err;
	size_t i;

	err = tc_agent_words(s->line, r.w, TC_AGENT_WORDS_MAX, &r.n, diag);
	if (err)
		return TC_ERR_INVAL;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strcmp(ops[i].verb, r.w[0]) != 0)
			continue;
		if (r.n < ops[i].min || r.n > ops[i].max) {
			tc_diag_set(diag, "%s takes %zu to %zu fields, not %zu",
			    ops[i].verb, ops[i].min - 1, ops[i].max - 1,
			    r.n - 1);
			return TC_ERR_INVAL;
		}
		if (ops[i].fn == NULL) {
			*bye = true;
			return TC_OK;
		}
		return ops[i].fn(s, &r, diag);
	}
	tc_diag_set(diag, "unknown request '%.20s'", r.w[0]);
	return TC_ERR_INVAL;
}

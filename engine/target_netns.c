/*
 * target_netns.c - the embedded default target: the Linux kernel in a pair
 * of throwaway network namespaces joined by a veth.
 *
 *   tester ns "a"                          target ns "b"
 *   tcpc-a (no address) <---- veth ----> tcpc-b 198.18.0.2/24
 *                                        neigh 198.18.0.1 -> MAC(tcpc-a)
 *
 * The tester's address 198.18.0.1 is configured nowhere, so no kernel
 * answers the target's segments but the tester itself, and the static
 * neighbour spares the tester from answering ARP.  An IPv6 session is the
 * same with 2001:2::2/64 and 2001:2::1 (RFC 5180), no DAD and no ND: IPv6
 * stays off in the tester's namespace.  Both namespaces are
 * anonymous (held by fd only), so they and the veth vanish with the
 * process, even on SIGKILL.  With fault rules a third namespace, holding
 * a bridge and the rules, sits on the veth path (engine/fault.h).
 */
#include <assert.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "fault.h"
#include "netns.h"
#include "netns6.h"
#include "rtnl.h"
#include "sockdiag.h"
#include "sockopt.h"
#include "target.h"

#define IF_TESTER	"tcpc-a"
#define IF_TARGET	"tcpc-b"
#define TARGET_PREFIX	24
#define TARGET_PREFIX6	64
#define SESSION_SOCKS	32
#define SOCK_NAME_MAX	32
#define LINK_UP_MS	2000	/* linkwatch may lag by a second */

struct netns_target {
	struct tc_target base;		/* first; the ops need no state */
};

struct sock_ent {
	char		name[SOCK_NAME_MAX];	/* "" = free slot */
	int		fd;			/* (owned) */
};

struct tc_session {
	int		ns_tester;	/* (owned) namespace "a" */
	int		ns_target;	/* (owned) namespace "b" */
	int		ns_fault;	/* (owned) namespace "f", or -1 */
	struct tc_sockdiag *sd;		/* (owned) in the target ns */
	struct tc_addr	local_addr;	/* the tester's, 198.18.0.1 */
	struct tc_addr	target_addr;	/* 198.18.0.2 (IPv6: 2001:2::2) */
	struct sock_ent	socks[SESSION_SOCKS];
	bool		keepalive_default; /* fault directive, see below */
};

/*
 * A fault file may also make the target's own defaults wrong where no
 * segment could: "# tcpconform-fault: keepalive-by-default" turns
 * SO_KEEPALIVE on for every socket the target creates or accepts, as a
 * stack that keeps alive by default would (RFC 9293 MUST-25 forbids it).
 */
#define FAULT_KEEPALIVE	"tcpconform-fault: keepalive-by-default"

static void
fault_defaults(const struct tc_session *s, int fd)
{
	int one = 1;

	if (s->keepalive_default)
		(void)setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one,
		    sizeof(one));
}

static void	netns_session_close(struct tc_session *s);

static enum tc_err
apply_sysctls(int ns, const struct tc_session_conf *conf, bool ipv6_quiet,
    struct tc_diag *diag)
{
	enum tc_err err;
	size_t i;

	/*
	 * IPv6 off by default (netns6.h).  A testcase may turn it back on
	 * with a sysctl of its own, applied after this.
	 */
	if (ipv6_quiet && (err = tc_netns6_off(ns, diag)) != TC_OK)
		return err;
	for (i = 0; conf != NULL && i < conf->nsysctls; i++) {
		err = tc_netns_sysctl_set(ns, conf->sysctls[i].name,
		    conf->sysctls[i].value, diag);
		if (err)
			return err;
	}
	return TC_OK;
}

/* Target side: addresses, lo up, neighbour; returns tcpc-b's MAC. */
static enum tc_err
setup_target_side(struct tc_session *s, const uint8_t tester_mac[6],
    uint8_t target_mac[6], struct tc_diag *diag)
{
	struct tc_rtnl *r;
	enum tc_err err;
	int ifindex;

	err = tc_rtnl_new(s->ns_target, &r, diag);
	if (err)
		return err;
	err = tc_rtnl_link_get(r, IF_TARGET, &ifindex, target_mac, diag);
	if (!err)
		err = tc_rtnl_offload_off(r, IF_TARGET, diag);
	if (!err)
		err = tc_rtnl_link_up(r, "lo", diag);
	if (!err)
		err = tc_rtnl_link_up(r, IF_TARGET, diag);
	if (!err)
		err = tc_rtnl_addr_add(r, ifindex, &s->target_addr,
		    s->target_addr.family == TC_AF_INET6 ? TARGET_PREFIX6 :
		    TARGET_PREFIX, diag);
	/* Last: taking a link down would flush even permanent entries. */
	if (!err)
		err = tc_rtnl_neigh_add(r, ifindex, &s->local_addr,
		    tester_mac, diag);
	tc_rtnl_free(r);
	return err;
}

/*
 * With a fault namespace the tester's veth ends in it, on the bridge, and
 * a second veth joins the bridge to the target.
 */
static enum tc_err
setup_fault(struct tc_session *s, struct tc_rtnl **rf, struct tc_diag *diag)
{
	enum tc_err err;

	*rf = NULL;
	if (s->ns_fault < 0)
		return TC_OK;
	err = tc_rtnl_new(s->ns_fault, rf, diag);
	if (!err)
		err = tc_fault_bridge_setup(*rf, s->ns_target, IF_TARGET,
		    diag);
	return err;
}

/*
 * IPv6: every link on the path gets MTU 1520, for an MSS of 1460; and the
 * target's address must be local before anything is sent to it.
 */
static enum tc_err
setup_v6(struct tc_session *s, struct tc_diag *diag)
{
	static const char *const a[] = { IF_TESTER };
	static const char *const b[] = { IF_TARGET };
	static const char *const f[] = { TC_FAULT_IF_TESTER,
	    TC_FAULT_IF_TARGET };
	enum tc_err err;

	err = tc_netns6_mtu(s->ns_tester, a, 1, diag);
	if (!err)
		err = tc_netns6_mtu(s->ns_target, b, 1, diag);
	if (!err && s->ns_fault >= 0)
		err = tc_netns6_mtu(s->ns_fault, f, 2, diag);
	if (!err)
		err = tc_netns6_wait_local(s->ns_target, &s->target_addr,
		    LINK_UP_MS, diag);
	return err;
}

/*
 * The veth, both ends configured and up.  Then wait for every end to be
 * operationally up: until linkwatch activates a fresh veth's qdisc, every
 * frame sent on it is dropped without a trace.
 */
static enum tc_err
setup_link(struct tc_session *s, struct tc_link *link, struct tc_diag *diag)
{
	struct tc_rtnl *ra, *rb = NULL, *rf = NULL;
	bool fault = s->ns_fault >= 0;
	enum tc_err err;
	int ifindex;

	err = tc_rtnl_new(s->ns_tester, &ra, diag);
	if (err)
		return err;
	err = tc_rtnl_veth_add(ra, IF_TESTER, fault ? TC_FAULT_IF_TESTER :
	    IF_TARGET, fault ? s->ns_fault : s->ns_target, diag);
	if (!err)
		err = tc_rtnl_link_get(ra, IF_TESTER, &ifindex,
		    link->local_mac, diag);
	if (!err)
		err = tc_rtnl_offload_off(ra, IF_TESTER, diag);
	if (!err)
		err = tc_rtnl_link_up(ra, IF_TESTER, diag);
	if (!err)
		err = setup_fault(s, &rf, diag);
	if (!err)
		err = setup_target_side(s, link->local_mac, link->peer_mac,
		    diag);
	if (!err && s->target_addr.family == TC_AF_INET6)
		err = setup_v6(s, diag);
	if (!err)
		err = tc_rtnl_new(s->ns_target, &rb, diag);
	if (!err)
		err = tc_rtnl_link_wait_up(ra, IF_TESTER, LINK_UP_MS, diag);
	if (!err)
		err = tc_rtnl_link_wait_up(rb, IF_TARGET, LINK_UP_MS, diag);
	if (!err && fault)
		err = tc_fault_wait_up(rf, LINK_UP_MS, diag);
	tc_rtnl_free(rf);
	tc_rtnl_free(rb);
	tc_rtnl_free(ra);
	return err;
}

/* Binds the namespaces as /run/netns/<name>-{a,b,f}, replacing old ones. */
static enum tc_err
keep_namespaces(struct tc_session *s, const char *name, struct tc_diag *diag)
{
	const int fds[] = { s->ns_tester, s->ns_target, s->ns_fault };
	static const char sfx[] = "abf";
	char nm[3][80];
	enum tc_err err = TC_OK;
	size_t i, n;

	for (i = 0; i < 3; i++)
		snprintf(nm[i], sizeof(nm[i]), "%s-%c", name, sfx[i]);
	for (i = 0; !err && i < 3; i++)
		err = tc_netns_unkeep(nm[i], diag);
	for (n = 0; !err && n < 3 && fds[n] >= 0; n++)
		err = tc_netns_keep(fds[n], nm[n], diag);
	if (err)
		for (i = 0; i + 1 < n; i++)
			tc_netns_unkeep(nm[i], NULL);
	return err;
}

/* The namespaces, quiet (IPv6 only where it is used), the fault rules. */
static enum tc_err
make_namespaces(struct tc_session *s, const struct tc_session_conf *conf,
    struct tc_diag *diag)
{
	bool v6 = s->target_addr.family == TC_AF_INET6;
	enum tc_err err;

	err = tc_netns_new(&s->ns_tester, diag);
	if (!err)
		err = tc_netns_new(&s->ns_target, diag);
	if (!err)
		err = apply_sysctls(s->ns_tester, NULL, true, diag);
	if (!err)
		err = v6 ? tc_netns6_quiet(s->ns_target, diag) :
		    apply_sysctls(s->ns_target, NULL, true, diag);
	if (err || conf == NULL || conf->fault_rules == NULL)
		return err;
	err = tc_netns_new(&s->ns_fault, diag);
	if (!err)
		err = apply_sysctls(s->ns_fault, NULL, true, diag);
	if (!err)
		err = tc_fault_ns_prepare(s->ns_fault, diag);
	/* First: bad rules are the likeliest failure, and the cheapest. */
	if (!err)
		err = tc_fault_rules_load(s->ns_fault, conf->fault_rules,
		    diag);
	return err;
}

static enum tc_err
netns_session_open(struct tc_target *t, const struct tc_session_conf *conf,
    struct tc_session **out, struct tc_link *link, struct tc_diag *diag)
{
	struct tc_session *s;
	enum tc_err err;
	size_t i;

	(void)t;
	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		tc_diag_set(diag, "netns session: out of memory");
		return TC_ERR_NOMEM;
	}
	s->ns_tester = s->ns_target = s->ns_fault = -1;
	for (i = 0; i < SESSION_SOCKS; i++)
		s->socks[i].fd = -1;
	s->keepalive_default = conf != NULL && conf->fault_rules != NULL &&
	    strstr(conf->fault_rules, FAULT_KEEPALIVE) != NULL;
	if (conf != NULL && conf->family == TC_AF_INET6) {
		tc_addr_parse(&s->local_addr, "2001:2::1");
		tc_addr_parse(&s->target_addr, "2001:2::2");
	} else {
		tc_addr_ipv4(&s->local_addr, 198, 18, 0, 1);
		tc_addr_ipv4(&s->target_addr, 198, 18, 0, 2);
	}
	memset(link, 0, sizeof(*link));
	err = make_namespaces(s, conf, diag);
	if (!err)
		err = setup_link(s, link, diag);
	if (!err)
		err = apply_sysctls(s->ns_target, conf, false, diag);
	if (!err)
		err = tc_sockdiag_new(s->ns_target, &s->sd, diag);
	if (!err && conf != NULL && conf->keep_name != NULL)
		err = keep_namespaces(s, conf->keep_name, diag);
	if (err) {
		netns_session_close(s);
		return err;
	}
	snprintf(link->ifname, sizeof(link->ifname), "%s", IF_TESTER);
	link->netns_fd = s->ns_tester;
	link->local_addr = s->local_addr;
	link->target_addr = s->target_addr;
	*out = s;
	return TC_OK;
}

static void
netns_session_close(struct tc_session *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < SESSION_SOCKS; i++)
		if (s->socks[i].fd >= 0)
			close(s->socks[i].fd);
	tc_sockdiag_free(s->sd);
	/* The last references: the kernel now tears down ns, veth, sockets. */
	if (s->ns_fault >= 0)
		close(s->ns_fault);
	if (s->ns_target >= 0)
		close(s->ns_target);
	if (s->ns_tester >= 0)
		close(s->ns_tester);
	free(s);
}

/* ------------------------------------------------------------------ */
/* Target-side socket actions. */

static struct sock_ent *
sock_find(struct tc_session *s, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < SESSION_SOCKS; i++)
		if (s->socks[i].fd >= 0 && strcmp(s->socks[i].name, name) == 0)
			return &s->socks[i];
	return NULL;
}

static enum tc_err
sock_lookup(struct tc_session *s, const char *verb, const char *name,
    struct sock_ent **out, struct tc_diag *diag)
{
	*out = sock_find(s, name);
	if (*out != NULL)
		return TC_OK;
	tc_diag_set(diag, "%s: no target socket named '%s'", verb,
	    name != NULL ? name : "");
	return TC_ERR_NOTFOUND;
}

/* A free slot for a new socket called `name` (copied on sock_put). */
static enum tc_err
sock_slot(struct tc_session *s, const char *verb, const char *name,
    struct sock_ent **out, struct tc_diag *diag)
{
	size_t i;

	*out = NULL;
	if (name == NULL || name[0] == '\0') {
		tc_diag_set(diag, "%s: the new socket needs a name", verb);
		return TC_ERR_INVAL;
	}
	if (strlen(name) >= SOCK_NAME_MAX) {
		tc_diag_set(diag, "%s: socket name '%s' is longer than %d",
		    verb, name, SOCK_NAME_MAX - 1);
		return TC_ERR_LIMIT;
	}
	if (sock_find(s, name) != NULL) {
		tc_diag_set(diag, "%s: socket name '%s' is already in use",
		    verb, name);
		return TC_ERR_INVAL;
	}
	for (i = 0; i < SESSION_SOCKS; i++) {
		if (s->socks[i].fd < 0) {
			*out = &s->socks[i];
			return TC_OK;
		}
	}
	tc_diag_set(diag, "%s %s: more than %d target sockets", verb, name,
	    SESSION_SOCKS);
	return TC_ERR_LIMIT;
}

static void
sock_put(struct sock_ent *e, const char *name, int fd)
{
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->fd = fd;
}

static void
sock_drop(struct sock_ent *e)
{
	e->name[0] = '\0';
	e->fd = -1;
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
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		memcpy(&s4->sin_addr, a->bytes, 4);
		return sizeof(*s4);
	}
}

static enum tc_err
sys_fail(struct tc_diag *diag, const char *verb, const char *name,
    const char *call)
{
	tc_diag_errno(diag, "%s %s: %s", verb, name, call);
	return TC_ERR_SYS;
}

/* Sets a's socket options on fd, in the order given (sockopt.h). */
static enum tc_err
apply_opts(int fd, const struct tc_action *a, const char *name,
    struct tc_diag *diag)
{
	return tc_sockopt_apply(fd, a->opts, a->nopts, name, diag);
}

/*
 * A non-blocking TCP socket in the target ns with a's options set, bound
 * to (target, port).  The options come first: TCP_MAXSEG and SO_RCVBUF
 * must be set before listen() or connect() to shape the SYN's MSS and
 * window.
 */
static enum tc_err
bound_socket(struct tc_session *s, const struct tc_action *a,
    const char *verb, const char *name, int *out, struct tc_diag *diag)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	enum tc_err err;
	int af, one = 1;

	af = s->target_addr.family == TC_AF_INET6 ? AF_INET6 : AF_INET;
	err = tc_netns_socket(s->ns_target, af, SOCK_STREAM | SOCK_NONBLOCK,
	    IPPROTO_TCP, out, diag);
	if (err)
		return err;
	sl = to_sockaddr(&s->target_addr, a->port, &ss);
	err = apply_opts(*out, a, name, diag);
	if (!err && setsockopt(*out, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)) != 0)
		err = sys_fail(diag, verb, name, "SO_REUSEADDR");
	if (!err && bind(*out, (struct sockaddr *)&ss, sl) != 0) {
		tc_diag_errno(diag, "%s %s: bind port %u", verb, name,
		    a->port);
		err = TC_ERR_SYS;
	}
	if (err) {
		close(*out);
		*out = -1;
	}
	return err;
}

/*
 * Naming: LISTEN and CONNECT create the socket `as` (`sock` is accepted
 * when `as` is NULL); ACCEPT takes the listener `sock` and names the new
 * connection `as`; every other action works on `sock`.  Names are copied.
 */
static enum tc_err
act_listen(struct tc_session *s, const struct tc_action *a,
    struct tc_diag *diag)
{
	const char *name = a->as != NULL ? a->as : a->sock;
	struct sock_ent *e;
	enum tc_err err;
	int fd;

	err = sock_slot(s, "listen", name, &e, diag);
	if (!err)
		err = bound_socket(s, a, "listen", name, &fd, diag);
	if (err)
		return err;
	fault_defaults(s, fd);
	if (listen(fd, a->backlog) != 0) {
		close(fd);
		return sys_fail(diag, "listen", name, "listen");
	}
	sock_put(e, name, fd);
	return TC_OK;
}

static enum tc_err
act_accept(struct tc_session *s, const struct tc_action *a,
    struct tc_action_result *res, struct tc_diag *diag)
{
	struct sock_ent *l, *e;
	enum tc_err err;
	int fd;

	err = sock_lookup(s, "accept", a->sock, &l, diag);
	/* Find the slot first: a connection accepted then dropped is lost. */
	if (!err)
		err = sock_slot(s, "accept", a->as, &e, diag);
	if (err)
		return err;
	fd = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			res->wait_fd = l->fd;
			res->wait_events = POLLIN;
			return TC_ERR_AGAIN;
		}
		return sys_fail(diag, "accept", a->sock, "accept");
	}
	fault_defaults(s, fd);
	sock_put(e, a->as, fd);
	return TC_OK;
}

static enum tc_err
act_connect(struct tc_session *s, const struct tc_action *a,
    struct tc_diag *diag)
{
	const char *name = a->as != NULL ? a->as : a->sock;
	struct sockaddr_storage ss;
	struct sock_ent *e;
	enum tc_err err;
	socklen_t sl;
	int fd;

	/* Bound first, so the 4-tuple is known before the SYN leaves. */
	err = sock_slot(s, "connect", name, &e, diag);
	if (!err)
		err = bound_socket(s, a, "connect", name, &fd, diag);
	if (err)
		return err;
	fault_defaults(s, fd);
	sl = to_sockaddr(&s->local_addr, a->peer_port, &ss);
	/* EINPROGRESS: the SYN is out; the script drives the handshake. */
	if (connect(fd, (struct sockaddr *)&ss, sl) != 0 &&
	    errno != EINPROGRESS) {
		err = sys_fail(diag, "connect", name, "connect");
		close(fd);
		return err;
	}
	sock_put(e, name, fd);
	return TC_OK;
}

static enum tc_err
act_write(struct tc_session *s, const struct tc_action *a,
    struct tc_action_result *res, struct tc_diag *diag)
{
	struct sock_ent *e;
	enum tc_err err;
	ssize_t n;

	err = sock_lookup(s, "write", a->sock, &e, diag);
	if (err)
		return err;
	n = send(e->fd, a->data, a->len, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			res->wait_fd = e->fd;
			res->wait_events = POLLOUT;
			return TC_ERR_AGAIN;
		}
		tc_diag_errno(diag, "write %s", a->sock);
		return TC_ERR_SYS;
	}
	res->n = (size_t)n;
	return TC_OK;
}

static enum tc_err
act_read(struct tc_session *s, const struct tc_action *a,
    struct tc_action_result *res, struct tc_diag *diag)
{
	struct sock_ent *e;
	enum tc_err err;
	size_t len;
	ssize_t n;

	err = sock_lookup(s, "read", a->sock, &e, diag);
	if (err)
		return err;
	/* len 0 means "whatever is there", up to the result buffer. */
	len = a->len == 0 || a->len > sizeof(res->buf) ?
	    sizeof(res->buf) : a->len;
	n = recv(e->fd, res->buf, len, MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			res->wait_fd = e->fd;
			res->wait_events = POLLIN;
			return TC_ERR_AGAIN;
		}
		/* ECONNRESET and friends are outcomes the engine judges. */
		tc_diag_errno(diag, "read %s", a->sock);
		return TC_ERR_SYS;
	}
	res->n = (size_t)n;
	res->eof = n == 0;
	return TC_OK;
}

static enum tc_err
act_shutdown(struct tc_session *s, const struct tc_action *a,
    struct tc_diag *diag)
{
	struct sock_ent *e;
	enum tc_err err;

	err = sock_lookup(s, "shutdown", a->sock, &e, diag);
	if (err)
		return err;
	if (shutdown(e->fd, a->how) != 0) {
		tc_diag_errno(diag, "shutdown %s", a->sock);
		return TC_ERR_SYS;
	}
	return TC_OK;
}

static enum tc_err
act_setopt(struct tc_session *s, const struct tc_action *a,
    struct tc_diag *diag)
{
	struct sock_ent *e;
	enum tc_err err;

	err = sock_lookup(s, "setsockopt", a->sock, &e, diag);
	if (err)
		return err;
	return apply_opts(e->fd, a, a->sock, diag);
}

/* CLOSE, or ABORT: SO_LINGER {1, 0} makes close() send a RST. */
static enum tc_err
act_close(struct tc_session *s, const struct tc_action *a, bool abort_conn,
    struct tc_diag *diag)
{
	const char *verb = abort_conn ? "abort" : "close";
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	struct sock_ent *e;
	enum tc_err err;

	err = sock_lookup(s, verb, a->sock, &e, diag);
	if (err)
		return err;
	if (abort_conn && setsockopt(e->fd, SOL_SOCKET, SO_LINGER, &lg,
	    sizeof(lg)) != 0)
		return sys_fail(diag, verb, a->sock, "SO_LINGER");
	/* Linux closes the fd even when close() reports an error. */
	err = close(e->fd) != 0 ? sys_fail(diag, verb, a->sock, "close") :
	    TC_OK;
	sock_drop(e);
	return err;
}

static enum tc_err
netns_act(struct tc_session *s, const struct tc_action *a,
    struct tc_action_result *res, struct tc_diag *diag)
{
	res->wait_fd = -1;
	res->wait_events = 0;
	res->n = 0;
	res->eof = false;
	switch (a->kind) {
	case TC_ACT_LISTEN:
		return act_listen(s, a, diag);
	case TC_ACT_ACCEPT:
		return act_accept(s, a, res, diag);
	case TC_ACT_CONNECT:
		return act_connect(s, a, diag);
	case TC_ACT_WRITE:
		return act_write(s, a, res, diag);
	case TC_ACT_READ:
		return act_read(s, a, res, diag);
	case TC_ACT_SHUTDOWN:
		return act_shutdown(s, a, diag);
	case TC_ACT_CLOSE:
		return act_close(s, a, false, diag);
	case TC_ACT_ABORT:
		return act_close(s, a, true, diag);
	case TC_ACT_SETOPT:
		return act_setopt(s, a, diag);
	default:
		break;
	}
	tc_diag_set(diag, "unknown target action %d", (int)a->kind);
	return TC_ERR_INVAL;
}

static enum tc_err
netns_state(struct tc_session *s, const struct tc_tuple *tuple,
    enum tc_fsm_state *out, bool *listening, struct tc_diag *diag)
{
	return tc_sockdiag_state(s->sd, tuple, out, listening, diag);
}

static void
netns_describe(struct tc_target *t, char *buf, size_t cap)
{
	struct utsname u;

	(void)t;
	if (cap == 0)
		return;
	if (uname(&u) != 0)
		snprintf(buf, cap, "Linux in a network namespace");
	else
		snprintf(buf, cap, "Linux %s in a network namespace",
		    u.release);
}

static void
netns_free(struct tc_target *t)
{
	free(t);
}

static const struct tc_target_ops netns_ops = {
	.name = "netns",
	.caps = TC_TARGET_CAP_ACT | TC_TARGET_CAP_STATE |
	    TC_TARGET_CAP_SYSCTL | TC_TARGET_CAP_LISTEN,
	.session_open = netns_session_open,
	.session_close = netns_session_close,
	.act = netns_act,
	.state = netns_state,
	.describe = netns_describe,
	.free = netns_free,
};

enum tc_err
tc_target_netns_new(struct tc_target **out, struct tc_diag *diag)
{
	struct netns_target *nt;

	*out = NULL;
	nt = calloc(1, sizeof(*nt));
	if (nt == NULL) {
		tc_diag_set(diag, "netns target: out of memory");
		return TC_ERR_NOMEM;
	}
	nt->base.ops = &netns_ops;
	*out = &nt->base;
	return TC_OK;
}

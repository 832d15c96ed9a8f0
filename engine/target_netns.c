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
#include <netinet/in.h>
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
#include "sockact.h"
#include "sockdiag.h"
#include "target.h"

#define IF_TESTER	"tcpc-a"
#define IF_TARGET	"tcpc-b"
#define TARGET_PREFIX	24
#define TARGET_PREFIX6	64
#define SESSION_SOCKS	32
#define LINK_UP_MS	2000	/* linkwatch may lag by a second */

struct netns_target {
	struct tc_target base;		/* first; the ops need no state */
};

struct tc_session {
	int		ns_tester;	/* (owned) namespace "a" */
	int		ns_target;	/* (owned) namespace "b" */
	int		ns_fault;	/* (owned) namespace "f", or -1 */
	struct tc_sockdiag *sd;		/* (owned) in the target ns */
	struct tc_addr	local_addr;	/* the tester's, 198.18.0.1 */
	struct tc_addr	target_addr;	/* 198.18.0.2 (IPv6: 2001:2::2) */
	struct tc_sockact socks;	/* SESSION_SOCKS of them */
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

	(void)t;
	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		tc_diag_set(diag, "netns session: out of memory");
		return TC_ERR_NOMEM;
	}
	s->ns_tester = s->ns_target = s->ns_fault = -1;
	tc_sockact_init(&s->socks, SESSION_SOCKS, "target socket", NULL);
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
	if (s == NULL)
		return;
	tc_sockact_clear(&s->socks);
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
/* Target-side socket actions (sockact.h). */

/*
 * A non-blocking TCP socket in the target ns with a's options set, bound
 * to (target, port): the open callback of LISTEN and CONNECT.
 */
struct open_arg {
	struct tc_session	*s;	/* (borrowed) */
	const struct tc_action	*a;	/* (borrowed) */
};

static enum tc_err
open_bound(void *arg, const char *verb, const char *name, int *out,
    struct tc_diag *diag)
{
	struct open_arg *o = arg;
	struct sockaddr_storage ss;
	enum tc_err err;
	int af;

	af = o->s->target_addr.family == TC_AF_INET6 ? AF_INET6 : AF_INET;
	err = tc_netns_socket(o->s->ns_target, af,
	    SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP, out, diag);
	if (err)
		return err;
	tc_sockact_sockaddr(&o->s->target_addr, o->a->port, &ss);
	err = tc_sockact_bind(*out, &ss, o->a->opts, o->a->nopts, verb, name,
	    diag);
	if (err) {
		*out = -1;
		return err;
	}
	fault_defaults(o->s, *out);
	return TC_OK;
}

/*
 * Naming: LISTEN and CONNECT create the socket `as` (`sock` is accepted
 * when `as` is NULL); ACCEPT takes the listener `sock` and names the new
 * connection `as`; every other action works on `sock`.  Names are copied.
 */
static enum tc_err
act_new(struct tc_session *s, const struct tc_action *a,
    struct tc_action_result *res, struct tc_diag *diag)
{
	const char *name = a->as != NULL ? a->as : a->sock;
	struct open_arg o = { s, a };
	struct sockaddr_storage peer;
	enum tc_err err;
	int fd;

	switch (a->kind) {
	case TC_ACT_LISTEN:
		return tc_sockact_listen(&s->socks, name, a->backlog,
		    open_bound, &o, diag);
	case TC_ACT_CONNECT:
		tc_sockact_sockaddr(&s->local_addr, a->peer_port, &peer);
		return tc_sockact_connect(&s->socks, name, &peer, open_bound,
		    &o, diag);
	default:
		err = tc_sockact_accept(&s->socks, a->sock, a->as, &fd, res,
		    diag);
		if (!err)
			fault_defaults(s, fd);
		return err;
	}
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
	case TC_ACT_ACCEPT:
	case TC_ACT_CONNECT:
		return act_new(s, a, res, diag);
	case TC_ACT_WRITE:
		return tc_sockact_write(&s->socks, a->sock, a->data, a->len,
		    res, diag);
	case TC_ACT_READ:
		return tc_sockact_read(&s->socks, a->sock, a->len, res, diag);
	case TC_ACT_SHUTDOWN:
		return tc_sockact_shutdown(&s->socks, a->sock, a->how, diag);
	case TC_ACT_CLOSE:
	case TC_ACT_ABORT:
		return tc_sockact_close(&s->socks, a->sock,
		    a->kind == TC_ACT_ABORT, diag);
	case TC_ACT_SETOPT:
		return tc_sockact_setopt(&s->socks, a->sock, a->opts, a->nopts,
		    diag);
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

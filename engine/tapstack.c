/*
 * tapstack.c - a userspace TCP stack program on a TAP device in throwaway
 * namespaces (the lwip and slirp targets):
 *
 *   tester ns "a"                  target ns "b"
 *   tcpc-a (no address) <-veth-> tcpc-b --[bridge tcpc-br]-- tcpc-t (TAP)
 *                                                               |
 *                                   the stack program: 198.18.0.2/24
 *                                   (--ipv6: 2001:2::2/64, the tester
 *                                   2001:2::1, as on the netns target)
 *
 * Neither namespace has an address on the link: only the stack answers the
 * tester, and the tester's kernel drops the stack's replies silently.  The
 * program learns the tester's MAC from its argument (it feeds its stack an
 * ARP reply; over IPv6 it answers its stack's neighbour solicitations for
 * the tester itself), so no address resolution crosses the link.  The
 * namespaces keep IPv6 off: the frames cross them at layer 2.  It is forked into the target
 * namespace with PR_SET_PDEATHSIG, serves docs/agent-protocol.md on a
 * socketpair, and is SIGKILLed when the session closes; its TAP device,
 * and the namespaces, go with it.
 */
#include "tapstack.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent_client.h"
#include "fault.h"
#include "netns.h"
#include "netns6.h"
#include "rtnl.h"

#define IF_TESTER	"tcpc-a"
#define IF_VETH		"tcpc-b"
#define IF_BRIDGE	"tcpc-br"
#define IF_TAP		"tcpc-t"
#define LINK_UP_MS	2000
#define START_MS	5000	/* HELLO from the program within this */

/* One session's program: the target's description and path. */
struct tapstack_conf {
	const char	*name;
	const char	*prog;
	const uint8_t	*mac;
	const uint8_t	*mac6;
};

struct tapstack_target {
	struct tc_target base;		/* first */
	struct tc_target_ops ops;	/* base.ops: desc's name and caps */
	const struct tc_tapstack_desc *desc;
	char		prog[PATH_MAX];
};

static void	tapstack_close(struct tc_session *s);

struct tc_session {
	int		ns_tester;	/* (owned) namespace "a" */
	int		ns_target;	/* (owned) namespace "b" */
	pid_t		pid;		/* the program, or -1 */
	struct tc_agent_client *ac;	/* (owned) its socketpair end */
	struct tc_addr	local_addr;	/* 198.18.0.1 */
	struct tc_addr	target_addr;	/* 198.18.0.2 */
};

/*
 * Target side before the program: the veth end on a bridge, both up, and
 * loopback up (a program may talk to sockets of its namespace: slirp).
 */
static enum tc_err
setup_bridge(struct tc_session *s, struct tc_diag *diag)
{
	struct tc_rtnl *r;
	enum tc_err err;

	err = tc_fault_ns_prepare(s->ns_target, diag);
	if (!err)
		err = tc_rtnl_new(s->ns_target, &r, diag);
	if (err)
		return err;
	err = tc_rtnl_bridge_add(r, IF_BRIDGE, diag);
	if (!err)
		err = tc_rtnl_offload_off(r, IF_VETH, diag);
	if (!err)
		err = tc_rtnl_link_set_master(r, IF_VETH, IF_BRIDGE, diag);
	if (!err)
		err = tc_rtnl_link_up(r, IF_VETH, diag);
	if (!err)
		err = tc_rtnl_link_up(r, IF_BRIDGE, diag);
	if (!err)
		err = tc_rtnl_link_up(r, "lo", diag);
	tc_rtnl_free(r);
	return err;
}

/* The veth between the namespaces; the tester's MAC goes to link. */
static enum tc_err
setup_veth(struct tc_session *s, struct tc_link *link, struct tc_diag *diag)
{
	struct tc_rtnl *r;
	enum tc_err err;
	int ifindex;

	err = tc_rtnl_new(s->ns_tester, &r, diag);
	if (err)
		return err;
	err = tc_rtnl_veth_add(r, IF_TESTER, IF_VETH, s->ns_target, diag);
	if (!err)
		err = tc_rtnl_link_get(r, IF_TESTER, &ifindex,
		    link->local_mac, diag);
	if (!err)
		err = tc_rtnl_offload_off(r, IF_TESTER, diag);
	if (!err)
		err = tc_rtnl_link_up(r, IF_TESTER, diag);
	tc_rtnl_free(r);
	return err;
}

/*
 * The program's TAP (created by the program) joins the bridge; then every
 * link on the path must be up and forwarding.  A TAP's operstate stays
 * "unknown" (tun sets no operstate), and it has its carrier, hence its
 * qdisc, from the moment the program attached: the bridge being up says
 * its ports forward.
 */
static enum tc_err
attach_tap(struct tc_session *s, struct tc_diag *diag)
{
	struct tc_rtnl *ra = NULL, *rb = NULL;
	enum tc_err err;

	err = tc_rtnl_new(s->ns_target, &rb, diag);
	if (!err)
		err = tc_rtnl_link_set_master(rb, IF_TAP, IF_BRIDGE, diag);
	if (!err)
		err = tc_rtnl_link_up(rb, IF_TAP, diag);
	if (!err)
		err = tc_rtnl_new(s->ns_tester, &ra, diag);
	if (!err)
		err = tc_rtnl_link_wait_up(ra, IF_TESTER, LINK_UP_MS, diag);
	if (!err)
		err = tc_rtnl_link_wait_up(rb, IF_VETH, LINK_UP_MS, diag);
	if (!err)
		err = tc_rtnl_link_wait_up(rb, IF_BRIDGE, LINK_UP_MS, diag);
	tc_rtnl_free(ra);
	tc_rtnl_free(rb);
	return err;
}

/*
 * The child, between fork and exec: only async-signal-safe calls.  It
 * dies with the thread that forked it, lives in the target namespace and
 * talks on fd `sock` as stdin and stdout.
 */
static void
child_exec(const char *prog, char *const argv[], int ns, int sock,
    pid_t parent)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(127);
	if (setns(ns, CLONE_NEWNET) != 0 || dup2(sock, STDIN_FILENO) < 0 ||
	    dup2(sock, STDOUT_FILENO) < 0)
		_exit(126);
	execv(prog, argv);
	_exit(127);
}

static void
format_mac(char *buf, size_t cap, const uint8_t *m)
{
	snprintf(buf, cap, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
	    m[3], m[4], m[5]);
}

/* Forks the program; *fd gets the driver's end of the socketpair. */
static enum tc_err
spawn(struct tc_session *s, const struct tapstack_conf *c,
    const struct tc_link *link, int *fd, struct tc_diag *diag)
{
	char tgt[TC_ADDR_STRLEN], peer[TC_ADDR_STRLEN];
	char addr[TC_ADDR_STRLEN + 4], mac[18], peer_mac[18];
	char *argv[] = { (char *)c->prog, (char *)IF_TAP, addr, mac, peer,
	    peer_mac, NULL };
	bool v6 = s->target_addr.family == TC_AF_INET6;
	pid_t parent = getpid();
	int sv[2];

	tc_addr_format(&s->local_addr, peer, sizeof(peer));
	tc_addr_format(&s->target_addr, tgt, sizeof(tgt));
	snprintf(addr, sizeof(addr), "%s/%d", tgt, v6 ? 64 : 24);
	format_mac(mac, sizeof(mac), v6 ? c->mac6 : c->mac);
	format_mac(peer_mac, sizeof(peer_mac), link->local_mac);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		tc_diag_errno(diag, "%s: socketpair", c->name);
		return TC_ERR_SYS;
	}
	s->pid = fork();
	if (s->pid == 0)
		child_exec(c->prog, argv, s->ns_target, sv[1], parent);
	close(sv[1]);
	if (s->pid < 0) {
		tc_diag_errno(diag, "%s: fork", c->name);
		close(sv[0]);
		return TC_ERR_SYS;
	}
	*fd = sv[0];
	return TC_OK;
}

/* The program started: HELLO, or why it did not come. */
static enum tc_err
start_stack(struct tc_session *s, const struct tapstack_conf *c,
    struct tc_link *link, struct tc_diag *diag)
{
	char why[sizeof(diag->msg)];
	enum tc_err err;
	int fd, i, status;

	err = spawn(s, c, link, &fd, diag);
	if (err)
		return err;
	err = tc_agent_client_new(fd, fd, NULL, 0, &s->local_addr, START_MS,
	    &s->ac, diag);
	if (!err)
		return TC_OK;
	snprintf(why, sizeof(why), "%s", diag->msg);
	/* It closed the connection: most likely it exited; say how. */
	for (i = 0; i < 20; i++) {
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			s->pid = -1;
			tc_diag_init(diag);
			tc_diag_set(diag, "%s: %s did not start (%s %d): %s",
			    c->name, c->prog, WIFEXITED(status) ?
			    "exit status" : "signal", WIFEXITED(status) ?
			    WEXITSTATUS(status) : WTERMSIG(status), why);
			break;
		}
		usleep(10000);
	}
	return TC_ERR_SYS;
}

static enum tc_err
session_build(struct tc_session *s, const struct tapstack_conf *c,
    struct tc_link *link, struct tc_diag *diag)
{
	enum tc_err err;

	err = tc_netns_new(&s->ns_tester, diag);
	if (!err)
		err = tc_netns_new(&s->ns_target, diag);
	/* No IPv6 in the tester's namespace, nor on the target's links: it
	 * would only add DAD, MLD and RS to the capture.  An IPv6 session
	 * keeps it on the target namespace's loopback (slirp relays to ::1)
	 * without addresses on its links. */
	if (!err)
		err = tc_netns6_off(s->ns_tester, diag);
	if (!err)
		err = s->target_addr.family == TC_AF_INET6 ?
		    tc_netns6_quiet(s->ns_target, diag) :
		    tc_netns6_off(s->ns_target, diag);
	if (!err)
		err = setup_veth(s, link, diag);
	if (!err)
		err = setup_bridge(s, diag);
	if (!err)
		err = start_stack(s, c, link, diag);
	if (!err)
		err = attach_tap(s, diag);
	return err;
}

static enum tc_err
tapstack_open(const struct tapstack_conf *c,
    const struct tc_session_conf *conf, struct tc_session **out,
    struct tc_link *link, struct tc_diag *diag)
{
	struct tc_session *s;
	enum tc_err err;

	*out = NULL;
	if (conf != NULL && conf->fault_rules != NULL) {
		tc_diag_set(diag, "%s target: --fault is not supported",
		    c->name);
		return TC_ERR_UNSUPPORTED;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		tc_diag_set(diag, "%s session: out of memory", c->name);
		return TC_ERR_NOMEM;
	}
	s->ns_tester = s->ns_target = s->pid = -1;
	if (conf != NULL && conf->family == TC_AF_INET6 && c->mac6 != NULL) {
		tc_addr_parse(&s->local_addr, "2001:2::1");
		tc_addr_parse(&s->target_addr, "2001:2::2");
	} else {
		tc_addr_ipv4(&s->local_addr, 198, 18, 0, 1);
		tc_addr_ipv4(&s->target_addr, 198, 18, 0, 2);
	}
	memset(link, 0, sizeof(*link));
	err = session_build(s, c, link, diag);
	if (err) {
		tapstack_close(s);
		return err;
	}
	snprintf(link->ifname, sizeof(link->ifname), "%s", IF_TESTER);
	link->netns_fd = s->ns_tester;
	memcpy(link->peer_mac, s->target_addr.family == TC_AF_INET6 ?
	    c->mac6 : c->mac, sizeof(link->peer_mac));
	link->local_addr = s->local_addr;
	link->target_addr = s->target_addr;
	*out = s;
	return TC_OK;
}

static void
tapstack_close(struct tc_session *s)
{
	if (s == NULL)
		return;
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	tc_agent_client_free(s->ac);
	/* The last references: the kernel tears down ns, veth, bridge. */
	if (s->ns_target >= 0)
		close(s->ns_target);
	if (s->ns_tester >= 0)
		close(s->ns_tester);
	free(s);
}

/*
 * The client waits for the answer of every action but ACCEPT and READ
 * before returning, so the segments an action makes the stack send are
 * judged only once the model knows the action was done.
 */
static enum tc_err
tapstack_act(struct tc_session *s, const struct tc_action *a,
    struct tc_action_result *res, struct tc_diag *diag)
{
	return tc_agent_client_act(s->ac, a, res, diag);
}

static enum tc_err
tapstack_state(struct tc_session *s, const struct tc_tuple *tuple,
    enum tc_fsm_state *out, bool *listening, struct tc_diag *diag)
{
	return tc_agent_client_state(s->ac, tuple, out, listening, diag);
}

/* The program to run: $env_var, else the one this build made. */
static enum tc_err
tapstack_prog(const char *name, const char *args, const char *env_var,
    const char *built, const char *pkg, const char **prog,
    struct tc_diag *diag)
{
	const char *p = getenv(env_var);

	*prog = NULL;
	if (args != NULL && *args != '\0') {
		tc_diag_set(diag, "target %s takes no arguments; got '%s'",
		    name, args);
		return TC_ERR_INVAL;
	}
	if (p == NULL || *p == '\0')
		p = built;
	if (*p == '\0' || access(p, X_OK) != 0) {
		tc_diag_set(diag, "target %s: no stack program '%s' (built "
		    "with %s, or set %s)", name, p, pkg, env_var);
		return TC_ERR_UNSUPPORTED;
	}
	*prog = p;
	return TC_OK;
}

/* ---- the target ------------------------------------------------------ */

static struct tapstack_target *
tapstack_of(struct tc_target *t)
{
	return (struct tapstack_target *)t;
}

static enum tc_err
tapstack_session_open(struct tc_target *t, const struct tc_session_conf *conf,
    struct tc_session **out, struct tc_link *link, struct tc_diag *diag)
{
	const struct tapstack_target *tt = tapstack_of(t);
	const struct tapstack_conf c = { .name = tt->desc->name,
	    .prog = tt->prog, .mac = tt->desc->mac, .mac6 = tt->desc->mac6 };

	return tapstack_open(&c, conf, out, link, diag);
}

static void
tapstack_describe(struct tc_target *t, char *buf, size_t cap)
{
	if (cap > 0)
		snprintf(buf, cap, "%s", tapstack_of(t)->desc->describe);
}

static void
tapstack_free(struct tc_target *t)
{
	free(t);
}

enum tc_err
tc_tapstack_target_new(const struct tc_tapstack_desc *desc, const char *args,
    struct tc_target **out, struct tc_diag *diag)
{
	struct tapstack_target *tt;
	const char *prog;
	enum tc_err err;

	*out = NULL;
	err = tapstack_prog(desc->name, args, desc->env_var, desc->built,
	    desc->pkg, &prog, diag);
	if (err)
		return err;
	if ((tt = calloc(1, sizeof(*tt))) == NULL) {
		tc_diag_set(diag, "%s target: out of memory", desc->name);
		return TC_ERR_NOMEM;
	}
	tt->desc = desc;
	snprintf(tt->prog, sizeof(tt->prog), "%s", prog);
	tt->ops = (struct tc_target_ops){
		.name = desc->name,
		.caps = desc->caps,
		.session_open = tapstack_session_open,
		.session_close = tapstack_close,
		.act = tapstack_act,
		.state = desc->caps & TC_TARGET_CAP_STATE ? tapstack_state :
		    NULL,
		.describe = tapstack_describe,
		.free = tapstack_free,
	};
	tt->base.ops = &tt->ops;
	*out = &tt->base;
	return TC_OK;
}

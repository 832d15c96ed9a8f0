/* target.h - the target-driver vtable: every kind of target behind one API. */
#ifndef TC_TARGET_H
#define TC_TARGET_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "err.h"
#include "fsm.h"

/* Capability bits: a testcase needing one the target lacks is SKIPPED. */
enum tc_target_cap {
	TC_TARGET_CAP_ACT = 1 << 0,	/* target-side socket actions */
	TC_TARGET_CAP_STATE = 1 << 1,	/* read a socket's true TCP state;
					   without it `state` checks the
					   reference model only (noted) */
	TC_TARGET_CAP_SYSCTL = 1 << 2,	/* per-testcase sysctls */
	TC_TARGET_CAP_LISTEN = 1 << 3	/* a listener on the target port:
					   `target listen` and `accept`
					   (a black-box host has one) */
};

/*
 * The tester's ports: the runner draws each testcase's from this range (its
 * target ports from another), so a target that must keep its host's own
 * kernel out of the way can filter exactly these.
 */
#define TC_TESTER_PORT_MIN	40000
#define TC_TESTER_PORT_COUNT	20000

/* A per-testcase sysctl, e.g. {"net.ipv4.tcp_synack_retries", "1"}. */
struct tc_sysctl {
	const char	*name;		/* (borrowed) */
	const char	*value;		/* (borrowed) */
};

struct tc_session_conf {
	const struct tc_sysctl *sysctls; /* (borrowed) */
	size_t		nsysctls;
	const char	*keep_name;	/* non-NULL: bind the namespaces
					   under /run/netns/<keep_name>-{a,b} */
	const char	*fault_rules;	/* (borrowed) non-NULL: an nftables
					   ruleset for a fault namespace put
					   between tester and target (netns
					   target: engine/fault.h; bad rules
					   are TC_ERR_INVAL) */
	enum tc_family	family;		/* TC_AF_INET6: an IPv6 link and
					   addresses; TC_AF_NONE or
					   TC_AF_INET: IPv4.  A target
					   without IPv6 returns IPv4
					   addresses in tc_link, and the
					   runner SKIPs */
};

/*
 * Where the tester talks to the target in one session: open the capture and
 * the injector on `ifname` after entering `netns_fd` (-1: stay where you
 * are).  Frames from local_mac are ours; from peer_mac, the target's.
 */
struct tc_link {
	char		ifname[IF_NAMESIZE];
	int		netns_fd;	/* (borrowed from the session) */
	uint8_t		local_mac[6];
	uint8_t		peer_mac[6];
	struct tc_addr	local_addr;	/* the tester's address */
	struct tc_addr	target_addr;
	uint16_t	listen_port;	/* non-zero: the target listens here
					   (scripts that listen use it) */
	uint16_t	closed_port;	/* non-zero: nothing listens here
					   (scripts that don't listen) */
};

/* ORDER ACTIONS: target-side application calls. */
enum tc_action_kind {
	TC_ACT_LISTEN,		/* socket, bind(port), listen(backlog) */
	TC_ACT_ACCEPT,		/* accept on `sock` (a listener) as `as` */
	TC_ACT_CONNECT,		/* bind(port), connect(peer addr, peer_port) */
	TC_ACT_WRITE,		/* write data to `sock` */
	TC_ACT_READ,		/* read up to len bytes from `sock` */
	TC_ACT_SHUTDOWN,	/* shutdown(`sock`, how) */
	TC_ACT_CLOSE,		/* close(`sock`) */
	TC_ACT_ABORT,		/* SO_LINGER {1, 0}, then close(`sock`) */
	TC_ACT_SETOPT,		/* apply `opts` to `sock` */
	TC_ACT_COUNT
};

/* ORDER SOCKOPTS: socket options a script may set on the target. */
enum tc_sockopt_kind {
	TC_SOCKOPT_RCVBUF,	/* SO_RCVBUF, bytes */
	TC_SOCKOPT_SNDBUF,	/* SO_SNDBUF, bytes */
	TC_SOCKOPT_NODELAY,	/* TCP_NODELAY, 0/1 */
	TC_SOCKOPT_MAXSEG,	/* TCP_MAXSEG, bytes (before listen/connect) */
	TC_SOCKOPT_KEEPALIVE,	/* SO_KEEPALIVE, 0/1 */
	TC_SOCKOPT_KEEPIDLE,	/* TCP_KEEPIDLE, seconds */
	TC_SOCKOPT_KEEPINTVL,	/* TCP_KEEPINTVL, seconds */
	TC_SOCKOPT_KEEPCNT,	/* TCP_KEEPCNT, probes */
	TC_SOCKOPT_COUNT
};

struct tc_sockopt {
	enum tc_sockopt_kind kind;
	int		value;
};

#define TC_ACTION_OPTS_MAX	8

struct tc_action {
	enum tc_action_kind kind;
	const char	*sock;		/* (borrowed) socket acted on */
	const char	*as;		/* (borrowed) name for a new socket */
	uint16_t	port;		/* LISTEN, CONNECT: target's port */
	uint16_t	peer_port;	/* CONNECT: the tester's port */
	int		backlog;	/* LISTEN */
	int		how;		/* SHUTDOWN: SHUT_RD/WR/RDWR */
	const uint8_t	*data;		/* (borrowed) WRITE */
	size_t		len;		/* WRITE, READ */
	int		timeout_ms;	/* ACCEPT, READ: the time the caller
					   still waits (0: unknown); a driver
					   that must block elsewhere (an
					   agent) bounds its wait by it */
	/* LISTEN, CONNECT: set on the new socket before bind(); SETOPT: set
	 * on `sock`.  An option the target cannot set is TC_ERR_UNSUPPORTED,
	 * an option the kernel refuses TC_ERR_SYS (diag says which). */
	struct tc_sockopt opts[TC_ACTION_OPTS_MAX];
	size_t		nopts;
};

/*
 * Outcome of an action.  When act() returns TC_ERR_AGAIN the action cannot
 * complete yet: wait until `wait_fd` is ready for `wait_events` (POLLIN or
 * POLLOUT) and call act() again with the same action.
 */
struct tc_action_result {
	int		wait_fd;
	short		wait_events;
	size_t		n;		/* WRITE: bytes written; READ: read */
	bool		eof;		/* READ: the peer's FIN was read */
	uint8_t		buf[2048];	/* READ: the bytes (up to 2048) */
};

/* The 4-tuple of the connection under test, from the target's side. */
struct tc_tuple {
	struct tc_addr	target_addr;
	uint16_t	target_port;
	struct tc_addr	peer_addr;
	uint16_t	peer_port;
};

struct tc_target;
struct tc_session;

struct tc_target_ops {
	const char	*name;
	unsigned	caps;		/* TC_TARGET_CAP_* */
	/*
	 * Prepares one testcase's environment (for netns: a fresh pair of
	 * namespaces and a veth).  Fills *link.  Errors: TC_ERR_PERM without
	 * privileges, TC_ERR_SYS otherwise (diag says which call failed).
	 */
	enum tc_err	(*session_open)(struct tc_target *t,
			    const struct tc_session_conf *conf,
			    struct tc_session **out, struct tc_link *link,
			    struct tc_diag *diag);
	/* Releases everything the session created; NULL is a no-op. */
	void		(*session_close)(struct tc_session *s);
	/* Optional (CAP_ACT): performs an action, never blocking. */
	enum tc_err	(*act)(struct tc_session *s, const struct tc_action *a,
			    struct tc_action_result *res,
			    struct tc_diag *diag);
	/*
	 * Optional (CAP_STATE): the true state of the connection `tuple`.
	 * No socket with that 4-tuple reads as CLOSED, unless a listener is
	 * bound to the target port, then *listening is set too.
	 */
	enum tc_err	(*state)(struct tc_session *s,
			    const struct tc_tuple *tuple,
			    enum tc_fsm_state *out, bool *listening,
			    struct tc_diag *diag);
	/* Describes the target for reports ("Linux 6.18.44 in netns"). */
	void		(*describe)(struct tc_target *t, char *buf, size_t cap);
	void		(*free)(struct tc_target *t);
};

/* Each backend embeds this first and downcasts in a static helper. */
struct tc_target {
	const struct tc_target_ops *ops;
};

static inline enum tc_err
tc_target_session_open(struct tc_target *t, const struct tc_session_conf *c,
    struct tc_session **out, struct tc_link *link, struct tc_diag *diag)
{
	return t->ops->session_open(t, c, out, link, diag);
}

static inline void
tc_target_session_close(struct tc_target *t, struct tc_session *s)
{
	t->ops->session_close(s);
}

static inline enum tc_err
tc_target_act(struct tc_target *t, struct tc_session *s,
    const struct tc_action *a, struct tc_action_result *res,
    struct tc_diag *diag)
{
	if (t->ops->act == NULL)
		return TC_ERR_UNSUPPORTED;
	return t->ops->act(s, a, res, diag);
}

static inline enum tc_err
tc_target_state(struct tc_target *t, struct tc_session *s,
    const struct tc_tuple *tuple, enum tc_fsm_state *out, bool *listening,
    struct tc_diag *diag)
{
	if (t->ops->state == NULL)
		return TC_ERR_UNSUPPORTED;
	return t->ops->state(s, tuple, out, listening, diag);
}

static inline void
tc_target_free(struct tc_target *t)
{
	if (t != NULL)
		t->ops->free(t);
}

/* What the command line tells every target. */
struct tc_target_opts {
	const char	*agent_secret;	/* (borrowed) --agent-secret FILE */
	enum tc_family	family;		/* the run's: TC_AF_INET6 with --ipv6
					   (a target fixed to one family
					   refuses the other here) */
};

/* The embedded default: Linux in throwaway namespaces (target_netns.c). */
enum tc_err tc_target_netns_new(struct tc_target **out, struct tc_diag *diag);
/*
 * A remote host, black box, reached by routing from the current namespace
 * (target_host.c); args is "ADDR[:PORT[:CLOSEDPORT]]", o may be NULL.
 * TC_ERR_INVAL for a bad spec, or an ADDR of the family o does not run.
 */
enum tc_err tc_target_host_new(const char *args,
	    const struct tc_target_opts *o, struct tc_target **out,
	    struct tc_diag *diag);
/*
 * lwIP on a TAP device in throwaway namespaces (target_lwip.c), driven by
 * the stacks/lwip server; no args.  TC_ERR_UNSUPPORTED when the server was
 * not built (no liblwip-dev) and $TCPCONFORM_LWIP names none.
 */
enum tc_err tc_target_lwip_new(const char *args, struct tc_target **out,
	    struct tc_diag *diag);
/*
 * libslirp's TCP (target_slirp.c): stacks/slirp/tcpconform-slirp on a TAP
 * device; no args.  TC_ERR_UNSUPPORTED when the driver cannot be found.
 */
enum tc_err tc_target_slirp_new(const char *args, struct tc_target **out,
	    struct tc_diag *diag);
/*
 * gVisor's netstack (target_gvisor.c): runsc runs tcpconform-agent in a
 * sandbox whose network is one of our namespaces, in o's family (o may be
 * NULL: IPv4); no args.  TC_ERR_UNSUPPORTED when runsc or the agent
 * cannot be found.
 */
enum tc_err tc_target_gvisor_new(const char *args,
	    const struct tc_target_opts *o, struct tc_target **out,
	    struct tc_diag *diag);

/*
 * A remote host running tcpconform-agent (target_agent.c); args is
 * "ADDR:PORT", o->agent_secret the shared secret's file.  Connects once
 * to check the secret: TC_ERR_PERM "authentication failed", TC_ERR_SYS
 * for an agent that does not answer, TC_ERR_INVAL for a bad spec.
 */
enum tc_err tc_target_agent_new(const char *args,
	    const struct tc_target_opts *o, struct tc_target **out,
	    struct tc_diag *diag);

/*
 * Opens the target named by a --target SPEC: "netns", "host:ADDR[:PORT]",
 * ... (engine/targets.c lists them); o may be NULL.  TC_ERR_INVAL with a
 * diag listing the known kinds for an unknown one.
 */
enum tc_err tc_target_open(const char *spec, const struct tc_target_opts *o,
	    struct tc_target **out, struct tc_diag *diag);
/* One line per target kind, for --help. */
extern const char tc_target_help[];

#endif /* TC_TARGET_H */

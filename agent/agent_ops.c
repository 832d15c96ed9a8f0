/*
 * agent_ops.c - tcpconform-agent's requests performed with real sockets:
 * the same calls, options and errors as engine/target_netns.c.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "agent_serve_int.h"
#include "netns.h"
#include "sockdiag.h"
#include "sockopt.h"

/* Our verbs get the embedded tc_agent_srv back: the srv around it. */
static struct srv *
srv_of(struct tc_agent_srv *b)
{
	return (struct srv *)b;
}

/* ---- the socket table ------------------------------------------------ */

void
tc__srv_socks_init(struct srv *s)
{
	tc_sockact_init(&s->base.socks, SRV_SOCKS, "socket", tc_agent_name_valid);
}

void
tc__srv_reset(struct srv *s)
{
	struct tc_diag d;

	s->base.wlen = 0;
	tc_sockact_clear(&s->base.socks);
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

/* "maxseg=536" ... from word `first` on. */
static enum tc_err
opts_arg(const struct tc_agent_req *r, size_t first, struct tc_sockopt *opts,
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
		if (tc_agent_arg_num(eq + 1, "option value", 0x7fffffff, &v, diag))
			return TC_ERR_INVAL;
		opts[(*n)++].value = (int)v;
	}
	return TC_OK;
}

/* ---- the requests ---------------------------------------------------- */

/*
 * The open callback of LISTEN and CONNECT: a socket with the options from
 * word optw on, bound to our address and port.
 */
struct open_arg {
	struct srv		*s;	/* (borrowed) */
	const struct tc_agent_req *r;	/* (borrowed) */
	size_t			optw;
	unsigned long		port;
};

static enum tc_err
open_bound(void *arg, const char *verb, const char *name, int *out,
    struct tc_diag *diag)
{
	struct open_arg *o = arg;
	struct tc_sockopt opts[TC_ACTION_OPTS_MAX];
	struct sockaddr_storage ss;
	enum tc_err err;
	size_t nopts;

	*out = -1;
	if ((err = opts_arg(o->r, o->optw, opts, &nopts, diag)) != TC_OK)
		return err;
	tc_sockact_sockaddr(&o->s->local, (uint16_t)o->port, &ss);
	*out = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    IPPROTO_TCP);
	if (*out < 0) {
		tc_diag_errno(diag, "%s %s: socket", verb, name);
		return TC_ERR_SYS;
	}
	err = tc_sockact_bind(*out, &ss, opts, nopts, verb, name, diag);
	if (err)
		*out = -1;
	return err;
}

/* LISTEN name port backlog [opt=val ...] */
static enum tc_err
op_listen(struct tc_agent_srv *b, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	struct srv *s = srv_of(b);
	struct open_arg o = { s, r, 4, 0 };
	unsigned long backlog;
	enum tc_err err;

	if ((err = tc_agent_arg_num(r->w[2], "port", 65535, &o.port, diag)) ||
	    (err = tc_agent_arg_num(r->w[3], "backlog", 65535, &backlog, diag)))
		return err;
	return tc_sockact_listen(&s->base.socks, r->w[1], (int)backlog, open_bound,
	    &o, diag);
}

/* CONNECT name lport raddr rport [opt=val ...] */
static enum tc_err
op_connect(struct tc_agent_srv *b, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	struct srv *s = srv_of(b);
	struct open_arg o = { s, r, 5, 0 };
	struct sockaddr_storage ss;
	unsigned long rport;
	struct tc_addr peer;
	enum tc_err err;

	if ((err = tc_agent_arg_num(r->w[2], "port", 65535, &o.port, diag)) ||
	    (err = tc_agent_arg_num(r->w[4], "port", 65535, &rport, diag)))
		return err;
	if (!tc_addr_parse(&peer, r->w[3]) ||
	    peer.family != s->local.family) {
		tc_diag_set(diag, "connect: bad address '%.46s'", r->w[3]);
		return TC_ERR_INVAL;
	}
	tc_sockact_sockaddr(&peer, (uint16_t)rport, &ss);
	return tc_sockact_connect(&s->base.socks, r->w[1], &ss, open_bound, &o,
	    diag);
}

/* SETOPT name opt=val ... */
static enum tc_err
op_setopt(struct tc_agent_srv *b, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	struct srv *s = srv_of(b);
	struct tc_sockopt opts[TC_ACTION_OPTS_MAX];
	struct tc_sockact_ent *e;
	enum tc_err err;
	size_t n;

	if ((err = tc_sockact_lookup(&s->base.socks, "setsockopt", r->w[1], &e,
	    diag)) ||
	    (err = opts_arg(r, 2, opts, &n, diag)))
		return err;
	return tc_sockopt_apply(e->fd, opts, n, r->w[1], diag);
}

/* STATE laddr lport raddr rport */
static enum tc_err
op_state(struct tc_agent_srv *b, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	struct srv *s = srv_of(b);
	struct tc_tuple t;
	unsigned long lp, rp;
	enum tc_fsm_state st;
	bool listening = false;
	enum tc_err err;

	if ((err = tc_agent_arg_num(r->w[2], "port", 65535, &lp, diag)) ||
	    (err = tc_agent_arg_num(r->w[4], "port", 65535, &rp, diag)))
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
	snprintf(s->base.out, sizeof(s->base.out), "STATE %s%s", tc_fsm_state_name(st),
	    st == TC_FSM_CLOSED && listening ? " listening" : "");
	return TC_OK;
}

/* SYSCTL name value: net.* only, the old value restored at RESET. */
static enum tc_err
op_sysctl(struct tc_agent_srv *b, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	struct srv *s = srv_of(b);
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
op_reset(struct tc_agent_srv *b, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	struct srv *s = srv_of(b);
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
static const struct tc_agent_verb verbs[] = {
	{ "LISTEN", 4, 4 + TC_ACTION_OPTS_MAX, op_listen },
	{ "ACCEPT", 4, 4, tc_agent_verb_accept },
	{ "CONNECT", 5, 5 + TC_ACTION_OPTS_MAX, op_connect },
	{ "WRITE", 3, 4, tc_agent_verb_write },
	{ "READ", 4, 4, tc_agent_verb_read },
	{ "SHUTDOWN", 3, 3, tc_agent_verb_shutdown },
	{ "CLOSE", 2, 2, tc_agent_verb_close },
	{ "ABORT", 2, 2, tc_agent_verb_abort },
	{ "SETOPT", 3, 2 + TC_ACTION_OPTS_MAX, op_setopt },
	{ "STATE", 5, 5, op_state },
	{ "SYSCTL", 3, 3, op_sysctl },
	{ "RESET", 1, 1, op_reset },
	{ "BYE", 1, 1, NULL },
};

bool
tc__srv_serve_line(struct srv *s)
{
	bool bye;

	tc_agent_serve_line(verbs, sizeof(verbs) / sizeof(verbs[0]), &s->base,
	    s->line, &bye);
	return bye;
}

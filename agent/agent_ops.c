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
	tc_sockact_init(&s->socks, SRV_SOCKS, "socket", tc_agent_name_valid);
}

void
tc__srv_reset(struct srv *s)
{
	struct tc_diag d;

	s->wlen = 0;
	tc_sockact_clear(&s->socks);
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

/* ---- the requests ---------------------------------------------------- */

/*
 * The open callback of LISTEN and CONNECT: a socket with the options from
 * word optw on, bound to our address and port.
 */
struct open_arg {
	struct srv		*s;	/* (borrowed) */
	const struct req	*r;	/* (borrowed) */
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
op_listen(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	struct open_arg o = { s, r, 4, 0 };
	unsigned long backlog;
	enum tc_err err;

	if ((err = num_arg(r->w[2], "port", 65535, &o.port, diag)) ||
	    (err = num_arg(r->w[3], "backlog", 65535, &backlog, diag)))
		return err;
	return tc_sockact_listen(&s->socks, r->w[1], (int)backlog, open_bound,
	    &o, diag);
}

/* ACCEPT listener name timeout_ms */
static enum tc_err
op_accept(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	struct tc_action_result res;
	unsigned long ms;
	enum tc_err err;

	if ((err = num_arg(r->w[3], "timeout", TIMEOUT_MAX_MS, &ms, diag)))
		return err;
	err = tc_sockact_accept(&s->socks, r->w[1], r->w[2], NULL, &res, diag);
	if (err == TC_ERR_AGAIN &&
	    !(err = tc_sockact_wait(&res, ms, "accept", r->w[1], diag)))
		err = tc_sockact_accept(&s->socks, r->w[1], r->w[2], NULL,
		    &res, diag);
	if (err == TC_ERR_AGAIN) {
		tc_diag_set(diag, "accept %s: no connection", r->w[1]);
		return TC_ERR_TIMEOUT;
	}
	return err;
}

/* CONNECT name lport raddr rport [opt=val ...] */
static enum tc_err
op_connect(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	struct open_arg o = { s, r, 5, 0 };
	struct sockaddr_storage ss;
	unsigned long rport;
	struct tc_addr peer;
	enum tc_err err;

	if ((err = num_arg(r->w[2], "port", 65535, &o.port, diag)) ||
	    (err = num_arg(r->w[4], "port", 65535, &rport, diag)))
		return err;
	if (!tc_addr_parse(&peer, r->w[3]) ||
	    peer.family != s->local.family) {
		tc_diag_set(diag, "connect: bad address '%.46s'", r->w[3]);
		return TC_ERR_INVAL;
	}
	tc_sockact_sockaddr(&peer, (uint16_t)rport, &ss);
	return tc_sockact_connect(&s->socks, r->w[1], &ss, open_bound, &o,
	    diag);
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
	struct tc_action_result res;
	struct tc_sockact_ent *e;
	enum tc_err err;

	if (r->n == 4 && strcmp(r->w[3], "+") != 0) {
		tc_diag_set(diag, "write %s: '%.10s' is not '+'", r->w[1],
		    r->w[3]);
		return TC_ERR_INVAL;
	}
	err = tc_sockact_lookup(&s->socks, "write", r->w[1], &e, diag);
	if (!err)
		err = write_hold(s, r, diag);
	if (err || r->n == 4) {
		if (err)
			s->wlen = 0;
		snprintf(s->out, sizeof(s->out), "OK %zu", s->wlen);
		return err;
	}
	err = tc_sockact_write(&s->socks, r->w[1], s->wbuf, s->wlen, &res,
	    diag);
	if (err == TC_ERR_AGAIN &&
	    !(err = tc_sockact_wait(&res, WRITE_WAIT_MS, "write", r->w[1],
	    diag)))
		err = tc_sockact_write(&s->socks, r->w[1], s->wbuf, s->wlen,
		    &res, diag);
	s->wlen = 0;
	if (err == TC_ERR_AGAIN) {	/* ready, yet full again */
		errno = EAGAIN;
		tc_diag_errno(diag, "write %s", r->w[1]);
		return TC_ERR_SYS;
	}
	if (err)
		return err;
	snprintf(s->out, sizeof(s->out), "OK %zu", res.n);
	return TC_OK;
}

/* READ name maxlen timeout_ms */
static enum tc_err
op_read(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	struct tc_action_result res;
	unsigned long max, ms;
	enum tc_err err;

	if ((err = num_arg(r->w[2], "length", TC_AGENT_DATA_MAX, &max,
	    diag)) ||
	    (err = num_arg(r->w[3], "timeout", TIMEOUT_MAX_MS, &ms, diag)))
		return err;
	if (max == 0)
		max = TC_AGENT_DATA_MAX;
	err = tc_sockact_read(&s->socks, r->w[1], max, &res, diag);
	if (err == TC_ERR_AGAIN &&
	    !(err = tc_sockact_wait(&res, ms, "read", r->w[1], diag)))
		err = tc_sockact_read(&s->socks, r->w[1], max, &res, diag);
	if (err == TC_ERR_AGAIN) {
		tc_diag_set(diag, "read %s: no data", r->w[1]);
		return TC_ERR_TIMEOUT;
	}
	if (err)
		return err;
	if (res.eof) {
		snprintf(s->out, sizeof(s->out), "EOF");
		return TC_OK;
	}
	memcpy(s->out, "DATA ", 5);
	tc_agent_hex_encode(res.buf, res.n, s->out + 5);
	return TC_OK;
}

/* SHUTDOWN name rd|wr|rdwr */
static enum tc_err
op_shutdown(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	static const char *const how[] = { "rd", "wr", "rdwr" };
	int h;

	for (h = 0; h < 3 && strcmp(r->w[2], how[h]) != 0; h++)
		continue;
	if (h == 3) {
		tc_diag_set(diag, "shutdown: '%.10s' is not rd, wr or rdwr",
		    r->w[2]);
		return TC_ERR_INVAL;
	}
	return tc_sockact_shutdown(&s->socks, r->w[1], h, diag);
}

/* CLOSE name */
static enum tc_err
op_close(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	return tc_sockact_close(&s->socks, r->w[1], false, diag);
}

/* ABORT name: SO_LINGER {1, 0} makes close() send a RST. */
static enum tc_err
op_abort(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	return tc_sockact_close(&s->socks, r->w[1], true, diag);
}

/* SETOPT name opt=val ... */
static enum tc_err
op_setopt(struct srv *s, const struct req *r, struct tc_diag *diag)
{
	struct tc_sockopt opts[TC_ACTION_OPTS_MAX];
	struct tc_sockact_ent *e;
	enum tc_err err;
	size_t n;

	if ((err = tc_sockact_lookup(&s->socks, "setsockopt", r->w[1], &e,
	    diag)) ||
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

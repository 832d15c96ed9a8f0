/*
 * target_agent.c - a remote host with tcpconform-agent running on it:
 * `--target agent:ADDR:PORT --agent-secret FILE`.
 *
 *   tester (this host) --- routed link (as target_host.c) ---> ADDR
 *        \___ control connection, one per testcase ______/  agent :PORT
 *
 * The link (interface, addresses, next hop's MAC, the nftables guard that
 * keeps this host's kernel from resetting the target's segments) is the
 * host target's: we open one and take its session's link.  Its guard
 * covers the listening and closed ports it was given; we add one rule for
 * every port the runner draws for a target (runner.c), so the agent's
 * own port must lie outside those.  Each testcase gets a control
 * connection of its own (the agent forks per client), RESET at open;
 * actions and `state` go over it (agent_client.h).
 */
#include <nftables/libnftables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent_client.h"
#include "agent_proto.h"
#include "target.h"

/* runner.c draws a testcase's target port from here. */
#define TARGET_PORT_MIN		10000
#define TARGET_PORT_COUNT	20000
#define DIAL_MS			3000

struct agent_target {
	struct tc_target base;		/* first */
	struct tc_addr	addr;
	uint16_t	port;
	uint8_t		secret[TC_AGENT_SECRET_MAX];
	size_t		secret_len;
	struct tc_target *host;		/* (owned) gives the link */
	bool		guarded;	/* our rule is in the host's table */
};

struct tc_session {
	struct agent_target *t;		/* (borrowed) */
	struct tc_session *hs;		/* (owned) the host target's */
	struct tc_agent_client *c;	/* (owned) */
};

static struct agent_target *
agent_of(struct tc_target *t)
{
	return (struct agent_target *)t;
}

/* "ADDR:PORT" (ADDR may be [IPv6]). */
static enum tc_err
parse_spec(struct agent_target *a, const char *args, struct tc_diag *diag)
{
	char host[TC_ADDR_STRLEN + 2];
	const char *colon = args ? strrchr(args, ':') : NULL;
	unsigned long port;
	size_t len, bracket;

	if (colon == NULL || !tc_agent_num(colon + 1, 65535, &port) ||
	    port == 0 || (len = (size_t)(colon - args)) == 0 ||
	    len >= sizeof(host)) {
		tc_diag_set(diag, "target agent: expected agent:ADDR:PORT, "
		    "got '%s'", args ? args : "");
		return TC_ERR_INVAL;
	}
	bracket = args[0] == '[' && args[len - 1] == ']' && len > 2;
	memcpy(host, args + bracket, len - 2 * bracket);
	host[len - 2 * bracket] = '\0';
	if (!tc_addr_parse(&a->addr, host)) {
		tc_diag_set(diag, "target agent: '%s' is not an address",
		    host);
		return TC_ERR_INVAL;
	}
	if (a->addr.family == TC_AF_INET6 && !bracket) {
		tc_diag_set(diag, "target agent: write an IPv6 address in "
		    "brackets: agent:[%s]:PORT", host);
		return TC_ERR_INVAL;
	}
	if (port >= TARGET_PORT_MIN &&
	    port < TARGET_PORT_MIN + TARGET_PORT_COUNT) {
		tc_diag_set(diag, "target agent: port %lu is among the ports "
		    "testcases use (%d-%d); run the agent on another", port,
		    TARGET_PORT_MIN, TARGET_PORT_MIN + TARGET_PORT_COUNT - 1);
		return TC_ERR_INVAL;
	}
	a->port = (uint16_t)port;
	return TC_OK;
}

/*
 * Adds the rule for the runner's target ports to the host target's guard
 * table (host_net.h: "tcpconform_<pid>", deleted with it).
 */
static enum tc_err
guard_ports(struct agent_target *a, struct tc_diag *diag)
{
	char cmd[256], addr[TC_ADDR_STRLEN];
	struct nft_ctx *nft;
	int rc;

	snprintf(cmd, sizeof(cmd), "add rule inet tcpconform_%ld input "
	    "%s saddr %s tcp sport %d-%d tcp dport %d-%d counter drop\n",
	    (long)getpid(), a->addr.family == TC_AF_INET6 ? "ip6" : "ip",
	    tc_addr_format(&a->addr, addr, sizeof(addr)), TARGET_PORT_MIN,
	    TARGET_PORT_MIN + TARGET_PORT_COUNT - 1, TC_TESTER_PORT_MIN,
	    TC_TESTER_PORT_MIN + TC_TESTER_PORT_COUNT - 1);
	if ((nft = nft_ctx_new(NFT_CTX_DEFAULT)) == NULL) {
		tc_diag_set(diag, "target agent: nft_ctx_new failed");
		return TC_ERR_NOMEM;
	}
	nft_ctx_buffer_error(nft);
	rc = nft_run_cmd_from_buffer(nft, cmd);
	if (rc != 0)
		tc_diag_set(diag, "target agent: nftables guard: %.120s",
		    nft_ctx_get_error_buffer(nft));
	nft_ctx_free(nft);
	if (rc != 0)
		return TC_ERR_SYS;
	a->guarded = true;
	return TC_OK;
}

/*
 * The link: the host target's session (route, MACs, guard), and our
 * guard rule once.  The one call to rewire when the host target grows an
 * API for it.
 */
static enum tc_err
agent_link(struct agent_target *a, const struct tc_session_conf *conf,
    struct tc_session *s, struct tc_link *link, struct tc_diag *diag)
{
	enum tc_err err;

	err = tc_target_session_open(a->host, conf, &s->hs, link, diag);
	if (!err && !a->guarded)
		err = guard_ports(a, diag);
	/* Every port is ours to choose: the agent listens where told. */
	link->listen_port = 0;
	link->closed_port = 0;
	return err;
}

static void
agent_session_close(struct tc_session *s)
{
	if (s == NULL)
		return;
	tc_agent_client_free(s->c);
	if (s->hs != NULL)
		tc_target_session_close(s->t->host, s->hs);
	free(s);
}

/* Prefixes the agent's address to what went wrong. */
static enum tc_err
agent_fail(struct agent_target *a, enum tc_err err, const struct tc_diag *d,
    struct tc_diag *diag)
{
	char addr[TC_ADDR_STRLEN];

	tc_diag_set(diag, "agent %s:%u: %s", tc_addr_format(&a->addr, addr,
	    sizeof(addr)), a->port, d->msg[0] ? d->msg : tc_strerror(err));
	return err;
}

static enum tc_err
agent_session_open(struct tc_target *t, const struct tc_session_conf *conf,
    struct tc_session **out, struct tc_link *link, struct tc_diag *diag)
{
	struct agent_target *a = agent_of(t);
	struct tc_session *s;
	struct tc_diag d;
	enum tc_err err;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		tc_diag_set(diag, "agent session: out of memory");
		return TC_ERR_NOMEM;
	}
	s->t = a;
	err = agent_link(a, conf, s, link, diag);
	tc_diag_init(&d);
	if (!err)
		err = tc_agent_client_dial(&a->addr, a->port, a->secret,
		    a->secret_len, &link->local_addr, DIAL_MS, &s->c, &d);
	if (!err)
		err = tc_agent_client_call(s->c, "RESET", NULL, 0,
		    TC_AGENT_CALL_MS, &d);
	if (err) {
		if (d.msg[0] != '\0')
			agent_fail(a, err, &d, diag);
		agent_session_close(s);
		return err;
	}
	*out = s;
	return TC_OK;
}

static enum tc_err
agent_act(struct tc_session *s, const struct tc_action *a,
    struct tc_action_result *res, struct tc_diag *diag)
{
	return tc_agent_client_act(s->c, a, res, diag);
}

static enum tc_err
agent_state(struct tc_session *s, const struct tc_tuple *tuple,
    enum tc_fsm_state *out, bool *listening, struct tc_diag *diag)
{
	return tc_agent_client_state(s->c, tuple, out, listening, diag);
}

static void
agent_describe(struct tc_target *t, char *buf, size_t cap)
{
	struct agent_target *a = agent_of(t);
	char addr[TC_ADDR_STRLEN];

	if (cap == 0)
		return;
	snprintf(buf, cap, "host %s with tcpconform-agent on port %u",
	    tc_addr_format(&a->addr, addr, sizeof(addr)), a->port);
}

static void
agent_free(struct tc_target *t)
{
	struct agent_target *a = agent_of(t);

	tc_target_free(a->host);
	memset(a->secret, 0, sizeof(a->secret));
	free(a);
}

static const struct tc_target_ops agent_ops = {
	.name = "agent",
	.caps = TC_TARGET_CAP_ACT | TC_TARGET_CAP_STATE |
	    TC_TARGET_CAP_LISTEN,
	.session_open = agent_session_open,
	.session_close = agent_session_close,
	.act = agent_act,
	.state = agent_state,
	.describe = agent_describe,
	.free = agent_free,
};

/*
 * Checks the agent answers and takes the secret before any testcase runs:
 * a wrong secret is TC_ERR_PERM "authentication failed".
 */
static enum tc_err
probe(struct agent_target *a, struct tc_diag *diag)
{
	struct tc_agent_client *c;
	struct tc_diag d;
	enum tc_err err;

	tc_diag_init(&d);
	err = tc_agent_client_dial(&a->addr, a->port, a->secret,
	    a->secret_len, NULL, DIAL_MS, &c, &d);
	if (!err)
		err = tc_agent_client_call(c, "BYE", NULL, 0,
		    TC_AGENT_CALL_MS, &d);
	tc_agent_client_free(c);
	return err ? agent_fail(a, err, &d, diag) : TC_OK;
}

enum tc_err
tc_target_agent_new(const char *args, const struct tc_target_opts *o,
    struct tc_target **out, struct tc_diag *diag)
{
	char spec[TC_ADDR_STRLEN + 32], addr[TC_ADDR_STRLEN];
	struct agent_target *a;
	enum tc_err err;

	*out = NULL;
	if ((a = calloc(1, sizeof(*a))) == NULL) {
		tc_diag_set(diag, "agent target: out of memory");
		return TC_ERR_NOMEM;
	}
	a->base.ops = &agent_ops;
	err = parse_spec(a, args, diag);
	if (!err && (o == NULL || o->agent_secret == NULL)) {
		tc_diag_set(diag, "target agent needs --agent-secret FILE");
		err = TC_ERR_INVAL;
	}
	if (!err)
		err = tc_agent_secret_read(o->agent_secret, a->secret,
		    sizeof(a->secret), &a->secret_len, diag);
	/* The host target's listening and closed ports: inside our rule. */
	tc_addr_format(&a->addr, addr, sizeof(addr));
	snprintf(spec, sizeof(spec), a->addr.family == TC_AF_INET6 ?
	    "[%s]:%d,%d" : "%s:%d,%d", addr, TARGET_PORT_MIN,
	    TARGET_PORT_MIN + 1);
	if (!err)
		err = tc_target_host_new(spec, o, &a->host, diag);
	if (!err)
		err = probe(a, diag);
	if (err) {
		agent_free(&a->base);
		return err;
	}
	*out = &a->base;
	return TC_OK;
}

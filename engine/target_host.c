/*
 * target_host.c - a remote host, black box, reached by routing from the
 * tester's current network namespace: `--target host:ADDR[:PORT[:CLOSED]]`
 * (an IPv6 ADDR in brackets; the ports are 80 and PORT+1 by default).
 *
 *   tester (this host)                 router(s)             target
 *   IF  SRC = the route's source  ---> next hop MAC ---> ... ADDR:PORT
 *
 * The kernel's routing picks the interface, the source address and the
 * next hop; the next hop's MAC comes from the neighbour table, or from one
 * ARP exchange when the kernel does not know it yet.  SRC is the kernel's
 * own address, so an nftables guard (host_net.h) keeps the kernel from
 * resetting what the target sends to the tester's ports.  The host has a
 * listener on PORT and nothing on CLOSED: `target listen` and `accept`
 * need nothing more (its kernel completes handshakes without accept());
 * every other action is beyond a black box, and `state` is inferred from
 * the reference model.  Nothing is sent to ADDR but what testcases send.
 */
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "host_net.h"
#include "neigh.h"
#include "rtnl.h"
#include "target.h"

#define DEFAULT_PORT	80
#define NEIGH_TIMEOUT_MS	3000

struct host_target {
	struct tc_target base;		/* first */
	struct tc_addr	addr;
	uint16_t	port;
	uint16_t	closed_port;
	bool		closed_given;
	bool		prepared;	/* the first session has run */
	enum tc_err	prep_err;	/* its outcome, repeated after */
	char		prep_msg[256];
	char		guard[32];	/* our nft table; "" when none */
	struct tc_link	link;		/* every session's */
};

struct tc_session {
	struct host_target *t;		/* (borrowed) */
};

static struct host_target *
host_of(struct tc_target *t)
{
	return (struct host_target *)t;
}

/* ---- the spec: ADDR[:PORT[:CLOSEDPORT]] ------------------------------ */

static enum tc_err
parse_port(const char *text, size_t len, const char *what, uint16_t *out,
    struct tc_diag *diag)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; i < len && text[i] >= '0' && text[i] <= '9'; i++)
		if ((v = v * 10 + (unsigned long)(text[i] - '0')) > 65535)
			break;
	if (len == 0 || i != len || v == 0) {
		tc_diag_set(diag, "target host: bad %s '%.*s' (1 to 65535)",
		    what, (int)len, text);
		return TC_ERR_INVAL;
	}
	*out = (uint16_t)v;
	return TC_OK;
}

/* Splits "ADDR" or "[ADDR]" off the spec; *rest points past it. */
static enum tc_err
split_addr(const char *args, char *addr, size_t cap, const char **rest,
    struct tc_diag *diag)
{
	struct tc_addr v6;
	const char *end;
	size_t len;

	if (args[0] == '[') {
		end = strchr(args, ']');
		len = end != NULL ? (size_t)(end - args - 1) : 0;
		*rest = end != NULL ? end + 1 : "";
		args++;
	} else {
		len = strcspn(args, ":");
		*rest = args + len;
		if (tc_addr_parse(&v6, args)) {
			tc_diag_set(diag, "target host: write an IPv6 address "
			    "in brackets: host:[ADDR]:PORT");
			return TC_ERR_INVAL;
		}
	}
	if (len == 0 || len >= cap || (**rest != '\0' && **rest != ':')) {
		tc_diag_set(diag, "target host: expected ADDR[:PORT[:"
		    "CLOSEDPORT]], got '%s'", args);
		return TC_ERR_INVAL;
	}
	memcpy(addr, args, len);
	addr[len] = '\0';
	return TC_OK;
}

/* Refuses what cannot be a remote unicast host. */
static enum tc_err
check_addr(const struct tc_addr *a, const char *text, struct tc_diag *diag)
{
	const uint8_t *b = a->bytes;

	static const uint8_t v4mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const uint8_t zero[16];

	if (a->family == TC_AF_INET6) {
		/* ::, ::1, v4-mapped, link-local fe80::/10, multicast */
		if ((memcmp(b, zero, 15) == 0 && b[15] <= 1) ||
		    memcmp(b, v4mapped, 12) == 0 ||
		    (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) || b[0] == 0xff) {
			tc_diag_set(diag, "target host: %s is not a global "
			    "unicast address of a remote host", text);
			return TC_ERR_INVAL;
		}
		return TC_OK;
	}
	if (b[0] == 0 || b[0] == 127 || b[0] >= 224) {
		tc_diag_set(diag, "target host: %s is not a unicast address "
		    "of a remote host", text);
		return TC_ERR_INVAL;
	}
	return TC_OK;
}

static enum tc_err
parse_spec(struct host_target *h, const char *args, struct tc_diag *diag)
{
	char text[TC_ADDR_STRLEN];
	const char *rest, *sep;
	enum tc_err err;
	size_t len;

	if (args == NULL || *args == '\0') {
		tc_diag_set(diag, "target host needs an address: "
		    "host:ADDR[:PORT[:CLOSEDPORT]]");
		return TC_ERR_INVAL;
	}
	if ((err = split_addr(args, text, sizeof(text), &rest, diag)))
		return err;
	if (!tc_addr_parse(&h->addr, text)) {
		tc_diag_set(diag, "target host: '%s' is not an IPv4 or IPv6 "
		    "address (names are not resolved)", text);
		return TC_ERR_INVAL;
	}
	if ((err = check_addr(&h->addr, text, diag)))
		return err;
	h->port = DEFAULT_PORT;
	if (*rest == ':') {
		rest++;
		/* PORT:CLOSED; PORT,CLOSED too where no list splits on ','. */
		sep = strpbrk(rest, ":,");
		len = sep != NULL ? (size_t)(sep - rest) : strlen(rest);
		if ((err = parse_port(rest, len, "port", &h->port, diag)))
			return err;
		if (sep != NULL && (err = parse_port(sep + 1,
		    strlen(sep + 1), "closed port", &h->closed_port, diag)))
			return err;
		h->closed_given = sep != NULL;
	}
	if (!h->closed_given)
		h->closed_port = h->port < 65535 ? h->port + 1 : h->port - 1;
	if (h->closed_port == h->port) {
		tc_diag_set(diag, "target host: the closed port must differ "
		    "from the listening port %u", h->port);
		return TC_ERR_INVAL;
	}
	return TC_OK;
}

/* ---- the link: interface, addresses, next hop ------------------------ */

static enum tc_err
route_to(struct host_target *h, struct tc_rtnl *r, struct tc_rtnl_route *rt,
    struct tc_diag *diag)
{
	char a[TC_ADDR_STRLEN];
	enum tc_err err;

	tc_addr_format(&h->addr, a, sizeof(a));
	err = tc_rtnl_route_get(r, &h->addr, rt, diag);
	if (err == TC_ERR_NOTFOUND)
		tc_diag_set(diag, "target host: no route to %s", a);
	if (err)
		return err;
	if (rt->type != RTN_UNICAST) {
		tc_diag_set(diag, "target host: %s is not a remote host (route "
		    "type %u%s)", a, rt->type, rt->type == RTN_LOCAL ?
		    ", an address of this host" : "");
		return TC_ERR_INVAL;
	}
	if (rt->prefsrc.family != h->addr.family) {
		tc_diag_set(diag, "target host: the route to %s gives no "
		    "source address", a);
		return TC_ERR_INVAL;
	}
	return TC_OK;
}

static enum tc_err
resolve_link(struct host_target *h, struct tc_link *l, struct tc_diag *diag)
{
	struct tc_rtnl_route rt;
	const struct tc_addr *hop;
	struct tc_rtnl *r;
	enum tc_err err;
	bool known = false;
	int ifindex = 0;

	if ((err = tc_rtnl_new(-1, &r, diag)) != TC_OK)
		return err;
	err = route_to(h, r, &rt, diag);
	if (!err && if_indextoname((unsigned)rt.ifindex, l->ifname) == NULL) {
		tc_diag_errno(diag, "target host: interface %d", rt.ifindex);
		err = TC_ERR_SYS;
	}
	if (!err)
		err = tc_rtnl_link_get(r, l->ifname, &ifindex, l->local_mac,
		    diag);
	hop = rt.gateway.family != TC_AF_NONE ? &rt.gateway : &h->addr;
	if (!err)
		err = tc_rtnl_neigh_get(r, ifindex, hop, l->peer_mac, &known,
		    diag);
	if (!err && !known) {
		struct tc_neigh_query q = { .ifindex = ifindex,
		    .ifname = l->ifname, .mac = l->local_mac,
		    .src = &rt.prefsrc, .ip = hop };

		err = tc_neigh_resolve(&q, NEIGH_TIMEOUT_MS, l->peer_mac,
		    diag);
	}
	tc_rtnl_free(r);
	l->netns_fd = -1;
	l->local_addr = rt.prefsrc;
	l->target_addr = h->addr;
	l->listen_port = h->port;
	l->closed_port = h->closed_port;
	return err;
}

/*
 * Once per run, at the first session: sweep stale guard tables, find the
 * link, install our guard.  Later sessions share the outcome, a failure
 * too (without waiting for ARP again).
 */
static enum tc_err
prepare(struct host_target *h, struct tc_diag *diag)
{
	struct tc_host_guard_spec g = { .target = h->addr,
	    .ports = { h->port, h->closed_port },
	    .sport_min = TC_TESTER_PORT_MIN,
	    .sport_max = TC_TESTER_PORT_MIN + TC_TESTER_PORT_COUNT - 1 };
	struct tc_diag d;
	enum tc_err err;

	tc_diag_init(&d);
	err = tc_host_guard_sweep(&d);
	if (!err)
		err = resolve_link(h, &h->link, &d);
	if (!err)
		err = tc_host_guard_add(&g, h->guard, sizeof(h->guard), &d);
	if (err)
		h->guard[0] = '\0';
	h->prepared = true;
	h->prep_err = err;
	snprintf(h->prep_msg, sizeof(h->prep_msg), "%s", d.msg);
	if (err)
		tc_diag_set(diag, "%s", d.msg);
	return err;
}

/* ---- the vtable ------------------------------------------------------ */

static enum tc_err
host_session_open(struct tc_target *t, const struct tc_session_conf *conf,
    struct tc_session **out, struct tc_link *link, struct tc_diag *diag)
{
	struct host_target *h = host_of(t);
	struct tc_session *s;

	*out = NULL;
	if (conf != NULL && conf->fault_rules != NULL) {
		tc_diag_set(diag, "target host: --fault needs a path the "
		    "tester owns; a remote host is reached by routing");
		return TC_ERR_UNSUPPORTED;
	}
	if (!h->prepared)
		prepare(h, diag);
	if (h->prep_err) {
		tc_diag_set(diag, "%s", h->prep_msg);
		return h->prep_err;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		tc_diag_set(diag, "host session: out of memory");
		return TC_ERR_NOMEM;
	}
	s->t = h;
	*link = h->link;
	*out = s;
	return TC_OK;
}

static void
host_session_close(struct tc_session *s)
{
	free(s);
}

/* The host listens already, and its kernel completes handshakes itself. */
static enum tc_err
host_act(struct tc_session *s, const struct tc_action *a,
    struct tc_action_result *res, struct tc_diag *diag)
{
	(void)s;
	res->wait_fd = -1;
	res->wait_events = 0;
	res->n = 0;
	res->eof = false;
	if ((a->kind == TC_ACT_LISTEN && a->nopts == 0) ||
	    a->kind == TC_ACT_ACCEPT)
		return TC_OK;
	tc_diag_set(diag, "a black-box host performs no target-side "
	    "socket actions but listen and accept");
	return TC_ERR_UNSUPPORTED;
}

static void
host_describe(struct tc_target *t, char *buf, size_t cap)
{
	struct host_target *h = host_of(t);
	char a[TC_ADDR_STRLEN];

	if (cap == 0)
		return;
	snprintf(buf, cap, "host %s (black box, port %u, closed port %u%s)",
	    tc_addr_format(&h->addr, a, sizeof(a)), h->port, h->closed_port,
	    h->closed_given ? "" : " assumed");
}

static void
host_free(struct tc_target *t)
{
	struct host_target *h = host_of(t);
	struct tc_diag d;

	tc_diag_init(&d);
	if (h->guard[0] != '\0' && tc_host_guard_del(h->guard, &d) != TC_OK)
		fprintf(stderr, "tcpconform: %s\n", d.msg);
	free(h);
}

static const struct tc_target_ops host_ops = {
	.name = "host",
	.caps = TC_TARGET_CAP_LISTEN,
	.session_open = host_session_open,
	.session_close = host_session_close,
	.act = host_act,
	.state = NULL,
	.describe = host_describe,
	.free = host_free,
};

/* The run's family is the address's: say which flag is missing. */
static enum tc_err
check_family(const struct host_target *h, const struct tc_target_opts *o,
    struct tc_diag *diag)
{
	enum tc_family run = o != NULL && o->family == TC_AF_INET6 ?
	    TC_AF_INET6 : TC_AF_INET;
	char a[TC_ADDR_STRLEN];

	if (h->addr.family == run)
		return TC_OK;
	tc_addr_format(&h->addr, a, sizeof(a));
	if (run == TC_AF_INET6)
		tc_diag_set(diag, "target host: %s is an IPv4 address, and "
		    "--ipv6 runs over IPv6: give the host's IPv6 address",
		    a);
	else
		tc_diag_set(diag, "target host: %s is an IPv6 address: add "
		    "--ipv6 to run over IPv6", a);
	return TC_ERR_INVAL;
}

enum tc_err
tc_target_host_new(const char *args, const struct tc_target_opts *o,
    struct tc_target **out, struct tc_diag *diag)
{
	struct host_target *h;
	enum tc_err err;

	*out = NULL;
	h = calloc(1, sizeof(*h));
	if (h == NULL) {
		tc_diag_set(diag, "host target: out of memory");
		return TC_ERR_NOMEM;
	}
	h->base.ops = &host_ops;
	if ((err = parse_spec(h, args, diag)) != TC_OK ||
	    (err = check_family(h, o, diag)) != TC_OK) {
		free(h);
		return err;
	}
	*out = &h->base;
	return TC_OK;
}

/*
 * slirp_ops.c - the target-side actions of the slirp target, performed on
 * the host-side sockets slirp relays for (docs/targets.md, "slirp").
 *
 * slirp's TCP answers a SYN to its gateway address and port P only once
 * its own connect() to 127.0.0.1:P (over IPv6 [::1]:P) succeeds, and mirrors that socket's
 * life onto its connection with the tester: what the application does to
 * the host-side socket (write, shutdown, close, an abortive close) slirp
 * does to its TCP.  So LISTEN is a real listener on 127.0.0.1:P in this
 * namespace, ACCEPT accepts slirp's connection to it, and the rest act on
 * the accepted socket.  CONNECT adds a host forward (slirp listens on a
 * free loopback port and opens a connection towards the guest's port for
 * each connection there) and connects to it from 127.0.0.1:lport: slirp
 * takes the source port of its connection from the host-side client's
 * port (tcp_connect(): so_fport = the accepted peer's port), so the
 * tester sees 198.18.0.2:lport as the script expects.  Over IPv6 every
 * loopback address here is ::1.
 *
 * Socket options on these sockets would change the loopback connection,
 * not slirp's TCP (whose window, MSS and buffers are its own), so every
 * option is ENOTSUP, and so are STATE (slirp's state is internal) and
 * SYSCTL.
 */
#include "slirp_ops.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent_proto.h"
#include "agent_verbs.h"
#include "err.h"
#include "slirp_net.h"
#include "sockact.h"

#define SOCKS_MAX	64
#define FWDS_MAX	64

static struct tc_agent_srv srv;	/* sockets, held writes, the answer */
static int family = AF_INET;		/* of the loopback sockets */
static uint16_t fwds[FWDS_MAX];		/* host forwards' ports */
static size_t nfwds;
static bool socks_ready;

static void
socks_init(void)
{
	tc_sockact_init(&srv.socks, SOCKS_MAX, "socket", tc_agent_name_valid);
	socks_ready = true;
}

static socklen_t	loopback(struct sockaddr_storage *ss, uint16_t port);

void
tc_slirp_ops_init(int af)
{
	family = af;
}

void
tc_slirp_ops_reset(void)
{
	struct sockaddr_storage host;
	socklen_t len;

	if (!socks_ready)
		socks_init();
	srv.wlen = 0;
	tc_sockact_clear(&srv.socks);
	while (nfwds > 0) {
		len = loopback(&host, fwds[--nfwds]);
		tc_slirp_net_fwd_remove((struct sockaddr *)&host, len);
	}
}

static enum tc_err
no_opts(const struct tc_agent_req *r, size_t first, struct tc_diag *diag)
{
	if (r->n <= first)
		return TC_OK;
	tc_diag_set(diag, "slirp: socket options (%.40s) would set the "
	    "loopback socket, not slirp's TCP", r->w[first]);
	return TC_ERR_UNSUPPORTED;
}

static enum tc_err
sys_fail(struct tc_diag *diag, const char *verb, const char *name,
    const char *call)
{
	tc_diag_errno(diag, "%s %s: %s", verb, name, call);
	return TC_ERR_SYS;
}

/* Loopback of the session's family, port `port`; returns its length. */
static socklen_t
loopback(struct sockaddr_storage *ss, uint16_t port)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET6) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		s6->sin6_addr = in6addr_loopback;
		return sizeof(*s6);
	}
	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sizeof(*s4);
}

/* A TCP socket bound to loopback:port (0: any free port). */
static enum tc_err
bound_socket(const char *verb, const char *name, uint16_t port, int *out,
    struct tc_diag *diag)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(&ss, port);
	int one = 1;

	*out = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    IPPROTO_TCP);
	if (*out < 0)
		return sys_fail(diag, verb, name, "socket");
	if (setsockopt(*out, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)) == 0 &&
	    bind(*out, (struct sockaddr *)&ss, len) == 0)
		return TC_OK;
	tc_diag_errno(diag, "%s %s: bind %s:%u", verb, name,
	    family == AF_INET6 ? "[::1]" : "127.0.0.1", (unsigned)port);
	close(*out);
	*out = -1;
	return TC_ERR_SYS;
}

/* ---- the requests ---------------------------------------------------- */

/* The open callback of LISTEN: a socket bound to loopback:*arg. */
static enum tc_err
open_listen(void *arg, const char *verb, const char *name, int *out,
    struct tc_diag *diag)
{
	return bound_socket(verb, name, *(const uint16_t *)arg, out, diag);
}

/* LISTEN name port backlog: slirp connects here for the gateway's port. */
static enum tc_err
op_listen(struct tc_agent_srv *s, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	(void)s;
	unsigned long port, backlog;
	uint16_t p;
	enum tc_err err;

	if ((err = tc_agent_arg_num(r->w[2], "port", 65535, &port, diag)) ||
	    (err = tc_agent_arg_num(r->w[3], "backlog", 65535, &backlog, diag)) ||
	    (err = no_opts(r, 4, diag)))
		return err;
	p = (uint16_t)port;
	return tc_sockact_listen(&srv.socks, r->w[1], (int)backlog, open_listen,
	    &p, diag);
}

/* A free loopback port, for slirp's forwarding listener. */
static enum tc_err
free_port(const char *name, uint16_t *port, struct tc_diag *diag)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	enum tc_err err;
	int fd;

	if ((err = bound_socket("connect", name, 0, &fd, diag)))
		return err;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0)
		err = sys_fail(diag, "connect", name, "getsockname");
	*port = ntohs(family == AF_INET6 ?
	    ((struct sockaddr_in6 *)&ss)->sin6_port :
	    ((struct sockaddr_in *)&ss)->sin_port);
	close(fd);
	return err;
}

/* A host forward from a free port to raddr:rport; *port gets it. */
static enum tc_err
forward(const struct tc_agent_req *r, unsigned long rport, uint16_t *port,
    struct tc_diag *diag)
{
	struct sockaddr_storage guest, host;
	struct sockaddr_in6 *g6 = (struct sockaddr_in6 *)&guest;
	struct sockaddr_in *g4 = (struct sockaddr_in *)&guest;
	socklen_t glen, hlen;
	enum tc_err err;

	memset(&guest, 0, sizeof(guest));
	guest.ss_family = (sa_family_t)family;
	if (inet_pton(family, r->w[3], family == AF_INET6 ?
	    (void *)&g6->sin6_addr : (void *)&g4->sin_addr) != 1) {
		tc_diag_set(diag, "connect: bad address '%.46s' (IPv%d)",
		    r->w[3], family == AF_INET6 ? 6 : 4);
		return TC_ERR_INVAL;
	}
	if (family == AF_INET6)
		g6->sin6_port = htons((uint16_t)rport);
	else
		g4->sin_port = htons((uint16_t)rport);
	glen = family == AF_INET6 ? sizeof(*g6) : sizeof(*g4);
	if (nfwds == FWDS_MAX) {
		tc_diag_set(diag, "connect: more than %d", FWDS_MAX);
		return TC_ERR_LIMIT;
	}
	if ((err = free_port(r->w[1], port, diag)))
		return err;
	hlen = loopback(&host, *port);
	if (tc_slirp_net_fwd_add((struct sockaddr *)&host, hlen,
	    (struct sockaddr *)&guest, glen) != 0) {
		tc_diag_set(diag, "connect %s: slirp_add_hostxfwd port %u "
		    "failed", r->w[1], (unsigned)*port);
		return TC_ERR_SYS;
	}
	fwds[nfwds++] = *port;
	return TC_OK;
}

/*
 * The open callback of CONNECT: a host forward, whose port becomes the
 * peer, and a socket bound to loopback:lport.
 */
struct open_connect {
	const struct tc_agent_req *r;		/* (borrowed) */
	unsigned long		lport, rport;
	struct sockaddr_storage	peer;		/* set here */
};

static enum tc_err
open_connect(void *arg, const char *verb, const char *name, int *out,
    struct tc_diag *diag)
{
	struct open_connect *o = arg;
	uint16_t fport;
	enum tc_err err;

	*out = -1;
	if ((err = forward(o->r, o->rport, &fport, diag)))
		return err;
	loopback(&o->peer, fport);
	return bound_socket(verb, name, (uint16_t)o->lport, out, diag);
}

/* CONNECT name lport raddr rport: through a host forward, from lport. */
static enum tc_err
op_connect(struct tc_agent_srv *s, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	(void)s;
	struct open_connect o = { .r = r };
	enum tc_err err;

	if ((err = tc_agent_arg_num(r->w[2], "port", 65535, &o.lport, diag)) ||
	    (err = tc_agent_arg_num(r->w[4], "port", 65535, &o.rport, diag)) ||
	    (err = no_opts(r, 5, diag)))
		return err;
	return tc_sockact_connect(&srv.socks, r->w[1], &o.peer, open_connect, &o,
	    diag);
}

/* SETOPT name opt=val ...: nothing maps (see the top of the file). */
static enum tc_err
op_setopt(struct tc_agent_srv *s, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	(void)s;
	struct tc_sockact_ent *e;
	enum tc_err err;

	if ((err = tc_sockact_lookup(&srv.socks, "setsockopt", r->w[1], &e,
	    diag)))
		return err;
	return no_opts(r, 2, diag);
}

static enum tc_err
op_state(struct tc_agent_srv *s, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	(void)s;
	(void)r;
	tc_diag_set(diag, "slirp keeps its TCP state internal");
	return TC_ERR_UNSUPPORTED;
}

static enum tc_err
op_sysctl(struct tc_agent_srv *s, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	(void)s;
	(void)r;
	tc_diag_set(diag, "slirp has no sysctls");
	return TC_ERR_UNSUPPORTED;
}

static enum tc_err
op_reset(struct tc_agent_srv *s, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	(void)s;
	(void)r;
	(void)diag;
	tc_slirp_ops_reset();
	return TC_OK;
}

/*
 * ORDER: the table in docs/agent-protocol.md.  ABORT is SO_LINGER {1, 0}:
 * close() resets the loopback connection, and slirp drops its own with a
 * RST (soread(): ECONNRESET is tcp_drop()).
 */
static const struct tc_agent_verb verbs[] = {
	{ "LISTEN", 4, TC_AGENT_WORDS_MAX, op_listen },
	{ "ACCEPT", 4, 4, tc_agent_verb_accept },
	{ "CONNECT", 5, TC_AGENT_WORDS_MAX, op_connect },
	{ "WRITE", 3, 4, tc_agent_verb_write },
	{ "READ", 4, 4, tc_agent_verb_read },
	{ "SHUTDOWN", 3, 3, tc_agent_verb_shutdown },
	{ "CLOSE", 2, 2, tc_agent_verb_close },
	{ "ABORT", 2, 2, tc_agent_verb_abort },
	{ "SETOPT", 3, TC_AGENT_WORDS_MAX, op_setopt },
	{ "STATE", 5, 5, op_state },
	{ "SYSCTL", 3, 3, op_sysctl },
	{ "RESET", 1, 1, op_reset },
	{ "BYE", 1, 1, NULL },
};

void
tc_slirp_ops_do(char *line, char *out, size_t cap, bool *bye)
{
	if (!socks_ready)
		socks_init();
	tc_agent_serve_line(verbs, sizeof(verbs) / sizeof(verbs[0]), &srv,
	    line, bye);
	snprintf(out, cap, "%s", srv.out);
}

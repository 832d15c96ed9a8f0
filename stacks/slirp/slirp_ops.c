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

#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent_proto.h"
#include "err.h"
#include "slirp_net.h"
#include "sockact.h"

#define SOCKS_MAX	64
#define FWDS_MAX	64
#define WRITE_WAIT_MS	2000
#define TIMEOUT_MAX_MS	600000

struct req {
	char		*w[TC_AGENT_WORDS_MAX];
	size_t		n;
	char		*out;		/* the answer ("OK" preset) */
	size_t		cap;
};

typedef enum tc_err (*op_fn)(struct req *r, struct tc_diag *diag);

static struct tc_sockact socks;
static int family = AF_INET;		/* of the loopback sockets */
static uint16_t fwds[FWDS_MAX];		/* host forwards' ports */
static size_t nfwds;
static char wname[TC_AGENT_NAME_MAX + 1];	/* WRITE ... + */
static size_t wlen;
static uint8_t wbuf[TC_AGENT_WRITE_MAX];
static bool socks_ready;

static void
socks_init(void)
{
	tc_sockact_init(&socks, SOCKS_MAX, "socket", tc_agent_name_valid);
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
	wlen = 0;
	tc_sockact_clear(&socks);
	while (nfwds > 0) {
		len = loopback(&host, fwds[--nfwds]);
		tc_slirp_net_fwd_remove((struct sockaddr *)&host, len);
	}
}

static enum tc_err
num_arg(const char *text, const char *what, unsigned long max,
    unsigned long *out, struct tc_diag *diag)
{
	if (tc_agent_num(text, max, out))
		return TC_OK;
	tc_diag_set(diag, "bad %s '%.40s' (0 to %lu)", what, text, max);
	return TC_ERR_INVAL;
}

/* Options from word `first` on: none maps onto slirp's TCP. */
static enum tc_err
no_opts(const struct req *r, size_t first, struct tc_diag *diag)
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
op_listen(struct req *r, struct tc_diag *diag)
{
	unsigned long port, backlog;
	uint16_t p;
	enum tc_err err;

	if ((err = num_arg(r->w[2], "port", 65535, &port, diag)) ||
	    (err = num_arg(r->w[3], "backlog", 65535, &backlog, diag)) ||
	    (err = no_opts(r, 4, diag)))
		return err;
	p = (uint16_t)port;
	return tc_sockact_listen(&socks, r->w[1], (int)backlog, open_listen,
	    &p, diag);
}

/* ACCEPT listener name timeout_ms */
static enum tc_err
op_accept(struct req *r, struct tc_diag *diag)
{
	struct tc_action_result res;
	unsigned long ms;
	enum tc_err err;

	if ((err = num_arg(r->w[3], "timeout", TIMEOUT_MAX_MS, &ms, diag)))
		return err;
	err = tc_sockact_accept(&socks, r->w[1], r->w[2], NULL, &res, diag);
	if (err == TC_ERR_AGAIN &&
	    !(err = tc_sockact_wait(&res, ms, "accept", r->w[1], diag)))
		err = tc_sockact_accept(&socks, r->w[1], r->w[2], NULL, &res,
		    diag);
	if (err == TC_ERR_AGAIN) {
		tc_diag_set(diag, "accept %s: no connection", r->w[1]);
		return TC_ERR_TIMEOUT;
	}
	return err;
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
forward(const struct req *r, unsigned long rport, uint16_t *port,
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
	const struct req	*r;		/* (borrowed) */
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
op_connect(struct req *r, struct tc_diag *diag)
{
	struct open_connect o = { .r = r };
	enum tc_err err;

	if ((err = num_arg(r->w[2], "port", 65535, &o.lport, diag)) ||
	    (err = num_arg(r->w[4], "port", 65535, &o.rport, diag)) ||
	    (err = no_opts(r, 5, diag)))
		return err;
	return tc_sockact_connect(&socks, r->w[1], &o.peer, open_connect, &o,
	    diag);
}

/* Appends WRITE's hex to the held data (of socket name only). */
static enum tc_err
write_hold(const struct req *r, struct tc_diag *diag)
{
	size_t n;

	if (wlen > 0 && strcmp(wname, r->w[1]) != 0) {
		tc_diag_set(diag, "write %s: data held for %s", r->w[1],
		    wname);
		return TC_ERR_INVAL;
	}
	if (!tc_agent_hex_decode(r->w[2], wbuf + wlen, sizeof(wbuf) - wlen,
	    &n)) {
		tc_diag_set(diag, "write %s: bad hex data, or more than %d "
		    "bytes", r->w[1], TC_AGENT_WRITE_MAX);
		return TC_ERR_INVAL;
	}
	snprintf(wname, sizeof(wname), "%s", r->w[1]);
	wlen += n;
	return TC_OK;
}

/* WRITE name hexdata [+]: with "+" the data is held for the next. */
static enum tc_err
op_write(struct req *r, struct tc_diag *diag)
{
	struct tc_action_result res;
	struct tc_sockact_ent *e;
	enum tc_err err;

	if (r->n == 4 && strcmp(r->w[3], "+") != 0) {
		tc_diag_set(diag, "write %s: '%.10s' is not '+'", r->w[1],
		    r->w[3]);
		return TC_ERR_INVAL;
	}
	err = tc_sockact_lookup(&socks, "write", r->w[1], &e, diag);
	if (!err)
		err = write_hold(r, diag);
	if (err || r->n == 4) {
		if (err)
			wlen = 0;
		snprintf(r->out, r->cap, "OK %zu", wlen);
		return err;
	}
	err = tc_sockact_write(&socks, r->w[1], wbuf, wlen, &res, diag);
	if (err == TC_ERR_AGAIN &&
	    !(err = tc_sockact_wait(&res, WRITE_WAIT_MS, "write", r->w[1],
	    diag)))
		err = tc_sockact_write(&socks, r->w[1], wbuf, wlen, &res,
		    diag);
	wlen = 0;
	if (err == TC_ERR_AGAIN) {	/* ready, yet full again */
		errno = EAGAIN;
		tc_diag_errno(diag, "write %s", r->w[1]);
		return TC_ERR_SYS;
	}
	if (err)
		return err;
	snprintf(r->out, r->cap, "OK %zu", res.n);
	return TC_OK;
}

/* READ name maxlen timeout_ms */
static enum tc_err
op_read(struct req *r, struct tc_diag *diag)
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
	err = tc_sockact_read(&socks, r->w[1], max, &res, diag);
	if (err == TC_ERR_AGAIN &&
	    !(err = tc_sockact_wait(&res, ms, "read", r->w[1], diag)))
		err = tc_sockact_read(&socks, r->w[1], max, &res, diag);
	if (err == TC_ERR_AGAIN) {
		tc_diag_set(diag, "read %s: no data", r->w[1]);
		return TC_ERR_TIMEOUT;
	}
	if (err)
		return err;
	if (res.eof) {
		snprintf(r->out, r->cap, "EOF");
		return TC_OK;
	}
	memcpy(r->out, "DATA ", 5);
	tc_agent_hex_encode(res.buf, res.n, r->out + 5);
	return TC_OK;
}

/* SHUTDOWN name rd|wr|rdwr */
static enum tc_err
op_shutdown(struct req *r, struct tc_diag *diag)
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
	return tc_sockact_shutdown(&socks, r->w[1], h, diag);
}

/* CLOSE name */
static enum tc_err
op_close(struct req *r, struct tc_diag *diag)
{
	return tc_sockact_close(&socks, r->w[1], false, diag);
}

/*
 * ABORT name: SO_LINGER {1, 0} makes close() reset the loopback
 * connection, and slirp drops its own with a RST (soread(): ECONNRESET is
 * tcp_drop()).
 */
static enum tc_err
op_abort(struct req *r, struct tc_diag *diag)
{
	return tc_sockact_close(&socks, r->w[1], true, diag);
}

/* SETOPT name opt=val ...: nothing maps (see the top of the file). */
static enum tc_err
op_setopt(struct req *r, struct tc_diag *diag)
{
	struct tc_sockact_ent *e;
	enum tc_err err;

	if ((err = tc_sockact_lookup(&socks, "setsockopt", r->w[1], &e,
	    diag)))
		return err;
	return no_opts(r, 2, diag);
}

static enum tc_err
op_state(struct req *r, struct tc_diag *diag)
{
	(void)r;
	tc_diag_set(diag, "slirp keeps its TCP state internal");
	return TC_ERR_UNSUPPORTED;
}

static enum tc_err
op_sysctl(struct req *r, struct tc_diag *diag)
{
	(void)r;
	tc_diag_set(diag, "slirp has no sysctls");
	return TC_ERR_UNSUPPORTED;
}

static enum tc_err
op_reset(struct req *r, struct tc_diag *diag)
{
	(void)r;
	(void)diag;
	tc_slirp_ops_reset();
	return TC_OK;
}

/* ORDER: the table in docs/agent-protocol.md. */
static const struct {
	const char	*verb;
	size_t		min, max;	/* words, the verb included */
	op_fn		fn;
} ops[] = {
	{ "LISTEN", 4, TC_AGENT_WORDS_MAX, op_listen },
	{ "ACCEPT", 4, 4, op_accept },
	{ "CONNECT", 5, TC_AGENT_WORDS_MAX, op_connect },
	{ "WRITE", 3, 4, op_write },
	{ "READ", 4, 4, op_read },
	{ "SHUTDOWN", 3, 3, op_shutdown },
	{ "CLOSE", 2, 2, op_close },
	{ "ABORT", 2, 2, op_abort },
	{ "SETOPT", 3, TC_AGENT_WORDS_MAX, op_setopt },
	{ "STATE", 5, 5, op_state },
	{ "SYSCTL", 3, 3, op_sysctl },
	{ "RESET", 1, 1, op_reset },
	{ "BYE", 1, 1, NULL },
};

static enum tc_err
dispatch(struct req *r, bool *bye, struct tc_diag *diag)
{
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strcmp(ops[i].verb, r->w[0]) != 0)
			continue;
		if (r->n < ops[i].min || r->n > ops[i].max) {
			tc_diag_set(diag, "%s takes %zu to %zu fields, not %zu",
			    ops[i].verb, ops[i].min - 1, ops[i].max - 1,
			    r->n - 1);
			return TC_ERR_INVAL;
		}
		if (ops[i].fn == NULL) {
			*bye = true;
			return TC_OK;
		}
		return ops[i].fn(r, diag);
	}
	tc_diag_set(diag, "unknown request '%.20s'", r->w[0]);
	return TC_ERR_INVAL;
}

/* The errno name for a failed request: how the client will judge it. */
static const char *
err_name(enum tc_err err, const struct tc_diag *d)
{
	switch (err) {
	case TC_ERR_NOTFOUND:
		return "ENOENT";
	case TC_ERR_UNSUPPORTED:
		return "ENOTSUP";
	case TC_ERR_TIMEOUT:
		return "ETIMEDOUT";
	case TC_ERR_SYS:
		return tc_agent_errno_name(d->sys_errno);
	default:
		return "EPROTO";
	}
}

void
tc_slirp_ops_do(char *line, char *out, size_t cap, bool *bye)
{
	struct req r = { .out = out, .cap = cap };
	struct tc_diag d;
	enum tc_err err;

	if (!socks_ready)
		socks_init();
	*bye = false;
	tc_diag_init(&d);
	snprintf(out, cap, "OK");
	err = tc_agent_words(line, r.w, TC_AGENT_WORDS_MAX, &r.n, &d);
	if (!err)
		err = dispatch(&r, bye, &d);
	else
		err = TC_ERR_INVAL;
	if (err)
		snprintf(out, cap, "ERR %s %s", err_name(err, &d),
		    d.msg[0] != '\0' ? d.msg : tc_strerror(err));
}

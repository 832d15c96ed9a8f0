/*
 * lwip_agent.c - docs/agent-protocol.md requests carried out with lwIP's
 * netconn API, plus STATE read from lwIP's own PCB lists.
 *
 * Sockets are netconns named by the script.  What lwIP cannot do is
 * answered ERR ENOTSUP: SO_RCVBUF, SO_SNDBUF and TCP_MAXSEG (the window,
 * the send buffer and the MSS it announces are compile-time constants in
 * Debian's build), per-socket options on a listener other than keepalive
 * (an accepted PCB inherits only so_options), and SYSCTL.  ABORT is
 * tcp_abort() on the connection's PCB under the core lock (lwIP's
 * SO_LINGER {1, 0} aborts only when data is still unacknowledged), then
 * netconn_delete().
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lwip/api.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "lwip/tcpip.h"

#include "lwip_agent.h"

#define SOCKS_MAX	64
#define WRITE_WAIT_MS	200	/* a full send buffer: retry this long */

struct sock {
	char		name[TC_AGENT_NAME_MAX + 1];	/* "" = free */
	struct netconn	*nc;		/* (owned) */
	struct pbuf	*rx;		/* (owned) received, not yet read */
	u16_t		rx_off;
	bool		eof;		/* the peer's FIN was read */
	bool		listener;
};

static struct sock socks[SOCKS_MAX];
static ip_addr_t own_addr;

/* lwIP's err_t as errno names. */
static const char *
err_name(err_t e)
{
	switch (e) {
	case ERR_MEM:		return "ENOMEM";
	case ERR_BUF:		return "ENOBUFS";
	case ERR_TIMEOUT:	return "ETIMEDOUT";
	case ERR_RTE:		return "EHOSTUNREACH";
	case ERR_INPROGRESS:	return "EINPROGRESS";
	case ERR_VAL:		return "EINVAL";
	case ERR_WOULDBLOCK:	return "EAGAIN";
	case ERR_USE:		return "EADDRINUSE";
	case ERR_ALREADY:	return "EALREADY";
	case ERR_ISCONN:	return "EISCONN";
	case ERR_CONN:		return "ENOTCONN";
	case ERR_IF:		return "EIO";
	case ERR_ABRT:		return "ECONNABORTED";
	case ERR_RST:		return "ECONNRESET";
	case ERR_CLSD:		return "ENOTCONN";
	case ERR_ARG:		return "EINVAL";
	default:		return "EIO";
	}
}

void
tc_lwip_answer_err(struct tc_lwip_answer *ans, const char *errname,
    const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(ans->text, sizeof(ans->text), "ERR %s ", errname);
	if (n < 0 || (size_t)n >= sizeof(ans->text))
		return;
	va_start(ap, fmt);
	vsnprintf(ans->text + n, sizeof(ans->text) - (size_t)n, fmt, ap);
	va_end(ap);
}

static void
answer_lwip(struct tc_lwip_answer *ans, err_t e, const char *verb,
    const char *name)
{
	tc_lwip_answer_err(ans, err_name(e), "%s %s: lwIP error %d", verb,
	    name, (int)e);
}

static void
answer_ok(struct tc_lwip_answer *ans)
{
	snprintf(ans->text, sizeof(ans->text), "OK");
}

void
tc_lwip_agent_init(const ip_addr_t *addr)
{
	ip_addr_copy(own_addr, *addr);
}

/* ------------------------------------------------------------------ */
/* Names, numbers, options. */

static struct sock *
sock_find(const char *name)
{
	size_t i;

	for (i = 0; i < SOCKS_MAX; i++)
		if (socks[i].nc != NULL && strcmp(socks[i].name, name) == 0)
			return &socks[i];
	return NULL;
}

/* A free slot for `name`, or NULL with the answer written. */
static struct sock *
sock_new(const char *name, struct tc_lwip_answer *ans)
{
	size_t i;

	if (!tc_agent_name_valid(name)) {
		tc_lwip_answer_err(ans, "EINVAL", "bad socket name");
		return NULL;
	}
	if (sock_find(name) != NULL) {
		tc_lwip_answer_err(ans, "EEXIST", "socket '%s' exists", name);
		return NULL;
	}
	for (i = 0; i < SOCKS_MAX; i++)
		if (socks[i].nc == NULL) {
			memset(&socks[i], 0, sizeof(socks[i]));
			snprintf(socks[i].name, sizeof(socks[i].name), "%s",
			    name);
			return &socks[i];
		}
	tc_lwip_answer_err(ans, "EMFILE", "more than %d sockets", SOCKS_MAX);
	return NULL;
}

static struct sock *
sock_get(const char *name, struct tc_lwip_answer *ans)
{
	struct sock *s = sock_find(name);

	if (s == NULL)
		tc_lwip_answer_err(ans, "ENOENT", "no socket named '%s'",
		    name);
	return s;
}

/* A decimal number in [0, max]; -1 if it is not one. */
static long
number(const char *s, long max)
{
	unsigned long v;

	return tc_agent_num(s, (unsigned long)max, &v) ? (long)v : -1;
}

/*
 * Applies "opt=val" words to the connection's PCB (core lock held by the
 * caller).  Returns false with the answer written for an option lwIP
 * lacks or a bad word.
 */
static bool
apply_opt(struct tcp_pcb *pcb, bool listener, const char *word,
    struct tc_lwip_answer *ans)
{
	const char *eq = strchr(word, '=');
	size_t klen = eq != NULL ? (size_t)(eq - word) : 0;
	long v = eq != NULL ? number(eq + 1, 0x7fffffff) : -1;

#define IS(k)	(klen == strlen(k) && strncmp(word, k, klen) == 0)
	if (v < 0) {
		tc_lwip_answer_err(ans, "EINVAL", "bad option '%s'", word);
		return false;
	}
	if (IS("keepalive")) {
		if (v)
			ip_set_option(pcb, SOF_KEEPALIVE);
		else
			ip_reset_option(pcb, SOF_KEEPALIVE);
		return true;
	}
	if (listener || !(IS("nodelay") || IS("keepidle") ||
	    IS("keepintvl") || IS("keepcnt"))) {
		tc_lwip_answer_err(ans, "ENOTSUP", "lwIP cannot set %.*s%s",
		    (int)klen, word, listener ? " on a listener" : "");
		return false;
	}
	if (IS("nodelay")) {
		if (v)
			tcp_nagle_disable(pcb);
		else
			tcp_nagle_enable(pcb);
	} else if (IS("keepidle"))
		pcb->keep_idle = (u32_t)v * 1000;
	else if (IS("keepintvl"))
		pcb->keep_intvl = (u32_t)v * 1000;
	else
		pcb->keep_cnt = (u32_t)v;
#undef IS
	return true;
}

static bool
apply_opts(struct netconn *nc, bool listener, int argc, char **argv,
    struct tc_lwip_answer *ans)
{
	bool ok = true;
	int i;

	LOCK_TCPIP_CORE();
	for (i = 0; ok && i < argc; i++) {
		if (nc->pcb.tcp == NULL) {
			tc_lwip_answer_err(ans, "ENOTCONN", "no connection");
			ok = false;
		} else
			ok = apply_opt(nc->pcb.tcp, listener, argv[i], ans);
	}
	UNLOCK_TCPIP_CORE();
	return ok;
}

/* ------------------------------------------------------------------ */
/* Requests. */

/* A new netconn with its options, bound to our address and `port`. */
static struct netconn *
bound_conn(const char *verb, const char *port_s, bool listener, int nopt,
    char **opts, struct tc_lwip_answer *ans)
{
	struct netconn *nc;
	long port = number(port_s, 65535);
	ip_addr_t a;
	err_t e;

	if (port < 0) {
		tc_lwip_answer_err(ans, "EINVAL", "%s: bad port", verb);
		return NULL;
	}
	nc = netconn_new(IP_IS_V6(&own_addr) ? NETCONN_TCP_IPV6 :
	    NETCONN_TCP);
	if (nc == NULL) {
		tc_lwip_answer_err(ans, "ENOMEM", "%s: netconn_new", verb);
		return NULL;
	}
	if (!apply_opts(nc, listener, nopt, opts, ans)) {
		netconn_delete(nc);
		return NULL;
	}
	LOCK_TCPIP_CORE();
	ip_set_option(nc->pcb.tcp, SOF_REUSEADDR);
	UNLOCK_TCPIP_CORE();
	ip_addr_copy(a, own_addr);
	e = netconn_bind(nc, &a, (u16_t)port);
	if (e != ERR_OK) {
		answer_lwip(ans, e, verb, "bind");
		netconn_delete(nc);
		return NULL;
	}
	return nc;
}

/* LISTEN name port backlog [opt=val ...] */
static void
do_listen(int argc, char **argv, struct tc_lwip_answer *ans)
{
	struct sock *s;
	long backlog;
	err_t e;

	if (argc < 4 || (backlog = number(argv[3], 255)) < 0) {
		tc_lwip_answer_err(ans, "EINVAL", "LISTEN name port backlog");
		return;
	}
	if ((s = sock_new(argv[1], ans)) == NULL)
		return;
	s->nc = bound_conn("listen", argv[2], true, argc - 4, argv + 4, ans);
	if (s->nc == NULL)
		return;
	e = netconn_listen_with_backlog(s->nc, (u8_t)backlog);
	if (e != ERR_OK) {
		answer_lwip(ans, e, "listen", argv[1]);
		netconn_delete(s->nc);
		s->nc = NULL;
		return;
	}
	s->listener = true;
	answer_ok(ans);
}

/* ACCEPT listener name timeout_ms */
static void
do_accept(int argc, char **argv, struct tc_lwip_answer *ans)
{
	struct netconn *nc;
	struct sock *l, *s;
	long ms;
	err_t e;

	if (argc != 4 || (ms = number(argv[3], TC_AGENT_TIMEOUT_MAX_MS)) < 0) {
		tc_lwip_answer_err(ans, "EINVAL", "ACCEPT listener name ms");
		return;
	}
	if ((l = sock_get(argv[1], ans)) == NULL)
		return;
	if (sock_find(argv[2]) != NULL || !tc_agent_name_valid(argv[2])) {
		tc_lwip_answer_err(ans, "EINVAL", "bad or used name '%s'",
		    argv[2]);
		return;
	}
	netconn_set_recvtimeout(l->nc, ms > 0 ? (int)ms : 1);
	e = netconn_accept(l->nc, &nc);
	if (e != ERR_OK) {
		answer_lwip(ans, e, "accept", argv[1]);
		return;
	}
	s = sock_new(argv[2], ans);
	if (s == NULL) {
		netconn_delete(nc);
		return;
	}
	s->nc = nc;
	answer_ok(ans);
}

/* CONNECT name lport raddr rport [opt=val ...] */
static void
do_connect(int argc, char **argv, struct tc_lwip_answer *ans)
{
	ip_addr_t ra;
	struct sock *s;
	long rport;
	err_t e;

	if (argc < 5 || !ipaddr_aton(argv[3], &ra) ||
	    IP_GET_TYPE(&ra) != IP_GET_TYPE(&own_addr) ||
	    (rport = number(argv[4], 65535)) < 0) {
		tc_lwip_answer_err(ans, "EINVAL",
		    "CONNECT name lport raddr rport");
		return;
	}
	if ((s = sock_new(argv[1], ans)) == NULL)
		return;
	s->nc = bound_conn("connect", argv[2], false, argc - 5, argv + 5,
	    ans);
	if (s->nc == NULL)
		return;
	/* Non-blocking: the SYN is out, the script drives the handshake. */
	netconn_set_nonblocking(s->nc, 1);
	e = netconn_connect(s->nc, &ra, (u16_t)rport);
	netconn_set_nonblocking(s->nc, 0);
	if (e != ERR_OK && e != ERR_INPROGRESS) {
		answer_lwip(ans, e, "connect", argv[1]);
		netconn_delete(s->nc);
		s->nc = NULL;
		return;
	}
	answer_ok(ans);
}

/* Queues len bytes, waiting up to WRITE_WAIT_MS for room; *done says. */
static err_t
write_all(struct netconn *nc, const uint8_t *data, size_t len, size_t *done)
{
	size_t w;
	int waited = 0;
	err_t e = ERR_OK;

	*done = 0;
	while (*done < len) {
		w = 0;
		e = netconn_write_partly(nc, data + *done, len - *done,
		    NETCONN_COPY | NETCONN_DONTBLOCK, &w);
		*done += w;
		if (e != ERR_OK && e != ERR_WOULDBLOCK)
			break;
		if (w == 0) {
			if (waited >= WRITE_WAIT_MS)
				break;
			usleep(5000);
			waited += 5;
		}
	}
	return e == ERR_WOULDBLOCK ? ERR_OK : e;
}

/*
 * WRITE name hexdata [+]: with "+" the data is held (answer "OK held")
 * and the last piece, without it, writes everything in one go.
 */
static void
do_write(int argc, char **argv, struct tc_lwip_answer *ans)
{
	static uint8_t held[TC_AGENT_WRITE_MAX];
	static size_t nheld;
	static char held_for[TC_AGENT_NAME_MAX + 1];
	struct sock *s;
	size_t n, done;
	err_t e;

	if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "+"))) {
		nheld = 0;
		tc_lwip_answer_err(ans, "EINVAL", "WRITE name hexdata [+]");
		return;
	}
	if ((s = sock_get(argv[1], ans)) == NULL ||
	    (nheld > 0 && strcmp(held_for, argv[1]) != 0) ||
	    !tc_agent_hex_decode(argv[2], held + nheld, sizeof(held) - nheld,
	    &n)) {
		if (s != NULL)
			tc_lwip_answer_err(ans, "EINVAL", "write %s: bad hex, "
			    "too much, or data held for another", argv[1]);
		nheld = 0;
		return;
	}
	snprintf(held_for, sizeof(held_for), "%s", argv[1]);
	nheld += n;
	if (argc == 4) {
		snprintf(ans->text, sizeof(ans->text), "OK %zu", nheld);
		return;
	}
	e = write_all(s->nc, held, nheld, &done);
	nheld = 0;
	if (e != ERR_OK)
		answer_lwip(ans, e, "write", argv[1]);
	else
		snprintf(ans->text, sizeof(ans->text), "OK %zu", done);
}

/* Moves up to cap bytes of what was received, not yet read, to buf. */
static size_t
take_rx(struct sock *s, uint8_t *buf, size_t cap)
{
	size_t n;

	if (s->rx == NULL || cap == 0)
		return 0;
	n = (size_t)(s->rx->tot_len - s->rx_off);
	if (n > cap)
		n = cap;
	pbuf_copy_partial(s->rx, buf, (u16_t)n, s->rx_off);
	s->rx_off = (u16_t)(s->rx_off + n);
	if (s->rx_off == s->rx->tot_len) {
		pbuf_free(s->rx);
		s->rx = NULL;
		s->rx_off = 0;
	}
	return n;
}

/* One netconn receive into s->rx; ERR_CLSD (the FIN) sets eof. */
static err_t
recv_one(struct sock *s, u8_t flags)
{
	struct pbuf *p = NULL;
	err_t e;

	e = netconn_recv_tcp_pbuf_flags(s->nc, &p, flags);
	if (e == ERR_CLSD)
		s->eof = true;
	else if (e == ERR_OK)
		s->rx = p;
	return e;
}

static void
answer_data(struct tc_lwip_answer *ans, const uint8_t *buf, size_t n)
{
	memcpy(ans->text, "DATA ", 5);
	tc_agent_hex_encode(buf, n, ans->text + 5);
}

/* READ name maxlen timeout_ms */
static void
do_read(int argc, char **argv, struct tc_lwip_answer *ans)
{
	uint8_t buf[TC_AGENT_DATA_MAX];
	struct sock *s;
	long max, ms;
	size_t n;
	err_t e;

	if (argc != 4 || (max = number(argv[2], 1L << 20)) < 0 ||
	    (ms = number(argv[3], TC_AGENT_TIMEOUT_MAX_MS)) < 0) {
		tc_lwip_answer_err(ans, "EINVAL", "READ name maxlen ms");
		return;
	}
	if ((s = sock_get(argv[1], ans)) == NULL)
		return;
	if (max == 0 || max > TC_AGENT_DATA_MAX)
		max = TC_AGENT_DATA_MAX;
	n = take_rx(s, buf, (size_t)max);
	if (n == 0 && !s->eof) {
		netconn_set_recvtimeout(s->nc, ms > 0 ? (int)ms : 1);
		e = recv_one(s, 0);
		if (e != ERR_OK && e != ERR_CLSD) {
			answer_lwip(ans, e, "read", argv[1]);
			return;
		}
		n = take_rx(s, buf, (size_t)max);
	}
	/* Whatever else is there already, so one READ gets a burst. */
	while (n < (size_t)max && !s->eof &&
	    recv_one(s, NETCONN_DONTBLOCK) == ERR_OK)
		n += take_rx(s, buf + n, (size_t)max - n);
	if (n == 0 && s->eof)
		snprintf(ans->text, sizeof(ans->text), "EOF");
	else
		answer_data(ans, buf, n);
}

/* SHUTDOWN name rd|wr|rdwr */
static void
do_shutdown(int argc, char **argv, struct tc_lwip_answer *ans)
{
	struct sock *s;
	u8_t rd, wr;
	err_t e;

	if (argc != 3) {
		tc_lwip_answer_err(ans, "EINVAL", "SHUTDOWN name how");
		return;
	}
	rd = strcmp(argv[2], "rd") == 0 || strcmp(argv[2], "rdwr") == 0;
	wr = strcmp(argv[2], "wr") == 0 || strcmp(argv[2], "rdwr") == 0;
	if (!rd && !wr) {
		tc_lwip_answer_err(ans, "EINVAL", "how: rd, wr or rdwr");
		return;
	}
	if ((s = sock_get(argv[1], ans)) == NULL)
		return;
	e = netconn_shutdown(s->nc, rd, wr);
	if (e != ERR_OK)
		answer_lwip(ans, e, "shutdown", argv[1]);
	else
		answer_ok(ans);
}

/* Ends a socket: graceful (netconn_delete) or aborted (RST first). */
static void
sock_end(struct sock *s, bool abort_conn)
{
	if (abort_conn && !s->listener) {
		LOCK_TCPIP_CORE();
		if (s->nc->pcb.tcp != NULL)
			tcp_abort(s->nc->pcb.tcp);
		UNLOCK_TCPIP_CORE();
	}
	if (s->rx != NULL)
		pbuf_free(s->rx);
	netconn_delete(s->nc);
	memset(s, 0, sizeof(*s));
}

/* CLOSE name, ABORT name */
static void
do_close(int argc, char **argv, struct tc_lwip_answer *ans)
{
	struct sock *s;

	if (argc != 2) {
		tc_lwip_answer_err(ans, "EINVAL", "%s name", argv[0]);
		return;
	}
	if ((s = sock_get(argv[1], ans)) == NULL)
		return;
	sock_end(s, strcmp(argv[0], "ABORT") == 0);
	answer_ok(ans);
}

/* SETOPT name opt=val ... */
static void
do_setopt(int argc, char **argv, struct tc_lwip_answer *ans)
{
	struct sock *s;

	if (argc < 3) {
		tc_lwip_answer_err(ans, "EINVAL", "SETOPT name opt=val ...");
		return;
	}
	if ((s = sock_get(argv[1], ans)) == NULL)
		return;
	if (apply_opts(s->nc, s->listener, argc - 2, argv + 2, ans))
		answer_ok(ans);
}

/* ORDER: lwIP's enum tcp_state, as RFC 9293 spells the states. */
static const char *const state_names[] = {
	[CLOSED] = "CLOSED", [LISTEN] = "LISTEN", [SYN_SENT] = "SYN-SENT",
	[SYN_RCVD] = "SYN-RECEIVED", [ESTABLISHED] = "ESTABLISHED",
	[FIN_WAIT_1] = "FIN-WAIT-1", [FIN_WAIT_2] = "FIN-WAIT-2",
	[CLOSE_WAIT] = "CLOSE-WAIT", [CLOSING] = "CLOSING",
	[LAST_ACK] = "LAST-ACK", [TIME_WAIT] = "TIME-WAIT",
};

static bool
pcb_is(const struct tcp_pcb *p, const ip_addr_t *la, u16_t lp,
    const ip_addr_t *ra, u16_t rp)
{
	return p->local_port == lp && p->remote_port == rp &&
	    ip_addr_cmp(&p->local_ip, la) && ip_addr_cmp(&p->remote_ip, ra);
}

/* The 4-tuple's state; no PCB is CLOSED, plus "listening" for a port. */
static const char *
lookup_state(const ip_addr_t *la, u16_t lp, const ip_addr_t *ra, u16_t rp,
    bool *listening)
{
	struct tcp_pcb *const lists[] = { tcp_active_pcbs, tcp_tw_pcbs };
	struct tcp_pcb_listen *l;
	struct tcp_pcb *p;
	size_t i;

	for (i = 0; i < 2; i++)
		for (p = lists[i]; p != NULL; p = p->next)
			if (pcb_is(p, la, lp, ra, rp) &&
			    (size_t)p->state < sizeof(state_names) /
			    sizeof(state_names[0]))
				return state_names[p->state];
	*listening = false;
	for (l = tcp_listen_pcbs.listen_pcbs; l != NULL; l = l->next)
		if (l->local_port == lp)
			*listening = true;
	return "CLOSED";
}

/* STATE laddr lport raddr rport */
static void
do_state(int argc, char **argv, struct tc_lwip_answer *ans)
{
	ip_addr_t la, ra;
	long lp, rp;
	bool listening = false;
	const char *name;

	if (argc != 5 || !ipaddr_aton(argv[1], &la) ||
	    !ipaddr_aton(argv[3], &ra) ||
	    (lp = number(argv[2], 65535)) < 0 ||
	    (rp = number(argv[4], 65535)) < 0) {
		tc_lwip_answer_err(ans, "EINVAL",
		    "STATE laddr lport raddr rport");
		return;
	}
	LOCK_TCPIP_CORE();
	name = lookup_state(&la, (u16_t)lp, &ra, (u16_t)rp, &listening);
	UNLOCK_TCPIP_CORE();
	snprintf(ans->text, sizeof(ans->text), "STATE %s%s", name,
	    listening ? " listening" : "");
}

static void
do_reset(int argc, char **argv, struct tc_lwip_answer *ans)
{
	size_t i;

	(void)argc;
	(void)argv;
	for (i = 0; i < SOCKS_MAX; i++)
		if (socks[i].nc != NULL)
			sock_end(&socks[i], true);
	answer_ok(ans);
}

static void
do_sysctl(int argc, char **argv, struct tc_lwip_answer *ans)
{
	(void)argc;
	(void)argv;
	tc_lwip_answer_err(ans, "ENOTSUP", "lwIP has no sysctls");
}

static const struct {
	const char	*verb;
	void		(*fn)(int, char **, struct tc_lwip_answer *);
} requests[] = {
	{ "LISTEN", do_listen }, { "ACCEPT", do_accept },
	{ "CONNECT", do_connect }, { "WRITE", do_write },
	{ "READ", do_read }, { "SHUTDOWN", do_shutdown },
	{ "CLOSE", do_close }, { "ABORT", do_close },
	{ "SETOPT", do_setopt }, { "STATE", do_state },
	{ "RESET", do_reset }, { "SYSCTL", do_sysctl },
};

int
tc_lwip_agent_do(int argc, char **argv, struct tc_lwip_answer *ans)
{
	size_t i;

	if (strcmp(argv[0], "BYE") == 0) {
		answer_ok(ans);
		return 1;
	}
	for (i = 0; i < sizeof(requests) / sizeof(requests[0]); i++)
		if (strcmp(argv[0], requests[i].verb) == 0) {
			requests[i].fn(argc, argv, ans);
			return 0;
		}
	tc_lwip_answer_err(ans, "EINVAL", "unknown request '%.32s'", argv[0]);
	return 0;
}

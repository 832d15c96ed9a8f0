/*
 * agent_client.c - the engine's side of the agent protocol: the handshake,
 * struct tc_action to request lines, answers to tc_action_result and
 * enum tc_err exactly as target_netns.c gives them, never blocking the
 * event loop for an action.
 */
#include "clock.h"
#include "agent_client.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "agent_proto.h"
#include "sockopt.h"

struct tc_agent_client {
	int		rfd;		/* (owned) */
	int		wfd;		/* (owned) unless == rfd */
	struct tc_addr	peer;		/* the tester's address */
	bool		busy;		/* a request is in flight */
	bool		broken;		/* the connection is unusable */
	int64_t		give_up;	/* ms: a silent server is dead */
	char		why[200];	/* why it broke */
	struct tc_agent_lbuf lb;
	char		line[TC_AGENT_LINE_MAX];	/* scratch */
};


/* Marks the connection unusable; every later call repeats why. */
static enum tc_err
broken(struct tc_agent_client *c, const char *why, struct tc_diag *diag)
{
	if (!c->broken)
		snprintf(c->why, sizeof(c->why), "%.199s", why);
	c->broken = true;
	tc_diag_set(diag, "agent: %s", c->why);
	return TC_ERR_INVAL;
}

/* Writes req and a '\n', waiting for room at most timeout_ms. */
static enum tc_err
send_line(struct tc_agent_client *c, const char *req, int timeout_ms,
    struct tc_diag *diag)
{
	struct pollfd pfd = { .fd = c->wfd, .events = POLLOUT };
	size_t len = strlen(req), off = 0;
	int64_t end = tc_mono_ms() + timeout_ms;
	char buf[TC_AGENT_LINE_MAX];
	struct tc_diag d;
	ssize_t n;

	if (len + 1 > sizeof(buf))
		return broken(c, "a request longer than a line", diag);
	memcpy(buf, req, len);
	buf[len++] = '\n';
	while (off < len) {
		/* A socket: no SIGPIPE when the server died. */
		n = send(c->wfd, buf + off, len - off, MSG_NOSIGNAL);
		if (n < 0 && errno == ENOTSOCK)
			n = write(c->wfd, buf + off, len - off);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			tc_diag_init(&d);
			tc_diag_errno(&d, "sending to the agent");
			return broken(c, d.msg, diag);
		}
		if (tc_mono_ms() >= end ||
		    poll(&pfd, 1, (int)(end - tc_mono_ms())) < 0)
			return broken(c, "the agent takes no requests", diag);
	}
	return TC_OK;
}

/* The next line if one is there, reading what the fd has: TC_ERR_AGAIN. */
static enum tc_err
try_line(struct tc_agent_client *c, struct tc_diag *diag)
{
	struct tc_diag d;
	enum tc_err err;

	tc_diag_init(&d);
	err = tc_agent_lbuf_take(&c->lb, c->line, sizeof(c->line), &d);
	if (err == TC_ERR_AGAIN) {
		err = tc_agent_lbuf_fill(&c->lb, c->rfd, &d);
		if (err == TC_OK)
			err = tc_agent_lbuf_take(&c->lb, c->line,
			    sizeof(c->line), &d);
	}
	if (err && err != TC_ERR_AGAIN)
		return broken(c, d.msg, diag);
	return err;
}

/* Waits at most timeout_ms for the next line. */
static enum tc_err
recv_line(struct tc_agent_client *c, int timeout_ms, struct tc_diag *diag)
{
	struct pollfd pfd = { .fd = c->rfd, .events = POLLIN };
	int64_t end = tc_mono_ms() + timeout_ms, left;
	enum tc_err err;

	while ((err = try_line(c, diag)) == TC_ERR_AGAIN) {
		left = end - tc_mono_ms();
		if (left <= 0) {
			broken(c, "no answer from the agent", diag);
			return TC_ERR_TIMEOUT;
		}
		if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR)
			return broken(c, "poll failed", diag);
	}
	return err;
}

/*
 * "ERR NAME text": ENOTSUP is UNSUPPORTED, ENOENT NOTFOUND, EPROTO (the
 * request was refused) INVAL, EACCES at the handshake PERM, the rest SYS
 * with the server's text (what the target's stack did).
 */
static enum tc_err
map_err(const char *line, struct tc_diag *diag)
{
	const char *name = line + 4, *text = strchr(name, ' ');
	char nm[32];
	size_t len = text ? (size_t)(text - name) : strlen(name);
	int e;

	snprintf(nm, sizeof(nm), "%.*s", (int)(len < 31 ? len : 31), name);
	e = tc_agent_errno_parse(nm);
	tc_diag_set(diag, "%s", text != NULL ? text + 1 : nm);
	diag->sys_errno = e;
	if (e == ENOTSUP)
		return TC_ERR_UNSUPPORTED;
	if (e == ENOENT)
		return TC_ERR_NOTFOUND;
	if (e == EPROTO || e == 0)
		return TC_ERR_INVAL;
	return TC_ERR_SYS;
}

static bool
is_err(const char *line)
{
	return strncmp(line, "ERR ", 4) == 0;
}

/* HELLO, then AUTH when there is a secret. */
static enum tc_err
handshake(struct tc_agent_client *c, const uint8_t *secret, size_t len,
    int timeout_ms, struct tc_diag *diag)
{
	static const char hello[] = "HELLO " TC_AGENT_GREETING " ";
	char req[8 + TC_AGENT_MAC_HEX], mac[TC_AGENT_MAC_HEX + 1];
	const char *nonce;
	enum tc_err err;

	if ((err = recv_line(c, timeout_ms, diag)) != TC_OK)
		return err;
	nonce = c->line + sizeof(hello) - 1;
	if (strncmp(c->line, hello, sizeof(hello) - 1) != 0)
		return broken(c, "not a tcpconform-agent (version 1)", diag);
	if (secret == NULL)
		return strcmp(nonce, "-") == 0 ? TC_OK :
		    broken(c, "the agent wants a secret", diag);
	if (strlen(nonce) != TC_AGENT_NONCE_HEX)
		return broken(c, "a bad nonce in HELLO", diag);
	tc_agent_auth_mac(secret, len, nonce, mac);
	snprintf(req, sizeof(req), "AUTH %s", mac);
	sodium_memzero(mac, sizeof(mac));
	err = send_line(c, req, timeout_ms, diag);
	sodium_memzero(req, sizeof(req));
	if (!err)
		err = recv_line(c, timeout_ms, diag);
	if (err)
		return err;
	if (is_err(c->line)) {
		map_err(c->line, diag);
		return TC_ERR_PERM;
	}
	return strcmp(c->line, "OK") == 0 ? TC_OK :
	    broken(c, "no OK after AUTH", diag);
}

enum tc_err
tc_agent_client_new(int rfd, int wfd, const uint8_t *secret, size_t len,
    const struct tc_addr *peer, int timeout_ms,
    struct tc_agent_client **out, struct tc_diag *diag)
{
	struct tc_agent_client *c;
	enum tc_err err;

	*out = NULL;
	if (sodium_init() < 0 || (c = calloc(1, sizeof(*c))) == NULL) {
		if (wfd != rfd)
			close(wfd);
		close(rfd);
		tc_diag_set(diag, "agent client: out of memory");
		return TC_ERR_NOMEM;
	}
	c->rfd = rfd;
	c->wfd = wfd;
	if (peer != NULL)
		c->peer = *peer;
	tc_agent_lbuf_init(&c->lb);
	fcntl(rfd, F_SETFL, fcntl(rfd, F_GETFL) | O_NONBLOCK);
	fcntl(wfd, F_SETFL, fcntl(wfd, F_GETFL) | O_NONBLOCK);
	err = handshake(c, secret, len, timeout_ms, diag);
	if (err) {
		tc_agent_client_free(c);
		return err;
	}
	*out = c;
	return TC_OK;
}

/* A non-blocking connect, finished within timeout_ms. */
static enum tc_err
dial(const struct tc_addr *addr, uint16_t port, int timeout_ms, int *out,
    struct tc_diag *diag)
{
	struct sockaddr_storage ss;
	struct pollfd pfd;
	socklen_t sl = sizeof(int);
	int fd, e = 0, af;

	memset(&ss, 0, sizeof(ss));
	af = addr->family == TC_AF_INET6 ? AF_INET6 : AF_INET;
	if (af == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		memcpy(&s6->sin6_addr, addr->bytes, 16);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		memcpy(&s4->sin_addr, addr->bytes, 4);
	}
	fd = socket(af, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		tc_diag_errno(diag, "agent: socket");
		return TC_ERR_SYS;
	}
	pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
	if (connect(fd, (struct sockaddr *)&ss, af == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in)) != 0) {
		if (errno != EINPROGRESS)
			e = errno;
		else if (poll(&pfd, 1, timeout_ms) <= 0)
			e = ETIMEDOUT;
		else
			getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &sl);
	}
	if (e != 0) {
		close(fd);
		errno = e;
		tc_diag_errno(diag, "agent: connect");
		return TC_ERR_SYS;
	}
	*out = fd;
	return TC_OK;
}

enum tc_err
tc_agent_client_dial(const struct tc_addr *addr, uint16_t port,
    const uint8_t *secret, size_t len, const struct tc_addr *peer,
    int timeout_ms, struct tc_agent_client **out, struct tc_diag *diag)
{
	enum tc_err err;
	int fd, one = 1;

	*out = NULL;
	if ((err = dial(addr, port, timeout_ms, &fd, diag)) != TC_OK)
		return err;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return tc_agent_client_new(fd, fd, secret, len, peer, timeout_ms,
	    out, diag);
}

void
tc_agent_client_free(struct tc_agent_client *c)
{
	if (c == NULL)
		return;
	if (c->wfd != c->rfd && c->wfd >= 0)
		close(c->wfd);
	if (c->rfd >= 0)
		close(c->rfd);
	free(c);
}

/* ---- actions --------------------------------------------------------- */

/* " rcvbuf=4096 maxseg=536" appended at *len. */
static enum tc_err
put_opts(const struct tc_sockopt *opts, size_t n, char *buf, size_t cap,
    size_t *len, struct tc_diag *diag)
{
	const char *name;
	size_t i;
	int w;

	if (n > TC_ACTION_OPTS_MAX) {
		tc_diag_set(diag, "agent: %zu socket options (at most %d)", n,
		    TC_ACTION_OPTS_MAX);
		return TC_ERR_LIMIT;
	}
	for (i = 0; i < n; i++) {
		name = tc_sockopt_name(opts[i].kind);
		if (name == NULL || opts[i].value < 0) {
			tc_diag_set(diag, "agent: socket option %d=%d cannot "
			    "be sent", (int)opts[i].kind, opts[i].value);
			return TC_ERR_UNSUPPORTED;
		}
		w = snprintf(buf + *len, cap - *len, " %s=%d", name,
		    opts[i].value);
		if (w < 0 || (size_t)w >= cap - *len)
			return TC_ERR_LIMIT;
		*len += (size_t)w;
	}
	return TC_OK;
}

/* The name an action acts on or creates; NULL when it needs none. */
static const char *
act_name(const struct tc_action *a)
{
	if (a->kind == TC_ACT_LISTEN || a->kind == TC_ACT_CONNECT)
		return a->as != NULL ? a->as : a->sock;
	return a->sock;
}

static int
blocking_ms(const struct tc_action *a)
{
	return a->timeout_ms > 0 ? a->timeout_ms : TC_AGENT_DEFAULT_MS;
}

static bool
names_valid(const struct tc_action *a, const char *name, struct tc_diag *diag)
{
	const char *bad;

	if (!tc_agent_name_valid(name))
		bad = name;
	else if (a->kind == TC_ACT_ACCEPT && !tc_agent_name_valid(a->as))
		bad = a->as;
	else
		return true;
	tc_diag_set(diag, "agent: '%s' is not a socket name the agent takes "
	    "([A-Za-z_][A-Za-z0-9_]{0,30})", bad != NULL ? bad : "");
	return false;
}

/* The request line for a: "LISTEN srv 12345 16 maxseg=536". */
static enum tc_err
format_request(const struct tc_agent_client *c, const struct tc_action *a,
    char *buf, size_t cap, struct tc_diag *diag)
{
	static const char *const how[] = { "rd", "wr", "rdwr" };
	const char *name = act_name(a);
	char addr[TC_ADDR_STRLEN];
	size_t len = 0, n;
	int w = -1;

	if (!names_valid(a, name, diag))
		return TC_ERR_INVAL;
	switch (a->kind) {
	case TC_ACT_LISTEN:
		w = snprintf(buf, cap, "LISTEN %s %u %d", name, a->port,
		    a->backlog < 0 ? 0 : a->backlog);
		break;
	case TC_ACT_ACCEPT:
		w = snprintf(buf, cap, "ACCEPT %s %s %d", name, a->as,
		    blocking_ms(a));
		break;
	case TC_ACT_CONNECT:
		w = snprintf(buf, cap, "CONNECT %s %u %s %u", name, a->port,
		    tc_addr_format(&c->peer, addr, sizeof(addr)),
		    a->peer_port);
		break;
	case TC_ACT_WRITE:	/* write_chunks() adds the data */
		w = snprintf(buf, cap, "WRITE %s", name);
		break;
	case TC_ACT_READ:
		n = a->len == 0 || a->len > TC_AGENT_DATA_MAX ?
		    TC_AGENT_DATA_MAX : a->len;
		w = snprintf(buf, cap, "READ %s %zu %d", name, n,
		    blocking_ms(a));
		break;
	case TC_ACT_SHUTDOWN:
		if (a->how >= 0 && a->how <= 2)
			w = snprintf(buf, cap, "SHUTDOWN %s %s", name,
			    how[a->how]);
		break;
	case TC_ACT_CLOSE:
		w = snprintf(buf, cap, "CLOSE %s", name);
		break;
	case TC_ACT_ABORT:
		w = snprintf(buf, cap, "ABORT %s", name);
		break;
	case TC_ACT_SETOPT:
		w = snprintf(buf, cap, "SETOPT %s", name);
		break;
	case TC_ACT_COUNT:
		break;
	}
	if (w < 0 || (size_t)w >= cap) {
		tc_diag_set(diag, "agent: cannot encode target action %d",
		    (int)a->kind);
		return TC_ERR_INVAL;
	}
	len = strlen(buf);
	if (a->kind == TC_ACT_LISTEN || a->kind == TC_ACT_CONNECT ||
	    a->kind == TC_ACT_SETOPT)
		return put_opts(a->opts, a->nopts, buf, cap, &len, diag);
	return TC_OK;
}

/* "DATA hex" or "EOF" for a READ. */
static enum tc_err
read_answer(struct tc_agent_client *c, const struct tc_action *a,
    struct tc_action_result *res, struct tc_diag *diag)
{
	size_t want = a->len == 0 || a->len > TC_AGENT_DATA_MAX ?
	    TC_AGENT_DATA_MAX : a->len;

	if (strcmp(c->line, "EOF") == 0) {
		res->eof = true;
		return TC_OK;
	}
	if (strncmp(c->line, "DATA ", 5) != 0 ||
	    !tc_agent_hex_decode(c->line + 5, res->buf,
	    want < sizeof(res->buf) ? want : sizeof(res->buf), &res->n) ||
	    res->n == 0)
		return broken(c, "a bad answer to READ", diag);
	return TC_OK;
}

/* An answer line to a's result. */
static enum tc_err
parse_answer(struct tc_agent_client *c, const struct tc_action *a,
    struct tc_action_result *res, struct tc_diag *diag)
{
	unsigned long n;
	enum tc_err err;

	if (is_err(c->line)) {
		err = map_err(c->line, diag);
		/* The server's timeout ran out: as a socket that would block. */
		if (err == TC_ERR_SYS && diag->sys_errno == ETIMEDOUT &&
		    (a->kind == TC_ACT_ACCEPT || a->kind == TC_ACT_READ)) {
			res->wait_fd = c->rfd;
			res->wait_events = POLLIN;
			return TC_ERR_AGAIN;
		}
		return err;
	}
	if (a->kind == TC_ACT_READ)
		return read_answer(c, a, res, diag);
	if (a->kind == TC_ACT_WRITE) {
		if (strncmp(c->line, "OK ", 3) != 0 ||
		    !tc_agent_num(c->line + 3, a->len, &n))
			return broken(c, "a bad answer to WRITE", diag);
		res->n = (size_t)n;
		return TC_OK;
	}
	return strcmp(c->line, "OK") == 0 ? TC_OK :
	    broken(c, "an answer that is not OK", diag);
}

static enum tc_err	exchange(struct tc_agent_client *c, const char *req,
		    int timeout_ms, struct tc_diag *diag);

/*
 * WRITE in chunks of TC_AGENT_DATA_MAX: all but the last end in " +" and
 * the agent holds them, so the data leaves in one send(2), as locally.
 */
static enum tc_err
write_chunks(struct tc_agent_client *c, const struct tc_action *a,
    const char *head, struct tc_diag *diag)
{
	char req[TC_AGENT_LINE_MAX];
	size_t off = 0, n, hl = strlen(head);
	enum tc_err err;

	if (a->len > TC_AGENT_WRITE_MAX) {
		tc_diag_set(diag, "agent: write of %zu bytes (at most %d)",
		    a->len, TC_AGENT_WRITE_MAX);
		return TC_ERR_LIMIT;
	}
	do {
		n = a->len - off < TC_AGENT_DATA_MAX ? a->len - off :
		    TC_AGENT_DATA_MAX;
		memcpy(req, head, hl);
		req[hl] = ' ';
		tc_agent_hex_encode(a->data + off, n, req + hl + 1);
		off += n;
		if (off < a->len)
			memcpy(req + hl + 1 + 2 * n, " +", 3);
		err = exchange(c, req, TC_AGENT_CALL_MS, diag);
	} while (!err && off < a->len);
	return err;
}

/*
 * Actions that complete at once (all but ACCEPT and READ) wait for their
 * answer here, briefly: a segment the action makes the target send (the
 * SYN of a connect, the FIN of a close) may reach the capture before the
 * answer, and must not be judged before the action is known to be done.
 */
static enum tc_err
act_sync(struct tc_agent_client *c, const struct tc_action *a,
    const char *req, struct tc_action_result *res, struct tc_diag *diag)
{
	enum tc_err err;

	if (a->kind == TC_ACT_WRITE)
		err = write_chunks(c, a, req, diag);
	else
		err = exchange(c, req, TC_AGENT_CALL_MS, diag);
	if (err)
		return err;	/* "ERR ..." mapped, or the connection */
	return parse_answer(c, a, res, diag);
}

static enum tc_err
act_send(struct tc_agent_client *c, const struct tc_action *a,
    struct tc_action_result *res, struct tc_diag *diag)
{
	char req[TC_AGENT_LINE_MAX];
	enum tc_err err;
	int wait = TC_AGENT_CALL_MS;

	if ((err = format_request(c, a, req, sizeof(req), diag)) != TC_OK)
		return err;
	if (a->kind != TC_ACT_ACCEPT && a->kind != TC_ACT_READ)
		return act_sync(c, a, req, res, diag);
	if ((err = send_line(c, req, TC_AGENT_CALL_MS, diag)) != TC_OK)
		return err;
	wait += blocking_ms(a);
	c->busy = true;
	c->give_up = tc_mono_ms() + wait + TC_AGENT_GRACE_MS;
	res->wait_fd = c->rfd;
	res->wait_events = POLLIN;
	return TC_ERR_AGAIN;
}

enum tc_err
tc_agent_client_act(struct tc_agent_client *c, const struct tc_action *a,
    struct tc_action_result *res, struct tc_diag *diag)
{
	enum tc_err err;

	res->wait_fd = -1;
	res->wait_events = 0;
	res->n = 0;
	res->eof = false;
	if (c->broken)
		return broken(c, c->why, diag);
	if (!c->busy)
		return act_send(c, a, res, diag);
	err = try_line(c, diag);
	if (err == TC_ERR_AGAIN) {
		if (tc_mono_ms() >= c->give_up) {
			broken(c, "no answer from the agent", diag);
			return TC_ERR_TIMEOUT;
		}
		res->wait_fd = c->rfd;
		res->wait_events = POLLIN;
		return TC_ERR_AGAIN;
	}
	c->busy = false;
	if (err)
		return err;
	return parse_answer(c, a, res, diag);
}

/* One blocking exchange; the answer is left in c->line. */
static enum tc_err
exchange(struct tc_agent_client *c, const char *req, int timeout_ms,
    struct tc_diag *diag)
{
	enum tc_err err;

	if (c->broken)
		return broken(c, c->why, diag);
	if (c->busy) {
		tc_diag_set(diag, "agent: a request is still in flight");
		return TC_ERR_INVAL;
	}
	err = send_line(c, req, timeout_ms, diag);
	if (!err)
		err = recv_line(c, timeout_ms, diag);
	if (!err && is_err(c->line))
		err = map_err(c->line, diag);
	return err;
}

enum tc_err
tc_agent_client_call(struct tc_agent_client *c, const char *req,
    char *answer, size_t cap, int timeout_ms, struct tc_diag *diag)
{
	enum tc_err err;

	err = exchange(c, req, timeout_ms, diag);
	if (err)
		return err;
	if (strncmp(c->line, "OK", 2) != 0 ||
	    (c->line[2] != '\0' && c->line[2] != ' '))
		return broken(c, "an answer that is not OK", diag);
	if (answer != NULL && cap > 0)
		snprintf(answer, cap, "%s", c->line);
	return TC_OK;
}

enum tc_err
tc_agent_client_state(struct tc_agent_client *c,
    const struct tc_tuple *tuple, enum tc_fsm_state *out, bool *listening,
    struct tc_diag *diag)
{
	char req[64 + 2 * TC_ADDR_STRLEN], a[TC_ADDR_STRLEN], b[TC_ADDR_STRLEN];
	char *w[4];
	enum tc_err err;
	size_t n;

	snprintf(req, sizeof(req), "STATE %s %u %s %u",
	    tc_addr_format(&tuple->target_addr, a, sizeof(a)),
	    tuple->target_port, tc_addr_format(&tuple->peer_addr, b,
	    sizeof(b)), tuple->peer_port);
	if ((err = exchange(c, req, TC_AGENT_CALL_MS, diag)) != TC_OK)
		return err;
	if (tc_agent_words(c->line, w, 4, &n, NULL) != TC_OK || n < 2 ||
	    n > 3 || strcmp(w[0], "STATE") != 0 ||
	    !tc_fsm_state_parse(w[1], out) ||
	    (n == 3 && strcmp(w[2], "listening") != 0))
		return broken(c, "a bad answer to STATE", diag);
	if (listening != NULL)
		*listening = n == 3;
	return TC_OK;
}

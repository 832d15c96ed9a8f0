/*
 * agent_serve.c - one client of tcpconform-agent: the handshake, then each
 * request line performed with real Linux sockets in the agent's own
 * namespace, as engine/target_netns.c performs them in a throwaway one
 * (docs/agent-protocol.md).
 */
#include "agent_serve.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent_proto.h"
#include "agent_serve_int.h"
#include "netns.h"
#include "sockdiag.h"

#define HANDSHAKE_MS	10000

/* Reads the next line, waiting at most timeout_ms (-1: forever). */
enum tc_err
tc__srv_recv(struct srv *s, int timeout_ms, struct tc_diag *diag)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
	enum tc_err err;
	int r;

	for (;;) {
		err = tc_agent_lbuf_take(&s->lb, s->line, sizeof(s->line),
		    diag);
		if (err != TC_ERR_AGAIN)
			return err;
		r = poll(&pfd, 1, timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			tc_diag_set(diag, "client silent for %d ms",
			    timeout_ms);
			return TC_ERR_TIMEOUT;
		}
		err = tc_agent_lbuf_fill(&s->lb, s->fd, diag);
		if (err && err != TC_ERR_AGAIN)
			return err;
	}
}

enum tc_err
tc__srv_send(struct srv *s, const char *text, struct tc_diag *diag)
{
	size_t len = strlen(text), off = 0;
	char buf[TC_AGENT_LINE_MAX];
	ssize_t n;

	if (len + 1 > sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, text, len);
	buf[len++] = '\n';
	while (off < len) {
		n = s->wfd == s->fd ? send(s->fd, buf + off, len - off,
		    MSG_NOSIGNAL) : write(s->wfd, buf + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			tc_diag_errno(diag, "answering the client");
			return TC_ERR_SYS;
		}
		off += (size_t)n;
	}
	return TC_OK;
}

static enum tc_err
handshake(struct srv *s, struct tc_diag *diag)
{
	char nonce[TC_AGENT_NONCE_HEX + 1], hello[80];
	enum tc_err err;

	tc_agent_nonce(nonce);
	snprintf(hello, sizeof(hello), "HELLO %s %s", TC_AGENT_GREETING,
	    nonce);
	if ((err = tc__srv_send(s, hello, diag)) != TC_OK)
		return err;
	if ((err = tc__srv_recv(s, HANDSHAKE_MS, diag)) != TC_OK)
		return err;
	if (strncmp(s->line, "AUTH ", 5) != 0 ||
	    !tc_agent_auth_check(s->conf->secret, s->conf->secret_len, nonce,
	    s->line + 5)) {
		tc__srv_send(s, "ERR EACCES authentication failed", NULL);
		tc_diag_set(diag, "authentication failed");
		return TC_ERR_PERM;
	}
	return tc__srv_send(s, "OK", diag);
}

/* The address the client reached us on: target sockets bind to it. */
static enum tc_err
local_addr(struct srv *s, struct tc_diag *diag)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	if (getsockname(s->fd, (struct sockaddr *)&ss, &sl) != 0) {
		tc_diag_errno(diag, "getsockname");
		return TC_ERR_SYS;
	}
	if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
			tc_addr_ipv4(&s->local, s6->sin6_addr.s6_addr[12],
			    s6->sin6_addr.s6_addr[13],
			    s6->sin6_addr.s6_addr[14],
			    s6->sin6_addr.s6_addr[15]);
		else {
			s->local.family = TC_AF_INET6;
			memcpy(s->local.bytes, &s6->sin6_addr, 16);
		}
	} else {
		const uint8_t *b = (const uint8_t *)
		    &((struct sockaddr_in *)&ss)->sin_addr;

		tc_addr_ipv4(&s->local, b[0], b[1], b[2], b[3]);
	}
	return TC_OK;
}

/* Performs one request and answers it; false: stop serving. */
static bool
serve_one(struct srv *s)
{
	struct tc_diag d;
	bool bye;

	if (s->conf->verbose)
		fprintf(stderr, "tcpconform-agent: < %.200s\n", s->line);
	bye = tc__srv_serve_line(s);
	if (s->conf->verbose)
		fprintf(stderr, "tcpconform-agent: > %.200s\n", s->base.out);
	tc_diag_init(&d);
	return tc__srv_send(s, s->base.out, &d) == TC_OK && !bye;
}

/* Requests until BYE, end of file or a protocol error; then the reset. */
static enum tc_err
serve_loop(struct srv *s, enum tc_err err, struct tc_diag *diag)
{
	while (!err) {
		err = tc__srv_recv(s, -1, diag);
		if (err == TC_ERR_SYS && diag->sys_errno == 0) {
			err = TC_OK;	/* the client hung up */
			break;
		}
		if (err == TC_OK && !serve_one(s))
			break;
	}
	if (err == TC_ERR_INVAL || err == TC_ERR_LIMIT)
		tc__srv_send(s, "ERR EPROTO bad line; closing", NULL);
	tc__srv_reset(s);
	tc_sockdiag_free(s->sd);
	s->sd = NULL;
	return err;
}

static struct srv *
srv_init(int rfd, int wfd, const struct tc_agent_serve_conf *conf)
{
	static struct srv s;	/* large; one client per process */

	memset(&s, 0, sizeof(s));
	s.fd = rfd;
	s.wfd = wfd;
	s.conf = conf;
	tc_agent_lbuf_init(&s.lb);
	tc__srv_socks_init(&s);
	return &s;
}

enum tc_err
tc_agent_serve(int fd, const struct tc_agent_serve_conf *conf,
    struct tc_diag *diag)
{
	struct srv *s = srv_init(fd, fd, conf);
	enum tc_err err;

	err = local_addr(s, diag);
	if (!err)
		err = handshake(s, diag);
	if (!err)
		err = tc_sockdiag_new(-1, &s->sd, diag);
	err = serve_loop(s, err, diag);
	close(fd);
	return err;
}

enum tc_err
tc_agent_serve_pipe(int rfd, int wfd, const struct tc_addr *local,
    const struct tc_agent_serve_conf *conf, struct tc_diag *diag)
{
	struct srv *s = srv_init(rfd, wfd, conf);
	struct tc_diag ignored;
	enum tc_err err;

	s->local = *local;
	tc_diag_init(&ignored);
	if (tc_sockdiag_new(-1, &s->sd, &ignored) != TC_OK)
		s->sd = NULL;
	err = tc__srv_send(s, "HELLO " TC_AGENT_GREETING " -", diag);
	return serve_loop(s, err, diag);
}

/* agent_serve.h - one client of tcpconform-agent: requests to socket calls. */
#ifndef TC_AGENT_SERVE_H
#define TC_AGENT_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "err.h"

struct tc_agent_serve_conf {
	const uint8_t	*secret;	/* (borrowed) */
	size_t		secret_len;
	bool		allow_sysctl;	/* SYSCTL net.* (restored after) */
	bool		verbose;	/* requests to stderr */
};

/*
 * Serves the client on fd (a connected TCP socket, owned: closed before
 * returning): the handshake, then requests until BYE, end of file or a
 * protocol error.  Every socket the client made is closed and every
 * sysctl it set restored before returning.  TC_OK after BYE or end of
 * file; TC_ERR_PERM when authentication failed; other errors with diag.
 */
enum tc_err tc_agent_serve(int fd, const struct tc_agent_serve_conf *conf,
	    struct tc_diag *diag);

/*
 * Serves one client on a pipe transport: requests from rfd, answers to
 * wfd (stdin and stdout; neither is closed), no authentication ("HELLO
 * ... -").  Target sockets bind to `local` (the wildcard address of its
 * family: the stack picks the source).  A stack without sock_diag (a
 * userspace stack, gVisor) answers STATE with ENOTSUP.  Returns as
 * tc_agent_serve.
 */
enum tc_err tc_agent_serve_pipe(int rfd, int wfd, const struct tc_addr *local,
	    const struct tc_agent_serve_conf *conf, struct tc_diag *diag);

#endif /* TC_AGENT_SERVE_H */

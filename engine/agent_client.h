/* agent_client.h - the engine's side of the agent protocol, over any fd. */
#ifndef TC_AGENT_CLIENT_H
#define TC_AGENT_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "err.h"
#include "fsm.h"
#include "target.h"

/*
 * One connection to whatever performs target-side actions: the remote
 * tcpconform-agent over TCP, or a stack driver over a pipe or socketpair
 * (docs/agent-protocol.md).  One request is in flight at a time.
 */
struct tc_agent_client;

/* Timeouts of the short, blocking exchanges (handshake, STATE, RESET). */
#define TC_AGENT_CALL_MS	2000
/* A blocking action whose caller gave no time left (timeout_ms 0). */
#define TC_AGENT_DEFAULT_MS	2000
/* A silent server is given up on this long after its own timeout. */
#define TC_AGENT_GRACE_MS	2000

/*
 * Takes over rfd and wfd (the same fd for a socket; both are closed by
 * _free, once) and performs the handshake, blocking for at most
 * timeout_ms: HELLO, then AUTH with `secret` (len bytes) when it is not
 * NULL.  A pipe transport passes secret NULL and expects "HELLO ... -".
 * `peer` is the tester's address (CONNECT's raddr).  Errors:
 * TC_ERR_PERM "authentication failed", TC_ERR_TIMEOUT, TC_ERR_INVAL for a
 * protocol violation, TC_ERR_SYS; the fds are closed on error too.
 */
enum tc_err tc_agent_client_new(int rfd, int wfd, const uint8_t *secret,
	    size_t len, const struct tc_addr *peer, int timeout_ms,
	    struct tc_agent_client **out, struct tc_diag *diag);
/*
 * Connects over TCP to addr:port within timeout_ms, then as _new.
 * Errors as _new; TC_ERR_SYS for a refused or unreachable agent.
 */
enum tc_err tc_agent_client_dial(const struct tc_addr *addr, uint16_t port,
	    const uint8_t *secret, size_t len, const struct tc_addr *peer,
	    int timeout_ms, struct tc_agent_client **out,
	    struct tc_diag *diag);
/* Closes the connection (no BYE); NULL is a no-op. */
void	tc_agent_client_free(struct tc_agent_client *c);

/*
 * Performs `a` like a tc_target_ops act(), never blocking: the first call
 * sends the request and returns TC_ERR_AGAIN with res->wait_fd the
 * connection and POLLIN; call again with the same action when it is
 * readable, until something else than TC_ERR_AGAIN comes back.  ACCEPT
 * and READ carry a->timeout_ms (TC_AGENT_DEFAULT_MS when 0); the server
 * running out of it is TC_ERR_AGAIN, as for a local socket.  Answers map
 * as for target_netns: ENOTSUP -> TC_ERR_UNSUPPORTED, ENOENT ->
 * TC_ERR_NOTFOUND, EPROTO -> TC_ERR_INVAL, any other errno -> TC_ERR_SYS
 * with the server's text in the diag.  A lost connection or a bad answer
 * is TC_ERR_INVAL ("agent ...") and every later call fails the same way.
 * WRITE sends at most TC_AGENT_DATA_MAX bytes (res->n says how many).
 */
enum tc_err tc_agent_client_act(struct tc_agent_client *c,
	    const struct tc_action *a, struct tc_action_result *res,
	    struct tc_diag *diag);

/*
 * The true state of `tuple` (STATE), blocking for at most
 * TC_AGENT_CALL_MS: state reads are short and the interpreter polls them
 * synchronously.  TC_ERR_INVAL while an action is in flight.
 */
enum tc_err tc_agent_client_state(struct tc_agent_client *c,
	    const struct tc_tuple *tuple, enum tc_fsm_state *out,
	    bool *listening, struct tc_diag *diag);

/*
 * Sends one request line (no '\n') and waits at most timeout_ms for the
 * answer: "OK ..." is TC_OK and copied to answer (may be NULL), "ERR ..."
 * maps as for _act.  For RESET, SYSCTL, BYE.
 */
enum tc_err tc_agent_client_call(struct tc_agent_client *c, const char *req,
	    char *answer, size_t cap, int timeout_ms, struct tc_diag *diag);

#endif /* TC_AGENT_CLIENT_H */

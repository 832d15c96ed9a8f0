/* slirp_ops.h - docs/agent-protocol.md requests for the slirp target. */
#ifndef TC_SLIRP_OPS_H
#define TC_SLIRP_OPS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Performs one request line (split in place) and writes its one-line
 * answer, without newline, to out (cap >= TC_AGENT_LINE_MAX).  *bye is
 * set after BYE.
 */
void	tc_slirp_ops_do(char *line, char *out, size_t cap, bool *bye);
/* The family of the loopback sockets slirp relays to: AF_INET or
 * AF_INET6, as the tester's (before the first request). */
void	tc_slirp_ops_init(int family);
/* Closes every socket and removes every host forward (RESET, the end). */
void	tc_slirp_ops_reset(void);

#endif /* TC_SLIRP_OPS_H */

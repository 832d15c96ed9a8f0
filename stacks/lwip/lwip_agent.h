/* lwip_agent.h - docs/agent-protocol.md requests carried out with lwIP. */
#ifndef TC_LWIP_AGENT_H
#define TC_LWIP_AGENT_H

#include <stddef.h>

#include "lwip/ip_addr.h"

#include "agent_proto.h"

/* The answer being built: one line, without its newline. */
struct tc_lwip_answer {
	char		text[TC_AGENT_LINE_MAX];
};

/* The stack's own address (IPv4 or IPv6): every socket binds to it. */
void	tc_lwip_agent_init(const ip_addr_t *addr);
/*
 * Carries out one request, already split into words (argv[0] is the verb),
 * and writes its one-line answer.  Returns 1 after BYE, else 0.
 */
int	tc_lwip_agent_do(int argc, char **argv, struct tc_lwip_answer *ans);
/* Formats "ERR NAME text" into ans. */
void	tc_lwip_answer_err(struct tc_lwip_answer *ans, const char *errname,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* TC_LWIP_AGENT_H */

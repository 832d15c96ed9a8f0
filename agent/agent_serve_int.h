/* agent_serve_int.h - what agent_serve.c and agent_ops.c share. */
#ifndef TC_AGENT_SERVE_INT_H
#define TC_AGENT_SERVE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "agent_proto.h"
#include "agent_serve.h"
#include "agent_verbs.h"
#include "err.h"
#include "sockact.h"

#define SRV_SOCKS	64
#define SRV_SYSCTLS	16

/* A sysctl this client changed, with the value to put back. */
struct srv_sysctl {
	char		name[128];
	char		old[256];
};

struct srv {
	struct tc_agent_srv base;	/* first: the shared verbs' state,
					   sockets and the answer */
	int		fd;		/* (borrowed) the control connection:
					   requests are read from it */
	int		wfd;		/* (borrowed) answers are written here
					   (fd, or stdout on a pipe) */
	const struct tc_agent_serve_conf *conf;	/* (borrowed) */
	struct tc_addr	local;		/* the address target sockets use */
	struct tc_sockdiag *sd;		/* (owned) NULL: the stack has no
					   sock_diag, STATE is ENOTSUP */
	struct srv_sysctl sysctls[SRV_SYSCTLS];
	size_t		nsysctls;
	struct tc_agent_lbuf lb;
	char		line[TC_AGENT_LINE_MAX];	/* the request */
};

enum tc_err tc__srv_recv(struct srv *s, int timeout_ms, struct tc_diag *diag);
enum tc_err tc__srv_send(struct srv *s, const char *text,
	    struct tc_diag *diag);
/* Performs s->line (split in place), leaving the answer in s->base.out;
 * true after BYE. */
bool	tc__srv_serve_line(struct srv *s);
void	tc__srv_socks_init(struct srv *s);
/* Closes every socket and restores every sysctl (RESET, hang-up). */
void	tc__srv_reset(struct srv *s);

#endif /* TC_AGENT_SERVE_INT_H */

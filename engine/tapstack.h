/*
 * tapstack.h - a userspace TCP stack on a TAP device in throwaway
 * namespaces, driven over a socketpair (docs/agent-protocol.md, pipe
 * transport).  The lwip and slirp targets are this plus their program.
 */
#ifndef TC_TAPSTACK_H
#define TC_TAPSTACK_H

#include <stdint.h>

#include "err.h"
#include "target.h"

/* What differs between the stacks. */
struct tc_tapstack_conf {
	const char	*name;		/* "lwip": for messages */
	const char	*prog;		/* (borrowed) the stack program */
	const uint8_t	*mac;		/* (borrowed) the stack's MAC */
	const uint8_t	*mac6;		/* (borrowed) its MAC over IPv6; NULL:
					   the program has no IPv6 */
};

/*
 * Builds the namespaces, veth, bridge and TAP, starts the program in the
 * target namespace as
 *
 *   PROG tcpc-t 198.18.0.2/24 STACKMAC 198.18.0.1 TESTERMAC
 *   PROG tcpc-t 2001:2::2/64 STACKMAC 2001:2::1 TESTERMAC   (--ipv6)
 *
 * and waits for its HELLO.  Over IPv6 a program without it (mac6 NULL)
 * gets an IPv4 session, which the runner SKIPs.  A session with --fault is TC_ERR_UNSUPPORTED.
 */
enum tc_err tc_tapstack_open(const struct tc_tapstack_conf *c,
	    const struct tc_session_conf *conf, struct tc_session **out,
	    struct tc_link *link, struct tc_diag *diag);
/* Kills the program; the kernel tears down the rest.  NULL: no-op. */
void	tc_tapstack_close(struct tc_session *s);
/* The vtable's act and state, over the program's connection. */
enum tc_err tc_tapstack_act(struct tc_session *s, const struct tc_action *a,
	    struct tc_action_result *res, struct tc_diag *diag);
enum tc_err tc_tapstack_state(struct tc_session *s,
	    const struct tc_tuple *tuple, enum tc_fsm_state *out,
	    bool *listening, struct tc_diag *diag);
/*
 * The program to run: $env_var, else the one this build made (built);
 * a missing one is TC_ERR_UNSUPPORTED with why, before any testcase.
 */
enum tc_err tc_tapstack_prog(const char *name, const char *args,
	    const char *env_var, const char *built, const char *pkg,
	    const char **prog, struct tc_diag *diag);

#endif /* TC_TAPSTACK_H */

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

/* What differs between the stacks: all of a tapstack target's driver. */
struct tc_tapstack_desc {
	const char	*name;		/* "lwip": --target and messages */
	const char	*describe;	/* "lwIP 2.1.3 (Debian liblwip) on a
					   TAP device" */
	unsigned	caps;		/* TC_TARGET_CAP_*; STATE: the program
					   answers STATE */
	const char	*env_var;	/* "TCPCONFORM_LWIP": the program's
					   path, if set */
	const char	*built;		/* the one this build made, or "" */
	const char	*pkg;		/* what to install when it is missing */
	const uint8_t	*mac;		/* the stack's MAC */
	const uint8_t	*mac6;		/* its MAC over IPv6; NULL: the program
					   has no IPv6 */
};

/*
 * A target driven by desc (static storage): each session builds the
 * namespaces, veth, bridge and TAP, starts the program in the target
 * namespace as
 *
 *   PROG tcpc-t 198.18.0.2/24 STACKMAC 198.18.0.1 TESTERMAC
 *   PROG tcpc-t 2001:2::2/64 STACKMAC 2001:2::1 TESTERMAC   (--ipv6)
 *
 * and waits for its HELLO.  Over IPv6 a program without it (mac6 NULL)
 * gets an IPv4 session, which the runner SKIPs; a session with --fault is
 * TC_ERR_UNSUPPORTED.  The program is $env_var, else `built`; a missing
 * one is TC_ERR_UNSUPPORTED with why, before any testcase; arguments
 * are TC_ERR_INVAL.
 */
enum tc_err tc_tapstack_target_new(const struct tc_tapstack_desc *desc,
	    const char *args, struct tc_target **out, struct tc_diag *diag);

#endif /* TC_TAPSTACK_H */

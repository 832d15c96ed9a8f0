/*
 * target_lwip.c - lwIP (Debian's liblwip 2.1.3) as a target: our small
 * server stacks/lwip/tcpconform-lwip runs lwIP on a TAP device inside a
 * throwaway namespace and performs target-side actions for us over a
 * socketpair (docs/agent-protocol.md, pipe transport).  The namespaces,
 * links and the server's life are engine/tapstack.c's:
 *
 *   tcpc-a (no address) <-veth-> tcpc-b --[bridge tcpc-br]-- tcpc-t (TAP)
 *                                                               |
 *                                   tcpconform-lwip: lwIP 198.18.0.2/24,
 *                                   MAC 02:00:00:4c:57:02
 *
 * lwIP learns the tester's MAC from an ARP reply its TAP driver feeds it
 * (stacks/lwip/lwip_tap.c), so no ARP crosses the link.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "tapstack.h"
#include "target.h"

#define STACK_ENV	"TCPCONFORM_LWIP"

#ifndef TC_LWIP_STACK
#define TC_LWIP_STACK	""
#endif

static const uint8_t lwip_mac[6] = { 0x02, 0x00, 0x00, 0x4c, 0x57, 0x02 };

struct lwip_target {
	struct tc_target base;		/* first */
	char		prog[PATH_MAX];	/* the server's path */
};

static enum tc_err
lwip_session_open(struct tc_target *t, const struct tc_session_conf *conf,
    struct tc_session **out, struct tc_link *link, struct tc_diag *diag)
{
	struct tc_tapstack_conf c = {
		.name = "lwip",
		.prog = ((struct lwip_target *)t)->prog,
		.mac = lwip_mac,
		.mac6 = lwip_mac,
	};

	return tc_tapstack_open(&c, conf, out, link, diag);
}

static void
lwip_describe(struct tc_target *t, char *buf, size_t cap)
{
	(void)t;
	if (cap > 0)
		snprintf(buf, cap, "lwIP 2.1.3 (Debian liblwip) on a TAP "
		    "device");
}

static void
lwip_free(struct tc_target *t)
{
	free(t);
}

static const struct tc_target_ops lwip_ops = {
	.name = "lwip",
	.caps = TC_TARGET_CAP_ACT | TC_TARGET_CAP_STATE |
	    TC_TARGET_CAP_LISTEN,
	.session_open = lwip_session_open,
	.session_close = tc_tapstack_close,
	.act = tc_tapstack_act,
	.state = tc_tapstack_state,
	.describe = lwip_describe,
	.free = lwip_free,
};

/*
 * The server is $TCPCONFORM_LWIP, else the one this build made.  A missing
 * or unrunnable server is an error here, before any testcase: a named
 * stack that cannot start fails the run.
 */
enum tc_err
tc_target_lwip_new(const char *args, struct tc_target **out,
    struct tc_diag *diag)
{
	struct lwip_target *lt;
	const char *prog;
	enum tc_err err;

	*out = NULL;
	err = tc_tapstack_prog("lwip", args, STACK_ENV, TC_LWIP_STACK,
	    "liblwip-dev", &prog, diag);
	if (err)
		return err;
	lt = calloc(1, sizeof(*lt));
	if (lt == NULL) {
		tc_diag_set(diag, "lwip target: out of memory");
		return TC_ERR_NOMEM;
	}
	snprintf(lt->prog, sizeof(lt->prog), "%s", prog);
	lt->base.ops = &lwip_ops;
	*out = &lt->base;
	return TC_OK;
}

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
#include "tapstack.h"
#include "target.h"

#ifndef TC_LWIP_STACK
#define TC_LWIP_STACK	""
#endif

static const uint8_t lwip_mac[6] = { 0x02, 0x00, 0x00, 0x4c, 0x57, 0x02 };

static const struct tc_tapstack_desc lwip = {
	.name = "lwip",
	.describe = "lwIP 2.1.3 (Debian liblwip) on a TAP device",
	.caps = TC_TARGET_CAP_ACT | TC_TARGET_CAP_STATE |
	    TC_TARGET_CAP_LISTEN,
	.env_var = "TCPCONFORM_LWIP",
	.built = TC_LWIP_STACK,
	.pkg = "liblwip-dev",
	.mac = lwip_mac,
	.mac6 = lwip_mac,
};

enum tc_err
tc_target_lwip_new(const char *args, struct tc_target **out,
    struct tc_diag *diag)
{
	return tc_tapstack_target_new(&lwip, args, out, diag);
}

/*
 * target_slirp.c - libslirp's BSD-derived TCP (Debian libslirp 4.7) as a
 * target: stacks/slirp/tcpconform-slirp runs slirp on a TAP device inside
 * a throwaway namespace (engine/tapstack.c) with 198.18.0.0/24 as its
 * virtual network, its gateway ("host") address 198.18.0.2 as the target
 * and the tester 198.18.0.1 as its guest:
 *
 *   tcpc-a (no address) <-veth-> tcpc-b --[bridge tcpc-br]-- tcpc-t (TAP)
 *                                                               |
 *                              tcpconform-slirp: slirp, gateway 198.18.0.2,
 *                              MAC 52:55:c6:12:00:02 (slirp's own rule)
 *
 * slirp's TCP answers a SYN to the gateway's port only when its connect()
 * to 127.0.0.1:port in the program's namespace succeeds, so `target
 * listen` is a real listener there, and the other actions act on the
 * host-side socket slirp relays for (docs/targets.md, "slirp").  slirp's
 * state is internal: `state` is inferred from the reference model.
 */
#include "tapstack.h"
#include "target.h"

#ifndef TC_SLIRP_STACK
#define TC_SLIRP_STACK	""
#endif

/* slirp's emulated hosts have MAC 52:55 followed by their IPv4 address. */
static const uint8_t slirp_mac[6] = { 0x52, 0x55, 198, 18, 0, 2 };
/* Over IPv6: 52:56 and the last four octets of 2001:2::2. */
static const uint8_t slirp_mac6[6] = { 0x52, 0x56, 0, 0, 0, 2 };

/* No STATE: slirp keeps its TCP state internal. */
static const struct tc_tapstack_desc slirp = {
	.name = "slirp",
	.describe = "libslirp 4.7 (Debian libslirp) on a TAP device",
	.caps = TC_TARGET_CAP_ACT | TC_TARGET_CAP_LISTEN,
	.env_var = "TCPCONFORM_SLIRP",
	.built = TC_SLIRP_STACK,
	.pkg = "libslirp-dev",
	.mac = slirp_mac,
	.mac6 = slirp_mac6,
};

enum tc_err
tc_target_slirp_new(const char *args, struct tc_target **out,
    struct tc_diag *diag)
{
	return tc_tapstack_target_new(&slirp, args, out, diag);
}

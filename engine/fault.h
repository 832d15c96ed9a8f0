/* fault.h - the fault namespace: a bridge and nftables rules on the path. */
#ifndef TC_FAULT_H
#define TC_FAULT_H

#include "err.h"
#include "rtnl.h"

/*
 * With fault rules the netns target puts a third namespace on the path:
 *
 *   tester ns            fault ns                          target ns
 *   tcpc-a <-- veth --> tcpc-fa [bridge tcpc-br] tcpc-fb <-- veth --> tcpc-b
 *
 * The bridge has no address and forwards frames unchanged, so MACs,
 * addresses and neighbours stay what they are without it; the rules (an
 * nftables ruleset, typically in the bridge family on the forward hook)
 * drop or rewrite frames as they cross.
 */
#define TC_FAULT_IF_TESTER	"tcpc-fa"	/* peer of the tester's veth */
#define TC_FAULT_IF_TARGET	"tcpc-fb"	/* peer of the target's veth */
#define TC_FAULT_IF_BRIDGE	"tcpc-br"

/*
 * Turns br_netfilter off in namespace ns_fault (net.bridge.bridge-nf-call-*
 * = 0; absent on a kernel without it).  Left on, it steals bridged IP
 * frames at the forward hook and gives them back only to chains of
 * priority above 0, so a rule at "priority 0" would never see a frame.
 */
enum tc_err tc_fault_ns_prepare(int ns_fault, struct tc_diag *diag);

/*
 * In the fault namespace (rf's): creates the veth tcpc-fb with its peer
 * `target_if` in namespace ns_target (down), the bridge, and makes
 * tcpc-fa (already there) and tcpc-fb its ports with every offload off,
 * then brings the three up.  Errors as for rtnl.h.
 */
enum tc_err tc_fault_bridge_setup(struct tc_rtnl *rf, int ns_target,
	    const char *target_if, struct tc_diag *diag);
/* Waits (tc_rtnl_link_wait_up) until both ports are up and forwarding. */
enum tc_err tc_fault_wait_up(struct tc_rtnl *rf, int timeout_ms,
	    struct tc_diag *diag);

/*
 * Applies nftables ruleset text in namespace ns_fault with libnftables (no
 * nft program runs).  TC_ERR_INVAL when nft refuses them, with nft's own
 * words in the diag: "fault rules: <cmdline>:3:5-9: Error: syntax error,
 * ...".  Other errors: TC_ERR_NOMEM, and those of tc_netns_enter().
 */
enum tc_err tc_fault_rules_load(int ns_fault, const char *rules,
	    struct tc_diag *diag);

#endif /* TC_FAULT_H */

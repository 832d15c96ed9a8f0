/*
 * fault.c - the fault namespace between tester and target: a Linux bridge
 * joining two veths, and nftables rules (libnftables) that drop or rewrite
 * the frames crossing it.  See fault.h for the picture.
 */
#include "fault.h"

#include <nftables/libnftables.h>
#include <stdio.h>
#include <string.h>

#include "netns.h"

enum tc_err
tc_fault_ns_prepare(int ns_fault, struct tc_diag *diag)
{
	static const char *const brnf[] = {
		"net.bridge.bridge-nf-call-iptables",
		"net.bridge.bridge-nf-call-ip6tables",
		"net.bridge.bridge-nf-call-arptables",
	};
	struct tc_diag d;
	enum tc_err err;
	size_t i;

	for (i = 0; i < sizeof(brnf) / sizeof(brnf[0]); i++) {
		tc_diag_init(&d);
		err = tc_netns_sysctl_set(ns_fault, brnf[i], "0", &d);
		if (err && err != TC_ERR_NOTFOUND) {
			tc_diag_set(diag, "%s", d.msg);
			return err;
		}
	}
	return TC_OK;
}

/* Every port up and in the bridge before any link is brought up. */
enum tc_err
tc_fault_bridge_setup(struct tc_rtnl *rf, int ns_target,
    const char *target_if, struct tc_diag *diag)
{
	static const char *const ports[] = {
		TC_FAULT_IF_TESTER, TC_FAULT_IF_TARGET,
	};
	enum tc_err err;
	size_t i;

	err = tc_rtnl_veth_add(rf, TC_FAULT_IF_TARGET, target_if, ns_target,
	    diag);
	if (!err)
		err = tc_rtnl_bridge_add(rf, TC_FAULT_IF_BRIDGE, diag);
	/*
	 * Offloads off on the bridge's ports too: a rewritten segment must
	 * leave with a complete checksum, never a partial one.
	 */
	for (i = 0; !err && i < 2; i++) {
		err = tc_rtnl_offload_off(rf, ports[i], diag);
		if (!err)
			err = tc_rtnl_link_set_master(rf, ports[i],
			    TC_FAULT_IF_BRIDGE, diag);
	}
	if (!err)
		err = tc_rtnl_offload_off(rf, TC_FAULT_IF_BRIDGE, diag);
	if (!err)
		err = tc_rtnl_link_up(rf, TC_FAULT_IF_BRIDGE, diag);
	for (i = 0; !err && i < 2; i++)
		err = tc_rtnl_link_up(rf, ports[i], diag);
	return err;
}

enum tc_err
tc_fault_wait_up(struct tc_rtnl *rf, int timeout_ms, struct tc_diag *diag)
{
	enum tc_err err;

	err = tc_rtnl_link_wait_up(rf, TC_FAULT_IF_TESTER, timeout_ms, diag);
	if (!err)
		err = tc_rtnl_link_wait_up(rf, TC_FAULT_IF_TARGET, timeout_ms,
		    diag);
	return err;
}

/*
 * nft's error text is one "FILE:LINE:COLS: Error: ..." line per error,
 * each followed by the rule and a line of carets: keep the error lines
 * (or the first line, when none says "Error:").
 */
static void
nft_error_to_diag(const char *text, struct tc_diag *diag)
{
	char msg[sizeof(diag->msg)];
	const char *p, *nl;
	size_t used = 0, len;

	msg[0] = '\0';
	for (p = text != NULL ? text : ""; *p != '\0'; p = nl + 1) {
		nl = strchrnul(p, '\n');
		len = (size_t)(nl - p);
		if (memmem(p, len, "Error:", 6) != NULL && used < sizeof(msg))
			used += (size_t)snprintf(msg + used, sizeof(msg) - used,
			    "%s%.*s", used > 0 ? "; " : "", (int)len, p);
		if (*nl == '\0')
			break;
	}
	if (msg[0] == '\0' && text != NULL)
		snprintf(msg, sizeof(msg), "%.*s", (int)strcspn(text, "\n"),
		    text);
	tc_diag_set(diag, "fault rules: %s", msg[0] != '\0' ? msg :
	    "nft refused them without saying why");
}

/* Runs inside the fault namespace: nft's netlink socket is created here. */
static enum tc_err
rules_load_here(const char *rules, struct tc_diag *diag)
{
	struct nft_ctx *nft;
	enum tc_err err = TC_OK;

	nft = nft_ctx_new(NFT_CTX_DEFAULT);
	if (nft == NULL) {
		tc_diag_set(diag, "fault rules: nft_ctx_new failed");
		return TC_ERR_NOMEM;
	}
	if (nft_ctx_buffer_output(nft) != 0 ||
	    nft_ctx_buffer_error(nft) != 0) {
		tc_diag_set(diag, "fault rules: cannot buffer nft's output");
		err = TC_ERR_NOMEM;
	} else if (nft_run_cmd_from_buffer(nft, rules) != 0) {
		nft_error_to_diag(nft_ctx_get_error_buffer(nft), diag);
		err = TC_ERR_INVAL;
	}
	nft_ctx_free(nft);
	return err;
}

enum tc_err
tc_fault_rules_load(int ns_fault, const char *rules, struct tc_diag *diag)
{
	enum tc_err err, lerr;
	int saved;

	if (rules == NULL) {
		tc_diag_set(diag, "fault rules: none given");
		return TC_ERR_INVAL;
	}
	err = tc_netns_enter(ns_fault, &saved, diag);
	if (err)
		return err;
	err = rules_load_here(rules, diag);
	lerr = tc_netns_leave(saved, diag);
	return err ? err : lerr;
}

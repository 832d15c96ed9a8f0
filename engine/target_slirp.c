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
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "tapstack.h"
#include "target.h"

#define STACK_ENV	"TCPCONFORM_SLIRP"

#ifndef TC_SLIRP_STACK
#define TC_SLIRP_STACK	""
#endif

/* slirp's emulated hosts have MAC 52:55 followed by their IPv4 address. */
static const uint8_t slirp_mac[6] = { 0x52, 0x55, 198, 18, 0, 2 };
/* Over IPv6: 52:56 and the last four octets of 2001:2::2. */
static const uint8_t slirp_mac6[6] = { 0x52, 0x56, 0, 0, 0, 2 };

struct slirp_target {
	struct tc_target base;		/* first */
	char		prog[PATH_MAX];	/* the driver program's path */
};

static enum tc_err
slirp_session_open(struct tc_target *t, const struct tc_session_conf *conf,
    struct tc_session **out, struct tc_link *link, struct tc_diag *diag)
{
	struct tc_tapstack_conf c = {
		.name = "slirp",
		.prog = ((struct slirp_target *)t)->prog,
		.mac = slirp_mac,
		.mac6 = slirp_mac6,
	};

	return tc_tapstack_open(&c, conf, out, link, diag);
}

static void
slirp_describe(struct tc_target *t, char *buf, size_t cap)
{
	(void)t;
	if (cap > 0)
		snprintf(buf, cap, "libslirp 4.7 (Debian libslirp) on a TAP "
		    "device");
}

static void
slirp_free(struct tc_target *t)
{
	free(t);
}

static const struct tc_target_ops slirp_ops = {
	.name = "slirp",
	.caps = TC_TARGET_CAP_ACT | TC_TARGET_CAP_LISTEN,
	.session_open = slirp_session_open,
	.session_close = tc_tapstack_close,
	.act = tc_tapstack_act,
	.describe = slirp_describe,
	.free = slirp_free,
};

/*
 * The driver is $TCPCONFORM_SLIRP, else the one this build made; a missing
 * one fails the run before any testcase.
 */
enum tc_err
tc_target_slirp_new(const char *args, struct tc_target **out,
    struct tc_diag *diag)
{
	struct slirp_target *st;
	const char *prog;
	enum tc_err err;

	*out = NULL;
	err = tc_tapstack_prog("slirp", args, STACK_ENV, TC_SLIRP_STACK,
	    "libslirp-dev", &prog, diag);
	if (err)
		return err;
	st = calloc(1, sizeof(*st));
	if (st == NULL) {
		tc_diag_set(diag, "slirp target: out of memory");
		return TC_ERR_NOMEM;
	}
	snprintf(st->prog, sizeof(st->prog), "%s", prog);
	st->base.ops = &slirp_ops;
	*out = &st->base;
	return TC_OK;
}

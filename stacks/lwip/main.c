/*
 * main.c - tcpconform-lwip: lwIP (Debian's liblwip) on a TAP device,
 * driven over stdin/stdout with docs/agent-protocol.md (pipe transport: a
 * HELLO with nonce '-', no AUTH).
 *
 *   tcpconform-lwip TAPNAME ADDR/PREFIX MAC PEERADDR PEERMAC
 *
 * e.g. tcpconform-lwip tcpc-t 198.18.0.2/24 02:00:00:4c:57:02 198.18.0.1
 * 02:..  The TAP device is created in the current network namespace; the
 * HELLO line is written once lwIP's netif is up on it.  The program ends
 * on BYE, at the end of its input, or when its parent dies (the driver
 * sets PR_SET_PDEATHSIG).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lwip/ip_addr.h"

#include "lwip_agent.h"
#include "lwip_tap.h"
#include "stack_common.h"

/* The common command line, in lwIP's address types. */
static int
parse_args(int argc, char **argv, struct tc_lwip_tap_conf *c)
{
	struct tc_stack_args a;

	if (tc_stack_args_parse(argc, argv, "tcpconform-lwip", &a) != 0)
		return -1;
	memset(c, 0, sizeof(*c));
	c->ifname = a.ifname;
	memcpy(c->mac, a.mac, sizeof(c->mac));
	memcpy(c->peer_mac, a.peer_mac, sizeof(c->peer_mac));
	if (a.family == AF_INET6) {
		/* lwIP keeps no prefix length: a /64 is on-link for it. */
		if (a.prefix6 != 64) {
			fprintf(stderr, "tcpconform-lwip: IPv6 needs a /64\n");
			return -1;
		}
		IP_SET_TYPE(&c->addr, IPADDR_TYPE_V6);
		IP_SET_TYPE(&c->peer, IPADDR_TYPE_V6);
		memcpy(ip_2_ip6(&c->addr)->addr, &a.addr6, 16);
		memcpy(ip_2_ip6(&c->peer)->addr, &a.peer6, 16);
		ip6_addr_clear_zone(ip_2_ip6(&c->addr));
		ip6_addr_clear_zone(ip_2_ip6(&c->peer));
		return 0;
	}
	IP_SET_TYPE(&c->addr, IPADDR_TYPE_V4);
	IP_SET_TYPE(&c->peer, IPADDR_TYPE_V4);
	ip4_addr_set_u32(ip_2_ip4(&c->addr), a.addr.s_addr);
	ip4_addr_set_u32(&c->mask, a.mask.s_addr);
	ip4_addr_set_u32(ip_2_ip4(&c->peer), a.peer.s_addr);
	return 0;
}

/* One request line into its answer (tc_stack_serve's callback). */
static void
answer_line(char *line, char *out, size_t cap, bool *bye)
{
	static struct tc_lwip_answer ans;
	char *argv[TC_AGENT_WORDS_MAX];
	struct tc_diag d;
	size_t argc;

	tc_diag_init(&d);
	if (tc_agent_words(line, argv, TC_AGENT_WORDS_MAX, &argc, &d)) {
		snprintf(out, cap, "ERR EPROTO malformed request");
		*bye = true;
		return;
	}
	*bye = tc_lwip_agent_do((int)argc, argv, &ans) != 0;
	snprintf(out, cap, "%s", ans.text);
}

int
main(int argc, char **argv)
{
	struct tc_lwip_tap_conf conf;

	if (parse_args(argc, argv, &conf) != 0)
		return 2;
	if (tc_lwip_tap_start(&conf) != 0)
		return 1;
	tc_lwip_agent_init(&conf.addr);
	if (tc_stack_hello() != 0)
		return 1;
	tc_stack_serve(answer_line);
	/* lwIP's threads are still running: leave without unwinding them. */
	_exit(0);
}

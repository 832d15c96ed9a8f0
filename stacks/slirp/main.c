/*
 * main.c - tcpconform-slirp: libslirp (Debian's libslirp 4.7) on a TAP
 * device, driven over stdin/stdout with docs/agent-protocol.md (pipe
 * transport: a HELLO with nonce '-', no AUTH).
 *
 *   tcpconform-slirp TAPNAME ADDR/PREFIX MAC PEERADDR PEERMAC
 *
 * e.g. tcpconform-slirp tcpc-t 198.18.0.2/24 52:55:c6:12:00:02 198.18.0.1
 * 02:..  ADDR is slirp's gateway ("host") address, the target; PEERADDR
 * its guest, the tester.  MAC must be slirp's own (52:55 and ADDR).  Over
 * IPv6, e.g. tcpc-t 2001:2::2/64 52:56:00:00:00:02 2001:2::1 02:..: a /64,
 * and the MAC is 52:56 and ADDR's last four octets.  The TAP device is
 * created in the current network namespace, whose loopback must be up
 * (slirp relays to 127.0.0.1, over IPv6 to ::1).  The program ends on BYE, at the
 * end of its input, or when its parent dies (the driver sets
 * PR_SET_PDEATHSIG).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent_proto.h"
#include "err.h"
#include "slirp_net.h"
#include "stack_common.h"
#include "slirp_ops.h"

static int
parse_args(int argc, char **argv, struct tc_slirp_conf *c)
{
	struct tc_stack_args a;

	if (tc_stack_args_parse(argc, argv, "tcpconform-slirp", &a) != 0)
		return -1;
	if (a.family == AF_INET6 && a.prefix6 != 64) {
		fprintf(stderr, "tcpconform-slirp: IPv6 needs a /64\n");
		return -1;
	}
	memset(c, 0, sizeof(*c));
	c->ifname = a.ifname;
	c->family = a.family;
	if (a.family == AF_INET6) {
		c->addr6 = a.addr6;
		c->peer6 = a.peer6;
		/* slirp's IPv4 side is unused; it still needs a network. */
		inet_pton(AF_INET, "198.18.0.2", &c->addr);
		inet_pton(AF_INET, "198.18.0.1", &c->peer);
		inet_pton(AF_INET, "255.255.255.0", &c->mask);
	} else {
		c->addr = a.addr;
		c->mask = a.mask;
		c->peer = a.peer;
	}
	tc_slirp_ops_init(a.family);
	memcpy(c->mac, a.mac, sizeof(c->mac));
	memcpy(c->peer_mac, a.peer_mac, sizeof(c->peer_mac));
	return 0;
}

int
main(int argc, char **argv)
{
	struct tc_slirp_conf conf;

	if (parse_args(argc, argv, &conf) != 0)
		return 2;
	signal(SIGPIPE, SIG_IGN);
	if (tc_slirp_net_start(&conf) != 0)
		return 1;
	if (tc_stack_hello() != 0)
		return 1;
	tc_stack_serve(tc_slirp_ops_do);
	tc_slirp_ops_reset();
	/* slirp's thread is still running: leave without unwinding it. */
	_exit(0);
}

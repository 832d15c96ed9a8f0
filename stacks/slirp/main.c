/*
 * main.c - tcpconform-slirp: libslirp (Debian's libslirp 4.7) on a TAP
 * device, driven over stdin/stdout with docs/agent-protocol.md (pipe
 * transport: a HELLO with nonce '-', no AUTH).
 *
 *   tcpconform-slirp TAPNAME ADDR/PREFIX MAC PEERADDR PEERMAC
 *
 * e.g. tcpconform-slirp tcpc-t 198.18.0.2/24 52:55:c6:12:00:02 198.18.0.1
 * 02:..  ADDR is slirp's gateway ("host") address, the target; PEERADDR
 * its guest, the tester.  MAC must be slirp's own (52:55 and ADDR).  The
 * TAP device is created in the current network namespace, whose loopback
 * must be up (slirp relays to 127.0.0.1).  The program ends on BYE, at the
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
#include "slirp_ops.h"

#define HELLO	"HELLO " TC_AGENT_GREETING " -"

static int
parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char tail;
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2],
	    &v[3], &v[4], &v[5], &tail) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return 0;
}

/* "198.18.0.2/24" into address and netmask. */
static int
parse_prefix(const char *s, struct in_addr *addr, struct in_addr *mask)
{
	char buf[32];
	const char *slash = strchr(s, '/');
	char *end;
	long len;

	if (slash == NULL || (size_t)(slash - s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	errno = 0;
	len = strtol(slash + 1, &end, 10);
	if (errno != 0 || *end != '\0' || len < 1 || len > 30 ||
	    inet_pton(AF_INET, buf, addr) != 1)
		return -1;
	mask->s_addr = htonl(0xffffffffu << (32 - len));
	return 0;
}

static int
parse_args(int argc, char **argv, struct tc_slirp_conf *c)
{
	if (argc != 6) {
		fprintf(stderr, "usage: tcpconform-slirp TAPNAME ADDR/PREFIX "
		    "MAC PEERADDR PEERMAC\n");
		return -1;
	}
	memset(c, 0, sizeof(*c));
	c->ifname = argv[1];
	if (parse_prefix(argv[2], &c->addr, &c->mask) != 0 ||
	    parse_mac(argv[3], c->mac) != 0 ||
	    inet_pton(AF_INET, argv[4], &c->peer) != 1 ||
	    parse_mac(argv[5], c->peer_mac) != 0) {
		fprintf(stderr, "tcpconform-slirp: bad arguments\n");
		return -1;
	}
	return 0;
}

static int
write_line(const char *text)
{
	char buf[TC_AGENT_LINE_MAX + 1];
	size_t len, off = 0;
	ssize_t n;

	len = (size_t)snprintf(buf, sizeof(buf), "%s\n", text);
	if (len >= sizeof(buf))
		return -1;
	while (off < len) {
		n = write(STDOUT_FILENO, buf + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		off += (size_t)n;
	}
	return 0;
}

/* Requests until BYE, end of input or a protocol error. */
static void
serve(void)
{
	static struct tc_agent_lbuf lb;
	static char line[TC_AGENT_LINE_MAX], out[TC_AGENT_LINE_MAX];
	struct tc_diag d;
	enum tc_err err;
	bool bye = false;

	tc_agent_lbuf_init(&lb);
	while (!bye) {
		tc_diag_init(&d);
		err = tc_agent_lbuf_take(&lb, line, sizeof(line), &d);
		if (err == TC_ERR_AGAIN) {
			err = tc_agent_lbuf_fill(&lb, STDIN_FILENO, &d);
			if (err && err != TC_ERR_AGAIN)
				return;
			continue;
		}
		if (err) {
			write_line("ERR EPROTO bad line; closing");
			return;
		}
		tc_slirp_ops_do(line, out, sizeof(out), &bye);
		if (write_line(out) != 0)
			return;
	}
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
	if (write_line(HELLO) != 0)
		return 1;
	serve();
	tc_slirp_ops_reset();
	/* slirp's thread is still running: leave without unwinding it. */
	_exit(0);
}

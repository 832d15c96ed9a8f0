/* stack_common.c - command line, TAP device and answers of stack programs. */
#include "stack_common.h"

#include "agent_proto.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

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

/* ADDR/PREFIX of either family into c (family, addr or addr6, mask). */
static int
parse_prefix(const char *s, struct tc_stack_args *c)
{
	const char *slash = strchr(s, '/');
	char buf[64], *end;
	long len;

	if (slash == NULL || (size_t)(slash - s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	errno = 0;
	len = strtol(slash + 1, &end, 10);
	if (errno != 0 || *end != '\0' || len < 1)
		return -1;
	if (inet_pton(AF_INET6, buf, &c->addr6) == 1 && len <= 128) {
		c->family = AF_INET6;
		c->prefix6 = (int)len;
		return 0;
	}
	if (inet_pton(AF_INET, buf, &c->addr) != 1 || len > 32)
		return -1;
	c->family = AF_INET;
	c->mask.s_addr = htonl(len == 32 ? 0xffffffffu :
	    ~(0xffffffffu >> len));
	return 0;
}

int
tc_stack_args_parse(int argc, char **argv, const char *prog,
    struct tc_stack_args *c)
{
	if (argc != 6) {
		fprintf(stderr, "usage: %s TAPNAME ADDR/PREFIX MAC PEERADDR "
		    "PEERMAC\n", prog);
		return -1;
	}
	memset(c, 0, sizeof(*c));
	c->ifname = argv[1];
	if (parse_prefix(argv[2], c) != 0 ||
	    parse_mac(argv[3], c->mac) != 0 ||
	    inet_pton(c->family, argv[4], c->family == AF_INET6 ?
	    (void *)&c->peer6 : (void *)&c->peer) != 1 ||
	    parse_mac(argv[5], c->peer_mac) != 0) {
		fprintf(stderr, "%s: bad arguments\n", prog);
		return -1;
	}
	return 0;
}

int
tc_stack_tap_open(const char *name, bool nonblock, const char *prog)
{
	struct ifreq ifr;
	int fd;

	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC |
	    (nonblock ? O_NONBLOCK : 0));
	if (fd < 0) {
		fprintf(stderr, "%s: /dev/net/tun: %s\n", prog,
		    strerror(errno));
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	if (strlen(name) >= sizeof(ifr.ifr_name)) {
		fprintf(stderr, "%s: TAP name too long: %s\n", prog, name);
		close(fd);
		return -1;
	}
	memcpy(ifr.ifr_name, name, strlen(name));
	if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
		fprintf(stderr, "%s: TUNSETIFF: %s\n", prog, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int
tc_stack_write_line(const char *text, size_t max)
{
	char buf[8192];
	size_t len, off = 0;
	ssize_t n;

	if (max > sizeof(buf) - 1)
		max = sizeof(buf) - 1;
	len = (size_t)snprintf(buf, max + 1, "%s\n", text);
	if (len > max)
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

int
tc_stack_hello(void)
{
	return tc_stack_write_line("HELLO " TC_AGENT_GREETING " -",
	    TC_AGENT_LINE_MAX);
}

void
tc_stack_serve(void (*one)(char *line, char *out, size_t cap, bool *bye))
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
				return;		/* the end of input */
			continue;
		}
		if (err) {
			tc_stack_write_line("ERR EPROTO bad line; closing",
			    sizeof(out));
			return;
		}
		one(line, out, sizeof(out), &bye);
		if (tc_stack_write_line(out, sizeof(out)) != 0)
			return;
	}
}

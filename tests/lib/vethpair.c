/* vethpair.c - test harness: a veth pair in a private network namespace. */
#include "vethpair.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int	run(const char *const argv[]);
static int	read_mac(const char *dev, uint8_t mac[6]);

/* Runs argv without a shell; 0 when it exits with status 0. */
static int
run(const char *const argv[])
{
	pid_t pid;
	int status;

	if ((pid = fork()) == -1) {
		perror("vethpair: fork");
		return -1;
	}
	if (pid == 0) {
		/* ethtool -K lists every feature it changed; keep logs short. */
		int null = open("/dev/null", O_WRONLY);

		if (null != -1)
			dup2(null, STDOUT_FILENO);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "vethpair: %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			perror("vethpair: waitpid");
			return -1;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "vethpair: '%s %s ...' failed\n", argv[0],
		    argv[1] ? argv[1] : "");
		return -1;
	}
	return 0;
}

static int
read_mac(const char *dev, uint8_t mac[6])
{
	struct ifreq ifr;
	int fd, rc;

	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1) {
		perror("vethpair: socket");
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	rc = ioctl(fd, SIOCGIFHWADDR, &ifr);
	close(fd);
	if (rc == -1) {
		perror("vethpair: SIOCGIFHWADDR");
		return -1;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

int
tc_test_vethpair(struct tc_test_veth *out)
{
	const char *add[] = { "ip", "link", "add", "tca", "type", "veth",
	    "peer", "name", "tcb", NULL };
	const char *up_a[] = { "ip", "link", "set", "tca", "up", NULL };
	const char *up_b[] = { "ip", "link", "set", "tcb", "up", NULL };
	/* Offloads would show partial checksums and merged segments. */
	const char *off_a[] = { "ethtool", "-K", "tca", "tx", "off", "rx",
	    "off", "tso", "off", "gso", "off", NULL };
	const char *off_b[] = { "ethtool", "-K", "tcb", "tx", "off", "rx",
	    "off", "tso", "off", "gso", "off", NULL };

	memset(out, 0, sizeof(*out));
	if (unshare(CLONE_NEWNET) == -1) {
		perror("vethpair: unshare(CLONE_NEWNET)");
		return -1;
	}
	if (run(add) != 0 || run(off_a) != 0 || run(off_b) != 0 ||
	    run(up_a) != 0 || run(up_b) != 0)
		return -1;
	snprintf(out->a, sizeof(out->a), "tca");
	snprintf(out->b, sizeof(out->b), "tcb");
	if (read_mac(out->a, out->mac_a) != 0 ||
	    read_mac(out->b, out->mac_b) != 0)
		return -1;
	return 0;
}

int
tc_test_veth_addr(const char *dev, const char *cidr)
{
	const char *argv[] = { "ip", "addr", "add", cidr, "dev", dev, NULL };

	return run(argv);
}

int
tc_test_veth_neigh(const char *dev, const char *ip, const uint8_t mac[6])
{
	char lladdr[18];
	const char *argv[] = { "ip", "neigh", "replace", ip, "lladdr",
	    lladdr, "nud", "permanent", "dev", dev, NULL };

	snprintf(lladdr, sizeof(lladdr), "%02x:%02x:%02x:%02x:%02x:%02x",
	    mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return run(argv);
}

/*
 * host_net.c - what the host target needs from the tester's own host: the
 * next hop's MAC (one ARP exchange on a packet socket) and the nftables
 * guard that keeps the tester's kernel from resetting the target.
 */
#include "host_net.h"

#include <errno.h>
#include <net/ethernet.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <nftables/libnftables.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define ARP_TRIES	3

/* An Ethernet/IPv4 ARP message (RFC 826), as on the wire. */
struct arp_msg {
	uint16_t	hrd;
	uint16_t	pro;
	uint8_t		hln;
	uint8_t		pln;
	uint16_t	op;
	uint8_t		sha[6];
	uint8_t		spa[4];
	uint8_t		tha[6];
	uint8_t		tpa[4];
} __attribute__((packed));

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static enum tc_err
arp_socket(int ifindex, const char *ifname, int *out, struct tc_diag *diag)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
	    .sll_protocol = htons(ETH_P_ARP), .sll_ifindex = ifindex };
	int fd;

	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    htons(ETH_P_ARP));
	if (fd < 0) {
		tc_diag_errno(diag, "ARP socket on %s", ifname);
		return errno == EPERM ? TC_ERR_PERM : TC_ERR_SYS;
	}
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) != 0) {
		tc_diag_errno(diag, "binding the ARP socket to %s", ifname);
		close(fd);
		return TC_ERR_SYS;
	}
	*out = fd;
	return TC_OK;
}

static enum tc_err
arp_request(int fd, int ifindex, const char *ifname, const uint8_t mac[6],
    const struct tc_addr *src, const struct tc_addr *ip,
    struct tc_diag *diag)
{
	struct sockaddr_ll to = { .sll_family = AF_PACKET,
	    .sll_protocol = htons(ETH_P_ARP), .sll_ifindex = ifindex,
	    .sll_halen = 6 };
	struct arp_msg m = { .hrd = htons(ARPHRD_ETHER),
	    .pro = htons(ETH_P_IP), .hln = 6, .pln = 4,
	    .op = htons(ARPOP_REQUEST) };

	memset(to.sll_addr, 0xff, 6);
	memcpy(m.sha, mac, 6);
	memcpy(m.spa, src->bytes, 4);
	memcpy(m.tpa, ip->bytes, 4);
	if (sendto(fd, &m, sizeof(m), 0, (struct sockaddr *)&to,
	    sizeof(to)) == (ssize_t)sizeof(m))
		return TC_OK;
	tc_diag_errno(diag, "sending an ARP request on %s", ifname);
	return TC_ERR_SYS;
}

/* Reads what is queued; true when a reply from `ip` gave its MAC. */
static bool
arp_reply(int fd, const struct tc_addr *ip, uint8_t out[6])
{
	struct arp_msg m;
	ssize_t n;

	while ((n = recv(fd, &m, sizeof(m), 0)) >= 0) {
		if ((size_t)n < sizeof(m) || m.hrd != htons(ARPHRD_ETHER) ||
		    m.pro != htons(ETH_P_IP) || m.hln != 6 || m.pln != 4 ||
		    m.op != htons(ARPOP_REPLY) ||
		    memcmp(m.spa, ip->bytes, 4) != 0)
			continue;
		memcpy(out, m.sha, 6);
		return true;
	}
	return false;
}

enum tc_err
tc_host_arp(int ifindex, const char *ifname, const uint8_t mac[6],
    const struct tc_addr *src, const struct tc_addr *ip, int timeout_ms,
    uint8_t out[6], struct tc_diag *diag)
{
	char text[TC_ADDR_STRLEN];
	struct pollfd pfd;
	long long end;
	enum tc_err err;
	int i, left;

	tc_addr_format(ip, text, sizeof(text));
	if (ip->family != TC_AF_INET || src->family != TC_AF_INET) {
		tc_diag_set(diag, "%s is not in the neighbour table and "
		    "IPv6 neighbour discovery is not done here", text);
		return TC_ERR_UNSUPPORTED;
	}
	if ((err = arp_socket(ifindex, ifname, &pfd.fd, diag)) != TC_OK)
		return err;
	pfd.events = POLLIN;
	for (i = 0; i < ARP_TRIES && !err; i++) {
		err = arp_request(pfd.fd, ifindex, ifname, mac, src, ip, diag);
		end = now_ms() + timeout_ms / ARP_TRIES;
		while (!err && (left = (int)(end - now_ms())) > 0) {
			if (poll(&pfd, 1, left) < 0 && errno != EINTR) {
				tc_diag_errno(diag, "waiting for ARP");
				err = TC_ERR_SYS;
			} else if (arp_reply(pfd.fd, ip, out)) {
				close(pfd.fd);
				return TC_OK;
			}
		}
	}
	close(pfd.fd);
	if (err)
		return err;
	tc_diag_set(diag, "no ARP reply from %s on %s within %d ms", text,
	    ifname, timeout_ms);
	return TC_ERR_TIMEOUT;
}

/* ------------------------------------------------------------------ */
/* The nftables guard. */

/* The first line of nft's error text that says "Error:", or the first. */
static void
nft_diag(const char *what, const char *text, struct tc_diag *diag)
{
	const char *p = text != NULL ? strstr(text, "Error:") : NULL;

	if (p == NULL)
		p = text != NULL ? text : "";
	tc_diag_set(diag, "nftables guard: %s: %.*s", what,
	    (int)strcspn(p, "\n"), p[0] != '\0' ? p :
	    "nft refused it without saying why");
}

/*
 * Runs nft commands through libnftables; when out is not NULL it gets
 * nft's output (malloc'd).  TC_ERR_PERM when nft says "Operation not
 * permitted".
 */
static enum tc_err
nft_run(const char *what, const char *cmds, char **out, struct tc_diag *diag)
{
	struct nft_ctx *nft;
	enum tc_err err = TC_OK;
	const char *e;

	if (out != NULL)
		*out = NULL;
	nft = nft_ctx_new(NFT_CTX_DEFAULT);
	if (nft == NULL) {
		tc_diag_set(diag, "nftables guard: nft_ctx_new failed");
		return TC_ERR_NOMEM;
	}
	if (nft_ctx_buffer_output(nft) != 0 ||
	    nft_ctx_buffer_error(nft) != 0) {
		tc_diag_set(diag, "nftables guard: cannot buffer nft's output");
		err = TC_ERR_NOMEM;
	} else if (nft_run_cmd_from_buffer(nft, cmds) != 0) {
		e = nft_ctx_get_error_buffer(nft);
		nft_diag(what, e, diag);
		err = e != NULL && strstr(e, "Operation not permitted") ?
		    TC_ERR_PERM : TC_ERR_SYS;
	} else if (out != NULL &&
	    (*out = strdup(nft_ctx_get_output_buffer(nft))) == NULL) {
		tc_diag_set(diag, "nftables guard: out of memory");
		err = TC_ERR_NOMEM;
	}
	nft_ctx_free(nft);
	return err;
}

/* /proc/PID/comm, without the newline ("" when unreadable). */
static void
proc_comm(const char *pid, char *buf, size_t cap)
{
	char path[64];
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%s/comm", pid);
	if ((f = fopen(path, "re")) == NULL)
		return;
	if (fgets(buf, (int)cap, f) == NULL)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

/* Is table `name` (tcpconform_<pid>) left over by a run that is gone? */
static bool
guard_stale(const char *name)
{
	const char *digits = name + strlen(TC_HOST_GUARD_PREFIX);
	char self[32], comm[32];
	char *end;
	long pid;

	errno = 0;
	pid = strtol(digits, &end, 10);
	if (end == digits || *end != '\0' || errno != 0 || pid <= 0)
		return false;		/* not one of ours */
	if (pid == (long)getpid())
		return true;		/* our pid, reused: a dead run's */
	if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
		return true;
	proc_comm("self", self, sizeof(self));
	proc_comm(digits, comm, sizeof(comm));
	return comm[0] != '\0' && strcmp(comm, self) != 0;
}

enum tc_err
tc_host_guard_sweep(struct tc_diag *diag)
{
	char name[64], cmd[128];
	char *list, *line, *save;
	enum tc_err err;

	err = nft_run("listing tables", "list tables inet", &list, diag);
	if (err)
		return err;
	for (line = strtok_r(list, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "table inet %63s", name) != 1 ||
		    strncmp(name, TC_HOST_GUARD_PREFIX,
		    strlen(TC_HOST_GUARD_PREFIX)) != 0 || !guard_stale(name))
			continue;
		/* Another run may sweep it first: not an error. */
		snprintf(cmd, sizeof(cmd), "delete table inet %s", name);
		nft_run("deleting a stale table", cmd, NULL, NULL);
	}
	free(list);
	return TC_OK;
}

enum tc_err
tc_host_guard_add(const struct tc_host_guard_spec *g, char *name,
    size_t cap, struct tc_diag *diag)
{
	char cmd[512], addr[TC_ADDR_STRLEN];

	snprintf(name, cap, "%s%ld", TC_HOST_GUARD_PREFIX, (long)getpid());
	snprintf(cmd, sizeof(cmd),
	    "table inet %s {\n"
	    "\tchain input {\n"
	    "\t\ttype filter hook input priority -10; policy accept;\n"
	    "\t\t%s saddr %s tcp sport { %u, %u } tcp dport %u-%u "
	    "counter drop\n"
	    "\t}\n"
	    "}\n", name, g->target.family == TC_AF_INET6 ? "ip6" : "ip",
	    tc_addr_format(&g->target, addr, sizeof(addr)), g->ports[0],
	    g->ports[1], g->sport_min, g->sport_max);
	return nft_run("creating the table", cmd, NULL, diag);
}

enum tc_err
tc_host_guard_del(const char *name, struct tc_diag *diag)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "delete table inet %s", name);
	return nft_run("deleting the table", cmd, NULL, diag);
}

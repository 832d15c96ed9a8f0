/* neigh_arp.c - one ARP request and its reply (RFC 826), on a packet socket. */
#include "neigh.h"

#include <errno.h>
#include <net/ethernet.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* An Ethernet/IPv4 ARP message, as on the wire. */
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

static enum tc_err
arp_open(const struct tc_neigh_query *q, int *out, struct tc_diag *diag)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
	    .sll_protocol = htons(ETH_P_ARP), .sll_ifindex = q->ifindex };
	int fd;

	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    htons(ETH_P_ARP));
	if (fd < 0) {
		tc_diag_errno(diag, "ARP socket on %s", q->ifname);
		return errno == EPERM ? TC_ERR_PERM : TC_ERR_SYS;
	}
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) != 0) {
		tc_diag_errno(diag, "binding the ARP socket to %s", q->ifname);
		close(fd);
		return TC_ERR_SYS;
	}
	*out = fd;
	return TC_OK;
}

static enum tc_err
arp_ask(int fd, const struct tc_neigh_query *q, struct tc_diag *diag)
{
	struct sockaddr_ll to = { .sll_family = AF_PACKET,
	    .sll_protocol = htons(ETH_P_ARP), .sll_ifindex = q->ifindex,
	    .sll_halen = 6 };
	struct arp_msg m = { .hrd = htons(ARPHRD_ETHER),
	    .pro = htons(ETH_P_IP), .hln = 6, .pln = 4,
	    .op = htons(ARPOP_REQUEST) };

	memset(to.sll_addr, 0xff, 6);
	memcpy(m.sha, q->mac, 6);
	memcpy(m.spa, q->src->bytes, 4);
	memcpy(m.tpa, q->ip->bytes, 4);
	if (sendto(fd, &m, sizeof(m), 0, (struct sockaddr *)&to,
	    sizeof(to)) == (ssize_t)sizeof(m))
		return TC_OK;
	tc_diag_errno(diag, "sending an ARP request on %s", q->ifname);
	return TC_ERR_SYS;
}

static bool
arp_answer(int fd, const struct tc_neigh_query *q, uint8_t out[6])
{
	struct arp_msg m;
	ssize_t n;

	while ((n = recv(fd, &m, sizeof(m), 0)) >= 0) {
		if ((size_t)n < sizeof(m) || m.hrd != htons(ARPHRD_ETHER) ||
		    m.pro != htons(ETH_P_IP) || m.hln != 6 || m.pln != 4 ||
		    m.op != htons(ARPOP_REPLY) ||
		    memcmp(m.spa, q->ip->bytes, 4) != 0)
			continue;
		memcpy(out, m.sha, 6);
		return true;
	}
	return false;
}

const struct tc_neigh_proto tc_neigh_arp = {
	.answer_name = "ARP reply",
	.open = arp_open,
	.ask = arp_ask,
	.answer = arp_answer,
};

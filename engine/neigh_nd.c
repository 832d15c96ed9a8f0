/*
 * neigh_nd.c - one neighbour solicitation and its advertisement (RFC 4861
 * §7.2): what neigh_arp.c is to an IPv4 next hop.
 *
 * A raw ICMPv6 socket, not a packet socket: the kernel fills in the IPv6
 * header and the ICMPv6 checksum (RFC 3542 §3.1), and src is one of its own
 * addresses, which it already defends with its own ND.  We send only
 * Neighbour Solicitations to the solicited-node group and read only
 * Neighbour Advertisements (ICMP6_FILTER), with the hop limit of 255 both
 * ways that RFC 4861 §7.1 demands of an on-link exchange.
 */
#include "neigh.h"

#include <errno.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define ND_HOPS		255

/* A Neighbour Solicitation with a source link-layer address option. */
struct ns_msg {
	struct nd_neighbor_solicit ns;
	struct nd_opt_hdr opt;
	uint8_t		mac[6];
} __attribute__((packed));


static void
sin6_of(const struct tc_addr *a, int ifindex, struct sockaddr_in6 *out)
{
	memset(out, 0, sizeof(*out));
	out->sin6_family = AF_INET6;
	memcpy(&out->sin6_addr, a->bytes, 16);
	out->sin6_scope_id = (uint32_t)ifindex;
}

static enum tc_err
nd_open(const struct tc_neigh_query *q, int *out, struct tc_diag *diag)
{
	struct icmp6_filter filter;
	struct sockaddr_in6 me;
	int fd, hops = ND_HOPS, on = 1;

	fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    IPPROTO_ICMPV6);
	if (fd < 0) {
		tc_diag_errno(diag, "ICMPv6 socket for neighbour discovery "
		    "on %s", q->ifname);
		return errno == EPERM ? TC_ERR_PERM : TC_ERR_SYS;
	}
	ICMP6_FILTER_SETBLOCKALL(&filter);
	ICMP6_FILTER_SETPASS(ND_NEIGHBOR_ADVERT, &filter);
	sin6_of(q->src, q->ifindex, &me);
	if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter,
	    sizeof(filter)) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, q->ifname,
	    (socklen_t)strlen(q->ifname)) != 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops,
	    sizeof(hops)) != 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops,
	    sizeof(hops)) != 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &q->ifindex,
	    sizeof(q->ifindex)) != 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on,
	    sizeof(on)) != 0 ||
	    bind(fd, (struct sockaddr *)&me, sizeof(me)) != 0) {
		tc_diag_errno(diag, "setting up neighbour discovery on %s",
		    q->ifname);
		close(fd);
		return TC_ERR_SYS;
	}
	*out = fd;
	return TC_OK;
}

static enum tc_err
nd_ask(int fd, const struct tc_neigh_query *q, struct tc_diag *diag)
{
	struct ns_msg m;
	struct sockaddr_in6 to;

	memset(&m, 0, sizeof(m));
	m.ns.nd_ns_type = ND_NEIGHBOR_SOLICIT;
	memcpy(&m.ns.nd_ns_target, q->ip->bytes, 16);
	m.opt.nd_opt_type = ND_OPT_SOURCE_LINKADDR;
	m.opt.nd_opt_len = 1;		/* in units of 8 octets */
	memcpy(m.mac, q->mac, 6);
	/* The solicited-node group: ff02::1:ff00:0/104 + the low 24 bits. */
	memset(&to, 0, sizeof(to));
	to.sin6_family = AF_INET6;
	to.sin6_addr.s6_addr[0] = 0xff;
	to.sin6_addr.s6_addr[1] = 0x02;
	to.sin6_addr.s6_addr[11] = 0x01;
	to.sin6_addr.s6_addr[12] = 0xff;
	memcpy(&to.sin6_addr.s6_addr[13], &q->ip->bytes[13], 3);
	to.sin6_scope_id = (uint32_t)q->ifindex;
	if (sendto(fd, &m, sizeof(m), 0, (struct sockaddr *)&to,
	    sizeof(to)) == (ssize_t)sizeof(m))
		return TC_OK;
	tc_diag_errno(diag, "sending a neighbour solicitation on %s",
	    q->ifname);
	return TC_ERR_SYS;
}

/* The hop limit the advertisement arrived with (-1: not given). */
static int
hop_limit(struct msghdr *mh)
{
	struct cmsghdr *c;
	int v;

	for (c = CMSG_FIRSTHDR(mh); c != NULL; c = CMSG_NXTHDR(mh, c))
		if (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_HOPLIMIT &&
		    c->cmsg_len >= CMSG_LEN(sizeof(int))) {
			memcpy(&v, CMSG_DATA(c), sizeof(v));
			return v;
		}
	return -1;
}

bool
tc_neigh_nd_parse(const uint8_t *buf, size_t n, const struct tc_addr *ip,
    uint8_t out[6])
{
	size_t off = sizeof(struct nd_neighbor_advert), olen;

	if (n < off || buf[0] != ND_NEIGHBOR_ADVERT || buf[1] != 0 ||
	    memcmp(buf + 8, ip->bytes, 16) != 0)
		return false;
	while (n - off >= 2) {
		olen = (size_t)buf[off + 1] * 8;
		if (olen == 0 || olen > n - off)
			return false;	/* RFC 4861 §4.6: discard */
		if (buf[off] == ND_OPT_TARGET_LINKADDR && olen >= 8) {
			memcpy(out, buf + off + 2, 6);
			return true;
		}
		off += olen;
	}
	return false;		/* an answer without the MAC is no use */
}

static bool
nd_answer(int fd, const struct tc_neigh_query *q, uint8_t out[6])
{
	uint8_t buf[512];
	union {
		char		b[CMSG_SPACE(sizeof(int))];
		struct cmsghdr	align;
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr mh;
	ssize_t n;

	for (;;) {
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctl.b;
		mh.msg_controllen = sizeof(ctl.b);
		if ((n = recvmsg(fd, &mh, 0)) < 0)
			return false;
		if (hop_limit(&mh) == ND_HOPS &&
		    tc_neigh_nd_parse(buf, (size_t)n, q->ip, out))
			return true;
	}
}

const struct tc_neigh_proto tc_neigh_nd = {
	.answer_name = "neighbour advertisement",
	.open = nd_open,
	.ask = nd_ask,
	.answer = nd_answer,
};

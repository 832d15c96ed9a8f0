/*
 * lwip_tap.c - a TAP device as an lwIP netif.
 *
 * Debian's own tapif driver is not used: it receives into pool pbufs sized
 * for a 536-byte MSS and copies frames of up to 1536 bytes into them (a
 * heap overflow above ~590 bytes), and runs /sbin/ifconfig.  This one reads
 * each frame into a PBUF_RAM pbuf of the frame's size and hands it to
 * tcpip_input(); lwIP's output arrives in linkoutput() as one pbuf chain
 * (LWIP_NETIF_TX_SINGLE_PBUF) and leaves with one write().
 *
 * The peer's MAC is taught by feeding lwIP an ARP reply addressed to it,
 * built here, again every minute: Debian's build has no static ARP entries
 * (ETHARP_SUPPORT_STATIC_ENTRIES is off), and this way no ARP ever crosses
 * the link.  Over IPv6 lwIP's neighbour cache has no static entries
 * either, and its entries go stale and are probed: each neighbour
 * solicitation lwIP sends for the peer is kept off the wire and answered
 * with an advertisement fed back in.  Its router solicitations and MLD
 * reports stay off the wire too (the link has neither routers nor
 * multicast listeners), so the tester sees only what testcases are about.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/pbuf.h"
#include "lwip/tcpip.h"
#include "netif/ethernet.h"

#include "lwip_tap.h"
#include "stack_common.h"
#include "stack_frames.h"

#define FRAME_MAX	2048	/* above the 1514 bytes of an MTU 1500 frame */
#define ARP_REFRESH_MS	60000	/* lwIP's entries age out after 300 s */

static struct netif tap_netif;
static struct tc_lwip_tap_conf tap_conf;
static int tap_fd = -1;

static void	tap_deliver(const uint8_t *frame, size_t len);

/* The peer's advertisement, as if it answered lwIP's solicitation. */
static void
tap_advertise_peer(void)
{
	uint8_t f[TC_STACK_NA_LEN];
	struct in6_addr to, from;

	memcpy(&to, ip_2_ip6(&tap_conf.addr)->addr, 16);
	memcpy(&from, ip_2_ip6(&tap_conf.peer)->addr, 16);
	tap_deliver(f, tc_stack_na(f, tap_conf.mac, &to, tap_conf.peer_mac,
	    &from));
}

/*
 * lwIP's output: one frame, one write (with the core lock held), but for
 * the IPv6 neighbour discovery kept off the wire (above).  The answer is
 * only queued for the tcpip thread, which holds the lock now.
 */
static err_t
tap_linkoutput(struct netif *nif, struct pbuf *p)
{
	uint8_t frame[FRAME_MAX];
	struct in6_addr peer;
	u16_t len;

	(void)nif;
	if (p->tot_len > sizeof(frame))
		return ERR_BUF;
	len = pbuf_copy_partial(p, frame, p->tot_len, 0);
	if (IP_IS_V6(&tap_conf.peer)) {
		memcpy(&peer, ip_2_ip6(&tap_conf.peer)->addr, 16);
		if (tc_stack_is_ns_for(frame, len, &peer)) {
			tap_advertise_peer();
			return ERR_OK;
		}
		if (tc_stack_is_v6_chatter(frame, len))
			return ERR_OK;
	}
	if (write(tap_fd, frame, len) != (ssize_t)len)
		return ERR_IF;
	return ERR_OK;
}

static err_t
tap_netif_init(struct netif *nif)
{
	nif->name[0] = 't';
	nif->name[1] = 'c';
	nif->output = etharp_output;
	nif->output_ip6 = ethip6_output;
	nif->linkoutput = tap_linkoutput;
	nif->mtu = 1500;
	nif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(nif->hwaddr, tap_conf.mac, ETH_HWADDR_LEN);
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
	    NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP | NETIF_FLAG_MLD6;
	return ERR_OK;
}

/* Hands one frame to lwIP in a PBUF_RAM pbuf of its own size. */
static void
tap_deliver(const uint8_t *frame, size_t len)
{
	struct pbuf *p;

	if (len == 0 || len > 0xffff)
		return;
	p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_RAM);
	if (p == NULL)
		return;
	if (pbuf_take(p, frame, (u16_t)len) != ERR_OK ||
	    tap_netif.input(p, &tap_netif) != ERR_OK)
		pbuf_free(p);
}

/* An ARP reply from the peer to us: lwIP records the peer's MAC.  Over
 * IPv6 lwIP asks, and tap_linkoutput answers. */
static void
tap_teach_peer(void)
{
	uint8_t f[TC_STACK_ARP_LEN];
	struct in_addr to, from;

	if (!IP_IS_V4(&tap_conf.peer))
		return;
	to.s_addr = ip_2_ip4(&tap_conf.addr)->addr;
	from.s_addr = ip_2_ip4(&tap_conf.peer)->addr;
	tap_deliver(f, tc_stack_arp_reply(f, tap_conf.mac, &to,
	    tap_conf.peer_mac, &from));
}

static void *
tap_reader(void *arg)
{
	struct pollfd pfd = { .fd = tap_fd, .events = POLLIN };
	uint8_t frame[FRAME_MAX];
	ssize_t n;
	int r;

	(void)arg;
	for (;;) {
		r = poll(&pfd, 1, ARP_REFRESH_MS);
		if (r < 0 && errno != EINTR)
			break;
		if (r == 0) {
			tap_teach_peer();
			continue;
		}
		if (r < 0)
			continue;
		n = read(tap_fd, frame, sizeof(frame));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		tap_deliver(frame, (size_t)n);
	}
	perror("tcpconform-lwip: TAP read");
	return NULL;
}

static void
tcpip_ready(void *arg)
{
	sys_sem_t *sem = arg;

	sys_sem_signal(sem);
}

/* Adds the netif; runs in the tcpip thread (tcpip_callback). */
static void
netif_setup(void *arg)
{
	sys_sem_t *sem = arg;
	ip4_addr_t gw, v4;

	ip4_addr_set_zero(&gw);
	ip4_addr_set_zero(&v4);
	netif_add(&tap_netif, IP_IS_V4(&tap_conf.addr) ?
	    ip_2_ip4(&tap_conf.addr) : &v4, &tap_conf.mask, &gw, NULL,
	    tap_netif_init, tcpip_input);
	if (IP_IS_V6(&tap_conf.addr)) {
		/* Valid at once: DAD would only put solicitations on the
		 * wire for an address that is ours by construction. */
		netif_ip6_addr_set(&tap_netif, 0, ip_2_ip6(&tap_conf.addr));
		netif_ip6_addr_set_state(&tap_netif, 0, IP6_ADDR_PREFERRED);
	}
	netif_set_default(&tap_netif);
	netif_set_link_up(&tap_netif);
	netif_set_up(&tap_netif);
	sys_sem_signal(sem);
}

int
tc_lwip_tap_start(const struct tc_lwip_tap_conf *conf)
{
	pthread_t th;
	sys_sem_t sem;

	tap_conf = *conf;
	tap_fd = tc_stack_tap_open(conf->ifname, false, "tcpconform-lwip");
	if (tap_fd < 0)
		return -1;
	if (sys_sem_new(&sem, 0) != ERR_OK)
		return -1;
	tcpip_init(tcpip_ready, &sem);
	sys_sem_wait(&sem);
	if (tcpip_callback(netif_setup, &sem) != ERR_OK) {
		fprintf(stderr, "tcpconform-lwip: tcpip_callback failed\n");
		return -1;
	}
	sys_sem_wait(&sem);
	sys_sem_free(&sem);
	tap_teach_peer();
	if (pthread_create(&th, NULL, tap_reader, NULL) != 0) {
		fprintf(stderr, "tcpconform-lwip: pthread_create failed\n");
		return -1;
	}
	pthread_detach(th);
	return 0;
}

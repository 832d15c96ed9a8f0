/*
 * slirp_net.c - libslirp on a TAP device.  One thread owns slirp: it reads
 * frames from the TAP into slirp_input(), polls slirp's host sockets
 * (slirp_pollfds_fill/poll) and runs its timers; slirp's frames leave
 * through send_packet, one write() each.  libslirp is not thread-safe: the
 * request thread adds and removes host forwards under the same lock and
 * wakes the slirp thread through a pipe so it polls the new listener.
 *
 * slirp learns the peer's MAC from an ARP reply (over IPv6 a neighbour
 * advertisement) built here and fed to it once (its tables do not age),
 * so no address resolution crosses the link.  Over IPv6 slirp is also a
 * router that advertises itself every few minutes; sessions are shorter.
 */
#include "slirp_net.h"
#include "stack_common.h"
#include "stack_frames.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <libslirp.h>

#define FRAME_MAX	2048	/* above the 1514 bytes of an MTU 1500 frame */
#define PFDS_MAX	1024
#define TIMERS_MAX	8
#define POLL_MAX_MS	1000

struct timer {
	bool		used, armed;
	int64_t		expire_ms;	/* on slirp's clock */
	SlirpTimerCb	cb;
	void		*cb_opaque;
};

static Slirp *slirp;
static pthread_mutex_t slirp_lock = PTHREAD_MUTEX_INITIALIZER;
static int tap_fd = -1;
static int wake_fd[2] = { -1, -1 };
static struct pollfd pfds[PFDS_MAX];
static int npfds;
static struct timer timers[TIMERS_MAX];

static int64_t
clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
wake(void)
{
	char c = 0;

	if (write(wake_fd[1], &c, 1) < 0 && errno != EAGAIN)
		perror("tcpconform-slirp: wake");
}

/* ---- slirp's callbacks (called with slirp_lock held) ---------------- */

static ssize_t
cb_send_packet(const void *buf, size_t len, void *opaque)
{
	(void)opaque;
	return write(tap_fd, buf, len);
}

static void
cb_guest_error(const char *msg, void *opaque)
{
	(void)opaque;
	fprintf(stderr, "tcpconform-slirp: guest error: %s\n", msg);
}

static int64_t
cb_clock_get_ns(void *opaque)
{
	(void)opaque;
	return clock_ns();
}

static void *
cb_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
	size_t i;

	(void)opaque;
	for (i = 0; i < TIMERS_MAX; i++) {
		if (!timers[i].used) {
			timers[i] = (struct timer){ .used = true, .cb = cb,
			    .cb_opaque = cb_opaque };
			return &timers[i];
		}
	}
	fprintf(stderr, "tcpconform-slirp: out of timers\n");
	return NULL;
}

static void
cb_timer_free(void *timer, void *opaque)
{
	(void)opaque;
	if (timer != NULL)
		((struct timer *)timer)->used = false;
}

static void
cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
	struct timer *t = timer;

	(void)opaque;
	if (t == NULL)
		return;
	t->expire_ms = expire_ms;
	t->armed = true;
}

static void
cb_poll_fd(int fd, void *opaque)
{
	(void)fd;
	(void)opaque;
}

static void
cb_notify(void *opaque)
{
	(void)opaque;
	wake();
}

static const SlirpCb callbacks = {
	.send_packet = cb_send_packet,
	.guest_error = cb_guest_error,
	.clock_get_ns = cb_clock_get_ns,
	.timer_new = cb_timer_new,
	.timer_free = cb_timer_free,
	.timer_mod = cb_timer_mod,
	.register_poll_fd = cb_poll_fd,
	.unregister_poll_fd = cb_poll_fd,
	.notify = cb_notify,
};

/* ---- the loop -------------------------------------------------------- */

static int
add_poll(int fd, int events, void *opaque)
{
	short ev = 0;

	(void)opaque;
	if (npfds == PFDS_MAX)
		return -1;
	if (events & SLIRP_POLL_IN)
		ev |= POLLIN;
	if (events & SLIRP_POLL_OUT)
		ev |= POLLOUT;
	if (events & SLIRP_POLL_PRI)
		ev |= POLLPRI;
	pfds[npfds] = (struct pollfd){ .fd = fd, .events = ev };
	return npfds++;
}

static int
get_revents(int idx, void *opaque)
{
	short r;
	int ev = 0;

	(void)opaque;
	if (idx < 0 || idx >= npfds)
		return 0;
	r = pfds[idx].revents;
	if (r & POLLIN)
		ev |= SLIRP_POLL_IN;
	if (r & POLLOUT)
		ev |= SLIRP_POLL_OUT;
	if (r & POLLPRI)
		ev |= SLIRP_POLL_PRI;
	if (r & (POLLERR | POLLNVAL))
		ev |= SLIRP_POLL_ERR;
	if (r & POLLHUP)
		ev |= SLIRP_POLL_HUP;
	return ev;
}

/* Fires due timers; returns the ms until the next one (or `cap`). */
static uint32_t
timers_run(uint32_t cap)
{
	int64_t now = clock_ns() / 1000000, left;
	size_t i;

	for (i = 0; i < TIMERS_MAX; i++) {
		if (!timers[i].used || !timers[i].armed)
			continue;
		left = timers[i].expire_ms - now;
		if (left <= 0) {
			timers[i].armed = false;
			timers[i].cb(timers[i].cb_opaque);
		} else if (left < (int64_t)cap) {
			cap = (uint32_t)left;
		}
	}
	return cap;
}

/* Every frame the TAP has, into slirp. */
static void
tap_drain(void)
{
	uint8_t frame[FRAME_MAX];
	ssize_t n;

	for (;;) {
		n = read(tap_fd, frame, sizeof(frame));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		slirp_input(slirp, frame, (int)n);
	}
}

static void *
net_loop(void *arg)
{
	char junk[64];
	uint32_t timeout;
	int r;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&slirp_lock);
		pfds[0] = (struct pollfd){ .fd = tap_fd, .events = POLLIN };
		pfds[1] = (struct pollfd){ .fd = wake_fd[0], .events = POLLIN };
		npfds = 2;
		timeout = timers_run(POLL_MAX_MS);
		slirp_pollfds_fill(slirp, &timeout, add_poll, NULL);
		pthread_mutex_unlock(&slirp_lock);
		r = poll(pfds, (nfds_t)npfds, (int)timeout);
		if (r < 0 && errno != EINTR) {
			perror("tcpconform-slirp: poll");
			return NULL;
		}
		pthread_mutex_lock(&slirp_lock);
		slirp_pollfds_poll(slirp, r < 0, get_revents, NULL);
		if (r > 0 && (pfds[0].revents & POLLIN))
			tap_drain();
		if (r > 0 && (pfds[1].revents & POLLIN))
			while (read(wake_fd[0], junk, sizeof(junk)) > 0)
				continue;
		pthread_mutex_unlock(&slirp_lock);
	}
}

/* ---- setup ----------------------------------------------------------- */

/* An ARP reply or advertisement from the peer: slirp records its MAC. */
static void
teach_peer(const struct tc_slirp_conf *c)
{
	uint8_t f[TC_STACK_NA_LEN > TC_STACK_ARP_LEN ? TC_STACK_NA_LEN :
	    TC_STACK_ARP_LEN];

	if (c->family == AF_INET6)
		slirp_input(slirp, f, (int)tc_stack_na(f, c->mac, &c->addr6,
		    c->peer_mac, &c->peer6));
	else
		slirp_input(slirp, f, (int)tc_stack_arp_reply(f, c->mac,
		    &c->addr, c->peer_mac, &c->peer));
}

/*
 * slirp's emulated hosts use MAC 52:55 followed by their IPv4 address, or
 * over IPv6 52:56 followed by the last four octets of theirs; it cannot be
 * chosen, so the caller's must be that one.
 */
static int
check_mac(const struct tc_slirp_conf *c)
{
	uint8_t want[6] = { 0x52, 0x55 };

	if (c->family == AF_INET6) {
		want[1] = 0x56;
		memcpy(want + 2, &c->addr6.s6_addr[12], 4);
	} else {
		memcpy(want + 2, &c->addr.s_addr, 4);
	}
	if (memcmp(want, c->mac, 6) == 0)
		return 0;
	fprintf(stderr, "tcpconform-slirp: slirp's MAC for this address is "
	    "%02x:%02x:%02x:%02x:%02x:%02x\n", want[0], want[1], want[2],
	    want[3], want[4], want[5]);
	return -1;
}

static Slirp *
slirp_create(const struct tc_slirp_conf *c)
{
	SlirpConfig cfg;
	uint32_t net = c->addr.s_addr & c->mask.s_addr;

	memset(&cfg, 0, sizeof(cfg));
	cfg.version = 4;
	cfg.in_enabled = true;
	cfg.vnetwork.s_addr = net;
	cfg.vnetmask = c->mask;
	cfg.vhost = c->addr;
	cfg.vdhcp_start = c->peer;
	/* Another address of the network; DNS and DHCP are off anyway. */
	cfg.vnameserver.s_addr = net | htonl(3);
	cfg.disable_dns = true;
	cfg.disable_dhcp = true;
	cfg.if_mtu = 1500;
	cfg.if_mru = 1500;
	if (c->family == AF_INET6) {
		/* A /64 of the tester's; slirp itself is ::2 in it. */
		cfg.in6_enabled = true;
		cfg.vprefix_addr6 = c->addr6;
		memset(&cfg.vprefix_addr6.s6_addr[8], 0, 8);
		cfg.vprefix_len = 64;
		cfg.vhost6 = c->addr6;
		cfg.vnameserver6 = cfg.vprefix_addr6;
		cfg.vnameserver6.s6_addr[15] = 3;
	}
	return slirp_new(&cfg, &callbacks, NULL);
}

int
tc_slirp_net_start(const struct tc_slirp_conf *c)
{
	pthread_t th;

	if (check_mac(c) != 0)
		return -1;
	if (pipe2(wake_fd, O_CLOEXEC | O_NONBLOCK) != 0) {
		perror("tcpconform-slirp: pipe");
		return -1;
	}
	if ((tap_fd = tc_stack_tap_open(c->ifname, true,
	    "tcpconform-slirp")) < 0)
		return -1;
	if ((slirp = slirp_create(c)) == NULL) {
		fprintf(stderr, "tcpconform-slirp: slirp_new failed\n");
		return -1;
	}
	teach_peer(c);
	if (pthread_create(&th, NULL, net_loop, NULL) != 0) {
		fprintf(stderr, "tcpconform-slirp: pthread_create failed\n");
		return -1;
	}
	pthread_detach(th);
	return 0;
}

/* A forward of IPv6 addresses listens on IPv6 only. */
static int
fwd_flags(const struct sockaddr *host)
{
	return host->sa_family == AF_INET6 ? SLIRP_HOSTFWD_V6ONLY : 0;
}

int
tc_slirp_net_fwd_add(const struct sockaddr *host, socklen_t hlen,
    const struct sockaddr *guest, socklen_t glen)
{
	int r;

	pthread_mutex_lock(&slirp_lock);
	r = slirp_add_hostxfwd(slirp, host, hlen, guest, glen,
	    fwd_flags(host));
	pthread_mutex_unlock(&slirp_lock);
	wake();
	return r < 0 ? -1 : 0;
}

int
tc_slirp_net_fwd_remove(const struct sockaddr *host, socklen_t hlen)
{
	int r;

	pthread_mutex_lock(&slirp_lock);
	r = slirp_remove_hostxfwd(slirp, host, hlen, fwd_flags(host));
	pthread_mutex_unlock(&slirp_lock);
	return r < 0 ? -1 : 0;
}

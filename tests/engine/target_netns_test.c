/*
 * target_netns_test.c - the embedded Linux target end to end: sessions,
 * target-side actions and sock_diag states, driven by hand-made segments
 * on an AF_PACKET socket in the tester namespace (independent of
 * lib/craft and lib/capture on purpose).  Needs root.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checksum.h"
#include "netns.h"
#include "target.h"

#define FIN	0x01
#define SYN	0x02
#define RST	0x04
#define PSH	0x08
#define ACK	0x10

#define LPORT	80		/* the target's listener */

/* One TCP segment seen on the wire. */
struct seg {
	uint16_t	sport, dport;
	uint32_t	seq, ack;
	uint8_t		flags;
	size_t		len;
	uint8_t		data[1500];
};

static struct tc_target *tgt;
static struct tc_session *ses;
static struct tc_link lnk;
static int wire = -1;		/* AF_PACKET on tcpc-a, tester ns */

static void
wire_open(void)
{
	struct sockaddr_ll sll;
	int saved;

	ck_assert_int_eq(tc_netns_enter(lnk.netns_fd, &saved, NULL), TC_OK);
	wire = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	ck_assert_int_ge(wire, 0);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = (int)if_nametoindex(lnk.ifname);
	ck_assert_int_gt(sll.sll_ifindex, 0);
	ck_assert_int_eq(bind(wire, (struct sockaddr *)&sll, sizeof(sll)), 0);
	ck_assert_int_eq(tc_netns_leave(saved, NULL), TC_OK);
}

static void
session_open_conf(const struct tc_session_conf *conf)
{
	struct tc_diag d;

	tc_diag_init(&d);
	ck_assert_int_eq(tc_target_netns_new(&tgt, &d), TC_OK);
	ck_assert_msg(tc_target_session_open(tgt, conf, &ses, &lnk, &d) ==
	    TC_OK, "session_open: %s", d.msg);
	wire_open();
}

static void
session_close(void)
{
	if (wire >= 0)
		close(wire);
	wire = -1;
	tc_target_session_close(tgt, ses);
	tc_target_free(tgt);
	ses = NULL;
	tgt = NULL;
}

/* Big-endian stores and loads without alignment assumptions. */
#define PUT16(p, v)	do { uint16_t v_ = htons(v); memcpy((p), &v_, 2); } \
			while (0)
#define PUT32(p, v)	do { uint32_t v_ = htonl(v); memcpy((p), &v_, 4); } \
			while (0)
#define GET32(p)	((uint32_t)(p)[0] << 24 | (uint32_t)(p)[1] << 16 | \
			(uint32_t)(p)[2] << 8 | (p)[3])

/* Sends an Ethernet/IPv4/TCP frame from the tester to the target. */
static void
wire_send_csum(uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
    uint8_t flags, uint16_t win, const char *data, bool bad_csum)
{
	uint8_t f[1514], *ip = f + 14, *th = ip + 20;
	size_t dlen = data != NULL ? strlen(data) : 0;
	size_t thlen = (flags & SYN) ? 24 : 20;
	uint16_t c;

	memset(f, 0, sizeof(f));
	memcpy(f, lnk.peer_mac, 6);
	memcpy(f + 6, lnk.local_mac, 6);
	PUT16(f + 12, ETH_P_IP);
	ip[0] = 0x45;
	PUT16(ip + 2, (uint16_t)(20 + thlen + dlen));
	PUT16(ip + 6, 0x4000);
	ip[8] = 64;
	ip[9] = IPPROTO_TCP;
	memcpy(ip + 12, lnk.local_addr.bytes, 4);
	memcpy(ip + 16, lnk.target_addr.bytes, 4);
	PUT16(ip + 10, tc_checksum_fold(tc_checksum_add(0, ip, 20)));
	PUT16(th, sport);
	PUT16(th + 2, dport);
	PUT32(th + 4, seq);
	PUT32(th + 8, ack);
	th[12] = (uint8_t)((thlen / 4) << 4);
	th[13] = flags;
	PUT16(th + 14, win);
	if (flags & SYN) {
		th[20] = 2;		/* MSS 1460 */
		th[21] = 4;
		PUT16(th + 22, 1460);
	}
	memcpy(th + thlen, data != NULL ? data : "", dlen);
	c = tc_checksum_tcp(&lnk.local_addr, &lnk.target_addr, th,
	    thlen + dlen);
	PUT16(th + 16, bad_csum ? (uint16_t)(c ^ 0x5a5a) : c);
	ck_assert_int_eq(send(wire, f, 14 + 20 + thlen + dlen, 0),
	    (ssize_t)(14 + 20 + thlen + dlen));
}

static void
wire_send(uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
    uint8_t flags, const char *data)
{
	wire_send_csum(sport, dport, seq, ack, flags, 65535, data, false);
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Parses a frame from the target to tester port `dport`; false if not. */
static bool
parse(const uint8_t *f, size_t n, uint16_t dport, struct seg *s)
{
	const uint8_t *ip = f + 14, *th;
	size_t iplen, thlen;

	if (n < 14 + 20 || f[12] != 0x08 || f[13] != 0x00 || ip[9] != 6 ||
	    memcmp(ip + 12, lnk.target_addr.bytes, 4) != 0)
		return false;
	iplen = (size_t)(ip[0] & 0x0f) * 4;
	th = ip + iplen;
	if (n < 14 + iplen + 20 || (uint16_t)(th[2] << 8 | th[3]) != dport)
		return false;
	thlen = (size_t)(th[12] >> 4) * 4;
	s->sport = (uint16_t)(th[0] << 8 | th[1]);
	s->dport = dport;
	s->seq = GET32(th + 4);
	s->ack = GET32(th + 8);
	s->flags = th[13];
	s->len = (size_t)(ip[2] << 8 | ip[3]) - iplen - thlen;
	ck_assert_uint_le(s->len, sizeof(s->data));
	memcpy(s->data, th + thlen, s->len);
	/* Offloads are off: every checksum on the wire must be complete. */
	ck_assert_uint_eq(tc_checksum_tcp(&lnk.target_addr, &lnk.local_addr,
	    th, thlen + s->len), 0);
	return true;
}

/* Waits up to timeout_ms for a segment to tester port dport. */
static bool
wire_recv(uint16_t dport, struct seg *s, int timeout_ms)
{
	long end = now_ms() + timeout_ms;
	struct sockaddr_ll sll;
	uint8_t f[2048];
	socklen_t sl;
	ssize_t n;

	for (;;) {
		struct pollfd p = { .fd = wire, .events = POLLIN };
		long left = end - now_ms();

		if (left < 0 || poll(&p, 1, (int)left) <= 0)
			return false;
		sl = sizeof(sll);
		n = recvfrom(wire, f, sizeof(f), 0, (struct sockaddr *)&sll,
		    &sl);
		ck_assert_int_ge(n, 0);
		if (sll.sll_pkttype != PACKET_OUTGOING &&
		    parse(f, (size_t)n, dport, s))
			return true;
	}
}

/*
 * The next segment with `flags`.  Pure ACKs are skipped unless wanted:
 * whether the kernel acks our data at once or delays it is its choice.
 */
static struct seg
expect_seg(uint16_t dport, uint8_t flags)
{
	struct seg s;

	do {
		ck_assert_msg(wire_recv(dport, &s, 2000), "no segment, "
		    "wanted flags 0x%02x", flags);
	} while (flags != ACK && s.flags == ACK && s.len == 0);
	ck_assert_msg(s.flags == flags, "flags 0x%02x, wanted 0x%02x",
	    s.flags, flags);
	return s;
}

static enum tc_err
act(enum tc_action_kind kind, const char *sock, const char *as,
    uint16_t port, uint16_t peer_port, struct tc_action_result *res,
    struct tc_diag *d)
{
	struct tc_action a = {
		.kind = kind, .sock = sock, .as = as, .port = port,
		.peer_port = peer_port, .backlog = 8, .how = SHUT_WR,
	};

	tc_diag_init(d);
	return tc_target_act(tgt, ses, &a, res, d);
}

/* Retries an action that may need to wait, like the engine's loop. */
static enum tc_err
act_wait(const struct tc_action *a, struct tc_action_result *res,
    struct tc_diag *d)
{
	struct pollfd p;
	enum tc_err err;
	int tries;

	for (tries = 0; tries < 20; tries++) {
		tc_diag_init(d);
		err = tc_target_act(tgt, ses, a, res, d);
		if (err != TC_ERR_AGAIN)
			return err;
		p.fd = res->wait_fd;
		p.events = res->wait_events;
		poll(&p, 1, 100);
	}
	return TC_ERR_AGAIN;
}

static enum tc_fsm_state
state_of(uint16_t tport, uint16_t pport, bool *listening)
{
	struct tc_tuple t = {
		.target_addr = lnk.target_addr, .target_port = tport,
		.peer_addr = lnk.local_addr, .peer_port = pport,
	};
	enum tc_fsm_state st;
	struct tc_diag d;
	bool l;

	tc_diag_init(&d);
	ck_assert_msg(tc_target_state(tgt, ses, &t, &st, &l, &d) == TC_OK,
	    "state: %s", d.msg);
	if (listening != NULL)
		*listening = l;
	return st;
}

/* Polls sock_diag until the state is `want` (the kernel acts in softirq). */
static void
expect_state(uint16_t tport, uint16_t pport, enum tc_fsm_state want)
{
	enum tc_fsm_state st = TC_FSM_STATE_COUNT;
	int i;

	for (i = 0; i < 100 && (st = state_of(tport, pport, NULL)) != want;
	    i++)
		usleep(10000);
	ck_assert_msg(st == want, "state %d, wanted %d", st, want);
}

/* Passive open on LPORT from tester port pport; returns the target ISN. */
static uint32_t
handshake(uint16_t pport, uint32_t isn, uint16_t win)
{
	struct tc_action a = { .kind = TC_ACT_ACCEPT, .sock = "srv",
	    .as = "c" };
	struct tc_action_result res;
	struct tc_diag d;
	struct seg s;

	ck_assert_msg(act(TC_ACT_LISTEN, NULL, "srv", LPORT, 0, &res, &d) ==
	    TC_OK, "listen: %s", d.msg);
	wire_send(pport, LPORT, isn, 0, SYN, NULL);
	s = expect_seg(pport, SYN | ACK);
	ck_assert_uint_eq(s.ack, isn + 1);
	expect_state(LPORT, pport, TC_FSM_SYN_RECEIVED);
	wire_send_csum(pport, LPORT, isn + 1, s.seq + 1, ACK, win, NULL,
	    false);
	ck_assert_msg(act_wait(&a, &res, &d) == TC_OK, "accept: %s", d.msg);
	expect_state(LPORT, pport, TC_FSM_ESTABLISHED);
	return s.seq;
}

static void
command_output(const char *cmd, char *out, size_t cap)
{
	size_t used = 0;
	FILE *p;

	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	out[0] = '\0';
	while (used + 1 < cap && fgets(out + used, (int)(cap - used), p))
		used = strlen(out);
	pclose(p);
}

START_TEST(test_session_link)
{
	static const uint8_t zero[6];
	char desc[128], want[128], val[16], cmd[128], out[512];
	struct tc_addr a;
	struct stat st, here;
	struct utsname u;
	uint8_t f[2048];
	int frames = 0;
	long end;

	session_open_conf(NULL);
	ck_assert_str_eq(lnk.ifname, "tcpc-a");
	ck_assert_int_ge(lnk.netns_fd, 0);
	ck_assert_int_eq(fstat(lnk.netns_fd, &st), 0);
	ck_assert_int_eq(stat("/proc/thread-self/ns/net", &here), 0);
	ck_assert_uint_ne(st.st_ino, here.st_ino);
	ck_assert_mem_ne(lnk.local_mac, zero, 6);
	ck_assert_mem_ne(lnk.peer_mac, zero, 6);
	ck_assert_mem_ne(lnk.local_mac, lnk.peer_mac, 6);
	tc_addr_ipv4(&a, 198, 18, 0, 1);
	ck_assert(tc_addr_equal(&lnk.local_addr, &a));
	tc_addr_ipv4(&a, 198, 18, 0, 2);
	ck_assert(tc_addr_equal(&lnk.target_addr, &a));
	/* The tester's address is configured nowhere: no kernel RSTs. */
	snprintf(cmd, sizeof(cmd), "nsenter --net=/proc/%d/fd/%d ip -o -4 "
	    "addr show dev tcpc-a", (int)getpid(), lnk.netns_fd);
	command_output(cmd, out, sizeof(out));
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(tc_netns_sysctl_get(lnk.netns_fd,
	    "net.ipv6.conf.all.disable_ipv6", val, sizeof(val), NULL), TC_OK);
	ck_assert_str_eq(val, "1");
	/* A quiet wire: no DAD, MLD, RS or ARP once both ends are up. */
	for (end = now_ms() + 300; now_ms() < end;) {
		struct pollfd p = { .fd = wire, .events = POLLIN };

		if (poll(&p, 1, 50) > 0 && recv(wire, f, sizeof(f), 0) > 0)
			frames++;
	}
	ck_assert_int_eq(frames, 0);
	ck_assert_str_eq(tgt->ops->name, "netns");
	ck_assert_uint_eq(tgt->ops->caps, TC_TARGET_CAP_ACT |
	    TC_TARGET_CAP_STATE | TC_TARGET_CAP_SYSCTL | TC_TARGET_CAP_LISTEN);
	ck_assert_int_eq(uname(&u), 0);
	snprintf(want, sizeof(want), "Linux %s in a network namespace",
	    u.release);
	tgt->ops->describe(tgt, desc, sizeof(desc));
	ck_assert_str_eq(desc, want);
	session_close();
}
END_TEST

/*
 * The product alone: this test's AF_PACKET socket is left out, since
 * closing one waits in synchronize_net() for ~10-30 ms.
 */
START_TEST(test_open_close_time)
{
	struct timespec t0, t1;
	struct tc_diag d;
	int i, n = 50;
	double ms;

	ck_assert_int_eq(tc_target_netns_new(&tgt, &d), TC_OK);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		tc_diag_init(&d);
		ck_assert_int_eq(tc_target_session_open(tgt, NULL, &ses, &lnk,
		    &d), TC_OK);
		tc_target_session_close(tgt, ses);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / n;
	fprintf(stderr, "netns session open+close: %.2f ms (mean of %d)\n",
	    ms, n);
	ck_assert(ms < 200);
	tc_target_free(tgt);
	tgt = NULL;
}
END_TEST

START_TEST(test_listen_and_names)
{
	struct tc_action_result res;
	struct tc_diag d;
	bool listening;
	struct seg s;

	session_open_conf(NULL);
	ck_assert_int_eq(state_of(LPORT, 40000, &listening), TC_FSM_CLOSED);
	ck_assert(!listening);
	ck_assert_int_eq(act(TC_ACT_LISTEN, NULL, "srv", LPORT, 0, &res, &d),
	    TC_OK);
	ck_assert_int_eq(state_of(LPORT, 40000, &listening), TC_FSM_CLOSED);
	ck_assert(listening);
	ck_assert_int_eq(state_of(LPORT + 1, 40000, &listening),
	    TC_FSM_CLOSED);
	ck_assert(!listening);
	/* Nobody connected yet: accept asks to wait for the listener. */
	ck_assert_int_eq(act(TC_ACT_ACCEPT, "srv", "c", 0, 0, &res, &d),
	    TC_ERR_AGAIN);
	ck_assert_int_ge(res.wait_fd, 0);
	ck_assert_int_eq(res.wait_events, POLLIN);
	ck_assert_int_eq(act(TC_ACT_ACCEPT, "nope", "c", 0, 0, &res, &d),
	    TC_ERR_NOTFOUND);
	ck_assert_str_eq(d.msg, "accept: no target socket named 'nope'");
	ck_assert_int_eq(act(TC_ACT_READ, "c", NULL, 0, 0, &res, &d),
	    TC_ERR_NOTFOUND);
	ck_assert_int_eq(act(TC_ACT_LISTEN, NULL, "srv", LPORT + 1, 0, &res,
	    &d), TC_ERR_INVAL);
	ck_assert_ptr_nonnull(strstr(d.msg, "already in use"));
	ck_assert_int_eq(act(TC_ACT_LISTEN, NULL, "srv2", LPORT, 0, &res, &d),
	    TC_ERR_SYS);
	ck_assert_str_eq(d.msg, "listen srv2: bind port 80: Address already "
	    "in use");
	ck_assert_int_eq(act(TC_ACT_LISTEN, NULL,
	    "a-name-far-too-long-for-the-table", 81, 0, &res, &d),
	    TC_ERR_LIMIT);
	/* Offloads off on both ends: the target checks every checksum. */
	wire_send_csum(40003, LPORT, 1, 0, SYN, 65535, NULL, true);
	ck_assert(!wire_recv(40003, &s, 300));
	wire_send_csum(40003, LPORT, 1, 0, SYN, 65535, NULL, false);
	ck_assert_uint_eq(expect_seg(40003, SYN | ACK).ack, 2);
	ck_assert_int_eq(act(TC_ACT_CLOSE, "srv", NULL, 0, 0, &res, &d),
	    TC_OK);
	ck_assert_int_eq(state_of(LPORT, 40000, &listening), TC_FSM_CLOSED);
	ck_assert(!listening);
	ck_assert_int_eq(act(TC_ACT_CLOSE, "srv", NULL, 0, 0, &res, &d),
	    TC_ERR_NOTFOUND);
	session_close();
}
END_TEST

START_TEST(test_passive_open_data_and_close)
{
	struct tc_action rd = { .kind = TC_ACT_READ, .sock = "c", .len = 100 };
	struct tc_action wr = { .kind = TC_ACT_WRITE, .sock = "c",
	    .data = (const uint8_t *)"hello", .len = 5 };
	struct tc_action_result res;
	struct tc_diag d;
	uint32_t peer, isn = 1000;
	struct seg s;

	session_open_conf(NULL);
	peer = handshake(40001, isn, 65535);
	ck_assert_int_eq(tc_target_act(tgt, ses, &wr, &res, &d), TC_OK);
	ck_assert_uint_eq(res.n, 5);
	s = expect_seg(40001, PSH | ACK);
	ck_assert_uint_eq(s.seq, peer + 1);
	ck_assert_uint_eq(s.len, 5);
	ck_assert_mem_eq(s.data, "hello", 5);
	ck_assert_int_eq(act(TC_ACT_READ, "c", NULL, 0, 0, &res, &d),
	    TC_ERR_AGAIN);
	ck_assert_int_eq(res.wait_events, POLLIN);
	wire_send(40001, LPORT, isn + 1, peer + 6, PSH | ACK, "hi");
	ck_assert_int_eq(act_wait(&rd, &res, &d), TC_OK);
	ck_assert_uint_eq(res.n, 2);
	ck_assert_mem_eq(res.buf, "hi", 2);
	ck_assert(!res.eof);
	wire_send(40001, LPORT, isn + 3, peer + 6, FIN | ACK, NULL);
	ck_assert_int_eq(act_wait(&rd, &res, &d), TC_OK);
	ck_assert(res.eof);
	ck_assert_uint_eq(res.n, 0);
	expect_state(LPORT, 40001, TC_FSM_CLOSE_WAIT);
	ck_assert_int_eq(act(TC_ACT_CLOSE, "c", NULL, 0, 0, &res, &d), TC_OK);
	s = expect_seg(40001, FIN | ACK);
	ck_assert_uint_eq(s.seq, peer + 6);
	expect_state(LPORT, 40001, TC_FSM_LAST_ACK);
	wire_send(40001, LPORT, isn + 4, peer + 7, ACK, NULL);
	expect_state(LPORT, 40001, TC_FSM_CLOSED);
	session_close();
}
END_TEST

START_TEST(test_active_open_to_time_wait)
{
	struct tc_action_result res;
	struct tc_diag d;
	struct seg s;
	uint32_t isn = 7000;

	session_open_conf(NULL);
	ck_assert_int_eq(act(TC_ACT_CONNECT, NULL, "c", 5000, 40002, &res,
	    &d), TC_OK);
	expect_state(5000, 40002, TC_FSM_SYN_SENT);
	s = expect_seg(40002, SYN);
	ck_assert_uint_eq(s.sport, 5000);
	wire_send(40002, 5000, isn, s.seq + 1, SYN | ACK, NULL);
	ck_assert_uint_eq(expect_seg(40002, ACK).ack, isn + 1);
	expect_state(5000, 40002, TC_FSM_ESTABLISHED);
	/* The target closes first; the orphan goes through FIN-WAIT-2. */
	ck_assert_int_eq(act(TC_ACT_CLOSE, "c", NULL, 0, 0, &res, &d), TC_OK);
	ck_assert_uint_eq(expect_seg(40002, FIN | ACK).seq, s.seq + 1);
	expect_state(5000, 40002, TC_FSM_FIN_WAIT_1);
	wire_send(40002, 5000, isn + 1, s.seq + 2, ACK, NULL);
	expect_state(5000, 40002, TC_FSM_FIN_WAIT_2);
	wire_send(40002, 5000, isn + 1, s.seq + 2, FIN | ACK, NULL);
	ck_assert_uint_eq(expect_seg(40002, ACK).ack, isn + 2);
	expect_state(5000, 40002, TC_FSM_TIME_WAIT);
	session_close();
}
END_TEST

START_TEST(test_reset_is_an_outcome)
{
	struct tc_action rd = { .kind = TC_ACT_READ, .sock = "c" };
	struct tc_action_result res;
	struct tc_diag d;

	session_open_conf(NULL);
	handshake(40004, 500, 65535);
	wire_send(40004, LPORT, 501, 0, RST, NULL);
	expect_state(LPORT, 40004, TC_FSM_CLOSED);
	ck_assert_int_eq(act_wait(&rd, &res, &d), TC_ERR_SYS);
	ck_assert_str_eq(d.msg, "read c: Connection reset by peer");
	ck_assert_int_eq(d.sys_errno, ECONNRESET);
	session_close();
}
END_TEST

START_TEST(test_abort_and_shutdown)
{
	struct tc_action_result res;
	struct tc_diag d;
	uint32_t peer;

	session_open_conf(NULL);
	peer = handshake(40005, 100, 65535);
	ck_assert_int_eq(act(TC_ACT_SHUTDOWN, "c", NULL, 0, 0, &res, &d),
	    TC_OK);
	ck_assert_uint_eq(expect_seg(40005, FIN | ACK).seq, peer + 1);
	expect_state(LPORT, 40005, TC_FSM_FIN_WAIT_1);
	ck_assert_int_eq(act(TC_ACT_ABORT, "c", NULL, 0, 0, &res, &d), TC_OK);
	ck_assert_uint_eq(expect_seg(40005, RST | ACK).seq, peer + 2);
	expect_state(LPORT, 40005, TC_FSM_CLOSED);
	ck_assert_int_eq(act(TC_ACT_WRITE, "c", NULL, 0, 0, &res, &d),
	    TC_ERR_NOTFOUND);
	session_close();
}
END_TEST

START_TEST(test_write_would_block)
{
	static const struct tc_sysctl sc[] = {
		{ "net.ipv4.tcp_wmem", "4096 4096 4096" },
	};
	const struct tc_session_conf conf = { .sysctls = sc, .nsysctls = 1 };
	static uint8_t big[2048];
	struct tc_action wr = { .kind = TC_ACT_WRITE, .sock = "c",
	    .data = big, .len = sizeof(big) };
	struct tc_action_result res;
	struct tc_diag d;
	enum tc_err err = TC_OK;
	size_t total = 0;
	int i;

	session_open_conf(&conf);
	/* A zero window: nothing leaves, the 4 KiB send buffer fills. */
	handshake(40006, 100, 0);
	for (i = 0; i < 64; i++) {
		tc_diag_init(&d);
		err = tc_target_act(tgt, ses, &wr, &res, &d);
		if (err != TC_OK)
			break;
		ck_assert_uint_le(res.n, sizeof(big));
		total += res.n;
	}
	ck_assert_msg(err == TC_ERR_AGAIN, "write: %s after %zu", d.msg,
	    total);
	ck_assert_int_eq(res.wait_events, POLLOUT);
	ck_assert_int_ge(res.wait_fd, 0);
	ck_assert_uint_lt(total, 64 * sizeof(big));
	session_close();
}
END_TEST

START_TEST(test_bad_conf_sysctl)
{
	static const struct tc_sysctl bad[] = { { "kernel.panic", "1" } };
	static const struct tc_sysctl unknown[] = { { "net.ipv4.nope", "1" } };
	struct tc_session_conf conf = { .sysctls = bad, .nsysctls = 1 };
	struct tc_diag d;

	ck_assert_int_eq(tc_target_netns_new(&tgt, &d), TC_OK);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_target_session_open(tgt, &conf, &ses, &lnk, &d),
	    TC_ERR_INVAL);
	ck_assert_ptr_null(ses);
	ck_assert_ptr_nonnull(strstr(d.msg, "kernel.panic"));
	conf.sysctls = unknown;
	tc_diag_init(&d);
	ck_assert_int_eq(tc_target_session_open(tgt, &conf, &ses, &lnk, &d),
	    TC_ERR_NOTFOUND);
	ck_assert_str_eq(d.msg, "unknown sysctl net.ipv4.nope");
	tc_target_session_close(tgt, NULL);
	tc_target_free(tgt);
	tgt = NULL;
}
END_TEST

/*
 * Does any process's fd or thread, any mount, or any name in /run/netns
 * (what `ip netns list` shows; other runs may keep their own) hold `ns`?
 */
static bool
ns_referenced(const char *ns)
{
	char cmd[320], out[1024];

	snprintf(cmd, sizeof(cmd), "{ ls -l /proc/[0-9]*/fd /proc/[0-9]*/task/"
	    "*/ns; stat -L -c 'net:[%%i]' /run/netns/*; } 2>/dev/null | "
	    "grep -F '%s'; grep -F '%s' /proc/self/mountinfo", ns, ns);
	command_output(cmd, out, sizeof(out));
	return out[0] != '\0';
}

/* How many of the "net:[N]" lines in `list` are still held. */
static int
held_count(const char *list, int *total)
{
	char copy[512], *ns, *save;
	int held = 0;

	snprintf(copy, sizeof(copy), "%s", list);
	*total = 0;
	for (ns = strtok_r(copy, "\n", &save); ns != NULL;
	    ns = strtok_r(NULL, "\n", &save), (*total)++)
		held += ns_referenced(ns);
	return held;
}

START_TEST(test_nothing_left_after_close_or_kill)
{
	char before[4096], after[4096], cmd[128], nss[512], c;
	const char *links = "ip -o link show | cut -d: -f2";
	int pfd[2], st, n;
	pid_t pid;

	command_output(links, before, sizeof(before));
	session_open_conf(NULL);
	session_close();
	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		session_open_conf(NULL);
		if (write(pfd[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	ck_assert_int_eq(read(pfd[0], &c, 1), 1);
	/* The child's session holds two namespaces by fd, nothing more. */
	snprintf(cmd, sizeof(cmd), "ls -l /proc/%d/fd | grep -o "
	    "'net:\\[[0-9]*\\]' | sort -u", (int)pid);
	command_output(cmd, nss, sizeof(nss));
	ck_assert_int_eq(held_count(nss, &n), 2);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFSIGNALED(st));
	/* Unreferenced, the kernel dismantles them, veth included. */
	ck_assert_msg(held_count(nss, &n) == 0, "still held: %s", nss);
	command_output(links, after, sizeof(after));
	ck_assert_str_eq(before, after);
}
END_TEST

START_TEST(test_keep_name)
{
	char name[32], cmd[160], out[2048];
	struct tc_session_conf conf = { .keep_name = name };
	struct tc_diag d;

	snprintf(name, sizeof(name), "tcpc-k%d", (int)getpid());
	session_open_conf(&conf);
	snprintf(cmd, sizeof(cmd), "ip -n %s-b -o -4 addr show dev tcpc-b",
	    name);
	command_output(cmd, out, sizeof(out));
	ck_assert_msg(strstr(out, "198.18.0.2/24") != NULL, "%s", out);
	session_close();
	/* Kept for debugging: it outlives the session, until removed. */
	snprintf(cmd, sizeof(cmd), "ip -n %s-a -o link show tcpc-a", name);
	command_output(cmd, out, sizeof(out));
	ck_assert_ptr_nonnull(strstr(out, "tcpc-a@"));
	tc_diag_init(&d);
	snprintf(cmd, sizeof(cmd), "%s-a", name);
	ck_assert_int_eq(tc_netns_unkeep(cmd, &d), TC_OK);
	snprintf(cmd, sizeof(cmd), "%s-b", name);
	ck_assert_int_eq(tc_netns_unkeep(cmd, &d), TC_OK);
	command_output("ip netns list", out, sizeof(out));
	ck_assert_ptr_null(strstr(out, name));
}
END_TEST

START_TEST(test_no_privilege_is_perm)
{
	struct tc_diag d;
	pid_t pid;
	int st;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(2);
		tc_diag_init(&d);
		if (tc_target_netns_new(&tgt, &d) != TC_OK)
			_exit(3);
		if (tc_target_session_open(tgt, NULL, &ses, &lnk, &d) !=
		    TC_ERR_PERM || ses != NULL)
			_exit(4);
		tc_target_free(tgt);
		_exit(strstr(d.msg, "CAP_SYS_ADMIN") != NULL ? 0 : 5);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
}
END_TEST

static Suite *
target_netns_suite(void)
{
	Suite *s = suite_create("target_netns");
	TCase *tc;

	tc = tcase_create("session");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_session_link);
	tcase_add_test(tc, test_open_close_time);
	tcase_add_test(tc, test_bad_conf_sysctl);
	tcase_add_test(tc, test_nothing_left_after_close_or_kill);
	tcase_add_test(tc, test_keep_name);
	tcase_add_test(tc, test_no_privilege_is_perm);
	suite_add_tcase(s, tc);

	tc = tcase_create("act");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_listen_and_names);
	tcase_add_test(tc, test_passive_open_data_and_close);
	tcase_add_test(tc, test_active_open_to_time_wait);
	tcase_add_test(tc, test_reset_is_an_outcome);
	tcase_add_test(tc, test_abort_and_shutdown);
	tcase_add_test(tc, test_write_would_block);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(target_netns_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

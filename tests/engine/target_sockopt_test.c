/*
 * target_sockopt_test.c - socket options on the embedded Linux target:
 * set before bind() on LISTEN and CONNECT, and on a named socket with
 * SETOPT, each seen in what the kernel puts on the wire (lib/craft sends,
 * lib/capture and lib/segment read the answers).  Needs root.
 */
#include <check.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "craft.h"
#include "netns.h"
#include "segment.h"
#include "target.h"

#define QMAX	32
#define LPORT	80

/* Frames from the target, decoded, in arrival order. */
struct queue {
	size_t		n, head;
	uint8_t		frame[QMAX][2048];
	struct tc_segment seg[QMAX];
	struct timespec	ts[QMAX];
};

static struct tc_target *tgt;
static struct tc_session *ses;
static struct tc_link lnk;
static struct tc_craft *cr;
static struct tc_capture *cap;
static struct queue q;

static void
session_open(void)
{
	struct tc_diag d;
	int saved;

	tc_diag_init(&d);
	ck_assert_int_eq(tc_target_netns_new(&tgt, &d), TC_OK);
	ck_assert_msg(tc_target_session_open(tgt, NULL, &ses, &lnk, &d) ==
	    TC_OK, "session_open: %s", d.msg);
	ck_assert_int_eq(tc_netns_enter(lnk.netns_fd, &saved, &d), TC_OK);
	ck_assert_msg(tc_craft_new(lnk.ifname, lnk.local_mac, lnk.peer_mac,
	    &cr, &d) == TC_OK, "craft: %s", d.msg);
	ck_assert_msg(tc_capture_open(lnk.ifname, "tcp and src host "
	    "198.18.0.2", &cap, &d) == TC_OK, "capture: %s", d.msg);
	ck_assert_int_eq(tc_netns_leave(saved, &d), TC_OK);
	memset(&q, 0, sizeof(q));
}

static void
session_close(void)
{
	tc_capture_free(cap);
	tc_craft_free(cr);
	tc_target_session_close(tgt, ses);
	tc_target_free(tgt);
	cap = NULL;
	cr = NULL;
	ses = NULL;
	tgt = NULL;
}

/* A segment from the tester; a SYN carries <mss 1460>. */
static void
send_tcp(uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
    uint8_t flags)
{
	static const uint8_t mss[4] = { 2, 4, 0x05, 0xb4 };
	struct tc_tcp_spec t = {
		.sport = sport, .dport = dport, .seq = seq, .ack = ack,
		.flags = flags, .win = 65535, .csum_mode = TC_CSUM_CORRECT,
	};
	struct tc_ip_spec ip = {
		.src = lnk.local_addr, .dst = lnk.target_addr, .ttl = 64,
		.df = true,
	};
	uint8_t buf[64];
	size_t len;
	struct tc_diag d;

	if (flags & TC_TH_SYN) {
		t.opts = mss;
		t.opts_len = sizeof(mss);
	}
	tc_diag_init(&d);
	ck_assert_int_eq(tc_craft_tcp_encode(&t, &ip.src, &ip.dst, buf,
	    sizeof(buf), &len), TC_OK);
	ck_assert_msg(tc_craft_send_ipv4(cr, &ip, buf, len, NULL, 0, NULL,
	    &d) == TC_OK, "send: %s", d.msg);
}

static void
queue_cb(void *arg, const struct timespec *ts, const uint8_t *frame,
    size_t caplen, size_t wirelen)
{
	size_t i = q.n;

	(void)arg;
	(void)wirelen;
	ck_assert_uint_lt(q.n, QMAX);
	ck_assert_uint_le(caplen, sizeof(q.frame[0]));
	memcpy(q.frame[i], frame, caplen);
	ck_assert_int_eq(tc_segment_decode(q.frame[i], caplen,
	    TC_LINK_ETHERNET, &q.seg[i]), TC_DEC_OK);
	ck_assert_int_eq(q.seg[i].kind, TC_SEG_TCP);
	ck_assert(q.seg[i].csum_ok);
	q.ts[i] = *ts;
	q.n++;
}

static long
ms_since(const struct timespec *t0, const struct timespec *t1)
{
	return (t1->tv_sec - t0->tv_sec) * 1000 +
	    (t1->tv_nsec - t0->tv_nsec) / 1000000;
}

/* The next segment from the target to tester port dport, or NULL. */
static const struct tc_segment *
next_seg(uint16_t dport, int timeout_ms, struct timespec *when)
{
	struct pollfd p = { .fd = tc_capture_fd(cap), .events = POLLIN };
	struct timespec t0, now;
	struct tc_diag d;
	size_t i;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		for (i = q.head; i < q.n; i++) {
			if (q.seg[i].dport != dport)
				continue;
			q.seg[i].dport = 0;	/* consumed */
			if (when != NULL)
				*when = q.ts[i];
			return &q.seg[i];
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (ms_since(&t0, &now) >= timeout_ms)
			return NULL;
		poll(&p, 1, timeout_ms - (int)ms_since(&t0, &now));
		tc_diag_init(&d);
		ck_assert_int_eq(tc_capture_dispatch(cap, queue_cb, NULL,
		    NULL, &d), TC_OK);
	}
}

static enum tc_err
act(const struct tc_action *a, struct tc_diag *d)
{
	struct tc_action_result res;

	tc_diag_init(d);
	return tc_target_act(tgt, ses, a, &res, d);
}

static void
act_ok(const struct tc_action *a)
{
	struct tc_diag d;

	ck_assert_msg(act(a, &d) == TC_OK, "act %d: %s", a->kind, d.msg);
}

/* The SYN-ACK that a listener on dport answers our SYN from sport with. */
static const struct tc_segment *
synack(uint16_t sport, uint16_t dport)
{
	const struct tc_segment *s;

	send_tcp(sport, dport, 1000, 0, TC_TH_SYN);
	s = next_seg(sport, 2000, NULL);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->flags, TC_TH_SYN | TC_TH_ACK);
	ck_assert_uint_eq(s->ack, 1001);
	return s;
}

static uint16_t
mss_of(const struct tc_segment *s)
{
	const struct tc_opt *o = tc_options_find(&s->opts, TC_OPT_MSS);

	ck_assert_ptr_nonnull(o);
	return o->u.mss;
}

/* TCP_MAXSEG before listen() is the MSS the SYN-ACK announces. */
START_TEST(test_listen_maxseg)
{
	struct tc_action a = { .kind = TC_ACT_LISTEN, .as = "srv",
	    .port = LPORT, .backlog = 4, .nopts = 1,
	    .opts = { { TC_SOCKOPT_MAXSEG, 536 } } };
	struct tc_action plain = { .kind = TC_ACT_LISTEN, .as = "plain",
	    .port = LPORT + 1, .backlog = 4 };

	session_open();
	act_ok(&a);
	act_ok(&plain);
	ck_assert_uint_eq(mss_of(synack(40001, LPORT)), 536);
	ck_assert_uint_eq(mss_of(synack(40002, LPORT + 1)), 1460);
	session_close();
}
END_TEST

/* A small SO_RCVBUF before listen() is a small window in the SYN-ACK. */
START_TEST(test_listen_rcvbuf)
{
	struct tc_action a = { .kind = TC_ACT_LISTEN, .as = "srv",
	    .port = LPORT, .backlog = 4, .nopts = 2,
	    .opts = { { TC_SOCKOPT_RCVBUF, 2048 },
	    { TC_SOCKOPT_NODELAY, 1 } } };
	struct tc_action plain = { .kind = TC_ACT_LISTEN, .as = "plain",
	    .port = LPORT + 1, .backlog = 4 };
	uint16_t small, normal;

	session_open();
	act_ok(&a);
	act_ok(&plain);
	small = synack(40003, LPORT)->win;
	normal = synack(40004, LPORT + 1)->win;
	ck_assert_msg(small > 0 && small <= normal / 4, "window %u with "
	    "SO_RCVBUF 2048, %u without", small, normal);
	session_close();
}
END_TEST

/* CONNECT sets them before bind() too: the SYN announces MSS 600. */
START_TEST(test_connect_maxseg)
{
	struct tc_action a = { .kind = TC_ACT_CONNECT, .as = "c",
	    .port = 5000, .peer_port = 40005, .nopts = 3,
	    .opts = { { TC_SOCKOPT_SNDBUF, 8192 }, { TC_SOCKOPT_MAXSEG, 600 },
	    { TC_SOCKOPT_NODELAY, 1 } } };
	const struct tc_segment *s;

	session_open();
	act_ok(&a);
	s = next_seg(40005, 2000, NULL);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->flags, TC_TH_SYN);
	ck_assert_uint_eq(s->sport, 5000);
	ck_assert_uint_eq(mss_of(s), 600);
	session_close();
}
END_TEST

/*
 * Keep-alive set with SETOPT on an established connection: after 1 s idle
 * a probe at SND.NXT - 1 with no data (RFC 9293 3.8.4, RFC 1122
 * 4.2.3.6), another 1 s later, and after 2 unanswered probes a RST.
 */
START_TEST(test_setopt_keepalive)
{
	struct tc_action ka = { .kind = TC_ACT_SETOPT, .sock = "c",
	    .nopts = 4, .opts = { { TC_SOCKOPT_KEEPALIVE, 1 },
	    { TC_SOCKOPT_KEEPIDLE, 1 }, { TC_SOCKOPT_KEEPINTVL, 1 },
	    { TC_SOCKOPT_KEEPCNT, 2 } } };
	struct tc_action lis = { .kind = TC_ACT_LISTEN, .as = "srv",
	    .port = LPORT, .backlog = 4 };
	struct tc_action acc = { .kind = TC_ACT_ACCEPT, .sock = "srv",
	    .as = "c" };
	const struct tc_segment *s;
	struct timespec t0, t1, t2, t3;
	struct tc_diag d;
	uint32_t peer;
	int i;

	session_open();
	act_ok(&lis);
	peer = synack(40006, LPORT)->seq;
	send_tcp(40006, LPORT, 1001, peer + 1, TC_TH_ACK);
	for (i = 0; i < 20 && act(&acc, &d) == TC_ERR_AGAIN; i++)
		usleep(10000);
	ck_assert_msg(d.msg[0] == '\0', "accept: %s", d.msg);
	act_ok(&ka);
	clock_gettime(CLOCK_REALTIME, &t0);
	s = next_seg(40006, 3000, &t1);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->flags, TC_TH_ACK);
	ck_assert_uint_eq(s->seq, peer);
	ck_assert_uint_eq(s->ack, 1001);
	ck_assert_uint_le(s->payload_len, 1);
	ck_assert_msg(ms_since(&t0, &t1) >= 800 && ms_since(&t0, &t1) <= 2500,
	    "first probe after %ld ms", ms_since(&t0, &t1));
	s = next_seg(40006, 3000, &t2);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->seq, peer);
	ck_assert_msg(ms_since(&t1, &t2) >= 800 && ms_since(&t1, &t2) <= 2500,
	    "second probe %ld ms after the first", ms_since(&t1, &t2));
	s = next_seg(40006, 3000, &t3);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->flags & TC_TH_RST, TC_TH_RST);
	ck_assert_uint_eq(s->seq, peer + 1);
	session_close();
}
END_TEST

START_TEST(test_setopt_errors)
{
	struct tc_action a = { .kind = TC_ACT_SETOPT, .sock = "nope",
	    .nopts = 1, .opts = { { TC_SOCKOPT_NODELAY, 1 } } };
	struct tc_action bad = { .kind = TC_ACT_LISTEN, .as = "srv",
	    .port = LPORT, .backlog = 4, .nopts = 2,
	    .opts = { { TC_SOCKOPT_NODELAY, 1 }, { TC_SOCKOPT_MAXSEG, 1 } } };
	struct tc_diag d;

	session_open();
	ck_assert_int_eq(act(&a, &d), TC_ERR_NOTFOUND);
	ck_assert_str_eq(d.msg, "setsockopt: no target socket named 'nope'");
	ck_assert_int_eq(act(&bad, &d), TC_ERR_SYS);
	ck_assert_str_eq(d.msg, "setsockopt TCP_MAXSEG 1 on srv: Invalid "
	    "argument");
	/* Nothing was kept: the name and the port are still free. */
	bad.nopts = 1;
	act_ok(&bad);
	a.sock = "srv";
	act_ok(&a);
	a.opts[0].kind = TC_SOCKOPT_COUNT;
	ck_assert_int_eq(act(&a, &d), TC_ERR_UNSUPPORTED);
	ck_assert_str_eq(d.msg, "setsockopt on srv: unknown option 8");
	a.nopts = TC_ACTION_OPTS_MAX + 1;
	ck_assert_int_eq(act(&a, &d), TC_ERR_LIMIT);
	a.nopts = 0;
	act_ok(&a);
	session_close();
}
END_TEST

static Suite *
target_sockopt_suite(void)
{
	Suite *s = suite_create("target_sockopt");
	TCase *tc;

	tc = tcase_create("sockopt");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_listen_maxseg);
	tcase_add_test(tc, test_listen_rcvbuf);
	tcase_add_test(tc, test_connect_maxseg);
	tcase_add_test(tc, test_setopt_keepalive);
	tcase_add_test(tc, test_setopt_errors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(target_sockopt_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

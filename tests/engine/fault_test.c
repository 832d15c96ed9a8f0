/*
 * fault_test.c - the fault namespace of the netns target: a bridge between
 * tester and target that stays transparent, and nftables rules on it that
 * drop and rewrite the target's segments (with checksums still valid).
 * lib/craft sends, lib/capture and lib/segment read the answers.  Needs
 * root.
 */
#include <check.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "craft.h"
#include "netns.h"
#include "segment.h"
#include "target.h"

#define QMAX	32
#define LPORT	80

/* A rule set in the bridge family; %s is the forward chain's body. */
#define RULES(body) \
	"table bridge fault {\n" \
	"\tchain forward {\n" \
	"\t\ttype filter hook forward priority 0; policy accept;\n" \
	"\t\t" body "\n" \
	"\t}\n" \
	"}\n"
#define FROM_TARGET	"ip saddr 198.18.0.2 "
#define IS_SYNACK	"tcp flags & (syn | ack) == syn | ack "

/* Frames from the target, decoded, in arrival order. */
struct queue {
	size_t		n;
	uint8_t		frame[QMAX][2048];
	struct tc_segment seg[QMAX];
};

static struct tc_target *tgt;
static struct tc_session *ses;
static struct tc_link lnk;
static struct tc_craft *cr;
static struct tc_capture *cap;
static struct queue q;

static enum tc_err
try_open(const char *rules, struct tc_diag *d)
{
	const struct tc_session_conf conf = { .fault_rules = rules };

	tc_diag_init(d);
	ck_assert_int_eq(tc_target_netns_new(&tgt, d), TC_OK);
	return tc_target_session_open(tgt, &conf, &ses, &lnk, d);
}

static void
session_open(const char *rules)
{
	struct tc_diag d;
	int saved;

	ck_assert_msg(try_open(rules, &d) == TC_OK, "session_open: %s",
	    d.msg);
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

/* A SYN from the tester, with <mss 1460>. */
static void
send_syn(uint16_t sport, uint32_t seq)
{
	static const uint8_t mss[4] = { 2, 4, 0x05, 0xb4 };
	struct tc_tcp_spec t = {
		.sport = sport, .dport = LPORT, .seq = seq,
		.flags = TC_TH_SYN, .win = 65535, .csum_mode = TC_CSUM_CORRECT,
		.opts = mss, .opts_len = sizeof(mss),
	};
	struct tc_ip_spec ip = {
		.src = lnk.local_addr, .dst = lnk.target_addr, .ttl = 64,
		.df = true,
	};
	uint8_t buf[64];
	size_t len;
	struct tc_diag d;

	tc_diag_init(&d);
	ck_assert_int_eq(tc_craft_tcp_encode(&t, &ip.src, &ip.dst, buf,
	    sizeof(buf), &len), TC_OK);
	ck_assert_msg(tc_craft_send_ipv4(cr, &ip, buf, len, NULL, 0, NULL,
	    &d) == TC_OK, "send: %s", d.msg);
}

/* Every frame must decode, and carry valid IP and TCP checksums. */
static void
queue_cb(void *arg, const struct timespec *ts, const uint8_t *frame,
    size_t caplen, size_t wirelen)
{
	size_t i = q.n;

	(void)arg;
	(void)ts;
	(void)wirelen;
	ck_assert_uint_lt(q.n, QMAX);
	ck_assert_uint_le(caplen, sizeof(q.frame[0]));
	memcpy(q.frame[i], frame, caplen);
	ck_assert_int_eq(tc_segment_decode(q.frame[i], caplen,
	    TC_LINK_ETHERNET, &q.seg[i]), TC_DEC_OK);
	ck_assert_int_eq(q.seg[i].kind, TC_SEG_TCP);
	ck_assert(q.seg[i].ip_csum_ok);
	ck_assert_msg(q.seg[i].csum_ok, "TCP checksum 0x%04x is wrong",
	    q.seg[i].csum);
	q.n++;
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The next segment from the target to tester port dport, or NULL. */
static const struct tc_segment *
next_seg(uint16_t dport, int timeout_ms)
{
	struct pollfd p = { .fd = tc_capture_fd(cap), .events = POLLIN };
	long end = now_ms() + timeout_ms;
	struct tc_diag d;
	size_t i;

	for (;;) {
		for (i = 0; i < q.n; i++) {
			if (q.seg[i].dport != dport)
				continue;
			q.seg[i].dport = 0;	/* consumed */
			return &q.seg[i];
		}
		if (now_ms() >= end)
			return NULL;
		poll(&p, 1, (int)(end - now_ms()));
		tc_diag_init(&d);
		ck_assert_int_eq(tc_capture_dispatch(cap, queue_cb, NULL,
		    NULL, &d), TC_OK);
	}
}

static void
listen_on(uint16_t port)
{
	struct tc_action a = { .kind = TC_ACT_LISTEN, .as = "srv",
	    .port = port, .backlog = 4 };
	struct tc_action_result res;
	struct tc_diag d;

	tc_diag_init(&d);
	ck_assert_msg(tc_target_act(tgt, ses, &a, &res, &d) == TC_OK,
	    "listen: %s", d.msg);
}

static enum tc_fsm_state
state_of(uint16_t pport)
{
	struct tc_tuple t = {
		.target_addr = lnk.target_addr, .target_port = LPORT,
		.peer_addr = lnk.local_addr, .peer_port = pport,
	};
	enum tc_fsm_state st = TC_FSM_STATE_COUNT;
	struct tc_diag d;
	bool l;
	int i;

	for (i = 0; i < 50; i++) {
		tc_diag_init(&d);
		ck_assert_int_eq(tc_target_state(tgt, ses, &t, &st, &l, &d),
		    TC_OK);
		if (st != TC_FSM_CLOSED)
			break;
		usleep(10000);
	}
	return st;
}

static uint16_t
mss_of(const struct tc_segment *s)
{
	const struct tc_opt *o = tc_options_find(&s->opts, TC_OPT_MSS);

	ck_assert_ptr_nonnull(o);
	return o->u.mss;
}

/*
 * Rules that match nothing of ours: the handshake runs through the bridge
 * at once (no frame lost to a port still coming up), and the bridge is
 * invisible: MACs and addresses are the target's and the tester's.
 */
START_TEST(test_transparent_handshake)
{
	const struct tc_segment *s;
	static const uint8_t zero[6];

	session_open(RULES("ip saddr 198.19.0.9 drop"));
	ck_assert_str_eq(lnk.ifname, "tcpc-a");
	ck_assert_mem_ne(lnk.peer_mac, zero, 6);
	listen_on(LPORT);
	send_syn(40001, 1000);
	s = next_seg(40001, 2000);
	ck_assert_msg(s != NULL, "no SYN-ACK through the bridge");
	ck_assert_uint_eq(s->flags, TC_TH_SYN | TC_TH_ACK);
	ck_assert_uint_eq(s->ack, 1001);
	ck_assert_mem_eq(s->eth_src, lnk.peer_mac, 6);
	ck_assert_mem_eq(s->eth_dst, lnk.local_mac, 6);
	ck_assert(tc_addr_equal(&s->src, &lnk.target_addr));
	ck_assert(tc_addr_equal(&s->dst, &lnk.local_addr));
	ck_assert_uint_eq(mss_of(s), 1460);
	ck_assert_int_eq(state_of(40001), TC_FSM_SYN_RECEIVED);
	session_close();
}
END_TEST

/* The target sends its SYN-ACK (SYN-RECEIVED), the tester never sees it. */
START_TEST(test_drop_synack)
{
	session_open(RULES(FROM_TARGET IS_SYNACK "drop"));
	listen_on(LPORT);
	send_syn(40002, 2000);
	ck_assert_int_eq(state_of(40002), TC_FSM_SYN_RECEIVED);
	ck_assert_ptr_null(next_seg(40002, 500));
	session_close();
}
END_TEST

/*
 * Payload statements rewrite the target's SYN-ACK on the wire: sequence
 * number, window, MSS option, acknowledgment (a bitwise xor, nft has no
 * addition) -- and the checksum is fixed up each time (queue_cb checks).
 */
START_TEST(test_rewrite_synack)
{
	const struct tc_segment *s;

	session_open(RULES(FROM_TARGET IS_SYNACK "tcp sequence set 12345 "
	    "tcp window set 1234 tcp option maxseg size set 536 "
	    "tcp ackseq set tcp ackseq ^ 3"));
	listen_on(LPORT);
	send_syn(40003, 3000);
	s = next_seg(40003, 2000);
	ck_assert_msg(s != NULL, "no SYN-ACK");
	ck_assert_uint_eq(s->flags, TC_TH_SYN | TC_TH_ACK);
	ck_assert_uint_eq(s->seq, 12345);
	ck_assert_uint_eq(s->win, 1234);
	ck_assert_uint_eq(mss_of(s), 536);
	ck_assert_uint_eq(s->ack, 3001 ^ 3);
	session_close();
}
END_TEST

/* nft's own words reach the diag, whether nft or the kernel refuses. */
START_TEST(test_bad_rules)
{
	static const struct {
		const char	*rules;
		const char	*words;
	} bad[] = {
		{ RULES("tcp flags bogus"), "Error: " },
		{ "table bridge fault { chain fwd { } }", "syntax error" },
		{ RULES("tcp option window count set 0"),
		    "Could not process rule" },
		{ "", NULL },
	};
	struct tc_diag d;
	size_t i;

	for (i = 0; bad[i].words != NULL; i++) {
		ck_assert_int_eq(try_open(bad[i].rules, &d), TC_ERR_INVAL);
		ck_assert_ptr_null(ses);
		ck_assert_msg(strncmp(d.msg, "fault rules: ", 13) == 0 &&
		    strstr(d.msg, bad[i].words) != NULL, "diag: %s", d.msg);
		tc_target_free(tgt);
		tgt = NULL;
	}
}
END_TEST

static void
command_output(const char *cmd, char *out, size_t outcap)
{
	size_t used = 0;
	FILE *p;

	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	out[0] = '\0';
	while (used + 1 < outcap && fgets(out + used, (int)(outcap - used), p))
		used = strlen(out);
	pclose(p);
}

/* How many of the "net:[N]" lines in `list` any process or mount holds. */
static int
held_count(const char *list)
{
	char copy[512], cmd[512], out[1024], *ns, *save;
	int held = 0;

	snprintf(copy, sizeof(copy), "%s", list);
	for (ns = strtok_r(copy, "\n", &save); ns != NULL;
	    ns = strtok_r(NULL, "\n", &save)) {
		snprintf(cmd, sizeof(cmd), "{ ls -l /proc/[0-9]*/fd "
		    "/proc/[0-9]*/task/*/ns; stat -L -c 'net:[%%i]' "
		    "/run/netns/*; } 2>/dev/null | grep -F '%s'; grep -F '%s' "
		    "/proc/self/mountinfo", ns, ns);
		command_output(cmd, out, sizeof(out));
		held += out[0] != '\0';
	}
	return held;
}

/* The three namespaces are held by fds only: SIGKILL leaves nothing. */
START_TEST(test_nothing_left_after_kill)
{
	char before[4096], after[4096], cmd[128], nss[512], c;
	const char *links = "ip -o link show | cut -d: -f2";
	struct tc_diag d;
	int pfd[2], st;
	pid_t pid;

	command_output(links, before, sizeof(before));
	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (try_open(RULES("counter"), &d) != TC_OK ||
		    write(pfd[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	ck_assert_int_eq(read(pfd[0], &c, 1), 1);
	snprintf(cmd, sizeof(cmd), "ls -l /proc/%d/fd | grep -o "
	    "'net:\\[[0-9]*\\]' | sort -u", (int)pid);
	command_output(cmd, nss, sizeof(nss));
	ck_assert_int_eq(held_count(nss), 3);
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFSIGNALED(st));
	ck_assert_msg(held_count(nss) == 0, "still held: %s", nss);
	command_output(links, after, sizeof(after));
	ck_assert_str_eq(before, after);
}
END_TEST

static Suite *
fault_suite(void)
{
	Suite *s = suite_create("fault");
	TCase *tc;

	tc = tcase_create("fault");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_transparent_handshake);
	tcase_add_test(tc, test_drop_synack);
	tcase_add_test(tc, test_rewrite_synack);
	tcase_add_test(tc, test_bad_rules);
	tcase_add_test(tc, test_nothing_left_after_kill);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(fault_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

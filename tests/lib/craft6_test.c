/* craft6_test.c - IPv6 injection: headers, checksums, the kernel's answer. */
#include <check.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "checksum.h"
#include "craft.h"
#include "lib/vethpair.h"

#define MAXFRAMES	8
#define MAXFRAME	512
#define ETH_LEN		14
#define IP6_LEN		40
#define TESTER_IP6	"2001:2::1"	/* RFC 5180 benchmarking range */
#define TARGET_IP6	"2001:2::2"

/* Frames collected by a capture callback. */
struct frames {
	size_t		n;
	uint8_t		data[MAXFRAMES][MAXFRAME];
	size_t		caplen[MAXFRAMES];
};

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static void
collect_cb(void *arg, const struct timespec *ts, const uint8_t *frame,
    size_t caplen, size_t wirelen)
{
	struct frames *f = arg;

	(void)ts;
	(void)wirelen;
	if (caplen > MAXFRAME)
		ck_abort_msg("frame of %zu bytes", caplen);
	if (f->n == MAXFRAMES)
		return;
	memcpy(f->data[f->n], frame, caplen);
	f->caplen[f->n] = caplen;
	f->n++;
}

/* Polls the capture until `want` frames arrived or timeout_ms passed. */
static size_t
wait_frames(struct tc_capture *cap, struct frames *f, size_t want,
    long timeout_ms)
{
	struct pollfd pfd = { .fd = tc_capture_fd(cap), .events = POLLIN };
	struct timespec t0, now;
	struct tc_diag d;
	long left = timeout_ms;

	tc_diag_init(&d);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (f->n < want && left > 0) {
		poll(&pfd, 1, (int)left);
		ck_assert_int_eq(tc_capture_dispatch(cap, collect_cb, f, NULL,
		    &d), TC_OK);
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = timeout_ms - ((now.tv_sec - t0.tv_sec) * 1000 +
		    (now.tv_nsec - t0.tv_nsec) / 1000000);
	}
	return f->n;
}

static const char *
diag_text(const struct tc_diag *d)
{
	static char msg[320];

	tc_diag_format(d, msg, sizeof(msg));
	return msg;
}

static void
ip6_spec(struct tc_ip_spec *ip)
{
	memset(ip, 0, sizeof(*ip));
	ck_assert(tc_addr_parse(&ip->src, TESTER_IP6));
	ck_assert(tc_addr_parse(&ip->dst, TARGET_IP6));
	ip->ttl = 33;
	ip->tos = 0xb9;		/* DSCP EF (46) and ECT(1): both halves */
	ip->id = 0x1234;	/* not used on IPv6 */
	ip->df = true;
}

static void
syn_spec(struct tc_tcp_spec *s, enum tc_csum_mode mode)
{
	memset(s, 0, sizeof(*s));
	s->sport = 40000;
	s->dport = 8080;
	s->seq = 0xfffffff0;	/* ack = ISN + 1 must wrap correctly too */
	s->flags = 0x02;
	s->win = 65535;
	s->csum_mode = mode;
}

/* Encodes spec and sends it with send_fn; the frame goes to out. */
static enum tc_err
send_with(enum tc_err (*send_fn)(struct tc_craft *,
    const struct tc_ip_spec *, const uint8_t *, size_t, uint8_t *, size_t,
    size_t *, struct tc_diag *), struct tc_craft *c,
    const struct tc_ip_spec *ip, const struct tc_tcp_spec *s, uint8_t *out,
    size_t *out_len, struct tc_diag *d)
{
	uint8_t tcp[256];
	size_t len;

	tc_diag_init(d);
	ck_assert_int_eq(tc_craft_tcp_encode(s, &ip->src, &ip->dst, tcp,
	    sizeof(tcp), &len), TC_OK);
	return send_fn(c, ip, tcp, len, out, MAXFRAME, out_len, d);
}

static void
open_pair(struct tc_test_veth *v, const char *filter, struct tc_craft **c,
    struct tc_capture **cap)
{
	struct tc_diag d;

	ck_assert_msg(tc_test_vethpair(v) == 0, "veth pair (root, ip, "
	    "ethtool needed)");
	tc_diag_init(&d);
	if (tc_craft_new(v->a, v->mac_a, v->mac_b, c, &d) != 0)
		ck_abort_msg("craft: %s", diag_text(&d));
	if (tc_capture_open(v->b, filter, cap, &d) != 0)
		ck_abort_msg("capture: %s", diag_text(&d));
}

/* The IPv6 header as RFC 8200 3 lays it out, from the spec. */
static void
check_ipv6(const uint8_t *f, const struct tc_ip_spec *ip, size_t tcp_len)
{
	ck_assert_uint_eq(get16(f + 12), 0x86dd);
	ck_assert_uint_eq(get32(f + ETH_LEN), 6u << 28 |
	    (uint32_t)ip->tos << 20);
	ck_assert_uint_eq(get16(f + ETH_LEN + 4), tcp_len);
	ck_assert_uint_eq(f[ETH_LEN + 6], IPPROTO_TCP);
	ck_assert_uint_eq(f[ETH_LEN + 7], ip->ttl);
	ck_assert_mem_eq(f + ETH_LEN + 8, ip->src.bytes, 16);
	ck_assert_mem_eq(f + ETH_LEN + 24, ip->dst.bytes, 16);
}

/*
 * A SYN leaves end A as built (traffic class, hop limit, payload length,
 * next header) and arrives at end B byte for byte, with a TCP checksum
 * that verifies over the IPv6 pseudo-header.
 */
START_TEST(test_inject_v6)
{
	static const uint8_t mss[4] = { 2, 4, 0x04, 0xc4 };
	static struct frames fb;
	struct tc_test_veth v;
	struct tc_craft *c = NULL;
	struct tc_capture *cb = NULL;
	struct tc_tcp_spec s;
	struct tc_ip_spec ip;
	struct tc_diag d;
	uint8_t sent[MAXFRAME];
	size_t sent_len = 0, tcp_len;

	open_pair(&v, "ip6 and tcp", &c, &cb);
	ip6_spec(&ip);
	syn_spec(&s, TC_CSUM_CORRECT);
	s.opts = mss;
	s.opts_len = sizeof(mss);
	ck_assert_msg(send_with(tc_craft_send_ipv6, c, &ip, &s, sent,
	    &sent_len, &d) == TC_OK, "send: %s", diag_text(&d));
	tcp_len = sent_len - ETH_LEN - IP6_LEN;
	ck_assert_uint_eq(tcp_len, 24);
	check_ipv6(sent, &ip, tcp_len);
	ck_assert_mem_eq(sent, v.mac_b, 6);
	ck_assert_mem_eq(sent + 6, v.mac_a, 6);
	ck_assert_uint_eq(tc_checksum_tcp(&ip.src, &ip.dst,
	    sent + ETH_LEN + IP6_LEN, tcp_len), 0);
	ck_assert_uint_eq(wait_frames(cb, &fb, 1, 2000), 1);
	ck_assert_uint_eq(fb.caplen[0], sent_len);
	ck_assert_mem_eq(fb.data[0], sent, sent_len);
	tc_capture_free(cb);
	tc_craft_free(c);
}
END_TEST

/* tc_craft_send_ip follows the family; the others insist on theirs. */
START_TEST(test_dispatch)
{
	static const uint8_t opt[4] = { 0x94, 4, 0, 0 };
	static struct frames fb;
	struct tc_test_veth v;
	struct tc_craft *c = NULL;
	struct tc_capture *cb = NULL;
	struct tc_tcp_spec s;
	struct tc_ip_spec ip6, ip4;
	struct tc_diag d;
	uint8_t sent[MAXFRAME];
	size_t len = 0;

	open_pair(&v, "tcp", &c, &cb);
	ip6_spec(&ip6);
	memset(&ip4, 0, sizeof(ip4));
	tc_addr_ipv4(&ip4.src, 198, 18, 0, 1);
	tc_addr_ipv4(&ip4.dst, 198, 18, 0, 2);
	ip4.ttl = 64;
	syn_spec(&s, TC_CSUM_CORRECT);
	ck_assert_int_eq(send_with(tc_craft_send_ip, c, &ip6, &s, sent, &len,
	    &d), TC_OK);
	ck_assert_uint_eq(get16(sent + 12), 0x86dd);
	ck_assert_int_eq(send_with(tc_craft_send_ip, c, &ip4, &s, sent, &len,
	    &d), TC_OK);
	ck_assert_uint_eq(get16(sent + 12), 0x0800);
	ck_assert_int_eq(send_with(tc_craft_send_ipv4, c, &ip6, &s, sent,
	    &len, &d), TC_ERR_INVAL);
	ck_assert_int_eq(send_with(tc_craft_send_ipv6, c, &ip4, &s, sent,
	    &len, &d), TC_ERR_INVAL);
	ck_assert_ptr_nonnull(strstr(d.msg, "IPv6"));
	ip6.options = opt;
	ip6.options_len = sizeof(opt);
	ck_assert_int_eq(send_with(tc_craft_send_ip, c, &ip6, &s, sent, &len,
	    &d), TC_ERR_INVAL);
	ck_assert_ptr_nonnull(strstr(d.msg, "IPv4 options"));
	ck_assert_uint_eq(wait_frames(cb, &fb, 2, 2000), 2);
	tc_capture_free(cb);
	tc_craft_free(c);
}
END_TEST

/* A TCP socket listening on [TARGET_IP6]:port. */
static int
listen_on6(uint16_t port)
{
	struct sockaddr_in6 sin6;
	int fd;

	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = htons(port);
	inet_pton(AF_INET6, TARGET_IP6, &sin6.sin6_addr);
	fd = socket(AF_INET6, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)), 0);
	ck_assert_int_eq(listen(fd, 4), 0);
	return fd;
}

/* End B with the target's address (no DAD) and a static tester entry. */
static void
target_side(const struct tc_test_veth *v)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "ip -6 addr add %s/64 dev %s nodad",
	    TARGET_IP6, v->b);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(tc_test_veth_neigh(v->b, TESTER_IP6, v->mac_a), 0);
}

/*
 * The kernel behind end B ignores a SYN with a bad checksum and answers
 * the same SYN with a correct one: SYN-ACK, ack = ISN + 1, its checksum
 * valid over the IPv6 pseudo-header (offloads are off).
 */
START_TEST(test_kernel_round_trip_v6)
{
	static struct frames fa;
	struct tc_test_veth v;
	struct tc_craft *c = NULL;
	struct tc_capture *ca = NULL;
	struct tc_tcp_spec s;
	struct tc_ip_spec ip;
	struct tc_diag d;
	uint8_t sent[MAXFRAME];
	size_t sent_len, tcp_len;
	const uint8_t *f, *tcp;
	int lfd;

	ck_assert_msg(tc_test_vethpair(&v) == 0, "veth pair");
	tc_diag_init(&d);
	ck_assert_int_eq(tc_craft_new(v.a, v.mac_a, v.mac_b, &c, &d), TC_OK);
	ck_assert_int_eq(tc_capture_open(v.a, "tcp and src host " TARGET_IP6,
	    &ca, &d), TC_OK);
	target_side(&v);
	lfd = listen_on6(8080);
	ip6_spec(&ip);
	syn_spec(&s, TC_CSUM_BAD);
	ck_assert_int_eq(send_with(tc_craft_send_ip, c, &ip, &s, sent,
	    &sent_len, &d), TC_OK);
	ck_assert_uint_eq(wait_frames(ca, &fa, 1, 300), 0);
	syn_spec(&s, TC_CSUM_CORRECT);
	ck_assert_int_eq(send_with(tc_craft_send_ip, c, &ip, &s, sent,
	    &sent_len, &d), TC_OK);
	ck_assert_uint_ge(wait_frames(ca, &fa, 1, 3000), 1);
	f = fa.data[0];
	ck_assert_mem_eq(f, v.mac_a, 6);
	ck_assert_uint_eq(get16(f + 12), 0x86dd);
	ck_assert_uint_eq(f[ETH_LEN + 6], IPPROTO_TCP);
	tcp = f + ETH_LEN + IP6_LEN;
	tcp_len = fa.caplen[0] - ETH_LEN - IP6_LEN;
	ck_assert_uint_eq(get16(f + ETH_LEN + 4), tcp_len);
	ck_assert_uint_eq(get16(tcp), 8080);
	ck_assert_uint_eq(get16(tcp + 2), 40000);
	ck_assert_uint_eq(tcp[13], 0x12);
	ck_assert_uint_eq(get32(tcp + 8), 0xfffffff1);
	ck_assert_uint_eq(tc_checksum_tcp(&ip.dst, &ip.src, tcp, tcp_len), 0);
	close(lfd);
	tc_capture_free(ca);
	tc_craft_free(c);
}
END_TEST

/* A payload that does not fit in an IPv6 packet is refused, not cut. */
START_TEST(test_too_big_v6)
{
	static uint8_t tcp[65536];
	struct tc_test_veth v;
	struct tc_craft *c = NULL;
	struct tc_capture *cb = NULL;
	struct tc_ip_spec ip;
	struct tc_diag d;

	open_pair(&v, "tcp", &c, &cb);
	ip6_spec(&ip);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_craft_send_ipv6(c, &ip, tcp, sizeof(tcp), NULL, 0,
	    NULL, &d), TC_ERR_LIMIT);
	ck_assert_ptr_nonnull(strstr(d.msg, "does not fit in IPv6"));
	tc_capture_free(cb);
	tc_craft_free(c);
}
END_TEST

static Suite *
craft6_suite(void)
{
	Suite *s = suite_create("craft6");
	TCase *wire = tcase_create("wire");

	tcase_set_timeout(wire, 30);
	tcase_add_test(wire, test_inject_v6);
	tcase_add_test(wire, test_dispatch);
	tcase_add_test(wire, test_kernel_round_trip_v6);
	tcase_add_test(wire, test_too_big_v6);
	suite_add_tcase(s, wire);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(craft6_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

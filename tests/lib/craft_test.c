/* craft_test.c - TCP encoding, injection, capture and pcap files. */
#include <check.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <sched.h>
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
#include "pcapfile.h"
#include "lib/vethpair.h"

#define MAXFRAMES	16
#define MAXFRAME	512
#define ETH_LEN		14
#define IP_LEN		20
#define TESTER_IP	"198.18.0.1"
#define TARGET_IP	"198.18.0.2"

/* Frames collected by a capture callback. */
struct frames {
	size_t		n;
	uint8_t		data[MAXFRAMES][MAXFRAME];
	size_t		caplen[MAXFRAMES];
	size_t		wirelen[MAXFRAMES];
	struct timespec	ts[MAXFRAMES];
};

static struct tc_addr v4src, v4dst;

/* A segment with every field distinct; also sets v4src and v4dst. */
static void
base_spec(struct tc_tcp_spec *s)
{
	tc_addr_ipv4(&v4src, 198, 18, 0, 1);
	tc_addr_ipv4(&v4dst, 198, 18, 0, 2);
	memset(s, 0, sizeof(*s));
	s->sport = 0x1234;
	s->dport = 0x5678;
	s->seq = 0x01020304;
	s->ack = 0x05060708;
	s->flags = 0x12;
	s->win = 0xfaf0;
	s->urg = 0x0102;
	s->csum_mode = TC_CSUM_VALUE;
	s->csum_value = 0xbeef;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* --- tc_craft_tcp_encode ------------------------------------------- */

START_TEST(test_encode_layout)
{
	static const uint8_t golden[20] = {
		0x12, 0x34, 0x56, 0x78, 0x01, 0x02, 0x03, 0x04,
		0x05, 0x06, 0x07, 0x08, 0x50, 0x12, 0xfa, 0xf0,
		0xbe, 0xef, 0x01, 0x02
	};
	struct tc_tcp_spec s;
	uint8_t buf[64];
	size_t len = 0;

	base_spec(&s);
	memset(buf, 0xaa, sizeof(buf));
	ck_assert_int_eq(tc_craft_tcp_encode(&s, &v4src, &v4dst, buf,
	    sizeof(buf), &len), TC_OK);
	ck_assert_uint_eq(len, 20);
	ck_assert_mem_eq(buf, golden, 20);
	ck_assert_uint_eq(buf[20], 0xaa);
}
END_TEST

START_TEST(test_encode_reserved)
{
	struct tc_tcp_spec s;
	uint8_t buf[64];
	size_t len;

	base_spec(&s);
	s.reserved = 0x0b;
	ck_assert_int_eq(tc_craft_tcp_encode(&s, &v4src, &v4dst, buf,
	    sizeof(buf), &len), TC_OK);
	ck_assert_uint_eq(buf[12], 0x5b);
	ck_assert_uint_eq(buf[13], 0x12);
	/* Only the low 4 bits exist on the wire (craft.h). */
	s.reserved = 0xf1;
	ck_assert_int_eq(tc_craft_tcp_encode(&s, &v4src, &v4dst, buf,
	    sizeof(buf), &len), TC_OK);
	ck_assert_uint_eq(buf[12], 0x51);
}
END_TEST

START_TEST(test_encode_lying_doff)
{
	static const uint8_t mss[4] = { 2, 4, 0x05, 0xb4 };
	struct tc_tcp_spec s;
	uint8_t buf[64];
	size_t len;

	base_spec(&s);
	s.opts = mss;
	s.opts_len = sizeof(mss);
	s.doff = 3;
	ck_assert_int_eq(tc_craft_tcp_encode(&s, &v4src, &v4dst, buf,
	    sizeof(buf), &len), TC_OK);
	ck_assert_uint_eq(buf[12], 0x30);
	ck_assert_uint_eq(len, 24);
	ck_assert_mem_eq(buf + 20, mss, 4);
	s.opts_len = 0;
	s.doff = 15;
	ck_assert_int_eq(tc_craft_tcp_encode(&s, &v4src, &v4dst, buf,
	    sizeof(buf), &len), TC_OK);
	ck_assert_uint_eq(buf[12], 0xf0);
	ck_assert_uint_eq(len, 20);
	s.doff = 16;
	ck_assert_int_eq(tc_craft_tcp_encode(&s, &v4src, &v4dst, buf,
	    sizeof(buf), &len), TC_ERR_INVAL);
}
END_TEST

START_TEST(test_encode_padding)
{
	static const uint8_t opts[41] = { 2, 4, 0x05, 0xb4, 3, 3, 7 };
	static const struct { size_t in, padded; uint8_t b12; } cases[] = {
		{ 0, 0, 0x50 }, { 1, 4, 0x60 }, { 4, 4, 0x60 },
		{ 7, 8, 0x70 }, { 37, 40, 0xf0 }, { 40, 40, 0xf0 }
	};
	static const uint8_t data[3] = { 'a', 'b', 'c' };
	struct tc_tcp_spec s;
	uint8_t buf[128], zeros[4] = { 0 };
	size_t i, len;

	base_spec(&s);
	s.payload = data;
	s.payload_len = sizeof(data);
	s.opts = opts;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(buf, 0xaa, sizeof(buf));
		s.opts_len = cases[i].in;
		ck_assert_int_eq(tc_craft_tcp_encode(&s, &v4src, &v4dst, buf,
		    sizeof(buf), &len), TC_OK);
		ck_assert_uint_eq(buf[12], cases[i].b12);
		ck_assert_uint_eq(len, 20 + cases[i].padded + 3);
		ck_assert_mem_eq(buf + 20, opts, cases[i].in);
		ck_assert_mem_eq(buf + 20 + cases[i].in, zeros,
		    cases[i].padded - cases[i].in);
		ck_assert_mem_eq(buf + 20 + cases[i].padded, data, 3);
	}
	s.opts_len = 41;
	ck_assert_int_eq(tc_craft_tcp_encode(&s, &v4src, &v4dst, buf,
	    sizeof(buf), &len), TC_ERR_LIMIT);
}
END_TEST

START_TEST(test_encode_limits)
{
	static const uint8_t opts[3] = { 1, 1, 1 };
	static uint8_t big[65536];
	struct tc_tcp_spec s;
	struct tc_addr v6;
	uint8_t buf[64];
	size_t len;

	base_spec(&s);
	s.opts = opts;
	s.opts_len = 3;
	s.payload = big;
	s.payload_len = 5;
	/* 20 + 4 + 5 = 29 bytes: one short fails, exact fits. */
	ck_assert_int_eq(tc_craft_tcp_encode(&s, &v4src, &v4dst, buf, 28,
	    &len), TC_ERR_LIMIT);
	ck_assert_int_eq(tc_craft_tcp_encode(&s, &v4src, &v4dst, buf, 29,
	    &len), TC_OK);
	ck_assert_uint_eq(len, 29);
	s.payload_len = 65535 - 24 + 1;
	ck_assert_int_eq(tc_craft_tcp_encode(&s, &v4src, &v4dst, big,
	    sizeof(big), &len), TC_ERR_LIMIT);
	tc_addr_parse(&v6, "2001:db8::1");
	s.payload_len = 0;
	ck_assert_int_eq(tc_craft_tcp_encode(&s, &v4src, &v6, buf,
	    sizeof(buf), &len), TC_ERR_INVAL);
	ck_assert_int_eq(tc_craft_tcp_encode(&s, &v4src, &v4dst, NULL, 0,
	    &len), TC_ERR_LIMIT);
}
END_TEST

START_TEST(test_csum_modes)
{
	static const uint8_t opts[4] = { 2, 4, 0x05, 0xb4 };
	static const uint8_t data[5] = "hello";
	struct tc_tcp_spec s;
	struct tc_addr a6, b6;
	uint8_t buf[64];
	size_t len;
	uint16_t good;

	base_spec(&s);
	s.opts = opts;
	s.opts_len = 4;
	s.payload = data;
	s.payload_len = 5;	/* odd: the checksum pads with a zero byte */
	s.csum_mode = TC_CSUM_CORRECT;
	ck_assert_int_eq(tc_craft_tcp_encode(&s, &v4src, &v4dst, buf,
	    sizeof(buf), &len), TC_OK);
	ck_assert_uint_eq(tc_checksum_tcp(&v4src, &v4dst, buf, len), 0);
	good = get16(buf + 16);
	s.csum_mode = TC_CSUM_ZERO;
	tc_craft_tcp_encode(&s, &v4src, &v4dst, buf, sizeof(buf), &len);
	ck_assert_uint_eq(get16(buf + 16), 0);
	s.csum_mode = TC_CSUM_BAD;
	tc_craft_tcp_encode(&s, &v4src, &v4dst, buf, sizeof(buf), &len);
	ck_assert_uint_eq(get16(buf + 16), (uint16_t)~good);
	ck_assert_uint_ne(tc_checksum_tcp(&v4src, &v4dst, buf, len), 0);
	s.csum_mode = TC_CSUM_VALUE;
	s.csum_value = 0x0bad;
	tc_craft_tcp_encode(&s, &v4src, &v4dst, buf, sizeof(buf), &len);
	ck_assert_uint_eq(get16(buf + 16), 0x0bad);
	/* IPv6 uses its own pseudo-header (RFC 8200 8.1). */
	tc_addr_parse(&a6, "2001:db8::1");
	tc_addr_parse(&b6, "2001:db8::2");
	s.csum_mode = TC_CSUM_CORRECT;
	ck_assert_int_eq(tc_craft_tcp_encode(&s, &a6, &b6, buf,
	    sizeof(buf), &len), TC_OK);
	ck_assert_uint_eq(tc_checksum_tcp(&a6, &b6, buf, len), 0);
	ck_assert_uint_ne(tc_checksum_tcp(&v4src, &v4dst, buf, len), 0);
}
END_TEST

/*
 * Sweeping the urgent pointer over all 2^16 values walks the correct
 * checksum through every value it can take, including 0, whose bitwise
 * complement 0xffff would still verify.  BAD must fail every time.
 */
START_TEST(test_csum_bad_never_verifies)
{
	struct tc_tcp_spec s;
	uint8_t buf[32];
	size_t len;
	uint32_t u;
	uint16_t bad;
	int saw_zero = 0;

	base_spec(&s);
	for (u = 0; u <= 0xffff; u++) {
		s.urg = (uint16_t)u;
		s.csum_mode = TC_CSUM_CORRECT;
		tc_craft_tcp_encode(&s, &v4src, &v4dst, buf, sizeof(buf), &len);
		if (get16(buf + 16) == 0)
			saw_zero = 1;
		s.csum_mode = TC_CSUM_BAD;
		tc_craft_tcp_encode(&s, &v4src, &v4dst, buf, sizeof(buf), &len);
		bad = get16(buf + 16);
		/* Plain ifs: 2^17 Check asserts would be slow under valgrind. */
		if (bad == 0 || tc_checksum_tcp(&v4src, &v4dst, buf, len) == 0)
			ck_abort_msg("urg %u: bad checksum 0x%04x verifies or "
			    "is zero", (unsigned)u, bad);
	}
	ck_assert_int_eq(saw_zero, 1);
}
END_TEST

/* --- injection and capture over a veth pair ------------------------ */

static void
collect_cb(void *arg, const struct timespec *ts, const uint8_t *frame,
    size_t caplen, size_t wirelen)
{
	struct frames *f = arg;

	if (caplen > MAXFRAME)
		ck_abort_msg("frame of %zu bytes", caplen);
	if (f->n == MAXFRAMES)
		return;	/* unfiltered noise beyond what a test needs */
	memcpy(f->data[f->n], frame, caplen);
	f->caplen[f->n] = caplen;
	f->wirelen[f->n] = wirelen;
	f->ts[f->n] = *ts;
	f->n++;
}

static long
elapsed_ms(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 +
	    (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Polls the capture until `want` frames arrived or timeout_ms passed. */
static size_t
wait_frames(struct tc_capture *cap, struct frames *f, size_t want,
    long timeout_ms)
{
	struct pollfd pfd = { .fd = tc_capture_fd(cap), .events = POLLIN };
	struct timespec t0;
	struct tc_diag d;
	long left;

	tc_diag_init(&d);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (f->n < want && (left = timeout_ms - elapsed_ms(&t0)) > 0) {
		poll(&pfd, 1, (int)left);
		ck_assert_int_eq(tc_capture_dispatch(cap, collect_cb, f, NULL,
		    &d), TC_OK);
	}
	return f->n;
}

static void
ip_spec(struct tc_ip_spec *ip)
{
	memset(ip, 0, sizeof(*ip));
	tc_addr_parse(&ip->src, TESTER_IP);
	tc_addr_parse(&ip->dst, TARGET_IP);
	ip->ttl = 64;
	ip->tos = 0x10;
	ip->id = 0x1234;
	ip->df = true;
}

/* The diagnostic as text, for assertion messages (one at a time). */
static const char *
diag_text(const struct tc_diag *d)
{
	static char msg[320];

	tc_diag_format(d, msg, sizeof(msg));
	return msg;
}

/* Encodes spec and sends it; the frame sent goes to out/out_len. */
static void
send_seg(struct tc_craft *c, const struct tc_ip_spec *ip,
    const struct tc_tcp_spec *s, uint8_t *out, size_t *out_len)
{
	uint8_t tcp[256];
	size_t len;
	struct tc_diag d;
	enum tc_err err;

	tc_diag_init(&d);
	ck_assert_int_eq(tc_craft_tcp_encode(s, &ip->src, &ip->dst, tcp,
	    sizeof(tcp), &len), TC_OK);
	err = tc_craft_send_ipv4(c, ip, tcp, len, out, MAXFRAME, out_len, &d);
	ck_assert_msg(err == TC_OK, "send: %s", diag_text(&d));
}

static void
open_pair(struct tc_test_veth *v, const char *filter, struct tc_craft **c,
    struct tc_capture **cap_a, struct tc_capture **cap_b)
{
	struct tc_diag d;

	ck_assert_msg(tc_test_vethpair(v) == 0, "veth pair (root, ip, "
	    "ethtool needed)");
	tc_diag_init(&d);
	if (c != NULL && tc_craft_new(v->a, v->mac_a, v->mac_b, c, &d) != 0)
		ck_abort_msg("craft: %s", diag_text(&d));
	if (cap_a != NULL && tc_capture_open(v->a, filter, cap_a, &d) != 0)
		ck_abort_msg("capture a: %s", diag_text(&d));
	if (cap_b != NULL && tc_capture_open(v->b, filter, cap_b, &d) != 0)
		ck_abort_msg("capture b: %s", diag_text(&d));
}

/* The IPv4 header libnet built: fields from the spec, valid checksum. */
static void
check_ipv4(const uint8_t *f, const struct tc_ip_spec *ip, size_t tcp_len)
{
	ck_assert_uint_eq(get16(f + 12), 0x0800);
	ck_assert_uint_eq(f[ETH_LEN], 0x45);
	ck_assert_uint_eq(f[ETH_LEN + 1], ip->tos);
	ck_assert_uint_eq(get16(f + ETH_LEN + 2), IP_LEN + tcp_len);
	ck_assert_uint_eq(get16(f + ETH_LEN + 4), ip->id);
	ck_assert_uint_eq(get16(f + ETH_LEN + 6), ip->df ? 0x4000 : 0);
	ck_assert_uint_eq(f[ETH_LEN + 8], ip->ttl);
	ck_assert_uint_eq(f[ETH_LEN + 9], IPPROTO_TCP);
	ck_assert_uint_eq(tc_checksum_fold(tc_checksum_add(0, f + ETH_LEN,
	    IP_LEN)), 0);
	ck_assert_mem_eq(f + ETH_LEN + 12, ip->src.bytes, 4);
	ck_assert_mem_eq(f + ETH_LEN + 16, ip->dst.bytes, 4);
}

/*
 * Four segments with odd fields leave end A and arrive at end B exactly
 * as libnet handed them to the kernel, and A's capture sees its own
 * outgoing frames too.
 */
START_TEST(test_inject_identical)
{
	static const uint8_t mss[4] = { 2, 4, 0x05, 0xb4 };
	static const uint8_t data[5] = "hello";
	struct tc_test_veth v;
	struct tc_craft *c = NULL;
	struct tc_capture *ca = NULL, *cb = NULL;
	struct tc_tcp_spec s[4];
	struct tc_ip_spec ip;
	static struct frames fa, fb;
	uint8_t sent[4][MAXFRAME];
	size_t sent_len[4], i;
	struct timespec now;

	open_pair(&v, "tcp", &c, &ca, &cb);
	ip_spec(&ip);
	for (i = 0; i < 4; i++) {
		base_spec(&s[i]);
		s[i].seq += (uint32_t)i;
	}
	s[0].flags = 0x02;
	s[0].opts = mss;
	s[0].opts_len = sizeof(mss);
	s[0].csum_mode = TC_CSUM_CORRECT;
	s[1].flags = 0x18;
	s[1].payload = data;
	s[1].payload_len = sizeof(data);
	s[1].csum_mode = TC_CSUM_BAD;
	s[2].reserved = 0x0f;
	s[2].doff = 15;
	s[2].csum_mode = TC_CSUM_ZERO;
	s[3].csum_value = 0xffff;
	for (i = 0; i < 4; i++)
		send_seg(c, &ip, &s[i], sent[i], &sent_len[i]);
	ck_assert_uint_eq(wait_frames(cb, &fb, 4, 2000), 4);
	ck_assert_uint_eq(wait_frames(ca, &fa, 4, 2000), 4);
	clock_gettime(CLOCK_REALTIME, &now);
	for (i = 0; i < 4; i++) {
		ck_assert_uint_eq(fb.caplen[i], sent_len[i]);
		ck_assert_uint_eq(fb.wirelen[i], sent_len[i]);
		ck_assert_mem_eq(fb.data[i], sent[i], sent_len[i]);
		ck_assert_uint_eq(fa.caplen[i], sent_len[i]);
		ck_assert_mem_eq(fa.data[i], sent[i], sent_len[i]);
		ck_assert_mem_eq(sent[i], v.mac_b, 6);
		ck_assert_mem_eq(sent[i] + 6, v.mac_a, 6);
		check_ipv4(sent[i], &ip, sent_len[i] - ETH_LEN - IP_LEN);
		/* Real time, in nanoseconds, not more than 5 s old. */
		ck_assert_int_lt(fb.ts[i].tv_nsec, 1000000000L);
		ck_assert_int_le(fb.ts[i].tv_sec, now.tv_sec);
		ck_assert_int_ge(fb.ts[i].tv_sec, now.tv_sec - 5);
	}
	ck_assert_uint_eq(sent_len[1], ETH_LEN + IP_LEN + 20 + 5);
	ck_assert_uint_ne(tc_checksum_tcp(&ip.src, &ip.dst,
	    fb.data[1] + ETH_LEN + IP_LEN, 25), 0);
	ck_assert_uint_eq(fb.data[2][ETH_LEN + IP_LEN + 12], 0xff);
	ck_assert_uint_eq(get16(fb.data[2] + ETH_LEN + IP_LEN + 16), 0);
	ck_assert_uint_eq(get16(fb.data[3] + ETH_LEN + IP_LEN + 16), 0xffff);
	ck_assert_uint_eq(tc_capture_drops(cb), 0);
	tc_capture_free(ca);
	tc_capture_free(cb);
	tc_craft_free(c);
}
END_TEST

/* A TCP socket in the target namespace, listening on TARGET_IP:port. */
static int
listen_on(uint16_t port)
{
	struct sockaddr_in sin;
	int fd;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	inet_pton(AF_INET, TARGET_IP, &sin.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(listen(fd, 4), 0);
	return fd;
}

/*
 * The kernel behind end B ignores a SYN with a bad checksum and answers
 * the same SYN with a correct one: SYN-ACK, ack = ISN + 1, checksum valid
 * (offloads are off, so the capture holds the real checksum).
 */
START_TEST(test_kernel_round_trip)
{
	struct tc_test_veth v;
	struct tc_craft *c = NULL;
	struct tc_capture *ca = NULL;
	struct tc_tcp_spec s;
	struct tc_ip_spec ip;
	static struct frames fa;
	uint8_t sent[MAXFRAME];
	size_t sent_len;
	const uint8_t *tcp;
	int lfd;

	open_pair(&v, "tcp and src host " TARGET_IP, &c, &ca, NULL);
	ck_assert_int_eq(tc_test_veth_addr(v.b, TARGET_IP "/24"), 0);
	ck_assert_int_eq(tc_test_veth_neigh(v.b, TESTER_IP, v.mac_a), 0);
	lfd = listen_on(8080);
	ip_spec(&ip);
	memset(&s, 0, sizeof(s));
	s.sport = 40000;
	s.dport = 8080;
	s.seq = 0xfffffff0;	/* ack = ISN + 1 must wrap correctly too */
	s.flags = 0x02;
	s.win = 65535;
	s.csum_mode = TC_CSUM_BAD;
	send_seg(c, &ip, &s, sent, &sent_len);
	ck_assert_uint_eq(wait_frames(ca, &fa, 1, 300), 0);
	s.csum_mode = TC_CSUM_CORRECT;
	send_seg(c, &ip, &s, sent, &sent_len);
	ck_assert_uint_ge(wait_frames(ca, &fa, 1, 3000), 1);
	ck_assert_mem_eq(fa.data[0], v.mac_a, 6);
	tcp = fa.data[0] + ETH_LEN + IP_LEN;
	ck_assert_uint_eq(get16(tcp), 8080);
	ck_assert_uint_eq(get16(tcp + 2), 40000);
	ck_assert_uint_eq(tcp[13], 0x12);
	ck_assert_uint_eq((uint32_t)get16(tcp + 8) << 16 | get16(tcp + 10),
	    0xfffffff1);
	ck_assert_uint_eq(tc_checksum_tcp(&ip.dst, &ip.src, tcp,
	    fa.caplen[0] - ETH_LEN - IP_LEN), 0);
	close(lfd);
	tc_capture_free(ca);
	tc_craft_free(c);
}
END_TEST

START_TEST(test_send_edges)
{
	struct tc_test_veth v;
	struct tc_craft *c = NULL;
	struct tc_capture *cb = NULL;
	struct tc_ip_spec ip;
	static struct frames fb;
	static uint8_t tcp[65536];
	uint8_t frame[32];
	size_t flen = 0, i;
	struct tc_diag d;

	open_pair(&v, NULL, &c, NULL, &cb);
	ip_spec(&ip);
	tc_diag_init(&d);
	/* A copy buffer too small fails before anything is sent. */
	ck_assert_int_eq(tc_craft_send_ipv4(c, &ip, tcp, 20, frame,
	    sizeof(frame), &flen, &d), TC_ERR_LIMIT);
	ck_assert_ptr_nonnull(strstr(d.msg, "exceeds"));
	tc_diag_init(&d);
	ck_assert_int_eq(tc_craft_send_ipv4(c, &ip, tcp, 65535 - 19, NULL, 0,
	    NULL, &d), TC_ERR_LIMIT);
	tc_diag_init(&d);
	tc_addr_parse(&ip.dst, "2001:db8::2");
	ck_assert_int_eq(tc_craft_send_ipv4(c, &ip, tcp, 20, NULL, 0, NULL,
	    &d), TC_ERR_INVAL);
	/*
	 * libnet's pblocks were cleared, so the next send is one clean
	 * frame; and both sockets stay in the namespace they were opened
	 * in, even after this process moved to a new one without tca.
	 */
	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	ip_spec(&ip);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_craft_send_ipv4(c, &ip, tcp, 20, NULL, 0, NULL,
	    &d), TC_OK);
	wait_frames(cb, &fb, 2, 500);
	ck_assert_uint_ge(fb.n, 1);
	for (i = 0; i < fb.n; i++)
		if (get16(fb.data[i] + 12) == 0x0800)
			ck_assert_uint_eq(fb.caplen[i], ETH_LEN + IP_LEN + 20);
	tc_capture_free(cb);
	tc_craft_free(c);
}
END_TEST

START_TEST(test_no_such_interface)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	struct tc_craft *c = (struct tc_craft *)1;
	struct tc_capture *cap = (struct tc_capture *)1;
	struct tc_diag d;

	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_craft_new("tcnope0", mac, mac, &c, &d),
	    TC_ERR_NOTFOUND);
	ck_assert_ptr_null(c);
	ck_assert_msg(strstr(d.msg, "'tcnope0' not found") != NULL, "%s",
	    d.msg);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_capture_open("tcnope0", "tcp", &cap, &d),
	    TC_ERR_NOTFOUND);
	ck_assert_ptr_null(cap);
	ck_assert_msg(strstr(d.msg, "tcnope0") != NULL, "%s", d.msg);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_craft_new("an-interface-name-too-long", mac, mac,
	    &c, &d), TC_ERR_INVAL);
	tc_craft_free(NULL);
	tc_capture_free(NULL);
}
END_TEST

START_TEST(test_bad_filter)
{
	struct tc_test_veth v;
	struct tc_capture *cap = (struct tc_capture *)1;
	struct tc_diag d;

	open_pair(&v, NULL, NULL, NULL, NULL);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_capture_open(v.a, "tcp and and", &cap, &d),
	    TC_ERR_INVAL);
	ck_assert_ptr_null(cap);
	ck_assert_msg(strstr(d.msg, "bad filter 'tcp and and'") != NULL,
	    "%s", d.msg);
	ck_assert_msg(strstr(d.msg, "syntax error") != NULL, "%s", d.msg);
}
END_TEST

/* --- pcap files ---------------------------------------------------- */

static size_t
dir_entries(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	ck_assert_ptr_nonnull(dp);
	/* Our files never start with a dot; "." and ".." do. */
	while ((de = readdir(dp)) != NULL)
		n += de->d_name[0] != '.';
	closedir(dp);
	return n;
}

static void
read_back(const char *path, const struct tc_pcap_frame *fr, size_t n)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *pc;
	size_t i;

	pc = pcap_open_offline_with_tstamp_precision(path,
	    PCAP_TSTAMP_PRECISION_NANO, errbuf);
	ck_assert_msg(pc != NULL, "%s", errbuf);
	ck_assert_int_eq(pcap_datalink(pc), DLT_EN10MB);
	ck_assert_int_eq(pcap_snapshot(pc), 65535);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(pcap_next_ex(pc, &h, &data), 1);
		ck_assert_int_eq(h->ts.tv_sec, fr[i].ts.tv_sec);
		ck_assert_int_eq(h->ts.tv_usec, fr[i].ts.tv_nsec);
		ck_assert_uint_eq(h->caplen, fr[i].len);
		ck_assert_uint_eq(h->len, fr[i].len);
		ck_assert_mem_eq(data, fr[i].data, fr[i].len);
	}
	ck_assert_int_eq(pcap_next_ex(pc, &h, &data), PCAP_ERROR_BREAK);
	pcap_close(pc);
}

START_TEST(test_pcapfile_roundtrip)
{
	static const uint8_t a[60] = { 0x02, 1, 2, 3, 4, 5, 0x02, 6 };
	static const uint8_t b[3] = { 0xde, 0xad, 0x01 };
	struct tc_pcap_frame fr[3] = {
		{ { 1700000000, 123456789 }, a, sizeof(a) },
		{ { 1700000000, 999999999 }, b, sizeof(b) },
		{ { 1700000001, 0 }, a, 14 },
	};
	char dir[] = "/tmp/tc-pcap-XXXXXX", path[64];
	struct tc_diag d;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.pcap", dir);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_pcapfile_write(path, fr, 3, &d), TC_OK);
	read_back(path, fr, 3);
	/* Rewriting replaces the file whole; no temporary stays behind. */
	ck_assert_int_eq(tc_pcapfile_write(path, fr + 1, 1, &d), TC_OK);
	read_back(path, fr + 1, 1);
	ck_assert_int_eq(tc_pcapfile_write(path, NULL, 0, &d), TC_OK);
	read_back(path, NULL, 0);
	ck_assert_uint_eq(dir_entries(dir), 1);
	/* A malformed frame fails, keeps the old file and cleans up. */
	fr[0].ts.tv_nsec = 1000000000L;
	ck_assert_int_eq(tc_pcapfile_write(path, fr, 3, &d), TC_ERR_INVAL);
	ck_assert_ptr_nonnull(strstr(d.msg, "frame 0"));
	ck_assert_uint_eq(dir_entries(dir), 1);
	read_back(path, NULL, 0);
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(test_pcapfile_bad_dir)
{
	static const uint8_t a[14] = { 0 };
	struct tc_pcap_frame fr = { { 1, 0 }, a, sizeof(a) };
	struct tc_diag d;

	tc_diag_init(&d);
	ck_assert_int_eq(tc_pcapfile_write("/nonexistent-tc/x.pcap", &fr, 1,
	    &d), TC_ERR_SYS);
	ck_assert_msg(strstr(d.msg, "/nonexistent-tc/x.pcap") != NULL, "%s",
	    d.msg);
	ck_assert_int_eq(d.sys_errno, ENOENT);
}
END_TEST

/* Captured frames go to a pcap file and come back identical. */
START_TEST(test_capture_to_pcapfile)
{
	struct tc_test_veth v;
	struct tc_craft *c = NULL;
	struct tc_capture *cb = NULL;
	struct tc_tcp_spec s;
	struct tc_ip_spec ip;
	static struct frames fb;
	struct tc_pcap_frame fr[3];
	uint8_t sent[MAXFRAME];
	size_t sent_len, i;
	char dir[] = "/tmp/tc-pcap-XXXXXX", path[64];
	struct tc_diag d;

	open_pair(&v, "tcp", &c, NULL, &cb);
	ip_spec(&ip);
	base_spec(&s);
	for (i = 0; i < 3; i++)
		send_seg(c, &ip, &s, sent, &sent_len);
	ck_assert_uint_eq(wait_frames(cb, &fb, 3, 2000), 3);
	for (i = 0; i < 3; i++) {
		fr[i].ts = fb.ts[i];
		fr[i].data = fb.data[i];
		fr[i].len = fb.caplen[i];
	}
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/cap.pcap", dir);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_pcapfile_write(path, fr, 3, &d), TC_OK);
	read_back(path, fr, 3);
	unlink(path);
	rmdir(dir);
	tc_capture_free(cb);
	tc_craft_free(c);
}
END_TEST

static Suite *
craft_suite(void)
{
	Suite *s = suite_create("craft");
	TCase *unit = tcase_create("encode");
	TCase *wire = tcase_create("wire");
	TCase *file = tcase_create("pcapfile");

	tcase_add_test(unit, test_encode_layout);
	tcase_add_test(unit, test_encode_reserved);
	tcase_add_test(unit, test_encode_lying_doff);
	tcase_add_test(unit, test_encode_padding);
	tcase_add_test(unit, test_encode_limits);
	tcase_add_test(unit, test_csum_modes);
	tcase_add_test(unit, test_csum_bad_never_verifies);
	tcase_set_timeout(unit, 30);
	tcase_set_timeout(wire, 30);
	tcase_add_test(wire, test_inject_identical);
	tcase_add_test(wire, test_kernel_round_trip);
	tcase_add_test(wire, test_send_edges);
	tcase_add_test(wire, test_no_such_interface);
	tcase_add_test(wire, test_bad_filter);
	tcase_add_test(wire, test_capture_to_pcapfile);
	tcase_add_test(file, test_pcapfile_roundtrip);
	tcase_add_test(file, test_pcapfile_bad_dir);
	suite_add_tcase(s, unit);
	suite_add_tcase(s, wire);
	suite_add_tcase(s, file);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(craft_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

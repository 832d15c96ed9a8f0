/*
 * icmp_test.c - ICMPv4 and IPv4 options: encoding, and the Linux kernel's
 * answers to them on a veth pair (PMTU discovery, soft errors, its own
 * ICMP, a SYN with options).
 */
#include <check.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
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
#include "segment.h"
#include "lib/vethpair.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define B(...)		((const uint8_t[]){ __VA_ARGS__ })
#define QMAX		64
#define FRAME_CAP	1600
#define ETH_LEN		14
#define TESTER_IP	"198.18.0.1"
#define TARGET_IP	"198.18.0.2"
#define LPORT		8080

/* Frames from the kernel on end B, decoded, in arrival order. */
struct queue {
	size_t		n, next;
	uint8_t		frame[QMAX][FRAME_CAP];
	size_t		caplen[QMAX];
	struct tc_segment seg[QMAX];
};

/* A TCP connection between the kernel (fd) and us (raw, on end A). */
struct conn {
	int		lfd, fd;
	uint16_t	sport;		/* ours */
	uint32_t	isn;		/* ours */
	uint32_t	peer;		/* the kernel's ISN */
};

static struct tc_test_veth v;
static struct tc_craft *cr;
static struct tc_capture *capt;
static struct queue q;

static void
ip_spec(struct tc_ip_spec *ip, bool to_target)
{
	memset(ip, 0, sizeof(*ip));
	tc_addr_parse(&ip->src, to_target ? TESTER_IP : TARGET_IP);
	tc_addr_parse(&ip->dst, to_target ? TARGET_IP : TESTER_IP);
	ip->ttl = 64;
	ip->id = 0x4242;
	ip->df = true;
}

/* --- encoding, no wire --------------------------------------------- */

START_TEST(test_ipv4_header)
{
	static const uint8_t golden[20] = {
		0x45, 0x00, 0x05, 0xdc, 0x42, 0x42, 0x40, 0x00,
		0x40, 0x06, 0x00, 0x00, 198, 18, 0, 2, 198, 18, 0, 1
	};
	static const uint8_t big[41];
	struct tc_ip_spec ip;
	uint8_t buf[64];
	size_t len;

	ip_spec(&ip, false);
	memset(buf, 0xaa, sizeof(buf));
	ck_assert_int_eq(tc_craft_ipv4_header(&ip, 6, 1480, buf, sizeof(buf),
	    &len), TC_OK);
	ck_assert_uint_eq(len, 20);
	ck_assert_mem_eq(buf, golden, 10);
	ck_assert_mem_eq(buf + 12, golden + 12, 8);
	ck_assert_uint_eq(tc_checksum_fold(tc_checksum_add(0, buf, 20)), 0);
	ck_assert_uint_eq(buf[20], 0xaa);
	/* Three option bytes: padded with EOL, IHL 6, length counts them. */
	ip.options = B(1, 1, 7);
	ip.options_len = 3;
	ip.df = false;
	ck_assert_int_eq(tc_craft_ipv4_header(&ip, 1, 8, buf, sizeof(buf),
	    &len), TC_OK);
	ck_assert_uint_eq(len, 24);
	ck_assert_mem_eq(buf, B(0x46, 0, 0, 32, 0x42, 0x42, 0, 0, 64, 1), 10);
	ck_assert_mem_eq(buf + 20, B(1, 1, 7, 0), 4);
	ck_assert_uint_eq(tc_checksum_fold(tc_checksum_add(0, buf, 24)), 0);
	ck_assert_int_eq(tc_craft_ipv4_header(&ip, 1, 8, buf, 23, &len),
	    TC_ERR_LIMIT);
	ck_assert_int_eq(tc_craft_ipv4_header(&ip, 1, 65535 - 23, buf,
	    sizeof(buf), &len), TC_ERR_LIMIT);
	ip.options = big;
	ip.options_len = 40;
	ck_assert_int_eq(tc_craft_ipv4_header(&ip, 1, 0, buf, sizeof(buf),
	    &len), TC_OK);
	ck_assert_uint_eq(buf[0], 0x4f);
	ip.options_len = 41;
	ck_assert_int_eq(tc_craft_ipv4_header(&ip, 1, 0, buf, sizeof(buf),
	    &len), TC_ERR_LIMIT);
	ip.options = NULL;
	ip.options_len = 4;
	ck_assert_int_eq(tc_craft_ipv4_header(&ip, 1, 0, buf, sizeof(buf),
	    &len), TC_ERR_INVAL);
	ip.options_len = 0;
	tc_addr_parse(&ip.dst, "2001:db8::1");
	ck_assert_int_eq(tc_craft_ipv4_header(&ip, 1, 0, buf, sizeof(buf),
	    &len), TC_ERR_INVAL);
}
END_TEST

START_TEST(test_icmp4_encode)
{
	static const uint8_t quote[5] = { 0x45, 1, 2, 3, 4 };
	static uint8_t huge[65536];
	uint8_t buf[32];
	size_t len;

	memset(buf, 0xaa, sizeof(buf));
	ck_assert_int_eq(tc_craft_icmp4_encode(3, 4, 1280, quote, 5, buf,
	    sizeof(buf), &len), TC_OK);
	ck_assert_uint_eq(len, 13);
	ck_assert_mem_eq(buf, B(3, 4), 2);
	ck_assert_mem_eq(buf + 4, B(0, 0, 0x05, 0x00, 0x45, 1, 2, 3, 4), 9);
	/* An odd length: the sum pads with a zero byte (RFC 1071). */
	ck_assert_uint_eq(tc_checksum_fold(tc_checksum_add(0, buf, 13)), 0);
	ck_assert_uint_eq(buf[13], 0xaa);
	ck_assert_int_eq(tc_craft_icmp4_encode(8, 0, 0x12340001, NULL, 0,
	    buf, 8, &len), TC_OK);
	ck_assert_uint_eq(len, 8);
	ck_assert_mem_eq(buf + 4, B(0x12, 0x34, 0, 1), 4);
	ck_assert_uint_eq(tc_checksum_fold(tc_checksum_add(0, buf, 8)), 0);
	ck_assert_int_eq(tc_craft_icmp4_encode(8, 0, 0, NULL, 0, buf, 7,
	    &len), TC_ERR_LIMIT);
	ck_assert_int_eq(tc_craft_icmp4_encode(8, 0, 0, NULL, 1, buf, 8,
	    &len), TC_ERR_INVAL);
	ck_assert_int_eq(tc_craft_icmp4_encode(3, 0, 0, huge, 65535 - 27,
	    huge, sizeof(huge), &len), TC_ERR_LIMIT);
}
END_TEST

/* --- on the wire --------------------------------------------------- */

static void
queue_cb(void *arg, const struct timespec *ts, const uint8_t *frame,
    size_t caplen, size_t wirelen)
{
	size_t i = q.n;

	(void)arg;
	(void)ts;
	(void)wirelen;
	if (i == QMAX)
		ck_abort_msg("more than %d frames", QMAX);
	ck_assert_uint_le(caplen, FRAME_CAP);
	memcpy(q.frame[i], frame, caplen);
	q.caplen[i] = caplen;
	tc_segment_decode(q.frame[i], caplen, TC_LINK_ETHERNET, &q.seg[i]);
	q.n++;
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The next frame from the kernel of `kind`, or -1 after timeout_ms. */
static int
next_frame(enum tc_seg_kind kind, int timeout_ms)
{
	struct pollfd p = { .fd = tc_capture_fd(capt), .events = POLLIN };
	long end = now_ms() + timeout_ms;
	struct tc_diag d;

	for (;;) {
		while (q.next < q.n)
			if (q.seg[q.next++].kind == kind)
				return (int)q.next - 1;
		if (now_ms() >= end)
			return -1;
		poll(&p, 1, (int)(end - now_ms()));
		tc_diag_init(&d);
		ck_assert_int_eq(tc_capture_dispatch(capt, queue_cb, NULL, NULL,
		    &d), TC_OK);
	}
}

static void
wire_open(void)
{
	struct tc_diag d;

	ck_assert_msg(tc_test_vethpair(&v) == 0, "veth pair (root, ip, "
	    "ethtool needed)");
	ck_assert_int_eq(tc_test_veth_addr(v.b, TARGET_IP "/24"), 0);
	ck_assert_int_eq(tc_test_veth_neigh(v.b, TESTER_IP, v.mac_a), 0);
	tc_diag_init(&d);
	ck_assert_msg(tc_craft_new(v.a, v.mac_a, v.mac_b, &cr, &d) == TC_OK,
	    "craft: %s", d.msg);
	ck_assert_msg(tc_capture_open(v.a, "src host " TARGET_IP, &capt, &d) ==
	    TC_OK, "capture: %s", d.msg);
	memset(&q, 0, sizeof(q));
}

static void
wire_close(void)
{
	tc_capture_free(capt);
	tc_craft_free(cr);
}

/* Sends a TCP segment to the kernel; a SYN carries <mss 1460>. */
static void
send_tcp(const struct tc_ip_spec *ip, const struct conn *k, uint32_t seq,
    uint32_t ack, uint8_t flags)
{
	static const uint8_t mss[4] = { 2, 4, 0x05, 0xb4 };
	struct tc_tcp_spec t = {
		.sport = k->sport, .dport = LPORT, .seq = seq, .ack = ack,
		.flags = flags, .win = 65535, .csum_mode = TC_CSUM_CORRECT,
	};
	uint8_t buf[64];
	size_t len;
	struct tc_diag d;

	if (flags & TC_TH_SYN) {
		t.opts = mss;
		t.opts_len = sizeof(mss);
	}
	tc_diag_init(&d);
	ck_assert_int_eq(tc_craft_tcp_encode(&t, &ip->src, &ip->dst, buf,
	    sizeof(buf), &len), TC_OK);
	ck_assert_msg(tc_craft_send_ipv4(cr, ip, buf, len, NULL, 0, NULL,
	    &d) == TC_OK, "send: %s", d.msg);
}

static int
listen_on(uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_port = htons(port) };
	int fd, one = 1;

	inet_pton(AF_INET, TARGET_IP, &sin.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(listen(fd, 4), 0);
	return fd;
}

/* Our SYN, its SYN-ACK, our ACK, then accept(): ESTABLISHED on both. */
static void
handshake(struct conn *k, uint16_t sport)
{
	struct tc_ip_spec ip;
	const struct tc_segment *s;
	int i;

	ip_spec(&ip, true);
	k->sport = sport;
	k->isn = 1000;
	k->lfd = listen_on(LPORT);
	send_tcp(&ip, k, k->isn, 0, TC_TH_SYN);
	ck_assert_int_ge(i = next_frame(TC_SEG_TCP, 2000), 0);
	s = &q.seg[i];
	ck_assert_uint_eq(s->flags, TC_TH_SYN | TC_TH_ACK);
	k->peer = s->seq;
	send_tcp(&ip, k, k->isn + 1, k->peer + 1, TC_TH_ACK);
	k->fd = accept(k->lfd, NULL, NULL);
	ck_assert_int_ge(k->fd, 0);
}

static void
conn_close(struct conn *k)
{
	close(k->fd);
	close(k->lfd);
}

/*
 * The datagram an ICMP error about one of the kernel's segments quotes,
 * built as the engine builds it: tc_craft_ipv4_header for the kernel's
 * IP header, then the first tcp_bytes of tc_craft_tcp_encode's header.
 */
static size_t
quote_of(const struct conn *k, uint32_t seq, size_t data_len,
    size_t tcp_bytes, uint8_t *buf)
{
	struct tc_tcp_spec t = {
		.sport = LPORT, .dport = k->sport, .seq = seq,
		.ack = k->isn + 1, .flags = TC_TH_ACK, .win = 502,
		.csum_mode = TC_CSUM_ZERO,
	};
	struct tc_ip_spec ip;
	uint8_t tcp[20];
	size_t hlen, tlen;

	ip_spec(&ip, false);
	ck_assert_int_eq(tc_craft_ipv4_header(&ip, IPPROTO_TCP,
	    20 + data_len, buf, 64, &hlen), TC_OK);
	ck_assert_int_eq(tc_craft_tcp_encode(&t, &ip.src, &ip.dst, tcp,
	    sizeof(tcp), &tlen), TC_OK);
	memcpy(buf + hlen, tcp, tcp_bytes);
	return hlen + tcp_bytes;
}

/* Sends an ICMP error to the kernel and checks the frame decodes back. */
static void
send_icmp(uint8_t type, uint8_t code, uint32_t rest, const uint8_t *quote,
    size_t qlen, const struct conn *k, uint32_t seq)
{
	struct tc_ip_spec ip;
	struct tc_segment s;
	uint8_t frame[256];
	size_t flen;
	struct tc_diag d;

	ip_spec(&ip, true);
	tc_diag_init(&d);
	ck_assert_msg(tc_craft_send_icmp4(cr, &ip, type, code, rest, quote,
	    qlen, frame, sizeof(frame), &flen, &d) == TC_OK, "icmp: %s",
	    d.msg);
	ck_assert_uint_eq(flen, ETH_LEN + 20 + 8 + qlen);
	ck_assert_int_eq(tc_segment_decode(frame, flen, TC_LINK_ETHERNET, &s),
	    TC_DEC_OK);
	ck_assert_int_eq(s.kind, TC_SEG_ICMP);
	ck_assert(s.ip_csum_ok && s.icmp_csum_ok && s.df);
	ck_assert_uint_eq(s.icmp_type, type);
	ck_assert_uint_eq(s.icmp_code, code);
	ck_assert_uint_eq(s.icmp_rest, rest);
	ck_assert(s.has_quote);
	ck_assert_uint_eq(s.quote_sport, LPORT);
	ck_assert_uint_eq(s.quote_dport, k->sport);
	ck_assert_uint_eq(s.quote_seq, seq);
}

/*
 * Collects the kernel's data segments until `want` bytes came (or 2 s
 * passed): how many bytes, and the largest IP datagram.  Acknowledging
 * them is the caller's business.
 */
static size_t
data_seen(size_t want, size_t *largest)
{
	size_t total = 0;
	int i;

	*largest = 0;
	while (total < want && (i = next_frame(TC_SEG_TCP, 2000)) >= 0) {
		if (q.seg[i].payload_len == 0)
			continue;
		total += q.seg[i].payload_len;
		if (q.caplen[i] - ETH_LEN > *largest)
			*largest = q.caplen[i] - ETH_LEN;
	}
	return total;
}

static void
command_output(const char *cmd, char *out, size_t cap)
{
	size_t used = 0;
	FILE *p = popen(cmd, "r");

	ck_assert_ptr_nonnull(p);
	out[0] = '\0';
	while (used + 1 < cap && fgets(out + used, (int)(cap - used), p))
		used = strlen(out);
	pclose(p);
}

/*
 * RFC 1191, RFC 9293 3.7.2: "fragmentation needed" with MTU 1280 quoting
 * the kernel's first unacknowledged segment lowers the path MTU: the
 * kernel retransmits what is outstanding, and sends new data, in
 * datagrams of at most 1280 bytes (MSS 1240).
 */
START_TEST(test_frag_needed_lowers_pmtu)
{
	static uint8_t data[4000];
	struct tc_ip_spec ip;
	struct conn k;
	uint8_t quote[64];
	size_t qlen, largest;
	char out[512];

	wire_open();
	handshake(&k, 40001);
	ck_assert_int_eq(write(k.fd, data, sizeof(data)), sizeof(data));
	ck_assert_uint_eq(data_seen(sizeof(data), &largest), sizeof(data));
	ck_assert_uint_eq(largest, 1500);
	qlen = quote_of(&k, k.peer + 1, 1460, 20, quote);
	send_icmp(3, 4, 1280, quote, qlen, &k, k.peer + 1);
	ck_assert_uint_ge(data_seen(sizeof(data), &largest), sizeof(data));
	ck_assert_uint_eq(largest, 1280);
	ip_spec(&ip, true);
	send_tcp(&ip, &k, k.isn + 1, k.peer + 1 + sizeof(data), TC_TH_ACK);
	ck_assert_int_eq(write(k.fd, data, sizeof(data)), sizeof(data));
	ck_assert_uint_ge(data_seen(sizeof(data), &largest), sizeof(data));
	ck_assert_uint_eq(largest, 1280);
	command_output("ip route get " TESTER_IP, out, sizeof(out));
	ck_assert_msg(strstr(out, "mtu 1280") != NULL, "%s", out);
	conn_close(&k);
	wire_close();
}
END_TEST

static int
so_error(int fd)
{
	socklen_t sl = sizeof(int);
	int e = -1;

	ck_assert_int_eq(getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &sl), 0);
	return e;
}

static int
tcp_state(int fd)
{
	struct tcp_info ti;
	socklen_t sl = sizeof(ti);

	ck_assert_int_eq(getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &sl), 0);
	return ti.tcpi_state;
}

/*
 * RFC 9293 3.9.1.4 MUST-56, RFC 5927 4.1: port unreachable is a soft error
 * for an ESTABLISHED connection.  A quote outside SND.UNA..SND.NXT is
 * ignored (SO_ERROR stays 0); one inside is taken (Linux keeps it as the
 * soft error SO_ERROR reports) but does not abort: the state stays
 * ESTABLISHED and data still flows.
 */
START_TEST(test_port_unreach_is_soft)
{
	struct conn k;
	uint8_t quote[64];
	size_t qlen;
	int i;

	wire_open();
	handshake(&k, 40002);
	qlen = quote_of(&k, k.peer + 100001, 0, 8, quote);
	send_icmp(3, 3, 0, quote, qlen, &k, k.peer + 100001);
	usleep(200000);
	ck_assert_int_eq(so_error(k.fd), 0);
	qlen = quote_of(&k, k.peer + 1, 0, 8, quote);
	send_icmp(3, 3, 0, quote, qlen, &k, k.peer + 1);
	usleep(200000);
	ck_assert_int_eq(so_error(k.fd), ECONNREFUSED);
	ck_assert_int_eq(tcp_state(k.fd), TCP_ESTABLISHED);
	ck_assert_int_eq(write(k.fd, "still", 5), 5);
	ck_assert_int_ge(i = next_frame(TC_SEG_TCP, 1000), 0);
	ck_assert_uint_eq(q.seg[i].seq, k.peer + 1);
	ck_assert_uint_eq(q.seg[i].payload_len, 5);
	ck_assert_int_eq(tcp_state(k.fd), TCP_ESTABLISHED);
	conn_close(&k);
	wire_close();
}
END_TEST

/* A UDP datagram to `dport` on the kernel, sent on end A by hand. */
static void
send_udp(uint16_t sport, uint16_t dport)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_halen = 6 };
	struct tc_ip_spec ip;
	uint8_t f[64];
	size_t hlen;
	int fd;

	ip_spec(&ip, true);
	memcpy(f, v.mac_b, 6);
	memcpy(f + 6, v.mac_a, 6);
	memcpy(f + 12, B(0x08, 0x00), 2);
	ck_assert_int_eq(tc_craft_ipv4_header(&ip, IPPROTO_UDP, 12,
	    f + ETH_LEN, sizeof(f) - ETH_LEN, &hlen), TC_OK);
	/* Ports, length 12, checksum 0 (none, RFC 768), "ping". */
	memcpy(f + ETH_LEN + hlen, B(sport >> 8, sport & 0xff, dport >> 8,
	    dport & 0xff, 0, 12, 0, 0, 'p', 'i', 'n', 'g'), 12);
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	ck_assert_int_ge(fd, 0);
	sll.sll_ifindex = (int)if_nametoindex(v.a);
	memcpy(sll.sll_addr, v.mac_b, 6);
	ck_assert_int_eq(sendto(fd, f, ETH_LEN + hlen + 12, 0,
	    (struct sockaddr *)&sll, sizeof(sll)), ETH_LEN + hlen + 12);
	close(fd);
}

/* The kernel's own ICMP: port unreachable for UDP, and an echo reply. */
START_TEST(test_kernel_icmp_decodes)
{
	const struct tc_segment *s;
	struct tc_ip_spec ip;
	struct tc_diag d;
	char text[256];
	int i;

	wire_open();
	send_udp(5353, 9);
	ck_assert_int_ge(i = next_frame(TC_SEG_ICMP, 2000), 0);
	s = &q.seg[i];
	ck_assert_int_eq(s->status, TC_DEC_OK);
	ck_assert(s->ip_csum_ok && s->icmp_csum_ok);
	ck_assert_uint_eq(s->icmp_type, TC_ICMP_UNREACH);
	ck_assert_uint_eq(s->icmp_code, TC_ICMP_UNREACH_PORT);
	ck_assert(s->has_quote);
	ck_assert_uint_eq(s->quote_proto, IPPROTO_UDP);
	ck_assert_uint_eq(s->quote_sport, 5353);
	ck_assert_uint_eq(s->quote_dport, 9);
	tc_segment_format(s, text, sizeof(text));
	ck_assert_str_eq(text, "ICMP 198.18.0.2 udp port 9 unreachable "
	    "quoting 198.18.0.1.5353 > 198.18.0.2.9 udp");
	ip_spec(&ip, true);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_craft_send_icmp4(cr, &ip, TC_ICMP_ECHO, 0,
	    0x0abc0003, B('h', 'i'), 2, NULL, 0, NULL, &d), TC_OK);
	ck_assert_int_ge(i = next_frame(TC_SEG_ICMP, 2000), 0);
	tc_segment_format(&q.seg[i], text, sizeof(text));
	ck_assert_str_eq(text, "ICMP echo reply, id 2748, seq 3");
	ck_assert(q.seg[i].icmp_csum_ok);
	wire_close();
}
END_TEST

/*
 * IP options go out after the fixed header with the right IHL, total
 * length and checksum, and the kernel still answers a SYN that carries
 * them; an ICMP message carries them too.
 */
START_TEST(test_ip_options_on_wire)
{
	struct tc_tcp_spec t = { .sport = 40003, .dport = LPORT, .seq = 9,
	    .flags = TC_TH_SYN, .win = 65535, .csum_mode = TC_CSUM_CORRECT };
	struct tc_ip_spec ip;
	struct tc_segment s;
	uint8_t tcp[64], frame[256];
	size_t tlen, flen;
	struct tc_diag d;
	int lfd, i;

	wire_open();
	lfd = listen_on(LPORT);
	ip_spec(&ip, true);
	ip.options = B(1, 1, 1);		/* NOP NOP NOP, then EOL */
	ip.options_len = 3;
	ck_assert_int_eq(tc_craft_tcp_encode(&t, &ip.src, &ip.dst, tcp,
	    sizeof(tcp), &tlen), TC_OK);
	tc_diag_init(&d);
	ck_assert_msg(tc_craft_send_ipv4(cr, &ip, tcp, tlen, frame,
	    sizeof(frame), &flen, &d) == TC_OK, "send: %s", d.msg);
	ck_assert_uint_eq(flen, ETH_LEN + 24 + 20);
	ck_assert_uint_eq(frame[ETH_LEN], 0x46);
	ck_assert_uint_eq(frame[ETH_LEN + 3], 44);
	ck_assert_mem_eq(frame + ETH_LEN + 20, B(1, 1, 1, 0), 4);
	ck_assert_mem_eq(frame + ETH_LEN + 24, tcp, tlen);
	ck_assert_int_eq(tc_segment_decode(frame, flen, TC_LINK_ETHERNET, &s),
	    TC_DEC_OK);
	ck_assert(s.ip_csum_ok && s.csum_ok);
	ck_assert_int_ge(i = next_frame(TC_SEG_TCP, 2000), 0);
	ck_assert_uint_eq(q.seg[i].flags, TC_TH_SYN | TC_TH_ACK);
	ck_assert_uint_eq(q.seg[i].ack, 10);
	ck_assert_uint_eq(q.seg[i].dport, 40003);
	ck_assert_int_eq(tc_craft_send_icmp4(cr, &ip, TC_ICMP_ECHO, 0, 7,
	    NULL, 0, frame, sizeof(frame), &flen, &d), TC_OK);
	ck_assert_uint_eq(frame[ETH_LEN], 0x46);
	ck_assert_int_eq(tc_segment_decode(frame, flen, TC_LINK_ETHERNET, &s),
	    TC_DEC_OK);
	ck_assert(s.kind == TC_SEG_ICMP && s.ip_csum_ok && s.icmp_csum_ok);
	ip.options_len = 41;
	ck_assert_int_eq(tc_craft_send_ipv4(cr, &ip, tcp, tlen, NULL, 0, NULL,
	    &d), TC_ERR_LIMIT);
	ip.options = NULL;
	ip.options_len = 4;
	ck_assert_int_eq(tc_craft_send_icmp4(cr, &ip, 8, 0, 0, NULL, 0, NULL,
	    0, NULL, &d), TC_ERR_INVAL);
	close(lfd);
	wire_close();
}
END_TEST

static Suite *
icmp_suite(void)
{
	Suite *s = suite_create("icmp");
	TCase *unit = tcase_create("encode");
	TCase *wire = tcase_create("wire");

	tcase_add_test(unit, test_ipv4_header);
	tcase_add_test(unit, test_icmp4_encode);
	tcase_set_timeout(wire, 30);
	tcase_add_test(wire, test_frag_needed_lowers_pmtu);
	tcase_add_test(wire, test_port_unreach_is_soft);
	tcase_add_test(wire, test_kernel_icmp_decodes);
	tcase_add_test(wire, test_ip_options_on_wire);
	suite_add_tcase(s, unit);
	suite_add_tcase(s, wire);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(icmp_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

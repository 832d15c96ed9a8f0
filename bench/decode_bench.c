/*
 * decode_bench.c - throughput of tc_segment_decode and tc_segment_format
 * over four realistic Ethernet/IPv4/TCP frames, as Linux sends them in a
 * suite run: a SYN with options, a 1448-byte data segment, a pure ACK and
 * a RST.  Checksums are valid, so the decoder's checksum path runs.
 *
 *   decode_bench [ITER]        wall time: ns per segment (best of 5)
 *   decode_bench -c KIND ITER  one loop for callgrind: run with
 *                              --toggle-collect=measured_loop and divide
 *                              the Ir count by ITER (KIND: all, syn,
 *                              data, ack, rst; "all" counts 4 a pass)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checksum.h"
#include "segment.h"

#define FRAME_MAX	1600
#define NFRAMES		4
#define ETH_LEN		14
#define IP_LEN		20

enum mode {
	MODE_DECODE,
	MODE_FORMAT,
	MODE_BOTH
};

struct frame {
	const char	*name;
	uint8_t		buf[FRAME_MAX];
	size_t		len;
};

static struct frame frames[NFRAMES];
static struct tc_segment decoded[NFRAMES];
static volatile size_t sink;

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* Builds Ethernet + IPv4 + TCP with valid IP and TCP checksums. */
static void
build(struct frame *f, const char *name, uint8_t flags, const uint8_t *opt,
    size_t optlen, size_t paylen)
{
	static const uint8_t mac_a[6] = { 0x02, 0, 0, 0, 0, 1 };
	static const uint8_t mac_b[6] = { 0x02, 0, 0, 0, 0, 2 };
	struct tc_addr src, dst;
	uint8_t *ip = f->buf + ETH_LEN, *th = ip + IP_LEN;
	size_t tcplen = 20 + optlen + paylen, i;

	memset(f, 0, sizeof(*f));
	f->name = name;
	f->len = ETH_LEN + IP_LEN + tcplen;
	memcpy(f->buf, mac_a, 6);
	memcpy(f->buf + 6, mac_b, 6);
	put16(f->buf + 12, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(IP_LEN + tcplen));
	put16(ip + 4, 0x1234);
	put16(ip + 6, 0x4000);			/* DF */
	ip[8] = 64;
	ip[9] = 6;
	tc_addr_ipv4(&src, 198, 18, 0, 2);
	tc_addr_ipv4(&dst, 198, 18, 0, 1);
	memcpy(ip + 12, src.bytes, 4);
	memcpy(ip + 16, dst.bytes, 4);
	put16(ip + 10, tc_checksum_fold(tc_checksum_add(0, ip, IP_LEN)));
	put16(th, 80);
	put16(th + 2, 40000);
	put32(th + 4, 0xfffffc18u);		/* near the wrap, as a test */
	put32(th + 8, (flags & TC_TH_ACK) ? 0x12345679u : 0);
	th[12] = (uint8_t)((20 + optlen) / 4 << 4);
	th[13] = flags;
	put16(th + 14, 64240);
	memcpy(th + 20, opt, optlen);
	for (i = 0; i < paylen; i++)
		th[20 + optlen + i] = (uint8_t)(i * 7 + 1);
	put16(th + 16, tc_checksum_tcp(&src, &dst, th, tcplen));
}

static void
build_frames(void)
{
	/* What Linux 6.x puts on a SYN and on data: mss,sackOK,TS,nop,ws. */
	static const uint8_t syn_opt[20] = {
		2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0x30, 0x39,
		0, 0, 0, 0, 1, 3, 3, 7
	};
	static const uint8_t ts_opt[12] = {
		1, 1, 8, 10, 0, 0, 0x30, 0x3a, 0, 0, 0x10, 0x01
	};

	build(&frames[0], "syn", TC_TH_SYN, syn_opt, sizeof(syn_opt), 0);
	build(&frames[1], "data", TC_TH_ACK | TC_TH_PSH, ts_opt,
	    sizeof(ts_opt), 1448);
	build(&frames[2], "ack", TC_TH_ACK, ts_opt, sizeof(ts_opt), 0);
	build(&frames[3], "rst", TC_TH_RST, NULL, 0, 0);
}

static int
check_frames(void)
{
	char line[512];
	size_t i;

	for (i = 0; i < NFRAMES; i++) {
		if (tc_segment_decode(frames[i].buf, frames[i].len,
		    TC_LINK_ETHERNET, &decoded[i]) != TC_DEC_OK ||
		    decoded[i].kind != TC_SEG_TCP || !decoded[i].csum_ok ||
		    !decoded[i].ip_csum_ok) {
			fprintf(stderr, "decode_bench: frame %s does not "
			    "decode cleanly\n", frames[i].name);
			return -1;
		}
		tc_segment_format(&decoded[i], line, sizeof(line));
		fprintf(stderr, "# %-4s %4zu bytes: %s\n", frames[i].name,
		    frames[i].len, line);
	}
	return 0;
}

/* The measured work: `iter` passes over frames[first..last). */
__attribute__((noinline)) static void
measured_loop(enum mode m, size_t first, size_t last, size_t iter)
{
	struct tc_segment s;
	char line[512];
	size_t acc = 0, i, k;

	for (k = 0; k < iter; k++) {
		for (i = first; i < last; i++) {
			if (m != MODE_FORMAT) {
				tc_segment_decode(frames[i].buf,
				    frames[i].len, TC_LINK_ETHERNET, &s);
				acc += s.payload_len;
			}
			if (m == MODE_FORMAT)
				acc += tc_segment_format(&decoded[i], line,
				    sizeof(line));
			else if (m == MODE_BOTH)
				acc += tc_segment_format(&s, line,
				    sizeof(line));
		}
	}
	sink = acc;
}

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Best of 5 runs, in ns per segment. */
static double
time_ns(enum mode m, size_t first, size_t last, size_t iter)
{
	double best = 0, t0, t;
	int r;

	measured_loop(m, first, last, iter / 10 + 1);	/* warm up */
	for (r = 0; r < 5; r++) {
		t0 = now_ns();
		measured_loop(m, first, last, iter);
		t = (now_ns() - t0) / (double)(iter * (last - first));
		if (r == 0 || t < best)
			best = t;
	}
	return best;
}

static int
kind_index(const char *kind, size_t *first, size_t *last)
{
	size_t i;

	if (strcmp(kind, "all") == 0) {
		*first = 0;
		*last = NFRAMES;
		return 0;
	}
	for (i = 0; i < NFRAMES; i++) {
		if (strcmp(kind, frames[i].name) == 0) {
			*first = i;
			*last = i + 1;
			return 0;
		}
	}
	return -1;
}

static int
usage(void)
{
	fprintf(stderr, "usage: decode_bench [ITER]\n"
	    "       decode_bench -c all|syn|data|ack|rst "
	    "decode|format|both ITER\n");
	return 2;
}

static int
parse_count(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	v = strtoull(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v == 0)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int
callgrind_mode(int argc, char **argv)
{
	size_t first, last, iter;
	enum mode m;

	if (argc != 5 || kind_index(argv[2], &first, &last) != 0 ||
	    parse_count(argv[4], &iter) != 0)
		return usage();
	if (strcmp(argv[3], "decode") == 0)
		m = MODE_DECODE;
	else if (strcmp(argv[3], "format") == 0)
		m = MODE_FORMAT;
	else if (strcmp(argv[3], "both") == 0)
		m = MODE_BOTH;
	else
		return usage();
	measured_loop(m, first, last, iter);
	return 0;
}

int
main(int argc, char **argv)
{
	static const char *const mname[] = { "decode", "format",
	    "decode+format" };
	size_t iter = 2000000, first, last, i;
	int m;

	build_frames();
	if (check_frames() != 0)
		return 1;
	if (argc > 1 && strcmp(argv[1], "-c") == 0)
		return callgrind_mode(argc, argv);
	if (argc > 2 || (argc == 2 && parse_count(argv[1], &iter) != 0))
		return usage();
	printf("%-14s %8s %8s %8s %8s %8s\n", "ns/segment", "all", "syn",
	    "data", "ack", "rst");
	for (m = MODE_DECODE; m <= MODE_BOTH; m++) {
		printf("%-14s %8.1f", mname[m],
		    time_ns((enum mode)m, 0, NFRAMES, iter / NFRAMES));
		for (i = 0; i < NFRAMES; i++) {
			kind_index(frames[i].name, &first, &last);
			printf(" %8.1f", time_ns((enum mode)m, first, last,
			    iter / NFRAMES));
		}
		printf("\n");
	}
	return 0;
}

/*
 * neigh_test.c - the host target's next-hop resolution (engine/neigh.h):
 * the neighbour advertisement parser on good and hostile input, then real
 * ARP and neighbour discovery exchanges with a kernel in another namespace
 * over a veth pair.  Needs root.
 */
#include <check.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/vethpair.h"
#include "neigh.h"

static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };

/* A neighbour advertisement for 2001:2::1 whose options are `opts`. */
static size_t
na(uint8_t *buf, const uint8_t *opts, size_t olen)
{
	memset(buf, 0, 24);
	buf[0] = 136;			/* ND_NEIGHBOR_ADVERT */
	buf[4] = 0x60;			/* solicited, override */
	buf[8] = 0x20;
	buf[9] = 0x01;
	buf[11] = 0x02;
	buf[23] = 0x01;
	if (olen > 0)
		memcpy(buf + 24, opts, olen);
	return 24 + olen;
}

static struct tc_addr
target_ip(void)
{
	struct tc_addr a;

	ck_assert(tc_addr_parse(&a, "2001:2::1"));
	return a;
}

START_TEST(parse_tlla)
{
	const uint8_t o[] = { 2, 1, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
	struct tc_addr ip = target_ip();
	uint8_t buf[64], out[6] = { 0 };

	ck_assert(tc_neigh_nd_parse(buf, na(buf, o, sizeof(o)), &ip, out));
	ck_assert_mem_eq(out, mac, 6);
}
END_TEST

/* A nonce option (RFC 3971, 8 octets) first: skipped by its length. */
START_TEST(parse_tlla_after_other_option)
{
	const uint8_t o[] = { 14, 1, 1, 2, 3, 4, 5, 6,
	    2, 1, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
	struct tc_addr ip = target_ip();
	uint8_t buf[64], out[6];

	ck_assert(tc_neigh_nd_parse(buf, na(buf, o, sizeof(o)), &ip, out));
	ck_assert_mem_eq(out, mac, 6);
}
END_TEST

START_TEST(parse_refuses)
{
	const uint8_t tlla[] = { 2, 1, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
	const uint8_t zero_len[] = { 14, 0, 0, 0, 0, 0, 0, 0,
	    2, 1, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
	const uint8_t overrun[] = { 2, 2, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
	const uint8_t slla[] = { 1, 1, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
	struct tc_addr ip = target_ip(), other;
	uint8_t buf[64], out[6];
	size_t n;

	ck_assert(tc_addr_parse(&other, "2001:2::2"));
	n = na(buf, tlla, sizeof(tlla));
	ck_assert(!tc_neigh_nd_parse(buf, n, &other, out));	/* not ours */
	ck_assert(!tc_neigh_nd_parse(buf, 23, &ip, out));	/* truncated */
	ck_assert(!tc_neigh_nd_parse(buf, 24 + 6, &ip, out));	/* cut opt */
	buf[0] = 135;						/* an NS */
	ck_assert(!tc_neigh_nd_parse(buf, n, &ip, out));
	buf[0] = 136;
	buf[1] = 1;						/* code 1 */
	ck_assert(!tc_neigh_nd_parse(buf, n, &ip, out));
	ck_assert(!tc_neigh_nd_parse(buf, na(buf, zero_len,
	    sizeof(zero_len)), &ip, out));
	ck_assert(!tc_neigh_nd_parse(buf, na(buf, overrun, sizeof(overrun)),
	    &ip, out));
	ck_assert(!tc_neigh_nd_parse(buf, na(buf, slla, sizeof(slla)), &ip,
	    out));
	ck_assert(!tc_neigh_nd_parse(buf, na(buf, NULL, 0), &ip, out));
}
END_TEST

/* ---- real exchanges: tca here, tcb in namespace "far" ------------------- */

static struct tc_test_veth veth;
static char far[32];

static int
sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* The far end in a namespace of its own: answers come back on the wire. */
static void
far_side(void)
{
	snprintf(far, sizeof(far), "tcn-neigh%ld", (long)getpid());
	ck_assert_int_eq(tc_test_vethpair(&veth), 0);
	ck_assert_int_eq(sh("ip netns add %s && ip link set %s netns %s && "
	    "ip netns exec %s sysctl -qw net.ipv6.conf.%s.accept_dad=0 && "
	    "ip -n %s addr add 198.18.0.2/24 dev %s && "
	    "ip -n %s addr add 2001:2::2/64 dev %s nodad && "
	    "ip -n %s link set %s up", far, veth.b, far, far, veth.b, far,
	    veth.b, far, veth.b, far, veth.b), 0);
	ck_assert_int_eq(tc_test_veth_addr(veth.a, "198.18.0.1/24"), 0);
	ck_assert_int_eq(sh("ip addr add 2001:2::1/64 dev %s nodad", veth.a),
	    0);
}

static void
far_gone(void)
{
	sh("ip netns del %s 2>/dev/null", far);
}

static enum tc_err
resolve(const char *src, const char *ip, uint8_t out[6], struct tc_diag *d)
{
	struct tc_addr s, i;
	struct tc_neigh_query q = { .ifindex = (int)if_nametoindex(veth.a),
	    .ifname = veth.a, .mac = veth.mac_a, .src = &s, .ip = &i };

	ck_assert(tc_addr_parse(&s, src));
	ck_assert(tc_addr_parse(&i, ip));
	tc_diag_init(d);
	return tc_neigh_resolve(&q, 3000, out, d);
}

START_TEST(arp_and_nd_on_the_wire)
{
	uint8_t out[6], farmac[6];
	struct tc_diag d;
	FILE *f;
	char path[128];
	unsigned m[6];
	enum tc_err err;

	far_side();
	snprintf(path, sizeof(path), "ip -n %s link show %s | "
	    "sed -n 's/.*ether \\([^ ]*\\).*/\\1/p'", far, veth.b);
	ck_assert_ptr_nonnull(f = popen(path, "r"));
	ck_assert_int_eq(fscanf(f, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2],
	    &m[3], &m[4], &m[5]), 6);
	pclose(f);
	for (int i = 0; i < 6; i++)
		farmac[i] = (uint8_t)m[i];

	err = resolve("198.18.0.1", "198.18.0.2", out, &d);
	ck_assert_msg(err == TC_OK, "ARP: %s", d.msg);
	ck_assert_mem_eq(out, farmac, 6);
	err = resolve("2001:2::1", "2001:2::2", out, &d);
	ck_assert_msg(err == TC_OK, "ND: %s", d.msg);
	ck_assert_mem_eq(out, farmac, 6);

	/* Nobody has 2001:2::99: three solicitations, then the timeout. */
	err = resolve("2001:2::1", "2001:2::99", out, &d);
	ck_assert_int_eq(err, TC_ERR_TIMEOUT);
	ck_assert_msg(strstr(d.msg, "no neighbour advertisement from "
	    "2001:2::99 on") != NULL, "%s", d.msg);
	err = resolve("198.18.0.1", "2001:2::2", out, &d);
	ck_assert_int_eq(err, TC_ERR_INVAL);
	far_gone();
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("neigh");
	TCase *p = tcase_create("parse"), *w = tcase_create("wire");

	tcase_add_test(p, parse_tlla);
	tcase_add_test(p, parse_tlla_after_other_option);
	tcase_add_test(p, parse_refuses);
	suite_add_tcase(s, p);
	tcase_set_timeout(w, 30);
	tcase_add_checked_fixture(w, NULL, far_gone);
	tcase_add_test(w, arp_and_nd_on_the_wire);
	suite_add_tcase(s, w);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

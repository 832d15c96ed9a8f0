/*
 * netns_test.c - anonymous namespaces, rtnetlink, ethtool ioctls, sysctls
 * and the sock_diag state map.  Needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN).
 * The test harness may run ip(8) to check what the product did; the
 * product itself never does.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/ethtool.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "addr.h"
#include "netns.h"
#include "rtnl.h"
#include "sockdiag.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static ino_t
ino_of_fd(int fd)
{
	struct stat st;

	ck_assert_int_eq(fstat(fd, &st), 0);
	return st.st_ino;
}

static ino_t
ino_here(void)
{
	struct stat st;

	ck_assert_int_eq(stat("/proc/thread-self/ns/net", &st), 0);
	return st.st_ino;
}

/* Runs `cmd` with %d/%d = pid/fd expanded and returns its stdout. */
static void
run_in_ns(int nsfd, const char *cmd, char *out, size_t cap)
{
	char line[512];
	FILE *p;
	size_t used = 0;

	snprintf(line, sizeof(line), "nsenter --net=/proc/%d/fd/%d %s",
	    (int)getpid(), nsfd, cmd);
	p = popen(line, "r");
	ck_assert_ptr_nonnull(p);
	out[0] = '\0';
	while (used + 1 < cap && fgets(out + used, (int)(cap - used), p))
		used = strlen(out);
	pclose(p);
}

START_TEST(test_new_enter_leave)
{
	struct tc_diag d;
	ino_t root = ino_here();
	int fd, saved;

	tc_diag_init(&d);
	ck_assert_int_eq(tc_netns_new(&fd, &d), TC_OK);
	ck_assert_int_ge(fd, 0);
	ck_assert_uint_ne(ino_of_fd(fd), root);
	ck_assert_uint_eq(ino_here(), root);
	ck_assert_int_eq(tc_netns_enter(fd, &saved, &d), TC_OK);
	ck_assert_uint_eq(ino_here(), ino_of_fd(fd));
	ck_assert_int_eq(tc_netns_leave(saved, &d), TC_OK);
	ck_assert_uint_eq(ino_here(), root);
	/* -1 means "stay here", so callers need no special case. */
	ck_assert_int_eq(tc_netns_enter(-1, &saved, &d), TC_OK);
	ck_assert_int_eq(saved, -1);
	ck_assert_int_eq(tc_netns_leave(saved, &d), TC_OK);
	ck_assert_uint_eq(ino_here(), root);
	ck_assert_str_eq(d.msg, "");
	close(fd);
}
END_TEST

START_TEST(test_socket_stays_in_ns)
{
	struct tc_rtnl *r;
	struct tc_diag d;
	uint8_t mac[6];
	int fd, idx;

	tc_diag_init(&d);
	ck_assert_int_eq(tc_netns_new(&fd, &d), TC_OK);
	ck_assert_int_eq(tc_rtnl_new(fd, &r, &d), TC_OK);
	/* A new namespace holds lo and nothing else. */
	ck_assert_int_eq(tc_rtnl_link_get(r, "lo", &idx, mac, &d), TC_OK);
	ck_assert_int_eq(idx, 1);
	ck_assert_int_eq(tc_rtnl_link_get(r, "eth0", &idx, NULL, &d),
	    TC_ERR_NOTFOUND);
	ck_assert_ptr_nonnull(strstr(d.msg, "RTM_GETLINK eth0"));
	tc_rtnl_free(r);
	tc_rtnl_free(NULL);
	close(fd);
}
END_TEST

START_TEST(test_veth_across_namespaces)
{
	struct tc_rtnl *ra, *rb;
	struct tc_diag d;
	uint8_t ma[6], mb[6];
	int a, b, ia, ib;

	tc_diag_init(&d);
	ck_assert_int_eq(tc_netns_new(&a, &d), TC_OK);
	ck_assert_int_eq(tc_netns_new(&b, &d), TC_OK);
	ck_assert_int_eq(tc_rtnl_new(a, &ra, &d), TC_OK);
	ck_assert_int_eq(tc_rtnl_new(b, &rb, &d), TC_OK);
	ck_assert_int_eq(tc_rtnl_veth_add(ra, "tcpc-x0", "tcpc-x1", b, &d),
	    TC_OK);
	ck_assert_int_eq(tc_rtnl_link_get(ra, "tcpc-x0", &ia, ma, &d), TC_OK);
	ck_assert_int_eq(tc_rtnl_link_get(rb, "tcpc-x1", &ib, mb, &d), TC_OK);
	ck_assert_mem_ne(ma, mb, 6);
	/* Each end lives in its own namespace, none in the root one. */
	ck_assert_int_eq(tc_rtnl_link_get(ra, "tcpc-x1", &ib, NULL, &d),
	    TC_ERR_NOTFOUND);
	tc_diag_init(&d);
	ck_assert_uint_eq(if_nametoindex("tcpc-x0"), 0);
	ck_assert_uint_eq(if_nametoindex("tcpc-x1"), 0);
	ck_assert_int_eq(tc_rtnl_link_up(ra, "tcpc-x0", &d), TC_OK);
	ck_assert_int_eq(tc_rtnl_link_up(rb, "tcpc-x1", &d), TC_OK);
	/* A second create is refused, and the diag says what and why. */
	ck_assert_int_eq(tc_rtnl_veth_add(ra, "tcpc-x0", "tcpc-x2", b, &d),
	    TC_ERR_SYS);
	ck_assert_int_eq(d.sys_errno, EEXIST);
	ck_assert_msg(strncmp(d.msg, "RTM_NEWLINK veth tcpc-x0: File exists",
	    37) == 0, "diag: %s", d.msg);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_rtnl_veth_add(ra, "this-name-is-too-long",
	    "x", -1, &d), TC_ERR_INVAL);
	/* Deleting one end removes both. */
	tc_diag_init(&d);
	ck_assert_int_eq(tc_rtnl_link_del(ra, "tcpc-x0", &d), TC_OK);
	ck_assert_int_eq(tc_rtnl_link_get(rb, "tcpc-x1", &ib, NULL, &d),
	    TC_ERR_NOTFOUND);
	tc_rtnl_free(ra);
	tc_rtnl_free(rb);
	close(a);
	close(b);
}
END_TEST

static bool
ns_has_ipv4(int nsfd, const char *ifname, const char *want)
{
	struct ifaddrs *ifa, *i;
	char text[INET6_ADDRSTRLEN];
	bool found = false;
	int saved;

	ck_assert_int_eq(tc_netns_enter(nsfd, &saved, NULL), TC_OK);
	ck_assert_int_eq(getifaddrs(&ifa), 0);
	ck_assert_int_eq(tc_netns_leave(saved, NULL), TC_OK);
	for (i = ifa; i != NULL; i = i->ifa_next) {
		struct sockaddr_in *sin = (struct sockaddr_in *)i->ifa_addr;

		if (sin == NULL || sin->sin_family != AF_INET ||
		    strcmp(i->ifa_name, ifname) != 0)
			continue;
		inet_ntop(AF_INET, &sin->sin_addr, text, sizeof(text));
		found = found || strcmp(text, want) == 0;
	}
	freeifaddrs(ifa);
	return found;
}

START_TEST(test_addr_and_neigh)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };
	struct tc_addr ip, peer;
	struct tc_rtnl *r;
	struct tc_diag d;
	char out[2048];
	int ns, idx;

	tc_diag_init(&d);
	tc_addr_ipv4(&ip, 198, 18, 0, 2);
	tc_addr_ipv4(&peer, 198, 18, 0, 1);
	ck_assert_int_eq(tc_netns_new(&ns, &d), TC_OK);
	ck_assert_int_eq(tc_rtnl_new(ns, &r, &d), TC_OK);
	ck_assert_int_eq(tc_rtnl_veth_add(r, "tcpc-y0", "tcpc-y1", -1, &d),
	    TC_OK);
	ck_assert_int_eq(tc_rtnl_link_get(r, "tcpc-y0", &idx, NULL, &d),
	    TC_OK);
	ck_assert_int_eq(tc_rtnl_link_up(r, "tcpc-y0", &d), TC_OK);
	ck_assert_int_eq(tc_rtnl_addr_add(r, idx, &ip, 24, &d), TC_OK);
	ck_assert(ns_has_ipv4(ns, "tcpc-y0", "198.18.0.2"));
	ck_assert(!ns_has_ipv4(-1, "tcpc-y0", "198.18.0.2"));
	ck_assert_int_eq(tc_rtnl_addr_add(r, idx, &ip, 24, &d), TC_ERR_SYS);
	ck_assert_int_eq(d.sys_errno, EEXIST);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_rtnl_addr_add(r, idx, &ip, 33, &d), TC_ERR_INVAL);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_rtnl_neigh_add(r, idx, &peer, mac, &d), TC_OK);
	run_in_ns(ns, "ip -4 neigh show dev tcpc-y0", out, sizeof(out));
	ck_assert_msg(strstr(out, "198.18.0.1 lladdr 02:00:5e:10:00:01 "
	    "PERMANENT") != NULL, "ip neigh: %s", out);
	/* A bad ifindex comes back as the kernel's errno with context. */
	ck_assert_int_eq(tc_rtnl_neigh_add(r, 9999, &peer, mac, &d),
	    TC_ERR_SYS);
	ck_assert_int_eq(d.sys_errno, ENODEV);
	ck_assert_ptr_nonnull(strstr(d.msg, "RTM_NEWNEIGH 198.18.0.1"));
	tc_rtnl_free(r);
	close(ns);
}
END_TEST

START_TEST(test_offloads_off)
{
	static const uint32_t gets[] = {
		ETHTOOL_GTXCSUM, ETHTOOL_GRXCSUM, ETHTOOL_GSG, ETHTOOL_GTSO,
		ETHTOOL_GGSO, ETHTOOL_GGRO,
	};
	struct tc_rtnl *r;
	struct tc_diag d;
	bool on;
	size_t i;
	int ns;

	tc_diag_init(&d);
	ck_assert_int_eq(tc_netns_new(&ns, &d), TC_OK);
	ck_assert_int_eq(tc_rtnl_new(ns, &r, &d), TC_OK);
	ck_assert_int_eq(tc_rtnl_veth_add(r, "tcpc-z0", "tcpc-z1", -1, &d),
	    TC_OK);
	/* veth starts with checksum offload and TSO on: the reason for it. */
	ck_assert_int_eq(tc_rtnl_offload_get(r, "tcpc-z0", ETHTOOL_GTXCSUM,
	    &on, &d), TC_OK);
	ck_assert(on);
	ck_assert_int_eq(tc_rtnl_offload_get(r, "tcpc-z0", ETHTOOL_GTSO,
	    &on, &d), TC_OK);
	ck_assert(on);
	ck_assert_int_eq(tc_rtnl_offload_off(r, "tcpc-z0", &d), TC_OK);
	for (i = 0; i < NELEM(gets); i++) {
		ck_assert_int_eq(tc_rtnl_offload_get(r, "tcpc-z0", gets[i],
		    &on, &d), TC_OK);
		ck_assert_msg(!on, "ethtool cmd 0x%x still on", gets[i]);
	}
	/* The other end is untouched. */
	ck_assert_int_eq(tc_rtnl_offload_get(r, "tcpc-z1", ETHTOOL_GTXCSUM,
	    &on, &d), TC_OK);
	ck_assert(on);
	ck_assert_int_eq(tc_rtnl_offload_off(r, "tcpc-nope", &d), TC_ERR_SYS);
	ck_assert_int_eq(d.sys_errno, ENODEV);
	tc_rtnl_free(r);
	close(ns);
}
END_TEST

START_TEST(test_sysctl_only_in_its_namespace)
{
	const char *name = "net.ipv4.tcp_fin_timeout";
	char root[64], val[64], want[64];
	struct tc_diag d;
	int a, b;

	tc_diag_init(&d);
	ck_assert_int_eq(tc_netns_sysctl_get(-1, name, root, sizeof(root),
	    &d), TC_OK);
	snprintf(want, sizeof(want), "%d", atoi(root) + 7);
	ck_assert_int_eq(tc_netns_new(&a, &d), TC_OK);
	ck_assert_int_eq(tc_netns_new(&b, &d), TC_OK);
	ck_assert_int_eq(tc_netns_sysctl_set(a, name, want, &d), TC_OK);
	ck_assert_int_eq(tc_netns_sysctl_get(a, name, val, sizeof(val), &d),
	    TC_OK);
	ck_assert_str_eq(val, want);
	ck_assert_int_eq(tc_netns_sysctl_get(b, name, val, sizeof(val), &d),
	    TC_OK);
	ck_assert_str_ne(val, want);
	ck_assert_int_eq(tc_netns_sysctl_get(-1, name, val, sizeof(val), &d),
	    TC_OK);
	ck_assert_str_eq(val, root);
	/* Multi-value sysctls go through as written. */
	ck_assert_int_eq(tc_netns_sysctl_set(a, "net.ipv4.tcp_wmem",
	    "4096 8192 16384", &d), TC_OK);
	ck_assert_int_eq(tc_netns_sysctl_get(a, "net.ipv4.tcp_wmem", val,
	    sizeof(val), &d), TC_OK);
	ck_assert_str_eq(val, "4096\t8192\t16384");
	ck_assert_str_eq(d.msg, "");
	close(a);
	close(b);
}
END_TEST

START_TEST(test_sysctl_bad_names)
{
	static const char *const bad[] = {
		"", "net", "net.", "kernel.hostname", "net..ipv4.tcp_sack",
		"net.ipv4/../../kernel/hostname", "net.ipv4.TCP_SACK",
		"net.ipv4.tcp_sack.", "net.ipv4.tcp sack", "../net.ipv4",
	};
	struct tc_diag d;
	char val[32];
	size_t i;
	int ns;

	for (i = 0; i < NELEM(bad); i++) {
		ck_assert_msg(!tc_netns_sysctl_valid(bad[i]), "%s", bad[i]);
		tc_diag_init(&d);
		ck_assert_int_eq(tc_netns_sysctl_set(-1, bad[i], "1", &d),
		    TC_ERR_INVAL);
		ck_assert_ptr_nonnull(strstr(d.msg, "bad sysctl name"));
	}
	ck_assert(tc_netns_sysctl_valid("net.ipv4.conf.tcpc-b.rp_filter"));
	ck_assert(!tc_netns_sysctl_valid(NULL));
	tc_diag_init(&d);
	ck_assert_int_eq(tc_netns_new(&ns, &d), TC_OK);
	ck_assert_int_eq(tc_netns_sysctl_set(ns, "net.ipv4.no_such_knob",
	    "1", &d), TC_ERR_NOTFOUND);
	ck_assert_str_eq(d.msg, "unknown sysctl net.ipv4.no_such_knob");
	tc_diag_init(&d);
	ck_assert_int_eq(tc_netns_sysctl_get(ns, "net.ipv4.no_such_knob",
	    val, sizeof(val), &d), TC_ERR_NOTFOUND);
	/* The kernel's verdict on a value, with the name and value. */
	tc_diag_init(&d);
	ck_assert_int_eq(tc_netns_sysctl_set(ns, "net.ipv4.tcp_fin_timeout",
	    "soon", &d), TC_ERR_INVAL);
	ck_assert_ptr_nonnull(strstr(d.msg, "tcp_fin_timeout=soon"));
	tc_diag_init(&d);
	ck_assert_int_eq(tc_netns_sysctl_set(ns, "net.ipv4.tcp_fin_timeout",
	    "1\n2", &d), TC_ERR_INVAL);
	close(ns);
}
END_TEST

START_TEST(test_keep_binds_under_run_netns)
{
	char name[32], path[64], cmd[128], out[1024];
	struct tc_rtnl *r;
	struct tc_diag d;
	FILE *p;
	int ns;

	tc_diag_init(&d);
	snprintf(name, sizeof(name), "tcpc-ut%d", (int)getpid());
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	ck_assert_int_eq(tc_netns_new(&ns, &d), TC_OK);
	ck_assert_int_eq(tc_rtnl_new(ns, &r, &d), TC_OK);
	ck_assert_int_eq(tc_rtnl_veth_add(r, "tcpc-k0", "tcpc-k1", -1, &d),
	    TC_OK);
	tc_rtnl_free(r);
	ck_assert_int_eq(tc_netns_keep(ns, name, &d), TC_OK);
	close(ns);
	/* ip(8) sees it by name, and it outlives our fd. */
	snprintf(cmd, sizeof(cmd), "ip -n %s -o link show tcpc-k0", name);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(fgets(out, sizeof(out), p));
	pclose(p);
	ck_assert_ptr_nonnull(strstr(out, "tcpc-k0@tcpc-k1"));
	ck_assert_int_eq(tc_netns_keep(ns, name, &d), TC_ERR_SYS);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_netns_unkeep(name, &d), TC_OK);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(tc_netns_unkeep(name, &d), TC_OK);
	ck_assert_int_eq(tc_netns_keep(0, "mine", &d), TC_ERR_INVAL);
	ck_assert(!tc_netns_name_valid("tcpc-../../etc"));
	ck_assert(!tc_netns_name_valid("tcpc-a/b"));
	ck_assert(tc_netns_name_valid("tcpc-Run1.a"));
}
END_TEST

START_TEST(test_no_privilege_is_perm)
{
	struct tc_diag d;
	pid_t pid;
	int st, fd;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* nobody, with every capability gone. */
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(2);
		tc_diag_init(&d);
		if (tc_netns_new(&fd, &d) != TC_ERR_PERM)
			_exit(3);
		_exit(strstr(d.msg, "CAP_SYS_ADMIN") != NULL ? 0 : 4);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
}
END_TEST

START_TEST(test_state_map)
{
	static const struct {
		unsigned		linux_state;
		enum tc_fsm_state	want;
	} map[] = {
		{ 1, TC_FSM_ESTABLISHED }, { 2, TC_FSM_SYN_SENT },
		{ 3, TC_FSM_SYN_RECEIVED }, { 4, TC_FSM_FIN_WAIT_1 },
		{ 5, TC_FSM_FIN_WAIT_2 }, { 6, TC_FSM_TIME_WAIT },
		{ 7, TC_FSM_CLOSED }, { 8, TC_FSM_CLOSE_WAIT },
		{ 9, TC_FSM_LAST_ACK }, { 10, TC_FSM_LISTEN },
		{ 11, TC_FSM_CLOSING }, { 12, TC_FSM_SYN_RECEIVED },
		{ 13, TC_FSM_CLOSED },
	};
	enum tc_fsm_state st;
	size_t i;

	for (i = 0; i < NELEM(map); i++) {
		ck_assert(tc_sockdiag_map(map[i].linux_state, &st));
		ck_assert_int_eq(st, map[i].want);
	}
	ck_assert(!tc_sockdiag_map(0, &st));
	ck_assert(!tc_sockdiag_map(14, &st));
	ck_assert(!tc_sockdiag_map(255, &st));
}
END_TEST

static Suite *
netns_suite(void)
{
	Suite *s = suite_create("netns");
	TCase *tc;

	tc = tcase_create("netns");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_new_enter_leave);
	tcase_add_test(tc, test_socket_stays_in_ns);
	tcase_add_test(tc, test_sysctl_only_in_its_namespace);
	tcase_add_test(tc, test_sysctl_bad_names);
	tcase_add_test(tc, test_keep_binds_under_run_netns);
	tcase_add_test(tc, test_no_privilege_is_perm);
	suite_add_tcase(s, tc);

	tc = tcase_create("rtnl");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_veth_across_namespaces);
	tcase_add_test(tc, test_addr_and_neigh);
	tcase_add_test(tc, test_offloads_off);
	suite_add_tcase(s, tc);

	tc = tcase_create("sockdiag");
	tcase_add_test(tc, test_state_map);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(netns_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

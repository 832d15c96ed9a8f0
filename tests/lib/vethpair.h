/* vethpair.h - test harness: a veth pair in a private network namespace. */
#ifndef TC_TEST_VETHPAIR_H
#define TC_TEST_VETHPAIR_H

#include <stdint.h>

struct tc_test_veth {
	char		a[16];		/* the tester end */
	char		b[16];		/* the target end */
	uint8_t		mac_a[6];
	uint8_t		mac_b[6];
};

/*
 * Moves the calling process into a new network namespace (it vanishes
 * with the process, so call it only in a forked test), creates the veth
 * pair tca/tcb, brings both ends up with offloads off and reads their
 * MACs.  Test code only: it runs ip(8) and ethtool(8).  Returns 0, or -1
 * after printing why to stderr.
 */
int	tc_test_vethpair(struct tc_test_veth *out);
/* Adds `cidr` (e.g. "198.18.0.2/24") to `dev`; 0 or -1. */
int	tc_test_veth_addr(const char *dev, const char *cidr);
/* Adds a permanent neighbour entry ip -> mac on dev; 0 or -1. */
int	tc_test_veth_neigh(const char *dev, const char *ip,
	    const uint8_t mac[6]);

#endif /* TC_TEST_VETHPAIR_H */

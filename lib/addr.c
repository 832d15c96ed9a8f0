/* addr.c - address helpers over inet_pton/inet_ntop. */
#include "addr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

void
tc_addr_ipv4(struct tc_addr *a, uint8_t b0, uint8_t b1, uint8_t b2,
    uint8_t b3)
{
	memset(a, 0, sizeof(*a));
	a->family = TC_AF_INET;
	a->bytes[0] = b0;
	a->bytes[1] = b1;
	a->bytes[2] = b2;
	a->bytes[3] = b3;
}

bool
tc_addr_parse(struct tc_addr *a, const char *text)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, text, a->bytes) == 1) {
		a->family = TC_AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, text, a->bytes) == 1) {
		a->family = TC_AF_INET6;
		return true;
	}
	return false;
}

const char *
tc_addr_format(const struct tc_addr *a, char *buf, size_t cap)
{
	int af = a->family == TC_AF_INET6 ? AF_INET6 : AF_INET;

	if (cap == 0)
		return buf;
	if (a->family == TC_AF_NONE ||
	    inet_ntop(af, a->bytes, buf, (socklen_t)cap) == NULL)
		snprintf(buf, cap, "?");
	return buf;
}

bool
tc_addr_equal(const struct tc_addr *a, const struct tc_addr *b)
{
	return a->family == b->family &&
	    memcmp(a->bytes, b->bytes, tc_addr_len(a)) == 0;
}

size_t
tc_addr_len(const struct tc_addr *a)
{
	return a->family == TC_AF_INET6 ? 16 : 4;
}

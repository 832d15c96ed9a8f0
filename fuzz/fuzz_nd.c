/*
 * fuzz_nd.c - libFuzzer: any bytes as the ICMPv6 message a neighbour
 * advertisement is read from (engine/neigh_nd.c), for the target address
 * the first 16 bytes name.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "neigh.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do {						\
	if (!(cond))							\
		__builtin_trap();					\
} while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tc_addr ip = { .family = TC_AF_INET6 };
	uint8_t mac[6] = { 0 }, *copy;
	size_t n;

	if (size < 16)
		return 0;
	memcpy(ip.bytes, data, 16);
	/* An exact-size copy, so that ASan sees any read past the end. */
	n = size - 16;
	copy = __builtin_malloc(n ? n : 1);
	memcpy(copy, data + 16, n);
	if (tc_neigh_nd_parse(copy, n, &ip, mac))
		/* Only an advertisement for ip, with its option, gives one. */
		CHECK(n >= 24 + 8 && copy[0] == 136 &&
		    memcmp(copy + 8, ip.bytes, 16) == 0);
	__builtin_free(copy);
	return 0;
}

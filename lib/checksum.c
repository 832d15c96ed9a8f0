/* checksum.c - RFC 1071 one's-complement sums and the TCP pseudo-header. */
#include "checksum.h"

uint32_t
tc_checksum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	uint64_t acc = sum;
	size_t i;

	/*
	 * A 32-bit accumulator overflows past 128 KiB of 0xff bytes (an IPv6
	 * jumbogram, or any caller's long buffer); 64 bits cannot in practice.
	 */
	for (i = 0; i + 1 < len; i += 2)
		acc += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		acc += (uint32_t)p[len - 1] << 8;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint32_t)acc;
}

uint16_t
tc_checksum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t
tc_checksum_tcp(const struct tc_addr *src, const struct tc_addr *dst,
    const uint8_t *tcp, size_t len)
{
	uint8_t tail[8];
	uint32_t sum = 0;
	size_t alen = tc_addr_len(src);

	sum = tc_checksum_add(sum, src->bytes, alen);
	sum = tc_checksum_add(sum, dst->bytes, alen);
	if (src->family == TC_AF_INET6) {
		/* RFC 8200 8.1: 32-bit length, 3 zero bytes, next header. */
		tail[0] = (uint8_t)(len >> 24);
		tail[1] = (uint8_t)(len >> 16);
		tail[2] = (uint8_t)(len >> 8);
		tail[3] = (uint8_t)len;
		tail[4] = tail[5] = tail[6] = 0;
		tail[7] = 6;
		sum = tc_checksum_add(sum, tail, 8);
	} else {
		tail[0] = 0;
		tail[1] = 6;
		tail[2] = (uint8_t)(len >> 8);
		tail[3] = (uint8_t)len;
		sum = tc_checksum_add(sum, tail, 4);
	}
	sum = tc_checksum_add(sum, tcp, len);
	return tc_checksum_fold(sum);
}

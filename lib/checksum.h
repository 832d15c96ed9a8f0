/* checksum.h - the Internet checksum (RFC 1071) and TCP pseudo-headers. */
#ifndef TC_CHECKSUM_H
#define TC_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"

/* Adds len bytes to a running one's-complement sum (not yet folded). */
uint32_t tc_checksum_add(uint32_t sum, const uint8_t *p, size_t len);
/* Folds a running sum to 16 bits and complements it. */
uint16_t tc_checksum_fold(uint32_t sum);
/*
 * Checksum of a TCP segment (header, options, payload) over the IPv4 or
 * IPv6 pseudo-header of RFC 9293 3.1 / RFC 8200 8.1.  The checksum field
 * inside `tcp` is summed as it is: pass it zeroed to compute a checksum,
 * or as received to verify one (then a valid segment yields 0).
 */
uint16_t tc_checksum_tcp(const struct tc_addr *src, const struct tc_addr *dst,
	    const uint8_t *tcp, size_t len);

#endif /* TC_CHECKSUM_H */

/* addr.h - IPv4/IPv6 addresses as plain values, ready for both families. */
#ifndef TC_ADDR_H
#define TC_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tc_family {
	TC_AF_NONE = 0,
	TC_AF_INET = 4,
	TC_AF_INET6 = 6
};

/* An address in network byte order; IPv4 uses the first four bytes. */
struct tc_addr {
	enum tc_family	family;
	uint8_t		bytes[16];
};

#define TC_ADDR_STRLEN	46	/* INET6_ADDRSTRLEN */

void	tc_addr_ipv4(struct tc_addr *a, uint8_t b0, uint8_t b1, uint8_t b2,
	    uint8_t b3);
/* Parses dotted IPv4 or IPv6 text; returns false when it is neither. */
bool	tc_addr_parse(struct tc_addr *a, const char *text);
/* Writes the presentation form; returns buf. */
const char *tc_addr_format(const struct tc_addr *a, char *buf, size_t cap);
bool	tc_addr_equal(const struct tc_addr *a, const struct tc_addr *b);
size_t	tc_addr_len(const struct tc_addr *a);

#endif /* TC_ADDR_H */

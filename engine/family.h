/* family.h - which address family a testcase script can run on. */
#ifndef TC_FAMILY_H
#define TC_FAMILY_H

#include <stdbool.h>
#include <stddef.h>

#include "addr.h"
#include "ast.h"

/* Tags that pin a script to one family (tags are free text). */
#define TC_FAMILY_TAG_V4ONLY	"ipv4-only"
#define TC_FAMILY_TAG_V6ONLY	"ipv6-only"

/*
 * Why statement `st` cannot run over IPv6, or NULL when it can: ICMP
 * (`send icmp`, `expect icmp`: ICMPv6 is not supported yet) and the IPv4
 * header's own fields (`ipid`, `df`, `ipopts`, `mtu`), which IPv6 lacks.
 * The text is static.
 */
const char *tc_family_stmt_v4only(const struct tc_stmt *st);

/*
 * Can script `s` run on family `fam` (TC_AF_NONE counts as IPv4)?  When
 * it cannot, `why` gets the first reason ("line 6: ICMPv6 is not
 * supported yet ...", "tagged ipv6-only") and false is returned.
 */
bool	tc_family_script_runs(const struct tc_script *s, enum tc_family fam,
	    char *why, size_t cap);

#endif /* TC_FAMILY_H */

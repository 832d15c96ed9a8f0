/* family.c - which address family a testcase script can run on. */
#include "family.h"

#include <stdio.h>
#include <string.h>

/*
 * ORDER FIELDS: fields only IPv4 has, and why (ttl and tos stand for the
 * hop limit and the traffic class on IPv6).
 */
static const char *const v4only_field[TC_FIELD_COUNT] = {
	[TC_FIELD_IPID] = "'ipid' exists only in IPv4 (IPv6 has no "
	    "identification field)",
	[TC_FIELD_DF] = "'df' exists only in IPv4 (IPv6 routers never "
	    "fragment)",
	[TC_FIELD_MTU] = "'mtu' belongs to ICMPv4; ICMPv6 is not supported "
	    "yet",
};

static const char *
pattern_v4only(const struct tc_pattern *p)
{
	const char *why;
	size_t i;

	if (p->icmp)
		return "ICMPv6 is not supported yet (send/expect icmp is "
		    "ICMPv4)";
	if (p->ipopts != NULL)
		return "'ipopts' are IPv4 header options; IPv6 has none";
	for (i = 0; i < p->ncond; i++)
		if ((unsigned)p->cond[i].field < TC_FIELD_COUNT &&
		    (why = v4only_field[p->cond[i].field]) != NULL)
			return why;
	return NULL;
}

const char *
tc_family_stmt_v4only(const struct tc_stmt *st)
{
	const char *why;
	size_t i;

	if (st->kind != TC_STMT_SEND && st->kind != TC_STMT_EXPECT &&
	    st->kind != TC_STMT_EXPECT_NO)
		return NULL;
	for (i = 0; i < st->nalt; i++)
		if ((why = pattern_v4only(&st->alt[i])) != NULL)
			return why;
	return NULL;
}

static bool
has_tag(const struct tc_script *s, const char *tag)
{
	size_t i;

	for (i = 0; i < s->ntags; i++)
		if (strcmp(s->tags[i], tag) == 0)
			return true;
	return false;
}

bool
tc_family_script_runs(const struct tc_script *s, enum tc_family fam,
    char *why, size_t cap)
{
	bool v6 = fam == TC_AF_INET6;
	const char *pin = v6 ? TC_FAMILY_TAG_V4ONLY : TC_FAMILY_TAG_V6ONLY;
	const char *r;
	size_t i;

	if (has_tag(s, pin)) {
		snprintf(why, cap, "tagged %s", pin);
		return false;
	}
	for (i = 0; v6 && i < s->nstmt; i++) {
		if ((r = tc_family_stmt_v4only(&s->stmt[i])) != NULL) {
			snprintf(why, cap, "line %u: %s", s->stmt[i].line, r);
			return false;
		}
	}
	return true;
}

/* sockopt.c - script socket options to setsockopt(2), for every driver. */
#include "sockopt.h"

#include <assert.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

/* ORDER SOCKOPTS: enum tc_sockopt_kind to setsockopt(2) level and name. */
static const struct {
	int		level;
	int		name;
	const char	*text;
	const char	*script;
} sockopt_map[] = {
	[TC_SOCKOPT_RCVBUF] = { SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF", "rcvbuf" },
	[TC_SOCKOPT_SNDBUF] = { SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF", "sndbuf" },
	[TC_SOCKOPT_NODELAY] = { IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY",
	    "nodelay" },
	[TC_SOCKOPT_MAXSEG] = { IPPROTO_TCP, TCP_MAXSEG, "TCP_MAXSEG",
	    "maxseg" },
	[TC_SOCKOPT_KEEPALIVE] = { SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE",
	    "keepalive" },
	[TC_SOCKOPT_KEEPIDLE] = { IPPROTO_TCP, TCP_KEEPIDLE, "TCP_KEEPIDLE",
	    "keepidle" },
	[TC_SOCKOPT_KEEPINTVL] = { IPPROTO_TCP, TCP_KEEPINTVL,
	    "TCP_KEEPINTVL", "keepintvl" },
	[TC_SOCKOPT_KEEPCNT] = { IPPROTO_TCP, TCP_KEEPCNT, "TCP_KEEPCNT",
	    "keepcnt" },
};
static_assert(sizeof(sockopt_map) / sizeof(sockopt_map[0]) ==
    TC_SOCKOPT_COUNT, "sockopt_map must cover enum tc_sockopt_kind");

const char *
tc_sockopt_name(enum tc_sockopt_kind kind)
{
	if ((unsigned)kind >= TC_SOCKOPT_COUNT)
		return NULL;
	return sockopt_map[kind].script;
}

bool
tc_sockopt_lookup(const char *name, size_t len, enum tc_sockopt_kind *out)
{
	size_t i;

	for (i = 0; i < TC_SOCKOPT_COUNT; i++) {
		if (strlen(sockopt_map[i].script) == len &&
		    memcmp(sockopt_map[i].script, name, len) == 0) {
			*out = (enum tc_sockopt_kind)i;
			return true;
		}
	}
	return false;
}

enum tc_err
tc_sockopt_apply(int fd, const struct tc_sockopt *opts, size_t n,
    const char *sock, struct tc_diag *diag)
{
	const struct tc_sockopt *o;
	size_t i;

	if (n > TC_ACTION_OPTS_MAX) {
		tc_diag_set(diag, "setsockopt on %s: %zu options (at most %d)",
		    sock, n, TC_ACTION_OPTS_MAX);
		return TC_ERR_LIMIT;
	}
	for (i = 0; i < n; i++) {
		o = &opts[i];
		if ((unsigned)o->kind >= TC_SOCKOPT_COUNT) {
			tc_diag_set(diag, "setsockopt on %s: unknown option "
			    "%d", sock, (int)o->kind);
			return TC_ERR_UNSUPPORTED;
		}
		assert(sockopt_map[o->kind].text != NULL);
		if (setsockopt(fd, sockopt_map[o->kind].level,
		    sockopt_map[o->kind].name, &o->value,
		    sizeof(o->value)) != 0) {
			tc_diag_errno(diag, "setsockopt %s %d on %s",
			    sockopt_map[o->kind].text, o->value, sock);
			return TC_ERR_SYS;
		}
	}
	return TC_OK;
}

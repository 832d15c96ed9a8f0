/* sockdiag.c - a socket's true TCP state through NETLINK_SOCK_DIAG. */
#include "sockdiag.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "netns.h"

#define SOCKDIAG_BUFSZ	32768

/*
 * Linux TCP states (include/net/tcp_states.h); the last two are not in
 * <netinet/tcp.h>.
 */
enum linux_tcp_state {
	LTCP_ESTABLISHED = 1,
	LTCP_SYN_SENT,
	LTCP_SYN_RECV,
	LTCP_FIN_WAIT1,
	LTCP_FIN_WAIT2,
	LTCP_TIME_WAIT,
	LTCP_CLOSE,
	LTCP_CLOSE_WAIT,
	LTCP_LAST_ACK,
	LTCP_LISTEN,
	LTCP_CLOSING,
	LTCP_NEW_SYN_RECV,
	LTCP_BOUND_INACTIVE
};

struct tc_sockdiag {
	struct mnl_socket *nl;		/* (owned) */
	unsigned	portid;
	unsigned	seq;
	char		buf[SOCKDIAG_BUFSZ];
};

/* What one dump found for one tuple. */
struct match {
	const struct tc_tuple *t;	/* (borrowed) */
	int		af;
	bool		found;
	unsigned	state;		/* Linux state of the best match */
	bool		listener;
};

bool
tc_sockdiag_map(unsigned linux_state, enum tc_fsm_state *out)
{
	static const enum tc_fsm_state map[] = {
		[LTCP_ESTABLISHED] = TC_FSM_ESTABLISHED,
		[LTCP_SYN_SENT] = TC_FSM_SYN_SENT,
		[LTCP_SYN_RECV] = TC_FSM_SYN_RECEIVED,
		[LTCP_FIN_WAIT1] = TC_FSM_FIN_WAIT_1,
		[LTCP_FIN_WAIT2] = TC_FSM_FIN_WAIT_2,
		[LTCP_TIME_WAIT] = TC_FSM_TIME_WAIT,
		[LTCP_CLOSE] = TC_FSM_CLOSED,
		[LTCP_CLOSE_WAIT] = TC_FSM_CLOSE_WAIT,
		[LTCP_LAST_ACK] = TC_FSM_LAST_ACK,
		[LTCP_LISTEN] = TC_FSM_LISTEN,
		[LTCP_CLOSING] = TC_FSM_CLOSING,
		[LTCP_NEW_SYN_RECV] = TC_FSM_SYN_RECEIVED,
		[LTCP_BOUND_INACTIVE] = TC_FSM_CLOSED,
	};

	if (linux_state == 0 || linux_state >= sizeof(map) / sizeof(map[0]))
		return false;
	*out = map[linux_state];
	return true;
}

enum tc_err
tc_sockdiag_new(int netns_fd, struct tc_sockdiag **out, struct tc_diag *diag)
{
	struct tc_sockdiag *sd;
	enum tc_err err = TC_OK;
	int saved;

	*out = NULL;
	sd = calloc(1, sizeof(*sd));
	if (sd == NULL) {
		tc_diag_set(diag, "sock_diag: out of memory");
		return TC_ERR_NOMEM;
	}
	err = tc_netns_enter(netns_fd, &saved, diag);
	if (err) {
		free(sd);
		return err;
	}
	/* The dump lists the sockets of the namespace this socket is in. */
	sd->nl = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
	if (sd->nl == NULL) {
		tc_diag_errno(diag, "socket(NETLINK_SOCK_DIAG)");
		err = errno == EPERM ? TC_ERR_PERM : TC_ERR_SYS;
	} else if (mnl_socket_bind(sd->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		tc_diag_errno(diag, "bind NETLINK_SOCK_DIAG");
		err = TC_ERR_SYS;
	}
	if (tc_netns_leave(saved, diag) != TC_OK)
		err = TC_ERR_SYS;
	if (err) {
		tc_sockdiag_free(sd);
		return err;
	}
	sd->portid = mnl_socket_get_portid(sd->nl);
	*out = sd;
	return TC_OK;
}

void
tc_sockdiag_free(struct tc_sockdiag *sd)
{
	if (sd == NULL)
		return;
	if (sd->nl != NULL)
		mnl_socket_close(sd->nl);
	free(sd);
}

static bool
tuple_match(const struct inet_diag_msg *m, const struct tc_tuple *t)
{
	size_t alen = tc_addr_len(&t->target_addr);

	return ntohs(m->id.idiag_sport) == t->target_port &&
	    ntohs(m->id.idiag_dport) == t->peer_port &&
	    memcmp(m->id.idiag_src, t->target_addr.bytes, alen) == 0 &&
	    memcmp(m->id.idiag_dst, t->peer_addr.bytes, alen) == 0;
}

static int
dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct inet_diag_msg *m = mnl_nlmsg_get_payload(nlh);
	struct match *mt = data;
	enum tc_fsm_state st;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*m)) ||
	    m->idiag_family != mt->af)
		return MNL_CB_OK;
	if (m->idiag_state == LTCP_LISTEN) {
		if (ntohs(m->id.idiag_sport) == mt->t->target_port)
			mt->listener = true;
		return MNL_CB_OK;
	}
	if (!tuple_match(m, mt->t))
		return MNL_CB_OK;
	/*
	 * A live socket beats a closed one that is only still bound (e.g.
	 * reset, with the application's fd still open).
	 */
	if (!mt->found || (tc_sockdiag_map(mt->state, &st) &&
	    st == TC_FSM_CLOSED)) {
		mt->found = true;
		mt->state = m->idiag_state;
	}
	return MNL_CB_OK;
}

static enum tc_err
dump(struct tc_sockdiag *sd, struct match *mt, struct tc_diag *diag)
{
	struct inet_diag_req_v2 *req;
	struct nlmsghdr *nlh;
	unsigned seq;
	ssize_t n;
	int ret;

	nlh = mnl_nlmsg_put_header(sd->buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq = ++sd->seq;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = (uint8_t)mt->af;
	req->sdiag_protocol = IPPROTO_TCP;
	/* Every state, TIME-WAIT and request sockets included. */
	req->idiag_states = ~0U;
	if (mnl_socket_sendto(sd->nl, nlh, nlh->nlmsg_len) < 0)
		goto fail;
	do {
		n = mnl_socket_recvfrom(sd->nl, sd->buf, sizeof(sd->buf));
		if (n < 0)
			goto fail;
		ret = mnl_cb_run(sd->buf, (size_t)n, seq, sd->portid,
		    dump_cb, mt);
	} while (ret > MNL_CB_STOP);
	if (ret < 0)
		goto fail;
	return TC_OK;
fail:
	tc_diag_errno(diag, "sock_diag TCP dump%s",
	    errno == ENOENT ? " (is the tcp_diag module loaded?)" : "");
	return TC_ERR_SYS;
}

enum tc_err
tc_sockdiag_state(struct tc_sockdiag *sd, const struct tc_tuple *tuple,
    enum tc_fsm_state *out, bool *listening, struct tc_diag *diag)
{
	struct match mt = { .t = tuple };
	enum tc_err err;

	*out = TC_FSM_CLOSED;
	if (listening != NULL)
		*listening = false;
	switch (tuple->target_addr.family) {
	case TC_AF_INET:
		mt.af = AF_INET;
		break;
	case TC_AF_INET6:
		mt.af = AF_INET6;
		break;
	default:
		tc_diag_set(diag, "sock_diag: tuple without an address family");
		return TC_ERR_INVAL;
	}
	err = dump(sd, &mt, diag);
	if (err)
		return err;
	if (!mt.found) {
		if (listening != NULL)
			*listening = mt.listener;
		return TC_OK;
	}
	if (!tc_sockdiag_map(mt.state, out)) {
		tc_diag_set(diag, "sock_diag: unknown Linux TCP state %u",
		    mt.state);
		return TC_ERR_UNSUPPORTED;
	}
	return TC_OK;
}

/* neigh.c - ask, wait, ask again: the part ARP and ND share. */
#include "neigh.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "clock.h"

#define NEIGH_TRIES	3

enum tc_err
tc_neigh_resolve(const struct tc_neigh_query *q, int timeout_ms,
    uint8_t out[6], struct tc_diag *diag)
{
	const struct tc_neigh_proto *p;
	char text[TC_ADDR_STRLEN];
	struct pollfd pfd;
	enum tc_err err;
	int64_t end;
	int i, left;

	tc_addr_format(q->ip, text, sizeof(text));
	if (q->src->family != q->ip->family ||
	    q->ip->family == TC_AF_NONE) {
		tc_diag_set(diag, "resolving %s: the source address is of "
		    "another family", text);
		return TC_ERR_INVAL;
	}
	p = q->ip->family == TC_AF_INET6 ? &tc_neigh_nd : &tc_neigh_arp;
	if ((err = p->open(q, &pfd.fd, diag)) != TC_OK)
		return err;
	pfd.events = POLLIN;
	for (i = 0; i < NEIGH_TRIES && !err; i++) {
		err = p->ask(pfd.fd, q, diag);
		end = tc_mono_ms() + timeout_ms / NEIGH_TRIES;
		while (!err && (left = (int)(end - tc_mono_ms())) > 0) {
			if (poll(&pfd, 1, left) < 0 && errno != EINTR) {
				tc_diag_errno(diag, "waiting for a %s",
				    p->answer_name);
				err = TC_ERR_SYS;
			} else if (p->answer(pfd.fd, q, out)) {
				close(pfd.fd);
				return TC_OK;
			}
		}
	}
	close(pfd.fd);
	if (err)
		return err;
	tc_diag_set(diag, "no %s from %s on %s within %d ms", p->answer_name,
	    text, q->ifname, timeout_ms);
	return TC_ERR_TIMEOUT;
}

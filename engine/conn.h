/* conn.h - one connection's sequence bookkeeping and its reference model. */
#ifndef TC_CONN_H
#define TC_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fsm.h"
#include "segment.h"
#include "target.h"

/*
 * What the tester knows of the connection under test.  "snd" is the
 * tester's side, "tgt" the target's; the FSM models the target.
 */
struct tc_conn {
	uint32_t	isn;		/* ours */
	uint32_t	snd_nxt;	/* next in-sequence number we send */
	uint32_t	snd_max;	/* highest sequence end we sent */
	bool		peer_known;
	uint32_t	peer;		/* the target's ISN */
	uint32_t	rcv_nxt;	/* next in-sequence number from target */
	uint32_t	tgt_max;	/* highest sequence end target sent */
	bool		tgt_fin;
	uint32_t	tgt_fin_seq;	/* sequence number of target's FIN */
	uint32_t	tgt_wnd;	/* the target's last advertised window */
	bool		ooo_fin;	/* we sent a FIN past a hole */
	uint32_t	ooo_fin_seq;
	struct tc_fsm	fsm;
};

void	tc_conn_init(struct tc_conn *c, uint32_t isn, tc_fsm_trace_cb trace,
	    void *arg);
/* A segment we sent (decoded from the exact frame), fed to the model. */
void	tc_conn_on_send(struct tc_conn *c, const struct tc_segment *seg);
/*
 * A segment the target sent.  Learns `peer` from its first SYN, checks
 * hygiene (checksum, data offset), the reference model's rules for the
 * current state and the sequence invariants (acks only what was sent; no
 * gap after what the target sent; SYN and FIN consume one number each).
 * Returns false with *why filled on a violation; the model still advances.
 */
bool	tc_conn_on_recv(struct tc_conn *c, const struct tc_segment *seg,
	    char *why, size_t cap);
/* A target-side action on the connection (is_conn) or a listener. */
void	tc_conn_on_action(struct tc_conn *c, enum tc_action_kind kind,
	    int how, bool is_conn);

#endif /* TC_CONN_H */

/* conn.c - classifying segments into reference-model events; invariants. */
#include "conn.h"

#include <stdio.h>
#include <sys/socket.h>

#include "seq.h"

/* Our segments farther than this from our ISN are deliberate oddities
 * (old duplicates, out-of-window probes) and must not move SND.MAX. */
#define PLAUSIBLE_SPAN	(UINT32_C(1) << 30)

void
tc_conn_init(struct tc_conn *c, uint32_t isn, tc_fsm_trace_cb trace,
    void *arg)
{
	*c = (struct tc_conn){ .isn = isn, .snd_nxt = isn, .snd_max = isn };
	tc_fsm_init(&c->fsm, trace, arg);
}

static uint32_t
seg_len(const struct tc_segment *s)
{
	return (uint32_t)s->payload_len + !!(s->flags & TC_TH_SYN) +
	    !!(s->flags & TC_TH_FIN);
}

/* RFC 9293 3.10.7.3 and RFC 5961 3.2: which RSTs the target must obey. */
static bool
rst_acceptable(const struct tc_conn *c, const struct tc_segment *s)
{
	enum tc_fsm_state st = c->fsm.state;

	if (st == TC_FSM_SYN_SENT)
		return (s->flags & TC_TH_ACK) && c->peer_known &&
		    s->ack == c->peer + 1;
	if (st == TC_FSM_LISTEN || st == TC_FSM_CLOSED)
		return false;
	return s->seq == c->snd_nxt;
}

static void
on_send_syn(struct tc_conn *c, const struct tc_segment *s)
{
	enum tc_fsm_state st = c->fsm.state;

	if (!(s->flags & TC_TH_ACK)) {
		/* In SYN-RECEIVED a retransmission of the SYN being answered
		 * fails the sequence check (RFC 9293 3.10.7.4, first) and is
		 * only ACKed; a new SYN in the window is the fourth check. */
		if (st != TC_FSM_SYN_RECEIVED || tc_seq_geq(s->seq, c->snd_nxt))
			tc_fsm_step(&c->fsm, TC_FSM_EV_RCV_SYN);
	} else if (st == TC_FSM_SYN_SENT || st == TC_FSM_SYN_RECEIVED) {
		/* SYN-RECEIVED: the second SYN-ACK of a simultaneous open
		 * (RFC 9293 Figure 8). */
		if (c->peer_known && s->ack == c->peer + 1)
			tc_fsm_step(&c->fsm, TC_FSM_EV_RCV_SYN_ACK);
	} else if (tc_fsm_synchronized(st)) {
		/* RFC 5961 4.2: any SYN here draws a challenge ACK. */
		tc_fsm_step(&c->fsm, TC_FSM_EV_RCV_SYN);
	}
	/* Data on a SYN may be queued or dropped (RFC 9293 3.10.7.2);
	 * without Fast Open it is not acknowledged, so only the SYN counts
	 * until an ACK says otherwise. */
	if (st == TC_FSM_LISTEN || st == TC_FSM_SYN_SENT)
		c->snd_nxt = s->seq + 1;
}

/*
 * RFC 9293 3.10.7.4, fifth: without ACK the segment is dropped; one that
 * acknowledges what the target never sent (SEG.ACK > SND.NXT) draws an
 * ACK and is dropped too.  Either way nothing in it counts.
 */
static bool
ack_acceptable(const struct tc_conn *c, const struct tc_segment *s)
{
	if (!(s->flags & TC_TH_ACK))
		return false;
	return !c->peer_known || tc_seq_leq(s->ack, c->tgt_max);
}

/* ACK then FIN, in the order of RFC 9293 3.10.7.4 (fifth, eighth). */
static void
on_send_ack_fin(struct tc_conn *c, const struct tc_segment *s)
{
	bool in_seq = s->seq == c->snd_nxt, fin = false;
	enum tc_fsm_state st = c->fsm.state;

	if (!ack_acceptable(c, s))
		return;
	/* RFC 9293 3.10.7.4: the sequence check comes first; old or
	 * out-of-window segments are answered and dropped, whatever they
	 * acknowledge. */
	if (st == TC_FSM_SYN_RECEIVED && c->peer_known &&
	    s->ack == c->peer + 1 && tc_seq_acceptable(s->seq,
	    seg_len(s), c->snd_nxt, c->tgt_wnd ? c->tgt_wnd : 1))
		tc_fsm_step(&c->fsm, TC_FSM_EV_RCV_ACK_SYN);
	st = c->fsm.state;
	if (in_seq && c->tgt_fin && tc_seq_geq(s->ack, c->tgt_fin_seq + 1) &&
	    (st == TC_FSM_FIN_WAIT_1 || st == TC_FSM_CLOSING ||
	    st == TC_FSM_LAST_ACK))
		tc_fsm_step(&c->fsm, TC_FSM_EV_RCV_ACK_FIN);
	if (!in_seq) {
		/* A FIN past a hole waits for the hole to be filled. */
		if ((s->flags & TC_TH_FIN) && tc_seq_gt(s->seq, c->snd_nxt)) {
			c->ooo_fin = true;
			c->ooo_fin_seq = s->seq + (uint32_t)s->payload_len;
		}
		return;
	}
	c->snd_nxt += (uint32_t)s->payload_len;
	if (s->flags & TC_TH_FIN)
		fin = true;
	else if (c->ooo_fin && c->snd_nxt == c->ooo_fin_seq)
		fin = true;
	if (fin && tc_fsm_synchronized(c->fsm.state)) {
		tc_fsm_step(&c->fsm, TC_FSM_EV_RCV_FIN);
		c->snd_nxt++;
		c->ooo_fin = false;
	}
}

void
tc_conn_on_send(struct tc_conn *c, const struct tc_segment *s)
{
	uint32_t end = s->seq + seg_len(s);

	if (end - c->isn < PLAUSIBLE_SPAN && tc_seq_gt(end, c->snd_max))
		c->snd_max = end;
	if (s->flags & TC_TH_RST) {
		if (rst_acceptable(c, s))
			tc_fsm_step(&c->fsm, TC_FSM_EV_RCV_RST);
		return;
	}
	if (s->flags & TC_TH_SYN)
		on_send_syn(c, s);
	else
		on_send_ack_fin(c, s);
}

static bool
hygiene(const struct tc_segment *s, char *why, size_t cap)
{
	if (s->status != TC_DEC_OK) {
		snprintf(why, cap, "malformed segment from the target (%s)",
		    tc_dec_name(s->status));
		return false;
	}
	if (!s->csum_ok) {
		snprintf(why, cap, "the target sent a bad TCP checksum "
		    "(0x%04x; RFC 9293 3.1 MUST-2)", s->csum);
		return false;
	}
	return true;
}

static bool
invariants(const struct tc_conn *c, const struct tc_segment *s, char *why,
    size_t cap)
{
	uint32_t end = s->seq + seg_len(s);

	if ((s->flags & (TC_TH_ACK | TC_TH_RST)) == TC_TH_ACK &&
	    tc_seq_gt(s->ack, c->snd_max)) {
		snprintf(why, cap, "the target acknowledges %u, beyond "
		    "anything sent (SND.MAX is isn+%u)", s->ack,
		    c->snd_max - c->isn);
		return false;
	}
	if (!c->peer_known || (s->flags & (TC_TH_SYN | TC_TH_RST)))
		return true;
	if (tc_seq_gt(s->seq, c->tgt_max)) {
		snprintf(why, cap, "sequence gap: the target sent seq %u "
		    "(peer+%u) but had sent only up to peer+%u", s->seq,
		    s->seq - c->peer, c->tgt_max - c->peer);
		return false;
	}
	if (c->tgt_fin && tc_seq_gt(end, c->tgt_fin_seq + 1)) {
		snprintf(why, cap, "the target sent sequence space past its "
		    "FIN at peer+%u (a FIN consumes exactly one number)",
		    c->tgt_fin_seq - c->peer);
		return false;
	}
	if (c->tgt_fin && (s->flags & TC_TH_FIN) &&
	    s->seq + s->payload_len != c->tgt_fin_seq) {
		snprintf(why, cap, "the target's FIN moved from peer+%u to "
		    "peer+%u", c->tgt_fin_seq - c->peer,
		    (uint32_t)(s->seq + s->payload_len - c->peer));
		return false;
	}
	return true;
}

static void
learn(struct tc_conn *c, const struct tc_segment *s)
{
	uint32_t end = s->seq + seg_len(s);

	if ((s->flags & TC_TH_SYN) && !c->peer_known) {
		c->peer_known = true;
		c->peer = s->seq;
		c->rcv_nxt = s->seq + 1;
		c->tgt_max = s->seq + 1;
	}
	/* The target took more than the model assumed (data on a SYN,
	 * out-of-order data once a hole was filled): follow its ACK. */
	if ((s->flags & (TC_TH_ACK | TC_TH_RST)) == TC_TH_ACK &&
	    tc_seq_gt(s->ack, c->snd_nxt) && tc_seq_leq(s->ack, c->snd_max))
		c->snd_nxt = s->ack;
	if (!c->peer_known || (s->flags & TC_TH_RST))
		return;
	if (tc_seq_gt(end, c->tgt_max))
		c->tgt_max = end;
	/* The window the target offers (unscaled: exact on SYN-ACKs, a
	 * lower bound after a scale was negotiated). */
	c->tgt_wnd = s->win;
	if ((s->flags & TC_TH_FIN) && !c->tgt_fin) {
		c->tgt_fin = true;
		c->tgt_fin_seq = s->seq + (uint32_t)s->payload_len;
	}
	if (s->seq == c->rcv_nxt && !(s->flags & TC_TH_SYN))
		c->rcv_nxt = end;
}

bool
tc_conn_on_recv(struct tc_conn *c, const struct tc_segment *s, char *why,
    size_t cap)
{
	const char *rule = NULL;
	bool ok;

	ok = hygiene(s, why, cap);
	if (ok && !tc_fsm_allows(c->fsm.state, s->flags, s->payload_len,
	    &rule)) {
		snprintf(why, cap, "the target may not send this in %s: %s",
		    tc_fsm_state_name(c->fsm.state), rule ? rule : "?");
		ok = false;
	}
	if (ok)
		ok = invariants(c, s, why, cap);
	learn(c, s);
	if ((s->flags & TC_TH_RST) && tc_fsm_synchronized(c->fsm.state))
		tc_fsm_step(&c->fsm, TC_FSM_EV_SND_RST);
	return ok;
}

void
tc_conn_on_action(struct tc_conn *c, enum tc_action_kind kind, int how,
    bool is_conn)
{
	enum tc_fsm_state st = c->fsm.state;

	switch (kind) {
	case TC_ACT_LISTEN:
		if (st == TC_FSM_CLOSED)
			tc_fsm_step(&c->fsm, TC_FSM_EV_APP_LISTEN);
		return;
	case TC_ACT_CONNECT:
		tc_fsm_step(&c->fsm, TC_FSM_EV_APP_CONNECT);
		return;
	case TC_ACT_SHUTDOWN:
		if (is_conn && how != SHUT_RD)
			tc_fsm_step(&c->fsm, TC_FSM_EV_APP_CLOSE);
		return;
	case TC_ACT_CLOSE:
		if (is_conn || st == TC_FSM_LISTEN)
			tc_fsm_step(&c->fsm, TC_FSM_EV_APP_CLOSE);
		return;
	case TC_ACT_ABORT:
		if (is_conn || st == TC_FSM_LISTEN)
			tc_fsm_step(&c->fsm, TC_FSM_EV_APP_ABORT);
		return;
	case TC_ACT_ACCEPT:
	case TC_ACT_WRITE:
	case TC_ACT_READ:
	case TC_ACT_SETOPT:
	case TC_ACT_COUNT:
		return;
	}
}

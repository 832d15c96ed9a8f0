/* fsm.h - the reference TCP state machine of RFC 9293 (Figure 5, 3.10). */
#ifndef TC_FSM_H
#define TC_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * ORDER STATES: RFC 9293 Figure 5 order, so that "synchronized" is a range
 * test (>= TC_FSM_ESTABLISHED) as in BSD's TCPS_HAVEESTABLISHED.
 */
enum tc_fsm_state {
	TC_FSM_CLOSED,
	TC_FSM_LISTEN,
	TC_FSM_SYN_SENT,
	TC_FSM_SYN_RECEIVED,
	TC_FSM_ESTABLISHED,
	TC_FSM_FIN_WAIT_1,
	TC_FSM_FIN_WAIT_2,
	TC_FSM_CLOSE_WAIT,
	TC_FSM_CLOSING,
	TC_FSM_LAST_ACK,
	TC_FSM_TIME_WAIT,
	TC_FSM_STATE_COUNT
};

/*
 * ORDER EVENTS: what happens to the modelled (target's) connection.  RCV_*
 * are segments the target receives, already judged acceptable by the
 * caller (sequence checks live in the engine, not here); SND_* are
 * segments the target was seen sending; APP_* are target-side calls.
 */
enum tc_fsm_event {
	TC_FSM_EV_APP_LISTEN,	/* passive OPEN */
	TC_FSM_EV_APP_CONNECT,	/* active OPEN: a SYN goes out */
	TC_FSM_EV_APP_CLOSE,	/* CLOSE (or shutdown for writing) */
	TC_FSM_EV_APP_ABORT,	/* ABORT (close with SO_LINGER 0) */
	TC_FSM_EV_RCV_SYN,	/* SYN without ACK */
	TC_FSM_EV_RCV_SYN_ACK,	/* SYN-ACK acknowledging our SYN */
	TC_FSM_EV_RCV_ACK_SYN,	/* ACK that acknowledges the target's SYN */
	TC_FSM_EV_RCV_ACK_FIN,	/* ACK that acknowledges the target's FIN */
	TC_FSM_EV_RCV_FIN,	/* in-sequence FIN */
	TC_FSM_EV_RCV_RST,	/* acceptable RST (SEG.SEQ == RCV.NXT) */
	TC_FSM_EV_SND_RST,	/* the target sent a RST (it aborted) */
	TC_FSM_EV_TIMEOUT,	/* 2MSL in TIME-WAIT, or retransmission gave up */
	TC_FSM_EV_COUNT
};

/* What the target should send in answer, per the RFC. */
enum tc_fsm_action {
	TC_FSM_ACT_NONE,
	TC_FSM_ACT_SYN,
	TC_FSM_ACT_SYN_ACK,
	TC_FSM_ACT_ACK,
	TC_FSM_ACT_FIN,
	TC_FSM_ACT_RST,
	TC_FSM_ACT_CHALLENGE_ACK,	/* RFC 5961 3.2/4.2 */
	TC_FSM_ACT_COUNT
};

/* One cell of the [state][event] table. */
struct tc_fsm_row {
	enum tc_fsm_state	next;
	enum tc_fsm_action	action;
	bool			defined; /* false: event not expected here */
	const char		*ref;	 /* "RFC9293 3.10.7.3", ... */
};

/* Called on every state change (old, new, event) for tracing. */
typedef void (*tc_fsm_trace_cb)(void *arg, enum tc_fsm_state from,
	    enum tc_fsm_state to, enum tc_fsm_event ev, const char *ref);

struct tc_fsm {
	enum tc_fsm_state	state;
	bool			passive; /* entered SYN-RECEIVED from LISTEN */
	tc_fsm_trace_cb		trace;	 /* may be NULL */
	void			*trace_arg; /* (borrowed) */
};

void	tc_fsm_init(struct tc_fsm *f, tc_fsm_trace_cb trace, void *arg);
/* The table cell for (state, event); never NULL. */
const struct tc_fsm_row *tc_fsm_lookup(enum tc_fsm_state s,
	    enum tc_fsm_event ev);
/*
 * Applies an event: moves to row->next (RST in a passively opened
 * SYN-RECEIVED returns to LISTEN, RFC 9293 3.10.7.4) and returns the row.
 * A passive SYN-RECEIVED also returns to LISTEN on RCV_SYN (3.10.7.4
 * fourth) and on TIMEOUT, so the row returned then differs from
 * tc_fsm_lookup's.  An undefined row leaves the state as it is.
 */
const struct tc_fsm_row *tc_fsm_step(struct tc_fsm *f, enum tc_fsm_event ev);
/* The one place the state changes; traces old -> new. */
void	tc_fsm_set_state(struct tc_fsm *f, enum tc_fsm_state to,
	    enum tc_fsm_event ev, const char *ref);
/*
 * May a target in state `s` send a segment with these flags and this much
 * data?  (RST is always allowed; SYN only in SYN-SENT/SYN-RECEIVED; FIN only
 * where the target has closed: FIN-WAIT-1, CLOSING, LAST-ACK and, for a
 * retransmission, TIME-WAIT is NOT included since its FIN was acked; data
 * only where the target may still send.)  On false, *why names the rule.
 */
bool	tc_fsm_allows(enum tc_fsm_state s, uint8_t flags, size_t payload_len,
	    const char **why);

/* Canonical RFC spelling: "SYN-RECEIVED", "TIME-WAIT", ... */
const char *tc_fsm_state_name(enum tc_fsm_state s);
/* Accepts RFC spellings with '-' or '_' in any case (SYN_RCVD too). */
bool	tc_fsm_state_parse(const char *name, enum tc_fsm_state *out);
const char *tc_fsm_event_name(enum tc_fsm_event ev);
const char *tc_fsm_action_name(enum tc_fsm_action a);
static inline bool
tc_fsm_synchronized(enum tc_fsm_state s)
{
	return s >= TC_FSM_ESTABLISHED;
}

#endif /* TC_FSM_H */

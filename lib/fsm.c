/* fsm.c - the reference TCP state machine of RFC 9293 as a table. */
#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "fsm.h"
#include "segment.h"	/* TC_TH_* flag bits only; tc_packet is not linked */

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* What a state lets the target send, besides RST and pure ACKs. */
struct state_info {
	const char	*name;	   /* RFC 9293 spelling */
	bool		may_fin;   /* our FIN is out and not yet acknowledged */
	bool		may_data;  /* new data or a retransmission of it */
};

/* Spellings other than the RFC's that tools print. */
struct state_alias {
	const char		*name;	/* upper case, '-' for '_' */
	enum tc_fsm_state	state;
};

/* Runs after the state changed to its index; `from` is the old state. */
typedef void (*enter_fn)(struct tc_fsm *f, enum tc_fsm_state from);

static void	enter_closed(struct tc_fsm *f, enum tc_fsm_state from);
static void	enter_syn_received(struct tc_fsm *f, enum tc_fsm_state from);
static bool	state_ok(enum tc_fsm_state s);
static bool	refuse(const char **why, const char *rule);

static const struct tc_fsm_row table[TC_FSM_STATE_COUNT][TC_FSM_EV_COUNT];
static const struct tc_fsm_row passive_rows[TC_FSM_EV_COUNT];
static const struct tc_fsm_row bad_row;
static const struct state_info states[TC_FSM_STATE_COUNT];
static const struct state_alias aliases[6];
static const enter_fn on_enter[TC_FSM_STATE_COUNT];
static const char *const event_names[TC_FSM_EV_COUNT];
static const char *const action_names[TC_FSM_ACT_COUNT];

void
tc_fsm_init(struct tc_fsm *f, tc_fsm_trace_cb trace, void *arg)
{
	f->state = TC_FSM_CLOSED;
	f->passive = false;
	f->trace = trace;
	f->trace_arg = arg;
}

const struct tc_fsm_row *
tc_fsm_lookup(enum tc_fsm_state s, enum tc_fsm_event ev)
{
	if (!state_ok(s) || (unsigned)ev >= TC_FSM_EV_COUNT)
		return &bad_row;
	return &table[s][ev];
}

const struct tc_fsm_row *
tc_fsm_step(struct tc_fsm *f, enum tc_fsm_event ev)
{
	const struct tc_fsm_row *row;

	row = tc_fsm_lookup(f->state, ev);
	/*
	 * A passively opened SYN-RECEIVED answers to its listener: RFC 9293
	 * 3.10.7.4 sends it back to LISTEN on RST and on an in-window SYN,
	 * and the listener outlives a handshake that timed out.
	 */
	if (f->state == TC_FSM_SYN_RECEIVED && f->passive &&
	    row != &bad_row && passive_rows[ev].ref != NULL)
		row = &passive_rows[ev];
	if (row->defined)
		tc_fsm_set_state(f, row->next, ev, row->ref);
	return row;
}

void
tc_fsm_set_state(struct tc_fsm *f, enum tc_fsm_state to,
    enum tc_fsm_event ev, const char *ref)
{
	enum tc_fsm_state from = f->state;

	assert(state_ok(to));
	if (!state_ok(to) || to == from)
		return;
	f->state = to;
	if (on_enter[to] != NULL)
		on_enter[to](f, from);
	if (f->trace != NULL)
		f->trace(f->trace_arg, from, to, ev, ref);
}

static void
enter_closed(struct tc_fsm *f, enum tc_fsm_state from)
{
	(void)from;
	f->passive = false;
}

static void
enter_syn_received(struct tc_fsm *f, enum tc_fsm_state from)
{
	/* RFC 9293 3.10.7.4: remember whether LISTEN is the way back. */
	f->passive = from == TC_FSM_LISTEN;
}

/*
 * The rules, in order: RST always; nothing else from CLOSED or LISTEN;
 * SYN-SENT sends only its SYN; a SYN-ACK only from SYN-RECEIVED; from
 * SYN-RECEIVED on, every segment carries ACK; FIN only while ours is
 * unacknowledged; data only where the target may still send it, or on
 * its SYN or SYN-ACK (RFC 9293 3.4 lets a SYN carry data; RFC 7413).
 */
bool
tc_fsm_allows(enum tc_fsm_state s, uint8_t flags, size_t payload_len,
    const char **why)
{
	bool syn = (flags & TC_TH_SYN) != 0, ack = (flags & TC_TH_ACK) != 0;

	if (why != NULL)
		*why = NULL;
	if (!state_ok(s))
		return refuse(why, "state out of range");
	if (flags & TC_TH_RST)
		return true;
	if (s == TC_FSM_CLOSED || s == TC_FSM_LISTEN)
		return refuse(why, "only RST from CLOSED or LISTEN "
		    "(RFC9293 3.10.7.1, 3.10.7.2)");
	if (s == TC_FSM_SYN_SENT && (!syn || ack))
		return refuse(why, "SYN-SENT sends only its SYN, without ACK "
		    "(RFC9293 3.10.1)");
	if (s != TC_FSM_SYN_SENT && syn && !ack)
		return refuse(why, "SYN without ACK only in SYN-SENT "
		    "(RFC9293 3.10.1)");
	if (s != TC_FSM_SYN_RECEIVED && s != TC_FSM_SYN_SENT && syn)
		return refuse(why, "SYN-ACK only in SYN-RECEIVED "
		    "(RFC9293 3.10.7.2, 3.10.7.3)");
	if (s != TC_FSM_SYN_SENT && !ack)
		return refuse(why, "ACK missing after the SYN "
		    "(RFC9293 3.10.7.4 fifth)");
	if ((flags & TC_TH_FIN) && !states[s].may_fin)
		return refuse(why, "FIN only while ours is unacknowledged: "
		    "FIN-WAIT-1, CLOSING, LAST-ACK (RFC9293 3.10.4)");
	if (payload_len > 0 && !syn && !states[s].may_data)
		return refuse(why, "no data in this state (RFC9293 3.10.2)");
	return true;
}

const char *
tc_fsm_state_name(enum tc_fsm_state s)
{
	return state_ok(s) ? states[s].name : "?";
}

/*
 * Accepts, in any case and with '-' and '_' interchangeable, the RFC 9293
 * names ("SYN-RECEIVED", "fin_wait_1") and the aliases below: BSD
 * netstat's SYN_RCVD, Linux's SYN_RECV, FIN_WAIT1, FIN_WAIT2, and ss's
 * ESTAB and CLOSE (Linux TCP_CLOSE).  Nothing is matched by prefix.
 */
bool
tc_fsm_state_parse(const char *name, enum tc_fsm_state *out)
{
	char buf[16];
	size_t i, n;

	if (name == NULL || (n = strlen(name)) == 0 || n >= sizeof(buf))
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (c == '_')
			c = '-';
		else if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		buf[i] = c;
	}
	buf[n] = '\0';
	for (i = 0; i < TC_FSM_STATE_COUNT; i++) {
		if (strcmp(buf, states[i].name) == 0) {
			*out = (enum tc_fsm_state)i;
			return true;
		}
	}
	for (i = 0; i < NITEMS(aliases); i++) {
		if (strcmp(buf, aliases[i].name) == 0) {
			*out = aliases[i].state;
			return true;
		}
	}
	return false;
}

const char *
tc_fsm_event_name(enum tc_fsm_event ev)
{
	return (unsigned)ev < TC_FSM_EV_COUNT ? event_names[ev] : "?";
}

const char *
tc_fsm_action_name(enum tc_fsm_action a)
{
	return (unsigned)a < TC_FSM_ACT_COUNT ? action_names[a] : "?";
}

static bool
state_ok(enum tc_fsm_state s)
{
	return (unsigned)s < TC_FSM_STATE_COUNT;
}

static bool
refuse(const char **why, const char *rule)
{
	if (why != NULL)
		*why = rule;
	return false;
}

/*
 * The tables are sized by _COUNT, so these are what catches a new state,
 * event or action: each must be placed in every table below (fsm_test
 * then fails on any cell or name left NULL).
 */
static_assert(TC_FSM_STATE_COUNT == 11, "RFC 9293 Figure 5 has 11 states");
static_assert(TC_FSM_EV_COUNT == 12, "place the new event in every row");
static_assert(TC_FSM_ACT_COUNT == 7, "name the new action");
static_assert(NITEMS(table) == TC_FSM_STATE_COUNT &&
    NITEMS(table[0]) == TC_FSM_EV_COUNT, "ORDER STATES, ORDER EVENTS");

#define CELL(ev, to, act, r)	[TC_FSM_EV_##ev] = { .next = TC_FSM_##to, \
	.action = TC_FSM_ACT_##act, .defined = true, .ref = (r) }
/* Not expected here: the state stays and nothing is sent. */
#define UNDEF(ev, here, r)	[TC_FSM_EV_##ev] = { .next = TC_FSM_##here, \
	.action = TC_FSM_ACT_NONE, .defined = false, .ref = (r) }

#define R_OPEN		"RFC9293 3.10.1"
#define R_CLOSE		"RFC9293 3.10.4"
#define R_ABORT		"RFC9293 3.10.5"
#define R_CLOSED	"RFC9293 3.10.7.1"
#define R_LISTEN	"RFC9293 3.10.7.2"
#define R_SYN_SENT	"RFC9293 3.10.7.3"
#define R_OTHER		"RFC9293 3.10.7.4"
#define R_TIMEOUT	"RFC9293 3.10.8"
#define R_SIMOPEN	"RFC9293 3.5 (Figure 8)"
#define R_CHAL		"RFC5961 4.2; RFC9293 3.10.7.4"
#define R_RESET		"RFC5961 3.2; RFC9293 3.10.7.4"
#define R_ABORTED	"RFC9293 3.10.5 (target aborted)"
#define R_EXISTS	"RFC9293 3.10.1 (error: connection already exists)"
#define R_CLOSING	"RFC9293 3.10.4 (error: connection closing)"
#define R_NO_FIN	"undefined: the target sent no FIN (RFC9293 3.10.7.4)"
#define R_FIN_ACKED	"undefined: FIN already acked (RFC9293 3.10.7.4)"
#define R_SYN_ACKED	"undefined: SYN already acked (RFC9293 3.10.7.4)"
#define R_NO_TIMER	"undefined: no timer runs here (RFC9293 3.10.8)"

/*
 * ORDER STATES, ORDER EVENTS.  [state][event] -> next state, what the
 * target should send, RFC section.  RCV_* events have passed the engine's
 * sequence and ACK checks, and a segment carrying several of them (FIN+ACK)
 * is fed as its parts in RFC order: ACK first, then FIN.
 */
static const struct tc_fsm_row table[TC_FSM_STATE_COUNT][TC_FSM_EV_COUNT] = {
	[TC_FSM_CLOSED] = {
		CELL(APP_LISTEN,	LISTEN,		NONE,	R_OPEN),
		CELL(APP_CONNECT,	SYN_SENT,	SYN,	R_OPEN),
		/* "error: connection does not exist"; nothing is sent. */
		CELL(APP_CLOSE,		CLOSED,		NONE,	R_CLOSE),
		CELL(APP_ABORT,		CLOSED,		NONE,	R_ABORT),
		/* Anything but a RST is answered with a RST. */
		CELL(RCV_SYN,		CLOSED,		RST,	R_CLOSED),
		CELL(RCV_SYN_ACK,	CLOSED,		RST,	R_CLOSED),
		CELL(RCV_ACK_SYN,	CLOSED,		RST,	R_CLOSED),
		CELL(RCV_ACK_FIN,	CLOSED,		RST,	R_CLOSED),
		CELL(RCV_FIN,		CLOSED,		RST,	R_CLOSED),
		CELL(RCV_RST,		CLOSED,		NONE,	R_CLOSED),
		/* That RST. */
		CELL(SND_RST,		CLOSED,		NONE,	R_CLOSED),
		UNDEF(TIMEOUT,		CLOSED,		R_NO_TIMER),
	},
	[TC_FSM_LISTEN] = {
		CELL(APP_LISTEN,	LISTEN,		NONE,	R_OPEN),
		/* A passive OPEN made active (no sockets API does this). */
		CELL(APP_CONNECT,	SYN_SENT,	SYN,	R_OPEN),
		CELL(APP_CLOSE,		CLOSED,		NONE,	R_CLOSE),
		CELL(APP_ABORT,		CLOSED,		NONE,	R_ABORT),
		CELL(RCV_SYN,		SYN_RECEIVED,	SYN_ACK, R_LISTEN),
		/* Second, check for an ACK: any ACK here is bad. */
		CELL(RCV_SYN_ACK,	LISTEN,		RST,	R_LISTEN),
		CELL(RCV_ACK_SYN,	LISTEN,		RST,	R_LISTEN),
		CELL(RCV_ACK_FIN,	LISTEN,		RST,	R_LISTEN),
		/* Fourth: a FIN without ACK is dropped (with ACK: above). */
		CELL(RCV_FIN,		LISTEN,		NONE,	R_LISTEN),
		/* First: a RST is ignored. */
		CELL(RCV_RST,		LISTEN,		NONE,	R_LISTEN),
		/* The RST answering an ACK; the listener stays. */
		CELL(SND_RST,		LISTEN,		NONE,	R_LISTEN),
		UNDEF(TIMEOUT,		LISTEN,		R_NO_TIMER),
	},
	[TC_FSM_SYN_SENT] = {
		CELL(APP_LISTEN,	SYN_SENT,	NONE,	R_EXISTS),
		CELL(APP_CONNECT,	SYN_SENT,	NONE,	R_EXISTS),
		CELL(APP_CLOSE,		CLOSED,		NONE,	R_CLOSE),
		CELL(APP_ABORT,		CLOSED,		NONE,	R_ABORT),
		/* Simultaneous open. */
		CELL(RCV_SYN,		SYN_RECEIVED,	SYN_ACK, R_SYN_SENT),
		CELL(RCV_SYN_ACK,	ESTABLISHED,	ACK,	R_SYN_SENT),
		/* Fifth: neither SYN nor RST, drop. */
		CELL(RCV_ACK_SYN,	SYN_SENT,	NONE,	R_SYN_SENT),
		UNDEF(RCV_ACK_FIN,	SYN_SENT,	R_NO_FIN),
		/* Fifth, and 3.10.7.4 eighth: SEG.SEQ cannot be validated. */
		CELL(RCV_FIN,		SYN_SENT,	NONE,	R_SYN_SENT),
		/* The engine feeds it only when the RST acks our SYN. */
		CELL(RCV_RST,		CLOSED,		NONE,	R_SYN_SENT),
		/*
		 * ABORT sends nothing here, so a RST is the answer to an
		 * unacceptable ACK and the SYN stays outstanding.
		 */
		CELL(SND_RST,		SYN_SENT,	NONE,	R_SYN_SENT),
		/* Retransmission gave up (RFC 1122 4.2.3.5 R2 for a SYN). */
		CELL(TIMEOUT,		CLOSED,		NONE,	R_TIMEOUT),
	},
	/* A passive open overrides some of these: see passive_rows. */
	[TC_FSM_SYN_RECEIVED] = {
		CELL(APP_LISTEN,	SYN_RECEIVED,	NONE,	R_EXISTS),
		CELL(APP_CONNECT,	SYN_RECEIVED,	NONE,	R_EXISTS),
		/* With no data queued; else after ESTABLISHED. */
		CELL(APP_CLOSE,		FIN_WAIT_1,	FIN,	R_CLOSE),
		CELL(APP_ABORT,		CLOSED,		RST,	R_ABORT),
		/* Fourth: simultaneous open handles it as synchronized. */
		CELL(RCV_SYN,		SYN_RECEIVED,	CHALLENGE_ACK, R_OTHER),
		/* Simultaneous open, Figure 8 line 6: nothing more is sent. */
		CELL(RCV_SYN_ACK,	ESTABLISHED,	NONE,	R_SIMOPEN),
		CELL(RCV_ACK_SYN,	ESTABLISHED,	NONE,	R_OTHER),
		UNDEF(RCV_ACK_FIN,	SYN_RECEIVED,	R_NO_FIN),
		/*
		 * Eighth lists SYN-RECEIVED -> CLOSE-WAIT.  A FIN|ACK that
		 * acks our SYN comes as RCV_ACK_SYN first, so this is the
		 * RFC's row for a caller that feeds the FIN alone.
		 */
		CELL(RCV_FIN,		CLOSE_WAIT,	ACK,	R_OTHER),
		CELL(RCV_RST,		CLOSED,		NONE,	R_RESET),
		/*
		 * Fifth: an unacceptable ACK is answered <SEQ=SEG.ACK><RST>
		 * and the state stays; ABORT is fed as APP_ABORT.
		 */
		CELL(SND_RST,		SYN_RECEIVED,	NONE,	R_OTHER),
		CELL(TIMEOUT,		CLOSED,		NONE,	R_TIMEOUT),
	},
	[TC_FSM_ESTABLISHED] = {
		CELL(APP_LISTEN,	ESTABLISHED,	NONE,	R_EXISTS),
		CELL(APP_CONNECT,	ESTABLISHED,	NONE,	R_EXISTS),
		CELL(APP_CLOSE,		FIN_WAIT_1,	FIN,	R_CLOSE),
		CELL(APP_ABORT,		CLOSED,		RST,	R_ABORT),
		CELL(RCV_SYN,		ESTABLISHED,	CHALLENGE_ACK, R_CHAL),
		CELL(RCV_SYN_ACK,	ESTABLISHED,	CHALLENGE_ACK, R_CHAL),
		/* A repeat is a duplicate ACK (fifth), not an event. */
		UNDEF(RCV_ACK_SYN,	ESTABLISHED,	R_SYN_ACKED),
		UNDEF(RCV_ACK_FIN,	ESTABLISHED,	R_NO_FIN),
		CELL(RCV_FIN,		CLOSE_WAIT,	ACK,	R_OTHER),
		CELL(RCV_RST,		CLOSED,		NONE,	R_RESET),
		CELL(SND_RST,		CLOSED,		NONE,	R_ABORTED),
		CELL(TIMEOUT,		CLOSED,		NONE,	R_TIMEOUT),
	},
	[TC_FSM_FIN_WAIT_1] = {
		CELL(APP_LISTEN,	FIN_WAIT_1,	NONE,	R_EXISTS),
		CELL(APP_CONNECT,	FIN_WAIT_1,	NONE,	R_EXISTS),
		/* "ok" is acceptable too, as long as no second FIN goes. */
		CELL(APP_CLOSE,		FIN_WAIT_1,	NONE,	R_CLOSING),
		CELL(APP_ABORT,		CLOSED,		RST,	R_ABORT),
		CELL(RCV_SYN,		FIN_WAIT_1,	CHALLENGE_ACK, R_CHAL),
		CELL(RCV_SYN_ACK,	FIN_WAIT_1,	CHALLENGE_ACK, R_CHAL),
		/* After CLOSE in SYN-RECEIVED (3.10.4): FIN still out. */
		CELL(RCV_ACK_SYN,	FIN_WAIT_1,	NONE,	R_OTHER),
		CELL(RCV_ACK_FIN,	FIN_WAIT_2,	NONE,	R_OTHER),
		/* Our FIN unacked, or it would be RCV_ACK_FIN first. */
		CELL(RCV_FIN,		CLOSING,	ACK,	R_OTHER),
		CELL(RCV_RST,		CLOSED,		NONE,	R_RESET),
		CELL(SND_RST,		CLOSED,		NONE,	R_ABORTED),
		CELL(TIMEOUT,		CLOSED,		NONE,	R_TIMEOUT),
	},
	[TC_FSM_FIN_WAIT_2] = {
		CELL(APP_LISTEN,	FIN_WAIT_2,	NONE,	R_EXISTS),
		CELL(APP_CONNECT,	FIN_WAIT_2,	NONE,	R_EXISTS),
		CELL(APP_CLOSE,		FIN_WAIT_2,	NONE,	R_CLOSING),
		CELL(APP_ABORT,		CLOSED,		RST,	R_ABORT),
		CELL(RCV_SYN,		FIN_WAIT_2,	CHALLENGE_ACK, R_CHAL),
		CELL(RCV_SYN_ACK,	FIN_WAIT_2,	CHALLENGE_ACK, R_CHAL),
		UNDEF(RCV_ACK_SYN,	FIN_WAIT_2,	R_SYN_ACKED),
		UNDEF(RCV_ACK_FIN,	FIN_WAIT_2,	R_FIN_ACKED),
		CELL(RCV_FIN,		TIME_WAIT,	ACK,	R_OTHER),
		CELL(RCV_RST,		CLOSED,		NONE,	R_RESET),
		CELL(SND_RST,		CLOSED,		NONE,	R_ABORTED),
		CELL(TIMEOUT,		CLOSED,		NONE,	R_TIMEOUT),
	},
	[TC_FSM_CLOSE_WAIT] = {
		CELL(APP_LISTEN,	CLOSE_WAIT,	NONE,	R_EXISTS),
		CELL(APP_CONNECT,	CLOSE_WAIT,	NONE,	R_EXISTS),
		/* RFC 793 said CLOSING here; RFC 9293 fixed it. */
		CELL(APP_CLOSE,		LAST_ACK,	FIN,	R_CLOSE),
		CELL(APP_ABORT,		CLOSED,		RST,	R_ABORT),
		CELL(RCV_SYN,		CLOSE_WAIT,	CHALLENGE_ACK, R_CHAL),
		CELL(RCV_SYN_ACK,	CLOSE_WAIT,	CHALLENGE_ACK, R_CHAL),
		UNDEF(RCV_ACK_SYN,	CLOSE_WAIT,	R_SYN_ACKED),
		UNDEF(RCV_ACK_FIN,	CLOSE_WAIT,	R_NO_FIN),
		/* Eighth: remain. */
		CELL(RCV_FIN,		CLOSE_WAIT,	ACK,	R_OTHER),
		CELL(RCV_RST,		CLOSED,		NONE,	R_RESET),
		CELL(SND_RST,		CLOSED,		NONE,	R_ABORTED),
		CELL(TIMEOUT,		CLOSED,		NONE,	R_TIMEOUT),
	},
	[TC_FSM_CLOSING] = {
		CELL(APP_LISTEN,	CLOSING,	NONE,	R_EXISTS),
		CELL(APP_CONNECT,	CLOSING,	NONE,	R_EXISTS),
		CELL(APP_CLOSE,		CLOSING,	NONE,	R_CLOSING),
		/* "ok", delete the TCB: no RST from CLOSING on. */
		CELL(APP_ABORT,		CLOSED,		NONE,	R_ABORT),
		CELL(RCV_SYN,		CLOSING,	CHALLENGE_ACK, R_CHAL),
		CELL(RCV_SYN_ACK,	CLOSING,	CHALLENGE_ACK, R_CHAL),
		UNDEF(RCV_ACK_SYN,	CLOSING,	R_SYN_ACKED),
		CELL(RCV_ACK_FIN,	TIME_WAIT,	NONE,	R_OTHER),
		CELL(RCV_FIN,		CLOSING,	ACK,	R_OTHER),
		CELL(RCV_RST,		CLOSED,		NONE,	R_RESET),
		CELL(SND_RST,		CLOSED,		NONE,	R_ABORTED),
		CELL(TIMEOUT,		CLOSED,		NONE,	R_TIMEOUT),
	},
	[TC_FSM_LAST_ACK] = {
		CELL(APP_LISTEN,	LAST_ACK,	NONE,	R_EXISTS),
		CELL(APP_CONNECT,	LAST_ACK,	NONE,	R_EXISTS),
		CELL(APP_CLOSE,		LAST_ACK,	NONE,	R_CLOSING),
		CELL(APP_ABORT,		CLOSED,		NONE,	R_ABORT),
		CELL(RCV_SYN,		LAST_ACK,	CHALLENGE_ACK, R_CHAL),
		CELL(RCV_SYN_ACK,	LAST_ACK,	CHALLENGE_ACK, R_CHAL),
		UNDEF(RCV_ACK_SYN,	LAST_ACK,	R_SYN_ACKED),
		CELL(RCV_ACK_FIN,	CLOSED,		NONE,	R_OTHER),
		CELL(RCV_FIN,		LAST_ACK,	ACK,	R_OTHER),
		CELL(RCV_RST,		CLOSED,		NONE,	R_RESET),
		CELL(SND_RST,		CLOSED,		NONE,	R_ABORTED),
		CELL(TIMEOUT,		CLOSED,		NONE,	R_TIMEOUT),
	},
	[TC_FSM_TIME_WAIT] = {
		CELL(APP_LISTEN,	TIME_WAIT,	NONE,	R_EXISTS),
		CELL(APP_CONNECT,	TIME_WAIT,	NONE,	R_EXISTS),
		CELL(APP_CLOSE,		TIME_WAIT,	NONE,	R_CLOSING),
		CELL(APP_ABORT,		CLOSED,		NONE,	R_ABORT),
		/*
		 * Reopening from TIME-WAIT on a new SYN (RFC 1122 4.2.2.13,
		 * RFC 6191) is the engine's call: it does not feed such a
		 * SYN as RCV_SYN.
		 */
		CELL(RCV_SYN,		TIME_WAIT,	CHALLENGE_ACK, R_CHAL),
		CELL(RCV_SYN_ACK,	TIME_WAIT,	CHALLENGE_ACK, R_CHAL),
		UNDEF(RCV_ACK_SYN,	TIME_WAIT,	R_SYN_ACKED),
		UNDEF(RCV_ACK_FIN,	TIME_WAIT,	R_FIN_ACKED),
		/* Eighth: re-ACK the retransmitted FIN, restart 2MSL. */
		CELL(RCV_FIN,		TIME_WAIT,	ACK,	R_OTHER),
		/*
		 * RFC 1337 (TIME-WAIT assassination) would ignore it; RFC
		 * 9293 closes, as Linux does with tcp_rfc1337=0.
		 */
		CELL(RCV_RST,		CLOSED,		NONE,	R_RESET),
		CELL(SND_RST,		CLOSED,		NONE,	R_ABORTED),
		/* The 2MSL timer. */
		CELL(TIMEOUT,		CLOSED,		NONE,	R_TIMEOUT),
	},
};

/*
 * ORDER EVENTS.  SYN-RECEIVED entered from LISTEN, where RFC 9293 3.10.7.4
 * returns to LISTEN.  A NULL ref means "use the main table".  TIMEOUT
 * follows the same rule: the listener outlives the embryonic connection
 * whose handshake gave up (3.10.8 speaks of the TCB the user opened).
 */
static const struct tc_fsm_row passive_rows[TC_FSM_EV_COUNT] = {
	CELL(RCV_SYN,		LISTEN,		NONE,	R_OTHER),
	CELL(RCV_RST,		LISTEN,		NONE,	R_OTHER),
	CELL(TIMEOUT,		LISTEN,		NONE,	R_TIMEOUT),
};

static const struct tc_fsm_row bad_row = {
	.next = TC_FSM_CLOSED,
	.action = TC_FSM_ACT_NONE,
	.defined = false,
	.ref = "undefined: state or event out of range",
};

/* ORDER STATES */
static const struct state_info states[TC_FSM_STATE_COUNT] = {
	[TC_FSM_CLOSED] =	{ "CLOSED",		false,	false },
	[TC_FSM_LISTEN] =	{ "LISTEN",		false,	false },
	[TC_FSM_SYN_SENT] =	{ "SYN-SENT",		false,	false },
	[TC_FSM_SYN_RECEIVED] =	{ "SYN-RECEIVED",	false,	false },
	[TC_FSM_ESTABLISHED] =	{ "ESTABLISHED",	false,	true },
	/* Data queued before the CLOSE may still be retransmitted. */
	[TC_FSM_FIN_WAIT_1] =	{ "FIN-WAIT-1",		true,	true },
	[TC_FSM_FIN_WAIT_2] =	{ "FIN-WAIT-2",		false,	false },
	[TC_FSM_CLOSE_WAIT] =	{ "CLOSE-WAIT",		false,	true },
	[TC_FSM_CLOSING] =	{ "CLOSING",		true,	true },
	[TC_FSM_LAST_ACK] =	{ "LAST-ACK",		true,	true },
	[TC_FSM_TIME_WAIT] =	{ "TIME-WAIT",		false,	false },
};

static const struct state_alias aliases[6] = {
	{ "SYN-RCVD",	TC_FSM_SYN_RECEIVED },	/* BSD netstat */
	{ "SYN-RECV",	TC_FSM_SYN_RECEIVED },	/* Linux */
	{ "FIN-WAIT1",	TC_FSM_FIN_WAIT_1 },	/* Linux */
	{ "FIN-WAIT2",	TC_FSM_FIN_WAIT_2 },	/* Linux */
	{ "ESTAB",	TC_FSM_ESTABLISHED },	/* ss */
	{ "CLOSE",	TC_FSM_CLOSED },	/* Linux TCP_CLOSE, ss */
};

/* ORDER STATES: only states with something to do on entry. */
static const enter_fn on_enter[TC_FSM_STATE_COUNT] = {
	[TC_FSM_CLOSED] = enter_closed,
	[TC_FSM_SYN_RECEIVED] = enter_syn_received,
};

/* ORDER EVENTS */
static const char *const event_names[TC_FSM_EV_COUNT] = {
	[TC_FSM_EV_APP_LISTEN] = "APP_LISTEN",
	[TC_FSM_EV_APP_CONNECT] = "APP_CONNECT",
	[TC_FSM_EV_APP_CLOSE] = "APP_CLOSE",
	[TC_FSM_EV_APP_ABORT] = "APP_ABORT",
	[TC_FSM_EV_RCV_SYN] = "RCV_SYN",
	[TC_FSM_EV_RCV_SYN_ACK] = "RCV_SYN_ACK",
	[TC_FSM_EV_RCV_ACK_SYN] = "RCV_ACK_SYN",
	[TC_FSM_EV_RCV_ACK_FIN] = "RCV_ACK_FIN",
	[TC_FSM_EV_RCV_FIN] = "RCV_FIN",
	[TC_FSM_EV_RCV_RST] = "RCV_RST",
	[TC_FSM_EV_SND_RST] = "SND_RST",
	[TC_FSM_EV_TIMEOUT] = "TIMEOUT",
};

/* ORDER ACTIONS */
static const char *const action_names[TC_FSM_ACT_COUNT] = {
	[TC_FSM_ACT_NONE] = "NONE",
	[TC_FSM_ACT_SYN] = "SYN",
	[TC_FSM_ACT_SYN_ACK] = "SYN-ACK",
	[TC_FSM_ACT_ACK] = "ACK",
	[TC_FSM_ACT_FIN] = "FIN",
	[TC_FSM_ACT_RST] = "RST",
	[TC_FSM_ACT_CHALLENGE_ACK] = "CHALLENGE-ACK",
};

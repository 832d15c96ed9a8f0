/* fsm_test.c - the reference TCP model, path by path and cell by cell. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "fsm.h"
#include "segment.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_STEPS	10

#define S(x)	TC_FSM_##x
#define EV(x)	TC_FSM_EV_##x
#define ACT(x)	TC_FSM_ACT_##x

struct step {
	enum tc_fsm_event	ev;
	enum tc_fsm_state	want;
	enum tc_fsm_action	act;
	bool			undefined;
};

/* A path from CLOSED: nsteps steps, the slots after them left zero. */
struct path {
	const char	*name;
	int		nsteps;
	struct step	steps[MAX_STEPS];
};

#define STEP(e, s, a)	{ EV(e), S(s), ACT(a), false }
#define ODD(e, s)	{ EV(e), S(s), ACT(NONE), true }

#define PASSIVE_OPEN						\
	STEP(APP_LISTEN, LISTEN, NONE),				\
	STEP(RCV_SYN, SYN_RECEIVED, SYN_ACK)
#define ACTIVE_OPEN						\
	STEP(APP_CONNECT, SYN_SENT, SYN),			\
	STEP(RCV_SYN_ACK, ESTABLISHED, ACK)

static const struct path paths[] = {
	{ "passive open, peer closes first", 6, {
		PASSIVE_OPEN,
		STEP(RCV_ACK_SYN, ESTABLISHED, NONE),
		STEP(RCV_FIN, CLOSE_WAIT, ACK),
		STEP(APP_CLOSE, LAST_ACK, FIN),
		STEP(RCV_ACK_FIN, CLOSED, NONE),
	} },
	{ "active open, target closes first", 8, {
		ACTIVE_OPEN,
		STEP(APP_CLOSE, FIN_WAIT_1, FIN),
		STEP(RCV_ACK_FIN, FIN_WAIT_2, NONE),
		STEP(RCV_FIN, TIME_WAIT, ACK),
		STEP(RCV_FIN, TIME_WAIT, ACK),		/* re-ACK */
		STEP(TIMEOUT, CLOSED, NONE),		/* 2MSL */
		STEP(APP_CONNECT, SYN_SENT, SYN),	/* reusable */
	} },
	{ "simultaneous open, SYN-ACKs cross", 3, {
		STEP(APP_CONNECT, SYN_SENT, SYN),
		STEP(RCV_SYN, SYN_RECEIVED, SYN_ACK),
		STEP(RCV_SYN_ACK, ESTABLISHED, NONE),
	} },
	{ "simultaneous open, then an ACK", 4, {
		STEP(APP_CONNECT, SYN_SENT, SYN),
		STEP(RCV_SYN, SYN_RECEIVED, SYN_ACK),
		STEP(RCV_ACK_SYN, ESTABLISHED, NONE),
		STEP(RCV_SYN, ESTABLISHED, CHALLENGE_ACK),
	} },
	{ "simultaneous close via CLOSING", 7, {
		ACTIVE_OPEN,
		STEP(APP_CLOSE, FIN_WAIT_1, FIN),
		STEP(RCV_FIN, CLOSING, ACK),
		STEP(RCV_FIN, CLOSING, ACK),
		STEP(RCV_ACK_FIN, TIME_WAIT, NONE),
		STEP(TIMEOUT, CLOSED, NONE),
	} },
	{ "FIN+ACK in FIN-WAIT-1: ACK then FIN", 5, {
		ACTIVE_OPEN,
		STEP(APP_CLOSE, FIN_WAIT_1, FIN),
		STEP(RCV_ACK_FIN, FIN_WAIT_2, NONE),
		STEP(RCV_FIN, TIME_WAIT, ACK),
	} },
	{ "CLOSE in SYN-RECEIVED", 5, {
		STEP(APP_CONNECT, SYN_SENT, SYN),
		STEP(RCV_SYN, SYN_RECEIVED, SYN_ACK),
		STEP(APP_CLOSE, FIN_WAIT_1, FIN),
		STEP(RCV_ACK_SYN, FIN_WAIT_1, NONE),
		STEP(RCV_ACK_FIN, FIN_WAIT_2, NONE),
	} },
	{ "passive SYN-RECEIVED, RST: back to LISTEN", 6, {
		PASSIVE_OPEN,
		STEP(RCV_RST, LISTEN, NONE),
		STEP(RCV_SYN, SYN_RECEIVED, SYN_ACK),
		STEP(RCV_ACK_SYN, ESTABLISHED, NONE),
		STEP(RCV_RST, CLOSED, NONE),
	} },
	{ "passive SYN-RECEIVED, SYN: back to LISTEN", 3, {
		PASSIVE_OPEN,
		STEP(RCV_SYN, LISTEN, NONE),
	} },
	{ "passive SYN-RECEIVED, handshake gives up", 4, {
		PASSIVE_OPEN,
		STEP(TIMEOUT, LISTEN, NONE),
		STEP(APP_CLOSE, CLOSED, NONE),
	} },
	{ "active SYN-RECEIVED, RST: CLOSED", 3, {
		STEP(APP_CONNECT, SYN_SENT, SYN),
		STEP(RCV_SYN, SYN_RECEIVED, SYN_ACK),
		STEP(RCV_RST, CLOSED, NONE),
	} },
	{ "active SYN-RECEIVED, SYN: challenge", 3, {
		STEP(APP_CONNECT, SYN_SENT, SYN),
		STEP(RCV_SYN, SYN_RECEIVED, SYN_ACK),
		STEP(RCV_SYN, SYN_RECEIVED, CHALLENGE_ACK),
	} },
	{ "passive flag does not outlive LISTEN -> CLOSED", 6, {
		PASSIVE_OPEN,
		STEP(APP_ABORT, CLOSED, RST),
		STEP(APP_CONNECT, SYN_SENT, SYN),
		STEP(RCV_SYN, SYN_RECEIVED, SYN_ACK),
		STEP(RCV_RST, CLOSED, NONE),
	} },
	{ "SYN-SENT: RST acking our SYN", 2, {
		STEP(APP_CONNECT, SYN_SENT, SYN),
		STEP(RCV_RST, CLOSED, NONE),
	} },
	{ "SYN-SENT: bare ACK dropped, bad-ACK RST", 4, {
		STEP(APP_CONNECT, SYN_SENT, SYN),
		STEP(RCV_ACK_SYN, SYN_SENT, NONE),
		STEP(SND_RST, SYN_SENT, NONE),
		STEP(TIMEOUT, CLOSED, NONE),
	} },
	{ "LISTEN: RST ignored, ACK reset", 5, {
		STEP(APP_LISTEN, LISTEN, NONE),
		STEP(RCV_RST, LISTEN, NONE),
		STEP(RCV_ACK_SYN, LISTEN, RST),
		STEP(RCV_ACK_FIN, LISTEN, RST),
		STEP(SND_RST, LISTEN, NONE),
	} },
	{ "CLOSED answers with RST, but not to a RST", 4, {
		STEP(RCV_SYN, CLOSED, RST),
		STEP(RCV_FIN, CLOSED, RST),
		STEP(RCV_RST, CLOSED, NONE),
		ODD(TIMEOUT, CLOSED),
	} },
	{ "ESTABLISHED: RST", 3, {
		ACTIVE_OPEN,
		STEP(RCV_RST, CLOSED, NONE),
	} },
	{ "ESTABLISHED: ABORT sends RST", 3, {
		ACTIVE_OPEN,
		STEP(APP_ABORT, CLOSED, RST),
	} },
	{ "ESTABLISHED: target sends RST", 3, {
		ACTIVE_OPEN,
		STEP(SND_RST, CLOSED, NONE),
	} },
	{ "ESTABLISHED: undefined events change nothing", 5, {
		ACTIVE_OPEN,
		ODD(RCV_ACK_FIN, ESTABLISHED),
		ODD(RCV_ACK_SYN, ESTABLISHED),
		STEP(RCV_SYN_ACK, ESTABLISHED, CHALLENGE_ACK),
	} },
	{ "TIME-WAIT: RST closes (RFC 1337 noted)", 6, {
		ACTIVE_OPEN,
		STEP(APP_CLOSE, FIN_WAIT_1, FIN),
		STEP(RCV_ACK_FIN, FIN_WAIT_2, NONE),
		STEP(RCV_FIN, TIME_WAIT, ACK),
		STEP(RCV_RST, CLOSED, NONE),
	} },
	{ "LAST-ACK: ABORT sends nothing", 6, {
		PASSIVE_OPEN,
		STEP(RCV_ACK_SYN, ESTABLISHED, NONE),
		STEP(RCV_FIN, CLOSE_WAIT, ACK),
		STEP(APP_CLOSE, LAST_ACK, FIN),
		STEP(APP_ABORT, CLOSED, NONE),
	} },
};

/* Every cell the table leaves undefined, and nothing else. */
static const bool want_undefined[TC_FSM_STATE_COUNT][TC_FSM_EV_COUNT] = {
	[S(CLOSED)] = { [EV(TIMEOUT)] = true },
	[S(LISTEN)] = { [EV(TIMEOUT)] = true },
	[S(SYN_SENT)] = { [EV(RCV_ACK_FIN)] = true },
	[S(SYN_RECEIVED)] = { [EV(RCV_ACK_FIN)] = true },
	[S(ESTABLISHED)] = { [EV(RCV_ACK_SYN)] = true,
	    [EV(RCV_ACK_FIN)] = true },
	[S(FIN_WAIT_2)] = { [EV(RCV_ACK_SYN)] = true,
	    [EV(RCV_ACK_FIN)] = true },
	[S(CLOSE_WAIT)] = { [EV(RCV_ACK_SYN)] = true,
	    [EV(RCV_ACK_FIN)] = true },
	[S(CLOSING)] = { [EV(RCV_ACK_SYN)] = true },
	[S(LAST_ACK)] = { [EV(RCV_ACK_SYN)] = true },
	[S(TIME_WAIT)] = { [EV(RCV_ACK_SYN)] = true,
	    [EV(RCV_ACK_FIN)] = true },
};

#define F(x)	TC_TH_##x
#define SA	(F(SYN) | F(ACK))
#define FA	(F(FIN) | F(ACK))

struct allow_case {
	enum tc_fsm_state	s;
	uint8_t			flags;
	size_t			len;
	bool			want;
};

static const struct allow_case allow_cases[] = {
	/* RST always. */
	{ S(CLOSED), F(RST), 0, true },
	{ S(LISTEN), F(RST) | F(ACK), 0, true },
	{ S(SYN_SENT), F(RST), 0, true },
	{ S(TIME_WAIT), F(RST), 0, true },
	{ S(ESTABLISHED), F(RST) | F(ACK), 4, true },
	/* Nothing else from CLOSED or LISTEN. */
	{ S(CLOSED), F(ACK), 0, false },
	{ S(CLOSED), SA, 0, false },
	{ S(LISTEN), SA, 0, false },
	{ S(LISTEN), F(SYN), 0, false },
	/* SYN without ACK: SYN-SENT only, data allowed (RFC 7413). */
	{ S(SYN_SENT), F(SYN), 0, true },
	{ S(SYN_SENT), F(SYN), 100, true },
	{ S(SYN_RECEIVED), F(SYN), 0, false },
	{ S(ESTABLISHED), F(SYN), 0, false },
	{ S(SYN_SENT), F(ACK), 0, false },
	{ S(SYN_SENT), F(ACK), 10, false },
	{ S(SYN_SENT), SA, 0, false },
	{ S(SYN_SENT), F(SYN) | F(FIN), 0, false },
	/* SYN-ACK: SYN-RECEIVED only. */
	{ S(SYN_RECEIVED), SA, 0, true },
	{ S(SYN_RECEIVED), SA, 100, true },
	{ S(SYN_RECEIVED), SA | F(FIN), 0, false },
	{ S(ESTABLISHED), SA, 0, false },
	{ S(TIME_WAIT), SA, 0, false },
	/* Pure ACK from SYN-RECEIVED on (3.10.7.4 first check). */
	{ S(SYN_RECEIVED), F(ACK), 0, true },
	{ S(SYN_RECEIVED), F(ACK), 10, false },
	{ S(ESTABLISHED), F(ACK), 0, true },
	{ S(FIN_WAIT_1), F(ACK), 0, true },
	{ S(FIN_WAIT_2), F(ACK), 0, true },
	{ S(CLOSE_WAIT), F(ACK), 0, true },
	{ S(CLOSING), F(ACK), 0, true },
	{ S(LAST_ACK), F(ACK), 0, true },
	{ S(TIME_WAIT), F(ACK), 0, true },
	/* After the SYN every segment carries ACK. */
	{ S(SYN_RECEIVED), 0, 0, false },
	{ S(ESTABLISHED), F(PSH), 10, false },
	{ S(FIN_WAIT_1), F(FIN), 0, false },
	{ S(ESTABLISHED), 0, 0, false },
	/* FIN only while ours is out and unacknowledged. */
	{ S(FIN_WAIT_1), FA, 0, true },
	{ S(CLOSING), FA, 0, true },
	{ S(LAST_ACK), FA, 0, true },
	{ S(ESTABLISHED), FA, 0, false },
	{ S(CLOSE_WAIT), FA, 0, false },
	{ S(FIN_WAIT_2), FA, 0, false },
	{ S(TIME_WAIT), FA, 0, false },
	{ S(SYN_RECEIVED), FA, 0, false },
	/* Data where the target may still send or retransmit it. */
	{ S(ESTABLISHED), F(ACK) | F(PSH), 1460, true },
	{ S(CLOSE_WAIT), F(ACK), 1, true },
	{ S(FIN_WAIT_1), FA | F(PSH), 100, true },
	{ S(CLOSING), F(ACK), 100, true },
	{ S(LAST_ACK), FA, 100, true },
	{ S(FIN_WAIT_2), F(ACK), 1, false },
	{ S(TIME_WAIT), F(ACK), 1, false },
	/* Flags the model does not judge ride along. */
	{ S(ESTABLISHED), F(ACK) | F(ECE) | F(CWR) | F(URG), 1, true },
};

struct spelling {
	const char		*text;
	enum tc_fsm_state	want;
};

static const struct spelling spellings[] = {
	{ "SYN-RECEIVED", S(SYN_RECEIVED) },
	{ "SYN_RECEIVED", S(SYN_RECEIVED) },
	{ "syn-received", S(SYN_RECEIVED) },
	{ "Syn_Received", S(SYN_RECEIVED) },
	{ "SYN_RCVD", S(SYN_RECEIVED) },
	{ "SYN-RCVD", S(SYN_RECEIVED) },
	{ "syn_recv", S(SYN_RECEIVED) },
	{ "FIN-WAIT1", S(FIN_WAIT_1) },
	{ "FIN_WAIT1", S(FIN_WAIT_1) },
	{ "fin_wait_1", S(FIN_WAIT_1) },
	{ "FIN_WAIT2", S(FIN_WAIT_2) },
	{ "ESTAB", S(ESTABLISHED) },
	{ "established", S(ESTABLISHED) },
	{ "CLOSE", S(CLOSED) },
	{ "close_wait", S(CLOSE_WAIT) },
	{ "TIME_WAIT", S(TIME_WAIT) },
	{ "last_ack", S(LAST_ACK) },
};

static const char *const bad_spellings[] = {
	"", "SYN", "SYN-", "FIN-WAIT", "FIN-WAIT-3", "CLOSED-WAIT",
	"ESTABLISHED ", " LISTEN", "LISTENING", "TIMEWAIT", "SYN--RECEIVED",
	"SYN-RECEIVED-AND-THEN-SOME", "NEW_SYN_RECV", "ESTABLISHEDX",
};

struct trace_log {
	int			calls;
	enum tc_fsm_state	from, to;
	enum tc_fsm_event	ev;
	const char		*ref;
};

static void
record(void *arg, enum tc_fsm_state from, enum tc_fsm_state to,
    enum tc_fsm_event ev, const char *ref)
{
	struct trace_log *log = arg;

	ck_assert_int_ne(from, to);
	log->calls++;
	log->from = from;
	log->to = to;
	log->ev = ev;
	log->ref = ref;
}

START_TEST(test_path)
{
	const struct path *p = &paths[_i];
	struct trace_log log = { 0 };
	struct tc_fsm f;
	int i, changes = 0;

	tc_fsm_init(&f, record, &log);
	ck_assert_int_eq(f.state, S(CLOSED));
	ck_assert_int_le(p->nsteps, MAX_STEPS);
	for (i = 0; i < p->nsteps; i++) {
		const struct step *st = &p->steps[i];
		enum tc_fsm_state before = f.state;
		const struct tc_fsm_row *row;

		row = tc_fsm_step(&f, st->ev);
		ck_assert_msg(row != NULL, "%s: step %d", p->name, i);
		ck_assert_msg(f.state == st->want,
		    "%s: step %d (%s): %s, want %s", p->name, i,
		    tc_fsm_event_name(st->ev), tc_fsm_state_name(f.state),
		    tc_fsm_state_name(st->want));
		ck_assert_msg(row->action == st->act,
		    "%s: step %d: sends %s, want %s", p->name, i,
		    tc_fsm_action_name(row->action),
		    tc_fsm_action_name(st->act));
		ck_assert_msg(row->defined == !st->undefined,
		    "%s: step %d: defined %d", p->name, i, row->defined);
		ck_assert_ptr_nonnull(row->ref);
		if (f.state != before) {
			changes++;
			ck_assert_int_eq(log.from, before);
			ck_assert_int_eq(log.to, f.state);
			ck_assert_int_eq(log.ev, st->ev);
			ck_assert_ptr_eq(log.ref, row->ref);
		}
		ck_assert_int_eq(log.calls, changes);
	}
	/* nsteps covers every filled-in step. */
	if (p->nsteps < MAX_STEPS)
		ck_assert_int_eq(p->steps[p->nsteps].want, S(CLOSED));
	if (p->nsteps < MAX_STEPS)
		ck_assert_int_eq(p->steps[p->nsteps].ev, 0);
}
END_TEST

START_TEST(test_cell)
{
	enum tc_fsm_state s = (enum tc_fsm_state)(_i / TC_FSM_EV_COUNT);
	enum tc_fsm_event ev = (enum tc_fsm_event)(_i % TC_FSM_EV_COUNT);
	const struct tc_fsm_row *row = tc_fsm_lookup(s, ev);

	ck_assert_ptr_nonnull(row);
	ck_assert_msg(row->ref != NULL && row->ref[0] != '\0',
	    "%s/%s has no ref", tc_fsm_state_name(s), tc_fsm_event_name(ev));
	ck_assert_int_lt(row->next, TC_FSM_STATE_COUNT);
	ck_assert_int_lt(row->action, TC_FSM_ACT_COUNT);
	ck_assert_msg(row->defined == !want_undefined[s][ev],
	    "%s/%s: defined %d", tc_fsm_state_name(s),
	    tc_fsm_event_name(ev), row->defined);
	if (!row->defined) {
		ck_assert_int_eq(row->next, s);
		ck_assert_int_eq(row->action, TC_FSM_ACT_NONE);
		ck_assert_ptr_nonnull(strstr(row->ref, "undefined"));
		ck_assert_ptr_nonnull(strstr(row->ref, "RFC"));
	} else {
		ck_assert_msg(strncmp(row->ref, "RFC", 3) == 0, "%s/%s: %s",
		    tc_fsm_state_name(s), tc_fsm_event_name(ev), row->ref);
	}
}
END_TEST

/* Rules that hold across whole rows and columns of the table. */
START_TEST(test_cell_rules)
{
	enum tc_fsm_state s = (enum tc_fsm_state)_i;
	const struct tc_fsm_row *row;

	row = tc_fsm_lookup(s, EV(SND_RST));
	if (tc_fsm_synchronized(s))
		ck_assert_int_eq(row->next, S(CLOSED));
	if (!tc_fsm_synchronized(s))
		return;
	/* RFC 5961 4.2: a SYN of any kind gets a challenge ACK. */
	row = tc_fsm_lookup(s, EV(RCV_SYN));
	ck_assert_int_eq(row->next, s);
	ck_assert_int_eq(row->action, ACT(CHALLENGE_ACK));
	row = tc_fsm_lookup(s, EV(RCV_SYN_ACK));
	ck_assert_int_eq(row->next, s);
	ck_assert_int_eq(row->action, ACT(CHALLENGE_ACK));
	/* An exact-match RST closes; nothing is sent in answer. */
	row = tc_fsm_lookup(s, EV(RCV_RST));
	ck_assert_int_eq(row->next, S(CLOSED));
	ck_assert_int_eq(row->action, ACT(NONE));
	/* ABORT sends RST but from CLOSING, LAST-ACK, TIME-WAIT (3.10.5). */
	row = tc_fsm_lookup(s, EV(APP_ABORT));
	ck_assert_int_eq(row->next, S(CLOSED));
	ck_assert_int_eq(row->action, s == S(CLOSING) ||
	    s == S(LAST_ACK) || s == S(TIME_WAIT) ? ACT(NONE) : ACT(RST));
	row = tc_fsm_lookup(s, EV(TIMEOUT));
	ck_assert_int_eq(row->next, S(CLOSED));
	/* FIN|ACK from exactly the states whose FIN is unacknowledged. */
	ck_assert_int_eq(tc_fsm_allows(s, FA, 0, NULL),
	    s == S(FIN_WAIT_1) || s == S(CLOSING) || s == S(LAST_ACK));
}
END_TEST

START_TEST(test_closed_row)
{
	enum tc_fsm_event ev = (enum tc_fsm_event)(EV(RCV_SYN) + _i);
	const struct tc_fsm_row *row = tc_fsm_lookup(S(CLOSED), ev);

	/* RFC 9293 3.10.7.1: anything but a RST draws a RST. */
	ck_assert_int_eq(row->next, S(CLOSED));
	ck_assert_int_eq(row->action,
	    ev == EV(RCV_RST) ? ACT(NONE) : ACT(RST));
}
END_TEST

START_TEST(test_out_of_range)
{
	const struct tc_fsm_row *row;
	struct tc_fsm f;

	row = tc_fsm_lookup(TC_FSM_STATE_COUNT, EV(RCV_SYN));
	ck_assert(!row->defined);
	row = tc_fsm_lookup(S(LISTEN), TC_FSM_EV_COUNT);
	ck_assert(!row->defined);
	ck_assert_ptr_nonnull(row->ref);
	tc_fsm_init(&f, NULL, NULL);
	tc_fsm_step(&f, EV(APP_LISTEN));
	tc_fsm_step(&f, EV(RCV_SYN));
	ck_assert(f.passive);
	row = tc_fsm_step(&f, TC_FSM_EV_COUNT);
	ck_assert(!row->defined);
	ck_assert_int_eq(f.state, S(SYN_RECEIVED));
	ck_assert_str_eq(tc_fsm_state_name(TC_FSM_STATE_COUNT), "?");
	ck_assert_str_eq(tc_fsm_event_name(TC_FSM_EV_COUNT), "?");
	ck_assert_str_eq(tc_fsm_action_name(TC_FSM_ACT_COUNT), "?");
	ck_assert(!tc_fsm_allows(TC_FSM_STATE_COUNT, TC_TH_RST, 0, NULL));
}
END_TEST

START_TEST(test_allows)
{
	const struct allow_case *c = &allow_cases[_i];
	const char *why = "unset";
	bool got;

	got = tc_fsm_allows(c->s, c->flags, c->len, &why);
	ck_assert_msg(got == c->want, "case %d: %s flags %#x len %zu: %d (%s)",
	    _i, tc_fsm_state_name(c->s), c->flags, c->len, got,
	    why != NULL ? why : "-");
	if (got)
		ck_assert_ptr_null(why);
	else
		ck_assert_msg(why != NULL && why[0] != '\0', "case %d", _i);
	/* why is optional. */
	ck_assert_int_eq(tc_fsm_allows(c->s, c->flags, c->len, NULL), got);
}
END_TEST

START_TEST(test_state_names)
{
	enum tc_fsm_state s = (enum tc_fsm_state)_i, got = S(CLOSED);
	const char *name = tc_fsm_state_name(s);
	char buf[32];
	size_t i;

	ck_assert_ptr_nonnull(name);
	ck_assert_int_ne(strcmp(name, "?"), 0);
	ck_assert(tc_fsm_state_parse(name, &got));
	ck_assert_int_eq(got, s);
	/* Lower case with '_' parses to the same state. */
	ck_assert_int_lt(strlen(name), sizeof(buf));
	for (i = 0; name[i] != '\0'; i++) {
		char c = name[i];

		buf[i] = c == '-' ? '_' :
		    c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	buf[i] = '\0';
	got = S(CLOSED);
	ck_assert(tc_fsm_state_parse(buf, &got));
	ck_assert_int_eq(got, s);
	/* Names are distinct. */
	for (i = 0; i < TC_FSM_STATE_COUNT; i++)
		if (i != (size_t)s)
			ck_assert_str_ne(name, tc_fsm_state_name(i));
}
END_TEST

START_TEST(test_spellings)
{
	enum tc_fsm_state got = TC_FSM_STATE_COUNT;

	ck_assert_msg(tc_fsm_state_parse(spellings[_i].text, &got),
	    "\"%s\" rejected", spellings[_i].text);
	ck_assert_int_eq(got, spellings[_i].want);
}
END_TEST

START_TEST(test_bad_spellings)
{
	enum tc_fsm_state got = S(TIME_WAIT);

	ck_assert_msg(!tc_fsm_state_parse(bad_spellings[_i], &got),
	    "\"%s\" accepted", bad_spellings[_i]);
	ck_assert_int_eq(got, S(TIME_WAIT));
	ck_assert(!tc_fsm_state_parse(NULL, &got));
}
END_TEST

START_TEST(test_event_action_names)
{
	size_t i, j;

	for (i = 0; i < TC_FSM_EV_COUNT; i++) {
		ck_assert_ptr_nonnull(tc_fsm_event_name(i));
		ck_assert_str_ne(tc_fsm_event_name(i), "?");
		for (j = 0; j < i; j++)
			ck_assert_str_ne(tc_fsm_event_name(i),
			    tc_fsm_event_name(j));
	}
	for (i = 0; i < TC_FSM_ACT_COUNT; i++) {
		ck_assert_ptr_nonnull(tc_fsm_action_name(i));
		ck_assert_str_ne(tc_fsm_action_name(i), "?");
		for (j = 0; j < i; j++)
			ck_assert_str_ne(tc_fsm_action_name(i),
			    tc_fsm_action_name(j));
	}
	ck_assert_str_eq(tc_fsm_event_name(EV(RCV_ACK_FIN)), "RCV_ACK_FIN");
	ck_assert_str_eq(tc_fsm_action_name(ACT(SYN_ACK)), "SYN-ACK");
}
END_TEST

START_TEST(test_trace)
{
	struct trace_log log = { 0 };
	struct tc_fsm f;

	tc_fsm_init(&f, record, &log);
	ck_assert_int_eq(log.calls, 0);
	tc_fsm_set_state(&f, S(CLOSED), EV(TIMEOUT), "x");
	ck_assert_int_eq(log.calls, 0);
	tc_fsm_set_state(&f, S(LISTEN), EV(APP_LISTEN), "y");
	ck_assert_int_eq(log.calls, 1);
	ck_assert_int_eq(log.from, S(CLOSED));
	ck_assert_int_eq(log.to, S(LISTEN));
	ck_assert_int_eq(log.ev, EV(APP_LISTEN));
	ck_assert_str_eq(log.ref, "y");
	/* Self-loops, defined or not, are no change. */
	tc_fsm_step(&f, EV(RCV_RST));
	tc_fsm_step(&f, EV(APP_LISTEN));
	tc_fsm_step(&f, EV(TIMEOUT));
	ck_assert_int_eq(log.calls, 1);
	tc_fsm_step(&f, EV(RCV_SYN));
	ck_assert_int_eq(log.calls, 2);
	ck_assert(f.passive);
	/* Forced into SYN-RECEIVED from elsewhere: not passive. */
	tc_fsm_set_state(&f, S(SYN_SENT), EV(APP_CONNECT), "z");
	tc_fsm_set_state(&f, S(SYN_RECEIVED), EV(RCV_SYN), "z");
	ck_assert_int_eq(log.calls, 4);
	ck_assert(!f.passive);
	/* No callback is fine. */
	tc_fsm_init(&f, NULL, NULL);
	tc_fsm_step(&f, EV(APP_CONNECT));
	ck_assert_int_eq(f.state, S(SYN_SENT));
	ck_assert_int_eq(log.calls, 4);
}
END_TEST

static Suite *
fsm_suite(void)
{
	Suite *s = suite_create("fsm");
	TCase *tc;

	tc = tcase_create("paths");
	tcase_add_loop_test(tc, test_path, 0, (int)NITEMS(paths));
	tcase_add_test(tc, test_trace);
	suite_add_tcase(s, tc);

	tc = tcase_create("table");
	tcase_add_loop_test(tc, test_cell, 0,
	    TC_FSM_STATE_COUNT * TC_FSM_EV_COUNT);
	tcase_add_loop_test(tc, test_cell_rules, 0, TC_FSM_STATE_COUNT);
	tcase_add_loop_test(tc, test_closed_row, 0,
	    EV(SND_RST) - EV(RCV_SYN));
	tcase_add_test(tc, test_out_of_range);
	suite_add_tcase(s, tc);

	tc = tcase_create("allows");
	tcase_add_loop_test(tc, test_allows, 0, (int)NITEMS(allow_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_loop_test(tc, test_state_names, 0, TC_FSM_STATE_COUNT);
	tcase_add_loop_test(tc, test_spellings, 0, (int)NITEMS(spellings));
	tcase_add_loop_test(tc, test_bad_spellings, 0,
	    (int)NITEMS(bad_spellings));
	tcase_add_test(tc, test_event_action_names);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(fsm_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* interp.c - the testcase state machine: one handler per statement kind. */
#include "interp.h"

#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conn.h"
#include "loop.h"
#include "eval.h"
#include "family.h"
#include "isnstat.h"
#include "segment.h"

#define RXQ_MAX		1024		/* queued target segments */
#define STATE_SETTLE_NS	(300 * 1000000LL) /* kernel catching up */
#define STATE_POLL_NS	(2 * 1000000LL)
#define CLOCK_SLACK_NS	(2 * 1000000LL)	/* realtime vs monotonic jitter */
#define SOCKS_MAX	16
#define READ_MAX	65536

/* A target segment waiting for an `expect`. */
struct rxseg {
	uint8_t		*frame;		/* (owned) the seg borrows from it */
	struct tc_segment seg;
	int64_t		t;		/* capture time, monotonic */
	bool		used;
};

enum outcome {
	STEP_DONE,
	STEP_WAIT,
	STEP_OVER		/* the verdict is set */
};

struct tc_interp {
	const struct tc_script *s;	/* (borrowed) */
	struct tc_interp_io io;
	struct tc_result *res;		/* (borrowed) */
	struct tc_env	env;
	struct tc_conn	conn;
	int64_t		start;
	int64_t		ref;		/* when the previous step completed */
	size_t		pc;
	bool		active;		/* the current step has started */
	int64_t		deadline;	/* of the current step */
	bool		has_ready;
	size_t		v4_pc;		/* on an IPv6 link: the first
					   statement that needs IPv4, else
					   SIZE_MAX (the runner SKIPs such
					   scripts; this is the backstop) */
	bool		ready;
	bool		over;
	uint16_t	ip_id;
	struct rxseg	*rxq;		/* (owned) */
	size_t		nrx;
	size_t		rx_dropped;
	struct {
		const char	*name;	/* (borrowed from the script) */
		bool		is_conn;
	} sock[SOCKS_MAX];
	size_t		nsock;
	uint64_t	rng;		/* `random` draws from here */
	bool		sent_icmp;	/* this testcase sent ICMP itself */
	uint32_t	nsent;		/* of the current `send ... x N` */
	struct {
		uint16_t	base;	/* ports base .. base+n-1 */
		uint32_t	n;
		uint32_t	got;
		uint32_t	*isn;	/* (owned) n values */
		bool		*seen;	/* (owned) */
	} sample;			/* `sample isn x N` in progress */
	uint8_t		*readbuf;	/* (owned) bytes a READ collected */
	size_t		nread;
	struct tc_send_bufs *bufs;	/* (owned) */
};

typedef enum outcome (*stmt_fn)(struct tc_interp *, const struct tc_stmt *,
    int64_t, struct tc_wait *);

static const char *
model_state(const struct tc_interp *ip)
{
	return tc_fsm_state_name(ip->conn.fsm.state);
}

static void __attribute__((format(printf, 3, 4)))
note(struct tc_interp *ip, unsigned line, const char *fmt, ...)
{
	char text[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	tc_result_log(ip->res, tc_clock_now() - ip->start, TC_LOG_NOTE,
	    line, model_state(ip), "%s", text);
}

/* Ends the testcase: FAIL, or INCONC while the setup is not complete. */
static enum outcome __attribute__((format(printf, 5, 6)))
fail(struct tc_interp *ip, unsigned line, const char *expected,
    const char *got, const char *fmt, ...)
{
	enum tc_verdict v = ip->has_ready && !ip->ready ?
	    TC_VERDICT_INCONC : TC_VERDICT_FAIL;
	char why[400];
	va_list ap;

	if (ip->over)
		return STEP_OVER;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	tc_result_set(ip->res, v, "line %u: %s%s", line, why,
	    v == TC_VERDICT_INCONC ? " (before 'ready': the target never "
	    "reached the situation under test)" : "");
	snprintf(ip->res->expected, sizeof(ip->res->expected), "%s",
	    expected ? expected : "");
	snprintf(ip->res->got, sizeof(ip->res->got), "%s", got ? got : "");
	ip->res->fail_line = line;
	note(ip, line, "%s: %s", tc_verdict_name(v), why);
	ip->over = true;
	return STEP_OVER;
}

static enum outcome __attribute__((format(printf, 3, 4)))
error(struct tc_interp *ip, unsigned line, const char *fmt, ...)
{
	char why[400];
	va_list ap;

	if (ip->over)
		return STEP_OVER;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	tc_result_set(ip->res, TC_VERDICT_ERROR, "line %u: %s", line, why);
	ip->res->fail_line = line;
	note(ip, line, "ERROR: %s", why);
	ip->over = true;
	return STEP_OVER;
}

/*
 * The target cannot do what the script asks (an option its stack lacks,
 * ENOTSUP from an agent): SKIP with the reason, as for a missing
 * capability, never a pass.
 */
static enum outcome
skip(struct tc_interp *ip, unsigned line, const char *why)
{
	if (ip->over)
		return STEP_OVER;
	tc_result_set(ip->res, TC_VERDICT_SKIP, "line %u: %s", line, why);
	note(ip, line, "SKIP: %s", why);
	ip->over = true;
	return STEP_OVER;
}

static void
fsm_trace(void *arg, enum tc_fsm_state from, enum tc_fsm_state to,
    enum tc_fsm_event ev, const char *ref)
{
	struct tc_interp *ip = arg;

	tc_result_log(ip->res, tc_clock_now() - ip->start, TC_LOG_NOTE, 0,
	    tc_fsm_state_name(to), "model: %s -> %s on %s (%s)",
	    tc_fsm_state_name(from), tc_fsm_state_name(to),
	    tc_fsm_event_name(ev), ref ? ref : "");
}

enum tc_err
tc_interp_new(const struct tc_script *s, const struct tc_interp_io *io,
    struct tc_result *res, uint32_t isn, uint16_t ip_id, int64_t now,
    struct tc_interp **out)
{
	struct tc_interp *ip = calloc(1, sizeof(*ip));
	size_t i;

	if (ip == NULL)
		return TC_ERR_NOMEM;
	ip->rxq = calloc(RXQ_MAX, sizeof(*ip->rxq));
	ip->readbuf = malloc(READ_MAX);
	ip->bufs = malloc(sizeof(*ip->bufs));
	if (ip->rxq == NULL || ip->readbuf == NULL || ip->bufs == NULL) {
		tc_interp_free(ip);
		return TC_ERR_NOMEM;
	}
	ip->s = s;
	ip->io = *io;
	ip->res = res;
	ip->start = now;
	ip->ref = now;
	ip->ip_id = ip_id;
	ip->env.isn = isn;
	ip->rng = io->rng;
	ip->env.rng = &ip->rng;
	tc_conn_init(&ip->conn, isn, fsm_trace, ip);
	ip->v4_pc = SIZE_MAX;
	for (i = 0; i < s->nstmt; i++) {
		if (s->stmt[i].kind == TC_STMT_READY)
			ip->has_ready = true;
		if (ip->v4_pc == SIZE_MAX &&
		    io->link->local_addr.family == TC_AF_INET6 &&
		    tc_family_stmt_v4only(&s->stmt[i]) != NULL)
			ip->v4_pc = i;
	}
	*out = ip;
	return TC_OK;
}

void
tc_interp_free(struct tc_interp *ip)
{
	size_t i;

	if (ip == NULL)
		return;
	if (ip->rxq != NULL)
		for (i = 0; i < ip->nrx; i++)
			free(ip->rxq[i].frame);
	free(ip->rxq);
	free(ip->sample.isn);
	free(ip->sample.seen);
	free(ip->readbuf);
	free(ip->bufs);
	free(ip);
}

void
tc_interp_abort(struct tc_interp *ip, enum tc_verdict v, const char *reason)
{
	if (ip->over)
		return;
	tc_result_set(ip->res, v, "%s", reason);
	note(ip, 0, "%s: %s", tc_verdict_name(v), reason);
	ip->over = true;
}

/* ---- captured frames ------------------------------------------------ */

static bool
is_our_connection(const struct tc_interp *ip, const struct tc_segment *seg)
{
	const struct tc_link *l = ip->io.link;

	/*
	 * ICMP the target sends to the tester belongs to the testcase.  On a
	 * link other testcases share (a remote host), an error must quote
	 * our segment, and other messages (echo replies) answer ICMP that
	 * the testcase sent itself.
	 */
	if (seg->kind == TC_SEG_ICMP)
		return tc_addr_equal(&seg->src, &l->target_addr) &&
		    tc_addr_equal(&seg->dst, &l->local_addr) &&
		    (seg->has_quote ? seg->quote_proto != IPPROTO_TCP ||
		    (seg->quote_sport == ip->io.sport &&
		    seg->quote_dport == ip->io.dport) : ip->sent_icmp);
	return seg->kind == TC_SEG_TCP &&
	    tc_addr_equal(&seg->src, &l->target_addr) &&
	    tc_addr_equal(&seg->dst, &l->local_addr) &&
	    seg->sport == ip->io.dport && seg->dport == ip->io.sport;
}

static void
target_segment(struct tc_interp *ip, struct rxseg *rx)
{
	char text[200], why[256];

	tc_segment_format(&rx->seg, text, sizeof(text));
	tc_result_log(ip->res, rx->t - ip->start, TC_LOG_IN, 0,
	    model_state(ip), "%s", text);
	if (rx->seg.kind != TC_SEG_TCP)
		return;
	if (!tc_conn_on_recv(&ip->conn, &rx->seg, why, sizeof(why)))
		fail(ip, ip->pc < ip->s->nstmt ? ip->s->stmt[ip->pc].line : 0,
		    "a segment the target may send here", text, "%s", why);
	ip->env.peer_known = ip->conn.peer_known;
	ip->env.peer = ip->conn.peer;
}

/* A SYN-ACK answering one of a sample's SYNs: keep its ISN. */
static void
sample_frame(struct tc_interp *ip, const struct tc_segment *seg)
{
	uint32_t i;

	if (ip->sample.n == 0 || seg->kind != TC_SEG_TCP ||
	    seg->flags != (TC_TH_SYN | TC_TH_ACK) ||
	    seg->sport != ip->io.dport || seg->dport < ip->sample.base)
		return;
	i = (uint32_t)(seg->dport - ip->sample.base);
	if (i >= ip->sample.n || ip->sample.seen[i])
		return;
	ip->sample.seen[i] = true;
	ip->sample.isn[i] = seg->seq;
	ip->sample.got++;
}

void
tc_interp_frame(struct tc_interp *ip, const struct timespec *ts, int64_t t,
    const uint8_t *frame, size_t len)
{
	const struct tc_link *l = ip->io.link;
	struct rxseg *rx;

	if (ip->over)
		return;
	tc_result_add_frame(ip->res, ts, frame, len);
	if (len < 12 || memcmp(frame + 6, l->peer_mac, 6) != 0)
		return;		/* ours (logged when sent) or a stranger's */
	if (ip->nrx == RXQ_MAX) {
		if (ip->rx_dropped++ == 0)
			note(ip, 0, "more than %d segments queued; dropping "
			    "the rest", RXQ_MAX);
		return;
	}
	rx = &ip->rxq[ip->nrx];
	rx->frame = malloc(len);
	if (rx->frame == NULL)
		return;
	memcpy(rx->frame, frame, len);
	tc_segment_decode(rx->frame, len, TC_LINK_ETHERNET, &rx->seg);
	sample_frame(ip, &rx->seg);
	if (!is_our_connection(ip, &rx->seg)) {
		free(rx->frame);
		rx->frame = NULL;
		return;
	}
	rx->t = t;
	rx->used = false;
	ip->nrx++;
	target_segment(ip, rx);
}

/*
 * Is rx an exact retransmission of a segment an `expect` already matched?
 * Retransmitting is always the target's right, so `expect` steps over one
 * that does not match; `expect none` still sees it.
 */
static bool
is_retransmission(const struct tc_interp *ip, const struct rxseg *rx)
{
	const struct tc_segment *a = &rx->seg, *b;
	size_t i;

	for (i = 0; i < ip->nrx && &ip->rxq[i] != rx; i++) {
		b = &ip->rxq[i].seg;
		if (ip->rxq[i].used && a->flags == b->flags &&
		    a->seq == b->seq && a->ack == b->ack && a->win == b->win &&
		    a->payload_len == b->payload_len &&
		    memcmp(a->payload, b->payload, a->payload_len) == 0)
			return true;
	}
	return false;
}

static struct rxseg *
next_rx(struct tc_interp *ip)
{
	size_t i;

	for (i = 0; i < ip->nrx; i++)
		if (!ip->rxq[i].used)
			return &ip->rxq[i];
	return NULL;
}

/* ---- send ----------------------------------------------------------- */

/*
 * The datagram an ICMP error quotes: one the target sent on the
 * connection (IP header and the whole TCP header, more than the 8 bytes
 * RFC 1122 3.2.2 asks for, as routers send today).
 */
static enum tc_err
build_quote(struct tc_interp *ip, uint32_t seq, uint8_t *buf, size_t cap,
    size_t *len)
{
	struct tc_tcp_spec t = { .sport = ip->io.dport, .dport = ip->io.sport,
	    .seq = seq, .ack = ip->conn.snd_nxt, .flags = TC_TH_ACK,
	    .win = 65535, .csum_mode = TC_CSUM_CORRECT };
	struct tc_ip_spec q = { .src = ip->io.link->target_addr,
	    .dst = ip->io.link->local_addr, .ttl = 64, .df = true };
	uint8_t tcp[64];
	size_t hlen, tlen;
	enum tc_err err;

	if ((err = tc_craft_tcp_encode(&t, &q.src, &q.dst, tcp, sizeof(tcp),
	    &tlen)) != TC_OK ||
	    (err = tc_craft_ipv4_header(&q, 6, tlen, buf, cap, &hlen)) != TC_OK)
		return err;
	if (hlen + tlen > cap)
		return TC_ERR_LIMIT;
	memcpy(buf + hlen, tcp, tlen);
	*len = hlen + tlen;
	return TC_OK;
}

/* `send icmp ...`: an ICMP error about the connection, to the target. */
static enum outcome
send_icmp(struct tc_interp *ip, const struct tc_stmt *st)
{
	struct tc_icmp_spec m;
	struct tc_segment seg;
	struct tc_diag d;
	uint8_t quote[128], frame[512];
	size_t qlen, flen;
	char why[256], text[200];
	enum tc_err err;

	tc_diag_init(&d);
	if ((err = tc_build_icmp(&ip->env, st->alt, ip->conn.rcv_nxt, &m, why,
	    sizeof(why))) != TC_OK)
		return error(ip, st->line, "%s", why);
	m.ip.src = ip->io.link->local_addr;
	m.ip.dst = ip->io.link->target_addr;
	m.ip.id = ip->ip_id++;
	if (build_quote(ip, m.quote_seq, quote, sizeof(quote), &qlen) != TC_OK)
		return error(ip, st->line, "cannot build the quoted segment");
	err = tc_craft_send_icmp4(ip->io.craft, &m.ip, m.type, m.code, m.rest,
	    quote, qlen, frame, sizeof(frame), &flen, &d);
	if (err != TC_OK)
		return error(ip, st->line, "send failed: %s", d.msg);
	ip->sent_icmp = true;
	ip->ref = tc_clock_now();
	tc_segment_decode(frame, flen, TC_LINK_ETHERNET, &seg);
	tc_segment_format(&seg, text, sizeof(text));
	tc_result_log(ip->res, ip->ref - ip->start, TC_LOG_OUT, st->line,
	    model_state(ip), "%s", text);
	return STEP_DONE;
}

/* Sends one segment of a `send`; logs it unless it is part of a flood. */
static enum outcome
send_one(struct tc_interp *ip, const struct tc_stmt *st, bool log)
{
	struct tc_send_defaults def = { .sport = ip->io.sport,
	    .dport = ip->io.dport, .seq = ip->conn.snd_nxt,
	    .ack = ip->conn.rcv_nxt, .ip_id = ip->ip_id++ };
	struct tc_tcp_spec tcp;
	struct tc_ip_spec ipspec = { 0 };
	struct tc_segment seg;
	struct tc_diag d;
	uint8_t seg_buf[70000], frame[70100];
	size_t seg_len, frame_len;
	char why[256], text[200];
	enum tc_err err;
	int64_t now;

	tc_diag_init(&d);
	err = tc_build_send(&ip->env, st->alt, &def, &tcp, &ipspec, ip->bufs,
	    why, sizeof(why));
	if (err != TC_OK)
		return error(ip, st->line, "%s", why);
	ipspec.src = ip->io.link->local_addr;
	ipspec.dst = ip->io.link->target_addr;
	/* A flood never lands on the connection under test. */
	if (st->alt->count > 1 && tcp.sport == ip->io.sport &&
	    tcp.dport == ip->io.dport)
		tcp.sport ^= 0x8000;
	if (tc_craft_tcp_encode(&tcp, &ipspec.src, &ipspec.dst, seg_buf,
	    sizeof(seg_buf), &seg_len) != TC_OK)
		return error(ip, st->line, "segment does not fit");
	err = tc_craft_send_ip(ip->io.craft, &ipspec, seg_buf, seg_len,
	    frame, sizeof(frame), &frame_len, &d);
	if (err != TC_OK)
		return error(ip, st->line, "send failed: %s", d.msg);
	now = tc_clock_now();
	tc_segment_decode(frame, frame_len, TC_LINK_ETHERNET, &seg);
	if (log) {
		tc_segment_format(&seg, text, sizeof(text));
		tc_result_log(ip->res, now - ip->start, TC_LOG_OUT, st->line,
		    model_state(ip), "%s", text);
	}
	/* A flood from other ports is not the connection under test. */
	if (seg.sport == ip->io.sport && seg.dport == ip->io.dport)
		tc_conn_on_send(&ip->conn, &seg);
	ip->ref = now;
	return STEP_DONE;
}

#define SEND_BATCH	64	/* segments per loop turn of a flood */

static enum outcome
do_send(struct tc_interp *ip, const struct tc_stmt *st, int64_t now,
    struct tc_wait *w)
{
	uint32_t count = st->alt->count ? st->alt->count : 1, batch = 0;
	enum outcome o;

	if (st->alt->icmp)
		return send_icmp(ip, st);
	if (!ip->active)
		ip->nsent = 0;
	while (ip->nsent < count) {
		o = send_one(ip, st, ip->nsent == 0 || ip->nsent == count - 1);
		if (o != STEP_DONE)
			return o;
		ip->nsent++;
		/* Let the loop drain captures between batches. */
		if (++batch == SEND_BATCH && ip->nsent < count) {
			w->deadline = now;
			return STEP_WAIT;
		}
	}
	if (count > 1)
		note(ip, st->line, "sent %u segments (x %u)", count, count);
	return STEP_DONE;
}

/* ---- expect --------------------------------------------------------- */

static void
pattern_text(const struct tc_stmt *st, char *buf, size_t cap)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < st->nalt && used + 4 < cap; i++) {
		if (i > 0)
			used += (size_t)snprintf(buf + used, cap - used, " | ");
		used += tc_pattern_format(&st->alt[i], buf + used, cap - used);
	}
}

static double
secs(int64_t ns)
{
	return (double)ns / 1e9;
}

/* Which alternative matches rx, or -1; *why explains the first miss. */
static int
match_alts(struct tc_interp *ip, const struct tc_stmt *st,
    const struct rxseg *rx, char *why, size_t cap, enum tc_err *err)
{
	char miss[200];
	size_t i, used = 0;
	bool ok;

	*err = TC_OK;
	for (i = 0; i < st->nalt; i++) {
		*err = tc_match(&ip->env, &st->alt[i], &rx->seg, &ok, miss,
		    sizeof(miss));
		if (*err != TC_OK) {
			snprintf(why, cap, "%s", miss);
			return -1;
		}
		if (ok)
			return (int)i;
		/* Say why each alternative missed, not just the first. */
		if (used < cap && st->nalt == 1)
			used += (size_t)snprintf(why, cap, "%s", miss);
		else if (used < cap)
			used += (size_t)snprintf(why + used, cap - used,
			    "%s(%zu) %s", i > 0 ? "; " : "", i + 1, miss);
	}
	return -1;
}

static int64_t
expect_bound(const struct tc_interp *ip, const struct tc_stmt *st)
{
	if (st->after_hi_ns >= 0)
		return st->after_hi_ns;
	if (st->within_ns >= 0)
		return st->within_ns;
	return ip->io.expect_ns;
}

static enum outcome
check_timing(struct tc_interp *ip, const struct tc_stmt *st,
    const struct rxseg *rx, const char *want, const char *got)
{
	int64_t dt = rx->t - ip->ref;

	/* Capture stamps are wall-clock converted to monotonic: an instant
	 * reply can land a few microseconds before the send that caused
	 * it.  Nothing answers before it is asked: read that as 0. */
	if (dt < 0 && dt > -CLOCK_SLACK_NS)
		dt = 0;
	if (st->after_lo_ns < 0 || (dt >= st->after_lo_ns &&
	    dt <= st->after_hi_ns))
		return STEP_DONE;
	return fail(ip, st->line, want, got, "came after %.3fs; expected "
	    "after %.3fs..%.3fs", secs(dt), secs(st->after_lo_ns),
	    secs(st->after_hi_ns));
}

static enum outcome
do_expect(struct tc_interp *ip, const struct tc_stmt *st, int64_t now,
    struct tc_wait *w)
{
	char want[256], got[200], why[256];
	struct rxseg *rx;
	enum tc_err err;
	int alt;

	if (!ip->active)
		ip->deadline = ip->ref + expect_bound(ip, st);
	pattern_text(st, want, sizeof(want));
	rx = next_rx(ip);
	if (rx == NULL) {
		if (now < ip->deadline) {
			w->deadline = ip->deadline;
			return STEP_WAIT;
		}
		if (st->optional) {
			note(ip, st->line, "optional: nothing came within "
			    "%.3fs", secs(expect_bound(ip, st)));
			ip->ref = now;
			return STEP_DONE;
		}
		return fail(ip, st->line, want, "nothing", "expected %s "
		    "within %.3fs; nothing came", want,
		    secs(expect_bound(ip, st)));
	}
	tc_segment_format(&rx->seg, got, sizeof(got));
	alt = match_alts(ip, st, rx, why, sizeof(why), &err);
	if (err != TC_OK)
		return error(ip, st->line, "%s", why);
	if (alt < 0 && is_retransmission(ip, rx)) {
		rx->used = true;
		note(ip, st->line, "stepped over a retransmission: %s", got);
		return do_expect(ip, st, now, w);
	}
	if (alt < 0 && st->optional) {
		/* Not consumed: the next step sees it first. */
		note(ip, st->line, "optional: %s did not match, left for "
		    "the next step", got);
		return STEP_DONE;
	}
	if (alt < 0)
		return fail(ip, st->line, want, got, "expected %s: %s", want,
		    why);
	rx->used = true;
	if (st->nalt > 1)
		note(ip, st->line, "alternative %d of %zu matched", alt + 1,
		    st->nalt);
	if (check_timing(ip, st, rx, want, got) != STEP_DONE)
		return STEP_OVER;
	ip->ref = rx->t;
	ip->env.last = &rx->seg;
	return STEP_DONE;
}

/* expect none within D / expect no PATTERN within D */
static enum outcome
do_expect_absent(struct tc_interp *ip, const struct tc_stmt *st,
    int64_t now, struct tc_wait *w)
{
	char want[256], got[200], why[256];
	enum tc_err err;
	size_t i;

	if (!ip->active)
		ip->deadline = now + st->within_ns;
	for (i = 0; i < ip->nrx; i++) {
		struct rxseg *rx = &ip->rxq[i];

		if (rx->used)
			continue;
		if (st->kind == TC_STMT_EXPECT_NO &&
		    match_alts(ip, st, rx, why, sizeof(why), &err) < 0) {
			if (err != TC_OK)
				return error(ip, st->line, "%s", why);
			continue;
		}
		tc_segment_format(&rx->seg, got, sizeof(got));
		if (st->kind == TC_STMT_EXPECT_NONE)
			snprintf(want, sizeof(want), "nothing");
		else
			pattern_text(st, want, sizeof(want));
		return fail(ip, st->line, st->kind == TC_STMT_EXPECT_NONE ?
		    "nothing" : want, got, "expected %s%s within %.3fs; got %s",
		    st->kind == TC_STMT_EXPECT_NONE ? "" : "no ", want,
		    secs(st->within_ns), got);
	}
	if (now < ip->deadline) {
		w->deadline = ip->deadline;
		return STEP_WAIT;
	}
	ip->ref = now;
	return STEP_DONE;
}

/* ---- state ---------------------------------------------------------- */

static bool
state_matches(enum tc_fsm_state want, enum tc_fsm_state real, bool listening)
{
	/* The 4-tuple has no socket while a passive open waits for a SYN:
	 * its TCB in LISTEN is the listener's. */
	return real == want || (want == TC_FSM_LISTEN &&
	    real == TC_FSM_CLOSED && listening);
}

static enum outcome
do_state(struct tc_interp *ip, const struct tc_stmt *st, int64_t now,
    struct tc_wait *w)
{
	const char *want = tc_fsm_state_name(st->state);
	struct tc_tuple tuple = { .target_addr = ip->io.link->target_addr,
	    .target_port = ip->io.dport, .peer_addr = ip->io.link->local_addr,
	    .peer_port = ip->io.sport };
	enum tc_fsm_state real = TC_FSM_CLOSED;
	bool listening = false;
	struct tc_diag d;
	char got[64];
	enum tc_err err;

	if (ip->conn.fsm.state != st->state)
		return fail(ip, st->line, want, model_state(ip), "the reference "
		    "model (RFC 9293) has the target in %s here, the script "
		    "asserts %s", model_state(ip), want);
	if (!ip->active)
		ip->deadline = now + STATE_SETTLE_NS;
	tc_diag_init(&d);
	err = tc_target_state(ip->io.target, ip->io.session, &tuple, &real,
	    &listening, &d);
	if (err == TC_ERR_UNSUPPORTED) {
		note(ip, st->line, "state %s inferred from the reference model "
		    "(the target cannot report its state)", want);
		return STEP_DONE;
	}
	if (err != TC_OK)
		return error(ip, st->line, "reading the target's state: %s",
		    d.msg[0] ? d.msg : tc_strerror(err));
	if (state_matches(st->state, real, listening)) {
		note(ip, st->line, "state %s (the target's own, and the model's)",
		    want);
		return STEP_DONE;
	}
	if (now < ip->deadline) {
		w->deadline = now + STATE_POLL_NS < ip->deadline ?
		    now + STATE_POLL_NS : ip->deadline;
		return STEP_WAIT;
	}
	snprintf(got, sizeof(got), "%s", tc_fsm_state_name(real));
	return fail(ip, st->line, want, got, "the target is in %s (read from "
	    "the target), expected %s", got, want);
}

/* ---- target actions ------------------------------------------------- */

static const char *
action_name(enum tc_action_kind k)
{
	/* ORDER ACTIONS */
	static const char *const names[TC_ACT_COUNT] = {
		[TC_ACT_LISTEN] = "listen", [TC_ACT_ACCEPT] = "accept",
		[TC_ACT_CONNECT] = "connect", [TC_ACT_WRITE] = "write",
		[TC_ACT_READ] = "read", [TC_ACT_SHUTDOWN] = "shutdown",
		[TC_ACT_CLOSE] = "close", [TC_ACT_ABORT] = "abort",
		[TC_ACT_SETOPT] = "set",
	};

	return (unsigned)k < TC_ACT_COUNT ? names[k] : "?";
}

static ssize_t
sock_index(struct tc_interp *ip, const char *name, bool add)
{
	size_t i;

	for (i = 0; name != NULL && i < ip->nsock; i++)
		if (strcmp(ip->sock[i].name, name) == 0)
			return (ssize_t)i;
	if (!add || name == NULL || ip->nsock == SOCKS_MAX)
		return -1;
	ip->sock[ip->nsock].name = name;
	ip->sock[ip->nsock].is_conn = false;
	return (ssize_t)ip->nsock++;
}

static enum tc_err
build_action(struct tc_interp *ip, const struct tc_target_stmt *t,
    struct tc_action *a, char *why, size_t cap)
{
	uint32_t v = 16;
	enum tc_err err;
	size_t i;

	*a = (struct tc_action){ .kind = (enum tc_action_kind)t->action,
	    .sock = t->sock, .as = t->as, .port = ip->io.dport,
	    .peer_port = ip->io.sport, .how = t->how };
	if (t->backlog != NULL &&
	    (err = tc_eval(&ip->env, t->backlog, &v, why, cap)) != TC_OK)
		return err;
	a->backlog = (int)v;
	for (i = 0; i < t->nopt; i++) {
		if ((err = tc_eval(&ip->env, t->opt[i].value, &v, why, cap)))
			return err;
		a->opts[i].kind = (enum tc_sockopt_kind)t->opt[i].kind;
		a->opts[i].value = (int)v;
	}
	a->nopts = t->nopt;
	a->data = t->data;
	a->len = t->data_len;
	if (t->len != NULL) {
		if ((err = tc_eval(&ip->env, t->len, &v, why, cap)) != TC_OK)
			return err;
		if (v > READ_MAX) {
			snprintf(why, cap, "len=%u is more than %d", v,
			    READ_MAX);
			return TC_ERR_LIMIT;
		}
		a->len = v;
		if (a->kind == TC_ACT_WRITE) {
			for (i = 0; i < v; i++)
				ip->bufs->payload[i] = (uint8_t)('A' + i % 26);
			a->data = ip->bufs->payload;
		}
	}
	if (a->kind == TC_ACT_READ)
		a->len = t->eof ? 1 : a->len - ip->nread;
	return TC_OK;
}

/* Checks what a READ brought; STEP_WAIT when more bytes must come. */
static enum outcome
read_done(struct tc_interp *ip, const struct tc_stmt *st,
    const struct tc_action *a, const struct tc_action_result *r,
    struct tc_wait *w)
{
	const struct tc_target_stmt *t = &st->target;
	size_t want = t->eof ? 0 : a->len + ip->nread;

	if (r->n > 0 && ip->nread + r->n <= READ_MAX) {
		memcpy(ip->readbuf + ip->nread, r->buf, r->n);
		ip->nread += r->n;
	}
	if (t->eof && (r->n > 0 || !r->eof))
		return fail(ip, st->line, "end of file", "data", "target read "
		    "%s: expected end of file, got %zu bytes", t->sock, r->n);
	if (!t->eof && r->eof && ip->nread < want)
		return fail(ip, st->line, "data", "end of file", "target read "
		    "%s: end of file after %zu of %zu bytes", t->sock,
		    ip->nread, want);
	if (!t->eof && ip->nread < want) {
		w->deadline = ip->deadline;
		return STEP_WAIT;
	}
	if (t->data != NULL && memcmp(ip->readbuf, t->data, t->data_len) != 0)
		return fail(ip, st->line, "the bytes sent", "other bytes",
		    "target read %s: the data differs from what was sent",
		    t->sock);
	return STEP_DONE;
}

static void
action_done(struct tc_interp *ip, const struct tc_stmt *st,
    const struct tc_action *a)
{
	ssize_t i = sock_index(ip, a->kind == TC_ACT_LISTEN ||
	    a->kind == TC_ACT_ACCEPT || a->kind == TC_ACT_CONNECT ? a->as :
	    a->sock, true);
	bool is_conn;

	if (i >= 0 && (a->kind == TC_ACT_ACCEPT || a->kind == TC_ACT_CONNECT))
		ip->sock[i].is_conn = true;
	is_conn = i >= 0 && ip->sock[i].is_conn;
	note(ip, st->line, "target %s %s done", action_name(a->kind),
	    a->as ? a->as : a->sock ? a->sock : "");
	tc_conn_on_action(&ip->conn, a->kind, a->how, is_conn);
}

static enum outcome
do_target(struct tc_interp *ip, const struct tc_stmt *st, int64_t now,
    struct tc_wait *w)
{
	struct tc_action_result r;
	struct tc_action a;
	struct tc_diag d;
	char why[256];
	enum tc_err err;

	if (!ip->active) {
		ip->deadline = now + ip->io.expect_ns;
		ip->nread = 0;
	}
	if ((err = build_action(ip, &st->target, &a, why, sizeof(why))))
		return error(ip, st->line, "%s", why);
	a.timeout_ms = ip->deadline > now ?
	    (int)((ip->deadline - now + 999999) / 1000000) : 1;
	tc_diag_init(&d);
	memset(&r, 0, sizeof(r));
	r.wait_fd = -1;
	err = tc_target_act(ip->io.target, ip->io.session, &a, &r, &d);
	if (err == TC_ERR_AGAIN && now < ip->deadline) {
		w->deadline = ip->deadline;
		w->fd = r.wait_fd;
		w->events = r.wait_events;
		return STEP_WAIT;
	}
	if (err == TC_ERR_AGAIN)
		return fail(ip, st->line, "completion", "nothing", "target %s "
		    "did not complete within %.3fs", action_name(a.kind),
		    secs(ip->io.expect_ns));
	if (err == TC_ERR_SYS)
		return fail(ip, st->line, "success", d.msg, "target %s: %s",
		    action_name(a.kind), d.msg);
	if (err == TC_ERR_UNSUPPORTED && d.msg[0] != '\0')
		return skip(ip, st->line, d.msg);
	if (err != TC_OK)
		return error(ip, st->line, "target %s: %s",
		    action_name(a.kind), d.msg[0] ? d.msg : tc_strerror(err));
	if (a.kind == TC_ACT_READ) {
		enum outcome o = read_done(ip, st, &a, &r, w);

		if (o != STEP_DONE)
			return o;
	}
	action_done(ip, st, &a);
	ip->ref = tc_clock_now();
	return STEP_DONE;
}

/* ---- sample isn ------------------------------------------------------ */

#define SAMPLE_PORT_LO	1024	/* below the testcase's own ports */

/* Opens the sample's half-connections: one SYN from each port. */
static enum outcome
sample_start(struct tc_interp *ip, const struct tc_stmt *st)
{
	struct tc_tcp_spec t = { .dport = ip->io.dport, .flags = TC_TH_SYN,
	    .win = 65535, .csum_mode = TC_CSUM_CORRECT };
	struct tc_ip_spec ipspec = { .src = ip->io.link->local_addr,
	    .dst = ip->io.link->target_addr, .ttl = 64, .df = true };
	uint8_t seg[64];
	size_t len;
	struct tc_diag d;
	uint32_t i;

	ip->sample.n = st->samples;
	ip->sample.got = 0;
	ip->sample.base = (uint16_t)(SAMPLE_PORT_LO + ip->rng % 4000);
	ip->sample.isn = calloc(st->samples, sizeof(*ip->sample.isn));
	ip->sample.seen = calloc(st->samples, sizeof(*ip->sample.seen));
	if (ip->sample.isn == NULL || ip->sample.seen == NULL)
		return error(ip, st->line, "out of memory");
	tc_diag_init(&d);
	for (i = 0; i < st->samples; i++) {
		t.sport = (uint16_t)(ip->sample.base + i);
		t.seq = (uint32_t)(ip->rng >> 16) * 2654435761u + i;
		ipspec.id = ip->ip_id++;
		if (tc_craft_tcp_encode(&t, &ipspec.src, &ipspec.dst, seg,
		    sizeof(seg), &len) != TC_OK ||
		    tc_craft_send_ip(ip->io.craft, &ipspec, seg, len, NULL, 0,
		    NULL, &d) != TC_OK)
			return error(ip, st->line, "sample: %s", d.msg);
	}
	note(ip, st->line, "sample: %u SYNs from ports %u..%u", st->samples,
	    ip->sample.base, ip->sample.base + st->samples - 1);
	return STEP_WAIT;
}

static enum outcome
sample_judge(struct tc_interp *ip, const struct tc_stmt *st)
{
	struct tc_isnstat s;
	uint32_t *isn = ip->sample.isn, n = 0, i;

	for (i = 0; i < ip->sample.n; i++)
		if (ip->sample.seen[i])
			isn[n++] = ip->sample.isn[i];
	if (n < ip->sample.n / 2)
		return fail(ip, st->line, "SYN-ACKs", "too few", "sample: only "
		    "%u of %u SYNs were answered", n, ip->sample.n);
	tc_isnstat_analyze(isn, n, &s);
	note(ip, st->line, "sample: %u ISNs, %zu distinct, gcd %u, worst bit "
	    "%u (z %.1f)", n, s.distinct, s.gcd, s.worst_bit, s.worst_bit_z);
	if (s.predictable)
		return fail(ip, st->line, "unpredictable ISNs",
		    "predictable ISNs", "the target's ISNs are predictable: "
		    "%s (RFC 6528)", s.why);
	return STEP_DONE;
}

static enum outcome
do_sample(struct tc_interp *ip, const struct tc_stmt *st, int64_t now,
    struct tc_wait *w)
{
	enum outcome o;

	if (!ip->active) {
		ip->deadline = now + (st->within_ns >= 0 ? st->within_ns :
		    ip->io.expect_ns);
		if ((o = sample_start(ip, st)) != STEP_WAIT)
			return o;
	}
	if (ip->sample.got < ip->sample.n && now < ip->deadline) {
		w->deadline = ip->deadline;
		return STEP_WAIT;
	}
	o = sample_judge(ip, st);
	ip->sample.n = 0;
	ip->ref = now;
	return o;
}

/* ---- wait, let, ready ----------------------------------------------- */

static enum outcome
do_wait(struct tc_interp *ip, const struct tc_stmt *st, int64_t now,
    struct tc_wait *w)
{
	if (!ip->active)
		ip->deadline = now + st->wait_ns;
	if (now < ip->deadline) {
		w->deadline = ip->deadline;
		return STEP_WAIT;
	}
	ip->ref = now;
	return STEP_DONE;
}

static enum outcome
do_let(struct tc_interp *ip, const struct tc_stmt *st, int64_t now,
    struct tc_wait *w)
{
	char why[256];
	uint32_t v;

	(void)now;
	(void)w;
	if (tc_eval(&ip->env, st->value, &v, why, sizeof(why)) != TC_OK)
		return error(ip, st->line, "%s", why);
	if (tc_env_set(&ip->env, st->var, v) != TC_OK)
		return error(ip, st->line, "too many variables");
	if (strcmp(st->var, "isn") == 0)
		tc_conn_init(&ip->conn, v, fsm_trace, ip);
	return STEP_DONE;
}

static enum outcome
do_ready(struct tc_interp *ip, const struct tc_stmt *st, int64_t now,
    struct tc_wait *w)
{
	(void)now;
	(void)w;
	ip->ready = true;
	note(ip, st->line, "ready: the situation under test is reached");
	return STEP_DONE;
}

/* ORDER STMTS */
static const stmt_fn handlers[TC_STMT_COUNT] = {
	[TC_STMT_SEND] = do_send,
	[TC_STMT_EXPECT] = do_expect,
	[TC_STMT_EXPECT_NONE] = do_expect_absent,
	[TC_STMT_EXPECT_NO] = do_expect_absent,
	[TC_STMT_STATE] = do_state,
	[TC_STMT_TARGET] = do_target,
	[TC_STMT_WAIT] = do_wait,
	[TC_STMT_LET] = do_let,
	[TC_STMT_READY] = do_ready,
	[TC_STMT_SAMPLE_ISN] = do_sample,
};

_Static_assert(sizeof(handlers) / sizeof(handlers[0]) == TC_STMT_COUNT,
    "a statement kind without a handler");

enum tc_step
tc_interp_run(struct tc_interp *ip, int64_t now, struct tc_wait *w)
{
	while (!ip->over && ip->pc < ip->s->nstmt) {
		const struct tc_stmt *st = &ip->s->stmt[ip->pc];
		enum outcome o;

		w->deadline = -1;
		w->fd = -1;
		w->events = 0;
		/* Never send IPv4 fields (or ICMPv4) inside IPv6. */
		o = ip->pc == ip->v4_pc ? error(ip, st->line, "not on IPv6: %s",
		    tc_family_stmt_v4only(st)) :
		    handlers[st->kind](ip, st, now, w);
		if (o == STEP_WAIT) {
			ip->active = true;
			return TC_STEP_WAIT;
		}
		if (o == STEP_OVER)
			break;
		ip->active = false;
		ip->pc++;
	}
	if (!ip->over) {
		tc_result_set(ip->res, TC_VERDICT_PASS, "%s", "");
		ip->over = true;
	}
	return TC_STEP_END;
}

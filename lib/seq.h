/* seq.h - sequence numbers: modulo-2^32 comparison and window tests. */
#ifndef TC_SEQ_H
#define TC_SEQ_H

#include <stdbool.h>
#include <stdint.h>

/*
 * RFC 9293 3.4: sequence space is circular, compared modulo 2^32.  a < b
 * when b - a, taken mod 2^32, lies in (0, 2^31).  Two numbers exactly 2^31
 * apart are ordered neither way (the RFC leaves this undefined; BSD's
 * signed-difference SEQ_LT says "less" both ways, which lets a check pass
 * that should not), so lt and gt are both false there and leq/geq are too.
 */
static inline bool
tc_seq_lt(uint32_t a, uint32_t b)
{
	uint32_t d = b - a;

	return d != 0 && d < UINT32_C(0x80000000);
}

static inline bool
tc_seq_gt(uint32_t a, uint32_t b)
{
	return tc_seq_lt(b, a);
}

static inline bool
tc_seq_leq(uint32_t a, uint32_t b)
{
	return a == b || tc_seq_lt(a, b);
}

static inline bool
tc_seq_geq(uint32_t a, uint32_t b)
{
	return a == b || tc_seq_gt(a, b);
}

/* Signed distance b - a when |b - a| < 2^31; 2^31 apart gives INT32_MIN. */
int64_t	tc_seq_diff(uint32_t a, uint32_t b);

/* lo <= x < hi in sequence space (a half-open interval that may wrap). */
bool	tc_seq_in(uint32_t x, uint32_t lo, uint32_t hi);

/*
 * RFC 9293 3.10.7.4 "first, check sequence number": the four cases of
 * segment length 0/>0 against window 0/>0.
 *   len 0, wnd 0: SEG.SEQ = RCV.NXT
 *   len 0, wnd>0: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
 *   len>0, wnd 0: not acceptable
 *   len>0, wnd>0: first or last octet inside the window
 * `len` counts SYN and FIN as one each, like SEG.LEN.
 */
bool	tc_seq_acceptable(uint32_t seg_seq, uint32_t seg_len, uint32_t rcv_nxt,
	    uint32_t rcv_wnd);

/*
 * RFC 9293 3.10.7.4 "fifth, check the ACK field": SND.UNA < SEG.ACK =<
 * SND.NXT acknowledges something new.
 */
bool	tc_seq_ack_new(uint32_t seg_ack, uint32_t snd_una, uint32_t snd_nxt);

/* RFC 5961 5.2: acceptable ACK range (SND.UNA - MAX.SND.WND) =< SEG.ACK =<
 * SND.NXT. */
bool	tc_seq_ack_acceptable(uint32_t seg_ack, uint32_t snd_una,
	    uint32_t snd_nxt, uint32_t max_snd_wnd);

#endif /* TC_SEQ_H */

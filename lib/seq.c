/* seq.c - window and acceptability tests over modulo-2^32 sequence numbers. */
#include "seq.h"

int64_t
tc_seq_diff(uint32_t a, uint32_t b)
{
	uint32_t d = b - a;

	if (d < UINT32_C(0x80000000))
		return (int64_t)d;
	return (int64_t)d - (INT64_C(1) << 32);
}

bool
tc_seq_in(uint32_t x, uint32_t lo, uint32_t hi)
{
	/* Offsets from lo never wrap, whatever the three values are. */
	return x - lo < hi - lo;
}

bool
tc_seq_acceptable(uint32_t seg_seq, uint32_t seg_len, uint32_t rcv_nxt,
    uint32_t rcv_wnd)
{
	uint32_t last;

	if (seg_len == 0 && rcv_wnd == 0)
		return seg_seq == rcv_nxt;
	if (seg_len == 0)
		return tc_seq_in(seg_seq, rcv_nxt, rcv_nxt + rcv_wnd);
	if (rcv_wnd == 0)
		return false;
	last = seg_seq + seg_len - 1;
	return tc_seq_in(seg_seq, rcv_nxt, rcv_nxt + rcv_wnd) ||
	    tc_seq_in(last, rcv_nxt, rcv_nxt + rcv_wnd);
}

bool
tc_seq_ack_new(uint32_t seg_ack, uint32_t snd_una, uint32_t snd_nxt)
{
	return tc_seq_lt(snd_una, seg_ack) && tc_seq_leq(seg_ack, snd_nxt);
}

bool
tc_seq_ack_acceptable(uint32_t seg_ack, uint32_t snd_una, uint32_t snd_nxt,
    uint32_t max_snd_wnd)
{
	/* Inclusive at both ends: [SND.UNA - MAX.SND.WND, SND.NXT]. */
	return tc_seq_in(seg_ack, snd_una - max_snd_wnd, snd_nxt + 1);
}

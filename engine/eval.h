/* eval.h - expressions, segment matching and send specs over variables. */
#ifndef TC_EVAL_H
#define TC_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "craft.h"
#include "err.h"
#include "segment.h"

#define TC_ENV_VARS_MAX	64

/* Variables of one running testcase; all values are modulo 2^32. */
struct tc_env {
	uint32_t	isn;
	bool		peer_known;
	uint32_t	peer;
	struct {
		const char	*name;	/* (borrowed from the script) */
		uint32_t	value;
	} var[TC_ENV_VARS_MAX];
	size_t		nvar;
	const struct tc_segment *last;	/* (borrowed) last matched: seg.* */
	uint64_t	*rng;		/* (borrowed) state for `random` */
};

/*
 * Evaluates e modulo 2^32.  TC_ERR_NOTFOUND when it uses `peer` before the
 * target's SYN was seen or an unset variable; *why says which.
 */
enum tc_err tc_eval(const struct tc_env *env, const struct tc_expr *e,
	    uint32_t *out, char *why, size_t cap);
/* Sets a variable (isn included); TC_ERR_LIMIT when the table is full. */
enum tc_err tc_env_set(struct tc_env *env, const char *name, uint32_t v);

/*
 * Does `seg` match pattern `p`?  Flags must be equal; every condition,
 * option and payload the pattern names must hold; nothing else is looked
 * at.  Sequence fields compare modulo 2^32.  *why gets the first mismatch
 * ("ack is 1002, expected 1001 (isn+1)").  Errors as tc_eval.
 */
enum tc_err tc_match(const struct tc_env *env, const struct tc_pattern *p,
	    const struct tc_segment *seg, bool *match, char *why, size_t cap);

/* Defaults for the fields a `send` does not set. */
struct tc_send_defaults {
	uint16_t	sport;
	uint16_t	dport;
	uint32_t	seq;		/* SND.NXT */
	uint32_t	ack;		/* RCV.NXT */
	uint16_t	ip_id;
};

/* Buffers that a built segment borrows from. */
struct tc_send_bufs {
	uint8_t		opts[64];
	uint8_t		payload[65536];
};

/*
 * Fills *tcp and *ip for a `send`: fields the pattern sets, defaults for
 * the rest (seq = SND.NXT, ack = RCV.NXT when ACK is set, win 65535, TTL
 * 64, DF).  Option bytes and payload go into *bufs.
 */
enum tc_err tc_build_send(const struct tc_env *env, const struct tc_pattern *p,
	    const struct tc_send_defaults *def, struct tc_tcp_spec *tcp,
	    struct tc_ip_spec *ip, struct tc_send_bufs *bufs, char *why,
	    size_t cap);

/* An ICMP message to send: what it says and the segment it quotes. */
struct tc_icmp_spec {
	uint8_t		type;
	uint8_t		code;
	uint32_t	rest;		/* e.g. next-hop MTU (RFC 1191) */
	uint32_t	quote_seq;	/* seq of the quoted target segment */
	struct tc_ip_spec ip;		/* TTL, TOS, DF, id of the message */
};

/*
 * Fills *out for `send icmp ...`: type and code from the pattern, seq= the
 * quoted segment's sequence number (default quote_seq), mtu= the next-hop
 * MTU, IP fields as for segments.
 */
enum tc_err tc_build_icmp(const struct tc_env *env, const struct tc_pattern *p,
	    uint32_t quote_seq, struct tc_icmp_spec *out, char *why, size_t cap);

#endif /* TC_EVAL_H */

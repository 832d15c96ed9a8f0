/* ast.h - the parsed form of a testcase script; every node lives in an arena. */
#ifndef TC_AST_H
#define TC_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "fsm.h"

/* A bump allocator: nodes are freed all at once with the script. */
struct tc_arena {
	struct tc_arena_chunk *head;	/* (owned) */
};

void	*tc_arena_alloc(struct tc_arena *a, size_t size);
char	*tc_arena_strndup(struct tc_arena *a, const char *s, size_t n);
void	tc_arena_fini(struct tc_arena *a);

enum tc_expr_kind {
	TC_EXPR_NUM,
	TC_EXPR_VAR,
	TC_EXPR_ADD,
	TC_EXPR_SUB,
	TC_EXPR_MUL,
	TC_EXPR_DIV,		/* unsigned, truncating */
	TC_EXPR_NEG,
	TC_EXPR_SEG,		/* seg.FIELD of the last matched segment */
	TC_EXPR_RANDOM		/* a fresh value from the testcase's seed */
};

/* Integer expressions; the interpreter evaluates them modulo 2^32. */
struct tc_expr {
	enum tc_expr_kind kind;
	unsigned	line, col;
	uint64_t	num;		/* NUM */
	const char	*name;		/* VAR (arena) */
	struct tc_expr	*l, *r;		/* operands (arena) */
	int		field;		/* SEG: enum tc_field, or -1 for an
					   option value (opt_kind, opt_index) */
	uint8_t		opt_kind;
	uint8_t		opt_index;
};

/* ORDER FIELDS: header fields a step can set or match. */
enum tc_field {
	TC_FIELD_SEQ,
	TC_FIELD_ACK,
	TC_FIELD_WIN,
	TC_FIELD_URG,
	TC_FIELD_DOFF,
	TC_FIELD_RES,		/* the 4 reserved bits */
	TC_FIELD_CSUM,
	TC_FIELD_TTL,
	TC_FIELD_TOS,
	TC_FIELD_IPID,
	TC_FIELD_DF,
	TC_FIELD_SPORT,
	TC_FIELD_DPORT,
	TC_FIELD_LEN,		/* payload length */
	TC_FIELD_DSCP,		/* the upper 6 bits of TOS */
	TC_FIELD_ECN,		/* the lower 2 bits of TOS */
	TC_FIELD_MTU,		/* ICMP "need to frag": next-hop MTU */
	TC_FIELD_COUNT
};

/* ORDER RELOPS */
enum tc_relop {
	TC_REL_EQ,
	TC_REL_NE,
	TC_REL_LT,
	TC_REL_LE,
	TC_REL_GT,
	TC_REL_GE,
	TC_REL_IN,		/* lo..hi inclusive */
	TC_REL_COUNT
};

enum tc_csum_kind {
	TC_CSUMK_EXPR,		/* an explicit value */
	TC_CSUMK_BAD,		/* csum=bad */
	TC_CSUMK_ZERO,		/* csum=zero (same as csum=0) */
	TC_CSUMK_GOOD		/* csum=good (expect) */
};

struct tc_cond {
	enum tc_field	field;
	enum tc_relop	op;
	struct tc_expr	*a;		/* (arena) */
	struct tc_expr	*b;		/* IN: upper bound (arena) */
	enum tc_csum_kind csum;		/* CSUM only */
	unsigned	line, col;
};

#define TC_AST_CONDS_MAX	16
#define TC_AST_OPTS_MAX		16

/* One option in `<...>`; values are expressions (NULL: any, in expect). */
struct tc_optnode {
	uint8_t		kind;		/* TC_OPT_* or any number */
	bool		absent;		/* expect: `!ts` */
	struct tc_expr	*v[8];		/* mss; wscale; ts val, ecr; sack
					   left,right pairs (arena) */
	size_t		nv;
	uint8_t		raw[40];	/* unknown kind: data bytes */
	size_t		raw_len;
	int		wire_len;	/* len=N override, -1 natural */
	unsigned	line, col;
};

/* The segment part of a `send` or one alternative of an `expect`. */
struct tc_pattern {
	uint8_t		flags;		/* TC_TH_* */
	unsigned	line, col;
	struct tc_cond	cond[TC_AST_CONDS_MAX];
	size_t		ncond;
	bool		has_opts;
	struct tc_optnode opt[TC_AST_OPTS_MAX];
	size_t		nopt;
	const uint8_t	*payload;	/* "text" (arena), or NULL */
	size_t		payload_len;
	uint32_t	count;		/* send: `x N` repetitions (1) */
	bool		counted;	/* `x N` was given */
	const uint8_t	*ipopts;	/* send: IPv4 options (arena) */
	size_t		ipopts_len;
	bool		icmp;		/* an ICMP message, not a segment */
	int		icmp_type;	/* -1: any (expect) */
	int		icmp_code;	/* -1: any (expect) */
};

/* ORDER STMTS */
enum tc_stmt_kind {
	TC_STMT_SEND,
	TC_STMT_EXPECT,		/* one or more alternatives */
	TC_STMT_EXPECT_NONE,	/* nothing at all within */
	TC_STMT_EXPECT_NO,	/* no segment matching pattern within */
	TC_STMT_STATE,
	TC_STMT_TARGET,
	TC_STMT_WAIT,
	TC_STMT_LET,
	TC_STMT_READY,		/* the situation under test is reached */
	TC_STMT_SAMPLE_ISN,	/* ISNs of N fresh connections, judged */
	TC_STMT_COUNT
};

#define TC_AST_ALTS_MAX		4

struct tc_target_stmt {
	int		action;		/* enum tc_action_kind */
	const char	*sock;		/* (arena) socket acted on */
	const char	*as;		/* (arena) name for a new socket */
	struct tc_expr	*backlog;	/* LISTEN, may be NULL */
	const uint8_t	*data;		/* WRITE/READ text (arena) */
	size_t		data_len;
	struct tc_expr	*len;		/* WRITE/READ len=N, may be NULL */
	bool		eof;		/* READ: expect end of file */
	int		how;		/* SHUTDOWN: SHUT_RD/WR/RDWR */
	struct {
		int		kind;	/* enum tc_sockopt_kind */
		struct tc_expr	*value;	/* (arena) */
	} opt[8];
	size_t		nopt;		/* LISTEN, CONNECT, SETOPT */
};

struct tc_stmt {
	enum tc_stmt_kind kind;
	unsigned	line, col;
	struct tc_pattern *alt;		/* SEND: 1; EXPECT: nalt (arena) */
	size_t		nalt;
	int64_t		within_ns;	/* EXPECT*: deadline, -1 default */
	bool		optional;	/* EXPECT: a segment that does not
					   match, or none, is no failure */
	int64_t		after_lo_ns;	/* EXPECT: timing window, -1 none */
	int64_t		after_hi_ns;
	enum tc_fsm_state state;	/* STATE */
	struct tc_target_stmt target;	/* TARGET */
	int64_t		wait_ns;	/* WAIT */
	uint32_t	samples;	/* SAMPLE_ISN */
	const char	*var;		/* LET (arena) */
	struct tc_expr	*value;		/* LET (arena) */
};

struct tc_script_sysctl {
	const char	*name;		/* (arena) */
	const char	*value;		/* (arena) */
	unsigned	line;
};

#define TC_AST_TAGS_MAX		16
#define TC_AST_SYSCTLS_MAX	16

struct tc_script {
	struct tc_arena	arena;		/* owns every node below */
	char		*path;		/* (arena) */
	char		*source;	/* (arena) NUL-terminated text */
	const char	*title;		/* `test "..."` */
	const char	*refs;		/* `ref ...` */
	const char	*tags[TC_AST_TAGS_MAX];
	size_t		ntags;
	struct tc_script_sysctl sysctl[TC_AST_SYSCTLS_MAX];
	size_t		nsysctl;
	struct tc_stmt	*stmt;		/* (arena) */
	size_t		nstmt;
	size_t		stmt_cap;
	unsigned	needs;		/* TC_TARGET_CAP_* the script uses */
};

const char *tc_field_name(enum tc_field f);
/* The largest value a field can hold on the wire. */
uint32_t tc_field_max(enum tc_field f);
bool	tc_field_lookup(const char *name, size_t len, enum tc_field *out);
const char *tc_relop_text(enum tc_relop op);
/* Frees the script and all of its nodes; NULL is a no-op. */
void	tc_script_free(struct tc_script *s);
/* Formats an expression back to script text ("isn+1"). */
size_t	tc_expr_format(const struct tc_expr *e, char *buf, size_t cap);
/* Flags in script notation, which parses back: "S.", "FP.", "SE.". */
size_t	tc_flags_format(uint8_t flags, char *buf, size_t cap);
/* Formats a pattern back to script text ("S. ack=isn+1 <mss 1460>"). */
size_t	tc_pattern_format(const struct tc_pattern *p, char *buf, size_t cap);

#endif /* TC_AST_H */

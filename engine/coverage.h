/* coverage.h - what the suite covers: state x event matrix, RFC 9293 MUSTs. */
#ifndef TC_COVERAGE_H
#define TC_COVERAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ast.h"
#include "err.h"
#include "fsm.h"

/*
 * ORDER EVENTS: the segment kinds of issue 4, the columns of the matrix.
 * A testcase tagged `state-X` and `event-Y` lands in cell (X, Y); a
 * testcase with several state or event tags lands in every pair.
 */
enum tc_cov_event {
	TC_COV_SYN,
	TC_COV_SYN_ACK,
	TC_COV_ACK,		/* acceptable */
	TC_COV_ACK_OLD,
	TC_COV_ACK_FUTURE,
	TC_COV_DATA_IN_WINDOW,
	TC_COV_DATA_OLD,	/* left of the window */
	TC_COV_DATA_BEYOND,	/* right of the window */
	TC_COV_DATA_OVERLAP,
	TC_COV_FIN,
	TC_COV_FIN_ACK,
	TC_COV_RST,		/* at RCV.NXT */
	TC_COV_RST_IN_WINDOW,
	TC_COV_RST_OUT_OF_WINDOW,
	TC_COV_RST_ACK,
	TC_COV_SYN_FIN,
	TC_COV_NO_FLAGS,
	TC_COV_ALL_FLAGS,
	TC_COV_EVENT_COUNT
};

/* "syn-ack", "data-in-window", ...: the tag without "event-". */
const char *tc_cov_event_name(enum tc_cov_event ev);
/*
 * The event for a tag suffix (after "event-"): a canonical name, or an
 * alias (*alias set), e.g. "data" for data-in-window.  False for anything
 * else, qualifiers such as "old-duplicate" included.
 */
bool	tc_cov_event_parse(const char *s, enum tc_cov_event *ev, bool *alias);
/* Event tag suffixes that qualify an event and are not a column. */
bool	tc_cov_event_qualifier(const char *s);
/* "syn-received", ...: the state tag suffix (lower case RFC spelling). */
const char *tc_cov_state_tag(enum tc_fsm_state s);

/* RFC 9293 MUST-1..MUST-69 (Appendix B), in must_table.c. */
#define TC_MUST_COUNT	69

enum tc_must_kind {
	TC_MUST_WIRE,		/* visible in the segments alone */
	TC_MUST_WIRE_API,	/* visible on the wire once the target's
				   application asks (setsockopt, write) */
	TC_MUST_API		/* only what the application is told or can
				   call: not wire-testable */
};

struct tc_must {
	unsigned	id;		/* 1..69 */
	enum tc_must_kind kind;
	const char	*summary;	/* one line */
};

/* Indexed by id - 1. */
extern const struct tc_must tc_must_table[TC_MUST_COUNT];
const char *tc_must_kind_name(enum tc_must_kind k);

/* What to compute coverage over. */
struct tc_coverage_input {
	const struct tc_script *const *scripts;	/* n; NULL ones are skipped */
	const char *const *ids;			/* n, parallel to scripts */
	size_t		n;
	/*
	 * Reasons for empty cells: the file at reasons_path (none when NULL or
	 * missing), or reasons_text when set.  reasons_name names it in
	 * diagnostics and in the output.
	 */
	const char	*reasons_path;
	const char	*reasons_text;
	const char	*reasons_name;
	/* Fail-ability proofs: DIR/<id, '/' -> '.'>.nft; NULL: none. */
	const char	*failproof_dir;
};

/* A growable list of testcase indices into the input. */
struct tc_cov_list {
	size_t	*v;		/* (owned) ascending, no duplicates */
	size_t	n;
	size_t	cap;
};

struct tc_cov_cell {
	struct tc_cov_list tc;
	const char	*reason;	/* (borrowed from the coverage) or NULL */
	unsigned	reason_line;
};

/* A tag seen in the scripts that the matrix or the MUST list reads. */
struct tc_cov_tag {
	const char	*tag;		/* (borrowed from a script) */
	const char	*canon;		/* alias: what it means; else NULL */
	struct tc_cov_list tc;
};

#define TC_COV_TAGS_MAX	64

struct tc_coverage {
	const struct tc_coverage_input *in;	/* (borrowed) */
	struct tc_cov_cell cell[TC_FSM_STATE_COUNT][TC_COV_EVENT_COUNT];
	struct tc_cov_list must[TC_MUST_COUNT];
	bool		*proof;		/* (owned) n: has a fail-ability proof */
	size_t		nscripts;	/* non-NULL scripts */
	size_t		nproofs;
	bool		asserted[TC_FSM_STATE_COUNT]; /* in a `state` step */
	struct tc_cov_tag alias[TC_COV_TAGS_MAX];	/* aliases in use */
	size_t		nalias;
	struct tc_cov_tag unknown[TC_COV_TAGS_MAX];	/* unreadable tags */
	size_t		nunknown;
	char		*reasons;	/* (owned) the file's text */
	unsigned	stale[TC_FSM_STATE_COUNT][TC_COV_EVENT_COUNT];
					/* line of a reason for a covered cell */
};

/*
 * Builds the coverage.  Errors: TC_ERR_PARSE for a bad line of the reasons
 * file (diag: "name:line:col: what is wrong"), TC_ERR_SYS when it cannot
 * be read, TC_ERR_NOMEM.  Free with tc_coverage_free (also on error).
 */
enum tc_err tc_coverage_build(const struct tc_coverage_input *in,
	    struct tc_coverage *cov, struct tc_diag *diag);
void	tc_coverage_free(struct tc_coverage *cov);

/* Totals of the MUST list: ids with testcases, and with a proof too. */
struct tc_cov_must_totals {
	size_t	wire;		/* wire-testable ids (WIRE, WIRE_API) */
	size_t	covered;	/* ids with at least one testcase */
	size_t	proven;		/* ... one of which has a proof */
	size_t	wire_covered;
};

void	tc_coverage_must_totals(const struct tc_coverage *cov,
	    struct tc_cov_must_totals *t);

enum tc_coverage_format {
	TC_COVERAGE_TEXT,
	TC_COVERAGE_MARKDOWN
};

/* Writes a built coverage; returns 0 or -1 on a write error. */
int	tc_coverage_write(FILE *out, enum tc_coverage_format fmt,
	    const struct tc_coverage *cov);
/*
 * Builds, writes and frees: 0, -1 on a write error, or 2 (usage) after
 * printing the reasons file's error to stderr.
 */
int	tc_coverage_print(FILE *out, enum tc_coverage_format fmt,
	    const struct tc_coverage_input *in);

#endif /* TC_COVERAGE_H */

/* result.h - the result model every report writer reads. */
#ifndef TC_RESULT_H
#define TC_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "err.h"

/* ORDER VERDICTS */
enum tc_verdict {
	TC_VERDICT_PASS,
	TC_VERDICT_FAIL,
	TC_VERDICT_XFAIL,	/* failed as the known-deviations file says */
	TC_VERDICT_XPASS,	/* listed as a deviation but passed */
	TC_VERDICT_INCONC,	/* the situation under test never arose */
	TC_VERDICT_ERROR,	/* script or engine fault */
	TC_VERDICT_SKIP,	/* needs what the target cannot do */
	TC_VERDICT_NOTRUN,	/* the run was interrupted before it */
	TC_VERDICT_COUNT
};

const char *tc_verdict_name(enum tc_verdict v);	/* "PASS", ... */
/* True for verdicts that make the run exit 1. */
bool	tc_verdict_is_bad(enum tc_verdict v);

enum tc_logdir {
	TC_LOG_OUT,	/* tester -> target segment */
	TC_LOG_IN,	/* target -> tester segment */
	TC_LOG_NOTE	/* engine note: action, state, verdict detail */
};

/* One line of a testcase's log. */
struct tc_logent {
	int64_t		t_ns;		/* since the testcase started */
	enum tc_logdir	dir;
	unsigned	line;		/* script line, 0 if none */
	char		text[200];	/* tcpdump-style segment or note */
	char		state[16];	/* model state after it, "" if none */
};

/* A captured or sent frame kept for the testcase's pcap. */
struct tc_frame {
	struct timespec	ts;
	uint8_t		*data;		/* (owned) */
	size_t		len;
};

struct tc_result {
	char		*id;		/* (owned) "handshake/passive-open" */
	char		*path;		/* (owned) script path */
	char		*title;		/* (owned) the `test` string */
	char		*target;	/* (owned) target kind ("netns"), or
					   NULL; with several targets in a
					   run, id is "ID@TARGET" */
	char		*refs;		/* (owned) "RFC9293 3.5, RFC9293 3.6" */
	char		**tags;		/* (owned) */
	size_t		ntags;
	enum tc_verdict	verdict;
	char		reason[512];	/* why, for every verdict but PASS */
	char		expected[256];	/* FAIL: the step's expectation */
	char		got[256];	/* FAIL: what came instead */
	unsigned	fail_line;	/* script line of the failing step */
	int64_t		start_ns;	/* monotonic */
	int64_t		duration_ns;
	struct tc_logent *log;		/* (owned) */
	size_t		nlog;
	struct tc_frame	*frames;	/* (owned) */
	size_t		nframes;
	char		*pcap_path;	/* (owned) written pcap, or NULL */
	/* What the caps below cut off; writers show it. */
	size_t		nlog_dropped;	/* log lines not kept */
	size_t		nframes_dropped; /* frames not kept for the pcap */
	size_t		frame_bytes;	/* sum of frames[].len */
	/* Allocated slots, for result.c only (0 is always safe). */
	size_t		log_cap;
	size_t		frames_cap;
};

/*
 * Hard caps per testcase, so that a flood test cannot eat the memory of a
 * long run.  Past TC_RESULT_LOG_MAX lines the log keeps one extra note line
 * that counts what was dropped.
 */
#define TC_RESULT_LOG_MAX		4096
#define TC_RESULT_FRAMES_MAX		4096
#define TC_RESULT_FRAME_BYTES_MAX	(16u * 1024 * 1024)

/* About the whole run, for report headers. */
struct tc_run_info {
	const char	*tool_version;
	const char	*target;	/* "netns (Linux 6.18.44)" */
	uint64_t	seed;
	int		jobs;
	time_t		start;
	time_t		end;
	int64_t		duration_ns;	/* monotonic wall time of the run */
	bool		interrupted;
};

/*
 * A result for testcase `id` (path may be NULL), verdict NOTRUN until set:
 * a testcase the run never reached reads as not run.  NULL on no memory.
 * Free with tc_result_free (NULL is a no-op).
 */
struct tc_result *tc_result_new(const char *id, const char *path);
void	tc_result_free(struct tc_result *r);
/* Appends a log line (printf format); drops lines past a hard cap. */
void	tc_result_log(struct tc_result *r, int64_t t_ns, enum tc_logdir dir,
	    unsigned line, const char *state, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
/*
 * Keeps a copy of a frame for the pcap; drops frames past a hard cap (then
 * counts them in nframes_dropped, logs one note and still returns TC_OK).
 * Errors: TC_ERR_NOMEM.
 */
enum tc_err tc_result_add_frame(struct tc_result *r,
	    const struct timespec *ts, const uint8_t *data, size_t len);
/* Sets verdict and reason (printf format). */
void	tc_result_set(struct tc_result *r, enum tc_verdict v,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Appends a copy of tag to r->tags.  Errors: TC_ERR_NOMEM. */
enum tc_err tc_result_add_tag(struct tc_result *r, const char *tag);
/*
 * Formats one log line the way every report shows it:
 *   "+0.123 > S seq 1 win 65535"   ('>' out, '<' in, '#' note)
 * followed by "  (line 5, ESTABLISHED)" when line or state is known.
 * Returns the length snprintf would have written.
 */
size_t	tc_result_logent_format(const struct tc_logent *e, char *buf,
	    size_t cap);

#endif /* TC_RESULT_H */

/*
 * agent_verbs.h - the server side of docs/agent-protocol.md that every
 * server shares (tcpconform-agent, the slirp program): a request's words,
 * numeric arguments, the verbs performed the same way on a tc_sockact
 * table (ACCEPT, WRITE with held data, READ, SHUTDOWN, CLOSE, ABORT), the
 * dispatch over a server's own verb table, and the errno name a failure
 * is answered with.  A server embeds struct tc_agent_srv first and casts
 * back in its own verbs.
 */
#ifndef TC_AGENT_VERBS_H
#define TC_AGENT_VERBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agent_proto.h"
#include "err.h"
#include "sockact.h"

struct tc_agent_req {
	char		*w[TC_AGENT_WORDS_MAX];	/* w[0] is the verb */
	size_t		n;
};

struct tc_agent_srv {
	struct tc_sockact socks;
	char		wname[TC_AGENT_NAME_MAX + 1];	/* WRITE ... + */
	size_t		wlen;
	uint8_t		wbuf[TC_AGENT_WRITE_MAX];	/* held for it */
	char		out[TC_AGENT_LINE_MAX];		/* the answer */
};

typedef enum tc_err (*tc_agent_verb_fn)(struct tc_agent_srv *s,
    const struct tc_agent_req *r, struct tc_diag *diag);

/* One verb; the table is in docs/agent-protocol.md's order. */
struct tc_agent_verb {
	const char	*verb;
	size_t		min, max;	/* words, the verb included */
	tc_agent_verb_fn fn;		/* NULL: BYE */
};

/* text as a number in 0..max, or "bad WHAT 'text' (0 to max)". */
enum tc_err tc_agent_arg_num(const char *text, const char *what,
	    unsigned long max, unsigned long *out, struct tc_diag *diag);

/* ACCEPT listener name timeout_ms */
enum tc_err tc_agent_verb_accept(struct tc_agent_srv *s,
	    const struct tc_agent_req *r, struct tc_diag *diag);
/* WRITE name hexdata [+]: with "+" the data is held for the next. */
enum tc_err tc_agent_verb_write(struct tc_agent_srv *s,
	    const struct tc_agent_req *r, struct tc_diag *diag);
/* READ name maxlen timeout_ms */
enum tc_err tc_agent_verb_read(struct tc_agent_srv *s,
	    const struct tc_agent_req *r, struct tc_diag *diag);
/* SHUTDOWN name rd|wr|rdwr */
enum tc_err tc_agent_verb_shutdown(struct tc_agent_srv *s,
	    const struct tc_agent_req *r, struct tc_diag *diag);
/* CLOSE name */
enum tc_err tc_agent_verb_close(struct tc_agent_srv *s,
	    const struct tc_agent_req *r, struct tc_diag *diag);
/* ABORT name: SO_LINGER {1, 0}, then close(): a RST. */
enum tc_err tc_agent_verb_abort(struct tc_agent_srv *s,
	    const struct tc_agent_req *r, struct tc_diag *diag);

/*
 * Splits `line` (in place) and performs it with verbs[0..n), leaving the
 * answer in s->out: "OK" unless the verb wrote another, "ERR NAME text"
 * when it failed.  *bye is set by BYE.  Returns the verb's outcome.
 */
enum tc_err tc_agent_serve_line(const struct tc_agent_verb *verbs, size_t n,
	    struct tc_agent_srv *s, char *line, bool *bye);

#endif /* TC_AGENT_VERBS_H */

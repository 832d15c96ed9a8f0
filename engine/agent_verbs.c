/* agent_verbs.c - what every docs/agent-protocol.md server does the same. */
#include "agent_verbs.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#define WRITE_WAIT_MS	2000

enum tc_err
tc_agent_arg_num(const char *text, const char *what, unsigned long max,
    unsigned long *out, struct tc_diag *diag)
{
	if (tc_agent_num(text, max, out))
		return TC_OK;
	tc_diag_set(diag, "bad %s '%.40s' (0 to %lu)", what, text, max);
	return TC_ERR_INVAL;
}

enum tc_err
tc_agent_verb_accept(struct tc_agent_srv *s, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	struct tc_action_result res;
	unsigned long ms;
	enum tc_err err;

	if ((err = tc_agent_arg_num(r->w[3], "timeout",
	    TC_AGENT_TIMEOUT_MAX_MS, &ms, diag)))
		return err;
	err = tc_sockact_accept(&s->socks, r->w[1], r->w[2], NULL, &res, diag);
	if (err == TC_ERR_AGAIN &&
	    !(err = tc_sockact_wait(&res, ms, "accept", r->w[1], diag)))
		err = tc_sockact_accept(&s->socks, r->w[1], r->w[2], NULL,
		    &res, diag);
	if (err == TC_ERR_AGAIN) {
		tc_diag_set(diag, "accept %s: no connection", r->w[1]);
		return TC_ERR_TIMEOUT;
	}
	return err;
}

/* Appends WRITE's hex to the held data (of socket name only). */
static enum tc_err
write_hold(struct tc_agent_srv *s, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	size_t n;

	if (s->wlen > 0 && strcmp(s->wname, r->w[1]) != 0) {
		tc_diag_set(diag, "write %s: data held for %s", r->w[1],
		    s->wname);
		return TC_ERR_INVAL;
	}
	if (!tc_agent_hex_decode(r->w[2], s->wbuf + s->wlen,
	    sizeof(s->wbuf) - s->wlen, &n)) {
		tc_diag_set(diag, "write %s: bad hex data, or more than %d "
		    "bytes", r->w[1], TC_AGENT_WRITE_MAX);
		return TC_ERR_INVAL;
	}
	snprintf(s->wname, sizeof(s->wname), "%s", r->w[1]);
	s->wlen += n;
	return TC_OK;
}

enum tc_err
tc_agent_verb_write(struct tc_agent_srv *s, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	struct tc_action_result res;
	struct tc_sockact_ent *e;
	enum tc_err err;

	if (r->n == 4 && strcmp(r->w[3], "+") != 0) {
		tc_diag_set(diag, "write %s: '%.10s' is not '+'", r->w[1],
		    r->w[3]);
		return TC_ERR_INVAL;
	}
	err = tc_sockact_lookup(&s->socks, "write", r->w[1], &e, diag);
	if (!err)
		err = write_hold(s, r, diag);
	if (err || r->n == 4) {
		if (err)
			s->wlen = 0;
		snprintf(s->out, sizeof(s->out), "OK %zu", s->wlen);
		return err;
	}
	/* One send(2) for all of it: the segments show a single write. */
	err = tc_sockact_write(&s->socks, r->w[1], s->wbuf, s->wlen, &res,
	    diag);
	if (err == TC_ERR_AGAIN &&
	    !(err = tc_sockact_wait(&res, WRITE_WAIT_MS, "write", r->w[1],
	    diag)))
		err = tc_sockact_write(&s->socks, r->w[1], s->wbuf, s->wlen,
		    &res, diag);
	s->wlen = 0;
	if (err == TC_ERR_AGAIN) {	/* ready, yet full again */
		errno = EAGAIN;
		tc_diag_errno(diag, "write %s", r->w[1]);
		return TC_ERR_SYS;
	}
	if (err)
		return err;
	snprintf(s->out, sizeof(s->out), "OK %zu", res.n);
	return TC_OK;
}

enum tc_err
tc_agent_verb_read(struct tc_agent_srv *s, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	struct tc_action_result res;
	unsigned long max, ms;
	enum tc_err err;

	if ((err = tc_agent_arg_num(r->w[2], "length", TC_AGENT_DATA_MAX,
	    &max, diag)) ||
	    (err = tc_agent_arg_num(r->w[3], "timeout",
	    TC_AGENT_TIMEOUT_MAX_MS, &ms, diag)))
		return err;
	if (max == 0)
		max = TC_AGENT_DATA_MAX;
	err = tc_sockact_read(&s->socks, r->w[1], max, &res, diag);
	if (err == TC_ERR_AGAIN &&
	    !(err = tc_sockact_wait(&res, ms, "read", r->w[1], diag)))
		err = tc_sockact_read(&s->socks, r->w[1], max, &res, diag);
	if (err == TC_ERR_AGAIN) {
		tc_diag_set(diag, "read %s: no data", r->w[1]);
		return TC_ERR_TIMEOUT;
	}
	if (err)
		return err;
	if (res.eof) {
		snprintf(s->out, sizeof(s->out), "EOF");
		return TC_OK;
	}
	memcpy(s->out, "DATA ", 5);
	tc_agent_hex_encode(res.buf, res.n, s->out + 5);
	return TC_OK;
}

enum tc_err
tc_agent_verb_shutdown(struct tc_agent_srv *s, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	static const char *const how[] = { "rd", "wr", "rdwr" };
	int h;

	for (h = 0; h < 3 && strcmp(r->w[2], how[h]) != 0; h++)
		continue;
	if (h == 3) {
		tc_diag_set(diag, "shutdown: '%.10s' is not rd, wr or rdwr",
		    r->w[2]);
		return TC_ERR_INVAL;
	}
	return tc_sockact_shutdown(&s->socks, r->w[1], h, diag);
}

enum tc_err
tc_agent_verb_close(struct tc_agent_srv *s, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	return tc_sockact_close(&s->socks, r->w[1], false, diag);
}

enum tc_err
tc_agent_verb_abort(struct tc_agent_srv *s, const struct tc_agent_req *r,
    struct tc_diag *diag)
{
	return tc_sockact_close(&s->socks, r->w[1], true, diag);
}

/* The errno name for a failed request: how the client will judge it. */
static const char *
err_name(enum tc_err err, const struct tc_diag *d)
{
	switch (err) {
	case TC_ERR_NOTFOUND:
		return "ENOENT";
	case TC_ERR_UNSUPPORTED:
		return "ENOTSUP";
	case TC_ERR_TIMEOUT:
		return "ETIMEDOUT";
	case TC_ERR_PERM:
		return "EPERM";
	case TC_ERR_SYS:
		return tc_agent_errno_name(d->sys_errno);
	default:
		return "EPROTO";
	}
}

static enum tc_err
dispatch(const struct tc_agent_verb *verbs, size_t nv, struct tc_agent_srv *s,
    const struct tc_agent_req *r, bool *bye, struct tc_diag *diag)
{
	size_t i;

	for (i = 0; i < nv; i++) {
		if (strcmp(verbs[i].verb, r->w[0]) != 0)
			continue;
		if (r->n < verbs[i].min || r->n > verbs[i].max) {
			tc_diag_set(diag, "%s takes %zu to %zu fields, not %zu",
			    verbs[i].verb, verbs[i].min - 1,
			    verbs[i].max - 1, r->n - 1);
			return TC_ERR_INVAL;
		}
		if (verbs[i].fn == NULL) {
			*bye = true;
			return TC_OK;
		}
		return verbs[i].fn(s, r, diag);
	}
	tc_diag_set(diag, "unknown request '%.20s'", r->w[0]);
	return TC_ERR_INVAL;
}

enum tc_err
tc_agent_serve_line(const struct tc_agent_verb *verbs, size_t n,
    struct tc_agent_srv *s, char *line, bool *bye)
{
	struct tc_agent_req r;
	struct tc_diag d;
	enum tc_err err;

	*bye = false;
	tc_diag_init(&d);
	snprintf(s->out, sizeof(s->out), "OK");
	err = tc_agent_words(line, r.w, TC_AGENT_WORDS_MAX, &r.n, &d);
	if (err)
		err = TC_ERR_INVAL;
	else
		err = dispatch(verbs, n, s, &r, bye, &d);
	if (err)
		snprintf(s->out, sizeof(s->out), "ERR %s %s", err_name(err, &d),
		    d.msg[0] != '\0' ? d.msg : tc_strerror(err));
	return err;
}

/* agent_proto.h - the agent protocol's framing, codecs and authentication. */
#ifndef TC_AGENT_PROTO_H
#define TC_AGENT_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* docs/agent-protocol.md is the protocol; these are its limits. */
#define TC_AGENT_LINE_MAX	4096	/* bytes, with the '\n' */
#define TC_AGENT_DATA_MAX	2000	/* bytes of one WRITE or DATA */
#define TC_AGENT_WRITE_MAX	65536	/* bytes of WRITE ... + chunks */
#define TC_AGENT_NAME_MAX	31	/* a socket name's characters */
#define TC_AGENT_WORDS_MAX	16	/* fields of one line */
#define TC_AGENT_SECRET_MIN	16
#define TC_AGENT_SECRET_MAX	4096
#define TC_AGENT_NONCE_HEX	32
#define TC_AGENT_MAC_HEX	64
#define TC_AGENT_GREETING	"tcpconform-agent 1"
#define TC_AGENT_TIMEOUT_MAX_MS	600000	/* ACCEPT's and READ's longest wait */

/*
 * Incoming bytes cut into lines.  A line is printable ASCII ending in
 * '\n', at most TC_AGENT_LINE_MAX bytes with it; anything else is a
 * protocol error.
 */
struct tc_agent_lbuf {
	size_t		len;		/* bytes held */
	char		buf[TC_AGENT_LINE_MAX];
};

void	tc_agent_lbuf_init(struct tc_agent_lbuf *lb);
/*
 * Takes the next complete line out of lb into line (cap >=
 * TC_AGENT_LINE_MAX), without the '\n' and NUL-terminated.  TC_ERR_AGAIN
 * when no line is complete yet; TC_ERR_LIMIT for a line longer than the
 * limit, TC_ERR_INVAL for a byte that is not printable ASCII (diag says
 * which).
 */
enum tc_err tc_agent_lbuf_take(struct tc_agent_lbuf *lb, char *line,
	    size_t cap, struct tc_diag *diag);
/*
 * Reads what fd has (one read(2), fd non-blocking or known readable) and
 * appends it.  TC_OK when bytes came, TC_ERR_AGAIN when none did,
 * TC_ERR_SYS with the errno, or with diag->sys_errno 0 and "connection
 * closed" at end of file.
 */
enum tc_err tc_agent_lbuf_fill(struct tc_agent_lbuf *lb, int fd,
	    struct tc_diag *diag);
/* Appends n bytes (tests, and whoever reads by other means). */
enum tc_err tc_agent_lbuf_put(struct tc_agent_lbuf *lb, const void *p,
	    size_t n, struct tc_diag *diag);

/*
 * Splits line in place at single spaces into at most max words.
 * TC_ERR_INVAL for an empty word (two spaces, a leading or trailing
 * space) or an empty line, TC_ERR_LIMIT for more than max words.
 */
enum tc_err tc_agent_words(char *line, char **words, size_t max, size_t *n,
	    struct tc_diag *diag);

/* A socket name: [A-Za-z_][A-Za-z0-9_]{0,30}. */
bool	tc_agent_name_valid(const char *name);
/* A decimal number in [0, max], nothing else; false otherwise. */
bool	tc_agent_num(const char *text, unsigned long max, unsigned long *out);

/* Lowercase hex of n bytes into out (cap >= 2n + 1). */
void	tc_agent_hex_encode(const uint8_t *p, size_t n, char *out);
/*
 * Decodes lowercase or uppercase hex of even length into out (at most cap
 * bytes); false for an odd length, a non-hex digit or too much data.
 */
bool	tc_agent_hex_decode(const char *hex, uint8_t *out, size_t cap,
	    size_t *n);

/* HMAC-SHA256 (libsodium) of msg under a key of any length. */
void	tc_agent_hmac(const uint8_t *key, size_t keylen, const void *msg,
	    size_t msglen, uint8_t out[32]);
/* The AUTH value for a nonce: hex HMAC(secret, GREETING " " nonce). */
void	tc_agent_auth_mac(const uint8_t *secret, size_t len,
	    const char *nonce, char out[TC_AGENT_MAC_HEX + 1]);
/* Compares an AUTH value in constant time; false for a bad one. */
bool	tc_agent_auth_check(const uint8_t *secret, size_t len,
	    const char *nonce, const char *mac);
/* A fresh nonce: 16 random bytes as hex (sodium_init() first). */
void	tc_agent_nonce(char out[TC_AGENT_NONCE_HEX + 1]);

/*
 * Reads a secret file: its bytes without one trailing newline, at least
 * TC_AGENT_SECRET_MIN.  TC_ERR_INVAL for a short or oversized secret,
 * TC_ERR_SYS when the file cannot be read.
 */
enum tc_err tc_agent_secret_read(const char *path, uint8_t *buf, size_t cap,
	    size_t *len, struct tc_diag *diag);

/* errno <-> its name on the wire ("ECONNRESET"); "EIO" for unknown. */
const char *tc_agent_errno_name(int e);
/* 0 for a name it does not know. */
int	tc_agent_errno_parse(const char *name);

#endif /* TC_AGENT_PROTO_H */

/* agent_proto.c - the agent protocol's framing, codecs and authentication. */
#include "agent_proto.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void
tc_agent_lbuf_init(struct tc_agent_lbuf *lb)
{
	lb->len = 0;
}

enum tc_err
tc_agent_lbuf_take(struct tc_agent_lbuf *lb, char *line, size_t cap,
    struct tc_diag *diag)
{
	const char *nl;
	size_t i, n;

	nl = memchr(lb->buf, '\n', lb->len);
	if (nl == NULL) {
		if (lb->len < sizeof(lb->buf))
			return TC_ERR_AGAIN;
		tc_diag_set(diag, "agent protocol: a line longer than %d "
		    "bytes", TC_AGENT_LINE_MAX);
		return TC_ERR_LIMIT;
	}
	n = (size_t)(nl - lb->buf);
	if (n >= cap) {
		tc_diag_set(diag, "agent protocol: a line of %zu bytes does "
		    "not fit", n);
		return TC_ERR_LIMIT;
	}
	for (i = 0; i < n; i++) {
		if (lb->buf[i] < 0x20 || lb->buf[i] > 0x7e) {
			tc_diag_set(diag, "agent protocol: byte 0x%02x at "
			    "column %zu is not printable ASCII",
			    (unsigned)(unsigned char)lb->buf[i], i + 1);
			return TC_ERR_INVAL;
		}
	}
	memcpy(line, lb->buf, n);
	line[n] = '\0';
	lb->len -= n + 1;
	memmove(lb->buf, nl + 1, lb->len);
	return TC_OK;
}

enum tc_err
tc_agent_lbuf_put(struct tc_agent_lbuf *lb, const void *p, size_t n,
    struct tc_diag *diag)
{
	if (n > sizeof(lb->buf) - lb->len) {
		tc_diag_set(diag, "agent protocol: a line longer than %d "
		    "bytes", TC_AGENT_LINE_MAX);
		return TC_ERR_LIMIT;
	}
	memcpy(lb->buf + lb->len, p, n);
	lb->len += n;
	return TC_OK;
}

enum tc_err
tc_agent_lbuf_fill(struct tc_agent_lbuf *lb, int fd, struct tc_diag *diag)
{
	ssize_t n;

	if (lb->len == sizeof(lb->buf)) {
		tc_diag_set(diag, "agent protocol: a line longer than %d "
		    "bytes", TC_AGENT_LINE_MAX);
		return TC_ERR_LIMIT;
	}
	n = read(fd, lb->buf + lb->len, sizeof(lb->buf) - lb->len);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR))
		return TC_ERR_AGAIN;
	if (n < 0) {
		tc_diag_errno(diag, "agent connection");
		return TC_ERR_SYS;
	}
	if (n == 0) {
		tc_diag_set(diag, "agent connection closed");
		return TC_ERR_SYS;
	}
	lb->len += (size_t)n;
	return TC_OK;
}

enum tc_err
tc_agent_words(char *line, char **words, size_t max, size_t *n,
    struct tc_diag *diag)
{
	char *p = line, *sp;

	*n = 0;
	for (;;) {
		sp = strchr(p, ' ');
		if (sp == p || *p == '\0') {
			tc_diag_set(diag, "agent protocol: an empty field");
			return TC_ERR_INVAL;
		}
		if (*n == max) {
			tc_diag_set(diag, "agent protocol: more than %zu "
			    "fields", max);
			return TC_ERR_LIMIT;
		}
		words[(*n)++] = p;
		if (sp == NULL)
			return TC_OK;
		*sp = '\0';
		p = sp + 1;
	}
}

bool
tc_agent_name_valid(const char *name)
{
	size_t i;

	if (name == NULL || !((name[0] >= 'A' && name[0] <= 'Z') ||
	    (name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
		return false;
	for (i = 1; name[i] != '\0'; i++) {
		if (i >= TC_AGENT_NAME_MAX)
			return false;
		if (!((name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '_'))
			return false;
	}
	return true;
}

bool
tc_agent_num(const char *text, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (text == NULL || text[0] == '\0' || strlen(text) > 10)
		return false;
	for (i = 0; text[i] != '\0'; i++) {
		if (text[i] < '0' || text[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(text[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

void
tc_agent_hex_encode(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xf];
	}
	out[2 * n] = '\0';
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
tc_agent_hex_decode(const char *hex, uint8_t *out, size_t cap, size_t *n)
{
	size_t len = strlen(hex), i;
	int hi, lo;

	if (len % 2 != 0 || len / 2 > cap)
		return false;
	for (i = 0; i < len / 2; i++) {
		hi = hexval(hex[2 * i]);
		lo = hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*n = len / 2;
	return true;
}

void
tc_agent_hmac(const uint8_t *key, size_t keylen, const void *msg,
    size_t msglen, uint8_t out[32])
{
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, msg, msglen);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof(st));
}

void
tc_agent_auth_mac(const uint8_t *secret, size_t len, const char *nonce,
    char out[TC_AGENT_MAC_HEX + 1])
{
	char msg[sizeof(TC_AGENT_GREETING) + TC_AGENT_NONCE_HEX + 1];
	uint8_t mac[32];

	snprintf(msg, sizeof(msg), "%s %.*s", TC_AGENT_GREETING,
	    TC_AGENT_NONCE_HEX, nonce);
	tc_agent_hmac(secret, len, msg, strlen(msg), mac);
	tc_agent_hex_encode(mac, sizeof(mac), out);
}

bool
tc_agent_auth_check(const uint8_t *secret, size_t len, const char *nonce,
    const char *mac)
{
	char want[TC_AGENT_MAC_HEX + 1];

	if (strlen(mac) != TC_AGENT_MAC_HEX)
		return false;
	tc_agent_auth_mac(secret, len, nonce, want);
	return sodium_memcmp(want, mac, TC_AGENT_MAC_HEX) == 0;
}

void
tc_agent_nonce(char out[TC_AGENT_NONCE_HEX + 1])
{
	uint8_t raw[TC_AGENT_NONCE_HEX / 2];

	randombytes_buf(raw, sizeof(raw));
	tc_agent_hex_encode(raw, sizeof(raw), out);
}

enum tc_err
tc_agent_secret_read(const char *path, uint8_t *buf, size_t cap,
    size_t *len, struct tc_diag *diag)
{
	ssize_t n;
	size_t got = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		tc_diag_errno(diag, "secret file %s", path);
		return TC_ERR_SYS;
	}
	while (got < cap && (n = read(fd, buf + got, cap - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (got == cap) {
		tc_diag_set(diag, "secret file %s: longer than %zu bytes",
		    path, cap - 1);
		return TC_ERR_INVAL;
	}
	if (got > 0 && buf[got - 1] == '\n')
		got--;
	if (got > 0 && buf[got - 1] == '\r')
		got--;
	if (got < TC_AGENT_SECRET_MIN) {
		tc_diag_set(diag, "secret file %s: %zu bytes; the secret needs "
		    "at least %d", path, got, TC_AGENT_SECRET_MIN);
		return TC_ERR_INVAL;
	}
	*len = got;
	return TC_OK;
}

/* The errnos a socket call or the protocol gives, by name. */
static const struct {
	int		e;
	const char	*name;
} errnos[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
	{ EIO, "EIO" }, { EBADF, "EBADF" }, { EAGAIN, "EAGAIN" },
	{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EBUSY, "EBUSY" },
	{ EEXIST, "EEXIST" }, { EINVAL, "EINVAL" }, { EMFILE, "EMFILE" },
	{ ENFILE, "ENFILE" }, { ENOSPC, "ENOSPC" }, { EPIPE, "EPIPE" },
	{ ERANGE, "ERANGE" }, { E2BIG, "E2BIG" }, { EPROTO, "EPROTO" },
	{ ENOTSUP, "ENOTSUP" }, { ENOTSOCK, "ENOTSOCK" },
	{ EDESTADDRREQ, "EDESTADDRREQ" }, { EMSGSIZE, "EMSGSIZE" },
	{ ENOPROTOOPT, "ENOPROTOOPT" }, { EAFNOSUPPORT, "EAFNOSUPPORT" },
	{ EADDRINUSE, "EADDRINUSE" }, { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
	{ ENETDOWN, "ENETDOWN" }, { ENETUNREACH, "ENETUNREACH" },
	{ ECONNABORTED, "ECONNABORTED" }, { ECONNRESET, "ECONNRESET" },
	{ ENOBUFS, "ENOBUFS" }, { EISCONN, "EISCONN" },
	{ ENOTCONN, "ENOTCONN" }, { ESHUTDOWN, "ESHUTDOWN" },
	{ ETIMEDOUT, "ETIMEDOUT" }, { ECONNREFUSED, "ECONNREFUSED" },
	{ EHOSTDOWN, "EHOSTDOWN" }, { EHOSTUNREACH, "EHOSTUNREACH" },
	{ EALREADY, "EALREADY" }, { EINPROGRESS, "EINPROGRESS" },
};

const char *
tc_agent_errno_name(int e)
{
	size_t i;

	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].e == e)
			return errnos[i].name;
	return "EIO";
}

int
tc_agent_errno_parse(const char *name)
{
	size_t i;

	if (strcmp(name, "EOPNOTSUPP") == 0)
		return ENOTSUP;
	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (strcmp(errnos[i].name, name) == 0)
			return errnos[i].e;
	return 0;
}

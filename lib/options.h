/* options.h - TCP options: encode, decode and format (RFC 9293 3.2). */
#ifndef TC_OPTIONS_H
#define TC_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cursor.h"

enum tc_opt_kind {
	TC_OPT_EOL = 0,
	TC_OPT_NOP = 1,
	TC_OPT_MSS = 2,		/* RFC 9293 3.7.1 */
	TC_OPT_WSCALE = 3,	/* RFC 7323 2 */
	TC_OPT_SACK_PERM = 4,	/* RFC 2018 2 */
	TC_OPT_SACK = 5,	/* RFC 2018 3 */
	TC_OPT_TS = 8		/* RFC 7323 3 */
};

#define TC_OPT_SACK_MAX		4	/* blocks that fit in 40 bytes */
#define TC_OPT_DATA_MAX		40	/* the whole option space */
#define TC_OPTLIST_MAX		40	/* 40 one-byte options at most */

/*
 * One option.  For decoding, `kind` and `wire_len` are what the wire said
 * and the union holds the value of known kinds; `raw`/`raw_len` hold the
 * option's data bytes (after kind and length) for every kind.  For
 * encoding, set `wire_len` to 0 to get the kind's natural length, or to any
 * value 0..255 to send a deliberately wrong length byte; unknown kinds are
 * sent with `raw` as data.
 */
struct tc_opt {
	uint8_t		kind;
	uint8_t		wire_len;	/* length byte (0 for EOL/NOP) */
	bool		force_len;	/* encode: wire_len even when 0 */
	bool		malformed;	/* decode: the length was wrong */
	union {
		uint16_t	mss;
		uint8_t		wscale;
		struct {
			uint32_t	val;
			uint32_t	ecr;
		} ts;
		struct {
			uint32_t	left;
			uint32_t	right;
		} sack[TC_OPT_SACK_MAX];
	} u;
	uint8_t		n_sack;		/* blocks in u.sack */
	uint8_t		raw[TC_OPT_DATA_MAX];
	uint8_t		raw_len;
};

/* All options of one segment, decoded. */
struct tc_optlist {
	struct tc_opt	opt[TC_OPTLIST_MAX];
	size_t		n;
	enum tc_dec	status;		/* TC_DEC_OK, or why decoding stopped */
};

/* Iterator over an option area (bytes borrowed from the caller). */
struct tc_options_iter {
	struct tc_cursor cur;
};

void	tc_options_begin(struct tc_options_iter *it, const uint8_t *p,
	    size_t len);
/*
 * Decodes the next option into *out.  Returns TC_DEC_OK with an option,
 * TC_DEC_END after EOL or at the end of the area, TC_DEC_TRUNC when a
 * length byte or data runs past the area, TC_DEC_INVALID when a length
 * byte is < 2.  A known kind with a wrong length is returned as TC_DEC_OK
 * with `malformed` set.  Unknown kinds are data, not errors.
 */
enum tc_dec tc_options_next(struct tc_options_iter *it, struct tc_opt *out);
/* Decodes a whole option area; list->status says how it ended. */
void	tc_options_decode(const uint8_t *p, size_t len,
	    struct tc_optlist *list);
/* Finds the first option of `kind`, or NULL. */
const struct tc_opt *tc_options_find(const struct tc_optlist *list,
	    uint8_t kind);

/*
 * Encodes options in the order given, without padding.  Returns TC_OK, or
 * TC_ERR_LIMIT when they do not fit in `cap` bytes; *out_len gets the
 * number of bytes written.
 */
enum tc_err tc_options_encode(const struct tc_opt *opts, size_t n,
	    uint8_t *buf, size_t cap, size_t *out_len);

/* Formats like tcpdump: "<mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7>". */
size_t	tc_options_format(const struct tc_optlist *list, char *buf,
	    size_t cap);

#endif /* TC_OPTIONS_H */

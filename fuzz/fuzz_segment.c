/* fuzz_segment.c - libFuzzer: any bytes as a frame and as options. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "checksum.h"
#include "err.h"
#include "options.h"
#include "segment.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant must crash so that libFuzzer records the input. */
#define CHECK(cond) do {						\
	if (!(cond))							\
		__builtin_trap();					\
} while (0)

/* Formatting must stay in bounds and NUL-terminated at any size. */
static void
check_format(const struct tc_segment *s)
{
	char line[1024], tiny[9];
	size_t n;

	n = tc_segment_format(s, line, sizeof(line));
	CHECK(n < sizeof(line) && strlen(line) == n);
	n = tc_segment_format(s, tiny, sizeof(tiny));
	CHECK(n < sizeof(tiny) && strlen(tiny) == n);
	CHECK(strncmp(tiny, line, n) == 0);
	CHECK(tc_segment_format(s, tiny, 0) == 0);
	n = tc_options_format(&s->opts, line, sizeof(line));
	CHECK(n < sizeof(line) && strlen(line) == n);
}

static void
check_frame(const uint8_t *data, size_t size, enum tc_linktype link)
{
	struct tc_segment s;
	enum tc_dec st;

	st = tc_segment_decode(data, size, link, &s);
	CHECK(st == s.status);
	CHECK(st != TC_DEC_END);
	CHECK(s.opts.n <= TC_OPTLIST_MAX);
	if (s.payload != NULL) {
		/* The payload is borrowed from the frame, never beyond it. */
		CHECK(s.payload >= data && s.payload_len <= size &&
		    (size_t)(s.payload - data) <= size - s.payload_len);
		/* Reading it lets ASan catch a pointer that lies anyway. */
		(void)tc_checksum_add(0, s.payload, s.payload_len);
	} else {
		CHECK(s.payload_len == 0);
	}
	if (s.kind == TC_SEG_OTHER)
		CHECK(s.payload == NULL && s.opts.n == 0);
	check_format(&s);
}

/*
 * As an option area: decoding then encoding gives back the bytes that were
 * read, up to where decoding stopped (EOL or an error).  Only areas a TCP
 * header can hold (40 bytes) are compared, since raw[] is 40 bytes.
 */
static void
check_options(const uint8_t *data, size_t size)
{
	struct tc_optlist l;
	uint8_t buf[TC_OPT_DATA_MAX + 2];
	size_t n;

	tc_options_decode(data, size, &l);
	CHECK(l.n <= TC_OPTLIST_MAX);
	if (size > TC_OPT_DATA_MAX)
		return;
	CHECK(tc_options_encode(l.opt, l.n, buf, sizeof(buf), &n) == TC_OK);
	CHECK(n <= size && memcmp(buf, data, n) == 0);
	if (l.status == TC_DEC_OK && (l.n == 0 ||
	    l.opt[l.n - 1].kind != TC_OPT_EOL))
		CHECK(n == size);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_frame(data, size, TC_LINK_ETHERNET);
	check_frame(data, size, TC_LINK_RAW);
	check_options(data, size);
	return 0;
}

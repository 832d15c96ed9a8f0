/*
 * fuzz_agent_line.c - libFuzzer: any bytes as what an agent reads from its
 * control connection (docs/agent-protocol.md), through the line buffer,
 * the word split and every field parser a request's words meet.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "agent_proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do {						\
	if (!(cond))							\
		__builtin_trap();					\
} while (0)

static void
fields(char *line)
{
	char *w[TC_AGENT_WORDS_MAX], hex[2 * 64 + 1];
	uint8_t bytes[TC_AGENT_DATA_MAX];
	struct tc_diag d;
	unsigned long v;
	size_t n, i, got;

	tc_diag_init(&d);
	if (tc_agent_words(line, w, TC_AGENT_WORDS_MAX, &n, &d) != TC_OK)
		return;
	CHECK(n >= 1 && n <= TC_AGENT_WORDS_MAX);
	for (i = 0; i < n; i++) {
		CHECK(w[i][0] != '\0' && strchr(w[i], ' ') == NULL);
		(void)tc_agent_name_valid(w[i]);
		(void)tc_agent_errno_parse(w[i]);
		if (tc_agent_num(w[i], 65535, &v))
			CHECK(v <= 65535);
		/* What decodes encodes back to the same bytes. */
		if (tc_agent_hex_decode(w[i], bytes, sizeof(bytes), &got) &&
		    got <= 64) {
			CHECK(got * 2 == strlen(w[i]));
			tc_agent_hex_encode(bytes, got, hex);
			CHECK(strlen(hex) == got * 2);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tc_agent_lbuf lb;
	char line[TC_AGENT_LINE_MAX];
	struct tc_diag d;
	enum tc_err err;

	tc_agent_lbuf_init(&lb);
	tc_diag_init(&d);
	if (tc_agent_lbuf_put(&lb, data, size, &d) != TC_OK)
		return 0;
	while ((err = tc_agent_lbuf_take(&lb, line, sizeof(line), &d)) ==
	    TC_OK) {
		CHECK(strlen(line) < sizeof(line));
		fields(line);
	}
	return 0;
}

/* fuzz_script.c - libFuzzer target: arbitrary bytes as a testcase script. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tc_parse_report rep;
	struct tc_script *s = NULL;
	char *src, buf[512];
	FILE *sink;
	size_t i;

	/* Scripts are text: a NUL ends the input as it would in a file read. */
	src = malloc(size + 1);
	if (src == NULL)
		return 0;
	memcpy(src, data, size);
	src[size] = '\0';
	if (tc_parse_string("fuzz.tcs", src, &s, &rep) == TC_OK) {
		/* Everything the parser accepted must print back. */
		for (i = 0; i < s->nstmt; i++)
			if (s->stmt[i].alt != NULL)
				tc_pattern_format(&s->stmt[i].alt[0], buf,
				    sizeof(buf));
		tc_script_free(s);
	}
	sink = fopen("/dev/null", "w");
	if (sink != NULL) {
		tc_parse_report_print(sink, "fuzz.tcs", src, &rep);
		fclose(sink);
	}
	free(src);
	return 0;
}

/* cursor.c - names of decode outcomes (the cursor itself is inline). */
#include "cursor.h"

const char *
tc_dec_name(enum tc_dec d)
{
	static const char *const names[] = {
		[TC_DEC_OK] = "ok",
		[TC_DEC_END] = "end",
		[TC_DEC_TRUNC] = "truncated",
		[TC_DEC_INVALID] = "invalid",
		[TC_DEC_UNSUPPORTED] = "unsupported",
	};

	if ((unsigned)d >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[d];
}

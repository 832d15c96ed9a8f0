/* isnstat.c - simple, explainable tests of ISN unpredictability. */
#include "isnstat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNTER_SPAN	(UINT32_C(1) << 24)
#define BIT_Z_MAX	5.0

static uint32_t
gcd32(uint32_t a, uint32_t b)
{
	while (b != 0) {
		uint32_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static size_t
count_distinct(const uint32_t *isn, size_t n)
{
	uint32_t *sorted = malloc(n * sizeof(*sorted));
	size_t i, d = n ? 1 : 0;

	if (sorted == NULL)
		return n;	/* cannot tell: assume distinct */
	memcpy(sorted, isn, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_u32);
	for (i = 1; i < n; i++)
		d += sorted[i] != sorted[i - 1];
	free(sorted);
	return d;
}

static void
differences(const uint32_t *isn, size_t n, struct tc_isnstat *s)
{
	size_t i;

	s->gcd = 0;
	s->max_diff = 0;
	s->increasing = true;
	for (i = 1; i < n; i++) {
		uint32_t d = isn[i] - isn[i - 1];

		s->gcd = gcd32(s->gcd, d);
		if (d >= UINT32_C(0x80000000))
			s->increasing = false;
		else if (d > s->max_diff)
			s->max_diff = d;
	}
}

static void
bit_balance(const uint32_t *isn, size_t n, struct tc_isnstat *s)
{
	double sd = sqrt((double)n) / 2.0;
	unsigned b;
	size_t i;

	s->worst_bit_z = 0.0;
	for (b = 0; b < 32; b++) {
		size_t ones = 0;
		double z;

		for (i = 0; i < n; i++)
			ones += (isn[i] >> b) & 1;
		z = ((double)ones - (double)n / 2.0) / sd;
		if (fabs(z) > fabs(s->worst_bit_z)) {
			s->worst_bit_z = z;
			s->worst_bit = b;
		}
	}
}

void
tc_isnstat_analyze(const uint32_t *isn, size_t n, struct tc_isnstat *s)
{
	memset(s, 0, sizeof(*s));
	s->n = n;
	if (n < 2)
		return;
	s->distinct = count_distinct(isn, n);
	differences(isn, n, s);
	bit_balance(isn, n, s);
	if (s->distinct < n)
		snprintf(s->why, sizeof(s->why), "%zu of %zu ISNs repeat",
		    n - s->distinct, n);
	else if (s->gcd > 1)
		snprintf(s->why, sizeof(s->why), "every difference is a "
		    "multiple of %u (a fixed increment)", s->gcd);
	else if (s->increasing && s->max_diff < COUNTER_SPAN)
		snprintf(s->why, sizeof(s->why), "ISNs only grow, by at most "
		    "%u per connection (a counter)", s->max_diff);
	else if (n >= TC_ISNSTAT_MIN && fabs(s->worst_bit_z) > BIT_Z_MAX)
		snprintf(s->why, sizeof(s->why), "bit %u is set in a biased "
		    "share of the ISNs (z = %.1f)", s->worst_bit,
		    s->worst_bit_z);
	s->predictable = s->why[0] != '\0';
}

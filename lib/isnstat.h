/* isnstat.h - is a sample of initial sequence numbers predictable? */
#ifndef TC_ISNSTAT_H
#define TC_ISNSTAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TC_ISNSTAT_MIN	16	/* fewer samples say nothing */

/*
 * Statistics of ISNs from connections on different 4-tuples, in the
 * order they were opened (RFC 6528: an off-path attacker must not be able
 * to guess them; nmap's SEQ probes look at the same things).
 */
struct tc_isnstat {
	size_t		n;
	size_t		distinct;
	uint32_t	gcd;		/* of the differences mod 2^32 */
	uint32_t	max_diff;	/* largest difference (forward) */
	bool		increasing;	/* every difference < 2^31 */
	unsigned	worst_bit;	/* the most biased bit position */
	double		worst_bit_z;	/* its z-score (binomial, p = 1/2) */
	bool		predictable;
	char		why[160];	/* when predictable: the tell */
};

/*
 * Analyses n ISNs.  Predictable when: a value repeats; the differences
 * share a divisor > 1 (a fixed increment, nmap's GCD); they all grow by
 * less than 2^24 (a counter, however irregular); or a bit position is set
 * far from half the time (|z| > 5: a random source would do that once
 * in millions of samples).
 */
void	tc_isnstat_analyze(const uint32_t *isn, size_t n,
	    struct tc_isnstat *out);

#endif /* TC_ISNSTAT_H */

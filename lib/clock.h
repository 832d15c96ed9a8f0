/* clock.h - the monotonic clock in milliseconds, for deadlines. */
#ifndef TC_CLOCK_H
#define TC_CLOCK_H

#include <stdint.h>
#include <time.h>

/* CLOCK_MONOTONIC: deadlines must not jump with the wall clock. */
static inline int64_t
tc_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif /* TC_CLOCK_H */

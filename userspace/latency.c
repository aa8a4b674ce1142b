// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: a histogram of latencies (see latency.h).
 */

#include "latency.h"

static unsigned int latency_bucket(uint64_t us)
{
	unsigned int e = 63 - __builtin_clzll(us | 1);
	unsigned int b;

	if (us < 4)
		return us;
	b = 4 + (e - 2) * 4 + ((us >> (e - 2)) & 3);
	return b < LATENCY_BUCKETS ? b : LATENCY_BUCKETS - 1;
}

/* The highest latency bucket @b holds. */
static uint64_t latency_bucket_max(unsigned int b)
{
	unsigned int e = (b - 4) / 4 + 2;

	if (b < 4)
		return b;
	return ((uint64_t)(4 + (b - 4) % 4 + 1) << (e - 2)) - 1;
}

/**
 * latency_add - count one latency
 * @l: the histogram
 * @us: the latency, in microseconds
 */
void latency_add(struct latency *l, uint64_t us)
{
	l->count[latency_bucket(us)]++;
	l->n++;
}

/**
 * latency_quantile - the latency @percent of those counted are within
 * @l: the histogram
 * @percent: 1 to 100; 50 is the median
 *
 * Returns the top of the bucket it falls in, in microseconds, or 0 if
 * nothing was counted.
 */
uint64_t latency_quantile(const struct latency *l, unsigned int percent)
{
	uint64_t want = (l->n * percent + 99) / 100;
	uint64_t seen = 0;
	unsigned int b;

	for (b = 0; b < LATENCY_BUCKETS; b++) {
		seen += l->count[b];
		if (seen && seen >= want)
			return latency_bucket_max(b);
	}
	return 0;
}

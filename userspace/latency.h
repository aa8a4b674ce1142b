/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: a histogram of latencies, for quantiles within a
 * quarter of an octave (19%), in constant room.
 */

#ifndef AUDITLITE_LATENCY_H
#define AUDITLITE_LATENCY_H

#include <stdint.h>

/* 0 to 3 us exactly, then four buckets per power of two up to 2^42 us. */
#define LATENCY_BUCKETS	(4 + 4 * 40)

struct latency {
	uint64_t count[LATENCY_BUCKETS];
	uint64_t n;
};

void latency_add(struct latency *l, uint64_t us);
uint64_t latency_quantile(const struct latency *l, unsigned int percent);

#endif /* AUDITLITE_LATENCY_H */

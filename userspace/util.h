/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: helpers every part uses, as the kernel has them.
 */

#ifndef AUDITLITE_UTIL_H
#define AUDITLITE_UTIL_H

#include <time.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Milliseconds of CLOCK_MONOTONIC, for timeouts. */
static inline long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

#endif /* AUDITLITE_UTIL_H */

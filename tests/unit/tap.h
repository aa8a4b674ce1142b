/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal TAP producer for the userspace unit tests.
 *
 * Each case is a void function. A failed check returns from the function
 * it is in, and the case's first failure becomes "not ok N - name" and
 * one "# " line saying why. tap_run() returns the exit status: non-zero
 * if any case failed.
 */

#ifndef AUDITLITE_TAP_H
#define AUDITLITE_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

struct tap_case {
	const char *name;
	void (*fn)(void);
};

#define TAP_CASE(fn)	{ #fn, fn }
#define TAP_RUN(cases)	tap_run(cases, ARRAY_SIZE(cases))

#define TAP_CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			tap_fail(__FILE__, __LINE__, "%s", #cond);	\
			return;						\
		}							\
	} while (0)

#define TAP_CHECK_STR(got, want)					\
	do {								\
		const char *got_ = (got), *want_ = (want);		\
									\
		if (strcmp(got_, want_)) {				\
			tap_fail(__FILE__, __LINE__,			\
				 "got \"%s\", want \"%s\"", got_, want_); \
			return;						\
		}							\
	} while (0)

/* Why the running case first failed; empty while it has not. */
static char tap_diag[1024];

static inline void __attribute__((format(printf, 3, 4)))
tap_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	/* A check in a helper returns to the case: keep the first reason. */
	if (tap_diag[0])
		return;
	n = snprintf(tap_diag, sizeof(tap_diag), "%s:%d: ", file, line);
	va_start(ap, fmt);
	vsnprintf(tap_diag + n, sizeof(tap_diag) - n, fmt, ap);
	va_end(ap);
}

/* The diagnostic must stay one line whatever the strings compared hold. */
static inline void tap_print_diag(void)
{
	const unsigned char *p;

	fputs("# ", stdout);
	for (p = (const unsigned char *)tap_diag; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			printf("\\x%02X", *p);
		else
			putchar(*p);
	}
	putchar('\n');
}

static inline int tap_run(const struct tap_case *cases, size_t n)
{
	int failed = 0;
	size_t i;

	printf("TAP version 13\n1..%zu\n", n);
	for (i = 0; i < n; i++) {
		tap_diag[0] = '\0';
		cases[i].fn();
		if (tap_diag[0]) {
			printf("not ok %zu - %s\n", i + 1, cases[i].name);
			tap_print_diag();
			failed = 1;
		} else {
			printf("ok %zu - %s\n", i + 1, cases[i].name);
		}
	}
	return failed;
}

#endif /* AUDITLITE_TAP_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * logwait: wait until a log file holds COUNT lines containing PATTERN,
 * then print the wall clock time that was seen, in ns since the epoch.
 * The benchmark's end-to-end rate runs from the first record's call to
 * this moment.
 *
 *   logwait FILE PATTERN COUNT TIMEOUT_S
 *
 * Only what was appended since the last look is read, every millisecond,
 * so that waiting costs the writer next to nothing. Exits 1 on timeout,
 * printing how many lines it had seen.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned long long now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	const struct timespec tick = { .tv_nsec = 1000000 };
	unsigned long long want, seen = 0, deadline;
	char *line = NULL;
	size_t cap = 0;
	FILE *f = NULL;
	ssize_t len;

	if (argc != 5) {
		fprintf(stderr, "usage: logwait FILE PATTERN COUNT TIMEOUT_S\n");
		return 2;
	}
	want = strtoull(argv[3], NULL, 10);
	deadline = now_ns(CLOCK_MONOTONIC) + strtoull(argv[4], NULL, 10) * 1000000000ULL;

	while (seen < want) {
		if (now_ns(CLOCK_MONOTONIC) > deadline) {
			printf("timeout %llu\n", seen);
			return 1;
		}
		if (!f && !(f = fopen(argv[1], "r"))) {
			if (errno != ENOENT) {
				perror(argv[1]);
				return 2;
			}
			nanosleep(&tick, NULL);
			continue;
		}
		/* A line cut by EOF is read again whole next time. */
		while ((len = getline(&line, &cap, f)) > 0) {
			if (line[len - 1] != '\n') {
				fseeko(f, -len, SEEK_CUR);
				break;
			}
			if (strstr(line, argv[2]))
				seen++;
		}
		clearerr(f);
		if (seen < want)
			nanosleep(&tick, NULL);
	}
	printf("%llu\n", now_ns(CLOCK_REALTIME));
	free(line);
	fclose(f);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * logwait: wait until a log file holds COUNT occurrences of PATTERN (one
 * a line in the benchmark's logs), then print the wall clock time at
 * which the last of them was seen, in ns since the epoch. The benchmark's
 * end-to-end rate runs from the first record's call to this moment.
 *
 *   logwait FILE PATTERN COUNT|@COUNT_FILE TIMEOUT_S
 *
 * With @COUNT_FILE, COUNT is read from that file once it exists: the
 * benchmark knows how many records to expect only after the run, once it
 * knows how many were lost.
 * Started with the run, it reads only what was appended since its last
 * look, every millisecond, in large reads searched with memmem(): the
 * reader must cost the loggers next to nothing, and must not, started
 * after the run, add the time of reading the whole log to the loggers'
 * (a line-by-line getline() and strstr() took 80 ms for 40,000 lines
 * under TCG, a quarter of auditlite's run). Exits 1 on timeout, printing
 * how many it had seen.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK	(1 << 20)

static unsigned long long now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * Count PATTERN in buf[0, len); keep at the start of @buf what a match
 * may go on from, and return its length.
 */
static size_t count(char *buf, size_t len, const char *pat, size_t plen,
		    unsigned long long *seen)
{
	char *p = buf, *end = buf + len, *m;

	while ((m = memmem(p, end - p, pat, plen))) {
		(*seen)++;
		p = m + plen;
	}
	if ((size_t)(end - p) >= plen)
		p = end - (plen - 1);
	memmove(buf, p, end - p);
	return end - p;
}

/* COUNT, or what COUNT_FILE holds; false while it does not exist yet. */
static bool wanted(const char *arg, unsigned long long *n)
{
	bool known;
	FILE *f;

	if (arg[0] != '@') {
		*n = strtoull(arg, NULL, 10);
		return true;
	}
	f = fopen(arg + 1, "r");
	if (!f)
		return false;
	known = fscanf(f, "%llu", n) == 1;
	fclose(f);
	return known;
}

int main(int argc, char **argv)
{
	const struct timespec tick = { .tv_nsec = 1000000 };
	unsigned long long want = 0, seen = 0, before, deadline, last = 0;
	bool known = false;
	size_t plen, have = 0;
	char *buf;
	ssize_t n;
	int fd = -1;

	if (argc != 5 || !(plen = strlen(argv[2])) || plen >= CHUNK) {
		fprintf(stderr, "usage: logwait FILE PATTERN COUNT|@COUNT_FILE TIMEOUT_S\n");
		return 2;
	}
	deadline = now_ns(CLOCK_MONOTONIC) + strtoull(argv[4], NULL, 10) * 1000000000ULL;
	buf = malloc(CHUNK);
	if (!buf) {
		perror("logwait");
		return 2;
	}

	while (!known || seen < want) {
		if (!known)
			known = wanted(argv[3], &want);
		if (now_ns(CLOCK_MONOTONIC) > deadline) {
			printf("timeout %llu\n", seen);
			return 1;
		}
		if (fd < 0 && (fd = open(argv[1], O_RDONLY)) < 0 && errno != ENOENT) {
			perror(argv[1]);
			return 2;
		}
		before = seen;
		while (fd >= 0 && (n = read(fd, buf + have, CHUNK - have)) > 0)
			have = count(buf, have + n, argv[2], plen, &seen);
		if (fd >= 0 && n < 0) {
			perror(argv[1]);
			return 2;
		}
		if (seen > before)
			last = now_ns(CLOCK_REALTIME);
		if (!known || seen < want)
			nanosleep(&tick, NULL);
	}
	/* Nothing to wait for: the run ended now. */
	printf("%llu\n", last ? last : now_ns(CLOCK_REALTIME));
	free(buf);
	close(fd);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * logwait: wait until a log file holds COUNT occurrences of PATTERN (one
 * a line in the benchmark's logs), then print the wall clock time at
 * which the last of them was written, the file's mtime, in ns since the
 * epoch (the kernel's coarse clock: a tick, 4 ms at most). The
 * benchmark's end-to-end rate runs from the first record's call to this
 * moment.
 *
 *   logwait FILE PATTERN COUNT|@COUNT_FILE TIMEOUT_S
 *
 * With @COUNT_FILE, COUNT is read from that file once it exists: the
 * benchmark knows how many records to expect only after the run, once it
 * knows how many were lost.
 * The reader must cost the loggers nothing: it only looks at the file's
 * size, every 10 ms, and reads what was appended (in large reads searched
 * with memmem()) once the size has not changed for 100 ms, the logger
 * done or stalled; the time it ends at is the mtime, not when it looked.
 * Reading as the log grew, every millisecond, and taking the time it
 * looked as the end, it took a seventh of the CPU from the loggers under
 * TCG (its read()'s copy most of it); reading the whole log at the end,
 * line by line, counted 80 ms of reading in each run. Exits 1 on
 * timeout, printing how many it had seen.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK	(1 << 20)
/* How long the log's size must stay the same before it is read. */
#define QUIET_NS	100000000ULL

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
	const struct timespec tick = { .tv_nsec = 10000000 };
	unsigned long long want = 0, seen = 0, deadline, now, changed = 0;
	off_t size = -1;
	struct stat st;
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
		now = now_ns(CLOCK_MONOTONIC);
		if (fd >= 0 && !fstat(fd, &st) && st.st_size != size) {
			size = st.st_size;
			changed = now;
		}
		/* Read only once the log is still: not while the logger writes. */
		if (fd >= 0 && known && now - changed >= QUIET_NS) {
			while ((n = read(fd, buf + have, CHUNK - have)) > 0)
				have = count(buf, have + n, argv[2], plen, &seen);
			if (n < 0) {
				perror(argv[1]);
				return 2;
			}
		}
		if (!known || seen < want)
			nanosleep(&tick, NULL);
	}
	/* Nothing to wait for (no file or no records): the run ended now. */
	if (fd < 0 || !want || fstat(fd, &st)) {
		printf("%llu\n", now_ns(CLOCK_REALTIME));
	} else {
		printf("%llu\n", st.st_mtim.tv_sec * 1000000000ULL +
		       st.st_mtim.tv_nsec);
	}
	free(buf);
	close(fd);
	return 0;
}

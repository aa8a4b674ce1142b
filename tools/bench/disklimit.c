// SPDX-License-Identifier: GPL-2.0
/*
 * disklimit: the most any logger can do on a disk. Formats COUNT lines of
 * make bench's size (as auditd-lite writes the sample's records) with
 * snprintf, writes them to FILE in 64 KiB chunks as fast as it can, and
 * under FLUSH syncs them as auditd-lite's group commit does: none never,
 * incremental with a thread that runs fdatasync as soon as FREQ lines
 * (50) are written past the last sync's start, back to back, while the
 * writing goes on. Prints
 *
 *	disklimit: flush=FLUSH records=COUNT records_per_s=RATE syncs=N
 *
 * where the time runs to the last byte written and, but for none, synced.
 *
 *   disklimit FILE COUNT none|incremental [FREQ]
 */

#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK		(64 * 1024)
#define PAYLOAD		64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static unsigned long written;	/* lines, under lock */
static bool done;		/* all written, under lock */
static unsigned long freq = 50;
static unsigned long syncs;
static int fd;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The flush thread: a sync whenever freq lines wait, and one at the end. */
static void *flusher(void *arg __attribute__((unused)))
{
	unsigned long synced = 0, upto;
	bool last;

	for (;;) {
		pthread_mutex_lock(&lock);
		while (!done && written - synced < freq)
			pthread_cond_wait(&cond, &lock);
		upto = written;
		last = done;
		pthread_mutex_unlock(&lock);
		if (upto > synced) {
			if (fdatasync(fd)) {
				perror("disklimit: fdatasync");
				exit(1);
			}
			syncs++;
			synced = upto;
		}
		if (last)
			return NULL;
	}
}

static void write_all(const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			perror("disklimit: write");
			exit(1);
		}
		buf += n;
		len -= n;
	}
}

int main(int argc, char **argv)
{
	static char chunk[CHUNK];
	char payload[PAYLOAD + 1];
	unsigned long count, i, lines = 0;
	pthread_t thread;
	bool sync;
	size_t len = 0;
	double t0;

	if (argc < 4) {
		fprintf(stderr, "usage: disklimit FILE COUNT none|incremental [FREQ]\n");
		return 2;
	}
	count = strtoul(argv[2], NULL, 0);
	sync = strcmp(argv[3], "none");
	if (argc > 4)
		freq = strtoul(argv[4], NULL, 0);
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	memset(payload, 'x', PAYLOAD);
	payload[PAYLOAD] = '\0';

	t0 = now_s();
	if (sync && pthread_create(&thread, NULL, flusher, NULL))
		return 1;
	for (i = 1; i <= count; i++) {
		len += snprintf(chunk + len, sizeof(chunk) - len,
				"type=KERNEL_OTHER msg=audit(%ld.%03d:%lu): op=sample ctx=softirq cpu=%lu seq=%lu payload=%s\n",
				(long)time(NULL), 5, i, i & 1, i / 2, payload);
		lines++;
		if (sizeof(chunk) - len < 512 || i == count) {
			write_all(chunk, len);
			len = 0;
			pthread_mutex_lock(&lock);
			written += lines;
			done = i == count;
			pthread_cond_signal(&cond);
			pthread_mutex_unlock(&lock);
			lines = 0;
		}
	}
	if (sync)
		pthread_join(thread, NULL);
	printf("disklimit: flush=%s records=%lu records_per_s=%.0f syncs=%lu\n",
	       argv[3], count, count / (now_s() - t0), syncs);
	close(fd);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: auditd-lite's write, sync and ack pipeline, a group
 * commit.
 *
 * Lines are written as they come; a flush thread syncs what is written
 * when freq records or WRITER_SYNC_MS have gathered, while the next lines
 * are written, and the ack then covers the records that sync made durable:
 * those whose batch ended in the part of the file it covered. Every line
 * is kept in memory until it is durable, so that after a failed sync it
 * can be written again through a new descriptor; the old one has reported
 * its error and would let the next sync succeed without the data.
 *
 * flush = none acks once written, data and sync start a sync as soon as
 * anything is written, incremental and incremental_async (the same here,
 * as in auditd both sync in a thread of their own) after freq records or
 * WRITER_SYNC_MS. The records the kernel holds meanwhile are those of at
 * most WRITER_WINDOW bytes of lines, within what a restart reads back
 * (LOGFILE_TAIL) to drop the ones it sends again.
 *
 * A sealing writer (seal.h) MACs the lines as they are written, and
 * writer_seal() ends an epoch with its seal line.
 */

#ifndef AUDITLITE_WRITER_H
#define AUDITLITE_WRITER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "latency.h"
#include "logfile.h"
#include "records.h"
#include "seal.h"

/* The longest a written record waits for its sync to start. */
#define WRITER_SYNC_MS	50

/* Lines not yet durable past which no more are taken in. */
#define WRITER_WINDOW	(LOGFILE_TAIL / 2)

/* Where in the kept lines a batch of records ends, and its last serial. */
struct writer_mark {
	size_t end;
	uint64_t serial;
};

/* A sync asked for: of @fd, up to @end of the kept lines. */
struct writer_sync {
	bool on;
	int fd;
	bool meta;
	size_t end;
};

/*
 * The flush thread and what passes between it and the main thread, under
 * @lock: a request (@req, set by the main thread) and its result (@err
 * and @done, set by the flush thread, which then writes to @efd). @done is
 * also read without the lock, as a hint that a result waits (atomics).
 */
struct writer_flusher {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int efd;
	bool req;
	bool done;
	bool stop;
	int err;
};

struct writer {
	struct logfile log;
	enum config_flush flush;
	unsigned int freq;
	/*
	 * The lines from the end of the durable part of the log on: written
	 * up to done, kept until a sync covers them. shown is how far the
	 * written ones have been handed on (writer_write()'s @written).
	 */
	struct outbuf buf;
	size_t shown;
	uint64_t *stamps;		/* each kept line's record time, ns */
	size_t nstamps;
	size_t stamps_cap;
	struct latency acked;		/* record time to durable and acked */
	struct writer_mark *marks;	/* in order of end */
	size_t nmarks;
	size_t marks_cap;
	unsigned int unwritten;		/* lines in buf not written */
	unsigned int unsynced;		/* lines written, no sync asked */
	long long unsynced_since;	/* ms, CLOCK_MONOTONIC */
	size_t synced;			/* in buf, asked or made durable */
	bool urgent;			/* sync all now: leaving, rotating */
	bool bad_fd;			/* a sync failed: write again anew */
	struct writer_sync sync;	/* in flight */
	uint64_t durable;		/* serial: the last one durable */
	bool ack_owed;			/* durable is not acked yet */
	struct writer_flusher *flusher;	/* NULL: syncs are the caller's */
	struct seal_epoch *seal;	/* the epoch being sealed, or NULL */
	size_t maced;			/* in buf: the part @seal has */
	size_t seal_end;		/* in buf: the end of a seal line not
					 * durable yet, or 0 */
};

void writer_init(struct writer *w);
void writer_configure(struct writer *w, const struct config *cfg);
int writer_add(struct writer *w, const struct logfmt_record *rec);
size_t writer_pos(const struct writer *w);
void writer_cut(struct writer *w, size_t pos, unsigned int lines);
int writer_batch_end(struct writer *w, uint64_t serial);
size_t writer_seal_lines(struct writer *w);
int writer_seal(struct writer *w, struct logfmt_record *rec, const char *op);
typedef void (*writer_written_fn)(void *arg, const char *lines, size_t len);

int writer_write(struct writer *w, writer_written_fn written, void *arg);
bool writer_sync_due(const struct writer *w, long long now);
long long writer_timeout(const struct writer *w, long long now);
void writer_sync_start(struct writer *w);
int writer_sync_done(struct writer *w, int err);
int writer_sync(struct writer *w);
bool writer_waits(const struct writer *w);
bool writer_ack_due(const struct writer *w, uint64_t *serial);
void writer_acked(struct writer *w);
bool writer_idle(const struct writer *w);
bool writer_full(const struct writer *w);
int writer_flusher_start(struct writer *w);
int writer_kick(struct writer *w, long long now);
int writer_collect(struct writer *w);
int writer_finish(struct writer *w, writer_written_fn written, void *arg);
void writer_new_log(struct writer *w, const struct logfile *lf);
void writer_free(struct writer *w);

#endif /* AUDITLITE_WRITER_H */

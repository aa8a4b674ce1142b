// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: auditd-lite's write, sync and ack pipeline, a group
 * commit (see writer.h).
 *
 * Everything here runs in the main thread but writer_flush(), the flush
 * thread, which only syncs the descriptor it is handed.
 */

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "writer.h"

/**
 * writer_init - an empty writer, its log not open yet
 * @w: the writer; a test may set @w->log.io before logfile_open()
 */
void writer_init(struct writer *w)
{
	memset(w, 0, sizeof(*w));
	w->log.fd = -1;
}

/**
 * writer_configure - take flush and freq from @cfg
 * @w: the writer
 * @cfg: the configuration now in force
 */
void writer_configure(struct writer *w, const struct config *cfg)
{
	w->flush = cfg->flush;
	w->freq = cfg->freq ? cfg->freq : 1;
}

/**
 * writer_add - format @rec as a line to write
 * @w: the writer
 * @rec: a record of the kernel's or one of the daemon's own
 *
 * Returns 0 or -ENOMEM.
 */
int writer_add(struct writer *w, const struct logfmt_record *rec)
{
	int err;

	if (w->nstamps == w->stamps_cap) {
		size_t cap = w->stamps_cap ? 2 * w->stamps_cap : 1024;
		uint64_t *stamps;

		stamps = realloc(w->stamps, cap * sizeof(*stamps));
		if (!stamps)
			return -ENOMEM;
		w->stamps = stamps;
		w->stamps_cap = cap;
	}
	err = outbuf_add(&w->buf, rec);
	if (err)
		return err;
	w->stamps[w->nstamps++] = rec->sec * 1000000000ULL + rec->nsec;
	w->unwritten++;
	return 0;
}

/**
 * writer_pos - where the next line added goes, for writer_cut()
 * @w: the writer
 */
size_t writer_pos(const struct writer *w)
{
	return w->buf.len;
}

/**
 * writer_cut - take back the lines added since writer_pos() said @pos
 * @w: the writer; nothing was written or marked since
 * @pos: what writer_pos() said
 * @lines: how many lines were added since
 */
void writer_cut(struct writer *w, size_t pos, unsigned int lines)
{
	w->buf.len = pos;
	w->unwritten -= lines;
	w->nstamps -= lines;
}

/**
 * writer_batch_end - the lines added so far end a batch of the kernel's
 * @w: the writer
 * @serial: the batch's last serial, acked once they are durable
 *
 * Returns 0, or -ENOMEM: then the next batch's ack covers this one too,
 * which is written with it.
 */
int writer_batch_end(struct writer *w, uint64_t serial)
{
	if (w->nmarks == w->marks_cap) {
		size_t cap = w->marks_cap ? 2 * w->marks_cap : 64;
		struct writer_mark *marks;

		marks = realloc(w->marks, cap * sizeof(*marks));
		if (!marks)
			return -ENOMEM;
		w->marks = marks;
		w->marks_cap = cap;
	}
	w->marks[w->nmarks].end = w->buf.len;
	w->marks[w->nmarks].serial = serial;
	w->nmarks++;
	return 0;
}

/* The lines added since the last call, into the epoch's MAC. */
static void writer_mac(struct writer *w)
{
	if (!w->seal || w->maced == w->buf.len)
		return;
	seal_epoch_lines(w->seal, w->buf.data + w->maced,
			 w->buf.len - w->maced);
	w->maced = w->buf.len;
}

/**
 * writer_seal_lines - how many lines the epoch being sealed has so far
 * @w: the writer, sealing
 */
size_t writer_seal_lines(struct writer *w)
{
	writer_mac(w);
	return w->seal->lines;
}

/**
 * writer_seal - end the epoch being sealed with its seal line
 * @w: the writer, sealing
 * @rec: the seal line's id; its type and text are set here
 * @op: why the epoch ends
 *
 * On success @w->seal is spent, and @w->seal_end is where the seal line
 * ends until it is durable: the caller moves the key on and starts the
 * next epoch with it before any other line is added.
 * Returns 0, -ENOMEM or -ENOSPC (an @op too long).
 */
int writer_seal(struct writer *w, struct logfmt_record *rec, const char *op)
{
	char text[SEAL_TEXT_MAX];
	size_t start;
	int n, err;

	writer_seal_lines(w);
	n = seal_text(text, sizeof(text), w->seal, op);
	if (n < 0)
		return n;
	rec->type = SEAL_TYPE;
	rec->text = text;
	rec->len = n;
	start = w->buf.len;
	err = writer_add(w, rec);
	if (err)
		return err;
	seal_finish(w->seal, w->buf.data + start, w->buf.len - start);
	w->maced = w->buf.len;
	w->seal_end = w->buf.len;
	return 0;
}

/*
 * The first @end bytes of the kept lines are durable: count how long
 * their records took to be, one line a record (logfmt escapes newlines).
 */
static void writer_count_latency(struct writer *w, size_t end)
{
	const char *p = w->buf.data;
	struct timespec now;
	size_t lines = 0;
	uint64_t now_ns;
	size_t i;

	while ((p = memchr(p, '\n', w->buf.data + end - p))) {
		p++;
		lines++;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	now_ns = now.tv_sec * 1000000000ULL + now.tv_nsec;
	for (i = 0; i < lines; i++)
		latency_add(&w->acked, now_ns > w->stamps[i] ?
			    (now_ns - w->stamps[i]) / 1000 : 0);
	w->nstamps -= lines;
	memmove(w->stamps, w->stamps + lines, w->nstamps * sizeof(*w->stamps));
}

/* The first @end bytes of the kept lines are durable: ack and drop them. */
static void writer_durable(struct writer *w, size_t end)
{
	size_t i;

	/* A batch of duplicates only ends at 0: acked all the same. */
	for (i = 0; i < w->nmarks && w->marks[i].end <= end; i++) {
		w->durable = w->marks[i].serial;
		w->ack_owed = true;
	}
	if (i) {
		w->nmarks -= i;
		memmove(w->marks, w->marks + i,
			w->nmarks * sizeof(*w->marks));
	}
	for (i = 0; i < w->nmarks; i++)
		w->marks[i].end -= end;
	if (!end)
		return;

	writer_count_latency(w, end);
	memmove(w->buf.data, w->buf.data + end, w->buf.len - end);
	w->buf.len -= end;
	w->buf.done -= end;
	w->shown -= end;
	w->synced = w->synced > end ? w->synced - end : 0;
	w->maced = w->maced > end ? w->maced - end : 0;
	w->seal_end = w->seal_end > end ? w->seal_end - end : 0;
	if (!w->buf.len)
		w->urgent = false;
}

/**
 * writer_write - write the lines added since the last call
 * @w: the writer
 * @written: called with the lines written for the first time (for the
 *	dispatcher), before they may be dropped; or NULL
 * @arg: its first argument
 *
 * After a failed sync the log is opened anew and cut back to its durable
 * part first, and all kept lines are written again. With flush none, what
 * is written is acked.
 * Returns 0, -EAGAIN while the failed sync's thread is still out, or
 * -errno of what failed; retried by the next call.
 */
int writer_write(struct writer *w, writer_written_fn written, void *arg)
{
	int err;

	if (w->bad_fd) {
		if (w->sync.on)
			return -EAGAIN;
		err = logfile_reopen(&w->log, w->log.whole - w->buf.done);
		if (err)
			return err;
		w->buf.done = 0;
		w->synced = 0;
		w->bad_fd = false;
		w->urgent = true;
	}
	writer_mac(w);
	err = logfile_cut_torn(&w->log) ?: logfile_write(&w->log, &w->buf);
	if (err)
		return err;

	if (w->unwritten) {
		if (!w->unsynced)
			w->unsynced_since = now_ms();
		w->unsynced += w->unwritten;
		w->unwritten = 0;
	}
	if (w->buf.done > w->shown) {
		if (written)
			written(arg, w->buf.data + w->shown,
				w->buf.done - w->shown);
		w->shown = w->buf.done;
	}
	if (w->flush == CONFIG_FLUSH_NONE)
		writer_durable(w, w->buf.done);
	return 0;
}

/**
 * writer_sync_due - whether what is written is to be synced now
 * @w: the writer
 * @now: ms, CLOCK_MONOTONIC
 */
bool writer_sync_due(const struct writer *w, long long now)
{
	if (w->flush == CONFIG_FLUSH_NONE || w->sync.on || w->bad_fd ||
	    w->buf.done <= w->synced)
		return false;
	if (w->urgent || w->flush == CONFIG_FLUSH_DATA ||
	    w->flush == CONFIG_FLUSH_SYNC)
		return true;
	return w->unsynced >= w->freq ||
	       now - w->unsynced_since >= WRITER_SYNC_MS;
}

/**
 * writer_timeout - how long until a sync is due by time alone
 * @w: the writer
 * @now: ms, CLOCK_MONOTONIC
 *
 * Returns ms, 0 if one is due now, or -1 if none is waiting.
 */
long long writer_timeout(const struct writer *w, long long now)
{
	long long left;

	if (writer_sync_due(w, now))
		return 0;
	if (w->flush == CONFIG_FLUSH_NONE || w->sync.on || w->bad_fd ||
	    w->buf.done <= w->synced)
		return -1;
	left = w->unsynced_since + WRITER_SYNC_MS - now;
	return left > 0 ? left : 0;
}

/**
 * writer_sync_start - take what is written as the next sync's
 * @w: the writer; no sync is in flight
 *
 * The sync itself is logfile_sync() of @w->sync, then writer_sync_done().
 */
void writer_sync_start(struct writer *w)
{
	w->sync.on = true;
	w->sync.fd = w->log.fd;
	w->sync.meta = w->flush == CONFIG_FLUSH_SYNC;
	w->sync.end = w->buf.done;
	w->synced = w->buf.done;
	w->unsynced = 0;
}

/**
 * writer_sync_done - the sync writer_sync_start() took has ended
 * @w: the writer
 * @err: 0 or its -errno
 *
 * On success the records it covered are to be acked. On failure none is,
 * and the descriptor is not trusted again: the next writer_write() writes
 * all kept lines anew through another.
 * Returns @err.
 */
int writer_sync_done(struct writer *w, int err)
{
	w->sync.on = false;
	if (err) {
		w->bad_fd = true;
		w->synced = 0;
		return err;
	}
	writer_durable(w, w->sync.end);
	return 0;
}

/**
 * writer_sync - sync what is written, in the calling thread
 * @w: the writer; no sync is in flight
 *
 * Returns 0 or -errno.
 */
int writer_sync(struct writer *w)
{
	writer_sync_start(w);
	return writer_sync_done(w, logfile_sync(&w->log, w->sync.fd,
						w->sync.meta));
}

/**
 * writer_waits - whether the flush thread has ended a sync not yet collected
 * @w: the writer
 *
 * Its records are owed their ack, and what was written meanwhile its sync:
 * the caller is to take the result (writer_collect()) before reading on.
 */
bool writer_waits(const struct writer *w)
{
	const struct writer_flusher *f = w->flusher;

	return f && w->sync.on && __atomic_load_n(&f->done, __ATOMIC_ACQUIRE);
}

/**
 * writer_ack_due - whether records have become durable since the last ack
 * @w: the writer
 * @serial: set to the last of them: the ack is cumulative
 */
bool writer_ack_due(const struct writer *w, uint64_t *serial)
{
	*serial = w->durable;
	return w->ack_owed;
}

/**
 * writer_acked - the ack writer_ack_due() asked for is sent
 * @w: the writer
 */
void writer_acked(struct writer *w)
{
	w->ack_owed = false;
}

/**
 * writer_idle - whether every line added is written and durable
 * @w: the writer
 *
 * With flush none, written is enough. The ack may still be owed.
 */
bool writer_idle(const struct writer *w)
{
	return !w->buf.len && !w->sync.on;
}

/**
 * writer_full - whether so much waits to be durable that no more is taken
 * @w: the writer
 */
bool writer_full(const struct writer *w)
{
	return w->buf.len >= WRITER_WINDOW;
}

/* The flush thread: syncs what it is asked to, one request at a time. */
static void *writer_flush(void *arg)
{
	struct writer *w = arg;
	struct writer_flusher *f = w->flusher;
	uint64_t one = 1;

	pthread_mutex_lock(&f->lock);
	for (;;) {
		int fd;
		bool meta;
		int err;

		while (!f->req && !f->stop)
			pthread_cond_wait(&f->cond, &f->lock);
		if (f->stop)
			break;
		fd = w->sync.fd;
		meta = w->sync.meta;
		pthread_mutex_unlock(&f->lock);

		err = logfile_sync(&w->log, fd, meta);

		pthread_mutex_lock(&f->lock);
		f->req = false;
		/* Read without the lock too, by writer_waits(). */
		__atomic_store_n(&f->done, true, __ATOMIC_RELEASE);
		f->err = err;
		/* Cannot fail but by overflow: the main thread reads it. */
		if (write(f->efd, &one, sizeof(one)) < 0)
			abort();
	}
	pthread_mutex_unlock(&f->lock);
	return NULL;
}

/**
 * writer_flusher_start - sync in a thread of the writer's own from now on
 * @w: the writer
 *
 * The caller then polls @w->flusher->efd for POLLIN and calls
 * writer_collect().
 * Returns 0 or -errno.
 */
int writer_flusher_start(struct writer *w)
{
	struct writer_flusher *f;
	int err;

	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (f->efd < 0) {
		err = -errno;
		free(f);
		return err;
	}
	pthread_mutex_init(&f->lock, NULL);
	pthread_cond_init(&f->cond, NULL);
	w->flusher = f;
	err = -pthread_create(&f->thread, NULL, writer_flush, w);
	if (err) {
		w->flusher = NULL;
		close(f->efd);
		free(f);
	}
	return err;
}

/**
 * writer_kick - start a sync if one is due
 * @w: the writer
 * @now: ms, CLOCK_MONOTONIC
 *
 * In the flush thread if there is one, else here.
 * Returns 0, or -errno of a sync made here.
 */
int writer_kick(struct writer *w, long long now)
{
	struct writer_flusher *f = w->flusher;

	if (!writer_sync_due(w, now))
		return 0;
	if (!f)
		return writer_sync(w);
	pthread_mutex_lock(&f->lock);
	writer_sync_start(w);
	f->req = true;
	pthread_cond_signal(&f->cond);
	pthread_mutex_unlock(&f->lock);
	return 0;
}

/**
 * writer_collect - take the flush thread's result, if it has one
 * @w: the writer
 *
 * Returns 0, or -errno of the sync that failed.
 */
int writer_collect(struct writer *w)
{
	struct writer_flusher *f = w->flusher;
	uint64_t count;
	bool done;
	int err;

	if (!f || read(f->efd, &count, sizeof(count)) < 0)
		return 0;
	pthread_mutex_lock(&f->lock);
	done = __atomic_exchange_n(&f->done, false, __ATOMIC_RELAXED);
	err = f->err;
	pthread_mutex_unlock(&f->lock);
	return done ? writer_sync_done(w, err) : 0;
}

/**
 * writer_finish - write and sync everything now, waiting for it
 * @w: the writer
 * @written: as writer_write()'s
 * @arg: its first argument
 *
 * For leaving, rotating and changing files.
 * Returns 0 once all is durable (as flush has it), or -errno.
 */
int writer_finish(struct writer *w, writer_written_fn written, void *arg)
{
	int err;

	while (w->sync.on) {
		struct pollfd pfd = { .fd = w->flusher->efd, .events = POLLIN };

		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			return -errno;
		err = writer_collect(w);
		if (err)
			return err;
	}
	err = writer_write(w, written, arg);
	if (err)
		return err;
	w->urgent = true;
	return writer_sync_due(w, 0) ? writer_sync(w) : 0;
}

/**
 * writer_new_log - go on in another log file
 * @w: the writer; no sync is in flight
 * @lf: the new log, open; @w's old one is the caller's to close first
 *
 * Lines not yet durable in the old log are written to the new one.
 */
void writer_new_log(struct writer *w, const struct logfile *lf)
{
	w->log = *lf;
	w->buf.done = 0;
	w->synced = 0;
	w->bad_fd = false;
}

/**
 * writer_free - stop the flush thread and free what the writer holds
 * @w: the writer; its log is closed by the caller
 */
void writer_free(struct writer *w)
{
	struct writer_flusher *f = w->flusher;

	if (f) {
		pthread_mutex_lock(&f->lock);
		f->stop = true;
		pthread_cond_signal(&f->cond);
		pthread_mutex_unlock(&f->lock);
		pthread_join(f->thread, NULL);
		pthread_mutex_destroy(&f->lock);
		pthread_cond_destroy(&f->cond);
		close(f->efd);
		free(f);
		w->flusher = NULL;
	}
	outbuf_free(&w->buf);
	free(w->stamps);
	w->stamps = NULL;
	w->nstamps = 0;
	w->stamps_cap = 0;
	free(w->marks);
	w->marks = NULL;
	w->nmarks = 0;
	w->marks_cap = 0;
}

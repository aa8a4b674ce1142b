// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/writer.c: what auditd-lite acks, and when.
 *
 * The log is a real file in a fresh temporary directory, written through
 * system calls of the test's own that can fail as a disk does. A failed
 * sync behaves as Linux's: the lines written since the last good sync are
 * lost (zeroed here, as pages dropped after a failed writeback), the error
 * is reported once, and the next sync on the same descriptor succeeds.
 * "On disk" is what the file held at its last good sync.
 */

#define _GNU_SOURCE		/* asprintf() */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch_msg.h"
#include "log.h"
#include "unit.h"
#include "writer.h"

static char dir[64];
static char path[128];
static struct writer w;
static struct dedup dd;
static char got[1 << 16];

/* The fake disk. */
static int sync_fails;		/* syncs still to fail */
static int failed_fd = -1;	/* the descriptor a sync failed on */
static int syncs_after_failure;	/* on failed_fd, after it failed */
static int opens;
static off_t on_disk;		/* file size at the last good sync */

static int fake_open(const char *p, int flags, mode_t mode)
{
	opens++;
	return open(p, flags, mode);
}

static ssize_t fake_write(int fd, const void *buf, size_t len)
{
	return write(fd, buf, len);
}

static int fake_ftruncate(int fd, off_t len)
{
	return ftruncate(fd, len);
}

static int fake_fdatasync(int fd)
{
	static const char zero[4096];
	struct stat st;
	off_t off;
	int zfd;

	if (fd == failed_fd)
		syncs_after_failure++;
	if (fstat(fd, &st))
		return -1;
	if (!sync_fails) {
		on_disk = st.st_size;
		return 0;
	}
	/*
	 * The writeback failed: what it held is not on the disk. Zeroed
	 * through a descriptor of our own: the log's appends whatever pwrite()
	 * is told.
	 */
	sync_fails--;
	zfd = open(path, O_WRONLY | O_CLOEXEC);
	if (zfd < 0)
		return -1;
	for (off = on_disk; off < st.st_size; off += sizeof(zero))
		if (pwrite(zfd, zero, st.st_size - off < (off_t)sizeof(zero) ?
			   (size_t)(st.st_size - off) : sizeof(zero), off) < 0)
			abort();
	close(zfd);
	failed_fd = fd;
	errno = EIO;
	return -1;
}

static const struct logfile_io fake_io = {
	.open = fake_open,
	.write = fake_write,
	.ftruncate = fake_ftruncate,
	.fdatasync = fake_fdatasync,
	.fsync = fake_fdatasync,
};

/* A writer on a new log in a new directory, as configured by @flush. */
static void start(enum config_flush flush)
{
	struct config cfg;

	config_init(&cfg);
	if (flush != (enum config_flush)-1)
		cfg.flush = flush;
	writer_init(&w);
	writer_configure(&w, &cfg);
	w.log.io = &fake_io;
	assert_int_equal(logfile_open(&w.log, path, (gid_t)-1, &dd), 0);
}

static int fresh(void **state)
{
	strcpy(dir, "/tmp/writer_test.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/audit.log", dir);
	sync_fails = 0;
	failed_fd = -1;
	syncs_after_failure = 0;
	opens = 0;
	on_disk = 0;
	return 0;
}

static int cleanup(void **state)
{
	char *cmd;
	int ret;

	writer_free(&w);
	if (w.log.fd >= 0)
		logfile_close(&w.log);
	if (asprintf(&cmd, "rm -rf '%s'", dir) < 0)
		return -1;
	ret = system(cmd);
	free(cmd);
	return ret ? -1 : 0;
}

/* A batch of records @first to @last, as the daemon hands it on. */
static void batch(uint64_t first, uint64_t last)
{
	uint64_t serial;

	for (serial = first; serial <= last; serial++) {
		struct logfmt_record rec = batch_msg_record(serial);

		assert_int_equal(writer_add(&w, &rec), 0);
	}
	assert_int_equal(writer_batch_end(&w, last), 0);
}

static int write_out(void)
{
	return writer_write(&w, NULL, NULL);
}


/* What the disk holds: the file, up to its size at the last good sync. */
static const char *durable(void)
{
	ssize_t n;

	n = batch_msg_read_log(path, got, sizeof(got));
	assert_true(n >= 0);
	if (n > on_disk)
		n = on_disk;
	got[n] = '\0';
	/* A zeroed line is not there. */
	assert_int_equal(strlen(got), n);
	return got;
}

static void assert_no_ack(void)
{
	uint64_t serial;

	assert_false(writer_ack_due(&w, &serial));
}

static void assert_ack(uint64_t want_serial)
{
	uint64_t serial;

	assert_true(writer_ack_due(&w, &serial));
	assert_int_equal(serial, want_serial);
	writer_acked(&w);
}

/* Item 1: the default flush acks nothing that is only written. */
static void default_flush_acks_only_what_is_synced(void **state)
{
	start(-1);
	batch(1, 3);
	assert_int_equal(write_out(), 0);
	assert_no_ack();
	assert_int_equal(writer_sync(&w), 0);
	assert_ack(3);
	assert_string_equal(durable(), batch_msg_lines(1, 3));
	/* From their time (second 1 to 3) to now. */
	assert_int_equal(w.acked.n, 3);
	assert_true(latency_quantile(&w.acked, 50) > 1000000);
}

/* A sync is due after freq records, or WRITER_SYNC_MS after the first. */
static void default_flush_syncs_after_freq_records_or_time(void **state)
{
	long long t;

	start(-1);
	batch(1, 3);
	assert_int_equal(write_out(), 0);
	t = w.unsynced_since;
	assert_false(writer_sync_due(&w, t));
	assert_int_equal(writer_timeout(&w, t), WRITER_SYNC_MS);
	assert_true(writer_sync_due(&w, t + WRITER_SYNC_MS));
	batch(4, 50);
	assert_int_equal(write_out(), 0);
	assert_true(writer_sync_due(&w, t));
}

/* Group commit: the ack covers what the sync covered, not what came since. */
static void ack_covers_only_batches_the_sync_covered(void **state)
{
	start(CONFIG_FLUSH_DATA);
	batch(1, 3);
	assert_int_equal(write_out(), 0);
	writer_sync_start(&w);
	batch(4, 6);
	assert_int_equal(write_out(), 0);
	assert_int_equal(writer_sync_done(&w, logfile_sync(&w.log, w.sync.fd,
							  false)), 0);
	assert_ack(3);
	assert_int_equal(writer_sync(&w), 0);
	assert_ack(6);
	assert_string_equal(durable(), batch_msg_lines(1, 6));
	assert_true(writer_idle(&w));
}

/* Item 2: after a failed sync, no ack until the lines are on disk again. */
static void failed_sync_is_written_anew_before_any_ack(void **state)
{
	start(CONFIG_FLUSH_DATA);
	batch(1, 2);
	assert_int_equal(write_out(), 0);
	assert_int_equal(writer_sync(&w), 0);
	assert_ack(2);

	sync_fails = 1;
	batch(3, 5);
	assert_int_equal(write_out(), 0);
	assert_int_equal(writer_sync(&w), -EIO);
	assert_no_ack();

	/* The retry: a new descriptor, the lost lines again, a good sync. */
	opens = 0;
	assert_int_equal(write_out(), 0);
	assert_int_equal(writer_kick(&w, 0), 0);
	assert_ack(5);
	assert_string_equal(durable(), batch_msg_lines(1, 5));
	assert_int_equal(syncs_after_failure, 0);
	assert_int_equal(opens, 1);
}

/* What came while the failed sync ran is written again with it. */
static void lines_after_a_failed_sync_are_kept_too(void **state)
{
	start(CONFIG_FLUSH_DATA);
	sync_fails = 1;
	batch(1, 2);
	assert_int_equal(write_out(), 0);
	writer_sync_start(&w);
	batch(3, 4);
	assert_int_equal(write_out(), 0);
	assert_int_equal(writer_sync_done(&w, logfile_sync(&w.log, w.sync.fd,
							  false)), -EIO);
	assert_no_ack();
	assert_int_equal(write_out(), 0);
	assert_int_equal(writer_kick(&w, 0), 0);
	assert_ack(4);
	assert_string_equal(durable(), batch_msg_lines(1, 4));
}

/* flush none: acked once written, as its man page says. */
static void flush_none_acks_once_written(void **state)
{
	start(CONFIG_FLUSH_NONE);
	batch(1, 3);
	assert_int_equal(write_out(), 0);
	assert_ack(3);
	assert_false(writer_sync_due(&w, 0));
	assert_true(writer_idle(&w));
}

/* The flush thread: the ack comes once its sync is collected. */
static void flush_thread_syncs_and_reports(void **state)
{
	struct pollfd pfd;

	start(CONFIG_FLUSH_DATA);
	assert_int_equal(writer_flusher_start(&w), 0);
	batch(1, 3);
	assert_int_equal(write_out(), 0);
	assert_int_equal(writer_kick(&w, 0), 0);
	assert_no_ack();
	pfd.fd = w.flusher->efd;
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, 10000), 1);
	assert_int_equal(writer_collect(&w), 0);
	assert_ack(3);
	assert_string_equal(durable(), batch_msg_lines(1, 3));
}

/*
 * The daemon reads its socket until the writer waits for the ack of a
 * sync the flush thread has ended, and the next sync. Reading on until
 * the socket was empty, while the kernel kept sending, held both up: in
 * one bench run for 51 ms, with the backlog full and the disk idle.
 */
static void writer_waits_once_a_sync_has_ended(void **state)
{
	struct pollfd pfd;

	start(-1);
	assert_int_equal(writer_flusher_start(&w), 0);
	batch(1, 50);
	assert_false(writer_waits(&w));
	assert_int_equal(write_out(), 0);
	assert_int_equal(writer_kick(&w, 0), 0);
	assert_true(w.sync.on);
	batch(51, 60);
	pfd.fd = w.flusher->efd;
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, 10000), 1);
	/* Ended, not yet collected: its ack is owed. */
	assert_true(writer_waits(&w));
	assert_int_equal(writer_collect(&w), 0);
	assert_ack(50);
	assert_false(writer_waits(&w));
}

/* Leaving: everything is made durable and acked at once. */
static void finish_makes_all_durable(void **state)
{
	start(-1);
	assert_int_equal(writer_flusher_start(&w), 0);
	batch(1, 3);
	assert_int_equal(write_out(), 0);
	batch(4, 4);
	assert_int_equal(writer_finish(&w, NULL, NULL), 0);
	assert_ack(4);
	assert_true(writer_idle(&w));
	assert_string_equal(durable(), batch_msg_lines(1, 4));
}

#define CASE(fn)	cmocka_unit_test_setup_teardown(fn, fresh, cleanup)

static const struct CMUnitTest writer_tests[] = {
	CASE(default_flush_acks_only_what_is_synced),
	CASE(default_flush_syncs_after_freq_records_or_time),
	CASE(ack_covers_only_batches_the_sync_covered),
	CASE(failed_sync_is_written_anew_before_any_ack),
	CASE(lines_after_a_failed_sync_are_kept_too),
	CASE(flush_none_acks_once_written),
	CASE(flush_thread_syncs_and_reports),
	CASE(writer_waits_once_a_sync_has_ended),
	CASE(finish_makes_all_durable),
};

int main(void)
{
	log_init("writer_test");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(writer_tests, NULL, NULL) ? 1 : 0;
}

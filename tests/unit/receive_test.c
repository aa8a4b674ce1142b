// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/receive.c: which messages auditd-lite takes in,
 * and that a batch it could not take is never covered by a later ack.
 */

#define _GNU_SOURCE		/* asprintf() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <uapi/auditlite.h>

#include "batch_msg.h"
#include "log.h"
#include "receive.h"
#include "unit.h"

static char dir[64];
static char path[128];
static struct writer w;
static struct receiver r;
static const struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

static int fresh(void **state)
{
	struct config cfg;

	strcpy(dir, "/tmp/receive_test.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/audit.log", dir);
	config_init(&cfg);
	cfg.flush = CONFIG_FLUSH_DATA;
	writer_init(&w);
	writer_configure(&w, &cfg);
	memset(&r, 0, sizeof(r));
	return logfile_open(&w.log, path, (gid_t)-1, &r.dedup) ? -1 : 0;
}

static int cleanup(void **state)
{
	char *cmd;
	int ret;

	writer_free(&w);
	logfile_close(&w.log);
	receive_free(&r);
	batch_msg_free();
	if (asprintf(&cmd, "rm -rf '%s'", dir) < 0)
		return -1;
	ret = system(cmd);
	free(cmd);
	return ret ? -1 : 0;
}

/* A batch of records @first to @last from @src. */
static enum receive_result batch_from(const struct sockaddr_nl *src,
				      uint64_t first, uint64_t last)
{
	batch_msg_start(AUDITLITE_CMD_RECORDS);
	for (; first <= last; first++)
		batch_msg_add(first, "op=test", 8, NONE);
	return receive_batch(&r, &w, src, BATCH_MSG_FAMILY, nlmsg_hdr(msg));
}

static enum receive_result batch(uint64_t first, uint64_t last)
{
	return batch_from(&kernel, first, last);
}

/* Write and sync what was taken; the serial acked, 0 for none. */
static uint64_t commit(void)
{
	uint64_t serial;

	assert_int_equal(writer_write(&w, NULL, NULL), 0);
	if (writer_sync_due(&w, 0))
		assert_int_equal(writer_sync(&w), 0);
	if (!writer_ack_due(&w, &serial))
		return 0;
	writer_acked(&w);
	return serial;
}

/* Item 3: the ack after a lost batch does not cover it. */
static void lost_batch_is_not_covered_by_a_later_ack(void **state)
{
	assert_int_equal(batch(1, 3), RECEIVE_TAKEN);
	receive_lost(&r, "a datagram cut short");
	assert_int_equal(batch(7, 9), RECEIVE_SKIPPED);
	assert_int_equal(commit(), 3);
	assert_true(r.resync);

	/* Registered again, the kernel sends from the lost batch on. */
	receive_registered(&r);
	assert_int_equal(batch(4, 9), RECEIVE_TAKEN);
	assert_int_equal(commit(), 9);
	assert_int_equal(r.lost, 1);
}

/* A malformed batch says what it held, for the DAEMON_ERR record. */
static void malformed_batch_names_its_serials(void **state)
{
	batch_msg_start(AUDITLITE_CMD_RECORDS);
	batch_msg_add(4, "op=test", 8, NONE);
	batch_msg_add(5, "op=test", 8, AUDITLITE_RECORD_A_TEXT);
	assert_int_equal(receive_batch(&r, &w, &kernel, BATCH_MSG_FAMILY,
				       nlmsg_hdr(msg)), RECEIVE_MALFORMED);
	assert_int_equal(r.batch.first, 4);
	assert_int_equal(r.batch.last, 5);
	assert_int_equal(r.malformed, 1);
	assert_int_equal(commit(), 0);
}

/* With not even a serial to name it by, it is lost: the replay may tell. */
static void malformed_batch_without_serials_is_lost(void **state)
{
	batch_msg_start(AUDITLITE_CMD_RECORDS);
	batch_msg_add(4, "op=test", 8, AUDITLITE_RECORD_A_SERIAL);
	assert_int_equal(receive_batch(&r, &w, &kernel, BATCH_MSG_FAMILY,
				       nlmsg_hdr(msg)), RECEIVE_LOST);
	assert_true(r.resync);
}

/* Item 8: only the kernel hands in records. */
static void messages_not_from_the_kernel_are_refused(void **state)
{
	const struct sockaddr_nl process = {
		.nl_family = AF_NETLINK, .nl_pid = 4242,
	};

	assert_int_equal(batch_from(&process, 1, 3), RECEIVE_REFUSED);
	batch_msg_start(AUDITLITE_CMD_RECORDS);
	batch_msg_add(1, "op=test", 8, NONE);
	assert_int_equal(receive_batch(&r, &w, &kernel, BATCH_MSG_FAMILY + 1,
				       nlmsg_hdr(msg)), RECEIVE_REFUSED);
	assert_int_equal(r.refused, 2);
	assert_int_equal(commit(), 0);
}

/* After UNREGISTER the records are the next daemon's. */
static void leaving_takes_nothing(void **state)
{
	r.leaving = true;
	assert_int_equal(batch(1, 3), RECEIVE_SKIPPED);
	assert_int_equal(commit(), 0);
}

/* A datagram socket pair, @n datagrams of @len bytes (byte i of each i) sent. */
static void datagrams(int sv[2], unsigned int n, size_t len)
{
	static char out[AUDITLITE_RECORDS_MSG_MAX + 1];
	unsigned int i;

	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	for (i = 0; i < n; i++) {
		memset(out, i, sizeof(out));
		assert_int_equal(send(sv[1], out, len, 0), len);
	}
}

/* Item 2: what is queued comes in RECEIVE_SLOTS a syscall, whole. */
static void queued_datagrams_are_read_many_at_once(void **state)
{
	const struct sockaddr_nl *src;
	unsigned int i, n = RECEIVE_SLOTS + 4;
	size_t len;
	int sv[2];

	datagrams(sv, n, 3000);
	assert_int_equal(receive_read(&r, sv[0], RECEIVE_SLOTS), RECEIVE_SLOTS);
	for (i = 0; i < RECEIVE_SLOTS; i++) {
		char *buf = receive_datagram(&r, &src, &len);

		assert_non_null(buf);
		assert_int_equal(len, 3000);
		assert_int_equal(buf[0], i);
		assert_int_equal(buf[len - 1], i);
	}
	assert_null(receive_datagram(&r, &src, &len));
	assert_int_equal(receive_read(&r, sv[0], RECEIVE_SLOTS), 4);
	for (; i < n; i++)
		assert_int_equal(*(char *)receive_datagram(&r, &src, &len), i);
	assert_null(receive_datagram(&r, &src, &len));
	assert_int_equal(receive_read(&r, sv[0], RECEIVE_SLOTS), 0);
	close(sv[0]);
	close(sv[1]);
}

/* No more than the caller asks for: the window and max_log_file bound it. */
static void a_read_takes_no_more_than_asked(void **state)
{
	const struct sockaddr_nl *src;
	size_t len;
	int sv[2];

	datagrams(sv, 3, 100);
	assert_int_equal(receive_read(&r, sv[0], 1), 1);
	assert_non_null(receive_datagram(&r, &src, &len));
	assert_null(receive_datagram(&r, &src, &len));
	assert_int_equal(receive_read(&r, sv[0], RECEIVE_SLOTS + 1), 2);
	close(sv[0]);
	close(sv[1]);
}

/* One cut short is a batch lost; those around it are handed out. */
static void a_datagram_cut_short_is_lost(void **state)
{
	static char big[AUDITLITE_RECORDS_MSG_MAX + 1];
	const struct sockaddr_nl *src;
	size_t len;
	char *buf;
	int sv[2];

	datagrams(sv, 1, 100);
	assert_int_equal(send(sv[1], big, sizeof(big), 0), sizeof(big));
	assert_int_equal(send(sv[1], "x", 1, 0), 1);
	assert_int_equal(receive_read(&r, sv[0], RECEIVE_SLOTS), 3);
	assert_non_null(receive_datagram(&r, &src, &len));
	assert_int_equal(len, 100);
	buf = receive_datagram(&r, &src, &len);
	assert_non_null(buf);
	assert_int_equal(len, 1);
	assert_int_equal(buf[0], 'x');
	assert_null(receive_datagram(&r, &src, &len));
	assert_int_equal(r.lost, 1);
	assert_true(r.resync);
	close(sv[0]);
	close(sv[1]);
}

#define CASE(fn)	cmocka_unit_test_setup_teardown(fn, fresh, cleanup)

static const struct CMUnitTest receive_tests[] = {
	CASE(lost_batch_is_not_covered_by_a_later_ack),
	CASE(malformed_batch_names_its_serials),
	CASE(malformed_batch_without_serials_is_lost),
	CASE(messages_not_from_the_kernel_are_refused),
	CASE(leaving_takes_nothing),
	CASE(queued_datagrams_are_read_many_at_once),
	CASE(a_read_takes_no_more_than_asked),
	CASE(a_datagram_cut_short_is_lost),
};

int main(void)
{
	log_init("receive_test");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(receive_tests, NULL, NULL) ? 1 : 0;
}

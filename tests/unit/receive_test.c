// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/receive.c: which messages auditd-lite takes in,
 * and that a batch it could not take is never covered by a later ack.
 */

#define _GNU_SOURCE		/* asprintf() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

#define CASE(fn)	cmocka_unit_test_setup_teardown(fn, fresh, cleanup)

static const struct CMUnitTest receive_tests[] = {
	CASE(lost_batch_is_not_covered_by_a_later_ack),
	CASE(malformed_batch_names_its_serials),
	CASE(malformed_batch_without_serials_is_lost),
	CASE(messages_not_from_the_kernel_are_refused),
	CASE(leaving_takes_nothing),
};

int main(void)
{
	log_init("receive_test");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(receive_tests, NULL, NULL) ? 1 : 0;
}

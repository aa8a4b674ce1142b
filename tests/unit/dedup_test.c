// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/dedup.c: the id of a log line, the ids kept of
 * the end of a log, and which replayed records the log already holds.
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dedup.h"
#include "logfmt.h"
#include "unit.h"
#include "util.h"

static struct logid id;
static struct dedup dd;

static bool parse(const char *line)
{
	memset(&id, 0x5a, sizeof(id));
	return logid_parse(line, strlen(line), &id);
}

/* Arm dd with the end of a log @buf; id is the last id kept. */
static bool last(const char *buf)
{
	assert_int_equal(dedup_arm(&dd, buf, strlen(buf)), 0);
	if (dd.armed)
		id = dd.ids[dd.n - 1];
	return dd.armed;
}

static void parse_reads_id_of_logfmt_line(void **state)
{
	struct logfmt_record rec = {
		.serial = 1234, .type = 1300, .sec = 1700000000,
		.nsec = 987654321, .text = "a=b", .len = 3,
	};
	char line[LOGFMT_LINE_MAX(3)];

	assert_true(logfmt_line(line, sizeof(line), &rec) > 0);
	assert_true(parse(line));
	assert_int_equal(id.sec, 1700000000);
	assert_int_equal(id.msec, 987);
	assert_int_equal(id.serial, 1234);
}

static void parse_takes_line_without_newline(void **state)
{
	assert_true(parse("type=KERNEL msg=audit(5.006:7): op=x"));
	assert_int_equal(id.sec, 5);
	assert_int_equal(id.msec, 6);
	assert_int_equal(id.serial, 7);
}

static void parse_takes_empty_text(void **state)
{
	assert_true(parse("type=KERNEL msg=audit(5.006:7): "));
	assert_int_equal(id.serial, 7);
}

static void parse_takes_unknown_type_name(void **state)
{
	assert_true(parse("type=UNKNOWN[1338] msg=audit(1.000:2): \n"));
	assert_int_equal(id.serial, 2);
}

/* logfmt writes nsec / 1000000 on three digits, four if out of range. */
static void parse_takes_four_digit_msec(void **state)
{
	assert_true(parse("type=KERNEL msg=audit(1.4294:2): \n"));
	assert_int_equal(id.msec, 4294);
}

static void parse_takes_largest_numbers(void **state)
{
	assert_true(parse("type=KERNEL msg=audit(18446744073709551615.999:"
			  "18446744073709551615): \n"));
	assert_int_equal(id.sec, UINT64_MAX);
	assert_int_equal(id.serial, UINT64_MAX);
}

static void parse_refuses_serial_overflow(void **state)
{
	assert_false(parse("type=KERNEL msg=audit(1.000:"
			   "18446744073709551616): \n"));
}

static void parse_refuses_missing_type(void **state)
{
	assert_false(parse("msg=audit(1.000:2): \n"));
	assert_false(parse("type= msg=audit(1.000:2): \n"));
}

static void parse_refuses_short_msec(void **state)
{
	assert_false(parse("type=KERNEL msg=audit(1.00:2): \n"));
}

static void parse_refuses_signs_and_blanks_in_numbers(void **state)
{
	assert_false(parse("type=KERNEL msg=audit(+1.000:2): \n"));
	assert_false(parse("type=KERNEL msg=audit(1.000: 2): \n"));
	assert_false(parse("type=KERNEL msg=audit(1.000:-2): \n"));
}

static void parse_refuses_cut_head(void **state)
{
	assert_false(parse("type=KERNEL msg=audit(1.000:2)"));
	assert_false(parse("type=KERNEL msg=audit(1.000:"));
	assert_false(parse("type=KERNEL"));
	assert_false(parse(""));
}

static void parse_refuses_other_lines(void **state)
{
	assert_false(parse("type=KERNEL msg=audit(1.000:2) : \n"));
	assert_false(parse("node=x type=KERNEL msg=audit(1.000:2): \n"));
	assert_false(parse(" type=KERNEL msg=audit(1.000:2): \n"));
}

static void last_takes_last_line(void **state)
{
	assert_true(last("type=KERNEL msg=audit(1.000:1): a\n"
			 "type=KERNEL msg=audit(2.000:2): b\n"));
	assert_int_equal(id.serial, 2);
	assert_int_equal(id.sec, 2);
}

static void last_takes_only_line(void **state)
{
	assert_true(last("type=KERNEL msg=audit(1.000:1): a\n"));
	assert_int_equal(id.serial, 1);
}

static void last_passes_over_torn_line(void **state)
{
	assert_true(last("type=KERNEL msg=audit(1.000:1): a\n"
			 "type=KERNEL msg=audit(2.000:2): b"));
	assert_int_equal(id.serial, 1);
}

static void last_passes_over_daemon_lines(void **state)
{
	assert_true(last("type=KERNEL msg=audit(1.000:1): a\n"
			 "type=DAEMON_START msg=audit(2.000:0): op=start\n"
			 "type=DAEMON_START msg=audit(3.000:0): op=start\n"));
	assert_int_equal(id.serial, 1);
}

static void last_passes_over_malformed_lines(void **state)
{
	assert_true(last("type=KERNEL msg=audit(1.000:1): a\n"
			 "garbage\n"
			 "\n"));
	assert_int_equal(id.serial, 1);
}

/* The daemon's own records, whatever their serial, are not the kernel's. */
static void arm_keeps_highest_own_serial_apart(void **state)
{
	assert_true(last("type=DAEMON_START msg=audit(1.000:7): op=start\n"
			 "type=KERNEL msg=audit(2.000:7): a\n"
			 "type=DAEMON_ROTATE msg=audit(3.000:9): op=rotate\n"
			 "type=DAEMON_END msg=audit(4.000:8): op=stop\n"));
	assert_int_equal(dd.n, 1);
	assert_int_equal(id.serial, 7);
	assert_int_equal(id.sec, 2);
	assert_int_equal(dd.last_own, 9);
}

static void last_finds_nothing_without_record_line(void **state)
{
	assert_false(last(""));
	assert_false(last("\n\n"));
	assert_false(last("type=DAEMON_START msg=audit(2.000:0): op=start\n"));
	assert_false(last("type=KERNEL msg=audit(2.000:2): torn"));
}

/* Three records stamped 10.SERIAL00 as the kernel sends them. */
static const struct logfmt_record batch[] = {
	{ .serial = 5, .type = 2000, .sec = 10, .nsec = 500000000 },
	{ .serial = 6, .type = 2000, .sec = 10, .nsec = 600000000 },
	{ .serial = 7, .type = 2000, .sec = 10, .nsec = 700000000 },
};

/* The lines of records stamped 10.SERIAL00, @first to @last. */
static const char *logged(uint64_t first, uint64_t last_serial)
{
	static char buf[512];
	size_t len = 0;

	buf[0] = '\0';
	for (; first <= last_serial; first++)
		len += snprintf(buf + len, sizeof(buf) - len,
				"type=KERNEL msg=audit(10.%llu00:%llu): x\n",
				(unsigned long long)first,
				(unsigned long long)first);
	return buf;
}

/* How many of the batch a log of @log drops, the first time. */
static size_t dedup(const char *log)
{
	last(log);
	return dedup_batch(&dd, batch, ARRAY_SIZE(batch));
}

static int disarm(void **state)
{
	dedup_disarm(&dd);
	return 0;
}

static void dedup_drops_up_to_last_logged(void **state)
{
	assert_int_equal(dedup(logged(4, 6)), 2);
	assert_false(dd.armed);
}

static void dedup_drops_first_alone(void **state)
{
	assert_int_equal(dedup(logged(5, 5)), 1);
}

static void dedup_drops_whole_batch_ending_with_last_logged(void **state)
{
	assert_int_equal(dedup(logged(1, 7)), 3);
	assert_false(dd.armed);
}

static void dedup_drops_nothing_without_first_logged(void **state)
{
	assert_int_equal(dedup(logged(1, 4)), 0);
	assert_int_equal(dedup(logged(8, 9)), 0);
	assert_int_equal(dedup(logged(6, 7)), 0);
	assert_false(dd.armed);
}

/* After the module is loaded again serials repeat; times do not. */
static void dedup_needs_time_as_well_as_serial(void **state)
{
	assert_int_equal(dedup("type=KERNEL msg=audit(9.500:5): x\n"), 0);
	assert_int_equal(dedup("type=KERNEL msg=audit(10.501:5): x\n"), 0);
}

static void dedup_compares_milliseconds_only(void **state)
{
	const struct logfmt_record rec = {
		.serial = 6, .sec = 10, .nsec = 600999999,
	};

	last(logged(6, 6));
	assert_int_equal(dedup_batch(&dd, &rec, 1), 1);
}

/* Group commit: what was written unacked spans batches. */
static void dedup_goes_on_across_batches(void **state)
{
	last(logged(3, 7));
	assert_int_equal(dedup_batch(&dd, batch, 2), 2);
	assert_true(dd.armed);
	assert_int_equal(dedup_batch(&dd, batch + 2, 1), 1);
	assert_false(dd.armed);
	assert_int_equal(dedup_batch(&dd, batch, ARRAY_SIZE(batch)), 0);
}

/* The first record the log does not hold ends the dropping for good. */
static void dedup_stops_at_first_record_not_logged(void **state)
{
	last(logged(5, 6));
	assert_int_equal(dedup_batch(&dd, batch, ARRAY_SIZE(batch)), 2);
	assert_false(dd.armed);
	assert_int_equal(dedup_batch(&dd, batch, ARRAY_SIZE(batch)), 0);
}

static void dedup_unarmed_drops_nothing(void **state)
{
	dedup_disarm(&dd);
	assert_int_equal(dedup_batch(&dd, batch, ARRAY_SIZE(batch)), 0);
}

static const struct CMUnitTest dedup_tests[] = {
	cmocka_unit_test(parse_reads_id_of_logfmt_line),
	cmocka_unit_test(parse_takes_line_without_newline),
	cmocka_unit_test(parse_takes_empty_text),
	cmocka_unit_test(parse_takes_unknown_type_name),
	cmocka_unit_test(parse_takes_four_digit_msec),
	cmocka_unit_test(parse_takes_largest_numbers),
	cmocka_unit_test(parse_refuses_serial_overflow),
	cmocka_unit_test(parse_refuses_missing_type),
	cmocka_unit_test(parse_refuses_short_msec),
	cmocka_unit_test(parse_refuses_signs_and_blanks_in_numbers),
	cmocka_unit_test(parse_refuses_cut_head),
	cmocka_unit_test(parse_refuses_other_lines),
	cmocka_unit_test(last_takes_last_line),
	cmocka_unit_test(last_takes_only_line),
	cmocka_unit_test(last_passes_over_torn_line),
	cmocka_unit_test(last_passes_over_daemon_lines),
	cmocka_unit_test(last_passes_over_malformed_lines),
	cmocka_unit_test(arm_keeps_highest_own_serial_apart),
	cmocka_unit_test(last_finds_nothing_without_record_line),
	cmocka_unit_test(dedup_drops_up_to_last_logged),
	cmocka_unit_test(dedup_drops_first_alone),
	cmocka_unit_test(dedup_drops_whole_batch_ending_with_last_logged),
	cmocka_unit_test(dedup_drops_nothing_without_first_logged),
	cmocka_unit_test(dedup_needs_time_as_well_as_serial),
	cmocka_unit_test(dedup_compares_milliseconds_only),
	cmocka_unit_test(dedup_goes_on_across_batches),
	cmocka_unit_test(dedup_stops_at_first_record_not_logged),
	cmocka_unit_test(dedup_unarmed_drops_nothing),
};

int main(void)
{
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(dedup_tests, NULL, disarm) ? 1 : 0;
}

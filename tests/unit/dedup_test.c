// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/dedup.c: the id of a log line, the last one of
 * a log, and which replayed records the log already holds.
 */

#include <stdint.h>
#include <string.h>

#include "dedup.h"
#include "logfmt.h"
#include "tap.h"
#include "util.h"

static struct logid id;

static bool parse(const char *line)
{
	memset(&id, 0x5a, sizeof(id));
	return logid_parse(line, strlen(line), &id);
}

static bool last(const char *buf)
{
	memset(&id, 0x5a, sizeof(id));
	return logid_last(buf, strlen(buf), &id);
}

static void parse_reads_id_of_logfmt_line(void)
{
	struct logfmt_record rec = {
		.serial = 1234, .type = 1300, .sec = 1700000000,
		.nsec = 987654321, .text = "a=b", .len = 3,
	};
	char line[LOGFMT_LINE_MAX(3)];

	TAP_CHECK(logfmt_line(line, sizeof(line), &rec) > 0);
	TAP_CHECK(parse(line));
	TAP_CHECK(id.sec == 1700000000);
	TAP_CHECK(id.msec == 987);
	TAP_CHECK(id.serial == 1234);
}

static void parse_takes_line_without_newline(void)
{
	TAP_CHECK(parse("type=KERNEL msg=audit(5.006:7): op=x"));
	TAP_CHECK(id.sec == 5 && id.msec == 6 && id.serial == 7);
}

static void parse_takes_empty_text(void)
{
	TAP_CHECK(parse("type=KERNEL msg=audit(5.006:7): "));
	TAP_CHECK(id.serial == 7);
}

static void parse_takes_unknown_type_name(void)
{
	TAP_CHECK(parse("type=UNKNOWN[1338] msg=audit(1.000:2): \n"));
	TAP_CHECK(id.serial == 2);
}

/* logfmt writes nsec / 1000000 on three digits, four if out of range. */
static void parse_takes_four_digit_msec(void)
{
	TAP_CHECK(parse("type=KERNEL msg=audit(1.4294:2): \n"));
	TAP_CHECK(id.msec == 4294);
}

static void parse_takes_largest_numbers(void)
{
	TAP_CHECK(parse("type=KERNEL msg=audit(18446744073709551615.999:"
			"18446744073709551615): \n"));
	TAP_CHECK(id.sec == UINT64_MAX);
	TAP_CHECK(id.serial == UINT64_MAX);
}

static void parse_refuses_serial_overflow(void)
{
	TAP_CHECK(!parse("type=KERNEL msg=audit(1.000:"
			 "18446744073709551616): \n"));
}

static void parse_refuses_missing_type(void)
{
	TAP_CHECK(!parse("msg=audit(1.000:2): \n"));
	TAP_CHECK(!parse("type= msg=audit(1.000:2): \n"));
}

static void parse_refuses_short_msec(void)
{
	TAP_CHECK(!parse("type=KERNEL msg=audit(1.00:2): \n"));
}

static void parse_refuses_signs_and_blanks_in_numbers(void)
{
	TAP_CHECK(!parse("type=KERNEL msg=audit(+1.000:2): \n"));
	TAP_CHECK(!parse("type=KERNEL msg=audit(1.000: 2): \n"));
	TAP_CHECK(!parse("type=KERNEL msg=audit(1.000:-2): \n"));
}

static void parse_refuses_cut_head(void)
{
	TAP_CHECK(!parse("type=KERNEL msg=audit(1.000:2)"));
	TAP_CHECK(!parse("type=KERNEL msg=audit(1.000:"));
	TAP_CHECK(!parse("type=KERNEL"));
	TAP_CHECK(!parse(""));
}

static void parse_refuses_other_lines(void)
{
	TAP_CHECK(!parse("type=KERNEL msg=audit(1.000:2) : \n"));
	TAP_CHECK(!parse("node=x type=KERNEL msg=audit(1.000:2): \n"));
	TAP_CHECK(!parse(" type=KERNEL msg=audit(1.000:2): \n"));
}

static void last_takes_last_line(void)
{
	TAP_CHECK(last("type=KERNEL msg=audit(1.000:1): a\n"
		       "type=KERNEL msg=audit(2.000:2): b\n"));
	TAP_CHECK(id.serial == 2 && id.sec == 2);
}

static void last_takes_only_line(void)
{
	TAP_CHECK(last("type=KERNEL msg=audit(1.000:1): a\n"));
	TAP_CHECK(id.serial == 1);
}

static void last_passes_over_torn_line(void)
{
	TAP_CHECK(last("type=KERNEL msg=audit(1.000:1): a\n"
		       "type=KERNEL msg=audit(2.000:2): b"));
	TAP_CHECK(id.serial == 1);
}

static void last_passes_over_daemon_lines(void)
{
	TAP_CHECK(last("type=KERNEL msg=audit(1.000:1): a\n"
		       "type=DAEMON_START msg=audit(2.000:0): op=start\n"
		       "type=DAEMON_START msg=audit(3.000:0): op=start\n"));
	TAP_CHECK(id.serial == 1);
}

static void last_passes_over_malformed_lines(void)
{
	TAP_CHECK(last("type=KERNEL msg=audit(1.000:1): a\n"
		       "garbage\n"
		       "\n"));
	TAP_CHECK(id.serial == 1);
}

static void last_finds_nothing_without_record_line(void)
{
	TAP_CHECK(!last(""));
	TAP_CHECK(!last("\n\n"));
	TAP_CHECK(!last("type=DAEMON_START msg=audit(2.000:0): op=start\n"));
	TAP_CHECK(!last("type=KERNEL msg=audit(2.000:2): torn"));
}

/* Three records stamped 10.SERIAL00 as the kernel sends them. */
static const struct logfmt_record batch[] = {
	{ .serial = 5, .type = 2000, .sec = 10, .nsec = 500000000 },
	{ .serial = 6, .type = 2000, .sec = 10, .nsec = 600000000 },
	{ .serial = 7, .type = 2000, .sec = 10, .nsec = 700000000 },
};

static size_t dedup(uint64_t serial, uint64_t sec, uint32_t msec)
{
	struct dedup dd = {
		.armed = true,
		.last = { .sec = sec, .msec = msec, .serial = serial },
	};

	return dedup_batch(&dd, batch, ARRAY_SIZE(batch));
}

static void dedup_drops_up_to_last_logged(void)
{
	TAP_CHECK(dedup(6, 10, 600) == 2);
}

static void dedup_drops_first_alone(void)
{
	TAP_CHECK(dedup(5, 10, 500) == 1);
}

static void dedup_drops_whole_batch_ending_with_last_logged(void)
{
	TAP_CHECK(dedup(7, 10, 700) == 3);
}

static void dedup_drops_nothing_without_last_logged(void)
{
	TAP_CHECK(dedup(4, 10, 400) == 0);
	TAP_CHECK(dedup(8, 10, 800) == 0);
}

/* After the module is loaded again serials repeat; times do not. */
static void dedup_needs_time_as_well_as_serial(void)
{
	TAP_CHECK(dedup(6, 9, 600) == 0);
	TAP_CHECK(dedup(6, 10, 601) == 0);
}

static void dedup_compares_milliseconds_only(void)
{
	const struct logfmt_record rec = {
		.serial = 6, .sec = 10, .nsec = 600999999,
	};
	struct dedup dd = {
		.armed = true, .last = { .sec = 10, .msec = 600, .serial = 6 },
	};

	TAP_CHECK(dedup_batch(&dd, &rec, 1) == 1);
}

static void dedup_looks_at_first_batch_only(void)
{
	struct dedup dd = {
		.armed = true, .last = { .sec = 10, .msec = 700, .serial = 7 },
	};

	/* before: armed; after the first batch: disarmed, match or not */
	TAP_CHECK(dedup_batch(&dd, batch, 2) == 0);
	TAP_CHECK(!dd.armed);
	TAP_CHECK(dedup_batch(&dd, batch, ARRAY_SIZE(batch)) == 0);
}

static void dedup_unarmed_drops_nothing(void)
{
	struct dedup dd = {
		.last = { .sec = 10, .msec = 500, .serial = 5 },
	};

	TAP_CHECK(dedup_batch(&dd, batch, ARRAY_SIZE(batch)) == 0);
}

static const struct tap_case cases[] = {
	TAP_CASE(parse_reads_id_of_logfmt_line),
	TAP_CASE(parse_takes_line_without_newline),
	TAP_CASE(parse_takes_empty_text),
	TAP_CASE(parse_takes_unknown_type_name),
	TAP_CASE(parse_takes_four_digit_msec),
	TAP_CASE(parse_takes_largest_numbers),
	TAP_CASE(parse_refuses_serial_overflow),
	TAP_CASE(parse_refuses_missing_type),
	TAP_CASE(parse_refuses_short_msec),
	TAP_CASE(parse_refuses_signs_and_blanks_in_numbers),
	TAP_CASE(parse_refuses_cut_head),
	TAP_CASE(parse_refuses_other_lines),
	TAP_CASE(last_takes_last_line),
	TAP_CASE(last_takes_only_line),
	TAP_CASE(last_passes_over_torn_line),
	TAP_CASE(last_passes_over_daemon_lines),
	TAP_CASE(last_passes_over_malformed_lines),
	TAP_CASE(last_finds_nothing_without_record_line),
	TAP_CASE(dedup_drops_up_to_last_logged),
	TAP_CASE(dedup_drops_first_alone),
	TAP_CASE(dedup_drops_whole_batch_ending_with_last_logged),
	TAP_CASE(dedup_drops_nothing_without_last_logged),
	TAP_CASE(dedup_needs_time_as_well_as_serial),
	TAP_CASE(dedup_compares_milliseconds_only),
	TAP_CASE(dedup_looks_at_first_batch_only),
	TAP_CASE(dedup_unarmed_drops_nothing),
};

int main(void)
{
	return TAP_RUN(cases);
}

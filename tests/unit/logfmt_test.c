// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/logfmt.c: one record as one auditd log line.
 */

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/auditlite.h>

#include "logfmt.h"
#include "unit.h"
#include "util.h"

static char line[LOGFMT_LINE_MAX(64)];

/* Formats @text as a KERNEL_OTHER record 1700000000.123:42 into line. */
static int format_text(const char *text, size_t len, uint32_t flags)
{
	struct logfmt_record rec = {
		.serial = 42, .type = 1316, .sec = 1700000000,
		.nsec = 123456789, .flags = flags, .text = text, .len = len,
	};

	return logfmt_line(line, sizeof(line), &rec);
}

/* Formats an empty record of @type, stamped 1.000:1, into line. */
static int format_type(uint32_t type)
{
	struct logfmt_record rec = {
		.serial = 1, .type = type, .sec = 1, .text = "",
	};

	return logfmt_line(line, sizeof(line), &rec);
}

static void line_has_auditd_layout(void **state)
{
	const char *want =
		"type=KERNEL_OTHER msg=audit(1700000000.123:42): op=x res=1\n";

	assert_int_equal(format_text("op=x res=1", 10, 0), (int)strlen(want));
	assert_string_equal(line, want);
}

static void known_types_have_libaudit_names(void **state)
{
	static const struct {
		uint32_t type;
		const char *line;
	} known[] = {
		{ 1005, "type=USER msg=audit(1.000:1): \n" },
		{ 1006, "type=LOGIN msg=audit(1.000:1): \n" },
		{ 1100, "type=USER_AUTH msg=audit(1.000:1): \n" },
		{ 1200, "type=DAEMON_START msg=audit(1.000:1): \n" },
		{ 1201, "type=DAEMON_END msg=audit(1.000:1): \n" },
		{ 1202, "type=DAEMON_ABORT msg=audit(1.000:1): \n" },
		{ 1203, "type=DAEMON_CONFIG msg=audit(1.000:1): \n" },
		{ 1205, "type=DAEMON_ROTATE msg=audit(1.000:1): \n" },
		{ 1206, "type=DAEMON_RESUME msg=audit(1.000:1): \n" },
		{ 1300, "type=SYSCALL msg=audit(1.000:1): \n" },
		{ 1305, "type=CONFIG_CHANGE msg=audit(1.000:1): \n" },
		{ 1316, "type=KERNEL_OTHER msg=audit(1.000:1): \n" },
		{ 1327, "type=PROCTITLE msg=audit(1.000:1): \n" },
		{ 1400, "type=AVC msg=audit(1.000:1): \n" },
		{ 2000, "type=KERNEL msg=audit(1.000:1): \n" },
		{ 2507, "type=VIRT_MIGRATE_OUT msg=audit(1.000:1): \n" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known); i++) {
		assert_true(format_type(known[i].type) > 0);
		assert_string_equal(line, known[i].line);
	}
}

static void unknown_types_are_unknown_n(void **state)
{
	assert_true(format_type(0) > 0);
	assert_string_equal(line, "type=UNKNOWN[0] msg=audit(1.000:1): \n");
	/* In linux/audit.h but not named by libaudit: see logfmt.c. */
	assert_true(format_type(1338) > 0);
	assert_string_equal(line, "type=UNKNOWN[1338] msg=audit(1.000:1): \n");
	assert_true(format_type(UINT32_MAX) > 0);
	assert_string_equal(line,
			    "type=UNKNOWN[4294967295] msg=audit(1.000:1): \n");
}

static void msec_is_three_digits(void **state)
{
	static const struct {
		uint32_t nsec;
		const char *line;
	} want[] = {
		{ 0, "type=KERNEL msg=audit(7.000:9): \n" },
		{ 999999, "type=KERNEL msg=audit(7.000:9): \n" },
		{ 5000000, "type=KERNEL msg=audit(7.005:9): \n" },
		{ 50000000, "type=KERNEL msg=audit(7.050:9): \n" },
		{ 999999999, "type=KERNEL msg=audit(7.999:9): \n" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		struct logfmt_record rec = {
			.serial = 9, .type = 2000, .sec = 7,
			.nsec = want[i].nsec, .text = "",
		};

		assert_true(logfmt_line(line, sizeof(line), &rec) > 0);
		assert_string_equal(line, want[i].line);
	}
}

static void control_bytes_are_hex_escaped(void **state)
{
	assert_true(format_text("a\nb\rc\td\x01" "e\x1f", 10, 0) > 0);
	assert_string_equal(line,
			    "type=KERNEL_OTHER msg=audit(1700000000.123:42): "
			    "a\\x0Ab\\x0Dc\\x09d\\x01e\\x1F\n");
}

static void del_is_hex_escaped(void **state)
{
	assert_true(format_text("a\x7f" "b", 3, 0) > 0);
	assert_string_equal(line,
			    "type=KERNEL_OTHER msg=audit(1700000000.123:42): "
			    "a\\x7Fb\n");
}

/*
 * C1 controls: a terminal that reads bytes as Latin-1 takes 0x9B for CSI,
 * so a tail of the log could be driven by a record's text.
 */
static void c1_bytes_are_hex_escaped(void **state)
{
	assert_true(format_text("a\x9b" "31m\x80\x9f\xa0\xc3\xa9", 10, 0) > 0);
	assert_string_equal(line,
			    "type=KERNEL_OTHER msg=audit(1700000000.123:42): "
			    "a\\x9B31m\\x80\\x9F\xa0\xc3\xa9\n");
}

static void nul_in_text_is_hex_escaped(void **state)
{
	assert_true(format_text("a\0b", 3, 0) > 0);
	assert_string_equal(line,
			    "type=KERNEL_OTHER msg=audit(1700000000.123:42): "
			    "a\\x00b\n");
}

static void backslash_is_doubled(void **state)
{
	assert_true(format_text("a\\x0Ab\\", 7, 0) > 0);
	assert_string_equal(line,
			    "type=KERNEL_OTHER msg=audit(1700000000.123:42): "
			    "a\\\\x0Ab\\\\\n");
}

static void high_bytes_above_c1_pass_through(void **state)
{
	assert_true(format_text("caf\xc3\xa9 \xa0\xff", 8, 0) > 0);
	assert_string_equal(line,
			    "type=KERNEL_OTHER msg=audit(1700000000.123:42): "
			    "caf\xc3\xa9 \xa0\xff\n");
}

static void forged_record_stays_in_one_line(void **state)
{
	const char *text = "\ntype=USER msg=audit(1.000:1): forged";
	int len = format_text(text, strlen(text), 0);

	assert_true(len > 0);
	assert_ptr_equal(strchr(line, '\n'), line + len - 1);
	assert_string_equal(line,
			    "type=KERNEL_OTHER msg=audit(1700000000.123:42): "
			    "\\x0Atype=USER msg=audit(1.000:1): forged\n");
}

static void truncated_record_is_marked(void **state)
{
	assert_true(format_text("op=x", 4, AUDITLITE_RECORD_F_TRUNCATED) > 0);
	assert_string_equal(line,
			    "type=KERNEL_OTHER msg=audit(1700000000.123:42): "
			    "op=x auditlite_truncated=1\n");
}

static void buffer_below_bound_is_refused(void **state)
{
	struct logfmt_record rec = { .type = 2000, .text = "x", .len = 1 };
	char buf[LOGFMT_LINE_MAX(1)];

	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(logfmt_line(buf, sizeof(buf) - 1, &rec), -ENOSPC);
	assert_int_equal((unsigned char)buf[0], 0xa5);
	assert_true(logfmt_line(buf, sizeof(buf), &rec) > 0);
}

/* Every head at its longest: all names, the largest numbers. */
static void every_type_fits_bound(void **state)
{
	char buf[LOGFMT_LINE_MAX(0)];
	struct logfmt_record rec = {
		.serial = UINT64_MAX, .sec = UINT64_MAX, .nsec = UINT32_MAX,
		.flags = AUDITLITE_RECORD_F_TRUNCATED, .text = "",
	};
	uint32_t type;

	for (type = 0; type <= 65536; type++) {
		int len;

		rec.type = type == 65536 ? UINT32_MAX : type;
		len = logfmt_line(buf, sizeof(buf), &rec);
		assert_true(len > 0);
		assert_true((size_t)len < sizeof(buf));
	}
}

#define GUARD	64

static void longest_text_of_control_bytes_fits_bound(void **state)
{
	size_t size = LOGFMT_LINE_MAX(AUDITLITE_MESSAGE_TEXT_MAX);
	char text[AUDITLITE_MESSAGE_TEXT_MAX];
	struct logfmt_record rec = {
		.serial = UINT64_MAX, .type = 2215, .sec = UINT64_MAX,
		.nsec = UINT32_MAX, .flags = AUDITLITE_RECORD_F_TRUNCATED,
		.text = text, .len = sizeof(text),
	};
	unsigned char *buf;
	size_t i;
	int len;

	for (i = 0; i < sizeof(text); i++)
		text[i] = i % 3 ? i % 0x20 : 0x7f;
	buf = malloc(size + GUARD);
	assert_non_null(buf);
	memset(buf, 0xa5, size + GUARD);

	len = logfmt_line((char *)buf, size, &rec);
	for (i = 0; i < GUARD && buf[size + i] == 0xa5; i++)
		;
	free(buf);
	assert_true(len > 0);
	assert_true((size_t)len < size);
	assert_int_equal(i, GUARD);
}

/* The line as logfmt.h defines it, by printf and a byte at a time. */
static size_t reference_line(char *buf, const struct logfmt_record *rec,
			     const char *name)
{
	size_t n, i;

	n = sprintf(buf, "type=%s msg=audit(%llu.%03u:%llu): ", name,
		    (unsigned long long)rec->sec, rec->nsec / 1000000,
		    (unsigned long long)rec->serial);
	for (i = 0; i < rec->len; i++) {
		unsigned char c = rec->text[i];

		if (c == '\\')
			n += sprintf(buf + n, "\\\\");
		else if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
			n += sprintf(buf + n, "\\x%02X", c);
		else
			buf[n++] = c;
	}
	if (rec->flags & AUDITLITE_RECORD_F_TRUNCATED)
		n += sprintf(buf + n, "%s", LOGFMT_TRUNCATED);
	n += sprintf(buf + n, "\n");
	return n;
}

/* Whatever the numbers and bytes, the line is the reference's. */
static void line_matches_reference(void **state)
{
	static const uint64_t u64s[] = {
		0, 1, 9, 10, 99, 100, 999999, 1000000, 1700000000,
		UINT32_MAX, 1ULL << 32, 9999999999999999999ULL,
		10000000000000000000ULL, UINT64_MAX,
	};
	static const uint32_t nsecs[] = {
		0, 999999, 1000000, 5000000, 99999999, 100000000, 999999999,
		1000000000, UINT32_MAX,
	};
	static char want[LOGFMT_LINE_MAX(512)], got[LOGFMT_LINE_MAX(512)];
	unsigned char text[512];
	char name[LOGFMT_NAME_MAX + 1];
	unsigned int seed = 1;
	int i, j;

	for (i = 0; i < 2000; i++) {
		struct logfmt_record rec = {
			.serial = u64s[i % ARRAY_SIZE(u64s)],
			.sec = u64s[(i / 3) % ARRAY_SIZE(u64s)],
			.nsec = nsecs[i % ARRAY_SIZE(nsecs)],
			.flags = i & 1 ? AUDITLITE_RECORD_F_TRUNCATED : 0,
			.text = (const char *)text,
		};
		int len;

		/* An unknown type, then text of any bytes at all. */
		rec.type = i % 7 ? 1300U + i % 40 : (uint32_t)rand_r(&seed);
		rec.len = rand_r(&seed) % sizeof(text);
		for (j = 0; j < (int)rec.len; j++)
			text[j] = i % 2 ? rand_r(&seed) : 'a' + j % 26;
		len = logfmt_line(got, sizeof(got), &rec);
		assert_true(len > 0);

		/* The name, as the line has it: checked by the tests above. */
		assert_int_equal(sscanf(got, "type=%32s ", name), 1);
		assert_int_equal(len, reference_line(want, &rec, name));
		assert_memory_equal(got, want, len + 1);
	}
}

/* Each byte value alone among plain ones, at each place of a word. */
static void lone_byte_matches_reference(void **state)
{
	static char want[LOGFMT_LINE_MAX(24)], got[LOGFMT_LINE_MAX(24)];
	char text[24];
	struct logfmt_record rec = {
		.serial = 1, .type = 2000, .sec = 1, .text = text,
		.len = sizeof(text),
	};
	unsigned int c, at;
	int len;

	for (c = 0; c < 256; c++) {
		for (at = 0; at < sizeof(text); at++) {
			memset(text, 'a', sizeof(text));
			text[at] = c;
			len = logfmt_line(got, sizeof(got), &rec);
			assert_int_equal(len, reference_line(want, &rec,
							     "KERNEL"));
			assert_memory_equal(got, want, len + 1);
		}
	}
}

static const struct CMUnitTest logfmt_tests[] = {
	cmocka_unit_test(line_has_auditd_layout),
	cmocka_unit_test(known_types_have_libaudit_names),
	cmocka_unit_test(unknown_types_are_unknown_n),
	cmocka_unit_test(msec_is_three_digits),
	cmocka_unit_test(control_bytes_are_hex_escaped),
	cmocka_unit_test(del_is_hex_escaped),
	cmocka_unit_test(nul_in_text_is_hex_escaped),
	cmocka_unit_test(c1_bytes_are_hex_escaped),
	cmocka_unit_test(backslash_is_doubled),
	cmocka_unit_test(high_bytes_above_c1_pass_through),
	cmocka_unit_test(forged_record_stays_in_one_line),
	cmocka_unit_test(truncated_record_is_marked),
	cmocka_unit_test(buffer_below_bound_is_refused),
	cmocka_unit_test(every_type_fits_bound),
	cmocka_unit_test(longest_text_of_control_bytes_fits_bound),
	cmocka_unit_test(line_matches_reference),
	cmocka_unit_test(lone_byte_matches_reference),
};

int main(void)
{
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(logfmt_tests, NULL, NULL) ? 1 : 0;
}

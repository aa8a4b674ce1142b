// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/records.c: the records of a RECORDS message,
 * built here as the module builds them, and the log lines they make.
 */

#define _GNU_SOURCE		/* pipe2() */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/genl/genl.h>

#include <uapi/auditlite.h>

#include "batch_msg.h"
#include "records.h"
#include "unit.h"
#include "util.h"

static struct records rs;

static int parse(void)
{
	return records_parse(&rs, nlmsg_hdr(msg));
}

static void parse_reads_records_in_order(void **state)
{
	batch_msg_start(AUDITLITE_CMD_RECORDS);
	batch_msg_add(9, "op=a", 5, NONE);
	batch_msg_add(3, "op=b", 5, NONE);
	assert_int_equal(parse(), 0);
	assert_int_equal(rs.n, 2);
	assert_int_equal(rs.rec[0].serial, 9);
	assert_int_equal(rs.rec[1].serial, 3);
	assert_int_equal(rs.rec[0].type, 1316);
	assert_int_equal(rs.rec[0].sec, 1700000000);
	assert_int_equal(rs.rec[0].nsec, 5000000);
	assert_int_equal(rs.rec[0].len, 4);
	assert_memory_equal(rs.rec[0].text, "op=a", 4);
}

static void parse_keeps_every_byte_but_final_nul(void **state)
{
	batch_msg_start(AUDITLITE_CMD_RECORDS);
	batch_msg_add(1, "a\nb\x01\xff", 6, NONE);
	assert_int_equal(parse(), 0);
	assert_int_equal(rs.rec[0].len, 5);
	assert_memory_equal(rs.rec[0].text, "a\nb\x01\xff", 5);
}

static void parse_reads_flags(void **state)
{
	struct nlattr *nest;

	batch_msg_start(AUDITLITE_CMD_RECORDS);
	nest = nla_nest_start(msg, AUDITLITE_A_RECORD);
	nla_put_u64(msg, AUDITLITE_RECORD_A_SERIAL, 1);
	nla_put_u32(msg, AUDITLITE_RECORD_A_TYPE, 2000);
	nla_put_u64(msg, AUDITLITE_RECORD_A_SEC, 1);
	nla_put_u32(msg, AUDITLITE_RECORD_A_NSEC, 0);
	nla_put_u32(msg, AUDITLITE_RECORD_A_FLAGS,
		    AUDITLITE_RECORD_F_TRUNCATED);
	nla_put(msg, AUDITLITE_RECORD_A_TEXT, 1, "");
	nla_nest_end(msg, nest);
	assert_int_equal(parse(), 0);
	assert_int_equal(rs.rec[0].flags, AUDITLITE_RECORD_F_TRUNCATED);
	assert_int_equal(rs.rec[0].len, 0);
}

static void parse_does_not_need_cpu(void **state)
{
	batch_msg_start(AUDITLITE_CMD_RECORDS);
	batch_msg_add(1, "x", 2, AUDITLITE_RECORD_A_CPU);
	assert_int_equal(parse(), 0);
}

static void parse_refuses_record_missing_an_attribute(void **state)
{
	static const int required[] = {
		AUDITLITE_RECORD_A_SERIAL, AUDITLITE_RECORD_A_TYPE,
		AUDITLITE_RECORD_A_SEC, AUDITLITE_RECORD_A_NSEC,
		AUDITLITE_RECORD_A_FLAGS, AUDITLITE_RECORD_A_TEXT,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(required); i++) {
		batch_msg_start(AUDITLITE_CMD_RECORDS);
		batch_msg_add(1, "x", 2, NONE);
		batch_msg_add(2, "y", 2, required[i]);
		assert_int_equal(parse(), -EBADMSG);
	}
}

/* A malformed batch still tells which serials it held, for the log. */
static void parse_names_serials_of_malformed_batch(void **state)
{
	batch_msg_start(AUDITLITE_CMD_RECORDS);
	batch_msg_add(4, "a", 2, NONE);
	batch_msg_add(6, "b", 2, AUDITLITE_RECORD_A_TEXT);
	batch_msg_add(5, "c", 2, NONE);
	assert_int_equal(parse(), -EBADMSG);
	assert_int_equal(rs.nests, 3);
	assert_int_equal(rs.first, 4);
	assert_int_equal(rs.last, 6);
}

static void parse_refuses_text_without_nul(void **state)
{
	batch_msg_start(AUDITLITE_CMD_RECORDS);
	batch_msg_add(1, "abc", 3, NONE);
	assert_int_equal(parse(), -EBADMSG);
}

/*
 * A record of every attribute but the text holding ones, the text "",
 * attribute @odd put with @len bytes, or added so if no record attribute.
 */
static void add_record_with(int odd, size_t len)
{
	static const struct {
		int type;
		size_t len;
	} attrs[] = {
		{ AUDITLITE_RECORD_A_SERIAL, 8 }, { AUDITLITE_RECORD_A_TYPE, 4 },
		{ AUDITLITE_RECORD_A_SEC, 8 }, { AUDITLITE_RECORD_A_NSEC, 4 },
		{ AUDITLITE_RECORD_A_CPU, 4 }, { AUDITLITE_RECORD_A_FLAGS, 4 },
	};
	uint8_t ones[16];
	struct nlattr *nest;
	size_t i;

	memset(ones, 1, sizeof(ones));
	nest = nla_nest_start(msg, AUDITLITE_A_RECORD);
	for (i = 0; i < ARRAY_SIZE(attrs); i++)
		nla_put(msg, attrs[i].type,
			attrs[i].type == odd ? len : attrs[i].len, ones);
	if (odd > AUDITLITE_RECORD_A_MAX)
		nla_put(msg, odd, len, ones);
	nla_put(msg, AUDITLITE_RECORD_A_TEXT, 1, "");
	nla_nest_end(msg, nest);
}

/* Each number is exactly its size: the module sends nothing else. */
static void parse_refuses_number_of_another_size(void **state)
{
	static const int numbers[] = {
		AUDITLITE_RECORD_A_SERIAL, AUDITLITE_RECORD_A_TYPE,
		AUDITLITE_RECORD_A_SEC, AUDITLITE_RECORD_A_NSEC,
		AUDITLITE_RECORD_A_CPU, AUDITLITE_RECORD_A_FLAGS,
	};
	size_t i;

	batch_msg_start(AUDITLITE_CMD_RECORDS);
	add_record_with(NONE, 0);
	assert_int_equal(parse(), 0);
	assert_int_equal(rs.rec[0].serial, 0x0101010101010101ULL);

	for (i = 0; i < ARRAY_SIZE(numbers); i++) {
		batch_msg_start(AUDITLITE_CMD_RECORDS);
		add_record_with(numbers[i], 3);
		assert_int_equal(parse(), -EBADMSG);
		batch_msg_start(AUDITLITE_CMD_RECORDS);
		add_record_with(numbers[i], 12);
		assert_int_equal(parse(), -EBADMSG);
	}
}

/* An attribute the daemon does not know (a newer module's) is skipped. */
static void parse_skips_unknown_attribute(void **state)
{
	batch_msg_start(AUDITLITE_CMD_RECORDS);
	add_record_with(AUDITLITE_RECORD_A_MAX + 1, 5);
	assert_int_equal(parse(), 0);
	assert_int_equal(rs.n, 1);
	assert_int_equal(rs.rec[0].type, 0x01010101);
}

static void parse_refuses_other_command(void **state)
{
	batch_msg_start(AUDITLITE_CMD_GET_STATUS);
	batch_msg_add(1, "x", 2, NONE);
	assert_int_equal(parse(), -EBADMSG);
}

static void parse_refuses_batch_without_records(void **state)
{
	batch_msg_start(AUDITLITE_CMD_RECORDS);
	assert_int_equal(parse(), -EBADMSG);
}

static void parse_grows_past_first_capacity(void **state)
{
	size_t i;

	batch_msg_start(AUDITLITE_CMD_RECORDS);
	for (i = 1; i <= 1000; i++)
		batch_msg_add(i, "x", 2, NONE);
	assert_int_equal(parse(), 0);
	assert_int_equal(rs.n, 1000);
	assert_int_equal(rs.rec[999].serial, 1000);
}

static void parse_replaces_previous_batch(void **state)
{
	batch_msg_start(AUDITLITE_CMD_RECORDS);
	batch_msg_add(1, "x", 2, NONE);
	batch_msg_add(2, "y", 2, NONE);
	assert_int_equal(parse(), 0);
	batch_msg_start(AUDITLITE_CMD_RECORDS);
	batch_msg_add(3, "z", 2, NONE);
	assert_int_equal(parse(), 0);
	assert_int_equal(rs.n, 1);
	assert_int_equal(rs.rec[0].serial, 3);
}

static void outbuf_holds_lines_in_order(void **state)
{
	struct outbuf ob = { 0 };

	batch_msg_start(AUDITLITE_CMD_RECORDS);
	batch_msg_add(1, "op=a", 5, NONE);
	batch_msg_add(2, "op=\nb", 6, NONE);
	assert_int_equal(parse(), 0);
	assert_int_equal(outbuf_add(&ob, &rs.rec[0]), 0);
	assert_int_equal(outbuf_add(&ob, &rs.rec[1]), 0);
	assert_true(ob.len < ob.cap);
	ob.data[ob.len] = '\0';
	assert_string_equal(ob.data,
			    "type=KERNEL_OTHER msg=audit(1700000000.005:1): "
			    "op=a\n"
			    "type=KERNEL_OTHER msg=audit(1700000000.005:2): "
			    "op=\\x0Ab\n");
	outbuf_free(&ob);
}

static void outbuf_grows_for_longest_records(void **state)
{
	static char text[AUDITLITE_MESSAGE_TEXT_MAX];
	struct logfmt_record rec = {
		.type = 2000, .text = text, .len = sizeof(text),
	};
	struct outbuf ob = { 0 };
	int i;

	memset(text, '\n', sizeof(text));
	for (i = 0; i < 8; i++)
		assert_int_equal(outbuf_add(&ob, &rec), 0);
	assert_int_equal(ob.len,
			 8 * (sizeof("type=KERNEL msg=audit(0.000:0): ") - 1 +
			      4 * sizeof(text) + 1));
	outbuf_free(&ob);
}

static void outbuf_write_empties_buffer(void **state)
{
	struct logfmt_record rec = { .type = 2000, .text = "x", .len = 1 };
	struct outbuf ob = { 0 };
	char got[64] = "";
	int p[2];

	assert_int_equal(pipe(p), 0);
	assert_int_equal(outbuf_add(&ob, &rec), 0);
	assert_int_equal(outbuf_write(&ob, p[1]), 0);
	assert_int_equal(ob.len, 0);
	assert_int_equal(ob.done, 0);
	assert_true(read(p[0], got, sizeof(got) - 1) > 0);
	assert_string_equal(got, "type=KERNEL msg=audit(0.000:0): x\n");
	close(p[0]);
	close(p[1]);
	outbuf_free(&ob);
}

/* A full pipe stops a write midway: the rest follows, nothing twice. */
static void outbuf_write_resumes_where_it_stopped(void **state)
{
	static char text[4000], want[1 << 18], got[1 << 18];
	struct logfmt_record rec = {
		.type = 2000, .text = text, .len = sizeof(text),
	};
	struct outbuf ob = { 0 };
	size_t len, n = 0;
	ssize_t r;
	int p[2];
	int i;

	memset(text, 'a', sizeof(text));
	for (i = 0; i < 32; i++)
		assert_int_equal(outbuf_add(&ob, &rec), 0);
	len = ob.len;
	assert_true(len <= sizeof(want));
	memcpy(want, ob.data, len);

	assert_int_equal(pipe2(p, O_NONBLOCK), 0);
	/* before: 128 KiB to write, 64 KiB of room: stops with EAGAIN */
	assert_int_equal(outbuf_write(&ob, p[1]), -EAGAIN);
	assert_true(ob.done > 0);
	assert_true(ob.done < len);
	while (ob.len) {
		r = read(p[0], got + n, sizeof(got) - n);
		assert_true(r > 0);
		n += r;
		outbuf_write(&ob, p[1]);
	}
	while ((r = read(p[0], got + n, sizeof(got) - n)) > 0)
		n += r;
	close(p[0]);
	close(p[1]);
	outbuf_free(&ob);
	/* after: the pipe carried every byte once, in order */
	assert_int_equal(n, len);
	assert_memory_equal(got, want, len);
}

static const struct CMUnitTest records_tests[] = {
	cmocka_unit_test(parse_reads_records_in_order),
	cmocka_unit_test(parse_keeps_every_byte_but_final_nul),
	cmocka_unit_test(parse_reads_flags),
	cmocka_unit_test(parse_does_not_need_cpu),
	cmocka_unit_test(parse_refuses_record_missing_an_attribute),
	cmocka_unit_test(parse_names_serials_of_malformed_batch),
	cmocka_unit_test(parse_refuses_text_without_nul),
	cmocka_unit_test(parse_refuses_number_of_another_size),
	cmocka_unit_test(parse_skips_unknown_attribute),
	cmocka_unit_test(parse_refuses_other_command),
	cmocka_unit_test(parse_refuses_batch_without_records),
	cmocka_unit_test(parse_grows_past_first_capacity),
	cmocka_unit_test(parse_replaces_previous_batch),
	cmocka_unit_test(outbuf_holds_lines_in_order),
	cmocka_unit_test(outbuf_grows_for_longest_records),
	cmocka_unit_test(outbuf_write_empties_buffer),
	cmocka_unit_test(outbuf_write_resumes_where_it_stopped),
};

int main(void)
{
	int ret;

	cmocka_set_message_output(CM_OUTPUT_TAP);
	ret = cmocka_run_group_tests(records_tests, NULL, NULL);
	batch_msg_free();
	records_free(&rs);
	return ret ? 1 : 0;
}

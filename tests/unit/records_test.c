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

#include "records.h"
#include "tap.h"
#include "util.h"

/* Leave an attribute out of a record: any value but a record attribute. */
#define NONE	0

static struct nl_msg *msg;
static struct records rs;

static void start(uint8_t cmd)
{
	nlmsg_free(msg);
	msg = nlmsg_alloc_size(1 << 20);
	genlmsg_put(msg, 0, 0, 0x20, 0, 0, cmd, AUDITLITE_FAMILY_VERSION);
}

/* Add a record as the module does, but for attribute @skip. */
static void add(uint64_t serial, const char *text, size_t len, int skip)
{
	struct nlattr *nest = nla_nest_start(msg, AUDITLITE_A_RECORD);

	if (skip != AUDITLITE_RECORD_A_SERIAL)
		nla_put_u64(msg, AUDITLITE_RECORD_A_SERIAL, serial);
	if (skip != AUDITLITE_RECORD_A_TYPE)
		nla_put_u32(msg, AUDITLITE_RECORD_A_TYPE, 1316);
	if (skip != AUDITLITE_RECORD_A_SEC)
		nla_put_u64(msg, AUDITLITE_RECORD_A_SEC, 1700000000);
	if (skip != AUDITLITE_RECORD_A_NSEC)
		nla_put_u32(msg, AUDITLITE_RECORD_A_NSEC, 5000000);
	if (skip != AUDITLITE_RECORD_A_CPU)
		nla_put_u32(msg, AUDITLITE_RECORD_A_CPU, 1);
	if (skip != AUDITLITE_RECORD_A_FLAGS)
		nla_put_u32(msg, AUDITLITE_RECORD_A_FLAGS, 0);
	if (skip != AUDITLITE_RECORD_A_TEXT)
		nla_put(msg, AUDITLITE_RECORD_A_TEXT, len, text);
	nla_nest_end(msg, nest);
}

static int parse(void)
{
	return records_parse(&rs, nlmsg_hdr(msg));
}

static void parse_reads_records_in_order(void)
{
	start(AUDITLITE_CMD_RECORDS);
	add(9, "op=a", 5, NONE);
	add(3, "op=b", 5, NONE);
	TAP_CHECK(parse() == 0);
	TAP_CHECK(rs.n == 2);
	TAP_CHECK(rs.rec[0].serial == 9 && rs.rec[1].serial == 3);
	TAP_CHECK(rs.rec[0].type == 1316);
	TAP_CHECK(rs.rec[0].sec == 1700000000);
	TAP_CHECK(rs.rec[0].nsec == 5000000);
	TAP_CHECK(rs.rec[0].len == 4 && !memcmp(rs.rec[0].text, "op=a", 4));
}

static void parse_keeps_every_byte_but_final_nul(void)
{
	start(AUDITLITE_CMD_RECORDS);
	add(1, "a\nb\x01\xff", 6, NONE);
	TAP_CHECK(parse() == 0);
	TAP_CHECK(rs.rec[0].len == 5);
	TAP_CHECK(!memcmp(rs.rec[0].text, "a\nb\x01\xff", 5));
}

static void parse_reads_flags(void)
{
	struct nlattr *nest;

	start(AUDITLITE_CMD_RECORDS);
	nest = nla_nest_start(msg, AUDITLITE_A_RECORD);
	nla_put_u64(msg, AUDITLITE_RECORD_A_SERIAL, 1);
	nla_put_u32(msg, AUDITLITE_RECORD_A_TYPE, 2000);
	nla_put_u64(msg, AUDITLITE_RECORD_A_SEC, 1);
	nla_put_u32(msg, AUDITLITE_RECORD_A_NSEC, 0);
	nla_put_u32(msg, AUDITLITE_RECORD_A_FLAGS,
		    AUDITLITE_RECORD_F_TRUNCATED);
	nla_put(msg, AUDITLITE_RECORD_A_TEXT, 1, "");
	nla_nest_end(msg, nest);
	TAP_CHECK(parse() == 0);
	TAP_CHECK(rs.rec[0].flags == AUDITLITE_RECORD_F_TRUNCATED);
	TAP_CHECK(rs.rec[0].len == 0);
}

static void parse_does_not_need_cpu(void)
{
	start(AUDITLITE_CMD_RECORDS);
	add(1, "x", 2, AUDITLITE_RECORD_A_CPU);
	TAP_CHECK(parse() == 0);
}

static void parse_refuses_record_missing_an_attribute(void)
{
	static const int required[] = {
		AUDITLITE_RECORD_A_SERIAL, AUDITLITE_RECORD_A_TYPE,
		AUDITLITE_RECORD_A_SEC, AUDITLITE_RECORD_A_NSEC,
		AUDITLITE_RECORD_A_FLAGS, AUDITLITE_RECORD_A_TEXT,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(required); i++) {
		start(AUDITLITE_CMD_RECORDS);
		add(1, "x", 2, NONE);
		add(2, "y", 2, required[i]);
		TAP_CHECK(parse() == -EBADMSG);
	}
}

static void parse_refuses_text_without_nul(void)
{
	start(AUDITLITE_CMD_RECORDS);
	add(1, "abc", 3, NONE);
	TAP_CHECK(parse() == -EBADMSG);
}

static void parse_refuses_other_command(void)
{
	start(AUDITLITE_CMD_GET_STATUS);
	add(1, "x", 2, NONE);
	TAP_CHECK(parse() == -EBADMSG);
}

static void parse_refuses_batch_without_records(void)
{
	start(AUDITLITE_CMD_RECORDS);
	TAP_CHECK(parse() == -EBADMSG);
}

static void parse_grows_past_first_capacity(void)
{
	size_t i;

	start(AUDITLITE_CMD_RECORDS);
	for (i = 1; i <= 1000; i++)
		add(i, "x", 2, NONE);
	TAP_CHECK(parse() == 0);
	TAP_CHECK(rs.n == 1000);
	TAP_CHECK(rs.rec[999].serial == 1000);
}

static void parse_replaces_previous_batch(void)
{
	start(AUDITLITE_CMD_RECORDS);
	add(1, "x", 2, NONE);
	add(2, "y", 2, NONE);
	TAP_CHECK(parse() == 0);
	start(AUDITLITE_CMD_RECORDS);
	add(3, "z", 2, NONE);
	TAP_CHECK(parse() == 0);
	TAP_CHECK(rs.n == 1 && rs.rec[0].serial == 3);
}

static void outbuf_holds_lines_in_order(void)
{
	struct outbuf ob = { 0 };

	start(AUDITLITE_CMD_RECORDS);
	add(1, "op=a", 5, NONE);
	add(2, "op=\nb", 6, NONE);
	TAP_CHECK(parse() == 0);
	TAP_CHECK(outbuf_add(&ob, &rs.rec[0]) == 0);
	TAP_CHECK(outbuf_add(&ob, &rs.rec[1]) == 0);
	TAP_CHECK(ob.len < ob.cap);
	ob.data[ob.len] = '\0';
	TAP_CHECK_STR(ob.data,
		      "type=KERNEL_OTHER msg=audit(1700000000.005:1): op=a\n"
		      "type=KERNEL_OTHER msg=audit(1700000000.005:2): "
		      "op=\\x0Ab\n");
	outbuf_free(&ob);
}

static void outbuf_grows_for_longest_records(void)
{
	static char text[AUDITLITE_MESSAGE_TEXT_MAX];
	struct logfmt_record rec = {
		.type = 2000, .text = text, .len = sizeof(text),
	};
	struct outbuf ob = { 0 };
	int i;

	memset(text, '\n', sizeof(text));
	for (i = 0; i < 8; i++)
		TAP_CHECK(outbuf_add(&ob, &rec) == 0);
	TAP_CHECK(ob.len == 8 * (sizeof("type=KERNEL msg=audit(0.000:0): ")
				 - 1 + 4 * sizeof(text) + 1));
	outbuf_free(&ob);
}

static void outbuf_write_empties_buffer(void)
{
	struct logfmt_record rec = { .type = 2000, .text = "x", .len = 1 };
	struct outbuf ob = { 0 };
	char got[64] = "";
	int p[2];

	TAP_CHECK(pipe(p) == 0);
	TAP_CHECK(outbuf_add(&ob, &rec) == 0);
	TAP_CHECK(outbuf_write(&ob, p[1]) == 0);
	TAP_CHECK(ob.len == 0 && ob.done == 0);
	TAP_CHECK(read(p[0], got, sizeof(got) - 1) > 0);
	TAP_CHECK_STR(got, "type=KERNEL msg=audit(0.000:0): x\n");
	close(p[0]);
	close(p[1]);
	outbuf_free(&ob);
}

/* A full pipe stops a write midway: the rest follows, nothing twice. */
static void outbuf_write_resumes_where_it_stopped(void)
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
		TAP_CHECK(outbuf_add(&ob, &rec) == 0);
	len = ob.len;
	TAP_CHECK(len <= sizeof(want));
	memcpy(want, ob.data, len);

	TAP_CHECK(pipe2(p, O_NONBLOCK) == 0);
	/* before: 128 KiB to write, 64 KiB of room: stops with EAGAIN */
	TAP_CHECK(outbuf_write(&ob, p[1]) == -EAGAIN);
	TAP_CHECK(ob.done > 0 && ob.done < len);
	while (ob.len) {
		r = read(p[0], got + n, sizeof(got) - n);
		TAP_CHECK(r > 0);
		n += r;
		outbuf_write(&ob, p[1]);
	}
	while ((r = read(p[0], got + n, sizeof(got) - n)) > 0)
		n += r;
	close(p[0]);
	close(p[1]);
	outbuf_free(&ob);
	/* after: the pipe carried every byte once, in order */
	TAP_CHECK(n == len);
	TAP_CHECK(!memcmp(got, want, len));
}

static const struct tap_case cases[] = {
	TAP_CASE(parse_reads_records_in_order),
	TAP_CASE(parse_keeps_every_byte_but_final_nul),
	TAP_CASE(parse_reads_flags),
	TAP_CASE(parse_does_not_need_cpu),
	TAP_CASE(parse_refuses_record_missing_an_attribute),
	TAP_CASE(parse_refuses_text_without_nul),
	TAP_CASE(parse_refuses_other_command),
	TAP_CASE(parse_refuses_batch_without_records),
	TAP_CASE(parse_grows_past_first_capacity),
	TAP_CASE(parse_replaces_previous_batch),
	TAP_CASE(outbuf_holds_lines_in_order),
	TAP_CASE(outbuf_grows_for_longest_records),
	TAP_CASE(outbuf_write_empties_buffer),
	TAP_CASE(outbuf_write_resumes_where_it_stopped),
};

int main(void)
{
	int ret = TAP_RUN(cases);

	nlmsg_free(msg);
	records_free(&rs);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * RECORDS messages for the unit tests, built as the module builds them,
 * and records and the log lines the daemon makes of them.
 */

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <netlink/genl/genl.h>

#include <uapi/auditlite.h>

#include "batch_msg.h"

/* The message being built, or NULL. */
struct nl_msg *msg;

/* A new message of command @cmd, room for @size bytes; the last one freed. */
void batch_msg_start_size(uint8_t cmd, size_t size)
{
	nlmsg_free(msg);
	msg = nlmsg_alloc_size(size);
	genlmsg_put(msg, 0, 0, BATCH_MSG_FAMILY, 0, 0, cmd,
		    AUDITLITE_FAMILY_VERSION);
}

/* A new message of command @cmd, with room for any test's records. */
void batch_msg_start(uint8_t cmd)
{
	batch_msg_start_size(cmd, 1 << 20);
}

/* Add a record as the module does, but for attribute @skip. */
void batch_msg_add(uint64_t serial, const char *text, size_t len, int skip)
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

void batch_msg_free(void)
{
	nlmsg_free(msg);
	msg = NULL;
}

/* A record as the kernel sends it: serial @serial at second @serial. */
struct logfmt_record batch_msg_record(uint64_t serial)
{
	struct logfmt_record rec = {
		.serial = serial, .type = 2000, .sec = serial,
		.text = "op=test", .len = 7,
	};

	return rec;
}

/*
 * The log lines of batch_msg_record()s @first to @last, in a buffer of
 * its own that the next call overwrites; NULL if they do not fit.
 */
char *batch_msg_lines(uint64_t first, uint64_t last)
{
	static char lines[1 << 16];
	size_t len = 0;

	lines[0] = '\0';
	for (; first <= last; first++) {
		len += snprintf(lines + len, sizeof(lines) - len,
				"type=KERNEL msg=audit(%llu.000:%llu): "
				"op=test\n", (unsigned long long)first,
				(unsigned long long)first);
		if (len >= sizeof(lines))
			return NULL;
	}
	return lines;
}

/* Read the file at @path into @buf, NUL-terminated: its length or -1. */
ssize_t batch_msg_read_log(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

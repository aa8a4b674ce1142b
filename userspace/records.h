/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: the records of an AUDITLITE_CMD_RECORDS message,
 * and the log lines they make, for auditd-lite and auditlitectl tail.
 */

#ifndef AUDITLITE_RECORDS_H
#define AUDITLITE_RECORDS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <netlink/msg.h>

#include "logfmt.h"

/* A batch; texts point into the message it was parsed from. */
struct records {
	struct logfmt_record *rec;
	size_t n;
	size_t cap;
	size_t nests;		/* records in the message, good or not */
	uint64_t first;		/* lowest serial read, 0 if none */
	uint64_t last;		/* highest */
};

/* Log lines formatted and not yet all written. */
struct outbuf {
	char *data;
	size_t len;		/* bytes formatted */
	size_t done;		/* of which written */
	size_t cap;
};

int records_parse(struct records *rs, struct nlmsghdr *nlh);
void records_free(struct records *rs);

int outbuf_add(struct outbuf *ob, const struct logfmt_record *rec);
int outbuf_write_with(struct outbuf *ob, int fd,
		      ssize_t (*wr)(int fd, const void *buf, size_t len));
int outbuf_write(struct outbuf *ob, int fd);
void outbuf_free(struct outbuf *ob);

#endif /* AUDITLITE_RECORDS_H */

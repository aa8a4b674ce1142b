/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: dropping records that the kernel sends again after
 * a restart but that the log already holds.
 *
 * The module keeps every record until the daemon acks it and, when a new
 * daemon registers, sends the unacked ones again first, in the order it
 * first sent them. auditd-lite writes records in that order and acks them
 * once synced, so what a dead daemon wrote but did not ack is the last
 * record lines of its log, at most WRITER_WINDOW bytes of them (writer.h),
 * and the replay starts with them, in the same order, in batches that may
 * be cut elsewhere. So the ids of the record lines at the end of the log
 * are kept: if the first replayed record is among them, the replay is
 * dropped for as long as it goes on matching them one by one; if it is
 * not, nothing in it or after it was logged.
 *
 * A record is known by its id audit(SEC.MSEC:SERIAL), the whole of it:
 * serials start again at 1 when the module is loaded again, but the time
 * does not.
 */

#ifndef AUDITLITE_DEDUP_H
#define AUDITLITE_DEDUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "logfmt.h"

/* The id of a record line: msg=audit(SEC.MSEC:SERIAL). */
struct logid {
	uint64_t sec;
	uint32_t msec;
	uint64_t serial;
	bool own;		/* a DAEMON_ record, the daemon's own */
};

struct dedup {
	bool armed;		/* the replay may still hold logged records */
	bool matching;		/* the replay has matched ids[next - 1] */
	struct logid *ids;	/* of the record lines at the end of the log */
	size_t n;
	size_t next;
	uint64_t last_own;	/* the highest serial of the daemon's own */
};

bool logid_parse(const char *line, size_t len, struct logid *id);
int dedup_arm(struct dedup *dd, const char *buf, size_t len);
size_t dedup_batch(struct dedup *dd, const struct logfmt_record *rec,
		   size_t n);
void dedup_disarm(struct dedup *dd);

#endif /* AUDITLITE_DEDUP_H */

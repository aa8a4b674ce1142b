/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: dropping records that the kernel sends again after
 * a restart but that the log already holds.
 *
 * The module keeps every record until the daemon acks it and, when a new
 * daemon registers, sends the unacked ones again first, in the order it
 * first sent them. auditd-lite writes records in that order and acks a
 * batch right after writing it, before it reads the next one, so what a
 * dead daemon wrote but did not ack is the head of one batch it received.
 * The replay starts with that same record and the module packs batches to
 * the same size, so the first replayed batch holds all of it: the records
 * already logged are those of the first batch up to the one whose id is
 * the id of the last record line of the log. If the first batch holds no
 * such record, nothing in it or after it was logged.
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
};

struct dedup {
	bool armed;		/* the first batch is still to come */
	struct logid last;	/* id of the last record line in the log */
};

bool logid_parse(const char *line, size_t len, struct logid *id);
bool logid_last(const char *buf, size_t len, struct logid *id);
size_t dedup_batch(struct dedup *dd, const struct logfmt_record *rec,
		   size_t n);

#endif /* AUDITLITE_DEDUP_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RECORDS messages for the unit tests, built as the module builds them,
 * and records and the log lines the daemon makes of them.
 */

#ifndef AUDITLITE_BATCH_MSG_H
#define AUDITLITE_BATCH_MSG_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <netlink/msg.h>

#include "logfmt.h"

/* Leave an attribute out of a record: any value but a record attribute. */
#define NONE	0

/* The family id the messages carry as their type. */
#define BATCH_MSG_FAMILY	0x20

extern struct nl_msg *msg;

void batch_msg_start_size(uint8_t cmd, size_t size);
void batch_msg_start(uint8_t cmd);
void batch_msg_add(uint64_t serial, const char *text, size_t len, int skip);
void batch_msg_free(void);

struct logfmt_record batch_msg_record(uint64_t serial);
char *batch_msg_lines(uint64_t first, uint64_t last);
ssize_t batch_msg_read_log(const char *path, char *buf, size_t size);

#endif /* AUDITLITE_BATCH_MSG_H */

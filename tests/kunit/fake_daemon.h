/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A daemon for the KUnit suites: a kernel netlink socket that registers
 * with auditlite, receives its batches and acks them.
 */
#ifndef _AUDITLITE_FAKE_DAEMON_H
#define _AUDITLITE_FAKE_DAEMON_H

#include <kunit/test.h>
#include <linux/types.h>

#define FAKE_DAEMON_MAX_RECORDS	4096
#define FAKE_DAEMON_TEXT	160

struct fake_record {
	u64 serial;
	u32 type;
	u32 flags;
	u32 cpu;
	char text[FAKE_DAEMON_TEXT];
};

/**
 * struct fake_daemon - a netlink socket standing in for auditd-lite
 * @sock: the socket, bound to @portid
 * @portid: its port id
 * @records: every record received, in the order received
 * @count: records in @records
 * @buf: receive buffer
 *
 * Description: used by one test thread at a time; no lock.
 */
struct fake_daemon {
	struct socket *sock;
	u32 portid;
	struct fake_record *records;
	unsigned int count;
	void *buf;
};

struct fake_daemon *fake_daemon_open(struct kunit *test);
void fake_daemon_close(struct fake_daemon *fd);
int fake_daemon_register(struct fake_daemon *fd);
int fake_daemon_register_current(struct fake_daemon *fd);
unsigned int fake_daemon_receive(struct kunit *test, struct fake_daemon *fd,
				 unsigned int want, unsigned int timeout_ms);
int fake_daemon_ack(struct fake_daemon *fd, u64 serial);
void fake_daemon_settle(struct kunit *test, struct fake_daemon *fd);
/**
 * struct fake_status - auditlite's counters
 * @backlog: records held
 * @backlog_high_water: most records held at once
 * @lost: records lost
 * @wait_time_actual: ms callers waited for room
 * @sent: records sent to a daemon
 * @acked: records acked
 */
struct fake_status {
	u32 backlog;
	u32 backlog_high_water;
	u64 lost;
	u64 wait_time_actual;
	u64 sent;
	u64 acked;
};

struct auditlite_buffer;

void fake_status(struct fake_status *st);
void fake_hold_records(struct kunit *test, struct auditlite_buffer **abs, int n);
void fake_end_records(struct auditlite_buffer **abs, int n);
bool fake_slab_fails_for_current(void);
u64 fake_backlog(void);
u64 fake_lost(void);

#endif /* _AUDITLITE_FAKE_DAEMON_H */

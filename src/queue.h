/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AUDITLITE_QUEUE_H
#define _AUDITLITE_QUEUE_H

#include <linux/types.h>

struct netlink_ext_ack;

/**
 * struct auditlite_status - a snapshot of the queues and counters
 * @portid: the daemon's netlink port id, 0 when none is registered
 * @pid: the daemon's pid
 * @backlog: records held now (being written, queued, pending, unacked)
 * @backlog_high_water: most records ever held at once
 * @lost: records dropped and counted
 * @sent: records sent to a daemon, replays included
 * @acked: records a daemon acknowledged
 * @wait_time_actual: ms callers have waited for room in the backlog
 */
struct auditlite_status {
	u32 portid;
	pid_t pid;
	u32 backlog;
	u32 backlog_high_water;
	u64 lost;
	u64 sent;
	u64 acked;
	u64 wait_time_actual;
};

int auditlite_queue_init(void);
void auditlite_queue_flush(void);
void auditlite_queue_exit(void);

int auditlite_queue_register(u32 portid, pid_t pid, pid_t *old_pid,
			     struct netlink_ext_ack *extack);
void auditlite_queue_unregister(u32 portid);
int auditlite_queue_ack(u32 portid, u64 serial, struct netlink_ext_ack *extack);
void auditlite_queue_status(struct auditlite_status *st);
unsigned int auditlite_queue_depth(unsigned int cpu);
u64 auditlite_queue_reset_lost(void);

#endif /* _AUDITLITE_QUEUE_H */

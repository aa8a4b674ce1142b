/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AUDITLITE_DELIVERY_H
#define _AUDITLITE_DELIVERY_H

#include <linux/types.h>

struct netlink_ext_ack;

/**
 * struct auditlite_delivery_status - the daemon and the delivery counters
 * @portid: the daemon's netlink port id, 0 when none is registered
 * @pid: the daemon's pid, as the asking process sees it
 * @sent: records sent to a daemon, replays included
 * @acked: records a daemon acknowledged
 */
struct auditlite_delivery_status {
	u32 portid;
	pid_t pid;
	u64 sent;
	u64 acked;
};

void auditlite_delivery_init(void);
void auditlite_delivery_flush(void);
void auditlite_delivery_stop(void);
void auditlite_delivery_exit(void);

void auditlite_delivery_kick(void);
void auditlite_delivery_kick_soon(void);
bool auditlite_delivery_is_daemon(void);

int auditlite_delivery_register(u32 portid, pid_t *old_pid,
				struct netlink_ext_ack *extack);
void auditlite_delivery_unregister(u32 portid);
int auditlite_delivery_ack(u32 portid, u64 serial,
			   struct netlink_ext_ack *extack);
void auditlite_delivery_status(struct auditlite_delivery_status *st);

#endif /* _AUDITLITE_DELIVERY_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AUDITLITE_BACKLOG_H
#define _AUDITLITE_BACKLOG_H

#include <linux/gfp.h>
#include <linux/types.h>

struct list_head;

/**
 * enum auditlite_admission - how a record asks for a place in the backlog
 * @AUDITLITE_ADMIT_NOWAIT: within the limit, or lost
 * @AUDITLITE_ADMIT_WAIT: within the limit, waiting up to backlog_wait_time
 *	for room
 * @AUDITLITE_ADMIT_CONTROL: a record of the module's own configuration:
 *	never waits, never rate limited, admitted up to
 *	AUDITLITE_CONTROL_SLACK records past the limit
 */
enum auditlite_admission {
	AUDITLITE_ADMIT_NOWAIT,
	AUDITLITE_ADMIT_WAIT,
	AUDITLITE_ADMIT_CONTROL,
};

/**
 * struct auditlite_backlog_status - the backlog's counters
 * @backlog: records held now (being written, queued, pending, unacked)
 * @backlog_high_water: most records ever held at once
 * @lost: records dropped and counted
 * @wait_time_actual: ms callers have waited for room in the backlog
 */
struct auditlite_backlog_status {
	u32 backlog;
	u32 backlog_high_water;
	u64 lost;
	u64 wait_time_actual;
};

bool auditlite_rate_check(void);
bool auditlite_backlog_admit(enum auditlite_admission how);
void auditlite_backlog_release_list(struct list_head *list);
void auditlite_backlog_lost(const char *why, unsigned int n);
s64 auditlite_backlog_unreported(void);
s64 auditlite_backlog_take_unreported(void);
void auditlite_backlog_put_back_unreported(s64 n);
void auditlite_backlog_status(struct auditlite_backlog_status *st);
u64 auditlite_backlog_reset_lost(void);

#endif /* _AUDITLITE_BACKLOG_H */

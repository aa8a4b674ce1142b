/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: when auditd-lite suspends, resumes and takes its
 * actions.
 *
 * A suspension has one or more reasons, each cleared only by its own
 * condition: space_limit and disk_full when free space is back (disk_full
 * only once there is room for what waits), max_log_file by a new log,
 * exec by the end of the program it runs, disk_error by SIGUSR2, which an
 * admin sends to resume whatever the reasons. The daemon writes again once none is left.
 */

#ifndef AUDITLITE_POLICY_H
#define AUDITLITE_POLICY_H

#include <stdbool.h>
#include <stddef.h>

enum policy_reason {
	POLICY_SPACE,		/* space_limit */
	POLICY_LOG_SIZE,	/* max_log_file */
	POLICY_DISK_FULL,
	POLICY_DISK_ERROR,
	POLICY_EXEC,		/* an exec action runs, the log closed */
	POLICY_REASONS,
};

#define POLICY_BIT(r)	(1U << (r))
#define POLICY_ALL	(POLICY_BIT(POLICY_REASONS) - 1)

/*
 * Free space must be back this many points above a threshold before its
 * action can be taken again: free space hovering at the threshold does
 * not run an action again and again.
 */
#define POLICY_HYSTERESIS	1

/* How free space went, against one threshold, since it was looked at. */
enum policy_space {
	POLICY_SPACE_SAME,
	POLICY_SPACE_LOW,	/* fell below: take the action */
	POLICY_SPACE_BACK,	/* came back, past the hysteresis */
};

/* A free-space threshold (space_left, space_limit) and where space is. */
struct policy_threshold {
	bool low;		/* below it, action taken */
};

struct policy {
	unsigned int suspended;	/* POLICY_BIT()s of the reasons */
	struct policy_threshold left;	/* space_left */
	struct policy_threshold limit;	/* space_limit */
	bool size_noted;	/* max_log_file_action taken for this log */
	bool failing;		/* in a spell of failed writes or syncs */
};

const char *policy_reason_name(enum policy_reason r);
size_t policy_names(unsigned int set, char *buf, size_t len);
void policy_suspend(struct policy *p, enum policy_reason r);
unsigned int policy_resume(struct policy *p, unsigned int set);
enum policy_space policy_threshold(struct policy_threshold *t,
				   unsigned long long avail,
				   unsigned long long total, unsigned int percent);
bool policy_has_room(unsigned long long avail, unsigned long long total,
		     unsigned int percent);
bool policy_size(struct policy *p, bool over);
bool policy_failed(struct policy *p);
bool policy_succeeded(struct policy *p);
void policy_new_log(struct policy *p, bool moved);

#endif /* AUDITLITE_POLICY_H */

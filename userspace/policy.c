// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: when auditd-lite suspends, resumes and takes its
 * actions (see policy.h). The decisions only: the daemon acts on them.
 */

#include <stdio.h>

#include "policy.h"
#include "util.h"

static const char *const policy_reason_names[] = {
	[POLICY_SPACE] = "space_limit",
	[POLICY_LOG_SIZE] = "max_log_file",
	[POLICY_DISK_FULL] = "disk_full",
	[POLICY_DISK_ERROR] = "disk_error",
	[POLICY_EXEC] = "exec",
};

/**
 * policy_reason_name - the name of @r in messages and records
 * @r: a reason
 */
const char *policy_reason_name(enum policy_reason r)
{
	return policy_reason_names[r];
}

/**
 * policy_names - the names of the reasons in @set, comma-separated
 * @set: POLICY_BIT()s
 * @buf: for the names, "none" if @set is empty
 * @len: its size; the names of all reasons fit in 64 bytes
 *
 * Returns the length written, as snprintf().
 */
size_t policy_names(unsigned int set, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int r;

	buf[0] = '\0';
	for (r = 0; r < POLICY_REASONS; r++)
		if (set & POLICY_BIT(r))
			n += snprintf(buf + n, n < len ? len - n : 0, "%s%s",
				      n ? "," : "", policy_reason_names[r]);
	if (!n)
		n = snprintf(buf, len, "none");
	return n;
}

/**
 * policy_suspend - suspend, or stay suspended, for @r too
 * @p: the policy
 * @r: the reason
 */
void policy_suspend(struct policy *p, enum policy_reason r)
{
	p->suspended |= POLICY_BIT(r);
}

/**
 * policy_resume - clear the reasons in @set whose condition has come
 * @p: the policy
 * @set: POLICY_BIT()s
 *
 * A resume also ends a spell of failures: the next one is a new spell, and
 * its action is taken again.
 * Returns the reasons that were set and are now cleared.
 */
unsigned int policy_resume(struct policy *p, unsigned int set)
{
	unsigned int cleared = p->suspended & set;

	p->suspended &= ~cleared;
	if (cleared)
		p->failing = false;
	return cleared;
}

/**
 * policy_has_room - whether free space is back above a threshold
 * @avail: bytes free
 * @total: bytes in all
 * @percent: the threshold
 *
 * Back means POLICY_HYSTERESIS points above it.
 */
bool policy_has_room(unsigned long long avail, unsigned long long total,
		     unsigned int percent)
{
	return avail * 100 >= total * (percent + POLICY_HYSTERESIS);
}

/**
 * policy_threshold - note where free space is against a threshold
 * @t: the threshold's state
 * @avail: bytes free
 * @total: bytes in all
 * @percent: the threshold, a percentage of @total; 0 is none
 *
 * The action is once per fall below the threshold, again only after free
 * space has been back POLICY_HYSTERESIS points above it.
 */
enum policy_space policy_threshold(struct policy_threshold *t,
				   unsigned long long avail,
				   unsigned long long total, unsigned int percent)
{
	if (!t->low && percent && avail * 100 < total * percent) {
		t->low = true;
		return POLICY_SPACE_LOW;
	}
	if (t->low && (!percent || policy_has_room(avail, total, percent))) {
		t->low = false;
		return POLICY_SPACE_BACK;
	}
	return POLICY_SPACE_SAME;
}

/**
 * policy_size - whether max_log_file_action is to be taken now
 * @p: the policy
 * @over: the log has reached max_log_file
 *
 * Once per log.
 */
bool policy_size(struct policy *p, bool over)
{
	if (!over || p->size_noted)
		return false;
	p->size_noted = true;
	return true;
}

/**
 * policy_failed - a write or sync failed: whether to take the action now
 * @p: the policy
 *
 * Once per spell of failures, not once per retry.
 */
bool policy_failed(struct policy *p)
{
	bool first = !p->failing;

	p->failing = true;
	return first;
}

/**
 * policy_succeeded - a write or sync succeeded: whether it ends a spell
 * @p: the policy
 */
bool policy_succeeded(struct policy *p)
{
	bool ended = p->failing;

	p->failing = false;
	return ended;
}

/**
 * policy_new_log - the log is a new file, by rotation or a new log_file
 * @p: the policy
 * @moved: it is at another path, maybe on another filesystem
 *
 * Its size is looked at anew, and if @moved its filesystem's space too:
 * their actions may be taken again. A suspension for max_log_file is the
 * caller's to clear.
 */
void policy_new_log(struct policy *p, bool moved)
{
	p->size_noted = false;
	if (moved) {
		p->left.low = false;
		p->limit.low = false;
	}
}

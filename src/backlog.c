// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite backlog: how many records the module holds, and what happens
 * to those it cannot.
 *
 * The backlog counts every record from auditlite_log_start() until it is
 * freed, wherever it is. Over backlog_limit, a caller that may sleep waits
 * up to backlog_wait_time for room; any other record is dropped and
 * counted in lost, and the delivery reports the loss in-band. Records of
 * the module's own configuration never wait: they are logged from
 * Generic Netlink handlers, under genl_mutex, where waiting would stall
 * every family and the very ack that makes room.
 *
 * The backlog is not counted on its own: a record holds a buffer from
 * start to free, and the buffers held are the serials handed out less the
 * buffers freed (auditlite_buffer_held()), so that a new record writes no
 * shared count but its serial. A record is admitted on that count and
 * takes its serial a moment later: records started at the same instant on
 * other CPUs may each have been admitted on the count before, so the
 * backlog can pass the limit by as many records as are being started at
 * once, at most three a CPU (a task, a softirq and a hard interrupt).
 * An ack frees a batch or more of records and counts them with one
 * atomic. The most ever held is noted where a buffer takes its serial,
 * whatever holds it: the in-band lost record is never admitted.
 */

#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include <uapi/auditlite.h>

#include "backlog.h"
#include "buffer.h"
#include "main.h"

/*
 * How far past backlog_limit records of configuration changes are still
 * admitted: enough for the changes a SET makes at once, bounded so that
 * no sequence of requests grows the backlog without limit.
 */
#define AUDITLITE_CONTROL_SLACK		64

/* Records dropped since load or the last reset. */
static atomic64_t auditlite_lost = ATOMIC64_INIT(0);
/* Records dropped since the last in-band lost record was queued. */
static atomic64_t auditlite_lost_unreported = ATOMIC64_INIT(0);
/* Milliseconds callers have spent waiting for room in the backlog. */
static atomic64_t auditlite_wait_time_actual = ATOMIC64_INIT(0);

/* Callers waiting for room in the backlog; woken as records are freed. */
static DECLARE_WAIT_QUEUE_HEAD(auditlite_backlog_wait);

/*
 * Rate limiting, as the kernel's audit_rate_check(). NOTE: a raw spinlock
 * taken with interrupts off, since callers come from any context, hard
 * interrupts on PREEMPT_RT included; only taken when a limit is set.
 */
static DEFINE_RAW_SPINLOCK(auditlite_rate_lock);
static unsigned long auditlite_rate_window;
static unsigned int auditlite_rate_count;

/**
 * auditlite_rate_check - whether one more record fits the rate limit
 *
 * Context: any but NMI.
 * Return: true if it does, and it is counted.
 */
bool auditlite_rate_check(void)
{
	u32 limit = READ_ONCE(auditlite_settings.rate_limit);
	unsigned long flags;
	bool ok;

	if (!limit)
		return true;

	raw_spin_lock_irqsave(&auditlite_rate_lock, flags);
	if (time_after_eq(jiffies, auditlite_rate_window + HZ)) {
		auditlite_rate_window = jiffies;
		auditlite_rate_count = 0;
	}
	ok = auditlite_rate_count < limit;
	if (ok)
		auditlite_rate_count++;
	raw_spin_unlock_irqrestore(&auditlite_rate_lock, flags);
	return ok;
}

/**
 * auditlite_backlog_lost - count records dropped, and act on the loss
 * @why: the reason, for the log
 * @n: how many
 *
 * The delivery reports what is counted here in-band; the caller has it
 * drained.
 *
 * Context: any but NMI.
 */
void auditlite_backlog_lost(const char *why, unsigned int n)
{
	s64 lost;

	lost = atomic64_add_return(n, &auditlite_lost);
	atomic64_add(n, &auditlite_lost_unreported);

	switch (READ_ONCE(auditlite_settings.failure)) {
	case AUDITLITE_FAIL_SILENT:
		break;
	case AUDITLITE_FAIL_PRINTK:
		pr_warn_ratelimited("%u record(s) lost (%s), %lld lost in all\n",
				    n, why, lost);
		break;
	case AUDITLITE_FAIL_PANIC:
		panic("auditlite: record lost (%s)\n", why);
	}
}

/**
 * auditlite_backlog_unreported - losses not yet reported in-band
 *
 * Context: any.
 * Return: their number.
 */
s64 auditlite_backlog_unreported(void)
{
	return atomic64_read(&auditlite_lost_unreported);
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_backlog_unreported);

/**
 * auditlite_backlog_take_unreported - take the losses to report in-band
 *
 * Context: any.
 * Return: their number, zero from now on.
 */
s64 auditlite_backlog_take_unreported(void)
{
	return atomic64_xchg(&auditlite_lost_unreported, 0);
}

/**
 * auditlite_backlog_put_back_unreported - losses that could not be reported
 * @n: what auditlite_backlog_take_unreported() gave
 *
 * Context: any.
 */
void auditlite_backlog_put_back_unreported(s64 n)
{
	atomic64_add(n, &auditlite_lost_unreported);
}

/* Whether @limit (0 for none) has room for one more record. */
static bool auditlite_backlog_take(u32 limit)
{
	return !limit || auditlite_buffer_held() < limit;
}

/**
 * auditlite_backlog_admit - take a place in the backlog for a new record
 * @how: whether it may wait for one, or is a record of configuration
 *
 * Context: any but NMI; process context for AUDITLITE_ADMIT_WAIT.
 * Return: true if the record is held, false if it must be dropped.
 */
bool auditlite_backlog_admit(enum auditlite_admission how)
{
	u32 limit = READ_ONCE(auditlite_settings.backlog_limit);
	unsigned long start;
	long left;
	bool ok;

	if (how == AUDITLITE_ADMIT_CONTROL)
		return auditlite_backlog_take(limit ? limit + AUDITLITE_CONTROL_SLACK : 0);
	if (auditlite_backlog_take(limit))
		return true;
	if (how != AUDITLITE_ADMIT_WAIT)
		return false;

	left = msecs_to_jiffies(READ_ONCE(auditlite_settings.backlog_wait_time));
	if (!left)
		return false;

	start = jiffies;
	do {
		left = wait_event_timeout(auditlite_backlog_wait,
					  auditlite_buffer_held() < limit,
					  left);
		ok = auditlite_backlog_take(limit);
	} while (!ok && left);
	atomic64_add(jiffies_to_msecs(jiffies - start),
		     &auditlite_wait_time_actual);
	return ok;
}

/**
 * auditlite_backlog_release_list - free every record on @list, give their places back
 * @list: linked through their @list
 *
 * Context: any but hard interrupt.
 */
void auditlite_backlog_release_list(struct list_head *list)
{
	auditlite_buffer_free_list(list);
	if (wq_has_sleeper(&auditlite_backlog_wait))
		wake_up(&auditlite_backlog_wait);
}

/**
 * auditlite_backlog_status - take a snapshot of the backlog's counters
 * @st: filled in
 *
 * Context: any.
 */
void auditlite_backlog_status(struct auditlite_backlog_status *st)
{
	st->backlog = auditlite_buffer_held();
	st->backlog_high_water = auditlite_buffer_high_water();
	st->lost = atomic64_read(&auditlite_lost);
	st->wait_time_actual = atomic64_read(&auditlite_wait_time_actual);
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_backlog_status);

/**
 * auditlite_backlog_reset_lost - zero the lost counter
 *
 * Context: any.
 * Return: its value before.
 */
u64 auditlite_backlog_reset_lost(void)
{
	return atomic64_xchg(&auditlite_lost, 0);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite queues, backlog and delivery.
 *
 * auditlite_log_end() pushes a record onto its CPU's lock-free list and
 * schedules the drain tasklet: no lock, no allocation, safe in hardirq. The
 * tasklet takes every CPU's list, orders the records by serial and appends
 * them to the pending list, then sends pending records to the daemon in
 * batches. A sent record moves to the unacked list and is freed only when
 * the daemon acknowledges it as durably written; a daemon that registers
 * gets every unacked record again, before anything newer.
 *
 * The backlog counts every record the module holds, from
 * auditlite_log_start() until it is freed. Over backlog_limit, a caller that
 * may sleep waits up to backlog_wait_time for room; any other record is
 * dropped and counted in lost, and the next batch delivered starts with a
 * record saying how many were lost.
 */

#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/list_sort.h>
#include <linux/llist.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <net/netlink.h>
#include <uapi/linux/audit.h>

#include <auditlite/auditlite.h>
#include <uapi/auditlite.h>

#include "buffer.h"
#include "main.h"
#include "netlink.h"
#include "queue.h"

/* How soon a batch the daemon had no room for is tried again. */
#define AUDITLITE_RETRY_MS		10

/* How long unloading waits for a live daemon to ack what is held. */
#define AUDITLITE_FLUSH_MS		2000

/**
 * struct auditlite_cpu_queue - records ended on one CPU, not yet drained
 * @records: lock-free; auditlite_log_end() adds, the tasklet takes all
 * @depth: records on @records, for status only
 */
struct auditlite_cpu_queue {
	struct llist_head records;
	atomic_t depth;
};

static DEFINE_PER_CPU(struct auditlite_cpu_queue, auditlite_cpu_queues);

/**
 * struct auditlite_delivery - records on their way to the daemon
 * @lock: protects every other field. NOTE: process context (genetlink
 *	handlers, the netlink notifier, unload) takes it with spin_lock_bh(),
 *	the drain tasklet with spin_lock(); hardirq never takes it, callers
 *	only touch the per-CPU lists.
 * @pending: drained records not yet sent, in the order they will be sent
 * @unacked: sent records awaiting the daemon's ack, in the order sent
 * @lost_record: the in-band lost record until the daemon acks it: while
 *	it is pending, later losses are added to it; once sent, they wait
 *	for its ack, so that a daemon that stops reading gets one such
 *	record, not one per batch
 * @lost_reported: the count @lost_record states
 * @lost_sent: @lost_record was sent, and its text may be in the log
 * @portid: the daemon's netlink port id, 0 when there is none
 * @pid: the daemon's pid, for status
 * @stopping: set at unload: send nothing more, arm no timer
 */
static struct auditlite_delivery {
	spinlock_t lock;	/* see above */
	struct list_head pending;
	struct list_head unacked;
	struct auditlite_buffer *lost_record;
	s64 lost_reported;
	bool lost_sent;
	u32 portid;
	pid_t pid;
	bool stopping;
} auditlite_delivery = {
	.lock = __SPIN_LOCK_UNLOCKED(auditlite_delivery.lock),
	.pending = LIST_HEAD_INIT(auditlite_delivery.pending),
	.unacked = LIST_HEAD_INIT(auditlite_delivery.unacked),
};

/* Records held: started and not yet freed, wherever they are. */
static atomic_t auditlite_backlog = ATOMIC_INIT(0);
/* Most records ever held at once. */
static atomic_t auditlite_backlog_high_water = ATOMIC_INIT(0);
/* Records dropped since load or the last reset. */
static atomic64_t auditlite_lost = ATOMIC64_INIT(0);
/* Records dropped since the last in-band lost record was queued. */
static atomic64_t auditlite_lost_unreported = ATOMIC64_INIT(0);
/* Records sent to a daemon (replays included) and acked by one. */
static atomic64_t auditlite_sent = ATOMIC64_INIT(0);
static atomic64_t auditlite_acked = ATOMIC64_INIT(0);
/* Milliseconds callers have spent waiting for room in the backlog. */
static atomic64_t auditlite_wait_time_actual = ATOMIC64_INIT(0);

/* Callers waiting for room in the backlog; woken as records are freed. */
static DECLARE_WAIT_QUEUE_HEAD(auditlite_backlog_wait);

static struct tasklet_struct auditlite_drain_tasklet;
/* Re-runs the drain when the daemon's socket had no room. */
static struct timer_list auditlite_retry_timer;
/*
 * Runs the drain at the next tick for records ended in process context,
 * where scheduling the tasklet would wake ksoftirqd: a wakeup per record
 * costs the caller several times the record itself, one timer serves a
 * whole tick's records.
 */
static struct timer_list auditlite_tick_timer;

/*
 * Rate limiting, as the kernel's audit_rate_check(). NOTE: an irqsave lock,
 * since callers come from any context; only taken when a limit is set.
 */
static DEFINE_SPINLOCK(auditlite_rate_lock);
static unsigned long auditlite_rate_window;
static unsigned int auditlite_rate_count;

static bool auditlite_rate_check(void)
{
	u32 limit = READ_ONCE(auditlite_settings.rate_limit);
	unsigned long flags;
	bool ok;

	if (!limit)
		return true;

	spin_lock_irqsave(&auditlite_rate_lock, flags);
	if (time_after_eq(jiffies, auditlite_rate_window + HZ)) {
		auditlite_rate_window = jiffies;
		auditlite_rate_count = 0;
	}
	ok = auditlite_rate_count < limit;
	if (ok)
		auditlite_rate_count++;
	spin_unlock_irqrestore(&auditlite_rate_lock, flags);
	return ok;
}

static void auditlite_log_lost(const char *why)
{
	s64 lost;

	lost = atomic64_inc_return(&auditlite_lost);
	atomic64_inc(&auditlite_lost_unreported);

	/* Nothing else may come to end a record: have the loss reported. */
	tasklet_schedule(&auditlite_drain_tasklet);

	switch (READ_ONCE(auditlite_settings.failure)) {
	case AUDITLITE_FAIL_SILENT:
		break;
	case AUDITLITE_FAIL_PRINTK:
		pr_warn_ratelimited("record lost (%s), %lld lost in all\n",
				    why, lost);
		break;
	case AUDITLITE_FAIL_PANIC:
		panic("auditlite: record lost (%s)\n", why);
	}
}

static void auditlite_note_high_water(int held)
{
	int high = atomic_read(&auditlite_backlog_high_water);

	while (held > high &&
	       !atomic_try_cmpxchg(&auditlite_backlog_high_water, &high, held))
		;
}

/* Take a place in the backlog, if the limit allows. */
static bool auditlite_backlog_take(u32 limit)
{
	int held = atomic_inc_return(&auditlite_backlog);

	if (limit && held > limit) {
		atomic_dec(&auditlite_backlog);
		return false;
	}
	auditlite_note_high_water(held);
	return true;
}

/*
 * Take a place in the backlog, waiting up to backlog_wait_time for one when
 * the caller may sleep.
 */
static bool auditlite_backlog_admit(gfp_t gfp_mask)
{
	u32 limit = READ_ONCE(auditlite_settings.backlog_limit);
	unsigned long start;
	long left;
	bool ok;

	if (auditlite_backlog_take(limit))
		return true;
	if (!gfpflags_allow_blocking(gfp_mask))
		return false;

	left = msecs_to_jiffies(READ_ONCE(auditlite_settings.backlog_wait_time));
	if (!left)
		return false;

	start = jiffies;
	do {
		left = wait_event_timeout(auditlite_backlog_wait,
					  atomic_read(&auditlite_backlog) < limit,
					  left);
		ok = auditlite_backlog_take(limit);
	} while (!ok && left);
	atomic64_add(jiffies_to_msecs(jiffies - start),
		     &auditlite_wait_time_actual);
	return ok;
}

/* Free a record and give its place in the backlog back. */
static void auditlite_release(struct auditlite_buffer *ab)
{
	auditlite_buffer_free(ab);
	atomic_dec(&auditlite_backlog);
	if (wq_has_sleeper(&auditlite_backlog_wait))
		wake_up(&auditlite_backlog_wait);
}

static void auditlite_release_list(struct list_head *list)
{
	struct auditlite_buffer *ab, *tmp;

	list_for_each_entry_safe(ab, tmp, list, list)
		auditlite_release(ab);
}

/**
 * auditlite_log_start - start an audit record
 * @gfp_mask: allocation flags the caller's context allows
 * @type: record type, as in linux/audit.h (AUDIT_KERNEL_OTHER if unsure)
 *
 * Returns NULL when the record is not to be logged: auditlite is disabled,
 * or the record was dropped (rate or backlog limit, no memory) and counted
 * as lost. Every other auditlite call accepts that NULL.
 *
 * Context: any. With a @gfp_mask that allows sleeping (GFP_KERNEL), the
 * caller may wait up to backlog_wait_time for room in the backlog; with
 * GFP_ATOMIC it never sleeps and is safe in softirq and hardirq context.
 * Return: the record, or NULL.
 */
struct auditlite_buffer *auditlite_log_start(gfp_t gfp_mask, int type)
{
	struct auditlite_buffer *ab;

	if (!READ_ONCE(auditlite_settings.enabled))
		return NULL;

	if (!auditlite_rate_check()) {
		auditlite_log_lost("rate limit exceeded");
		return NULL;
	}
	if (!auditlite_backlog_admit(gfp_mask)) {
		auditlite_log_lost("backlog limit exceeded");
		return NULL;
	}
	ab = auditlite_buffer_alloc(gfp_mask, type);
	if (!ab) {
		atomic_dec(&auditlite_backlog);
		auditlite_log_lost("out of memory");
	}
	return ab;
}
EXPORT_SYMBOL_NS_GPL(auditlite_log_start, AUDITLITE);

/**
 * auditlite_log_end - end an audit record and queue it for delivery
 * @ab: record from auditlite_log_start(), or NULL
 *
 * O(1): links the record onto this CPU's queue and schedules delivery, at
 * once from an interrupt, at the next tick from process context. The record
 * belongs to auditlite from here on.
 *
 * Context: any, hardirq included; never sleeps or allocates.
 */
void auditlite_log_end(struct auditlite_buffer *ab)
{
	struct auditlite_cpu_queue *q;

	if (!ab)
		return;

	/* Another CPU's list would do as well: llist_add() is any-producer. */
	q = raw_cpu_ptr(&auditlite_cpu_queues);
	atomic_inc(&q->depth);
	llist_add(&ab->lnode, &q->records);
	/* In an interrupt the tasklet runs on its way out, without a wakeup. */
	if (in_task())
		timer_reduce(&auditlite_tick_timer, jiffies + 1);
	else
		tasklet_schedule(&auditlite_drain_tasklet);
}
EXPORT_SYMBOL_NS_GPL(auditlite_log_end, AUDITLITE);

/**
 * auditlite_log - log a whole record in one call
 * @gfp_mask: allocation flags the caller's context allows
 * @type: record type
 * @fmt: printf-style format of the text
 *
 * Context: as auditlite_log_start() with @gfp_mask.
 */
void auditlite_log(gfp_t gfp_mask, int type, const char *fmt, ...)
{
	struct auditlite_buffer *ab;
	va_list args;

	ab = auditlite_log_start(gfp_mask, type);
	if (!ab)
		return;
	va_start(args, fmt);
	auditlite_log_vformat(ab, fmt, args);
	va_end(args);
	auditlite_log_end(ab);
}
EXPORT_SYMBOL_NS_GPL(auditlite_log, AUDITLITE);

static int auditlite_serial_cmp(void *priv, const struct list_head *a,
				const struct list_head *b)
{
	const struct auditlite_buffer *x = list_entry(a, struct auditlite_buffer, list);
	const struct auditlite_buffer *y = list_entry(b, struct auditlite_buffer, list);

	return x->serial > y->serial;
}

/* Move every CPU's queued records to @list, ordered by serial. */
static void auditlite_take_queued(struct list_head *list)
{
	struct auditlite_buffer *ab, *tmp;
	struct auditlite_cpu_queue *q;
	struct llist_node *first;
	int n, cpu;

	for_each_possible_cpu(cpu) {
		q = per_cpu_ptr(&auditlite_cpu_queues, cpu);
		first = llist_del_all(&q->records);
		if (!first)
			continue;
		n = 0;
		first = llist_reverse_order(first);
		llist_for_each_entry_safe(ab, tmp, first, lnode) {
			list_add_tail(&ab->list, list);
			n++;
		}
		atomic_sub(n, &q->depth);
	}
	list_sort(NULL, list, auditlite_serial_cmp);
}

/*
 * Queue a record saying how many records were lost since the last one, so
 * that the log itself shows the gap. Held like any record but never
 * refused, it must not be lost in turn; and there is at most one at a
 * time (see @lost_record), so that losses cannot grow the backlog.
 */
static void auditlite_queue_lost_record_locked(void)
{
	struct auditlite_delivery *d = &auditlite_delivery;
	struct auditlite_buffer *ab = d->lost_record;
	s64 lost;

	if (d->lost_sent)
		return;
	lost = atomic64_xchg(&auditlite_lost_unreported, 0);
	if (!lost)
		return;

	if (!ab) {
		ab = auditlite_buffer_alloc(GFP_ATOMIC, AUDIT_KERNEL);
		if (!ab) {
			atomic64_add(lost, &auditlite_lost_unreported);
			return;
		}
		auditlite_note_high_water(atomic_inc_return(&auditlite_backlog));
		list_add_tail(&ab->list, &d->pending);
		d->lost_record = ab;
		d->lost_reported = 0;
	}
	d->lost_reported += lost;
	ab->len = 0;
	auditlite_log_format(ab, "op=lost lost=%lld total_lost=%lld backlog_limit=%u",
			     d->lost_reported, atomic64_read(&auditlite_lost),
			     READ_ONCE(auditlite_settings.backlog_limit));
}

/* Send pending records until none is left or the daemon has no room. */
static void auditlite_send_locked(void)
{
	struct auditlite_delivery *d = &auditlite_delivery;
	struct auditlite_buffer *ab, *last;
	struct sk_buff *skb;
	LIST_HEAD(sent);
	bool lost_in_batch;
	unsigned int n;
	int err;

	while (d->portid && !d->stopping && !list_empty(&d->pending)) {
		skb = auditlite_netlink_batch_new();
		if (!skb)
			goto retry;

		n = 0;
		last = NULL;
		lost_in_batch = false;
		list_for_each_entry(ab, &d->pending, list) {
			if (auditlite_netlink_batch_add(skb, ab))
				break;
			lost_in_batch |= ab == d->lost_record;
			last = ab;
			n++;
		}
		/* A batch holds the largest record: this cannot happen. */
		if (WARN_ON_ONCE(!last)) {
			kfree_skb(skb);
			return;
		}

		err = auditlite_netlink_batch_send(skb, d->portid);
		if (err == -EAGAIN)
			goto retry;
		if (err) {
			/* The daemon's socket is gone: hold until the next. */
			d->portid = 0;
			d->pid = 0;
			return;
		}
		list_cut_position(&sent, &d->pending, &last->list);
		list_splice_tail_init(&sent, &d->unacked);
		atomic64_add(n, &auditlite_sent);
		d->lost_sent |= lost_in_batch;
	}
	return;

retry:
	mod_timer(&auditlite_retry_timer,
		  jiffies + msecs_to_jiffies(AUDITLITE_RETRY_MS));
}

static void auditlite_drain(struct tasklet_struct *t)
{
	LIST_HEAD(drained);

	auditlite_take_queued(&drained);

	spin_lock(&auditlite_delivery.lock);
	auditlite_queue_lost_record_locked();
	list_splice_tail(&drained, &auditlite_delivery.pending);
	auditlite_send_locked();
	spin_unlock(&auditlite_delivery.lock);
}

/* Both timers: run the drain now. */
static void auditlite_drain_timer_fn(struct timer_list *t)
{
	tasklet_schedule(&auditlite_drain_tasklet);
}

/**
 * auditlite_queue_register - make a netlink socket the daemon
 * @portid: its port id
 * @pid: its process, for status
 * @old_pid: set to the previous daemon's pid, 0 if none
 * @extack: for the reason of a refusal
 *
 * Records not acknowledged by an earlier daemon are sent again first.
 *
 * Context: process.
 * Return: 0, or -EBUSY while another daemon's socket is open.
 */
int auditlite_queue_register(u32 portid, pid_t pid, pid_t *old_pid,
			     struct netlink_ext_ack *extack)
{
	struct auditlite_delivery *d = &auditlite_delivery;

	spin_lock_bh(&d->lock);
	if (d->portid && d->portid != portid) {
		spin_unlock_bh(&d->lock);
		NL_SET_ERR_MSG(extack, "another auditlite daemon is registered");
		return -EBUSY;
	}
	*old_pid = d->pid;
	d->portid = portid;
	d->pid = pid;
	/* What no daemon acknowledged goes before anything newer. */
	list_splice_init(&d->unacked, &d->pending);
	spin_unlock_bh(&d->lock);

	tasklet_schedule(&auditlite_drain_tasklet);
	return 0;
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_queue_register);

/**
 * auditlite_queue_unregister - the daemon on @portid is gone or leaving
 * @portid: its port id
 *
 * Its unacknowledged records stay held for the next daemon.
 *
 * Context: process.
 */
void auditlite_queue_unregister(u32 portid)
{
	struct auditlite_delivery *d = &auditlite_delivery;

	spin_lock_bh(&d->lock);
	if (d->portid == portid) {
		d->portid = 0;
		d->pid = 0;
	}
	spin_unlock_bh(&d->lock);
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_queue_unregister);

/**
 * auditlite_queue_ack - the daemon has durably written records
 * @portid: the acking socket, which must be the daemon's
 * @serial: serial of the last record written: it and every record sent
 *	before it are freed
 * @extack: for the reason of a refusal
 *
 * Context: process.
 * Return: 0, -EPERM if @portid is not the daemon, -ENOENT if no record
 * with @serial awaits an ack.
 */
int auditlite_queue_ack(u32 portid, u64 serial, struct netlink_ext_ack *extack)
{
	struct auditlite_delivery *d = &auditlite_delivery;
	struct auditlite_buffer *ab;
	LIST_HEAD(done);
	unsigned int n = 0;
	bool lost_acked = false;
	bool found = false;

	spin_lock_bh(&d->lock);
	if (!d->portid || portid != d->portid) {
		spin_unlock_bh(&d->lock);
		NL_SET_ERR_MSG(extack, "only the registered daemon may ack");
		return -EPERM;
	}
	list_for_each_entry(ab, &d->unacked, list) {
		n++;
		lost_acked |= ab == d->lost_record;
		if (ab->serial == serial) {
			found = true;
			break;
		}
	}
	if (found) {
		list_cut_position(&done, &d->unacked, &ab->list);
		if (lost_acked) {
			d->lost_record = NULL;
			d->lost_sent = false;
			/* Losses since then wait for the next record. */
			if (atomic64_read(&auditlite_lost_unreported))
				tasklet_schedule(&auditlite_drain_tasklet);
		}
	}
	spin_unlock_bh(&d->lock);

	if (!found) {
		NL_SET_ERR_MSG(extack, "no record with this serial awaits an ack");
		return -ENOENT;
	}
	atomic64_add(n, &auditlite_acked);
	auditlite_release_list(&done);
	return 0;
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_queue_ack);

/**
 * auditlite_queue_status - take a snapshot of the counters
 * @st: filled in
 *
 * Context: process or softirq.
 */
void auditlite_queue_status(struct auditlite_status *st)
{
	spin_lock_bh(&auditlite_delivery.lock);
	st->portid = auditlite_delivery.portid;
	st->pid = auditlite_delivery.pid;
	spin_unlock_bh(&auditlite_delivery.lock);

	st->backlog = atomic_read(&auditlite_backlog);
	st->backlog_high_water = atomic_read(&auditlite_backlog_high_water);
	st->lost = atomic64_read(&auditlite_lost);
	st->sent = atomic64_read(&auditlite_sent);
	st->acked = atomic64_read(&auditlite_acked);
	st->wait_time_actual = atomic64_read(&auditlite_wait_time_actual);
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_queue_status);

/**
 * auditlite_queue_depth - records ended on @cpu and not yet drained
 * @cpu: a possible CPU
 *
 * Context: any.
 * Return: the depth of that CPU's queue.
 */
unsigned int auditlite_queue_depth(unsigned int cpu)
{
	return atomic_read(&per_cpu_ptr(&auditlite_cpu_queues, cpu)->depth);
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_queue_depth);

/**
 * auditlite_queue_reset_lost - zero the lost counter
 *
 * Context: any.
 * Return: its value before.
 */
u64 auditlite_queue_reset_lost(void)
{
	return atomic64_xchg(&auditlite_lost, 0);
}

int __init auditlite_queue_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		init_llist_head(&per_cpu_ptr(&auditlite_cpu_queues, cpu)->records);
	tasklet_setup(&auditlite_drain_tasklet, auditlite_drain);
	timer_setup(&auditlite_retry_timer, auditlite_drain_timer_fn, 0);
	timer_setup(&auditlite_tick_timer, auditlite_drain_timer_fn, 0);
	return 0;
}

/**
 * auditlite_queue_flush - give a live daemon a bounded time to ack all
 *
 * Context: process, at unload, once no caller is left (they import our
 * symbols, so they are unloaded before us) and while the netlink family
 * still takes acks.
 */
void auditlite_queue_flush(void)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(AUDITLITE_FLUSH_MS);
	bool daemon;

	while (atomic_read(&auditlite_backlog) && time_before(jiffies, deadline)) {
		spin_lock_bh(&auditlite_delivery.lock);
		daemon = auditlite_delivery.portid;
		spin_unlock_bh(&auditlite_delivery.lock);
		if (!daemon)
			break;
		tasklet_schedule(&auditlite_drain_tasklet);
		usleep_range(10000, 20000);
	}
}

/**
 * auditlite_queue_exit - stop delivery and free every record still held
 *
 * Context: process, at unload, after the netlink family is gone.
 */
void auditlite_queue_exit(void)
{
	struct auditlite_delivery *d = &auditlite_delivery;
	int held;

	spin_lock_bh(&d->lock);
	d->stopping = true;
	spin_unlock_bh(&d->lock);

	/*
	 * The tasklet and the retry timer re-arm each other: stop both, twice
	 * over. No caller is left to arm the tick timer.
	 */
	tasklet_kill(&auditlite_drain_tasklet);
	del_timer_sync(&auditlite_tick_timer);
	del_timer_sync(&auditlite_retry_timer);
	tasklet_kill(&auditlite_drain_tasklet);

	auditlite_take_queued(&d->pending);
	list_splice_init(&d->unacked, &d->pending);
	d->lost_record = NULL;
	d->lost_sent = false;
	held = atomic_read(&auditlite_backlog);
	if (held)
		pr_warn("unloading with %d records undelivered\n", held);
	auditlite_release_list(&d->pending);
	INIT_LIST_HEAD(&d->pending);
}

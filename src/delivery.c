// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite delivery: records from the queues to the daemon, and held
 * until it acknowledges them as durably written.
 *
 * The drain tasklet takes the queued records and appends them to the
 * pending list, then sends them in batches: each batch is picked under the
 * lock, then encoded and sent outside it, a bounded number of batches per
 * run. A sent record moves to the unacked list and is freed only when the
 * daemon acks it; a daemon that registers gets every unacked record again,
 * before anything newer. Listeners get a copy of each batch the first time
 * a daemon takes it.
 *
 * A record dropped for want of room is counted (backlog.c), and the next
 * batch starts with a record saying how many were lost.
 */

#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <net/netlink.h>
#include <uapi/linux/audit.h>

#include <auditlite/auditlite.h>
#include <uapi/auditlite.h>

#include "backlog.h"
#include "batch.h"
#include "buffer.h"
#include "delivery.h"
#include "main.h"
#include "queue.h"

/* How soon a batch the daemon had no room for is tried again. */
#define AUDITLITE_RETRY_MS		10

/* Batches one run of the drain sends before it lets softirqs go on. */
#define AUDITLITE_DRAIN_BUDGET		16

/* How long unloading waits for a live daemon to ack what is held. */
#define AUDITLITE_FLUSH_MS		2000

/**
 * struct auditlite_delivery - records on their way to the daemon
 * @lock: protects every other field. NOTE: process context (genetlink
 *	handlers, the netlink notifier, unload) takes it with spin_lock_bh(),
 *	the drain tasklet with spin_lock(); no interrupt takes it.
 * @pending: drained records not yet sent, in the order they will be sent
 * @unacked: sent records awaiting the daemon's ack, in the order sent
 * @inflight: the batch the drain is sending, outside the lock, or NULL;
 *	its records are on no other list until the drain takes the lock again
 * @deferred_ack: an ack for a record of @inflight, which the drain applies
 *	once the batch was sent, 0 if none
 * @lost_record: the in-band lost record until the daemon acks it: while
 *	it is pending, later losses are added to it; once picked for a
 *	batch, they wait for its ack, so that a daemon that stops reading
 *	gets one such record, not one per batch
 * @lost_reported: the count @lost_record states
 * @lost_sent: @lost_record was picked for a batch: its text is final and
 *	may be in the log
 * @portid: the daemon's netlink port id, 0 when there is none
 * @pid: the daemon's thread group, which never waits for backlog room
 * @cpu: the CPU the daemon last registered or acked on, where the thread
 *	that reads and writes the records runs; -1 without a daemon. Read
 *	without the lock: a hint for where the drain is to run
 * @replay: a daemon registered: the unacked records go before the pending
 *	ones at the drain's next batch
 * @stopping: set at unload: send nothing more, arm nothing
 */
static struct auditlite_delivery {
	spinlock_t lock;	/* see above */
	struct list_head pending;
	struct list_head unacked;
	struct list_head *inflight;
	u64 deferred_ack;
	struct auditlite_buffer *lost_record;
	s64 lost_reported;
	bool lost_sent;
	u32 portid;
	struct pid *pid;
	int cpu;
	bool replay;
	bool stopping;
} auditlite_delivery = {
	.lock = __SPIN_LOCK_UNLOCKED(auditlite_delivery.lock),
	.pending = LIST_HEAD_INIT(auditlite_delivery.pending),
	.unacked = LIST_HEAD_INIT(auditlite_delivery.unacked),
	.cpu = -1,
};

/* Records sent to a daemon (replays included) and acked by one. */
static atomic64_t auditlite_sent = ATOMIC64_INIT(0);
static atomic64_t auditlite_acked = ATOMIC64_INIT(0);

static struct tasklet_struct auditlite_drain_tasklet;
/* Re-runs the drain when the daemon's socket had no room. */
static struct timer_list auditlite_retry_timer;
/*
 * Runs the drain at the next tick for records ended in process context,
 * where scheduling the tasklet would wake ksoftirqd: a wakeup per record
 * costs the caller several times the record itself, one timer serves a
 * whole tick's records. In interrupts too, for a tick's records to go in
 * full batches, unless many are queued (queue.c).
 */
static struct timer_list auditlite_tick_timer;

/*
 * The IPI that schedules the drain on another CPU. Bit 0 of
 * auditlite_drain_ipi_busy is set while it is on its way: its one csd may
 * not be sent again until then, and whoever finds it set has a drain
 * coming anyway, scheduled after the bit is cleared.
 */
static unsigned long auditlite_drain_ipi_busy;

static void auditlite_drain_remote(void *info)
{
	clear_bit(0, &auditlite_drain_ipi_busy);
	if (!READ_ONCE(auditlite_delivery.stopping))
		tasklet_schedule(&auditlite_drain_tasklet);
}

static call_single_data_t auditlite_drain_csd = CSD_INIT(auditlite_drain_remote, NULL);

/* Have the drain run on @cpu: false if it cannot be sent there. */
static bool auditlite_drain_send(int cpu)
{
	if (test_and_set_bit(0, &auditlite_drain_ipi_busy))
		return true;
	if (!smp_call_function_single_async(cpu, &auditlite_drain_csd))
		return true;
	clear_bit(0, &auditlite_drain_ipi_busy);
	return false;
}

/**
 * auditlite_delivery_kick - run the drain as soon as softirqs run
 *
 * Here, unless this is the CPU the daemon runs on: then, except on
 * PREEMPT_RT, on the next online CPU, through an IPI. A softirq comes
 * before any task, so a drain there would take the very time the daemon
 * needs to write and ack, while the callers that wait for the room its
 * acks make leave other CPUs idle (from process context, with the drain
 * beside the daemon: 112,000 to 147,000 records/s; sent away, 156,000 to
 * 182,000).
 *
 * Context: any but NMI.
 */
void auditlite_delivery_kick(void)
{
	int here, cpu;

	if (READ_ONCE(auditlite_delivery.stopping))
		return;
	here = get_cpu();
	cpu = here;
	/*
	 * Not on PREEMPT_RT, where softirqs run in threads anyway and a
	 * function call may not raise one (do_softirq_post_smp_call_flush()).
	 */
	if (!IS_ENABLED(CONFIG_PREEMPT_RT) &&
	    READ_ONCE(auditlite_delivery.cpu) == here)
		cpu = cpumask_next_wrap(here, cpu_online_mask, here, true);
	if (cpu == here || cpu >= nr_cpu_ids || !auditlite_drain_send(cpu))
		tasklet_schedule(&auditlite_drain_tasklet);
	put_cpu();
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_delivery_kick);

/**
 * auditlite_delivery_kick_soon - run the drain at the next tick
 *
 * Context: any but NMI.
 */
void auditlite_delivery_kick_soon(void)
{
	/*
	 * Armed only here, always for the next tick: while it is pending it
	 * fires no later than this call would have it, and timer_reduce()
	 * would change nothing, yet cost every record 50 to 160 ns under TCG.
	 */
	if (!timer_pending(&auditlite_tick_timer) &&
	    !READ_ONCE(auditlite_delivery.stopping))
		timer_reduce(&auditlite_tick_timer, jiffies + 1);
}

/**
 * auditlite_delivery_is_daemon - whether current belongs to the daemon
 *
 * As kernel/audit.c's auditd_test_task(): the daemon's own records must
 * never wait for the room only the daemon makes. The pointer is only
 * compared, never followed.
 *
 * Context: process.
 * Return: true if current is a thread of the registered daemon.
 */
bool auditlite_delivery_is_daemon(void)
{
	return READ_ONCE(auditlite_delivery.pid) == task_tgid(current);
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
	struct auditlite_backlog_status st;
	s64 lost;

	if (d->lost_sent)
		return;
	lost = auditlite_backlog_take_unreported();
	if (!lost)
		return;

	if (!ab) {
		ab = auditlite_buffer_alloc(GFP_ATOMIC, AUDIT_KERNEL);
		if (!ab) {
			/*
			 * Tried again soon: the losses may be the last thing
			 * that happens, with no record left to run the drain.
			 */
			auditlite_backlog_put_back_unreported(lost);
			mod_timer(&auditlite_retry_timer,
				  jiffies + msecs_to_jiffies(AUDITLITE_RETRY_MS));
			return;
		}
		list_add_tail(&ab->list, &d->pending);
		d->lost_record = ab;
		d->lost_reported = 0;
	}
	d->lost_reported += lost;
	auditlite_backlog_status(&st);
	ab->len = 0;
	auditlite_log_format(ab, "op=lost lost=%lld total_lost=%llu backlog_limit=%u",
			     d->lost_reported, st.lost,
			     READ_ONCE(auditlite_settings.backlog_limit));
}

/*
 * Move the unacked records up to and including @serial to @done. Returns
 * how many, 0 if no unacked record has @serial.
 */
static unsigned int auditlite_ack_locked(u64 serial, struct list_head *done)
{
	struct auditlite_delivery *d = &auditlite_delivery;
	struct auditlite_buffer *ab;
	bool lost_acked = false;
	unsigned int n = 0;

	list_for_each_entry(ab, &d->unacked, list) {
		n++;
		lost_acked |= ab == d->lost_record;
		if (ab->serial != serial)
			continue;
		list_cut_position(done, &d->unacked, &ab->list);
		if (lost_acked) {
			d->lost_record = NULL;
			d->lost_sent = false;
			/* Losses since then wait for the next record. */
			if (auditlite_backlog_unreported())
				auditlite_delivery_kick();
		}
		atomic64_add(n, &auditlite_acked);
		return n;
	}
	return 0;
}

/* The daemon is gone: hold what it did not ack for the next one. */
static struct pid *auditlite_forget_daemon_locked(void)
{
	struct auditlite_delivery *d = &auditlite_delivery;
	struct pid *pid = d->pid;

	d->portid = 0;
	WRITE_ONCE(d->pid, NULL);
	WRITE_ONCE(d->cpu, -1);
	d->deferred_ack = 0;
	return pid;
}

/*
 * Send one batch of the pending records. Returns true if one was sent
 * and more may follow, false when there is nothing to send, no daemon, or
 * the daemon has no room (the retry timer is then armed).
 */
static bool auditlite_send_batch(void)
{
	struct auditlite_delivery *d = &auditlite_delivery;
	struct auditlite_buffer *ab;
	struct pid *gone = NULL;
	struct sk_buff *skb;
	LIST_HEAD(batch);
	LIST_HEAD(done);
	unsigned int n;
	bool first_time;
	u32 portid;
	int err;

	spin_lock(&d->lock);
	if (d->replay) {
		/* What no daemon acknowledged goes before anything newer. */
		list_splice_init(&d->unacked, &d->pending);
		d->replay = false;
	}
	if (!d->portid || d->stopping || list_empty(&d->pending)) {
		spin_unlock(&d->lock);
		return false;
	}
	portid = d->portid;
	n = auditlite_batch_cut(&d->pending, &batch, &first_time);
	list_for_each_entry(ab, &batch, list)
		d->lost_sent |= ab == d->lost_record;
	d->inflight = &batch;
	spin_unlock(&d->lock);

	skb = auditlite_batch_build(&batch);
	err = skb ? auditlite_batch_send(skb, portid, n, first_time) : -ENOMEM;
	/* Still the drain's alone: marked before the lock is taken again. */
	if (!err)
		list_for_each_entry(ab, &batch, list)
			ab->sent = true;

	spin_lock(&d->lock);
	d->inflight = NULL;
	if (err) {
		list_splice(&batch, &d->pending);
		d->deferred_ack = 0;
		if (err != -EAGAIN && err != -ENOMEM && d->portid == portid)
			gone = auditlite_forget_daemon_locked();
		else if (!d->stopping)
			mod_timer(&auditlite_retry_timer,
				  jiffies + msecs_to_jiffies(AUDITLITE_RETRY_MS));
		spin_unlock(&d->lock);
		put_pid(gone);
		return false;
	}
	list_splice_tail(&batch, &d->unacked);
	atomic64_add(n, &auditlite_sent);
	if (d->deferred_ack) {
		auditlite_ack_locked(d->deferred_ack, &done);
		d->deferred_ack = 0;
	}
	spin_unlock(&d->lock);

	auditlite_backlog_release_list(&done);
	return true;
}

static void auditlite_drain(struct tasklet_struct *t)
{
	struct auditlite_delivery *d = &auditlite_delivery;
	LIST_HEAD(drained);
	int budget;

	auditlite_queue_take(&drained);
	spin_lock(&d->lock);
	if (d->stopping) {
		/* Unload takes what is still queued. */
		list_splice_tail(&drained, &d->pending);
		spin_unlock(&d->lock);
		return;
	}
	auditlite_queue_lost_record_locked();
	list_splice_tail(&drained, &d->pending);
	spin_unlock(&d->lock);

	for (budget = AUDITLITE_DRAIN_BUDGET; budget; budget--)
		if (!auditlite_send_batch())
			return;
	/* Let other softirqs and tasks run; the rest goes at the next run. */
	auditlite_delivery_kick();
}

/* Both timers: run the drain now. */
static void auditlite_drain_timer_fn(struct timer_list *t)
{
	auditlite_delivery_kick();
}

/**
 * auditlite_delivery_register - make a netlink socket the daemon
 * @portid: its port id
 * @old_pid: set to the previous daemon's pid, 0 if none
 * @extack: for the reason of a refusal
 *
 * The daemon is current's thread group. Records not acknowledged by an
 * earlier daemon are sent again first.
 *
 * Context: process.
 * Return: 0, or -EBUSY while another daemon's socket is open.
 */
int auditlite_delivery_register(u32 portid, pid_t *old_pid,
				struct netlink_ext_ack *extack)
{
	struct auditlite_delivery *d = &auditlite_delivery;
	struct pid *pid = get_pid(task_tgid(current));
	struct pid *old;

	spin_lock_bh(&d->lock);
	if (d->portid && d->portid != portid) {
		spin_unlock_bh(&d->lock);
		put_pid(pid);
		NL_SET_ERR_MSG(extack, "another auditlite daemon is registered");
		return -EBUSY;
	}
	old = d->pid;
	*old_pid = pid_nr(old);
	d->portid = portid;
	WRITE_ONCE(d->pid, pid);
	WRITE_ONCE(d->cpu, raw_smp_processor_id());
	d->replay = true;
	auditlite_delivery_kick();
	spin_unlock_bh(&d->lock);

	put_pid(old);
	return 0;
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_delivery_register);

/**
 * auditlite_delivery_unregister - the daemon on @portid is gone or leaving
 * @portid: its port id
 *
 * Its unacknowledged records stay held for the next daemon.
 *
 * Context: process.
 */
void auditlite_delivery_unregister(u32 portid)
{
	struct auditlite_delivery *d = &auditlite_delivery;
	struct pid *gone = NULL;

	spin_lock_bh(&d->lock);
	if (d->portid && d->portid == portid)
		gone = auditlite_forget_daemon_locked();
	spin_unlock_bh(&d->lock);
	put_pid(gone);
}

/**
 * auditlite_delivery_ack - the daemon has durably written records
 * @portid: the acking socket, which must be the daemon's
 * @serial: serial of the last record written: it and every record sent
 *	before it are freed
 * @extack: for the reason of a refusal
 *
 * Context: process.
 * Return: 0, -EPERM if @portid is not the daemon, -ENOENT if no record
 * with @serial awaits an ack.
 */
int auditlite_delivery_ack(u32 portid, u64 serial, struct netlink_ext_ack *extack)
{
	struct auditlite_delivery *d = &auditlite_delivery;
	struct auditlite_buffer *ab;
	bool found;
	LIST_HEAD(done);

	spin_lock_bh(&d->lock);
	if (!d->portid || portid != d->portid) {
		spin_unlock_bh(&d->lock);
		NL_SET_ERR_MSG(extack, "only the registered daemon may ack");
		return -EPERM;
	}
	WRITE_ONCE(d->cpu, raw_smp_processor_id());
	found = auditlite_ack_locked(serial, &done);
	if (!found && d->inflight && serial) {
		/* The daemon read the batch before its send returned. */
		list_for_each_entry(ab, d->inflight, list) {
			if (ab->serial == serial) {
				d->deferred_ack = serial;
				found = true;
				break;
			}
		}
	}
	spin_unlock_bh(&d->lock);

	if (!found) {
		NL_SET_ERR_MSG(extack, "no record with this serial awaits an ack");
		return -ENOENT;
	}
	auditlite_backlog_release_list(&done);
	return 0;
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_delivery_ack);

/**
 * auditlite_delivery_status - take a snapshot of the daemon and counters
 * @st: filled in
 *
 * Context: process.
 */
void auditlite_delivery_status(struct auditlite_delivery_status *st)
{
	spin_lock_bh(&auditlite_delivery.lock);
	st->portid = auditlite_delivery.portid;
	st->pid = pid_vnr(auditlite_delivery.pid);
	spin_unlock_bh(&auditlite_delivery.lock);

	st->sent = atomic64_read(&auditlite_sent);
	st->acked = atomic64_read(&auditlite_acked);
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_delivery_status);

void __init auditlite_delivery_init(void)
{
	tasklet_setup(&auditlite_drain_tasklet, auditlite_drain);
	timer_setup(&auditlite_retry_timer, auditlite_drain_timer_fn, 0);
	timer_setup(&auditlite_tick_timer, auditlite_drain_timer_fn, 0);
}

/**
 * auditlite_delivery_flush - give a live daemon a bounded time to ack all
 *
 * Context: process, at unload, once no caller is left (they import our
 * symbols, so they are unloaded before us) and while the netlink family
 * still takes acks.
 */
void auditlite_delivery_flush(void)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(AUDITLITE_FLUSH_MS);
	struct auditlite_backlog_status st;
	bool daemon;

	for (;;) {
		auditlite_backlog_status(&st);
		if (!st.backlog || !time_before(jiffies, deadline))
			return;
		spin_lock_bh(&auditlite_delivery.lock);
		daemon = auditlite_delivery.portid;
		spin_unlock_bh(&auditlite_delivery.lock);
		if (!daemon)
			return;
		auditlite_delivery_kick();
		usleep_range(10000, 20000);
	}
}

/* Stop the tasklet, the IPI and both timers, which re-arm each other. */
static void auditlite_delivery_quiesce(void)
{
	tasklet_kill(&auditlite_drain_tasklet);
	del_timer_sync(&auditlite_tick_timer);
	del_timer_sync(&auditlite_retry_timer);
	/* Returns once every CPU ran the IPIs sent to it before. */
	kick_all_cpus_sync();
	tasklet_kill(&auditlite_drain_tasklet);
}

/**
 * auditlite_delivery_stop - send nothing more
 *
 * Context: process, at unload, before the netlink family goes.
 */
void auditlite_delivery_stop(void)
{
	spin_lock_bh(&auditlite_delivery.lock);
	auditlite_delivery.stopping = true;
	spin_unlock_bh(&auditlite_delivery.lock);
	auditlite_delivery_quiesce();
}

/**
 * auditlite_delivery_exit - free every record still held, counted as lost
 *
 * Context: process, at unload, after the netlink family is gone.
 */
void auditlite_delivery_exit(void)
{
	struct auditlite_delivery *d = &auditlite_delivery;
	struct auditlite_backlog_status st;
	struct pid *gone;

	/* A request that ran before the family went may have kicked it. */
	auditlite_delivery_quiesce();

	auditlite_queue_take(&d->pending);
	list_splice_init(&d->unacked, &d->pending);
	d->lost_record = NULL;
	d->lost_sent = false;
	spin_lock_bh(&d->lock);
	gone = auditlite_forget_daemon_locked();
	spin_unlock_bh(&d->lock);
	put_pid(gone);
	/* Counted, but not acted on: an unload is no failure to panic for. */
	auditlite_backlog_status(&st);
	if (st.backlog)
		pr_warn("unloading with %u records undelivered: lost, %llu lost in all\n",
			st.backlog, st.lost + st.backlog);
	auditlite_backlog_release_list(&d->pending);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite per-CPU queues: where a record waits between
 * auditlite_log_end() and the drain.
 *
 * Adding is a lock-free llist_add() onto the ending CPU's list: no lock,
 * no allocation, safe in hard interrupt context (on PREEMPT_RT too). The
 * drain takes every CPU's list at once and orders the records by serial,
 * which interrupts on one CPU and writers on several may have ended out of
 * order.
 */

#include <linux/list.h>
#include <linux/list_sort.h>
#include <linux/llist.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>

#include "buffer.h"
#include "delivery.h"
#include "main.h"
#include "queue.h"

/**
 * struct auditlite_cpu_queue - records ended on one CPU, not yet drained
 * @records: lock-free; auditlite_queue_add() adds, the drain takes all
 * @added: records ever added, by this CPU alone (this_cpu_inc(), safe
 *	against its own interrupts): no atomic on the caller's path
 * @taken: records ever taken, by the drain alone, one run at a time
 * @kicks: times an interrupt's record ran the drain at once, by this CPU
 *	alone, as @added
 *
 * For status only, @records holds @added - @taken records.
 */
struct auditlite_cpu_queue {
	struct llist_head records;
	unsigned long added;
	unsigned long taken;
	unsigned long kicks;
};

static DEFINE_PER_CPU(struct auditlite_cpu_queue, auditlite_cpu_queues);

/**
 * auditlite_queue_add - queue an ended record for the drain
 * @ab: the record, which belongs to the queue from now on
 *
 * O(1). The drain runs at the next tick, or at once (on the interrupt's
 * way out, without a wakeup) each time an interrupt brings its CPU's
 * queue to a multiple of AUDITLITE_QUEUE_KICK_DEPTH records; from process
 * context, where the tasklet would wake ksoftirqd, always at the next
 * tick.
 *
 * Context: any but NMI.
 */
void auditlite_queue_add(struct auditlite_buffer *ab)
{
	struct auditlite_cpu_queue *q;
	bool now;

	/* The count and the list of one CPU: no migration in between. */
	q = get_cpu_ptr(&auditlite_cpu_queues);
	this_cpu_inc(auditlite_cpu_queues.added);
	/* A full barrier: the count is seen before the record is. */
	llist_add(&ab->lnode, &q->records);
	/*
	 * At each multiple of the depth, not at every record past it: until
	 * the drain runs, every later kick would find it already on its way.
	 * A multiple passed over (an interrupt between the count and this
	 * read, a drain meanwhile) leaves the tick, which every other record
	 * arms.
	 */
	now = !in_task() &&
	      !((q->added - READ_ONCE(q->taken)) % AUDITLITE_QUEUE_KICK_DEPTH);
	if (now)
		this_cpu_inc(auditlite_cpu_queues.kicks);
	put_cpu_ptr(&auditlite_cpu_queues);
	if (now)
		auditlite_delivery_kick();
	else
		auditlite_delivery_kick_soon();
}

static int auditlite_serial_cmp(void *priv, const struct list_head *a,
				const struct list_head *b)
{
	const struct auditlite_buffer *x = list_entry(a, struct auditlite_buffer, list);
	const struct auditlite_buffer *y = list_entry(b, struct auditlite_buffer, list);

	return x->serial > y->serial;
}

/**
 * auditlite_queue_take - take every CPU's queued records
 * @list: where they go, in serial order, linked through their @list
 *
 * Context: the drain, or unload once it is stopped.
 */
void auditlite_queue_take(struct list_head *list)
{
	struct auditlite_buffer *ab, *tmp;
	struct auditlite_cpu_queue *q;
	struct llist_node *first;
	LIST_HEAD(taken);
	int n, cpu;

	for_each_possible_cpu(cpu) {
		q = per_cpu_ptr(&auditlite_cpu_queues, cpu);
		first = llist_del_all(&q->records);
		if (!first)
			continue;
		n = 0;
		first = llist_reverse_order(first);
		llist_for_each_entry_safe(ab, tmp, first, lnode) {
			list_add_tail(&ab->list, &taken);
			n++;
		}
		/* After llist_del_all(), a full barrier. */
		WRITE_ONCE(q->taken, q->taken + n);
	}
	list_sort(NULL, &taken, auditlite_serial_cmp);
	list_splice_tail(&taken, list);
}

/**
 * auditlite_queue_depth - records ended on @cpu and not yet drained
 * @cpu: a possible CPU
 *
 * Context: any.
 * Return: the depth of that CPU's queue.
 */
unsigned int auditlite_queue_depth(unsigned int cpu)
{
	struct auditlite_cpu_queue *q = per_cpu_ptr(&auditlite_cpu_queues, cpu);
	unsigned long taken = READ_ONCE(q->taken);

	/* Every record counted in @taken was counted in @added before. */
	smp_rmb();
	return READ_ONCE(q->added) - taken;
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_queue_depth);

/**
 * auditlite_queue_kicks - times a record from an interrupt on @cpu ran the drain
 * @cpu: a possible CPU
 *
 * Context: any.
 * Return: the count since load.
 */
unsigned long auditlite_queue_kicks(unsigned int cpu)
{
	return READ_ONCE(per_cpu_ptr(&auditlite_cpu_queues, cpu)->kicks);
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_queue_kicks);

void __init auditlite_queue_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		init_llist_head(&per_cpu_ptr(&auditlite_cpu_queues, cpu)->records);
}

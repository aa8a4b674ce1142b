// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for auditlite's per-CPU queues and drain: enqueueing from
 * hardirq, ordering by serial, queue depths.
 */

#include <kunit/test.h>
#include <linux/bottom_half.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <uapi/linux/audit.h>

#include <auditlite/auditlite.h>

#include "../../src/buffer.h"
#include "../../src/delivery.h"
#include "../../src/queue.h"
#include "fake_daemon.h"

/* What the hrtimer saw and did, checked by the test thread. */
struct hardirq_logger {
	struct hrtimer timer;
	bool in_hardirq;
	u64 serial;
	int fired;
};

static enum hrtimer_restart hardirq_log(struct hrtimer *t)
{
	struct hardirq_logger *h = container_of(t, struct hardirq_logger, timer);
	struct auditlite_buffer *ab;

	h->in_hardirq = in_hardirq();
	ab = auditlite_log_start(GFP_ATOMIC, AUDIT_KERNEL_OTHER);
	if (ab) {
		h->serial = ab->serial;
		auditlite_log_format(ab, "ctx=hardirq");
		auditlite_log_end(ab);
	}
	WRITE_ONCE(h->fired, 1);
	return HRTIMER_NORESTART;
}

static void queue_hardirq_record_is_delivered_after_older_serial(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	struct hardirq_logger h = {};
	struct auditlite_buffer *ab;
	u64 first;
	int spins;

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	hrtimer_init_on_stack(&h.timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	h.timer.function = hardirq_log;

	/*
	 * Start a record, let a hardirq on this CPU start and end a newer one,
	 * then end ours: the queue holds newer before older. With BH off the
	 * drain runs only once both are queued, and must send older first.
	 */
	local_bh_disable();
	ab = auditlite_log_start(GFP_ATOMIC, AUDIT_KERNEL_OTHER);
	first = ab->serial;
	auditlite_log_format(ab, "ctx=process");
	hrtimer_start(&h.timer, ns_to_ktime(1000), HRTIMER_MODE_REL_PINNED_HARD);
	for (spins = 0; !READ_ONCE(h.fired) && spins < 100000; spins++)
		udelay(10);	/* checkpatch USLEEP_RANGE: BH is off, so no sleeping */
	auditlite_log_end(ab);
	local_bh_enable();
	hrtimer_cancel(&h.timer);
	destroy_hrtimer_on_stack(&h.timer);

	KUNIT_ASSERT_TRUE(test, READ_ONCE(h.fired));
	KUNIT_EXPECT_TRUE(test, h.in_hardirq);
	KUNIT_ASSERT_EQ(test, fake_daemon_receive(test, fd, 2, 5000), 2U);
	KUNIT_EXPECT_EQ(test, fd->records[0].serial, first);
	KUNIT_EXPECT_STREQ(test, fd->records[0].text, "ctx=process");
	KUNIT_EXPECT_EQ(test, fd->records[1].serial, h.serial);
	KUNIT_EXPECT_STREQ(test, fd->records[1].text, "ctx=hardirq");
	fake_daemon_settle(test, fd);
}

static void queue_depth_counts_records_until_drained(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	unsigned int cpu, depth;
	int i;

	/*
	 * With the drain scheduled on this CPU while BH is off here, no CPU
	 * can run it (nor schedule it again) until BH is back on: the timer
	 * of the tick cannot drain from another CPU meanwhile. No daemon
	 * yet: a kick on the daemon's CPU would send the drain to another.
	 */
	local_bh_disable();
	auditlite_delivery_kick();
	cpu = smp_processor_id();
	depth = auditlite_queue_depth(cpu);
	for (i = 0; i < 3; i++)
		auditlite_log(GFP_ATOMIC, AUDIT_KERNEL_OTHER, "n=%d", i);
	KUNIT_EXPECT_EQ(test, auditlite_queue_depth(cpu), depth + 3);
	local_bh_enable();

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	KUNIT_EXPECT_EQ(test, fake_daemon_receive(test, fd, 3, 5000), 3U);
	KUNIT_EXPECT_EQ(test, auditlite_queue_depth(cpu), 0U);
	fake_daemon_settle(test, fd);
}

/* A flood in one hard interrupt: what it queued and the drain's kicks. */
struct hardirq_flood {
	struct hrtimer timer;
	unsigned int records;
	unsigned int depth_before, depth_after;
	unsigned long kicks_before, kicks_after;
	int fired;
};

static enum hrtimer_restart hardirq_flood_log(struct hrtimer *t)
{
	struct hardirq_flood *f = container_of(t, struct hardirq_flood, timer);
	unsigned int cpu = smp_processor_id();
	unsigned int i;

	f->depth_before = auditlite_queue_depth(cpu);
	f->kicks_before = auditlite_queue_kicks(cpu);
	for (i = 0; i < f->records; i++)
		auditlite_log(GFP_ATOMIC, AUDIT_KERNEL_OTHER, "flood=%u", i);
	f->depth_after = auditlite_queue_depth(cpu);
	f->kicks_after = auditlite_queue_kicks(cpu);
	WRITE_ONCE(f->fired, 1);
	return HRTIMER_NORESTART;
}

/*
 * Records from interrupts run the drain once their CPU's queue holds
 * AUDITLITE_QUEUE_KICK_DEPTH records, and once more for each as many
 * again while the drain has not run: not for every record past that
 * depth, each kick costing the caller atomics on lines every CPU's
 * kicks share, and the daemon's CPU an IPI.
 */
static void queue_interrupt_flood_kicks_the_drain_once_a_depth(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	struct hardirq_flood f = { .records = 3 * AUDITLITE_QUEUE_KICK_DEPTH };
	int spins;

	/*
	 * No daemon yet, so a kick schedules the drain on the kicking CPU;
	 * scheduled here with BH off, no CPU can run it until BH is back on
	 * here, and the flood's queue only grows.
	 */
	local_bh_disable();
	auditlite_delivery_kick();
	hrtimer_init_on_stack(&f.timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	f.timer.function = hardirq_flood_log;
	hrtimer_start(&f.timer, ns_to_ktime(1000), HRTIMER_MODE_REL_PINNED_HARD);
	for (spins = 0; !READ_ONCE(f.fired) && spins < 1000000; spins++)
		udelay(10);	/* checkpatch USLEEP_RANGE: BH is off, so no sleeping */
	local_bh_enable();
	hrtimer_cancel(&f.timer);
	destroy_hrtimer_on_stack(&f.timer);

	KUNIT_ASSERT_TRUE(test, READ_ONCE(f.fired));
	KUNIT_ASSERT_EQ(test, f.depth_after, f.depth_before + f.records);
	/* Three multiples of the depth passed, whatever the queue held before. */
	KUNIT_EXPECT_EQ(test, f.kicks_after - f.kicks_before, 3UL);

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	KUNIT_EXPECT_EQ(test, fake_daemon_receive(test, fd, f.records, 10000), f.records);
	fake_daemon_settle(test, fd);
}

static void queue_records_from_many_calls_arrive_in_serial_order(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	unsigned int i, n = 500;

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	for (i = 0; i < n; i++)
		auditlite_log(GFP_KERNEL, AUDIT_KERNEL_OTHER, "i=%u", i);

	KUNIT_ASSERT_EQ(test, fake_daemon_receive(test, fd, n, 10000), n);
	for (i = 1; i < n; i++)
		KUNIT_EXPECT_GT(test, fd->records[i].serial, fd->records[i - 1].serial);
	KUNIT_EXPECT_EQ(test, fd->records[0].type, (u32)AUDIT_KERNEL_OTHER);
	fake_daemon_settle(test, fd);
}

static struct kunit_case auditlite_queue_cases[] = {
	KUNIT_CASE(queue_hardirq_record_is_delivered_after_older_serial),
	KUNIT_CASE(queue_depth_counts_records_until_drained),
	KUNIT_CASE(queue_interrupt_flood_kicks_the_drain_once_a_depth),
	KUNIT_CASE(queue_records_from_many_calls_arrive_in_serial_order),
	{}
};

static struct kunit_suite auditlite_queue_suite = {
	.name = "auditlite_queue",
	.test_cases = auditlite_queue_cases,
};

kunit_test_suite(auditlite_queue_suite);

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for auditlite's delivery: acks releasing records, replay to a
 * daemon that registers after another died (before what came meanwhile),
 * refusals, and the retry when the daemon's socket is full.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <net/sock.h>
#include <uapi/linux/audit.h>

#include <auditlite/auditlite.h>

#include "../../src/delivery.h"
#include "../../src/queue.h"
#include "fake_daemon.h"

static void log_n(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		auditlite_log(GFP_KERNEL, AUDIT_KERNEL_OTHER, "i=%u", i);
}

static void delivery_ack_releases_records_up_to_serial(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	struct fake_status before, after;
	u64 base = fake_backlog();

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	log_n(5);
	KUNIT_ASSERT_EQ(test, fake_daemon_receive(test, fd, 5, 5000), 5U);
	fake_status(&before);

	/* Before: five sent, none acked. After: the first three are freed. */
	KUNIT_EXPECT_EQ(test, fake_daemon_ack(fd, fd->records[2].serial), 0);

	fake_status(&after);
	KUNIT_EXPECT_EQ(test, (u64)after.backlog, base + 2);
	KUNIT_EXPECT_EQ(test, after.acked, before.acked + 3);
	KUNIT_EXPECT_EQ(test, fake_daemon_ack(fd, fd->records[4].serial), 0);
	KUNIT_EXPECT_EQ(test, fake_backlog(), base);
	fake_daemon_settle(test, fd);
}

static void delivery_ack_of_unknown_serial_is_refused(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	log_n(1);
	KUNIT_ASSERT_EQ(test, fake_daemon_receive(test, fd, 1, 5000), 1U);

	KUNIT_EXPECT_EQ(test, fake_daemon_ack(fd, fd->records[0].serial + 1000), -ENOENT);
	KUNIT_EXPECT_EQ(test, fake_daemon_ack(fd, fd->records[0].serial), 0);
	/* Acked once, so no longer awaiting an ack. */
	KUNIT_EXPECT_EQ(test, fake_daemon_ack(fd, fd->records[0].serial), -ENOENT);
	fake_daemon_settle(test, fd);
}

static void delivery_ack_from_another_socket_is_refused(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	struct fake_daemon *other = fake_daemon_open(test);

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	log_n(1);
	KUNIT_ASSERT_EQ(test, fake_daemon_receive(test, fd, 1, 5000), 1U);

	KUNIT_EXPECT_EQ(test, fake_daemon_ack(other, fd->records[0].serial), -EPERM);
	fake_daemon_settle(test, fd);
}

static void delivery_second_daemon_is_refused_while_first_lives(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	struct fake_daemon *other = fake_daemon_open(test);

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	KUNIT_EXPECT_EQ(test, fake_daemon_register(other), -EBUSY);

	/* Once the first daemon's socket closes, the second may register. */
	fake_daemon_close(fd);
	KUNIT_EXPECT_EQ(test, fake_daemon_register(other), 0);
	fake_daemon_settle(test, other);
}

/*
 * @next got 4 records: first @n that @dead had unacked, from its record
 * @first on, in order, then only newer ones.
 */
static void expect_replayed_first(struct kunit *test, const struct fake_daemon *next,
				  const struct fake_daemon *dead, unsigned int first,
				  unsigned int n)
{
	u64 last = dead->records[first + n - 1].serial;
	unsigned int i;

	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, next->records[i].serial, dead->records[first + i].serial);
	for (; i < 4; i++)
		KUNIT_EXPECT_GT(test, next->records[i].serial, last);
}

static void delivery_unacked_records_replay_first_after_reregister(struct kunit *test)
{
	struct fake_daemon *dead = fake_daemon_open(test);
	struct fake_daemon *next = fake_daemon_open(test);

	KUNIT_ASSERT_EQ(test, fake_daemon_register(dead), 0);
	log_n(3);
	KUNIT_ASSERT_EQ(test, fake_daemon_receive(test, dead, 3, 5000), 3U);
	KUNIT_EXPECT_EQ(test, fake_daemon_ack(dead, dead->records[0].serial), 0);
	/* The daemon dies with two records written but not acked. */
	fake_daemon_close(dead);

	log_n(2);
	KUNIT_ASSERT_EQ(test, fake_daemon_register(next), 0);
	KUNIT_ASSERT_EQ(test, fake_daemon_receive(test, next, 4, 5000), 4U);

	expect_replayed_first(test, next, dead, 1, 2);
	fake_daemon_settle(test, next);
}

/* Wait until every CPU's queue is drained, into the pending list if no daemon. */
static void wait_for_drain(struct kunit *test)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(5000);
	unsigned int cpu, held;

	do {
		held = 0;
		for_each_possible_cpu(cpu)
			held += auditlite_queue_depth(cpu);
		if (!held)
			break;
		usleep_range(5000, 10000);
	} while (time_before(jiffies, deadline));
	KUNIT_ASSERT_EQ_MSG(test, held, 0U, "records still queued on the CPUs");
	/* The drain empties the queues just before it takes the lock. */
	msleep(20);
}

static void delivery_unacked_records_replay_before_those_held_meanwhile(struct kunit *test)
{
	struct fake_daemon *dead = fake_daemon_open(test);
	struct fake_daemon *next = fake_daemon_open(test);

	KUNIT_ASSERT_EQ(test, fake_daemon_register(dead), 0);
	log_n(2);
	KUNIT_ASSERT_EQ(test, fake_daemon_receive(test, dead, 2, 5000), 2U);
	/* It dies with both unacked; two more wait for a daemon, drained. */
	fake_daemon_close(dead);
	log_n(2);
	wait_for_drain(test);

	KUNIT_ASSERT_EQ(test, fake_daemon_register(next), 0);
	KUNIT_ASSERT_EQ(test, fake_daemon_receive(test, next, 4, 5000), 4U);

	expect_replayed_first(test, next, dead, 0, 2);
	fake_daemon_settle(test, next);
}

static void delivery_full_socket_is_retried_until_all_arrive(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	struct fake_status before, after;
	unsigned int i, n = 1000;

	/* Room for one batch only: every later send gets -EAGAIN. */
	WRITE_ONCE(fd->sock->sk->sk_rcvbuf, SOCK_MIN_RCVBUF);
	fake_status(&before);
	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	log_n(n);
	msleep(200);

	fake_status(&after);
	KUNIT_EXPECT_GT(test, after.sent, before.sent);
	KUNIT_EXPECT_LT(test, after.sent, before.sent + n);

	/* Reading makes room; the retry timer sends the rest, once each. */
	KUNIT_ASSERT_EQ(test, fake_daemon_receive(test, fd, n, 20000), n);
	for (i = 1; i < n; i++)
		KUNIT_EXPECT_GT(test, fd->records[i].serial, fd->records[i - 1].serial);
	fake_daemon_settle(test, fd);
}

/*
 * A drain kicked on the CPU where the daemon last asked for something
 * runs on another: a softirq comes before any task, and there it would
 * take the time the daemon needs to write. Softirqs stay off here while
 * it waits, so only another CPU can have sent the record.
 */
static void delivery_drain_runs_off_the_daemon_cpu(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	unsigned int cpu, i, queued = 0;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs online");
	cpu = cpumask_first(cpu_online_mask);
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(cpu)), 0);
	/* From a kworker on this CPU: the daemon's CPU is this one. */
	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);

	local_bh_disable();
	auditlite_log(GFP_ATOMIC, AUDIT_KERNEL_OTHER, "off the daemon's cpu");
	auditlite_delivery_kick();
	for (i = 0; i < 2000 && !queued; i++) {
		udelay(100);	/* checkpatch USLEEP_RANGE: BH is off, so no sleeping */
		queued = skb_queue_len(&fd->sock->sk->sk_receive_queue);
	}
	local_bh_enable();
	set_cpus_allowed_ptr(current, cpu_possible_mask);

	KUNIT_EXPECT_GT(test, queued, 0U);
	KUNIT_ASSERT_EQ(test, fake_daemon_receive(test, fd, 1, 5000), 1U);
	fake_daemon_settle(test, fd);
}

struct kick_storm {
	struct fake_daemon *fd;
	unsigned long until;
	struct completion done;
};

/* Kicks from hard interrupts, between the thread's, on its CPU. */
static enum hrtimer_restart kick_storm_hardirq(struct hrtimer *t)
{
	auditlite_delivery_kick();
	hrtimer_forward_now(t, ns_to_ktime(20 * NSEC_PER_USEC));
	return HRTIMER_RESTART;
}

static int kick_storm_fn(void *arg)
{
	struct kick_storm *ks = arg;
	struct hrtimer timer;

	hrtimer_init_on_stack(&timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	timer.function = kick_storm_hardirq;
	hrtimer_start(&timer, ns_to_ktime(20 * NSEC_PER_USEC),
		      HRTIMER_MODE_REL_PINNED_HARD);
	while (time_before(jiffies, ks->until)) {
		/* Refused, but it makes this CPU the daemon's. */
		fake_daemon_ack(ks->fd, U64_MAX);
		auditlite_delivery_kick();
	}
	hrtimer_cancel(&timer);
	destroy_hrtimer_on_stack(&timer);
	complete(&ks->done);
	return 0;
}

/*
 * Every CPU kicking at once, from a thread and from hard interrupts, each
 * CPU the daemon's in turn, so that each sends the drain to another: the
 * one IPI must be sent by one at a time (sent twice, it is linked onto
 * itself and its CPU loops on it for good).
 */
static void delivery_kicks_from_every_cpu_at_once(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	struct kick_storm ks = { .fd = fd, .until = jiffies + HZ };
	struct task_struct *t;
	unsigned int cpu, n = 0, i;

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	init_completion(&ks.done);
	for_each_online_cpu(cpu) {
		t = kthread_create(kick_storm_fn, &ks, "kick_storm/%u", cpu);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
		kthread_bind(t, cpu);
		wake_up_process(t);
		n++;
	}
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&ks.done, 10 * HZ));
	log_n(1);
	KUNIT_EXPECT_EQ(test, fake_daemon_receive(test, fd, 1, 5000), 1U);
	fake_daemon_settle(test, fd);
}

static struct kunit_case auditlite_delivery_cases[] = {
	KUNIT_CASE(delivery_ack_releases_records_up_to_serial),
	KUNIT_CASE(delivery_ack_of_unknown_serial_is_refused),
	KUNIT_CASE(delivery_ack_from_another_socket_is_refused),
	KUNIT_CASE(delivery_second_daemon_is_refused_while_first_lives),
	KUNIT_CASE(delivery_unacked_records_replay_first_after_reregister),
	KUNIT_CASE(delivery_unacked_records_replay_before_those_held_meanwhile),
	KUNIT_CASE(delivery_full_socket_is_retried_until_all_arrive),
	KUNIT_CASE(delivery_drain_runs_off_the_daemon_cpu),
	KUNIT_CASE(delivery_kicks_from_every_cpu_at_once),
	{}
};

static struct kunit_suite auditlite_delivery_suite = {
	.name = "auditlite_delivery",
	.test_cases = auditlite_delivery_cases,
};

kunit_test_suite(auditlite_delivery_suite);

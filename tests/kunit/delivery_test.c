// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for auditlite's delivery: acks releasing records, replay to a
 * daemon that registers after another died (before what came meanwhile),
 * refusals, and the retry when the daemon's socket is full.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <net/sock.h>
#include <uapi/linux/audit.h>

#include <auditlite/auditlite.h>

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

static struct kunit_case auditlite_delivery_cases[] = {
	KUNIT_CASE(delivery_ack_releases_records_up_to_serial),
	KUNIT_CASE(delivery_ack_of_unknown_serial_is_refused),
	KUNIT_CASE(delivery_ack_from_another_socket_is_refused),
	KUNIT_CASE(delivery_second_daemon_is_refused_while_first_lives),
	KUNIT_CASE(delivery_unacked_records_replay_first_after_reregister),
	KUNIT_CASE(delivery_unacked_records_replay_before_those_held_meanwhile),
	KUNIT_CASE(delivery_full_socket_is_retried_until_all_arrive),
	{}
};

static struct kunit_suite auditlite_delivery_suite = {
	.name = "auditlite_delivery",
	.test_cases = auditlite_delivery_cases,
};

kunit_test_suite(auditlite_delivery_suite);

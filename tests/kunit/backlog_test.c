// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for auditlite's backlog: waiting versus dropping at the
 * limit, the lost counter and its in-band record, the high-water mark, the
 * rate limit, the per-CPU reserve when the slab fails, and the types only
 * the audit daemon may log.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <uapi/linux/audit.h>

#include <auditlite/auditlite.h>

#include "../../src/buffer.h"
#include "../../src/main.h"
#include "../../src/queue.h"
#include "fake_daemon.h"

static struct auditlite_settings saved_settings;

static int backlog_test_init(struct kunit *test)
{
	saved_settings = auditlite_settings;
	return 0;
}

static void backlog_test_exit(struct kunit *test)
{
	auditlite_settings = saved_settings;
}

static void backlog_counts_records_from_start_to_ack(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	u64 before = fake_backlog();
	struct auditlite_buffer *ab;

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	ab = auditlite_log_start(GFP_KERNEL, AUDIT_KERNEL_OTHER);
	KUNIT_ASSERT_NOT_NULL(test, ab);
	KUNIT_EXPECT_EQ(test, fake_backlog(), before + 1);

	auditlite_log_end(ab);
	KUNIT_ASSERT_EQ(test, fake_daemon_receive(test, fd, 1, 5000), 1U);
	/* Sent but not acked: still held. */
	KUNIT_EXPECT_EQ(test, fake_backlog(), before + 1);

	KUNIT_EXPECT_EQ(test, fake_daemon_ack(fd, fd->records[0].serial), 0);
	KUNIT_EXPECT_EQ(test, fake_backlog(), before);
	fake_daemon_settle(test, fd);
}

static void backlog_full_drops_atomic_caller_and_counts_lost(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	struct auditlite_buffer *abs[2];
	u64 lost = fake_lost();

	auditlite_settings.backlog_limit = fake_backlog() + 2;
	fake_hold_records(test, abs, 2);

	KUNIT_EXPECT_NULL(test, auditlite_log_start(GFP_ATOMIC, AUDIT_KERNEL_OTHER));
	KUNIT_EXPECT_EQ(test, fake_lost(), lost + 1);

	fake_end_records(abs, 2);
	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	fake_daemon_settle(test, fd);
}

static void backlog_full_times_out_sleeping_caller_and_counts_lost(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	struct fake_status before, after;
	struct auditlite_buffer *abs[2];

	auditlite_settings.backlog_limit = fake_backlog() + 2;
	auditlite_settings.backlog_wait_time = 100;
	fake_hold_records(test, abs, 2);
	fake_status(&before);

	KUNIT_EXPECT_NULL(test, auditlite_log_start(GFP_KERNEL, AUDIT_KERNEL_OTHER));

	fake_status(&after);
	KUNIT_EXPECT_EQ(test, after.lost, before.lost + 1);
	KUNIT_EXPECT_GE(test, after.wait_time_actual, before.wait_time_actual + 100);

	fake_end_records(abs, 2);
	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	fake_daemon_settle(test, fd);
}

/*
 * Ends the held records and acks them while the test thread waits. It runs
 * on a workqueue, where KUnit assertions must not be used: it acks by the
 * serial it knows, retrying until the record has been sent.
 */
struct backlog_releaser {
	struct delayed_work work;
	struct fake_daemon *fd;
	struct auditlite_buffer *abs[2];
};

static void backlog_release(struct work_struct *work)
{
	struct backlog_releaser *r =
		container_of(to_delayed_work(work), struct backlog_releaser, work);
	u64 serial = r->abs[1]->serial;
	int tries = 1000;

	fake_end_records(r->abs, 2);
	while (fake_daemon_ack(r->fd, serial) == -ENOENT && --tries)
		usleep_range(5000, 6000);
}

static void backlog_full_sleeping_caller_waits_for_room(struct kunit *test)
{
	struct backlog_releaser r = {};
	struct auditlite_buffer *ab;
	u64 lost = fake_lost();

	r.fd = fake_daemon_open(test);
	KUNIT_ASSERT_EQ(test, fake_daemon_register(r.fd), 0);
	auditlite_settings.backlog_limit = fake_backlog() + 2;
	auditlite_settings.backlog_wait_time = 10000;
	fake_hold_records(test, r.abs, 2);
	INIT_DELAYED_WORK_ONSTACK(&r.work, backlog_release);
	schedule_delayed_work(&r.work, msecs_to_jiffies(100));

	/* Before: the backlog is full. After the work acks: room, no loss. */
	ab = auditlite_log_start(GFP_KERNEL, AUDIT_KERNEL_OTHER);
	flush_delayed_work(&r.work);
	destroy_delayed_work_on_stack(&r.work);

	KUNIT_EXPECT_NOT_NULL(test, ab);
	KUNIT_EXPECT_EQ(test, fake_lost(), lost);
	auditlite_log_end(ab);
	fake_daemon_settle(test, r.fd);
}

static void backlog_loss_is_reported_in_band_in_next_batch(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	struct auditlite_buffer *abs[1];
	unsigned int i;
	bool seen = false;

	auditlite_settings.backlog_limit = fake_backlog() + 1;
	fake_hold_records(test, abs, 1);
	KUNIT_EXPECT_NULL(test, auditlite_log_start(GFP_ATOMIC, AUDIT_KERNEL_OTHER));
	KUNIT_EXPECT_NULL(test, auditlite_log_start(GFP_ATOMIC, AUDIT_KERNEL_OTHER));
	auditlite_settings.backlog_limit = 0;
	fake_end_records(abs, 1);

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	fake_daemon_receive(test, fd, 2, 5000);
	for (i = 0; i < fd->count; i++) {
		if (fd->records[i].type != AUDIT_KERNEL)
			continue;
		KUNIT_EXPECT_TRUE_MSG(test, strstr(fd->records[i].text, "op=lost lost=2 "),
				      "lost record says: %s", fd->records[i].text);
		seen = true;
	}
	KUNIT_EXPECT_TRUE(test, seen);
	fake_daemon_settle(test, fd);
}

/* Count the lost records in @fd's records from @from on, adding up @sum. */
static unsigned int lost_records(struct fake_daemon *fd, unsigned int from,
				 long long *sum)
{
	unsigned int i, n = 0;
	long long lost;

	for (i = from; i < fd->count; i++) {
		if (fd->records[i].type != AUDIT_KERNEL ||
		    sscanf(fd->records[i].text, "op=lost lost=%lld ", &lost) != 1)
			continue;
		*sum += lost;
		n++;
	}
	return n;
}

static void backlog_losses_wait_for_the_lost_record_ack(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	struct auditlite_buffer *abs[1];
	long long sum = 0;
	unsigned int got;

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	auditlite_settings.backlog_limit = fake_backlog() + 1;
	fake_hold_records(test, abs, 1);
	KUNIT_EXPECT_NULL(test, auditlite_log_start(GFP_ATOMIC, AUDIT_KERNEL_OTHER));
	got = fake_daemon_receive(test, fd, 1, 5000);
	KUNIT_ASSERT_EQ(test, lost_records(fd, 0, &sum), 1U);

	/* Its lost record unacked, later losses make no record of their own. */
	KUNIT_EXPECT_NULL(test, auditlite_log_start(GFP_ATOMIC, AUDIT_KERNEL_OTHER));
	KUNIT_EXPECT_NULL(test, auditlite_log_start(GFP_ATOMIC, AUDIT_KERNEL_OTHER));
	fake_daemon_receive(test, fd, got + 1, 200);
	KUNIT_EXPECT_EQ(test, lost_records(fd, got, &sum), 0U);

	/* Once it is acked, the next one states both. */
	auditlite_settings.backlog_limit = 0;
	got = fd->count;
	KUNIT_EXPECT_EQ(test, fake_daemon_ack(fd, fd->records[got - 1].serial), 0);
	fake_daemon_receive(test, fd, got + 1, 5000);
	KUNIT_EXPECT_EQ(test, lost_records(fd, got, &sum), 1U);
	KUNIT_EXPECT_EQ(test, sum, 3LL);
	fake_end_records(abs, 1);
	fake_daemon_settle(test, fd);
}

static void backlog_high_water_mark_keeps_the_peak(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	struct auditlite_buffer **abs;
	struct fake_status st;
	u64 base = fake_backlog();
	unsigned int n;

	/* Five past the peak of every test before this one. */
	fake_status(&st);
	n = st.backlog_high_water - base + 5;
	abs = kunit_kcalloc(test, n, sizeof(*abs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, abs);
	auditlite_settings.backlog_limit = 0;
	fake_hold_records(test, abs, n);
	fake_end_records(abs, n);
	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	fake_daemon_settle(test, fd);

	fake_status(&st);
	KUNIT_EXPECT_EQ(test, (u64)st.backlog_high_water, base + n);
	KUNIT_EXPECT_EQ(test, (u64)st.backlog, 0ULL);
}

/*
 * The lost record is held past the limit, never refused: the mark must
 * count it, or status shows more held than the most ever held.
 */
static void backlog_high_water_mark_counts_the_lost_record(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	struct auditlite_buffer **abs, *ab;
	unsigned long deadline;
	struct fake_status st;
	u64 limit;
	unsigned int n;

	/* The limit at the peak so far: the lost record makes a new one. */
	fake_status(&st);
	limit = max_t(u64, st.backlog_high_water, fake_backlog() + 1);
	n = limit - fake_backlog();
	abs = kunit_kcalloc(test, n, sizeof(*abs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, abs);
	auditlite_settings.backlog_limit = limit;
	fake_hold_records(test, abs, n);
	ab = auditlite_log_start(GFP_ATOMIC, AUDIT_KERNEL_OTHER);
	KUNIT_EXPECT_NULL(test, ab);
	auditlite_log_end(ab);

	/* No daemon: the drain queues the lost record and holds it. */
	deadline = jiffies + msecs_to_jiffies(5000);
	while (fake_backlog() <= limit && time_before(jiffies, deadline))
		usleep_range(1000, 2000);
	KUNIT_EXPECT_EQ(test, fake_backlog(), limit + 1);
	fake_status(&st);
	KUNIT_EXPECT_GE(test, (u64)st.backlog_high_water, limit + 1);

	fake_end_records(abs, n);
	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	fake_daemon_settle(test, fd);
}

struct backlog_racer {
	struct work_struct work;
	atomic_t *waiting;
	struct auditlite_buffer **abs;
	long max;
	long held;
};

/* Once every racer is on its CPU, start records until one is refused. */
static void backlog_race(struct work_struct *work)
{
	struct backlog_racer *r = container_of(work, struct backlog_racer, work);

	atomic_dec(r->waiting);
	while (atomic_read(r->waiting))
		cpu_relax();
	for (r->held = 0; r->held < r->max; r->held++) {
		r->abs[r->held] = auditlite_log_start(GFP_ATOMIC, AUDIT_KERNEL_OTHER);
		if (!r->abs[r->held])
			break;
	}
}

/*
 * Callers on every CPU at once, against the limit: each is admitted on
 * the buffers held, which the others' serials may not count yet, so the
 * backlog may pass the limit by one a caller being started, never more.
 */
static void backlog_limit_holds_with_callers_on_every_cpu(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	u64 base = fake_backlog(), lost = fake_lost();
	struct backlog_racer *racers;
	unsigned int cpus;
	long room, held = 0;
	atomic_t waiting;
	int cpu, i = 0;

	racers = kunit_kcalloc(test, nr_cpu_ids, sizeof(*racers), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, racers);
	for (i = 0; i < nr_cpu_ids; i++) {
		racers[i].abs = kunit_kcalloc(test, 64 * nr_cpu_ids + 1,
					      sizeof(*racers[i].abs), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, racers[i].abs);
	}
	i = 0;
	/* The racers wait for each other: no CPU may come or go meanwhile. */
	cpus_read_lock();
	cpus = num_online_cpus();
	room = 64L * cpus;
	auditlite_settings.backlog_limit = base + room;
	atomic_set(&waiting, cpus);
	for_each_online_cpu(cpu) {
		struct backlog_racer *r = &racers[i++];

		r->waiting = &waiting;
		r->max = room + 1;
		INIT_WORK_ONSTACK(&r->work, backlog_race);
		queue_work_on(cpu, system_highpri_wq, &r->work);
	}
	while (i--) {
		flush_work(&racers[i].work);
		destroy_work_on_stack(&racers[i].work);
		held += racers[i].held;
	}
	cpus_read_unlock();

	KUNIT_EXPECT_GE(test, held, room);
	KUNIT_EXPECT_LE(test, held, room + cpus - 1);
	KUNIT_EXPECT_EQ(test, fake_lost(), lost + cpus);

	for (i = 0; i < cpus; i++)
		fake_end_records(racers[i].abs, racers[i].held);
	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	fake_daemon_settle(test, fd);
}

static void backlog_rate_limit_drops_records_past_it(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	u64 lost = fake_lost();
	int i, logged = 0;

	/* A window no earlier test has begun: the first call opens one. */
	auditlite_settings.rate_limit = 5;
	msleep(1100);
	for (i = 0; i < 10; i++) {
		struct auditlite_buffer *ab;

		ab = auditlite_log_start(GFP_ATOMIC, AUDIT_KERNEL_OTHER);
		if (ab)
			logged++;
		auditlite_log_end(ab);
	}
	auditlite_settings.rate_limit = 0;

	KUNIT_EXPECT_EQ(test, logged, 5);
	KUNIT_EXPECT_EQ(test, fake_lost(), lost + 10 - logged);
	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	fake_daemon_settle(test, fd);
}

static void backlog_reserve_serves_atomic_caller_when_slab_fails(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	struct auditlite_buffer *atomic_ab, *sleeping_ab;
	unsigned int reserve, left;

	if (!fake_slab_fails_for_current())
		kunit_skip(test, "failslab is not set up to fail this task");

	preempt_disable();
	reserve = auditlite_reserve_count();
	current->make_it_fail = 1;
	atomic_ab = auditlite_log_start(GFP_ATOMIC, AUDIT_KERNEL_OTHER);
	current->make_it_fail = 0;
	left = auditlite_reserve_count();
	preempt_enable();
	/* Checked once preemptible: a failed expectation allocates. */
	KUNIT_EXPECT_EQ(test, left, reserve - 1);

	current->make_it_fail = 1;
	sleeping_ab = auditlite_log_start(GFP_KERNEL, AUDIT_KERNEL_OTHER);
	current->make_it_fail = 0;

	KUNIT_EXPECT_NOT_NULL(test, atomic_ab);
	/* A caller that may sleep has the page allocator's own reserves. */
	KUNIT_EXPECT_NULL(test, sleeping_ab);
	auditlite_log_format(atomic_ab, "from=reserve");
	auditlite_log_end(atomic_ab);

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	fake_daemon_settle(test, fd);
}

/*
 * 1200-1299 are the audit daemon's own records: a kernel record of those
 * types would pass in the log for one of the daemon's (its serials, its
 * seals). A caller's bug, refused at the start, neither held nor lost.
 */
static void backlog_daemon_types_are_refused_uncounted(struct kunit *test)
{
	static const int refused[] = { 1200, 1210, 1299 };
	static const int admitted[] = { 1199, 1300 };
	struct fake_daemon *fd = fake_daemon_open(test);
	u64 backlog = fake_backlog(), lost = fake_lost();
	struct auditlite_buffer *ab;
	int i;

	for (i = 0; i < ARRAY_SIZE(refused); i++) {
		ab = auditlite_log_start(GFP_KERNEL, refused[i]);
		KUNIT_EXPECT_NULL(test, ab);
		KUNIT_EXPECT_EQ(test, fake_backlog(), backlog);
		/* Were it admitted: delivered, not left held. */
		auditlite_log_end(ab);
	}
	KUNIT_EXPECT_EQ(test, fake_lost(), lost);

	for (i = 0; i < ARRAY_SIZE(admitted); i++) {
		ab = auditlite_log_start(GFP_KERNEL, admitted[i]);
		KUNIT_EXPECT_NOT_NULL(test, ab);
		auditlite_log_end(ab);
	}
	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	fake_daemon_settle(test, fd);
}

static struct kunit_case auditlite_backlog_cases[] = {
	KUNIT_CASE(backlog_counts_records_from_start_to_ack),
	KUNIT_CASE(backlog_full_drops_atomic_caller_and_counts_lost),
	KUNIT_CASE(backlog_full_times_out_sleeping_caller_and_counts_lost),
	KUNIT_CASE(backlog_full_sleeping_caller_waits_for_room),
	KUNIT_CASE(backlog_loss_is_reported_in_band_in_next_batch),
	KUNIT_CASE(backlog_losses_wait_for_the_lost_record_ack),
	KUNIT_CASE(backlog_high_water_mark_keeps_the_peak),
	KUNIT_CASE(backlog_high_water_mark_counts_the_lost_record),
	KUNIT_CASE(backlog_limit_holds_with_callers_on_every_cpu),
	KUNIT_CASE(backlog_rate_limit_drops_records_past_it),
	KUNIT_CASE(backlog_reserve_serves_atomic_caller_when_slab_fails),
	KUNIT_CASE(backlog_daemon_types_are_refused_uncounted),
	{}
};

static struct kunit_suite auditlite_backlog_suite = {
	.name = "auditlite_backlog",
	.init = backlog_test_init,
	.exit = backlog_test_exit,
	.test_cases = auditlite_backlog_cases,
};

kunit_test_suite(auditlite_backlog_suite);

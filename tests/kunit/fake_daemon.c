// SPDX-License-Identifier: GPL-2.0
/*
 * A daemon for the KUnit suites: see fake_daemon.h.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include <uapi/linux/audit.h>

#include <auditlite/auditlite.h>
#include <uapi/auditlite.h>

#include "../../src/backlog.h"
#include "../../src/delivery.h"
#include "fake_daemon.h"

#define FAKE_DAEMON_BUF		(64 * 1024)

static int fake_daemon_resource_init(struct kunit_resource *res, void *fd)
{
	res->data = fd;
	return 0;
}

static void fake_daemon_resource_free(struct kunit_resource *res)
{
	fake_daemon_close(res->data);
}

/**
 * fake_daemon_open - open a socket to receive auditlite batches on
 * @test: the test; the socket is closed when it ends, if not before
 *
 * Return: the daemon; the test fails and stops if it cannot be opened.
 */
struct fake_daemon *fake_daemon_open(struct kunit *test)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	struct fake_daemon *fd;
	int ret, one = 1;

	fd = kunit_kzalloc(test, sizeof(*fd), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fd);
	fd->records = kunit_kcalloc(test, FAKE_DAEMON_MAX_RECORDS,
				    sizeof(*fd->records), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fd->records);
	fd->buf = kunit_kzalloc(test, FAKE_DAEMON_BUF, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fd->buf);

	ret = sock_create_kern(&init_net, AF_NETLINK, SOCK_RAW, NETLINK_GENERIC,
			       &fd->sock);
	KUNIT_ASSERT_EQ(test, ret, 0);
	/* Like auditd-lite: a full socket must not turn into ENOBUFS errors. */
	ret = fd->sock->ops->setsockopt(fd->sock, SOL_NETLINK, NETLINK_NO_ENOBUFS,
					KERNEL_SOCKPTR(&one), sizeof(one));
	if (!ret)
		ret = kernel_bind(fd->sock, (struct sockaddr *)&addr, sizeof(addr));
	if (!ret)
		ret = kernel_getsockname(fd->sock, (struct sockaddr *)&addr);
	if (ret < 0) {
		sock_release(fd->sock);
		KUNIT_ASSERT_FAILURE(test, "setting up the netlink socket: %d", ret);
	}
	fd->portid = addr.nl_pid;
	if (!kunit_alloc_resource(test, fake_daemon_resource_init,
				  fake_daemon_resource_free, GFP_KERNEL, fd)) {
		fake_daemon_close(fd);
		KUNIT_ASSERT_FAILURE(test, "no memory for the test resource");
	}
	return fd;
}

/**
 * fake_daemon_close - close the socket, as a daemon that dies does
 * @fd: the daemon
 */
void fake_daemon_close(struct fake_daemon *fd)
{
	if (fd->sock) {
		sock_release(fd->sock);
		fd->sock = NULL;
	}
}

static long fake_daemon_register_fn(void *arg)
{
	struct fake_daemon *fd = arg;
	pid_t old;

	return auditlite_delivery_register(fd->portid, &old, NULL);
}

/**
 * fake_daemon_register - become the auditlite daemon
 * @fd: the daemon
 *
 * Registered from a kworker, as a daemon is another process than the
 * test's: the daemon's own records never wait for room, the test's do.
 *
 * Return: 0 or auditlite_delivery_register()'s error.
 */
int fake_daemon_register(struct fake_daemon *fd)
{
	return work_on_cpu(raw_smp_processor_id(), fake_daemon_register_fn, fd);
}

/**
 * fake_daemon_register_current - become the daemon, in the test's thread
 * @fd: the daemon
 *
 * Return: 0 or auditlite_delivery_register()'s error.
 */
int fake_daemon_register_current(struct fake_daemon *fd)
{
	return fake_daemon_register_fn(fd);
}

static void fake_daemon_parse(struct kunit *test, struct fake_daemon *fd,
			      struct nlmsghdr *nlh)
{
	struct nlattr *tb[AUDITLITE_RECORD_A_MAX + 1];
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct fake_record *r;
	struct nlattr *a;
	int rem;

	if (gh->cmd != AUDITLITE_CMD_RECORDS)
		return;
	nla_for_each_attr(a, genlmsg_data(gh), genlmsg_len(gh), rem) {
		if (nla_type(a) != AUDITLITE_A_RECORD)
			continue;
		KUNIT_ASSERT_LT(test, fd->count, FAKE_DAEMON_MAX_RECORDS);
		KUNIT_ASSERT_EQ(test, 0,
				nla_parse_nested_deprecated(tb, AUDITLITE_RECORD_A_MAX,
							    a, NULL, NULL));
		KUNIT_ASSERT_NOT_NULL(test, tb[AUDITLITE_RECORD_A_SERIAL]);
		KUNIT_ASSERT_NOT_NULL(test, tb[AUDITLITE_RECORD_A_TEXT]);
		r = &fd->records[fd->count++];
		r->serial = nla_get_u64(tb[AUDITLITE_RECORD_A_SERIAL]);
		r->type = nla_get_u32(tb[AUDITLITE_RECORD_A_TYPE]);
		r->flags = nla_get_u32(tb[AUDITLITE_RECORD_A_FLAGS]);
		r->cpu = nla_get_u32(tb[AUDITLITE_RECORD_A_CPU]);
		nla_strscpy(r->text, tb[AUDITLITE_RECORD_A_TEXT], sizeof(r->text));
	}
}

/**
 * fake_daemon_receive - read batches until @want records are in
 * @test: the test
 * @fd: the daemon
 * @want: total records to have received
 * @timeout_ms: how long to keep trying
 *
 * Return: the total number of records received.
 */
unsigned int fake_daemon_receive(struct kunit *test, struct fake_daemon *fd,
				 unsigned int want, unsigned int timeout_ms)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);
	struct kvec vec = { .iov_base = fd->buf, .iov_len = FAKE_DAEMON_BUF };
	struct msghdr msg = {};
	struct nlmsghdr *nlh;
	int len;

	while (fd->count < want && time_before(jiffies, deadline)) {
		len = kernel_recvmsg(fd->sock, &msg, &vec, 1, FAKE_DAEMON_BUF,
				     MSG_DONTWAIT);
		if (len == -EAGAIN) {
			usleep_range(5000, 10000);
			continue;
		}
		KUNIT_ASSERT_GT(test, len, 0);
		for (nlh = fd->buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len))
			fake_daemon_parse(test, fd, nlh);
	}
	return fd->count;
}

/**
 * fake_daemon_ack - ack through auditlite's ACK path
 * @fd: the daemon
 * @serial: the last record written
 *
 * Return: what auditlite_delivery_ack() returns.
 */
int fake_daemon_ack(struct fake_daemon *fd, u64 serial)
{
	return auditlite_delivery_ack(fd->portid, serial, NULL);
}

/**
 * fake_daemon_settle - receive and ack everything held, then close
 * @test: the test
 * @fd: a registered daemon
 *
 * Leaves the module holding nothing, and no loss unreported (which the
 * next drain would make a record of), for the next test.
 */
void fake_daemon_settle(struct kunit *test, struct fake_daemon *fd)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(5000);
	unsigned int acked = 0;

	/* Losses not yet reported become a record at the next drain. */
	while ((fake_backlog() || auditlite_backlog_unreported()) &&
	       time_before(jiffies, deadline)) {
		/* The test may have acked some already: -ENOENT is fine. */
		if (fd->count > acked) {
			fake_daemon_ack(fd, fd->records[fd->count - 1].serial);
			acked = fd->count;
		}
		fake_daemon_receive(test, fd, fd->count + 1, 50);
	}
	KUNIT_EXPECT_EQ_MSG(test, fake_backlog(), 0ULL,
			    "records still held after settling");
	KUNIT_EXPECT_EQ_MSG(test, auditlite_backlog_unreported(), 0LL,
			    "losses still unreported after settling");
	fake_daemon_close(fd);
}

/**
 * fake_status - the counters of auditlite's status, in one snapshot
 * @st: filled in
 */
void fake_status(struct fake_status *st)
{
	struct auditlite_delivery_status ds;
	struct auditlite_backlog_status bs;

	auditlite_delivery_status(&ds);
	auditlite_backlog_status(&bs);
	st->backlog = bs.backlog;
	st->backlog_high_water = bs.backlog_high_water;
	st->lost = bs.lost;
	st->wait_time_actual = bs.wait_time_actual;
	st->sent = ds.sent;
	st->acked = ds.acked;
}

/* Records auditlite holds now. */
u64 fake_backlog(void)
{
	struct fake_status st;

	fake_status(&st);
	return st.backlog;
}

/* Records auditlite has lost since load. */
u64 fake_lost(void)
{
	struct fake_status st;

	fake_status(&st);
	return st.lost;
}

/**
 * fake_hold_records - start records and keep them open
 * @test: the test
 * @abs: where they go
 * @n: how many
 *
 * Open records hold their place in the backlog, which no ack can free.
 */
void fake_hold_records(struct kunit *test, struct auditlite_buffer **abs, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		abs[i] = auditlite_log_start(GFP_ATOMIC, AUDIT_KERNEL_OTHER);
		KUNIT_ASSERT_NOT_NULL(test, abs[i]);
	}
}

/**
 * fake_end_records - end the records fake_hold_records() started
 * @abs: the records
 * @n: how many
 */
void fake_end_records(struct auditlite_buffer **abs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		auditlite_log_end(abs[i]);
}

/**
 * fake_slab_fails_for_current - failslab fails this task's allocations
 *
 * tests/kunit/run.sh sets failslab to fail every allocation of a task that
 * asks (make_it_fail), and only those.
 *
 * Return: true if it does.
 */
bool fake_slab_fails_for_current(void)
{
	void *p;

	current->make_it_fail = 1;
	p = kmalloc(16, GFP_ATOMIC | __GFP_NOWARN);
	current->make_it_fail = 0;
	kfree(p);
	return !p;
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for auditlite");
MODULE_IMPORT_NS(AUDITLITE);
MODULE_IMPORT_NS(AUDITLITE_KUNIT);

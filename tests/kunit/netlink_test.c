// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for auditlite's Generic Netlink family, through its handlers:
 * the privileges each command asks of the process that sends it, requests
 * that must not wait under genl_mutex, settings logged before they apply,
 * listeners. Requests go through the real genetlink path, from sockets
 * opened with chosen credentials.
 */

#include <kunit/test.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/jiffies.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include <uapi/linux/audit.h>

#include <auditlite/auditlite.h>
#include <uapi/auditlite.h>

#include "../../src/main.h"
#include "fake_daemon.h"

/* Room for any message, to see how long each one is. */
#define NETLINK_TEST_BUF	32768

/* Records a listener or daemon here keeps the serials of. */
#define NETLINK_TEST_RECORDS	1024

/**
 * struct netlink_requester - a netlink socket with its own credentials
 * @file: the socket's file, which holds the credentials it was opened with
 * @sock: the socket
 * @cred: the credentials it sends with, NULL for the test's own
 * @buf: receive buffer
 * @extack: the message of the last error answer, "" if none
 */
struct netlink_requester {
	struct file *file;
	struct socket *sock;
	const struct cred *cred;
	void *buf;
	char extack[128];
};

static int requester_resource_init(struct kunit_resource *res, void *r)
{
	res->data = r;
	return 0;
}

static void requester_resource_free(struct kunit_resource *res)
{
	struct netlink_requester *r = res->data;

	fput(r->file);
	if (r->cred)
		put_cred(r->cred);
}

/*
 * A socket opened, and used, with @cred (taken over), or with the test's
 * own credentials if NULL: genetlink asks both the opener and the sender
 * for a capability (__netlink_ns_capable()).
 */
static struct netlink_requester *requester_open(struct kunit *test, const struct cred *cred)
{
	struct netlink_requester *r;
	const struct cred *old = NULL;
	int ret, one = 1;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->buf = kunit_kzalloc(test, NETLINK_TEST_BUF, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->buf);

	if (cred)
		old = override_creds(cred);
	ret = sock_create_kern(&init_net, AF_NETLINK, SOCK_RAW, NETLINK_GENERIC,
			       &r->sock);
	if (!ret) {
		/* The file takes the current credentials, and the socket. */
		r->file = sock_alloc_file(r->sock, 0, NULL);
		if (IS_ERR(r->file))
			ret = PTR_ERR(r->file);
	}
	if (cred)
		revert_creds(old);
	if (ret) {
		if (cred)
			put_cred(cred);
		KUNIT_ASSERT_FAILURE(test, "opening the netlink socket: %d", ret);
	}
	r->cred = cred;
	if (!kunit_alloc_resource(test, requester_resource_init,
				  requester_resource_free, GFP_KERNEL, r)) {
		fput(r->file);
		if (cred)
			put_cred(cred);
		KUNIT_ASSERT_FAILURE(test, "no memory for the test resource");
	}
	/* Errors with their message, and without the request echoed. */
	ret = r->sock->ops->setsockopt(r->sock, SOL_NETLINK, NETLINK_EXT_ACK,
				       KERNEL_SOCKPTR(&one), sizeof(one));
	if (!ret)
		ret = r->sock->ops->setsockopt(r->sock, SOL_NETLINK, NETLINK_CAP_ACK,
					       KERNEL_SOCKPTR(&one), sizeof(one));
	KUNIT_ASSERT_EQ(test, ret, 0);
	return r;
}

/* The test's credentials with no capability but @cap. */
static const struct cred *creds_only(struct kunit *test, int cap)
{
	struct cred *cred = prepare_creds();

	KUNIT_ASSERT_NOT_NULL(test, cred);
	cap_clear(cred->cap_effective);
	cap_raise(cred->cap_effective, cap);
	return cred;
}

/* The test's credentials, less @cap. */
static const struct cred *creds_without(struct kunit *test, int cap)
{
	struct cred *cred = prepare_creds();

	KUNIT_ASSERT_NOT_NULL(test, cred);
	cap_lower(cred->cap_effective, cap);
	return cred;
}

/* Keep the message of an error answer, if it has one. */
static void requester_keep_extack(struct netlink_requester *r,
				  const struct nlmsghdr *nlh)
{
	const struct nlattr *msg;
	int len = nlmsg_len(nlh) - (int)sizeof(struct nlmsgerr);

	r->extack[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || len <= 0)
		return;
	msg = nla_find((const struct nlattr *)((const char *)nlmsg_data(nlh) +
					       sizeof(struct nlmsgerr)),
		       len, NLMSGERR_ATTR_MSG);
	if (msg)
		nla_strscpy(r->extack, msg, sizeof(r->extack));
}

/*
 * Send a request of @type (a family id), @cmd, with the u32 attribute
 * @attr (or a string @name for it, if not NULL; none if @attr is 0), as the requester's
 * credentials; genetlink handles it before sendmsg returns. Returns the
 * error of its answer (0 or -errno); *@family is set from a reply that
 * names a family id.
 */
static int requester_send(struct kunit *test, struct netlink_requester *r,
			  u16 type, u8 cmd, int attr, u32 value,
			  const char *name, u16 *family)
{
	struct msghdr msg = {};
	const struct cred *old = NULL;
	struct genlmsghdr *gh;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	struct kvec vec;
	int ret, len, tries;

	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	nlh = nlmsg_put(skb, 0, 1, type, GENL_HDRLEN, NLM_F_REQUEST | NLM_F_ACK);
	gh = nlmsg_data(nlh);
	gh->cmd = cmd;
	gh->version = type == GENL_ID_CTRL ? 1 : AUDITLITE_FAMILY_VERSION;
	gh->reserved = 0;
	ret = !attr ? 0 : name ? nla_put_string(skb, attr, name) :
			  nla_put_u32(skb, attr, value);
	if (ret) {
		kfree_skb(skb);
		KUNIT_ASSERT_FAILURE(test, "building the request: %d", ret);
	}
	nlmsg_end(skb, nlh);

	vec.iov_base = skb->data;
	vec.iov_len = skb->len;
	if (r->cred)
		old = override_creds(r->cred);
	ret = kernel_sendmsg(r->sock, &msg, &vec, 1, skb->len);
	if (r->cred)
		revert_creds(old);
	len = skb->len;
	kfree_skb(skb);
	KUNIT_ASSERT_EQ(test, ret, len);

	/* A reply, if any, then the ack or error: all queued already. */
	for (tries = 0; tries < 4; tries++) {
		vec.iov_base = r->buf;
		vec.iov_len = NETLINK_TEST_BUF;
		len = kernel_recvmsg(r->sock, &msg, &vec, 1, NETLINK_TEST_BUF,
				     MSG_DONTWAIT);
		KUNIT_ASSERT_GT_MSG(test, len, 0, "no answer to command %u", cmd);
		for (nlh = r->buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				requester_keep_extack(r, nlh);
				return ((struct nlmsgerr *)nlmsg_data(nlh))->error;
			}
			if (family && nlh->nlmsg_type == GENL_ID_CTRL) {
				const struct nlattr *id;

				id = nla_find(genlmsg_data(nlmsg_data(nlh)),
					      genlmsg_len(nlmsg_data(nlh)),
					      CTRL_ATTR_FAMILY_ID);
				if (id)
					*family = nla_get_u16(id);
			}
		}
	}
	KUNIT_ASSERT_FAILURE(test, "no ack for command %u", cmd);
	return 0;
}

/**
 * struct netlink_records - the serials of the records a socket received
 * @serial: in the order received
 * @count: records in @serial
 * @max_batch: the longest RECORDS message that held more than one record
 */
struct netlink_records {
	u64 serial[NETLINK_TEST_RECORDS];
	unsigned int count;
	int max_batch;
};

/* Read RECORDS messages until @want records are in or @timeout_ms passed. */
static unsigned int requester_receive(struct kunit *test, struct netlink_requester *r,
				      struct netlink_records *recs, unsigned int want,
				      unsigned int timeout_ms)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);
	struct nlattr *tb[AUDITLITE_RECORD_A_MAX + 1];
	struct msghdr msg = {};
	struct genlmsghdr *gh;
	struct nlmsghdr *nlh;
	struct nlattr *a;
	struct kvec vec;
	int len, rem, n;

	while (recs->count < want && time_before(jiffies, deadline)) {
		vec.iov_base = r->buf;
		vec.iov_len = NETLINK_TEST_BUF;
		len = kernel_recvmsg(r->sock, &msg, &vec, 1, NETLINK_TEST_BUF,
				     MSG_DONTWAIT);
		if (len == -EAGAIN || len == -ENOBUFS) {
			usleep_range(5000, 10000);
			continue;
		}
		KUNIT_ASSERT_GT(test, len, 0);
		for (nlh = r->buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
			gh = nlmsg_data(nlh);
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE ||
			    gh->cmd != AUDITLITE_CMD_RECORDS)
				continue;
			n = 0;
			nla_for_each_attr(a, genlmsg_data(gh), genlmsg_len(gh), rem) {
				KUNIT_ASSERT_LT(test, recs->count, NETLINK_TEST_RECORDS);
				KUNIT_ASSERT_EQ(test, 0,
						nla_parse_nested_deprecated(tb,
									    AUDITLITE_RECORD_A_MAX,
									    a, NULL, NULL));
				KUNIT_ASSERT_NOT_NULL(test, tb[AUDITLITE_RECORD_A_SERIAL]);
				recs->serial[recs->count++] =
					nla_get_u64(tb[AUDITLITE_RECORD_A_SERIAL]);
				n++;
			}
			if (n > 1)
				recs->max_batch = max_t(int, recs->max_batch, nlh->nlmsg_len);
		}
	}
	return recs->count;
}

/* auditlite's family id, asked of the genetlink controller. */
static u16 family_id(struct kunit *test)
{
	struct netlink_requester *r = requester_open(test, NULL);
	u16 family = 0;

	KUNIT_ASSERT_EQ(test, requester_send(test, r, GENL_ID_CTRL,
					     CTRL_CMD_GETFAMILY,
					     CTRL_ATTR_FAMILY_NAME, 0,
					     AUDITLITE_FAMILY_NAME, &family), 0);
	KUNIT_ASSERT_NE(test, family, 0);
	return family;
}

static void netlink_set_without_cap_audit_control_is_refused(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	u32 limit = READ_ONCE(auditlite_settings.backlog_limit);
	struct netlink_requester *net_admin, *both;
	u16 family = family_id(test);

	/* The daemon takes the records of the changes, if any are made. */
	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	net_admin = requester_open(test, creds_without(test, CAP_AUDIT_CONTROL));
	both = requester_open(test, NULL);

	/*
	 * CAP_NET_ADMIN passes genetlink's GENL_ADMIN_PERM check: the
	 * family's own check for CAP_AUDIT_CONTROL is what refuses.
	 */
	KUNIT_EXPECT_EQ(test, requester_send(test, net_admin, family,
					     AUDITLITE_CMD_SET,
					     AUDITLITE_A_BACKLOG_LIMIT,
					     limit + 1, NULL, NULL), -EPERM);
	KUNIT_EXPECT_STREQ(test, net_admin->extack, "CAP_AUDIT_CONTROL is required");
	KUNIT_EXPECT_EQ(test, READ_ONCE(auditlite_settings.backlog_limit), limit);

	/* The same request with CAP_AUDIT_CONTROL too is applied. */
	KUNIT_EXPECT_EQ(test, requester_send(test, both, family,
					     AUDITLITE_CMD_SET,
					     AUDITLITE_A_BACKLOG_LIMIT,
					     limit + 1, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(auditlite_settings.backlog_limit), limit + 1);

	WRITE_ONCE(auditlite_settings.backlog_limit, limit);
	fake_daemon_settle(test, fd);
}

static struct auditlite_settings saved_settings;

static int netlink_test_init(struct kunit *test)
{
	saved_settings = auditlite_settings;
	return 0;
}

static void netlink_test_exit(struct kunit *test)
{
	auditlite_settings = saved_settings;
}

static void netlink_register_with_full_backlog_returns_at_once(struct kunit *test)
{
	struct netlink_requester *daemon = requester_open(test, NULL);
	struct fake_daemon *fd = fake_daemon_open(test);
	u16 family = family_id(test);
	struct auditlite_buffer *abs[4];
	unsigned long start, took;

	/* Full, and nothing can make room while the caller would wait. */
	WRITE_ONCE(auditlite_settings.backlog_limit, fake_backlog() + 4);
	WRITE_ONCE(auditlite_settings.backlog_wait_time, 3000);
	fake_hold_records(test, abs, 4);

	/* Before: REGISTER slept 3 s under genl_mutex, logging its record. */
	start = jiffies;
	KUNIT_EXPECT_EQ(test, requester_send(test, daemon, family,
					     AUDITLITE_CMD_REGISTER, 0, 0,
					     NULL, NULL), 0);
	took = jiffies - start;
	KUNIT_EXPECT_LT_MSG(test, took, (unsigned long)HZ,
			    "REGISTER took %u ms", jiffies_to_msecs(took));

	fake_end_records(abs, 4);
	KUNIT_EXPECT_EQ(test, requester_send(test, daemon, family,
					     AUDITLITE_CMD_UNREGISTER, 0, 0,
					     NULL, NULL), 0);
	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	fake_daemon_settle(test, fd);
}

static void netlink_daemon_records_never_wait(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);
	struct auditlite_buffer *abs[2], *ab;
	unsigned long start, took;

	/* The test's own thread is the daemon here. */
	KUNIT_ASSERT_EQ(test, fake_daemon_register_current(fd), 0);
	WRITE_ONCE(auditlite_settings.backlog_limit, fake_backlog() + 2);
	WRITE_ONCE(auditlite_settings.backlog_wait_time, 3000);
	fake_hold_records(test, abs, 2);

	start = jiffies;
	ab = auditlite_log_start(GFP_KERNEL, AUDIT_KERNEL_OTHER);
	took = jiffies - start;

	/* Dropped and counted at once: only the daemon could make room. */
	KUNIT_EXPECT_NULL(test, ab);
	KUNIT_EXPECT_LT_MSG(test, took, (unsigned long)HZ,
			    "the daemon's record waited %u ms", jiffies_to_msecs(took));
	auditlite_log_end(ab);
	fake_end_records(abs, 2);
	fake_daemon_settle(test, fd);
}

/* Whether @fd received a record whose text holds @s. */
static bool received(struct fake_daemon *fd, const char *s)
{
	unsigned int i;

	for (i = 0; i < fd->count; i++)
		if (strstr(fd->records[i].text, s))
			return true;
	return false;
}

static void netlink_set_logs_each_change_before_it_applies(struct kunit *test)
{
	struct netlink_requester *admin = requester_open(test, NULL);
	struct fake_daemon *fd = fake_daemon_open(test);
	u16 family = family_id(test);
	struct auditlite_buffer **abs;
	char want[64];
	int n = 100;

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);

	/* Before: enabled 0 applied first, and its record was refused. */
	KUNIT_EXPECT_EQ(test, requester_send(test, admin, family, AUDITLITE_CMD_SET,
					     AUDITLITE_A_ENABLED, 0, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(auditlite_settings.enabled), 0U);
	KUNIT_EXPECT_EQ(test, requester_send(test, admin, family, AUDITLITE_CMD_SET,
					     AUDITLITE_A_ENABLED, 1, NULL, NULL), 0);

	/*
	 * A limit far below what is held (past the room records of
	 * configuration have beyond it) must not drop the record of itself.
	 */
	abs = kunit_kcalloc(test, n, sizeof(*abs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, abs);
	fake_hold_records(test, abs, n);
	KUNIT_EXPECT_EQ(test, requester_send(test, admin, family, AUDITLITE_CMD_SET,
					     AUDITLITE_A_BACKLOG_LIMIT, 1, NULL, NULL), 0);
	fake_end_records(abs, n);
	WRITE_ONCE(auditlite_settings.backlog_limit, saved_settings.backlog_limit);

	fake_daemon_receive(test, fd, n + 3, 5000);
	KUNIT_EXPECT_TRUE(test, received(fd, "op=set enabled=0 old=1 "));
	KUNIT_EXPECT_TRUE(test, received(fd, "op=set enabled=1 old=0 "));
	KUNIT_EXPECT_TRUE(test, received(fd, "op=set backlog_limit=1 "));
	/* Who made the change, as the kernel's CONFIG_CHANGE says it. */
	snprintf(want, sizeof(want), " pid=%d uid=0 auid=", task_tgid_nr(current));
	KUNIT_EXPECT_TRUE(test, received(fd, want));
	KUNIT_EXPECT_TRUE(test, received(fd, " ses="));
	fake_daemon_settle(test, fd);
}

static void netlink_control_needs_cap_audit_control_alone(struct kunit *test)
{
	struct netlink_requester *control;
	struct fake_daemon *fd = fake_daemon_open(test);
	u32 limit = READ_ONCE(auditlite_settings.backlog_limit);
	u16 family = family_id(test);

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	control = requester_open(test, creds_only(test, CAP_AUDIT_CONTROL));

	/* Before: GENL_ADMIN_PERM asked CAP_NET_ADMIN too. */
	KUNIT_EXPECT_EQ(test, requester_send(test, control, family,
					     AUDITLITE_CMD_SET,
					     AUDITLITE_A_BACKLOG_LIMIT,
					     limit + 1, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(auditlite_settings.backlog_limit), limit + 1);
	fake_daemon_settle(test, fd);
}

static void netlink_status_needs_cap_audit_read_or_control(struct kunit *test)
{
	struct netlink_requester *nobody, *reader;
	struct cred *cred = prepare_creds();
	u16 family = family_id(test);

	KUNIT_ASSERT_NOT_NULL(test, cred);
	cap_lower(cred->cap_effective, CAP_AUDIT_READ);
	cap_lower(cred->cap_effective, CAP_AUDIT_CONTROL);
	nobody = requester_open(test, cred);
	reader = requester_open(test, creds_only(test, CAP_AUDIT_READ));

	/* Before: anyone read the daemon's pid and every counter. */
	KUNIT_EXPECT_EQ(test, requester_send(test, nobody, family,
					     AUDITLITE_CMD_GET_STATUS, 0, 0,
					     NULL, NULL), -EPERM);
	KUNIT_EXPECT_EQ(test, requester_send(test, reader, family,
					     AUDITLITE_CMD_GET_STATUS, 0, 0,
					     NULL, NULL), 0);
}

static void netlink_listen_needs_cap_audit_read(struct kunit *test)
{
	struct netlink_requester *net_admin, *reader;
	u16 family = family_id(test);

	net_admin = requester_open(test, creds_without(test, CAP_AUDIT_READ));
	reader = requester_open(test, creds_only(test, CAP_AUDIT_READ));

	/* Before: the "log" group let in CAP_NET_ADMIN alone. */
	KUNIT_EXPECT_EQ(test, requester_send(test, net_admin, family,
					     AUDITLITE_CMD_LISTEN, 0, 0,
					     NULL, NULL), -EPERM);
	KUNIT_EXPECT_STREQ(test, net_admin->extack, "CAP_AUDIT_READ is required");
	KUNIT_EXPECT_EQ(test, requester_send(test, reader, family,
					     AUDITLITE_CMD_LISTEN, 0, 0,
					     NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, requester_send(test, reader, family,
					     AUDITLITE_CMD_UNLISTEN, 0, 0,
					     NULL, NULL), 0);
}

static void netlink_listener_gets_each_record_once(struct kunit *test)
{
	struct fake_daemon *dead = fake_daemon_open(test);
	struct fake_daemon *next = fake_daemon_open(test);
	struct netlink_records *seen;
	struct netlink_requester *l;
	u16 family = family_id(test);
	unsigned int i, j, n = 200;

	seen = kunit_kzalloc(test, sizeof(*seen), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	l = requester_open(test, creds_only(test, CAP_AUDIT_READ));
	KUNIT_ASSERT_EQ(test, requester_send(test, l, family, AUDITLITE_CMD_LISTEN,
					     0, 0, NULL, NULL), 0);

	/* Room for a batch at a time: the delivery retries, again and again. */
	WRITE_ONCE(dead->sock->sk->sk_rcvbuf, SOCK_MIN_RCVBUF);
	KUNIT_ASSERT_EQ(test, fake_daemon_register(dead), 0);
	for (i = 0; i < n; i++)
		auditlite_log(GFP_KERNEL, AUDIT_KERNEL_OTHER, "i=%u", i);
	KUNIT_ASSERT_EQ(test, fake_daemon_receive(test, dead, n, 20000), n);

	/* Unacked, then replayed to the next daemon. */
	fake_daemon_close(dead);
	KUNIT_ASSERT_EQ(test, fake_daemon_register(next), 0);
	KUNIT_ASSERT_EQ(test, fake_daemon_receive(test, next, n, 10000), n);

	/* Before: every retry and the replay were copied again. */
	requester_receive(test, l, seen, n + 1, 500);
	KUNIT_EXPECT_EQ(test, seen->count, n);
	for (i = 0; i < seen->count && i < n; i++) {
		KUNIT_EXPECT_EQ(test, seen->serial[i], next->records[i].serial);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, seen->serial[i], seen->serial[j]);
	}
	fake_daemon_settle(test, next);
}

static void netlink_batches_fit_in_a_page(struct kunit *test)
{
	struct netlink_requester *daemon = requester_open(test, NULL);
	struct fake_daemon *fd = fake_daemon_open(test);
	struct netlink_records *got;
	u16 family = family_id(test);
	unsigned int i, n = 300;

	got = kunit_kzalloc(test, sizeof(*got), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, got);
	KUNIT_ASSERT_EQ(test, requester_send(test, daemon, family,
					     AUDITLITE_CMD_REGISTER, 0, 0,
					     NULL, NULL), 0);
	for (i = 0; i < n; i++)
		auditlite_log(GFP_KERNEL, AUDIT_KERNEL_OTHER, "i=%u %*s", i, 40, "x");

	/* The REGISTER's own record may have come before its ack. */
	KUNIT_EXPECT_GE(test, requester_receive(test, daemon, got, n, 10000), n);
	/* Before: 16 KiB batches, order-3 atomic allocations. */
	KUNIT_EXPECT_GT(test, got->max_batch, 0);
	KUNIT_EXPECT_LE(test, got->max_batch, (int)PAGE_SIZE);

	KUNIT_EXPECT_EQ(test, requester_send(test, daemon, family,
					     AUDITLITE_CMD_UNREGISTER, 0, 0,
					     NULL, NULL), 0);
	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	fake_daemon_settle(test, fd);
}

static struct kunit_case auditlite_netlink_cases[] = {
	KUNIT_CASE(netlink_set_without_cap_audit_control_is_refused),
	KUNIT_CASE(netlink_register_with_full_backlog_returns_at_once),
	KUNIT_CASE(netlink_daemon_records_never_wait),
	KUNIT_CASE(netlink_set_logs_each_change_before_it_applies),
	KUNIT_CASE(netlink_control_needs_cap_audit_control_alone),
	KUNIT_CASE(netlink_status_needs_cap_audit_read_or_control),
	KUNIT_CASE(netlink_listen_needs_cap_audit_read),
	KUNIT_CASE(netlink_listener_gets_each_record_once),
	KUNIT_CASE(netlink_batches_fit_in_a_page),
	{}
};

static struct kunit_suite auditlite_netlink_suite = {
	.name = "auditlite_netlink",
	.init = netlink_test_init,
	.exit = netlink_test_exit,
	.test_cases = auditlite_netlink_cases,
};

kunit_test_suite(auditlite_netlink_suite);

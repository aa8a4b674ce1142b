// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for auditlite's Generic Netlink family: the privileges its
 * control commands ask of the process that sends them. Requests go through
 * the real genetlink path, from sockets opened with chosen credentials.
 */

#include <kunit/test.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include <uapi/auditlite.h>

#include "../../src/main.h"
#include "fake_daemon.h"

#define NETLINK_TEST_BUF	4096

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
 * @attr (or a string @name for it, if not NULL), as the requester's
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
	ret = name ? nla_put_string(skb, attr, name) : nla_put_u32(skb, attr, value);
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

static struct kunit_case auditlite_netlink_cases[] = {
	KUNIT_CASE(netlink_set_without_cap_audit_control_is_refused),
	{}
};

static struct kunit_suite auditlite_netlink_suite = {
	.name = "auditlite_netlink",
	.test_cases = auditlite_netlink_cases,
};

kunit_test_suite(auditlite_netlink_suite);

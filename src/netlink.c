// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite Generic Netlink family: the ABI is documented in
 * include/uapi/auditlite.h.
 *
 * Control requests check the capability first, as kernel/audit.c does, then
 * act; every change of a setting is itself logged as a record with the old
 * and new values.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/sched.h>
#include <net/genetlink.h>
#include <uapi/linux/audit.h>

#include <auditlite/auditlite.h>
#include <uapi/auditlite.h>

#include "buffer.h"
#include "main.h"
#include "netlink.h"
#include "queue.h"

/* A batch's size: it must hold at least the largest record. */
#define AUDITLITE_BATCH_SIZE	(16 * 1024)
static_assert(AUDITLITE_BATCH_SIZE - AUDITLITE_MESSAGE_TEXT_MAX > 256);

/* Not const: the 6.1 policy macros take a plain pointer. */
static struct netlink_range_validation auditlite_wait_time_range = {
	.max = AUDITLITE_BACKLOG_WAIT_TIME_MAX,
};

static const struct nla_policy auditlite_ack_policy[AUDITLITE_A_MAX + 1] = {
	[AUDITLITE_A_ACK_SERIAL] = { .type = NLA_U64 },
};

static const struct nla_policy auditlite_set_policy[AUDITLITE_A_MAX + 1] = {
	[AUDITLITE_A_ENABLED] = NLA_POLICY_MAX(NLA_U32, 1),
	[AUDITLITE_A_FAILURE] = NLA_POLICY_MAX(NLA_U32, AUDITLITE_FAIL_PANIC),
	[AUDITLITE_A_RATE_LIMIT] = { .type = NLA_U32 },
	[AUDITLITE_A_BACKLOG_LIMIT] = { .type = NLA_U32 },
	[AUDITLITE_A_BACKLOG_WAIT_TIME] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &auditlite_wait_time_range),
	[AUDITLITE_A_RESET_LOST] = { .type = NLA_FLAG },
};

/* The settings SET may change: attribute, name in records, field. */
static const struct {
	int attr;
	const char *name;
	u32 *value;
} auditlite_set_fields[] = {
	{ AUDITLITE_A_ENABLED, "enabled", &auditlite_settings.enabled },
	{ AUDITLITE_A_FAILURE, "failure", &auditlite_settings.failure },
	{ AUDITLITE_A_RATE_LIMIT, "rate_limit", &auditlite_settings.rate_limit },
	{ AUDITLITE_A_BACKLOG_LIMIT, "backlog_limit",
	  &auditlite_settings.backlog_limit },
	{ AUDITLITE_A_BACKLOG_WAIT_TIME, "backlog_wait_time",
	  &auditlite_settings.backlog_wait_time },
};

static struct genl_family auditlite_family;

/*
 * Log a change of setting as a record, with who made it, as kernel/audit.c
 * does for its own configuration.
 */
static void auditlite_log_change(const char *op, const char *key, u64 value,
				 u64 old)
{
	struct auditlite_buffer *ab;

	ab = auditlite_log_start(GFP_KERNEL, AUDIT_CONFIG_CHANGE);
	if (!ab)
		return;
	auditlite_log_format(ab, "op=%s %s=%llu old=%llu pid=%d uid=%u comm=",
			     op, key, value, old, task_tgid_vnr(current),
			     from_kuid(&init_user_ns, current_uid()));
	auditlite_log_untrustedstring(ab, current->comm);
	auditlite_log_format(ab, " res=1");
	auditlite_log_end(ab);
}

/*
 * NOTE: every control command but GET_STATUS needs CAP_AUDIT_CONTROL, as
 * the kernel's audit asks, and GENL_ADMIN_PERM (CAP_NET_ADMIN), which the
 * genetlink core checks before it parses the request: whatever else is
 * wrong in it, an unprivileged caller gets EPERM.
 */
static int auditlite_check_control(struct sk_buff *skb, struct genl_info *info)
{
	if (!netlink_capable(skb, CAP_AUDIT_CONTROL)) {
		GENL_SET_ERR_MSG(info, "CAP_AUDIT_CONTROL is required");
		return -EPERM;
	}
	return 0;
}

static int auditlite_nl_register(struct sk_buff *skb, struct genl_info *info)
{
	pid_t pid = task_tgid_vnr(current);
	pid_t old_pid;
	int ret;

	ret = auditlite_check_control(skb, info);
	if (ret)
		return ret;
	ret = auditlite_queue_register(info->snd_portid, pid, &old_pid,
				       info->extack);
	if (ret)
		return ret;
	auditlite_log_change("register", "daemon_pid", pid, old_pid);
	return 0;
}

static int auditlite_nl_unregister(struct sk_buff *skb, struct genl_info *info)
{
	int ret = auditlite_check_control(skb, info);

	if (ret)
		return ret;
	auditlite_queue_unregister(info->snd_portid);
	return 0;
}

static int auditlite_nl_ack(struct sk_buff *skb, struct genl_info *info)
{
	int ret = auditlite_check_control(skb, info);

	if (ret)
		return ret;
	if (GENL_REQ_ATTR_CHECK(info, AUDITLITE_A_ACK_SERIAL)) {
		GENL_SET_ERR_MSG(info, "ACK needs the serial of the last record written");
		return -EINVAL;
	}
	return auditlite_queue_ack(info->snd_portid,
				   nla_get_u64(info->attrs[AUDITLITE_A_ACK_SERIAL]),
				   info->extack);
}

static int auditlite_put_status(struct sk_buff *msg)
{
	struct auditlite_status st;
	struct nlattr *nest;
	unsigned int cpu;

	auditlite_queue_status(&st);
	if (nla_put_u32(msg, AUDITLITE_A_ENABLED, READ_ONCE(auditlite_settings.enabled)) ||
	    nla_put_u32(msg, AUDITLITE_A_FAILURE, READ_ONCE(auditlite_settings.failure)) ||
	    nla_put_u32(msg, AUDITLITE_A_PID, st.pid) ||
	    nla_put_u32(msg, AUDITLITE_A_PORTID, st.portid) ||
	    nla_put_u32(msg, AUDITLITE_A_RATE_LIMIT,
			READ_ONCE(auditlite_settings.rate_limit)) ||
	    nla_put_u32(msg, AUDITLITE_A_BACKLOG_LIMIT,
			READ_ONCE(auditlite_settings.backlog_limit)) ||
	    nla_put_u32(msg, AUDITLITE_A_BACKLOG, st.backlog) ||
	    nla_put_u32(msg, AUDITLITE_A_BACKLOG_HIGH_WATER, st.backlog_high_water) ||
	    nla_put_u64_64bit(msg, AUDITLITE_A_LOST, st.lost, AUDITLITE_A_PAD) ||
	    nla_put_u64_64bit(msg, AUDITLITE_A_SENT, st.sent, AUDITLITE_A_PAD) ||
	    nla_put_u64_64bit(msg, AUDITLITE_A_ACKED, st.acked, AUDITLITE_A_PAD) ||
	    nla_put_u32(msg, AUDITLITE_A_BACKLOG_WAIT_TIME,
			READ_ONCE(auditlite_settings.backlog_wait_time)) ||
	    nla_put_u64_64bit(msg, AUDITLITE_A_BACKLOG_WAIT_TIME_ACTUAL,
			      st.wait_time_actual, AUDITLITE_A_PAD))
		return -EMSGSIZE;

	for_each_possible_cpu(cpu) {
		nest = nla_nest_start(msg, AUDITLITE_A_QUEUE);
		if (!nest ||
		    nla_put_u32(msg, AUDITLITE_QUEUE_A_CPU, cpu) ||
		    nla_put_u32(msg, AUDITLITE_QUEUE_A_DEPTH,
				auditlite_queue_depth(cpu)))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

static int auditlite_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &auditlite_family, 0,
				AUDITLITE_CMD_GET_STATUS);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err_free;
	}
	ret = auditlite_put_status(msg);
	if (ret)
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return ret;
}

static int auditlite_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	bool any = info->attrs[AUDITLITE_A_RESET_LOST];
	u32 old, value;
	int ret, i;

	ret = auditlite_check_control(skb, info);
	if (ret)
		return ret;

	/* The policy validated every value: nothing below can fail. */
	for (i = 0; i < ARRAY_SIZE(auditlite_set_fields); i++)
		any |= !!info->attrs[auditlite_set_fields[i].attr];
	if (!any) {
		GENL_SET_ERR_MSG(info, "no setting to change");
		return -EINVAL;
	}

	for (i = 0; i < ARRAY_SIZE(auditlite_set_fields); i++) {
		const struct nlattr *attr = info->attrs[auditlite_set_fields[i].attr];

		if (!attr)
			continue;
		value = nla_get_u32(attr);
		old = READ_ONCE(*auditlite_set_fields[i].value);
		WRITE_ONCE(*auditlite_set_fields[i].value, value);
		auditlite_log_change("set", auditlite_set_fields[i].name, value, old);
	}
	if (info->attrs[AUDITLITE_A_RESET_LOST])
		auditlite_log_change("reset", "lost", 0, auditlite_queue_reset_lost());
	return 0;
}

static const struct genl_ops auditlite_nl_ops[] = {
	{
		.cmd = AUDITLITE_CMD_REGISTER,
		.doit = auditlite_nl_register,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = AUDITLITE_CMD_UNREGISTER,
		.doit = auditlite_nl_unregister,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = AUDITLITE_CMD_ACK,
		.doit = auditlite_nl_ack,
		.flags = GENL_ADMIN_PERM,
		.policy = auditlite_ack_policy,
		.maxattr = AUDITLITE_A_MAX,
	},
	{
		.cmd = AUDITLITE_CMD_GET_STATUS,
		.doit = auditlite_nl_get_status,
	},
	{
		.cmd = AUDITLITE_CMD_SET,
		.doit = auditlite_nl_set,
		.flags = GENL_ADMIN_PERM,
		.policy = auditlite_set_policy,
		.maxattr = AUDITLITE_A_MAX,
	},
};

/*
 * NOTE: the kernel's audit asks CAP_AUDIT_READ of its multicast readers;
 * 6.1's genetlink has no bind hook for a family to do the same, and the
 * nearest it offers is CAP_NET_ADMIN in the socket's user namespace.
 */
static const struct genl_multicast_group auditlite_nl_mcgrps[] = {
	{ .name = AUDITLITE_MCGRP_LOG, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

/*
 * NOTE: resv_start_op at the first command makes the genetlink core check
 * every request's header strictly and reject any attribute of a command
 * that has no policy; the others are parsed strictly against theirs.
 */
static struct genl_family auditlite_family __ro_after_init = {
	.name = AUDITLITE_FAMILY_NAME,
	.version = AUDITLITE_FAMILY_VERSION,
	.maxattr = AUDITLITE_A_MAX,
	.module = THIS_MODULE,
	.ops = auditlite_nl_ops,
	.n_ops = ARRAY_SIZE(auditlite_nl_ops),
	.resv_start_op = AUDITLITE_CMD_REGISTER,
	.mcgrps = auditlite_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(auditlite_nl_mcgrps),
};

/**
 * auditlite_netlink_batch_new - allocate a batch of records for the daemon
 *
 * Context: any but hardirq.
 * Return: an skb holding the RECORDS header, or NULL.
 */
struct sk_buff *auditlite_netlink_batch_new(void)
{
	struct sk_buff *skb;

	skb = genlmsg_new(AUDITLITE_BATCH_SIZE, GFP_ATOMIC | __GFP_NOWARN);
	if (!skb)
		return NULL;
	if (!genlmsg_put(skb, 0, 0, &auditlite_family, 0, AUDITLITE_CMD_RECORDS)) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

/**
 * auditlite_netlink_batch_add - add one record to a batch
 * @skb: from auditlite_netlink_batch_new()
 * @ab: the record
 *
 * Context: any but hardirq.
 * Return: 0, or -EMSGSIZE when the batch is full (and left as it was).
 */
int auditlite_netlink_batch_add(struct sk_buff *skb,
				const struct auditlite_buffer *ab)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, AUDITLITE_A_RECORD);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, AUDITLITE_RECORD_A_SERIAL, ab->serial,
			      AUDITLITE_RECORD_A_PAD) ||
	    nla_put_u32(skb, AUDITLITE_RECORD_A_TYPE, ab->type) ||
	    nla_put_u64_64bit(skb, AUDITLITE_RECORD_A_SEC, ab->stamp.tv_sec,
			      AUDITLITE_RECORD_A_PAD) ||
	    nla_put_u32(skb, AUDITLITE_RECORD_A_NSEC, ab->stamp.tv_nsec) ||
	    nla_put_u32(skb, AUDITLITE_RECORD_A_CPU, ab->cpu) ||
	    nla_put_u32(skb, AUDITLITE_RECORD_A_FLAGS, ab->flags) ||
	    nla_put(skb, AUDITLITE_RECORD_A_TEXT, ab->len + 1, ab->text)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * auditlite_netlink_batch_send - send a batch to the daemon, never blocking
 * @skb: the batch; consumed whatever happens
 * @portid: the daemon's port id
 *
 * A copy goes to the "log" group first when it has listeners; they get
 * what the daemon gets, and a listener that does not read loses its copies
 * without slowing the daemon.
 *
 * Context: any but hardirq.
 * Return: 0, -EAGAIN when the daemon's socket is full, another error when
 * it is gone.
 */
int auditlite_netlink_batch_send(struct sk_buff *skb, u32 portid)
{
	struct sk_buff *copy;

	nlmsg_end(skb, nlmsg_hdr(skb));

	if (genl_has_listeners(&auditlite_family, &init_net, 0)) {
		copy = skb_copy(skb, GFP_ATOMIC | __GFP_NOWARN);
		if (copy)
			genlmsg_multicast(&auditlite_family, copy, 0, 0,
					  GFP_ATOMIC | __GFP_NOWARN);
	}
	return genlmsg_unicast(&init_net, skb, portid);
}

/* A daemon that dies without UNREGISTER is noticed as its socket closes. */
static int auditlite_netlink_notify(struct notifier_block *nb,
				    unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC &&
	    net_eq(n->net, &init_net))
		auditlite_queue_unregister(n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block auditlite_netlink_notifier = {
	.notifier_call = auditlite_netlink_notify,
};

int __init auditlite_netlink_init(void)
{
	int ret;

	ret = netlink_register_notifier(&auditlite_netlink_notifier);
	if (ret)
		return ret;
	ret = genl_register_family(&auditlite_family);
	if (ret)
		netlink_unregister_notifier(&auditlite_netlink_notifier);
	return ret;
}

void auditlite_netlink_exit(void)
{
	genl_unregister_family(&auditlite_family);
	netlink_unregister_notifier(&auditlite_netlink_notifier);
}

MODULE_ALIAS_GENL_FAMILY(AUDITLITE_FAMILY_NAME);

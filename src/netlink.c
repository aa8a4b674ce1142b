// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite Generic Netlink family: the ABI is documented in
 * include/uapi/auditlite.h.
 *
 * Requests come in here and go down to the delivery (delivery.c) and the
 * listeners (listener.c). Each handler checks its capability first, as
 * kernel/audit.c does, then acts; every change of a setting is logged as a
 * record, before it applies, with the old and new values and who made it.
 * NOTE: handlers run under genl_mutex, which every Generic Netlink family
 * shares: nothing here may wait for backlog room.
 */

#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/sched.h>
#include <net/genetlink.h>

#include <auditlite/auditlite.h>
#include <uapi/auditlite.h>

#include "backlog.h"
#include "delivery.h"
#include "listener.h"
#include "log.h"
#include "main.h"
#include "netlink.h"
#include "queue.h"

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

/*
 * Log a change of setting as a record, with who made it, as kernel/audit.c
 * does for its own configuration (pid in the initial namespace).
 */
static void auditlite_log_change(const char *op, const char *key, u64 value,
				 u64 old)
{
	struct auditlite_buffer *ab;

	ab = auditlite_log_start_config();
	if (!ab)
		return;
	auditlite_log_format(ab, "op=%s %s=%llu old=%llu pid=%d uid=%u auid=%u ses=%u comm=",
			     op, key, value, old, task_tgid_nr(current),
			     from_kuid(&init_user_ns, current_uid()),
			     from_kuid(&init_user_ns, audit_get_loginuid(current)),
			     audit_get_sessionid(current));
	auditlite_log_untrustedstring(ab, current->comm);
	auditlite_log_format(ab, " res=1");
	auditlite_log_end(ab);
}

/* Commands that change anything need CAP_AUDIT_CONTROL, and only that. */
static int auditlite_check_control(struct sk_buff *skb, struct genl_info *info)
{
	if (netlink_capable(skb, CAP_AUDIT_CONTROL))
		return 0;
	GENL_SET_ERR_MSG(info, "CAP_AUDIT_CONTROL is required");
	return -EPERM;
}

/* Reading records needs CAP_AUDIT_READ, as the kernel's audit asks. */
static int auditlite_check_read(struct sk_buff *skb, struct genl_info *info)
{
	if (netlink_capable(skb, CAP_AUDIT_READ))
		return 0;
	GENL_SET_ERR_MSG(info, "CAP_AUDIT_READ is required");
	return -EPERM;
}

static int auditlite_nl_register(struct sk_buff *skb, struct genl_info *info)
{
	pid_t old_pid;
	int ret;

	ret = auditlite_check_control(skb, info);
	if (ret)
		return ret;
	ret = auditlite_delivery_register(info->snd_portid, &old_pid, info->extack);
	if (ret)
		return ret;
	auditlite_log_change("register", "daemon_pid", task_tgid_nr(current), old_pid);
	return 0;
}

static int auditlite_nl_unregister(struct sk_buff *skb, struct genl_info *info)
{
	int ret = auditlite_check_control(skb, info);

	if (ret)
		return ret;
	auditlite_delivery_unregister(info->snd_portid);
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
	return auditlite_delivery_ack(info->snd_portid,
				      nla_get_u64(info->attrs[AUDITLITE_A_ACK_SERIAL]),
				      info->extack);
}

/*
 * The status reply's size: the counters, a queue nest per possible CPU
 * (there may be thousands) and a nest per listener.
 */
static size_t auditlite_status_size(void)
{
	return 8 * nla_total_size(sizeof(u32)) +
	       4 * nla_total_size_64bit(sizeof(u64)) +
	       nr_cpu_ids * nla_total_size(2 * nla_total_size(sizeof(u32))) +
	       AUDITLITE_LISTENERS_MAX *
	       nla_total_size(nla_total_size(sizeof(u32)) +
			      nla_total_size_64bit(sizeof(u64)));
}

static int auditlite_put_status(struct sk_buff *msg)
{
	struct auditlite_delivery_status ds;
	struct auditlite_backlog_status bs;
	struct nlattr *nest;
	unsigned int cpu;

	auditlite_delivery_status(&ds);
	auditlite_backlog_status(&bs);
	if (nla_put_u32(msg, AUDITLITE_A_ENABLED, READ_ONCE(auditlite_settings.enabled)) ||
	    nla_put_u32(msg, AUDITLITE_A_FAILURE, READ_ONCE(auditlite_settings.failure)) ||
	    nla_put_u32(msg, AUDITLITE_A_PID, ds.pid) ||
	    nla_put_u32(msg, AUDITLITE_A_PORTID, ds.portid) ||
	    nla_put_u32(msg, AUDITLITE_A_RATE_LIMIT,
			READ_ONCE(auditlite_settings.rate_limit)) ||
	    nla_put_u32(msg, AUDITLITE_A_BACKLOG_LIMIT,
			READ_ONCE(auditlite_settings.backlog_limit)) ||
	    nla_put_u32(msg, AUDITLITE_A_BACKLOG, bs.backlog) ||
	    nla_put_u32(msg, AUDITLITE_A_BACKLOG_HIGH_WATER, bs.backlog_high_water) ||
	    nla_put_u64_64bit(msg, AUDITLITE_A_LOST, bs.lost, AUDITLITE_A_PAD) ||
	    nla_put_u64_64bit(msg, AUDITLITE_A_SENT, ds.sent, AUDITLITE_A_PAD) ||
	    nla_put_u64_64bit(msg, AUDITLITE_A_ACKED, ds.acked, AUDITLITE_A_PAD) ||
	    nla_put_u32(msg, AUDITLITE_A_BACKLOG_WAIT_TIME,
			READ_ONCE(auditlite_settings.backlog_wait_time)) ||
	    nla_put_u64_64bit(msg, AUDITLITE_A_BACKLOG_WAIT_TIME_ACTUAL,
			      bs.wait_time_actual, AUDITLITE_A_PAD))
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
	return auditlite_listener_put_status(msg);
}

/* Status tells of other users' activity: the kernel's audit asks as much. */
static int auditlite_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int ret;

	if (!netlink_capable(skb, CAP_AUDIT_CONTROL) &&
	    !netlink_capable(skb, CAP_AUDIT_READ)) {
		GENL_SET_ERR_MSG(info, "CAP_AUDIT_CONTROL or CAP_AUDIT_READ is required");
		return -EPERM;
	}

	msg = genlmsg_new(auditlite_status_size(), GFP_KERNEL);
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

/*
 * Each change is logged before it applies, as audit_do_config_change()
 * does: its record is made under the old settings, so that "enabled 0" or
 * a lower limit cannot hide it.
 */
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
		auditlite_log_change("set", auditlite_set_fields[i].name, value, old);
		WRITE_ONCE(*auditlite_set_fields[i].value, value);
	}
	if (info->attrs[AUDITLITE_A_RESET_LOST]) {
		struct auditlite_backlog_status bs;

		auditlite_backlog_status(&bs);
		auditlite_log_change("reset", "lost", 0, bs.lost);
		auditlite_backlog_reset_lost();
	}
	return 0;
}

static int auditlite_nl_listen(struct sk_buff *skb, struct genl_info *info)
{
	int ret = auditlite_check_read(skb, info);

	if (ret)
		return ret;
	return auditlite_listener_add(info->snd_portid, info->extack);
}

static int auditlite_nl_unlisten(struct sk_buff *skb, struct genl_info *info)
{
	int ret = auditlite_listener_remove(info->snd_portid);

	if (ret)
		GENL_SET_ERR_MSG(info, "this socket does not listen");
	return ret;
}

/*
 * NOTE: no GENL_ADMIN_PERM: it would ask CAP_NET_ADMIN, which the kernel's
 * audit does not; each handler checks the audit capability it needs first.
 */
static const struct genl_ops auditlite_nl_ops[] = {
	{
		.cmd = AUDITLITE_CMD_REGISTER,
		.doit = auditlite_nl_register,
	},
	{
		.cmd = AUDITLITE_CMD_UNREGISTER,
		.doit = auditlite_nl_unregister,
	},
	{
		.cmd = AUDITLITE_CMD_ACK,
		.doit = auditlite_nl_ack,
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
		.policy = auditlite_set_policy,
		.maxattr = AUDITLITE_A_MAX,
	},
	{
		.cmd = AUDITLITE_CMD_LISTEN,
		.doit = auditlite_nl_listen,
	},
	{
		.cmd = AUDITLITE_CMD_UNLISTEN,
		.doit = auditlite_nl_unlisten,
	},
};

/*
 * NOTE: resv_start_op at the first command makes the genetlink core check
 * every request's header strictly and reject any attribute of a command
 * that has no policy; the others are parsed strictly against theirs.
 */
struct genl_family auditlite_family __ro_after_init = {
	.name = AUDITLITE_FAMILY_NAME,
	.version = AUDITLITE_FAMILY_VERSION,
	.maxattr = AUDITLITE_A_MAX,
	.module = THIS_MODULE,
	.ops = auditlite_nl_ops,
	.n_ops = ARRAY_SIZE(auditlite_nl_ops),
	.resv_start_op = AUDITLITE_CMD_REGISTER,
};

/* A daemon or listener that goes without a word is noticed as its socket closes. */
static int auditlite_netlink_notify(struct notifier_block *nb,
				    unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC &&
	    net_eq(n->net, &init_net)) {
		auditlite_delivery_unregister(n->portid);
		auditlite_listener_remove(n->portid);
	}
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

// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite Generic Netlink family: the ABI is include/uapi/auditlite.h.
 */

#include <linux/module.h>
#include <net/genetlink.h>

#include <uapi/auditlite.h>

#include "netlink.h"

static const struct nla_policy auditlite_get_status_policy[AUDITLITE_A_MAX + 1] = {
};

static struct genl_family auditlite_family;

static int auditlite_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &auditlite_family, 0,
				AUDITLITE_CMD_GET_STATUS);
	if (!hdr)
		goto err_free;
	if (nla_put_u32(msg, AUDITLITE_A_ENABLED, 1))
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static const struct genl_ops auditlite_nl_ops[] = {
	{
		.cmd = AUDITLITE_CMD_GET_STATUS,
		.doit = auditlite_nl_get_status,
		.policy = auditlite_get_status_policy,
		.maxattr = AUDITLITE_A_MAX,
	},
};

static const struct genl_multicast_group auditlite_nl_mcgrps[] = {
	{ .name = AUDITLITE_MCGRP_LOG },
};

static struct genl_family auditlite_family __ro_after_init = {
	.name = AUDITLITE_FAMILY_NAME,
	.version = AUDITLITE_FAMILY_VERSION,
	.maxattr = AUDITLITE_A_MAX,
	.module = THIS_MODULE,
	.ops = auditlite_nl_ops,
	.n_ops = ARRAY_SIZE(auditlite_nl_ops),
	.resv_start_op = AUDITLITE_CMD_SET + 1,
	.mcgrps = auditlite_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(auditlite_nl_mcgrps),
};

int __init auditlite_netlink_init(void)
{
	return genl_register_family(&auditlite_family);
}

void auditlite_netlink_exit(void)
{
	genl_unregister_family(&auditlite_family);
}

MODULE_ALIAS_GENL_FAMILY(AUDITLITE_FAMILY_NAME);

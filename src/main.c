// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite: audit records from any kernel context, delivered over Generic
 * Netlink to auditd-lite.
 */

#include <linux/module.h>

#include "buffer.h"
#include "main.h"
#include "netlink.h"

static int __init auditlite_init(void)
{
	int ret;

	ret = auditlite_buffer_init();
	if (ret)
		return ret;

	ret = auditlite_netlink_init();
	if (ret)
		goto err_buffer;

	pr_info("initialized\n");
	return 0;

err_buffer:
	auditlite_buffer_exit();
	return ret;
}

static void __exit auditlite_exit(void)
{
	auditlite_netlink_exit();
	auditlite_buffer_exit();
}

module_init(auditlite_init);
module_exit(auditlite_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Audit records from any context over Generic Netlink");
MODULE_AUTHOR("The auditlite authors");

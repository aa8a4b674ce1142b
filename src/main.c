// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite: audit records from any kernel context, delivered over Generic
 * Netlink to auditd-lite.
 */

#include <linux/module.h>
#include <linux/moduleparam.h>

#include <uapi/auditlite.h>

#include "buffer.h"
#include "delivery.h"
#include "listener.h"
#include "main.h"
#include "netlink.h"
#include "queue.h"

/* The settings; defaults as auditd and kernel/audit.c choose them. */
struct auditlite_settings auditlite_settings = {
	.enabled = 1,
	.failure = AUDITLITE_FAIL_PRINTK,
	.rate_limit = 0,
	.backlog_limit = 8192,
	.backlog_wait_time = 60 * 1000,
};
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_settings);

/*
 * The same settings as module parameters, for load time. They are read-only
 * in sysfs: at run time SET changes them, validated and logged.
 */
module_param_named(enabled, auditlite_settings.enabled, uint, 0444);
MODULE_PARM_DESC(enabled, "Accept records: 1 (default) or 0");
module_param_named(failure, auditlite_settings.failure, uint, 0444);
MODULE_PARM_DESC(failure, "On a lost record: 0 silent, 1 printk (default), 2 panic");
module_param_named(rate_limit, auditlite_settings.rate_limit, uint, 0444);
MODULE_PARM_DESC(rate_limit, "Records accepted per second, 0 (default) for no limit");
module_param_named(backlog_limit, auditlite_settings.backlog_limit, uint, 0444);
MODULE_PARM_DESC(backlog_limit, "Records held before new ones are lost (default 8192, 0 no limit)");
module_param_named(backlog_wait_time, auditlite_settings.backlog_wait_time, uint, 0444);
MODULE_PARM_DESC(backlog_wait_time, "ms a caller that may sleep waits for room (default 60000)");

static int __init auditlite_init(void)
{
	int ret;

	if (auditlite_settings.enabled > 1 ||
	    auditlite_settings.failure > AUDITLITE_FAIL_PANIC ||
	    auditlite_settings.backlog_wait_time > AUDITLITE_BACKLOG_WAIT_TIME_MAX) {
		pr_err("enabled must be 0 or 1, failure 0, 1 or 2, backlog_wait_time at most %u\n",
		       AUDITLITE_BACKLOG_WAIT_TIME_MAX);
		return -EINVAL;
	}

	ret = auditlite_buffer_init();
	if (ret)
		return ret;

	auditlite_queue_init();
	auditlite_delivery_init();

	ret = auditlite_netlink_init();
	if (ret)
		goto err_buffer;

	pr_info("initialized: backlog_limit=%u failure=%u\n",
		auditlite_settings.backlog_limit, auditlite_settings.failure);
	return 0;

err_buffer:
	auditlite_buffer_exit();
	return ret;
}

/*
 * Delivery stops before the family goes, so that nothing is sent for a
 * family being unregistered; what is still held then is counted as lost.
 */
static void __exit auditlite_exit(void)
{
	auditlite_delivery_flush();
	auditlite_delivery_stop();
	auditlite_netlink_exit();
	auditlite_listener_exit();
	auditlite_delivery_exit();
	auditlite_buffer_exit();
}

module_init(auditlite_init);
module_exit(auditlite_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Audit records from any context over Generic Netlink");
MODULE_AUTHOR("The auditlite authors");

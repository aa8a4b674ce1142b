/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AUDITLITE_MAIN_H
#define _AUDITLITE_MAIN_H

#include <linux/export.h>
#include <linux/kconfig.h>
#include <linux/types.h>

/*
 * Internals the KUnit suites call. They are exported, in a namespace of
 * their own, only from a module built against a kernel with KUnit (the
 * debug kernel), as the kernel's EXPORT_SYMBOL_IF_KUNIT does from 6.2 on.
 * Named EXPORT_SYMBOL_* so that checkpatch, like a reader, takes it for an
 * export that follows its definition.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(sym) EXPORT_SYMBOL_NS_GPL(sym, AUDITLITE_KUNIT)
#else
#define EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(sym)
#endif

/**
 * struct auditlite_settings - what the admin sets, at load or with SET
 * @enabled: 1 to accept records, 0 to refuse them silently
 * @failure: what losing a record does: AUDITLITE_FAIL_*
 * @rate_limit: records accepted per second, 0 for no limit
 * @backlog_limit: records held before new ones are lost, 0 for no limit
 * @backlog_wait_time: ms a caller that may sleep waits for room
 *
 * Description: written only at module load and by the SET handler, which
 * the genetlink core serializes; read anywhere with READ_ONCE().
 */
struct auditlite_settings {
	u32 enabled;
	u32 failure;
	u32 rate_limit;
	u32 backlog_limit;
	u32 backlog_wait_time;
};

extern struct auditlite_settings auditlite_settings;

#endif /* _AUDITLITE_MAIN_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AUDITLITE_MAIN_H
#define _AUDITLITE_MAIN_H

#include <linux/export.h>
#include <linux/kconfig.h>

/*
 * Internals the KUnit suites call. They are exported, in a namespace of
 * their own, only from a module built against a kernel with KUnit (the
 * debug kernel), as the kernel's EXPORT_SYMBOL_IF_KUNIT does from 6.2 on.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define AUDITLITE_EXPORT_FOR_KUNIT(sym) EXPORT_SYMBOL_NS_GPL(sym, AUDITLITE_KUNIT)
#else
#define AUDITLITE_EXPORT_FOR_KUNIT(sym)
#endif

#endif /* _AUDITLITE_MAIN_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: helpers every part uses, as the kernel has them.
 */

#ifndef AUDITLITE_UTIL_H
#define AUDITLITE_UTIL_H

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif /* AUDITLITE_UTIL_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AUDITLITE_NETLINK_H
#define _AUDITLITE_NETLINK_H

#include <net/genetlink.h>

/* The family, which RECORDS messages (batch.c) are built for. */
extern struct genl_family auditlite_family;

int auditlite_netlink_init(void);
void auditlite_netlink_exit(void);

#endif /* _AUDITLITE_NETLINK_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AUDITLITE_NETLINK_H
#define _AUDITLITE_NETLINK_H

int auditlite_netlink_init(void);
void auditlite_netlink_exit(void);

#endif /* _AUDITLITE_NETLINK_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AUDITLITE_LISTENER_H
#define _AUDITLITE_LISTENER_H

#include <linux/types.h>

struct netlink_ext_ack;
struct sk_buff;

int auditlite_listener_add(u32 portid, struct netlink_ext_ack *extack);
int auditlite_listener_remove(u32 portid);
bool auditlite_listener_any(void);
void auditlite_listener_copy(struct sk_buff *skb, unsigned int n);
int auditlite_listener_put_status(struct sk_buff *msg);
void auditlite_listener_exit(void);

#endif /* _AUDITLITE_LISTENER_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AUDITLITE_NETLINK_H
#define _AUDITLITE_NETLINK_H

#include <linux/types.h>

struct auditlite_buffer;
struct sk_buff;

int auditlite_netlink_init(void);
void auditlite_netlink_exit(void);

struct sk_buff *auditlite_netlink_batch_new(void);
int auditlite_netlink_batch_add(struct sk_buff *skb,
				const struct auditlite_buffer *ab);
int auditlite_netlink_batch_send(struct sk_buff *skb, u32 portid);

#endif /* _AUDITLITE_NETLINK_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AUDITLITE_BATCH_H
#define _AUDITLITE_BATCH_H

#include <linux/types.h>

struct auditlite_buffer;
struct list_head;
struct sk_buff;

int auditlite_batch_add(struct sk_buff *skb, const struct auditlite_buffer *ab);
void auditlite_batch_own_message(struct auditlite_buffer *ab);
unsigned int auditlite_batch_cut(struct list_head *from, struct list_head *to,
				 bool *first_time);
struct sk_buff *auditlite_batch_build(struct list_head *batch);
int auditlite_batch_send(struct sk_buff *skb, u32 portid, unsigned int n,
			 bool copy);

#endif /* _AUDITLITE_BATCH_H */

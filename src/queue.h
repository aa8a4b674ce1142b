/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AUDITLITE_QUEUE_H
#define _AUDITLITE_QUEUE_H

struct auditlite_buffer;
struct list_head;

void auditlite_queue_init(void);
void auditlite_queue_add(struct auditlite_buffer *ab);
void auditlite_queue_take(struct list_head *list);
unsigned int auditlite_queue_depth(unsigned int cpu);

#endif /* _AUDITLITE_QUEUE_H */

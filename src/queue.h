/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AUDITLITE_QUEUE_H
#define _AUDITLITE_QUEUE_H

struct auditlite_buffer;
struct list_head;

/*
 * Records queued on a CPU from interrupts at which the drain runs at once
 * rather than at the next tick: two batches or so. Drained at once for
 * every record, records at a steady rate went one a batch, and the
 * daemon paid its syscalls for each (29,000 records/s without loss from
 * softirq, against 85,000 flat out from process context).
 */
#define AUDITLITE_QUEUE_KICK_DEPTH	64

void auditlite_queue_init(void);
void auditlite_queue_add(struct auditlite_buffer *ab);
void auditlite_queue_take(struct list_head *list);
unsigned int auditlite_queue_depth(unsigned int cpu);
unsigned long auditlite_queue_kicks(unsigned int cpu);

#endif /* _AUDITLITE_QUEUE_H */

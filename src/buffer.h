/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AUDITLITE_BUFFER_H
#define _AUDITLITE_BUFFER_H

#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/stdarg.h>
#include <linux/time64.h>
#include <linux/types.h>

struct sk_buff;

/*
 * The longest text of a record whose writer cannot sleep: what one
 * order-0 batch carries (batch.c checks it), so that neither the text nor
 * its delivery ever needs an atomic allocation of more than a page. A
 * writer that may sleep gets up to AUDITLITE_MESSAGE_TEXT_MAX.
 */
#define AUDITLITE_ATOMIC_TEXT_MAX	3072

/**
 * struct auditlite_buffer - one audit record being written or delivered
 * @lnode: on a CPU queue, between auditlite_log_end() and the drain
 * @list: on the pending or unacked list, or in a batch, after the drain
 * @serial: unique and increasing, taken at auditlite_log_start()
 * @stamp: CLOCK_REALTIME at auditlite_log_start()
 * @type: record type, as in linux/audit.h
 * @cpu: CPU the record was started on
 * @flags: AUDITLITE_RECORD_F_*
 * @gfp_mask: the caller's allocation flags, used when the text grows
 * @sent: a daemon has had it once, and so have the listeners
 * @len: text length, without the terminating NUL
 * @size: capacity of @text, with the terminating NUL
 * @msg: for a text longer than a batch holds, the record's own RECORDS
 *	message, built by auditlite_log_end() while its writer may sleep
 * @text: @inline_text, or a larger area once the text outgrew it
 * @inline_text: the first bytes of text, allocated with the buffer
 *
 * Description: a buffer belongs to the one caller that started it until
 * auditlite_log_end(), then to the queues and the delivery, which link it
 * through @lnode or @list under the rules stated in queue.c and
 * delivery.c; of its other fields only @sent, and the text of the one
 * in-band lost record, change after that.
 */
struct auditlite_buffer {
	union {
		struct llist_node lnode;
		struct list_head list;
	};
	u64 serial;
	struct timespec64 stamp;
	int type;
	u32 cpu;
	u32 flags;
	gfp_t gfp_mask;
	bool sent;
	unsigned int len;
	unsigned int size;
	struct sk_buff *msg;
	char *text;
	char inline_text[];
};

int auditlite_buffer_init(void);
void auditlite_buffer_exit(void);
struct auditlite_buffer *auditlite_buffer_alloc(gfp_t gfp_mask, int type);
void auditlite_buffer_free(struct auditlite_buffer *ab);
unsigned int auditlite_buffer_free_list(struct list_head *list);
unsigned int auditlite_reserve_count(void);
u64 auditlite_buffer_held(void);
u32 auditlite_buffer_high_water(void);
__printf(2, 0)
void auditlite_buffer_vformat(struct auditlite_buffer *ab, const char *fmt,
			      va_list args);
void auditlite_buffer_n_hex(struct auditlite_buffer *ab,
			    const unsigned char *buf, size_t len);
void auditlite_buffer_untrustedstring(struct auditlite_buffer *ab,
				      const char *s);

#endif /* _AUDITLITE_BUFFER_H */

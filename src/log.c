// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite's API for kernel callers: auditlite_log_start(), _format(),
 * _end() and friends, as declared in include/auditlite/auditlite.h.
 *
 * A record takes a place in the backlog (backlog.c) and a buffer
 * (buffer.c) at start, gets its text, and at end goes onto its CPU's queue
 * (queue.c), from which the delivery (delivery.c) sends it to the daemon.
 *
 * Contexts: process, softirq and hard interrupt, also on PREEMPT_RT; not
 * NMI, where the slab, the locks, the coarse clock and the tasklet are all
 * unsafe.
 */

#include <linux/hardirq.h>
#include <linux/sched.h>
#include <uapi/linux/audit.h>

#include <auditlite/auditlite.h>
#include <uapi/auditlite.h>

#include "backlog.h"
#include "batch.h"
#include "buffer.h"
#include "delivery.h"
#include "log.h"
#include "main.h"
#include "queue.h"

static void auditlite_log_lost(const char *why)
{
	auditlite_backlog_lost(why, 1);
	/* Nothing else may come to end a record: have the loss reported. */
	auditlite_delivery_kick();
}

static struct auditlite_buffer *auditlite_log_admit(gfp_t gfp_mask, int type,
						    enum auditlite_admission how)
{
	struct auditlite_buffer *ab;

	if (!auditlite_backlog_admit(how)) {
		auditlite_log_lost("backlog limit exceeded");
		return NULL;
	}
	ab = auditlite_buffer_alloc(gfp_mask, type);
	if (!ab)
		auditlite_log_lost("out of memory");
	return ab;
}

/**
 * auditlite_log_start - start an audit record
 * @gfp_mask: allocation flags the caller's context allows
 * @type: record type, as in linux/audit.h (AUDIT_KERNEL_OTHER if unsure),
 *	but none of the audit daemon's own, 1200 to 1299
 *
 * Returns NULL when the record is not to be logged: auditlite is disabled,
 * @type is the daemon's (a caller's bug, said in a rate-limited warning,
 * not counted), or the record was dropped (rate or backlog limit, no
 * memory) and counted as lost. Every other auditlite call accepts that
 * NULL.
 *
 * Context: any but NMI (where it returns NULL and warns once). With a
 * @gfp_mask that allows sleeping (GFP_KERNEL), the caller may wait up to
 * backlog_wait_time for room in the backlog, unless it is the daemon; with
 * GFP_ATOMIC it never sleeps and is safe in softirq and hard interrupt
 * context, PREEMPT_RT included.
 * Return: the record, or NULL.
 */
struct auditlite_buffer *auditlite_log_start(gfp_t gfp_mask, int type)
{
	enum auditlite_admission how = AUDITLITE_ADMIT_NOWAIT;

	if (WARN_ON_ONCE(in_nmi()))
		return NULL;
	if (unlikely(type >= AUDITLITE_DAEMON_TYPE_FIRST &&
		     type <= AUDITLITE_DAEMON_TYPE_LAST)) {
		pr_warn_ratelimited("record type %d refused: %d-%d are the audit daemon's own\n",
				    type, AUDITLITE_DAEMON_TYPE_FIRST,
				    AUDITLITE_DAEMON_TYPE_LAST);
		return NULL;
	}
	if (!READ_ONCE(auditlite_settings.enabled))
		return NULL;
	if (!auditlite_rate_check()) {
		auditlite_log_lost("rate limit exceeded");
		return NULL;
	}
	if (gfpflags_allow_blocking(gfp_mask) && !auditlite_delivery_is_daemon())
		how = AUDITLITE_ADMIT_WAIT;
	return auditlite_log_admit(gfp_mask, type, how);
}
EXPORT_SYMBOL_NS_GPL(auditlite_log_start, AUDITLITE);

/**
 * auditlite_log_start_config - start a record of a configuration change
 *
 * Whatever the settings say (disabled, rate limit, a full backlog), it is
 * admitted without waiting, up to a bound past the backlog limit: it is
 * logged from Generic Netlink handlers, which must not stall, and must
 * not be hidden by the very change it records.
 *
 * Context: process.
 * Return: the record, or NULL (counted as lost).
 */
struct auditlite_buffer *auditlite_log_start_config(void)
{
	return auditlite_log_admit(GFP_KERNEL, AUDIT_CONFIG_CHANGE,
				   AUDITLITE_ADMIT_CONTROL);
}

/**
 * auditlite_log_end - end an audit record and queue it for delivery
 * @ab: record from auditlite_log_start(), or NULL
 *
 * O(1): links the record onto this CPU's queue and schedules delivery at
 * the next tick, or at once from an interrupt that finds many records
 * queued on its CPU. The record belongs to auditlite from here on.
 *
 * Context: any but NMI, hard interrupts included; never sleeps or
 * allocates, but for a record of more than AUDITLITE_ATOMIC_TEXT_MAX
 * bytes, which only a writer that may sleep can make and which must be
 * ended where it still may: its message is allocated here, with the gfp
 * mask given to auditlite_log_start().
 */
void auditlite_log_end(struct auditlite_buffer *ab)
{
	if (!ab)
		return;
	if (ab->len > AUDITLITE_ATOMIC_TEXT_MAX)
		auditlite_batch_own_message(ab);
	auditlite_queue_add(ab);
}
EXPORT_SYMBOL_NS_GPL(auditlite_log_end, AUDITLITE);

/**
 * auditlite_log_format - format text into a record
 * @ab: buffer from auditlite_log_start(), or NULL
 * @fmt: printf-style format
 *
 * Text past AUDITLITE_MESSAGE_TEXT_MAX bytes (AUDITLITE_ATOMIC_TEXT_MAX for
 * a writer that cannot sleep), or past what memory allows, is cut and the
 * record is flagged as truncated; nothing is appended after a cut.
 *
 * Context: any but NMI; may allocate with the gfp mask given to
 * auditlite_log_start().
 */
void auditlite_log_format(struct auditlite_buffer *ab, const char *fmt, ...)
{
	va_list args;

	if (!ab)
		return;
	va_start(args, fmt);
	auditlite_buffer_vformat(ab, fmt, args);
	va_end(args);
}
EXPORT_SYMBOL_NS_GPL(auditlite_log_format, AUDITLITE);

/**
 * auditlite_log - log a whole record in one call
 * @gfp_mask: allocation flags the caller's context allows
 * @type: record type
 * @fmt: printf-style format of the text
 *
 * Context: as auditlite_log_start() with @gfp_mask.
 */
void auditlite_log(gfp_t gfp_mask, int type, const char *fmt, ...)
{
	struct auditlite_buffer *ab;
	va_list args;

	ab = auditlite_log_start(gfp_mask, type);
	if (!ab)
		return;
	va_start(args, fmt);
	auditlite_buffer_vformat(ab, fmt, args);
	va_end(args);
	auditlite_log_end(ab);
}
EXPORT_SYMBOL_NS_GPL(auditlite_log, AUDITLITE);

/**
 * auditlite_log_n_hex - append bytes as upper-case hex
 * @ab: buffer from auditlite_log_start(), or NULL
 * @buf: the bytes
 * @len: how many
 *
 * Two digits per byte; bytes that do not fit whole are cut and the record
 * is flagged as truncated.
 *
 * Context: any but NMI; may allocate with the gfp mask given to
 * auditlite_log_start().
 */
void auditlite_log_n_hex(struct auditlite_buffer *ab, const unsigned char *buf,
			 size_t len)
{
	if (ab)
		auditlite_buffer_n_hex(ab, buf, len);
}
EXPORT_SYMBOL_NS_GPL(auditlite_log_n_hex, AUDITLITE);

/**
 * auditlite_log_untrustedstring - append a string a user may control
 * @ab: buffer from auditlite_log_start(), or NULL
 * @s: NUL-terminated string
 *
 * As the kernel's audit_log_untrustedstring(): the string goes in double
 * quotes when it holds only printable non-space ASCII other than a quote,
 * and as upper-case hex otherwise, so it can never break the record's
 * key=value syntax. It is appended whole or not at all (the record is
 * then flagged as truncated), never as an unclosed quote.
 *
 * Context: any but NMI; may allocate with the gfp mask given to
 * auditlite_log_start().
 */
void auditlite_log_untrustedstring(struct auditlite_buffer *ab, const char *s)
{
	if (ab)
		auditlite_buffer_untrustedstring(ab, s);
}
EXPORT_SYMBOL_NS_GPL(auditlite_log_untrustedstring, AUDITLITE);

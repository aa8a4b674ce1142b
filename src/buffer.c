// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite buffers: allocation, stamping and text formatting.
 *
 * Text starts in the buffer's inline area and moves to a larger kmalloc()ed
 * area when it outgrows it, up to AUDITLITE_MESSAGE_TEXT_MAX bytes. What
 * does not fit (past the limit, or when growing fails) is cut and the record
 * is flagged AUDITLITE_RECORD_F_TRUNCATED, so the reader knows.
 *
 * Callers that cannot sleep must not lose a record just because the slab is
 * momentarily short: each CPU keeps a few buffers back for them, refilled
 * from process context as soon as one is used.
 */

#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include <auditlite/auditlite.h>
#include <uapi/auditlite.h>

#include "buffer.h"
#include "main.h"

/* One slab object holds the buffer and its inline text. */
#define AUDITLITE_BUFFER_OBJSIZE	512
#define AUDITLITE_INLINE_TEXT \
	(AUDITLITE_BUFFER_OBJSIZE - offsetof(struct auditlite_buffer, inline_text))

/* The largest text area: the limit plus the terminating NUL. */
#define AUDITLITE_TEXT_SIZE_MAX		(AUDITLITE_MESSAGE_TEXT_MAX + 1)

/* Cache of buffers; created at module load, destroyed at unload. */
static struct kmem_cache *auditlite_buffer_cache;

/* Last serial handed out; serials start at 1. */
static atomic64_t auditlite_serial = ATOMIC64_INIT(0);

/* Buffers each CPU keeps back for callers that cannot sleep. */
#define AUDITLITE_RESERVE_PER_CPU	16

/**
 * struct auditlite_reserve - one CPU's buffers kept back for atomic callers
 * @lock: protects @count and @bufs. NOTE: taken with interrupts off, by
 *	callers in any context on this CPU and by the refill work on any CPU.
 * @count: buffers in @bufs
 * @bufs: the buffers
 */
struct auditlite_reserve {
	spinlock_t lock;	/* see above */
	unsigned int count;
	struct auditlite_buffer *bufs[AUDITLITE_RESERVE_PER_CPU];
};

static DEFINE_PER_CPU(struct auditlite_reserve, auditlite_reserves);

/* Tops every CPU's reserve up again after one was used. */
static struct work_struct auditlite_reserve_work;

static struct auditlite_buffer *auditlite_reserve_take(void)
{
	struct auditlite_buffer *ab = NULL;
	struct auditlite_reserve *r;
	unsigned long flags;

	local_irq_save(flags);
	r = this_cpu_ptr(&auditlite_reserves);
	spin_lock(&r->lock);
	if (r->count)
		ab = r->bufs[--r->count];
	spin_unlock(&r->lock);
	local_irq_restore(flags);

	if (ab)
		schedule_work(&auditlite_reserve_work);
	return ab;
}

static void auditlite_reserve_refill(struct work_struct *work)
{
	struct auditlite_buffer *ab;
	struct auditlite_reserve *r;
	unsigned long flags;
	int cpu;

	for_each_possible_cpu(cpu) {
		r = per_cpu_ptr(&auditlite_reserves, cpu);
		for (;;) {
			ab = kmem_cache_alloc(auditlite_buffer_cache, GFP_KERNEL);
			if (!ab)
				return;
			spin_lock_irqsave(&r->lock, flags);
			if (r->count < AUDITLITE_RESERVE_PER_CPU) {
				r->bufs[r->count++] = ab;
				ab = NULL;
			}
			spin_unlock_irqrestore(&r->lock, flags);
			if (ab) {
				kmem_cache_free(auditlite_buffer_cache, ab);
				break;
			}
		}
	}
}

/**
 * auditlite_reserve_count - buffers this CPU keeps back for atomic callers
 *
 * Context: any; the answer is stale unless preemption is off.
 * Return: the number of buffers in this CPU's reserve.
 */
unsigned int auditlite_reserve_count(void)
{
	return READ_ONCE(raw_cpu_ptr(&auditlite_reserves)->count);
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_reserve_count);

/**
 * auditlite_buffer_alloc - allocate and stamp a record
 * @gfp_mask: allocation flags of the caller's context
 * @type: record type
 *
 * A caller that cannot sleep is served from its CPU's reserve when the slab
 * fails.
 *
 * Context: any, as @gfp_mask allows.
 * Return: the buffer, or NULL when memory is short.
 */
struct auditlite_buffer *auditlite_buffer_alloc(gfp_t gfp_mask, int type)
{
	struct auditlite_buffer *ab;

	ab = kmem_cache_alloc(auditlite_buffer_cache, gfp_mask | __GFP_NOWARN);
	if (!ab && !gfpflags_allow_blocking(gfp_mask))
		ab = auditlite_reserve_take();
	if (!ab)
		return NULL;

	ab->serial = atomic64_inc_return(&auditlite_serial);
	/*
	 * The log shows milliseconds and orders by serial: the tick's time
	 * will do, as kernel/audit.c finds, and costs no clocksource read.
	 */
	ktime_get_coarse_real_ts64(&ab->stamp);
	ab->type = type;
	ab->cpu = raw_smp_processor_id();
	ab->flags = 0;
	ab->gfp_mask = gfp_mask;
	ab->len = 0;
	ab->text[0] = '\0';
	return ab;
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_buffer_alloc);

/**
 * auditlite_buffer_free - free a record and its text
 * @ab: buffer, or NULL
 *
 * Context: any.
 */
void auditlite_buffer_free(struct auditlite_buffer *ab)
{
	if (!ab)
		return;
	/* Back to the state the constructor made. */
	if (ab->text != ab->inline_text) {
		kfree(ab->text);
		ab->text = ab->inline_text;
		ab->size = AUDITLITE_INLINE_TEXT;
	}
	kmem_cache_free(auditlite_buffer_cache, ab);
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_buffer_free);

/*
 * Make room for @extra more bytes of text if the limit and memory allow.
 * Returns the bytes of text that now fit, which may be fewer than @extra.
 */
static size_t auditlite_buffer_room(struct auditlite_buffer *ab, size_t extra)
{
	size_t need, size;
	char *text;

	if (check_add_overflow((size_t)ab->len + 1, extra, &need))
		need = AUDITLITE_TEXT_SIZE_MAX;
	if (need <= ab->size || ab->size >= AUDITLITE_TEXT_SIZE_MAX)
		return ab->size - ab->len - 1;

	/* Double at least, so that many small appends stay cheap. */
	size = clamp_t(size_t, max_t(size_t, need, 2 * ab->size),
		       0, AUDITLITE_TEXT_SIZE_MAX);
	text = kmalloc(size, ab->gfp_mask | __GFP_NOWARN);
	if (text) {
		memcpy(text, ab->text, ab->len + 1);
		if (ab->text != ab->inline_text)
			kfree(ab->text);
		ab->text = text;
		ab->size = size;
	}
	return ab->size - ab->len - 1;
}

/* Append @n bytes of @s, cutting and flagging what does not fit. */
static void auditlite_buffer_append(struct auditlite_buffer *ab,
				    const char *s, size_t n)
{
	size_t room = auditlite_buffer_room(ab, n);

	if (n > room) {
		n = room;
		ab->flags |= AUDITLITE_RECORD_F_TRUNCATED;
	}
	memcpy(ab->text + ab->len, s, n);
	ab->len += n;
	ab->text[ab->len] = '\0';
}

/**
 * auditlite_log_vformat - format text into a record
 * @ab: buffer, or NULL
 * @fmt: printf-style format
 * @args: its arguments
 *
 * Context: any; may allocate with the record's gfp mask.
 */
void auditlite_log_vformat(struct auditlite_buffer *ab, const char *fmt,
			   va_list args)
{
	size_t avail;
	va_list again;
	int len;

	if (!ab)
		return;

	va_copy(again, args);
	avail = ab->size - ab->len;
	len = vsnprintf(ab->text + ab->len, avail, fmt, args);
	if (len >= avail) {
		avail = auditlite_buffer_room(ab, len) + 1;
		len = vsnprintf(ab->text + ab->len, avail, fmt, again);
		if (len >= avail) {
			len = avail - 1;
			ab->flags |= AUDITLITE_RECORD_F_TRUNCATED;
		}
	}
	va_end(again);
	ab->len += len;
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_log_vformat);

/**
 * auditlite_log_format - format text into a record
 * @ab: buffer from auditlite_log_start(), or NULL
 * @fmt: printf-style format
 *
 * Text past AUDITLITE_MESSAGE_TEXT_MAX bytes, or past what memory allows,
 * is cut and the record is flagged as truncated.
 *
 * Context: any; may allocate with the gfp mask given to auditlite_log_start().
 */
void auditlite_log_format(struct auditlite_buffer *ab, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	auditlite_log_vformat(ab, fmt, args);
	va_end(args);
}
EXPORT_SYMBOL_NS_GPL(auditlite_log_format, AUDITLITE);

/**
 * auditlite_log_n_hex - append bytes as upper-case hex
 * @ab: buffer from auditlite_log_start(), or NULL
 * @buf: the bytes
 * @len: how many
 *
 * Two digits per byte; bytes that do not fit whole are cut and the record
 * is flagged as truncated.
 *
 * Context: any; may allocate with the gfp mask given to auditlite_log_start().
 */
void auditlite_log_n_hex(struct auditlite_buffer *ab, const unsigned char *buf,
			 size_t len)
{
	size_t hexlen, room, i;
	char *p;

	if (!ab)
		return;

	if (check_mul_overflow(len, (size_t)2, &hexlen))
		hexlen = SIZE_MAX;
	room = auditlite_buffer_room(ab, hexlen);
	if (hexlen > room) {
		len = room / 2;
		ab->flags |= AUDITLITE_RECORD_F_TRUNCATED;
	}
	p = ab->text + ab->len;
	for (i = 0; i < len; i++)
		p = hex_byte_pack_upper(p, buf[i]);
	*p = '\0';
	ab->len += 2 * len;
}
EXPORT_SYMBOL_NS_GPL(auditlite_log_n_hex, AUDITLITE);

/* As the kernel's audit_string_contains_control(): what must go as hex. */
static bool auditlite_string_needs_hex(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] == '"' || p[i] < 0x21 || p[i] > 0x7e)
			return true;
	return false;
}

/**
 * auditlite_log_untrustedstring - append a string a user may control
 * @ab: buffer from auditlite_log_start(), or NULL
 * @s: NUL-terminated string
 *
 * As the kernel's audit_log_untrustedstring(): the string goes in double
 * quotes when it holds only printable non-space ASCII other than a quote,
 * and as upper-case hex otherwise, so it can never break the record's
 * key=value syntax.
 *
 * Context: any; may allocate with the gfp mask given to auditlite_log_start().
 */
void auditlite_log_untrustedstring(struct auditlite_buffer *ab, const char *s)
{
	size_t len;

	if (!ab)
		return;

	len = strlen(s);
	if (auditlite_string_needs_hex(s, len)) {
		auditlite_log_n_hex(ab, (const unsigned char *)s, len);
		return;
	}
	auditlite_buffer_room(ab, len + 2);
	auditlite_buffer_append(ab, "\"", 1);
	auditlite_buffer_append(ab, s, len);
	auditlite_buffer_append(ab, "\"", 1);
}
EXPORT_SYMBOL_NS_GPL(auditlite_log_untrustedstring, AUDITLITE);

/*
 * A buffer comes out of the cache with its inline text in use, and goes
 * back so. Having a constructor also spares every allocation the zeroing
 * of init_on_alloc (Debian's default), which cost the caller more than all
 * the rest of a record but the formatting; nothing reads the stale bytes,
 * as the text is written before it is read and sent only up to its NUL.
 */
static void auditlite_buffer_ctor(void *obj)
{
	struct auditlite_buffer *ab = obj;

	ab->text = ab->inline_text;
	ab->size = AUDITLITE_INLINE_TEXT;
}

int __init auditlite_buffer_init(void)
{
	int cpu;

	auditlite_buffer_cache =
		kmem_cache_create("auditlite_buffer", AUDITLITE_BUFFER_OBJSIZE,
				  0, 0, auditlite_buffer_ctor);
	if (!auditlite_buffer_cache)
		return -ENOMEM;

	for_each_possible_cpu(cpu)
		spin_lock_init(&per_cpu_ptr(&auditlite_reserves, cpu)->lock);
	INIT_WORK(&auditlite_reserve_work, auditlite_reserve_refill);
	auditlite_reserve_refill(&auditlite_reserve_work);
	return 0;
}

void auditlite_buffer_exit(void)
{
	struct auditlite_reserve *r;
	int cpu;

	cancel_work_sync(&auditlite_reserve_work);
	for_each_possible_cpu(cpu) {
		r = per_cpu_ptr(&auditlite_reserves, cpu);
		while (r->count)
			kmem_cache_free(auditlite_buffer_cache, r->bufs[--r->count]);
	}
	kmem_cache_destroy(auditlite_buffer_cache);
}

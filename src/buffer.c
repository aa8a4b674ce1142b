// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite buffers: allocation, stamping and text formatting.
 *
 * Text starts in the buffer's inline area and moves to a larger area when
 * it outgrows it: up to AUDITLITE_MESSAGE_TEXT_MAX bytes for a writer that
 * may sleep, AUDITLITE_ATOMIC_TEXT_MAX (one page at most) for any other.
 * What does not fit (past the limit, or when growing fails) is cut and the
 * record is flagged AUDITLITE_RECORD_F_TRUNCATED, so the reader knows; a
 * cut is final, nothing is appended after it.
 *
 * Callers that cannot sleep must not lose a record just because the slab is
 * momentarily short: each CPU keeps a few buffers back for them, refilled
 * from process context as soon as one is used. On PREEMPT_RT the slab takes
 * sleeping locks, so a caller in hard interrupt context (or with interrupts
 * or preemption off) is served from the reserve alone and its text does
 * not grow.
 */

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/overflow.h>
#include <linux/preempt.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include <uapi/auditlite.h>

#include "buffer.h"
#include "main.h"

/* One slab object holds the buffer and its inline text. */
#define AUDITLITE_BUFFER_OBJSIZE	512
#define AUDITLITE_INLINE_TEXT \
	(AUDITLITE_BUFFER_OBJSIZE - offsetof(struct auditlite_buffer, inline_text))

/* The largest text areas: the limits plus the terminating NUL. */
#define AUDITLITE_TEXT_SIZE_MAX		(AUDITLITE_MESSAGE_TEXT_MAX + 1)
#define AUDITLITE_ATOMIC_TEXT_SIZE_MAX	(AUDITLITE_ATOMIC_TEXT_MAX + 1)
static_assert(AUDITLITE_ATOMIC_TEXT_SIZE_MAX <= PAGE_SIZE);

/* Cache of buffers; created at module load, destroyed at unload. */
static struct kmem_cache *auditlite_buffer_cache;

/*
 * Last serial handed out; serials start at 1, one a buffer. With the
 * buffers freed, it tells how many are held (auditlite_buffer_held()):
 * the serial is the one count a new record writes.
 */
static atomic64_t auditlite_serial = ATOMIC64_INIT(0);
/* Buffers freed, each once its serial was taken. */
static atomic64_t auditlite_buffers_freed = ATOMIC64_INIT(0);
/* Most buffers ever held at once, noted as each takes its serial. */
static atomic_t auditlite_buffers_high_water = ATOMIC_INIT(0);

/*
 * Buffers each CPU keeps back for callers that cannot sleep: a few for when
 * the slab is short; on PREEMPT_RT, where hard interrupt callers have
 * nothing else, enough for a burst of them between two refills.
 */
#define AUDITLITE_RESERVE_PER_CPU	(IS_ENABLED(CONFIG_PREEMPT_RT) ? 128 : 16)

/**
 * struct auditlite_reserve - one CPU's buffers kept back for atomic callers
 * @lock: protects @count and @bufs. NOTE: a raw spinlock taken with
 *	interrupts off, by callers in any context on this CPU (hard
 *	interrupts included, also on PREEMPT_RT) and by the refill work on
 *	any CPU.
 * @count: buffers in @bufs
 * @bufs: the buffers
 */
struct auditlite_reserve {
	raw_spinlock_t lock;	/* see above */
	unsigned int count;
	struct auditlite_buffer *bufs[AUDITLITE_RESERVE_PER_CPU];
};

static DEFINE_PER_CPU(struct auditlite_reserve, auditlite_reserves);

/* Tops every CPU's reserve up again after one was used. */
static struct work_struct auditlite_reserve_work;

/*
 * Whether this context may call the slab at all: always, but on
 * PREEMPT_RT, where its locks sleep, not from hard interrupt context nor
 * with interrupts or preemption off.
 */
static bool auditlite_may_allocate(void)
{
	return !IS_ENABLED(CONFIG_PREEMPT_RT) || preemptible();
}

static struct auditlite_buffer *auditlite_reserve_take(void)
{
	struct auditlite_buffer *ab = NULL;
	struct auditlite_reserve *r;
	unsigned long flags;

	local_irq_save(flags);
	r = this_cpu_ptr(&auditlite_reserves);
	raw_spin_lock(&r->lock);
	if (r->count)
		ab = r->bufs[--r->count];
	raw_spin_unlock(&r->lock);
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
			raw_spin_lock_irqsave(&r->lock, flags);
			if (r->count < AUDITLITE_RESERVE_PER_CPU) {
				r->bufs[r->count++] = ab;
				ab = NULL;
			}
			raw_spin_unlock_irqrestore(&r->lock, flags);
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

/*
 * @serial was just handed out: note the buffers held if never so many.
 * Those freed meanwhile with later serials make it low by as many.
 */
static void auditlite_buffer_note_high_water(u64 serial)
{
	u64 held = serial - atomic64_read(&auditlite_buffers_freed);
	int high = atomic_read(&auditlite_buffers_high_water);
	int n = min_t(u64, held, INT_MAX);

	while (n > high &&
	       !atomic_try_cmpxchg(&auditlite_buffers_high_water, &high, n))
		;
}

/**
 * auditlite_buffer_alloc - allocate and stamp a record
 * @gfp_mask: allocation flags of the caller's context
 * @type: record type
 *
 * A caller that cannot sleep is served from its CPU's reserve when the slab
 * fails, or may not be called.
 *
 * Context: any but NMI, as @gfp_mask allows.
 * Return: the buffer, or NULL when memory is short.
 */
struct auditlite_buffer *auditlite_buffer_alloc(gfp_t gfp_mask, int type)
{
	struct auditlite_buffer *ab = NULL;

	if (auditlite_may_allocate())
		ab = kmem_cache_alloc(auditlite_buffer_cache, gfp_mask | __GFP_NOWARN);
	if (!ab && !gfpflags_allow_blocking(gfp_mask))
		ab = auditlite_reserve_take();
	if (!ab)
		return NULL;

	ab->serial = atomic64_inc_return(&auditlite_serial);
	auditlite_buffer_note_high_water(ab->serial);
	/*
	 * The log shows milliseconds and orders by serial: the tick's time
	 * will do, as kernel/audit.c finds, and costs no clocksource read.
	 */
	ktime_get_coarse_real_ts64(&ab->stamp);
	ab->type = type;
	ab->cpu = raw_smp_processor_id();
	ab->flags = 0;
	ab->gfp_mask = gfp_mask;
	ab->sent = false;
	ab->len = 0;
	ab->text[0] = '\0';
	return ab;
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_buffer_alloc);

/**
 * auditlite_buffer_held - records allocated and not yet freed
 *
 * Context: any.
 * Return: their number: at least as many as are held when it returns,
 * more only by buffers freed while it read.
 */
u64 auditlite_buffer_held(void)
{
	u64 freed = atomic64_read(&auditlite_buffers_freed);

	/* Every buffer counted freed had its serial before. */
	smp_rmb();
	return atomic64_read(&auditlite_serial) - freed;
}

/**
 * auditlite_buffer_high_water - the most records ever held at once
 *
 * Context: any.
 * Return: their number since load.
 */
u32 auditlite_buffer_high_water(void)
{
	return atomic_read(&auditlite_buffers_high_water);
}

/* Back to the state the constructor made, ready for the cache. */
static void auditlite_buffer_reset(struct auditlite_buffer *ab)
{
	if (ab->text != ab->inline_text) {
		kvfree(ab->text);
		ab->text = ab->inline_text;
		ab->size = AUDITLITE_INLINE_TEXT;
	}
	if (ab->msg) {
		kfree_skb(ab->msg);
		ab->msg = NULL;
	}
}

/**
 * auditlite_buffer_free - free a record, its text and its message
 * @ab: buffer, or NULL
 *
 * Context: any but hard interrupt (a text that was vmalloc()ed is freed
 * later when this runs in an interrupt).
 */
void auditlite_buffer_free(struct auditlite_buffer *ab)
{
	if (!ab)
		return;
	auditlite_buffer_reset(ab);
	kmem_cache_free(auditlite_buffer_cache, ab);
	atomic64_inc(&auditlite_buffers_freed);
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_buffer_free);

/* Records freed by one kmem_cache_free_bulk() call. */
#define AUDITLITE_FREE_BULK	32

/**
 * auditlite_buffer_free_list - free every record on @list
 * @list: linked through their @list; left empty
 *
 * An ack frees a batch or more at once: the slab takes them in bulk.
 *
 * Context: any but hard interrupt.
 * Return: how many were freed.
 */
unsigned int auditlite_buffer_free_list(struct list_head *list)
{
	void *bulk[AUDITLITE_FREE_BULK];
	struct auditlite_buffer *ab, *tmp;
	unsigned int n = 0, i = 0;

	list_for_each_entry_safe(ab, tmp, list, list) {
		auditlite_buffer_reset(ab);
		bulk[i++] = ab;
		n++;
		if (i == ARRAY_SIZE(bulk)) {
			kmem_cache_free_bulk(auditlite_buffer_cache, i, bulk);
			i = 0;
		}
	}
	if (i)
		kmem_cache_free_bulk(auditlite_buffer_cache, i, bulk);
	atomic64_add(n, &auditlite_buffers_freed);
	INIT_LIST_HEAD(list);
	return n;
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_buffer_free_list);

/*
 * Make room for @extra more bytes of text if the limits and memory allow.
 * Returns the bytes of text that now fit, which may be fewer than @extra;
 * none once the record was cut.
 */
static size_t auditlite_buffer_room(struct auditlite_buffer *ab, size_t extra)
{
	bool may_sleep = gfpflags_allow_blocking(ab->gfp_mask);
	size_t need, size, limit;
	char *text;

	if (ab->flags & AUDITLITE_RECORD_F_TRUNCATED)
		return 0;
	limit = may_sleep ? AUDITLITE_TEXT_SIZE_MAX : AUDITLITE_ATOMIC_TEXT_SIZE_MAX;
	if (check_add_overflow((size_t)ab->len + 1, extra, &need))
		need = limit;
	if (need <= ab->size || ab->size >= limit || !auditlite_may_allocate())
		return ab->size - ab->len - 1;

	/* Double at least, so that many small appends stay cheap. */
	size = clamp_t(size_t, max_t(size_t, need, 2 * ab->size), 0, limit);
	if (may_sleep)
		text = kvmalloc(size, ab->gfp_mask | __GFP_NOWARN);
	else
		text = kmalloc(size, ab->gfp_mask | __GFP_NOWARN);
	if (text) {
		memcpy(text, ab->text, ab->len + 1);
		if (ab->text != ab->inline_text)
			kvfree(ab->text);
		ab->text = text;
		ab->size = size;
	}
	return ab->size - ab->len - 1;
}

/* Cut the record here: what comes after can no longer be appended. */
static void auditlite_buffer_cut(struct auditlite_buffer *ab)
{
	ab->flags |= AUDITLITE_RECORD_F_TRUNCATED;
}

/* Append @n bytes of @s, which the caller made room for. */
static void auditlite_buffer_append(struct auditlite_buffer *ab,
				    const char *s, size_t n)
{
	memcpy(ab->text + ab->len, s, n);
	ab->len += n;
	ab->text[ab->len] = '\0';
}

/**
 * auditlite_buffer_vformat - format text into a record
 * @ab: the record
 * @fmt: printf-style format
 * @args: its arguments
 *
 * Context: any; may allocate with the record's gfp mask.
 */
void auditlite_buffer_vformat(struct auditlite_buffer *ab, const char *fmt,
			      va_list args)
{
	size_t avail;
	va_list again;
	int len;

	if (ab->flags & AUDITLITE_RECORD_F_TRUNCATED)
		return;

	va_copy(again, args);
	avail = ab->size - ab->len;
	len = vsnprintf(ab->text + ab->len, avail, fmt, args);
	if (len >= avail) {
		avail = auditlite_buffer_room(ab, len) + 1;
		len = vsnprintf(ab->text + ab->len, avail, fmt, again);
		if (len >= avail) {
			len = avail - 1;
			auditlite_buffer_cut(ab);
		}
	}
	va_end(again);
	ab->len += len;
}

/**
 * auditlite_buffer_n_hex - append bytes as upper-case hex
 * @ab: the record
 * @buf: the bytes
 * @len: how many
 *
 * Two digits per byte; bytes that do not fit whole are cut.
 *
 * Context: any; may allocate with the record's gfp mask.
 */
void auditlite_buffer_n_hex(struct auditlite_buffer *ab,
			    const unsigned char *buf, size_t len)
{
	size_t hexlen, room, i;
	char *p;

	if (check_mul_overflow(len, (size_t)2, &hexlen))
		hexlen = SIZE_MAX;
	room = auditlite_buffer_room(ab, hexlen);
	if (hexlen > room) {
		len = room / 2;
		auditlite_buffer_cut(ab);
	}
	p = ab->text + ab->len;
	for (i = 0; i < len; i++)
		p = hex_byte_pack_upper(p, buf[i]);
	*p = '\0';
	ab->len += 2 * len;
}

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
 * auditlite_buffer_untrustedstring - append a string a user may control
 * @ab: the record
 * @s: NUL-terminated string
 *
 * Quoted, or in hex when it holds anything else than printable non-space
 * ASCII other than a quote; whole or not at all, so that a cut never
 * leaves an unclosed quote or half a value.
 *
 * Context: any; may allocate with the record's gfp mask.
 */
void auditlite_buffer_untrustedstring(struct auditlite_buffer *ab,
				      const char *s)
{
	size_t len = strlen(s);
	bool hex = auditlite_string_needs_hex(s, len);
	size_t need = hex ? 2 * len : len + 2;

	if (auditlite_buffer_room(ab, need) < need) {
		auditlite_buffer_cut(ab);
		return;
	}
	if (hex) {
		auditlite_buffer_n_hex(ab, (const unsigned char *)s, len);
		return;
	}
	auditlite_buffer_append(ab, "\"", 1);
	auditlite_buffer_append(ab, s, len);
	auditlite_buffer_append(ab, "\"", 1);
}

/*
 * A buffer comes out of the cache with its inline text in use and no
 * message, and goes back so. Having a constructor also spares every
 * allocation the zeroing of init_on_alloc (Debian's default), which cost
 * the caller more than all the rest of a record but the formatting;
 * nothing reads the stale bytes, as the text is written before it is read
 * and sent only up to its NUL.
 */
static void auditlite_buffer_ctor(void *obj)
{
	struct auditlite_buffer *ab = obj;

	ab->text = ab->inline_text;
	ab->size = AUDITLITE_INLINE_TEXT;
	ab->msg = NULL;
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
		raw_spin_lock_init(&per_cpu_ptr(&auditlite_reserves, cpu)->lock);
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

// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite batches: records as AUDITLITE_CMD_RECORDS messages.
 *
 * A batch is one order-0 skb holding as many records as fit, so that the
 * drain, in softirq context, never asks for more than a page at once. A
 * record whose text a batch cannot hold (only a writer that may sleep can
 * make one) is sent alone, in a message auditlite_log_end() built for it
 * while its writer could still sleep; it is kept with the record and sent
 * as a clone, so that replays need no allocation of its size either.
 *
 * The delivery picks a batch's records under its lock (cheap arithmetic
 * on their sizes) and has them encoded and sent here, outside it.
 */

#include <linux/list.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <uapi/auditlite.h>

#include "batch.h"
#include "buffer.h"
#include "listener.h"
#include "main.h"
#include "netlink.h"

/* What a batch's records may take: the rest of one page's skb. */
#define AUDITLITE_BATCH_PAYLOAD		(NLMSG_DEFAULT_SIZE - GENL_HDRLEN)

/* One record's attributes, for a text of @len bytes. */
#define AUDITLITE_RECORD_SIZE(len)					\
	(nla_total_size(0) + 2 * nla_total_size_64bit(sizeof(u64)) +	\
	 4 * nla_total_size(sizeof(u32)) + nla_total_size((len) + 1))

static size_t auditlite_batch_record_size(const struct auditlite_buffer *ab)
{
	/* A record whose writer cannot sleep always fits in a batch. */
	BUILD_BUG_ON(AUDITLITE_RECORD_SIZE(AUDITLITE_ATOMIC_TEXT_MAX) >
		     AUDITLITE_BATCH_PAYLOAD);
	/* What the daemon makes room for: a batch, or the longest record. */
	BUILD_BUG_ON(NLMSG_DEFAULT_SIZE + NLMSG_HDRLEN >
		     AUDITLITE_RECORDS_MSG_MAX);
	BUILD_BUG_ON(NLMSG_HDRLEN + GENL_HDRLEN +
		     AUDITLITE_RECORD_SIZE(AUDITLITE_MESSAGE_TEXT_MAX) >
		     AUDITLITE_RECORDS_MSG_MAX);
	return AUDITLITE_RECORD_SIZE(ab->len);
}

static struct sk_buff *auditlite_batch_new(size_t payload, gfp_t gfp)
{
	struct sk_buff *skb;

	skb = genlmsg_new(payload, gfp | __GFP_NOWARN);
	if (!skb)
		return NULL;
	if (!genlmsg_put(skb, 0, 0, &auditlite_family, 0, AUDITLITE_CMD_RECORDS)) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

/* Attribute @type of @len bytes at @at: its payload; @at moves past it. */
static void *auditlite_batch_attr(void **at, int type, int len)
{
	struct nlattr *nla = *at;

	nla->nla_type = type;
	nla->nla_len = nla_attr_size(len);
	*at += nla_total_size(len);
	return nla_data(nla);
}

/* Copies of a constant size: a plain store, wherever it is aligned. */
static void auditlite_batch_u32(void **at, int type, u32 value)
{
	memcpy(auditlite_batch_attr(at, type, sizeof(value)), &value, sizeof(value));
}

/* As nla_put_u64_64bit(): a pad first where the value would be unaligned. */
static void auditlite_batch_u64(void **at, int type, u64 value)
{
	if (!IS_ENABLED(CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS) &&
	    IS_ALIGNED((unsigned long)*at, 8))
		auditlite_batch_attr(at, AUDITLITE_RECORD_A_PAD, 0);
	memcpy(auditlite_batch_attr(at, type, sizeof(value)), &value, sizeof(value));
}

/**
 * auditlite_batch_add - append a record's nest to a message
 * @skb: the message
 * @ab: the record
 *
 * Written in place: what nla_nest_start() and nla_put() would write, byte
 * for byte, without a call and a copy or a clear for each of its eight
 * attributes, which took the drain as long as the caller's own formatting
 * under emulation.
 *
 * Context: any.
 * Return: 0, or -EMSGSIZE if @skb has no room for it.
 */
int auditlite_batch_add(struct sk_buff *skb, const struct auditlite_buffer *ab)
{
	struct nlattr *nest = (struct nlattr *)skb_tail_pointer(skb);
	void *at = nla_data(nest);
	char *text;

	if (skb_tailroom(skb) < auditlite_batch_record_size(ab))
		return -EMSGSIZE;
	auditlite_batch_u64(&at, AUDITLITE_RECORD_A_SERIAL, ab->serial);
	auditlite_batch_u32(&at, AUDITLITE_RECORD_A_TYPE, ab->type);
	auditlite_batch_u64(&at, AUDITLITE_RECORD_A_SEC, ab->stamp.tv_sec);
	auditlite_batch_u32(&at, AUDITLITE_RECORD_A_NSEC, ab->stamp.tv_nsec);
	auditlite_batch_u32(&at, AUDITLITE_RECORD_A_CPU, ab->cpu);
	auditlite_batch_u32(&at, AUDITLITE_RECORD_A_FLAGS, ab->flags);
	text = auditlite_batch_attr(&at, AUDITLITE_RECORD_A_TEXT, ab->len + 1);
	/* The padding's zeroes first: the text then covers its own part. */
	memset(text + NLA_ALIGN(ab->len + 1) - sizeof(u32), 0, sizeof(u32));
	memcpy(text, ab->text, ab->len + 1);
	nest->nla_type = NLA_F_NESTED | AUDITLITE_A_RECORD;
	nest->nla_len = at - (void *)nest;
	skb_put(skb, nest->nla_len);
	return 0;
}
EXPORT_SYMBOL_FOR_AUDITLITE_KUNIT(auditlite_batch_add);

/**
 * auditlite_batch_own_message - build the message of a record too long
 *	for a batch
 * @ab: the record, just ended; its text is longer than
 *	AUDITLITE_ATOMIC_TEXT_MAX, so its writer may sleep
 *
 * Without memory for it, the text is cut to what a batch holds and the
 * record flagged as truncated.
 *
 * Context: as the record's gfp mask allows.
 */
void auditlite_batch_own_message(struct auditlite_buffer *ab)
{
	struct sk_buff *skb;

	skb = auditlite_batch_new(auditlite_batch_record_size(ab), ab->gfp_mask);
	if (skb && !auditlite_batch_add(skb, ab)) {
		nlmsg_end(skb, nlmsg_hdr(skb));
		ab->msg = skb;
		return;
	}
	kfree_skb(skb);
	ab->len = AUDITLITE_ATOMIC_TEXT_MAX;
	ab->text[ab->len] = '\0';
	ab->flags |= AUDITLITE_RECORD_F_TRUNCATED;
}

/**
 * auditlite_batch_cut - move the records of the next batch to @to
 * @from: records in the order they are to be sent
 * @to: an empty list
 * @first_time: set if a record of the batch was never sent before
 *
 * A batch holds what fits in one order-0 skb, or one record with its own
 * message. While a socket listens, records sent before and records never
 * sent are not mixed, so that listeners get copies of the latter only.
 *
 * Context: under the delivery's lock.
 * Return: how many were moved.
 */
unsigned int auditlite_batch_cut(struct list_head *from, struct list_head *to,
				 bool *first_time)
{
	bool apart = auditlite_listener_any();
	struct auditlite_buffer *ab, *first, *last = NULL;
	size_t size = 0;
	unsigned int n = 0;

	*first_time = false;
	first = list_first_entry_or_null(from, struct auditlite_buffer, list);
	if (!first)
		return 0;
	list_for_each_entry(ab, from, list) {
		if ((apart && ab->sent != first->sent) || (n && ab->msg))
			break;
		size += auditlite_batch_record_size(ab);
		if (n && size > AUDITLITE_BATCH_PAYLOAD)
			break;
		last = ab;
		n++;
		*first_time |= !ab->sent;
		if (ab->msg)
			break;
	}
	list_cut_position(to, from, &last->list);
	return n;
}

/**
 * auditlite_batch_build - encode a batch
 * @batch: records from auditlite_batch_cut()
 *
 * Context: any but hard interrupt.
 * Return: the message, or NULL without memory for it.
 */
struct sk_buff *auditlite_batch_build(struct list_head *batch)
{
	struct auditlite_buffer *ab;
	struct sk_buff *skb;

	ab = list_first_entry(batch, struct auditlite_buffer, list);
	if (ab->msg)
		return skb_clone(ab->msg, GFP_ATOMIC | __GFP_NOWARN);

	skb = auditlite_batch_new(AUDITLITE_BATCH_PAYLOAD, GFP_ATOMIC);
	if (!skb)
		return NULL;
	list_for_each_entry(ab, batch, list) {
		/* auditlite_batch_cut() made them fit: this cannot happen. */
		if (WARN_ON_ONCE(auditlite_batch_add(skb, ab))) {
			kfree_skb(skb);
			return NULL;
		}
	}
	nlmsg_end(skb, nlmsg_hdr(skb));
	return skb;
}

/**
 * auditlite_batch_send - send a batch to the daemon, never blocking
 * @skb: from auditlite_batch_build(); consumed whatever happens
 * @portid: the daemon's port id
 * @n: records in it
 * @copy: the listeners are to have a copy, once the daemon has it
 *
 * Context: any but hard interrupt.
 * Return: 0, -EAGAIN when the daemon's socket is full, another error when
 * it is gone.
 */
int auditlite_batch_send(struct sk_buff *skb, u32 portid, unsigned int n,
			 bool copy)
{
	struct sk_buff *keep = NULL;
	int err;

	copy = copy && auditlite_listener_any();
	if (copy)
		keep = skb_clone(skb, GFP_ATOMIC | __GFP_NOWARN);
	err = genlmsg_unicast(&init_net, skb, portid);
	if (copy && !err)
		auditlite_listener_copy(keep, n);
	consume_skb(keep);
	return err;
}

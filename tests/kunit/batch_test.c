// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for auditlite batches: the records' encoding.
 */

#include <kunit/test.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <auditlite/auditlite.h>
#include <uapi/auditlite.h>

#include "../../src/batch.h"
#include "../../src/buffer.h"

/* Texts of every length modulo 4, so that every padding is seen. */
#define BATCH_TEST_RECORDS	9

/* What nla_nest_start() and nla_put() make of @ab, into @skb. */
static int batch_test_put(struct sk_buff *skb, const struct auditlite_buffer *ab)
{
	struct nlattr *nest = nla_nest_start(skb, AUDITLITE_A_RECORD);

	if (!nest ||
	    nla_put_u64_64bit(skb, AUDITLITE_RECORD_A_SERIAL, ab->serial,
			      AUDITLITE_RECORD_A_PAD) ||
	    nla_put_u32(skb, AUDITLITE_RECORD_A_TYPE, ab->type) ||
	    nla_put_u64_64bit(skb, AUDITLITE_RECORD_A_SEC, ab->stamp.tv_sec,
			      AUDITLITE_RECORD_A_PAD) ||
	    nla_put_u32(skb, AUDITLITE_RECORD_A_NSEC, ab->stamp.tv_nsec) ||
	    nla_put_u32(skb, AUDITLITE_RECORD_A_CPU, ab->cpu) ||
	    nla_put_u32(skb, AUDITLITE_RECORD_A_FLAGS, ab->flags) ||
	    nla_put(skb, AUDITLITE_RECORD_A_TEXT, ab->len + 1, ab->text))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int batch_test_list_init(struct kunit_resource *res, void *list)
{
	INIT_LIST_HEAD(list);
	res->data = list;
	return 0;
}

static void batch_test_list_free(struct kunit_resource *res)
{
	auditlite_buffer_free_list(res->data);
	kfree(res->data);
}

/* The offset of the first byte where @a and @b differ, @len if none. */
static unsigned int batch_test_differ(const u8 *a, const u8 *b, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len && a[i] == b[i]; i++)
		;
	return i;
}

/*
 * The drain writes each record's attributes in place: byte for byte what
 * the netlink helpers would write, the padding's zeroes included, over
 * whatever the message's memory held.
 */
static void batch_records_encode_as_nla_put_would(struct kunit *test)
{
	struct auditlite_buffer *ab;
	struct sk_buff *skb, *ref;
	struct list_head *list;
	unsigned int i;

	list = kmalloc(sizeof(*list), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, list);
	if (!kunit_alloc_resource(test, batch_test_list_init,
				  batch_test_list_free, GFP_KERNEL, list)) {
		kfree(list);
		KUNIT_ASSERT_FAILURE(test, "no memory for the test resource");
	}
	for (i = 0; i < BATCH_TEST_RECORDS; i++) {
		ab = auditlite_buffer_alloc(GFP_KERNEL, 1300 + i);
		KUNIT_ASSERT_NOT_NULL(test, ab);
		list_add_tail(&ab->list, list);
		auditlite_log_format(ab, "%.*s", i, "abcdefgh");
		ab->flags = i;
		ab->stamp.tv_sec = 0x0102030405060708ULL + i;
		ab->stamp.tv_nsec = 999999999 - i;
	}

	skb = alloc_skb(PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	ref = alloc_skb(PAGE_SIZE, GFP_KERNEL);
	if (!ref)
		kfree_skb(skb);
	KUNIT_ASSERT_NOT_NULL(test, ref);
	memset(skb->data, 0xa5, skb_tailroom(skb));
	list_for_each_entry(ab, list, list) {
		KUNIT_EXPECT_EQ(test, auditlite_batch_add(skb, ab), 0);
		KUNIT_EXPECT_EQ(test, batch_test_put(ref, ab), 0);
	}

	KUNIT_EXPECT_EQ(test, skb->len, ref->len);
	if (skb->len == ref->len)
		KUNIT_EXPECT_EQ(test, batch_test_differ(skb->data, ref->data,
							ref->len),
				ref->len);
	kfree_skb(ref);
	kfree_skb(skb);
}

static struct kunit_case auditlite_batch_cases[] = {
	KUNIT_CASE(batch_records_encode_as_nla_put_would),
	{}
};

static struct kunit_suite auditlite_batch_suite = {
	.name = "auditlite_batch",
	.test_cases = auditlite_batch_cases,
};

kunit_test_suite(auditlite_batch_suite);

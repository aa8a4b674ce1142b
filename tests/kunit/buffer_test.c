// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for auditlite buffers: formatting, growth, truncation and the
 * escaping of untrusted strings and hex.
 */

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <auditlite/auditlite.h>
#include <uapi/auditlite.h>

#include "../../src/buffer.h"
#include "fake_daemon.h"

static int buffer_resource_init(struct kunit_resource *res, void *ab)
{
	res->data = ab;
	return 0;
}

static void buffer_resource_free(struct kunit_resource *res)
{
	auditlite_buffer_free(res->data);
}

/* A fresh buffer, freed when the test ends however it ends. */
static struct auditlite_buffer *buffer_new(struct kunit *test, gfp_t gfp)
{
	struct auditlite_buffer *ab = auditlite_buffer_alloc(gfp, 1316);

	KUNIT_ASSERT_NOT_NULL(test, ab);
	if (!kunit_alloc_resource(test, buffer_resource_init,
				  buffer_resource_free, GFP_KERNEL, ab)) {
		auditlite_buffer_free(ab);
		KUNIT_ASSERT_FAILURE(test, "no memory for the test resource");
	}
	return ab;
}

static void buffer_alloc_stamps_type_and_increasing_serial(struct kunit *test)
{
	struct auditlite_buffer *a = buffer_new(test, GFP_KERNEL);
	struct auditlite_buffer *b = buffer_new(test, GFP_KERNEL);

	KUNIT_EXPECT_EQ(test, a->type, 1316);
	KUNIT_EXPECT_GT(test, b->serial, a->serial);
	KUNIT_EXPECT_GT(test, a->stamp.tv_sec, 0);
	KUNIT_EXPECT_EQ(test, a->len, 0U);
	KUNIT_EXPECT_STREQ(test, a->text, "");
}

static void buffer_format_appends(struct kunit *test)
{
	struct auditlite_buffer *ab = buffer_new(test, GFP_KERNEL);

	auditlite_log_format(ab, "op=%s", "load");
	auditlite_log_format(ab, " pid=%d", 42);

	KUNIT_EXPECT_STREQ(test, ab->text, "op=load pid=42");
	KUNIT_EXPECT_EQ(test, ab->len, strlen("op=load pid=42"));
	KUNIT_EXPECT_EQ(test, ab->flags, 0U);
}

static void buffer_format_grows_past_inline_text(struct kunit *test)
{
	struct auditlite_buffer *ab = buffer_new(test, GFP_KERNEL);
	unsigned int inline_size = ab->size;
	char *big = kunit_kzalloc(test, 2000, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, big);
	memset(big, 'x', 1999);

	/* Before: text fits the inline area. After: it moved out and grew. */
	auditlite_log_format(ab, "a=%s", big);

	KUNIT_EXPECT_GT(test, ab->size, inline_size);
	KUNIT_EXPECT_EQ(test, ab->len, 2001U);
	KUNIT_EXPECT_EQ(test, strlen(ab->text), 2001UL);
	KUNIT_EXPECT_EQ(test, ab->flags, 0U);
}

static void buffer_format_cuts_at_limit_and_flags(struct kunit *test)
{
	struct auditlite_buffer *ab = buffer_new(test, GFP_KERNEL);
	int i;

	for (i = 0; i < 1000; i++)
		auditlite_log_format(ab, "0123456789");

	KUNIT_EXPECT_EQ(test, ab->len, (unsigned int)AUDITLITE_MESSAGE_TEXT_MAX);
	KUNIT_EXPECT_EQ(test, strlen(ab->text), (size_t)AUDITLITE_MESSAGE_TEXT_MAX);
	KUNIT_EXPECT_TRUE(test, ab->flags & AUDITLITE_RECORD_F_TRUNCATED);
}

static void buffer_exactly_at_limit_is_not_truncated(struct kunit *test)
{
	struct auditlite_buffer *ab = buffer_new(test, GFP_KERNEL);

	auditlite_log_format(ab, "%*s", AUDITLITE_MESSAGE_TEXT_MAX, "");

	KUNIT_EXPECT_EQ(test, ab->len, (unsigned int)AUDITLITE_MESSAGE_TEXT_MAX);
	KUNIT_EXPECT_EQ(test, ab->flags, 0U);
}

static void buffer_untrusted_clean_string_is_quoted(struct kunit *test)
{
	struct auditlite_buffer *ab = buffer_new(test, GFP_KERNEL);

	auditlite_log_format(ab, "comm=");
	auditlite_log_untrustedstring(ab, "bash");

	KUNIT_EXPECT_STREQ(test, ab->text, "comm=\"bash\"");
}

static const struct {
	const char *in;
	const char *hex;
} untrusted_hex_cases[] = {
	{ "a b", "612062" },		/* space */
	{ "a\"b", "612262" },		/* double quote */
	{ "a\nb", "610A62" },		/* control byte */
	{ "\x7f", "7F" },		/* DEL */
	{ "\xc3\xa9", "C3A9" },		/* byte above 0x7e */
	{ "type=X msg=\n", "747970653D58206D73673D0A" },
};

static void buffer_untrusted_unsafe_strings_go_hex(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(untrusted_hex_cases); i++) {
		struct auditlite_buffer *ab = buffer_new(test, GFP_KERNEL);

		auditlite_log_untrustedstring(ab, untrusted_hex_cases[i].in);
		KUNIT_EXPECT_STREQ_MSG(test, ab->text, untrusted_hex_cases[i].hex,
				       "case %d", i);
	}
}

static void buffer_n_hex_is_upper_case_two_digits(struct kunit *test)
{
	static const unsigned char bytes[] = { 0x00, 0x0f, 0xab, 0xff };
	struct auditlite_buffer *ab = buffer_new(test, GFP_KERNEL);

	auditlite_log_n_hex(ab, bytes, sizeof(bytes));

	KUNIT_EXPECT_STREQ(test, ab->text, "000FABFF");
}

static void buffer_n_hex_cuts_whole_bytes_at_limit(struct kunit *test)
{
	struct auditlite_buffer *ab = buffer_new(test, GFP_KERNEL);
	size_t n = AUDITLITE_MESSAGE_TEXT_MAX;
	unsigned char *bytes = kunit_kzalloc(test, n, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, bytes);
	auditlite_log_format(ab, "x");

	auditlite_log_n_hex(ab, bytes, n);

	/* One byte of text, then as many whole hex pairs as fit. */
	KUNIT_EXPECT_EQ(test, ab->len, 1U + 2 * ((AUDITLITE_MESSAGE_TEXT_MAX - 1) / 2));
	KUNIT_EXPECT_EQ(test, strlen(ab->text), (size_t)ab->len);
	KUNIT_EXPECT_TRUE(test, ab->flags & AUDITLITE_RECORD_F_TRUNCATED);
}

static void buffer_null_is_accepted_everywhere(struct kunit *test)
{
	static const unsigned char byte = 1;
	u64 backlog = fake_backlog(), lost = fake_lost();

	auditlite_log_format(NULL, "x=%d", 1);
	auditlite_log_untrustedstring(NULL, "x");
	auditlite_log_n_hex(NULL, &byte, 1);
	auditlite_log_end(NULL);
	auditlite_buffer_free(NULL);

	/* Nothing held, nothing counted: a NULL record is no record. */
	KUNIT_EXPECT_EQ(test, fake_backlog(), backlog);
	KUNIT_EXPECT_EQ(test, fake_lost(), lost);
}

/* A record whose text just filled its inline area. */
static struct auditlite_buffer *buffer_full(struct kunit *test)
{
	struct auditlite_buffer *ab = buffer_new(test, GFP_ATOMIC);

	auditlite_log_format(ab, "%*s", ab->size - 11, "a");
	KUNIT_ASSERT_EQ(test, ab->len, ab->size - 11);
	return ab;
}

static void buffer_nothing_is_appended_after_a_cut(struct kunit *test)
{
	struct auditlite_buffer *ab;

	if (!fake_slab_fails_for_current())
		kunit_skip(test, "failslab is not set up to fail this task");
	ab = buffer_full(test);

	/* The text cannot grow: it is cut and flagged. */
	current->make_it_fail = 1;
	auditlite_log_format(ab, " b=%s", "0123456789abcdef");
	current->make_it_fail = 0;
	KUNIT_EXPECT_TRUE(test, ab->flags & AUDITLITE_RECORD_F_TRUNCATED);

	/* It could grow now, but a later append must not leave a hole. */
	auditlite_log_format(ab, " c=1");
	KUNIT_EXPECT_NULL(test, strstr(ab->text, "c=1"));
	KUNIT_EXPECT_EQ(test, strlen(ab->text), (size_t)ab->len);
}

static void buffer_untrusted_string_is_whole_or_absent(struct kunit *test)
{
	struct auditlite_buffer *ab;

	if (!fake_slab_fails_for_current())
		kunit_skip(test, "failslab is not set up to fail this task");
	ab = buffer_full(test);

	current->make_it_fail = 1;
	auditlite_log_untrustedstring(ab, "abcdefghijklmnopqrstuvwxyz");
	current->make_it_fail = 0;

	/* No quote opened, no part of the string: the record is cut. */
	KUNIT_EXPECT_NULL(test, strchr(ab->text, '"'));
	KUNIT_EXPECT_NULL(test, strchr(ab->text, 'z'));
	KUNIT_EXPECT_TRUE(test, ab->flags & AUDITLITE_RECORD_F_TRUNCATED);
}

static void buffer_atomic_text_stays_within_a_page(struct kunit *test)
{
	struct auditlite_buffer *ab = buffer_new(test, GFP_ATOMIC);

	auditlite_log_format(ab, "%*s", AUDITLITE_MESSAGE_TEXT_MAX, "x");

	/* Before: grown to 8560 bytes, an order-2 atomic allocation. */
	KUNIT_EXPECT_EQ(test, ab->len, (unsigned int)AUDITLITE_ATOMIC_TEXT_MAX);
	KUNIT_EXPECT_LE(test, ksize(ab->text), (size_t)PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, ab->flags & AUDITLITE_RECORD_F_TRUNCATED);
}

static void buffer_atomic_growth_works_in_atomic_context(struct kunit *test)
{
	struct auditlite_buffer *ab = buffer_new(test, GFP_ATOMIC);
	unsigned long flags;

	local_irq_save(flags);
	auditlite_log_format(ab, "%*s", 1000, "y");
	local_irq_restore(flags);

	KUNIT_EXPECT_EQ(test, ab->len, 1000U);
	KUNIT_EXPECT_EQ(test, ab->flags, 0U);
}

/*
 * An ack frees records in bulk: every one, across more than one bulk
 * call, with its text moved out or its message kept (kmemleak, after the
 * suite, finds what would stay).
 */
static void buffer_free_list_frees_every_record(struct kunit *test)
{
	struct auditlite_buffer *ab;
	unsigned int i;
	LIST_HEAD(list);

	for (i = 0; i < 70; i++) {
		ab = auditlite_buffer_alloc(GFP_KERNEL, 1316);
		KUNIT_ASSERT_NOT_NULL(test, ab);
		list_add_tail(&ab->list, &list);
		if (i % 3 == 1)
			auditlite_log_format(ab, "%0*d", 1500, 7);
		if (i % 3 == 2)
			ab->msg = alloc_skb(64, GFP_KERNEL);
	}
	KUNIT_EXPECT_EQ(test, auditlite_buffer_free_list(&list), 70U);
	KUNIT_EXPECT_TRUE(test, list_empty(&list));
	KUNIT_EXPECT_EQ(test, auditlite_buffer_free_list(&list), 0U);
}

static struct kunit_case auditlite_buffer_cases[] = {
	KUNIT_CASE(buffer_alloc_stamps_type_and_increasing_serial),
	KUNIT_CASE(buffer_format_appends),
	KUNIT_CASE(buffer_format_grows_past_inline_text),
	KUNIT_CASE(buffer_format_cuts_at_limit_and_flags),
	KUNIT_CASE(buffer_exactly_at_limit_is_not_truncated),
	KUNIT_CASE(buffer_untrusted_clean_string_is_quoted),
	KUNIT_CASE(buffer_untrusted_unsafe_strings_go_hex),
	KUNIT_CASE(buffer_n_hex_is_upper_case_two_digits),
	KUNIT_CASE(buffer_n_hex_cuts_whole_bytes_at_limit),
	KUNIT_CASE(buffer_null_is_accepted_everywhere),
	KUNIT_CASE(buffer_atomic_growth_works_in_atomic_context),
	KUNIT_CASE(buffer_nothing_is_appended_after_a_cut),
	KUNIT_CASE(buffer_untrusted_string_is_whole_or_absent),
	KUNIT_CASE(buffer_atomic_text_stays_within_a_page),
	KUNIT_CASE(buffer_free_list_frees_every_record),
	{}
};

static struct kunit_suite auditlite_buffer_suite = {
	.name = "auditlite_buffer",
	.test_cases = auditlite_buffer_cases,
};

kunit_test_suite(auditlite_buffer_suite);

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for include/auditlite/compat.h: code written against the
 * kernel's audit_log_* calls logs through auditlite.
 */

#include <kunit/test.h>

#include "fake_daemon.h"

#include <auditlite/compat.h>

/* Written as a caller of the kernel's audit API would write it. */
static void ported_caller(const char *comm)
{
	struct audit_buffer *ab;

	ab = audit_log_start(NULL, GFP_KERNEL, AUDIT_KERNEL_OTHER);
	audit_log_format(ab, "op=ported comm=");
	audit_log_untrustedstring(ab, comm);
	audit_log_end(ab);
	audit_log(NULL, GFP_KERNEL, AUDIT_KERNEL_OTHER, "op=one-shot n=%d", 1);
}

static void compat_audit_calls_log_through_auditlite(struct kunit *test)
{
	struct fake_daemon *fd = fake_daemon_open(test);

	KUNIT_ASSERT_EQ(test, fake_daemon_register(fd), 0);
	ported_caller("a b");

	/* Before: audit_log() went to the kernel's own audit. */
	KUNIT_ASSERT_EQ(test, fake_daemon_receive(test, fd, 2, 5000), 2U);
	KUNIT_EXPECT_EQ(test, fd->records[0].type, (u32)AUDIT_KERNEL_OTHER);
	KUNIT_EXPECT_STREQ(test, fd->records[0].text, "op=ported comm=612062");
	KUNIT_EXPECT_STREQ(test, fd->records[1].text, "op=one-shot n=1");
	fake_daemon_settle(test, fd);
}

static struct kunit_case auditlite_compat_cases[] = {
	KUNIT_CASE(compat_audit_calls_log_through_auditlite),
	{}
};

static struct kunit_suite auditlite_compat_suite = {
	.name = "auditlite_compat",
	.test_cases = auditlite_compat_cases,
};

kunit_test_suite(auditlite_compat_suite);

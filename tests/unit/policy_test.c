// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/policy.c: the reasons auditd-lite is suspended
 * for, what clears each, and how often an action is taken.
 */

#include <stdbool.h>
#include <string.h>

#include "policy.h"
#include "unit.h"

/* Free space is @free percent, against a space_limit of 10. */
static enum policy_space space(struct policy *p, unsigned int free)
{
	return policy_threshold(&p->limit, free, 100, 10);
}

/* Free space dips below space_limit and comes back, as the daemon sees. */
static void space_dip(struct policy *p)
{
	assert_int_equal(space(p, 5), POLICY_SPACE_LOW);
	policy_suspend(p, POLICY_SPACE);
	assert_int_equal(space(p, 20), POLICY_SPACE_BACK);
	policy_resume(p, POLICY_BIT(POLICY_SPACE) | POLICY_BIT(POLICY_DISK_FULL));
}

/* A disk error is not forgotten because space dipped meanwhile. */
static void disk_error_outlives_a_space_dip(void **state)
{
	struct policy p = { 0 };

	policy_suspend(&p, POLICY_DISK_ERROR);
	space_dip(&p);
	assert_int_equal(p.suspended, POLICY_BIT(POLICY_DISK_ERROR));
	assert_int_equal(policy_resume(&p, POLICY_ALL),
			 POLICY_BIT(POLICY_DISK_ERROR));
	assert_int_equal(p.suspended, 0);
}

/* max_log_file waits for a new log, whatever free space does. */
static void log_size_is_cleared_only_by_a_new_log(void **state)
{
	struct policy p = { 0 };

	assert_true(policy_size(&p, true));
	policy_suspend(&p, POLICY_LOG_SIZE);
	space_dip(&p);
	assert_int_equal(p.suspended, POLICY_BIT(POLICY_LOG_SIZE));
	policy_new_log(&p, false);
	assert_int_equal(policy_resume(&p, POLICY_BIT(POLICY_LOG_SIZE)),
			 POLICY_BIT(POLICY_LOG_SIZE));
	assert_int_equal(p.suspended, 0);
}

/* space_limit's own condition clears it, and leaves the others. */
static void space_back_clears_space_reasons_only(void **state)
{
	struct policy p = { 0 };

	policy_suspend(&p, POLICY_SPACE);
	policy_suspend(&p, POLICY_DISK_FULL);
	policy_suspend(&p, POLICY_LOG_SIZE);
	assert_int_equal(policy_resume(&p, POLICY_BIT(POLICY_SPACE) |
					   POLICY_BIT(POLICY_DISK_FULL)),
			 POLICY_BIT(POLICY_SPACE) | POLICY_BIT(POLICY_DISK_FULL));
	assert_int_equal(p.suspended, POLICY_BIT(POLICY_LOG_SIZE));
}

static void space_action_once_per_fall(void **state)
{
	struct policy p = { 0 };

	assert_int_equal(space(&p, 20), POLICY_SPACE_SAME);
	assert_int_equal(space(&p, 5), POLICY_SPACE_LOW);
	assert_int_equal(space(&p, 5), POLICY_SPACE_SAME);
	assert_int_equal(space(&p, 20), POLICY_SPACE_BACK);
	assert_int_equal(space(&p, 5), POLICY_SPACE_LOW);
}

/* Item 7: hovering at the limit acts once, until space is a point above. */
static void hovering_at_the_limit_acts_once(void **state)
{
	struct policy p = { 0 };

	assert_int_equal(space(&p, 9), POLICY_SPACE_LOW);
	assert_int_equal(space(&p, 10), POLICY_SPACE_SAME);
	assert_int_equal(space(&p, 9), POLICY_SPACE_SAME);
	assert_int_equal(space(&p, 10), POLICY_SPACE_SAME);
	assert_int_equal(space(&p, 11), POLICY_SPACE_BACK);
	assert_int_equal(space(&p, 9), POLICY_SPACE_LOW);
}

/* Two thresholds, each with its own crossing; 0 is none. */
static void warning_and_limit_cross_apart(void **state)
{
	struct policy p = { 0 };

	assert_int_equal(policy_threshold(&p.left, 25, 100, 30), POLICY_SPACE_LOW);
	assert_int_equal(policy_threshold(&p.limit, 25, 100, 10), POLICY_SPACE_SAME);
	assert_int_equal(policy_threshold(&p.left, 5, 100, 30), POLICY_SPACE_SAME);
	assert_int_equal(policy_threshold(&p.limit, 5, 100, 10), POLICY_SPACE_LOW);
	assert_int_equal(policy_threshold(&p.left, 0, 100, 0), POLICY_SPACE_BACK);
	assert_int_equal(policy_threshold(&p.left, 0, 100, 0), POLICY_SPACE_SAME);
	assert_true(policy_has_room(11, 100, 10));
	assert_false(policy_has_room(10, 100, 10));
}

static void size_action_once_per_log(void **state)
{
	struct policy p = { 0 };

	assert_false(policy_size(&p, false));
	assert_true(policy_size(&p, true));
	assert_false(policy_size(&p, true));
	policy_new_log(&p, false);
	assert_true(policy_size(&p, true));
}

/* After a resume from a full disk, the next failure acts again. */
static void failing_spell_ends_with_a_resume(void **state)
{
	struct policy p = { 0 };

	assert_true(policy_failed(&p));
	assert_false(policy_failed(&p));
	policy_suspend(&p, POLICY_DISK_FULL);
	policy_resume(&p, POLICY_BIT(POLICY_DISK_FULL));
	assert_true(policy_failed(&p));
	assert_true(policy_succeeded(&p));
	assert_false(policy_succeeded(&p));
}

/* A new log_file, maybe elsewhere: its space is looked at anew. */
static void moved_log_looks_at_space_anew(void **state)
{
	struct policy p = { 0 };

	assert_int_equal(space(&p, 5), POLICY_SPACE_LOW);
	assert_true(policy_size(&p, true));
	policy_new_log(&p, false);
	assert_int_equal(space(&p, 5), POLICY_SPACE_SAME);
	policy_new_log(&p, true);
	assert_int_equal(space(&p, 5), POLICY_SPACE_LOW);
	assert_true(policy_size(&p, true));
}

static void names_list_the_reasons(void **state)
{
	char buf[64];

	assert_int_equal(policy_names(POLICY_ALL, buf, sizeof(buf)),
			 strlen("space_limit,max_log_file,disk_full,disk_error,exec"));
	assert_string_equal(buf, "space_limit,max_log_file,disk_full,disk_error,exec");
	policy_names(POLICY_BIT(POLICY_DISK_ERROR), buf, sizeof(buf));
	assert_string_equal(buf, "disk_error");
	policy_names(0, buf, sizeof(buf));
	assert_string_equal(buf, "none");
}

static const struct CMUnitTest policy_tests[] = {
	cmocka_unit_test(disk_error_outlives_a_space_dip),
	cmocka_unit_test(log_size_is_cleared_only_by_a_new_log),
	cmocka_unit_test(space_back_clears_space_reasons_only),
	cmocka_unit_test(space_action_once_per_fall),
	cmocka_unit_test(hovering_at_the_limit_acts_once),
	cmocka_unit_test(warning_and_limit_cross_apart),
	cmocka_unit_test(size_action_once_per_log),
	cmocka_unit_test(failing_spell_ends_with_a_resume),
	cmocka_unit_test(moved_log_looks_at_space_anew),
	cmocka_unit_test(names_list_the_reasons),
};

int main(void)
{
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(policy_tests, NULL, NULL) ? 1 : 0;
}

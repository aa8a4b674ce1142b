// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/latency.c: quantiles of a latency histogram.
 */

#include <string.h>

#include "latency.h"
#include "unit.h"

static void empty_histogram_says_zero(void **state)
{
	struct latency l = { 0 };

	assert_int_equal(latency_quantile(&l, 50), 0);
}

static void small_latencies_are_exact(void **state)
{
	struct latency l = { 0 };

	latency_add(&l, 1);
	latency_add(&l, 2);
	latency_add(&l, 3);
	assert_int_equal(latency_quantile(&l, 50), 2);
	assert_int_equal(latency_quantile(&l, 100), 3);
}

/* Within a quarter octave above, never below. */
static void quantiles_within_a_quarter_octave(void **state)
{
	struct latency l = { 0 };
	uint64_t us, q;

	for (us = 1; us <= 1000; us++)
		latency_add(&l, us * 1000);
	q = latency_quantile(&l, 50);
	assert_true(q >= 500000 && q <= 500000 * 5 / 4);
	q = latency_quantile(&l, 99);
	assert_true(q >= 990000 && q <= 990000 * 5 / 4);
	assert_true(latency_quantile(&l, 100) >= 1000000);
}

static void huge_latency_lands_in_last_bucket(void **state)
{
	struct latency l = { 0 };

	latency_add(&l, UINT64_MAX);
	assert_int_equal(l.count[LATENCY_BUCKETS - 1], 1);
	assert_true(latency_quantile(&l, 50) >= (1ULL << 41));
}

static const struct CMUnitTest latency_tests[] = {
	cmocka_unit_test(empty_histogram_says_zero),
	cmocka_unit_test(small_latencies_are_exact),
	cmocka_unit_test(quantiles_within_a_quarter_octave),
	cmocka_unit_test(huge_latency_lands_in_last_bucket),
};

int main(void)
{
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(latency_tests, NULL, NULL) ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/verify.c: auditlitectl verify on logs sealed
 * here as the daemon seals them (seal.c), untouched and tampered with.
 * tests/e2e/seal.sh does the same on the daemon's own logs.
 */

#define _GNU_SOURCE		/* open_memstream() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logfmt.h"
#include "seal.h"
#include "unit.h"
#include "verify.h"

#define EPOCH_LINES	5

static const unsigned char seed[SEAL_KEY_LEN] = { 7, 7, 7 };
static char *out;
static size_t out_len;
static FILE *outf;
static struct verify v;

/* The log of epochs @first to @last, EPOCH_LINES records each. */
static size_t make_log(char *buf, size_t size, uint64_t first, uint64_t last,
		       const char *op)
{
	char text[SEAL_TEXT_MAX + 64], id[SEAL_ID_MAX];
	struct seal_epoch e;
	struct seal_key k;
	size_t len = 0;
	uint64_t epoch;
	int i, n;

	seal_key_from_seed(&k, seed);
	seal_key_at(&k, first);
	for (epoch = first; epoch <= last; epoch++) {
		struct logfmt_record rec = { .type = 1100, .sec = 1700000000 };
		size_t start;

		seal_id(id, 1700000000, 0, epoch + 1);
		seal_epoch_start(&e, &k, epoch == last && op &&
				 !strcmp(op, "recover") ? id : NULL);
		start = len;
		for (i = 0; i < EPOCH_LINES; i++) {
			rec.serial = 100 * epoch + i + 1;
			rec.len = snprintf(text, sizeof(text), "op=test n=%d", i);
			rec.text = text;
			n = logfmt_line(buf + len, size - len, &rec);
			assert_true(n > 0);
			len += n;
		}
		seal_epoch_lines(&e, buf + start, len - start);
		rec.type = SEAL_TYPE;
		rec.serial = epoch + 1;
		rec.len = seal_text(text, sizeof(text), &e,
				    epoch == last && op ? op : "epoch");
		n = logfmt_line(buf + len, size - len, &rec);
		assert_true(n > 0);
		seal_finish(&e, buf + len, n);
		len += n;
		seal_key_evolve(&k);
	}
	return len;
}

static int fresh(void **state)
{
	struct seal_key k0;

	outf = open_memstream(&out, &out_len);
	seal_key_from_seed(&k0, seed);
	verify_init(&v, &k0, outf);
	return 0;
}

static int cleanup(void **state)
{
	fclose(outf);
	free(out);
	out = NULL;
	return 0;
}

/* What verify printed so far. */
static const char *said(void)
{
	fflush(outf);
	return out;
}

/* @what in @buf, replaced by @with, as long. */
static void replace(char *buf, const char *what, const char *with)
{
	char *p = strstr(buf, what);

	assert_non_null(p);
	assert_int_equal(strlen(what), strlen(with));
	memcpy(p, with, strlen(with));
}

static void verify_untouched(void **state)
{
	char a[8192], b[8192];
	size_t alen = make_log(a, sizeof(a), 0, 2, NULL);
	size_t blen = make_log(b, sizeof(b), 3, 4, "recover");

	assert_int_equal(verify_buf(&v, "a", a, alen, false), 0);
	assert_int_equal(verify_buf(&v, "b", b, blen, true), 0);
	assert_int_equal(v.epochs, 5);
	assert_int_equal(v.lines, 5 * EPOCH_LINES);
	assert_int_equal(v.notices, 1);
	assert_non_null(strstr(said(), "b:7-11: serials 401-405: epoch 4: "
			       "notice: sealed late"));
}

static void verify_changed_byte(void **state)
{
	char a[8192];
	size_t len = make_log(a, sizeof(a), 0, 2, NULL);

	replace(a, "audit(1700000000.000:203): op=test n=2",
		   "audit(1700000000.000:203): op=test n=3");
	assert_int_equal(verify_buf(&v, "a", a, len, true), 1);
	assert_non_null(strstr(said(), "a:13-17: serials 201-205: epoch 2: "
			       "changed or reordered: the seal does not "
			       "match the lines\n"));
}

static void verify_deleted_line(void **state)
{
	char a[8192];
	size_t len = make_log(a, sizeof(a), 0, 2, NULL);
	char *line = strstr(a, "type=USER_AUTH msg=audit(1700000000.000:103)");
	char *next = strchr(line, '\n') + 1;

	memmove(line, next, a + len - next);
	len -= next - line;
	assert_int_equal(verify_buf(&v, "a", a, len, true), 1);
	assert_non_null(strstr(said(), "a:7-10: serials 101-105: epoch 1: "
			       "1 line(s) deleted: 5 sealed, 4 here; serials "
			       "out of sequence at line 9 (skips)\n"));
}

static void verify_missing_and_swapped(void **state)
{
	char a[8192], b[8192], c[8192];
	size_t alen = make_log(a, sizeof(a), 0, 1, NULL);
	size_t blen = make_log(b, sizeof(b), 2, 3, NULL);
	size_t clen = make_log(c, sizeof(c), 4, 5, NULL);

	/* c, then b: c's first epoch skips 2-3, b's come back. */
	verify_buf(&v, "a", a, alen, false);
	verify_buf(&v, "c", c, clen, false);
	verify_buf(&v, "b", b, blen, true);
	assert_non_null(strstr(said(), "c:1-5: serials 401-405: epoch 4: "
			       "epochs 2-3 missing before it"));
	assert_non_null(strstr(said(), "b:1-5: serials 201-205: epoch 2: "
			       "out of order: after epoch 5"));
	assert_int_equal(v.problems, 3);
}

static void verify_unsealed_tail(void **state)
{
	char a[8192];
	size_t len = make_log(a, sizeof(a), 0, 1, NULL);

	/* Cut in the middle of the last seal line. */
	len -= 20;
	assert_int_equal(verify_buf(&v, "a", a, len, false), 1);
	assert_non_null(strstr(said(), "a:7-12: serials 101-105: unsealed: "
			       "after the last seal of a log that is not the "
			       "newest\n"));
	cleanup(state);
	fresh(state);
	assert_int_equal(verify_buf(&v, "a", a, len, true), 1);
	assert_non_null(strstr(said(), "unsealed: after the last seal (the "
			       "epoch in progress"));
}

/* Epoch 1 re-sealed with the key of epoch 2, which the key file had. */
static void verify_forged_later_key(void **state)
{
	char a[8192], hex[SEAL_HEX_LEN + 1];
	size_t len = make_log(a, sizeof(a), 0, 2, NULL);
	char *seal0 = strstr(a, "type=DAEMON_SEAL msg=audit(1700000000.000:1)");
	char *seal1 = strstr(a, "type=DAEMON_SEAL msg=audit(1700000000.000:2)");
	char *mac = strstr(seal1, "mac=") + 4;
	unsigned char forged[SEAL_MAC_LEN];
	char *epoch1 = strchr(seal0, '\n') + 1;
	struct seal_key k;

	replace(a, "audit(1700000000.000:103): op=test n=2",
		   "audit(1700000000.000:103): op=test n=9");
	seal_key_from_seed(&k, seed);
	seal_key_at(&k, 2);
	seal_mac(&k, NULL, epoch1, mac - epoch1, forged);
	seal_hex(hex, forged, sizeof(forged));
	memcpy(mac, hex, SEAL_HEX_LEN);
	assert_int_equal(verify_buf(&v, "a", a, len, true), 1);
	assert_non_null(strstr(said(), "a:7-11: serials 101-105: epoch 1: "
			       "forged: sealed with the key of epoch 2,"));
}

static void verify_far_epoch_not_believed(void **state)
{
	char a[8192];
	size_t len = make_log(a, sizeof(a), 0, 0, NULL);

	char *p = strstr(a, "epoch=0 ") + 6;

	/* Some 10^19 keys on: the verifier would derive them forever. */
	memmove(p + 18, p, a + len - p);
	memset(p, '9', 19);
	len += 18;
	assert_int_equal(verify_buf(&v, "a", a, len, true), 1);
	assert_non_null(strstr(said(), "not believed: too far past"));
}

/* The oldest logs rotated away: the chain from --first-epoch on. */
static void verify_first_epoch(void **state)
{
	char a[8192];
	size_t len = make_log(a, sizeof(a), 3, 4, NULL);
	struct seal_key k0;

	assert_int_equal(verify_buf(&v, "a", a, len, true), 1);
	assert_non_null(strstr(said(), "epochs 0-2 missing before it"));
	seal_key_from_seed(&k0, seed);
	seal_key_at(&k0, 3);
	verify_init(&v, &k0, outf);
	assert_int_equal(verify_buf(&v, "a", a, len, true), 0);
	assert_int_equal(v.epochs, 2);
}

int main(void)
{
#define CASE(fn)	cmocka_unit_test_setup_teardown(fn, fresh, cleanup)
	const struct CMUnitTest verify_tests[] = {
		CASE(verify_untouched),
		CASE(verify_changed_byte),
		CASE(verify_deleted_line),
		CASE(verify_missing_and_swapped),
		CASE(verify_unsealed_tail),
		CASE(verify_forged_later_key),
		CASE(verify_far_epoch_not_believed),
		CASE(verify_first_epoch),
	};

	if (seal_init())
		return 1;
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(verify_tests, NULL, NULL) ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/logfile.c: opening auditd-lite's log, in a
 * fresh temporary directory per case.
 */

#define _GNU_SOURCE		/* asprintf() */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "logfile.h"
#include "unit.h"

#define LINE1	"type=KERNEL msg=audit(1.001:1): a\n"
#define LINE2	"type=KERNEL msg=audit(2.002:2): b\n"

static char dir[64];
static char path[128];
static struct logfile lf;
static struct dedup dd;

/*
 * Each case's setup: a new directory; path names audit.log in a
 * subdirectory not made yet.
 */
static int fresh(void **state)
{
	strcpy(dir, "/tmp/logfile_test.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/log/audit.log", dir);
	lf.fd = -1;
	return 0;
}

/* And its teardown, whether the case passed or not. */
static int cleanup(void **state)
{
	char *cmd;
	int ret;

	if (lf.fd >= 0)
		logfile_close(&lf);
	if (asprintf(&cmd, "rm -rf '%s'", dir) < 0)
		return -1;
	ret = system(cmd);
	free(cmd);
	return ret ? -1 : 0;
}

/* The log with @len bytes of @text, in its directory. */
static void seed(const char *text, size_t len)
{
	char sub[128];
	FILE *f;

	snprintf(sub, sizeof(sub), "%s/log", dir);
	mkdir(sub, 0700);
	f = fopen(path, "w");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f))
		abort();
}

static off_t size_of(const char *p)
{
	struct stat st;

	return stat(p, &st) ? -1 : st.st_size;
}

static void open_makes_private_directory_and_file(void **state)
{
	struct stat st;
	char sub[128];

	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	logfile_close(&lf);
	snprintf(sub, sizeof(sub), "%s/log", dir);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal((st.st_mode & 0777), 0700);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((st.st_mode & 0777), 0600);
	assert_false(dd.armed);
}

static void open_appends(void **state)
{
	seed(LINE1, strlen(LINE1));
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_int_equal(lseek(lf.fd, 0, SEEK_SET), 0);
	assert_int_equal(write(lf.fd, LINE2, strlen(LINE2)), strlen(LINE2));
	logfile_close(&lf);
	assert_int_equal(size_of(path), strlen(LINE1 LINE2));
}

static void open_arms_dedup_with_last_record(void **state)
{
	seed(LINE1 LINE2, strlen(LINE1 LINE2));
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	logfile_close(&lf);
	assert_true(dd.armed);
	assert_int_equal(dd.last.serial, 2);
	assert_int_equal(dd.last.sec, 2);
	assert_int_equal(dd.last.msec, 2);
}

/* Opening only reads: the cut waits until the daemon is registered. */
static void open_leaves_torn_record_for_cut(void **state)
{
	seed(LINE1 "type=KERNEL msg=au", strlen(LINE1) + 18);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_int_equal(size_of(path), strlen(LINE1) + 18);
	assert_true(dd.armed);
	assert_int_equal(dd.last.serial, 1);
	assert_int_equal(logfile_cut_torn(&lf), 0);
	logfile_close(&lf);
	assert_int_equal(size_of(path), strlen(LINE1));
}

static void cut_takes_torn_only_record(void **state)
{
	seed("type=KERNEL msg=au", 18);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_false(dd.armed);
	assert_int_equal(logfile_cut_torn(&lf), 0);
	logfile_close(&lf);
	assert_int_equal(size_of(path), 0);
}

static void cut_leaves_whole_lines_alone(void **state)
{
	seed(LINE1, strlen(LINE1));
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_int_equal(logfile_cut_torn(&lf), 0);
	logfile_close(&lf);
	assert_int_equal(size_of(path), strlen(LINE1));
}

/* Cut once: what is appended afterwards stays. */
static void cut_happens_once(void **state)
{
	seed(LINE1 "type=K", strlen(LINE1) + 6);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_int_equal(logfile_cut_torn(&lf), 0);
	assert_int_equal(write(lf.fd, LINE2, strlen(LINE2)), strlen(LINE2));
	assert_int_equal(logfile_cut_torn(&lf), 0);
	logfile_close(&lf);
	assert_int_equal(size_of(path), strlen(LINE1 LINE2));
}

/* More than a line after the last newline: not ours to cut. */
static void open_refuses_long_unterminated_tail(void **state)
{
	size_t len = LOGFILE_TAIL + 10;
	char *junk = malloc(len);

	assert_non_null(junk);
	memset(junk, 'x', len);
	seed(junk, len);
	free(junk);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), -EINVAL);
	assert_int_equal(size_of(path), (off_t)len);
}

/*
 * Only the end is read, and it starts mid-line: here exactly where that
 * line's text looks like a record of its own, which must not be taken.
 */
static void open_skips_partial_first_line_of_end(void **state)
{
	static const char head[] = "type=KERNEL msg=audit(1.001:1): ";
	static const char forged[] = "type=KERNEL msg=audit(9.009:9): z\n";
	static const char daemon[] = "type=DAEMON_START msg=audit(3.000:0): ";
	size_t pad = LOGFILE_TAIL - (sizeof(forged) - 1) -
		     (sizeof(daemon) - 1) - 1;
	size_t len = sizeof(head) - 1 + LOGFILE_TAIL;
	char *text = malloc(len);
	char *p;

	assert_non_null(text);
	p = stpcpy(text, head);
	p = stpcpy(p, forged);
	p = stpcpy(p, daemon);
	memset(p, 'y', pad);
	p[pad] = '\n';
	seed(text, len);
	free(text);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	logfile_close(&lf);
	assert_false(dd.armed);
}

static void open_refuses_symlink(void **state)
{
	char target[160];

	seed("", 0);
	snprintf(target, sizeof(target), "%s/target", dir);
	assert_int_equal(rename(path, target), 0);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), -ELOOP);
}

/* Each in a directory of its own. */
#define CASE(fn)	cmocka_unit_test_setup_teardown(fn, fresh, cleanup)

static const struct CMUnitTest logfile_tests[] = {
	CASE(open_makes_private_directory_and_file),
	CASE(open_appends),
	CASE(open_arms_dedup_with_last_record),
	CASE(open_leaves_torn_record_for_cut),
	CASE(cut_takes_torn_only_record),
	CASE(cut_leaves_whole_lines_alone),
	CASE(cut_happens_once),
	CASE(open_refuses_long_unterminated_tail),
	CASE(open_skips_partial_first_line_of_end),
	CASE(open_refuses_symlink),
};

int main(void)
{
	log_init("logfile_test");
	umask(022);
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(logfile_tests, NULL, NULL) ? 1 : 0;
}

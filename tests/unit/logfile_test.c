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
#include "tap.h"

#define LINE1	"type=KERNEL msg=audit(1.001:1): a\n"
#define LINE2	"type=KERNEL msg=audit(2.002:2): b\n"

static char dir[64];
static char path[128];
static struct logfile lf;
static struct dedup dd;

/* A new directory; path names audit.log in a subdirectory not made yet. */
static void fresh(void)
{
	strcpy(dir, "/tmp/logfile_test.XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/log/audit.log", dir);
}

static void cleanup(void)
{
	char *cmd;

	if (asprintf(&cmd, "rm -rf '%s'", dir) < 0 || system(cmd))
		abort();
	free(cmd);
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

static void open_makes_private_directory_and_file(void)
{
	struct stat st;
	char sub[128];

	fresh();
	TAP_CHECK(logfile_open(&lf, path, (gid_t)-1, &dd) == 0);
	logfile_close(&lf);
	snprintf(sub, sizeof(sub), "%s/log", dir);
	TAP_CHECK(stat(sub, &st) == 0 && (st.st_mode & 0777) == 0700);
	TAP_CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	TAP_CHECK(!dd.armed);
	cleanup();
}

static void open_appends(void)
{
	fresh();
	seed(LINE1, strlen(LINE1));
	TAP_CHECK(logfile_open(&lf, path, (gid_t)-1, &dd) == 0);
	TAP_CHECK(lseek(lf.fd, 0, SEEK_SET) == 0);
	TAP_CHECK(write(lf.fd, LINE2, strlen(LINE2)) == strlen(LINE2));
	logfile_close(&lf);
	TAP_CHECK(size_of(path) == strlen(LINE1 LINE2));
	cleanup();
}

static void open_arms_dedup_with_last_record(void)
{
	fresh();
	seed(LINE1 LINE2, strlen(LINE1 LINE2));
	TAP_CHECK(logfile_open(&lf, path, (gid_t)-1, &dd) == 0);
	logfile_close(&lf);
	TAP_CHECK(dd.armed);
	TAP_CHECK(dd.last.serial == 2 && dd.last.sec == 2 &&
		  dd.last.msec == 2);
	cleanup();
}

/* Opening only reads: the cut waits until the daemon is registered. */
static void open_leaves_torn_record_for_cut(void)
{
	fresh();
	seed(LINE1 "type=KERNEL msg=au", strlen(LINE1) + 18);
	TAP_CHECK(logfile_open(&lf, path, (gid_t)-1, &dd) == 0);
	TAP_CHECK(size_of(path) == strlen(LINE1) + 18);
	TAP_CHECK(dd.armed && dd.last.serial == 1);
	TAP_CHECK(logfile_cut_torn(&lf) == 0);
	logfile_close(&lf);
	TAP_CHECK(size_of(path) == strlen(LINE1));
	cleanup();
}

static void cut_takes_torn_only_record(void)
{
	fresh();
	seed("type=KERNEL msg=au", 18);
	TAP_CHECK(logfile_open(&lf, path, (gid_t)-1, &dd) == 0);
	TAP_CHECK(!dd.armed);
	TAP_CHECK(logfile_cut_torn(&lf) == 0);
	logfile_close(&lf);
	TAP_CHECK(size_of(path) == 0);
	cleanup();
}

static void cut_leaves_whole_lines_alone(void)
{
	fresh();
	seed(LINE1, strlen(LINE1));
	TAP_CHECK(logfile_open(&lf, path, (gid_t)-1, &dd) == 0);
	TAP_CHECK(logfile_cut_torn(&lf) == 0);
	logfile_close(&lf);
	TAP_CHECK(size_of(path) == strlen(LINE1));
	cleanup();
}

/* Cut once: what is appended afterwards stays. */
static void cut_happens_once(void)
{
	fresh();
	seed(LINE1 "type=K", strlen(LINE1) + 6);
	TAP_CHECK(logfile_open(&lf, path, (gid_t)-1, &dd) == 0);
	TAP_CHECK(logfile_cut_torn(&lf) == 0);
	TAP_CHECK(write(lf.fd, LINE2, strlen(LINE2)) == strlen(LINE2));
	TAP_CHECK(logfile_cut_torn(&lf) == 0);
	logfile_close(&lf);
	TAP_CHECK(size_of(path) == strlen(LINE1 LINE2));
	cleanup();
}

/* More than a line after the last newline: not ours to cut. */
static void open_refuses_long_unterminated_tail(void)
{
	size_t len = LOGFILE_TAIL + 10;
	char *junk = malloc(len);

	TAP_CHECK(junk);
	memset(junk, 'x', len);
	fresh();
	seed(junk, len);
	free(junk);
	TAP_CHECK(logfile_open(&lf, path, (gid_t)-1, &dd) == -EINVAL);
	TAP_CHECK(size_of(path) == (off_t)len);
	cleanup();
}

/*
 * Only the end is read, and it starts mid-line: here exactly where that
 * line's text looks like a record of its own, which must not be taken.
 */
static void open_skips_partial_first_line_of_end(void)
{
	static const char head[] = "type=KERNEL msg=audit(1.001:1): ";
	static const char forged[] = "type=KERNEL msg=audit(9.009:9): z\n";
	static const char daemon[] = "type=DAEMON_START msg=audit(3.000:0): ";
	size_t pad = LOGFILE_TAIL - (sizeof(forged) - 1) -
		     (sizeof(daemon) - 1) - 1;
	size_t len = sizeof(head) - 1 + LOGFILE_TAIL;
	char *text = malloc(len);
	char *p;

	TAP_CHECK(text);
	p = stpcpy(text, head);
	p = stpcpy(p, forged);
	p = stpcpy(p, daemon);
	memset(p, 'y', pad);
	p[pad] = '\n';
	fresh();
	seed(text, len);
	free(text);
	TAP_CHECK(logfile_open(&lf, path, (gid_t)-1, &dd) == 0);
	logfile_close(&lf);
	TAP_CHECK(!dd.armed);
	cleanup();
}

static void open_refuses_symlink(void)
{
	char target[160];

	fresh();
	seed("", 0);
	snprintf(target, sizeof(target), "%s/target", dir);
	TAP_CHECK(rename(path, target) == 0);
	TAP_CHECK(symlink(target, path) == 0);
	TAP_CHECK(logfile_open(&lf, path, (gid_t)-1, &dd) == -ELOOP);
	cleanup();
}

static const struct tap_case cases[] = {
	TAP_CASE(open_makes_private_directory_and_file),
	TAP_CASE(open_appends),
	TAP_CASE(open_arms_dedup_with_last_record),
	TAP_CASE(open_leaves_torn_record_for_cut),
	TAP_CASE(cut_takes_torn_only_record),
	TAP_CASE(cut_leaves_whole_lines_alone),
	TAP_CASE(cut_happens_once),
	TAP_CASE(open_refuses_long_unterminated_tail),
	TAP_CASE(open_skips_partial_first_line_of_end),
	TAP_CASE(open_refuses_symlink),
};

int main(void)
{
	log_init("logfile_test");
	umask(022);
	return TAP_RUN(cases);
}

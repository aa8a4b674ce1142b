// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/logfile.c: opening auditd-lite's log, its mode
 * and group, rotation, and what a restart finds in it, in a fresh
 * temporary directory per case; free space and a full disk on a small
 * tmpfs mounted there, in a mount namespace of the test's own (as root).
 */

#define _GNU_SOURCE		/* asprintf(), unshare() */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch_msg.h"
#include "log.h"
#include "logfile.h"
#include "unit.h"
#include "util.h"

#define LINE1	"type=KERNEL msg=audit(1.001:1): a\n"
#define LINE2	"type=KERNEL msg=audit(2.002:2): b\n"

static char dir[64];
static char path[128];
static char rotated[5][160];	/* [n] is path.n, for n from 1 */
static struct logfile lf;
static struct dedup dd;
static struct outbuf ob;
static char got[1 << 16];
static bool mounted;		/* a tmpfs on dir */

/*
 * Each case's setup: a new directory; path names audit.log in a
 * subdirectory not made yet.
 */
static int fresh(void **state)
{
	unsigned int n;

	strcpy(dir, "/tmp/logfile_test.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/log/audit.log", dir);
	for (n = 1; n < ARRAY_SIZE(rotated); n++)
		snprintf(rotated[n], sizeof(rotated[n]), "%s.%u", path, n);
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
	outbuf_free(&ob);
	dedup_disarm(&dd);
	lf.io = &logfile_sys_io;
	if (mounted && umount2(dir, MNT_DETACH))
		return -1;
	mounted = false;
	if (asprintf(&cmd, "rm -rf '%s'", dir) < 0)
		return -1;
	ret = system(cmd);
	free(cmd);
	return ret ? -1 : 0;
}

/* The file @p, beside the log, with @len bytes of @text. */
static void put(const char *p, const char *text, size_t len)
{
	char sub[128];
	FILE *f;

	snprintf(sub, sizeof(sub), "%s/log", dir);
	mkdir(sub, 0700);
	f = fopen(p, "w");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f))
		abort();
}

/* The log with @len bytes of @text, in its directory. */
static void seed(const char *text, size_t len)
{
	put(path, text, len);
}

/* The whole of file @p is @text. */
static void assert_file(const char *p, const char *text)
{
	ssize_t n;

	n = batch_msg_read_log(p, got, sizeof(got));
	assert_true(n >= 0);
	assert_string_equal(got, text);
	/* and no zeros after it */
	assert_int_equal(n, strlen(text));
}

static void assert_gone(const char *p)
{
	struct stat st;

	assert_int_equal(lstat(p, &st), -1);
	assert_int_equal(errno, ENOENT);
}

static mode_t mode_of(const char *p)
{
	struct stat st;

	return stat(p, &st) ? (mode_t)-1 : st.st_mode & 07777;
}

static gid_t gid_of(const char *p)
{
	struct stat st;

	return stat(p, &st) ? (gid_t)-1 : st.st_gid;
}


/* Format records @first to @last into ob, as the daemon does. */
static void queue(uint64_t first, uint64_t last)
{
	struct logfmt_record rec;

	for (; first <= last; first++) {
		rec = batch_msg_record(first);
		assert_int_equal(outbuf_add(&ob, &rec), 0);
	}
}


/*
 * A tmpfs with @opts on dir, seen by this process alone and gone with it.
 * Without the privilege to mount (not root, or in a container that
 * forbids it) the case is skipped; any other failure fails it.
 */
static void mount_tmpfs(const char *opts)
{
	if (unshare(CLONE_NEWNS)) {
		if (errno == EPERM)
			skip_because("unshare(CLONE_NEWNS): %s; run as root",
				     strerror(errno));
		fail_msg("unshare(CLONE_NEWNS): %s", strerror(errno));
	}
	/*
	 * Nothing mounted from here on may reach the host's namespace. The
	 * names are unused, but valgrind will not have them NULL.
	 */
	assert_int_equal(mount("none", "/", "none", MS_REC | MS_PRIVATE,
			       NULL), 0);
	if (mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  opts)) {
		if (errno == EPERM)
			skip_because("mount -t tmpfs: %s", strerror(errno));
		fail_msg("mount -t tmpfs -o %s: %s", opts, strerror(errno));
	}
	mounted = true;
}

/*
 * Add @len bytes to a filler file beside the log, or as many as there is
 * room for if @len is 0. Returns how many were written.
 */
static size_t fill(size_t len)
{
	static char zeros[1 << 16];
	size_t done = 0;
	char p[128];
	int fd;

	snprintf(p, sizeof(p), "%s/filler", dir);
	fd = open(p, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	while (!len || done < len) {
		size_t n = sizeof(zeros);
		ssize_t w;

		if (len && len - done < n)
			n = len - done;
		w = write(fd, zeros, n);
		if (w < 0) {
			int err = errno;

			close(fd);
			assert_int_equal(err, ENOSPC);
			assert_int_equal(len, 0);
			break;
		}
		done += w;
	}
	close(fd);
	return done;
}

static void unfill(void)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/filler", dir);
	assert_int_equal(unlink(p), 0);
}

/* A group other than our own that we may give a file to, or -1. */
static gid_t other_group(void)
{
	gid_t gid = (gid_t)-1;
	gid_t groups[64];
	struct group *gr;
	int i, n;

	if (!geteuid()) {
		gr = getgrnam("adm");
		if (gr && gr->gr_gid != getegid())
			return gr->gr_gid;
		setgrent();
		while ((gr = getgrent())) {
			if (gr->gr_gid != getegid()) {
				gid = gr->gr_gid;
				break;
			}
		}
		endgrent();
		return gid;
	}
	n = getgroups(ARRAY_SIZE(groups), groups);
	for (i = 0; i < n; i++)
		if (groups[i] != getegid())
			return groups[i];
	return gid;
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
	assert_int_equal(dd.ids[dd.n - 1].serial, 2);
	assert_int_equal(dd.ids[dd.n - 1].sec, 2);
	assert_int_equal(dd.ids[dd.n - 1].msec, 2);
}

/* Opening only reads: the cut waits until the daemon is registered. */
static void open_leaves_torn_record_for_cut(void **state)
{
	seed(LINE1 "type=KERNEL msg=au", strlen(LINE1) + 18);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_int_equal(size_of(path), strlen(LINE1) + 18);
	assert_true(dd.armed);
	assert_int_equal(dd.ids[dd.n - 1].serial, 1);
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

/*
 * After a power cut a log can end in blocks of zeros: more than a line
 * after the last newline. They are set aside in path.torn, cut, and the
 * log goes on.
 */
static void open_sets_long_damaged_tail_aside(void **state)
{
	size_t len = strlen(LINE1 LINE2) + 40 * 1024;
	char *buf = calloc(1, len);
	char aside[160];

	assert_non_null(buf);
	memcpy(buf, LINE1 LINE2, strlen(LINE1 LINE2));
	seed(buf, len);
	free(buf);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_true(lf.damaged);
	assert_int_equal(lf.torn, 40 * 1024);
	assert_true(dd.armed);
	assert_int_equal(dd.ids[dd.n - 1].serial, 2);
	assert_int_equal(logfile_cut_torn(&lf), 0);
	assert_file(path, LINE1 LINE2);
	snprintf(aside, sizeof(aside), "%s.torn", path);
	assert_int_equal(size_of(aside), 40 * 1024);
	assert_int_equal(mode_of(aside), 0600);
}

/* A tail longer than the end that is read: the last line is found. */
static void open_finds_last_line_before_tail_longer_than_read(void **state)
{
	size_t len = strlen(LINE1) + LOGFILE_TAIL + 10;
	char *junk = malloc(len);
	char aside[160];

	assert_non_null(junk);
	memcpy(junk, LINE1, strlen(LINE1));
	memset(junk + strlen(LINE1), 'x', len - strlen(LINE1));
	seed(junk, len);
	free(junk);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_true(dd.armed);
	assert_int_equal(dd.ids[dd.n - 1].serial, 1);
	assert_int_equal(logfile_cut_torn(&lf), 0);
	assert_file(path, LINE1);
	snprintf(aside, sizeof(aside), "%s.torn", path);
	assert_int_equal(size_of(aside), LOGFILE_TAIL + 10);
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

static void open_refuses_dangling_symlink(void **state)
{
	char target[160];

	snprintf(target, sizeof(target), "%s/target", dir);
	seed("", 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), -ELOOP);
	assert_gone(target);
}

/* Another name for the log elsewhere would give its records away. */
static void open_refuses_log_with_another_link(void **state)
{
	char other[160];

	seed(LINE1, strlen(LINE1));
	snprintf(other, sizeof(other), "%s/other", dir);
	assert_int_equal(link(path, other), 0);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), -EPERM);
}

static void open_refuses_log_of_another_user(void **state)
{
	if (geteuid())
		skip_because("giving a file away needs root");
	seed(LINE1, strlen(LINE1));
	assert_int_equal(chown(path, 1, -1), 0);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), -EPERM);
}

static void open_refuses_fifo(void **state)
{
	seed("", 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), -EINVAL);
}

static void open_with_log_group_makes_file_0640(void **state)
{
	char sub[128];

	snprintf(sub, sizeof(sub), "%s/log", dir);
	assert_int_equal(logfile_open(&lf, path, getegid(), &dd), 0);
	assert_int_equal(mode_of(path), 0640);
	assert_int_equal(gid_of(path), getegid());
	/* The group reads the file, not the directory's other files. */
	assert_int_equal(mode_of(sub), 0700);
}

static void open_gives_file_to_log_group(void **state)
{
	gid_t gid = other_group();

	if (gid == (gid_t)-1)
		skip_because("uid %u has no group but %u to give the log to",
			      (unsigned int)geteuid(), (unsigned int)getegid());
	assert_int_equal(logfile_open(&lf, path, gid, &dd), 0);
	assert_int_equal(gid_of(path), gid);
	assert_int_equal(mode_of(path), 0640);
}

/* Whatever mode the file had, and whatever log_group was before. */
static void open_sets_mode_of_existing_file(void **state)
{
	seed(LINE1, strlen(LINE1));
	assert_int_equal(chmod(path, 0666), 0);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	logfile_close(&lf);
	assert_int_equal(mode_of(path), 0600);

	assert_int_equal(logfile_open(&lf, path, getegid(), &dd), 0);
	logfile_close(&lf);
	assert_int_equal(mode_of(path), 0640);

	/* log_group dropped from the configuration: the group reads no more */
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	logfile_close(&lf);
	assert_int_equal(mode_of(path), 0600);
	assert_file(path, LINE1);
}

static void rotate_moves_log_to_1_and_starts_empty(void **state)
{
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	queue(1, 2);
	assert_int_equal(logfile_write(&lf, &ob), 0);
	assert_int_equal(logfile_rotate(&lf, 4), 0);
	assert_file(rotated[1], batch_msg_lines(1, 2));
	assert_file(path, "");
	assert_int_equal(mode_of(path), 0600);
	assert_int_equal(lf.whole, 0);
	assert_gone(rotated[2]);

	/* after: lines go to the new log */
	queue(3, 3);
	assert_int_equal(logfile_write(&lf, &ob), 0);
	assert_file(path, batch_msg_lines(3, 3));
	assert_file(rotated[1], batch_msg_lines(1, 2));
}

/* num_logs 4: the log and three old ones, path.3 the oldest. */
static void rotate_shifts_old_logs_and_drops_oldest(void **state)
{
	put(path, "0\n", 2);
	put(rotated[1], "1\n", 2);
	put(rotated[2], "2\n", 2);
	put(rotated[3], "3\n", 2);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_int_equal(logfile_rotate(&lf, 3), 0);
	assert_file(path, "");
	assert_file(rotated[1], "0\n");
	assert_file(rotated[2], "1\n");
	assert_file(rotated[3], "2\n");
	assert_gone(rotated[4]);
}

static void rotate_with_fewer_old_logs_than_kept(void **state)
{
	put(path, "0\n", 2);
	put(rotated[1], "1\n", 2);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_int_equal(logfile_rotate(&lf, 3), 0);
	assert_file(path, "");
	assert_file(rotated[1], "0\n");
	assert_file(rotated[2], "1\n");
	assert_gone(rotated[3]);
}

/* num_logs 2: one old log, replaced by the next. */
static void rotate_keeping_one_replaces_it(void **state)
{
	put(path, "0\n", 2);
	put(rotated[1], "1\n", 2);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_int_equal(logfile_rotate(&lf, 1), 0);
	assert_file(path, "");
	assert_file(rotated[1], "0\n");
	assert_gone(rotated[2]);
}

/*
 * max_log_file_action keep_logs (keep 0): nothing is dropped; the old
 * logs move up as far as the first gap, those beyond it stay.
 */
static void rotate_keeping_all_moves_up_to_first_gap(void **state)
{
	put(path, "0\n", 2);
	put(rotated[1], "1\n", 2);
	put(rotated[2], "2\n", 2);
	put(rotated[4], "4\n", 2);
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_int_equal(logfile_rotate(&lf, 0), 0);
	assert_file(path, "");
	assert_file(rotated[1], "0\n");
	assert_file(rotated[2], "1\n");
	assert_file(rotated[3], "2\n");
	assert_file(rotated[4], "4\n");
}

/* Every line whole, in exactly one of the two logs, in order. */
static void rotate_between_writes_splits_no_line(void **state)
{
	size_t i;

	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	for (i = 0; i < 3; i++) {
		queue(10 * i + 1, 10 * i + 10);
		assert_int_equal(logfile_write(&lf, &ob), 0);
	}
	assert_int_equal(logfile_rotate(&lf, 2), 0);
	queue(31, 40);
	assert_int_equal(logfile_write(&lf, &ob), 0);
	assert_file(rotated[1], batch_msg_lines(1, 30));
	assert_file(path, batch_msg_lines(31, 40));
	assert_int_equal(lf.whole, strlen(batch_msg_lines(31, 40)));
}

static void rotate_new_log_has_log_group_mode(void **state)
{
	assert_int_equal(logfile_open(&lf, path, getegid(), &dd), 0);
	assert_int_equal(logfile_rotate(&lf, 2), 0);
	assert_int_equal(mode_of(path), 0640);
	assert_int_equal(gid_of(path), getegid());
	assert_int_equal(mode_of(rotated[1]), 0640);
}

/*
 * A daemon killed while writing record 4, records 1 to 3 written but 3
 * not acked: the next one cuts the torn line, drops the replayed 3 and
 * writes 4 and 5. Every record once, every line whole.
 */
static void reopen_after_crash_drops_replayed_records(void **state)
{
	struct logfmt_record replay[] = { batch_msg_record(3), batch_msg_record(4), batch_msg_record(5) };
	size_t drop, i;

	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	queue(1, 3);
	assert_int_equal(logfile_write(&lf, &ob), 0);
	assert_int_equal(write(lf.fd, "type=KERNEL msg=au", 18), 18);
	logfile_close(&lf);

	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_true(dd.armed);
	assert_int_equal(dd.ids[dd.n - 1].serial, 3);
	assert_int_equal(logfile_cut_torn(&lf), 0);
	drop = dedup_batch(&dd, replay, ARRAY_SIZE(replay));
	assert_int_equal(drop, 1);
	for (i = drop; i < ARRAY_SIZE(replay); i++)
		assert_int_equal(outbuf_add(&ob, &replay[i]), 0);
	assert_int_equal(logfile_write(&lf, &ob), 0);
	assert_file(path, batch_msg_lines(1, 5));
}

/* A write(2) that writes half of what it is given, then fails. */
static ssize_t half_then_eio(int fd, const void *buf, size_t len)
{
	static bool wrote;

	wrote = !wrote;
	if (wrote)
		return write(fd, buf, len / 2);
	errno = EIO;
	return -1;
}

/*
 * Someone truncated the log behind the daemon's back: a failed write is
 * cut back to the file's real end, not extended with zeros to where the
 * daemon last thought it was.
 */
static void cut_after_external_truncation_adds_no_zeros(void **state)
{
	static struct logfile_io io;

	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	queue(1, 3);
	assert_int_equal(logfile_write(&lf, &ob), 0);
	assert_int_equal(truncate(path, 0), 0);

	io = logfile_sys_io;
	io.write = half_then_eio;
	lf.io = &io;
	queue(4, 5);
	assert_int_equal(logfile_write(&lf, &ob), -EIO);
	assert_file(path, "");
	lf.io = &logfile_sys_io;
	assert_int_equal(logfile_write(&lf, &ob), 0);
	assert_file(path, batch_msg_lines(4, 5));
}

/* The log's path names another file, or none: the daemon must notice. */
static void moved_when_path_names_another_file(void **state)
{
	char other[160];

	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_false(logfile_moved(&lf));
	snprintf(other, sizeof(other), "%s.moved", path);
	assert_int_equal(rename(path, other), 0);
	assert_true(logfile_moved(&lf));
	seed(LINE1, strlen(LINE1));
	assert_true(logfile_moved(&lf));
	assert_int_equal(unlink(path), 0);
	assert_true(logfile_moved(&lf));
	assert_int_equal(rename(other, path), 0);
	assert_false(logfile_moved(&lf));
}

/*
 * Group commit: what a dead daemon wrote but had not acked can span many
 * batches, and the replay brings it back in batches cut elsewhere.
 */
static void reopen_drops_replayed_records_across_batches(void **state)
{
	struct logfmt_record first[] = { batch_msg_record(3), batch_msg_record(4) };
	struct logfmt_record second[] = { batch_msg_record(5), batch_msg_record(6) };
	struct logfmt_record third[] = { batch_msg_record(7) };

	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	queue(1, 5);
	assert_int_equal(logfile_write(&lf, &ob), 0);
	logfile_close(&lf);

	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_int_equal(dedup_batch(&dd, first, ARRAY_SIZE(first)), 2);
	assert_int_equal(dedup_batch(&dd, second, ARRAY_SIZE(second)), 1);
	assert_int_equal(dedup_batch(&dd, third, ARRAY_SIZE(third)), 0);
}

/*
 * space_limit is a percentage of the filesystem that must stay free:
 * exactly that much free is not below it, a page less is.
 */
static void space_low_only_below_limit_on_tmpfs(void **state)
{
	struct logfile_space sp;

	mount_tmpfs("size=1m");
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	assert_int_equal(logfile_space(&lf, 50, &sp), 0);
	assert_int_equal(sp.total, 1 << 20);
	assert_false(sp.low);

	/* before: half of it free, to the byte */
	assert_true(sp.avail > sp.total / 2);
	fill(sp.avail - sp.total / 2);
	assert_int_equal(logfile_space(&lf, 50, &sp), 0);
	assert_int_equal(sp.avail, sp.total / 2);
	assert_false(sp.low);
	assert_int_equal(logfile_space(&lf, 51, &sp), 0);
	assert_true(sp.low);

	/* after: one byte more takes a page */
	fill(1);
	assert_int_equal(logfile_space(&lf, 50, &sp), 0);
	assert_true(sp.low);
	assert_int_equal(logfile_space(&lf, 49, &sp), 0);
	assert_false(sp.low);
	assert_int_equal(logfile_space(&lf, 0, &sp), 0);
	assert_false(sp.low);
}

static void space_back_above_limit_after_delete_on_tmpfs(void **state)
{
	struct logfile_space sp;

	mount_tmpfs("size=1m");
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	fill(0);
	assert_int_equal(logfile_space(&lf, 1, &sp), 0);
	assert_int_equal(sp.avail, 0);
	assert_true(sp.low);

	unfill();
	assert_int_equal(logfile_space(&lf, 10, &sp), 0);
	assert_false(sp.low);
	assert_true(sp.avail > sp.total / 2);
}

/*
 * A real ENOSPC midway through a write: the lines that fitted, the last
 * one in part, are cut off again, and the whole buffer waits to be
 * written anew, once, when there is room.
 */
static void write_on_full_tmpfs_leaves_whole_lines(void **state)
{
	char *want;
	struct logfile_space sp;
	struct stat st;
	size_t len;

	mount_tmpfs("size=1m");
	seed(LINE1, strlen(LINE1));
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	queue(2, 201);
	len = ob.len;
	fill(0);
	assert_int_equal(logfile_space(&lf, 1, &sp), 0);
	assert_int_equal(sp.avail, 0);
	/* The log's page has room: the write starts, then fails. */
	assert_int_equal(fstat(lf.fd, &st), 0);
	assert_true(st.st_blocks * 512 > st.st_size + 1024);
	assert_true(len > (size_t)(st.st_blocks * 512 - st.st_size));

	assert_int_equal(logfile_write(&lf, &ob), -ENOSPC);
	assert_file(path, LINE1);
	assert_int_equal(lf.whole, strlen(LINE1));
	assert_int_equal(ob.len, len);
	assert_int_equal(ob.done, 0);

	unfill();
	assert_int_equal(logfile_write(&lf, &ob), 0);
	want = batch_msg_lines(2, 201);
	memmove(want + strlen(LINE1), want, strlen(want) + 1);
	memcpy(want, LINE1, strlen(LINE1));
	assert_file(path, want);
	assert_int_equal(lf.whole, strlen(want));
}

/*
 * No inode left for the new log (the tmpfs has three: its root, the log's
 * directory and the log): the log is renamed, and writing goes on there.
 */
static void rotate_without_room_writes_on_in_renamed_log(void **state)
{
	mount_tmpfs("size=1m,nr_inodes=3");
	assert_int_equal(logfile_open(&lf, path, (gid_t)-1, &dd), 0);
	queue(1, 2);
	assert_int_equal(logfile_write(&lf, &ob), 0);
	assert_int_equal(logfile_rotate(&lf, 2), -ENOSPC);
	assert_gone(path);
	queue(3, 3);
	assert_int_equal(logfile_write(&lf, &ob), 0);
	assert_file(rotated[1], batch_msg_lines(1, 3));
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
	CASE(open_sets_long_damaged_tail_aside),
	CASE(open_finds_last_line_before_tail_longer_than_read),
	CASE(open_skips_partial_first_line_of_end),
	CASE(open_refuses_symlink),
	CASE(open_refuses_dangling_symlink),
	CASE(open_refuses_log_with_another_link),
	CASE(open_refuses_log_of_another_user),
	CASE(open_refuses_fifo),
	CASE(open_with_log_group_makes_file_0640),
	CASE(open_gives_file_to_log_group),
	CASE(open_sets_mode_of_existing_file),
	CASE(rotate_moves_log_to_1_and_starts_empty),
	CASE(rotate_shifts_old_logs_and_drops_oldest),
	CASE(rotate_with_fewer_old_logs_than_kept),
	CASE(rotate_keeping_one_replaces_it),
	CASE(rotate_keeping_all_moves_up_to_first_gap),
	CASE(rotate_between_writes_splits_no_line),
	CASE(rotate_new_log_has_log_group_mode),
	CASE(reopen_after_crash_drops_replayed_records),
	CASE(reopen_drops_replayed_records_across_batches),
	CASE(cut_after_external_truncation_adds_no_zeros),
	CASE(moved_when_path_names_another_file),
	CASE(space_low_only_below_limit_on_tmpfs),
	CASE(space_back_above_limit_after_delete_on_tmpfs),
	CASE(write_on_full_tmpfs_leaves_whole_lines),
	CASE(rotate_without_room_writes_on_in_renamed_log),
};

int main(void)
{
	log_init("logfile_test");
	umask(022);
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(logfile_tests, NULL, NULL) ? 1 : 0;
}

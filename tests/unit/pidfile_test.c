// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/pidfile.c: the pid file that keeps a second
 * auditd-lite from starting, in a fresh temporary directory per case.
 * The second daemon is another process, as it would be.
 */

#define _GNU_SOURCE		/* asprintf() */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "pidfile.h"
#include "unit.h"

static char dir[64];
static char path[128];
static char msgpath[128];
static char msg[512];		/* what the second daemon printed */
static int fd;			/* the first daemon's lock */

static int fresh(void **state)
{
	strcpy(dir, "/tmp/pidfile_test.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/auditd-lite.pid", dir);
	snprintf(msgpath, sizeof(msgpath), "%s/msg", dir);
	fd = -1;
	return 0;
}

static int cleanup(void **state)
{
	char *cmd;
	int ret;

	if (fd >= 0)
		close(fd);
	if (asprintf(&cmd, "rm -rf '%s'", dir) < 0)
		return -1;
	ret = system(cmd);
	free(cmd);
	return ret ? -1 : 0;
}

/* The whole of file @p, in @buf of @size. */
static void slurp(const char *p, char *buf, size_t size)
{
	ssize_t n;
	int f;

	f = open(p, O_RDONLY | O_CLOEXEC);
	assert_true(f >= 0);
	n = read(f, buf, size - 1);
	close(f);
	assert_true(n >= 0);
	buf[n] = '\0';
}

/*
 * A second daemon: pidfile_lock() in another process, what it printed in
 * msg. Returns what it returned, negated (an errno), or 100 if it got
 * the lock.
 */
static int second_daemon(void)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int out = open(msgpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int ret;

		if (out < 0 || dup2(out, STDERR_FILENO) < 0)
			_exit(99);
		ret = pidfile_lock(path);
		_exit(ret >= 0 ? 100 : -ret);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	slurp(msgpath, msg, sizeof(msg));
	return WEXITSTATUS(status);
}

static void pidfile_lock_creates_file_with_our_pid(void **state)
{
	char want[32], got[32];
	struct stat st;

	fd = pidfile_lock(path);
	assert_true(fd >= 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	/* Written only once the daemon has detached: empty until then. */
	assert_int_equal(st.st_size, 0);
	assert_int_equal(pidfile_write(fd), 0);
	snprintf(want, sizeof(want), "%ld\n", (long)getpid());
	slurp(path, got, sizeof(got));
	assert_string_equal(got, want);
}

static void pidfile_second_daemon_refused_naming_pid(void **state)
{
	char want[256];

	fd = pidfile_lock(path);
	assert_true(fd >= 0);
	assert_int_equal(pidfile_write(fd), 0);
	assert_int_equal(second_daemon(), EEXIST);
	snprintf(want, sizeof(want),
		 "pidfile_test: already running (pid %ld, %s)\n",
		 (long)getpid(), path);
	assert_string_equal(msg, want);
}

/* Between the lock and the pid: still refused, and the message says so. */
static void pidfile_second_daemon_refused_before_pid_written(void **state)
{
	char want[256];

	fd = pidfile_lock(path);
	assert_true(fd >= 0);
	assert_int_equal(second_daemon(), EEXIST);
	snprintf(want, sizeof(want),
		 "pidfile_test: already running (%s is locked)\n", path);
	assert_string_equal(msg, want);
}

/* A daemon killed by SIGKILL leaves its pid file, but not its lock. */
static void pidfile_taken_over_from_killed_daemon(void **state)
{
	char want[256], got[32];
	int ready[2];
	pid_t pid;
	char c;

	assert_int_equal(pipe(ready), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int held = pidfile_lock(path);

		if (held < 0 || pidfile_write(held) ||
		    write(ready[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail_msg("the first daemon could not take the lock");
	}
	close(ready[0]);

	/* before: it runs, and is named */
	assert_int_equal(second_daemon(), EEXIST);
	snprintf(want, sizeof(want),
		 "pidfile_test: already running (pid %ld, %s)\n",
		 (long)pid, path);
	assert_string_equal(msg, want);

	/* after SIGKILL: the file is still there, and ours to take */
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	assert_int_equal(access(path, F_OK), 0);
	fd = pidfile_lock(path);
	assert_true(fd >= 0);
	assert_int_equal(pidfile_write(fd), 0);
	snprintf(want, sizeof(want), "%ld\n", (long)getpid());
	slurp(path, got, sizeof(got));
	assert_string_equal(got, want);
}

static void pidfile_remove_unlinks_then_lock_is_free(void **state)
{
	fd = pidfile_lock(path);
	assert_true(fd >= 0);
	pidfile_remove(path, fd);
	fd = -1;
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(second_daemon(), 100);
	assert_string_equal(msg, "");
}

static void pidfile_lock_refuses_symlink(void **state)
{
	char target[160], want[512];

	snprintf(target, sizeof(target), "%s/target", dir);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(second_daemon(), ELOOP);
	snprintf(want, sizeof(want), "pidfile_test: cannot open %s: %s\n",
		 path, strerror(ELOOP));
	assert_string_equal(msg, want);
	assert_int_equal(access(target, F_OK), -1);
}

#define CASE(fn)	cmocka_unit_test_setup_teardown(fn, fresh, cleanup)

static const struct CMUnitTest pidfile_tests[] = {
	CASE(pidfile_lock_creates_file_with_our_pid),
	CASE(pidfile_second_daemon_refused_naming_pid),
	CASE(pidfile_second_daemon_refused_before_pid_written),
	CASE(pidfile_taken_over_from_killed_daemon),
	CASE(pidfile_remove_unlinks_then_lock_is_free),
	CASE(pidfile_lock_refuses_symlink),
};

int main(void)
{
	log_init("pidfile_test");
	umask(022);
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(pidfile_tests, NULL, NULL) ? 1 : 0;
}

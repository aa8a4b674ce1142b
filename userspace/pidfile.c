// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: auditd-lite's pid file, which is also its lock.
 *
 * The lock is flock() on the open file, so it goes with the daemon when it
 * dies however it dies: a pid file left behind by a SIGKILL holds no lock
 * and is simply taken over. It is taken before the daemon detaches and
 * survives that, since the child shares the open file with its parent.
 */

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "pidfile.h"

/* The pid the running daemon wrote into @fd, or 0 if it has not yet. */
static long pidfile_read(int fd)
{
	char buf[32];
	ssize_t n;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/* Whether @fd is still the file at @path, not one unlinked meanwhile. */
static bool pidfile_current(int fd, const char *path)
{
	struct stat fst, pst;

	return !fstat(fd, &fst) && !stat(path, &pst) &&
	       fst.st_dev == pst.st_dev && fst.st_ino == pst.st_ino;
}

/**
 * pidfile_lock - open and lock the pid file
 * @path: the file, created if missing
 *
 * Errors are logged, naming the pid of the daemon that holds the lock.
 * Returns the file descriptor, or -EEXIST if another daemon runs, or
 * another -errno.
 */
int pidfile_lock(const char *path)
{
	long pid;
	int err;
	int fd;

again:
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		err = -errno;
		log_msg(LOG_ERR, "cannot open %s: %s", path, strerror(-err));
		return err;
	}
	if (!flock(fd, LOCK_EX | LOCK_NB)) {
		/* Its daemon removed it between our open and our lock. */
		if (pidfile_current(fd, path))
			return fd;
		close(fd);
		goto again;
	}

	err = -errno;
	if (err == -EWOULDBLOCK) {
		pid = pidfile_read(fd);
		if (pid > 0)
			log_msg(LOG_ERR, "already running (pid %ld, %s)",
				pid, path);
		else
			log_msg(LOG_ERR, "already running (%s is locked)",
				path);
		close(fd);
		return -EEXIST;
	}
	log_msg(LOG_ERR, "cannot lock %s: %s", path, strerror(-err));
	close(fd);
	return err;
}

/**
 * pidfile_write - write our pid into the locked pid file
 * @fd: from pidfile_lock(), after the daemon has detached
 *
 * Returns 0 or -errno.
 */
int pidfile_write(int fd)
{
	char buf[32];
	int len;

	len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) || pwrite(fd, buf, len, 0) != len)
		return -errno;
	return 0;
}

/**
 * pidfile_remove - remove the pid file, then let the lock go
 * @path: as given to pidfile_lock()
 * @fd: its descriptor, closed
 *
 * Removed while still locked, so that a daemon starting meanwhile cannot
 * have locked the file that is unlinked.
 */
void pidfile_remove(const char *path, int fd)
{
	if (fd < 0)
		return;
	unlink(path);
	close(fd);
}

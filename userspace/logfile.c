// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: auditd-lite's log file.
 *
 * Opened for appending, never through a symbolic link, in a directory of
 * mode 0700; mode 0600, or 0640 for log_group, whatever it had before.
 * Opening only reads it: a daemon changes the file once registered, which
 * the kernel grants one daemon at a time.
 *
 * It holds whole lines only. A write that fails midway is cut off again,
 * and a crash midway is cut off at the next start (logfile_cut_torn()).
 */

#define _GNU_SOURCE		/* memrchr() */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <uapi/auditlite.h>

#include "log.h"
#include "logfile.h"

static int logfile_create(const char *path, gid_t gid)
{
	int flags = O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW;
	int fd;

	/* Read and write: the same file gives the last line and the appends. */
	fd = open(path, flags, 0600);
	if (fd < 0 && errno == ENOENT) {
		char dir[PATH_MAX];

		strcpy(dir, path);
		if (mkdir(dirname(dir), 0700) && errno != EEXIST)
			return -1;
		fd = open(path, flags, 0600);
	}
	if (fd < 0)
		return -1;

	/* The group first: the file is never readable by a group not meant. */
	if ((gid != (gid_t)-1 && fchown(fd, -1, gid)) ||
	    fchmod(fd, gid != (gid_t)-1 ? 0640 : 0600)) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/* Read @len bytes at @off of @fd into @buf. */
static int logfile_pread(int fd, char *buf, size_t len, off_t off)
{
	while (len) {
		ssize_t n = pread(fd, buf, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n ? -errno : -EIO;
		buf += n;
		len -= n;
		off += n;
	}
	return 0;
}

/*
 * A crash can leave the last record half written; it was not acked, so
 * the kernel sends it again, and it is to be cut off before anything is
 * appended. More than a line after the last newline is not something we
 * wrote: that file is refused.
 */
static int logfile_find_torn(struct logfile *lf, const char *buf, size_t len,
			     off_t size)
{
	const char *nl = memrchr(buf, '\n', len);

	lf->torn = nl ? len - (nl + 1 - buf) : len;
	lf->whole = size - lf->torn;
	if (lf->torn >= LOGFMT_LINE_MAX(AUDITLITE_MESSAGE_TEXT_MAX)) {
		log_msg(LOG_ERR, "%s does not end with a whole line", lf->path);
		return -EINVAL;
	}
	return 0;
}

/* Arm @dd with the id of the last record line, and find a torn one. */
static int logfile_tail(struct logfile *lf, off_t size, struct dedup *dd)
{
	char *buf, *start;
	size_t len;
	int err;

	dd->armed = false;
	lf->whole = size;
	lf->torn = 0;
	if (!size)
		return 0;
	len = size < LOGFILE_TAIL ? size : LOGFILE_TAIL;
	buf = malloc(len);
	if (!buf)
		return -ENOMEM;
	err = logfile_pread(lf->fd, buf, len, size - len);
	if (err) {
		log_msg(LOG_ERR, "reading %s: %s", lf->path, strerror(-err));
		goto out;
	}
	err = logfile_find_torn(lf, buf, len, size);
	if (err)
		goto out;

	/* Unless at the start of the file, the window starts mid-line. */
	start = buf;
	if ((off_t)len < size) {
		start = memchr(buf, '\n', len);
		start = start ? start + 1 : buf + len;
	}
	dd->armed = logid_last(start, buf + len - start, &dd->last);
	if (dd->armed)
		log_msg(LOG_INFO, "%s ends with record %llu",
			lf->path, (unsigned long long)dd->last.serial);
out:
	free(buf);
	return err;
}

/**
 * logfile_open - open the log for appending
 * @lf: filled in on success
 * @path: absolute
 * @gid: the group that may read it, or (gid_t)-1 for none
 * @dd: armed with the id of the log's last record line, if it has one
 *
 * Errors are logged. Returns 0 or -errno.
 */
int logfile_open(struct logfile *lf, const char *path, gid_t gid,
		 struct dedup *dd)
{
	struct stat st;
	int err;

	strcpy(lf->path, path);
	lf->gid = gid;
	lf->fd = logfile_create(path, gid);
	if (lf->fd < 0) {
		err = -errno;
		log_msg(LOG_ERR, "cannot open %s: %s", path, strerror(errno));
		return err;
	}

	if (fstat(lf->fd, &st)) {
		err = -errno;
		log_msg(LOG_ERR, "%s: %s", path, strerror(errno));
		goto err_close;
	}
	if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		log_msg(LOG_ERR, "%s is not a regular file", path);
		goto err_close;
	}
	err = logfile_tail(lf, st.st_size, dd);
	if (err)
		goto err_close;
	return 0;

err_close:
	close(lf->fd);
	lf->fd = -1;
	return err;
}

/**
 * logfile_cut_torn - cut off the partly written record found at open
 * @lf: the log
 *
 * Returns 0, at once if there is nothing to cut, or -errno.
 */
int logfile_cut_torn(struct logfile *lf)
{
	if (!lf->torn)
		return 0;
	if (ftruncate(lf->fd, lf->whole))
		return -errno;
	log_msg(LOG_WARNING,
		"%s: cut %zu bytes of a partly written record off the end",
		lf->path, lf->torn);
	lf->torn = 0;
	return 0;
}

/**
 * logfile_write - append the lines @ob holds
 * @lf: the log
 * @ob: emptied once all is written
 *
 * If the write fails midway, what it wrote is cut off again and the next
 * call writes all of @ob anew; only if the cut fails too does the next
 * call go on where the write stopped, which also ends the line whole.
 * Returns 0 or -errno of the write.
 */
int logfile_write(struct logfile *lf, struct outbuf *ob)
{
	size_t len = ob->len;
	int err;

	err = outbuf_write(ob, lf->fd);
	if (!err) {
		lf->whole += len;
		return 0;
	}
	if (ob->done && !ftruncate(lf->fd, lf->whole))
		ob->done = 0;
	return err;
}

/* "@path.@n", or -ENAMETOOLONG. */
static int logfile_name(char *buf, const char *path, unsigned int n)
{
	if (snprintf(buf, PATH_MAX, "%s.%u", path, n) >= PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

/**
 * logfile_rotate - start a new log, renaming the old ones
 * @lf: the log; all it holds is to be acked already
 * @keep: how many old logs to keep, path.1 the newest; 0 keeps all
 *
 * path.N becomes path.N+1 and the log path.1, dropping what was path.@keep
 * before; then an empty log is opened at path. Errors are logged; if the
 * new log cannot be opened, writing goes on in the renamed one.
 * Returns 0 or -errno.
 */
int logfile_rotate(struct logfile *lf, unsigned int keep)
{
	char from[PATH_MAX], to[PATH_MAX];
	unsigned int n = keep;
	struct stat st;
	int err;
	int fd;

	/* Keeping all: move up every one up to the first gap. */
	if (!n) {
		do {
			err = logfile_name(from, lf->path, ++n);
		} while (!err && !lstat(from, &st));
	}
	while (n > 1) {
		err = logfile_name(from, lf->path, n - 1) ?:
		      logfile_name(to, lf->path, n);
		if (err || (rename(from, to) && errno != ENOENT))
			goto err_rename;
		n--;
	}
	err = logfile_name(to, lf->path, 1);
	if (err || rename(lf->path, to))
		goto err_rename;

	fd = logfile_create(lf->path, lf->gid);
	if (fd < 0) {
		err = -errno;
		log_msg(LOG_ERR, "cannot open a new %s: %s; writing on in %s",
			lf->path, strerror(errno), to);
		return err;
	}
	close(lf->fd);
	lf->fd = fd;
	lf->whole = 0;
	lf->torn = 0;
	return 0;

err_rename:
	err = err ?: -errno;
	log_msg(LOG_ERR, "cannot rotate %s: %s", lf->path, strerror(-err));
	return err;
}

/**
 * logfile_space - how much room the filesystem of the log has left
 * @lf: the log
 * @limit: space_limit, a percentage of the filesystem
 * @sp: filled in; low if less than @limit percent of it is free
 *
 * Returns 0, or -errno; -ENODATA for a filesystem that tells no size.
 */
int logfile_space(const struct logfile *lf, unsigned int limit,
		  struct logfile_space *sp)
{
	struct statvfs sv;

	if (fstatvfs(lf->fd, &sv))
		return -errno;
	if (!sv.f_blocks)
		return -ENODATA;
	sp->avail = (unsigned long long)sv.f_bavail * sv.f_frsize;
	sp->total = (unsigned long long)sv.f_blocks * sv.f_frsize;
	sp->low = sp->avail * 100 < sp->total * limit;
	return 0;
}

void logfile_close(struct logfile *lf)
{
	close(lf->fd);
	lf->fd = -1;
}

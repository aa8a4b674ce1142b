// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: auditd-lite's log file.
 *
 * Opened for appending, never through a symbolic link, mode 0600 in a
 * directory of mode 0700. Opening only reads it: a daemon changes the file
 * once registered, which the kernel grants one daemon at a time.
 */

#define _GNU_SOURCE		/* memrchr() */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uapi/auditlite.h>

#include "log.h"
#include "logfile.h"

static int logfile_create(const char *path)
{
	int flags = O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW;
	char dir[PATH_MAX];
	int fd;

	/* Read and write: the same file gives the last line and the appends. */
	fd = open(path, flags, 0600);
	if (fd >= 0 || errno != ENOENT)
		return fd;

	strcpy(dir, path);
	if (mkdir(dirname(dir), 0700) && errno != EEXIST)
		return -1;
	return open(path, flags, 0600);
}

/* Read @len bytes at @off of @fd into @buf. */
static int logfile_pread(int fd, char *buf, size_t len, off_t off)
{
	ssize_t n;

	while (len) {
		n = pread(fd, buf, len, off);
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
	size_t len = size < LOGFILE_TAIL ? size : LOGFILE_TAIL;
	char *buf, *start;
	int err;

	dd->armed = false;
	lf->torn = 0;
	if (!len)
		return 0;
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
 * @dd: armed with the id of the log's last record line, if it has one
 *
 * Errors are logged. Returns 0 or -errno.
 */
int logfile_open(struct logfile *lf, const char *path, struct dedup *dd)
{
	struct stat st;
	int err;

	strcpy(lf->path, path);
	lf->fd = logfile_create(path);
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

void logfile_close(struct logfile *lf)
{
	close(lf->fd);
	lf->fd = -1;
}

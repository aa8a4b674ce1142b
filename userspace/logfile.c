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

static int sys_open(const char *path, int flags, mode_t mode)
{
	return open(path, flags, mode);
}

const struct logfile_io logfile_sys_io = {
	.open = sys_open,
	.write = write,
	.ftruncate = ftruncate,
	.fdatasync = fdatasync,
	.fsync = fsync,
};

/*
 * An existing log must be the daemon's own and have no other name, which
 * someone could have made to read it where its mode does not hold.
 */
static int logfile_check_owner(int fd, const char *path)
{
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	if (st.st_uid != geteuid()) {
		log_msg(LOG_ERR, "%s is owned by uid %u, not by the daemon's",
			path, (unsigned int)st.st_uid);
		return -EPERM;
	}
	if (S_ISREG(st.st_mode) && st.st_nlink != 1) {
		log_msg(LOG_ERR, "%s has %lu names: a link elsewhere would give "
			"its records away", path, (unsigned long)st.st_nlink);
		return -EPERM;
	}
	return 0;
}

static int logfile_create(const struct logfile_io *io, const char *path,
			  gid_t gid)
{
	int flags = O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW;
	int err;
	int fd;

	/*
	 * Read and write: the same file gives the last line and the appends.
	 * Never through a symbolic link; a new one is made here, O_EXCL.
	 */
	fd = io->open(path, flags, 0);
	if (fd < 0 && errno == ENOENT) {
		char dir[PATH_MAX];

		strcpy(dir, path);
		if (mkdir(dirname(dir), 0700) && errno != EEXIST)
			return -1;
		fd = io->open(path, flags | O_CREAT | O_EXCL, 0600);
	} else if (fd >= 0) {
		err = logfile_check_owner(fd, path);
		if (err) {
			close(fd);
			errno = -err;
			return -1;
		}
	}
	if (fd < 0)
		return -1;

	/* The group first: the file is never readable by a group not meant. */
	if ((gid != (gid_t)-1 && fchown(fd, -1, gid)) ||
	    fchmod(fd, gid != (gid_t)-1 ? 0640 : 0600)) {
		err = errno;
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
 * The size of the log up to its last newline, reading back from its end
 * a window at a time: after a power cut a log can end in blocks of zeros.
 */
static int logfile_find_whole(struct logfile *lf, char *buf, off_t size,
			      off_t *whole)
{
	off_t end = size;

	while (end > 0) {
		size_t len = end < LOGFILE_TAIL ? end : LOGFILE_TAIL;
		const char *nl;
		int err;

		err = logfile_pread(lf->fd, buf, len, end - len);
		if (err)
			return err;
		nl = memrchr(buf, '\n', len);
		if (nl) {
			*whole = end - len + (nl + 1 - buf);
			return 0;
		}
		end -= len;
	}
	*whole = 0;
	return 0;
}

/*
 * Arm @dd with the ids of the record lines at the end of the log, and
 * find what follows the last newline: a record a crash left half written,
 * which was not acked, so that the kernel sends it again, or, if longer
 * than any line, damage such as blocks of zeros after a power cut. Either
 * is cut off before anything is appended, damage set aside first.
 */
static int logfile_tail(struct logfile *lf, off_t size, struct dedup *dd)
{
	char *buf, *start;
	off_t whole;
	size_t len;
	int err;

	dedup_disarm(dd);
	lf->whole = size;
	lf->torn = 0;
	lf->damaged = false;
	if (!size)
		return 0;
	buf = malloc(LOGFILE_TAIL);
	if (!buf)
		return -ENOMEM;
	err = logfile_find_whole(lf, buf, size, &whole);
	if (err)
		goto out;
	lf->whole = whole;
	lf->torn = size - whole;
	if (lf->torn >= LOGFMT_LINE_MAX(AUDITLITE_MESSAGE_TEXT_MAX)) {
		lf->damaged = true;
		log_msg(LOG_WARNING, "%s ends with %zu bytes that are no line: "
			"setting them aside in %s.torn", lf->path, lf->torn,
			lf->path);
	}

	len = whole < LOGFILE_TAIL ? whole : LOGFILE_TAIL;
	err = logfile_pread(lf->fd, buf, len, whole - len);
	if (err)
		goto out;
	/* Unless at the start of the file, the window starts mid-line. */
	start = buf;
	if ((off_t)len < whole) {
		start = memchr(buf, '\n', len);
		start = start ? start + 1 : buf + len;
	}
	err = dedup_arm(dd, start, buf + len - start);
	if (!err && dd->armed)
		log_msg(LOG_INFO, "%s ends with record %llu",
			lf->path, (unsigned long long)dd->ids[dd->n - 1].serial);
out:
	if (err)
		log_msg(LOG_ERR, "reading %s: %s", lf->path, strerror(-err));
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

	if (!lf->io)
		lf->io = &logfile_sys_io;
	strcpy(lf->path, path);
	lf->gid = gid;
	lf->fd = logfile_create(lf->io, path, gid);
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

/* Append the damaged tail of the log to path.torn, mode 0600. */
static int logfile_set_aside(struct logfile *lf)
{
	char aside[PATH_MAX + 8], buf[64 * 1024];
	off_t off = lf->whole;
	int err = 0;
	int fd;

	if (snprintf(aside, sizeof(aside), "%s.torn", lf->path) >=
	    (int)sizeof(aside))
		return -ENAMETOOLONG;
	fd = open(aside, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0)
		return -errno;
	while (!err && off < lf->whole + (off_t)lf->torn) {
		size_t len = lf->whole + lf->torn - off;
		struct outbuf ob = { .data = buf };

		if (len > sizeof(buf))
			len = sizeof(buf);
		err = logfile_pread(lf->fd, buf, len, off);
		ob.len = len;
		if (!err)
			err = outbuf_write_with(&ob, fd, write);
		off += len;
	}
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/**
 * logfile_cut_torn - cut off what follows the last line found at open
 * @lf: the log
 *
 * Damage, longer than a line, is set aside in path.torn first.
 * Returns 0, at once if there is nothing to cut, or -errno.
 */
int logfile_cut_torn(struct logfile *lf)
{
	if (!lf->torn)
		return 0;
	if (lf->damaged) {
		int err = logfile_set_aside(lf);

		if (err)
			return err;
	}
	if (lf->io->ftruncate(lf->fd, lf->whole))
		return -errno;
	log_msg(LOG_WARNING, "%s: cut %zu bytes of %s off the end", lf->path,
		lf->torn, lf->damaged ? "damage" : "a partly written record");
	lf->torn = 0;
	lf->damaged = false;
	return 0;
}

/**
 * logfile_write - append the lines @ob holds beyond those written already
 * @lf: the log
 * @ob: its done moved up to len once all is written; it keeps its bytes
 *
 * If the write fails midway, what it wrote is cut off again, back to the
 * file's size before it, and the next call writes anew from where this
 * one started; only if the cut fails too
 * does the next call go on where the write stopped, which also ends the
 * line whole.
 * Returns 0 or -errno of the write.
 */
int logfile_write(struct logfile *lf, struct outbuf *ob)
{
	size_t start = ob->done;
	struct stat st;
	int err;

	/*
	 * Where the appends go: cut back to anything else, after a file
	 * truncated behind our back, would fill the gap with zeros.
	 */
	if (!lf->torn && !fstat(lf->fd, &st))
		lf->whole = st.st_size;
	err = outbuf_write_with(ob, lf->fd, lf->io->write);
	if (!err) {
		lf->whole += ob->done - start;
		return 0;
	}
	if (ob->done > start && !lf->io->ftruncate(lf->fd, lf->whole))
		ob->done = start;
	else
		lf->whole += ob->done - start;
	return err;
}

/**
 * logfile_sync - make what is written to @fd durable
 * @lf: the log
 * @fd: a descriptor of it, maybe one since replaced
 * @meta: fsync(), with all metadata, rather than fdatasync()
 *
 * Called from the flush thread: touches nothing of @lf but its io.
 * Returns 0 or -errno.
 */
int logfile_sync(struct logfile *lf, int fd, bool meta)
{
	int ret = meta ? lf->io->fsync(fd) : lf->io->fdatasync(fd);

	return ret ? -errno : 0;
}

/**
 * logfile_reopen - replace the log's descriptor, cut back to @size
 * @lf: the log
 * @size: the bytes known to be on disk; what follows is to be written anew
 *
 * After a failed sync the old descriptor has had its error reported, and a
 * later sync on it would succeed without the data being on disk: what was
 * written since the last good sync is written again, through a new one.
 * Returns 0 or -errno; the old descriptor stays on failure.
 */
int logfile_reopen(struct logfile *lf, off_t size)
{
	int fd = logfile_create(lf->io, lf->path, lf->gid);

	if (fd < 0)
		return -errno;
	if (lf->io->ftruncate(fd, size)) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(lf->fd);
	lf->fd = fd;
	lf->whole = size;
	lf->torn = 0;
	return 0;
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

	fd = logfile_create(lf->io, lf->path, lf->gid);
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

/**
 * logfile_moved - whether the log's path no longer names the open file
 * @lf: the log
 *
 * Renamed, replaced or removed behind the daemon's back (a program run by
 * an action, an admin): what is written to the open file then goes where
 * nobody looks for it.
 */
bool logfile_moved(const struct logfile *lf)
{
	struct stat at_path, open_file;

	if (fstat(lf->fd, &open_file))
		return false;
	return stat(lf->path, &at_path) || at_path.st_dev != open_file.st_dev ||
	       at_path.st_ino != open_file.st_ino;
}

void logfile_close(struct logfile *lf)
{
	close(lf->fd);
	lf->fd = -1;
}

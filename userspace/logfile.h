/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: auditd-lite's log file.
 */

#ifndef AUDITLITE_LOGFILE_H
#define AUDITLITE_LOGFILE_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "dedup.h"
#include "records.h"

/* How much of the end of the log is read for the ids of its records. */
#define LOGFILE_TAIL	(2 * 1024 * 1024)

/*
 * The system calls the log is written with; tests put their own in to
 * make them fail. Each returns as the call it stands for, -1 and errno on
 * failure.
 */
struct logfile_io {
	int (*open)(const char *path, int flags, mode_t mode);
	ssize_t (*write)(int fd, const void *buf, size_t len);
	int (*ftruncate)(int fd, off_t len);
	int (*fdatasync)(int fd);
	int (*fsync)(int fd);
};

extern const struct logfile_io logfile_sys_io;

struct logfile {
	const struct logfile_io *io;	/* logfile_sys_io unless a test's */
	int fd;
	char path[PATH_MAX];
	gid_t gid;		/* group that may read it, or (gid_t)-1 */
	off_t whole;		/* size up to the last whole line */
	size_t torn;		/* bytes after it at open, to cut first */
	bool damaged;		/* more than a line: set aside first */
};

/* The room on the log's filesystem. */
struct logfile_space {
	unsigned long long avail;	/* bytes the daemon may still use */
	unsigned long long total;	/* bytes in all */
	bool low;			/* avail is below the limit asked */
};

int logfile_open(struct logfile *lf, const char *path, gid_t gid,
		 struct dedup *dd);
int logfile_cut_torn(struct logfile *lf);
int logfile_write(struct logfile *lf, struct outbuf *ob);
int logfile_sync(struct logfile *lf, int fd, bool meta);
int logfile_reopen(struct logfile *lf, off_t size);
int logfile_rotate(struct logfile *lf, unsigned int keep);
int logfile_space(const struct logfile *lf, unsigned int limit,
		  struct logfile_space *sp);
bool logfile_moved(const struct logfile *lf);
void logfile_close(struct logfile *lf);

#endif /* AUDITLITE_LOGFILE_H */

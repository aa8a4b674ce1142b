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

/* How much of the end of the log is read for its last record line. */
#define LOGFILE_TAIL	(256 * 1024)

struct logfile {
	int fd;
	char path[PATH_MAX];
	gid_t gid;		/* group that may read it, or (gid_t)-1 */
	off_t whole;		/* size up to the last whole line */
	size_t torn;		/* bytes after it at open, to cut first */
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
int logfile_rotate(struct logfile *lf, unsigned int keep);
int logfile_space(const struct logfile *lf, unsigned int limit,
		  struct logfile_space *sp);
void logfile_close(struct logfile *lf);

#endif /* AUDITLITE_LOGFILE_H */

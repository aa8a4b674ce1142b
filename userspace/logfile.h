/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: auditd-lite's log file.
 */

#ifndef AUDITLITE_LOGFILE_H
#define AUDITLITE_LOGFILE_H

#include <limits.h>
#include <sys/types.h>

#include "dedup.h"

/* How much of the end of the log is read for its last record line. */
#define LOGFILE_TAIL	(256 * 1024)

struct logfile {
	int fd;
	char path[PATH_MAX];
	off_t whole;		/* size up to the last whole line, at open */
	size_t torn;		/* bytes after it, to cut before writing */
};

int logfile_open(struct logfile *lf, const char *path, struct dedup *dd);
int logfile_cut_torn(struct logfile *lf);
void logfile_close(struct logfile *lf);

#endif /* AUDITLITE_LOGFILE_H */

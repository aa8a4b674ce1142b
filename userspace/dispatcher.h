/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: auditd-lite's dispatcher, a program that gets every
 * line written to the log on its standard input, as auditd feeds its
 * audisp plugins (e.g. a forwarder to a central log host).
 *
 * The log writer never waits for it: lines go into a queue of at most
 * q_depth lines, written to the program's pipe whenever it can take them;
 * a line that finds the queue full is dropped and counted. A program that
 * dies is started again after DISPATCHER_RESTART_MS, and the lines queued
 * meanwhile are its first input; a line it had only in part is dropped
 * rather than sent torn.
 */

#ifndef AUDITLITE_DISPATCHER_H
#define AUDITLITE_DISPATCHER_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "config.h"

#define DISPATCHER_RESTART_MS	1000

struct dispatcher {
	char cmd[PATH_MAX];		/* as configured, "" for none */
	char argv_buf[PATH_MAX];	/* cmd split into argv */
	char *argv[CONFIG_COMMAND_WORDS + 1];
	unsigned int q_depth;		/* lines queued at most */
	pid_t pid;			/* running, or 0 */
	int fd;				/* its stdin, or -1 */
	long long start_at;		/* ms, CLOCK_MONOTONIC; -1 not due */
	char *buf;			/* the queue: buf[done..len) */
	size_t len, done, cap;
	unsigned int lines;		/* in the queue, whole or begun */
	bool mid_line;			/* the program has part of a line */
	bool dropping;			/* since the last line queued */
	unsigned long long sent;	/* whole lines written to it */
	unsigned long long dropped;
};

void dispatcher_init(struct dispatcher *dp);
void dispatcher_configure(struct dispatcher *dp, const char *cmd,
			  unsigned int q_depth);
void dispatcher_queue(struct dispatcher *dp, const char *data, size_t len);
short dispatcher_events(const struct dispatcher *dp);
long long dispatcher_timeout(const struct dispatcher *dp);
void dispatcher_run(struct dispatcher *dp);
bool dispatcher_reaped(struct dispatcher *dp, pid_t pid);
void dispatcher_stop(struct dispatcher *dp, int drain_ms);

#endif /* AUDITLITE_DISPATCHER_H */

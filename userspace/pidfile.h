/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: auditd-lite's pid file, which is also its lock.
 */

#ifndef AUDITLITE_PIDFILE_H
#define AUDITLITE_PIDFILE_H

#define PIDFILE_DEFAULT		"/run/auditd-lite.pid"

int pidfile_lock(const char *path);
int pidfile_write(int fd);
void pidfile_remove(const char *path, int fd);

#endif /* AUDITLITE_PIDFILE_H */

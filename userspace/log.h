/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: messages of the programs themselves, on stderr
 * or, once a daemon has detached, in syslog.
 */

#ifndef AUDITLITE_LOG_H
#define AUDITLITE_LOG_H

#include <syslog.h>

void log_init(const char *ident);
void log_to_syslog(void);
void log_msg(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* AUDITLITE_LOG_H */

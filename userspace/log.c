// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: messages of the programs themselves.
 *
 * Everything goes to stderr, prefixed with the program name, until a
 * daemon detaches from its terminal and switches to syslog.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <syslog.h>

#include "log.h"

static const char *log_ident;
static bool log_syslog;

void log_init(const char *ident)
{
	log_ident = ident;
}

void log_to_syslog(void)
{
	openlog(log_ident, LOG_PID, LOG_DAEMON);
	log_syslog = true;
}

void log_msg(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (log_syslog) {
		vsyslog(prio, fmt, ap);
	} else {
		fprintf(stderr, "%s: ", log_ident);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

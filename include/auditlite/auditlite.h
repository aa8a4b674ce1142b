/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite: in-kernel API for writing audit records.
 *
 * The calls follow the kernel's own audit_log_start/format/end: a caller
 * starts a record, formats text into it and ends it. Every call accepts a
 * NULL buffer, so a caller never checks anything but may stop early.
 * Symbols are exported in the AUDITLITE namespace: callers add
 * MODULE_IMPORT_NS(AUDITLITE).
 */
#ifndef _AUDITLITE_AUDITLITE_H
#define _AUDITLITE_AUDITLITE_H

#include <linux/compiler.h>
#include <linux/types.h>

#include <linux/gfp.h>

struct auditlite_buffer;

struct auditlite_buffer *auditlite_log_start(gfp_t gfp_mask, int type);
void auditlite_log_end(struct auditlite_buffer *ab);
void auditlite_log(gfp_t gfp_mask, int type, const char *fmt, ...)
	__printf(3, 4);
void auditlite_log_format(struct auditlite_buffer *ab, const char *fmt, ...)
	__printf(2, 3);
void auditlite_log_untrustedstring(struct auditlite_buffer *ab, const char *s);
void auditlite_log_n_hex(struct auditlite_buffer *ab, const unsigned char *buf,
			 size_t len);

#endif /* _AUDITLITE_AUDITLITE_H */

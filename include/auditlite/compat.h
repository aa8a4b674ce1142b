/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite: opt-in mapping of the kernel's audit_log_* calls onto
 * auditlite, for code being ported. Include it after every other header:
 * from here on in the including file, audit_log_start(ctx, gfp, type),
 * audit_log_format(), audit_log_end(), audit_log_untrustedstring(),
 * audit_log_n_hex() and struct audit_buffer mean auditlite's. The audit
 * context argument is ignored: auditlite records stand alone.
 */
#ifndef _AUDITLITE_COMPAT_H
#define _AUDITLITE_COMPAT_H

/* The kernel's own declarations first, so that they keep their names. */
#include <linux/audit.h>

#include <auditlite/auditlite.h>

#define audit_buffer			auditlite_buffer
#define audit_log_start(ctx, gfp, type)	auditlite_log_start(gfp, type)
#define audit_log_format		auditlite_log_format
#define audit_log_end			auditlite_log_end
#define audit_log_untrustedstring	auditlite_log_untrustedstring
#define audit_log_n_hex			auditlite_log_n_hex

#endif /* _AUDITLITE_COMPAT_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite: opt-in mapping of the kernel's audit_log_* calls onto
 * auditlite, for code being ported. Include it after every other header:
 * from here on in the including file, audit_log_start(ctx, gfp, type),
 * audit_log_format(), audit_log_end(), audit_log(ctx, gfp, type, fmt, ...),
 * audit_log_untrustedstring(), audit_log_n_hex() and struct audit_buffer
 * mean auditlite's. The audit context argument is ignored: auditlite
 * records stand alone.
 *
 * The kernel's other audit_log_* helpers have no auditlite counterpart: a
 * call to one fails to build, naming the helper, rather than compile into
 * a call that would be handed an auditlite_buffer (or log to the kernel's
 * audit instead).
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
#define audit_log(ctx, gfp, type, fmt, ...) \
	auditlite_log(gfp, type, fmt, ##__VA_ARGS__)
#define audit_log_untrustedstring	auditlite_log_untrustedstring
#define audit_log_n_hex			auditlite_log_n_hex

/* An undeclared name: the build stops at the call, with this name. */
#define audit_log_n_string(...)		audit_log_n_string_is_not_mapped_by_auditlite_compat_h()
#define audit_log_n_untrustedstring(...) \
	audit_log_n_untrustedstring_is_not_mapped_by_auditlite_compat_h()
#define audit_log_d_path(...)		audit_log_d_path_is_not_mapped_by_auditlite_compat_h()
#define audit_log_key(...)		audit_log_key_is_not_mapped_by_auditlite_compat_h()
#define audit_log_task_context(...)	audit_log_task_context_is_not_mapped_by_auditlite_compat_h()
#define audit_log_task_info(...)	audit_log_task_info_is_not_mapped_by_auditlite_compat_h()
#define audit_log_path_denied(...)	audit_log_path_denied_is_not_mapped_by_auditlite_compat_h()
#define audit_log_lost(...)		audit_log_lost_is_not_mapped_by_auditlite_compat_h()
#define audit_log_capset(...)		audit_log_capset_is_not_mapped_by_auditlite_compat_h()
#define audit_log_bprm_fcaps(...)	audit_log_bprm_fcaps_is_not_mapped_by_auditlite_compat_h()
#define audit_log_kern_module(...)	audit_log_kern_module_is_not_mapped_by_auditlite_compat_h()
#define audit_log_nf_skb(...)		audit_log_nf_skb_is_not_mapped_by_auditlite_compat_h()
#define audit_log_nfcfg(...)		audit_log_nfcfg_is_not_mapped_by_auditlite_compat_h()

#endif /* _AUDITLITE_COMPAT_H */

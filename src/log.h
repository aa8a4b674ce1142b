/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AUDITLITE_LOG_H
#define _AUDITLITE_LOG_H

struct auditlite_buffer;

struct auditlite_buffer *auditlite_log_start_config(void);

#endif /* _AUDITLITE_LOG_H */

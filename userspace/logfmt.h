/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: one record as one line of an auditd log.
 *
 *	type=NAME msg=audit(SEC.MSEC:SERIAL): TEXT\n
 *
 * NAME is the name libaudit gives the type (audit_msg_type_to_name), or
 * UNKNOWN[n] for a type it does not know, which ausearch also reads. MSEC
 * is nsec / 1000000 on three digits.
 *
 * TEXT can neither end the line nor start a forged record: every byte
 * below 0x20 and 0x7f is written as \xHH (two upper-case hex digits) and a
 * backslash as \\, so that the escaping can be undone. Other bytes,
 * 0x80 and above included, are copied as they are.
 *
 * A record the kernel cut at AUDITLITE_MESSAGE_TEXT_MAX has
 * LOGFMT_TRUNCATED appended to its text.
 */

#ifndef AUDITLITE_LOGFMT_H
#define AUDITLITE_LOGFMT_H

#include <stddef.h>
#include <stdint.h>

#define LOGFMT_TRUNCATED	" auditlite_truncated=1"

/* At least the longest NAME, whether from the table or UNKNOWN[n]. */
#define LOGFMT_NAME_MAX		32

/*
 * Bytes logfmt_line() needs for a text of @len bytes: the head at its
 * longest (SEC and SERIAL of 20 digits, MSEC of 4 if nsec is out of
 * range), four bytes per text byte for "\xHH", the truncation marker, the
 * newline and a NUL. LOGFMT_LINE_MAX(AUDITLITE_MESSAGE_TEXT_MAX) is 34361.
 */
#define LOGFMT_HEAD_MAX \
	(sizeof("type= msg=audit(.:): ") - 1 + LOGFMT_NAME_MAX + 20 + 4 + 20)
#define LOGFMT_LINE_MAX(len) \
	(LOGFMT_HEAD_MAX + 4 * (size_t)(len) + sizeof(LOGFMT_TRUNCATED) + 1)

struct logfmt_record {
	uint64_t serial;
	uint32_t type;
	uint64_t sec;
	uint32_t nsec;
	uint32_t flags;		/* AUDITLITE_RECORD_F_* */
	const char *text;	/* @len bytes, any value, NUL not needed */
	size_t len;
};

int logfmt_line(char *buf, size_t size, const struct logfmt_record *rec);

#endif /* AUDITLITE_LOGFMT_H */

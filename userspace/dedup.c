// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: dropping replayed records the log already holds;
 * the rule is explained in dedup.h.
 */

#define _GNU_SOURCE		/* memrchr() */
#include <string.h>

#include "dedup.h"

/* Decimal digits at *@p, at least @min of them, into @v; no overflow. */
static bool logid_number(const char **p, const char *end, size_t min,
			 uint64_t *v)
{
	const char *s = *p;

	*v = 0;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (*v > (UINT64_MAX - (*s - '0')) / 10)
			return false;
		*v = *v * 10 + (*s - '0');
	}
	if ((size_t)(s - *p) < min)
		return false;
	*p = s;
	return true;
}

static bool logid_literal(const char **p, const char *end, const char *lit)
{
	size_t len = strlen(lit);

	if ((size_t)(end - *p) < len || memcmp(*p, lit, len))
		return false;
	*p += len;
	return true;
}

/**
 * logid_parse - the id of a line as logfmt_line() writes it
 * @line: the line, its newline included or not
 * @len: its length
 * @id: set on success
 *
 * Returns false for anything but "type=NAME msg=audit(SEC.MSEC:SERIAL): ",
 * with MSEC of three digits or more, followed by any text.
 */
bool logid_parse(const char *line, size_t len, struct logid *id)
{
	const char *end = line + len;
	const char *p = line;
	uint64_t msec;

	if (!logid_literal(&p, end, "type="))
		return false;
	while (p < end && *p != ' ' && *p != '\n')
		p++;
	if (p == line + strlen("type=") ||
	    !logid_literal(&p, end, " msg=audit(") ||
	    !logid_number(&p, end, 1, &id->sec) ||
	    !logid_literal(&p, end, ".") ||
	    !logid_number(&p, end, 3, &msec) || msec > UINT32_MAX ||
	    !logid_literal(&p, end, ":") ||
	    !logid_number(&p, end, 1, &id->serial) ||
	    !logid_literal(&p, end, "): "))
		return false;
	id->msec = msec;
	return true;
}

/**
 * logid_last - the id of the last record line in the end of a log
 * @buf: the end of the log, starting at the beginning of a line
 * @len: its length
 * @id: set on success
 *
 * Only whole lines count: what follows the last newline is a record whose
 * writing was cut short. Lines that do not parse are passed over, and so
 * are those of serial 0, the daemon's own, which the kernel never sends.
 * Returns false when no line qualifies.
 */
bool logid_last(const char *buf, size_t len, struct logid *id)
{
	const char *end = memrchr(buf, '\n', len);
	const char *start;

	while (end) {
		start = memrchr(buf, '\n', end - buf);
		start = start ? start + 1 : buf;
		if (logid_parse(start, end - start, id) && id->serial)
			return true;
		end = start > buf ? start - 1 : NULL;
	}
	return false;
}

/**
 * dedup_batch - how many records at the head of a batch the log holds
 * @dd: armed with the last id of the log, or not; disarmed here
 * @rec: the batch, in the order received
 * @n: its number of records
 *
 * Only the first batch after registering is looked at (see dedup.h).
 * Returns how many records, from the first, to drop.
 */
size_t dedup_batch(struct dedup *dd, const struct logfmt_record *rec,
		   size_t n)
{
	size_t i;

	if (!dd->armed)
		return 0;
	dd->armed = false;
	for (i = 0; i < n; i++)
		if (rec[i].serial == dd->last.serial &&
		    rec[i].sec == dd->last.sec &&
		    rec[i].nsec / 1000000 == dd->last.msec)
			return i + 1;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: dropping replayed records the log already holds;
 * the rule is explained in dedup.h.
 */

#include <errno.h>
#include <stdlib.h>
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
 * with MSEC of three digits or more, followed by any text. A NAME that
 * starts with DAEMON_ makes the id the daemon's own.
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
	id->own = p - line > 12 && !memcmp(line + 5, "DAEMON_", 7);
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
 * dedup_arm - keep the ids of the record lines at the end of a log
 * @dd: disarmed before, armed after if there is any such line
 * @buf: the end of the log, starting at the beginning of a line
 * @len: its length
 *
 * Only whole lines count: what follows the last newline is a record whose
 * writing was cut short. Lines that do not parse are passed over, and so
 * are the daemon's own (DAEMON_ types), which the kernel never sends: of
 * those, the highest serial is kept, for the daemon to go on from.
 * Returns 0 or -ENOMEM.
 */
int dedup_arm(struct dedup *dd, const char *buf, size_t len)
{
	const char *end = buf + len;
	const char *p = buf;
	size_t cap = 0;

	dedup_disarm(dd);
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		struct logid id;
		bool parsed;

		if (!nl)
			break;
		parsed = logid_parse(p, nl - p, &id);
		if (parsed && id.own && id.serial > dd->last_own)
			dd->last_own = id.serial;
		if (parsed && !id.own && id.serial) {
			if (dd->n == cap) {
				struct logid *ids;

				cap = cap ? 2 * cap : 256;
				ids = realloc(dd->ids, cap * sizeof(*ids));
				if (!ids) {
					dedup_disarm(dd);
					return -ENOMEM;
				}
				dd->ids = ids;
			}
			dd->ids[dd->n++] = id;
		}
		p = nl + 1;
	}
	dd->armed = dd->n > 0;
	return 0;
}

static bool logid_is(const struct logid *id, const struct logfmt_record *rec)
{
	return rec->serial == id->serial && rec->sec == id->sec &&
	       rec->nsec / 1000000 == id->msec;
}

/**
 * dedup_batch - how many records at the head of a batch the log holds
 * @dd: armed with the ids at the end of the log, or not
 * @rec: the batch, in the order received
 * @n: its number of records
 *
 * Disarms @dd once the replay has gone past what the log holds.
 * Returns how many records, from the first, to drop.
 */
size_t dedup_batch(struct dedup *dd, const struct logfmt_record *rec,
		   size_t n)
{
	size_t i = 0;

	if (!dd->armed || !n)
		return 0;
	if (!dd->matching) {
		/* From the end: what was acked is never sent again. */
		for (dd->next = dd->n; dd->next--; )
			if (logid_is(&dd->ids[dd->next], rec))
				break;
		if (dd->next == (size_t)-1) {
			dedup_disarm(dd);
			return 0;
		}
		dd->matching = true;
	}
	while (i < n && dd->next < dd->n &&
	       logid_is(&dd->ids[dd->next], &rec[i])) {
		i++;
		dd->next++;
	}
	if (i < n || dd->next == dd->n)
		dedup_disarm(dd);
	return i;
}

/**
 * dedup_disarm - drop nothing from now on
 * @dd: its ids freed
 */
void dedup_disarm(struct dedup *dd)
{
	free(dd->ids);
	memset(dd, 0, sizeof(*dd));
}

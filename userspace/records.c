// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: records from the kernel, and their log lines.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/genl/genl.h>

#include <uapi/auditlite.h>

#include "records.h"
#include "util.h"

/*
 * The length of each record attribute's payload; the text's is its own
 * but at least its NUL. Others (PAD, any added later) are skipped.
 */
static const uint16_t record_len[AUDITLITE_RECORD_A_MAX + 1] = {
	[AUDITLITE_RECORD_A_SERIAL]	= sizeof(uint64_t),
	[AUDITLITE_RECORD_A_TYPE]	= sizeof(uint32_t),
	[AUDITLITE_RECORD_A_SEC]	= sizeof(uint64_t),
	[AUDITLITE_RECORD_A_NSEC]	= sizeof(uint32_t),
	[AUDITLITE_RECORD_A_CPU]	= sizeof(uint32_t),
	[AUDITLITE_RECORD_A_FLAGS]	= sizeof(uint32_t),
	[AUDITLITE_RECORD_A_TEXT]	= 1,
};

/* Every attribute but CPU, which the log does not show, is required. */
#define RECORD_REQUIRED	(1U << AUDITLITE_RECORD_A_SERIAL |		\
			 1U << AUDITLITE_RECORD_A_TYPE |		\
			 1U << AUDITLITE_RECORD_A_SEC |			\
			 1U << AUDITLITE_RECORD_A_NSEC |		\
			 1U << AUDITLITE_RECORD_A_FLAGS |		\
			 1U << AUDITLITE_RECORD_A_TEXT)

/* Whether an attribute starts at @a and ends within @rem bytes. */
static bool attr_ok(const struct nlattr *a, size_t rem)
{
	return rem >= sizeof(*a) && a->nla_len >= sizeof(*a) &&
	       a->nla_len <= rem;
}

/* The attribute after @a, @rem taken down by what @a took. */
static const struct nlattr *attr_next(const struct nlattr *a, size_t *rem)
{
	size_t len = NLA_ALIGN(a->nla_len);

	*rem = len < *rem ? *rem - len : 0;
	return (const struct nlattr *)((const char *)a + len);
}

/* Walk attributes in place, bounds checked: libnl's copies cost more. */
#define for_each_attr(a, head, len, rem)				\
	for ((a) = (head), (rem) = (len); attr_ok(a, rem);		\
	     (a) = attr_next(a, &(rem)))

static const void *attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static uint64_t attr_u64(const struct nlattr *a)
{
	uint64_t v;

	/* Attributes are only four-byte aligned. */
	memcpy(&v, attr_data(a), sizeof(v));
	return v;
}

static uint32_t attr_u32(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, attr_data(a), sizeof(v));
	return v;
}

/*
 * One AUDITLITE_A_RECORD nest: each attribute the length it must have,
 * the text ending with its NUL, none required missing. A repeated one
 * counts as its last, as libnl's nla_parse() has it.
 */
static int record_parse(struct records *rs, struct logfmt_record *rec,
			const struct nlattr *nest)
{
	const struct nlattr *tb[AUDITLITE_RECORD_A_MAX + 1];
	const struct nlattr *a;
	unsigned int seen = 0;
	uint64_t serial = 0;
	int err = 0;
	size_t rem;

	for_each_attr(a, attr_data(nest), nest->nla_len - NLA_HDRLEN, rem) {
		unsigned int type = a->nla_type & NLA_TYPE_MASK;
		size_t len = a->nla_len - NLA_HDRLEN;

		if (type > AUDITLITE_RECORD_A_MAX || !record_len[type])
			continue;
		if (type == AUDITLITE_RECORD_A_TEXT ?
		    !len || ((const char *)attr_data(a))[len - 1] :
		    len != record_len[type])
			err = -EBADMSG;
		tb[type] = a;
		seen |= 1U << type;
	}
	/* What a bad batch held, as far as it can be read. */
	if (seen & 1U << AUDITLITE_RECORD_A_SERIAL &&
	    tb[AUDITLITE_RECORD_A_SERIAL]->nla_len == NLA_HDRLEN + 8)
		serial = attr_u64(tb[AUDITLITE_RECORD_A_SERIAL]);
	if (serial && (!rs->first || serial < rs->first))
		rs->first = serial;
	if (serial > rs->last)
		rs->last = serial;
	if (err || (seen & RECORD_REQUIRED) != RECORD_REQUIRED)
		return -EBADMSG;

	rec->serial = serial;
	rec->type = attr_u32(tb[AUDITLITE_RECORD_A_TYPE]);
	rec->sec = attr_u64(tb[AUDITLITE_RECORD_A_SEC]);
	rec->nsec = attr_u32(tb[AUDITLITE_RECORD_A_NSEC]);
	rec->flags = attr_u32(tb[AUDITLITE_RECORD_A_FLAGS]);
	rec->text = attr_data(tb[AUDITLITE_RECORD_A_TEXT]);
	rec->len = tb[AUDITLITE_RECORD_A_TEXT]->nla_len - NLA_HDRLEN - 1;
	return 0;
}

/**
 * records_parse - the records of a RECORDS message, in order
 * @rs: replaced by the message's records; its array is reused
 * @nlh: the message, which must outlive the texts in @rs
 *
 * A module built from the same header never sends a malformed record: one
 * makes the whole message refused rather than have a gap unnoticed. Even
 * then @rs->nests counts the records the message holds, and @rs->first and
 * @rs->last are the lowest and highest serial that could be read (0 if
 * none), for a record to say what was lost.
 * Returns 0, -EBADMSG for a message that is not a well-formed batch, or
 * -ENOMEM.
 */
int records_parse(struct records *rs, struct nlmsghdr *nlh)
{
	struct genlmsghdr *gnlh = nlmsg_data(nlh);
	struct logfmt_record *rec;
	const struct nlattr *a;
	int ret = 0;
	size_t rem;
	int err;

	rs->n = 0;
	rs->nests = 0;
	rs->first = 0;
	rs->last = 0;
	if (!genlmsg_valid_hdr(nlh, 0) || gnlh->cmd != AUDITLITE_CMD_RECORDS)
		return -EBADMSG;

	for_each_attr(a, genlmsg_attrdata(gnlh, 0), genlmsg_attrlen(gnlh, 0),
		      rem) {
		if ((a->nla_type & NLA_TYPE_MASK) != AUDITLITE_A_RECORD)
			continue;
		if (rs->n == rs->cap) {
			size_t cap = rs->cap ? 2 * rs->cap : 64;

			rec = realloc(rs->rec, cap * sizeof(*rec));
			if (!rec)
				return -ENOMEM;
			rs->rec = rec;
			rs->cap = cap;
		}
		rs->nests++;
		err = record_parse(rs, &rs->rec[rs->n], a);
		if (err)
			ret = err;
		else
			rs->n++;
	}
	if (ret)
		return ret;
	return rs->n ? 0 : -EBADMSG;
}

void records_free(struct records *rs)
{
	free(rs->rec);
	memset(rs, 0, sizeof(*rs));
}

/**
 * outbuf_add - append the log line of a record
 * @ob: the buffer
 * @rec: the record
 *
 * Returns 0 or -ENOMEM.
 */
int outbuf_add(struct outbuf *ob, const struct logfmt_record *rec)
{
	size_t need = ob->len + LOGFMT_LINE_MAX(rec->len);

	if (need > ob->cap) {
		char *data;
		size_t cap;

		for (cap = ob->cap ? ob->cap : 64 * 1024; cap < need; cap *= 2)
			;
		data = realloc(ob->data, cap);
		if (!data)
			return -ENOMEM;
		ob->data = data;
		ob->cap = cap;
	}
	/* The room is there: logfmt_line() cannot fail. */
	ob->len += logfmt_line(ob->data + ob->len, ob->cap - ob->len, rec);
	return 0;
}

/**
 * outbuf_write_with - write what @ob holds beyond what is written already
 * @ob: the buffer; done is moved on as bytes are written
 * @fd: where to
 * @wr: write(2), or what stands in for it
 *
 * A short write goes on where it stopped, now or, after an error, on the
 * next call: no byte is written twice. One buffer makes write() do what
 * writev() would. @ob keeps its bytes.
 * Returns 0 once all is written, or -errno.
 */
int outbuf_write_with(struct outbuf *ob, int fd,
		      ssize_t (*wr)(int fd, const void *buf, size_t len))
{
	while (ob->done < ob->len) {
		ssize_t n = wr(fd, ob->data + ob->done, ob->len - ob->done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		ob->done += n;
	}
	return 0;
}

/**
 * outbuf_write - write out what @ob holds, and empty it
 * @ob: the buffer; emptied once all is written
 * @fd: where to
 *
 * As outbuf_write_with() with write(2).
 * Returns 0 once all is written, or -errno.
 */
int outbuf_write(struct outbuf *ob, int fd)
{
	int err = outbuf_write_with(ob, fd, write);

	if (!err) {
		ob->len = 0;
		ob->done = 0;
	}
	return err;
}

void outbuf_free(struct outbuf *ob)
{
	free(ob->data);
	memset(ob, 0, sizeof(*ob));
}

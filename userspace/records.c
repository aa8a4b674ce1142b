// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: records from the kernel, and their log lines.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/genl/genl.h>

#include <uapi/auditlite.h>

#include "records.h"
#include "util.h"

static const struct nla_policy record_policy[AUDITLITE_RECORD_A_MAX + 1] = {
	[AUDITLITE_RECORD_A_SERIAL]	= { .type = NLA_U64 },
	[AUDITLITE_RECORD_A_TYPE]	= { .type = NLA_U32 },
	[AUDITLITE_RECORD_A_SEC]	= { .type = NLA_U64 },
	[AUDITLITE_RECORD_A_NSEC]	= { .type = NLA_U32 },
	[AUDITLITE_RECORD_A_CPU]	= { .type = NLA_U32 },
	[AUDITLITE_RECORD_A_FLAGS]	= { .type = NLA_U32 },
	[AUDITLITE_RECORD_A_TEXT]	= { .type = NLA_STRING },
};

/* Every attribute but CPU, which the log does not show, is required. */
static const int record_required[] = {
	AUDITLITE_RECORD_A_SERIAL, AUDITLITE_RECORD_A_TYPE,
	AUDITLITE_RECORD_A_SEC, AUDITLITE_RECORD_A_NSEC,
	AUDITLITE_RECORD_A_FLAGS, AUDITLITE_RECORD_A_TEXT,
};

/* The serial of a record, or 0 if even that cannot be read. */
static uint64_t record_serial(struct nlattr **tb)
{
	return tb[AUDITLITE_RECORD_A_SERIAL] ?
	       nla_get_u64(tb[AUDITLITE_RECORD_A_SERIAL]) : 0;
}

static int record_parse(struct records *rs, struct logfmt_record *rec,
			struct nlattr *nest)
{
	struct nlattr *tb[AUDITLITE_RECORD_A_MAX + 1];
	uint64_t serial;
	size_t i;

	if (nla_parse_nested(tb, AUDITLITE_RECORD_A_MAX, nest, record_policy))
		return -EBADMSG;
	/* What a bad batch held, as far as it can be read. */
	serial = record_serial(tb);
	if (serial && (!rs->first || serial < rs->first))
		rs->first = serial;
	if (serial > rs->last)
		rs->last = serial;
	for (i = 0; i < ARRAY_SIZE(record_required); i++)
		if (!tb[record_required[i]])
			return -EBADMSG;

	rec->serial = serial;
	rec->type = nla_get_u32(tb[AUDITLITE_RECORD_A_TYPE]);
	rec->sec = nla_get_u64(tb[AUDITLITE_RECORD_A_SEC]);
	rec->nsec = nla_get_u32(tb[AUDITLITE_RECORD_A_NSEC]);
	rec->flags = nla_get_u32(tb[AUDITLITE_RECORD_A_FLAGS]);
	rec->text = nla_data(tb[AUDITLITE_RECORD_A_TEXT]);
	/* The policy made sure the text ends with its NUL. */
	rec->len = nla_len(tb[AUDITLITE_RECORD_A_TEXT]) - 1;
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
	struct nlattr *a;
	int ret = 0;
	int rem;
	int err;

	rs->n = 0;
	rs->nests = 0;
	rs->first = 0;
	rs->last = 0;
	if (!genlmsg_valid_hdr(nlh, 0) || gnlh->cmd != AUDITLITE_CMD_RECORDS)
		return -EBADMSG;

	nla_for_each_attr(a, genlmsg_attrdata(gnlh, 0),
			  genlmsg_attrlen(gnlh, 0), rem) {
		if (nla_type(a) != AUDITLITE_A_RECORD)
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

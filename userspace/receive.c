// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: what auditd-lite takes in from its socket (see
 * receive.h).
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <uapi/auditlite.h>

#include "log.h"
#include "receive.h"

/**
 * receive_lost - a batch could not be taken in: take none until registered
 * @r: the receiver
 * @why: for the message
 */
void receive_lost(struct receiver *r, const char *why)
{
	r->lost++;
	if (!r->resync)
		log_msg(LOG_ERR, "lost a batch of records (%s); registering "
			"again for the kernel to send it again; %lu lost in all",
			why, r->lost);
	r->resync = true;
}

/**
 * receive_registered - registered again: take batches from now on
 * @r: the receiver
 */
void receive_registered(struct receiver *r)
{
	r->resync = false;
	r->leaving = false;
}

/**
 * receive_read - read the next datagram on the daemon's socket
 * @r: the receiver; its buffer, room for the longest the module sends,
 *	holds the datagram until the next call
 * @fd: the socket, read without blocking
 * @src: set to who sent it
 *
 * Read once, without MSG_PEEK, and in place: nl_recvmsgs() would allocate
 * and copy every message on the daemon's hot path. A datagram cut short
 * is a batch lost (receive_lost()).
 * Returns the datagram's length, 0 when none is queued, or -errno.
 */
ssize_t receive_read(struct receiver *r, int fd, struct sockaddr_nl *src)
{
	struct iovec iov = { .iov_len = AUDITLITE_RECORDS_MSG_MAX };
	struct msghdr mh = {
		.msg_name = src,
		.msg_namelen = sizeof(*src),
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	ssize_t n;

	if (!r->buf) {
		r->buf = malloc(AUDITLITE_RECORDS_MSG_MAX);
		if (!r->buf)
			return -ENOMEM;
	}
	iov.iov_base = r->buf;
	do {
		n = recvmsg(fd, &mh, MSG_DONTWAIT);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	if (mh.msg_flags & MSG_TRUNC) {
		receive_lost(r, "a datagram cut short");
		return -EMSGSIZE;
	}
	return n;
}

/**
 * receive_batch - take in a message that came on the daemon's socket
 * @r: the receiver
 * @w: the writer its lines go to
 * @src: who sent it
 * @family: the family's id, the type of the kernel's messages
 * @nlh: the message
 *
 * Records the log holds already (dedup.h) are not written again, but they
 * are acked. Errors are logged and counted.
 */
enum receive_result receive_batch(struct receiver *r, struct writer *w,
				  const struct sockaddr_nl *src, int family,
				  struct nlmsghdr *nlh)
{
	struct records *b = &r->batch;
	size_t drop, i;
	size_t pos;
	int err;

	/* Only the kernel hands in records: port id 0, the family's type. */
	if (src->nl_pid || nlh->nlmsg_type != family) {
		r->refused++;
		log_msg(LOG_WARNING, "refused a message from port %u (type %u): only the kernel sends records; %lu refused in all",
			src->nl_pid, nlh->nlmsg_type, r->refused);
		return RECEIVE_REFUSED;
	}
	if (r->resync || r->leaving)
		return RECEIVE_SKIPPED;

	err = records_parse(b, nlh);
	if (err == -EBADMSG) {
		r->malformed++;
		log_msg(LOG_ERR, "a malformed batch of %zu records, serials %llu to %llu; %lu in all",
			b->nests, (unsigned long long)b->first,
			(unsigned long long)b->last, r->malformed);
		/* Nothing to name it by: the replay may tell more. */
		if (!b->last) {
			receive_lost(r, "malformed, no serial");
			return RECEIVE_LOST;
		}
		return RECEIVE_MALFORMED;
	}
	if (err) {
		receive_lost(r, strerror(-err));
		return RECEIVE_LOST;
	}

	drop = dedup_batch(&r->dedup, b->rec, b->n);
	if (drop)
		log_msg(LOG_INFO, "dropped %zu records %s already holds",
			drop, w->log.path);
	pos = writer_pos(w);
	for (i = drop; i < b->n; i++) {
		err = writer_add(w, &b->rec[i]);
		if (err) {
			/* None of the batch, or the replay would repeat some. */
			writer_cut(w, pos, i - drop);
			receive_lost(r, strerror(-err));
			return RECEIVE_LOST;
		}
	}
	/* Duplicates are acked too, so that the kernel frees them. */
	if (writer_batch_end(w, b->rec[b->n - 1].serial))
		log_msg(LOG_WARNING, "cannot note the end of a batch: "
			"the next one's ack covers it");
	return RECEIVE_TAKEN;
}

/**
 * receive_free - free what the receiver holds
 * @r: the receiver
 */
void receive_free(struct receiver *r)
{
	free(r->buf);
	r->buf = NULL;
	records_free(&r->batch);
	dedup_disarm(&r->dedup);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: what auditd-lite takes in from its socket (see
 * receive.h).
 */

#define _GNU_SOURCE		/* recvmmsg() */
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

/* What one receive_read() reads into: RECEIVE_SLOTS of the longest. */
struct receive_slots {
	struct mmsghdr msgs[RECEIVE_SLOTS];
	struct iovec iov[RECEIVE_SLOTS];
	struct sockaddr_nl src[RECEIVE_SLOTS];
	unsigned int count;		/* read by the last receive_read() */
	unsigned int next;		/* the next receive_datagram() gives */
	char buf[RECEIVE_SLOTS][AUDITLITE_RECORDS_MSG_MAX];
};

/**
 * receive_read - read the datagrams queued on the daemon's socket
 * @r: the receiver; it holds them until the next call
 * @fd: the socket, read without blocking
 * @max: read at most so many, 1 to RECEIVE_SLOTS
 *
 * One recvmmsg() for up to @max datagrams, without MSG_PEEK, in place:
 * nl_recvmsgs() would allocate and copy every message on the daemon's hot
 * path, and a syscall for each would cost more than its copy under
 * emulation. receive_datagram() hands out each in turn. A datagram cut
 * short is a batch lost (receive_lost()).
 * Returns how many were read, 0 when none is queued, or -errno.
 */
int receive_read(struct receiver *r, int fd, unsigned int max)
{
	struct receive_slots *in = r->in;
	unsigned int i;
	int n;

	if (!in) {
		in = malloc(sizeof(*in));
		if (!in)
			return -ENOMEM;
		r->in = in;
	}
	if (max > RECEIVE_SLOTS)
		max = RECEIVE_SLOTS;
	for (i = 0; i < max; i++) {
		in->iov[i].iov_base = in->buf[i];
		in->iov[i].iov_len = sizeof(in->buf[i]);
		in->msgs[i].msg_hdr = (struct msghdr) {
			.msg_name = &in->src[i],
			.msg_namelen = sizeof(in->src[i]),
			.msg_iov = &in->iov[i],
			.msg_iovlen = 1,
		};
	}
	in->count = 0;
	in->next = 0;
	do {
		n = recvmmsg(fd, in->msgs, max, MSG_DONTWAIT, NULL);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	in->count = n;
	return n;
}

/**
 * receive_datagram - the next datagram receive_read() read
 * @r: the receiver
 * @src: set to who sent it
 * @len: set to its length
 *
 * Returns the datagram, or NULL when all are handed out. One cut short is
 * skipped, as lost.
 */
void *receive_datagram(struct receiver *r, const struct sockaddr_nl **src,
		       size_t *len)
{
	struct receive_slots *in = r->in;

	while (in && in->next < in->count) {
		unsigned int i = in->next++;

		if (in->msgs[i].msg_hdr.msg_flags & MSG_TRUNC) {
			receive_lost(r, "a datagram cut short");
			continue;
		}
		*src = &in->src[i];
		*len = in->msgs[i].msg_len;
		return in->buf[i];
	}
	return NULL;
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
	free(r->in);
	r->in = NULL;
	records_free(&r->batch);
	dedup_disarm(&r->dedup);
}

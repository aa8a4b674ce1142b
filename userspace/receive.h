/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: what auditd-lite takes in from its socket.
 *
 * Acks are cumulative, so a batch that is not taken in must not be
 * followed by an ack of a later one: that would free it in the kernel,
 * never logged. A batch that is lost (no memory for it, or a datagram cut
 * short) puts the receiver in resync: no batch is taken until the daemon
 * has registered again, and the kernel sends them all again from the lost
 * one on. A batch that is malformed is not sent better the next time: its
 * serials, as far as they can be read, go into a DAEMON_ERR record, and
 * the ack then covers it.
 */

#ifndef AUDITLITE_RECEIVE_H
#define AUDITLITE_RECEIVE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/netlink.h>

#include "dedup.h"
#include "records.h"
#include "writer.h"

/*
 * What one wakeup reads at most before the lines are written and the
 * signals looked at: many datagrams a wakeup make up for their page size.
 */
#define RECEIVE_BUDGET	(256 * 1024)

/* Datagrams one receive_read() takes at most. */
#define RECEIVE_SLOTS	16

enum receive_result {
	RECEIVE_TAKEN,		/* its lines are in the writer */
	RECEIVE_REFUSED,	/* not from the kernel */
	RECEIVE_SKIPPED,	/* resync or leaving: the kernel sends it again */
	RECEIVE_LOST,		/* not taken: resync from here */
	RECEIVE_MALFORMED,	/* batch.first to batch.last, if read, lost */
};

struct receiver {
	struct receive_slots *in;	/* the datagrams read last */
	struct records batch;		/* the last batch looked at */
	struct dedup dedup;		/* armed by logfile_open() */
	bool resync;
	bool leaving;			/* UNREGISTER sent */
	unsigned long refused;		/* messages not from the kernel */
	unsigned long lost;		/* batches not taken */
	unsigned long malformed;
};

int receive_read(struct receiver *r, int fd, unsigned int max);
void *receive_datagram(struct receiver *r, const struct sockaddr_nl **src,
		       size_t *len);
enum receive_result receive_batch(struct receiver *r, struct writer *w,
				  const struct sockaddr_nl *src, int family,
				  struct nlmsghdr *nlh);
void receive_lost(struct receiver *r, const char *why);
void receive_registered(struct receiver *r);
void receive_free(struct receiver *r);

#endif /* AUDITLITE_RECEIVE_H */

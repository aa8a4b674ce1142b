// SPDX-License-Identifier: GPL-2.0
/*
 * replay: auditd-lite's receive, parse, format and write path, fed batches
 * built as the module builds them for make bench (sample.c's text with a
 * 64-byte payload, as many records as fit a page's skb), taken in
 * RECEIVE_BUDGET bytes a wakeup, at flush none, into a log in a new
 * directory. Run under callgrind with
 *
 *	valgrind --tool=callgrind --toggle-collect=replay_batches \
 *		replay DIR [RECORDS [seal]]
 *
 * its count of instructions is the daemon's per record, whatever the
 * machine is doing, unlike a time under TCG; with "seal", the log is
 * sealed (one epoch: the MAC of every line is the cost). It prints
 * "replay: records=N bytes=N" for the caller to divide by.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/auditlite.h>

#include "../../tests/unit/batch_msg.h"
#include "receive.h"

#define REPLAY_PAYLOAD	64

/* What src/batch.c fills: NLMSG_GOODSIZE of a 4 KiB page on x86_64. */
#define REPLAY_BATCH_MAX	(4096 - 320)

/* The batches, one after another as the socket would hand them in. */
static struct nlmsghdr **batches;
static size_t nbatches;

static void build(unsigned long records)
{
	char text[128 + REPLAY_PAYLOAD];
	char payload[REPLAY_PAYLOAD + 1];
	unsigned long serial;
	size_t len;

	memset(payload, 'x', REPLAY_PAYLOAD);
	payload[REPLAY_PAYLOAD] = '\0';
	for (serial = 1; serial <= records; ) {
		struct nlmsghdr *nlh;

		batch_msg_start_size(AUDITLITE_CMD_RECORDS, REPLAY_BATCH_MAX);
		for (; serial <= records; serial++) {
			len = snprintf(text, sizeof(text),
				       "op=sample ctx=process cpu=0 seq=%lu payload=%s",
				       serial, payload) + 1;
			if (nlmsg_hdr(msg)->nlmsg_len + NLA_HDRLEN +
			    7 * NLA_HDRLEN + 3 * 8 + 4 * 4 + NLA_ALIGN(len) >
			    REPLAY_BATCH_MAX)
				break;
			batch_msg_add(serial, text, len, NONE);
		}
		nlh = nlmsg_hdr(msg);
		batches = realloc(batches, (nbatches + 1) * sizeof(*batches));
		batches[nbatches] = malloc(nlh->nlmsg_len);
		if (!batches[nbatches]) {
			perror("replay");
			exit(1);
		}
		memcpy(batches[nbatches++], nlh, nlh->nlmsg_len);
	}
	batch_msg_free();
}

/* What callgrind counts: every batch through the daemon's path. */
static __attribute__((noinline)) int replay_batches(struct receiver *r, struct writer *w)
{
	static const struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	uint64_t serial;
	size_t i = 0;
	size_t taken;
	int err;

	while (i < nbatches) {
		/* A wakeup: what its budget takes, then one write. */
		for (taken = 0; i < nbatches && taken < RECEIVE_BUDGET; i++) {
			if (receive_batch(r, w, &kernel, BATCH_MSG_FAMILY,
					  batches[i]) != RECEIVE_TAKEN)
				return -EBADMSG;
			taken += batches[i]->nlmsg_len;
		}
		err = writer_write(w, NULL, NULL);
		if (err)
			return err;
		if (writer_ack_due(w, &serial))
			writer_acked(w);
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long records = argc > 2 ? strtoul(argv[2], NULL, 0) : 100000;
	bool seal = argc > 3 && !strcmp(argv[3], "seal");
	struct receiver r = { 0 };
	struct seal_epoch epoch;
	struct seal_key key = { 0 };
	struct config cfg;
	struct writer w;
	char path[4096];
	int err;

	if (argc < 2 || !records) {
		fprintf(stderr, "usage: replay DIR [RECORDS]\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/audit.log", argv[1]);
	build(records);

	config_init(&cfg);
	cfg.flush = CONFIG_FLUSH_NONE;
	writer_init(&w);
	writer_configure(&w, &cfg);
	if (logfile_open(&w.log, path, (gid_t)-1, &r.dedup))
		return 1;
	if (seal) {
		if (seal_init())
			return 1;
		seal_epoch_start(&epoch, &key, NULL);
		w.seal = &epoch;
	}
	err = replay_batches(&r, &w);
	if (err) {
		fprintf(stderr, "replay: %s\n", strerror(-err));
		return 1;
	}
	printf("replay: records=%lu batches=%zu bytes=%llu\n", records,
	       nbatches, (unsigned long long)w.log.whole);
	writer_free(&w);
	logfile_close(&w.log);
	receive_free(&r);
	return 0;
}

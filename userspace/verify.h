/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: auditlitectl verify, the check of sealed logs
 * (seal.h) against the verification key, k(0).
 *
 * The files are read oldest first, as one chain of epochs: each seal must
 * carry the next epoch's number and the MAC of its epoch under that
 * epoch's key. What does not is a problem, printed as
 *
 *	FILE:FIRST-LAST: serials FIRST-LAST: epoch N: WHAT
 *
 * with the lines of the file and the kernel's serials it concerns. An
 * epoch sealed late, after a crash (op=recover), is a notice, not a
 * problem: its lines were open to change until the daemon came back, but
 * nothing says they were changed.
 */

#ifndef AUDITLITE_VERIFY_H
#define AUDITLITE_VERIFY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "seal.h"

struct verify {
	struct seal_key key0;	/* k(0), or the first epoch's key */
	struct seal_key cur;	/* the last key derived from it */
	FILE *out;
	bool started;		/* a seal was seen */
	uint64_t next;		/* the epoch the next seal must have */
	uint64_t last_serial;	/* of the last sealed epoch, 0 if none */
	uint64_t max_epoch;	/* the highest claimed, for forgeries */
	unsigned long files;
	unsigned long epochs;	/* that verified */
	unsigned long lines;	/* in them */
	unsigned long problems;
	unsigned long notices;
};

void verify_init(struct verify *v, const struct seal_key *k0, FILE *out);
int verify_buf(struct verify *v, const char *name, const char *buf,
	       size_t len, bool newest);
int verify_paths(struct verify *v, char *const *paths, int n);
void verify_summary(const struct verify *v);

#endif /* AUDITLITE_VERIFY_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: sealed logs, a forward-secure MAC over the lines of
 * the log (Bellare and Yee; Schneier and Kelsey; journald's sealing).
 *
 * The log is cut into epochs. Each epoch's lines, then its seal line up to
 * and including "mac=", are MACed once, with Poly1305 (libsodium's
 * crypto_onetimeauth), under a one-time key derived from the epoch's key
 * k(n): BLAKE2b-256 (crypto_generichash) keyed with k(n), of nothing,
 * personalised SEAL_MAC_PERSONAL; for an epoch sealed late, after a crash
 * (op=recover), whose lines the daemon that crashed may have MACed before,
 * keyed BLAKE2b-256 of the seal line's id "SEC.MSEC:SERIAL" personalised
 * SEAL_RECOVER_PERSONAL, so that a crash while writing that seal line
 * does not have the next start MAC again under the same key. Poly1305 is
 * nine times as fast as BLAKE2b under QEMU's TCG, which emulates AVX2
 * slowly, and twice as fast natively. The seal line ends the epoch:
 *
 *	type=DAEMON_SEAL msg=audit(SEC.MSEC:SERIAL): op=OP epoch=N
 *		first=SERIAL last=SERIAL lines=N mac=HEX
 *
 * (one line). first and last are the serials of the first and last of the
 * kernel's records in the epoch (0 if none), lines the number of lines
 * before the seal line. The key then moves on one way,
 * k(n + 1) = BLAKE2b-256(k(n)) personalised SEAL_EVOLVE_PERSONAL, and k(n)
 * is erased: whoever takes the daemon's key at epoch n can seal epoch n
 * and later ones, never an earlier one. k(0) is BLAKE2b-256 of a random
 * seed personalised SEAL_SEED_PERSONAL: the seed is the verification key,
 * which the admin keeps elsewhere, and from which the verifier derives
 * every key; it is never on the machine. An epoch begins after the
 * previous seal line of the same file, or at the file's start.
 *
 * The daemon's key file holds one line of fixed length, rewritten in place:
 *
 *	auditlite-seal-key v1 epoch=NNNNNNNNNNNNNNNNNNNN key=HEX
 */

#ifndef AUDITLITE_SEAL_H
#define AUDITLITE_SEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#define SEAL_TYPE		1210	/* DAEMON_SEAL */
#define SEAL_KEY_LEN		32
#define SEAL_MAC_LEN		crypto_onetimeauth_BYTES
#define SEAL_HEX_LEN		(2 * SEAL_MAC_LEN)
#define SEAL_MAC_PERSONAL	"auditlite-poly-1"
#define SEAL_RECOVER_PERSONAL	"auditlite-poly-r"
#define SEAL_EVOLVE_PERSONAL	"auditlite-evolve"
#define SEAL_SEED_PERSONAL	"auditlite-seed-0"
#define SEAL_KEY_FILE_DEFAULT	"/var/lib/auditlite/seal.key"
/* The text of a seal line is at most this long (its op included). */
#define SEAL_TEXT_MAX		192

struct seal_key {
	uint64_t epoch;
	unsigned char key[SEAL_KEY_LEN];
};

/* What an epoch holds so far, and its MAC, keyed with its key. */
struct seal_epoch {
	crypto_onetimeauth_state mac;
	uint64_t epoch;
	uint64_t first;		/* the kernel's serials, 0 if none yet */
	uint64_t last;
	uint64_t lines;
};

/* A seal line's id, "SEC.MSEC:SERIAL", for an epoch sealed late. */
#define SEAL_ID_MAX	48

/* A seal line, as seal_parse() reads it. */
struct seal_line {
	char id[SEAL_ID_MAX];
	char op[16];
	uint64_t epoch;
	uint64_t first;
	uint64_t last;
	uint64_t lines;
	size_t maced;		/* bytes of the line its MAC covers */
	unsigned char mac[SEAL_MAC_LEN];
};

int seal_init(void);
void seal_key_from_seed(struct seal_key *k,
			const unsigned char seed[SEAL_KEY_LEN]);
void seal_key_evolve(struct seal_key *k);
void seal_key_at(struct seal_key *k, uint64_t epoch);
int seal_key_create(const char *path, unsigned char seed[SEAL_KEY_LEN]);
int seal_key_open(const char *path, struct seal_key *k);
int seal_key_store(int fd, const struct seal_key *k);
void seal_id(char *id, uint64_t sec, uint32_t msec, uint64_t serial);
void seal_epoch_start(struct seal_epoch *e, const struct seal_key *k,
		      const char *recover_id);
void seal_epoch_lines(struct seal_epoch *e, const char *buf, size_t len);
int seal_text(char *buf, size_t size, const struct seal_epoch *e,
	      const char *op);
void seal_finish(struct seal_epoch *e, char *line, size_t len);
void seal_mac(const struct seal_key *k, const char *recover_id,
	      const char *buf, size_t len, unsigned char mac[SEAL_MAC_LEN]);
bool seal_matches(const struct seal_key *k, const struct seal_line *s,
		  const char *buf, size_t len);
bool seal_is_seal(const char *line, size_t len);
bool seal_parse(const char *line, size_t len, struct seal_line *s);
bool seal_find_last(const char *buf, size_t len, struct seal_line *s,
		    size_t *tail);
void seal_hex(char *out, const unsigned char *bin, size_t len);
bool seal_unhex(unsigned char *bin, size_t len, const char *hex);

#endif /* AUDITLITE_SEAL_H */

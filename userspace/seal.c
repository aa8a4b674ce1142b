// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: sealed logs (see seal.h). The cryptography is
 * libsodium's; this file only chains it.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dedup.h"
#include "seal.h"

#define SEAL_KEY_FORMAT	"auditlite-seal-key v1 epoch=%020" PRIu64 " key=%s\n"
/* The key file's one line: the format with a 20-digit epoch and the key. */
#define SEAL_KEY_FILE_LEN \
	(sizeof("auditlite-seal-key v1 epoch= key=\n") - 1 + 20 + 2 * SEAL_KEY_LEN)

#define SEAL_HEAD	"type=DAEMON_SEAL msg=audit("

/**
 * seal_init - make libsodium ready; once, before any other seal_*()
 *
 * Returns 0, or -EIO if it cannot be (no source of randomness).
 */
int seal_init(void)
{
	return sodium_init() < 0 ? -EIO : 0;
}

/**
 * seal_key_from_seed - k(0), from the verification key
 * @k: set to the key of epoch 0
 * @seed: the verification key
 */
void seal_key_from_seed(struct seal_key *k,
			const unsigned char seed[SEAL_KEY_LEN])
{
	crypto_generichash_blake2b_salt_personal(k->key, sizeof(k->key), seed,
						 SEAL_KEY_LEN, NULL, 0, NULL,
						 (const unsigned char *)
						 SEAL_SEED_PERSONAL);
	k->epoch = 0;
}

/**
 * seal_key_evolve - move @k on to the next epoch's key, erasing its own
 * @k: the key of epoch n, made the key of epoch n + 1
 */
void seal_key_evolve(struct seal_key *k)
{
	unsigned char next[SEAL_KEY_LEN];

	crypto_generichash_blake2b_salt_personal(next, sizeof(next), k->key,
						 sizeof(k->key), NULL, 0, NULL,
						 (const unsigned char *)
						 SEAL_EVOLVE_PERSONAL);
	memcpy(k->key, next, sizeof(k->key));
	sodium_memzero(next, sizeof(next));
	k->epoch++;
}

/**
 * seal_key_at - move @k on to the key of @epoch
 * @k: a key of @epoch or an earlier epoch
 * @epoch: the epoch wanted
 */
void seal_key_at(struct seal_key *k, uint64_t epoch)
{
	while (k->epoch < epoch)
		seal_key_evolve(k);
}

/**
 * seal_hex - @len bytes of @bin as lower-case hexadecimal, NUL-terminated
 * @out: 2 * @len + 1 bytes
 * @bin: the bytes
 * @len: how many
 */
void seal_hex(char *out, const unsigned char *bin, size_t len)
{
	sodium_bin2hex(out, 2 * len + 1, bin, len);
}

/**
 * seal_unhex - the 2 * @len hexadecimal digits at @hex as @len bytes
 * @bin: set on success
 * @len: bytes wanted
 * @hex: at least 2 * @len characters
 *
 * Returns whether @hex had them.
 */
bool seal_unhex(unsigned char *bin, size_t len, const char *hex)
{
	const char *end;
	size_t got;

	return !sodium_hex2bin(bin, len, hex, 2 * len, NULL, &got, &end) &&
	       got == len && end == hex + 2 * len;
}

/**
 * seal_key_store - write @k over the key file @fd holds, and sync it
 * @fd: the key file, open for writing
 * @k: the key
 *
 * The line keeps its length, so the old key is overwritten where it was.
 * Returns 0 or -errno.
 */
int seal_key_store(int fd, const struct seal_key *k)
{
	char hex[2 * SEAL_KEY_LEN + 1];
	char line[SEAL_KEY_FILE_LEN + 1];
	int err = 0;
	ssize_t n;

	seal_hex(hex, k->key, sizeof(k->key));
	snprintf(line, sizeof(line), SEAL_KEY_FORMAT, k->epoch, hex);
	n = pwrite(fd, line, SEAL_KEY_FILE_LEN, 0);
	if (n != SEAL_KEY_FILE_LEN)
		err = n < 0 ? -errno : -EIO;
	else if (fdatasync(fd))
		err = -errno;
	sodium_memzero(hex, sizeof(hex));
	sodium_memzero(line, sizeof(line));
	return err;
}

/* @line, of SEAL_KEY_FILE_LEN bytes, as a key. */
static bool seal_key_parse(const char *line, struct seal_key *k)
{
	char copy[SEAL_KEY_FILE_LEN + 1];
	char hex[2 * SEAL_KEY_LEN + 1];
	bool ok;

	memcpy(copy, line, SEAL_KEY_FILE_LEN);
	copy[SEAL_KEY_FILE_LEN] = '\0';
	ok = sscanf(copy, "auditlite-seal-key v1 epoch=%20" SCNu64 " key=%64s",
		    &k->epoch, hex) == 2 &&
	     seal_unhex(k->key, sizeof(k->key), hex) &&
	     copy[SEAL_KEY_FILE_LEN - 1] == '\n';
	sodium_memzero(copy, sizeof(copy));
	sodium_memzero(hex, sizeof(hex));
	return ok;
}

/**
 * seal_key_open - open the key file at @path and read its key
 * @path: the file
 * @k: set on success
 *
 * A key file must be a regular file that no one but its owner may read or
 * write.
 * Returns the file, open for seal_key_store(), or -errno: -ENOENT if there
 * is none, -EPERM if others may read it, -EINVAL if it holds no key.
 */
int seal_key_open(const char *path, struct seal_key *k)
{
	char line[SEAL_KEY_FILE_LEN + 1];
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (st.st_mode & 077)) {
		close(fd);
		return -EPERM;
	}
	n = pread(fd, line, sizeof(line), 0);
	if (n != SEAL_KEY_FILE_LEN || !seal_key_parse(line, k)) {
		close(fd);
		sodium_memzero(line, sizeof(line));
		return -EINVAL;
	}
	sodium_memzero(line, sizeof(line));
	return fd;
}

/**
 * seal_key_create - a new chain: a random seed, and its k(0) in a new key
 *	file
 * @path: the file, which must not exist; its directory is made, 0700, if
 *	it does not exist
 * @seed: set to the seed, the verification key
 *
 * Returns the file, open for seal_key_store(), or -errno (-EEXIST if
 * there is one at @path).
 */
int seal_key_create(const char *path, unsigned char seed[SEAL_KEY_LEN])
{
	struct seal_key k;
	char dir[PATH_MAX];
	int fd, dfd, err;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	if (mkdir(dirname(dir), 0700) && errno != EEXIST)
		return -errno;
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0)
		return -errno;
	randombytes_buf(seed, SEAL_KEY_LEN);
	seal_key_from_seed(&k, seed);
	err = seal_key_store(fd, &k);
	sodium_memzero(&k, sizeof(k));
	if (err)
		goto fail;
	/* The file itself must outlive a crash too. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd))
		err = -errno;
	if (dfd >= 0)
		close(dfd);
	if (!err)
		return fd;
fail:
	close(fd);
	unlink(path);
	sodium_memzero(seed, SEAL_KEY_LEN);
	return err;
}

/**
 * seal_id - a seal line's id, as an epoch sealed late keys its MAC with
 * @id: SEAL_ID_MAX bytes
 * @sec: the line's time, seconds
 * @msec: and milliseconds, as the line has them
 * @serial: its serial
 */
void seal_id(char *id, uint64_t sec, uint32_t msec, uint64_t serial)
{
	snprintf(id, SEAL_ID_MAX, "%" PRIu64 ".%03u:%" PRIu64, sec, msec,
		 serial);
}

/* The MAC of an epoch under the one-time key @k gives it (seal.h). */
static void seal_mac_init(crypto_onetimeauth_state *st,
			  const struct seal_key *k, const char *recover_id)
{
	unsigned char once[crypto_onetimeauth_KEYBYTES];

	crypto_generichash_blake2b_salt_personal(once, sizeof(once),
						 (const unsigned char *)
						 recover_id, recover_id ?
						 strlen(recover_id) : 0,
						 k->key, sizeof(k->key), NULL,
						 (const unsigned char *)
						 (recover_id ?
						  SEAL_RECOVER_PERSONAL :
						  SEAL_MAC_PERSONAL));
	crypto_onetimeauth_init(st, once);
	sodium_memzero(once, sizeof(once));
}

/**
 * seal_epoch_start - begin the epoch of @k
 * @e: the epoch's state
 * @k: its key; @e does not refer to it after this
 * @recover_id: for an epoch sealed late (op=recover), its seal line's id
 *	(seal_id()); else NULL
 */
void seal_epoch_start(struct seal_epoch *e, const struct seal_key *k,
		      const char *recover_id)
{
	memset(e, 0, sizeof(*e));
	e->epoch = k->epoch;
	seal_mac_init(&e->mac, k, recover_id);
}

/* The serial of @line if it is one of the kernel's records, else 0. */
static uint64_t seal_serial(const char *line, size_t len)
{
	struct logid id;

	return logid_parse(line, len, &id) && !id.own ? id.serial : 0;
}

/**
 * seal_epoch_lines - more lines of the epoch
 * @e: the epoch
 * @buf: whole lines, each ended by a newline
 * @len: their length
 *
 * Only the first and the last line of the kernel's are parsed: the cost
 * of sealing is the MAC's.
 */
void seal_epoch_lines(struct seal_epoch *e, const char *buf, size_t len)
{
	const char *end = buf + len;
	const char *p, *nl;
	size_t i;

	crypto_onetimeauth_update(&e->mac, (const unsigned char *)buf, len);
	for (p = buf; (nl = memchr(p, '\n', end - p)); p = nl + 1) {
		if (!e->first)
			e->first = seal_serial(p, nl + 1 - p);
		e->lines++;
	}
	/* Backwards from the last line, to the last of the kernel's. */
	for (i = len; i; ) {
		size_t start = i - 1;
		uint64_t serial;

		while (start && buf[start - 1] != '\n')
			start--;
		serial = seal_serial(buf + start, i - start);
		if (serial) {
			e->last = serial;
			break;
		}
		i = start;
	}
}

/**
 * seal_text - the text of the seal line that ends @e, its MAC left as zeros
 * @buf: SEAL_TEXT_MAX bytes or more
 * @size: its size
 * @e: the epoch
 * @op: why it ends: epoch, rotate, stop, suspend, recover...
 *
 * The caller makes a line of it (logfmt_line()), then calls seal_finish().
 * Returns the length of the text, or -ENOSPC.
 */
int seal_text(char *buf, size_t size, const struct seal_epoch *e,
	      const char *op)
{
	int n;

	n = snprintf(buf, size, "op=%s epoch=%" PRIu64 " first=%" PRIu64
		     " last=%" PRIu64 " lines=%" PRIu64 " mac=%0*d", op,
		     e->epoch, e->first, e->last, e->lines, SEAL_HEX_LEN, 0);
	return n < 0 || (size_t)n >= size ? -ENOSPC : n;
}

/**
 * seal_finish - MAC the seal line of @e into its place in @line
 * @e: the epoch, its lines all given; it is spent after this
 * @line: the seal line, from seal_text(), newline included
 * @len: its length
 */
void seal_finish(struct seal_epoch *e, char *line, size_t len)
{
	unsigned char mac[SEAL_MAC_LEN];
	char hex[SEAL_HEX_LEN + 1];
	size_t maced = len - 1 - SEAL_HEX_LEN;

	crypto_onetimeauth_update(&e->mac, (const unsigned char *)line, maced);
	crypto_onetimeauth_final(&e->mac, mac);
	seal_hex(hex, mac, sizeof(mac));
	memcpy(line + maced, hex, SEAL_HEX_LEN);
	sodium_memzero(&e->mac, sizeof(e->mac));
}

/**
 * seal_mac - the MAC of @len bytes at @buf under @k, as the daemon makes it
 * @k: an epoch's key
 * @recover_id: as seal_epoch_start()'s
 * @buf: the epoch's lines and its seal line up to its MAC
 * @len: their length
 * @mac: set to the MAC
 */
void seal_mac(const struct seal_key *k, const char *recover_id,
	      const char *buf, size_t len, unsigned char mac[SEAL_MAC_LEN])
{
	crypto_onetimeauth_state st;

	seal_mac_init(&st, k, recover_id);
	crypto_onetimeauth_update(&st, (const unsigned char *)buf, len);
	crypto_onetimeauth_final(&st, mac);
	sodium_memzero(&st, sizeof(st));
}

/**
 * seal_matches - whether the MAC of seal @s is that of its epoch under @k
 * @k: the key to try
 * @s: the seal line, as seal_parse() read it
 * @buf: the epoch's lines and the seal line up to its MAC
 * @len: their length
 */
bool seal_matches(const struct seal_key *k, const struct seal_line *s,
		  const char *buf, size_t len)
{
	unsigned char mac[SEAL_MAC_LEN];

	seal_mac(k, strcmp(s->op, "recover") ? NULL : s->id, buf, len, mac);
	return !sodium_memcmp(mac, s->mac, sizeof(mac));
}

/**
 * seal_is_seal - whether @line is a seal line, by its type alone
 * @line: a line
 * @len: its length
 */
bool seal_is_seal(const char *line, size_t len)
{
	return len >= sizeof(SEAL_HEAD) - 1 &&
	       !memcmp(line, SEAL_HEAD, sizeof(SEAL_HEAD) - 1);
}

/* "KEY=NUMBER " at *@p, moving it past. */
static bool seal_field(const char **p, const char *end, const char *key,
		       uint64_t *v)
{
	size_t klen = strlen(key);
	const char *s = *p;
	uint64_t n = 0;

	if (end - s < (ptrdiff_t)klen + 2 || memcmp(s, key, klen) ||
	    s[klen] != '=')
		return false;
	s += klen + 1;
	if (s == end || *s < '0' || *s > '9')
		return false;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (n > (UINT64_MAX - (*s - '0')) / 10)
			return false;
		n = n * 10 + (*s - '0');
	}
	if (s == end || *s != ' ')
		return false;
	*v = n;
	*p = s + 1;
	return true;
}

/**
 * seal_parse - read a seal line
 * @line: the line, its newline included
 * @len: its length
 * @s: set on success
 *
 * Returns false unless @line is all that seal_text() and seal_finish()
 * make of a seal line.
 */
bool seal_parse(const char *line, size_t len, struct seal_line *s)
{
	const char *end = line + len;
	const char *p, *op;
	struct logid id;

	if (!seal_is_seal(line, len) || line[len - 1] != '\n' ||
	    !logid_parse(line, len, &id))
		return false;
	p = memchr(line, ')', len);
	if (!p || end - p < 6 || memcmp(p, "): op=", 6))
		return false;
	op = p + 6;
	p = memchr(op, ' ', end - op);
	if (!p || p == op || (size_t)(p - op) >= sizeof(s->op))
		return false;
	memcpy(s->op, op, p - op);
	s->op[p - op] = '\0';
	p++;
	if (!seal_field(&p, end, "epoch", &s->epoch) ||
	    !seal_field(&p, end, "first", &s->first) ||
	    !seal_field(&p, end, "last", &s->last) ||
	    !seal_field(&p, end, "lines", &s->lines) ||
	    end - p != 4 + SEAL_HEX_LEN + 1 || memcmp(p, "mac=", 4) ||
	    !seal_unhex(s->mac, sizeof(s->mac), p + 4))
		return false;
	s->maced = p + 4 - line;
	seal_id(s->id, id.sec, id.msec, id.serial);
	return true;
}

/**
 * seal_find_last - the last seal line of a log
 * @buf: the log's whole lines
 * @len: their length
 * @s: set to the last seal line, if there is one
 * @tail: set to where the lines after it begin, 0 if there is none
 *
 * A line of the seal's type that does not parse is not a seal.
 * Returns whether there is one.
 */
bool seal_find_last(const char *buf, size_t len, struct seal_line *s,
		    size_t *tail)
{
	size_t end = len;

	while (end) {
		size_t start = end - 1;

		while (start && buf[start - 1] != '\n')
			start--;
		if (seal_parse(buf + start, end - start, s)) {
			*tail = end;
			return true;
		}
		end = start;
	}
	*tail = 0;
	return false;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/seal.c: the MAC chain and key evolution against
 * fixed vectors, the seal line, and the key file.
 *
 * The vectors were computed apart from libsodium, with Python's hashlib
 * and the cryptography package's Poly1305 (OpenSSL's):
 *
 *	evolve(k) = blake2b(k, digest_size=32, person=b"auditlite-evolve")
 *	once = blake2b(b"", key=k, digest_size=32, person=b"auditlite-poly-1")
 *		or, for an epoch sealed late, blake2b(b"SEC.MSEC:SERIAL", ...,
 *		person=b"auditlite-poly-r") of its seal line's id
 *	mac = Poly1305.generate_tag(once, lines + seal_line_up_to_mac)
 *
 * from k(0) = 00 01 02 ... 1f, and k(0) from a seed, the verification key,
 *
 *	k(0) = blake2b(seed, digest_size=32, person=b"auditlite-seed-0")
 *
 * from seed = 00 01 02 ... 1f; BLAKE2b-512("abc") is RFC 7693's own, and
 * the Poly1305 tag of "Cryptographic Forum Research Group" RFC 8439's.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logfmt.h"
#include "seal.h"
#include "unit.h"

static const char seeded_hex[] =
	"bf042794a73d3657e61f897b29ac51a11ce5b77b94a4223c101b39d75016be5d";
static const char k1_hex[] =
	"4578e1f0720167ad65d62a26305dcf0e87bce898ca6e81f4ff947942431886e4";
static const char k2_hex[] =
	"9ff6ccb19907fc28b43fbfe208c3466ece5c00b0789f78affe1f0e50e1779c2c";
static const char k1000_hex[] =
	"f4ca4153e30b76f45c9a5dbc4483bdf93d16ea1669ef411bf43b7a25c11bea6c";

static const char lines[] =
	"type=DAEMON_START msg=audit(1700000000.000:1): op=start ver=0.1 pid=1 res=success\n"
	"type=UNKNOWN[1100] msg=audit(1700000000.001:41): hello\n"
	"type=UNKNOWN[1100] msg=audit(1700000000.002:42): world\n";
static const char seal_head[] =
	"type=DAEMON_SEAL msg=audit(1700000001.000:2): op=epoch epoch=1 "
	"first=41 last=42 lines=3 mac=";
static const char mac_hex[] = "16625bf158bad6acaa3f35ca843ed9b0";
static const char recover_mac_hex[] = "8804f93f358391f165460e37a56941e5";

static void key0(struct seal_key *k)
{
	unsigned int i;

	k->epoch = 0;
	for (i = 0; i < SEAL_KEY_LEN; i++)
		k->key[i] = i;
}

static void assert_key(const struct seal_key *k, uint64_t epoch,
		       const char *hex)
{
	char got[2 * SEAL_KEY_LEN + 1];

	seal_hex(got, k->key, sizeof(k->key));
	assert_int_equal(k->epoch, epoch);
	assert_string_equal(got, hex);
}

/* libsodium's BLAKE2b is the RFC's. */
static void seal_blake2b_rfc7693(void **state)
{
	unsigned char out[64];
	char hex[129];

	crypto_generichash_blake2b(out, sizeof(out),
				   (const unsigned char *)"abc", 3, NULL, 0);
	seal_hex(hex, out, sizeof(out));
	assert_string_equal(hex,
		"ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
		"7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
}

/* libsodium's Poly1305 is the RFC's. */
static void seal_poly1305_rfc8439(void **state)
{
	static const char msg[] = "Cryptographic Forum Research Group";
	unsigned char key[32], tag[16];
	char hex[33];

	assert_true(seal_unhex(key, sizeof(key),
		"85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b"));
	crypto_onetimeauth(tag, (const unsigned char *)msg, strlen(msg), key);
	seal_hex(hex, tag, sizeof(tag));
	assert_string_equal(hex, "a8061dc1305136c6c22b8baf0c0127a9");
}

static void seal_evolve_vectors(void **state)
{
	struct seal_key k;

	key0(&k);
	seal_key_evolve(&k);
	assert_key(&k, 1, k1_hex);
	seal_key_evolve(&k);
	assert_key(&k, 2, k2_hex);
	/* Already there: no step. */
	seal_key_at(&k, 2);
	assert_key(&k, 2, k2_hex);
	seal_key_at(&k, 1000);
	assert_key(&k, 1000, k1000_hex);

	/* The seed that is the verification key, and its k(0). */
	key0(&k);
	seal_key_from_seed(&k, k.key);
	assert_key(&k, 0, seeded_hex);
}

/* The seal line of an epoch, as the daemon makes it: the whole line. */
static size_t make_seal(char *line, size_t size, struct seal_epoch *e)
{
	struct logfmt_record rec = {
		.serial = 2, .type = SEAL_TYPE, .sec = 1700000001,
	};
	char text[SEAL_TEXT_MAX];
	int n, len;

	n = seal_text(text, sizeof(text), e, "epoch");
	assert_true(n > 0);
	rec.text = text;
	rec.len = n;
	len = logfmt_line(line, size, &rec);
	assert_true(len > 0);
	seal_finish(e, line, len);
	return len;
}

static void seal_epoch_vector(void **state)
{
	char line[LOGFMT_LINE_MAX(SEAL_TEXT_MAX)];
	char want[sizeof(seal_head) + SEAL_HEX_LEN + 1];
	struct seal_epoch e;
	struct seal_key k;
	size_t len;

	key0(&k);
	seal_key_evolve(&k);
	seal_epoch_start(&e, &k, NULL);
	seal_epoch_lines(&e, lines, strlen(lines));
	assert_int_equal(e.epoch, 1);
	assert_int_equal(e.first, 41);
	assert_int_equal(e.last, 42);
	assert_int_equal(e.lines, 3);
	len = make_seal(line, sizeof(line), &e);
	snprintf(want, sizeof(want), "%s%s\n", seal_head, mac_hex);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(line, want, len);
}

/* Line by line, or with the daemon's lines only, the same. */
static void seal_epoch_in_pieces(void **state)
{
	const char *second = strchr(lines, '\n') + 1;
	const char *third = strchr(second, '\n') + 1;
	char line[LOGFMT_LINE_MAX(SEAL_TEXT_MAX)];
	struct seal_epoch e;
	struct seal_key k;
	size_t len;

	key0(&k);
	seal_key_evolve(&k);
	seal_epoch_start(&e, &k, NULL);
	seal_epoch_lines(&e, lines, second - lines);
	assert_int_equal(e.first, 0);
	assert_int_equal(e.last, 0);
	seal_epoch_lines(&e, second, third - second);
	seal_epoch_lines(&e, third, strlen(third));
	assert_int_equal(e.first, 41);
	assert_int_equal(e.last, 42);
	assert_int_equal(e.lines, 3);
	len = make_seal(line, sizeof(line), &e);
	assert_memory_equal(line + len - 1 - SEAL_HEX_LEN, mac_hex,
			    SEAL_HEX_LEN);
}

/*
 * What the verifier does, at once: the same MAC; another key's is not,
 * nor the one an epoch sealed late has under the same key.
 */
static void seal_mac_whole(void **state)
{
	char buf[sizeof(lines) + sizeof(seal_head)];
	unsigned char mac[SEAL_MAC_LEN];
	char hex[SEAL_HEX_LEN + 1];
	struct seal_key k;

	snprintf(buf, sizeof(buf), "%s%s", lines, seal_head);
	key0(&k);
	seal_key_evolve(&k);
	seal_mac(&k, NULL, buf, strlen(buf), mac);
	seal_hex(hex, mac, sizeof(mac));
	assert_string_equal(hex, mac_hex);
	seal_mac(&k, "1700000001.000:2", buf, strlen(buf), mac);
	seal_hex(hex, mac, sizeof(mac));
	assert_string_equal(hex, recover_mac_hex);
	seal_key_evolve(&k);
	seal_mac(&k, NULL, buf, strlen(buf), mac);
	seal_hex(hex, mac, sizeof(mac));
	assert_string_not_equal(hex, mac_hex);
}

static void seal_parse_line(void **state)
{
	char line[512];
	struct seal_line s;

	snprintf(line, sizeof(line), "%s%s\n", seal_head, mac_hex);
	assert_true(seal_is_seal(line, strlen(line)));
	assert_true(seal_parse(line, strlen(line), &s));
	assert_string_equal(s.op, "epoch");
	assert_int_equal(s.epoch, 1);
	assert_int_equal(s.first, 41);
	assert_int_equal(s.last, 42);
	assert_int_equal(s.lines, 3);
	assert_int_equal(s.maced, strlen(seal_head));

	/* No newline, a short MAC, a field missing, a kernel record. */
	assert_false(seal_parse(line, strlen(line) - 1, &s));
	snprintf(line, sizeof(line), "%s%.31s\n", seal_head, mac_hex);
	assert_false(seal_parse(line, strlen(line), &s));
	snprintf(line, sizeof(line), "type=DAEMON_SEAL msg=audit(1.000:2): "
		 "op=epoch epoch=1 first=41 lines=3 mac=%s\n", mac_hex);
	assert_false(seal_parse(line, strlen(line), &s));
	snprintf(line, sizeof(line), "type=DAEMON_SEAL msg=audit(1.000:2): "
		 "op=epoch epoch=99999999999999999999 first=41 last=42 "
		 "lines=3 mac=%s\n", mac_hex);
	assert_false(seal_parse(line, strlen(line), &s));
	assert_false(seal_is_seal(lines, strlen(lines)));
}

static void seal_key_file(void **state)
{
	char dir[] = "/tmp/seal_test.XXXXXX";
	char path[64], old[2 * SEAL_KEY_LEN + 1], content[256];
	unsigned char seed[SEAL_KEY_LEN];
	struct seal_key k, again;
	struct stat st;
	ssize_t n;
	int fd, fd2;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/state/seal.key", dir);
	fd = seal_key_create(path, seed);
	assert_true(fd >= 0);
	seal_key_from_seed(&k, seed);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	*strrchr(path, '/') = '\0';
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	strcat(path, "/seal.key");
	assert_int_equal(seal_key_create(path, seed), -EEXIST);

	fd2 = seal_key_open(path, &again);
	assert_true(fd2 >= 0);
	close(fd2);
	assert_int_equal(again.epoch, 0);
	assert_memory_equal(again.key, k.key, SEAL_KEY_LEN);
	/* The verification key is not on the machine. */
	assert_memory_not_equal(again.key, seed, SEAL_KEY_LEN);

	/* Moved on in place: the old key is nowhere in the file. */
	seal_hex(old, k.key, sizeof(k.key));
	seal_key_evolve(&k);
	assert_int_equal(seal_key_store(fd, &k), 0);
	close(fd);
	fd = open(path, O_RDONLY);
	n = read(fd, content, sizeof(content) - 1);
	close(fd);
	assert_true(n > 0);
	content[n] = '\0';
	assert_null(strstr(content, old));
	fd = seal_key_open(path, &again);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(again.epoch, 1);
	assert_memory_equal(again.key, k.key, SEAL_KEY_LEN);

	/* Readable by others, or not a key: refused. */
	chmod(path, 0640);
	assert_int_equal(seal_key_open(path, &again), -EPERM);
	chmod(path, 0600);
	fd = open(path, O_WRONLY);
	assert_int_equal(pwrite(fd, "x", 1, 30), 1);
	close(fd);
	assert_int_equal(seal_key_open(path, &again), -EINVAL);
	unlink(path);
	assert_int_equal(seal_key_open(path, &again), -ENOENT);
	*strrchr(path, '/') = '\0';
	rmdir(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest seal_tests[] = {
		cmocka_unit_test(seal_blake2b_rfc7693),
		cmocka_unit_test(seal_poly1305_rfc8439),
		cmocka_unit_test(seal_evolve_vectors),
		cmocka_unit_test(seal_epoch_vector),
		cmocka_unit_test(seal_epoch_in_pieces),
		cmocka_unit_test(seal_mac_whole),
		cmocka_unit_test(seal_parse_line),
		cmocka_unit_test(seal_key_file),
	};

	if (seal_init())
		return 1;
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(seal_tests, NULL, NULL) ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * seal_forge: what an intruder holding the daemon's key file can do to a
 * sealed log (tests/e2e/seal.sh): re-seal the epoch that holds line LINE
 * of LOG with the key the file holds, or one derived from it, after
 * changing the epoch's lines as they liked.
 *
 *	seal_forge KEYFILE LOG LINE [EPOCH]
 *
 * The epoch's seal line gets the lines' count and serials as they are
 * now, the epoch EPOCH (else the number it had), and a MAC under the key
 * of that epoch if the key file's can be moved on to it, else under the
 * key file's own: an earlier key cannot be had from it. LOG is rewritten.
 * Exits 0 once done, 1 on error.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logfmt.h"
#include "seal.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	long size;

	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) || !(buf = malloc(size + 1)) ||
	    fread(buf, 1, size, f) != (size_t)size) {
		perror(path);
		exit(1);
	}
	fclose(f);
	*len = size;
	return buf;
}

int main(int argc, char **argv)
{
	size_t len, pos = 0, start = 0, seal_at = 0, seal_len = 0;
	unsigned long line = 0, want;
	struct seal_line s = { 0 };
	char text[SEAL_TEXT_MAX], out[LOGFMT_LINE_MAX(SEAL_TEXT_MAX)];
	struct seal_epoch e;
	struct logfmt_record rec = { .type = SEAL_TYPE };
	struct seal_key k;
	char *buf, *nbuf;
	FILE *f;
	int fd, n;

	if (argc < 4 || argc > 5 || seal_init()) {
		fprintf(stderr, "usage: seal_forge KEYFILE LOG LINE [EPOCH]\n");
		return 1;
	}
	fd = seal_key_open(argv[1], &k);
	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(-fd));
		return 1;
	}
	close(fd);
	buf = slurp(argv[2], &len);
	want = strtoul(argv[3], NULL, 10);
	/* The seal line that ends the epoch of line @want. */
	while (pos < len) {
		char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl + 1 - (buf + pos)) : len - pos;

		line++;
		if (seal_parse(buf + pos, n, &s)) {
			if (line >= want) {
				seal_at = pos;
				seal_len = n;
				break;
			}
			start = pos + n;
		}
		pos += n;
	}
	if (!seal_len) {
		fprintf(stderr, "no seal after line %lu\n", want);
		return 1;
	}
	if (argc == 5)
		s.epoch = strtoull(argv[4], NULL, 10);
	if (s.epoch > k.epoch)
		seal_key_at(&k, s.epoch);
	fprintf(stderr, "seal_forge: epoch %" PRIu64 " sealed with the key of "
		"epoch %" PRIu64 "\n", s.epoch, k.epoch);
	seal_epoch_start(&e, &k, strcmp(s.op, "recover") ? NULL : s.id);
	e.epoch = s.epoch;
	seal_epoch_lines(&e, buf + start, seal_at - start);
	/* The seal line's own id is kept. */
	rec.text = text;
	n = seal_text(text, sizeof(text), &e, s.op);
	if (n < 0 || sscanf(buf + seal_at, "type=DAEMON_SEAL msg=audit(%" SCNu64
			    ".%u:%" SCNu64 "): ", &rec.sec, &rec.nsec,
			    &rec.serial) != 3)
		return 1;
	rec.nsec *= 1000000;
	rec.len = n;
	n = logfmt_line(out, sizeof(out), &rec);
	if (n < 0)
		return 1;
	seal_finish(&e, out, n);

	nbuf = malloc(len - seal_len + n);
	if (!nbuf)
		return 1;
	memcpy(nbuf, buf, seal_at);
	memcpy(nbuf + seal_at, out, n);
	memcpy(nbuf + seal_at + n, buf + seal_at + seal_len,
	       len - seal_at - seal_len);
	f = fopen(argv[2], "w");
	if (!f || fwrite(nbuf, 1, len - seal_len + n, f) !=
		  len - seal_len + n || fclose(f)) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: auditlitectl verify (see verify.h).
 */

#define _GNU_SOURCE		/* asprintf() */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dedup.h"
#include "verify.h"

/*
 * Keys tried on a seal that fails: those of its epoch's successors up to
 * two past the highest epoch of the logs (the key file is one past), at
 * most this many.
 */
#define VERIFY_LATER_KEYS	4096

/*
 * A seal claiming an epoch this far past the expected one is not believed:
 * deriving its key would take too long (a million keys take a second).
 */
#define VERIFY_MAX_AHEAD	(1ULL << 20)

/* Lines where the kernel's serials break their sequence, said at most. */
#define VERIFY_ODD_MAX	4

/*
 * An epoch as read: its lines in the file and the kernel's serials, and
 * where these skip, repeat or go back: a hint of where a line was
 * deleted, inserted or moved, as the log usually holds them in order.
 */
struct verify_epoch {
	const char *name;
	size_t start;		/* offset of its first line */
	unsigned long first_line;
	unsigned long last_line;	/* first_line - 1 if it has none */
	uint64_t lines;
	uint64_t first;		/* serials, 0 if none */
	uint64_t last;
	unsigned int nodd;
	unsigned long odd[VERIFY_ODD_MAX];	/* lines */
	const char *odd_kind[VERIFY_ODD_MAX];
};

/**
 * verify_init - start a verification
 * @v: its state
 * @k0: the verification key, with the epoch it is the key of (0 unless
 *	the oldest logs are gone and the admin says where the chain starts)
 * @out: where problems and the summary are printed
 */
void verify_init(struct verify *v, const struct seal_key *k0, FILE *out)
{
	memset(v, 0, sizeof(*v));
	v->key0 = *k0;
	v->cur = *k0;
	v->next = k0->epoch;
	v->out = out;
}

static void verify_where(const struct verify *v, const struct verify_epoch *e)
{
	if (e->last_line >= e->first_line)
		fprintf(v->out, "%s:%lu-%lu: ", e->name, e->first_line,
			e->last_line);
	else
		fprintf(v->out, "%s:%lu: ", e->name, e->first_line);
	if (e->first)
		fprintf(v->out, "serials %" PRIu64 "-%" PRIu64 ": ", e->first,
			e->last);
	else
		fprintf(v->out, "no serials: ");
}

/* The key of @epoch, derived from k(0) or the last one derived. */
static void verify_key(struct verify *v, uint64_t epoch, struct seal_key *k)
{
	if (v->cur.epoch > epoch || v->cur.epoch < v->key0.epoch)
		v->cur = v->key0;
	seal_key_at(&v->cur, epoch);
	*k = v->cur;
}

/*
 * The seal @s, at @line of @len bytes, ends @e: whether its MAC is the
 * one of @epoch's key, or else of which later key.
 */
static bool verify_mac(struct verify *v, const char *buf,
		       const struct verify_epoch *e, const char *line,
		       const struct seal_line *s, uint64_t *later)
{
	size_t len = line + s->maced - (buf + e->start);
	struct seal_key k;
	uint64_t top = v->max_epoch + 2;
	bool ok;

	*later = 0;
	if (s->epoch < v->key0.epoch)
		return false;
	if (top > s->epoch + VERIFY_LATER_KEYS)
		top = s->epoch + VERIFY_LATER_KEYS;
	verify_key(v, s->epoch, &k);
	ok = seal_matches(&k, s, buf + e->start, len);
	while (!ok && k.epoch < top) {
		seal_key_evolve(&k);
		if (seal_matches(&k, s, buf + e->start, len)) {
			*later = k.epoch;
			break;
		}
	}
	sodium_memzero(&k, sizeof(k));
	return ok;
}

static void verify_problem(struct verify *v, const struct verify_epoch *e,
			   const char *epoch, const char *what)
{
	verify_where(v, e);
	fprintf(v->out, "%s%s\n", epoch, what);
	v->problems++;
}

/* Why the epoch @e that seal @s ends does not verify. */
static void verify_bad_mac(struct verify *v, const struct verify_epoch *e,
			   const struct seal_line *s, uint64_t later,
			   const char *epoch)
{
	char what[160 + VERIFY_ODD_MAX * 32];
	size_t len;
	unsigned int i;

	if (later)
		snprintf(what, sizeof(what), "forged: sealed with the key of "
			 "epoch %" PRIu64 ", a later one, that only whoever "
			 "held the key file since could have", later);
	else if (s->lines > e->lines)
		snprintf(what, sizeof(what), "%" PRIu64 " line(s) deleted: "
			 "%" PRIu64 " sealed, %" PRIu64 " here",
			 s->lines - e->lines, s->lines, e->lines);
	else if (s->lines < e->lines)
		snprintf(what, sizeof(what), "%" PRIu64 " line(s) inserted: "
			 "%" PRIu64 " sealed, %" PRIu64 " here",
			 e->lines - s->lines, s->lines, e->lines);
	else
		snprintf(what, sizeof(what), "changed or reordered: the seal "
			 "does not match the lines");
	len = strlen(what);
	for (i = 0; !later && i < e->nodd; i++)
		len += snprintf(what + len, sizeof(what) - len, "%s%lu (%s)",
				i ? ", " : "; serials out of sequence at line ",
				e->odd[i], e->odd_kind[i]);
	verify_problem(v, e, epoch, what);
}

/* The seal @s, at @line, ends @e. */
static void verify_seal(struct verify *v, const char *buf,
			struct verify_epoch *e, const char *line,
			const struct seal_line *s)
{
	char epoch[48], what[160];
	uint64_t later;

	snprintf(epoch, sizeof(epoch), "epoch %" PRIu64 ": ", s->epoch);
	if (s->epoch > v->next + VERIFY_MAX_AHEAD) {
		verify_problem(v, e, epoch, "not believed: too far past the "
			       "epoch expected");
		return;
	}
	if (s->epoch > v->max_epoch)
		v->max_epoch = s->epoch;
	if (!verify_mac(v, buf, e, line, s, &later)) {
		verify_bad_mac(v, e, s, later, epoch);
	} else if (v->started && s->epoch < v->next) {
		snprintf(what, sizeof(what), "out of order: after epoch "
			 "%" PRIu64 " (rotated files swapped or renamed, or "
			 "lines moved)", v->next - 1);
		verify_problem(v, e, epoch, what);
	} else if (s->epoch != v->next) {
		snprintf(what, sizeof(what), "epochs %" PRIu64 "-%" PRIu64
			 " missing before it (a rotated file, or part of one, "
			 "is gone; serials after %" PRIu64 ")", v->next,
			 s->epoch - 1, v->last_serial);
		verify_problem(v, e, epoch, what);
	} else {
		v->epochs++;
		v->lines += e->lines;
		if (!strcmp(s->op, "recover")) {
			verify_where(v, e);
			fprintf(v->out, "%snotice: sealed late, at a restart "
				"(op=recover): written before a crash, or not "
				"by the daemon, and unsealed until then\n",
				epoch);
			v->notices++;
		}
	}
	v->started = true;
	if (s->epoch >= v->next) {
		v->next = s->epoch + 1;
		if (s->last)
			v->last_serial = s->last;
	}
}

/**
 * verify_buf - verify one log, the next in the chain
 * @v: the verification
 * @name: the log's name, for the messages
 * @buf: its content
 * @len: its length
 * @newest: whether it is the last of the chain: the lines after its last
 *	seal may be the epoch in progress; they are unsealed all the same
 *
 * Returns the number of problems found in it.
 */
int verify_buf(struct verify *v, const char *name, const char *buf,
	       size_t len, bool newest)
{
	unsigned long before = v->problems;
	struct verify_epoch e = { .name = name, .first_line = 1 };
	unsigned long lineno = 0;
	size_t pos = 0;

	v->files++;
	e.last_line = 0;
	while (pos < len) {
		const char *line = buf + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl + 1 - line) : len - pos;
		struct seal_line s;
		struct logid id;

		lineno++;
		pos += n;
		if (nl && seal_parse(line, n, &s)) {
			verify_seal(v, buf, &e, line, &s);
			e = (struct verify_epoch){
				.name = name, .start = pos,
				.first_line = lineno + 1, .last_line = lineno,
			};
			continue;
		}
		e.lines++;
		e.last_line = lineno;
		if (logid_parse(line, n, &id) && !id.own && id.serial) {
			const char *kind = !e.last || id.serial == e.last + 1 ?
					   NULL : id.serial > e.last ? "skips" :
					   id.serial == e.last ? "repeats" :
					   "goes back";

			if (kind && e.nodd < VERIFY_ODD_MAX) {
				e.odd[e.nodd] = lineno;
				e.odd_kind[e.nodd++] = kind;
			}
			if (!e.first)
				e.first = id.serial;
			e.last = id.serial;
		}
	}
	if (e.lines)
		verify_problem(v, &e, "", newest ?
			       "unsealed: after the last seal (the epoch in "
			       "progress, or the log was cut short)" :
			       "unsealed: after the last seal of a log that "
			       "is not the newest");
	return v->problems - before;
}

/* The file at @path, mapped; NULL and @len 0 if empty. -errno, said. */
static int verify_map(const char *path, char **map, size_t *len)
{
	struct stat st;
	int fd, err = 0;

	*map = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		err = -errno;
	} else if (st.st_size) {
		*map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (*map == MAP_FAILED) {
			*map = NULL;
			err = -errno;
		} else {
			*len = st.st_size;
		}
	}
	if (err)
		fprintf(stderr, "auditlitectl: %s: %s\n", path, strerror(-err));
	if (fd >= 0)
		close(fd);
	return err;
}

/*
 * The highest epoch the seals of @buf claim, within reach of @v's first:
 * the keys tried on a seal that fails go that far.
 */
static void verify_scan(struct verify *v, const char *buf, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl + 1 - (buf + pos)) : len - pos;
		struct seal_line s;

		if (seal_is_seal(buf + pos, n) && seal_parse(buf + pos, n, &s) &&
		    s.epoch > v->max_epoch &&
		    s.epoch <= v->key0.epoch + VERIFY_MAX_AHEAD)
			v->max_epoch = s.epoch;
		pos += n;
	}
}

/* The number N of "@base.N", or 0 if @name is not one. */
static unsigned long verify_rotated(const char *name, const char *base)
{
	size_t len = strlen(base);
	char *end;
	unsigned long n;

	if (strncmp(name, base, len) || name[len] != '.' ||
	    name[len + 1] < '1' || name[len + 1] > '9')
		return 0;
	n = strtoul(name + len + 1, &end, 10);
	return *end ? 0 : n;
}

static int verify_by_age(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/*
 * A directory: its one log and the rotated ones (LOG.N, N from 1), the
 * oldest, highest N, first, in @paths (@n of them), which the caller
 * frees. Anything else in it (LOG.torn) is not read.
 */
static int verify_dir(const char *dir, char ***paths, size_t *count)
{
	char base[NAME_MAX + 1] = "";
	unsigned long *nums = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	int err = 0;
	DIR *d;

	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "auditlitectl: %s: %s\n", dir, strerror(errno));
		return -errno;
	}
	/* The log is the one name with neither a dot-number nor .torn. */
	while ((de = readdir(d))) {
		const char *dot = strrchr(de->d_name, '.');

		if (de->d_name[0] == '.' || (dot && (!strcmp(dot, ".torn") ||
		    (dot[1] >= '0' && dot[1] <= '9'))))
			continue;
		if (base[0]) {
			fprintf(stderr, "auditlitectl: %s holds %s and %s: "
				"name the files of one log\n", dir, base,
				de->d_name);
			closedir(d);
			return -EINVAL;
		}
		snprintf(base, sizeof(base), "%s", de->d_name);
	}
	if (!base[0]) {
		fprintf(stderr, "auditlitectl: %s holds no log\n", dir);
		closedir(d);
		return -ENOENT;
	}
	rewinddir(d);
	while ((de = readdir(d))) {
		unsigned long num = verify_rotated(de->d_name, base);

		if (!num)
			continue;
		if (n == cap) {
			unsigned long *more;

			cap = cap ? 2 * cap : 16;
			more = realloc(nums, cap * sizeof(*nums));
			if (!more) {
				err = -ENOMEM;
				goto out;
			}
			nums = more;
		}
		nums[n++] = num;
	}
	qsort(nums, n, sizeof(*nums), verify_by_age);
	*paths = calloc(n + 1, sizeof(**paths));
	if (!*paths) {
		err = -ENOMEM;
		goto out;
	}
	*count = n + 1;
	for (i = 0; i < n && !err; i++)
		if (asprintf(&(*paths)[i], "%s/%s.%lu", dir, base, nums[i]) < 0)
			err = -ENOMEM;
	if (!err && asprintf(&(*paths)[n], "%s/%s", dir, base) < 0)
		err = -ENOMEM;
out:
	free(nums);
	closedir(d);
	return err;
}

/**
 * verify_paths - verify logs, oldest first, as one chain
 * @v: the verification
 * @paths: files, or one directory
 * @n: how many
 *
 * Returns 0, or -errno if one cannot be read (said on stderr).
 */
int verify_paths(struct verify *v, char *const *paths, int n)
{
	char **dir_paths = NULL;
	size_t count = n, i;
	struct stat st;
	char **maps;
	size_t *lens;
	int err = 0;

	if (n == 1 && !stat(paths[0], &st) && S_ISDIR(st.st_mode)) {
		err = verify_dir(paths[0], &dir_paths, &count);
		if (err)
			goto out;
		paths = dir_paths;
	}
	maps = calloc(count, sizeof(*maps));
	lens = calloc(count, sizeof(*lens));
	if (!maps || !lens)
		err = -ENOMEM;
	for (i = 0; i < count && !err; i++) {
		err = verify_map(paths[i], &maps[i], &lens[i]);
		if (!err)
			verify_scan(v, maps[i], lens[i]);
	}
	for (i = 0; i < count && !err; i++)
		verify_buf(v, paths[i], maps[i], lens[i], i == count - 1);
	for (i = 0; maps && i < count; i++)
		if (maps[i])
			munmap(maps[i], lens[i]);
	free(maps);
	free(lens);
out:
	if (dir_paths)
		for (i = 0; i < count; i++)
			free(dir_paths[i]);
	free(dir_paths);
	return err;
}

/**
 * verify_summary - the last line: what verified, and how many problems
 * @v: the verification
 */
void verify_summary(const struct verify *v)
{
	fprintf(v->out, "%lu file(s), %lu epoch(s) of %lu line(s) verified; "
		"%lu problem(s), %lu notice(s)\n", v->files, v->epochs,
		v->lines, v->problems, v->notices);
}

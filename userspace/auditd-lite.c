// SPDX-License-Identifier: GPL-2.0
/*
 * auditd-lite: writes the records of auditlite.ko to a log file.
 *
 * One netlink socket does everything. The module sends records to the
 * socket that registered and takes acks only from it, so REGISTER, the
 * acks and UNREGISTER go out on the socket the records come in on. Records
 * arrive unasked, with sequence number 0, between the kernel's answers:
 * sequence checking is off, one set of callbacks handles all of it, and
 * the answers are told apart by the sequence number of their request.
 * Acks are sent without waiting: the kernel answers only when it refuses
 * one, and that answer is logged when it comes in.
 *
 * A batch is written with one write() as it comes; a flush thread syncs
 * what is written and the ack follows the sync (writer.h). While a write
 * or sync fails, or more than WRITER_WINDOW waits to be durable, nothing
 * more is read: the records wait in the kernel. The log is rotated only
 * once all it holds is durable and acked.
 *
 * Suspended (by an action, for space or a failing disk), the daemon reads
 * and writes nothing: records wait in the kernel, in its backlog, until it
 * resumes by SIGUSR2 or, if it waits for space, once the space is back.
 *
 * Sealing (seal.h), each epoch ends with a seal line, every seal_interval,
 * before the log changes files, before a suspension and at the exit; the
 * key then moves on in memory, and is stored over the old one once that
 * seal line is durable: no ack goes out before, so that every record the
 * kernel lets go of is sealed or under a key no longer on disk.
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libgen.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/statvfs.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <uapi/auditlite.h>

#include "child.h"
#include "config.h"
#include "dedup.h"
#include "dispatcher.h"
#include "log.h"
#include "logfile.h"
#include "nl.h"
#include "pidfile.h"
#include "policy.h"
#include "receive.h"
#include "records.h"
#include "seal.h"
#include "util.h"
#include "writer.h"

/* Room for batches while the disk is slow, so the kernel need not retry. */
#define RCVBUF		(16 * 1024 * 1024)

/* How long the dispatcher may take to read its queue at the exit. */
#define DISPATCHER_DRAIN_MS	2000

/* How soon a failed write, sync or ack is tried again. */
#define RETRY_MS	1000

/* Free space is looked at after this many records, and this often. */
#define SPACE_CHECK_RECORDS	1000
#define SPACE_CHECK_MS		5000

/* The daemon's own records, with the types auditd gives its own. */
#define DAEMON_START	1200
#define DAEMON_END	1201
#define DAEMON_CONFIG	1203
#define DAEMON_ROTATE	1205
#define DAEMON_RESUME	1206
#define DAEMON_ERR	1209

struct daemon {
	struct config cfg;
	const char *config_path;	/* NULL: the default, optional */
	const char *pid_path;
	int pid_fd;
	struct alnl nl;
	struct writer w;		/* and the log it writes */
	struct receiver rx;		/* what comes in */
	struct dispatcher disp;		/* gets the lines once written */
	struct policy pol;		/* suspended, and why */
	unsigned int unchecked;		/* records since the space check */
	long long space_check_at;	/* ms, CLOCK_MONOTONIC */
	bool rotate_due;		/* once all is acked */
	bool registered;
	bool unregistered;		/* and answered */
	pid_t exec_pid;			/* an exec action's, or 0 */
	int dir;			/* the log_dir in use, -1 for log_file's */
	uint64_t own_serial;		/* of the last record of our own */
	uint32_t register_seq;
	uint32_t unregister_seq;
	uint32_t set_seq;		/* of the last SET sent on reload */
	int exit_code;			/* -1 while running */
	int key_fd;			/* the seal key file, -1: not sealing */
	struct seal_key key;		/* the epoch's */
	struct seal_epoch epoch;	/* the writer's w.seal */
	bool key_moved;			/* on, not stored yet: no ack */
	bool key_failing;		/* storing it failed, said once */
	long long seal_at;		/* ms, CLOCK_MONOTONIC: epoch's end */
};

static const struct option long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: auditd-lite [-f] [-c FILE] [-p FILE]\n"
		     "       auditd-lite -h | -V\n");
}

/*
 * @path, or in @buf the same path from the current directory: daemon()
 * moves to "/", and SIGHUP and the exit use the paths again.
 */
static const char *absolute(const char *path, char *buf)
{
	char cwd[PATH_MAX];

	if (path[0] == '/')
		return path;
	if (!getcwd(cwd, sizeof(cwd)) ||
	    snprintf(buf, PATH_MAX, "%s/%s", cwd, path) >= PATH_MAX) {
		log_msg(LOG_ERR, "%s: path too long", path);
		return NULL;
	}
	return buf;
}

/*
 * Only an explicit -c makes a missing file an error: without one the
 * defaults stand in for the default file.
 */
static int load_config(struct config *cfg, const char *path)
{
	char err[512];
	int ret;

	config_init(cfg);
	ret = config_load(cfg, path ? path : CONFIG_DEFAULT_FILE,
			  err, sizeof(err));
	if (ret == -ENOENT && !path)
		return 0;
	if (ret)
		log_msg(LOG_ERR, "%s", err);
	return ret;
}

/*
 * Lower our nice value by priority_boost, as auditd does: sharing a CPU
 * with busy callers, the daemon got half of it and fell behind them.
 * Before any thread starts, which then inherit it.
 */
static void boost_priority(unsigned int boost)
{
	if (!boost)
		return;
	errno = 0;
	if (nice(-(int)boost) == -1 && errno)
		log_msg(LOG_WARNING, "cannot raise our priority by %u: %s",
			boost, strerror(errno));
}

/* The kernel settings a configuration may set, pushed only if it does. */
static const struct {
	int attr;
	size_t offset;
} knobs[] = {
	{ AUDITLITE_A_BACKLOG_LIMIT, offsetof(struct config, backlog_limit) },
	{ AUDITLITE_A_BACKLOG_WAIT_TIME,
	  offsetof(struct config, backlog_wait_time) },
	{ AUDITLITE_A_FAILURE, offsetof(struct config, failure) },
	{ AUDITLITE_A_RATE_LIMIT, offsetof(struct config, rate_limit) },
};

/* A SET of what @cfg sets; NULL if it sets nothing or on failure. */
static struct nl_msg *settings_msg(const struct alnl *nl,
				   const struct config *cfg)
{
	struct nl_msg *msg;
	bool any = false;
	size_t i;

	msg = alnl_msg(nl, AUDITLITE_CMD_SET);
	if (!msg)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		const struct config_knob *knob =
			(const void *)((const char *)cfg + knobs[i].offset);

		if (!knob->set)
			continue;
		if (nla_put_u32(msg, knobs[i].attr, knob->value)) {
			log_msg(LOG_ERR, "cannot build netlink message");
			nlmsg_free(msg);
			return NULL;
		}
		any = true;
	}
	if (!any) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/*
 * Queue one of the daemon's own records for the log; @detail, if not NULL,
 * is more "key=value" text. Their serials are their own, increasing, as
 * auditd's: the kernel's are told apart by type.
 */
static int daemon_event(struct daemon *d, uint32_t type, const char *op,
			const char *detail)
{
	struct logfmt_record rec = { .type = type, .serial = ++d->own_serial };
	struct timespec now;
	char text[PATH_MAX + 128];
	int err;

	clock_gettime(CLOCK_REALTIME, &now);
	rec.sec = now.tv_sec;
	rec.nsec = now.tv_nsec;
	rec.text = text;
	rec.len = snprintf(text, sizeof(text),
			   "op=%s%s%s ver=%s pid=%d res=success", op,
			   detail ? " " : "", detail ?: "",
			   AUDITLITE_VERSION, (int)getpid());
	err = writer_add(&d->w, &rec);
	if (err)
		log_msg(LOG_ERR, "cannot log op=%s: %s", op, strerror(-err));
	return err;
}

/*
 * A log found damaged at its end: what follows its last line is set aside
 * in log_file.torn before the first write (logfile_cut_torn()), and said
 * in the log.
 */
static void note_damage(struct daemon *d)
{
	char detail[64];

	if (!d->w.log.damaged)
		return;
	snprintf(detail, sizeof(detail), "torn_bytes=%zu", d->w.log.torn);
	daemon_event(d, DAEMON_ERR, "set_aside", detail);
}

/* A log just opened: our serials go on past the last of ours it holds. */
static void own_serials_from(struct daemon *d, const struct dedup *dd)
{
	if (dd->last_own > d->own_serial)
		d->own_serial = dd->last_own;
}

/* Send @msg, freed, on the daemon's socket; @seq is set to its number. */
static int send_msg(struct daemon *d, struct nl_msg *msg, bool want_answer,
		    uint32_t *seq)
{
	int err;

	if (want_answer)
		nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	err = nl_send_auto(d->nl.sk, msg);
	if (seq)
		*seq = nlmsg_hdr(msg)->nlmsg_seq;
	nlmsg_free(msg);
	if (err < 0) {
		log_msg(LOG_ERR, "netlink send: %s", nl_geterror(err));
		return -EIO;
	}
	return 0;
}

static int send_ack(struct daemon *d, uint64_t serial)
{
	struct nl_msg *msg;

	msg = alnl_msg(&d->nl, AUDITLITE_CMD_ACK);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u64(msg, AUDITLITE_A_ACK_SERIAL, serial)) {
		log_msg(LOG_ERR, "cannot build netlink message");
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return send_msg(d, msg, false, NULL);
}

/*
 * A key moved on is stored, over the old one, once the seal line that
 * ended the old one's epoch is durable. Returns whether it is stored.
 */
static bool key_stored(struct daemon *d)
{
	int err;

	if (!d->key_moved)
		return true;
	if (d->w.seal_end)
		return false;
	err = seal_key_store(d->key_fd, &d->key);
	if (err) {
		if (!d->key_failing)
			log_msg(LOG_ERR, "%s: cannot store the key of epoch "
				"%llu: %s; nothing is acked until it is",
				d->cfg.seal_key_file,
				(unsigned long long)d->key.epoch,
				strerror(-err));
		d->key_failing = true;
		return false;
	}
	if (d->key_failing)
		log_msg(LOG_NOTICE, "%s: stored", d->cfg.seal_key_file);
	d->key_moved = false;
	d->key_failing = false;
	return true;
}

/*
 * Ack what has become durable, once the key is stored; one that cannot be
 * sent is tried again.
 */
static void ack(struct daemon *d)
{
	uint64_t serial;

	if (key_stored(d) && writer_ack_due(&d->w, &serial) &&
	    !send_ack(d, serial))
		writer_acked(&d->w);
}

/*
 * What the lines taken in leave of max_log_file before its action is taken
 * (commit() takes it), or a window's worth with no such limit. Reading
 * stops at none (held()): the log then passes the size by a batch at most,
 * not by what a wakeup or a sync window holds.
 */
static off_t size_room(const struct daemon *d)
{
	off_t max = (off_t)d->cfg.max_log_file << 20;

	if (!max || d->pol.size_noted)
		return WRITER_WINDOW;
	return max - d->w.log.whole - (off_t)(d->w.buf.len - d->w.buf.done);
}

/*
 * Nothing more is read while writing fails, while too much waits to be
 * durable, before a rotation, which waits for all to be acked, or before
 * max_log_file's action. Until registered, all is read: the answer too.
 */
static bool held(const struct daemon *d)
{
	return d->registered &&
	       (d->pol.failing || writer_full(&d->w) || d->rotate_due ||
		size_room(d) <= 0);
}

/*
 * How many datagrams the next read may take: as many as fit, each as
 * lines of twice its longest, in what is left of the window and of
 * max_log_file, so that neither is passed by more than a batch.
 */
static unsigned int read_slots(const struct daemon *d)
{
	off_t room = WRITER_WINDOW - (off_t)d->w.buf.len;
	off_t n;

	if (size_room(d) < room)
		room = size_room(d);
	n = room / (2 * AUDITLITE_RECORDS_MSG_MAX);
	if (!d->registered || n < 1)
		return 1;
	return n < RECEIVE_SLOTS ? n : RECEIVE_SLOTS;
}

/* The lines just written, for the dispatcher. */
static void dispatch(void *arg, const char *lines, size_t len)
{
	dispatcher_queue(arg, lines, len);
}

/*
 * Write what is formatted (cutting first what a crash left half written,
 * now that we are the daemon) and start a sync if one is due; acks follow
 * the syncs (collect()). Returns 0, or -errno with @failed set to what.
 */
static int write_out(struct daemon *d, const char **failed)
{
	int err;

	err = writer_write(&d->w, dispatch, &d->disp);
	if (err) {
		*failed = "write to";
		return err;
	}
	err = writer_kick(&d->w, now_ms());
	if (err)
		*failed = "sync";
	return err;
}

/* The id the next seal line gets: its time, and the next serial of ours. */
static struct logfmt_record seal_record(const struct daemon *d)
{
	struct logfmt_record rec = { .serial = d->own_serial + 1 };
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	rec.sec = now.tv_sec;
	rec.nsec = now.tv_nsec;
	return rec;
}

/*
 * End the epoch with its seal line, of id @rec, @op saying why, and move
 * the key on; it is stored once the line is durable (ack()). On failure
 * the epoch goes on, to be sealed the next time.
 */
static void seal_epoch_as(struct daemon *d, struct logfmt_record *rec,
			  const char *op)
{
	int err;

	err = writer_seal(&d->w, rec, op);
	if (err) {
		log_msg(LOG_ERR, "cannot seal epoch %llu: %s",
			(unsigned long long)d->key.epoch, strerror(-err));
		return;
	}
	d->own_serial++;
	seal_key_evolve(&d->key);
	seal_epoch_start(&d->epoch, &d->key, NULL);
	d->key_moved = true;
	d->seal_at = now_ms() + d->cfg.seal_interval * 1000LL;
}

static void seal_epoch(struct daemon *d, const char *op)
{
	struct logfmt_record rec = seal_record(d);

	seal_epoch_as(d, &rec, op);
}

/*
 * Before the log changes files or the daemon leaves: the epoch sealed if
 * it has lines, and everything durable and acked, the key stored. An
 * epoch never spans two files. Returns 0, or -errno if not all is durable.
 */
static int seal_and_finish(struct daemon *d, const char *op)
{
	int err;

	if (d->key_fd >= 0 && writer_seal_lines(&d->w))
		seal_epoch(d, op);
	err = writer_finish(&d->w, dispatch, &d->disp);
	ack(d);
	return err;
}

/*
 * Whether @last, the seal line that ends at @tail in @map, was made with
 * @k: its epoch runs from the seal before it, or from the file's start,
 * as an epoch never spans two files.
 */
static bool seal_is_own(const char *map, size_t tail,
			const struct seal_line *last, const struct seal_key *k)
{
	/* The line is its MACed part, the MAC's digits and a newline. */
	size_t start = tail - last->maced - SEAL_HEX_LEN - 1, from;
	struct seal_line prev;

	if (!seal_find_last(map, start, &prev, &from))
		from = 0;
	return seal_matches(k, last, map + from, start + last->maced - from);
}

/*
 * A log just opened: the lines after its last seal (written before a
 * crash, or by someone else) are sealed now, marked as sealed late
 * (op=recover), under the key of the epoch they were written in. A log
 * whose last seal is of the key's epoch was sealed before the key file
 * caught up: the key moves on first, once that seal is found to be its own.
 * Returns 0, or -EINVAL if the log is sealed past the key, or by another.
 */
static int seal_log_tail(struct daemon *d)
{
	size_t whole = d->w.log.whole;
	struct seal_line last;
	size_t tail;
	char *map;
	int fd;

	if (d->key_fd < 0 || !whole)
		return 0;
	fd = open(d->w.log.path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_msg(LOG_ERR, "%s: %s", d->w.log.path, strerror(errno));
		return -errno;
	}
	map = mmap(NULL, whole, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		log_msg(LOG_ERR, "%s: mmap: %s", d->w.log.path, strerror(errno));
		return -errno;
	}
	if (seal_find_last(map, whole, &last, &tail)) {
		if (last.epoch > d->key.epoch) {
			log_msg(LOG_ERR, "%s is sealed up to epoch %llu, past "
				"the key of %s, of epoch %llu: an old copy, or "
				"another log's key", d->w.log.path,
				(unsigned long long)last.epoch,
				d->cfg.seal_key_file,
				(unsigned long long)d->key.epoch);
			munmap(map, whole);
			return -EINVAL;
		}
		if (last.epoch == d->key.epoch) {
			if (!seal_is_own(map, tail, &last, &d->key)) {
				log_msg(LOG_ERR, "%s: its last seal, of epoch "
					"%llu, was not made with the key of %s: "
					"the log of another chain (move it away), "
					"or changed", d->w.log.path,
					(unsigned long long)last.epoch,
					d->cfg.seal_key_file);
				munmap(map, whole);
				return -EINVAL;
			}
			seal_key_evolve(&d->key);
			seal_epoch_start(&d->epoch, &d->key, NULL);
			d->key_moved = true;
		}
	}
	if (tail < whole) {
		struct logfmt_record rec = seal_record(d);
		char id[SEAL_ID_MAX];

		log_msg(LOG_NOTICE, "%s: %zu bytes after its last seal, sealed "
			"now as epoch %llu (op=recover)", d->w.log.path,
			whole - tail, (unsigned long long)d->key.epoch);
		/* Under a key of its own: these may have been MACed before. */
		seal_id(id, rec.sec, rec.nsec / 1000000, rec.serial);
		seal_epoch_start(&d->epoch, &d->key, id);
		seal_epoch_lines(&d->epoch, map + tail, whole - tail);
		seal_epoch_as(d, &rec, "recover");
	}
	munmap(map, whole);
	return 0;
}

/*
 * Sealing as seal says: with the key file, or, unless seal is yes,
 * without one if there is none. Returns 0 or -errno.
 */
static int seal_start(struct daemon *d)
{
	const char *path = d->cfg.seal_key_file;
	int err;

	if (d->cfg.seal == CONFIG_SEAL_NO)
		return 0;
	err = seal_init();
	if (!err)
		err = seal_key_open(path, &d->key);
	if (err == -ENOENT && d->cfg.seal == CONFIG_SEAL_AUTO)
		return 0;
	if (err < 0) {
		log_msg(LOG_ERR, "cannot seal the log: %s: %s%s", path,
			err == -EPERM ? "not a file only its owner may read" :
			err == -EINVAL ? "not a key file" : strerror(-err),
			err == -ENOENT ? " (make it with auditlitectl seal-init)" : "");
		return err;
	}
	d->key_fd = err;
	seal_epoch_start(&d->epoch, &d->key, NULL);
	d->w.seal = &d->epoch;
	d->w.maced = d->w.buf.len;
	d->seal_at = now_ms() + d->cfg.seal_interval * 1000LL;
	log_msg(LOG_INFO, "sealing %s, epoch %llu", d->w.log.path,
		(unsigned long long)d->key.epoch);
	return seal_log_tail(d);
}

/*
 * An exec action, as auditd runs it: the log is made durable and closed,
 * and nothing is written until the program has ended (it usually moves or
 * compresses the log); then log_file is opened again (reopen_log()).
 */
static void run_exec(struct daemon *d, char *const argv[])
{
	if (d->exec_pid > 0) {
		log_msg(LOG_WARNING, "%s still runs: not run again", argv[0]);
		return;
	}
	if (d->w.log.fd >= 0) {
		if (!d->pol.suspended && seal_and_finish(d, "exec"))
			log_msg(LOG_ERR, "%s: not all durable before %s; "
				"written again after it", d->w.log.path,
				argv[0]);
		ack(d);
		logfile_close(&d->w.log);
	}
	d->exec_pid = child_spawn(argv, -1);
	if (d->exec_pid > 0)
		policy_suspend(&d->pol, POLICY_EXEC);
	else
		d->exec_pid = 0;
}

/*
 * log_file no longer names the open log, or it was closed for an exec:
 * open it again and say so in it. What the old one holds is made durable
 * there first; what cannot be is written to the new one.
 */
static void reopen_log(struct daemon *d)
{
	bool closed = d->w.log.fd < 0;
	struct logfile log = { .io = d->w.log.io };
	struct dedup unused = { 0 };

	if (!closed && seal_and_finish(d, "reopen"))
		log_msg(LOG_ERR, "%s: not all durable before it moved; "
			"written to the new one", d->w.log.path);
	if (logfile_open(&log, d->w.log.path, config_log_gid(&d->cfg),
			 &unused))
		return;
	own_serials_from(d, &unused);
	dedup_disarm(&unused);
	if (!closed)
		logfile_close(&d->w.log);
	writer_new_log(&d->w, &log);
	policy_new_log(&d->pol, false);
	seal_log_tail(d);
	log_msg(LOG_NOTICE, "%s: opened again (%s)", d->w.log.path,
		closed ? "after exec" : "it had moved");
	daemon_event(d, DAEMON_ROTATE, "reopen",
		     closed ? "reason=exec" : "reason=moved");
	note_damage(d);
}

static void take_action(struct daemon *d, const struct config_action *act,
			enum policy_reason reason, const char *why);

/*
 * @path as a value in a record: as it is if it holds nothing but letters,
 * digits and "/._+-", else in hexadecimal, as auditd writes such values.
 */
static void record_path(char *buf, size_t len, const char *path)
{
	size_t n = 0;
	const char *p;

	if (strspn(path, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			 "0123456789/._+-") == strlen(path)) {
		snprintf(buf, len, "%s", path);
		return;
	}
	for (p = path; *p && n + 3 <= len; p++)
		n += snprintf(buf + n, len - n, "%02X", (unsigned char)*p);
}

/*
 * The next log_dir after the one in use whose filesystem is a point above
 * space_limit, or -1.
 */
static int next_dir(const struct daemon *d)
{
	unsigned int i;

	for (i = d->dir + 1; i < d->cfg.log_dir.n; i++) {
		struct statvfs sv;

		if (!statvfs(d->cfg.log_dir.dir[i], &sv) && sv.f_blocks &&
		    policy_has_room((unsigned long long)sv.f_bavail * sv.f_frsize,
				    (unsigned long long)sv.f_blocks * sv.f_frsize,
				    d->cfg.space_limit))
			return i;
	}
	return -1;
}

/*
 * space_limit_action switch, as SunOS's auditd went on in the next
 * directory when auditsvc(2) returned at the limit: the log goes on in
 * the next log_dir with room, each log saying where the trail continues.
 * With none, the daemon suspends.
 */
static void switch_dir(struct daemon *d)
{
	static const struct config_action suspend = {
		.kind = CONFIG_ACTION_SUSPEND,
	};
	char path[PATH_MAX], base[PATH_MAX], detail[2 * PATH_MAX + 8];
	struct logfile log = { .io = d->w.log.io };
	struct dedup unused = { 0 };
	int i = next_dir(d);

	strcpy(base, d->cfg.log_file);
	if (i < 0 || snprintf(path, sizeof(path), "%s/%s",
			      d->cfg.log_dir.dir[i], basename(base)) >=
		     (int)sizeof(path)) {
		take_action(d, &suspend, POLICY_SPACE,
			    "no log_dir has room above space_limit");
		return;
	}
	strcpy(detail, "to=");
	record_path(detail + 3, sizeof(detail) - 3, path);
	daemon_event(d, DAEMON_ROTATE, "switch", detail);
	if (seal_and_finish(d, "switch"))
		log_msg(LOG_ERR, "%s: not all durable before the switch; "
			"written to %s", d->w.log.path, path);
	if (logfile_open(&log, path, config_log_gid(&d->cfg), &unused)) {
		take_action(d, &suspend, POLICY_SPACE, "cannot switch");
		return;
	}
	own_serials_from(d, &unused);
	dedup_disarm(&unused);
	strcpy(detail, "from=");
	record_path(detail + 5, sizeof(detail) - 5, d->w.log.path);
	logfile_close(&d->w.log);
	writer_new_log(&d->w, &log);
	policy_new_log(&d->pol, true);
	seal_log_tail(d);
	d->dir = i;
	log_msg(LOG_NOTICE, "switched to %s", path);
	daemon_event(d, DAEMON_ROTATE, "switch", detail);
	note_damage(d);
}

/*
 * About to suspend for @reason: said in the log too, while it can still be
 * written (not after a failed write: the resume record says it then), and
 * the epoch sealed, whatever the reason (after a failed write, the seal is
 * written once writing works again). Written as it is, without looking at
 * the limits again.
 */
static void suspend_note(struct daemon *d, enum policy_reason reason)
{
	bool added = false;
	const char *failed;

	if (reason == POLICY_SPACE || reason == POLICY_LOG_SIZE) {
		char detail[32];

		snprintf(detail, sizeof(detail), "reason=%s",
			 policy_reason_name(reason));
		added = !daemon_event(d, DAEMON_ERR, "suspend", detail);
	}
	if (d->key_fd >= 0 && writer_seal_lines(&d->w)) {
		seal_epoch(d, "suspend");
		added = true;
	}
	if (added)
		write_out(d, &failed);
}

/* Do what @act says, because of @why; @reason if it suspends. */
static void take_action(struct daemon *d, const struct config_action *act,
			enum policy_reason reason, const char *why)
{
	static char *const halt[] = { "/sbin/shutdown", "-h", "now", NULL };
	char *exec[] = { (char *)act->exec, NULL };

	if (act->kind == CONFIG_ACTION_IGNORE)
		return;
	log_msg(LOG_ALERT, "%s", why);
	switch (act->kind) {
	case CONFIG_ACTION_SUSPEND:
		log_msg(LOG_ALERT, "suspended (%s): records wait in the "
			"kernel until resumed", policy_reason_name(reason));
		if (!d->pol.suspended)
			suspend_note(d, reason);
		policy_suspend(&d->pol, reason);
		break;
	case CONFIG_ACTION_ROTATE:
	case CONFIG_ACTION_KEEP_LOGS:
		d->rotate_due = true;
		break;
	case CONFIG_ACTION_EXEC:
		run_exec(d, exec);
		break;
	case CONFIG_ACTION_SWITCH:
		switch_dir(d);
		break;
	case CONFIG_ACTION_HALT:
		child_spawn(halt, -1);
		break;
	default:
		break;
	}
}

/*
 * Clear the reasons in @set whose condition @why is; once none is left, go
 * on reading and writing. Said in the log and in a record of its own.
 */
static void resume(struct daemon *d, unsigned int set, const char *why)
{
	char cleared[64], left[64], detail[192];
	unsigned int was = policy_resume(&d->pol, set);

	if (!was)
		return;
	policy_names(was, cleared, sizeof(cleared));
	policy_names(d->pol.suspended, left, sizeof(left));
	snprintf(detail, sizeof(detail), "suspended=%s resumed_by=%s%s%s",
		 cleared, why, d->pol.suspended ? " still_suspended=" : "",
		 d->pol.suspended ? left : "");
	log_msg(LOG_NOTICE, "%s (%s)", d->pol.suspended ?
		"still suspended" : "resumed", detail);
	if (!d->pol.suspended)
		daemon_event(d, DAEMON_RESUME, "resume", detail);
}

/* SIGCHLD: collect what child_spawn() started; a dispatcher restarts. */
static void reap(struct daemon *d)
{
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		log_msg(WIFEXITED(status) && !WEXITSTATUS(status) ?
			LOG_INFO : LOG_WARNING,
			"pid %d %s %d", (int)pid,
			WIFEXITED(status) ? "exited with" : "killed by signal",
			WIFEXITED(status) ? WEXITSTATUS(status) :
					    WTERMSIG(status));
		dispatcher_reaped(&d->disp, pid);
		if (pid == d->exec_pid) {
			d->exec_pid = 0;
			resume(d, POLICY_BIT(POLICY_EXEC), "exec_end");
		}
	}
}

/*
 * One threshold of free space: its action once when space falls below it
 * (policy_threshold()), said in the messages.
 */
static void check_threshold(struct daemon *d, struct policy_threshold *t,
			    const struct logfile_space *sp, const char *name,
			    unsigned int percent,
			    const struct config_action *act)
{
	char why[PATH_MAX + 128];

	switch (policy_threshold(t, sp->avail, sp->total, percent)) {
	case POLICY_SPACE_LOW:
		snprintf(why, sizeof(why),
			 "%llu%% of the filesystem of %s is free, less than "
			 "%s %u%%", sp->avail * 100 / sp->total,
			 d->w.log.path, name, percent);
		take_action(d, act, POLICY_SPACE, why);
		break;
	case POLICY_SPACE_BACK:
		log_msg(LOG_NOTICE, "free space on the filesystem of %s is "
			"back above %s", d->w.log.path, name);
		break;
	default:
		break;
	}
}

/*
 * The warning of space_left, then the auditsvc(2) limit, space_limit.
 * Space back above the limit clears a suspension for it and, if there is
 * room for what waits, one for a full disk.
 */
static void check_space(struct daemon *d)
{
	struct logfile_space sp;
	unsigned int set;

	d->unchecked = 0;
	d->space_check_at = now_ms() + SPACE_CHECK_MS;
	if (d->w.log.fd < 0 ||
	    logfile_space(&d->w.log, d->cfg.space_limit, &sp))
		return;
	check_threshold(d, &d->pol.left, &sp, "space_left", d->cfg.space_left,
			&d->cfg.space_left_action);
	check_threshold(d, &d->pol.limit, &sp, "space_limit",
			d->cfg.space_limit, &d->cfg.space_limit_action);
	if (d->pol.limit.low)
		return;
	set = POLICY_BIT(POLICY_SPACE);
	if (sp.avail > d->w.buf.len - d->w.buf.done)
		set |= POLICY_BIT(POLICY_DISK_FULL);
	resume(d, set, "space");
}

/* max_log_file: the action once per log. */
static void check_size(struct daemon *d)
{
	char why[PATH_MAX + 64];

	if (!d->cfg.max_log_file ||
	    !policy_size(&d->pol, d->w.log.whole >=
				  (off_t)d->cfg.max_log_file << 20))
		return;
	snprintf(why, sizeof(why), "%s has reached max_log_file, %u MiB",
		 d->w.log.path, d->cfg.max_log_file);
	take_action(d, &d->cfg.max_log_file_action, POLICY_LOG_SIZE, why);
}

/*
 * Start a new log (SIGUSR1, or an action), only when all in the old one is
 * acked: no record is then split, lost or written twice across the two.
 */
static void rotate(struct daemon *d)
{
	bool keep_all = d->cfg.max_log_file_action.kind ==
			CONFIG_ACTION_KEEP_LOGS;

	d->rotate_due = false;
	if (!keep_all && d->cfg.num_logs < 2) {
		log_msg(LOG_WARNING, "num_logs is %u: %s is not rotated",
			d->cfg.num_logs, d->w.log.path);
		return;
	}
	if (seal_and_finish(d, "rotate") || d->w.ack_owed) {
		d->rotate_due = true;
		return;
	}
	if (logfile_rotate(&d->w.log, keep_all ? 0 : d->cfg.num_logs - 1))
		return;
	log_msg(LOG_NOTICE, "rotated %s", d->w.log.path);
	policy_new_log(&d->pol, false);
	daemon_event(d, DAEMON_ROTATE, "rotate", NULL);
	resume(d, POLICY_BIT(POLICY_LOG_SIZE), "rotation");
}

/*
 * The end of a write or sync: disk_full_action or disk_error_action once
 * per failing spell, not once per retry; then the limits, once it works.
 */
static void disk_result(struct daemon *d, const char *failed, int err)
{
	if (failed) {
		if (policy_failed(&d->pol)) {
			bool full = err == -ENOSPC || err == -EDQUOT;
			char why[PATH_MAX + 128];

			snprintf(why, sizeof(why), "cannot %s %s: %s; records "
				 "stay unacked, in the kernel", failed,
				 d->w.log.path, strerror(-err));
			take_action(d, full ? &d->cfg.disk_full_action :
					      &d->cfg.disk_error_action,
				    full ? POLICY_DISK_FULL : POLICY_DISK_ERROR,
				    why);
		}
		return;
	}
	if (policy_succeeded(&d->pol))
		log_msg(LOG_NOTICE, "%s is written again", d->w.log.path);
	check_size(d);
	if (d->unchecked >= SPACE_CHECK_RECORDS)
		check_space(d);
}

/* Whether lines can go to the log now: not suspended, and it is open. */
static bool writable(const struct daemon *d)
{
	return !d->pol.suspended && d->w.log.fd >= 0;
}

/* Write, and take what comes of it; retried until it succeeds. */
static void commit(struct daemon *d)
{
	const char *failed = NULL;
	int err;

	if (d->pol.suspended)
		return;
	if (d->w.log.fd < 0 || logfile_moved(&d->w.log))
		reopen_log(d);
	if (d->w.log.fd < 0)
		return;
	err = write_out(d, &failed);
	/* A failed sync's thread is still out: wait for its result. */
	if (err != -EAGAIN)
		disk_result(d, failed, err);
	/* What the limits' actions logged (a switch, a resume): out now. */
	if (!err && writable(d) && d->w.buf.done < d->w.buf.len) {
		err = write_out(d, &failed);
		if (err && err != -EAGAIN)
			disk_result(d, failed, err);
	}
	ack(d);
}

/*
 * The flush thread has synced, or failed to. What was written meanwhile
 * goes to the next sync before the ack is sent: the disk is the bound,
 * and the ack, which frees the records in the kernel, takes a while.
 */
static void collect(struct daemon *d)
{
	int err = writer_collect(&d->w);

	disk_result(d, err ? "sync" : NULL, err);
	/* With the flush thread, writer_kick() cannot fail. */
	if (!err && writable(d))
		writer_kick(&d->w, now_ms());
	ack(d);
}

/*
 * REGISTER's answer, or the first records: the kernel may send them first,
 * and when they fill the socket the answer itself is dropped.
 */
static void set_registered(struct daemon *d)
{
	if (d->registered)
		return;
	d->registered = true;
	log_msg(LOG_INFO, "registered as the auditlite daemon");
}

static void records_message(struct daemon *d, const struct sockaddr_nl *src,
			    struct nlmsghdr *nlh)
{
	struct records *b = &d->rx.batch;
	char detail[96];

	switch (receive_batch(&d->rx, &d->w, src, d->nl.family, nlh)) {
	case RECEIVE_TAKEN:
		/* They come only to the daemon, maybe before REGISTER's answer. */
		set_registered(d);
		d->unchecked += b->n;
		break;
	case RECEIVE_MALFORMED:
		/* Said in the log, then acked with the records around it. */
		set_registered(d);
		snprintf(detail, sizeof(detail), "first=%llu last=%llu records=%zu",
			 (unsigned long long)b->first,
			 (unsigned long long)b->last, b->nests);
		daemon_event(d, DAEMON_ERR, "malformed_batch", detail);
		writer_batch_end(&d->w, b->last);
		break;
	default:
		break;
	}
}

/* The kernel's answer to a request sent asking for one. */
static void answer_message(struct daemon *d, struct nlmsghdr *nlh)
{
	struct nlmsgerr *err = NLMSG_DATA(nlh);
	uint32_t seq = err->msg.nlmsg_seq;
	const char *what;

	if (!err->error) {
		if (seq == d->register_seq)
			set_registered(d);
		else if (seq == d->unregister_seq)
			d->unregistered = true;
		return;
	}

	alnl_log_extack(err);
	if (seq == d->register_seq) {
		what = "register as the auditlite daemon";
		d->exit_code = 1;
	} else if (seq == d->unregister_seq) {
		what = "unregister";
		d->unregistered = true;
	} else if (seq == d->set_seq) {
		what = "apply the kernel settings";
	} else {
		what = "ack";
	}
	log_msg(LOG_ERR, "cannot %s: %s", what, strerror(-err->error));
}

/* The messages of a datagram of @len bytes the receiver holds. */
static void handle_datagram(struct daemon *d, const struct sockaddr_nl *src,
			    struct nlmsghdr *nlh, size_t len)
{
	int rem = len;

	for (; NLMSG_OK(nlh, rem); nlh = NLMSG_NEXT(nlh, rem)) {
		/* Refused there unless a batch from the kernel. */
		if (nlh->nlmsg_type != NLMSG_ERROR || src->nl_pid)
			records_message(d, src, nlh);
		else if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct nlmsgerr)))
			answer_message(d, nlh);
	}
}

/* Every datagram the last receive_read() read; returns their bytes. */
static size_t handle_read(struct daemon *d)
{
	const struct sockaddr_nl *src;
	size_t len, taken = 0;
	void *buf;

	while ((buf = receive_datagram(&d->rx, &src, &len))) {
		handle_datagram(d, src, buf, len);
		taken += len;
	}
	return taken;
}

/*
 * The socket as the daemon uses it: it sends without asking for answers
 * unless told to, checks no sequence number, never blocks, and has room
 * for many batches.
 */
static int setup_socket(struct daemon *d)
{
	struct nl_sock *sk = d->nl.sk;
	int fd = nl_socket_get_fd(sk);
	int one = 1;

	/* Messages are read by receive_read(), not through libnl. */
	nl_socket_disable_seq_check(sk);
	nl_socket_disable_auto_ack(sk);
	if (nl_socket_set_nonblocking(sk) < 0) {
		log_msg(LOG_ERR, "cannot set up the netlink socket");
		return -EIO;
	}
	if (alnl_set_rcvbuf(&d->nl, RCVBUF))
		return -EIO;
	/* A full socket must not be reported as lost data: nothing is. */
	if (setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &one, sizeof(one)))
		log_msg(LOG_WARNING, "NETLINK_NO_ENOBUFS: %s", strerror(errno));
	return 0;
}

static int open_signalfd(void)
{
	sigset_t mask;
	int fd;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGUSR2);
	sigaddset(&mask, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &mask, NULL)) {
		log_msg(LOG_ERR, "sigprocmask: %s", strerror(errno));
		return -1;
	}
	fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		log_msg(LOG_ERR, "signalfd: %s", strerror(errno));
	return fd;
}

/* SIGHUP: a bad file, or a log_file that cannot be opened, changes nothing. */
static void reload(struct daemon *d)
{
	struct config cfg;
	struct logfile log;
	struct dedup unused;
	struct nl_msg *msg;

	if (load_config(&cfg, d->config_path)) {
		log_msg(LOG_ERR, "keeping the old configuration");
		return;
	}
	if (strcmp(cfg.log_file, d->cfg.log_file)) {
		/* No line split, or synced and acked, across two files. */
		if (d->pol.suspended || seal_and_finish(d, "reconfigure")) {
			log_msg(LOG_ERR, "cannot leave %s while it fails or is "
				"suspended; keeping the old configuration",
				d->w.log.path);
			return;
		}
		log.io = d->w.log.io;
		if (logfile_open(&log, cfg.log_file, config_log_gid(&cfg),
				 &unused)) {
			log_msg(LOG_ERR, "keeping the old configuration");
			return;
		}
		own_serials_from(d, &unused);
		dedup_disarm(&unused);
		logfile_close(&d->w.log);
		writer_new_log(&d->w, &log);
		policy_new_log(&d->pol, true);
		d->dir = -1;
		seal_log_tail(d);
		note_damage(d);
	}
	if (cfg.seal != d->cfg.seal || cfg.seal_interval != d->cfg.seal_interval ||
	    strcmp(cfg.seal_key_file, d->cfg.seal_key_file))
		log_msg(LOG_WARNING, "seal, seal_key_file and seal_interval "
			"take effect at the next start");
	cfg.seal = d->cfg.seal;
	cfg.seal_interval = d->cfg.seal_interval;
	strcpy(cfg.seal_key_file, d->cfg.seal_key_file);
	d->cfg = cfg;
	writer_configure(&d->w, &cfg);
	dispatcher_configure(&d->disp, cfg.dispatcher, cfg.q_depth);

	msg = settings_msg(&d->nl, &d->cfg);
	if (msg)
		send_msg(d, msg, false, &d->set_seq);
	daemon_event(d, DAEMON_CONFIG, "reconfigure", NULL);
	log_msg(LOG_INFO, "configuration reloaded");
}

static void handle_signal(struct daemon *d, int sfd)
{
	struct signalfd_siginfo si;

	if (read(sfd, &si, sizeof(si)) != sizeof(si))
		return;

	switch (si.ssi_signo) {
	case SIGTERM:
	case SIGINT:
		d->exit_code = 0;
		break;
	case SIGHUP:
		reload(d);
		break;
	case SIGUSR1:
		d->rotate_due = true;
		break;
	case SIGUSR2:
		if (d->pol.suspended)
			resume(d, POLICY_ALL, "SIGUSR2");
		else
			log_msg(LOG_NOTICE, "SIGUSR2: not suspended");
		break;
	case SIGCHLD:
		reap(d);
		break;
	}
}

static void unregister(struct daemon *d);

/*
 * What came on the socket: every datagram queued, up to RECEIVE_BUDGET
 * bytes or max_log_file, then the lines are written once for them all.
 * Sooner when the writer waits (writer_waits()): while the kernel keeps
 * the socket from emptying, a sync's ack and the next sync would wait
 * for the budget, and the backlog with them.
 */
static void receive(struct daemon *d)
{
	int fd = nl_socket_get_fd(d->nl.sk);
	size_t taken = 0;

	while (taken < RECEIVE_BUDGET && !held(d) && !writer_waits(&d->w)) {
		int n = receive_read(&d->rx, fd, read_slots(d));

		if (!n)
			break;
		if (n < 0) {
			log_msg(LOG_WARNING, "netlink receive: %s",
				strerror(-n));
			break;
		}
		taken += handle_read(d);
	}
}

/*
 * A batch was lost: once all before it is durable and acked, register
 * again, and the kernel sends everything unacked again, from it on.
 */
static void reregister(struct daemon *d)
{
	struct nl_msg *msg;

	unregister(d);
	d->registered = false;
	d->unregistered = false;
	receive_registered(&d->rx);
	msg = alnl_msg(&d->nl, AUDITLITE_CMD_REGISTER);
	if (!msg || send_msg(d, msg, true, &d->register_seq))
		d->exit_code = 1;
}

/*
 * seal_interval has passed since the epoch began: it ends, unless it has
 * no line; a new one begins either way.
 */
static void seal_due(struct daemon *d)
{
	long long now = now_ms();

	if (d->key_fd < 0 || d->pol.suspended || now < d->seal_at)
		return;
	if (!writer_seal_lines(&d->w)) {
		d->seal_at = now + d->cfg.seal_interval * 1000LL;
		return;
	}
	seal_epoch(d, "epoch");
	commit(d);
}

static void run(struct daemon *d, int sfd)
{
	struct pollfd pfd[] = {
		{ .fd = nl_socket_get_fd(d->nl.sk) },
		{ .fd = sfd, .events = POLLIN },
		{ .fd = d->w.flusher->efd, .events = POLLIN },
		{ .fd = -1 },
	};

	d->space_check_at = now_ms();
	while (d->exit_code < 0) {
		long long now = now_ms();
		long long timeout = d->space_check_at - now;
		long long sync_timeout = writer_timeout(&d->w, now);
		long long disp_timeout = dispatcher_timeout(&d->disp);
		long long seal_timeout = d->key_fd >= 0 && !d->pol.suspended ?
					 d->seal_at - now : -1;

		if (timeout <= 0) {
			check_space(d);
			/* With nothing else to wake for, what it logged too. */
			if (d->registered)
				commit(d);
			timeout = SPACE_CHECK_MS;
		}
		if (d->pol.failing && !d->pol.suspended && timeout > RETRY_MS)
			timeout = RETRY_MS;
		if (sync_timeout >= 0 && timeout > sync_timeout)
			timeout = sync_timeout;
		if (disp_timeout >= 0 && timeout > disp_timeout)
			timeout = disp_timeout;
		if (seal_timeout >= 0 && timeout > seal_timeout)
			timeout = seal_timeout;
		if (timeout < 0)
			timeout = 0;
		pfd[0].events = held(d) || d->pol.suspended ? 0 : POLLIN;
		pfd[3].fd = d->disp.fd;
		pfd[3].events = dispatcher_events(&d->disp);
		if (poll(pfd, ARRAY_SIZE(pfd), timeout) < 0) {
			if (errno == EINTR)
				continue;
			log_msg(LOG_ERR, "poll: %s", strerror(errno));
			d->exit_code = 1;
			break;
		}

		if (pfd[0].revents & POLLIN)
			receive(d);
		if (pfd[1].revents & POLLIN)
			handle_signal(d, sfd);
		/* A sync may have ended while the socket was read. */
		if ((pfd[2].revents & POLLIN) || writer_waits(&d->w))
			collect(d);
		if (d->registered && d->rx.resync && writer_idle(&d->w) &&
		    !d->w.ack_owed)
			reregister(d);
		if (d->registered) {
			/* A rotation waits until all in the old log is acked. */
			d->w.urgent |= d->rotate_due;
			commit(d);
			seal_due(d);
			if (d->rotate_due && writer_idle(&d->w) &&
			    !d->w.ack_owed && !d->pol.suspended) {
				rotate(d);
				commit(d);
			}
		}
		dispatcher_run(&d->disp);
	}
}

/*
 * The kernel handles UNREGISTER while we send it, so its answer is queued
 * already, behind records that are left for the next daemon.
 */
static void unregister(struct daemon *d)
{
	struct nl_msg *msg;

	msg = alnl_msg(&d->nl, AUDITLITE_CMD_UNREGISTER);
	if (!msg)
		return;
	d->rx.leaving = true;
	if (send_msg(d, msg, true, &d->unregister_seq))
		return;
	while (!d->unregistered &&
	       receive_read(&d->rx, nl_socket_get_fd(d->nl.sk), 1) > 0)
		handle_read(d);
	if (!d->unregistered)
		log_msg(LOG_WARNING, "no answer to unregistering");
}

/* Write and ack what we have, say so in the log, and stop receiving. */
static void leave(struct daemon *d)
{
	if (!d->registered)
		return;
	daemon_event(d, DAEMON_END, "stop", NULL);
	if (d->pol.suspended || seal_and_finish(d, "stop"))
		log_msg(LOG_ERR, "records stay unacked: the kernel keeps them");
	ack(d);
	log_msg(LOG_INFO, "acked %llu records, from their time to durable: "
		"median %llu us, p99 %llu us",
		(unsigned long long)d->w.acked.n,
		(unsigned long long)latency_quantile(&d->w.acked, 50),
		(unsigned long long)latency_quantile(&d->w.acked, 99));
	unregister(d);
}

int main(int argc, char **argv)
{
	struct daemon d = {
		.pid_path = PIDFILE_DEFAULT,
		.pid_fd = -1,
		.exit_code = -1,
		.dir = -1,
		.key_fd = -1,
	};
	static char config_buf[PATH_MAX], pid_buf[PATH_MAX];
	bool foreground = false;
	struct nl_msg *msg;
	int sfd = -1;
	int opt;
	int ret;

	log_init("auditd-lite");
	dispatcher_init(&d.disp);
	while ((opt = getopt_long(argc, argv, "fc:p:hV", long_options, NULL)) != -1) {
		switch (opt) {
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			puts("auditd-lite " AUDITLITE_VERSION);
			return 0;
		case 'f':
			foreground = true;
			break;
		case 'c':
			d.config_path = absolute(optarg, config_buf);
			if (!d.config_path)
				return 1;
			break;
		case 'p':
			d.pid_path = absolute(optarg, pid_buf);
			if (!d.pid_path)
				return 1;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	/* Errors up to here reach the terminal of whoever started us. */
	if (load_config(&d.cfg, d.config_path))
		return 1;
	boost_priority(d.cfg.priority_boost);
	d.pid_fd = pidfile_lock(d.pid_path);
	if (d.pid_fd < 0)
		return 1;
	d.exit_code = 1;
	if (alnl_open(&d.nl))
		goto out_pid;

	/* Before REGISTER, nothing but the answer comes in. */
	msg = settings_msg(&d.nl, &d.cfg);
	if (msg && (ret = alnl_request(&d.nl, msg, NULL, NULL))) {
		log_msg(LOG_ERR, "cannot apply the kernel settings: %s",
			strerror(-ret));
		goto out_close;
	}
	writer_init(&d.w);
	writer_configure(&d.w, &d.cfg);
	if (logfile_open(&d.w.log, d.cfg.log_file, config_log_gid(&d.cfg),
			 &d.rx.dedup))
		goto out_close;
	own_serials_from(&d, &d.rx.dedup);
	if (seal_start(&d))
		goto out_log;

	if (!foreground) {
		if (daemon(0, 0)) {
			log_msg(LOG_ERR, "daemon: %s", strerror(errno));
			goto out_log;
		}
		log_to_syslog();
	}
	/* A dispatcher that has gone must not kill us as we write to it. */
	signal(SIGPIPE, SIG_IGN);
	dispatcher_configure(&d.disp, d.cfg.dispatcher, d.cfg.q_depth);
	ret = pidfile_write(d.pid_fd);
	if (ret)
		log_msg(LOG_WARNING, "cannot write %s: %s", d.pid_path,
			strerror(-ret));
	/* Written once registered, ahead of the first records. */
	if (daemon_event(&d, DAEMON_START, "start", NULL))
		goto out_log;
	note_damage(&d);
	log_msg(LOG_INFO, "resolved family %s (id %d)",
		AUDITLITE_FAMILY_NAME, d.nl.family);

	sfd = open_signalfd();
	if (sfd < 0 || setup_socket(&d))
		goto out_log;
	/* After daemon(): a thread does not survive a fork. */
	ret = writer_flusher_start(&d.w);
	if (ret) {
		log_msg(LOG_ERR, "cannot start the flush thread: %s",
			strerror(-ret));
		goto out_log;
	}
	msg = alnl_msg(&d.nl, AUDITLITE_CMD_REGISTER);
	if (!msg || send_msg(&d, msg, true, &d.register_seq))
		goto out_log;

	d.exit_code = -1;
	run(&d, sfd);
	leave(&d);
	dispatcher_stop(&d.disp, DISPATCHER_DRAIN_MS);
	if (!d.exit_code)
		log_msg(LOG_INFO, "exiting");
out_log:
	writer_free(&d.w);
	logfile_close(&d.w.log);
	if (d.key_fd >= 0)
		close(d.key_fd);
	sodium_memzero(&d.key, sizeof(d.key));
	if (sfd >= 0)
		close(sfd);
	receive_free(&d.rx);
out_close:
	alnl_close(&d.nl);
out_pid:
	pidfile_remove(d.pid_path, d.pid_fd);
	return d.exit_code;
}

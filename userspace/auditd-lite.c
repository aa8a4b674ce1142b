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
 * A batch is written with one write(), synced as flush says, and only then
 * acked; the next batch is not read before that has succeeded, so that
 * what is written but not acked is always within one batch (see dedup.h)
 * and a disk that fails leaves the records waiting in the kernel. The log
 * is rotated only between batches, once all it holds is acked.
 *
 * Suspended (by an action, for space or a failing disk), the daemon reads
 * and writes nothing: records wait in the kernel, in its backlog, until it
 * resumes by SIGUSR2 or, if it waits for space, once the space is back.
 */

#define _GNU_SOURCE		/* sync_file_range() */
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
#include <sys/signalfd.h>
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
#include "records.h"
#include "util.h"

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

/* Why the daemon is suspended, named in its messages and records. */
enum suspend_reason {
	SUSPEND_NONE,
	SUSPEND_SPACE,		/* space_limit; resumes when space is back */
	SUSPEND_LOG_SIZE,	/* max_log_file; resumes on rotation */
	SUSPEND_DISK_FULL,	/* resumes when space is back */
	SUSPEND_DISK_ERROR,
};

static const char *const suspend_names[] = {
	[SUSPEND_SPACE] = "space_limit",
	[SUSPEND_LOG_SIZE] = "max_log_file",
	[SUSPEND_DISK_FULL] = "disk_full",
	[SUSPEND_DISK_ERROR] = "disk_error",
};

struct daemon {
	struct config cfg;
	const char *config_path;	/* NULL: the default, optional */
	const char *pid_path;
	int pid_fd;
	struct alnl nl;
	struct nl_cb *cb;		/* of the socket once registering */
	struct logfile log;
	struct dedup dedup;
	struct records batch;		/* the batch being received */
	struct outbuf out;		/* lines not yet written */
	struct dispatcher disp;		/* gets the lines once written */
	unsigned int out_lines;		/* in out */
	unsigned int unsynced;		/* lines written since the last sync */
	bool ack_owed;			/* ack_serial once out is committed */
	uint64_t ack_serial;
	bool failing;			/* the last write or sync failed */
	enum suspend_reason suspended;
	bool space_low;			/* below space_limit, action taken */
	unsigned int unchecked;		/* records since the space check */
	long long space_check_at;	/* ms, CLOCK_MONOTONIC */
	bool size_noted;		/* max_log_file_action taken */
	bool rotate_due;		/* once all is acked */
	bool registered;
	bool leaving;			/* UNREGISTER sent */
	bool unregistered;		/* and answered */
	uint32_t register_seq;
	uint32_t unregister_seq;
	uint32_t set_seq;		/* of the last SET sent on reload */
	int exit_code;			/* -1 while running */
	unsigned long refused;		/* messages not from the kernel */
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
 * Queue one of the daemon's own records, serial 0, for the log; @detail,
 * if not NULL, is more "key=value" text.
 */
static int daemon_event(struct daemon *d, uint32_t type, const char *op,
			const char *detail)
{
	struct logfmt_record rec = { .type = type };
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
	err = outbuf_add(&d->out, &rec);
	if (err)
		log_msg(LOG_ERR, "cannot log op=%s: %s", op, strerror(-err));
	else
		d->out_lines++;
	return err;
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

static int send_ack(struct daemon *d)
{
	struct nl_msg *msg;

	msg = alnl_msg(&d->nl, AUDITLITE_CMD_ACK);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u64(msg, AUDITLITE_A_ACK_SERIAL, d->ack_serial)) {
		log_msg(LOG_ERR, "cannot build netlink message");
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return send_msg(d, msg, false, NULL);
}

static bool durable(const struct daemon *d)
{
	return d->cfg.flush == CONFIG_FLUSH_DATA ||
	       d->cfg.flush == CONFIG_FLUSH_SYNC;
}

static bool sync_due(const struct daemon *d)
{
	switch (d->cfg.flush) {
	case CONFIG_FLUSH_NONE:
		return false;
	case CONFIG_FLUSH_INCREMENTAL:
	case CONFIG_FLUSH_INCREMENTAL_ASYNC:
		/* freq 0 would never sync: take it as 1. */
		return d->unsynced >= (d->cfg.freq ? d->cfg.freq : 1);
	default:
		return d->unsynced > 0;
	}
}

/*
 * Sync the log as flush says. incremental_async, as auditd's, does not
 * wait: it starts the writeback of what is written and goes on, leaving
 * the file's size and the disk's cache to the filesystem's own commits.
 */
static int sync_log(const struct daemon *d)
{
	int fd = d->log.fd;
	int ret;

	switch (d->cfg.flush) {
	case CONFIG_FLUSH_SYNC:
		ret = fsync(fd);
		break;
	case CONFIG_FLUSH_INCREMENTAL_ASYNC:
		ret = sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
		break;
	default:
		ret = fdatasync(fd);
		break;
	}
	return ret ? -errno : 0;
}

/* Something is written, synced or acked only in part: do not read more. */
static bool busy(const struct daemon *d)
{
	return d->registered &&
	       (d->out.len || d->ack_owed || (durable(d) && d->unsynced));
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
	}
}

static void commit(struct daemon *d);

/* Do what @act says, because of @why; @reason if it suspends. */
static void take_action(struct daemon *d, const struct config_action *act,
			enum suspend_reason reason, const char *why)
{
	static char *const halt[] = { "/sbin/shutdown", "-h", "now", NULL };
	char *exec[] = { (char *)act->exec, NULL };

	if (act->kind == CONFIG_ACTION_IGNORE)
		return;
	log_msg(LOG_ALERT, "%s", why);
	switch (act->kind) {
	case CONFIG_ACTION_SUSPEND:
		log_msg(LOG_ALERT, "suspended (%s): records wait in the "
			"kernel until resumed", suspend_names[reason]);
		/*
		 * Said in the log too, while it can still be written; after a
		 * failed write the resume record says it.
		 */
		if (reason == SUSPEND_SPACE || reason == SUSPEND_LOG_SIZE) {
			char detail[32];

			snprintf(detail, sizeof(detail), "reason=%s",
				 suspend_names[reason]);
			if (!daemon_event(d, DAEMON_ERR, "suspend", detail))
				commit(d);
		}
		d->suspended = reason;
		break;
	case CONFIG_ACTION_ROTATE:
	case CONFIG_ACTION_KEEP_LOGS:
		d->rotate_due = true;
		break;
	case CONFIG_ACTION_EXEC:
		child_spawn(exec, -1);
		break;
	case CONFIG_ACTION_HALT:
		child_spawn(halt, -1);
		break;
	default:
		break;
	}
}

/* Go on reading and writing, saying why in the log and its own record. */
static void resume(struct daemon *d, const char *why)
{
	char detail[64];

	if (!d->suspended)
		return;
	snprintf(detail, sizeof(detail), "suspended=%s resumed_by=%s",
		 suspend_names[d->suspended], why);
	log_msg(LOG_NOTICE, "resumed (%s)", detail);
	d->suspended = SUSPEND_NONE;
	daemon_event(d, DAEMON_RESUME, "resume", detail);
}

/*
 * The auditsvc(2) limit: below space_limit percent free, the action once,
 * again only after the space has been back above it. A daemon suspended
 * for space resumes once it is back and, if a write found the disk full,
 * there is room for what waits.
 */
static void check_space(struct daemon *d)
{
	struct logfile_space sp;

	d->unchecked = 0;
	d->space_check_at = now_ms() + SPACE_CHECK_MS;
	if (logfile_space(&d->log, d->cfg.space_limit, &sp))
		return;

	if (sp.low && !d->space_low) {
		char why[PATH_MAX + 128];

		snprintf(why, sizeof(why),
			 "%llu%% of the filesystem of %s is free, less than "
			 "space_limit %u%%", sp.avail * 100 / sp.total,
			 d->log.path, d->cfg.space_limit);
		d->space_low = true;
		take_action(d, &d->cfg.space_limit_action, SUSPEND_SPACE, why);
	} else if (!sp.low && d->space_low) {
		log_msg(LOG_NOTICE, "free space on the filesystem of %s is "
			"back above space_limit", d->log.path);
		d->space_low = false;
	}
	if (!sp.low && (d->suspended == SUSPEND_SPACE ||
			(d->suspended == SUSPEND_DISK_FULL &&
			 sp.avail > d->out.len - d->out.done)))
		resume(d, "space");
}

/* max_log_file: the action once per log. */
static void check_size(struct daemon *d)
{
	char why[PATH_MAX + 64];

	if (!d->cfg.max_log_file || d->size_noted ||
	    d->log.whole < (off_t)d->cfg.max_log_file << 20)
		return;
	snprintf(why, sizeof(why), "%s has reached max_log_file, %u MiB",
		 d->log.path, d->cfg.max_log_file);
	d->size_noted = true;
	take_action(d, &d->cfg.max_log_file_action, SUSPEND_LOG_SIZE, why);
}

/* A write or sync failed: what disk_full_action or disk_error_action say. */
static void disk_trouble(struct daemon *d, const char *failed, int err)
{
	bool full = err == -ENOSPC || err == -EDQUOT;
	char why[PATH_MAX + 128];

	snprintf(why, sizeof(why),
		 "cannot %s %s: %s; records stay unacked, in the kernel",
		 failed, d->log.path, strerror(-err));
	take_action(d, full ? &d->cfg.disk_full_action :
			      &d->cfg.disk_error_action,
		    full ? SUSPEND_DISK_FULL : SUSPEND_DISK_ERROR, why);
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
			d->cfg.num_logs, d->log.path);
		return;
	}
	if (logfile_rotate(&d->log, keep_all ? 0 : d->cfg.num_logs - 1))
		return;
	log_msg(LOG_NOTICE, "rotated %s", d->log.path);
	d->size_noted = false;
	daemon_event(d, DAEMON_ROTATE, "rotate", NULL);
	if (d->suspended == SUSPEND_LOG_SIZE)
		resume(d, "rotation");
}

/*
 * Cut what a crash left half written (only now that we are the daemon),
 * write what is formatted, sync it as flush asks, then ack: each step once
 * the one before has succeeded, all retried from where they stopped until
 * they have (busy() holds the next batch back meanwhile). After flush none
 * or incremental(_async) an ack means "in the page cache", after data or
 * sync "on disk"; incremental only bounds how much the page cache holds.
 */
static void commit(struct daemon *d)
{
	unsigned int lines = d->out_lines;
	size_t len = d->out.len;
	const char *failed = NULL;
	int err;

	if (d->suspended)
		return;
	err = logfile_cut_torn(&d->log);
	if (err) {
		failed = "cut the torn end of";
		goto out;
	}
	err = logfile_write(&d->log, &d->out);
	if (err) {
		failed = "write to";
		goto out;
	}
	/* Written, the lines are still in the buffer, now empty. */
	dispatcher_queue(&d->disp, d->out.data, len);
	d->unsynced += lines;
	d->unchecked += lines;
	d->out_lines = 0;

	if (sync_due(d)) {
		err = sync_log(d);
		if (err) {
			failed = "sync";
			if (durable(d))
				goto out;
		} else {
			d->unsynced = 0;
		}
	}

	if (d->ack_owed && !send_ack(d))
		d->ack_owed = false;
out:
	/* Once per failing spell, not once per retry. */
	if (failed && !d->failing)
		disk_trouble(d, failed, err);
	else if (!failed && d->failing)
		log_msg(LOG_NOTICE, "%s is written again", d->log.path);
	d->failing = failed != NULL;
	if (failed)
		return;
	check_size(d);
	if (d->unchecked >= SPACE_CHECK_RECORDS)
		check_space(d);
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

static int records_handler(struct nl_msg *msg, void *arg)
{
	struct daemon *d = arg;
	struct records *b = &d->batch;
	size_t drop, i;
	int err;

	/* Only the kernel hands in records: port id 0, the family's type. */
	if (nlmsg_get_src(msg)->nl_pid ||
	    nlmsg_hdr(msg)->nlmsg_type != d->nl.family) {
		d->refused++;
		log_msg(LOG_WARNING, "refused a message from port %u (type %u): only the kernel sends records; %lu refused in all",
			nlmsg_get_src(msg)->nl_pid, nlmsg_hdr(msg)->nlmsg_type,
			d->refused);
		return NL_SKIP;
	}
	/* After UNREGISTER they are the next daemon's: it gets them again. */
	if (d->leaving)
		return NL_SKIP;

	err = records_parse(b, nlmsg_hdr(msg));
	if (err) {
		log_msg(LOG_ERR, "ignoring a batch of records: %s",
			strerror(-err));
		return NL_SKIP;
	}
	/* They come only to the daemon, maybe before REGISTER's answer. */
	set_registered(d);

	drop = dedup_batch(&d->dedup, b->rec, b->n);
	if (drop)
		log_msg(LOG_INFO, "dropped %zu records %s already holds",
			drop, d->log.path);
	for (i = drop; i < b->n; i++) {
		err = outbuf_add(&d->out, &b->rec[i]);
		if (err) {
			/* Unacked, they wait in the kernel for a restart. */
			log_msg(LOG_ERR, "cannot format records: %s",
				strerror(-err));
			d->exit_code = 1;
			return NL_STOP;
		}
	}
	d->out_lines += b->n - drop;
	/* Duplicates are acked too, so that the kernel frees them. */
	d->ack_serial = b->rec[b->n - 1].serial;
	d->ack_owed = true;
	return NL_OK;
}

static int ack_handler(struct nl_msg *msg, void *arg)
{
	uint32_t seq = nlmsg_hdr(msg)->nlmsg_seq;
	struct daemon *d = arg;

	if (seq == d->register_seq) {
		set_registered(d);
	} else if (seq == d->unregister_seq) {
		d->unregistered = true;
	}
	return NL_OK;
}

static int error_handler(struct sockaddr_nl *nla, struct nlmsgerr *err,
			 void *arg)
{
	uint32_t seq = err->msg.nlmsg_seq;
	struct daemon *d = arg;
	const char *what;

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
	return NL_SKIP;
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

	d->cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!d->cb) {
		log_msg(LOG_ERR, "cannot allocate netlink callbacks");
		return -ENOMEM;
	}
	nl_cb_set(d->cb, NL_CB_VALID, NL_CB_CUSTOM, records_handler, d);
	nl_cb_set(d->cb, NL_CB_ACK, NL_CB_CUSTOM, ack_handler, d);
	nl_cb_err(d->cb, NL_CB_CUSTOM, error_handler, d);
	nl_socket_set_cb(sk, d->cb);
	nl_socket_disable_seq_check(sk);
	nl_socket_disable_auto_ack(sk);
	/* Batches are larger than the page libnl reads into by default. */
	nl_socket_enable_msg_peek(sk);

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
		commit(d);
		if (busy(d)) {
			log_msg(LOG_ERR, "cannot leave %s while it fails; "
				"keeping the old configuration", d->log.path);
			return;
		}
		if (logfile_open(&log, cfg.log_file, config_log_gid(&cfg),
				 &unused)) {
			log_msg(LOG_ERR, "keeping the old configuration");
			return;
		}
		logfile_close(&d->log);
		d->log = log;
	}
	d->cfg = cfg;
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
		if (d->suspended)
			resume(d, "SIGUSR2");
		else
			log_msg(LOG_NOTICE, "SIGUSR2: not suspended");
		break;
	case SIGCHLD:
		reap(d);
		break;
	}
}

static void run(struct daemon *d, int sfd)
{
	struct pollfd pfd[] = {
		{ .fd = nl_socket_get_fd(d->nl.sk) },
		{ .fd = sfd, .events = POLLIN },
		{ .fd = -1 },
	};

	d->space_check_at = now_ms();
	while (d->exit_code < 0) {
		long long timeout = d->space_check_at - now_ms();
		long long disp_timeout = dispatcher_timeout(&d->disp);
		bool retry;

		if (timeout <= 0) {
			check_space(d);
			timeout = SPACE_CHECK_MS;
		}
		/* Nothing more is read until what came is written and acked. */
		retry = busy(d) && !d->suspended;
		if (retry && timeout > RETRY_MS)
			timeout = RETRY_MS;
		if (disp_timeout >= 0 && timeout > disp_timeout)
			timeout = disp_timeout;
		pfd[0].events = busy(d) || d->suspended ? 0 : POLLIN;
		pfd[2].fd = d->disp.fd;
		pfd[2].events = dispatcher_events(&d->disp);
		if (poll(pfd, ARRAY_SIZE(pfd), timeout) < 0) {
			if (errno == EINTR)
				continue;
			log_msg(LOG_ERR, "poll: %s", strerror(errno));
			d->exit_code = 1;
			break;
		}

		if (pfd[0].revents & POLLIN) {
			int err = nl_recvmsgs_report(d->nl.sk, d->cb);

			if (err < 0)
				log_msg(LOG_WARNING, "netlink receive: %s",
					nl_geterror(err));
		}
		if (pfd[1].revents & POLLIN)
			handle_signal(d, sfd);
		if (d->registered) {
			commit(d);
			if (d->rotate_due && !busy(d)) {
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
	d->leaving = true;
	if (send_msg(d, msg, true, &d->unregister_seq))
		return;
	while (!d->unregistered && nl_recvmsgs_report(d->nl.sk, d->cb) > 0)
		;
	if (!d->unregistered)
		log_msg(LOG_WARNING, "no answer to unregistering");
}

/* Write and ack what we have, say so in the log, and stop receiving. */
static void leave(struct daemon *d)
{
	if (!d->registered)
		return;
	daemon_event(d, DAEMON_END, "stop", NULL);
	commit(d);
	if (busy(d))
		log_msg(LOG_ERR, "records stay unacked: the kernel keeps them");
	unregister(d);
}

int main(int argc, char **argv)
{
	struct daemon d = {
		.pid_path = PIDFILE_DEFAULT,
		.pid_fd = -1,
		.exit_code = -1,
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
	if (logfile_open(&d.log, d.cfg.log_file, config_log_gid(&d.cfg),
			 &d.dedup))
		goto out_close;

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
	log_msg(LOG_INFO, "resolved family %s (id %d)",
		AUDITLITE_FAMILY_NAME, d.nl.family);

	sfd = open_signalfd();
	if (sfd < 0 || setup_socket(&d))
		goto out_log;
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
	logfile_close(&d.log);
	if (sfd >= 0)
		close(sfd);
	records_free(&d.batch);
	outbuf_free(&d.out);
out_close:
	alnl_close(&d.nl);
	nl_cb_put(d.cb);
out_pid:
	pidfile_remove(d.pid_path, d.pid_fd);
	return d.exit_code;
}

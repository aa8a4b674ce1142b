/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: auditd-lite's configuration, an auditd.conf style
 * file of "key = value" lines.
 *
 * Blank lines and lines whose first non-blank character is '#' are
 * skipped; there are no comments after a value, since '#' may be part of
 * a path. Blanks around the key and the value are ignored. Keys and
 * keywords are matched regardless of case, as auditd does. A key missing
 * from the file keeps its default; one given twice takes the last value.
 */

#ifndef AUDITLITE_CONFIG_H
#define AUDITLITE_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define CONFIG_DEFAULT_FILE	"/etc/auditlite/auditd-lite.conf"

/* A command line (dispatcher) has at most this many words. */
#define CONFIG_COMMAND_WORDS	32

enum config_flush {
	CONFIG_FLUSH_NONE,
	CONFIG_FLUSH_INCREMENTAL,
	CONFIG_FLUSH_INCREMENTAL_ASYNC,
	CONFIG_FLUSH_DATA,
	CONFIG_FLUSH_SYNC,
};

/* Whether the log is sealed (seal.h). */
enum config_seal {
	CONFIG_SEAL_AUTO,	/* if the key file exists */
	CONFIG_SEAL_YES,	/* the key file must exist */
	CONFIG_SEAL_NO,
};

enum config_action_kind {
	CONFIG_ACTION_IGNORE,
	CONFIG_ACTION_SYSLOG,
	CONFIG_ACTION_SUSPEND,
	CONFIG_ACTION_ROTATE,
	CONFIG_ACTION_KEEP_LOGS,
	CONFIG_ACTION_HALT,
	CONFIG_ACTION_SWITCH,
	CONFIG_ACTION_EXEC,
};

/* Directories the log may go on in (log_dir lines), in order. */
#define CONFIG_DIRS	8

struct config_dirs {
	unsigned int n;
	char dir[CONFIG_DIRS][PATH_MAX];
};

struct config_action {
	enum config_action_kind kind;
	char exec[PATH_MAX];	/* absolute path, for CONFIG_ACTION_EXEC */
};

/* A kernel setting, pushed at start only if the file sets it. */
struct config_knob {
	bool set;
	uint32_t value;
};

struct config {
	char log_file[PATH_MAX];		/* absolute path */
	char log_group[64];			/* name or gid, "" for none */
	enum config_flush flush;
	unsigned int freq;			/* records between flushes */
	unsigned int priority_boost;		/* nice decrement, 0 to 20 */
	unsigned int max_log_file;		/* MiB */
	struct config_action max_log_file_action;
	unsigned int num_logs;			/* 0 to 999 */
	struct config_dirs log_dir;		/* for switch, in order */
	unsigned int space_left;		/* percent free: a warning */
	struct config_action space_left_action;
	unsigned int space_limit;		/* percent free, 0 to 100 */
	struct config_action space_limit_action;
	struct config_action disk_full_action;
	struct config_action disk_error_action;
	struct config_knob backlog_limit;	/* records */
	struct config_knob backlog_wait_time;	/* ms */
	struct config_knob failure;		/* AUDITLITE_FAIL_* */
	struct config_knob rate_limit;		/* records per second */
	char dispatcher[PATH_MAX];		/* command line, "" for none */
	unsigned int q_depth;			/* dispatcher's queue, lines */
	enum config_seal seal;
	char seal_key_file[PATH_MAX];		/* absolute path */
	unsigned int seal_interval;		/* s: an epoch at most */
};

void config_init(struct config *cfg);
int config_parse(struct config *cfg, FILE *f, const char *name,
		 char *err, size_t errlen);
int config_load(struct config *cfg, const char *path,
		char *err, size_t errlen);
gid_t config_log_gid(const struct config *cfg);

#endif /* AUDITLITE_CONFIG_H */

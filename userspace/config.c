// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: auditd-lite's configuration file; the syntax is
 * described in config.h.
 */

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uapi/auditlite.h>

#include "config.h"
#include "util.h"

enum config_type {
	CONFIG_T_PATH,		/* absolute path */
	CONFIG_T_COMMAND,	/* absolute path and its arguments */
	CONFIG_T_GROUP,		/* group name or id: one word */
	CONFIG_T_UINT,		/* unsigned int from min to max */
	CONFIG_T_KNOB,		/* struct config_knob, up to max */
	CONFIG_T_FLUSH,		/* enum config_flush */
	CONFIG_T_ACTION,	/* struct config_action, one of actions */
	CONFIG_T_DIRS,		/* struct config_dirs: one more, each time */
	CONFIG_T_SEAL,		/* enum config_seal */
};

struct config_key {
	const char *name;
	enum config_type type;
	size_t offset;		/* of the field in struct config */
	size_t size;		/* of the field */
	unsigned long min;	/* CONFIG_T_UINT */
	unsigned long max;	/* CONFIG_T_UINT, CONFIG_T_KNOB */
	unsigned int actions;	/* CONFIG_T_ACTION: BIT(CONFIG_ACTION_*) */
};

#define BIT(n)	(1U << (n))

/* Each key is named after its field of struct config. */
#define CONFIG_KEY(field, t, ...)					\
	{								\
		.name = #field,						\
		.type = t,						\
		.offset = offsetof(struct config, field),		\
		.size = sizeof(((struct config *)0)->field),		\
		__VA_ARGS__						\
	}

/* What can be done when the disk is full or failing. */
#define CONFIG_DISK_ACTIONS						\
	(BIT(CONFIG_ACTION_IGNORE) | BIT(CONFIG_ACTION_SYSLOG) |	\
	 BIT(CONFIG_ACTION_SUSPEND) | BIT(CONFIG_ACTION_HALT) |		\
	 BIT(CONFIG_ACTION_EXEC))

static const struct config_key config_keys[] = {
	CONFIG_KEY(log_file, CONFIG_T_PATH),
	CONFIG_KEY(log_group, CONFIG_T_GROUP),
	CONFIG_KEY(flush, CONFIG_T_FLUSH),
	CONFIG_KEY(freq, CONFIG_T_UINT, .max = UINT_MAX),
	CONFIG_KEY(priority_boost, CONFIG_T_UINT, .max = 20),
	CONFIG_KEY(max_log_file, CONFIG_T_UINT, .max = UINT_MAX),
	CONFIG_KEY(max_log_file_action, CONFIG_T_ACTION,
		   .actions = BIT(CONFIG_ACTION_IGNORE) |
			      BIT(CONFIG_ACTION_SYSLOG) |
			      BIT(CONFIG_ACTION_SUSPEND) |
			      BIT(CONFIG_ACTION_ROTATE) |
			      BIT(CONFIG_ACTION_KEEP_LOGS)),
	CONFIG_KEY(num_logs, CONFIG_T_UINT, .max = 999),
	CONFIG_KEY(log_dir, CONFIG_T_DIRS),
	CONFIG_KEY(space_left, CONFIG_T_UINT, .max = 100),
	CONFIG_KEY(space_left_action, CONFIG_T_ACTION,
		   .actions = BIT(CONFIG_ACTION_IGNORE) |
			      BIT(CONFIG_ACTION_SYSLOG) |
			      BIT(CONFIG_ACTION_ROTATE) |
			      BIT(CONFIG_ACTION_EXEC)),
	CONFIG_KEY(space_limit, CONFIG_T_UINT, .max = 100),
	CONFIG_KEY(space_limit_action, CONFIG_T_ACTION,
		   .actions = BIT(CONFIG_ACTION_SYSLOG) |
			      BIT(CONFIG_ACTION_SUSPEND) |
			      BIT(CONFIG_ACTION_ROTATE) |
			      BIT(CONFIG_ACTION_HALT) |
			      BIT(CONFIG_ACTION_SWITCH) |
			      BIT(CONFIG_ACTION_EXEC)),
	CONFIG_KEY(disk_full_action, CONFIG_T_ACTION,
		   .actions = CONFIG_DISK_ACTIONS),
	CONFIG_KEY(disk_error_action, CONFIG_T_ACTION,
		   .actions = CONFIG_DISK_ACTIONS),
	CONFIG_KEY(backlog_limit, CONFIG_T_KNOB, .max = UINT32_MAX),
	CONFIG_KEY(backlog_wait_time, CONFIG_T_KNOB,
		   .max = AUDITLITE_BACKLOG_WAIT_TIME_MAX),
	CONFIG_KEY(failure, CONFIG_T_KNOB, .max = 2),
	CONFIG_KEY(rate_limit, CONFIG_T_KNOB, .max = UINT32_MAX),
	CONFIG_KEY(dispatcher, CONFIG_T_COMMAND),
	CONFIG_KEY(q_depth, CONFIG_T_UINT, .min = 1, .max = 10000000),
	CONFIG_KEY(seal, CONFIG_T_SEAL),
	CONFIG_KEY(seal_key_file, CONFIG_T_PATH),
	CONFIG_KEY(seal_interval, CONFIG_T_UINT, .min = 1, .max = 604800),
};

/* Indexed by enum config_flush. */
static const char *const config_flush_names[] = {
	"none", "incremental", "incremental_async", "data", "sync",
};

/* Indexed by enum config_seal. */
static const char *const config_seal_names[] = {
	"auto", "yes", "no",
};

/* Indexed by enum config_action_kind. */
static const char *const config_action_names[] = {
	"ignore", "syslog", "suspend", "rotate", "keep_logs", "halt", "switch",
	"exec",
};

void config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	strcpy(cfg->log_file, "/var/log/auditlite/audit.log");
	cfg->flush = CONFIG_FLUSH_INCREMENTAL;
	cfg->freq = 50;
	cfg->priority_boost = 4;
	cfg->max_log_file = 8;
	cfg->max_log_file_action.kind = CONFIG_ACTION_ROTATE;
	cfg->num_logs = 5;
	cfg->space_left_action.kind = CONFIG_ACTION_SYSLOG;
	cfg->space_limit = 10;
	cfg->space_limit_action.kind = CONFIG_ACTION_SUSPEND;
	cfg->disk_full_action.kind = CONFIG_ACTION_SUSPEND;
	cfg->disk_error_action.kind = CONFIG_ACTION_SYSLOG;
	cfg->q_depth = 2000;
	strcpy(cfg->seal_key_file, "/var/lib/auditlite/seal.key");
	cfg->seal_interval = 900;
}

static char *config_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	return s;
}

static bool config_uint(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	/* strtoul() would take blanks, a sign and an empty string. */
	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return !errno && !*end && *v <= max;
}

static bool config_string(char *field, size_t size, const char *s)
{
	if (strlen(s) >= size)
		return false;
	strcpy(field, s);
	return true;
}

/* A group name known to the system, or a number taken as it is. */
static bool config_group(char *field, size_t size, const char *s)
{
	unsigned long v;

	if (!*s || s[strcspn(s, " \t")])
		return false;
	if (!config_uint(s, (gid_t)-2, &v) && !getgrnam(s))
		return false;
	return config_string(field, size, s);
}

/**
 * config_log_gid - the group of log_group
 * @cfg: a configuration config_parse() accepted
 *
 * Returns the group id, or (gid_t)-1 if there is no log_group or its
 * name has gone from the system since.
 */
gid_t config_log_gid(const struct config *cfg)
{
	const struct group *gr;
	unsigned long v;

	if (!cfg->log_group[0])
		return (gid_t)-1;
	if (config_uint(cfg->log_group, (gid_t)-2, &v))
		return v;
	gr = getgrnam(cfg->log_group);
	return gr ? gr->gr_gid : (gid_t)-1;
}

static bool config_path(char *field, size_t size, const char *s)
{
	return s[0] == '/' && config_string(field, size, s);
}

/* A path and its arguments, blank separated, no more than can be run. */
static bool config_command(char *field, size_t size, const char *s)
{
	const char *p = s;
	size_t words = 0;

	while (*p) {
		p += strcspn(p, " \t");
		p += strspn(p, " \t");
		words++;
	}
	return words <= CONFIG_COMMAND_WORDS && config_path(field, size, s);
}

/* Index of the @len bytes at @word among @n @names allowed, or -1. */
static int config_keyword(const char *word, size_t len,
			  const char *const *names, size_t n,
			  unsigned int allowed)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((allowed & BIT(i)) && strlen(names[i]) == len &&
		    !strncasecmp(word, names[i], len))
			return i;
	return -1;
}

/* "exec" takes the rest of the value as its path. */
static bool config_action(struct config_action *act, unsigned int allowed,
			  const char *s)
{
	size_t len = strcspn(s, " \t");
	const char *arg = s + len + strspn(s + len, " \t");
	int kind;

	kind = config_keyword(s, len, config_action_names,
			      ARRAY_SIZE(config_action_names), allowed);
	if (kind < 0)
		return false;
	if (kind == CONFIG_ACTION_EXEC) {
		if (!config_path(act->exec, sizeof(act->exec), arg))
			return false;
	} else if (*arg) {
		return false;
	}
	act->kind = kind;
	return true;
}

/* One more directory for the log, an absolute path, at most CONFIG_DIRS. */
static bool config_dir(struct config_dirs *dirs, const char *value)
{
	if (dirs->n == CONFIG_DIRS ||
	    !config_path(dirs->dir[dirs->n], sizeof(dirs->dir[0]), value))
		return false;
	dirs->n++;
	return true;
}

static bool config_set(struct config *cfg, const struct config_key *key,
		       const char *value)
{
	void *field = (char *)cfg + key->offset;
	struct config_knob *knob = field;
	unsigned long v;
	int flush, seal;

	switch (key->type) {
	case CONFIG_T_PATH:
		return config_path(field, key->size, value);
	case CONFIG_T_COMMAND:
		return config_command(field, key->size, value);
	case CONFIG_T_GROUP:
		return config_group(field, key->size, value);
	case CONFIG_T_UINT:
		if (!config_uint(value, key->max, &v) || v < key->min)
			return false;
		*(unsigned int *)field = v;
		return true;
	case CONFIG_T_KNOB:
		if (!config_uint(value, key->max, &v))
			return false;
		knob->set = true;
		knob->value = v;
		return true;
	case CONFIG_T_FLUSH:
		flush = config_keyword(value, strlen(value), config_flush_names,
				       ARRAY_SIZE(config_flush_names), ~0U);
		if (flush < 0)
			return false;
		*(enum config_flush *)field = flush;
		return true;
	case CONFIG_T_ACTION:
		return config_action(field, key->actions, value);
	case CONFIG_T_DIRS:
		return config_dir(field, value);
	case CONFIG_T_SEAL:
		seal = config_keyword(value, strlen(value), config_seal_names,
				      ARRAY_SIZE(config_seal_names), ~0U);
		if (seal < 0)
			return false;
		*(enum config_seal *)field = seal;
		return true;
	}
	return false;
}

/* "one of a, b, c" for the @allowed among @n @names. */
static void config_words(char *buf, size_t size, const char *const *names,
			 size_t n, unsigned int allowed)
{
	size_t len = 0;
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < n && len < size; i++)
		if (allowed & BIT(i))
			len += snprintf(buf + len, size - len, "%s%s",
					len ? ", " : "one of ", names[i]);
}

/* What config_set() accepts for @key, for the error message. */
static void config_expected(const struct config_key *key, char *buf,
			    size_t size)
{
	switch (key->type) {
	case CONFIG_T_PATH:
		snprintf(buf, size, "an absolute path");
		break;
	case CONFIG_T_COMMAND:
		snprintf(buf, size, "an absolute path and at most %d "
			 "arguments", CONFIG_COMMAND_WORDS - 1);
		break;
	case CONFIG_T_GROUP:
		snprintf(buf, size, "a group name or id");
		break;
	case CONFIG_T_UINT:
	case CONFIG_T_KNOB:
		snprintf(buf, size, "a number from %lu to %lu", key->min,
			 key->max);
		break;
	case CONFIG_T_FLUSH:
		config_words(buf, size, config_flush_names,
			     ARRAY_SIZE(config_flush_names), ~0U);
		break;
	case CONFIG_T_ACTION:
		config_words(buf, size, config_action_names,
			     ARRAY_SIZE(config_action_names), key->actions);
		/* exec comes last in the list, followed by its path. */
		if (key->actions & BIT(CONFIG_ACTION_EXEC))
			strncat(buf, " PATH", size - strlen(buf) - 1);
		break;
	case CONFIG_T_DIRS:
		snprintf(buf, size, "an absolute path, at most %d of them",
			 CONFIG_DIRS);
		break;
	case CONFIG_T_SEAL:
		config_words(buf, size, config_seal_names,
			     ARRAY_SIZE(config_seal_names), ~0U);
		break;
	}
}

static bool __attribute__((format(printf, 3, 4)))
config_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return false;
}

/* One line, @s, already trimmed and neither blank nor a comment. */
static bool config_line(struct config *cfg, char *s, const char *name,
			unsigned int lineno, char *err, size_t errlen)
{
	char expected[128];
	char *eq = strchr(s, '=');
	char *key, *value;
	size_t i;

	if (!eq)
		return config_error(err, errlen, "%s:%u: %s: missing '='",
				    name, lineno, s);
	*eq = '\0';
	key = config_trim(s);
	if (!*key)
		return config_error(err, errlen,
				    "%s:%u: missing key before '='",
				    name, lineno);
	value = config_trim(eq + 1);

	for (i = 0; i < ARRAY_SIZE(config_keys); i++) {
		if (strcasecmp(key, config_keys[i].name))
			continue;
		if (config_set(cfg, &config_keys[i], value))
			return true;
		config_expected(&config_keys[i], expected, sizeof(expected));
		return config_error(err, errlen,
				    "%s:%u: %s: bad value '%s', expected %s",
				    name, lineno, key, value, expected);
	}
	return config_error(err, errlen, "%s:%u: %s: unknown key",
			    name, lineno, key);
}

/* What no single line can tell: keys that must agree. */
static bool config_consistent(const struct config *cfg, const char *name,
			      char *err, size_t errlen)
{
	if (cfg->space_left && cfg->space_left <= cfg->space_limit)
		return config_error(err, errlen, "%s: space_left %u must be "
				    "above space_limit %u", name,
				    cfg->space_left, cfg->space_limit);
	if (cfg->space_limit_action.kind == CONFIG_ACTION_SWITCH &&
	    !cfg->log_dir.n)
		return config_error(err, errlen, "%s: space_limit_action "
				    "switch needs a log_dir", name);
	return true;
}

/**
 * config_parse - read a configuration
 * @cfg: replaced by the file's settings, over the defaults, on success only
 * @f: the file
 * @name: of the file, for error messages
 * @err: on failure, the reason, naming the file, line and key
 * @errlen: size of @err
 *
 * Returns 0, or -EINVAL for a bad line or -EIO for a read error.
 */
int config_parse(struct config *cfg, FILE *f, const char *name,
		 char *err, size_t errlen)
{
	unsigned int lineno = 0;
	struct config tmp;
	size_t cap = 0;
	char *line = NULL;
	int ret = 0;

	config_init(&tmp);
	while (getline(&line, &cap, f) >= 0) {
		char *s = config_trim(line);

		lineno++;
		if (!*s || *s == '#')
			continue;
		if (!config_line(&tmp, s, name, lineno, err, errlen)) {
			ret = -EINVAL;
			break;
		}
	}
	if (!ret && ferror(f)) {
		config_error(err, errlen, "%s: %s", name, strerror(errno));
		ret = -EIO;
	}
	if (!ret && !config_consistent(&tmp, name, err, errlen))
		ret = -EINVAL;
	free(line);
	if (!ret)
		*cfg = tmp;
	return ret;
}

/*
 * The file names programs that run as root (exec actions, the dispatcher):
 * nobody but root may have written it.
 */
static int config_check_owner(int fd, const char *path, char *err,
			      size_t errlen)
{
	struct stat st;

	if (fstat(fd, &st)) {
		config_error(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	if (st.st_uid && st.st_uid != geteuid()) {
		config_error(err, errlen, "%s: not owned by root (uid %u): "
			     "refused", path, (unsigned int)st.st_uid);
		return -EPERM;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		config_error(err, errlen, "%s: group or others may write it "
			     "(mode %04o): refused", path,
			     (unsigned int)(st.st_mode & 07777));
		return -EPERM;
	}
	return 0;
}

/* config_parse() on the file at @path; -errno if it cannot be opened. */
int config_load(struct config *cfg, const char *path,
		char *err, size_t errlen)
{
	FILE *f;
	int ret;

	f = fopen(path, "re");
	if (!f) {
		ret = -errno;
		config_error(err, errlen, "%s: %s", path, strerror(errno));
		return ret;
	}
	ret = config_check_owner(fileno(f), path, err, errlen) ?:
	      config_parse(cfg, f, path, err, errlen);
	fclose(f);
	return ret;
}

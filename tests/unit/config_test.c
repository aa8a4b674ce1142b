// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/config.c: auditd-lite's configuration file.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "unit.h"
#include "util.h"

static struct config cfg;
static char err[512];

/* Parses @text as the file "t.conf" into cfg. */
static int parse(const char *text)
{
	FILE *f;
	int ret;

	err[0] = '\0';
	f = fmemopen((void *)text, strlen(text), "r");
	if (!f)
		return -errno;
	ret = config_parse(&cfg, f, "t.conf", err, sizeof(err));
	fclose(f);
	return ret;
}

/* @text must fail with exactly @want as its message. */
static void expect_error(const char *text, const char *want)
{
	assert_int_equal(parse(text), -EINVAL);
	assert_string_equal(err, want);
}

static void defaults_match_documentation(void **state)
{
	config_init(&cfg);
	assert_string_equal(cfg.log_file, "/var/log/auditlite/audit.log");
	assert_string_equal(cfg.log_group, "");
	assert_int_equal(cfg.flush, CONFIG_FLUSH_INCREMENTAL);
	assert_int_equal(cfg.freq, 50);
	assert_int_equal(cfg.max_log_file, 8);
	assert_int_equal(cfg.max_log_file_action.kind, CONFIG_ACTION_ROTATE);
	assert_int_equal(cfg.num_logs, 5);
	assert_int_equal(cfg.space_limit, 10);
	assert_int_equal(cfg.space_limit_action.kind, CONFIG_ACTION_SUSPEND);
	assert_int_equal(cfg.disk_full_action.kind, CONFIG_ACTION_SUSPEND);
	assert_int_equal(cfg.disk_error_action.kind, CONFIG_ACTION_SYSLOG);
	assert_false(cfg.backlog_limit.set);
	assert_false(cfg.backlog_wait_time.set);
	assert_false(cfg.failure.set);
	assert_false(cfg.rate_limit.set);
	assert_string_equal(cfg.dispatcher, "");
	assert_int_equal(cfg.q_depth, 2000);
	assert_int_equal(cfg.seal, CONFIG_SEAL_AUTO);
	assert_string_equal(cfg.seal_key_file, "/var/lib/auditlite/seal.key");
	assert_int_equal(cfg.seal_interval, 900);
	assert_int_equal(cfg.priority_boost, 4);
}

static void empty_file_gives_defaults(void **state)
{
	struct config defaults;

	config_init(&defaults);
	memset(&cfg, 0x5a, sizeof(cfg));
	assert_int_equal(parse(""), 0);
	assert_memory_equal(&cfg, &defaults, sizeof(cfg));
}

static void comments_blanks_and_whitespace_are_ignored(void **state)
{
	assert_int_equal(parse("# a comment\n"
			       "   # an indented one = with an equals sign\n"
			       "\n"
			       " \t \n"
			       "\tfreq=7\n"
			       "  num_logs \t =  9  \r\n"), 0);
	assert_int_equal(cfg.freq, 7);
	assert_int_equal(cfg.num_logs, 9);
}

static void keys_and_keywords_ignore_case(void **state)
{
	assert_int_equal(parse("FLUSH = Sync\nDisk_Full_Action = HALT\n"), 0);
	assert_int_equal(cfg.flush, CONFIG_FLUSH_SYNC);
	assert_int_equal(cfg.disk_full_action.kind, CONFIG_ACTION_HALT);
}

static void last_value_wins(void **state)
{
	assert_int_equal(parse("freq = 1\nfreq = 2\n"), 0);
	assert_int_equal(cfg.freq, 2);
}

static void value_splits_at_first_equals(void **state)
{
	assert_int_equal(parse("log_file = /var/log/a=b.log\n"), 0);
	assert_string_equal(cfg.log_file, "/var/log/a=b.log");
}

static void last_line_needs_no_newline(void **state)
{
	assert_int_equal(parse("freq = 3"), 0);
	assert_int_equal(cfg.freq, 3);
}

static void log_file_parsed(void **state)
{
	assert_int_equal(parse("log_file = /srv/audit/a.log\n"), 0);
	assert_string_equal(cfg.log_file, "/srv/audit/a.log");
}

static void log_group_parsed(void **state)
{
	assert_int_equal(parse("log_group = adm\n"), 0);
	assert_string_equal(cfg.log_group, "adm");
}

static void flush_parsed(void **state)
{
	static const char *const text[] = {
		"flush = none", "flush = incremental",
		"flush = incremental_async", "flush = data", "flush = sync",
	};
	static const enum config_flush want[] = {
		CONFIG_FLUSH_NONE, CONFIG_FLUSH_INCREMENTAL,
		CONFIG_FLUSH_INCREMENTAL_ASYNC, CONFIG_FLUSH_DATA,
		CONFIG_FLUSH_SYNC,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		assert_int_equal(parse(text[i]), 0);
		assert_int_equal(cfg.flush, want[i]);
	}
}

static void freq_parsed(void **state)
{
	assert_int_equal(parse("freq = 4294967295\n"), 0);
	assert_int_equal(cfg.freq, 4294967295U);
}

static void max_log_file_parsed(void **state)
{
	assert_int_equal(parse("max_log_file = 0\n"), 0);
	assert_int_equal(cfg.max_log_file, 0);
	assert_int_equal(parse("max_log_file = 1024\n"), 0);
	assert_int_equal(cfg.max_log_file, 1024);
}

static void max_log_file_action_parsed(void **state)
{
	static const char *const text[] = {
		"max_log_file_action = ignore",
		"max_log_file_action = syslog",
		"max_log_file_action = suspend",
		"max_log_file_action = rotate",
		"max_log_file_action = keep_logs",
	};
	static const enum config_action_kind want[] = {
		CONFIG_ACTION_IGNORE, CONFIG_ACTION_SYSLOG,
		CONFIG_ACTION_SUSPEND, CONFIG_ACTION_ROTATE,
		CONFIG_ACTION_KEEP_LOGS,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		assert_int_equal(parse(text[i]), 0);
		assert_int_equal(cfg.max_log_file_action.kind, want[i]);
	}
}

static void num_logs_parsed_up_to_999(void **state)
{
	assert_int_equal(parse("num_logs = 999\n"), 0);
	assert_int_equal(cfg.num_logs, 999);
	assert_int_equal(parse("num_logs = 0\n"), 0);
	assert_int_equal(cfg.num_logs, 0);
}

static void space_limit_parsed_up_to_100(void **state)
{
	assert_int_equal(parse("space_limit = 100\n"), 0);
	assert_int_equal(cfg.space_limit, 100);
	assert_int_equal(parse("space_limit = 0\n"), 0);
	assert_int_equal(cfg.space_limit, 0);
}

static void space_limit_action_parsed(void **state)
{
	static const char *const text[] = {
		"space_limit_action = syslog",
		"space_limit_action = suspend",
		"space_limit_action = rotate",
		"space_limit_action = halt",
	};
	static const enum config_action_kind want[] = {
		CONFIG_ACTION_SYSLOG, CONFIG_ACTION_SUSPEND,
		CONFIG_ACTION_ROTATE, CONFIG_ACTION_HALT,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		assert_int_equal(parse(text[i]), 0);
		assert_int_equal(cfg.space_limit_action.kind, want[i]);
	}
}

static void disk_actions_parsed(void **state)
{
	static const char *const word[] = {
		"ignore", "syslog", "suspend", "halt",
	};
	static const enum config_action_kind want[] = {
		CONFIG_ACTION_IGNORE, CONFIG_ACTION_SYSLOG,
		CONFIG_ACTION_SUSPEND, CONFIG_ACTION_HALT,
	};
	char text[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		snprintf(text, sizeof(text),
			 "disk_full_action = %s\ndisk_error_action = %s\n",
			 word[i], word[i]);
		assert_int_equal(parse(text), 0);
		assert_int_equal(cfg.disk_full_action.kind, want[i]);
		assert_int_equal(cfg.disk_error_action.kind, want[i]);
	}
}

static void exec_action_takes_path(void **state)
{
	assert_int_equal(parse("space_limit_action = exec /usr/sbin/a\n"
			       "disk_full_action = exec\t/usr/sbin/b\n"
			       "disk_error_action = exec /opt/my tools/c\n"),
			 0);
	assert_int_equal(cfg.space_limit_action.kind, CONFIG_ACTION_EXEC);
	assert_string_equal(cfg.space_limit_action.exec, "/usr/sbin/a");
	assert_int_equal(cfg.disk_full_action.kind, CONFIG_ACTION_EXEC);
	assert_string_equal(cfg.disk_full_action.exec, "/usr/sbin/b");
	assert_int_equal(cfg.disk_error_action.kind, CONFIG_ACTION_EXEC);
	assert_string_equal(cfg.disk_error_action.exec, "/opt/my tools/c");
}

static void dispatcher_takes_path_and_arguments(void **state)
{
	assert_int_equal(parse("dispatcher = /usr/bin/logger -t auditlite\n"
			       "q_depth = 10000000\n"), 0);
	assert_string_equal(cfg.dispatcher, "/usr/bin/logger -t auditlite");
	assert_int_equal(cfg.q_depth, 10000000);
	assert_int_equal(parse("q_depth = 1\n"), 0);
	assert_int_equal(cfg.q_depth, 1);
}

static void kernel_settings_parsed_and_marked_set(void **state)
{
	assert_int_equal(parse("backlog_limit = 8192\n"
			       "backlog_wait_time = 60000\n"
			       "failure = 2\n"), 0);
	assert_true(cfg.backlog_limit.set);
	assert_int_equal(cfg.backlog_limit.value, 8192);
	assert_true(cfg.backlog_wait_time.set);
	assert_int_equal(cfg.backlog_wait_time.value, 60000);
	assert_true(cfg.failure.set);
	assert_int_equal(cfg.failure.value, 2);
	/* Not in the file: the kernel keeps its own. */
	assert_false(cfg.rate_limit.set);
	assert_int_equal(parse("rate_limit = 0\n"), 0);
	assert_true(cfg.rate_limit.set);
	assert_int_equal(cfg.rate_limit.value, 0);
}

static void unknown_key_is_refused(void **state)
{
	expect_error("freq = 1\n\nadmin_space_left = 75\n",
		     "t.conf:3: admin_space_left: unknown key");
}

static void missing_equals_is_refused(void **state)
{
	expect_error("# x\nlog_file /var/log/a.log\n",
		     "t.conf:2: log_file /var/log/a.log: missing '='");
}

static void missing_key_is_refused(void **state)
{
	expect_error("\n = 5\n", "t.conf:2: missing key before '='");
}

static void log_file_must_be_absolute(void **state)
{
	expect_error("log_file = audit.log\n",
		     "t.conf:1: log_file: bad value 'audit.log', "
		     "expected an absolute path");
}

static void log_group_must_be_one_word(void **state)
{
	expect_error("log_group = a b\n",
		     "t.conf:1: log_group: bad value 'a b', "
		     "expected a group name or id");
}

static void log_group_must_fit(void **state)
{
	char text[128];

	snprintf(text, sizeof(text), "log_group = %070d\n", 0);
	assert_int_equal(parse(text), -EINVAL);
	assert_memory_equal(err, "t.conf:1: log_group: bad value", 30);
}

static void log_group_unknown_is_refused(void **state)
{
	expect_error("log_group = no_such_group_here\n",
		     "t.conf:1: log_group: bad value 'no_such_group_here', "
		     "expected a group name or id");
}

/* (gid_t)-1 means "no group" to fchown(): it cannot be asked for. */
static void log_group_gid_minus_one_is_refused(void **state)
{
	expect_error("log_group = 4294967295\n",
		     "t.conf:1: log_group: bad value '4294967295', "
		     "expected a group name or id");
}

static void log_group_resolves_to_gid(void **state)
{
	config_init(&cfg);
	assert_int_equal(config_log_gid(&cfg), (gid_t)-1);
	assert_int_equal(parse("log_group = root\n"), 0);
	assert_int_equal(config_log_gid(&cfg), 0);
	/* A number is a gid, whether a group has it or not. */
	assert_int_equal(parse("log_group = 4321\n"), 0);
	assert_int_equal(config_log_gid(&cfg), 4321);
	assert_int_equal(parse("log_group = 4294967294\n"), 0);
	assert_int_equal(config_log_gid(&cfg), 4294967294U);
}

static void empty_value_is_refused(void **state)
{
	expect_error("freq =\n",
		     "t.conf:1: freq: bad value '', "
		     "expected a number from 0 to 4294967295");
}

static void number_with_junk_is_refused(void **state)
{
	expect_error("freq = 12abc\n",
		     "t.conf:1: freq: bad value '12abc', "
		     "expected a number from 0 to 4294967295");
}

static void negative_number_is_refused(void **state)
{
	expect_error("max_log_file = -1\n",
		     "t.conf:1: max_log_file: bad value '-1', "
		     "expected a number from 0 to 4294967295");
}

static void signed_number_is_refused(void **state)
{
	expect_error("rate_limit = +5\n",
		     "t.conf:1: rate_limit: bad value '+5', "
		     "expected a number from 0 to 4294967295");
}

static void number_over_32_bits_is_refused(void **state)
{
	expect_error("backlog_limit = 4294967296\n",
		     "t.conf:1: backlog_limit: bad value '4294967296', "
		     "expected a number from 0 to 4294967295");
}

static void backlog_wait_time_must_be_a_number(void **state)
{
	expect_error("backlog_wait_time = 1s\n",
		     "t.conf:1: backlog_wait_time: bad value '1s', "
		     "expected a number from 0 to 600000");
}

static void priority_boost_parsed_up_to_20(void **state)
{
	assert_int_equal(parse("priority_boost = 20\n"), 0);
	assert_int_equal(cfg.priority_boost, 20);
	assert_int_equal(parse("priority_boost = 0\n"), 0);
	assert_int_equal(cfg.priority_boost, 0);
}

static void priority_boost_over_20_is_refused(void **state)
{
	expect_error("priority_boost = 21\n",
		     "t.conf:1: priority_boost: bad value '21', "
		     "expected a number from 0 to 20");
}

static void num_logs_over_999_is_refused(void **state)
{
	expect_error("num_logs = 1000\n",
		     "t.conf:1: num_logs: bad value '1000', "
		     "expected a number from 0 to 999");
}

static void space_limit_over_100_is_refused(void **state)
{
	expect_error("space_limit = 101\n",
		     "t.conf:1: space_limit: bad value '101', "
		     "expected a number from 0 to 100");
}

static void failure_over_2_is_refused(void **state)
{
	expect_error("failure = 3\n",
		     "t.conf:1: failure: bad value '3', "
		     "expected a number from 0 to 2");
}

static void bad_flush_is_refused(void **state)
{
	expect_error("flush = fast\n",
		     "t.conf:1: flush: bad value 'fast', "
		     "expected one of none, incremental, incremental_async, "
		     "data, sync");
}

static void max_log_file_action_refuses_halt(void **state)
{
	expect_error("max_log_file_action = halt\n",
		     "t.conf:1: max_log_file_action: bad value 'halt', "
		     "expected one of ignore, syslog, suspend, rotate, "
		     "keep_logs");
}

static void space_limit_action_refuses_ignore(void **state)
{
	expect_error("space_limit_action = ignore\n",
		     "t.conf:1: space_limit_action: bad value 'ignore', "
		     "expected one of syslog, suspend, rotate, halt, "
		     "switch, exec PATH");
}

static void disk_full_action_refuses_rotate(void **state)
{
	expect_error("disk_full_action = rotate\n",
		     "t.conf:1: disk_full_action: bad value 'rotate', "
		     "expected one of ignore, syslog, suspend, halt, "
		     "exec PATH");
}

static void disk_error_action_refuses_keep_logs(void **state)
{
	expect_error("disk_error_action = keep_logs\n",
		     "t.conf:1: disk_error_action: bad value 'keep_logs', "
		     "expected one of ignore, syslog, suspend, halt, "
		     "exec PATH");
}

static void exec_without_path_is_refused(void **state)
{
	expect_error("disk_error_action = exec\n",
		     "t.conf:1: disk_error_action: bad value 'exec', "
		     "expected one of ignore, syslog, suspend, halt, "
		     "exec PATH");
}

static void exec_relative_path_is_refused(void **state)
{
	expect_error("space_limit_action = exec bin/x\n",
		     "t.conf:1: space_limit_action: bad value 'exec bin/x', "
		     "expected one of syslog, suspend, rotate, halt, "
		     "switch, exec PATH");
}

static void dispatcher_relative_path_is_refused(void **state)
{
	expect_error("dispatcher = logger -t a\n",
		     "t.conf:1: dispatcher: bad value 'logger -t a', "
		     "expected an absolute path and at most 31 arguments");
}

/* 32 words run; the 33rd would not fit the argument vector. */
static void dispatcher_with_too_many_words_is_refused(void **state)
{
	char text[256] = "dispatcher = /bin/echo";
	char want[512];
	int i;

	for (i = 1; i < 32; i++)
		strcat(text, " a");
	strcat(text, "\n");
	assert_int_equal(parse(text), 0);
	strcpy(text + strlen(text) - 1, " a\n");
	snprintf(want, sizeof(want), "t.conf:1: dispatcher: bad value '%.*s', "
		 "expected an absolute path and at most 31 arguments",
		 (int)(strlen(text) - strlen("dispatcher = ") - 1),
		 text + strlen("dispatcher = "));
	expect_error(text, want);
}

static void q_depth_zero_is_refused(void **state)
{
	expect_error("q_depth = 0\n",
		     "t.conf:1: q_depth: bad value '0', "
		     "expected a number from 1 to 10000000");
}

static void seal_keys(void **state)
{
	assert_int_equal(parse("seal = YES\nseal_key_file = /k\n"
			       "seal_interval = 1\n"), 0);
	assert_int_equal(cfg.seal, CONFIG_SEAL_YES);
	assert_string_equal(cfg.seal_key_file, "/k");
	assert_int_equal(cfg.seal_interval, 1);
	assert_int_equal(parse("seal = no\n"), 0);
	assert_int_equal(cfg.seal, CONFIG_SEAL_NO);
	expect_error("seal = on\n", "t.conf:1: seal: bad value 'on', "
		     "expected one of auto, yes, no");
	expect_error("seal_interval = 0\n",
		     "t.conf:1: seal_interval: bad value '0', "
		     "expected a number from 1 to 604800");
	expect_error("seal_key_file = seal.key\n",
		     "t.conf:1: seal_key_file: bad value 'seal.key', "
		     "expected an absolute path");
}

static void keyword_with_argument_is_refused(void **state)
{
	expect_error("disk_full_action = syslog now\n",
		     "t.conf:1: disk_full_action: bad value 'syslog now', "
		     "expected one of ignore, syslog, suspend, halt, "
		     "exec PATH");
}

static void failed_parse_keeps_old_config(void **state)
{
	struct config old;

	assert_int_equal(parse("freq = 7\nlog_file = /a.log\n"), 0);
	memcpy(&old, &cfg, sizeof(old));
	assert_int_equal(parse("freq = 9\nlog_file = /b.log\nnum_logs = x\n"),
			 -EINVAL);
	assert_memory_equal(&cfg, &old, sizeof(cfg));
}

static void missing_file_is_reported(void **state)
{
	assert_int_equal(config_load(&cfg, "/nonexistent/auditd-lite.conf",
				     err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "/nonexistent/auditd-lite.conf: "
			    "No such file or directory");
}

static void file_is_loaded(void **state)
{
	const char *tmpdir = getenv("TMPDIR");
	char path[512];
	int fd;
	int ret;

	snprintf(path, sizeof(path), "%s/config_test.XXXXXX",
		 tmpdir ? tmpdir : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	ret = write(fd, "num_logs = 3\n", 13) == 13 ? 0 : -1;
	close(fd);
	if (!ret)
		ret = config_load(&cfg, path, err, sizeof(err));
	unlink(path);
	assert_int_equal(ret, 0);
	assert_int_equal(cfg.num_logs, 3);
}

/* A file of "num_logs = 3" with @mode, owned by @uid; its path in @path. */
static void config_file(char *path, size_t len, mode_t mode, uid_t uid)
{
	const char *tmpdir = getenv("TMPDIR");
	int fd;

	snprintf(path, len, "%s/config_test.XXXXXX", tmpdir ? tmpdir : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "num_logs = 3\n", 13), 13);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(fchown(fd, uid, -1), 0);
	close(fd);
}

/* It names programs run as root: only root may change it. */
static void file_others_may_write_is_refused(void **state)
{
	static const mode_t modes[] = { 0664, 0646, 0666 };
	char path[512];
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		config_file(path, sizeof(path), modes[i], geteuid());
		ret = config_load(&cfg, path, err, sizeof(err));
		unlink(path);
		assert_int_equal(ret, -EPERM);
		assert_non_null(strstr(err, "group or others may write it"));
	}
	config_file(path, sizeof(path), 0640, geteuid());
	ret = config_load(&cfg, path, err, sizeof(err));
	unlink(path);
	assert_int_equal(ret, 0);
}

static void file_of_another_user_is_refused(void **state)
{
	char path[512];
	int ret;

	if (geteuid())
		skip_because("giving a file away needs root");
	config_file(path, sizeof(path), 0644, 1);
	ret = config_load(&cfg, path, err, sizeof(err));
	unlink(path);
	assert_int_equal(ret, -EPERM);
	assert_non_null(strstr(err, "not owned by root"));
}

/* Item 7: a warning threshold above the limit, and directories to go on in. */
static void space_left_and_log_dirs_parsed(void **state)
{
	assert_int_equal(parse("space_left = 30\nspace_left_action = exec /bin/w\n"
			       "space_limit = 10\nspace_limit_action = switch\n"
			       "log_dir = /a\nlog_dir = /b c\n"), 0);
	assert_int_equal(cfg.space_left, 30);
	assert_int_equal(cfg.space_left_action.kind, CONFIG_ACTION_EXEC);
	assert_string_equal(cfg.space_left_action.exec, "/bin/w");
	assert_int_equal(cfg.space_limit_action.kind, CONFIG_ACTION_SWITCH);
	assert_int_equal(cfg.log_dir.n, 2);
	assert_string_equal(cfg.log_dir.dir[0], "/a");
	assert_string_equal(cfg.log_dir.dir[1], "/b c");
}

static void space_left_at_or_below_limit_is_refused(void **state)
{
	expect_error("space_left = 10\nspace_limit = 10\n",
		     "t.conf: space_left 10 must be above space_limit 10");
}

static void switch_without_log_dir_is_refused(void **state)
{
	expect_error("space_limit_action = switch\n",
		     "t.conf: space_limit_action switch needs a log_dir");
}

static void ninth_log_dir_is_refused(void **state)
{
	expect_error("log_dir = /1\nlog_dir = /2\nlog_dir = /3\nlog_dir = /4\n"
		     "log_dir = /5\nlog_dir = /6\nlog_dir = /7\nlog_dir = /8\n"
		     "log_dir = /9\n",
		     "t.conf:9: log_dir: bad value '/9', expected an absolute "
		     "path, at most 8 of them");
}

static const struct CMUnitTest config_tests[] = {
	cmocka_unit_test(defaults_match_documentation),
	cmocka_unit_test(file_others_may_write_is_refused),
	cmocka_unit_test(file_of_another_user_is_refused),
	cmocka_unit_test(empty_file_gives_defaults),
	cmocka_unit_test(comments_blanks_and_whitespace_are_ignored),
	cmocka_unit_test(keys_and_keywords_ignore_case),
	cmocka_unit_test(last_value_wins),
	cmocka_unit_test(value_splits_at_first_equals),
	cmocka_unit_test(last_line_needs_no_newline),
	cmocka_unit_test(log_file_parsed),
	cmocka_unit_test(log_group_parsed),
	cmocka_unit_test(flush_parsed),
	cmocka_unit_test(freq_parsed),
	cmocka_unit_test(max_log_file_parsed),
	cmocka_unit_test(max_log_file_action_parsed),
	cmocka_unit_test(num_logs_parsed_up_to_999),
	cmocka_unit_test(space_limit_parsed_up_to_100),
	cmocka_unit_test(space_limit_action_parsed),
	cmocka_unit_test(disk_actions_parsed),
	cmocka_unit_test(exec_action_takes_path),
	cmocka_unit_test(dispatcher_takes_path_and_arguments),
	cmocka_unit_test(kernel_settings_parsed_and_marked_set),
	cmocka_unit_test(unknown_key_is_refused),
	cmocka_unit_test(space_left_and_log_dirs_parsed),
	cmocka_unit_test(space_left_at_or_below_limit_is_refused),
	cmocka_unit_test(switch_without_log_dir_is_refused),
	cmocka_unit_test(ninth_log_dir_is_refused),
	cmocka_unit_test(missing_equals_is_refused),
	cmocka_unit_test(missing_key_is_refused),
	cmocka_unit_test(log_file_must_be_absolute),
	cmocka_unit_test(log_group_must_be_one_word),
	cmocka_unit_test(log_group_must_fit),
	cmocka_unit_test(log_group_unknown_is_refused),
	cmocka_unit_test(log_group_gid_minus_one_is_refused),
	cmocka_unit_test(log_group_resolves_to_gid),
	cmocka_unit_test(empty_value_is_refused),
	cmocka_unit_test(number_with_junk_is_refused),
	cmocka_unit_test(negative_number_is_refused),
	cmocka_unit_test(signed_number_is_refused),
	cmocka_unit_test(number_over_32_bits_is_refused),
	cmocka_unit_test(backlog_wait_time_must_be_a_number),
	cmocka_unit_test(num_logs_over_999_is_refused),
	cmocka_unit_test(priority_boost_parsed_up_to_20),
	cmocka_unit_test(priority_boost_over_20_is_refused),
	cmocka_unit_test(space_limit_over_100_is_refused),
	cmocka_unit_test(failure_over_2_is_refused),
	cmocka_unit_test(bad_flush_is_refused),
	cmocka_unit_test(max_log_file_action_refuses_halt),
	cmocka_unit_test(space_limit_action_refuses_ignore),
	cmocka_unit_test(disk_full_action_refuses_rotate),
	cmocka_unit_test(disk_error_action_refuses_keep_logs),
	cmocka_unit_test(exec_without_path_is_refused),
	cmocka_unit_test(exec_relative_path_is_refused),
	cmocka_unit_test(dispatcher_relative_path_is_refused),
	cmocka_unit_test(dispatcher_with_too_many_words_is_refused),
	cmocka_unit_test(q_depth_zero_is_refused),
	cmocka_unit_test(seal_keys),
	cmocka_unit_test(keyword_with_argument_is_refused),
	cmocka_unit_test(failed_parse_keeps_old_config),
	cmocka_unit_test(missing_file_is_reported),
	cmocka_unit_test(file_is_loaded),
};

int main(void)
{
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(config_tests, NULL, NULL) ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/config.c: auditd-lite's configuration file.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "tap.h"
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
	TAP_CHECK(parse(text) == -EINVAL);
	TAP_CHECK_STR(err, want);
}

static void defaults_match_documentation(void)
{
	config_init(&cfg);
	TAP_CHECK_STR(cfg.log_file, "/var/log/auditlite/audit.log");
	TAP_CHECK_STR(cfg.log_group, "");
	TAP_CHECK(cfg.flush == CONFIG_FLUSH_INCREMENTAL);
	TAP_CHECK(cfg.freq == 50);
	TAP_CHECK(cfg.max_log_file == 8);
	TAP_CHECK(cfg.max_log_file_action.kind == CONFIG_ACTION_ROTATE);
	TAP_CHECK(cfg.num_logs == 5);
	TAP_CHECK(cfg.space_limit == 10);
	TAP_CHECK(cfg.space_limit_action.kind == CONFIG_ACTION_SUSPEND);
	TAP_CHECK(cfg.disk_full_action.kind == CONFIG_ACTION_SUSPEND);
	TAP_CHECK(cfg.disk_error_action.kind == CONFIG_ACTION_SYSLOG);
	TAP_CHECK(!cfg.backlog_limit.set);
	TAP_CHECK(!cfg.backlog_wait_time.set);
	TAP_CHECK(!cfg.failure.set);
	TAP_CHECK(!cfg.rate_limit.set);
}

static void empty_file_gives_defaults(void)
{
	struct config defaults;

	config_init(&defaults);
	memset(&cfg, 0x5a, sizeof(cfg));
	TAP_CHECK(parse("") == 0);
	TAP_CHECK(!memcmp(&cfg, &defaults, sizeof(cfg)));
}

static void comments_blanks_and_whitespace_are_ignored(void)
{
	TAP_CHECK(parse("# a comment\n"
			"   # an indented one = with an equals sign\n"
			"\n"
			" \t \n"
			"\tfreq=7\n"
			"  num_logs \t =  9  \r\n") == 0);
	TAP_CHECK(cfg.freq == 7);
	TAP_CHECK(cfg.num_logs == 9);
}

static void keys_and_keywords_ignore_case(void)
{
	TAP_CHECK(parse("FLUSH = Sync\nDisk_Full_Action = HALT\n") == 0);
	TAP_CHECK(cfg.flush == CONFIG_FLUSH_SYNC);
	TAP_CHECK(cfg.disk_full_action.kind == CONFIG_ACTION_HALT);
}

static void last_value_wins(void)
{
	TAP_CHECK(parse("freq = 1\nfreq = 2\n") == 0);
	TAP_CHECK(cfg.freq == 2);
}

static void value_splits_at_first_equals(void)
{
	TAP_CHECK(parse("log_file = /var/log/a=b.log\n") == 0);
	TAP_CHECK_STR(cfg.log_file, "/var/log/a=b.log");
}

static void last_line_needs_no_newline(void)
{
	TAP_CHECK(parse("freq = 3") == 0);
	TAP_CHECK(cfg.freq == 3);
}

static void log_file_parsed(void)
{
	TAP_CHECK(parse("log_file = /srv/audit/a.log\n") == 0);
	TAP_CHECK_STR(cfg.log_file, "/srv/audit/a.log");
}

static void log_group_parsed(void)
{
	TAP_CHECK(parse("log_group = adm\n") == 0);
	TAP_CHECK_STR(cfg.log_group, "adm");
}

static void flush_parsed(void)
{
	static const char *const text[] = {
		"flush = none", "flush = incremental",
		"flush = data", "flush = sync",
	};
	static const enum config_flush want[] = {
		CONFIG_FLUSH_NONE, CONFIG_FLUSH_INCREMENTAL,
		CONFIG_FLUSH_DATA, CONFIG_FLUSH_SYNC,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		TAP_CHECK(parse(text[i]) == 0);
		TAP_CHECK(cfg.flush == want[i]);
	}
}

static void freq_parsed(void)
{
	TAP_CHECK(parse("freq = 4294967295\n") == 0);
	TAP_CHECK(cfg.freq == 4294967295U);
}

static void max_log_file_parsed(void)
{
	TAP_CHECK(parse("max_log_file = 0\n") == 0);
	TAP_CHECK(cfg.max_log_file == 0);
	TAP_CHECK(parse("max_log_file = 1024\n") == 0);
	TAP_CHECK(cfg.max_log_file == 1024);
}

static void max_log_file_action_parsed(void)
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
		TAP_CHECK(parse(text[i]) == 0);
		TAP_CHECK(cfg.max_log_file_action.kind == want[i]);
	}
}

static void num_logs_parsed_up_to_999(void)
{
	TAP_CHECK(parse("num_logs = 999\n") == 0);
	TAP_CHECK(cfg.num_logs == 999);
	TAP_CHECK(parse("num_logs = 0\n") == 0);
	TAP_CHECK(cfg.num_logs == 0);
}

static void space_limit_parsed_up_to_100(void)
{
	TAP_CHECK(parse("space_limit = 100\n") == 0);
	TAP_CHECK(cfg.space_limit == 100);
	TAP_CHECK(parse("space_limit = 0\n") == 0);
	TAP_CHECK(cfg.space_limit == 0);
}

static void space_limit_action_parsed(void)
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
		TAP_CHECK(parse(text[i]) == 0);
		TAP_CHECK(cfg.space_limit_action.kind == want[i]);
	}
}

static void disk_actions_parsed(void)
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
		TAP_CHECK(parse(text) == 0);
		TAP_CHECK(cfg.disk_full_action.kind == want[i]);
		TAP_CHECK(cfg.disk_error_action.kind == want[i]);
	}
}

static void exec_action_takes_path(void)
{
	TAP_CHECK(parse("space_limit_action = exec /usr/sbin/a\n"
			"disk_full_action = exec\t/usr/sbin/b\n"
			"disk_error_action = exec /opt/my tools/c\n") == 0);
	TAP_CHECK(cfg.space_limit_action.kind == CONFIG_ACTION_EXEC);
	TAP_CHECK_STR(cfg.space_limit_action.exec, "/usr/sbin/a");
	TAP_CHECK(cfg.disk_full_action.kind == CONFIG_ACTION_EXEC);
	TAP_CHECK_STR(cfg.disk_full_action.exec, "/usr/sbin/b");
	TAP_CHECK(cfg.disk_error_action.kind == CONFIG_ACTION_EXEC);
	TAP_CHECK_STR(cfg.disk_error_action.exec, "/opt/my tools/c");
}

static void kernel_settings_parsed_and_marked_set(void)
{
	TAP_CHECK(parse("backlog_limit = 8192\n"
			"backlog_wait_time = 60000\n"
			"failure = 2\n") == 0);
	TAP_CHECK(cfg.backlog_limit.set && cfg.backlog_limit.value == 8192);
	TAP_CHECK(cfg.backlog_wait_time.set &&
		  cfg.backlog_wait_time.value == 60000);
	TAP_CHECK(cfg.failure.set && cfg.failure.value == 2);
	/* Not in the file: the kernel keeps its own. */
	TAP_CHECK(!cfg.rate_limit.set);
	TAP_CHECK(parse("rate_limit = 0\n") == 0);
	TAP_CHECK(cfg.rate_limit.set && cfg.rate_limit.value == 0);
}

static void unknown_key_is_refused(void)
{
	expect_error("freq = 1\n\nspace_left = 75\n",
		     "t.conf:3: space_left: unknown key");
}

static void missing_equals_is_refused(void)
{
	expect_error("# x\nlog_file /var/log/a.log\n",
		     "t.conf:2: log_file /var/log/a.log: missing '='");
}

static void missing_key_is_refused(void)
{
	expect_error("\n = 5\n", "t.conf:2: missing key before '='");
}

static void log_file_must_be_absolute(void)
{
	expect_error("log_file = audit.log\n",
		     "t.conf:1: log_file: bad value 'audit.log', "
		     "expected an absolute path");
}

static void log_group_must_be_one_word(void)
{
	expect_error("log_group = a b\n",
		     "t.conf:1: log_group: bad value 'a b', "
		     "expected a group name or id");
}

static void log_group_must_fit(void)
{
	char text[128];

	snprintf(text, sizeof(text), "log_group = %070d\n", 0);
	TAP_CHECK(parse(text) == -EINVAL);
	TAP_CHECK(!strncmp(err, "t.conf:1: log_group: bad value", 30));
}

static void empty_value_is_refused(void)
{
	expect_error("freq =\n",
		     "t.conf:1: freq: bad value '', "
		     "expected a number from 0 to 4294967295");
}

static void number_with_junk_is_refused(void)
{
	expect_error("freq = 12abc\n",
		     "t.conf:1: freq: bad value '12abc', "
		     "expected a number from 0 to 4294967295");
}

static void negative_number_is_refused(void)
{
	expect_error("max_log_file = -1\n",
		     "t.conf:1: max_log_file: bad value '-1', "
		     "expected a number from 0 to 4294967295");
}

static void signed_number_is_refused(void)
{
	expect_error("rate_limit = +5\n",
		     "t.conf:1: rate_limit: bad value '+5', "
		     "expected a number from 0 to 4294967295");
}

static void number_over_32_bits_is_refused(void)
{
	expect_error("backlog_limit = 4294967296\n",
		     "t.conf:1: backlog_limit: bad value '4294967296', "
		     "expected a number from 0 to 4294967295");
}

static void backlog_wait_time_must_be_a_number(void)
{
	expect_error("backlog_wait_time = 1s\n",
		     "t.conf:1: backlog_wait_time: bad value '1s', "
		     "expected a number from 0 to 600000");
}

static void num_logs_over_999_is_refused(void)
{
	expect_error("num_logs = 1000\n",
		     "t.conf:1: num_logs: bad value '1000', "
		     "expected a number from 0 to 999");
}

static void space_limit_over_100_is_refused(void)
{
	expect_error("space_limit = 101\n",
		     "t.conf:1: space_limit: bad value '101', "
		     "expected a number from 0 to 100");
}

static void failure_over_2_is_refused(void)
{
	expect_error("failure = 3\n",
		     "t.conf:1: failure: bad value '3', "
		     "expected a number from 0 to 2");
}

static void bad_flush_is_refused(void)
{
	expect_error("flush = fast\n",
		     "t.conf:1: flush: bad value 'fast', "
		     "expected one of none, incremental, data, sync");
}

static void max_log_file_action_refuses_halt(void)
{
	expect_error("max_log_file_action = halt\n",
		     "t.conf:1: max_log_file_action: bad value 'halt', "
		     "expected one of ignore, syslog, suspend, rotate, "
		     "keep_logs");
}

static void space_limit_action_refuses_ignore(void)
{
	expect_error("space_limit_action = ignore\n",
		     "t.conf:1: space_limit_action: bad value 'ignore', "
		     "expected one of syslog, suspend, rotate, halt, "
		     "exec PATH");
}

static void disk_full_action_refuses_rotate(void)
{
	expect_error("disk_full_action = rotate\n",
		     "t.conf:1: disk_full_action: bad value 'rotate', "
		     "expected one of ignore, syslog, suspend, halt, "
		     "exec PATH");
}

static void disk_error_action_refuses_keep_logs(void)
{
	expect_error("disk_error_action = keep_logs\n",
		     "t.conf:1: disk_error_action: bad value 'keep_logs', "
		     "expected one of ignore, syslog, suspend, halt, "
		     "exec PATH");
}

static void exec_without_path_is_refused(void)
{
	expect_error("disk_error_action = exec\n",
		     "t.conf:1: disk_error_action: bad value 'exec', "
		     "expected one of ignore, syslog, suspend, halt, "
		     "exec PATH");
}

static void exec_relative_path_is_refused(void)
{
	expect_error("space_limit_action = exec bin/x\n",
		     "t.conf:1: space_limit_action: bad value 'exec bin/x', "
		     "expected one of syslog, suspend, rotate, halt, "
		     "exec PATH");
}

static void keyword_with_argument_is_refused(void)
{
	expect_error("disk_full_action = syslog now\n",
		     "t.conf:1: disk_full_action: bad value 'syslog now', "
		     "expected one of ignore, syslog, suspend, halt, "
		     "exec PATH");
}

static void failed_parse_keeps_old_config(void)
{
	struct config old;

	TAP_CHECK(parse("freq = 7\nlog_file = /a.log\n") == 0);
	memcpy(&old, &cfg, sizeof(old));
	TAP_CHECK(parse("freq = 9\nlog_file = /b.log\nnum_logs = x\n") ==
		  -EINVAL);
	TAP_CHECK(!memcmp(&cfg, &old, sizeof(cfg)));
}

static void missing_file_is_reported(void)
{
	TAP_CHECK(config_load(&cfg, "/nonexistent/auditd-lite.conf",
			      err, sizeof(err)) == -ENOENT);
	TAP_CHECK_STR(err, "/nonexistent/auditd-lite.conf: "
		      "No such file or directory");
}

static void file_is_loaded(void)
{
	const char *tmpdir = getenv("TMPDIR");
	char path[512];
	int fd;
	int ret;

	snprintf(path, sizeof(path), "%s/config_test.XXXXXX",
		 tmpdir ? tmpdir : "/tmp");
	fd = mkstemp(path);
	TAP_CHECK(fd >= 0);
	ret = write(fd, "num_logs = 3\n", 13) == 13 ? 0 : -1;
	close(fd);
	if (!ret)
		ret = config_load(&cfg, path, err, sizeof(err));
	unlink(path);
	TAP_CHECK(ret == 0);
	TAP_CHECK(cfg.num_logs == 3);
}

static const struct tap_case cases[] = {
	TAP_CASE(defaults_match_documentation),
	TAP_CASE(empty_file_gives_defaults),
	TAP_CASE(comments_blanks_and_whitespace_are_ignored),
	TAP_CASE(keys_and_keywords_ignore_case),
	TAP_CASE(last_value_wins),
	TAP_CASE(value_splits_at_first_equals),
	TAP_CASE(last_line_needs_no_newline),
	TAP_CASE(log_file_parsed),
	TAP_CASE(log_group_parsed),
	TAP_CASE(flush_parsed),
	TAP_CASE(freq_parsed),
	TAP_CASE(max_log_file_parsed),
	TAP_CASE(max_log_file_action_parsed),
	TAP_CASE(num_logs_parsed_up_to_999),
	TAP_CASE(space_limit_parsed_up_to_100),
	TAP_CASE(space_limit_action_parsed),
	TAP_CASE(disk_actions_parsed),
	TAP_CASE(exec_action_takes_path),
	TAP_CASE(kernel_settings_parsed_and_marked_set),
	TAP_CASE(unknown_key_is_refused),
	TAP_CASE(missing_equals_is_refused),
	TAP_CASE(missing_key_is_refused),
	TAP_CASE(log_file_must_be_absolute),
	TAP_CASE(log_group_must_be_one_word),
	TAP_CASE(log_group_must_fit),
	TAP_CASE(empty_value_is_refused),
	TAP_CASE(number_with_junk_is_refused),
	TAP_CASE(negative_number_is_refused),
	TAP_CASE(signed_number_is_refused),
	TAP_CASE(number_over_32_bits_is_refused),
	TAP_CASE(backlog_wait_time_must_be_a_number),
	TAP_CASE(num_logs_over_999_is_refused),
	TAP_CASE(space_limit_over_100_is_refused),
	TAP_CASE(failure_over_2_is_refused),
	TAP_CASE(bad_flush_is_refused),
	TAP_CASE(max_log_file_action_refuses_halt),
	TAP_CASE(space_limit_action_refuses_ignore),
	TAP_CASE(disk_full_action_refuses_rotate),
	TAP_CASE(disk_error_action_refuses_keep_logs),
	TAP_CASE(exec_without_path_is_refused),
	TAP_CASE(exec_relative_path_is_refused),
	TAP_CASE(keyword_with_argument_is_refused),
	TAP_CASE(failed_parse_keeps_old_config),
	TAP_CASE(missing_file_is_reported),
	TAP_CASE(file_is_loaded),
};

int main(void)
{
	return TAP_RUN(cases);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userspace/child.c: the programs auditd-lite runs.
 */

#define _GNU_SOURCE		/* asprintf() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "log.h"
#include "unit.h"

/*
 * They run as root: they get a fixed environment, not whatever the
 * daemon was started with (LD_PRELOAD, IFS, a PATH of someone's).
 */
static void child_gets_fixed_environment(void **state)
{
	char out[] = "/tmp/child_test.XXXXXX";
	char env[4096];
	char *cmd;
	int status;
	ssize_t n;
	pid_t pid;
	int fd;

	fd = mkstemp(out);
	assert_true(fd >= 0);
	assert_int_equal(setenv("AUDITLITE_TEST_SECRET", "1", 1), 0);
	assert_true(asprintf(&cmd, "env >%s", out) > 0);
	{
		char *const argv[] = { "/bin/sh", "-c", cmd, NULL };

		pid = child_spawn(argv, -1);
	}
	free(cmd);
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && !WEXITSTATUS(status));
	n = read(fd, env, sizeof(env) - 1);
	close(fd);
	unlink(out);
	assert_true(n > 0);
	env[n] = '\0';
	assert_null(strstr(env, "AUDITLITE_TEST_SECRET"));
	assert_non_null(strstr(env, "PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"));
}

static const struct CMUnitTest child_tests[] = {
	cmocka_unit_test(child_gets_fixed_environment),
};

int main(void)
{
	log_init("child_test");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(child_tests, NULL, NULL) ? 1 : 0;
}

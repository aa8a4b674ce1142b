// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for auditd-lite's dispatcher: real programs on real pipes.
 */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "dispatcher.h"
#include "log.h"
#include "unit.h"

struct fixture {
	char dir[64];
	char out[128];		/* what the program writes */
	char cmd[256];
	struct dispatcher dp;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/dispatcher_test.XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->out, sizeof(f->out), "%s/out", f->dir);
	dispatcher_init(&f->dp);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	dispatcher_stop(&f->dp, 0);
	/* Collect what the cases left running, then the directory. */
	while (waitpid(-1, NULL, 0) > 0)
		;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	if (system(cmd))
		return -1;
	free(f);
	return 0;
}

/* A shell script @name in the fixture's directory, made executable. */
static void script(struct fixture *f, const char *name, const char *body)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "#!/bin/sh\n%s\n", body);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, 0755), 0);
}

/* The whole of the file @path, in @buf. */
static const char *slurp(const char *path, char *buf, size_t size)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	if (!fp)
		return "";
	n = fread(buf, 1, size - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return buf;
}

/* Wait for the program to end and tell the dispatcher, as SIGCHLD does. */
static void reap(struct dispatcher *dp)
{
	pid_t pid = dp->pid;

	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	assert_true(dispatcher_reaped(dp, pid));
}

static void dispatcher_feeds_every_line_in_order(void **state)
{
	struct fixture *f = *state;
	static const char lines[] = "type=A msg=audit(1.000:1): a\n"
				    "type=B msg=audit(1.000:2): b\n";
	char buf[256];

	snprintf(f->cmd, sizeof(f->cmd), "/bin/dd of=%s status=none", f->out);
	dispatcher_configure(&f->dp, f->cmd, 10);
	dispatcher_queue(&f->dp, lines, strlen(lines));
	dispatcher_queue(&f->dp, "type=C msg=audit(1.000:3): c\n", 29);
	dispatcher_run(&f->dp);
	assert_true(f->dp.pid > 0);
	dispatcher_stop(&f->dp, 5000);
	/* dd writes all it read once its stdin ends. */
	while (waitpid(-1, NULL, 0) > 0)
		;
	assert_string_equal(slurp(f->out, buf, sizeof(buf)),
			    "type=A msg=audit(1.000:1): a\n"
			    "type=B msg=audit(1.000:2): b\n"
			    "type=C msg=audit(1.000:3): c\n");
}

static void dispatcher_counts_what_finds_the_queue_full(void **state)
{
	struct fixture *f = *state;
	unsigned int i;

	snprintf(f->cmd, sizeof(f->cmd), "/bin/dd of=%s status=none", f->out);
	dispatcher_configure(&f->dp, f->cmd, 4);
	for (i = 0; i < 10; i++)
		dispatcher_queue(&f->dp, "line\n", 5);
	assert_int_equal(f->dp.lines, 4);
	assert_int_equal(f->dp.dropped, 6);
	/* Nothing started yet: the queue is all the program will get. */
	assert_int_equal(f->dp.pid, 0);
	dispatcher_run(&f->dp);
	dispatcher_stop(&f->dp, 5000);
	while (waitpid(-1, NULL, 0) > 0)
		;
	assert_int_equal(f->dp.lines, 0);
}

static void dispatcher_queues_nothing_without_a_program(void **state)
{
	struct fixture *f = *state;

	dispatcher_configure(&f->dp, "", 10);
	dispatcher_queue(&f->dp, "line\n", 5);
	assert_int_equal(f->dp.lines, 0);
	assert_int_equal(f->dp.dropped, 0);
	assert_int_equal(dispatcher_timeout(&f->dp), -1);
	assert_int_equal(dispatcher_events(&f->dp), 0);
}

/*
 * The first run of the program never reads, so a line longer than the
 * pipe goes in part only; once it is killed that line is dropped, and the
 * next run, which copies its input, gets the next line whole.
 */
static void dispatcher_restarts_and_never_sends_a_torn_line(void **state)
{
	struct fixture *f = *state;
	size_t long_len = 256 * 1024;
	char *long_line = malloc(long_len);
	char buf[256];
	pid_t first;

	assert_non_null(long_line);
	memset(long_line, 'x', long_len - 1);
	long_line[long_len - 1] = '\n';
	script(f, "plugin",
	       "if [ -e \"$1.ran\" ]; then exec cat >\"$1\"; fi\n"
	       ": >\"$1.ran\"; exec sleep 60");
	snprintf(f->cmd, sizeof(f->cmd), "%s/plugin %s", f->dir, f->out);
	dispatcher_configure(&f->dp, f->cmd, 10);
	dispatcher_queue(&f->dp, long_line, long_len);
	dispatcher_queue(&f->dp, "next\n", 5);
	free(long_line);
	dispatcher_run(&f->dp);
	first = f->dp.pid;
	assert_true(first > 0);
	assert_true(f->dp.mid_line);
	/* Killed only once it is the run that will never read. */
	snprintf(buf, sizeof(buf), "%s.ran", f->out);
	while (access(buf, F_OK))
		usleep(10000);

	kill(first, SIGKILL);
	reap(&f->dp);
	assert_int_equal(f->dp.dropped, 1);
	assert_int_equal(f->dp.lines, 1);
	assert_int_equal(f->dp.pid, 0);
	assert_true(dispatcher_timeout(&f->dp) > 0);
	usleep(DISPATCHER_RESTART_MS * 1000 + 50000);
	assert_int_equal(dispatcher_timeout(&f->dp), 0);
	dispatcher_run(&f->dp);
	assert_true(f->dp.pid > 0 && f->dp.pid != first);
	dispatcher_stop(&f->dp, 5000);
	while (waitpid(-1, NULL, 0) > 0)
		;
	assert_string_equal(slurp(f->out, buf, sizeof(buf)), "next\n");
}

/* A program that closes its stdin is stopped, to be started again. */
static void dispatcher_stops_a_program_that_stops_reading(void **state)
{
	struct fixture *f = *state;

	script(f, "plugin", "exec 0<&-; exec sleep 60");
	snprintf(f->cmd, sizeof(f->cmd), "%s/plugin", f->dir);
	dispatcher_configure(&f->dp, f->cmd, 10);
	dispatcher_run(&f->dp);
	assert_true(f->dp.pid > 0);
	/* Until the shell has closed it, the pipe takes the line. */
	while (f->dp.fd >= 0) {
		dispatcher_queue(&f->dp, "line\n", 5);
		dispatcher_run(&f->dp);
		usleep(10000);
	}
	reap(&f->dp);
	assert_int_equal(f->dp.pid, 0);
	assert_true(dispatcher_timeout(&f->dp) >= 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			dispatcher_feeds_every_line_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(
			dispatcher_counts_what_finds_the_queue_full, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			dispatcher_queues_nothing_without_a_program, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			dispatcher_restarts_and_never_sends_a_torn_line, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			dispatcher_stops_a_program_that_stops_reading, setup,
			teardown),
	};

	log_init("dispatcher_test");
	signal(SIGPIPE, SIG_IGN);
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}

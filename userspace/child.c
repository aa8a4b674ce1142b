// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: programs auditd-lite starts (actions, the
 * dispatcher).
 */

#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <unistd.h>

#include "child.h"
#include "log.h"

/* What they run with, whatever the daemon was started with: they are root's. */
static char *const child_env[] = {
	"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
	NULL,
};

/**
 * child_spawn - run a program without waiting for it
 * @argv: the program, an absolute path, and its arguments
 * @stdin_fd: its standard input, or -1 to leave ours
 *
 * The program starts with no signal blocked and SIGPIPE at its default,
 * not with the daemon's signal handling, and with a fixed environment
 * (child_env), not the daemon's. Returns its pid, or -1 after
 * logging why it could not be started.
 */
pid_t child_spawn(char *const argv[], int stdin_fd)
{
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attr;
	sigset_t none, pipe;
	pid_t pid;
	int err;

	sigemptyset(&none);
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &pipe);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSIGDEF);
	posix_spawn_file_actions_init(&actions);
	if (stdin_fd >= 0)
		posix_spawn_file_actions_adddup2(&actions, stdin_fd,
						 STDIN_FILENO);
	err = posix_spawn(&pid, argv[0], &actions, &attr, argv, child_env);
	posix_spawn_file_actions_destroy(&actions);
	posix_spawnattr_destroy(&attr);
	if (err) {
		log_msg(LOG_ERR, "cannot run %s: %s", argv[0], strerror(err));
		return -1;
	}
	log_msg(LOG_NOTICE, "running %s (pid %d)", argv[0], (int)pid);
	return pid;
}

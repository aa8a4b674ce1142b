/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: programs auditd-lite starts (actions, the
 * dispatcher).
 */

#ifndef AUDITLITE_CHILD_H
#define AUDITLITE_CHILD_H

#include <sys/types.h>

pid_t child_spawn(char *const argv[], int stdin_fd);

#endif /* AUDITLITE_CHILD_H */

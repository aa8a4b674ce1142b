// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: auditd-lite's dispatcher; see dispatcher.h.
 *
 * Lines already in the pipe when the program dies are lost with it, as
 * they are with auditd's plugins: the pipe cannot be read back.
 */

#define _GNU_SOURCE		/* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child.h"
#include "dispatcher.h"
#include "log.h"
#include "util.h"

/* The queue's first allocation; it doubles from there as lines need. */
#define DISPATCHER_BUF_MIN	(64 * 1024)

void dispatcher_init(struct dispatcher *dp)
{
	memset(dp, 0, sizeof(*dp));
	dp->fd = -1;
	dp->start_at = -1;
}

/*
 * Close the program's stdin; the rest of a line it got only in part is
 * dropped, so that no program ever reads a torn line.
 */
static void dispatcher_close(struct dispatcher *dp)
{
	const char *nl;

	if (dp->fd >= 0)
		close(dp->fd);
	dp->fd = -1;
	if (!dp->mid_line)
		return;
	dp->mid_line = false;
	/* Lines are queued whole: the end of this one is in the queue. */
	nl = memchr(dp->buf + dp->done, '\n', dp->len - dp->done);
	dp->done = nl - dp->buf + 1;
	dp->lines--;
	dp->dropped++;
	log_msg(LOG_WARNING, "dispatcher: dropped a line %s had in part",
		dp->argv[0]);
}

static void dispatcher_start(struct dispatcher *dp)
{
	int fds[2];

	dp->start_at = -1;
	if (pipe2(fds, O_CLOEXEC)) {
		log_msg(LOG_ERR, "dispatcher: pipe: %s", strerror(errno));
		goto retry;
	}
	if (fcntl(fds[1], F_SETFL, O_NONBLOCK)) {
		log_msg(LOG_ERR, "dispatcher: fcntl: %s", strerror(errno));
		goto close;
	}
	dp->pid = child_spawn(dp->argv, fds[0]);
	close(fds[0]);
	if (dp->pid < 0) {
		dp->pid = 0;
		close(fds[1]);
		goto retry;
	}
	dp->fd = fds[1];
	return;
close:
	close(fds[0]);
	close(fds[1]);
retry:
	dp->start_at = now_ms() + DISPATCHER_RESTART_MS;
}

/**
 * dispatcher_configure - set or change the dispatcher
 * @dp: the dispatcher
 * @cmd: its command line, as config_parse() accepted it; "" for none
 * @q_depth: how many lines its queue holds at most
 *
 * A new command stops the old program (its stdin is closed) and starts
 * the new one at the next dispatcher_run(); the queue carries over. No
 * command empties the queue, counting the lines as dropped.
 */
void dispatcher_configure(struct dispatcher *dp, const char *cmd,
			  unsigned int q_depth)
{
	char *word, *save;
	size_t n = 0;

	dp->q_depth = q_depth;
	if (!strcmp(cmd, dp->cmd))
		return;
	if (dp->pid)
		log_msg(LOG_NOTICE, "dispatcher: leaving %s (pid %d)",
			dp->argv[0], (int)dp->pid);
	dispatcher_close(dp);
	dp->pid = 0;
	if (!cmd[0]) {
		dp->dropped += dp->lines;
		dp->len = dp->done = dp->lines = 0;
	}

	/* Both are PATH_MAX long, as the configuration's field. */
	strcpy(dp->cmd, cmd);
	strcpy(dp->argv_buf, cmd);
	for (word = strtok_r(dp->argv_buf, " \t", &save);
	     word && n < CONFIG_COMMAND_WORDS;
	     word = strtok_r(NULL, " \t", &save))
		dp->argv[n++] = word;
	dp->argv[n] = NULL;
	dp->start_at = cmd[0] ? now_ms() : -1;
}

/* Room for @n more bytes at the end of the queue. */
static int dispatcher_reserve(struct dispatcher *dp, size_t n)
{
	size_t cap;
	char *buf;

	if (dp->len + n <= dp->cap)
		return 0;
	/* Not before the first allocation: memmove() of a NULL is undefined. */
	if (dp->done) {
		memmove(dp->buf, dp->buf + dp->done, dp->len - dp->done);
		dp->len -= dp->done;
		dp->done = 0;
	}
	if (dp->len + n <= dp->cap)
		return 0;
	cap = dp->cap ? dp->cap : DISPATCHER_BUF_MIN;
	while (cap < dp->len + n)
		cap *= 2;
	buf = realloc(dp->buf, cap);
	if (!buf)
		return -ENOMEM;
	dp->buf = buf;
	dp->cap = cap;
	return 0;
}

/**
 * dispatcher_queue - queue lines written to the log for the dispatcher
 * @dp: the dispatcher
 * @data: whole lines, each ending in a newline
 * @len: their length
 *
 * Never blocks: a line that finds q_depth lines queued, or no memory, is
 * dropped and counted. Nothing is queued without a dispatcher.
 */
void dispatcher_queue(struct dispatcher *dp, const char *data, size_t len)
{
	const char *end = data + len;

	if (!dp->cmd[0])
		return;
	while (data < end) {
		const char *nl = memchr(data, '\n', end - data);
		size_t n = nl ? (size_t)(nl - data) + 1 : (size_t)(end - data);

		if (dp->lines < dp->q_depth && !dispatcher_reserve(dp, n)) {
			memcpy(dp->buf + dp->len, data, n);
			dp->len += n;
			dp->lines++;
			if (dp->dropping)
				log_msg(LOG_NOTICE, "dispatcher: queueing "
					"again, %llu lines dropped so far",
					dp->dropped);
			dp->dropping = false;
		} else {
			if (!dp->dropping)
				log_msg(LOG_WARNING, "dispatcher: queue full "
					"(q_depth %u lines): dropping lines",
					dp->q_depth);
			dp->dropping = true;
			dp->dropped++;
		}
		data += n;
	}
}

/* poll() events to wait for on dp->fd. */
short dispatcher_events(const struct dispatcher *dp)
{
	return dp->fd >= 0 && dp->done < dp->len ? POLLOUT : 0;
}

/* Milliseconds until dispatcher_run() has something to start, or -1. */
long long dispatcher_timeout(const struct dispatcher *dp)
{
	long long left;

	if (dp->start_at < 0)
		return -1;
	left = dp->start_at - now_ms();
	return left > 0 ? left : 0;
}

/* @n bytes from dp->done have gone into the pipe. */
static void dispatcher_wrote(struct dispatcher *dp, size_t n)
{
	const char *p = dp->buf + dp->done, *end = p + n;

	while ((p = memchr(p, '\n', end - p))) {
		p++;
		dp->lines--;
		dp->sent++;
	}
	dp->mid_line = end[-1] != '\n';
	dp->done += n;
	if (dp->done == dp->len)
		dp->len = dp->done = 0;
}

/**
 * dispatcher_run - start the program if due, and feed it what it takes
 * @dp: the dispatcher
 *
 * Writes without blocking; call it whenever poll() says, or time has
 * passed. A program that closed its stdin is stopped, to be started again
 * once reaped.
 */
void dispatcher_run(struct dispatcher *dp)
{
	if (dp->start_at >= 0 && now_ms() >= dp->start_at)
		dispatcher_start(dp);
	while (dp->fd >= 0 && dp->done < dp->len) {
		ssize_t n = write(dp->fd, dp->buf + dp->done,
				  dp->len - dp->done);

		if (n > 0) {
			dispatcher_wrote(dp, n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		log_msg(LOG_WARNING, "dispatcher: cannot write to %s: %s",
			dp->argv[0], strerror(errno));
		dispatcher_close(dp);
		kill(dp->pid, SIGTERM);
	}
}

/**
 * dispatcher_reaped - tell the dispatcher a child has been waited for
 * @dp: the dispatcher
 * @pid: the child
 *
 * Returns true if it was the dispatcher's program, which will be started
 * again after DISPATCHER_RESTART_MS.
 */
bool dispatcher_reaped(struct dispatcher *dp, pid_t pid)
{
	if (!dp->pid || pid != dp->pid)
		return false;
	dispatcher_close(dp);
	dp->pid = 0;
	dp->start_at = now_ms() + DISPATCHER_RESTART_MS;
	log_msg(LOG_WARNING, "dispatcher: %s ended, starting it again in "
		"%d ms", dp->argv[0], DISPATCHER_RESTART_MS);
	return true;
}

/**
 * dispatcher_stop - feed the program what is queued, then close its stdin
 * @dp: the dispatcher
 * @drain_ms: how long to wait for the program to take the queue
 *
 * What it has not taken by then is counted as dropped. The program is not
 * waited for: it sees the end of its input and exits by itself.
 */
void dispatcher_stop(struct dispatcher *dp, int drain_ms)
{
	long long end = now_ms() + drain_ms;

	if (!dp->cmd[0])
		return;
	while (dispatcher_events(dp)) {
		struct pollfd pfd = { .fd = dp->fd, .events = POLLOUT };
		long long left = end - now_ms();

		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			break;
		dispatcher_run(dp);
	}
	dispatcher_close(dp);
	dp->dropped += dp->lines;
	log_msg(LOG_INFO, "dispatcher: %s: %llu lines sent, %llu dropped",
		dp->argv[0], dp->sent, dp->dropped);
	free(dp->buf);
	dispatcher_init(dp);
}

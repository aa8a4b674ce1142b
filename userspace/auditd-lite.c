// SPDX-License-Identifier: GPL-2.0
/*
 * auditd-lite: writes the records of auditlite.ko to a log file.
 *
 * For now it connects, loads its configuration and runs its poll() loop
 * over the netlink socket and a signalfd; records are not yet asked for.
 */

#define _GNU_SOURCE		/* sigabbrev_np() */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <netlink/netlink.h>

#include <uapi/auditlite.h>

#include "config.h"
#include "log.h"
#include "nl.h"

static void usage(void)
{
	fprintf(stderr, "usage: auditd-lite [-f] [-c FILE]\n");
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
	if (sigprocmask(SIG_BLOCK, &mask, NULL)) {
		log_msg(LOG_ERR, "sigprocmask: %s", strerror(errno));
		return -1;
	}
	fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		log_msg(LOG_ERR, "signalfd: %s", strerror(errno));
	return fd;
}

/* Returns true when the daemon is to exit. */
static bool handle_signal(int sfd)
{
	struct signalfd_siginfo si;
	ssize_t n;

	n = read(sfd, &si, sizeof(si));
	if (n != sizeof(si))
		return false;

	switch (si.ssi_signo) {
	case SIGTERM:
	case SIGINT:
		return true;
	default:
		/* SIGHUP reloads, SIGUSR1 rotates, SIGUSR2 resumes: to come. */
		log_msg(LOG_NOTICE, "SIG%s received, ignored for now",
			sigabbrev_np(si.ssi_signo));
		return false;
	}
}

static int run(struct alnl *nl, int sfd)
{
	struct pollfd pfd[] = {
		{ .fd = nl_socket_get_fd(nl->sk), .events = POLLIN },
		{ .fd = sfd, .events = POLLIN },
	};
	int err;

	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_msg(LOG_ERR, "poll: %s", strerror(errno));
			return 1;
		}

		/* POLLERR is how an overrun (ENOBUFS) shows: read it too. */
		if (pfd[0].revents & (POLLIN | POLLERR)) {
			err = nl_recvmsgs_default(nl->sk);
			if (err < 0)
				log_msg(LOG_WARNING, "netlink receive: %s",
					nl_geterror(err));
		}

		if ((pfd[1].revents & POLLIN) && handle_signal(sfd))
			return 0;
	}
}

int main(int argc, char **argv)
{
	const char *config_path = NULL;
	bool foreground = false;
	struct config cfg;
	struct alnl nl;
	int ret = 1;
	int sfd;
	int opt;

	log_init("auditd-lite");
	while ((opt = getopt(argc, argv, "fc:")) != -1) {
		switch (opt) {
		case 'f':
			foreground = true;
			break;
		case 'c':
			config_path = optarg;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (optind != argc) {
		usage();
		return 2;
	}

	/* Errors up to here reach the terminal of whoever started us. */
	if (load_config(&cfg, config_path))
		return 1;
	if (alnl_open(&nl))
		return 1;

	if (!foreground) {
		if (daemon(0, 0)) {
			log_msg(LOG_ERR, "daemon: %s", strerror(errno));
			goto out_close;
		}
		log_to_syslog();
	}
	log_msg(LOG_INFO, "resolved family %s (id %d)",
		AUDITLITE_FAMILY_NAME, nl.family);

	/* Records arrive unasked, with sequence numbers of their own. */
	nl_socket_disable_seq_check(nl.sk);
	if (nl_socket_set_nonblocking(nl.sk) < 0) {
		log_msg(LOG_ERR, "cannot make netlink socket non-blocking");
		goto out_close;
	}

	sfd = open_signalfd();
	if (sfd < 0)
		goto out_close;
	ret = run(&nl, sfd);
	close(sfd);
	log_msg(LOG_INFO, "exiting");
out_close:
	alnl_close(&nl);
	return ret;
}

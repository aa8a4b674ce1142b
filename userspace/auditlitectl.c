// SPDX-License-Identifier: GPL-2.0
/*
 * auditlitectl: look at and control auditlite.ko.
 *
 *	auditlitectl status
 *	auditlitectl set KEY VALUE
 *	auditlitectl reset-lost
 *	auditlitectl tail
 *	auditlitectl seal-init [--key-file FILE]
 *	auditlitectl verify --key KEY|- [--first-epoch N] FILE... | DIR
 */

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include <uapi/auditlite.h>

#include "log.h"
#include "nl.h"
#include "records.h"
#include "seal.h"
#include "util.h"
#include "verify.h"

/* tail's socket buffer: a few seconds of records at full speed. */
#define TAIL_RCVBUF	(8 * 1024 * 1024)

static const struct nla_policy status_policy[AUDITLITE_A_MAX + 1] = {
	[AUDITLITE_A_ENABLED]			= { .type = NLA_U32 },
	[AUDITLITE_A_FAILURE]			= { .type = NLA_U32 },
	[AUDITLITE_A_PID]			= { .type = NLA_U32 },
	[AUDITLITE_A_PORTID]			= { .type = NLA_U32 },
	[AUDITLITE_A_RATE_LIMIT]		= { .type = NLA_U32 },
	[AUDITLITE_A_BACKLOG_LIMIT]		= { .type = NLA_U32 },
	[AUDITLITE_A_BACKLOG]			= { .type = NLA_U32 },
	[AUDITLITE_A_BACKLOG_HIGH_WATER]	= { .type = NLA_U32 },
	[AUDITLITE_A_LOST]			= { .type = NLA_U64 },
	[AUDITLITE_A_SENT]			= { .type = NLA_U64 },
	[AUDITLITE_A_ACKED]			= { .type = NLA_U64 },
	[AUDITLITE_A_BACKLOG_WAIT_TIME]		= { .type = NLA_U32 },
	[AUDITLITE_A_BACKLOG_WAIT_TIME_ACTUAL]	= { .type = NLA_U64 },
	[AUDITLITE_A_QUEUE]			= { .type = NLA_NESTED },
	[AUDITLITE_A_LISTENER]			= { .type = NLA_NESTED },
};

static const struct nla_policy queue_policy[AUDITLITE_QUEUE_A_MAX + 1] = {
	[AUDITLITE_QUEUE_A_CPU]			= { .type = NLA_U32 },
	[AUDITLITE_QUEUE_A_DEPTH]		= { .type = NLA_U32 },
};

/*
 * In the order auditlitectl status prints them: those auditctl -s has, in
 * its order, then ours. The settable ones are the keys of set.
 */
static const struct {
	int attr;
	const char *key;
	bool settable;
} status_keys[] = {
	{ AUDITLITE_A_ENABLED,			"enabled", true },
	{ AUDITLITE_A_FAILURE,			"failure", true },
	{ AUDITLITE_A_PID,			"pid", false },
	{ AUDITLITE_A_RATE_LIMIT,		"rate_limit", true },
	{ AUDITLITE_A_BACKLOG_LIMIT,		"backlog_limit", true },
	{ AUDITLITE_A_LOST,			"lost", false },
	{ AUDITLITE_A_BACKLOG,			"backlog", false },
	{ AUDITLITE_A_BACKLOG_WAIT_TIME,	"backlog_wait_time", true },
	{ AUDITLITE_A_BACKLOG_WAIT_TIME_ACTUAL,	"backlog_wait_time_actual",
	  false },
	{ AUDITLITE_A_BACKLOG_HIGH_WATER,	"backlog_high_water", false },
	{ AUDITLITE_A_SENT,			"sent", false },
	{ AUDITLITE_A_ACKED,			"acked", false },
	{ AUDITLITE_A_PORTID,			"portid", false },
};

static const struct nla_policy listener_policy[AUDITLITE_LISTENER_A_MAX + 1] = {
	[AUDITLITE_LISTENER_A_PORTID]		= { .type = NLA_U32 },
	[AUDITLITE_LISTENER_A_DROPS]		= { .type = NLA_U64 },
};

/*
 * One line per CPU, "queue_depth CPU DEPTH", then one per listener,
 * "listener PORTID DROPS".
 */
static int print_nests(struct genlmsghdr *gnlh)
{
	struct nlattr *qb[AUDITLITE_QUEUE_A_MAX + 1];
	struct nlattr *lb[AUDITLITE_LISTENER_A_MAX + 1];
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(gnlh, 0),
			  genlmsg_attrlen(gnlh, 0), rem) {
		if (nla_type(a) != AUDITLITE_A_QUEUE)
			continue;
		if (nla_parse_nested(qb, AUDITLITE_QUEUE_A_MAX, a,
				     queue_policy) ||
		    !qb[AUDITLITE_QUEUE_A_CPU] || !qb[AUDITLITE_QUEUE_A_DEPTH])
			return -EBADMSG;
		printf("queue_depth %" PRIu32 " %" PRIu32 "\n",
		       nla_get_u32(qb[AUDITLITE_QUEUE_A_CPU]),
		       nla_get_u32(qb[AUDITLITE_QUEUE_A_DEPTH]));
	}
	nla_for_each_attr(a, genlmsg_attrdata(gnlh, 0),
			  genlmsg_attrlen(gnlh, 0), rem) {
		if (nla_type(a) != AUDITLITE_A_LISTENER)
			continue;
		if (nla_parse_nested(lb, AUDITLITE_LISTENER_A_MAX, a,
				     listener_policy) ||
		    !lb[AUDITLITE_LISTENER_A_PORTID] ||
		    !lb[AUDITLITE_LISTENER_A_DROPS])
			return -EBADMSG;
		printf("listener %" PRIu32 " %" PRIu64 "\n",
		       nla_get_u32(lb[AUDITLITE_LISTENER_A_PORTID]),
		       nla_get_u64(lb[AUDITLITE_LISTENER_A_DROPS]));
	}
	return 0;
}

/* @arg: an int set to -EBADMSG if the reply does not parse. */
static int status_handler(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[AUDITLITE_A_MAX + 1];
	int *bad = arg;
	size_t i;
	int err;

	err = genlmsg_parse(nlmsg_hdr(msg), 0, tb, AUDITLITE_A_MAX,
			    status_policy);
	if (err) {
		log_msg(LOG_ERR, "bad status reply: %s", nl_geterror(err));
		*bad = -EBADMSG;
		return NL_SKIP;
	}

	/* Older modules leave attributes out: print what is there. */
	for (i = 0; i < ARRAY_SIZE(status_keys); i++) {
		const struct nlattr *a = tb[status_keys[i].attr];

		if (!a)
			continue;
		if (status_policy[status_keys[i].attr].type == NLA_U64)
			printf("%s %" PRIu64 "\n", status_keys[i].key,
			       nla_get_u64(a));
		else
			printf("%s %" PRIu32 "\n", status_keys[i].key,
			       nla_get_u32(a));
	}
	if (print_nests(nlmsg_data(nlmsg_hdr(msg)))) {
		log_msg(LOG_ERR, "bad status reply: malformed queue or listener");
		*bad = -EBADMSG;
	}
	return NL_OK;
}

static int cmd_status(struct alnl *nl)
{
	struct nl_msg *msg;
	int bad = 0;
	int err;

	msg = alnl_msg(nl, AUDITLITE_CMD_GET_STATUS);
	if (!msg)
		return -ENOMEM;
	/* A queue per possible CPU: the reply may be larger than a page. */
	nl_socket_enable_msg_peek(nl->sk);
	err = alnl_request(nl, msg, status_handler, &bad);
	if (!err)
		err = bad;
	if (err == -EPERM)
		log_msg(LOG_ERR, "status: permission denied: reading auditlite's status needs CAP_AUDIT_READ or CAP_AUDIT_CONTROL (run it as root)");
	else if (err)
		log_msg(LOG_ERR, "status: %s", strerror(-err));
	return err;
}

/* Send a SET filled in by the caller; @what names it in errors. */
static int send_set(struct alnl *nl, struct nl_msg *msg, const char *what)
{
	int err;

	err = alnl_request(nl, msg, NULL, NULL);
	if (err)
		log_msg(LOG_ERR, "%s: %s", what, strerror(-err));
	return err;
}

static int cmd_set(struct alnl *nl, const char *key, const char *value)
{
	struct nl_msg *msg;
	unsigned long v;
	char *end;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(status_keys); i++)
		if (status_keys[i].settable && !strcmp(key, status_keys[i].key))
			break;
	if (i == ARRAY_SIZE(status_keys)) {
		log_msg(LOG_ERR, "set: unknown key %s", key);
		return -EINVAL;
	}
	/* strtoul() would take blanks, a sign and an empty string. */
	errno = 0;
	v = strtoul(value, &end, 10);
	if (!isdigit((unsigned char)*value) || *end || errno ||
	    v > UINT32_MAX) {
		log_msg(LOG_ERR, "set: %s: not an unsigned 32-bit number: %s",
			key, value);
		return -EINVAL;
	}

	msg = alnl_msg(nl, AUDITLITE_CMD_SET);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, status_keys[i].attr, v)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return send_set(nl, msg, "set");
}

static int cmd_reset_lost(struct alnl *nl)
{
	struct nl_msg *msg;

	msg = alnl_msg(nl, AUDITLITE_CMD_SET);
	if (!msg)
		return -ENOMEM;
	if (nla_put_flag(msg, AUDITLITE_A_RESET_LOST)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return send_set(nl, msg, "reset-lost");
}

struct tail {
	struct records batch;
	struct outbuf out;	/* written to stdout batch by batch */
};

static int tail_handler(struct nl_msg *msg, void *arg)
{
	struct tail *t = arg;
	size_t i;
	int err;

	err = records_parse(&t->batch, nlmsg_hdr(msg));
	for (i = 0; !err && i < t->batch.n; i++)
		err = outbuf_add(&t->out, &t->batch.rec[i]);
	if (err)
		log_msg(LOG_ERR, "tail: skipping a batch: %s", strerror(-err));
	return NL_OK;
}

/* SIGINT and SIGTERM, to be read from the returned signalfd. */
static int stop_signals(void)
{
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, NULL))
		return -1;
	return signalfd(-1, &mask, SFD_CLOEXEC);
}

/*
 * Listen until SIGINT or SIGTERM. The kernel sends each batch without
 * waiting: copies the socket has no room for are dropped (and counted in
 * status), and the kernel then reports an overrun: say so, and go on.
 */
static int cmd_tail(struct alnl *nl)
{
	struct tail t = { 0 };
	struct pollfd pfd[2];
	struct nl_msg *msg;
	int err;

	/* Room for bursts: what does not fit is dropped, not waited for. */
	if (alnl_set_rcvbuf(nl, TAIL_RCVBUF))
		return -EIO;
	/* Records carry no sequence number; a long one is larger than a page. */
	nl_socket_disable_seq_check(nl->sk);
	nl_socket_enable_msg_peek(nl->sk);
	nl_socket_modify_cb(nl->sk, NL_CB_VALID, NL_CB_CUSTOM, tail_handler,
			    &t);

	msg = alnl_msg(nl, AUDITLITE_CMD_LISTEN);
	if (!msg)
		return -ENOMEM;
	/* Records may come before the LISTEN's ack: the same handler takes them. */
	err = alnl_request(nl, msg, tail_handler, &t);
	if (err == -EPERM) {
		log_msg(LOG_ERR, "tail: permission denied: listening needs CAP_AUDIT_READ");
		return err;
	}
	if (err) {
		log_msg(LOG_ERR, "tail: LISTEN: %s", strerror(-err));
		return err;
	}
	log_msg(LOG_INFO, "listening until interrupted");

	pfd[0] = (struct pollfd){ .fd = nl_socket_get_fd(nl->sk),
				  .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = stop_signals(), .events = POLLIN };
	if (pfd[1].fd < 0) {
		err = -errno;
		log_msg(LOG_ERR, "tail: signalfd: %s", strerror(-err));
		return err;
	}

	err = 0;
	while (!err && !(pfd[1].revents & POLLIN)) {
		if (poll(pfd, ARRAY_SIZE(pfd), -1) < 0) {
			err = errno == EINTR ? 0 : -errno;
			continue;
		}
		if (!(pfd[0].revents & (POLLIN | POLLERR)))
			continue;
		err = nl_recvmsgs_default(nl->sk);
		if (err == -NLE_NOMEM) {
			log_msg(LOG_WARNING, "tail: overrun, records missed");
			err = 0;
		} else if (err < 0) {
			log_msg(LOG_ERR, "tail: %s", nl_geterror(err));
			err = -EIO;
		} else {
			err = outbuf_write(&t.out, STDOUT_FILENO);
			if (err)
				log_msg(LOG_ERR, "tail: stdout: %s",
					strerror(-err));
		}
	}
	close(pfd[1].fd);
	records_free(&t.batch);
	outbuf_free(&t.out);
	return err;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: auditlitectl status\n"
		"       auditlitectl set KEY VALUE\n"
		"       auditlitectl reset-lost\n"
		"       auditlitectl tail\n"
		"       auditlitectl seal-init [--key-file FILE]\n"
		"       auditlitectl verify --key KEY|- [--first-epoch N] FILE... | DIR\n"
		"       auditlitectl -h | -V\n"
		"KEY: enabled failure rate_limit backlog_limit "
		"backlog_wait_time\n");
}

/*
 * The daemon's first key, in a new key file; the verification key, k(0),
 * is printed once, alone on stdout, for the admin to keep elsewhere.
 */
static int cmd_seal_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key-file", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = SEAL_KEY_FILE_DEFAULT;
	unsigned char seed[SEAL_KEY_LEN];
	char hex[2 * SEAL_KEY_LEN + 1];
	int opt, fd;

	while ((opt = getopt_long(argc, argv, "k:", opts, NULL)) != -1) {
		if (opt != 'k' || optarg[0] != '/') {
			usage(stderr);
			return 2;
		}
		path = optarg;
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (seal_init()) {
		log_msg(LOG_ERR, "libsodium cannot start");
		return 1;
	}
	fd = seal_key_create(path, seed);
	if (fd == -EEXIST) {
		log_msg(LOG_ERR, "%s exists: the log is sealed with it already; "
			"move it away first to start a new chain, whose "
			"verification key will be another", path);
		return 1;
	}
	if (fd < 0) {
		log_msg(LOG_ERR, "cannot create %s: %s", path, strerror(-fd));
		return 1;
	}
	close(fd);
	seal_hex(hex, seed, sizeof(seed));
	fprintf(stderr,
		"auditlitectl: the daemon's key, of epoch 0, is in %s.\n"
		"The verification key follows on stdout. Keep it away from "
		"this machine: whoever has it can seal, and it is what\n"
		"auditlitectl verify --key KEY checks the logs with. It is not "
		"shown again. auditd-lite seals from its next start.\n", path);
	printf("%s\n", hex);
	sodium_memzero(hex, sizeof(hex));
	sodium_memzero(seed, sizeof(seed));
	return fflush(stdout) ? 1 : 0;
}

/*
 * The verification key from --key's @arg into @seed: the digits, or "-"
 * for a line of standard input, which, unlike the command line, no other
 * user can read. Returns 0, or -EINVAL.
 */
static int verify_key_arg(const char *arg, unsigned char seed[SEAL_KEY_LEN])
{
	char line[2 * SEAL_KEY_LEN + 3];
	const char *hex = arg;
	int err = 0;

	if (!strcmp(arg, "-")) {
		if (!fgets(line, sizeof(line), stdin))
			line[0] = '\0';
		line[strcspn(line, " \t\r\n")] = '\0';
		hex = line;
	}
	if (strlen(hex) != 2 * SEAL_KEY_LEN ||
	    !seal_unhex(seed, SEAL_KEY_LEN, hex))
		err = -EINVAL;
	sodium_memzero(line, sizeof(line));
	return err;
}

/* The logs against the verification key: 0 only if all verifies. */
static int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "first-epoch", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned char seed[SEAL_KEY_LEN];
	struct seal_key k0;
	uint64_t first = 0;
	bool have_key = false;
	struct verify v;
	char *end;
	int opt;

	while ((opt = getopt_long(argc, argv, "k:e:", opts, NULL)) != -1) {
		switch (opt) {
		case 'k':
			if (verify_key_arg(optarg, seed)) {
				log_msg(LOG_ERR, "--key: not a verification key "
					"(%d hexadecimal digits, from "
					"auditlitectl seal-init)",
					2 * SEAL_KEY_LEN);
				return 2;
			}
			have_key = true;
			break;
		case 'e':
			errno = 0;
			first = strtoull(optarg, &end, 10);
			if (errno || *end || !isdigit((unsigned char)*optarg)) {
				log_msg(LOG_ERR, "--first-epoch: not a number: %s",
					optarg);
				return 2;
			}
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!have_key || optind == argc) {
		usage(stderr);
		return 2;
	}
	if (seal_init()) {
		log_msg(LOG_ERR, "libsodium cannot start");
		return 2;
	}
	/* The chain from --first-epoch on: its key, derived from k(0). */
	seal_key_from_seed(&k0, seed);
	sodium_memzero(seed, sizeof(seed));
	seal_key_at(&k0, first);
	verify_init(&v, &k0, stdout);
	if (verify_paths(&v, argv + optind, argc - optind))
		return 2;
	verify_summary(&v);
	return v.problems ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argv[1];
	struct alnl nl;
	int err;

	log_init("auditlitectl");
	if (argc == 2 && (!strcmp(cmd, "-h") || !strcmp(cmd, "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc == 2 && (!strcmp(cmd, "-V") || !strcmp(cmd, "--version"))) {
		puts("auditlitectl " AUDITLITE_VERSION);
		return 0;
	}
	/* Commands on files, not on the module. */
	if (argc >= 2 && !strcmp(cmd, "seal-init"))
		return cmd_seal_init(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(cmd, "verify"))
		return cmd_verify(argc - 1, argv + 1);
	if (!(argc == 2 && (!strcmp(cmd, "status") ||
			    !strcmp(cmd, "reset-lost") ||
			    !strcmp(cmd, "tail"))) &&
	    !(argc == 4 && !strcmp(cmd, "set"))) {
		usage(stderr);
		return 2;
	}

	if (alnl_open(&nl))
		return 1;
	if (!strcmp(cmd, "status"))
		err = cmd_status(&nl);
	else if (!strcmp(cmd, "set"))
		err = cmd_set(&nl, argv[2], argv[3]);
	else if (!strcmp(cmd, "reset-lost"))
		err = cmd_reset_lost(&nl);
	else
		err = cmd_tail(&nl);
	alnl_close(&nl);
	return err ? 1 : 0;
}

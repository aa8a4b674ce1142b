// SPDX-License-Identifier: GPL-2.0
/*
 * auditlitectl: look at and control auditlite.ko.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <netlink/genl/genl.h>

#include <uapi/auditlite.h>

#include "log.h"
#include "nl.h"
#include "util.h"

static const struct nla_policy status_policy[AUDITLITE_A_MAX + 1] = {
	[AUDITLITE_A_ENABLED]			= { .type = NLA_U32 },
	[AUDITLITE_A_FAILURE]			= { .type = NLA_U32 },
	[AUDITLITE_A_PID]			= { .type = NLA_U32 },
	[AUDITLITE_A_RATE_LIMIT]		= { .type = NLA_U32 },
	[AUDITLITE_A_BACKLOG_LIMIT]		= { .type = NLA_U32 },
	[AUDITLITE_A_BACKLOG]			= { .type = NLA_U32 },
	[AUDITLITE_A_BACKLOG_HIGH_WATER]	= { .type = NLA_U32 },
	[AUDITLITE_A_LOST]			= { .type = NLA_U64 },
	[AUDITLITE_A_SENT]			= { .type = NLA_U64 },
	[AUDITLITE_A_ACKED]			= { .type = NLA_U64 },
	[AUDITLITE_A_BACKLOG_WAIT_TIME]		= { .type = NLA_U32 },
	[AUDITLITE_A_BACKLOG_WAIT_TIME_ACTUAL]	= { .type = NLA_U64 },
};

/* In the order auditlitectl status prints them, as auditctl -s does. */
static const struct {
	int attr;
	const char *key;
} status_keys[] = {
	{ AUDITLITE_A_ENABLED,			"enabled" },
	{ AUDITLITE_A_FAILURE,			"failure" },
	{ AUDITLITE_A_PID,			"pid" },
	{ AUDITLITE_A_RATE_LIMIT,		"rate_limit" },
	{ AUDITLITE_A_BACKLOG_LIMIT,		"backlog_limit" },
	{ AUDITLITE_A_BACKLOG,			"backlog" },
	{ AUDITLITE_A_BACKLOG_HIGH_WATER,	"backlog_high_water" },
	{ AUDITLITE_A_LOST,			"lost" },
	{ AUDITLITE_A_SENT,			"sent" },
	{ AUDITLITE_A_ACKED,			"acked" },
	{ AUDITLITE_A_BACKLOG_WAIT_TIME,	"backlog_wait_time" },
	{ AUDITLITE_A_BACKLOG_WAIT_TIME_ACTUAL,	"backlog_wait_time_actual" },
};

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
	err = alnl_request(nl, msg, status_handler, &bad);
	if (!err)
		err = bad;
	if (err)
		log_msg(LOG_ERR, "status: %s", strerror(-err));
	return err;
}

static void usage(void)
{
	fprintf(stderr, "usage: auditlitectl status\n");
}

int main(int argc, char **argv)
{
	struct alnl nl;
	int err;

	log_init("auditlitectl");
	if (argc != 2 || strcmp(argv[1], "status")) {
		usage();
		return 2;
	}

	if (alnl_open(&nl))
		return 1;
	err = cmd_status(&nl);
	alnl_close(&nl);
	return err ? 1 : 0;
}

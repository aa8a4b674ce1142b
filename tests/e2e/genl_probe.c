// SPDX-License-Identifier: GPL-2.0
/*
 * genl_probe: sends malformed auditlite requests and checks that each is
 * refused with the expected error and an extack message, and that none of
 * them changed a setting. Prints TAP; exits 1 if any case failed.
 *
 * Malformed requests get EINVAL; a well-formed value outside its range
 * gets ERANGE, which is what the netlink policy core answers for it.
 *
 *   genl_probe malformed   the malformed-request cases (run as root)
 *   genl_probe unprivileged REGISTER, SET, ACK, GET_STATUS, LISTEN must
 *                          fail with EPERM
 *
 * and, for the scenarios that time genetlink under load:
 *
 *   genl_probe register    REGISTER as the daemon, print how long the
 *                          answer took ("register: N ms"), exit (which
 *                          unregisters)
 *   genl_probe resolve S   resolve the "nlctrl" family over and over for
 *                          S seconds, print the longest answer
 *                          ("resolve: longest N ms of M")
 *   genl_probe forge PORT  send a well-formed batch of one record (text
 *                          "op=forged") to the socket on PORT, as a
 *                          userspace process of root's would
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <uapi/auditlite.h>

struct reply {
	int error;
	int nlerr;	/* libnl's error, when receiving failed */
	char extack[256];
	char status[512];
};

static struct nl_sock *sk;
static int family;
static int failed, cases;
/* The socket is the daemon: records come, with no sequence number. */
static bool records_come;

static int on_error(struct sockaddr_nl *nla __attribute__((unused)),
		    struct nlmsgerr *err, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)err - 1;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = {};
	struct reply *r = arg;
	int len = nlh->nlmsg_len - sizeof(*nlh);
	int off = sizeof(*err);

	r->error = err->error;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && len > off &&
	    !nla_parse(tb, NLMSGERR_ATTR_MAX,
		       (struct nlattr *)((char *)err + off), len - off, NULL) &&
	    tb[NLMSGERR_ATTR_MSG])
		snprintf(r->extack, sizeof(r->extack), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg __attribute__((unused)), void *arg)
{
	((struct reply *)arg)->error = 0;
	return NL_STOP;
}

/* Render the settings of a GET_STATUS reply, to compare before and after. */
static int on_valid(struct nl_msg *msg, void *arg)
{
	static const int keys[] = {
		AUDITLITE_A_ENABLED, AUDITLITE_A_FAILURE, AUDITLITE_A_RATE_LIMIT,
		AUDITLITE_A_BACKLOG_LIMIT, AUDITLITE_A_BACKLOG_WAIT_TIME,
		AUDITLITE_A_PORTID,
	};
	struct nlattr *tb[AUDITLITE_A_MAX + 1];
	struct reply *r = arg;
	size_t i, n = 0;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, AUDITLITE_A_MAX, NULL))
		return NL_SKIP;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		n += snprintf(r->status + n, sizeof(r->status) - n, "%u ",
			      tb[keys[i]] ? nla_get_u32(tb[keys[i]]) : 0xffffffffu);
	return NL_OK;
}

static int any_seq(struct nl_msg *msg __attribute__((unused)),
		   void *arg __attribute__((unused)))
{
	return NL_OK;
}

/* Send @msg (consumed) and wait for the kernel's answer. */
static void transact(struct nl_msg *msg, struct reply *r)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	memset(r, 0, sizeof(*r));
	r->error = 1;
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, r);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, r);
	if (records_come)
		nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, any_seq, NULL);
	if (nl_send_auto(sk, msg) < 0)
		r->error = -EIO;
	while (r->error > 0) {
		r->nlerr = nl_recvmsgs(sk, cb);
		/* As the daemon, its buffer may overflow with records. */
		if (r->nlerr == -NLE_NOMEM && records_come)
			continue;
		if (r->nlerr < 0)
			break;
	}
	nl_cb_put(cb);
	nlmsg_free(msg);
}

static struct nl_msg *request(int cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, NLM_F_ACK, cmd,
		    AUDITLITE_FAMILY_VERSION);
	return msg;
}

static void settings(char *out, size_t len)
{
	struct reply r;

	transact(request(AUDITLITE_CMD_GET_STATUS), &r);
	snprintf(out, len, "%s", r.status);
}

/* One case: @msg must fail with @error and, if @extack, say why. */
static void expect(const char *name, struct nl_msg *msg, int error, bool extack)
{
	char before[512], after[512];
	struct reply r;
	bool ok;

	settings(before, sizeof(before));
	transact(msg, &r);
	settings(after, sizeof(after));

	ok = r.error == -error && (!extack || r.extack[0]) &&
	     !strcmp(before, after);
	cases++;
	if (!ok)
		failed++;
	printf("%s %d - %s: %s%s%s\n", ok ? "ok" : "not ok", cases, name,
	       r.error ? strerror(-r.error) : "accepted",
	       r.extack[0] ? ", extack: " : "", r.extack);
	if (strcmp(before, after))
		printf("# settings changed: [%s] -> [%s]\n", before, after);
}

static void malformed(void)
{
	struct nl_msg *msg;

	msg = request(AUDITLITE_CMD_SET);
	nla_put_u32(msg, AUDITLITE_A_FAILURE, 7);
	expect("SET failure out of range", msg, ERANGE, true);

	msg = request(AUDITLITE_CMD_SET);
	nla_put_u32(msg, AUDITLITE_A_BACKLOG_WAIT_TIME, 700000);
	expect("SET backlog_wait_time out of range", msg, ERANGE, true);

	msg = request(AUDITLITE_CMD_SET);
	nla_put_u8(msg, AUDITLITE_A_BACKLOG_LIMIT, 1);
	expect("SET backlog_limit of the wrong size", msg, EINVAL, true);

	msg = request(AUDITLITE_CMD_SET);
	nla_put_u32(msg, AUDITLITE_A_BACKLOG_LIMIT, 5);
	nla_put_u32(msg, AUDITLITE_A_ENABLED, 2);
	expect("SET with one good and one bad value changes nothing", msg,
	       ERANGE, true);

	msg = request(AUDITLITE_CMD_SET);
	expect("SET with no setting", msg, EINVAL, true);

	msg = request(AUDITLITE_CMD_SET);
	nla_put_u32(msg, AUDITLITE_A_MAX + 5, 1);
	expect("SET with an unknown attribute", msg, EINVAL, true);

	msg = request(AUDITLITE_CMD_ACK);
	expect("ACK without a serial", msg, EINVAL, true);

	msg = request(AUDITLITE_CMD_GET_STATUS);
	nla_put_u32(msg, AUDITLITE_A_ENABLED, 0);
	expect("GET_STATUS with an attribute", msg, EINVAL, true);

	msg = request(AUDITLITE_CMD_REGISTER);
	nla_put_u32(msg, AUDITLITE_A_PID, 1);
	expect("REGISTER with an attribute", msg, EINVAL, true);

	msg = request(AUDITLITE_CMD_MAX + 10);
	expect("unknown command", msg, EOPNOTSUPP, false);

	msg = request(AUDITLITE_CMD_RECORDS);
	expect("RECORDS sent to the kernel", msg, EOPNOTSUPP, false);
}

static void unprivileged(void)
{
	struct nl_msg *msg;

	expect("REGISTER", request(AUDITLITE_CMD_REGISTER), EPERM, false);
	expect("UNREGISTER", request(AUDITLITE_CMD_UNREGISTER), EPERM, false);

	msg = request(AUDITLITE_CMD_SET);
	nla_put_u32(msg, AUDITLITE_A_BACKLOG_LIMIT, 5);
	expect("SET", msg, EPERM, false);

	msg = request(AUDITLITE_CMD_ACK);
	nla_put_u64(msg, AUDITLITE_A_ACK_SERIAL, 1);
	expect("ACK", msg, EPERM, false);

	expect("GET_STATUS", request(AUDITLITE_CMD_GET_STATUS), EPERM, true);
	expect("LISTEN", request(AUDITLITE_CMD_LISTEN), EPERM, true);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int timed_register(void)
{
	long long start;
	struct reply r;

	/* Room for the replay, so that the ack is not dropped with it. */
	records_come = true;
	nl_socket_set_buffer_size(sk, 1 << 22, 0);
	start = now_ms();
	transact(request(AUDITLITE_CMD_REGISTER), &r);
	printf("register: %lld ms, %s\n", now_ms() - start,
	       r.error > 0 ? nl_geterror(r.nlerr) :
	       r.error ? strerror(-r.error) : "registered");
	return r.error ? 1 : 0;
}

static int timed_resolve(const char *seconds)
{
	long long end = now_ms() + 1000LL * atoi(seconds), start, took, longest = 0;
	int n = 0;

	while (now_ms() < end) {
		start = now_ms();
		if (genl_ctrl_resolve(sk, "nlctrl") < 0) {
			printf("resolve: nlctrl not found\n");
			return 1;
		}
		took = now_ms() - start;
		if (took > longest)
			longest = took;
		n++;
	}
	printf("resolve: longest %lld ms of %d\n", longest, n);
	return 0;
}

static int forge(const char *port)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *rec;
	int err;

	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0,
		    AUDITLITE_CMD_RECORDS, AUDITLITE_FAMILY_VERSION);
	rec = nla_nest_start(msg, AUDITLITE_A_RECORD);
	nla_put_u64(msg, AUDITLITE_RECORD_A_SERIAL, 999999);
	nla_put_u32(msg, AUDITLITE_RECORD_A_TYPE, 1131);
	nla_put_u64(msg, AUDITLITE_RECORD_A_SEC, 1);
	nla_put_u32(msg, AUDITLITE_RECORD_A_NSEC, 0);
	nla_put_u32(msg, AUDITLITE_RECORD_A_CPU, 0);
	nla_put_u32(msg, AUDITLITE_RECORD_A_FLAGS, 0);
	nla_put_string(msg, AUDITLITE_RECORD_A_TEXT, "op=forged");
	nla_nest_end(msg, rec);
	nl_socket_set_peer_port(sk, strtoul(port, NULL, 0));
	err = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	printf("forge: %s\n", err < 0 ? nl_geterror(err) : "sent");
	return err < 0;
}

int main(int argc, char **argv)
{
	int one = 1;

	if (argc < 2) {
		fprintf(stderr, "usage: genl_probe malformed|unprivileged|register|resolve SECONDS|forge PORT\n");
		return 2;
	}
	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk)) {
		fprintf(stderr, "genl_probe: cannot open a netlink socket\n");
		return 1;
	}
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	family = genl_ctrl_resolve(sk, AUDITLITE_FAMILY_NAME);
	if (family < 0) {
		fprintf(stderr, "genl_probe: family %s not found\n",
			AUDITLITE_FAMILY_NAME);
		return 1;
	}

	if (!strcmp(argv[1], "register"))
		return timed_register();
	if (!strcmp(argv[1], "resolve") && argc == 3)
		return timed_resolve(argv[2]);
	if (!strcmp(argv[1], "forge") && argc == 3)
		return forge(argv[2]);

	printf("TAP version 13\n");
	if (!strcmp(argv[1], "malformed"))
		malformed();
	else if (!strcmp(argv[1], "unprivileged"))
		unprivileged();
	else
		return 2;
	printf("1..%d\n", cases);
	nl_socket_free(sk);
	return failed ? 1 : 0;
}

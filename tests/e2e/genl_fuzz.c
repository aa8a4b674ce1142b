// SPDX-License-Identifier: GPL-2.0
/*
 * Sends auditlite random and mutated requests, as raw bytes: any command
 * number, random and known attribute types with random lengths and
 * payloads, nested ones, wrong flags and header fields, and nlmsg_len
 * shorter or longer than what is sent. After each one a GET_STATUS
 * (sequence number with the top bit set) shows the request's answer has
 * come, and that the settings are what they were.
 *
 *   genl_fuzz COUNT SEED
 *
 * Checked, for every request whose nlmsghdr and genlmsghdr are whole (as
 * long as sent, reserved 0, only the flags genetlink allows):
 *   - commands other than REGISTER, UNREGISTER, GET_STATUS, LISTEN and
 *     UNLISTEN without attributes are answered with an error (SET always
 *     carries a value out of range, last, so it is never valid: the
 *     settings must not move);
 *   - unprivileged, REGISTER, UNREGISTER, SET, ACK, GET_STATUS and LISTEN
 *     fail with EPERM; with attributes, the policy's EINVAL or ERANGE may
 *     come first, as genetlink parses a request before the family sees it
 *     (asked for as a dump, genetlink's EOPNOTSUPP: dump_refused()).
 * Unprivileged, the barrier's GET_STATUS is refused too: fuzz.sh compares
 * the settings as root before and after.
 * The first request that breaks a rule is printed in hex; exit 1.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <uapi/auditlite.h>

#define BARRIER		0x80000000u
#define MSG_MAX		4096

static struct nl_sock *sk;
static int family;
static uint64_t rnd_state;

/* xorshift64*: the same SEED sends the same requests. */
static uint32_t rnd(void)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return (rnd_state * 0x2545f4914f6cdd1dULL) >> 32;
}

static uint32_t rnd_below(uint32_t n)
{
	return rnd() % n;
}

struct request {
	unsigned char buf[MSG_MAX];
	size_t len;		/* bytes sent */
	bool whole;		/* headers whole, nlmsg_len == len */
	uint8_t cmd;
	bool has_attrs;
};

/* Append a random attribute list of @budget bytes at most to @r. */
static void put_attrs(struct request *r, size_t budget, int depth)
{
	size_t end = r->len + budget;
	struct nlattr *nla;
	uint16_t len;
	unsigned int n = rnd_below(5);

	while (n-- && r->len + NLA_HDRLEN <= end) {
		nla = (struct nlattr *)(r->buf + r->len);
		nla->nla_type = rnd_below(4) ? rnd_below(AUDITLITE_A_MAX + 3) :
					       rnd();
		if (!rnd_below(4))
			nla->nla_type |= NLA_F_NESTED;
		r->len += NLA_HDRLEN;
		if (depth < 3 && !rnd_below(4)) {
			put_attrs(r, end - r->len, depth + 1);
		} else {
			static const uint16_t lens[] = { 0, 1, 2, 3, 4, 7, 8, 9,
							 12, 16 };

			len = rnd_below(3) ? lens[rnd_below(10)] :
					     rnd_below(300);
			if (r->len + len > end)
				len = end - r->len;
			for (uint16_t i = 0; i < len; i++)
				r->buf[r->len + i] = rnd();
			r->len += NLA_ALIGN(len);
		}
		len = (unsigned char *)r->buf + r->len - (unsigned char *)nla;
		nla->nla_len = rnd_below(8) ? len : rnd();
	}
}

/* An attribute that is always refused, for SET: failure is 0 to 2. */
static void put_bad_failure(struct request *r)
{
	struct nlattr *nla = (struct nlattr *)(r->buf + r->len);
	uint32_t value = 3 + rnd_below(0xfffffff0);

	nla->nla_type = AUDITLITE_A_FAILURE;
	nla->nla_len = NLA_HDRLEN + sizeof(value);
	memcpy(r->buf + r->len + NLA_HDRLEN, &value, sizeof(value));
	r->len += NLA_ALIGN(nla->nla_len);
}

/*
 * A dump of a command that has only a doit: 6.12's genetlink refuses it
 * (EOPNOTSUPP) before it looks at the privileges, 6.1's after. Refused
 * either way, and before the family sees it.
 */
static bool dump_refused(const struct request *r, int error)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)r->buf;

	return (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP &&
	       error == -EOPNOTSUPP;
}

/* The nlmsg_flags genetlink takes, as genl_header_check() has them. */
static bool header_flags_ok(uint16_t flags)
{
	if ((flags & NLM_F_DUMP) == NLM_F_DUMP)
		flags &= ~NLM_F_DUMP;
	return !(flags & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO));
}

static void make_request(struct request *r, uint32_t seq, bool privileged)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)r->buf;
	struct genlmsghdr *gh = NLMSG_DATA(nlh);
	size_t attrs;

	memset(r, 0, sizeof(*r));
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (!rnd_below(16))
		nlh->nlmsg_flags |= rnd() & 0xfff0;
	nlh->nlmsg_seq = seq;
	r->cmd = rnd_below(4) ? 1 + rnd_below(AUDITLITE_CMD_MAX) : rnd();
	gh->cmd = r->cmd;
	gh->version = rnd_below(4) ? AUDITLITE_FAMILY_VERSION : rnd();
	gh->reserved = rnd_below(16) ? 0 : rnd();
	r->len = NLMSG_HDRLEN + GENL_HDRLEN;
	attrs = r->len;
	put_attrs(r, MSG_MAX - r->len - 64, 0);
	if (r->cmd == AUDITLITE_CMD_SET)
		put_bad_failure(r);
	r->has_attrs = r->len > attrs;
	nlh->nlmsg_len = r->len;
	r->whole = !gh->reserved && header_flags_ok(nlh->nlmsg_flags);

	/*
	 * Lengths that lie. Not for a privileged SET: a shorter nlmsg_len could
	 * cut off the value that makes it invalid.
	 */
	if (!rnd_below(8) && !(privileged && r->cmd == AUDITLITE_CMD_SET)) {
		switch (rnd_below(3)) {
		case 0:
			nlh->nlmsg_len = rnd_below(r->len);
			break;
		case 1:
			nlh->nlmsg_len = r->len + 1 + rnd_below(64);
			break;
		default:
			/* libnl sends nothing empty. */
			r->len = 1 + rnd_below(r->len - 1);
			break;
		}
		r->whole = false;
	}
}

static void dump(const struct request *r)
{
	size_t i;

	fprintf(stderr, "request (%zu bytes):", r->len);
	for (i = 0; i < r->len; i++)
		fprintf(stderr, "%s%02x", i % 16 ? " " : "\n  ", r->buf[i]);
	fputc('\n', stderr);
}

/* The settings in a GET_STATUS reply, as one string. */
static void settings(struct nlmsghdr *nlh, char *out, size_t size)
{
	static const int keys[] = {
		AUDITLITE_A_ENABLED, AUDITLITE_A_FAILURE,
		AUDITLITE_A_RATE_LIMIT, AUDITLITE_A_BACKLOG_LIMIT,
		AUDITLITE_A_BACKLOG_WAIT_TIME,
	};
	struct nlattr *tb[AUDITLITE_A_MAX + 1];
	size_t i, n = 0;

	out[0] = '\0';
	/* Refused, when unprivileged: no settings to compare. */
	if (nlh->nlmsg_type == NLMSG_ERROR ||
	    genlmsg_parse(nlh, 0, tb, AUDITLITE_A_MAX, NULL))
		return;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		n += snprintf(out + n, size - n, "%u ",
			      tb[keys[i]] ? nla_get_u32(tb[keys[i]]) : ~0u);
}

/* The barrier GET_STATUS after request @seq. */
static int send_barrier(uint32_t seq)
{
	struct nl_msg *msg = nlmsg_alloc();
	int err;

	genlmsg_put(msg, NL_AUTO_PORT, seq | BARRIER, family, 0, 0,
		    AUDITLITE_CMD_GET_STATUS, AUDITLITE_FAMILY_VERSION);
	err = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	return err < 0 ? err : 0;
}

struct answer {
	bool got;		/* an answer to the request came */
	int error;		/* its error, 0 for an ack or a reply */
	char settings[128];	/* from the barrier's reply */
};

/* Read up to the barrier's reply; records sent to us are skipped. */
static int collect(uint32_t seq, struct answer *a)
{
	struct sockaddr_nl nla;
	unsigned char *buf;
	struct nlmsghdr *nlh;
	bool done = false;
	int n;

	memset(a, 0, sizeof(*a));
	while (!done) {
		n = nl_recv(sk, &nla, &buf, NULL);
		if (n < 0)
			return n;
		for (nlh = (struct nlmsghdr *)buf; nlmsg_ok(nlh, n);
		     nlh = nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_seq == (seq | BARRIER)) {
				settings(nlh, a->settings, sizeof(a->settings));
				done = true;
			} else if (nlh->nlmsg_seq == seq) {
				a->got = true;
				if (nlh->nlmsg_type == NLMSG_ERROR)
					a->error = ((struct nlmsgerr *)
						    NLMSG_DATA(nlh))->error;
			}
		}
		free(buf);
	}
	return 0;
}

static bool may_succeed(const struct request *r)
{
	return !r->has_attrs && (r->cmd == AUDITLITE_CMD_REGISTER ||
				 r->cmd == AUDITLITE_CMD_UNREGISTER ||
				 r->cmd == AUDITLITE_CMD_GET_STATUS ||
				 r->cmd == AUDITLITE_CMD_LISTEN ||
				 r->cmd == AUDITLITE_CMD_UNLISTEN);
}

static bool needs_privilege(uint8_t cmd)
{
	return cmd == AUDITLITE_CMD_REGISTER ||
	       cmd == AUDITLITE_CMD_UNREGISTER ||
	       cmd == AUDITLITE_CMD_SET || cmd == AUDITLITE_CMD_ACK ||
	       cmd == AUDITLITE_CMD_GET_STATUS || cmd == AUDITLITE_CMD_LISTEN;
}

/* How an unprivileged request that needs privilege may be refused. */
static bool refused_unprivileged(const struct request *r, int error)
{
	return error == -EPERM || dump_refused(r, error) ||
	       (r->has_attrs && (error == -EINVAL || error == -ERANGE));
}

int main(int argc, char **argv)
{
	unsigned long count, errors = 0, accepted = 0, unanswered = 0;
	char before[128] = "";
	struct timeval timeout = { .tv_sec = 10 };
	bool privileged = !geteuid();
	struct request r;
	struct answer a;
	const char *why;
	uint32_t seq;
	int err;

	if (argc != 3) {
		fprintf(stderr, "usage: genl_fuzz COUNT SEED\n");
		return 2;
	}
	count = strtoul(argv[1], NULL, 0);
	rnd_state = strtoull(argv[2], NULL, 0) | 1;

	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk) ||
	    (family = genl_ctrl_resolve(sk, AUDITLITE_FAMILY_NAME)) < 0) {
		fprintf(stderr, "genl_fuzz: cannot reach family %s\n",
			AUDITLITE_FAMILY_NAME);
		return 1;
	}
	nl_socket_enable_msg_peek(sk);
	nl_socket_disable_auto_ack(sk);
	nl_socket_set_buffer_size(sk, 1 << 20, 0);
	/* A barrier that never comes back is a failure, not a hang. */
	setsockopt(nl_socket_get_fd(sk), SOL_SOCKET, SO_RCVTIMEO, &timeout,
		   sizeof(timeout));

	for (seq = 1; seq <= count; seq++) {
		make_request(&r, seq, privileged);
		err = nl_sendto(sk, r.buf, r.len);
		if (err >= 0)
			err = send_barrier(seq);
		if (!err)
			err = collect(seq, &a);
		if (err) {
			fprintf(stderr, "genl_fuzz: request %u: %s\n", seq,
				nl_geterror(err));
			dump(&r);
			return 1;
		}
		if (!before[0])
			strcpy(before, a.settings);

		why = NULL;
		if (strcmp(a.settings, before))
			why = "the settings changed";
		else if (r.whole && !privileged && needs_privilege(r.cmd) &&
			 !refused_unprivileged(&r, a.error))
			why = "unprivileged, and not refused with EPERM";
		else if (r.whole && !may_succeed(&r) && !a.error)
			why = "not answered with an error";
		if (why) {
			fprintf(stderr, "genl_fuzz: request %u (cmd %u): %s "
				"(answer %s, error %d; settings %s-> %s)\n",
				seq, r.cmd, why, a.got ? "came" : "none",
				a.error, before, a.settings);
			dump(&r);
			return 1;
		}
		if (!a.got)
			unanswered++;
		else if (a.error)
			errors++;
		else
			accepted++;
	}

	/* Leave no daemon registered by a REGISTER above. */
	if (privileged) {
		struct nl_msg *msg = nlmsg_alloc();

		genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0,
			    AUDITLITE_CMD_UNREGISTER, AUDITLITE_FAMILY_VERSION);
		nl_send_auto(sk, msg);
		nlmsg_free(msg);
	}
	printf("%lu requests as %s: %lu refused, %lu accepted, %lu dropped "
	       "unanswered as malformed; settings unchanged (%s)\n", count,
	       privileged ? "root" : "an unprivileged user", errors, accepted,
	       unanswered, before);
	nl_socket_free(sk);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: Generic Netlink plumbing.
 *
 * Every request asks for an ACK and runs the error/finish/ack handler trio
 * of iw, so that a failure comes back as -errno together with the kernel's
 * extended ACK message.
 */

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include <uapi/auditlite.h>

#include "log.h"
#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

/**
 * alnl_open - connect to the auditlite Generic Netlink family
 * @nl: filled in on success
 *
 * Errors are logged here. Returns 0 or a negative errno: -ENOENT when the
 * family is not registered, that is the module is not loaded.
 */
int alnl_open(struct alnl *nl)
{
	int one = 1;
	int err;

	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		log_msg(LOG_ERR, "cannot allocate netlink socket");
		return -ENOMEM;
	}

	err = genl_connect(nl->sk);
	if (err) {
		log_msg(LOG_ERR, "genl_connect: %s", nl_geterror(err));
		err = -EIO;
		goto err_free;
	}

	/* Not fatal: without it errors just come without their message. */
	if (setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		       &one, sizeof(one)))
		log_msg(LOG_WARNING, "NETLINK_EXT_ACK: %s", strerror(errno));

	nl->family = genl_ctrl_resolve(nl->sk, AUDITLITE_FAMILY_NAME);
	if (nl->family < 0) {
		if (nl->family == -NLE_OBJ_NOTFOUND) {
			log_msg(LOG_ERR,
				"%s family not found: is %s.ko loaded?",
				AUDITLITE_FAMILY_NAME, AUDITLITE_FAMILY_NAME);
			err = -ENOENT;
		} else {
			log_msg(LOG_ERR, "resolving %s: %s",
				AUDITLITE_FAMILY_NAME, nl_geterror(nl->family));
			err = -EIO;
		}
		goto err_free;
	}
	return 0;

err_free:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return err;
}

void alnl_close(struct alnl *nl)
{
	nl_socket_free(nl->sk);
	nl->sk = NULL;
}

/* A request for @cmd with no attributes yet; NULL, logged, on failure. */
struct nl_msg *alnl_msg(const struct alnl *nl, uint8_t cmd)
{
	struct nl_msg *msg;

	msg = nlmsg_alloc();
	if (msg && genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			       0, cmd, AUDITLITE_FAMILY_VERSION))
		return msg;
	log_msg(LOG_ERR, "cannot allocate netlink message");
	nlmsg_free(msg);
	return NULL;
}

/**
 * alnl_log_extack - log the extended ACK message of an error, if any
 * @err: as an error callback of libnl gets it
 */
void alnl_log_extack(struct nlmsgerr *err)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)err - 1;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	int ack_len = sizeof(*nlh) + sizeof(int) + sizeof(*nlh);
	int len = nlh->nlmsg_len;
	struct nlattr *msg;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;

	/* Unless capped, the request we sent is echoed before the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		ack_len += err->msg.nlmsg_len - sizeof(*nlh);
	if (len <= ack_len)
		return;

	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((unsigned char *)nlh + ack_len),
		      len - ack_len, NULL))
		return;

	msg = tb[NLMSGERR_ATTR_MSG];
	if (msg)
		log_msg(LOG_ERR, "kernel reports: %.*s",
			(int)strnlen(nla_data(msg), nla_len(msg)),
			(char *)nla_data(msg));
}

/* As iw's error_handler: keep the errno, log the extack message if any. */
static int alnl_error_handler(struct sockaddr_nl *nla, struct nlmsgerr *err,
			      void *arg)
{
	int *ret = arg;

	*ret = err->error;
	alnl_log_extack(err);
	return NL_STOP;
}

static int alnl_finish_handler(struct nl_msg *msg, void *arg)
{
	int *ret = arg;

	*ret = 0;
	return NL_SKIP;
}

static int alnl_ack_handler(struct nl_msg *msg, void *arg)
{
	int *ret = arg;

	*ret = 0;
	return NL_STOP;
}

/**
 * alnl_request - send a request and wait for its ACK
 * @nl: connected socket
 * @msg: from alnl_msg(); always freed
 * @valid: called for each reply message, or NULL
 * @arg: passed to @valid
 *
 * Returns 0 once the kernel has acked, or a negative errno: the kernel's,
 * whose extack message has then been logged, or a local failure's, which
 * has been logged too.
 */
int alnl_request(struct alnl *nl, struct nl_msg *msg,
		 nl_recvmsg_msg_cb_t valid, void *arg)
{
	struct nl_cb *cb;
	int ret = 1;
	int err;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		log_msg(LOG_ERR, "cannot allocate netlink callbacks");
		nlmsg_free(msg);
		return -ENOMEM;
	}

	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	err = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		log_msg(LOG_ERR, "netlink send: %s", nl_geterror(err));
		ret = -EIO;
		goto out;
	}

	nl_cb_err(cb, NL_CB_CUSTOM, alnl_error_handler, &ret);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, alnl_finish_handler, &ret);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, alnl_ack_handler, &ret);
	if (valid)
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid, arg);

	/* The handlers set ret to 0 or -errno when the answer is complete. */
	while (ret > 0) {
		err = nl_recvmsgs(nl->sk, cb);
		if (err < 0)
			break;
	}
	/* An error answer also makes libnl return an error, with ret set. */
	if (err < 0 && ret > 0) {
		log_msg(LOG_ERR, "netlink receive: %s", nl_geterror(err));
		ret = -EIO;
	}
out:
	nl_cb_put(cb);
	return ret;
}

/**
 * alnl_set_rcvbuf - room for @size bytes of batches on the socket
 * @nl: the socket
 * @size: bytes; beyond rmem_max only with CAP_NET_ADMIN, else rmem_max
 *
 * Errors are logged. Returns 0 or -EIO.
 */
int alnl_set_rcvbuf(struct alnl *nl, int size)
{
	int fd = nl_socket_get_fd(nl->sk);

	if (nl_socket_set_buffer_size(nl->sk, size, 0) < 0) {
		log_msg(LOG_ERR, "cannot size the netlink socket's buffer");
		return -EIO;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) &&
	    errno != EPERM)
		log_msg(LOG_WARNING, "SO_RCVBUFFORCE: %s", strerror(errno));
	return 0;
}

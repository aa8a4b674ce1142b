/* SPDX-License-Identifier: GPL-2.0 */
/*
 * auditlite userspace: Generic Netlink plumbing shared by auditd-lite and
 * auditlitectl (libnl-genl-3).
 */

#ifndef AUDITLITE_NL_H
#define AUDITLITE_NL_H

#include <stdint.h>

#include <netlink/genl/genl.h>

/* The "nl_" prefix belongs to libnl: ours is "alnl_". */
struct alnl {
	struct nl_sock *sk;
	int family;		/* resolved id of AUDITLITE_FAMILY_NAME */
};

int alnl_open(struct alnl *nl);
void alnl_close(struct alnl *nl);
struct nl_msg *alnl_msg(const struct alnl *nl, uint8_t cmd);
int alnl_request(struct alnl *nl, struct nl_msg *msg,
		 nl_recvmsg_msg_cb_t valid, void *arg);
void alnl_log_extack(struct nlmsgerr *err);
int alnl_set_rcvbuf(struct alnl *nl, int size);

#endif /* AUDITLITE_NL_H */

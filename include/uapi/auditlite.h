/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * auditlite: Generic Netlink ABI shared by auditlite.ko, auditd-lite and
 * auditlitectl.
 *
 * The family is AUDITLITE_FAMILY_NAME, version AUDITLITE_FAMILY_VERSION,
 * initial network namespace only. Every request is validated against a
 * per-command policy; bad input is answered with an error and an extended
 * ack message. Privileges are the kernel audit's, asked of the sending
 * socket's opener and sender (netlink_capable()): commands that change
 * anything need CAP_AUDIT_CONTROL alone, reading needs CAP_AUDIT_READ (or,
 * for status, CAP_AUDIT_CONTROL). A request without them fails with
 * EPERM, once it is well formed.
 *
 * AUDITLITE_CMD_REGISTER
 *   Makes the sending socket the daemon: records are unicast to it from now
 *   on, unacknowledged ones first. Needs CAP_AUDIT_CONTROL. Fails with
 *   EBUSY while another daemon's socket is open. No attributes. Records
 *   the daemon's own threads log never wait for backlog room.
 *
 * AUDITLITE_CMD_UNREGISTER
 *   The daemon stops receiving. Records it has not acknowledged stay held
 *   and are sent again to the next daemon. Needs CAP_AUDIT_CONTROL.
 *
 * AUDITLITE_CMD_RECORDS (kernel to daemon, and to listeners)
 *   A batch of records, each one AUDITLITE_A_RECORD nest holding
 *   AUDITLITE_RECORD_A_*. Within a batch and across batches the daemon sees
 *   records in the order it must write them; a record is sent again (to
 *   the next daemon) until acked. A batch fits in a page but for a record
 *   longer than that, which comes alone; a reader reads many per wakeup.
 *
 * AUDITLITE_CMD_ACK
 *   AUDITLITE_A_ACK_SERIAL (u64): the daemon has durably written every
 *   record it was sent up to and including the one with this serial; the
 *   module frees them. Needs CAP_AUDIT_CONTROL and the daemon's socket.
 *
 * AUDITLITE_CMD_GET_STATUS
 *   Replies with AUDITLITE_CMD_GET_STATUS carrying every status attribute
 *   below, one AUDITLITE_A_QUEUE nest per possible CPU and one
 *   AUDITLITE_A_LISTENER nest per listener. Needs CAP_AUDIT_CONTROL or
 *   CAP_AUDIT_READ.
 *
 * AUDITLITE_CMD_SET
 *   Changes the settings present among AUDITLITE_A_ENABLED, _FAILURE,
 *   _RATE_LIMIT, _BACKLOG_LIMIT, _BACKLOG_WAIT_TIME; AUDITLITE_A_RESET_LOST
 *   zeroes the lost counter. All are validated before any is applied. Each
 *   change is logged, before it applies, as an AUDIT_CONFIG_CHANGE record
 *   with the old and new values and who made it; such records never wait
 *   and are not refused by the settings they change. Needs
 *   CAP_AUDIT_CONTROL.
 *
 * AUDITLITE_CMD_LISTEN
 *   The sending socket gets a copy of every batch from now on, read-only:
 *   once the daemon took it, by a unicast that does not wait, so a
 *   listener that does not read loses copies (counted in its
 *   AUDITLITE_LISTENER_A_DROPS) and never slows the daemon; it sees each
 *   record once, replays excepted. Needs CAP_AUDIT_READ. At most
 *   AUDITLITE_LISTENERS_MAX sockets listen at once (ENOSPC).
 *
 * AUDITLITE_CMD_UNLISTEN
 *   The sending socket gets no more copies; closing it does the same.
 *   ENOENT if it did not listen.
 *
 * Status and setting attributes (top level):
 *   AUDITLITE_A_ENABLED                u32  0 or 1: records are accepted
 *   AUDITLITE_A_FAILURE                u32  on loss: 0 silent, 1 printk, 2 panic
 *   AUDITLITE_A_PID                    u32  daemon's pid, 0 if none
 *   AUDITLITE_A_PORTID                 u32  daemon's netlink port id, 0 if none
 *   AUDITLITE_A_RATE_LIMIT             u32  records per second, 0 unlimited
 *   AUDITLITE_A_BACKLOG_LIMIT          u32  records held (queued, in flight,
 *                                           unacked) before loss
 *   AUDITLITE_A_BACKLOG                u32  records held now
 *   AUDITLITE_A_BACKLOG_HIGH_WATER     u32  most records ever held at once
 *   AUDITLITE_A_LOST                   u64  records dropped and counted
 *   AUDITLITE_A_SENT                   u64  records sent to a daemon
 *   AUDITLITE_A_ACKED                  u64  records acked by a daemon
 *   AUDITLITE_A_BACKLOG_WAIT_TIME      u32  ms a sleeping caller may wait
 *   AUDITLITE_A_BACKLOG_WAIT_TIME_ACTUAL u64 ms callers have waited in all
 *   AUDITLITE_A_QUEUE                  nest AUDITLITE_QUEUE_A_CPU (u32) and
 *                                           AUDITLITE_QUEUE_A_DEPTH (u32)
 *   AUDITLITE_A_LISTENER               nest AUDITLITE_LISTENER_A_PORTID (u32)
 *                                           and AUDITLITE_LISTENER_A_DROPS
 *                                           (u64): records it missed
 *
 * Record attributes (inside AUDITLITE_A_RECORD):
 *   AUDITLITE_RECORD_A_SERIAL  u64     unique, increasing at log_start
 *   AUDITLITE_RECORD_A_TYPE    u32     record type, as in linux/audit.h
 *   AUDITLITE_RECORD_A_SEC     u64     CLOCK_REALTIME seconds at log_start
 *   AUDITLITE_RECORD_A_NSEC    u32     and nanoseconds
 *   AUDITLITE_RECORD_A_CPU     u32     CPU that started the record
 *   AUDITLITE_RECORD_A_FLAGS   u32     AUDITLITE_RECORD_F_*
 *   AUDITLITE_RECORD_A_TEXT    string  the text, NUL-terminated; it may hold
 *                                      any byte a caller formatted, the
 *                                      reader must escape it
 */

#ifndef _UAPI_AUDITLITE_H
#define _UAPI_AUDITLITE_H

#define AUDITLITE_FAMILY_NAME		"auditlite"
#define AUDITLITE_FAMILY_VERSION	1

/* The kernel's AUDIT_MESSAGE_TEXT_MAX: longer text is cut and flagged. */
#define AUDITLITE_MESSAGE_TEXT_MAX	8560

/* No message the module sends is longer: room enough to receive one. */
#define AUDITLITE_RECORDS_MSG_MAX	16384

/* Longest AUDITLITE_A_BACKLOG_WAIT_TIME SET accepts, in ms: ten minutes. */
#define AUDITLITE_BACKLOG_WAIT_TIME_MAX	600000

/*
 * Record types of the audit daemon's own (linux/audit.h: "1200 - 1299
 * messages internal to the audit daemon"): the module never sends one, so
 * that the daemon's records and seals in the log are only its own.
 */
#define AUDITLITE_DAEMON_TYPE_FIRST	1200
#define AUDITLITE_DAEMON_TYPE_LAST	1299

/* Sockets that may LISTEN at once. */
#define AUDITLITE_LISTENERS_MAX		16

/* AUDITLITE_RECORD_A_FLAGS */
#define AUDITLITE_RECORD_F_TRUNCATED	(1U << 0)

enum auditlite_cmd {
	AUDITLITE_CMD_UNSPEC,
	AUDITLITE_CMD_REGISTER,
	AUDITLITE_CMD_UNREGISTER,
	AUDITLITE_CMD_RECORDS,
	AUDITLITE_CMD_ACK,
	AUDITLITE_CMD_GET_STATUS,
	AUDITLITE_CMD_SET,
	AUDITLITE_CMD_LISTEN,
	AUDITLITE_CMD_UNLISTEN,

	__AUDITLITE_CMD_MAX,
	AUDITLITE_CMD_MAX = __AUDITLITE_CMD_MAX - 1
};

enum auditlite_attr {
	AUDITLITE_A_UNSPEC,
	AUDITLITE_A_PAD,
	AUDITLITE_A_RECORD,
	AUDITLITE_A_ACK_SERIAL,
	AUDITLITE_A_ENABLED,
	AUDITLITE_A_FAILURE,
	AUDITLITE_A_PID,
	AUDITLITE_A_PORTID,
	AUDITLITE_A_RATE_LIMIT,
	AUDITLITE_A_BACKLOG_LIMIT,
	AUDITLITE_A_BACKLOG,
	AUDITLITE_A_BACKLOG_HIGH_WATER,
	AUDITLITE_A_LOST,
	AUDITLITE_A_SENT,
	AUDITLITE_A_ACKED,
	AUDITLITE_A_BACKLOG_WAIT_TIME,
	AUDITLITE_A_BACKLOG_WAIT_TIME_ACTUAL,
	AUDITLITE_A_QUEUE,
	AUDITLITE_A_RESET_LOST,
	AUDITLITE_A_LISTENER,

	__AUDITLITE_A_MAX,
	AUDITLITE_A_MAX = __AUDITLITE_A_MAX - 1
};

enum auditlite_record_attr {
	AUDITLITE_RECORD_A_UNSPEC,
	AUDITLITE_RECORD_A_PAD,
	AUDITLITE_RECORD_A_SERIAL,
	AUDITLITE_RECORD_A_TYPE,
	AUDITLITE_RECORD_A_SEC,
	AUDITLITE_RECORD_A_NSEC,
	AUDITLITE_RECORD_A_CPU,
	AUDITLITE_RECORD_A_FLAGS,
	AUDITLITE_RECORD_A_TEXT,

	__AUDITLITE_RECORD_A_MAX,
	AUDITLITE_RECORD_A_MAX = __AUDITLITE_RECORD_A_MAX - 1
};

enum auditlite_queue_attr {
	AUDITLITE_QUEUE_A_UNSPEC,
	AUDITLITE_QUEUE_A_CPU,
	AUDITLITE_QUEUE_A_DEPTH,

	__AUDITLITE_QUEUE_A_MAX,
	AUDITLITE_QUEUE_A_MAX = __AUDITLITE_QUEUE_A_MAX - 1
};

enum auditlite_listener_attr {
	AUDITLITE_LISTENER_A_UNSPEC,
	AUDITLITE_LISTENER_A_PAD,
	AUDITLITE_LISTENER_A_PORTID,
	AUDITLITE_LISTENER_A_DROPS,

	__AUDITLITE_LISTENER_A_MAX,
	AUDITLITE_LISTENER_A_MAX = __AUDITLITE_LISTENER_A_MAX - 1
};

/* Failure modes for AUDITLITE_A_FAILURE, as the kernel's audit_failure. */
enum auditlite_failure {
	AUDITLITE_FAIL_SILENT,
	AUDITLITE_FAIL_PRINTK,
	AUDITLITE_FAIL_PANIC,
};

#endif /* _UAPI_AUDITLITE_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite userspace: one record as one line of an auditd log; the format
 * is described in logfmt.h.
 */

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <uapi/auditlite.h>

#include "logfmt.h"
#include "util.h"

struct logfmt_type {
	uint32_t type;
	const char *name;
};

/*
 * The names libaudit's audit_msg_type_to_name() gives, sorted by type.
 * Types in linux/audit.h that this libaudit does not name (1329 REPLACE,
 * 1338 DM_CTRL, 1339 DM_EVENT) are left out on purpose: an ausearch that
 * does not know a name cannot read the record, UNKNOWN[n] it always can.
 */
static const struct logfmt_type logfmt_types[] = {
	{ 1005, "USER" },
	{ 1006, "LOGIN" },
	{ 1100, "USER_AUTH" },
	{ 1101, "USER_ACCT" },
	{ 1102, "USER_MGMT" },
	{ 1103, "CRED_ACQ" },
	{ 1104, "CRED_DISP" },
	{ 1105, "USER_START" },
	{ 1106, "USER_END" },
	{ 1107, "USER_AVC" },
	{ 1108, "USER_CHAUTHTOK" },
	{ 1109, "USER_ERR" },
	{ 1110, "CRED_REFR" },
	{ 1111, "USYS_CONFIG" },
	{ 1112, "USER_LOGIN" },
	{ 1113, "USER_LOGOUT" },
	{ 1114, "ADD_USER" },
	{ 1115, "DEL_USER" },
	{ 1116, "ADD_GROUP" },
	{ 1117, "DEL_GROUP" },
	{ 1118, "DAC_CHECK" },
	{ 1119, "CHGRP_ID" },
	{ 1120, "TEST" },
	{ 1121, "TRUSTED_APP" },
	{ 1122, "USER_SELINUX_ERR" },
	{ 1123, "USER_CMD" },
	{ 1124, "USER_TTY" },
	{ 1125, "CHUSER_ID" },
	{ 1126, "GRP_AUTH" },
	{ 1127, "SYSTEM_BOOT" },
	{ 1128, "SYSTEM_SHUTDOWN" },
	{ 1129, "SYSTEM_RUNLEVEL" },
	{ 1130, "SERVICE_START" },
	{ 1131, "SERVICE_STOP" },
	{ 1132, "GRP_MGMT" },
	{ 1133, "GRP_CHAUTHTOK" },
	{ 1134, "MAC_CHECK" },
	{ 1135, "ACCT_LOCK" },
	{ 1136, "ACCT_UNLOCK" },
	{ 1137, "USER_DEVICE" },
	{ 1138, "SOFTWARE_UPDATE" },
	{ 1200, "DAEMON_START" },
	{ 1201, "DAEMON_END" },
	{ 1202, "DAEMON_ABORT" },
	{ 1203, "DAEMON_CONFIG" },
	{ 1205, "DAEMON_ROTATE" },
	{ 1206, "DAEMON_RESUME" },
	{ 1207, "DAEMON_ACCEPT" },
	{ 1208, "DAEMON_CLOSE" },
	{ 1209, "DAEMON_ERR" },
	{ 1210, "DAEMON_SEAL" },	/* auditlite's own: seal.h */
	{ 1300, "SYSCALL" },
	{ 1302, "PATH" },
	{ 1303, "IPC" },
	{ 1304, "SOCKETCALL" },
	{ 1305, "CONFIG_CHANGE" },
	{ 1306, "SOCKADDR" },
	{ 1307, "CWD" },
	{ 1309, "EXECVE" },
	{ 1311, "IPC_SET_PERM" },
	{ 1312, "MQ_OPEN" },
	{ 1313, "MQ_SENDRECV" },
	{ 1314, "MQ_NOTIFY" },
	{ 1315, "MQ_GETSETATTR" },
	{ 1316, "KERNEL_OTHER" },
	{ 1317, "FD_PAIR" },
	{ 1318, "OBJ_PID" },
	{ 1319, "TTY" },
	{ 1320, "EOE" },
	{ 1321, "BPRM_FCAPS" },
	{ 1322, "CAPSET" },
	{ 1323, "MMAP" },
	{ 1324, "NETFILTER_PKT" },
	{ 1325, "NETFILTER_CFG" },
	{ 1326, "SECCOMP" },
	{ 1327, "PROCTITLE" },
	{ 1328, "FEATURE_CHANGE" },
	{ 1330, "KERN_MODULE" },
	{ 1331, "FANOTIFY" },
	{ 1332, "TIME_INJOFFSET" },
	{ 1333, "TIME_ADJNTPVAL" },
	{ 1334, "BPF" },
	{ 1335, "EVENT_LISTENER" },
	{ 1336, "URINGOP" },
	{ 1337, "OPENAT2" },
	{ 1400, "AVC" },
	{ 1401, "SELINUX_ERR" },
	{ 1402, "AVC_PATH" },
	{ 1403, "MAC_POLICY_LOAD" },
	{ 1404, "MAC_STATUS" },
	{ 1405, "MAC_CONFIG_CHANGE" },
	{ 1406, "MAC_UNLBL_ALLOW" },
	{ 1407, "MAC_CIPSOV4_ADD" },
	{ 1408, "MAC_CIPSOV4_DEL" },
	{ 1409, "MAC_MAP_ADD" },
	{ 1410, "MAC_MAP_DEL" },
	{ 1411, "MAC_IPSEC_ADDSA" },
	{ 1412, "MAC_IPSEC_DELSA" },
	{ 1413, "MAC_IPSEC_ADDSPD" },
	{ 1414, "MAC_IPSEC_DELSPD" },
	{ 1415, "MAC_IPSEC_EVENT" },
	{ 1416, "MAC_UNLBL_STCADD" },
	{ 1417, "MAC_UNLBL_STCDEL" },
	{ 1418, "MAC_CALIPSO_ADD" },
	{ 1419, "MAC_CALIPSO_DEL" },
	{ 1500, "APPARMOR" },
	{ 1501, "APPARMOR_AUDIT" },
	{ 1502, "APPARMOR_ALLOWED" },
	{ 1503, "APPARMOR_DENIED" },
	{ 1504, "APPARMOR_HINT" },
	{ 1505, "APPARMOR_STATUS" },
	{ 1506, "APPARMOR_ERROR" },
	{ 1507, "APPARMOR_KILL" },
	{ 1700, "ANOM_PROMISCUOUS" },
	{ 1701, "ANOM_ABEND" },
	{ 1702, "ANOM_LINK" },
	{ 1703, "ANOM_CREAT" },
	{ 1800, "INTEGRITY_DATA" },
	{ 1801, "INTEGRITY_METADATA" },
	{ 1802, "INTEGRITY_STATUS" },
	{ 1803, "INTEGRITY_HASH" },
	{ 1804, "INTEGRITY_PCR" },
	{ 1805, "INTEGRITY_RULE" },
	{ 1806, "INTEGRITY_EVM_XATTR" },
	{ 1807, "INTEGRITY_POLICY_RULE" },
	{ 2000, "KERNEL" },
	{ 2100, "ANOM_LOGIN_FAILURES" },
	{ 2101, "ANOM_LOGIN_TIME" },
	{ 2102, "ANOM_LOGIN_SESSIONS" },
	{ 2103, "ANOM_LOGIN_ACCT" },
	{ 2104, "ANOM_LOGIN_LOCATION" },
	{ 2105, "ANOM_MAX_DAC" },
	{ 2106, "ANOM_MAX_MAC" },
	{ 2107, "ANOM_AMTU_FAIL" },
	{ 2108, "ANOM_RBAC_FAIL" },
	{ 2109, "ANOM_RBAC_INTEGRITY_FAIL" },
	{ 2110, "ANOM_CRYPTO_FAIL" },
	{ 2111, "ANOM_ACCESS_FS" },
	{ 2112, "ANOM_EXEC" },
	{ 2113, "ANOM_MK_EXEC" },
	{ 2114, "ANOM_ADD_ACCT" },
	{ 2115, "ANOM_DEL_ACCT" },
	{ 2116, "ANOM_MOD_ACCT" },
	{ 2117, "ANOM_ROOT_TRANS" },
	{ 2118, "ANOM_LOGIN_SERVICE" },
	{ 2119, "ANOM_LOGIN_ROOT" },
	{ 2120, "ANOM_ORIGIN_FAILURES" },
	{ 2121, "ANOM_SESSION" },
	{ 2200, "RESP_ANOMALY" },
	{ 2201, "RESP_ALERT" },
	{ 2202, "RESP_KILL_PROC" },
	{ 2203, "RESP_TERM_ACCESS" },
	{ 2204, "RESP_ACCT_REMOTE" },
	{ 2205, "RESP_ACCT_LOCK_TIMED" },
	{ 2206, "RESP_ACCT_UNLOCK_TIMED" },
	{ 2207, "RESP_ACCT_LOCK" },
	{ 2208, "RESP_TERM_LOCK" },
	{ 2209, "RESP_SEBOOL" },
	{ 2210, "RESP_EXEC" },
	{ 2211, "RESP_SINGLE" },
	{ 2212, "RESP_HALT" },
	{ 2213, "RESP_ORIGIN_BLOCK" },
	{ 2214, "RESP_ORIGIN_BLOCK_TIMED" },
	{ 2215, "RESP_ORIGIN_UNBLOCK_TIMED" },
	{ 2300, "USER_ROLE_CHANGE" },
	{ 2301, "ROLE_ASSIGN" },
	{ 2302, "ROLE_REMOVE" },
	{ 2303, "LABEL_OVERRIDE" },
	{ 2304, "LABEL_LEVEL_CHANGE" },
	{ 2305, "USER_LABELED_EXPORT" },
	{ 2306, "USER_UNLABELED_EXPORT" },
	{ 2307, "DEV_ALLOC" },
	{ 2308, "DEV_DEALLOC" },
	{ 2309, "FS_RELABEL" },
	{ 2310, "USER_MAC_POLICY_LOAD" },
	{ 2311, "ROLE_MODIFY" },
	{ 2312, "USER_MAC_CONFIG_CHANGE" },
	{ 2313, "USER_MAC_STATUS" },
	{ 2400, "CRYPTO_TEST_USER" },
	{ 2401, "CRYPTO_PARAM_CHANGE_USER" },
	{ 2402, "CRYPTO_LOGIN" },
	{ 2403, "CRYPTO_LOGOUT" },
	{ 2404, "CRYPTO_KEY_USER" },
	{ 2405, "CRYPTO_FAILURE_USER" },
	{ 2406, "CRYPTO_REPLAY_USER" },
	{ 2407, "CRYPTO_SESSION" },
	{ 2408, "CRYPTO_IKE_SA" },
	{ 2409, "CRYPTO_IPSEC_SA" },
	{ 2500, "VIRT_CONTROL" },
	{ 2501, "VIRT_RESOURCE" },
	{ 2502, "VIRT_MACHINE_ID" },
	{ 2503, "VIRT_INTEGRITY_CHECK" },
	{ 2504, "VIRT_CREATE" },
	{ 2505, "VIRT_DESTROY" },
	{ 2506, "VIRT_MIGRATE_IN" },
	{ 2507, "VIRT_MIGRATE_OUT" },
};

/* The name of @type in logfmt_types, or NULL. */
static const char *logfmt_type_name(uint32_t type)
{
	size_t lo = 0, hi = ARRAY_SIZE(logfmt_types);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (logfmt_types[mid].type == type)
			return logfmt_types[mid].name;
		if (logfmt_types[mid].type < type)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static char *logfmt_copy(char *p, const char *s, size_t len)
{
	memcpy(p, s, len);
	return p + len;
}

#define LOGFMT_COPY(p, lit)	logfmt_copy(p, lit, sizeof(lit) - 1)

/* @v in decimal at @p, at least @min digits; returns the end. */
static char *logfmt_u64(char *p, uint64_t v, unsigned int min)
{
	/* Two digits a division: "00" to "99". */
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324"
		"25262728293031323334353637383940414243444546474849"
		"50515253545556575859606162636465666768697071727374"
		"75767778798081828384858687888990919293949596979899";
	char digits[20];
	unsigned int n = sizeof(digits);

	while (v >= 100) {
		n -= 2;
		memcpy(digits + n, pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		n -= 2;
		memcpy(digits + n, pairs + 2 * v, 2);
	} else {
		digits[--n] = '0' + v;
	}
	while (sizeof(digits) - n < min)
		digits[--n] = '0';
	return logfmt_copy(p, digits + n, sizeof(digits) - n);
}

/*
 * How each byte of a text is written: 0 as it is, 1 as "\\", 2 as
 * "\xHH": the C0 controls, DEL and C1 (0x9B is CSI to a Latin-1 terminal).
 */
static const unsigned char logfmt_escape[256] = {
	[0x00 ... 0x1f] = 2,
	['\\'] = 1,
	[0x7f ... 0x9f] = 2,
};

/* Eight bytes at once: whether any of @v is escaped (bit-twiddling hacks). */
#define LOGFMT_ONES		0x0101010101010101ULL
#define LOGFMT_HIGHS		0x8080808080808080ULL
#define logfmt_any_below(v, n)	(((v) - (n) * LOGFMT_ONES) & ~(v) & LOGFMT_HIGHS)

static bool logfmt_any_escaped(uint64_t v)
{
	/* Below 0x20, 0x80 to 0x9f, 0x5c and 0x7f. */
	return logfmt_any_below(v, 0x20) |
	       logfmt_any_below(v ^ LOGFMT_HIGHS, 0x20) |
	       logfmt_any_below(v ^ ('\\' * LOGFMT_ONES), 1) |
	       logfmt_any_below(v ^ (0x7f * LOGFMT_ONES), 1);
}

/*
 * @len bytes of @text, escaped, at @p; returns the end. Runs of bytes
 * written as they are go by memcpy, found eight bytes at a time: most
 * texts are one run.
 */
static char *logfmt_text(char *p, const char *text, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)text;
	const unsigned char *end = s + len;

	while (s < end) {
		const unsigned char *run = s;

		uint64_t v;

		while (end - s >= 8 && (memcpy(&v, s, 8), !logfmt_any_escaped(v)))
			s += 8;
		while (s < end && !logfmt_escape[*s])
			s++;
		p = logfmt_copy(p, (const char *)run, s - run);
		if (s == end)
			break;
		*p++ = '\\';
		if (logfmt_escape[*s] == 1) {
			*p++ = '\\';
		} else {
			*p++ = 'x';
			*p++ = hex[*s >> 4];
			*p++ = hex[*s & 0xf];
		}
		s++;
	}
	return p;
}

/**
 * logfmt_line - format one record as a NUL-terminated log line
 * @buf: where to write
 * @size: of @buf, at least LOGFMT_LINE_MAX(rec->len)
 * @rec: the record
 *
 * The daemon's hot path: no printf, which took two thirds of its time.
 * Returns the length of the line, newline included and NUL excluded, or
 * -ENOSPC, having written nothing, when @size is below the bound.
 */
int logfmt_line(char *buf, size_t size, const struct logfmt_record *rec)
{
	const char *name;
	char *p;

	if (size < LOGFMT_LINE_MAX(rec->len))
		return -ENOSPC;

	p = LOGFMT_COPY(buf, "type=");
	name = logfmt_type_name(rec->type);
	if (name) {
		p = logfmt_copy(p, name, strlen(name));
	} else {
		p = LOGFMT_COPY(p, "UNKNOWN[");
		p = logfmt_u64(p, rec->type, 1);
		*p++ = ']';
	}
	p = LOGFMT_COPY(p, " msg=audit(");
	p = logfmt_u64(p, rec->sec, 1);
	*p++ = '.';
	p = logfmt_u64(p, rec->nsec / 1000000, 3);
	*p++ = ':';
	p = logfmt_u64(p, rec->serial, 1);
	p = LOGFMT_COPY(p, "): ");
	p = logfmt_text(p, rec->text, rec->len);
	if (rec->flags & AUDITLITE_RECORD_F_TRUNCATED)
		p = LOGFMT_COPY(p, LOGFMT_TRUNCATED);
	*p++ = '\n';
	*p = '\0';
	return p - buf;
}

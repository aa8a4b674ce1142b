# SPDX-License-Identifier: GPL-2.0
# Control requests: malformed ones are refused with EINVAL (ERANGE for a
# value out of range) and an extack message and change nothing; an
# unprivileged process is refused REGISTER, SET, ACK, status and LISTEN
# (EPERM), and auditlitectl status says what it needs; a second
# daemon is refused by the pid file and, with a pid file of its own, by
# the kernel (EBUSY); a batch forged by root's userspace is refused
# by the daemon. Status lists every possible CPU's queue, hundreds
# of them too.
# timeout: 30
. ./vmlib.sh

insmod $mods/auditlite.ko

genl_probe malformed || fail "a malformed request was not refused as it should"

# A queue per possible CPU: make check boots 6.1 with 240 of them.
possible=$(($(cut -d- -f2 /sys/devices/system/cpu/possible) + 1))
n=$(auditlitectl status | grep -c '^queue_depth ') ||
	fail "auditlitectl status failed with $possible possible CPUs"
[ "$n" = "$possible" ] || fail "status lists $n queues for $possible possible CPUs"
echo "ok - status lists the queues of all $possible possible CPUs"

su -s /bin/sh nobody -c "genl_probe unprivileged" ||
	fail "an unprivileged request was not refused with EPERM"

if su -s /bin/sh nobody -c "auditlitectl set backlog_limit 5" 2>/tmp/ctl.err; then
	fail "auditlitectl set worked for nobody"
fi
grep -q 'Operation not permitted' /tmp/ctl.err ||
	{ cat /tmp/ctl.err; fail "auditlitectl set as nobody failed, but not with EPERM"; }
[ "$(status backlog_limit)" = 8192 ] || fail "nobody's set moved backlog_limit"
echo "ok - auditlitectl set as nobody: $(cat /tmp/ctl.err)"

if su -s /bin/sh nobody -c "auditlitectl status" >/dev/null 2>/tmp/ctl.err; then
	fail "auditlitectl status worked for nobody"
fi
grep -q 'status needs CAP_AUDIT_READ or CAP_AUDIT_CONTROL' /tmp/ctl.err ||
	{ cat /tmp/ctl.err; fail "auditlitectl status as nobody did not say what it needs"; }
echo "ok - auditlitectl status as nobody: $(head -n 1 /tmp/ctl.err)"

start_daemon
if auditd-lite -f -c /tmp/auditd-lite.conf >/tmp/second.log 2>&1; then
	fail "a second daemon started"
fi
grep -q "already running (pid $daemon, /run/auditd-lite.pid)" /tmp/second.log ||
	{ cat /tmp/second.log; fail "the second daemon did not name the first"; }
echo "ok - second daemon refused: $(tail -n 1 /tmp/second.log)"
if auditd-lite -f -c /tmp/auditd-lite.conf -p /tmp/second.pid >/tmp/second.log 2>&1; then
	fail "a second daemon with its own pid file started"
fi
grep -q "another auditlite daemon is registered" /tmp/second.log ||
	{ cat /tmp/second.log; fail "the kernel did not say why it refused a second daemon"; }
[ "$(status pid)" = "$daemon" ] || fail "the first daemon lost its registration"
echo "ok - second daemon refused by the kernel: $(tail -n 1 /tmp/second.log)"

# A batch from root's userspace, well formed, to the daemon's port.
genl_probe forge "$(status portid)" || fail "could not send the forged batch"
wait_for 10 grep -q 'refused a message from port [1-9]' /tmp/daemon.log ||
	{ tail -n 3 /tmp/daemon.log; fail "the daemon did not refuse a forged batch"; }
! grep -q 'op=forged' $log || fail "a forged record is in the log: $(grep 'op=forged' $log)"
echo "ok - a forged batch refused: $(grep 'refused a message' /tmp/daemon.log)"

auditlitectl set backlog_limit 4321 || fail "auditlitectl set failed as root"
[ "$(status backlog_limit)" = 4321 ] || fail "backlog_limit was not set"
wait_for 10 grep -q "op=set backlog_limit=4321 old=8192" $log ||
	fail "the change was not logged"
echo "ok - set as root, logged: $(grep 'op=set backlog_limit' $log)"

stop_daemon
rmmod auditlite

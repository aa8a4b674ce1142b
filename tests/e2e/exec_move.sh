# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1
# An exec action whose program moves the log away, the usual reason for
# exec: space_limit_action = exec on a small tmpfs, the program moving
# the log and freeing room. As auditd does, the daemon makes the log
# durable, closes it and holds records in the kernel while the program
# runs, then opens log_file again, a new file, and says so in it: every
# record is in the moved log or the new one, once. Then an admin moves the
# log by hand: the daemon notices before it writes again and goes on in a
# new log_file.
# timeout: 120
. ./vmlib.sh

log=/tmp/small/audit.log
mkdir -p /tmp/small
mount -t tmpfs -o size=4m tmpfs /tmp/small || fail "cannot mount a tmpfs"
printf '#!/bin/sh\nsleep 1\nmv %s %s.moved\nrm /tmp/small/filler\n' \
	$log $log >/tmp/move.sh
chmod 755 /tmp/move.sh
insmod $mods/auditlite.ko backlog_limit=100000
insmod $mods/auditlite_sample.ko


start_daemon "space_limit = 50" "space_limit_action = exec /tmp/move.sh"
run_sample process 500
dd if=/dev/zero of=/tmp/small/filler bs=1k count=2560 2>/dev/null
run_sample process 2000
wait_for 30 [ -e $log.moved ] || fail "the exec program did not run"
wait_for 60 backlog_empty || fail "records still held: $(status backlog)"
[ -e $log ] || fail "no new log at $log: the daemon went on in the moved file"
grep -q '^type=DAEMON_ROTATE .* op=reopen reason=exec ' $log ||
	fail "the new log does not say it was opened again"
grep -q 'resumed (suspended=exec resumed_by=exec_end' /tmp/daemon.log ||
	fail "the daemon did not hold records while the program ran"
expect_serials_once 5000 $log.moved $log
echo "ok - exec moved the log: $(serials_in $log.moved | wc -l) records in the moved one, $(serials_in $log | wc -l) in the new one"

mv $log $log.by-hand
run_sample process 500
wait_for 30 backlog_empty || fail "records still held: $(status backlog)"
[ -e $log ] || fail "no new log at $log after it was moved by hand"
grep -q '^type=DAEMON_ROTATE .* op=reopen reason=moved ' $log ||
	fail "the new log does not say the old one had moved"
expect_serials_once 6000 $log.moved $log.by-hand $log
echo "ok - moved by hand: the daemon went on in a new $log"
stop_daemon
umount /tmp/small

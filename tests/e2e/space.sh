# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1
# The log's filesystem fills up, for real, on a 4 MiB tmpfs.
# space_limit = 50 with space_limit_action = suspend: below 50% free the
# daemon says so in its log, then stops writing and acking, the records
# wait in the kernel, and once space is freed it resumes by itself and
# writes every one of them.
# Then space_limit = 0 and a disk that reaches ENOSPC mid-batch: no partial
# line is left, nothing unwritten is acked, and after space is freed every
# held record is written.
# timeout: 90
. ./vmlib.sh

log=/tmp/small/audit.log
mkdir -p /tmp/small
mount -t tmpfs -o size=4m tmpfs /tmp/small || fail "cannot mount a tmpfs"
insmod $mods/auditlite.ko backlog_limit=100000
insmod $mods/auditlite_sample.ko

# lines_now: how many lines the log holds.
lines_now() {
	wc -l <$log
}

start_daemon "space_limit = 50" "space_limit_action = suspend"
dd if=/dev/zero of=/tmp/small/filler bs=1k count=2560 2>/dev/null
wait_for 10 grep -q "suspended (space_limit)" /tmp/daemon.log ||
	{ cat /tmp/daemon.log; fail "not suspended below space_limit"; }
before=$(lines_now)
run_sample process 1000
sleep 1
[ "$(status backlog)" = 2000 ] || fail "$(status backlog) records held, not 2000"
[ "$(lines_now)" = "$before" ] || fail "the log grew while suspended"
tail -n 1 $log | grep -q "^type=DAEMON_ERR .* op=suspend reason=space_limit " ||
	fail "the log does not end with a DAEMON_ERR suspend record"
echo "ok - below space_limit: suspended, 2000 records held in the kernel"
rm /tmp/small/filler
wait_for 10 backlog_empty || fail "records still held: $(status backlog)"
grep -q "^type=DAEMON_RESUME .* op=resume suspended=space_limit resumed_by=space " $log ||
	fail "no DAEMON_RESUME record"
expect_each_serial_once 2000
echo "ok - space back: resumed, every held record written once"

stop_daemon
rm -f $log

start_daemon "space_limit = 0" "disk_full_action = suspend"
# Leave 100 KiB: room for several hundred of the 4000 records.
avail=$(df -k /tmp/small | awk 'NR == 2 { print $4 }')
dd if=/dev/zero of=/tmp/small/filler bs=1k count=$((avail - 100)) 2>/dev/null
run_sample process 2000
wait_for 10 grep -q "No space left on device" /tmp/daemon.log ||
	{ cat /tmp/daemon.log; fail "the disk did not fill up"; }
sleep 1
[ "$(tail -c 1 $log | od -An -c | tr -d ' ')" = '\n' ] ||
	fail "a partial line was left at the end of the log"
held=$(status backlog)
written=$(sample_serials | wc -l)
[ $((held + written)) -ge 4000 ] || fail "$held held + $written written < 4000"
echo "ok - disk full: $written written, whole lines only, $held held"
rm /tmp/small/filler
wait_for 20 backlog_empty || fail "records still held: $(status backlog)"
expect_each_serial_once 4000
echo "ok - space freed: every held record written once"

stop_daemon
rmmod auditlite_sample
rmmod auditlite
umount /tmp/small

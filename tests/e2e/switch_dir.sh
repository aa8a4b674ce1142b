# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1
# space_left warns, then space_limit_action = switch, with a log_dir on
# another filesystem (two 4 MiB tmpfs): as SunOS's auditd did when
# auditsvc(2) returned at the limit, the log goes on in the next
# directory, a record in each log saying where the trail continues, every
# record in one of them once. When that one fills too, no directory has
# room: the daemon suspends, records wait in the kernel, and it resumes
# once space is back.
# timeout: 90
. ./vmlib.sh

mkdir -p /tmp/fs1 /tmp/fs2
mount -t tmpfs -o size=4m tmpfs /tmp/fs1 || fail "cannot mount a tmpfs"
mount -t tmpfs -o size=4m tmpfs /tmp/fs2 || fail "cannot mount a tmpfs"
log=/tmp/fs1/audit.log
next=/tmp/fs2/audit.log
insmod $mods/auditlite.ko backlog_limit=100000
insmod $mods/auditlite_sample.ko


start_daemon "space_left = 60" "space_limit = 50" \
	"space_limit_action = switch" "log_dir = /tmp/fs2"
run_sample process 500
wait_for 20 backlog_empty || fail "records still held: $(status backlog)"
# No record comes: the daemon's own look at the space (every 5 s) finds
# the limit, and what it logs is written then, not at the next record.
dd if=/dev/zero of=/tmp/fs1/filler bs=1k count=2560 2>/dev/null
wait_for 20 [ -e $next ] || { cat /tmp/daemon.log; fail "no switch to $next"; }
wait_for 2 grep -q "^type=DAEMON_ROTATE .* op=switch from=$log " $next ||
	fail "$next does not say where the trail came from"
grep -q "^type=DAEMON_ROTATE .* op=switch to=$next " $log ||
	fail "$log does not say where the trail continues"
run_sample process 1000
wait_for 20 backlog_empty || fail "records still held: $(status backlog)"
[ "$(grep -c 'less than space_left 60%' /tmp/daemon.log)" = 1 ] ||
	fail "space_left did not warn once"
expect_serials_once 3000 $log $next
echo "ok - space_left warned once; at space_limit the log went on in $next, each log saying so"

# A few checks below the limit in the new directory act once.
dd if=/dev/zero of=/tmp/fs2/filler bs=1k count=2560 2>/dev/null
run_sample process 1000
wait_for 20 grep -q "suspended (space_limit)" /tmp/daemon.log ||
	{ cat /tmp/daemon.log; fail "not suspended with no directory left"; }
grep -q "no log_dir has room above space_limit" /tmp/daemon.log ||
	fail "the suspension does not say why"
# Records that come while it is suspended wait in the kernel. (Those of
# the run above may all have been written before the check that
# suspended it, which comes every 1000 records or 5 s.)
run_sample process 100
sleep 6
[ "$(grep -c 'no log_dir has room' /tmp/daemon.log)" = 1 ] ||
	fail "the action was taken again while space stayed low"
[ "$(status backlog)" -ge 200 ] || fail "not every record held while suspended: $(status backlog)"
echo "ok - no directory with room: suspended once, $(status backlog) records held"
rm /tmp/fs2/filler
wait_for 20 backlog_empty || fail "records still held: $(status backlog)"
expect_serials_once 5200 $log $next
echo "ok - space back: every record written once"
stop_daemon
umount /tmp/fs1 /tmp/fs2

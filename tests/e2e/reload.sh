# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1
# SIGHUP rereads the configuration: a good file is applied (its kernel
# settings pushed, a DAEMON_CONFIG record written), a bad one is refused
# with its line and key and changes nothing, and the daemon goes on
# writing either way. auditlitectl reset-lost zeroes the lost counter,
# logged as a CONFIG_CHANGE record with the old count.
# timeout: 30
. ./vmlib.sh

insmod $mods/auditlite.ko
insmod $mods/auditlite_sample.ko
start_daemon "backlog_limit = 5000"
[ "$(status backlog_limit)" = 5000 ] || fail "backlog_limit not pushed at start"

# reconfigured N: the log holds N DAEMON_CONFIG records.
reconfigured() {
	[ "$(grep -c '^type=DAEMON_CONFIG msg=audit([0-9.]*:[0-9]*): op=reconfigure ' $log)" = "$1" ]
}

sed -i 's/^backlog_limit = 5000$/backlog_limit = 6000/' /tmp/auditd-lite.conf
kill -HUP $daemon
wait_for 10 reconfigured 1 || fail "no DAEMON_CONFIG record after SIGHUP"
[ "$(status backlog_limit)" = 6000 ] || fail "backlog_limit $(status backlog_limit) after reload, not 6000"
grep -q 'op=set backlog_limit=6000 old=5000' $log || fail "the kernel did not log the change"
echo "ok - SIGHUP applied the new file: backlog_limit 6000, logged by both"

printf 'backlog_limit = 7000\nfreq = often\n' >>/tmp/auditd-lite.conf
kill -HUP $daemon
wait_for 10 grep -q 'keeping the old configuration' /tmp/daemon.log ||
	{ cat /tmp/daemon.log; fail "a bad file was not refused"; }
grep -q "auditd-lite.conf:[0-9]*: freq: bad value 'often'" /tmp/daemon.log ||
	{ cat /tmp/daemon.log; fail "the refusal does not name the line and key"; }
kill -0 $daemon || fail "the daemon died on a bad file"
reconfigured 1 || fail "a bad file was logged as applied"
[ "$(status backlog_limit)" = 6000 ] || fail "a bad file changed backlog_limit"
run_sample process 100
wait_for 20 backlog_empty || fail "records still held: $(status backlog)"
expect_each_serial_once 200
echo "ok - a bad file refused, named: $(grep -o 'auditd-lite.conf:[0-9]*: freq: [^,]*' /tmp/daemon.log)"

# Lost records to reset: past a backlog_limit of 10, from softirq.
auditlitectl set backlog_limit 10
run_sample softirq 1000
lost=$(status lost)
[ "$lost" -gt 0 ] || fail "nothing lost past backlog_limit 10"
auditlitectl reset-lost || fail "reset-lost failed"
[ "$(status lost)" = 0 ] || fail "lost is $(status lost) after reset-lost"
wait_for 20 grep -q "op=reset lost=0 old=$lost " $log ||
	fail "the reset was not logged with the old count $lost"
echo "ok - reset-lost: $lost lost before, 0 after, logged"

stop_daemon
# The daemon's own records have serials of their own, increasing, as
# auditd's, so that ausearch -a selects one; a new daemon goes on from
# the last one in the log.
start_daemon
stop_daemon
grep -o '^type=DAEMON_[A-Z]* msg=audit([0-9.]*:[0-9]*)' $log | cut -d: -f2 |
	cut -d')' -f1 >/tmp/own
[ "$(wc -l </tmp/own)" -ge 5 ] || fail "only $(wc -l </tmp/own) records of the daemon's own"
! grep -qx 0 /tmp/own || fail "records of the daemon's own with serial 0"
sort -n /tmp/own | uniq >/tmp/own.sorted
cmp -s /tmp/own /tmp/own.sorted || fail "the daemon's serials are not increasing: $(xargs </tmp/own)"
echo "ok - the daemon's own records: serials $(xargs </tmp/own)"
rmmod auditlite_sample
rmmod auditlite

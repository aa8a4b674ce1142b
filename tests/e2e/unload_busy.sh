# SPDX-License-Identifier: GPL-2.0
# kernels: stock debug rt
# rmmod with records in flight. With a daemon: the callers are unloaded
# mid-run while the daemon is stopped, so that records are held for
# certain; the daemon goes on and auditlite's rmmod gives it a bounded
# time to take them all, which it must use: the log then holds every one
# and the module reports none undelivered. Without a daemon: unload frees
# what it holds, counts it as lost and says how many. The harness checks the kernel log (and
# on the debug kernel kmemleak, KASAN, lockdep).
# timeout: 60
. ./vmlib.sh

# held_at_least N: the module holds N records or more.
held_at_least() {
	[ "$(status backlog)" -ge "$1" ]
}

insmod $mods/auditlite.ko backlog_limit=100000
insmod $mods/auditlite_sample.ko
start_daemon
wait_for 10 backlog_empty || fail "the daemon did not take its start records"
kill -STOP $daemon
echo 100000 >$sample/count
# Fewer on the debug kernel (load=light), whose every record costs several
# times more: what is held must fit the 2 s flush there too.
echo $(by_load 1000 300) >$sample/rate
echo hardirq >$sample/start
wait_for 30 held_at_least 500 || fail "no records held: $(status backlog)"
[ "$(cat $sample/running)" != 0 ] || fail "the run ended before the unload"
rmmod auditlite_sample
held=$(status backlog)
echo "stopped the callers mid-run: $held records held"
kill -CONT $daemon
rmmod auditlite
! dmesg | grep -q "records undelivered" ||
	fail "the bounded flush left records: $(dmesg | grep 'records undelivered')"
written=$(sample_serials | sort -u | wc -l)
[ "$written" = "$held" ] || fail "the log has $written of the $held records held"
echo "ok - unloaded with a daemon: the $held records held are in the log"
# The family is gone: how the daemon ends is not this scenario's concern.
kill -TERM $daemon
wait $daemon || true

insmod $mods/auditlite.ko
insmod $mods/auditlite_sample.ko
run_sample softirq 500
held=$(status backlog)
[ "$held" = 1000 ] || fail "expected 1000 records held, got $held"
rmmod auditlite_sample
rmmod auditlite
dmesg | grep -q "unloading with $held records undelivered: lost, $held lost in all" ||
	fail "the module did not report the records it dropped as lost: $(dmesg | grep undelivered)"
echo "ok - unloaded with $held records and no daemon"

# SPDX-License-Identifier: GPL-2.0
# rmmod with records in flight: first the caller module mid-run, then
# auditlite itself, with a daemon and then without one. The harness checks
# the kernel log (and on the debug kernel kmemleak, KASAN, lockdep).
. ./vmlib.sh

insmod $mods/auditlite.ko
insmod $mods/auditlite_sample.ko
start_daemon
echo 100000 >$sample/count
echo hardirq >$sample/start
sleep 1
rmmod auditlite_sample
echo "stopped the callers mid-run: $(status backlog) records held"
rmmod auditlite
echo "ok - unloaded with a daemon"
kill -TERM $daemon
wait $daemon || true

insmod $mods/auditlite.ko
insmod $mods/auditlite_sample.ko
run_sample softirq 500
held=$(status backlog)
[ "$held" -ge 1000 ] || fail "expected 1000 records held, got $held"
rmmod auditlite_sample
rmmod auditlite
dmesg | grep -q "unloading with $held records undelivered" ||
	fail "the module did not report the records it dropped"
echo "ok - unloaded with $held records and no daemon"

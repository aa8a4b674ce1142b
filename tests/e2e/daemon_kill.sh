# SPDX-License-Identifier: GPL-2.0
# kernels: stock debug rt
# The daemon is killed (SIGKILL) while records stream in, holding records
# the kernel sent it and it had not acked, then restarted: every record it
# had not acked is sent again, and the log ends up holding every serial
# exactly once. Then a daemon dies between writing a batch and acking it
# (crash_mid_write): the next one cuts the torn line, drops the replayed
# records its log already holds, and again every serial is there once.
# With flush = incremental_async, a group commit as the default: records
# are acked only once a sync has covered them, so what a killed daemon had
# written unacked can span many batches, all of which the next one drops.
# timeout: 90
. ./vmlib.sh

daemon_flush=incremental_async

insmod $mods/auditlite.ko backlog_limit=100000
insmod $mods/auditlite_sample.ko
start_daemon

echo 5000 >$sample/count
echo 2000 >$sample/rate
echo process >$sample/start
sleep 1
kill_holding
echo "killed the daemon: $held records held, $(sample_serials | wc -l) in the log"
sleep 1
start_daemon
wait_for 600 grep -qx 0 $sample/running || fail "the run did not end"
wait_for 60 backlog_empty || fail "records still held: $(status backlog)"

expect_each_serial_once 10000
expect_resent
echo "ok - all 10000 records written once across the restart"

stop_daemon
run_sample process 500
before=$(dedups)
crash_mid_write
echo "crashed mid-write: $(status backlog) records held, $(tail -c 60 $log | tr '\n' '|')"
start_daemon
wait_for 60 backlog_empty || fail "records still held: $(status backlog)"
[ "$(dedups)" -gt "$before" ] || fail "the replayed records were not dropped as already written"
expect_each_serial_once 11000
echo "ok - a crash between write and ack: $(grep 'already holds$' /tmp/daemon.log)"

stop_daemon
rmmod auditlite_sample
rmmod auditlite

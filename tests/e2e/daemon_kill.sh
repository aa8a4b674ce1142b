# SPDX-License-Identifier: GPL-2.0
# The daemon is killed (SIGKILL) while records stream in, holding records
# the kernel sent it and it had not acked, then restarted: every record it
# had not acked is sent again, and the log ends up holding every serial
# exactly once. With flush = incremental_async, auditd's default: the
# daemon acks once written and starts the writeback every freq records
# without waiting for it.
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
echo "ok - all 10000 records written once across the restart, $(dedups) replays dropped as already written"

stop_daemon
rmmod auditlite_sample
rmmod auditlite

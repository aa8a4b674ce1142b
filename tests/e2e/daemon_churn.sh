# SPDX-License-Identifier: GPL-2.0
# Daemon churn: while records stream in, the daemon dies and is restarted,
# 21 times (6 on the debug kernel, load=light), in three ways in turn:
# SIGKILL at a random moment; SIGKILL while it holds records the kernel
# sent it and it has not acked (kill_holding); killed between a write and
# its ack (crash_mid_write). Every record a daemon had not acked is sent
# again to the next one, which drops what the log already holds: the log
# ends with every serial exactly once, and nothing is lost (the backlog
# holds what comes in while no daemon runs).
# timeout: 150
. ./vmlib.sh

# random_sleep: between 0.1 and 1.0 s.
random_sleep() {
	sleep "0.$(( $(od -An -N1 -tu1 /dev/urandom) % 10 ))"
	sleep 0.1
}

kills=$(by_load 21 6)
insmod $mods/auditlite.ko backlog_limit=200000
insmod $mods/auditlite_sample.ko
start_daemon "max_log_file = 0"
# Longer than the kills take: stopped after the last one.
echo 1000000 >$sample/count
echo 500 >$sample/rate
echo process >$sample/start
crashes=0
for i in $(seq 1 "$kills"); do
	random_sleep
	case $((i % 3)) in
	1)
		kill -KILL $daemon
		wait $daemon || true
		held=$(status backlog)
		how="at random"
		;;
	2)
		kill_holding
		how="holding records"
		;;
	0)
		kill -KILL $daemon
		wait $daemon || true
		# Records pile up for the next one's first batch.
		sleep 0.5
		crash_mid_write
		held=$(status backlog)
		crashes=$((crashes + 1))
		how="between write and ack"
		;;
	esac
	start_daemon "max_log_file = 0"
	echo "kill $i ($how): $held held, $(wc -l <$log) lines in the log"
done
grep -qx 0 $sample/running && fail "the load ended before the last kill"
echo 1 >$sample/stop
emitted=$(cat $sample/emitted)
[ "$(cat $sample/dropped)" = 0 ] || fail "$(cat $sample/dropped) records refused"
wait_for 60 backlog_empty || fail "records still held: $(status backlog)"
expect_each_serial_once $emitted
expect_resent
[ "$(dedups)" -ge "$crashes" ] ||
	fail "$(dedups) replays dropped as already written after $crashes crashes between write and ack"
echo "ok - $kills daemon deaths under load: every one of $emitted serials once, none lost, $(dedups) replays dropped as already written"

stop_daemon
rmmod auditlite_sample
rmmod auditlite

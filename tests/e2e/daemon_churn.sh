# SPDX-License-Identifier: GPL-2.0
# Daemon churn: while records stream in, the daemon is SIGKILLed at a
# random moment and restarted, 20 times. Every record it had not acked is
# sent again to the next one, which drops what the log already holds: the
# log ends with every serial exactly once, and nothing is lost (the backlog
# holds what comes in while no daemon runs).
. ./vmlib.sh

# random_sleep: between 0.1 and 1.0 s.
random_sleep() {
	sleep "0.$(( $(od -An -N1 -tu1 /dev/urandom) % 10 ))"
	sleep 0.1
}

insmod $mods/auditlite.ko backlog_limit=200000
insmod $mods/auditlite_sample.ko
start_daemon "max_log_file = 0"
# Longer than the kills take: stopped after the last one.
echo 1000000 >$sample/count
echo 500 >$sample/rate
echo process >$sample/start
for i in $(seq 1 20); do
	random_sleep
	kill -KILL $daemon
	wait $daemon || true
	held=$(status backlog)
	start_daemon "max_log_file = 0"
	echo "kill $i: $held held, $(wc -l <$log) lines in the log"
done
grep -qx 0 $sample/running && fail "the load ended before the last kill"
echo 1 >$sample/stop
emitted=$(cat $sample/emitted)
[ "$(cat $sample/dropped)" = 0 ] || fail "$(cat $sample/dropped) records refused"
wait_for 60 backlog_empty || fail "records still held: $(status backlog)"
expect_each_serial_once $emitted
echo "ok - 20 daemon kills under load: every one of $emitted serials once, none lost"

stop_daemon
rmmod auditlite_sample
rmmod auditlite

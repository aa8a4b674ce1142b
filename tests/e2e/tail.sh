# SPDX-License-Identifier: GPL-2.0
# kernels: stock debug rt
# The "log" group. auditlitectl tail follows the live stream: with the
# daemon running it prints the very lines the daemon writes, and ends with
# 0 on SIGINT. Joining the group unprivileged is refused. A listener that
# stops reading never holds back delivery to the daemon (40000 records,
# 10000 on the debug kernel, load=light).
# timeout: 90
. ./vmlib.sh

insmod $mods/auditlite.ko backlog_limit=100000
insmod $mods/auditlite_sample.ko
start_daemon

# Bounded: a tail let in would follow the stream until killed.
if su -s /bin/sh nobody -c "timeout 5 auditlitectl tail" >/tmp/tail.out 2>/tmp/tail.err; then
	fail "nobody could tail the log group"
fi
grep -q "cannot join group log: Operation not permitted" /tmp/tail.err ||
	{ cat /tmp/tail.err; fail "tail as nobody did not say why it failed"; }
echo "ok - tail as nobody refused: $(cat /tmp/tail.err)"

auditlitectl tail >/tmp/tail.out 2>/tmp/tail.err &
tailer=$!
wait_for 10 grep -q "following group log" /tmp/tail.err || fail "tail did not join the log group"
run_sample process 500
wait_for 20 backlog_empty || fail "records still held: $(status backlog)"
# tail_has N: tail has printed N sample records.
tail_has() {
	[ "$(grep -c ' op=sample ' /tmp/tail.out)" = "$1" ]
}
wait_for 10 tail_has 1000 ||
	fail "tail printed $(grep -c ' op=sample ' /tmp/tail.out) of 1000 records"
kill -INT $tailer
wait $tailer || fail "tail exited $? on SIGINT: $(cat /tmp/tail.err)"
grep ' op=sample ' /tmp/tail.out >/tmp/tail.lines
grep ' op=sample ' $log >/tmp/log.lines
cmp -s /tmp/tail.lines /tmp/log.lines || fail "tail and the log differ"
echo "ok - tail printed the 1000 lines the log has, and ended on SIGINT"

auditlitectl tail >/dev/null 2>/tmp/tail.err &
tailer=$!
wait_for 10 grep -q "following group log" /tmp/tail.err || fail "tail did not join the log group"
kill -STOP $tailer
per_cpu=$(by_load 20000 5000)
run_sample softirq $per_cpu
wait_for 60 backlog_empty || fail "held back by a stopped listener: $(status backlog) in the backlog"
expect_each_serial_once $((1000 + 2 * per_cpu))
echo "ok - a stopped listener: the daemon still got all $((2 * per_cpu)) records"
kill -KILL $tailer

stop_daemon
rmmod auditlite_sample
rmmod auditlite

# SPDX-License-Identifier: GPL-2.0
# auditlitectl tail follows the live stream: with the daemon running, it
# prints the very lines the daemon writes, and ends with 0 on SIGINT.
. ./vmlib.sh

insmod $mods/auditlite.ko
insmod $mods/auditlite_sample.ko
start_daemon
auditlitectl tail >/tmp/tail.out 2>/tmp/tail.err &
tailer=$!
# Joined once the group has a listener: copies are sent only then.
wait_for 10 grep -q "auditlitectl" /proc/$tailer/cmdline || fail "tail did not start"
sleep 1

run_sample process 500
wait_for 20 backlog_empty || fail "records still held: $(status backlog)"
wait_for 10 [ "$(grep -c ' op=sample ' /tmp/tail.out)" = 1000 ] ||
	fail "tail printed $(grep -c ' op=sample ' /tmp/tail.out) of 1000 records"
kill -INT $tailer
wait $tailer || fail "tail exited $? on SIGINT: $(cat /tmp/tail.err)"
grep ' op=sample ' /tmp/tail.out >/tmp/tail.lines
grep ' op=sample ' $log >/tmp/log.lines
cmp -s /tmp/tail.lines /tmp/log.lines || fail "tail and the log differ"
echo "ok - tail printed the 1000 lines the log has, and ended on SIGINT"

kill -TERM $daemon
wait $daemon || fail "auditd-lite exited $? on SIGTERM"
rmmod auditlite_sample
rmmod auditlite

# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1
# Rotation. SIGUSR1 ten times while records stream in: every serial is in
# exactly one of the logs, each rotation starts its log with DAEMON_ROTATE.
# Then by size: max_log_file = 1 MiB with num_logs = 3 keeps the log and
# two rotated ones, none much over 1 MiB, all of mode 0640 for log_group;
# then a daemon started on a log already past max_log_file still writes.
# timeout: 60
. ./vmlib.sh

insmod $mods/auditlite.ko backlog_limit=100000
insmod $mods/auditlite_sample.ko
start_daemon "num_logs = 20" "max_log_file = 0"

echo 3000 >$sample/count
echo 1000 >$sample/rate
echo process >$sample/start
for i in $(seq 1 10); do
	sleep 0.3
	kill -USR1 $daemon
done
wait_for 600 grep -qx 0 $sample/running || fail "the run did not end"
wait_for 60 backlog_empty || fail "records still held: $(status backlog)"
wait_for 10 [ -e $log.10 ] || fail "not rotated ten times: $(logs | xargs)"
for f in $(logs | head -n 10); do
	[ "$(sed -n '1s/^type=\([A-Z_]*\) .*/\1/p' $f)" = DAEMON_ROTATE ] ||
		[ $f = $log.10 ] || fail "$f does not start with DAEMON_ROTATE"
done
expect_each_serial_once 6000
echo "ok - ten rotations under load: $(logs | wc -l) logs, every serial once"

stop_daemon
rm -f $log*
start_daemon "num_logs = 3" "max_log_file = 1" "log_group = 42"
run_sample softirq 20000
wait_for 60 backlog_empty || fail "records still held: $(status backlog)"
wait_for 10 [ -e $log.2 ] || fail "not rotated by size: $(logs | xargs)"
[ -e $log.3 ] && fail "num_logs = 3 kept $log.3"
for f in $(logs); do
	size=$(stat -c %s $f)
	[ "$size" -lt $((1100 * 1024)) ] || fail "$f has $size bytes"
	[ "$(stat -c %a:%g $f)" = 640:42 ] || fail "$f: mode and group $(stat -c %a:%g $f)"
done
echo "ok - rotated by size: $(for f in $(logs); do stat -c '%n %s' $f; done | xargs)"

# A daemon started on a log already past max_log_file registers and
# writes: the size holds back no reading before its action is noted.
stop_daemon
cat $log.1 >>$log
start_daemon "max_log_file = 1" "max_log_file_action = ignore"
run_sample softirq 100
wait_for 30 backlog_empty ||
	fail "a daemon on a log past max_log_file took nothing: $(status backlog) held"
echo "ok - started on a log of $(stat -c %s $log) bytes, past max_log_file: records written"

stop_daemon
rmmod auditlite_sample
rmmod auditlite

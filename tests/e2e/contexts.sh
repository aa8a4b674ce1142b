# SPDX-License-Identifier: GPL-2.0
# 100,000 records from process, softirq and hardirq context on both CPUs:
# the daemon's log holds every one exactly once and nothing is lost.
. ./vmlib.sh

insmod $mods/auditlite.ko backlog_limit=100000
insmod $mods/auditlite_sample.ko
start_daemon

run_sample process 16666
run_sample softirq 16667
run_sample hardirq 16667
emitted=$(cat $sample/emitted)
[ "$emitted" = 100000 ] || fail "the sample emitted $emitted records, not 100000"
[ "$(cat $sample/dropped)" = 0 ] || fail "auditlite refused $(cat $sample/dropped) records"

wait_for 120 backlog_empty || fail "records still held: $(status backlog)"
expect_each_serial_once 100000
# Each run writes its count on each CPU. The log may have rotated under the
# load: count over every file, in one pass.
cpus=$(grep -c ^processor /proc/cpuinfo)
sample_lines | cut -d' ' -f4 | sort | uniq -c >/tmp/per_ctx
for want in process:16666 softirq:16667 hardirq:16667; do
	ctx=${want%:*}
	want=$((${want#*:} * cpus))
	n=$(awk -v c="ctx=$ctx" '$2 == c { print $1 }' /tmp/per_ctx)
	[ "${n:-0}" = "$want" ] || fail "$ctx: ${n:-0} records in the log, not $want"
	echo "ok - $ctx: $n records"
done
echo "ok - high water $(status backlog_high_water), sent $(status sent), acked $(status acked)"

stop_daemon
rmmod auditlite_sample
rmmod auditlite

# SPDX-License-Identifier: GPL-2.0
# kernels: stock debug rt
# 100,000 records (20,000 on the debug kernel, load=light) from process,
# softirq and hardirq context on both CPUs: the daemon's log holds every
# one exactly once and nothing is lost. On PREEMPT_RT, where a hard
# interrupt caller has only its CPU's reserve (the slab takes sleeping
# locks there), the hardirq run goes at a rate the reserve's refill keeps
# up with; a flood past it then loses records, each one counted.
# timeout: 90
. ./vmlib.sh

insmod $mods/auditlite.ko backlog_limit=100000
insmod $mods/auditlite_sample.ko
start_daemon

# Per CPU and context.
per=$(by_load "16666 16667 16667" "3333 3333 3334")
set -- $per
total=$((($1 + $2 + $3) * $(grep -c ^processor /proc/cpuinfo)))
run_sample process $1
run_sample softirq $2
rt=
if uname -v | grep -q PREEMPT_RT; then rt=1; fi
run_sample hardirq $3 ${rt:+2000}
emitted=$(cat $sample/emitted)
[ "$emitted" = $total ] || fail "the sample emitted $emitted records, not $total"
[ "$(cat $sample/dropped)" = 0 ] || fail "auditlite refused $(cat $sample/dropped) records"

wait_for 120 backlog_empty || fail "records still held: $(status backlog)"
expect_each_serial_once $total
# Each run writes its count on each CPU. The log may have rotated under the
# load: count over every file, in one pass.
cpus=$(grep -c ^processor /proc/cpuinfo)
sample_lines | cut -d' ' -f4 | sort | uniq -c >/tmp/per_ctx
for want in process:$1 softirq:$2 hardirq:$3; do
	ctx=${want%:*}
	want=$((${want#*:} * cpus))
	n=$(awk -v c="ctx=$ctx" '$2 == c { print $1 }' /tmp/per_ctx)
	[ "${n:-0}" = "$want" ] || fail "$ctx: ${n:-0} records in the log, not $want"
	echo "ok - $ctx: $n records"
done
echo "ok - high water $(status backlog_high_water), sent $(status sent), acked $(status acked)"

if [ -n "$rt" ]; then
	run_sample hardirq 5000
	emitted=$(($(cat $sample/emitted) - total))
	dropped=$(cat $sample/dropped)
	[ "$(status lost)" = "$dropped" ] ||
		fail "the flood: $dropped records refused, lost says $(status lost)"
	wait_for 120 backlog_empty || fail "records still held: $(status backlog)"
	written=$(($(sample_serials | sort -u | wc -l) - total))
	[ $((written + dropped)) = "$emitted" ] ||
		fail "the flood: $emitted emitted, $written written, $dropped lost"
	echo "ok - a hardirq flood on PREEMPT_RT: $emitted emitted = $written written + $dropped lost"
fi

stop_daemon
rmmod auditlite_sample
rmmod auditlite

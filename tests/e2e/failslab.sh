# SPDX-License-Identifier: GPL-2.0
# kernels: debug
# Slab failures injected into auditlite's buffer cache only (failslab's
# cache filter; the VM boots with slub_debug=A,auditlite_buffer): callers
# in all three contexts keep running, and every record they started is either in the log or counted lost, exactly; the
# log's lost records add up to the same count, even when the lost
# record's own allocation failed while nothing else was left to drain.
# timeout: 90
. ./vmlib.sh

slab=/sys/kernel/slab/auditlite_buffer
fs=/sys/kernel/debug/failslab

insmod $mods/auditlite.ko backlog_limit=100000
insmod $mods/auditlite_sample.ko
start_daemon
# A merged cache would spread the failures to other users of its slab.
[ -d $slab ] && [ ! -L $slab ] || fail "auditlite_buffer is merged with another cache"
[ "$(cat $slab/failslab)" = 1 ] || fail "auditlite_buffer is not marked for failslab"

# Nothing fails while the filters change; then only auditlite_buffer.
echo 0 >$fs/probability
echo 0 >$fs/verbose
echo N >$fs/task-filter
echo N >$fs/ignore-gfp-wait
echo Y >$fs/cache-filter
echo 1 >$fs/interval
echo -1 >$fs/times
echo 30 >$fs/probability
echo "injecting: 30% of auditlite_buffer allocations fail"

run_sample process 2000
run_sample softirq 2000
run_sample hardirq 2000

echo 0 >$fs/probability
wait_for 60 backlog_empty || fail "records still held: $(status backlog)"

# The lost records the log holds, added up.
reported() {
	sed -n 's/^type=KERNEL msg=audit([0-9.]*:[0-9]*): op=lost lost=\([0-9]*\) .*/\1/p' $log |
		awk '{ n += $1 } END { print n + 0 }'
}

reported_all() {
	[ "$(reported)" = "$(status lost)" ]
}

emitted=$(cat $sample/emitted)
refused=$(cat $sample/dropped)
lost=$(status lost)
written=$(sample_serials | sort -u | wc -l)
wait_for 10 reported_all || :
reported=$(reported)
echo "started $emitted, refused $refused, lost $lost, in the log $written, reported lost $reported"
[ "$refused" -gt 0 ] || fail "no allocation failed: nothing was injected"
[ "$lost" = "$refused" ] || fail "lost $lost, but callers saw $refused refusals"
[ $((written + lost)) = "$emitted" ] ||
	fail "$written written + $lost lost != $emitted started"
[ "$reported" = "$lost" ] || fail "the log's lost records say $reported, not $lost"
echo "ok - started = written + lost, exactly, under injected slab failures"

# Every allocation fails: the reserves run dry, and so does the lost
# record's allocation at the drain's last run. Once the slab works again,
# with no record left to start the drain, the losses must still reach
# the log.
echo 100 >$fs/probability
run_sample hardirq 200
wait_for 30 backlog_empty || fail "records still held: $(status backlog)"
sleep 1
echo 0 >$fs/probability
wait_for 10 reported_all ||
	fail "after every allocation failed: the log's lost records say $(reported), not $(status lost)"
echo "ok - losses reported in-band once the lost record could be allocated: $(reported)"

stop_daemon
rmmod auditlite_sample
rmmod auditlite

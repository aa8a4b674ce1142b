# SPDX-License-Identifier: GPL-2.0
# Cycles of: load auditlite and the sample caller, log from a context (each
# in turn), stop the callers mid-run, unload both; every other cycle with a
# daemon. 50 cycles, 12 on the debug kernel (load=light). Each cycle
# accounts for every record its callers started: with a daemon, in the
# log, without one, held until the unload, which reports them. Callers
# start fewer records than the backlog holds (backlog_limit less a
# fortieth as a margin), so that none is refused and process-context
# callers never wait out backlog_wait_time, however slow the VM: a bound
# on the rate alone was not one on the records, when "sleep 0.1" took
# seconds on the debug kernel beside a stock boot (13,614 records in one
# cycle, 2,791 refused in another). They log slowly enough to be stopped
# mid-run all the same. The harness then checks for WARNs and, on the
# debug kernel, kmemleak after the last scenario.
# timeout: 150
. ./vmlib.sh

cycles=$(by_load 50 12)
per_cpu=
set -- process softirq hardirq
for i in $(seq 1 "$cycles"); do
	ctx=$1
	shift
	set -- "$@" "$ctx"
	insmod $mods/auditlite.ko
	insmod $mods/auditlite_sample.ko
	if [ -z "$per_cpu" ]; then
		limit=$(status backlog_limit)
		per_cpu=$(((limit - limit / 40) / $(nproc)))
	fi
	[ $((i % 2)) = 0 ] && start_daemon
	echo $per_cpu >$sample/count
	echo 500 >$sample/rate
	echo "$ctx" >$sample/start
	sleep 0.1
	[ "$(cat $sample/running)" != 0 ] || fail "cycle $i: the run ended before the stop"
	echo 1 >$sample/stop
	started=$(($(cat $sample/emitted) - $(cat $sample/dropped)))
	[ "$(cat $sample/dropped)" = 0 ] || fail "cycle $i: $(cat $sample/dropped) refused"
	[ "$started" -gt 0 ] || fail "cycle $i: no record started"
	rmmod auditlite_sample
	if [ $((i % 2)) = 0 ]; then
		wait_for 30 backlog_empty || fail "cycle $i: $(status backlog) records still held"
		n=$(sample_serials | sort -u | wc -l)
		[ "$n" = "$started" ] || fail "cycle $i: $n of $started records in the log"
		stop_daemon
		rm -f $log
	else
		[ "$(status backlog)" = "$started" ] ||
			fail "cycle $i: $(status backlog) held, $started started"
	fi
	reported=$(dmesg | grep -c 'records undelivered' || true)
	rmmod auditlite
	if [ $((i % 2)) = 1 ]; then
		[ "$(dmesg | grep -c 'records undelivered')" -gt "$reported" ] &&
			dmesg | grep 'records undelivered' | tail -n 1 |
			grep -q "unloading with $started records undelivered" ||
			fail "cycle $i: the unload did not report $started records"
	fi
	echo "cycle $i ($ctx, $([ $((i % 2)) = 0 ] && echo "daemon" || echo "no daemon")): $started records accounted for"
done
grep -q auditlite /proc/modules && fail "a module is still loaded"
echo "ok - $cycles load, log, unload cycles, every record accounted for"

# SPDX-License-Identifier: GPL-2.0
# 50 cycles of: load auditlite and the sample caller, log from a context
# (each in turn), stop the callers mid-run, unload both; every other cycle
# with a daemon. Without one, a cycle logs less than the backlog holds, so
# that process-context callers never wait out backlog_wait_time. The harness then checks for WARNs and, on the debug
# kernel, kmemleak after the last scenario.
. ./vmlib.sh

set -- process softirq hardirq
for i in $(seq 1 50); do
	ctx=$1
	shift
	set -- "$@" "$ctx"
	insmod $mods/auditlite.ko
	insmod $mods/auditlite_sample.ko
	count=4000
	if [ $((i % 2)) = 0 ]; then
		start_daemon
		count=100000
	fi
	echo $count >$sample/count
	echo 0 >$sample/rate
	echo "$ctx" >$sample/start
	sleep 0.1
	rmmod auditlite_sample
	if [ $((i % 2)) = 0 ]; then
		kill -TERM $daemon
		wait $daemon || fail "cycle $i: auditd-lite exited $? on SIGTERM"
	fi
	rmmod auditlite
done
grep -q auditlite /proc/modules && fail "a module is still loaded"
echo "ok - 50 load, log, unload cycles"

# SPDX-License-Identifier: GPL-2.0
# kernels: stock debug rt
# The daemon stops reading (SIGSTOP). Under backlog_limit nothing is lost
# once it resumes; past the limit, lost counts exactly the records missing
# from the log, and the log's own lost records say how many.
# timeout: 60
. ./vmlib.sh

insmod $mods/auditlite.ko backlog_limit=2000
insmod $mods/auditlite_sample.ko
start_daemon

# Under the limit: 2 CPUs x 400 records wait in the kernel.
kill -STOP $daemon
run_sample softirq 400
held=$(status backlog)
echo "stopped daemon: $held records held"
[ "$held" -ge 800 ] || fail "expected at least 800 records held, got $held"
kill -CONT $daemon
wait_for 60 backlog_empty || fail "records still held: $(status backlog)"
[ "$(status lost)" = 0 ] || fail "lost $(status lost) under the limit"
[ "$(sample_serials | wc -l)" = 800 ] || fail "the log lacks records"
echo "ok - under the limit: 800 records written, none lost"

# Past the limit: atomic callers cannot wait, so records are dropped.
kill -STOP $daemon
run_sample softirq 3000
dropped=$(cat $sample/dropped)
lost=$(status lost)
echo "stopped daemon: sample dropped $dropped, module lost $lost"
[ "$dropped" -gt 0 ] || fail "nothing was dropped past the limit"
[ "$lost" = "$dropped" ] || fail "lost $lost but the sample saw $dropped refusals"
kill -CONT $daemon
wait_for 60 backlog_empty || fail "records still held: $(status backlog)"

written=$(sample_serials | wc -l)
missing=$((800 + 6000 - written))
[ "$missing" = "$lost" ] || fail "$missing records missing from the log, lost says $lost"
reported=$(sed -n 's/^type=KERNEL msg=audit([0-9.]*:[0-9]*): op=lost lost=\([0-9]*\) .*/\1/p' $log |
	awk '{ n += $1 } END { print n + 0 }')
[ "$reported" = "$lost" ] || fail "the log's lost records add up to $reported, not $lost"
echo "ok - past the limit: $written written, $missing missing = lost $lost = reported in the log"

stop_daemon
rmmod auditlite_sample
rmmod auditlite

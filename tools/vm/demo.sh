# SPDX-License-Identifier: GPL-2.0
# The demo, inside the VM: load auditlite, start the daemon, log records
# from process, softirq and hardirq context with the sample caller module,
# and show them in the log, the module's counters, and the log's lost
# record when the daemon stops reading.
# timeout: 300
. ./vmlib.sh

step() { echo; echo "### $*"; }

step "insmod auditlite.ko auditlite_sample.ko"
insmod $mods/auditlite.ko backlog_limit=2000
insmod $mods/auditlite_sample.ko
dmesg | grep 'auditlite' | tail -n 3

step "auditd-lite -f -c /tmp/auditd-lite.conf: registers as the daemon"
start_daemon
cat /tmp/auditd-lite.conf
cat /tmp/daemon.log

step "the sample module logs 1000 records per CPU from each context"
for ctx in process softirq hardirq; do
	run_sample $ctx 1000
	echo "$ctx: $(cat $sample/emitted) emitted so far, $(cat $sample/dropped) refused," \
		"caller cost median/p99/n (ns): $(cat $sample/caller_ns)"
done
wait_for 60 backlog_empty || fail "records still held: $(status backlog)"

step "$log: first and last lines"
head -n 4 $log
echo "..."
tail -n 2 $log
echo "$(wc -l <$log) lines, $(sample_serials | sort -u | wc -l) distinct sample serials"

step "auditlitectl status"
auditlitectl status

step "the daemon stops reading (SIGSTOP) while 3000 softirq records per CPU arrive"
kill -STOP $daemon
run_sample softirq 3000
echo "refused by auditlite: $(cat $sample/dropped), lost: $(status lost)," \
	"held: $(status backlog) of backlog_limit $(status backlog_limit)"
kill -CONT $daemon
wait_for 60 backlog_empty || fail "records still held: $(status backlog)"
echo "the log says (one lost record in flight at a time, the next one when it is acked):"
grep 'op=lost' $log

step "auditlitectl set backlog_limit 8192: the change is a record too"
auditlitectl set backlog_limit 8192
wait_for 10 grep -q 'op=set backlog_limit' $log || fail "the change was not logged"
grep 'op=set backlog_limit' $log

step "stop the daemon, rmmod"
kill -TERM $daemon
wait $daemon
tail -n 1 $log
rmmod auditlite_sample
rmmod auditlite
echo "modules unloaded; kernel log clean: $(dmesg | grep -cE -f /etc/kernel-reports) reports"

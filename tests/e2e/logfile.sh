# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1
# What admins read: records from the sample module reach the log in the
# auditd format, Debian's ausearch finds one by its serial and reads them
# all, aureport counts them, a truncated record is marked, and a bad
# configuration file is refused with its file, line and key. The daemon
# runs with the priority boost auditd takes by default (nice -4), in
# every thread.
# host: /usr/sbin/ausearch /usr/sbin/aureport
# timeout: 30
. ./vmlib.sh

insmod $mods/auditlite.ko
insmod $mods/auditlite_sample.ko
start_daemon
# nice is field 19 of stat, after the command's parenthesis.
for t in /proc/$daemon/task/*; do
	nice=$(sed 's/.*) //' $t/stat | cut -d' ' -f17)
	[ "$nice" = -4 ] || fail "thread ${t##*/} of the daemon runs at nice $nice, not -4"
done
echo "ok - every thread of the daemon at nice -4"
run_sample process 100
echo 9000 >$sample/size
# 9000 bytes of payload and the record's own words pass 8560 bytes.
run_sample softirq 1
wait_for 30 backlog_empty || fail "records still held: $(status backlog)"

serial=$(sample_serials | sed -n 50p)
[ -n "$serial" ] || fail "no sample records in $log"
ausearch -if $log --raw -a "$serial" >/tmp/found 2>/tmp/ausearch.err ||
	{ cat /tmp/ausearch.err; fail "ausearch did not find serial $serial"; }
grep -q "msg=audit([0-9.]*:$serial): op=sample ctx=process" /tmp/found ||
	{ cat /tmp/found; fail "ausearch returned the wrong record"; }
echo "ok - ausearch -a $serial: $(cut -c1-80 /tmp/found)..."

total=$(ausearch -if $log --raw 2>/dev/null | grep -c 'op=sample')
[ "$total" = 202 ] || fail "ausearch reads $total of 202 sample records"
all=$(ausearch -if $log --raw 2>/dev/null | wc -l)
[ "$all" = "$(wc -l <$log)" ] || fail "ausearch reads $all of the log's $(wc -l <$log) records"
echo "ok - ausearch reads all 202 sample records, and all $all of the log's"

# Every record has a serial: the 202 of the sample (KERNEL_OTHER, 1316),
# the module's CONFIG_CHANGE for the daemon's registering and the
# daemon's DAEMON_START, whose serial is its own, as auditd's are. Every
# record of the module's is an event to aureport, which leaves the
# daemon's own out of its count, as it does auditd's.
with_serial=$(grep -c '^type=[A-Z_]* msg=audit([0-9.]*:[1-9][0-9]*): ' $log)
[ "$with_serial" = 204 ] ||
	{ cut -c1-100 $log; fail "the log has $with_serial records with a serial, not 204"; }
events=$(aureport -if $log --summary 2>/dev/null | sed -n 's/^Number of events: //p')
[ "$events" = 203 ] || fail "aureport --summary counts $events events, not 203"
changes=$(aureport -if $log --summary 2>/dev/null | sed -n 's/^Number of changes in configuration: //p')
[ "$changes" = 1 ] || fail "aureport --summary counts $changes configuration changes, not 1"
by_type=$(aureport -if $log --event --summary 2>/dev/null | awk '$2 == 1316 { print $1 }')
[ "$by_type" = 202 ] || fail "aureport --event --summary counts $by_type of type 1316, not 202"
started=$(ausearch -if $log --raw -m DAEMON_START -a 1 2>/dev/null | grep -c '^type=DAEMON_START ')
[ "$started" = 1 ] || fail "ausearch -m DAEMON_START -a 1 finds $started records"
echo "ok - aureport --summary counts the module's 203 records: 202 of type 1316 and 1 configuration change; ausearch -m DAEMON_START -a 1 selects the daemon's"

[ "$(grep -c 'ctx=softirq .*x auditlite_truncated=1$' $log)" = 2 ] ||
	fail "the records over 8560 bytes are not marked truncated"
echo "ok - records over 8560 bytes are cut and marked auditlite_truncated=1"

printf 'log_file = /tmp/x.log\nflush = none\nfreq = often\n' >/tmp/bad.conf
if auditd-lite -f -c /tmp/bad.conf >/tmp/bad.out 2>&1; then
	fail "auditd-lite started with a bad configuration"
fi
grep -q '/tmp/bad.conf:3: freq' /tmp/bad.out ||
	{ cat /tmp/bad.out; fail "the error does not name the file, line 3 and the key"; }
echo "ok - bad configuration refused: $(cat /tmp/bad.out)"

stop_daemon
rmmod auditlite_sample
rmmod auditlite

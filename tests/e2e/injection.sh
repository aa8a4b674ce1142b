# SPDX-License-Identifier: GPL-2.0
# Log injection: the sample's hostile path logs newlines, forged "type="
# records, quotes, NULs, bytes that are not UTF-8, control bytes and a
# 20 KiB string, through "%s", untrustedstring and n_hex. The log has one
# line per record, every line a record, no forged one, and ausearch reads
# every line.
# host: /usr/sbin/ausearch
# timeout: 30
. ./vmlib.sh

insmod $mods/auditlite.ko
insmod $mods/auditlite_sample.ko
start_daemon
echo hostile >$sample/path
echo 20480 >$sample/size
run_sample process 70
wait_for 20 backlog_empty || fail "records still held: $(status backlog)"
stop_daemon

records=$(grep -c '^type=KERNEL_OTHER msg=audit([0-9.]*:[0-9]*): op=hostile ' $log)
[ "$records" = 140 ] || fail "$records hostile records in the log, not 140"
serials=$(sed -n 's/^type=KERNEL_OTHER msg=audit([0-9.]*:\([0-9]*\)): op=hostile .*/\1/p' $log |
	sort -u | wc -l)
[ "$serials" = 140 ] || fail "$serials distinct serials, not 140"
lines=$(wc -l <$log)
typed=$(grep -c '^type=[A-Z_]* msg=audit([0-9]*\.[0-9]*:[0-9]*): ' $log)
[ "$typed" = "$lines" ] || fail "$((lines - typed)) of $lines lines are not records"
[ "$(grep -c '^type=DAEMON_START ' $log)" = 1 ] || fail "a DAEMON_START was forged"
[ "$(grep -c '^type=DAEMON_END ' $log)" = 1 ] || fail "a DAEMON_END was forged"
grep -q 'auditlite_truncated=1$' $log || fail "the 20 KiB record is not marked truncated"
echo "ok - 140 hostile records: $lines lines, each a record, none forged"

ausearch --input $log --raw >/tmp/raw 2>/tmp/ausearch.err ||
	fail "ausearch failed: $(cat /tmp/ausearch.err)"
[ "$(wc -l </tmp/raw)" = "$lines" ] ||
	fail "ausearch read $(wc -l </tmp/raw) of $lines lines: $(head -c 300 /tmp/ausearch.err)"
echo "ok - ausearch reads all $lines lines"
grep -m1 ' case=3 ' $log | cut -c1-200

rmmod auditlite_sample
rmmod auditlite

# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1
# Sealed logs. seal-init makes the key; a daemon seals every second under
# load, across rotations, a SIGKILL and a restart, and SIGTERM: verify
# passes on the untouched logs, and says the epoch sealed at the restart
# was sealed late. Then each tampering, on a copy of those logs, is found
# and reported at the right file and lines: a changed byte, a deleted,
# inserted or reordered line, a missing or swapped rotated file, a cut
# tail, a seal forged with a later key; and an intruder holding the
# daemon's current key file cannot make a changed earlier record verify,
# whatever epoch they claim. A new key does not seal on from the log of
# another chain. On the stock kernel only: sealing is all in
# the daemon, which the debug kernel's checks do not see into.
# timeout: 150
. ./vmlib.sh

key=/tmp/state/seal.key
daemon_flush=incremental_async

# --- the key ------------------------------------------------------------

vkey=$(auditlitectl seal-init --key-file $key 2>/tmp/seal-init.err) ||
	{ cat /tmp/seal-init.err; fail "seal-init failed"; }
[ ${#vkey} = 64 ] || fail "seal-init printed '$vkey', not a key"
[ "$(stat -c %a $key):$(stat -c %a /tmp/state)" = 600:700 ] ||
	fail "key file and directory modes $(stat -c %a $key):$(stat -c %a /tmp/state)"
grep -q "$vkey" $key && fail "the daemon's key file holds the verification key"
auditlitectl seal-init --key-file $key >/tmp/again 2>&1 && fail "a second seal-init overwrote the key"
[ -s /tmp/again ] || fail "a second seal-init said nothing"
echo "ok - seal-init: a 0600 key file, the verification key printed once"

# --- sealed under load, rotations, a SIGKILL, a restart -----------------

insmod $mods/auditlite.ko backlog_limit=100000
insmod $mods/auditlite_sample.ko
conf="seal = yes|seal_key_file = $key|seal_interval = 1|num_logs = 20|max_log_file = 0"
IFS='|'
# shellcheck disable=SC2086
start_daemon $conf
unset IFS

echo 4000 >$sample/count
echo 2000 >$sample/rate
echo process >$sample/start
sleep 0.7
kill -USR1 $daemon
sleep 0.7
kill -USR1 $daemon
sleep 0.5
kill_holding
echo "killed the daemon: $held records held"
IFS='|'
# shellcheck disable=SC2086
start_daemon $conf
unset IFS
sleep 0.5
kill -USR1 $daemon
wait_for 600 grep -qx 0 $sample/running || fail "the run did not end"
wait_for 60 backlog_empty || fail "records still held: $(status backlog)"
sleep 1.5
kill -USR1 $daemon
wait_for 10 [ -e $log.4 ] || fail "not rotated four times: $(logs | xargs)"
stop_daemon
expect_each_serial_once 8000

seals=$(cat $(logs) | grep -c '^type=DAEMON_SEAL ')
[ "$seals" -ge 6 ] || fail "$seals seals in $(logs | wc -l) logs"
grep -q '^type=DAEMON_SEAL .* op=recover ' $(logs) || fail "no epoch sealed at the restart"
[ "$(tail -n 1 $log | cut -d' ' -f1,3)" = "type=DAEMON_SEAL op=stop" ] ||
	fail "the log does not end with the seal of SIGTERM: $(tail -n 1 $log)"
auditlitectl verify --key $vkey /tmp/log >/tmp/verify.out 2>&1 ||
	{ cat /tmp/verify.out; fail "the untouched logs do not verify"; }
grep -q 'notice: sealed late, at a restart' /tmp/verify.out ||
	{ cat /tmp/verify.out; fail "the epoch sealed at the restart is not told apart"; }
echo "ok - $(tail -n 1 /tmp/verify.out)"
auditlitectl verify --key $vkey $(logs) >/dev/null ||
	fail "the logs named in order do not verify"
auditlitectl verify --key "$(echo $vkey | tr 0-9a-f 1-9a-f0)" /tmp/log >/dev/null &&
	fail "the logs verify with another key"
echo "ok - the logs named one by one verify too; with another key they do not"
# The key on standard input, out of sight of ps and /proc.
echo $vkey | auditlitectl verify --key - /tmp/log >/tmp/verify.out 2>&1 ||
	{ cat /tmp/verify.out; fail "the logs do not verify with the key on standard input"; }
rc=0
echo nokey | auditlitectl verify --key - /tmp/log >/tmp/verify.out 2>&1 || rc=$?
[ "$rc" = 2 ] || { cat /tmp/verify.out; fail "a bad key on standard input: exit $rc, not 2"; }
echo "ok - verify --key - reads the key from standard input"

# --- tampering, each on a fresh copy ------------------------------------

t=/tmp/t
fresh() {
	rm -rf $t
	cp -a /tmp/log $t
}

# steady_line FILE: the line, the 10th or a later one, of a sample record
# after a sample record of the serial before it and before two of
# the serials after it. The module can end a record after one started
# later (the serial is taken at the start), and verify's hints of where
# the serials break are exact only in such a steady run.
steady_line() {
	awk -F'[:)]' '{ k[NR] = / op=sample /; s[NR] = $2 + 0 }
		END {
			for (i = 2; i + 2 <= NR; i++)
				if (k[i - 1] && k[i] && k[i + 1] && k[i + 2] && i >= 10 &&
				    s[i] == s[i - 1] + 1 && s[i + 1] == s[i] + 1 &&
				    s[i + 2] == s[i + 1] + 1) {
					print i
					exit
				}
		}' "$1"
}

# detected FILE LINE WHAT [HINT]: verify fails on the copy, and reports
# WHAT at FILE (its name in the copy) in a line range holding LINE, with
# HINT if given.
detected() {
	local rc=0 first last
	auditlitectl verify --key $vkey $t >/tmp/tamper.out 2>&1 || rc=$?
	[ "$rc" = 1 ] || { cat /tmp/tamper.out; fail "$3: verify exited $rc"; }
	grep -F "$3" /tmp/tamper.out | grep "^$t/$1:" >/tmp/found ||
		{ cat /tmp/tamper.out; fail "$3 not reported in $1"; }
	first=$(head -n 1 /tmp/found | cut -d: -f2 | cut -d- -f1)
	last=$(head -n 1 /tmp/found | cut -d: -f2 | cut -d- -f2)
	[ "$first" -le "$2" ] && [ "$2" -le "$last" ] ||
		{ cat /tmp/found; fail "$3 reported at $first-$last, not at line $2"; }
	[ -z "${4:-}" ] || grep -qF "$4" /tmp/found ||
		{ cat /tmp/found; fail "$3 reported without '$4'"; }
	echo "ok - $(head -n 1 /tmp/found | sed "s|^$t/||")"
}

f=audit.log.3
fresh
n=$(steady_line $t/$f)
[ -n "$n" ] || fail "no steady run of serials in $f"
sed -i "${n}s/op=sample /op=sampl3 /" $t/$f
detected $f "$n" "changed or reordered: the seal does not match"

fresh
n=$(steady_line $t/$f)
[ -n "$n" ] || fail "no steady run of serials in $f"
sed -i "${n}d" $t/$f
detected $f "$n" "1 line(s) deleted" " $n (skips)"

fresh
n=$(steady_line $t/$f)
[ -n "$n" ] || fail "no steady run of serials in $f"
sed -i "${n}p" $t/$f
detected $f "$n" "1 line(s) inserted" " $((n + 1)) (repeats)"

fresh
n=$(steady_line $t/$f)
[ -n "$n" ] || fail "no steady run of serials in $f"
awk -v n="$n" 'NR == n { held = $0; next } { print } NR == n + 1 { print held }' \
	/tmp/log/$f >$t/$f
detected $f "$n" "changed or reordered" " $((n + 1)) (goes back)"

# The next file's first epoch is where the chain breaks.
fresh
rm $t/audit.log.3
detected audit.log.2 1 "missing before it"

fresh
mv $t/audit.log.3 $t/x
mv $t/audit.log.2 $t/audit.log.3
mv $t/x $t/audit.log.2
detected audit.log.2 1 "out of order"

fresh
n=$(($(wc -l <$t/audit.log) - 1))
head -n $n /tmp/log/audit.log >$t/audit.log
detected audit.log "$n" "unsealed: after the last seal"

# The key file the daemon left: of the epoch after the last seal.
cp $key /tmp/stolen.key
stolen=$(sed -n 's/.* epoch=\([0-9]*\) .*/\1/p' $key | sed 's/^0*//; s/^$/0/')
fresh
n=$(steady_line $t/$f)
[ -n "$n" ] || fail "no steady run of serials in $f"
sed -i "${n}s/op=sample /op=sampl3 /" $t/$f
seal_forge /tmp/stolen.key $t/$f "$n" 2>/dev/null
detected $f "$n" "forged: sealed with the key of epoch $stolen"

# The intruder claims the stolen key's epoch for the changed one: the MAC
# holds, the chain does not.
fresh
n=$(steady_line $t/$f)
[ -n "$n" ] || fail "no steady run of serials in $f"
sed -i "${n}s/op=sample /op=sampl3 /" $t/$f
seal_forge /tmp/stolen.key $t/$f "$n" "$stolen" 2>/dev/null
detected $f "$n" "missing before it"

# Or drops every later record, to end the chain there.
fresh
n=$(steady_line $t/$f)
[ -n "$n" ] || fail "no steady run of serials in $f"
sed -i "${n}s/op=sample /op=sampl3 /" $t/$f
seal_forge /tmp/stolen.key $t/$f "$n" "$stolen" 2>/dev/null
end=$(grep -n '^type=DAEMON_SEAL ' $t/$f | awk -F: -v n="$n" '$1 >= n { print $1; exit }')
head -n "$end" $t/$f >$t/x
mv $t/x $t/$f
rm -f $t/audit.log.2 $t/audit.log.1 $t/audit.log
mv $t/$f $t/audit.log
detected audit.log "$n" "missing before it"
echo "ok - a key file stolen now seals no earlier record"

# --- a new key over the log of another chain ----------------------------

# A log ending with a seal of epoch 0, then a new key, of epoch 0 too:
# the daemon must not take that seal for one of its own and seal on.
rm -rf /tmp/log /tmp/state
auditlitectl seal-init --key-file $key >/dev/null 2>&1 || fail "seal-init failed"
conf="seal = yes|seal_key_file = $key|seal_interval = 3600"
IFS='|'
# shellcheck disable=SC2086
start_daemon $conf
unset IFS
stop_daemon
grep -q '^type=DAEMON_SEAL .* op=stop epoch=0 ' $log ||
	fail "the first chain does not end with epoch 0: $(grep DAEMON_SEAL $log)"
rm $key
auditlitectl seal-init --key-file $key >/dev/null 2>&1 || fail "seal-init failed"
rc=0
timeout 10 auditd-lite -f -c /tmp/auditd-lite.conf >/tmp/refused.log 2>&1 || rc=$?
[ "$rc" = 1 ] || { cat /tmp/refused.log; fail "on a log of another chain the daemon exited $rc, not 1"; }
grep -q "not made with the key of $key" /tmp/refused.log ||
	{ cat /tmp/refused.log; fail "the refusal does not say why"; }
echo "ok - $(grep -o 'its last seal.*' /tmp/refused.log | head -n 1)"

rmmod auditlite_sample
rmmod auditlite

# SPDX-License-Identifier: GPL-2.0
# kernels: stock debug rt
# host: /usr/bin/setpriv
# Listeners. auditlitectl tail (LISTEN) needs CAP_AUDIT_READ: nobody, and
# root without it but with CAP_NET_ADMIN, are refused. With CAP_AUDIT_READ
# alone it prints each record the daemon writes exactly once: while the
# daemon's delivery retries (a daemon without CAP_NET_ADMIN gets a small
# socket buffer, and is stopped a moment), and while a daemon is killed
# holding records that the next one gets again. A listener that stops
# reading never holds back the daemon (40000 records, 10000 on the debug
# kernel, load=light), and status counts what it missed.
# timeout: 90
. ./vmlib.sh

# As root with no capability but CAP_AUDIT_READ.
audit_read_only="/usr/bin/setpriv --bounding-set=-all,+audit_read --inh-caps=-all --"
rmem_max=$(cat /proc/sys/net/core/rmem_max)

# start_small_daemon: a daemon without CAP_NET_ADMIN, which cannot force
# its socket buffer past a small net.core.rmem_max: its delivery retries
# as soon as it stops reading for a moment.
start_small_daemon() {
	echo 16384 >/proc/sys/net/core/rmem_max
	daemon_wrapper="/usr/bin/setpriv --bounding-set=-net_admin --inh-caps=-all --" start_daemon
	echo $rmem_max >/proc/sys/net/core/rmem_max
	capeff=$(awk '$1 == "CapEff:" { print $2 }' /proc/$daemon/status)
	[ $((0x$capeff & (1 << 12))) = 0 ] || fail "the daemon has CAP_NET_ADMIN ($capeff)"
}

insmod $mods/auditlite.ko backlog_limit=100000
insmod $mods/auditlite_sample.ko
start_small_daemon
echo "ok - the daemon registered without CAP_NET_ADMIN"

# Bounded: a tail let in would follow the stream until killed.
if su -s /bin/sh nobody -c "timeout 5 auditlitectl tail" >/tmp/tail.out 2>/tmp/tail.err; then
	fail "nobody could tail"
fi
grep -q "listening needs CAP_AUDIT_READ" /tmp/tail.err ||
	{ cat /tmp/tail.err; fail "tail as nobody did not say why it failed"; }
echo "ok - tail as nobody refused: $(tail -n 1 /tmp/tail.err)"
if /usr/bin/setpriv --bounding-set=-audit_read -- timeout 5 auditlitectl tail >/tmp/tail.out 2>/tmp/tail.err; then
	fail "CAP_NET_ADMIN without CAP_AUDIT_READ could tail"
fi
grep -q "listening needs CAP_AUDIT_READ" /tmp/tail.err ||
	{ cat /tmp/tail.err; fail "tail without CAP_AUDIT_READ did not say why it failed"; }
echo "ok - tail with CAP_NET_ADMIN but not CAP_AUDIT_READ refused"

$audit_read_only auditlitectl tail >/tmp/tail.out 2>/tmp/tail.err &
tailer=$!
wait_for 10 grep -q "listening until interrupted" /tmp/tail.err ||
	{ cat /tmp/tail.err; fail "tail with CAP_AUDIT_READ alone did not listen"; }

# Retries: the stopped daemon's small buffer fills.
sent=$(status sent)
kill -STOP $daemon
run_sample softirq 500
sleep 1
kill -CONT $daemon
wait_for 30 backlog_empty || fail "records still held: $(status backlog)"
# Replays: killed holding records, which the next daemon gets again.
sent=$(status sent)
kill -STOP $daemon
run_sample process 500
[ "$(status sent)" -gt "$sent" ] || fail "nothing was sent to the stopped daemon"
kill -KILL $daemon
wait $daemon || true
wait_for 5 not_registered || fail "the module still lists a killed daemon"
start_small_daemon
wait_for 30 backlog_empty || fail "records still held: $(status backlog)"
expect_each_serial_once 2000
expect_resent

# tail_has N: tail has printed N sample records.
tail_has() {
	[ "$(grep -c ' op=sample ' /tmp/tail.out)" -ge "$1" ]
}
wait_for 10 tail_has 2000 ||
	fail "tail printed $(grep -c ' op=sample ' /tmp/tail.out) of 2000 records"
kill -INT $tailer
wait $tailer || fail "tail exited $? on SIGINT: $(cat /tmp/tail.err)"
grep ' op=sample ' /tmp/tail.out | cut -d: -f2 | cut -d')' -f1 >/tmp/tail.serials
[ "$(wc -l </tmp/tail.serials)" = 2000 ] ||
	fail "tail printed $(wc -l </tmp/tail.serials) lines for 2000 records: duplicates"
sort /tmp/tail.serials >/tmp/tail.sorted
sort /tmp/serials >/tmp/log.sorted
cmp -s /tmp/tail.sorted /tmp/log.sorted || fail "tail and the log hold different records"
echo "ok - tail printed each of the log's 2000 records once, through retries and a replay"

# A listener that stops reading, with a small buffer.
echo 16384 >/proc/sys/net/core/rmem_max
# A file of its own: the first tail's says "listening" already.
$audit_read_only auditlitectl tail >/dev/null 2>/tmp/tail2.err &
tailer=$!
wait_for 10 grep -q "listening until interrupted" /tmp/tail2.err || fail "tail did not listen"
echo $rmem_max >/proc/sys/net/core/rmem_max
kill -STOP $tailer
per_cpu=$(by_load 20000 5000)
run_sample softirq $per_cpu
wait_for 60 backlog_empty || fail "held back by a stopped listener: $(status backlog) in the backlog"
expect_each_serial_once $((2000 + 2 * per_cpu))
drops=$(auditlitectl status | awk '$1 == "listener" { print $3 }')
[ -n "$drops" ] && [ "$drops" -gt 0 ] ||
	fail "status counts no drops for the stopped listener: '$drops' ($(cat /tmp/tail2.err);" \
		"tail state $(awk '{ print $3 }' /proc/$tailer/stat 2>/dev/null);" \
		"$(auditlitectl status | tail -n 3 | tr '\n' ' '))"
echo "ok - a stopped listener: the daemon got all $((2 * per_cpu)) records, the listener missed $drops"
kill -KILL $tailer

stop_daemon
rmmod auditlite_sample
rmmod auditlite

# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1
# A fleet's pipeline: auditd-lite's dispatcher feeds every line it writes
# to logger(1), into a local rsyslog that forwards over TCP on loopback to
# a second, "central" rsyslog. Under load and across two rotations, the
# central one gets every line of the logs exactly once, byte for byte, and
# the dispatcher dropped nothing.
# host: /usr/sbin/rsyslogd /usr/bin/logger
# host: /usr/lib/x86_64-linux-gnu/rsyslog/imuxsock.so
# host: /usr/lib/x86_64-linux-gnu/rsyslog/imtcp.so
# host: /usr/lib/x86_64-linux-gnu/rsyslog/lmnet.so
# host: /usr/lib/x86_64-linux-gnu/rsyslog/lmnetstrms.so
# host: /usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_ptcp.so
# host: /usr/lib/x86_64-linux-gnu/rsyslog/lmtcpsrv.so
# host: /usr/lib/x86_64-linux-gnu/rsyslog/lmtcpclt.so
# timeout: 60
. ./vmlib.sh

rs=/tmp/rsyslog
mkdir -p $rs/local $rs/central
cat >$rs/central.conf <<EOF
global(maxMessageSize="64k" workDirectory="$rs/central")
module(load="imtcp")
input(type="imtcp" address="127.0.0.1" port="10514")
# The message as it was sent: without the blank after the tag.
template(name="line" type="string" string="%msg:2:\$%\n")
action(type="omfile" file="$rs/central/received.log" template="line")
EOF
cat >$rs/local.conf <<EOF
global(maxMessageSize="64k" workDirectory="$rs/local")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" socket="$rs/local/log.sock" rateLimit.interval="0")
action(type="omfwd" target="127.0.0.1" port="10514" protocol="tcp"
       template="RSYSLOG_ForwardFormat" queue.type="LinkedList"
       queue.size="100000" action.resumeRetryCount="-1")
EOF
rsyslogd -n -f $rs/central.conf -i $rs/central/pid >$rs/central/out 2>&1 &
rsyslogd -n -f $rs/local.conf -i $rs/local/pid >$rs/local/out 2>&1 &
wait_for 30 [ -S $rs/local/log.sock ] ||
	{ cat $rs/*/out; fail "the local rsyslog did not start"; }

insmod $mods/auditlite.ko backlog_limit=100000
insmod $mods/auditlite_sample.ko
start_daemon "num_logs = 5" "max_log_file = 0" "q_depth = 100000" \
	"dispatcher = /usr/bin/logger -u $rs/local/log.sock -t auditlite --size 16384"

echo 2000 >$sample/count
echo 1000 >$sample/rate
echo process >$sample/start
sleep 0.7
kill -USR1 $daemon
sleep 0.7
kill -USR1 $daemon
wait_for 600 grep -qx 0 $sample/running || fail "the run did not end"
wait_for 60 backlog_empty || fail "records still held: $(status backlog)"
wait_for 10 [ -e $log.2 ] || fail "not rotated twice: $(logs | xargs)"
expect_each_serial_once 4000

# central_has N: the central rsyslog has received N lines or more.
central_has() {
	[ "$(wc -l <$rs/central/received.log)" -ge "$1" ]
}

# Stopped once the pipeline has caught up: at SIGTERM the daemon gives
# the dispatcher 2 s to take what it still queues and counts the rest as
# dropped, and on the debug kernel beside another VM logger can be further
# behind than that.
lines=$(logs | xargs cat | wc -l)
wait_for 120 central_has $lines ||
	fail "the central rsyslog has $(wc -l <$rs/central/received.log) of $lines lines"
stop_daemon
grep 'dispatcher: ' /tmp/daemon.log
grep -q 'dispatcher: /usr/bin/logger: [0-9]* lines sent, 0 dropped$' /tmp/daemon.log ||
	fail "the dispatcher did not send everything"

# The daemon's DAEMON_END too.
logs | xargs cat | sort >/tmp/written
lines=$(wc -l </tmp/written)
wait_for 120 central_has $lines ||
	fail "the central rsyslog has $(wc -l <$rs/central/received.log) of $lines lines"
sleep 1
sort $rs/central/received.log >/tmp/received
cmp -s /tmp/written /tmp/received || {
	diff /tmp/written /tmp/received | head -n 20
	fail "the central rsyslog's lines differ from the logs'"
}
echo "ok - $lines lines of $(logs | wc -l) logs, each once at the central rsyslog"

rmmod auditlite_sample
rmmod auditlite

# SPDX-License-Identifier: GPL-2.0
# Helpers for VM scenarios (tests/e2e, tools/vm/demo.sh); sourced by them,
# run by busybox sh with -eu.

mods=/lib/modules/auditlite

# fail MESSAGE: end the scenario as failed, saying why.
fail() {
	echo "FAIL: $*"
	exit 1
}

# nap: 0.1 s without a fork, a timed read on a FIFO nobody writes. A poll
# that forked sleep (and grep) ten times a second took a tenth of the CPU
# from what it waited for (the benchmark's loggers).
[ -p /tmp/nap.fifo ] || mkfifo /tmp/nap.fifo
exec 8<>/tmp/nap.fifo
nap() {
	read -r -t 0.1 -u 8 _ || :
}

# wait_for SECONDS COMMAND...: poll COMMAND every 0.1 s until it succeeds.
wait_for() {
	local tries=$(($1 * 10))
	shift
	while ! "$@" 2>/dev/null; do
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || return 1
		nap
	done
}

# by_load FULL LIGHT: FULL, or LIGHT on a kernel booted with load=light
# (the debug kernel, where lockdep and KASAN find what they find at any
# size and every step costs several times more).
by_load() {
	if [ "${load:-full}" = light ]; then echo "$2"; else echo "$1"; fi
}

sample=/sys/module/auditlite_sample/parameters
log=/tmp/log/audit.log

# start_daemon [CONFIG_LINES...]: run auditd-lite in the foreground (in the
# background of this shell) writing to $log, with flush = $daemon_flush
# (none unless set), through the command $daemon_wrapper if set (setpriv,
# say); sets $daemon to its pid once the kernel has taken its REGISTER.
start_daemon() {
	local before
	mkdir -p /tmp/log
	{
		echo "log_file = $log"
		echo "flush = ${daemon_flush:-none}"
		for line in "$@"; do echo "$line"; done
	} >/tmp/auditd-lite.conf
	before=$(registrations)
	${daemon_wrapper:-} auditd-lite -f -c /tmp/auditd-lite.conf >>/tmp/daemon.log 2>&1 &
	daemon=$!
	# The daemon says so when the kernel has acked its REGISTER: cheaper
	# to watch for than the module's status, as auditlitectl, dynamically
	# linked, takes a quarter of a second to start on the debug kernel.
	wait_for 20 registered_since "$before" ||
		{ cat /tmp/daemon.log; fail "auditd-lite did not register"; }
}

# stop_daemon: SIGTERM to the daemon, which must exit 0.
stop_daemon() {
	kill -TERM $daemon
	wait $daemon || fail "auditd-lite exited $? on SIGTERM"
}

# registrations: how many daemons /tmp/daemon.log says have registered.
registrations() {
	if [ -f /tmp/daemon.log ]; then
		grep -c '^auditd-lite: registered as the auditlite daemon$' /tmp/daemon.log || true
	else
		echo 0
	fi
}

# registered_since N: more than N daemons have registered.
registered_since() {
	[ "$(registrations)" -gt "$1" ]
}

daemon_registered() {
	[ "$(status pid)" = "$daemon" ]
}

# status KEY: one value from auditlitectl status.
status() {
	auditlitectl status | awk -v k="$1" '$1 == k { print $2 }'
}

backlog_empty() {
	[ "$(status backlog)" = 0 ]
}

# run_sample CONTEXT COUNT [RATE]: COUNT records per CPU, wait for the end.
run_sample() {
	echo "$2" >$sample/count
	echo "${3:-0}" >$sample/rate
	echo "$1" >$sample/start
	wait_for 600 sample_done || fail "the $1 run did not end"
}

# sample_done: the sample module's run has ended on every CPU.
sample_done() {
	local running
	read -r running <$sample/running && [ "$running" = 0 ]
}

# logs: the log and the rotated ones, oldest first.
logs() {
	ls $log.* 2>/dev/null | sort -t. -k3 -rn
	echo $log
}

# lines_in FILE...: the sample records' lines in those files.
lines_in() {
	cat "$@" | grep '^type=KERNEL_OTHER msg=audit([0-9.]*:[0-9]*): op=sample '
}

# sample_lines: the sample records' lines in the logs, oldest first.
sample_lines() {
	lines_in $(logs)
}

# serials_in FILE...: the serials of the sample records in those files,
# one a line. (grep and cut: busybox's sed with a back-reference takes 15
# times as long, some 20 s for 100,000 lines under TCG.)
serials_in() {
	lines_in "$@" | cut -d: -f2 | cut -d')' -f1
}

# sample_serials: the same in the logs.
sample_serials() {
	serials_in $(logs)
}

# kill_holding: SIGKILL the daemon at a moment it holds records the kernel
# sent it and it has not acked: stopped (SIGSTOP) until the kernel has sent
# it more, as it does while records come in. Sets $held to the records
# the module holds once it is gone, which the next daemon gets again.
kill_holding() {
	local sent
	sent=$(status sent)
	kill -STOP $daemon
	wait_for 20 sent_more_than "$sent" ||
		{ kill -CONT $daemon; fail "no record sent to the stopped daemon"; }
	kill -KILL $daemon
	wait $daemon || true
	wait_for 5 not_registered || fail "the module still lists a killed daemon"
	held=$(status backlog)
	[ "$held" -gt 0 ] || fail "killed holding records, yet none held after"
}

# crash_mid_write: start auditd-lite with the config start_daemon wrote,
# its files limited to at most 1 KiB more than the log holds now
# (RLIMIT_FSIZE, in busybox's 512-byte blocks): the first batch it writes
# (up to a page of records) crosses the limit, a short write leaves whole lines and a torn one, and the next
# write's SIGXFSZ kills it before its ack: a crash in the window between
# the write and the ack, for certain. Needs some 40 records held for it.
crash_mid_write() {
	local size rc=0
	size=$(stat -c %s $log 2>/dev/null || echo 0)
	(ulimit -f $(((size + 1024) / 512)) && exec auditd-lite -f -c /tmp/auditd-lite.conf) \
		>>/tmp/daemon.log 2>&1 &
	daemon=$!
	wait_for 30 not_alive $daemon || { kill -KILL $daemon; fail "the daemon wrote past its limit"; }
	wait $daemon || rc=$?
	# 128 + SIGXFSZ (25)
	[ "$rc" = 153 ] || { tail -n 5 /tmp/daemon.log; fail "the limited daemon exited $rc, not by SIGXFSZ"; }
	wait_for 5 not_registered || fail "the module still lists a dead daemon"
}

not_alive() {
	! kill -0 "$1" 2>/dev/null
}

# sent_more_than N: the module has sent more than N records.
sent_more_than() {
	[ "$(status sent)" -gt "$1" ]
}

not_registered() {
	[ "$(status pid)" = 0 ]
}

# dedups: how many times daemons dropped replayed records their log held.
dedups() {
	grep -c 'already holds$' /tmp/daemon.log || true
}

# expect_resent: the module sent some of the records in the logs more
# than once (the daemon's own records, serial 0, are not the module's).
expect_resent() {
	local sent n
	sent=$(status sent)
	n=$(logs | xargs grep -ho 'msg=audit([0-9.]*:[0-9]*)' | cut -d: -f2 |
		cut -d')' -f1 | grep -v '^0$' | sort -u | wc -l)
	[ "$sent" -gt "$n" ] || fail "sent $sent for $n records: nothing was sent again"
	echo "sent $sent times for the $n records of the module in the logs"
}

# expect_serials_once N FILE...: those files hold N sample records, no
# serial twice, and the module lost none.
expect_serials_once() {
	local n=$1 total unique
	shift
	serials_in "$@" >/tmp/serials
	total=$(wc -l </tmp/serials)
	unique=$(sort -u /tmp/serials | wc -l)
	echo "log: $total sample records, $unique distinct serials"
	[ "$(status lost)" = 0 ] || fail "lost $(status lost)"
	[ "$unique" = "$n" ] || fail "the log has $unique of $n serials"
	[ "$total" = "$n" ] || fail "the log has $total lines for $n serials: duplicates"
}

# expect_each_serial_once N: as expect_serials_once, in the logs.
expect_each_serial_once() {
	expect_serials_once "$1" $(logs)
}

# SPDX-License-Identifier: GPL-2.0
# Soak (make stress). First the end-to-end capacity is measured: records
# from every context as fast as they come, until the last is in the log.
# Then, for soak_seconds (600 unless the kernel command line says), load at
# 80% of it, the context changing every 20 s, while the daemon is restarted
# every 60 s (SIGKILL and SIGTERM in turn), the log rotated with SIGUSR1
# every 30 s and backlog_limit changed with SET every second.
#
# Each rotated file is checked and removed as it comes, so the run needs
# no disk: across all of them the kernel's serials must follow one another
# with no gap and no repeat. At the end: records generated = written +
# lost, with lost 0, and the module's slab back to where it started.
# timeout: 1800
. ./vmlib.sh

seconds=${soak_seconds:-600}
cpus=$(grep -c ^processor /proc/cpuinfo)
conf="max_log_file = 0
num_logs = 2"

now() {
	cut -d. -f1 /proc/uptime
}

now_cs() {
	awk '{ printf "%d\n", $1 * 100 }' /proc/uptime
}

# slab_objects: buffers in use from auditlite's cache (its reserves
# included), once empty slabs and the CPUs' slabs are given back; the cache
# is unmerged on the debug kernel.
slab_objects() {
	echo 1 >/sys/kernel/slab/auditlite_buffer/shrink
	cut -d' ' -f1 /sys/kernel/slab/auditlite_buffer/objects
}

daemon_rss() {
	awk '$1 == "VmRSS:" { print $2 }' /proc/$daemon/status
}

mem_available() {
	awk '$1 == "MemAvailable:" { print $2 }' /proc/meminfo
}

# The checker reads every log file, in order, as it is done with: the
# kernel's serials (from 1: the module is fresh) must each come once. The
# tasklet may send a record after later ones (its caller was interrupted
# between start and end), so it keeps the serials seen past the first
# missing one until the hole closes. The daemon's own records carry serial
# 0 and are left aside.
mkfifo /tmp/checker
awk '
	BEGIN { want = 1 }
	{
		s = $2
		sub(/^msg=audit\([0-9.]*:/, "", s)
		sub(/\):$/, "", s)
		s += 0
		if (s == 0)
			next
		n++
		if ($3 == "op=sample")
			written++
		if (s > last)
			last = s
		if (s < want || s in ahead) {
			repeats++
			next
		}
		ahead[s] = 1
		while (want in ahead) {
			delete ahead[want]
			want++
		}
	}
	END {
		held = 0
		for (s in ahead)
			held++
		printf "%d %d %d %d %d\n", n, written, repeats, last - want + 1 - held, last
	}
' </tmp/checker >/tmp/checked &
checker=$!
exec 4>/tmp/checker

# check_file FILE: hand FILE to the checker, then remove it.
check_file() {
	cat "$1" >&4
	rm -f "$1"
}

rotations=0
rotate_and_check() {
	rotations=$((rotations + 1))
	kill -USR1 $daemon
	wait_for 30 test -f $log.1 || fail "SIGUSR1 did not rotate the log"
	check_file $log.1
}

kills=0
terms=0
restart_daemon() {
	if [ $(((kills + terms) % 2)) = 0 ]; then
		kill -KILL $daemon
		wait $daemon || true
		kills=$((kills + 1))
	else
		stop_daemon
		terms=$((terms + 1))
	fi
	start_daemon "$conf"
}

stop_sample() {
	echo 1 >$sample/stop
	wait_for 60 grep -qx 0 $sample/running || fail "the sample did not stop"
	emitted=$(cat $sample/emitted)
}

insmod $mods/auditlite.ko backlog_limit=1000000
insmod $mods/auditlite_sample.ko
start_daemon "$conf"

# Capacity: 20000 records per CPU from each context, flat out, timed from
# the first call until the log holds the last.
t=$(now_cs)
for ctx in process softirq hardirq; do
	run_sample $ctx 20000
done
wait_for 600 backlog_empty || fail "records still held: $(status backlog)"
t=$(($(now_cs) - t))
capacity=$((60000 * cpus * 100 / t))
rate=$((capacity * 8 / 10 / cpus))
# Room for 30 s of load: a daemon's restart and its catching up after.
limit=$((capacity * 30))
echo "soak: capacity $capacity records/s; load $rate records/s per CPU for ${seconds}s; backlog_limit $limit"

# A fresh module and log for the soak: its high water and serials are its own.
stop_daemon
rmmod auditlite_sample
rmmod auditlite
rm -f $log*
insmod $mods/auditlite.ko backlog_limit=$limit
insmod $mods/auditlite_sample.ko
start_daemon "$conf"

slab_start=$(slab_objects)
mem_start=$(mem_available)
rss_start=$(daemon_rss)

t0=$(now)
end=$((t0 + seconds))
next_slice=$t0
next_rotate=$((t0 + 30))
next_restart=$((t0 + 60))
slice=0
knob=0
while [ "$(now)" -lt $end ]; do
	t=$(now)
	if [ "$t" -ge $next_slice ]; then
		[ $slice = 0 ] || stop_sample
		set -- process softirq hardirq
		shift $((slice % 3))
		echo $((rate * 30)) >$sample/count
		echo $rate >$sample/rate
		echo "$1" >$sample/start
		slice=$((slice + 1))
		next_slice=$((t + 20))
	fi
	if [ "$t" -ge $next_rotate ]; then
		rotate_and_check
		next_rotate=$((t + 30))
	fi
	if [ "$t" -ge $next_restart ]; then
		restart_daemon
		next_restart=$((t + 60))
	fi
	knob=$((1 - knob))
	auditlitectl set backlog_limit $((limit - knob)) >/dev/null
	sleep 1
done
stop_sample
wait_for 300 backlog_empty || fail "records still held: $(status backlog)"
rotate_and_check
rss_end=$(daemon_rss)
stop_daemon
check_file $log
exec 4>&-
wait $checker
read -r checked written repeats missing last </tmp/checked

lost=$(status lost)
dropped=$(cat $sample/dropped)
high=$(status backlog_high_water)
slab_end=$(slab_objects)
mem_end=$(mem_available)
echo "soak: ${seconds}s, $slice slices, $((kills + terms)) daemon restarts ($kills SIGKILL, $terms SIGTERM), $rotations rotations"
echo "soak: generated $emitted ($((emitted / seconds)) records/s), written $written, lost $lost, refused $dropped"
echo "soak: kernel records checked $checked, last serial $last, missing $missing, repeats $repeats"
echo "soak: backlog high water $high of limit $limit"
echo "soak: auditlite slab objects $slab_start at start, $slab_end at end"
echo "soak: MemAvailable ${mem_start} kB at start, ${mem_end} kB at end; daemon VmRSS ${rss_start} kB at start, ${rss_end} kB at end"

[ "$repeats" = 0 ] || fail "$repeats serials written twice"
[ "$missing" = 0 ] || fail "$missing serials missing from the log"
[ "$lost" = 0 ] || fail "lost $lost"
[ "$dropped" = 0 ] || fail "$dropped records refused"
[ "$written" = "$emitted" ] || fail "generated $emitted, written $written"
[ "$slab_end" -le "$slab_start" ] ||
	fail "auditlite's slab grew from $slab_start to $slab_end objects"
echo "ok - soak: every one of $emitted records written once, none lost, no slab growth"
rmmod auditlite_sample
rmmod auditlite

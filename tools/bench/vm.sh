# SPDX-License-Identifier: GPL-2.0
# make bench, inside the VM: the stock kernel, logs on /disk (ext4 on a
# virtio disk). First the disk's own limit: disklimit writing the same
# lines at each flush ("bench-disk: ..."). Then for each context, the same
# records through three paths: floor (snprintf only), kaudit (audit_log_*
# to Debian's auditd) and auditlite (auditlite_log_* to auditd-lite),
# the last two at their
# default flush (auditd's incremental_async; auditd-lite's incremental, a
# group commit that acks only what a sync made durable) and at flush none,
# and auditlite_sealed, auditlite with the log sealed (seal = yes), whose
# log must then verify.
# For auditlite, the time from a record's time stamp to its ack (the
# daemon's figures at exit). One "bench-result: key=value..." line per run;
# then, for kaudit and auditlite, the highest steady rate that loses
# nothing ("bench-sustain: ..."). tools/bench/bench.sh reads them.
#
# From the kernel command line: bench_count (records per CPU and run,
# default 20000), bench_size (payload bytes, 64), bench_sustain (1 to
# search the steady rates, the default; 0 not to), bench_seal_rounds (runs
# of auditlite and auditlite_sealed each in process context, default 3),
# bench_profile (1: instead, two auditlite runs in each context, one
# traced and one under perf, and where their CPU time went), with
# bench_flush (their flush, default none) and bench_ctx (the contexts,
# comma-separated, default process,softirq,hardirq).
# timeout: 3000
. ./vmlib.sh

count=${bench_count:-20000}
size=${bench_size:-64}
cpus=$(nproc)
kaudit_log=/disk/kaudit/audit.log
lite_log=/disk/auditlite/audit.log

# The kernel's audit status, one key.
kstatus() {
	auditctl -s | awk -v k="$1" '$1 == k { print $2 }'
}

# per_s N [END_NS]: N records a second from the last run's start to
# END_NS (wall clock ns), by default to its last record's call; 0 for a
# run that took no time.
per_s() {
	awk -v n="$1" -v t0="$(cat $sample/start_ns)" -v t1="${2:-$(cat $sample/end_ns)}" \
		'BEGIN { printf "%d", (t1 > t0 ? n / ((t1 - t0) / 1e9) : 0) }'
}

# cpu_ms PID: the user and the system time PID has used, in ms.
cpu_ms() {
	awk -v hz=100 '{ print $14 * 1000 / hz, $15 * 1000 / hz }' /proc/$1/stat
}

# Sample, every 0.1 s until /tmp/sampler.stop exists, the unreclaimable
# slab (what the loggers hold in records and skbs) and, given a command
# printing it, the backlog; keep the peaks in /tmp/peaks. Without that
# command it forks nothing: the shell's own read, and a timed read on a
# FIFO that nobody writes for the 0.1 s, since 20 forks a second of awk
# and sleep took CPU from the very loggers being measured.
sampler() {
	local mem=0 bl=0 k m b
	mkfifo /tmp/sampler.fifo
	exec 9<>/tmp/sampler.fifo
	while [ ! -e /tmp/sampler.stop ]; do
		while read -r k m _; do
			[ "$k" = SUnreclaim: ] && break
		done </proc/meminfo
		[ "$m" -gt "$mem" ] && mem=$m
		if [ -n "${1:-}" ]; then
			b=$($1)
			[ "${b:-0}" -gt "$bl" ] && bl=$b
		fi
		echo "$mem $bl" >/tmp/peaks
		read -r -t 0.1 -u 9 k || :
	done
	exec 9<&-
	rm -f /tmp/sampler.fifo
}

start_sampler() {
	rm -f /tmp/sampler.stop /tmp/peaks
	sampler "${1:-}" &
	sampler_pid=$!
}

# stop_sampler: sets peak_mem (kB) and peak_backlog.
stop_sampler() {
	touch /tmp/sampler.stop
	wait $sampler_pid
	read -r peak_mem peak_backlog </tmp/peaks
}

kaudit_backlog() { kstatus backlog; }

kaudit_drained() {
	[ "$(kstatus backlog)" = 0 ]
}

# start_auditd FLUSH: Debian's auditd writing $kaudit_log afresh.
start_auditd() {
	mkdir -p /etc/audit/plugins.d /var/log/audit /disk/kaudit
	[ -e /var/run ] || ln -s /run /var/run
	rm -f $kaudit_log
	cat >/etc/audit/auditd.conf <<-CONF
	log_file = $kaudit_log
	log_format = RAW
	flush = $1
	freq = 50
	max_log_file = 1000
	max_log_file_action = IGNORE
	num_logs = 1
	space_left = 2
	space_left_action = IGNORE
	admin_space_left = 1
	admin_space_left_action = IGNORE
	disk_full_action = IGNORE
	disk_error_action = IGNORE
	CONF
	auditd -n >/tmp/auditd.out 2>&1 &
	auditd_pid=$!
	wait_for 20 auditd_registered ||
		{ cat /tmp/auditd.out; fail "auditd did not register"; }
	auditctl -b 8192 >/dev/null
}

auditd_registered() {
	[ "$(kstatus pid)" = "$auditd_pid" ]
}

stop_auditd() {
	kill -TERM $auditd_pid
	wait $auditd_pid || true
}

# start_lite FLUSH [sealed]: auditd-lite writing $lite_log afresh,
# auditlite fresh; sealed with a new key ($vkey, the verification key).
start_lite() {
	rm -rf /disk/auditlite /disk/auditlite-state
	mkdir -p /disk/auditlite
	# One log, as auditd's above: what is counted is in $lite_log.
	printf 'log_file = %s\nflush = %s\nfreq = 50\nmax_log_file = 0\n' \
		$lite_log "$1" >/tmp/auditd-lite.conf
	if [ "${2:-}" = sealed ]; then
		vkey=$(auditlitectl seal-init --key-file /disk/auditlite-state/seal.key 2>/dev/null)
		printf 'seal = yes\nseal_key_file = %s\n' \
			/disk/auditlite-state/seal.key >>/tmp/auditd-lite.conf
	fi
	auditd-lite -f -c /tmp/auditd-lite.conf >>/tmp/daemon.log 2>&1 &
	daemon=$!
	wait_for 20 daemon_registered ||
		{ cat /tmp/daemon.log; fail "auditd-lite did not register"; }
}

stop_lite() {
	kill -TERM $daemon
	wait $daemon || fail "auditd-lite exited $? on SIGTERM"
}

# emit PATH CONTEXT COUNT RATE: one run of the sample module; sets
# emitted and refused for this run. The shell's own reads, no fork: the
# run is being measured.
emit() {
	local before_e before_d
	read -r before_e <$sample/emitted
	read -r before_d <$sample/dropped
	echo "$1" >$sample/path
	run_sample "$2" "$3" "$4"
	read -r emitted <$sample/emitted
	read -r refused <$sample/dropped
	emitted=$((emitted - before_e))
	refused=$((refused - before_d))
}

# bench PATH CONTEXT FLUSH: one measured run, one bench-result line.
bench() {
	local path=$1 ctx=$2 flush=$3 log= lost_before=0 base end rate
	local lost=0 lost_log=null hw=0 median p99 mean dpid= cpu=null emit_rate
	local user=null sys=null user0 sys0
	local ack_median=null ack_p99=null sealed= floor_median=null

	# The floor again, just before a logger's run: the VM's speed drifts
	# within a boot, and a floor measured minutes apart can flatter or
	# wrong the logger's ratio to it.
	if [ "$path" != floor ]; then
		emit floor "$ctx" "$count" 0
		read -r floor_median _ <$sample/caller_ns
	fi

	case $path in
	kaudit)
		start_auditd "$flush"
		dpid=$auditd_pid
		log=$kaudit_log
		lost_before=$(kstatus lost)
		start_sampler kaudit_backlog
		;;
	auditlite|auditlite_sealed)
		[ "$path" = auditlite ] || sealed=sealed
		start_lite "$flush" $sealed
		dpid=$daemon
		log=$lite_log
		start_sampler
		;;
	floor)
		start_sampler
		;;
	esac
	base=$(awk '$1 == "SUnreclaim:" { print $2 }' /proc/meminfo)
	[ -z "$dpid" ] || read -r user0 sys0 <<-EOF
	$(cpu_ms $dpid)
	EOF

	# The log is read as it grows, from the run's start: read only at the
	# end, the whole log's reading would be counted as the logger's time.
	rm -f /tmp/logwait.count
	[ -z "$log" ] || {
		logwait $log "op=sample ctx=$ctx " @/tmp/logwait.count 300 >/tmp/logwait.out &
		logwait_pid=$!
	}
	[ -z "${profiling:-}" ] || ${profiling}_start
	emit "${path%_sealed}" "$ctx" "$count" 0
	rate=null
	if [ -n "$log" ]; then
		echo $((emitted - refused)) >/tmp/logwait.count
		wait $logwait_pid ||
			fail "$path $ctx: the log has only $(sed 's/^timeout //' /tmp/logwait.out) of $((emitted - refused)) records"
		[ -z "${profiling:-}" ] || ${profiling}_stop
	fi
	# Sorted by the module as it is read: once the log is complete.
	read -r median p99 _ mean <$sample/caller_ns
	# The callers' own rate: no logger can show more than they emit.
	emit_rate=$(per_s $emitted)
	if [ -n "$log" ]; then
		end=$(cat /tmp/logwait.out)
		rate=$(per_s $((emitted - refused)) "$end")
		read -r user sys <<-EOF
		$(cpu_ms $dpid)
		EOF
		user=$((user - user0))
		sys=$((sys - sys0))
		cpu=$((user + sys))
		lost_log=$((emitted - $(grep -c "op=sample ctx=$ctx " $log)))
	fi
	stop_sampler

	case $path in
	kaudit)
		lost=$(($(kstatus lost) - lost_before))
		hw=$peak_backlog
		stop_auditd
		;;
	auditlite|auditlite_sealed)
		lost=$(status lost)
		hw=$(status backlog_high_water)
		stop_lite
		[ -z "$sealed" ] || auditlitectl verify --key "$vkey" $lite_log >/tmp/verify.out ||
			echo "note: $path $ctx: the sealed log does not verify: $(tail -n 3 /tmp/verify.out)"
		read -r ack_median ack_p99 <<-EOF
		$(ack_latency)
		EOF
		rmmod auditlite_sample
		rmmod auditlite
		insmod $mods/auditlite.ko
		insmod $mods/auditlite_sample.ko size=$size
		;;
	esac
	[ "$path" = floor ] || [ "$lost" = "$refused" ] ||
		echo "note: $path $ctx: the logger counted $lost lost, the caller saw $refused refusals"
	[ "$path" != kaudit ] || [ "$ctx" != softirq ] || [ "$rate" = null ] ||
		best_kaudit=$((rate * 2))
	echo "bench-result: path=$path context=$ctx flush=$flush records=$emitted" \
		"caller_ns_median=$median caller_ns_p99=$p99 caller_ns_mean=$mean" \
		"floor_ns_median=$floor_median" \
		"e2e_records_per_s=$rate" \
		"emit_records_per_s=$emit_rate" \
		"lost=$lost lost_log=$lost_log backlog_high_water=$hw" \
		"mem_peak_kib=$((peak_mem - base)) daemon_cpu_ms=$cpu" \
		"daemon_user_ms=$user daemon_sys_ms=$sys" \
		"ack_us_median=$ack_median ack_us_p99=$ack_p99"
	[ "$path" = floor ] || [ "$lost_log" = "$lost" ] ||
		echo "note: $path $ctx: $lost_log records missing from the log, $lost counted lost"
}

# disk_limit FLUSH [busy]: what disklimit writes and syncs on /disk under
# FLUSH, as many lines as a run logs: the most any logger can do there.
# With busy, beside a spinning task on every CPU, as the runs from
# interrupts leave the daemon and the disk's own work (the journal, the
# I/O's completion, the emulator's I/O thread) little of the CPUs: for the
# report's context, not its targets.
disk_limit() {
	local spin= i

	rm -rf /disk/disklimit
	mkdir -p /disk/disklimit
	if [ "${2:-}" = busy ]; then
		for i in $(seq 1 $cpus); do
			(while :; do :; done) &
			spin="$spin $!"
		done
	fi
	disklimit /disk/disklimit/audit.log $((count * cpus)) "$1" 50 |
		sed "s/^disklimit: /bench-disk: ${2:+load=$2 }/" | tee /tmp/disklimit.out
	if [ -n "$spin" ]; then
		kill $spin
		wait $spin 2>/dev/null || :
	else
		eval "disk_$1=$(sed -n 's/.* records_per_s=\([0-9]*\).*/\1/p' /tmp/disklimit.out)"
	fi
	rm -rf /disk/disklimit
}

# ack_latency: "MEDIAN P99" in us, from the record's time to its ack, as
# the daemon that last stopped said at its exit; "null null" if it did not.
ack_latency() {
	local l
	l=$(sed -n 's/^auditd-lite: acked [0-9]* records, .* median \([0-9]*\) us, p99 \([0-9]*\) us$/\1 \2/p' \
		/tmp/daemon.log | tail -n 1)
	echo "${l:-null null}"
}

# steady_latency FLUSH RATE: auditlite at a steady RATE records/s in all
# for 4 s from softirq, far below what it can take: the time from a
# record to its ack is then the flush's own, not queueing behind a flood.
steady_latency() {
	local per_cpu=$(($2 / cpus)) median p99
	start_lite "$1"
	emit auditlite softirq $((per_cpu * 4)) "$per_cpu"
	wait_for 120 backlog_empty || fail "auditlite: records still held"
	stop_lite
	read -r median p99 <<-EOF
	$(ack_latency)
	EOF
	echo "bench-latency: path=auditlite flush=$1 rate_per_s=$2" \
		"records=$emitted ack_us_median=$median ack_us_p99=$p99"
}

# lossless PATH RATE: a 4 s softirq run at RATE records/s in all loses
# nothing, once what it queued has drained, and did run at that rate
# (within 5%): a run that took longer, its callers slowed down, proves
# nothing of RATE. The daemon is running.
lossless() {
	local per_cpu=$(($2 / cpus)) ran
	emit "$1" softirq $((per_cpu * 4)) "$per_cpu"
	if [ "$1" = kaudit ]; then
		wait_for 120 kaudit_drained
	else
		wait_for 120 backlog_empty
	fi
	ran=$(per_s $emitted)
	echo "bench-lossless: path=$1 rate_per_s=$2 ran_per_s=$ran lost=$refused"
	[ "$refused" = 0 ] && [ $((ran * 20)) -ge $(($2 * 19)) ]
}

# sustain PATH MAX: the highest rate (records/s, within 5%) that lossless
# passes, by bisection between 1000 and MAX: for auditlite the disk's own
# limit, for kaudit twice its flat-out softirq rate. (Far past its
# capacity the kernel's audit queues records beyond its backlog_limit
# whenever the interrupted task is auditd itself, and can run the VM out
# of memory.)
sustain() {
	local lo=1000 hi=$2 mid
	while [ $((hi - lo)) -gt $((lo / 20)) ]; do
		mid=$(((lo + hi) / 2))
		if lossless "$1" $mid; then lo=$mid; else hi=$mid; fi
	done
	echo "bench-sustain: path=$1 context=softirq rate_per_s=$lo searched_to=$2"
}

# perf_report ARGS...: perf's table for /tmp/perf.data, the lines that
# weigh 1% or more, without its comments.
perf_report() {
	perf report -i /tmp/perf.data --stdio -g none --percent-limit 1 "$@" 2>/dev/null |
		grep -v '^#' | grep -v '^$' | head -n 30
}

# Where each CPU's time goes, from the kernel's own events: perf charges
# an interrupt's work to the task it interrupted, so a softirq that runs
# on an idle CPU shows as idle, and one that runs under the daemon shows
# as the daemon's.
tracefs=/sys/kernel/tracing

trace_setup() {
	local e
	[ -e $tracefs/trace ] || mount -t tracefs nodev $tracefs
	echo 8192 >$tracefs/buffer_size_kb
	for e in sched/sched_switch irq/softirq_entry irq/softirq_exit \
		timer/hrtimer_expire_entry timer/hrtimer_expire_exit \
		syscalls/sys_exit_write syscalls/sys_enter_fdatasync \
		syscalls/sys_exit_fdatasync; do
		echo 1 >$tracefs/events/$e/enable
	done
}

# cpu_split: each CPU's time in the traced run, from its start to the
# daemon's last write, by what ran there: a task (its name without its
# CPU suffix; swapper is idle), a softirq by its vector, or an hrtimer's
# function (the sample's in hard interrupt, or in its softirq), each net
# of what interrupted it; the 8 largest.
cpu_split() {
	awk '
	# The time of the event on this line, -1 if it holds none.
	function stamp() {
		if (!match($0, / [0-9]+\.[0-9]+: /))
			return -1
		return substr($0, RSTART + 1, RLENGTH - 3) + 0
	}
	# The value of the field KEY=value on this line, to a space or "]".
	function field(key) {
		match($0, key "=[^] ]+")
		return substr($0, RSTART + length(key) + 1, RLENGTH - length(key) - 1)
	}
	function task(name) {
		sub(/\/.*/, "", name)
		return name == "swapper" || name == "<idle>" ? "idle" : name
	}
	function label(c) { return d[c] ? s[c, d[c]] : cur[c] }
	NR == FNR {
		if (/ sys_write -> /)
			end = stamp()
		next
	}
	{
		if ((t = stamp()) < 0)
			next
		if (t > end)
			t = end
		match($0, /\[[0-9]+\]/)
		c = substr($0, RSTART + 1, RLENGTH - 2) + 0
		if (!(c in cur)) {
			# Whoever ran when the trace began: its "comm-pid".
			n = $0
			sub(/^ */, "", n)
			sub(/-[0-9]+ .*/, "", n)
			cur[c] = task(n)
			t0[c] = t
		} else {
			ms[c, label(c)] += (t - last[c]) * 1000
		}
		last[c] = t
	}
	/ sched_switch: / { cur[c] = task(field("next_comm")) }
	/ softirq_entry: / { s[c, ++d[c]] = "softirq " field("action") }
	/ hrtimer_expire_entry: / { s[c, ++d[c]] = "hrtimer " field("function") }
	/ (softirq_exit|hrtimer_expire_exit): / {
		if (d[c])
			d[c]--
	}
	END {
		for (k in ms) {
			split(k, kk, SUBSEP)
			c = kk[1]
			printf "cpu%d %.1f %.0f %s\n", c, ms[k],
				100 * ms[k] / ((last[c] - t0[c]) * 1000), kk[2]
		}
	}' /tmp/trace.txt /tmp/trace.txt | sort -k1,1 -k2,2nr |
		awk '$1 != cpu { cpu = $1; n = 0 } n++ < 8 {
			printf "  %s %8.1f ms %3d%%  %s\n", $1, $2, $3, substr($0, index($0, $4)) }'
}

# disk_split: the daemon's writes and syncs in the traced run: how many,
# a write's bytes and a sync's time (medians), and the time from a sync's
# end to the next one's start (median and longest), when the disk waited
# for the daemon.
disk_split() {
	awk '
	function stamp() {
		match($0, / [0-9]+\.[0-9]+: /)
		return substr($0, RSTART + 1, RLENGTH - 3) + 0
	}
	function median(a, n,    i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return n ? a[int((n + 1) / 2)] : 0
	}
	# busybox awk has no strtonum().
	function hex(s,    i, v) {
		for (i = 3; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	/ sys_write -> 0x/ {
		w[++nw] = hex($NF) / 1024
	}
	/ sys_fdatasync\(/ {
		start = stamp()
		if (end) {
			g[++ng] = (start - end) * 1000
			if (g[ng] > gmax)
				gmax = g[ng]
		}
	}
	/ sys_fdatasync -> / {
		end = stamp()
		if (start)
			d[++nd] = (end - start) * 1000
	}
	END {
		printf "  %d writes of %.0f KiB; %d syncs of %.1f ms", nw, median(w, nw), nd, median(d, nd)
		if (ng)
			printf ", the next %.1f ms after one ends (longest %.1f)", median(g, ng), gmax
		printf "\n"
	}' /tmp/trace.txt
}

# trace_start, trace_stop: the trace over a run, for cpu_split, in
# /tmp/trace.txt.
trace_start() {
	echo >$tracefs/trace
	# The daemon's writes: the last one ends the run.
	echo "common_pid == ${daemon:-0}" >$tracefs/events/syscalls/sys_exit_write/filter
	echo 1 >$tracefs/tracing_on
}

# Read before the sample module is unloaded: its functions are named as
# the trace is read.
trace_stop() {
	echo 0 >$tracefs/tracing_on
	cat $tracefs/trace >/tmp/trace.txt
}

# perf_start, perf_stop: perf on every CPU, with call graphs, over a run.
# It starts with its events off and turns them on when told, and says so:
# its setup, which takes a while, stays out of the run.
perf_start() {
	rm -f /tmp/perf.ctl /tmp/perf.ack
	mkfifo /tmp/perf.ctl /tmp/perf.ack
	perf record -a -g -q -D -1 --control fifo:/tmp/perf.ctl,/tmp/perf.ack \
		-o /tmp/perf.data >/tmp/perf.out 2>&1 &
	perf_pid=$!
	echo enable >/tmp/perf.ctl
	read -r _ </tmp/perf.ack || fail "perf did not start: $(cat /tmp/perf.out)"
}

perf_stop() {
	kill -INT $perf_pid
	wait $perf_pid || :
}

# profile CONTEXT: two auditlite runs at $bench_flush: one traced, for each
# CPU's time by what ran there (cpu_split) and the daemon's writes and
# syncs (disk_split), without perf, whose sampling
# takes a tenth of each CPU under TCG; then one under perf, from the
# first record to the last in the log, and where the time went, by
# task, by function (its own time), the functions the daemon spent its
# time in, callees included, and the drain's functions, in whatever
# context and on whichever CPU it ran.
profile() {
	profiling=trace
	bench auditlite "$1" $flush
	echo "bench-profile: context=$1 each CPU's time, interrupts apart:"
	cpu_split
	echo "bench-profile: context=$1 the daemon's writes and syncs:"
	disk_split
	profiling=perf
	bench auditlite "$1" $flush
	profiling=
	echo "bench-profile: context=$1 by task:"
	perf_report --sort comm --no-children
	echo "bench-profile: context=$1 by function:"
	perf_report --sort sym --no-children
	echo "bench-profile: context=$1 the daemon, callees included:"
	perf_report --comm auditd-lite --sort sym --children
	echo "bench-profile: context=$1 the drain, wherever it ran, by function (its own time):"
	perf_report --sort sym --no-children -p auditlite_drain -x
	rm -f /tmp/perf.data
}

insmod $mods/auditlite.ko
insmod $mods/auditlite_sample.ko size=$size
echo "bench: $count records per CPU on $cpus CPUs, $size-byte payload, logs on $(
	awk '$2 == "/disk" { print $1 " (" $3 ")" }' /proc/mounts)"

if [ "${bench_profile:-0}" = 1 ]; then
	flush=${bench_flush:-none}
	trace_setup
	disk_limit $flush
	for ctx in $(echo "${bench_ctx:-process,softirq,hardirq}" | tr , ' '); do
		profile $ctx
	done
	rmmod auditlite_sample
	rmmod auditlite
	exit 0
fi

disk_limit incremental
disk_limit none
disk_limit incremental busy
disk_limit none busy
for ctx in process softirq hardirq; do
	bench floor $ctx -
	bench kaudit $ctx incremental_async
	bench kaudit $ctx none
	# Sealed against unsealed, alternately: in process context, where
	# nothing is lost, bench_seal_rounds times, for medians.
	rounds=1
	[ $ctx != process ] || rounds=${bench_seal_rounds:-3}
	for flush in incremental none; do
		for round in $(seq 1 $rounds); do
			bench auditlite $ctx $flush
			bench auditlite_sealed $ctx $flush
		done
	done
done

steady_latency incremental 4000
steady_latency none 4000

if [ "${bench_sustain:-1}" = 1 ]; then
	start_auditd incremental_async
	sustain kaudit $best_kaudit
	stop_auditd
	start_lite incremental
	sustain auditlite $disk_incremental
	stop_lite
fi
rmmod auditlite_sample
rmmod auditlite

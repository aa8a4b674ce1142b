#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel under QEMU (TCG) with an initramfs holding busybox, the
# auditlite modules, the userspace programs and the scenario scripts; run
# the scenarios one after the other in that boot (tools/vm/init) and judge
# each by the verdict the guest writes to its second serial port, never by
# an exit code alone.
#
#   run.sh [-k stock|debug] [-t TIMEOUT] [-o OUTDIR] [-d MIB] [-x PROG]...
#          [-a KEY=VALUE]... SCENARIO...
#
# A SCENARIO is a path under tests/ (e.g. e2e/family.sh), demo.sh for
# tools/vm/demo.sh or bench.sh for tools/bench/vm.sh. -d gives the stock
# kernel a virtio disk of MIB MiB with an ext4 file system, mounted at
# /disk (what a log on a real disk costs); -x adds a program of the host,
# with its libraries, at its own path, as does a "# host: PATH..." line of
# a scenario for each PATH (a program, or a library it loads); a
# "# modules: NAME..." line of a scenario has init load those modules of
# the stock kernel, with what they depend on, at boot; -a passes
# KEY=VALUE on the kernel command line, which makes it a variable in the
# scenarios' environment. The scenarios' output is left in
# OUTDIR/result.log, the console in OUTDIR/console.log, and in
# OUTDIR/verdicts one line per scenario, "PASS NAME", "FAIL NAME (why)" or
# "SKIP NAME (not run: why)" for those a crash or a hang kept from
# running, then the same for "kmemleak" on the debug kernel and for
# "boot": the boot came up, ended by itself, and the kernel reported
# nothing outside a scenario.
#
# The stock kernel is Debian's of the series STOCK_KERNEL names (6.1
# unless set, or 6.12), or with STOCK_KERNEL=rt its PREEMPT_RT kernel
# (linux-image-rt-amd64), booted the same way.
#
# A kernel report on the console is charged to the step the guest had
# marked as running when it came (tools/vm/init), not to the whole boot.
# Each step has a deadline: a scenario its "# timeout:" line (-a
# scenario_timeout=N sets every one) plus a minute for its cleanup, the
# kmemleak scans five minutes, booting BOOT_LIMIT; a step past its
# deadline ends the boot. TIMEOUT caps the whole boot (their sum unless
# given). Exit 0 only if every verdict is PASS.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

usage="usage: run.sh [-k stock|debug] [-t TIMEOUT] [-o OUTDIR] [-d MIB] [-x PROG]... [-a KEY=VALUE]... SCENARIO..."
kind=stock
timeout=
outdir=
disk=
progs=("$AUDITLITE_BUILD"/bin/*)
vars=
while getopts k:t:o:d:x:a: opt; do
	case $opt in
	k) kind=$OPTARG ;;
	t) timeout=$OPTARG ;;
	o) outdir=$OPTARG ;;
	d) disk=$OPTARG ;;
	x) progs+=("$OPTARG") ;;
	a) vars="$vars $OPTARG" ;;
	*) die "$usage" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || die "$usage"
scenarios=("$@")

# scenario_file NAME: the file that scenario NAME runs.
scenario_file() {
	case $1 in
	demo.sh) echo "$AUDITLITE_TOP/tools/vm/demo.sh" ;;
	bench.sh) echo "$AUDITLITE_TOP/tools/bench/vm.sh" ;;
	*) echo "$AUDITLITE_TOP/tests/$1" ;;
	esac
}

# scenario_timeout NAME: its "# timeout: N" line, or what -a set for all.
all_timeout=$(sed -n 's/.*\bscenario_timeout=\([0-9]*\).*/\1/p' <<<"$vars")
scenario_timeout() {
	local t
	t=${all_timeout:-$(sed -n 's/^# timeout: \([0-9][0-9]*\)$/\1/p' "$(scenario_file "$1")")}
	echo "${t:-120}"
}

# What a step may take beyond its own timeout: the cleanup after a
# scenario (killing, unloading with rmmod's own 30 s bound, the kernel
# log); the two kmemleak scans (120 s each at most, in the guest).
CLEANUP_LIMIT=60
KMEMLEAK_LIMIT=300
total=0
modules=()
for s in "${scenarios[@]}"; do
	f=$(scenario_file "$s")
	[ -f "$f" ] || die "no scenario tests/$s"
	for prog in $(sed -n 's/^# host: //p' "$f"); do
		progs+=("$prog")
	done
	for m in $(sed -n 's/^# modules: //p' "$f"); do
		modules+=("$m")
	done
	total=$((total + $(scenario_timeout "$s") + CLEANUP_LIMIT))
done
if [ ${#scenarios[@]} = 1 ]; then
	outdir=${outdir:-$AUDITLITE_BUILD/vm/$kind/${1//\//_}}
else
	outdir=${outdir:-$AUDITLITE_BUILD/vm/$kind/all}
fi
label="$kind ${scenarios[*]}"
[ ${#scenarios[@]} = 1 ] || label="$kind (${#scenarios[@]} scenarios)"

case $kind in
stock)
	vmlinuz=$(stock_vmlinuz)
	mem=2048
	moddir=$(module_dir "$(stock_kdir)")
	extra_mods=()
	kernel_args=
	# Measured: 5 s to the first scenario (alone), 12 s beside a
	# debug boot; the rt kernel 3 s alone.
	BOOT_LIMIT=60
	;;
debug)
	kdir=$(debug_kernel_dir)
	[ -f "$kdir/.built" ] || die "debug kernel not built (tools/debug-kernel.sh)"
	vmlinuz=$kdir/arch/x86/boot/bzImage
	# kmemleak's scan walks every page: less memory, a faster verdict.
	mem=768
	moddir=$(module_dir "$kdir")
	extra_mods=("$kdir/lib/kunit/kunit.ko")
	# Lets failslab's cache filter aim at auditlite's cache alone
	# (SLUB's failslab attribute is read-only once the kernel runs).
	# load=light: scenarios run lighter loads here (vmlib.sh's by_load).
	kernel_args=" slub_debug=A,auditlite_buffer load=light"
	# Measured: 15 s to the first scenario (alone), 25 s beside a
	# stock boot.
	BOOT_LIMIT=120
	total=$((total + KMEMLEAK_LIMIT))
	;;
*) die "unknown kernel kind '$kind'" ;;
esac
timeout=${timeout:-$((BOOT_LIMIT + total))}
[ -f "$moddir/auditlite.ko" ] || die "$moddir/auditlite.ko not built (tools/build-module.sh)"

rm -rf "$outdir"
root=$outdir/root
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,root,lib/modules/auditlite,scenarios}

cp /bin/busybox "$root/bin/busybox"
install -m 0755 "$AUDITLITE_TOP/tools/vm/init" "$root/init"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$root/etc/passwd"
grep -v '^#' "$AUDITLITE_TOP/tools/vm/kernel-reports" >"$root/etc/kernel-reports"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

find "$moddir" -name '*.ko' -exec cp {} "$root/lib/modules/auditlite/" \;
for m in "${extra_mods[@]}"; do
	cp "$m" "$root/lib/modules/auditlite/"
done

# Programs with the shared libraries they need: ours in /sbin, the host's
# at their own paths.
for prog in "${progs[@]}"; do
	[ -f "$prog" ] || die "no program $prog"
	case $prog in
	"$AUDITLITE_BUILD"/bin/*) cp "$prog" "$root/sbin/" ;;
	*) cp --parents "$prog" "$root" ;;
	esac
	ldd "$prog" | grep -o '/[^ ]*' | xargs -r cp -L --parents -t "$root"
done

cp -r "$AUDITLITE_TOP/tests/." "$root/scenarios/"
cp "$AUDITLITE_TOP/tools/vm/demo.sh" "$root/scenarios/"
cp "$AUDITLITE_TOP/tools/bench/vm.sh" "$root/scenarios/bench.sh"

drive=()
[ -z "$disk" ] || modules+=(virtio_pci virtio_blk ext4)
if [ ${#modules[@]} -gt 0 ]; then
	[ "$kind" = stock ] || die "-d and # modules: need the stock kernel"
	# The stock kernel's modules asked for, in load order, for init.
	rel=$(basename "$(stock_kdir)"); rel=${rel#linux-headers-}
	for m in "${modules[@]}"; do
		modprobe -S "$rel" --show-depends "$m"
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' >"$outdir/modules"
	mkdir -p "$root/lib/modules/extra"
	while read -r ko; do
		cp "$ko" "$root/lib/modules/extra/"
		basename "$ko" >>"$root/lib/modules/extra/order"
	done <"$outdir/modules"
fi
if [ -n "$disk" ]; then
	truncate -s "${disk}M" "$outdir/disk.img"
	mkfs.ext4 -q -F "$outdir/disk.img"
	drive=(-drive "file=$outdir/disk.img,if=virtio,format=raw")
fi

(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$outdir/initrd.gz"

# The emulated CPU: QEMU_CPU, qemu64 unless set. TCG emulates what the
# CPU model offers: with -cpu max the guest's glibc takes its AVX2 string
# functions, which cost more to emulate: the stock kernels' scenarios took
# 15% more host CPU (27-28 s against 31-42 s for contexts and
# module_churn, two runs each); the debug kernel's took the same. make
# bench keeps max, with which its figures were measured. With max,
# la57=off: with 5-level paging, 6.1's KASAN reports a wild access when an
# interrupt lands while identify_boot_cpu() re-reads the CPU features.
#
# Whatever the model, without cmpxchg16b (-cx16). Multi-threaded TCG
# (QEMU 7.2) gets SLUB's fast path wrong under load on both vCPUs: the
# guest dies in kmem_cache_alloc just after its cmpxchg16b (double faults,
# debug traps, a freelist pointer gone wild), with EFLAGS bits set that no
# CPU can hold. It did so without auditlite at all: a module doing
# kmem_cache_alloc/free flat out from a kthread and a hard hrtimer
# crashed 5 of 7 boots of 6.12, with KFENCE on or off; the same with
# -cx16, 0 of 4; single-threaded TCG, 0 of 3 (issue 14, item 12). Without
# the instruction the guest's SLUB takes its interrupts-off path.
cpu="${QEMU_CPU:-qemu64},-cx16"
list=$(IFS=,; echo "${scenarios[*]}")
append="console=ttyS0 printk.time=1 panic=-1 panic_on_warn=1 oops=panic scenarios=$list$kernel_args$vars"
# QEMU_MAXCPUS, if set, adds CPU slots that are possible but not present
# (hot-pluggable), as a server has: the guest sizes per-CPU data for them.
qemu-system-x86_64 -accel tcg,thread=multi -cpu "$cpu" -smp "2${QEMU_MAXCPUS:+,maxcpus=$QEMU_MAXCPUS}" -m "$mem" \
	-nodefaults -display none -no-reboot -monitor none \
	-serial "file:$outdir/console.log" -serial "file:$outdir/result.log" \
	-kernel "$vmlinuz" -initrd "$outdir/initrd.gz" -append "$append" \
	"${drive[@]}" &
qemu=$!

# The watchdog: each step the guest begins sets the deadline of the boot.
# The guest bounds its own steps; this catches a kernel that hangs.
started=$SECONDS
deadline=$((SECONDS + BOOT_LIMIT))
step="booting"
seen=
hung=
while kill -0 "$qemu" 2>/dev/null; do
	line=$(grep -a '^auditlite-vm: \(running\|begin\|end\|done\)' "$outdir/result.log" 2>/dev/null |
		tail -n 1 | tr -d '\r') || true
	if [ -n "$line" ] && [ "$line" != "$seen" ]; then
		seen=$line
		case $line in
		"auditlite-vm: begin kmemleak")
			step=kmemleak
			deadline=$((SECONDS + KMEMLEAK_LIMIT)) ;;
		"auditlite-vm: begin "*)
			step=${line#auditlite-vm: begin }
			step=${step%%,*}
			deadline=$((SECONDS + $(scenario_timeout "$step") + CLEANUP_LIMIT)) ;;
		"auditlite-vm: end "*)
			step="the cleanup after ${step}"
			deadline=$((SECONDS + CLEANUP_LIMIT)) ;;
		"auditlite-vm: running "*)
			step="the first scenario's start"
			deadline=$((SECONDS + CLEANUP_LIMIT)) ;;
		"auditlite-vm: done")
			step="powering off"
			deadline=$((SECONDS + CLEANUP_LIMIT)) ;;
		esac
	fi
	if [ "$SECONDS" -ge "$deadline" ] || [ $((SECONDS - started)) -ge "$timeout" ]; then
		hung="$step did not end in time ($((SECONDS - started)) s into the boot)"
		kill -TERM "$qemu" 2>/dev/null || true
		sleep 2
		kill -KILL "$qemu" 2>/dev/null || true
		break
	fi
	sleep 1
done
status=0
wait "$qemu" || status=$?

# The guest's ttys write CRLF line ends.
sed -i 's/\r$//' "$outdir/console.log" "$outdir/result.log"

# A verdict for every step. The console is cut at the guest's step marks:
# a kernel report fails the step it came in (the guest's own dmesg check
# after each scenario usually says so too), one outside every step fails
# the boot. A step begun but without a verdict died with the boot; one
# never begun is reported as not run.
names=("${scenarios[@]}")
[ "$kind" = debug ] && names+=(kmemleak)
awk -v reports="$root/etc/kernel-reports" '
	BEGIN { while ((getline re <reports) > 0) pats[re] = 1; step = "boot" }
	/auditlite-vm: step-end / { step = "boot"; next }
	/auditlite-vm: step / { sub(/.*auditlite-vm: step /, ""); step = $0; next }
	{
		for (re in pats)
			if ($0 ~ re) {
				if (!(step in first)) { first[step] = $0; print step "\t" $0 }
				break
			}
	}
' "$outdir/console.log" >"$outdir/reports"

# charged NAME: the first kernel report charged to step NAME, if any.
charged() {
	awk -F '\t' -v n="$1" '$1 == n { sub(/^[^\t]*\t/, ""); print; exit }' "$outdir/reports"
}

if [ -n "$hung" ]; then
	died="the boot was stopped: $hung"
elif [ "$status" != 0 ]; then
	died="qemu exited $status"
elif grep -q 'Kernel panic' "$outdir/console.log"; then
	died="the kernel panicked"
else
	died="the VM powered off before its verdict"
fi
for name in "${names[@]}"; do
	v=$(sed -n "s@^auditlite-vm: \(PASS\|FAIL\) $name\(:.*\)\?\$@\1\2@p" "$outdir/result.log")
	r=$(charged "$name")
	if ! grep -q "^auditlite-vm: begin $name\(,\|\$\)" "$outdir/result.log"; then
		echo "SKIP $name (not run: $died)"
	elif [ "$v" = PASS ] && [ -z "$r" ]; then
		echo "PASS $name"
	else
		echo "FAIL $name (${v:-$died}${r:+; on the console: $r})"
	fi
done >"$outdir/verdicts"
r=$(charged boot)
if [ -n "$r" ]; then
	echo "FAIL boot (the kernel reported outside any scenario: $r)"
elif ! grep -qx 'auditlite-vm: done' "$outdir/result.log" || [ -n "$hung" ] || [ "$status" != 0 ]; then
	echo "FAIL boot ($died)"
else
	echo "PASS boot ($((SECONDS - started)) s)"
fi >>"$outdir/verdicts"

if grep -q '^\(FAIL\|SKIP\)' "$outdir/verdicts"; then
	log "$label: $(grep -c '^FAIL' "$outdir/verdicts") failed, $(grep -c '^SKIP' "$outdir/verdicts") not run"
	sed 's/^/  /' "$outdir/verdicts" >&2
	echo "----- console (last 150 lines of $outdir/console.log) -----" >&2
	tail -n 150 "$outdir/console.log" >&2
	echo "----- scenario output (last 150 lines of $outdir/result.log) -----" >&2
	tail -n 150 "$outdir/result.log" >&2
	exit 1
fi
log "$label: PASS ($((SECONDS - started)) s)"

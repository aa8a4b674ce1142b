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
# a scenario for each PATH (a program, or a library it loads); -a passes KEY=VALUE on the kernel
# command line, which makes it a variable in the scenarios' environment. The scenarios' output is left in OUTDIR/result.log, the
# console in OUTDIR/console.log, and one "PASS NAME" or "FAIL NAME" line
# per scenario in OUTDIR/verdicts, with "kmemleak" as one more name on the
# debug kernel. TIMEOUT (seconds, for the whole boot) defaults to 300 per
# scenario. Exit 0 only if every verdict is PASS and the console is clean.
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
for s in "${scenarios[@]}"; do
	[ -f "$AUDITLITE_TOP/tests/$s" ] || [ "$s" = demo.sh ] || [ "$s" = bench.sh ] ||
		die "no scenario tests/$s"
	[ -f "$AUDITLITE_TOP/tests/$s" ] || continue
	for prog in $(sed -n 's/^# host: //p' "$AUDITLITE_TOP/tests/$s"); do
		progs+=("$prog")
	done
done
timeout=${timeout:-$((60 + 300 * ${#scenarios[@]}))}
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
	kernel_args=" slub_debug=A,auditlite_buffer"
	;;
*) die "unknown kernel kind '$kind'" ;;
esac
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
if [ -n "$disk" ]; then
	[ "$kind" = stock ] || die "-d needs the stock kernel"
	# The modules the disk needs, in load order, for init to insmod.
	rel=$(basename "$(stock_kdir)"); rel=${rel#linux-headers-}
	for m in virtio_pci virtio_blk ext4; do
		modprobe -S "$rel" --show-depends "$m"
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' >"$outdir/disk-modules"
	mkdir -p "$root/lib/modules/disk"
	while read -r ko; do
		cp "$ko" "$root/lib/modules/disk/"
		basename "$ko" >>"$root/lib/modules/disk/order"
	done <"$outdir/disk-modules"
	truncate -s "${disk}M" "$outdir/disk.img"
	mkfs.ext4 -q -F "$outdir/disk.img"
	drive=(-drive "file=$outdir/disk.img,if=virtio,format=raw")
fi

(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$outdir/initrd.gz"

# la57=off: with 5-level paging, 6.1's KASAN reports a wild access when an
# interrupt lands while identify_boot_cpu() re-reads the CPU features.
list=$(IFS=,; echo "${scenarios[*]}")
append="console=ttyS0 panic=-1 panic_on_warn=1 oops=panic scenarios=$list$kernel_args$vars"
status=0
timeout --foreground -k 5 "$timeout" \
	qemu-system-x86_64 -accel tcg,thread=multi -cpu max,la57=off -smp 2 -m "$mem" \
	-nodefaults -display none -no-reboot -monitor none \
	-serial "file:$outdir/console.log" -serial "file:$outdir/result.log" \
	-kernel "$vmlinuz" -initrd "$outdir/initrd.gz" -append "$append" \
	"${drive[@]}" ||
	status=$?

# The guest's ttys write CRLF line ends.
sed -i 's/\r$//' "$outdir/console.log" "$outdir/result.log"

# A verdict for every scenario: the guest's, or why there is none. The
# guest checked dmesg after each; as belt and braces, a report on the
# console fails them all.
died="the VM died before its verdict"
[ "$status" = 124 ] && died="timed out after ${timeout}s"
reported=
grep -qE -f "$root/etc/kernel-reports" "$outdir/console.log" &&
	reported="the kernel reported problems on the console"
names=("${scenarios[@]}")
[ "$kind" = debug ] && names+=(kmemleak)
for name in "${names[@]}"; do
	v=$(sed -n "s@^auditlite-vm: \(PASS\|FAIL\) $name\(:.*\)\?\$@\1\2@p" "$outdir/result.log")
	if [ "$v" = PASS ] && [ -z "$reported" ]; then
		echo "PASS $name"
	else
		echo "FAIL $name (${v:-$died}${reported:+; $reported})"
	fi
done >"$outdir/verdicts"

if grep -q '^FAIL' "$outdir/verdicts"; then
	log "$label: $(grep -c '^FAIL' "$outdir/verdicts") failed"
	sed 's/^/  /' "$outdir/verdicts" >&2
	echo "----- console (last 150 lines of $outdir/console.log) -----" >&2
	tail -n 150 "$outdir/console.log" >&2
	echo "----- scenario output (last 150 lines of $outdir/result.log) -----" >&2
	tail -n 150 "$outdir/result.log" >&2
	exit 1
fi
log "$label: PASS"

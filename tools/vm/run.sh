#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel under QEMU (TCG) with an initramfs holding busybox, the
# auditlite modules, the userspace programs and the scenario scripts; run one
# scenario and judge it by the marker the guest writes to its second serial
# port, never by an exit code alone.
#
#   run.sh [-k stock|debug] [-t TIMEOUT] [-o OUTDIR] SCENARIO
#
# SCENARIO is a path under tests/ (e.g. e2e/family.sh), or demo.sh for
# tools/vm/demo.sh. The scenario's output
# is left in OUTDIR/result.log, the console in OUTDIR/console.log. Exit 0
# only on "auditlite-vm: PASS" with a clean console.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

kind=stock
timeout=300
outdir=
while getopts k:t:o: opt; do
	case $opt in
	k) kind=$OPTARG ;;
	t) timeout=$OPTARG ;;
	o) outdir=$OPTARG ;;
	*) die "usage: run.sh [-k stock|debug] [-t TIMEOUT] [-o OUTDIR] SCENARIO" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || die "usage: run.sh [-k stock|debug] [-t TIMEOUT] [-o OUTDIR] SCENARIO"
scenario=$1
[ -f "$AUDITLITE_TOP/tests/$scenario" ] || [ "$scenario" = demo.sh ] ||
	die "no scenario tests/$scenario"
outdir=${outdir:-$AUDITLITE_BUILD/vm/$kind/${scenario//\//_}}

case $kind in
stock)
	vmlinuz=$(stock_vmlinuz)
	mem=2048
	moddir=$(module_dir "$(stock_kdir)")
	extra_mods=()
	;;
debug)
	kdir=$(debug_kernel_dir)
	[ -f "$kdir/.built" ] || die "debug kernel not built (tools/debug-kernel.sh)"
	vmlinuz=$kdir/arch/x86/boot/bzImage
	# kmemleak's scan walks every page: less memory, a faster verdict.
	mem=768
	moddir=$(module_dir "$kdir")
	extra_mods=("$kdir/lib/kunit/kunit.ko")
	;;
*) die "unknown kernel kind '$kind'" ;;
esac
[ -f "$moddir/auditlite.ko" ] || die "$moddir/auditlite.ko not built (tools/build-module.sh)"

rm -rf "$outdir"
root=$outdir/root
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,root,lib/modules/auditlite,scenarios}

cp /bin/busybox "$root/bin/busybox"
install -m 0755 "$AUDITLITE_TOP/tools/vm/init" "$root/init"
grep -v '^#' "$AUDITLITE_TOP/tools/vm/kernel-reports" >"$root/etc/kernel-reports"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$root/etc/passwd"
grep -v '^#' "$AUDITLITE_TOP/tools/vm/kernel-reports" >"$root/etc/kernel-reports"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

find "$moddir" -name '*.ko' -exec cp {} "$root/lib/modules/auditlite/" \;
for m in "${extra_mods[@]}"; do
	cp "$m" "$root/lib/modules/auditlite/"
done

# Programs with the shared libraries they need, at their own paths.
for prog in "$AUDITLITE_BUILD"/bin/*; do
	[ -x "$prog" ] || continue
	cp "$prog" "$root/sbin/"
	ldd "$prog" | grep -o '/[^ ]*' | xargs -r cp -L --parents -t "$root"
done

cp -r "$AUDITLITE_TOP/tests/." "$root/scenarios/"
cp "$AUDITLITE_TOP/tools/vm/demo.sh" "$root/scenarios/"

(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$outdir/initrd.gz"

# la57=off: with 5-level paging, 6.1's KASAN reports a wild access when an
# interrupt lands while identify_boot_cpu() re-reads the CPU features.
append="console=ttyS0 panic=-1 panic_on_warn=1 oops=panic scenario=$scenario"
status=0
timeout --foreground -k 5 "$timeout" \
	qemu-system-x86_64 -accel tcg,thread=multi -cpu max,la57=off -smp 2 -m "$mem" \
	-nodefaults -display none -no-reboot -monitor none \
	-serial "file:$outdir/console.log" -serial "file:$outdir/result.log" \
	-kernel "$vmlinuz" -initrd "$outdir/initrd.gz" -append "$append" ||
	status=$?

# The guest's ttys write CRLF line ends.
sed -i 's/\r$//' "$outdir/console.log" "$outdir/result.log"

fail() {
	log "$kind $scenario: FAIL ($*)"
	echo "----- console (last 150 lines of $outdir/console.log) -----" >&2
	tail -n 150 "$outdir/console.log" >&2
	echo "----- scenario output ($outdir/result.log) -----" >&2
	tail -n 100 "$outdir/result.log" >&2
	exit 1
}

[ "$status" = 124 ] && fail "timed out after ${timeout}s"
grep -qx 'auditlite-vm: PASS' "$outdir/result.log" || fail "no success marker"
# Belt and braces: the guest checked dmesg, check the console too.
if grep -qE -f "$root/etc/kernel-reports" "$outdir/console.log"; then
	fail "kernel reported problems"
fi
log "$kind $scenario: PASS"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: boot Debian's stock kernel with a virtio disk and run
# tools/bench/vm.sh there (floor, kaudit + auditd, auditlite + auditd-lite,
# in each context), then runs the daemon's path on the host under
# callgrind (tools/bench/replay.c), and tools/bench/report.py prints the
# table and the ratios and writes build/bench/results.json and
# build/bench/bench.png.
# Figures only: nothing here passes or fails on a number.
#
#   bench.sh [KEY=VALUE]...    passed to vm.sh, e.g. bench_count=50000;
#                              bench_profile=1 prints where the time goes
#                              (bench_flush=, bench_ctx=: see vm.sh)
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

out=$AUDITLITE_BUILD/bench
vars=()
profile=
for v in "$@"; do
	vars+=(-a "$v")
	[ "$v" != bench_profile=1 ] || profile=1
done
# Profiling runs the host's perf in the VM (Debian's linux-perf).
[ -z "$profile" ] || vars+=(-x "$(command -v perf)")

make --no-print-directory -C "$AUDITLITE_TOP" KDIR="$(stock_kdir)" all
make --no-print-directory -C "$AUDITLITE_TOP/tests" BUILD="$AUDITLITE_BUILD"
mkdir -p "$out"
echo "Booting $(basename "$(stock_vmlinuz)") under QEMU (TCG) for the benchmark..."
# The CPU model the README's figures were measured with (run.sh).
QEMU_CPU=${QEMU_CPU:-max,la57=off} "$AUDITLITE_TOP/tools/vm/run.sh" -k stock -o "$out/vm" -t 3600 -d 512 \
	-x /usr/sbin/auditd -x /usr/sbin/auditctl "${vars[@]}" bench.sh
if [ -n "$profile" ]; then
	grep -v '^auditlite-vm:' "$out/vm/result.log"
	exit 0
fi
# The daemon's path on the host under callgrind: instructions, not time.
make --no-print-directory -C "$AUDITLITE_TOP/userspace" BUILD="$AUDITLITE_BUILD" replay
cg=$(mktemp -d)
# Sealed, the MAC made in line: what the seal worker takes off the main
# thread, added.
for seal in "" seal; do
	valgrind --tool=callgrind --toggle-collect=replay_batches \
		--callgrind-out-file="$cg/callgrind.out" \
		"$AUDITLITE_BUILD/bench/replay" "$cg" 100000 $seal >"$cg/replay.out" 2>/dev/null
	awk -v sealed=$([ -n "$seal" ] && echo 1 || echo 0) '/^totals:/ { t = $2 } END {
		printf "bench-callgrind: records=100000 sealed=%d instructions_per_record=%d\n",
			sealed, t / 100000 }' "$cg/callgrind.out"
	rm -f "$cg/callgrind.out" "$cg/audit.log"
done | tee "$out/callgrind.log"
rm -rf "$cg"
python3 "$AUDITLITE_TOP/tools/bench/report.py" "$out/vm/result.log" "$out" "$out/callgrind.log"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: build for Debian's stock kernel, boot it in QEMU and show
# auditlite at work (tools/vm/demo.sh runs inside the VM).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

make --no-print-directory -C "$AUDITLITE_TOP" KDIR="$(stock_kdir)" all
out=$AUDITLITE_BUILD/vm/demo
echo "Booting $(basename "$(stock_vmlinuz)") under QEMU (TCG)..."
status=0
"$AUDITLITE_TOP/tools/vm/run.sh" -k stock -o "$out" demo.sh || status=$?
grep -v '^auditlite-vm: ' "$out/result.log"
exit "$status"

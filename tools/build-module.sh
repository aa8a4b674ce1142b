#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build auditlite.ko (and, against a kernel with KUnit, its test module),
# then the sample caller against it, for the kernel tree KDIR, with W=1, in a copy of the sources under
# build/module/<release>/ so that builds for several kernels coexist.
# Any compiler warning fails the build. Prints the output directory.
# MAKE_ARGs go to both makes: C=2 runs sparse on every file, and then any
# warning or error of sparse's fails the build too.
#
#   build-module.sh KDIR [MAKE_ARG...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 1 ] || die "usage: build-module.sh KDIR [MAKE_ARG...]"
kdir=$1
shift
out=$(module_dir "$kdir")
mkdir -p "$out"
cd "$AUDITLITE_TOP"
# -u keeps unchanged files' times, so Kbuild rebuilds only what changed.
cp -a -u --parents Kbuild src include tests/kunit tools/sample "$out/"

log=$out/build.log
{
	make -C "$kdir" M="$out" W=1 "$@" modules &&
	make -C "$kdir" M="$out/tools/sample" W=1 "$@" \
		KBUILD_EXTRA_SYMBOLS="$out/Module.symvers" modules
} >"$log" 2>&1 || { cat "$log" >&2; die "module build failed for $kdir"; }
if grep -q 'warning:\|error:' "$log"; then
	cat "$log" >&2
	die "module build for $kdir has warnings"
fi
echo "$out"

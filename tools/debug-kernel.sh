#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug kernel (tinyconfig + tools/vm/debug.config) from Debian's
# linux-source-6.1, once per machine: the result is cached outside the work
# tree under a hash of the source version, the fragment and this script.
# Prints the tree's path. The tree is kept because out-of-tree modules and
# kunit.py build and run against it, but not what they do not read: the
# kernel's own objects and vmlinux. Trees of other keys (an older fragment
# or source) are removed once this one is built.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
DEBUG_KERNEL_RECIPE=2

out=$(debug_kernel_dir)
if [ -f "$out/.built" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$AUDITLITE_CACHE"
exec 9>"$AUDITLITE_CACHE/debug-kernel.lock"
flock 9
if [ -f "$out/.built" ]; then
	echo "$out"
	exit 0
fi

tmp="$out.tmp"
rm -rf "$tmp"
mkdir -p "$tmp"
log "building the debug kernel in $out (about 8 minutes on 2 cores, once per machine)"
tar -C "$tmp" --strip-components=1 -xJf /usr/src/linux-source-6.1.tar.xz
cd "$tmp"
frag="$AUDITLITE_TOP/tools/vm/debug.config"
make -s tinyconfig >/dev/null
scripts/kconfig/merge_config.sh -m .config "$frag" >/dev/null
make -s olddefconfig >/dev/null

# merge_config only warns when Kconfig drops an option: make it fatal, a
# kernel without, say, KASAN must not pass for the debug kernel.
missing=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n) opt=${line%%=*}
		grep -q "^$opt=" .config && { log "$opt is set, wanted off"; missing=1; } ;;
	CONFIG_*) grep -qx "$line" .config || { log "$line did not stick"; missing=1; } ;;
	esac
done < "$frag"
[ "$missing" = 0 ] || die "the debug config fragment does not apply cleanly"

make -s -j"$(nproc)" bzImage modules >build.log 2>&1 ||
	{ tail -n 40 build.log >&2; die "debug kernel build failed"; }
# M= builds need the headers, the Makefiles, scripts/, tools/objtool,
# .config and Module.symvers; QEMU the bzImage; the VM lib/kunit/kunit.ko;
# kunit.py tools/testing/kunit. The kernel's sources and objects go (1.8
# GB down to about 0.5).
find . \( -path ./scripts -o -path ./tools \) -prune -o \
	\( -name '*.o' -o -name '*.c' \) -type f -print0 | xargs -0 rm -f
rm -rf vmlinux vmlinux.o Documentation drivers sound
touch .built
cd /
mv "$tmp" "$out"
for old in "$AUDITLITE_CACHE"/debug-kernel-*; do
	[ "$old" = "$out" ] || [ ! -d "$old" ] || { log "removing $old"; rm -rf "$old"; }
done
echo "$out"

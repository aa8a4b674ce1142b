# SPDX-License-Identifier: GPL-2.0
# Shared helpers for auditlite's tool scripts. Source it; do not run it.

AUDITLITE_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
AUDITLITE_CACHE=${AUDITLITE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/auditlite}
AUDITLITE_BUILD=${AUDITLITE_BUILD:-$AUDITLITE_TOP/build}

die() { echo "$(basename "$0"): $*" >&2; exit 1; }
log() { echo "$(basename "$0"): $*" >&2; }

# The stock kernels: Debian's own, of the series STOCK_KERNEL names (6.1,
# the default, or 6.12); make check runs the end-to-end suite on each, and
# a scenario's "# kernels: stock" means these two. STOCK_KERNEL=rt is
# bookworm's PREEMPT_RT kernel (linux-image-rt-amd64, a 6.1), booted the
# same way but not one of them: it runs only the scenarios that name it.
STOCK_KERNELS="6.1 6.12"

# The newest installed headers of the stock series, e.g.
# /usr/src/linux-headers-6.1.0-56-amd64 (or -rt-amd64 for rt).
stock_kdir() {
	local series=${STOCK_KERNEL:-6.1} want d
	if [ "$series" = rt ]; then
		want='linux-headers-6.1.*-rt-amd64'
		d=$(ls -d /usr/src/linux-headers-6.1.*-rt-amd64 2>/dev/null | sort -V | tail -n 1)
	else
		want="linux-headers-$series.*-amd64"
		# The glob matches the other flavours' headers too.
		d=$(ls -d /usr/src/linux-headers-"$series".*-amd64 2>/dev/null |
			grep -Ev -- '-(cloud|rt)-amd64$' | sort -V | tail -n 1)
	fi
	[ -n "$d" ] || die "no $want installed (run tools/setup-deps.sh)"
	echo "$d"
}

# scenario_kernels FILE: the kernels scenario FILE runs on, from its
# "# kernels: ..." line: series (6.1, 6.12), "stock" for both of those,
# "debug", "rt"; without the line, both stock kernels and the debug one.
scenario_kernels() {
	local kernels
	kernels=$(sed -n 's/^# kernels: //p' "$1")
	kernels=${kernels:-stock debug}
	echo "${kernels//stock/$STOCK_KERNELS}"
}

# The stock kernel image matching stock_kdir.
stock_vmlinuz() {
	local rel
	rel=$(basename "$(stock_kdir)"); rel=${rel#linux-headers-}
	[ -r "/boot/vmlinuz-$rel" ] || die "no /boot/vmlinuz-$rel (install linux-image-$rel)"
	echo "/boot/vmlinuz-$rel"
}

# Where the debug kernel for the checked-in fragment lives (built or not).
debug_kernel_dir() {
	local ver key
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null) ||
		die "linux-source-6.1 is not installed (run tools/setup-deps.sh)"
	# Bump DEBUG_KERNEL_RECIPE in debug-kernel.sh when the way it builds changes.
	key=$({ echo "$ver"; grep '^DEBUG_KERNEL_RECIPE=' "$AUDITLITE_TOP/tools/debug-kernel.sh";
		cat "$AUDITLITE_TOP/tools/vm/debug.config"; } | sha256sum | cut -c1-16)
	echo "$AUDITLITE_CACHE/debug-kernel-$key"
}

# Where the modules built against kernel tree $1 go: one directory per
# tree, so builds for several kernels never mix objects.
module_dir() {
	[ -f "$1/include/config/kernel.release" ] || die "$1 is not a configured kernel tree"
	echo "$AUDITLITE_BUILD/module/$(basename "$(realpath "$1")")"
}

# A tree holding linux-source-6.1's scripts/checkpatch.pl and the lists it
# reads: the debug kernel's, once it is built; before that, those few files
# extracted once into the cache (not a second copy of the source).
checkpatch_tree() {
	local tree ver dir tmp f files=()
	tree=$(debug_kernel_dir)
	if [ -f "$tree/scripts/checkpatch.pl" ]; then
		echo "$tree"
		return
	fi
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
	dir=$AUDITLITE_CACHE/checkpatch-$ver
	if [ ! -f "$dir/scripts/checkpatch.pl" ]; then
		mkdir -p "$AUDITLITE_CACHE"
		tmp=$(mktemp -d "$AUDITLITE_CACHE/checkpatch.XXXXXX")
		for f in checkpatch.pl spelling.txt const_structs.checkpatch; do
			files+=("linux-source-6.1/scripts/$f")
		done
		tar -C "$tmp" --strip-components=1 -xJf /usr/src/linux-source-6.1.tar.xz \
			"${files[@]}" || { rm -rf "$tmp"; die "cannot extract checkpatch.pl"; }
		mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
	fi
	echo "$dir"
}

# The release kernel tree $1 builds for: its uname -r, as in vermagic
# (Debian's include/config/kernel.release says 6.1.N for 6.1.0-N-amd64).
kernel_release() {
	sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$1/include/generated/utsrelease.h"
}

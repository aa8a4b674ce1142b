#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install, with apt-get, whatever auditlite needs to build and test that is
# missing. Quiet and fast when everything is there.
set -euo pipefail

pkgs=(
	build-essential pkg-config git rsync xz-utils python3
	bc bison flex libelf-dev libssl-dev dwarves
	linux-headers-amd64 linux-image-amd64 linux-source-6.1
	linux-headers-6.12-amd64 linux-image-6.12-amd64
	linux-headers-rt-amd64 linux-image-rt-amd64
	qemu-system-x86 busybox-static cpio kmod
	libnl-3-dev libnl-genl-3-dev libcmocka-dev libsodium-dev
	auditd rsyslog gnuplot-nox
	groff-base man-db systemd
	dkms sparse cppcheck valgrind linux-perf
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup-deps: installing ${missing[*]}" >&2
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run auditlite's tests and count every case:
#   unit   userspace unit tests (TAP)
#   pkg    make install/uninstall in a scratch DESTDIR, a caller module
#          built against what it installed, DKMS against the stock headers
#          (as root or through sudo), checkpatch, sparse and cppcheck
#   kunit  KUnit suites on the debug kernel, judged by kunit.py parse
#   e2e    every tests/e2e scenario on Debian's 6.1 and 6.12 kernels and
#          on the debug kernel, or on those its "# kernels: stock|debug"
#          line names; on the debug kernel, a kmemleak scan after them
#          counts as one more case
#   stress the long scenarios of tests/stress (make stress, not make check)
# The last line printed is "N passed, N failed, N skipped"; the exit status
# is non-zero if anything failed.
#
#   check.sh PART...
set -uo pipefail
. "$(dirname "$0")/lib.sh"

results=$AUDITLITE_BUILD/results
mkdir -p "$results"
tally=$results/tally
: >"$tally"

# record STATUS NAME: STATUS is pass, fail or skip.
record() {
	echo "$1 $2" >>"$tally"
	[ "$1" = fail ] && echo "FAIL: $2" >&2
	return 0
}

run_unit() {
	local tap=$results/unit.tap rc=0

	echo "== unit tests" >&2
	make --no-print-directory -C "$AUDITLITE_TOP/userspace" \
		BUILD="$AUDITLITE_BUILD" unit >"$tap" 2>&1 || rc=$?
	# cmocka (1.1.5) prints a skip as "not ok N # SKIP name" and a case
	# whose setup failed as "not ok N - name Could not run test: ...";
	# docs_test.sh a skip as "ok N - name # SKIP why". A case is known by
	# its name alone: one used twice is a failure.
	awk '
		function rec(status, name) {
			if (seen[name]++) { status = "fail"; name = name "/name-used-twice" }
			print status " unit/" name
		}
		/^not ok [0-9]+ # [Ss][Kk][Ii][Pp] / { sub(/^not ok [0-9]+ # [Ss][Kk][Ii][Pp] +/, ""); rec("skip", $0); next }
		/^not ok [0-9]+/ { sub(/^not ok [0-9]+ -? */, ""); sub(/ .*/, ""); rec("fail", $0); next }
		/^ok [0-9]+.*# [Ss][Kk][Ii][Pp]/ { sub(/^ok [0-9]+ -? */, ""); sub(/ *#.*/, ""); rec("skip", $0); next }
		/^ok [0-9]+/ { sub(/^ok [0-9]+ -? */, ""); rec("pass", $0) }
	' "$tap" | while read -r status name; do record "$status" "$name"; done
	if [ "$rc" != 0 ] && ! grep -q '^not ok' "$tap"; then
		record fail "unit/build-or-run"
	fi
	[ "$rc" = 0 ] || tail -n 40 "$tap" >&2
}

# pkg_case NAME FUNCTION [ARG...]: one case, pkg/NAME, judged by
# FUNCTION's status (77: skipped); its output goes to pkg/NAME.log and is
# shown when it fails.
pkg_case() {
	local name=$1 out=$results/pkg/$1.log rc=0
	shift
	"$@" >"$out" 2>&1 || rc=$?
	case $rc in
	0) record pass "pkg/$name" ;;
	77) record skip "pkg/$name"; tail -n 3 "$out" >&2 ;;
	*) tail -n 30 "$out" >&2; record fail "pkg/$name" ;;
	esac
}

# What make install puts in DESTDIR for kernel release $1 with the default
# PREFIX, as "PATH MODE" lines, sorted.
pkg_expected() {
	sort <<-EOF
	etc/auditlite/auditd-lite.conf 640
	lib/modules/$1/updates/auditlite.ko 644
	lib/systemd/system/auditd-lite.service 644
	usr/local/include/auditlite-kmod/auditlite/auditlite.h 644
	usr/local/include/auditlite-kmod/auditlite/compat.h 644
	usr/local/include/auditlite-kmod/uapi/auditlite.h 644
	usr/local/lib/auditlite-kmod/$1/Module.symvers 644
	usr/local/sbin/auditd-lite 755
	usr/local/sbin/auditlitectl 755
	usr/local/share/man/man5/auditd-lite.conf.5 644
	usr/local/share/man/man8/auditd-lite.8 644
	usr/local/share/man/man8/auditlitectl.8 644
	EOF
}

# pkg_make ARG...: make in the source tree, building in AUDITLITE_BUILD.
pkg_make() {
	make --no-print-directory -C "$AUDITLITE_TOP" BUILD="$AUDITLITE_BUILD" "$@"
}

# pkg_files DIR: what DIR holds but directories, as pkg_expected prints it.
pkg_files() {
	(cd "$1" && find . ! -type d -printf '%P %m\n' | sort)
}

# Every file install puts, with its mode and its content, and nothing else.
pkg_install() {
	local kdir=$1 rel=$2 dest=$3 top=$AUDITLITE_TOP h f

	pkg_make KDIR="$kdir" DESTDIR="$dest" install || return 1
	diff -u <(pkg_expected "$rel") <(pkg_files "$dest") ||
		{ echo "installed files or modes differ (- wanted, + found)"; return 1; }
	f=$(find "$dest" -mindepth 1 -type d ! -perm 0755)
	[ -z "$f" ] || { echo "directories not 0755: $f"; return 1; }

	for h in auditlite/auditlite.h auditlite/compat.h uapi/auditlite.h; do
		cmp "$top/include/$h" "$dest/usr/local/include/auditlite-kmod/$h" || return 1
	done
	for f in auditd-lite.8 auditlitectl.8; do
		cmp "$top/userspace/$f" "$dest/usr/local/share/man/man8/$f" || return 1
	done
	cmp "$top/userspace/auditd-lite.conf.5" "$dest/usr/local/share/man/man5/auditd-lite.conf.5" &&
		cmp "$top/userspace/auditd-lite.conf" "$dest/etc/auditlite/auditd-lite.conf" &&
		cmp "$AUDITLITE_BUILD/bin/auditd-lite" "$dest/usr/local/sbin/auditd-lite" &&
		cmp "$AUDITLITE_BUILD/bin/auditlitectl" "$dest/usr/local/sbin/auditlitectl" ||
		return 1
	# The unit starts the daemon where PREFIX put it; nothing else changed.
	diff <(sed 's|^ExecStart=/usr/sbin/|ExecStart=/usr/local/sbin/|' \
			"$top/userspace/auditd-lite.service") \
		"$dest/lib/systemd/system/auditd-lite.service" || return 1
	grep -qx 'ExecStart=/usr/local/sbin/auditd-lite -f' \
		"$dest/lib/systemd/system/auditd-lite.service" ||
		{ echo "the unit does not start /usr/local/sbin/auditd-lite"; return 1; }

	f=$dest/lib/modules/$rel/updates/auditlite.ko
	[ "$(modinfo -F name "$f")" = auditlite ] &&
		[[ "$(modinfo -F vermagic "$f")" == "$rel "* ]] ||
		{ echo "$f is not auditlite for $rel"; return 1; }
	# Every export, in its namespace, named by module and not build path.
	f=$dest/usr/local/lib/auditlite-kmod/$rel/Module.symvers
	for h in start format end untrustedstring n_hex ""; do
		grep -qP "^0x[0-9a-f]+\tauditlite_log${h:+_$h}\tauditlite\tEXPORT_SYMBOL_GPL\tAUDITLITE$" "$f" ||
			{ echo "$f lacks auditlite_log${h:+_$h}"; cat "$f"; return 1; }
	done
}

# A second install keeps a config the admin changed, and the rest is whole.
pkg_reinstall() {
	local kdir=$1 rel=$2 dest=$3 conf=$3/etc/auditlite/auditd-lite.conf

	echo "# changed by the admin" >>"$conf"
	pkg_make KDIR="$kdir" DESTDIR="$dest" install || return 1
	[ "$(tail -n 1 "$conf")" = "# changed by the admin" ] ||
		{ echo "install overwrote the changed $conf"; return 1; }
	diff -u <(pkg_expected "$rel") <(pkg_files "$dest")
}

# The sample caller, alone in a directory of its own, built as a third
# party's module would be: against the installed header and Module.symvers,
# W=1, with no warning; modpost must take auditlite for the provider.
pkg_caller_build() {
	local kdir=$1 rel=$2 dest=$3 caller=$4 out

	rm -rf "$caller"
	mkdir -p "$caller"
	cp "$AUDITLITE_TOP"/tools/sample/Kbuild "$AUDITLITE_TOP"/tools/sample/*.c "$caller/"
	out=$(make -C "$kdir" M="$caller" W=1 \
		AUDITLITE_INCLUDE="$dest/usr/local/include/auditlite-kmod" \
		KBUILD_EXTRA_SYMBOLS="$dest/usr/local/lib/auditlite-kmod/$rel/Module.symvers" \
		modules 2>&1)
	local rc=$?
	echo "$out"
	[ "$rc" = 0 ] || return 1
	! grep -qi 'warning\|error' <<<"$out" || { echo "the build warns"; return 1; }
	[ "$(modinfo -F depends "$caller/auditlite_sample.ko")" = auditlite ] ||
		{ echo "auditlite_sample.ko does not depend on auditlite"; return 1; }
}

# Uninstall leaves only the changed config; from a fresh install, nothing.
pkg_uninstall() {
	local kdir=$1 dest=$2 fresh=$3 left

	pkg_make KDIR="$kdir" DESTDIR="$dest" uninstall || return 1
	left=$(pkg_files "$dest")
	[ "$left" = "etc/auditlite/auditd-lite.conf 640" ] &&
		[ "$(tail -n 1 "$dest/etc/auditlite/auditd-lite.conf")" = "# changed by the admin" ] ||
		{ echo "after uninstall, wanted the changed config alone, found: $left"; return 1; }

	rm -rf "$fresh"
	pkg_make KDIR="$kdir" DESTDIR="$fresh" install >/dev/null &&
		pkg_make KDIR="$kdir" DESTDIR="$fresh" uninstall || return 1
	left=$(pkg_files "$fresh")
	[ -z "$left" ] || { echo "uninstall of a fresh install left: $left"; return 1; }
}

# make dkms-install for the stock release, checked, then dkms remove --all:
# the machine is left as it was, down to the signing key DKMS makes on its
# first build. An auditlite already in DKMS is left alone, and the case
# skipped.
pkg_dkms() {
	local kdir=$1 rel=$2 sudo='' ver f made=() rc=0 mod

	[ "$(id -u)" = 0 ] || sudo=sudo
	ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$AUDITLITE_TOP/dkms.conf")
	if [ -e "/usr/src/auditlite-$ver" ] || $sudo dkms status -m auditlite | grep -q .; then
		echo "auditlite is in DKMS or /usr/src already: not touching it"
		return 77
	fi
	for f in /var/lib/dkms/mok.key /var/lib/dkms/mok.pub; do
		[ -e "$f" ] || made+=("$f")
	done

	$sudo make --no-print-directory -C "$AUDITLITE_TOP" KDIR="$kdir" dkms-install || rc=1
	if [ "$rc" = 0 ]; then
		$sudo dkms status -m auditlite -v "$ver" -k "$rel" | grep -q ': installed$' ||
			{ echo "dkms status does not say installed"; rc=1; }
		mod=$(modinfo -k "$rel" -F filename auditlite)
		[[ "$mod" == /lib/modules/"$rel"/updates/dkms/auditlite.ko* ]] &&
			[[ "$(modinfo -F vermagic "$mod")" == "$rel "* ]] ||
			{ echo "depmod for $rel does not find DKMS's auditlite: '$mod'"; rc=1; }
	fi

	$sudo dkms remove -m auditlite -v "$ver" --all || rc=1
	$sudo rm -rf "/usr/src/auditlite-$ver" ${made[@]+"${made[@]}"}
	if $sudo dkms status -m auditlite | grep -q . || [ -e /var/lib/dkms/auditlite ] ||
	   modinfo -k "$rel" auditlite >/dev/null 2>&1; then
		echo "dkms remove --all left auditlite behind"
		rc=1
	fi
	return "$rc"
}

run_pkg() {
	local kdir rel scratch=$AUDITLITE_BUILD/pkg

	echo "== packaging and static analysis" >&2
	kdir=$(stock_kdir)
	rel=$(kernel_release "$kdir")
	rm -rf "$scratch" "$results/pkg"
	mkdir -p "$scratch" "$results/pkg"
	pkg_case install pkg_install "$kdir" "$rel" "$scratch/dest"
	pkg_case reinstall pkg_reinstall "$kdir" "$rel" "$scratch/dest"
	pkg_case caller-build pkg_caller_build "$kdir" "$rel" "$scratch/dest" "$scratch/caller"
	pkg_case uninstall pkg_uninstall "$kdir" "$scratch/dest" "$scratch/fresh"
	pkg_case dkms pkg_dkms "$kdir" "$rel"
	pkg_case style pkg_make style
	pkg_case sparse pkg_make KDIR="$kdir" sparse
	pkg_case cppcheck pkg_make cppcheck
}

run_kunit() {
	local kdir out ktap json nsuites

	echo "== KUnit on the debug kernel" >&2
	kdir=$("$AUDITLITE_TOP/tools/debug-kernel.sh") || { record fail "kunit/debug-kernel-build"; return; }
	# The initramfs carries the userspace programs too.
	"$AUDITLITE_TOP/tools/build-module.sh" "$kdir" >/dev/null &&
		make --no-print-directory -C "$AUDITLITE_TOP" userspace >&2 ||
		{ record fail "kunit/build"; return; }
	out=$AUDITLITE_BUILD/vm/debug/kunit
	if "$AUDITLITE_TOP/tools/vm/run.sh" -k debug -o "$out" kunit/run.sh; then
		record pass "kunit/vm-clean"
	else
		record fail "kunit/vm-clean"
	fi

	# Module-loaded suites print no top-level header: add one that names
	# every suite in the sources, so a suite that never ran is a failure.
	nsuites=$(cat "$AUDITLITE_TOP"/tests/kunit/*_test.c | grep -c '^kunit_test_suite(')
	ktap=$results/kunit.ktap
	json=$results/kunit.json
	if ! grep -q '^----- KTAP -----$' "$out/result.log" 2>/dev/null; then
		record fail "kunit/ktap-output"
		return
	fi
	{
		echo "KTAP version 1"
		echo "1..$nsuites"
		sed -n '/^----- KTAP -----$/,/^----- end KTAP -----$/p' "$out/result.log" |
			sed '1d;$d' | sed 's/^\[ *[0-9.]*\] //'
	} >"$ktap"
	rm -f "$json"
	python3 "$kdir/tools/testing/kunit/kunit.py" parse --json="$json" "$ktap" \
		>"$results/kunit.parse" 2>&1
	local prc=$?
	if [ ! -s "$json" ]; then
		cat "$results/kunit.parse" >&2
		record fail "kunit/parse"
		return
	fi
	python3 - "$json" <<'PY' | while read -r status name; do record "$status" "$name"; done
import json, sys
status = {"PASS": "pass", "SKIP": "skip"}
def walk(group, path):
    for case in group.get("test_cases", []):
        print(status.get(case["status"], "fail"), "kunit/" + path + case["name"])
    for sub in group.get("sub_groups", []):
        walk(sub, path + sub["name"] + "/")
walk(json.load(open(sys.argv[1])), "")
PY
	if [ "$prc" != 0 ]; then
		cat "$results/kunit.parse" >&2
		grep -q '^fail kunit/' "$tally" || record fail "kunit/parse"
	fi
}

run_e2e() {
	local debugdir series label stock_lane debug=0
	local stock_out=$results/e2e-stock-lane.log
	local stock=() kernels=()

	echo "== end-to-end scenarios" >&2
	if ! make --no-print-directory -C "$AUDITLITE_TOP" userspace >&2 ||
	   ! make --no-print-directory -C "$AUDITLITE_TOP/tests" BUILD="$AUDITLITE_BUILD" >&2; then
		record fail "e2e/build"
		return
	fi
	for series in $STOCK_KERNELS; do
		if (STOCK_KERNEL=$series && "$AUDITLITE_TOP/tools/build-module.sh" "$(stock_kdir)" >/dev/null); then
			stock+=("$series")
		else
			record fail "e2e/build [$series]"
		fi
	done
	kernels=("${stock[@]}")
	if debugdir=$("$AUDITLITE_TOP/tools/debug-kernel.sh") &&
	   "$AUDITLITE_TOP/tools/build-module.sh" "$debugdir" >/dev/null; then
		kernels+=(debug)
		debug=1
	else
		record fail "e2e/debug-build"
	fi

	# One boot per kernel runs all its scenarios (tools/vm/init keeps them
	# apart), in two lanes at once: the debug kernel's boot beside Debian's
	# kernels' one after the other. A boot keeps about one host CPU busy
	# (its scenarios wait and sleep too), so two at a time halve the wall
	# time on two CPUs without starving either. The stock lane's output is
	# shown once it is done, so that two boots' reports do not interleave.
	(
		for series in "${stock[@]}"; do
			e2e_boot "$series"
		done
	) >"$stock_out" 2>&1 &
	stock_lane=$!
	[ "$debug" = 0 ] || e2e_boot debug
	wait "$stock_lane"
	cat "$stock_out" >&2
	for label in "${kernels[@]}"; do
		e2e_record "$label"
	done
}

# e2e_kind LABEL: the harness's kernel kind for a kernel label of run_e2e.
e2e_kind() {
	if [ "$1" = debug ]; then echo debug; else echo stock; fi
}

# e2e_scenarios KIND: the scenarios for that kind of kernel; a scenario's
# "# kernels: stock|debug" line keeps it to Debian's kernels or to the
# debug one.
e2e_scenarios() {
	local s
	for s in "$AUDITLITE_TOP"/tests/e2e/*.sh; do
		grep -q "^# kernels: " "$s" && ! grep -q "^# kernels: $1\$" "$s" && continue
		echo "e2e/$(basename "$s")"
	done
}

# e2e_out LABEL: where kernel LABEL's boot leaves its output and verdicts.
e2e_out() {
	if [ "$1" = debug ]; then
		echo "$AUDITLITE_BUILD/vm/debug/e2e"
	else
		echo "$AUDITLITE_BUILD/vm/stock$1/e2e"
	fi
}

# e2e_boot LABEL: boot kernel LABEL (debug, or a stock series) once for
# all its scenarios; its verdicts are left in its output directory.
e2e_boot() {
	local kind series='' out
	kind=$(e2e_kind "$1")
	[ "$kind" = stock ] && series=$1
	out=$(e2e_out "$1")
	rm -f "$out/verdicts"
	# shellcheck disable=SC2046 # one word per scenario path
	STOCK_KERNEL=$series "$AUDITLITE_TOP/tools/vm/run.sh" -k "$kind" -o "$out" \
		$(e2e_scenarios "$kind") || true
}

# e2e_record LABEL: a case per scenario of kernel LABEL, and the debug
# kernel's kmemleak scan one more, passed only on a PASS verdict.
e2e_record() {
	local kind out name
	kind=$(e2e_kind "$1")
	out=$(e2e_out "$1")
	for name in $(e2e_scenarios "$kind") $([ "$kind" = debug ] && echo kmemleak); do
		if grep -qx "PASS $name" "$out/verdicts" 2>/dev/null; then
			record pass "$name [$1]"
		else
			record fail "$name [$1]"
		fi
	done
}

# The long scenarios of tests/stress, on the kernel STRESS_KERNEL names
# (debug unless set), each for SOAK_SECONDS (600 unless set); their
# figures are the "soak:" lines they print.
run_stress() {
	local kind=${STRESS_KERNEL:-debug} seconds=${SOAK_SECONDS:-600} kdir s name out

	echo "== stress scenarios on the $kind kernel, ${seconds}s each" >&2
	if [ "$kind" = debug ]; then
		kdir=$("$AUDITLITE_TOP/tools/debug-kernel.sh") || { record fail "stress/debug-kernel-build"; return; }
	else
		kdir=$(stock_kdir)
	fi
	if ! "$AUDITLITE_TOP/tools/build-module.sh" "$kdir" >/dev/null ||
	   ! make --no-print-directory -C "$AUDITLITE_TOP" userspace >&2; then
		record fail "stress/build"
		return
	fi
	for s in "$AUDITLITE_TOP"/tests/stress/*.sh; do
		name=stress/$(basename "$s")
		out=$AUDITLITE_BUILD/vm/$kind/$(basename "$s" .sh)
		"$AUDITLITE_TOP/tools/vm/run.sh" -k "$kind" -o "$out" \
			-t $((seconds + 1200)) -a soak_seconds="$seconds" \
			-a scenario_timeout=$((seconds + 900)) "$name" || true
		grep '^soak: \|^ok - \|^FAIL: ' "$out/result.log"
		if grep -qx "PASS $name" "$out/verdicts" 2>/dev/null; then
			record pass "$name [$kind]"
		else
			record fail "$name [$kind]"
		fi
		[ "$kind" = stock ] && continue
		if grep -qx "PASS kmemleak" "$out/verdicts" 2>/dev/null; then
			record pass "kmemleak after $name [$kind]"
		else
			record fail "kmemleak after $name [$kind]"
		fi
	done
}

[ $# -gt 0 ] || set -- unit pkg kunit e2e
for part in "$@"; do
	case $part in
	unit) run_unit ;;
	pkg) run_pkg ;;
	kunit) run_kunit ;;
	e2e) run_e2e ;;
	stress) run_stress ;;
	*) die "unknown part '$part'" ;;
	esac
done

passed=$(grep -c '^pass ' "$tally")
failed=$(grep -c '^fail ' "$tally")
skipped=$(grep -c '^skip ' "$tally")
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]

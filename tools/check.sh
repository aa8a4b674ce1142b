#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run auditlite's tests and count every case:
#   unit   userspace unit tests (TAP)
#   pkg    make install/uninstall in a scratch DESTDIR, a caller module
#          built against what it installed, DKMS against the stock headers
#          (as root or through sudo), checkpatch, sparse and cppcheck, and
#          that every mutant of tools/mutants still applies
#   kunit  KUnit suites on the debug kernel, judged by kunit.py parse
#   e2e    every tests/e2e scenario on Debian's 6.1 and 6.12 kernels and
#          on the debug kernel, or on those its "# kernels:" line names,
#          which may add Debian's PREEMPT_RT kernel (rt); on the debug
#          kernel, a kmemleak scan after them counts as one more case, and
#          on every kernel the boot itself
#   stress the long scenarios of tests/stress (make stress, not make check)
# kunit and e2e share the debug kernel's boot (KUnit first), and unit and
# pkg run beside the VMs (run_vm). The last line printed is "N passed, N
# failed, N skipped"; the exit status is non-zero if anything failed.
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
	unit_run unit "$AUDITLITE_BUILD" ""
	# The same again under AddressSanitizer (LeakSanitizer with it) and
	# UndefinedBehaviorSanitizer, any finding fatal, built on their own.
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		unit_run unit-asan "$AUDITLITE_BUILD/asan" address,undefined
}

# unit_run LABEL BUILD SANITIZE: the unit tests built in BUILD (with
# SANITIZE, if set), a case LABEL/NAME each.
unit_run() {
	local label=$1 build=$2 sanitize=$3 tap=$results/$1.tap rc=0

	echo "== $label tests" >&2
	make --no-print-directory -C "$AUDITLITE_TOP/userspace" \
		BUILD="$build" SANITIZE="$sanitize" unit >"$tap" 2>&1 || rc=$?
	# cmocka (1.1.5) prints a skip as "not ok N # SKIP name" and a case
	# whose setup failed as "not ok N - name Could not run test: ...";
	# docs_test.sh a skip as "ok N - name # SKIP why". A case is known by
	# its name alone: one used twice is a failure.
	awk -v label="$label" '
		function rec(status, name) {
			if (seen[name]++) { status = "fail"; name = name "/name-used-twice" }
			print status " " label "/" name
		}
		/^not ok [0-9]+ # [Ss][Kk][Ii][Pp] / { sub(/^not ok [0-9]+ # [Ss][Kk][Ii][Pp] +/, ""); rec("skip", $0); next }
		/^not ok [0-9]+/ { sub(/^not ok [0-9]+ -? */, ""); sub(/ .*/, ""); rec("fail", $0); next }
		/^ok [0-9]+.*# [Ss][Kk][Ii][Pp]/ { sub(/^ok [0-9]+ -? */, ""); sub(/ *#.*/, ""); rec("skip", $0); next }
		/^ok [0-9]+/ { sub(/^ok [0-9]+ -? */, ""); rec("pass", $0) }
	' "$tap" | while read -r status name; do record "$status" "$name"; done
	if [ "$rc" != 0 ] && ! grep -q '^not ok' "$tap"; then
		record fail "$label/build-or-run"
	fi
	# Every test program prints its plan ("1..N", cmocka per group):
	# one plan per test source, and as many results as the plans add up
	# to, or a program left out of the build or cut short (a sanitizer's
	# report ends it) goes unseen.
	local sources plans planned ran
	sources=$(find "$AUDITLITE_TOP/tests/unit" -name '*_test.c' -o -name '*_test.sh' | wc -l)
	plans=$(grep -c '^1\.\.[0-9]*$' "$tap")
	planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$tap" | awk '{ n += $1 } END { print n + 0 }')
	ran=$(grep -c '^\(not \)\?ok [0-9]' "$tap")
	if [ "$plans" != "$sources" ] || [ "$planned" != "$ran" ]; then
		echo "$label: $plans plans for $sources test sources, $ran results for $planned planned" >&2
		record fail "$label/plan"
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

# compat.h's traps: a ported caller that calls one of the kernel's
# audit_log_* helpers auditlite does not map fails to build, and the error
# names the helper; each in a file of its own, built with make -k.
pkg_compat_traps() {
	local kdir=$1 dir=$2 out name missing=
	local helpers="audit_log_n_string audit_log_n_untrustedstring audit_log_d_path
		audit_log_key audit_log_task_context audit_log_task_info
		audit_log_path_denied audit_log_lost"

	rm -rf "$dir"
	mkdir -p "$dir"
	for name in $helpers; do
		cat >"$dir/$name.c" <<-EOF
		// SPDX-License-Identifier: GPL-2.0
		#include <linux/module.h>
		#include <auditlite/compat.h>
		void ported(struct audit_buffer *ab);
		void ported(struct audit_buffer *ab) { $name(ab, 0); }
		MODULE_LICENSE("GPL");
		EOF
		echo "obj-m += $name.o" >>"$dir/Kbuild"
	done
	out=$(make -k -C "$kdir" M="$dir" ccflags-y="-I$AUDITLITE_TOP/include" modules 2>&1)
	for name in $helpers; do
		grep -q "${name}_is_not_mapped_by_auditlite_compat_h" <<<"$out" || missing="$missing $name"
	done
	[ -z "$missing" ] || { echo "$out"; echo "these built, or failed for another reason:$missing"; return 1; }
	echo "each of these fails to build, naming itself:" $helpers
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
# first build. A marker in the cache, written before and removed after,
# names what this case made: a run that was interrupted (even by SIGKILL)
# leaves it, and the next run removes what it names before it starts. An
# auditlite in DKMS without the marker is someone else's: left alone, and
# the case skipped.
DKMS_MARKER=$AUDITLITE_CACHE/dkms-test.pending

# dkms_undo VERSION [FILE...]: remove auditlite VERSION from DKMS and
# /usr/src, and the FILEs.
dkms_undo() {
	local ver=$1 sudo=''
	shift
	[ "$(id -u)" = 0 ] || sudo=sudo
	if $sudo dkms status -m auditlite -v "$ver" | grep -q .; then
		$sudo dkms remove -m auditlite -v "$ver" --all || return 1
	fi
	$sudo rm -rf "/usr/src/auditlite-$ver" "$@"
}

pkg_dkms() {
	local kdir=$1 rel=$2 sudo='' ver f made=() rc=0 mod

	[ "$(id -u)" = 0 ] || sudo=sudo
	ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$AUDITLITE_TOP/dkms.conf")
	if [ -f "$DKMS_MARKER" ]; then
		echo "removing what an interrupted run left: $(tr '\n' ' ' <"$DKMS_MARKER")"
		# shellcheck disable=SC2046 # one word per line of the marker
		dkms_undo $(cat "$DKMS_MARKER") || return 1
		rm -f "$DKMS_MARKER"
	fi
	if [ -e "/usr/src/auditlite-$ver" ] || $sudo dkms status -m auditlite | grep -q .; then
		echo "auditlite is in DKMS or /usr/src already: not touching it"
		return 77
	fi
	for f in /var/lib/dkms/mok.key /var/lib/dkms/mok.pub; do
		[ -e "$f" ] || made+=("$f")
	done
	mkdir -p "$AUDITLITE_CACHE"
	printf '%s\n' "$ver" ${made[@]+"${made[@]}"} >"$DKMS_MARKER"
	trap 'dkms_undo $(cat "$DKMS_MARKER") && rm -f "$DKMS_MARKER"; exit 130' INT TERM

	$sudo make --no-print-directory -C "$AUDITLITE_TOP" KDIR="$kdir" dkms-install || rc=1
	if [ "$rc" = 0 ]; then
		$sudo dkms status -m auditlite -v "$ver" -k "$rel" | grep -q ': installed$' ||
			{ echo "dkms status does not say installed"; rc=1; }
		mod=$(modinfo -k "$rel" -F filename auditlite)
		[[ "$mod" == /lib/modules/"$rel"/updates/dkms/auditlite.ko* ]] &&
			[[ "$(modinfo -F vermagic "$mod")" == "$rel "* ]] ||
			{ echo "depmod for $rel does not find DKMS's auditlite: '$mod'"; rc=1; }
	fi

	dkms_undo "$ver" ${made[@]+"${made[@]}"} || rc=1
	if $sudo dkms status -m auditlite | grep -q . || [ -e /var/lib/dkms/auditlite ] ||
	   modinfo -k "$rel" auditlite >/dev/null 2>&1; then
		echo "dkms remove --all left auditlite behind"
		rc=1
	else
		rm -f "$DKMS_MARKER"
	fi
	trap - INT TERM
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
	pkg_case compat-traps pkg_compat_traps "$kdir" "$scratch/compat"
	pkg_case uninstall pkg_uninstall "$kdir" "$scratch/dest" "$scratch/fresh"
	pkg_case dkms pkg_dkms "$kdir" "$rel"
	pkg_case style pkg_make style
	pkg_case sparse pkg_make KDIR="$kdir" sparse
	pkg_case cppcheck pkg_make cppcheck
	# make mutants is too slow for check; its patches must still apply.
	pkg_case mutants-apply "$AUDITLITE_TOP/tools/mutants/run.sh" --check
}

# kunit_record OUT: a case per KUnit case of the KTAP in OUT/result.log,
# judged by kunit.py parse.
kunit_record() {
	local out=$1 kdir ktap json nsuites prc=0

	kdir=$(debug_kernel_dir)
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
		>"$results/kunit.parse" 2>&1 || prc=$?
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

# e2e_scenarios LABEL: the scenarios for kernel LABEL (6.1, 6.12, debug
# or rt), as their "# kernels: ..." lines say (scenario_kernels).
e2e_scenarios() {
	local s
	for s in "$AUDITLITE_TOP"/tests/e2e/*.sh; do
		[[ " $(scenario_kernels "$s") " == *" $1 "* ]] || continue
		echo "e2e/$(basename "$s")"
	done
}

# vm_out LABEL: where kernel LABEL's boot leaves its output and verdicts.
vm_out() {
	if [ "$1" = debug ]; then
		echo "$AUDITLITE_BUILD/vm/debug/check"
	else
		echo "$AUDITLITE_BUILD/vm/stock$1/check"
	fi
}

# vm_boot LABEL SCENARIO...: boot kernel LABEL (debug, a stock series or
# rt) once for all of them; its verdicts are left in its output directory.
vm_boot() {
	local label=$1 kind=stock series=$1 out
	shift
	[ "$label" = debug ] && kind=debug series=
	out=$(vm_out "$label")
	rm -rf "$out"
	local maxcpus=
	# Debian's 6.1 boots as a server with 240 possible CPUs (2 of them
	# present, the rest hot-pluggable), so that what is sized per possible
	# CPU (the status reply, the per-CPU queues and reserves) is tried at
	# that size: 240, as the emulated PC's APIC ids stop at 255; 6.1, as
	# 6.12 counts no hot-pluggable CPU in the MADT QEMU gives it.
	[ "$label" != 6.1 ] || maxcpus=240
	QEMU_MAXCPUS=$maxcpus STOCK_KERNEL=$series "$AUDITLITE_TOP/tools/vm/run.sh" \
		-k "$kind" -o "$out" -a fuzz_seed="$(fuzz_seed)" "$@" || true
}

# fuzz_seed: e2e/fuzz.sh's seed, from the commit under test, so that a run
# can be replayed (-a fuzz_seed=N) and each commit fuzzes differently.
fuzz_seed() {
	local head
	head=$(git -C "$AUDITLITE_TOP" rev-parse --short=7 HEAD 2>/dev/null) || head=0
	echo $((16#$head))
}

# vm_stock LABEL: build the module for Debian's kernel LABEL (a stock
# series or rt) and boot it with its scenarios, if it has any.
vm_stock() {
	local label=$1 scenarios kdir
	scenarios=$(e2e_scenarios "$label")
	[ -n "$scenarios" ] || return 0
	if kdir=$(STOCK_KERNEL=$label stock_kdir) &&
	   "$AUDITLITE_TOP/tools/build-module.sh" "$kdir" >/dev/null; then
		# shellcheck disable=SC2086 # one word per scenario path
		vm_boot "$label" $scenarios
	else
		rm -rf "$(vm_out "$label")"
		record fail "vm/build [$label]"
	fi
}

# vm_record LABEL: a case per verdict of kernel LABEL's boot (its
# scenarios, the debug kernel's kmemleak scan, the boot itself); KUnit's
# cases from its KTAP when it ran kunit/run.sh. A verdict missing is a
# failure.
vm_record() {
	local label=$1 out name status why
	shift
	out=$(vm_out "$label")
	for name in "$@" $([ "$label" = debug ] && echo kmemleak) boot; do
		status= why=
		read -r status why < <(grep "^[A-Z]* $name\( \|\$\)" "$out/verdicts" 2>/dev/null |
			sed 's/^\([A-Z]*\) [^ ]* *\(.*\)$/\1 \2/')
		case $name in
		kunit/run.sh) name=kunit/vm-clean ;;
		e2e/*) ;;
		*) name=vm/$name ;;
		esac
		case ${status:-} in
		PASS) record pass "$name [$label]" ;;
		SKIP) record skip "$name [$label]"; echo "SKIP: $name [$label] $why" >&2 ;;
		*) record fail "$name [$label]"; echo "  $name [$label]: ${why:-no verdict}" >&2 ;;
		esac
	done
	if [[ " $* " == *" kunit/run.sh "* ]]; then
		kunit_record "$out"
	fi
}

# run_vm PART...: the KUnit suites (kunit) and the scenarios (e2e), in
# as few boots as will do: one per kernel, KUnit first in the debug
# kernel's. Two lanes at once: unit, then the debug kernel (built on a
# machine's first run) and its boot, then the PREEMPT_RT kernel's boot in
# one (it was the shorter lane by some 55 s on a cached run, before the
# rt boot); pkg, then Debian's 6.1 and 6.12 kernels' boots one after the
# other in the second. A boot keeps about one of the two host CPUs busy,
# its scenarios wait and sleep too. Each lane's output is shown once both
# are done, so that reports do not interleave.
run_vm() {
	local kunit=0 e2e=0 part label lane2
	local lane1_out=$results/lane1.log lane2_out=$results/lane2.log
	local lane1_parts=() lane2_parts=() debug_scenarios=()

	for part in "$@"; do
		case $part in
		kunit) kunit=1 ;;
		e2e) e2e=1 ;;
		unit) lane1_parts+=("$part") ;;
		*) lane2_parts+=("$part") ;;
		esac
	done
	echo "== ${*}: the VM parts in two lanes" >&2
	if ! make --no-print-directory -C "$AUDITLITE_TOP" userspace >&2 ||
	   ! make --no-print-directory -C "$AUDITLITE_TOP/tests" BUILD="$AUDITLITE_BUILD" >&2; then
		record fail "vm/build"
		return
	fi
	[ "$kunit" = 0 ] || debug_scenarios+=(kunit/run.sh)
	[ "$e2e" = 0 ] || mapfile -t -O ${#debug_scenarios[@]} debug_scenarios < <(e2e_scenarios debug)

	(
		for part in ${lane2_parts[@]+"${lane2_parts[@]}"}; do
			"run_$part"
		done
		[ "$e2e" = 1 ] || exit 0
		for label in $STOCK_KERNELS; do
			vm_stock "$label"
		done
	) >"$lane2_out" 2>&1 &
	lane2=$!
	(
		local debugdir
		for part in ${lane1_parts[@]+"${lane1_parts[@]}"}; do
			"run_$part"
		done
		if [ ${#debug_scenarios[@]} -gt 0 ]; then
			if debugdir=$("$AUDITLITE_TOP/tools/debug-kernel.sh") &&
			   "$AUDITLITE_TOP/tools/build-module.sh" "$debugdir" >/dev/null; then
				vm_boot debug "${debug_scenarios[@]}"
			else
				rm -rf "$(vm_out debug)"
				record fail "vm/build [debug]"
			fi
		fi
		[ "$e2e" = 0 ] || vm_stock rt
	) >"$lane1_out" 2>&1
	wait "$lane2"
	cat "$lane1_out" "$lane2_out" >&2
	if [ "$e2e" = 1 ]; then
		for label in $STOCK_KERNELS; do
			# shellcheck disable=SC2046 # one word per scenario path
			vm_record "$label" $(e2e_scenarios "$label")
		done
	fi
	[ ${#debug_scenarios[@]} = 0 ] || vm_record debug "${debug_scenarios[@]}"
	if [ "$e2e" = 1 ] && [ -n "$(e2e_scenarios rt)" ]; then
		# shellcheck disable=SC2046 # one word per scenario path
		vm_record rt $(e2e_scenarios rt)
	fi
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
parts=()
vm=
for part in "$@"; do
	case $part in
	unit|pkg) parts+=("$part") ;;
	kunit|e2e) parts+=("$part"); vm=1 ;;
	stress) ;;
	*) die "unknown part '$part'" ;;
	esac
done
# unit and pkg go into run_vm's lanes when there are VMs to run.
if [ -n "$vm" ]; then
	run_vm "${parts[@]}"
else
	for part in ${parts[@]+"${parts[@]}"}; do
		"run_$part"
	done
fi
[[ " $* " != *" stress "* ]] || run_stress

passed=$(grep -c '^pass ' "$tally")
failed=$(grep -c '^fail ' "$tally")
skipped=$(grep -c '^skip ' "$tally")
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]

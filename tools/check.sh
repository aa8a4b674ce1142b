#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run auditlite's tests and count every case:
#   unit   userspace unit tests (TAP)
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
	awk '
		/^not ok [0-9]+/ { sub(/^not ok [0-9]+ -? */, ""); print "fail unit/" $0; next }
		/^ok [0-9]+.*# [Ss][Kk][Ii][Pp]/ { sub(/^ok [0-9]+ -? */, ""); sub(/ *#.*/, ""); print "skip unit/" $0; next }
		/^ok [0-9]+/ { sub(/^ok [0-9]+ -? */, ""); print "pass unit/" $0 }
	' "$tap" | while read -r status name; do record "$status" "$name"; done
	if [ "$rc" != 0 ] && ! grep -q '^not ok' "$tap"; then
		record fail "unit/build-or-run"
	fi
	[ "$rc" = 0 ] || tail -n 40 "$tap" >&2
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
	local debugdir series s name kind list names out label
	local kernels=()

	echo "== end-to-end scenarios" >&2
	if ! make --no-print-directory -C "$AUDITLITE_TOP" userspace >&2 ||
	   ! make --no-print-directory -C "$AUDITLITE_TOP/tests" BUILD="$AUDITLITE_BUILD" >&2; then
		record fail "e2e/build"
		return
	fi
	for series in $STOCK_KERNELS; do
		if (STOCK_KERNEL=$series && "$AUDITLITE_TOP/tools/build-module.sh" "$(stock_kdir)" >/dev/null); then
			kernels+=("$series")
		else
			record fail "e2e/build [$series]"
		fi
	done
	if debugdir=$("$AUDITLITE_TOP/tools/debug-kernel.sh") &&
	   "$AUDITLITE_TOP/tools/build-module.sh" "$debugdir" >/dev/null; then
		kernels+=(debug)
	else
		record fail "e2e/debug-build"
	fi

	# One boot per kernel runs all its scenarios (tools/vm/init keeps them
	# apart); each gets its own verdict, and the debug kernel's final
	# kmemleak scan one more. A scenario's "# kernels: stock|debug" line
	# keeps it to Debian's kernels or to the debug one.
	for label in "${kernels[@]}"; do
		kind=stock series=$label
		[ "$label" = debug ] && kind=debug series=
		list=()
		for s in "$AUDITLITE_TOP"/tests/e2e/*.sh; do
			grep -q "^# kernels: " "$s" && ! grep -q "^# kernels: $kind\$" "$s" && continue
			list+=("e2e/$(basename "$s")")
		done
		names=("${list[@]}")
		[ "$kind" = debug ] && names+=(kmemleak)
		out=$AUDITLITE_BUILD/vm/$kind$series/e2e
		rm -f "$out/verdicts"
		STOCK_KERNEL=$series "$AUDITLITE_TOP/tools/vm/run.sh" -k "$kind" -o "$out" \
			-x /usr/sbin/ausearch "${list[@]}" || true
		for name in "${names[@]}"; do
			if grep -qx "PASS $name" "$out/verdicts" 2>/dev/null; then
				record pass "$name [$label]"
			else
				record fail "$name [$label]"
			fi
		done
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

[ $# -gt 0 ] || set -- unit kunit e2e
for part in "$@"; do
	case $part in
	unit) run_unit ;;
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

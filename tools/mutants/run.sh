#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Mutation testing: each tools/mutants/NN-name.patch plants one small,
# deliberate fault (an ack before the write, dedup off, a lost record not
# counted...), and the tests that should catch it must. Each patch starts,
# before its first "diff --git" line (git apply ignores that text), with
#
#   Promise: what the fault breaks, in one sentence
#   Caught-by: SPEC            (one or more)
#
# where SPEC is one of
#   unit                       the userspace unit tests (make unit)
#   unit:NAME_test             one of them
#   kunit                      the KUnit suites on the debug kernel
#                              (tools/check.sh kunit)
#   e2e/NAME.sh@KERNEL         one scenario in a VM on that kernel: 6.1,
#                              6.12, debug or rt (PREEMPT_RT)
#   kmemleak@debug:e2e/NAME.sh that scenario on the debug kernel, judged by
#                              the kmemleak scan after it
#
#   run.sh --check             every patch has a Promise and a Caught-by
#                              line whose test exists, and applies to the
#                              work tree (fast, no VM: for make check)
#   run.sh [PATCH...]          all the patches, or those named (a path, or
#                              NN-name)
#
# A run first snapshots the work tree (tracked and untracked files, not
# build/) into $AUDITLITE_BUILD/mutants/base and runs every spec the chosen
# patches name there once: a spec that fails on the unmutated tree cannot
# judge a mutant, and the run stops. Then, for each patch, a copy of the
# snapshot in $AUDITLITE_BUILD/mutants/NN-name gets the patch, and each of
# its specs runs in that copy, building there (its own AUDITLITE_BUILD), so
# that nothing touches the work tree's build/. A mutant is caught when a
# spec fails on it: a unit test's "not ok" or its exit status, a KUnit
# failure counted by check.sh, a scenario's (or kmemleak's) verdict other
# than PASS. Every Caught-by line is a claim: a spec that does not catch
# its mutant is reported, and so is a mutant whose build fails (an error
# to fix, not a catch). One line per mutant, "caught NN-name by SPEC
# (why)" or "SURVIVED NN-name", then "N caught, N survived"; exit 0 only
# if every mutant was caught by every spec it names. The copy of a mutant
# that was not caught is kept for inspection; the logs of every spec stay
# in $AUDITLITE_BUILD/mutants/logs.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

# The make that ran us passes its command line on to every make below in
# MAKEFLAGS (BUILD=... among it): the copies must build where they are told.
unset MAKEFLAGS MFLAGS MAKELEVEL

mutants_dir=$AUDITLITE_TOP/tools/mutants
root=$AUDITLITE_BUILD/mutants
logs=$root/logs

# promise PATCH, specs PATCH: what the preamble of PATCH says.
promise() {
	sed -n '/^diff --git /q; s/^Promise: *//p' "$1"
}
specs() {
	sed -n '/^diff --git /q; s/^Caught-by: *//p' "$1"
}

# spec_problem SPEC: why SPEC cannot be run, or nothing.
spec_problem() {
	local spec=$1 scenario kernel kernels
	case $spec in
	unit|kunit) return ;;
	unit:*_test)
		[ -f "$AUDITLITE_TOP/tests/unit/${spec#unit:}.c" ] ||
			echo "no tests/unit/${spec#unit:}.c"
		return ;;
	e2e/*.sh@6.1|e2e/*.sh@6.12|e2e/*.sh@debug|e2e/*.sh@rt)
		scenario=${spec%@*} kernel=${spec##*@} ;;
	kmemleak@debug:e2e/*.sh) scenario=${spec#kmemleak@debug:} kernel=debug ;;
	*) echo "unknown spec '$spec'"; return ;;
	esac
	if [ ! -f "$AUDITLITE_TOP/tests/$scenario" ]; then
		echo "no tests/$scenario"
		return
	fi
	# As make check reads its "# kernels:" line.
	kernels=$(scenario_kernels "$AUDITLITE_TOP/tests/$scenario")
	[[ " $kernels " == *" $kernel "* ]] ||
		echo "tests/$scenario is not for $kernel (it runs on $kernels)"
}

# resolve ARG: the patch ARG names (a path, or NN-name with or without
# .patch in tools/mutants).
resolve() {
	local p
	for p in "$1" "$mutants_dir/$1" "$mutants_dir/$1.patch"; do
		if [ -f "$p" ]; then
			realpath "$p"
			return
		fi
	done
	die "no mutant $1"
}

check() {
	local p name why spec bad=0

	for p in "$mutants_dir"/*.patch; do
		name=$(basename "$p" .patch)
		why=
		[ -n "$(promise "$p")" ] || why="no Promise line"
		[ -n "$(specs "$p")" ] || why="${why:+$why; }no Caught-by line"
		for spec in $(specs "$p"); do
			why=${why}$(spec_problem "$spec" | sed 's/^/; /')
		done
		why=${why#; }
		git -C "$AUDITLITE_TOP" apply --check "$p" 2>/dev/null ||
			why="${why:+$why; }does not apply to the work tree"
		if [ -n "$why" ]; then
			echo "FAIL $name: $why"
			bad=1
		else
			echo "ok $name: $(specs "$p" | paste -sd ' ')"
		fi
	done
	return $bad
}

if [ "${1:-}" = --check ]; then
	[ $# = 1 ] || die "usage: run.sh --check | run.sh [PATCH...]"
	check
	exit
fi

# A VM at a time on this machine, whoever started the other one (another
# developer's make check, say): two share its 2 CPUs, and under TCG each
# then runs at half speed, past the scenarios' timeouts.
wait_for_vm_slot() {
	local said=
	while pgrep -f '(^|/)qemu-system-x86_64 ' >/dev/null; do
		[ -n "$said" ] || log "waiting for another VM to end"
		said=1
		sleep 5
	done
}

# matching GREP_ARG...: grep, content with no match.
matching() {
	grep "$@" || true
}

# first_lines N: the first N lines of stdin joined by "; ", each cut short.
first_lines() {
	head -n "$1" | cut -c1-160 | paste -sd ';' | sed 's/;/; /g'
}

# Each run_* TOP SPEC LOG runs SPEC in the tree TOP, building in
# TOP/build, with its output in LOG, and sets result (pass, fail or
# error) and why. A fail is a catch on a mutant.
result=
why=
also=

run_unit() {
	local top=$1 spec=$2 out=$3 build=$1/build test rc=0

	if [ "$spec" = unit ]; then
		make --no-print-directory -C "$top/userspace" BUILD="$build" unit \
			>"$out" 2>&1 || rc=$?
		# The unit target says "# FAILED: TEST" for each test that
		# failed, having built them all.
		if [ "$rc" != 0 ] && ! grep -q '^# FAILED: ' "$out"; then
			result=error why="the unit tests do not build"
			return
		fi
	else
		test=${spec#unit:}
		if ! make --no-print-directory -C "$top/userspace" BUILD="$build" \
				"$build/unit/$test" >"$out" 2>&1; then
			result=error why="$test does not build"
			return
		fi
		(cd "$top/userspace" && "$build/unit/$test") >>"$out" 2>&1 || rc=$?
	fi
	# cmocka prints a skipped case as "not ok N # SKIP".
	why=$(matching '^not ok ' "$out" | matching -v '^not ok [0-9]* # SKIP' |
		sed 's/^not ok [0-9]* -* *//' | first_lines 3)
	if [ -n "$why" ]; then
		result=fail why="not ok: $why"
	elif [ "$rc" != 0 ]; then
		result=fail why="$(matching '^# FAILED: ' "$out" | first_lines 1) exited $rc"
	else
		result=pass why="$(matching -c '^ok ' "$out") cases passed"
	fi
}

run_kunit() {
	local top=$1 out=$3 last failed

	wait_for_vm_slot
	(cd "$top" && AUDITLITE_BUILD=$top/build tools/check.sh kunit) >"$out" 2>&1 || true
	last=$(tail -n 1 "$out")
	if ! [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]]; then
		result=error why="check.sh kunit ended without its count: $last"
		return
	fi
	failed=${BASH_REMATCH[2]}
	if grep -q '^FAIL: vm/build' "$out"; then
		result=error why="the build failed: $(matching '^FAIL: vm/build' "$out" | first_lines 2)"
	elif [ "$failed" != 0 ]; then
		# The KUnit cases first, then the boot's own verdicts.
		why=$({ matching '^FAIL: kunit/[^ /]*/' "$out"
			matching '^FAIL: ' "$out" | matching -v '^FAIL: kunit/[^ /]*/'; } |
			sed 's/^FAIL: //' | first_lines 3)
		result=fail why="$failed failed: $why"
	else
		result=pass why=$last
	fi
}

# run_vm TOP SPEC LOG: an e2e or kmemleak spec.
run_vm() {
	local top=$1 spec=$2 out=$3 build=$1/build scenario kernel kind=stock
	local series='' kdir vmout judged verdict v

	case $spec in
	kmemleak@debug:*) scenario=${spec#kmemleak@debug:} kernel=debug judged=kmemleak ;;
	*) scenario=${spec%@*} kernel=${spec##*@} judged=${spec%@*} ;;
	esac
	if [ "$kernel" = debug ]; then
		kind=debug
	else
		series=$kernel
	fi
	{
		if [ "$kind" = debug ]; then
			kdir=$("$top/tools/debug-kernel.sh")
		else
			kdir=$(STOCK_KERNEL=$series stock_kdir)
		fi &&
		make --no-print-directory -C "$top" BUILD="$build" userspace &&
		make --no-print-directory -C "$top/tests" BUILD="$build" &&
		AUDITLITE_BUILD=$build "$top/tools/build-module.sh" "$kdir"
	} >"$out" 2>&1 || {
		result=error why="the build for $kernel failed"
		return
	}

	vmout=$build/vm/mutant
	rm -rf "$vmout"
	wait_for_vm_slot
	AUDITLITE_BUILD=$build STOCK_KERNEL=$series "$top/tools/vm/run.sh" \
		-k "$kind" -o "$vmout" "$scenario" >>"$out" 2>&1 || true
	if [ ! -s "$vmout/verdicts" ]; then
		result=error why="tools/vm/run.sh left no verdicts"
		return
	fi
	verdict=$(matching -m1 "^[A-Z]* $judged\( \|\$\)" "$vmout/verdicts")
	# Judged by kmemleak, the scenario's own verdict is told too: the
	# unmutated tree must pass both.
	[ "$judged" = "$scenario" ] ||
		also="$scenario: $(matching -m1 "^[A-Z]* $scenario\( \|\$\)" "$vmout/verdicts" |
			cut -d' ' -f1)"
	case $verdict in
	"PASS $judged")
		result=pass why=$verdict ;;
	"")
		result=error why="no verdict for $judged" ;;
	*)
		result=fail why=$verdict
		# The scenario's own words, when it said why it failed.
		v=$(matching -m1 '^FAIL: ' "$vmout/result.log" 2>/dev/null)
		[ -z "$also" ] || v=$also
		[ -z "$v" ] || why="$why; $v"
		;;
	esac
	why=$(echo "$why" | cut -c1-300)
}

# run_spec TOP SPEC LABEL: SPEC in tree TOP; sets result and why.
run_spec() {
	local top=$1 spec=$2 out started=$SECONDS

	out=$logs/$3.$(echo "$spec" | tr '/:@' '___').log
	log "$3: $spec..."
	also=
	case $spec in
	unit|unit:*) run_unit "$top" "$spec" "$out" ;;
	kunit) run_kunit "$top" "$spec" "$out" ;;
	*) run_vm "$top" "$spec" "$out" ;;
	esac
	log "$3: $spec: $result, $((SECONDS - started)) s ($why)"
	[ "$result" != error ] || why="$why, see $out"
}

# copy_tree FROM TO: the files of FILELIST from FROM to a fresh TO.
copy_tree() {
	rm -rf "$2"
	mkdir -p "$2"
	(cd "$1" && cpio -pdm --quiet "$2") <"$root/files"
}

patches=()
if [ $# = 0 ]; then
	patches=("$mutants_dir"/*.patch)
else
	for a in "$@"; do
		patches+=("$(resolve "$a")")
	done
fi
[ ${#patches[@]} -gt 0 ] || die "no mutants in $mutants_dir"
all_specs=()
for p in "${patches[@]}"; do
	if [ -z "$(promise "$p")" ] || [ -z "$(specs "$p")" ]; then
		die "$(basename "$p"): no Promise or no Caught-by line (run.sh --check)"
	fi
	for spec in $(specs "$p"); do
		problem=$(spec_problem "$spec")
		[ -z "$problem" ] || die "$(basename "$p"): $problem"
		[[ " ${all_specs[*]-} " == *" $spec "* ]] || all_specs+=("$spec")
	done
done

started=$SECONDS
mkdir -p "$root"
rm -rf "$logs"
mkdir -p "$logs"
# The snapshot every mutant starts from: the work tree as it is now, so
# that edits made meanwhile do not mix into the run.
# (A tracked file deleted in the work tree is listed too: not copied.)
(cd "$AUDITLITE_TOP" && git ls-files -co --exclude-standard |
	while IFS= read -r f; do [ ! -e "$f" ] || echo "$f"; done) >"$root/files"
copy_tree "$AUDITLITE_TOP" "$root/base"

for spec in "${all_specs[@]}"; do
	run_spec "$root/base" "$spec" base
	if [ "$result" != pass ] || [[ -n "$also" && "$also" != *": PASS" ]]; then
		die "$spec fails on the unmutated tree, so it cannot judge a mutant: $why${also:+; $also}"
	fi
done
log "every spec passes on the unmutated tree ($((SECONDS - started)) s)"

caught=0 survived=0 errors=0
for p in "${patches[@]}"; do
	name=$(basename "$p" .patch)
	dir=$root/$name
	copy_tree "$root/base" "$dir"
	# git apply in a directory inside a git work tree (build/ is in
	# this one) patches relative to that tree's top, and skips the
	# rest: keep it from looking further up than the copy.
	if ! (cd "$dir" && GIT_CEILING_DIRECTORIES=$root git apply "$p") >"$logs/$name.apply.log" 2>&1; then
		echo "not caught $name: the patch does not apply ($(first_lines 1 <"$logs/$name.apply.log"))"
		errors=$((errors + 1))
		continue
	fi
	by=() missed=() failed=()
	for spec in $(specs "$p"); do
		run_spec "$dir" "$spec" "$name"
		case $result in
		fail) by+=("$spec ($why)") ;;
		pass) missed+=("$spec") ;;
		error) failed+=("$spec: $why") ;;
		esac
	done
	if [ ${#failed[@]} -gt 0 ]; then
		echo "not caught $name: build failed (${failed[*]})"
		errors=$((errors + 1))
	elif [ ${#by[@]} = 0 ]; then
		echo "SURVIVED $name (${missed[*]} passed; promise: $(promise "$p"))"
		survived=$((survived + 1))
	else
		echo "caught $name by $(printf '%s, ' "${by[@]}" | sed 's/, $//')"
		caught=$((caught + 1))
		if [ ${#missed[@]} -gt 0 ]; then
			# The patch says these catch it: its Caught-by is wrong.
			echo "  but not by ${missed[*]}, which its Caught-by names"
			errors=$((errors + 1))
		else
			rm -rf "$dir"
		fi
	fi
done
log "$((SECONDS - started)) s in all"
echo "$caught caught, $survived survived$([ "$errors" = 0 ] || echo ", $errors errors")"
[ "$survived" = 0 ] && [ "$errors" = 0 ]

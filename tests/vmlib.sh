# SPDX-License-Identifier: GPL-2.0
# Helpers for VM scenarios (tests/e2e, tools/vm/demo.sh); sourced by them,
# run by busybox sh with -eu.

mods=/lib/modules/auditlite

# fail MESSAGE: end the scenario as failed, saying why.
fail() {
	echo "FAIL: $*"
	exit 1
}

# wait_for SECONDS COMMAND...: poll COMMAND every 0.1 s until it succeeds.
wait_for() {
	local tries=$(($1 * 10))
	shift
	while ! "$@" 2>/dev/null; do
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || return 1
		sleep 0.1
	done
}

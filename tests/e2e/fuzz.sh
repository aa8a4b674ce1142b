# SPDX-License-Identifier: GPL-2.0
# Netlink fuzzing: 3000 random and mutated requests as root and 3000 as
# nobody (1000 each on the debug kernel, load=light) (tests/e2e/genl_fuzz.c says what is sent and checked): the module
# answers each with an error where it must, unprivileged requests fail
# with EPERM (or a parse error), no setting moves, and the module still works and unloads. make
# check seeds it from the commit (fuzz_seed=N replays a run).
# timeout: 90
. ./vmlib.sh

insmod $mods/auditlite.ko
seed=${fuzz_seed:-$(date +%s)}
echo "seed $seed"
n=$(by_load 3000 1000)
genl_fuzz $n $seed || fail "root fuzzing (seed $seed)"
# Nobody cannot read the settings: compare them as root.
settings() {
	auditlitectl status | grep -E '^(enabled|failure|rate_limit|backlog_limit|backlog_wait_time) '
}
settings >/tmp/settings.before
su -s /bin/sh nobody -c "genl_fuzz $n $((seed + 1))" ||
	fail "unprivileged fuzzing (seed $((seed + 1)))"
settings >/tmp/settings.after
cmp -s /tmp/settings.before /tmp/settings.after ||
	fail "unprivileged fuzzing moved a setting: $(diff /tmp/settings.before /tmp/settings.after)"
[ "$(status pid)" = 0 ] || fail "a daemon is still registered"

insmod $mods/auditlite_sample.ko
start_daemon
run_sample process 100
wait_for 20 backlog_empty || fail "records still held: $(status backlog)"
expect_each_serial_once 200
echo "ok - the module still delivers after fuzzing"
stop_daemon
rmmod auditlite_sample
rmmod auditlite

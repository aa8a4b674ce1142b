# SPDX-License-Identifier: GPL-2.0
# The module registers its Generic Netlink family, the daemon resolves it and
# auditlitectl gets an answer from it; the module unloads cleanly.
# timeout: 30
. ./vmlib.sh

insmod $mods/auditlite.ko
grep -q auditlite /proc/modules || fail "auditlite.ko did not load"

auditd-lite -f >/tmp/daemon.log 2>&1 &
daemon=$!
wait_for 10 grep -q 'resolved family auditlite (id [0-9]*)' /tmp/daemon.log ||
	{ cat /tmp/daemon.log; fail "the daemon did not resolve the family"; }
echo "ok - daemon: $(grep 'resolved family' /tmp/daemon.log)"

auditlitectl status >/tmp/status || fail "auditlitectl status failed"
grep -qx 'enabled 1' /tmp/status || { cat /tmp/status; fail "status lacks 'enabled 1'"; }
echo "ok - auditlitectl status answered"

kill -TERM $daemon
wait $daemon || fail "the daemon exited $? on SIGTERM"
echo "ok - daemon exited 0 on SIGTERM"

rmmod auditlite
grep -q auditlite /proc/modules && fail "auditlite.ko still loaded"
echo "ok - module unloaded"

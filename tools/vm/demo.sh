# SPDX-License-Identifier: GPL-2.0
# The demo, inside the VM: load auditlite, start the daemon, show its status.
. ./vmlib.sh

step() { echo; echo "### $*"; }

step "insmod auditlite.ko"
insmod $mods/auditlite.ko
dmesg | grep 'auditlite:' | tail -n 3

step "auditd-lite -f (the daemon) connects to the Generic Netlink family"
auditd-lite -f >/tmp/daemon.log 2>&1 &
daemon=$!
wait_for 10 grep -q 'resolved family' /tmp/daemon.log || fail "daemon did not start"
cat /tmp/daemon.log

step "auditlitectl status"
auditlitectl status

step "stop the daemon, rmmod"
kill -TERM $daemon
wait $daemon
cat /tmp/daemon.log | tail -n 1
rmmod auditlite
echo "module unloaded; kernel log clean: $(dmesg | grep -cE -f /etc/kernel-reports) reports"

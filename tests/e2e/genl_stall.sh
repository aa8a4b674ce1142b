# SPDX-License-Identifier: GPL-2.0
# Generic Netlink handlers run under genl_mutex, which every family
# shares: none may wait for backlog room. With the backlog full and its
# daemon gone, a new daemon's REGISTER (which logs a record) answers in
# under a second, and a third process resolving another family meanwhile
# is never held up a second either. SET enabled 0 is logged, before it
# applies.
# timeout: 60
. ./vmlib.sh

# Long enough that a REGISTER that waited would be plain to see.
insmod $mods/auditlite.ko backlog_limit=1000 backlog_wait_time=5000
insmod $mods/auditlite_sample.ko
start_daemon
kill -STOP $daemon
run_sample softirq 1000
[ "$(status backlog)" -ge 1000 ] || fail "the backlog is not full: $(status backlog)"
kill -KILL $daemon
wait $daemon || true
wait_for 5 not_registered || fail "the module still lists a killed daemon"

genl_probe resolve 4 >/tmp/resolve.out &
resolver=$!
sleep 1
genl_probe register >/tmp/register.out || fail "REGISTER failed: $(cat /tmp/register.out)"
wait $resolver || fail "resolving nlctrl failed: $(cat /tmp/resolve.out)"
cat /tmp/register.out /tmp/resolve.out
ms=$(sed -n 's/^register: \([0-9]*\) ms.*/\1/p' /tmp/register.out)
[ "$ms" -lt 1000 ] || fail "REGISTER took $ms ms with the backlog full"
ms=$(sed -n 's/^resolve: longest \([0-9]*\) ms.*/\1/p' /tmp/resolve.out)
[ "$ms" -lt 1000 ] || fail "another family's request waited $ms ms"
echo "ok - REGISTER with the backlog full answered at once, and genetlink did not stall"

start_daemon
wait_for 30 backlog_empty || fail "records still held: $(status backlog)"
auditlitectl set enabled 0 || fail "set enabled 0 failed"
auditlitectl set enabled 1 || fail "set enabled 1 failed"
wait_for 10 grep -q "op=set enabled=1 old=0 " $log || fail "enabling was not logged"
grep -q "op=set enabled=0 old=1 " $log || fail "disabling was not logged"
echo "ok - disabling logged: $(grep 'op=set enabled=0' $log)"

stop_daemon
rmmod auditlite_sample
rmmod auditlite

# SPDX-License-Identifier: GPL-2.0
# VM scenario: load the KUnit test module and print the kernel's KTAP
# output. The host parses it with kunit.py; this script only reports
# whether loading and unloading worked.
# timeout: 60
mods=/lib/modules/auditlite

# Fail every slab allocation of a task that asks for it, and only those:
# the reserve test marks itself with make_it_fail around its calls.
fs=/sys/kernel/debug/failslab
echo Y >$fs/task-filter
echo N >$fs/ignore-gfp-wait
echo 100 >$fs/probability
echo -1 >$fs/times
echo 0 >$fs/verbose

insmod $mods/kunit.ko
insmod $mods/auditlite.ko
before=$(dmesg | wc -l)
insmod $mods/auditlite_test.ko
echo "----- KTAP -----"
dmesg | tail -n +$((before + 1))
echo "----- end KTAP -----"
rmmod auditlite_test
rmmod auditlite
# The scenarios that follow in this boot inject nothing unless they ask.
echo 0 >$fs/probability
echo N >$fs/task-filter

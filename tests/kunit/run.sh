# SPDX-License-Identifier: GPL-2.0
# VM scenario: load the KUnit test module and print the kernel's KTAP
# output. The host parses it with kunit.py; this script only reports
# whether loading and unloading worked.
mods=/lib/modules/auditlite
insmod $mods/kunit.ko
insmod $mods/auditlite.ko
before=$(dmesg | wc -l)
insmod $mods/auditlite_test.ko
echo "----- KTAP -----"
dmesg | tail -n +$((before + 1))
echo "----- end KTAP -----"
rmmod auditlite_test
rmmod auditlite

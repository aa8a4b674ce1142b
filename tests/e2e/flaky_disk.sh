# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1
# The log on a disk that fails for a while under load: ext4 (no journal)
# on a device-mapper device over a loop device, its table switched for a
# few seconds to dm-flakey failing every write, then back. The daemon
# runs the group commit with flush = sync: the same pipeline as the
# default (the flush thread, the kept lines, their rewrite after a failed
# sync), with fsync for fdatasync, because ext4 without a journal (with
# one, the first failed write would abort it) does not make a file's size
# durable with fdatasync once its metadata writes have failed: with
# incremental the last acked lines were on the disk, past the size its
# inode had there. Again and again during the
# run the kernel's acked count is compared with the module's records on
# the disk itself (the loop device's backing file, under all page caches:
# what a power cut would leave): it never exceeds them. Once the disk is
# back every serial is in the log exactly once, on the disk too.
# host: /usr/sbin/dmsetup /usr/sbin/mkfs.ext4 /usr/sbin/debugfs
# modules: loop dm-flakey ext4
# timeout: 180
. ./vmlib.sh

export DM_DISABLE_UDEV=1
img=/tmp/flaky.img
mnt=/mnt/flaky
log=$mnt/audit.log
dd if=/dev/zero of=$img bs=1M count=64 2>/dev/null
loop=$(losetup -f) && losetup $loop $img || fail "losetup"
sectors=$(blockdev --getsz $loop)
dmsetup create flaky --noudevsync --table "0 $sectors linear $loop 0" ||
	fail "dmsetup create"
mkfs.ext4 -q -F -O ^has_journal /dev/dm-0 || fail "mkfs.ext4"
mkdir -p $mnt
mount -t ext4 /dev/dm-0 $mnt || fail "mount"

# table T: make T the device's table, without syncing the filesystem on
# it first (which fails while writes fail).
table() {
	dmsetup suspend --nolockfs --noflush flaky &&
		dmsetup load flaky --table "0 $sectors $1" &&
		dmsetup resume --noudevsync flaky || fail "dmsetup: $1"
}

# on_disk: the module's records in the log as the disk holds it.
on_disk() {
	debugfs -R "cat /audit.log" $img 2>/dev/null |
		grep '^type=[A-Z_0-9]* msg=audit([0-9.]*:[0-9]*): ' |
		grep -vc '^type=DAEMON_' || true
}

# check_acked: the kernel has acked no more records than the disk holds.
checks=0
check_acked() {
	local acked held
	acked=$(status acked)
	held=$(on_disk)
	[ "$held" -ge "$acked" ] || {
		debugfs -R "cat /audit.log" $img 2>/dev/null >/tmp/on-disk.log
		grep -o 'msg=audit([0-9.]*:[0-9]*): op=sample' /tmp/on-disk.log |
			cut -d: -f2 | cut -d')' -f1 | sort -n >/tmp/disk-serials
		sample_serials | sort -n >/tmp/log-serials
		echo "in the log, not on the disk: $(awk 'NR == FNR { d[$1] = 1; next } !($1 in d)' \
			/tmp/disk-serials /tmp/log-serials | xargs | cut -c1-300)"
		echo "on the disk: $(wc -l </tmp/disk-serials) sample serials, $(wc -c </tmp/on-disk.log) bytes; the log: $(wc -c <$log) bytes"
		tail -n 15 /tmp/daemon.log
		fail "acked $acked records, the disk holds $held"
	}
	checks=$((checks + 1))
}

insmod $mods/auditlite.ko backlog_limit=100000
insmod $mods/auditlite_sample.ko
daemon_flush=${flaky_flush:-sync} start_daemon "disk_error_action = syslog"

echo 3000 >$sample/count
echo 1000 >$sample/rate
echo process >$sample/start
sleep 1
check_acked
table "flakey $loop 0 0 60 1 error_writes"
for i in 1 2 3 4 5 6; do
	sleep 0.5
	check_acked
done
grep -q 'cannot sync .*Input/output error' /tmp/daemon.log ||
	{ tail -n 20 /tmp/daemon.log; fail "no sync failed while the disk failed writes"; }
failed_acked=$(status acked)
table "linear $loop 0"
echo "disk failing writes for 3 s: acked $failed_acked records by its end"
while ! grep -qx 0 $sample/running; do
	check_acked
	sleep 0.5
done
wait_for 60 backlog_empty || fail "records still held: $(status backlog)"
check_acked
grep -q "$log is written again" /tmp/daemon.log || fail "the daemon did not recover"
expect_each_serial_once 6000
echo "ok - acked never more than on the disk ($checks checks); every record in the log once"

debugfs -R "cat /audit.log" $img 2>/dev/null >/tmp/on-disk.log
grep '^type=KERNEL_OTHER msg=audit([0-9.]*:[0-9]*): op=sample ' /tmp/on-disk.log |
	cut -d: -f2 | cut -d')' -f1 | sort -u | wc -l >/tmp/n
[ "$(cat /tmp/n)" = 6000 ] || fail "the disk itself holds $(cat /tmp/n) of 6000 serials"
echo "ok - the disk itself holds all 6000 serials"
stop_daemon
umount $mnt
dmsetup remove flaky
losetup -d $loop

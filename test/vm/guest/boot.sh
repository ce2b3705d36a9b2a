#!/bin/sh
# Job disk entry point (bz-vm-job.service execs it at every boot, /job mounted): runs
# run.sh with the boot number, keeps its output on the disk and the console, then powers
# off -- or reboots when run.sh exits 100, so a job can check what survives a reboot.
boots=$(( $(cat /job/boots 2>/dev/null || echo 0) + 1 ))
echo $boots >/job/boots; sync
echo "BZVM: boot $boots, $(cut -d' ' -f1 /proc/uptime) s after power-on" | tee -a /job/out.log >/dev/console
( /job/run.sh "$boots"; echo $? >/job/rc ) 2>&1 | tee -a /job/out.log >/dev/console
rc=$(cat /job/rc 2>/dev/null || echo 99)
echo "BZVM: run.sh exit $rc" | tee -a /job/out.log >/dev/console
sync
# Booted with init= (no systemd): PID 1 must outlive the power-off request, which the kernel
# carries out asynchronously; exiting first panics the kernel ("Attempted to kill init")
# and leaves the emulator running until the host's timeout.
if [ "$$" = 1 ]; then echo o >/proc/sysrq-trigger; exec sleep 600
elif [ "$rc" = 100 ]; then systemctl reboot --no-block; else systemctl poweroff --no-block; fi

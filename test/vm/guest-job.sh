#!/bin/sh
# Runs inside a VM test guest at every boot (bz-vm-job.service): mounts the job disk
# (/dev/vdb) and hands over to its boot.sh, which lives on the job disk so that changing
# a test does not rebuild the base image. Without a job disk the guest powers off.
mkdir -p /job
if mount /dev/vdb /job && [ -x /job/boot.sh ]; then exec /job/boot.sh; fi
echo "BZVM: no job disk or no boot.sh" >/dev/console
systemctl poweroff

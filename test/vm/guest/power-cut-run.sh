#!/bin/sh
# Power-cut job, at every boot of the amd64 guest: the host writes the cut's mode and what
# it saw committed onto the raw third disk (/dev/vdc) before each boot.
# Booted with init= (no systemd): mount what Node needs.
[ -e /proc/self ] || mount -t proc proc /proc
[ -e /sys/kernel ] || mount -t sysfs sysfs /sys
params=$(head -c 512 /dev/vdc | tr -d '\0')
eval "$params"   # DURABILITY LAST_COMMIT LAST_SEAL DB
mkdir -p /job/db
echo "BZPC-BOOT durability=$DURABILITY db=$DB uptime=$(cut -d' ' -f1 /proc/uptime)" >/dev/ttyS0
node /job/power-cut.mjs /job/app "/job/db/$DB" "$DURABILITY" "$LAST_COMMIT" "$LAST_SEAL"

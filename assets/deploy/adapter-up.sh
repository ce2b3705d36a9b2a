#!/bin/sh
# ExecStartPre of the kiosk core: powers up the adapters it uses (BZ_SCANNER_HCI and
# BZ_BEACON_HCI from core.env, or every adapter when they are unset). Never fails the
# start: with no adapter the core runs and reports "no adapter".
set -u
want=""
for v in "${BZ_SCANNER_HCI:-}" "${BZ_BEACON_HCI:-}"; do [ -n "$v" ] && want="$want hci$v"; done
[ -n "$want" ] || want=$(ls /sys/class/bluetooth 2>/dev/null | grep -E '^hci[0-9]+$')
[ -n "$want" ] || { echo "no Bluetooth adapter"; exit 0; }
for dev in $want; do
  if [ ! -e "/sys/class/bluetooth/$dev" ]; then echo "$dev: not present"; continue; fi
  rfkill unblock bluetooth 2>/dev/null
  if command -v hciconfig >/dev/null; then hciconfig "$dev" up && echo "$dev: up" || echo "$dev: could not power up"
  else
    # btmgmt does nothing without a terminal; script(1) gives it one.
    script -qec "btmgmt --index ${dev#hci} power on" /dev/null >/dev/null 2>&1 && echo "$dev: powered on" || echo "$dev: could not power on"
  fi
done
exit 0

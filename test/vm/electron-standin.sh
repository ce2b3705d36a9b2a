#!/bin/bash
# STAND-IN for the Electron binary, in the kiosk window .deb that the VM test builds
# (test/vm/window-deb.sh): Electron itself cannot be downloaded on the build machines. It
# proves how the window is installed and started at boot (the package, its Depends, the
# autostart entry, the cage unit, the user, the core's URL), NOT that Electron renders
# the screens: that is the e2e tests' part (Playwright in Chromium).
# When started it records who started it and with what, checks that the core answers at
# $BZ_CORE_URL/api/health, and then stays running as the window would, as long as the
# process that started it.
record=${BZ_STANDIN_RECORD:-/tmp/bluezone-window-standin}
url=${BZ_CORE_URL:-http://127.0.0.1:8787}
hostport=${url#http://}; hostport=${hostport%%/*}
health() { # the core's /api/health over bash's /dev/tcp (no curl on a minimal image)
  local resp
  exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}" 2>/dev/null || return 1
  printf 'GET /api/health HTTP/1.0\r\nHost: %s\r\n\r\n' "$hostport" >&3
  resp=$(timeout 10 cat <&3 | tr -d "\n"); exec 3<&-
  case $resp in "HTTP/1."?" 200"*) echo "${resp##*$'\r\r'}"; return 0 ;; *) return 1 ;; esac
}
write() { # the record, replaced whole so a reader never sees half of it
  {
    echo "boot_id=$(cat /proc/sys/kernel/random/boot_id)"
    echo "pid=$$"
    echo "parent=$(ps -o comm= -p $PPID 2>/dev/null || cat /proc/$PPID/comm)"
    echo "uid=$(id -u)"
    echo "user=$(id -un)"
    echo "argv=$*"
    echo "BZ_CORE_URL=${BZ_CORE_URL:-}"
    echo "WAYLAND_DISPLAY=${WAYLAND_DISPLAY:-}"
    echo "XDG_SESSION_ID=${XDG_SESSION_ID:-}"
    echo "XDG_SESSION_TYPE=${XDG_SESSION_TYPE:-}"
    echo "XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-}"
    echo "started_uptime_s=$started"
    echo "health=$h"
    echo "health_uptime_s=$healthy"
  } >"$record.tmp" && mv -f "$record.tmp" "$record"
}
started=$(cut -d' ' -f1 /proc/uptime) healthy="" h=waiting
write "$@"
echo "bluezone-kiosk stand-in: started by $(id -un) with $*; core at $url"
for _ in $(seq 1 120); do
  if body=$(health); then h="ok $body" healthy=$(cut -d' ' -f1 /proc/uptime); break; fi
  h="no answer from $url"; sleep 2
done
write "$@"
echo "bluezone-kiosk stand-in: core health: $h"
# Electron exits when its Wayland compositor (cage) goes away; the stand-in, which opens no
# display, leaves when the process that started it does.
parent=$PPID
while kill -0 "$parent" 2>/dev/null; do sleep 2; done
echo "bluezone-kiosk stand-in: parent $parent gone, exiting"

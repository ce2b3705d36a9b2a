#!/bin/bash
# The Raspberry Pi VM test, inside the arm64 guest. Boot 1: install from the packed
# release with the window's .deb (desktop-session autostart), check, upgrade to the
# --kiosk-session window (cage on tty1), reboot. Boot 2: check everything came back, the
# window started by its unit, stop time, uninstall.
# Each check prints "BZVM-CHECK <name> ok|FAIL <detail>"; each step "BZVM-STEP <name> <s>".
# Results go to /job/results.txt for the host.
set -u
boot=$1
. /job/params
R=/job/results.txt
UNIT=bluezone-kiosk-core.service
WUNIT=bluezone-kiosk-window.service
REC=/tmp/bluezone-window-standin # what the stand-in Electron writes (test/vm/electron-standin.sh)
CORE=http://127.0.0.1:8787
fails=0
check() { # name, status (0 ok), detail
  if [ "$2" = 0 ]; then echo "BZVM-CHECK $1 ok $3"; echo "check $1 ok $3" >>$R
  else echo "BZVM-CHECK $1 FAIL $3"; echo "check $1 FAIL $3" >>$R; fails=$((fails + 1)); fi
}
timed() { # name, command...
  local name=$1; shift
  echo "BZVM-STEP $name start"
  local t0; t0=$(date +%s.%N)
  "$@"; local rc=$?
  local s; s=$(echo "$(date +%s.%N) - $t0" | bc 2>/dev/null || awk "BEGIN{print $(date +%s.%N) - $t0}")
  echo "BZVM-STEP $name rc=$rc ${s}s"; echo "step $name rc=$rc ${s}s" >>$R
  return $rc
}
get() { node -e "
  fetch(process.argv[1]).then(async r => { const t = await r.text(); process.stdout.write(t); process.exit(r.ok ? 0 : 1); },
    e => { process.stderr.write(String(e.cause ?? e)); process.exit(2); });" "$1"; }
wait_active() { # the unit active and the core answering
  for _ in $(seq 1 ${1:-90}); do systemctl is-active --quiet $UNIT && break; sleep 2; done
  node /job/poll.mjs $CORE/api/health true "${1:-90}" >/dev/null
}
wait_uploaded() { # the core enrolled and uploaded at least once; prints the upload status
  node /job/poll.mjs $CORE/api/status "s.upload.enrolled && s.upload.last_success_at !== null" "${1:-300}" >/tmp/status.json; local rc=$?
  node -e 'try{console.log(JSON.stringify(JSON.parse(require("fs").readFileSync("/tmp/status.json","utf8")).upload))}catch{console.log(require("fs").readFileSync("/tmp/status.json","utf8"))}'
  return $rc
}
echo "boot $boot: $(uname -srm), node $(node -v), $(nproc) cpus, uptime $(cut -d' ' -f1 /proc/uptime) s" | tee -a $R
# Timings for the host's JSON log: "timing <name> <seconds>".
timing() { echo "BZVM-TIMING $1 $2"; echo "timing $1 $2" >>$R; }
timing boot${boot}_job_start_uptime_s "$(cut -d' ' -f1 /proc/uptime)"
# What went wrong with the unit, for the host (the guest is gone by the time anyone looks).
unit_diag() { { echo "--- systemctl status"; systemctl status $UNIT --no-pager -l 2>&1 | head -25
  echo "--- journal"; journalctl -u $UNIT -b --no-pager -o short-monotonic 2>&1 | tail -40; } | tee -a /job/unit-diag.txt; }
window_diag() { # the window unit as the guest saw it, for the host
  { echo "--- boot $1: systemctl status $WUNIT"; systemctl status $WUNIT --no-pager -l 2>&1 | head -20
    echo "--- journal"; journalctl -u $WUNIT -b --no-pager -o short-monotonic 2>&1 | tail -40
    echo "--- loginctl"; loginctl list-sessions --no-pager 2>&1; ls -l /dev/dri 2>&1; } >>/job/window-diag.txt; }
# The host's key server as 127.0.0.1:PORT (fwd.mjs says why), at every boot.
systemd-run --quiet --unit=bz-vm-keyfwd node /job/fwd.mjs "$KEY_PORT"
if [ "$boot" = 1 ]; then
  mkdir -p /root/src && tar -xzf /job/release.tar.gz -C /root/src
  src=$(ls -d /root/src/bluezone-kiosk-*)
  export BZ_NATIVE_CACHE=/job/native-cache
  # Emulated (TCG) on a shared 2-core build machine, Node runs tens of times slower than on
  # a Pi: in this VM only, the unit gets 15 min to start and 5 min per watchdog period. The
  # time the core really took from exec to READY=1 is measured (core_exec_to_ready_s) and
  # compared with the unit's own TimeoutStartSec=180 in the log.
  mkdir -p /etc/systemd/system/$UNIT.d
  printf '[Service]\nTimeoutStartSec=900\nWatchdogSec=300\n' >/etc/systemd/system/$UNIT.d/50-vm-emulation.conf
  # The window's cage in this VM only: qemu's virtio-gpu has KMS but no GL, so wlroots
  # draws with pixman (a Pi has V3D's GLES). The VM has no input device either; the unit
  # itself lets cage start without one (WLR_LIBINPUT_NO_DEVICES=1, see the unit).
  mkdir -p /etc/systemd/system/$WUNIT.d
  printf '[Service]\nEnvironment=WLR_RENDERER=pixman\n' >/etc/systemd/system/$WUNIT.d/50-vm-emulation.conf
  npkg0=$(dpkg-query -W -f '.\n' | wc -l)
  # The README's command, with the window's .deb (test/vm/window-deb.sh: electron-builder's
  # real package, Electron replaced by test/vm/electron-standin.sh): desktop-session mode.
  timed install "$src/assets/deploy/install.sh" --source "$src" --server-url "$SERVER_URL" \
    --enrollment-code "$ENROLLMENT_CODE" --staff-pin 2468 --timezone Asia/Ho_Chi_Minh --rssi-at-1m -61 \
    --window-deb /job/window.deb
  rc=$?; check install $rc "install.sh exit"
  # The window's .deb: apt resolved its Depends on Trixie (dpkg configures a package only
  # once they are all there), it is on PATH and the desktop session's autostart runs it.
  st=$(dpkg-query -W -f '${Status} ${Version} ${Architecture}' bluezone-kiosk 2>&1); [[ $st == "install ok installed "* ]]
  check window_deb_installed $? "$st"
  timing window_deb_new_packages "$(( $(dpkg-query -W -f '.\n' | wc -l) - npkg0 ))"
  a=$(dpkg --audit 2>&1); [ -z "$a" ]; check window_deps_resolved $? "dpkg --audit ${a:-clean}; Depends met by: $(dpkg-query -W -f '${Package} ' libgtk-3-0t64 libasound2t64 libatspi2.0-0t64 libgbm1 libnss3 fonts-noto-core 2>&1)"
  wb=$(command -v bluezone-kiosk); [ "$wb" = /usr/bin/bluezone-kiosk ] && [ -x "$(readlink -f "$wb")" ]
  check window_on_path $? "${wb:-none} -> $(readlink -f "${wb:-/nonexistent}")"
  ex=$(grep '^Exec=' /etc/xdg/autostart/bluezone-kiosk.desktop 2>&1); [ "$ex" = "Exec=/usr/bin/bluezone-kiosk" ]
  check window_autostart $? "/etc/xdg/autostart/bluezone-kiosk.desktop ${ex:-missing}"
  systemctl is-active --quiet $UNIT; check unit_active $? "$(systemctl is-active $UNIT)"
  ready_s() { local a e; a=$(systemctl show -p ExecMainStartTimestampMonotonic --value $UNIT); e=$(systemctl show -p ActiveEnterTimestampMonotonic --value $UNIT)
    awk "BEGIN{ if ($a > 0 && $e >= $a) printf \"%.1f\", ($e - $a) / 1e6 }"; }
  timing core_exec_to_ready_s "$(ready_s)"
  [ $rc = 0 ] && systemctl is-active --quiet $UNIT || unit_diag
  h=$(get $CORE/api/health); check core_answers $? "$h"
  id bluezone >/dev/null; check user $? "$(id bluezone)"
  stat -c '%a %U:%G' /etc/bluezone-kiosk/core.env | grep -q '^640 root:bluezone$'; check env_file_mode $? "$(stat -c '%a %U:%G' /etc/bluezone-kiosk/core.env)"
  grep -q '^BZ_STAFF_PIN=2468$' /etc/bluezone-kiosk/core.env && grep -q '^BZ_RSSI_AT_1M=-61$' /etc/bluezone-kiosk/core.env
  check env_file_values $? "PIN and calibration written"
  [ "$(timedatectl show -p Timezone --value)" = Asia/Ho_Chi_Minh ]; check timezone $? "$(timedatectl show -p Timezone --value)"
  [ -f /etc/systemd/journald.conf.d/bluezone.conf ]; check journald_cap $? "$(grep -h MaxUse /etc/systemd/journald.conf.d/bluezone.conf | tr '\n' ' ')"
  core_user=$(ps -o user= -p "$(systemctl show -p MainPID --value $UNIT)" | tr -d ' ')
  [ "$core_user" = bluezone ]; check runs_as_bluezone $? "core process (MainPID) runs as ${core_user:-nobody}"
  caps=$(grep CapEff /proc/$(systemctl show -p MainPID --value $UNIT)/status); [ "$caps" = "CapEff:	0000000000003000" ]
  check capabilities_net_raw_admin_only $? "$caps"
  [ "$(systemctl show -p Type --value $UNIT)" = notify ] && [ "$(systemctl show -p WatchdogUSec --value $UNIT)" != 0 ]
  check type_notify_watchdog $? "Type=$(systemctl show -p Type --value $UNIT) WatchdogUSec=$(systemctl show -p WatchdogUSec --value $UNIT) status=$(systemctl show -p StatusText --value $UNIT)"
  v=$(systemd-analyze verify /etc/systemd/system/$UNIT 2>&1); [ -z "$v" ]; check systemd_analyze_verify $? "${v:-clean}"
  sec=$(systemd-analyze security $UNIT --no-pager 2>&1 | grep -i 'overall exposure'); check systemd_analyze_security 0 "$sec"
  timing exposure_score "$(echo "$sec" | grep -oE '[0-9]+\.[0-9]+' | head -1)"
  d=$(bluezone-kiosk-core doctor --json); echo "$d" >/job/doctor.json
  echo "$d" | node -e '
    const r = JSON.parse(require("fs").readFileSync(0, "utf8")); const by = Object.fromEntries(r.checks.map(c => [c.id, c.status]));
    // This VM has no Bluetooth adapter: doctor must say so, and find nothing else wrong
    // that the install script should have fixed.
    const want = { adapter_present_hci0: "problem", bluetoothd: "ok", journald_size: "ok", free_disk: "ok" };
    const bad = Object.entries(want).filter(([k, v]) => by[k] !== v);
    console.log(JSON.stringify(by)); process.exit(bad.length ? 1 : 0);' >/tmp/doc 2>&1
  check doctor $? "$(cat /tmp/doc)"
  s=$(wait_uploaded 300); check enrolled_and_uploaded $? "$s"
  # The upgrade switches the window to the README's --kiosk-session (no desktop): cage on
  # tty1 as bluezone-window; the window .deb is already installed.
  timed upgrade "$src/assets/deploy/install.sh" --source "$src" --kiosk-session
  check upgrade $? "second run, --kiosk-session"
  st=$(dpkg-query -W -f '${Status} ${Version}' cage 2>&1); [[ $st == "install ok installed "* ]]; check cage_installed $? "cage $st"
  ex=$(grep -E '^(User|ExecStart)=' /etc/systemd/system/$WUNIT 2>&1 | tr '\n' ' ')
  [[ $ex == "User=bluezone-window ExecStart=/usr/bin/cage -s -- /usr/bin/bluezone-kiosk "* ]]; check window_unit $? "$ex"
  v=$(systemd-analyze verify /etc/systemd/system/$WUNIT 2>&1); [ -z "$v" ]; check window_unit_verify $? "${v:-clean}"
  systemctl is-enabled --quiet $WUNIT; check window_enabled $? "$(systemctl is-enabled $WUNIT)"
  [ "$(systemctl get-default)" = graphical.target ]; check default_graphical $? "$(systemctl get-default)"
  [ ! -e /etc/xdg/autostart/bluezone-kiosk.desktop ]; check window_autostart_replaced $? "autostart entry removed"
  id -nG bluezone-window | grep -qw video; check window_user $? "$(id bluezone-window 2>&1)"
  # install.sh started it already; whether it came up is checked after the reboot.
  timing boot1_window_state "$(systemctl is-active $WUNIT | grep -qx active && echo 1 || echo 0)"
  window_diag 1
  wait_active 60; check active_after_upgrade $? "$(systemctl is-active $UNIT)"
  grep -q '^BZ_STAFF_PIN=2468$' /etc/bluezone-kiosk/core.env; check upgrade_keeps_settings $? "PIN kept"
  systemctl is-enabled --quiet $UNIT; check enabled $? "$(systemctl is-enabled $UNIT)"
  echo "boot1_failures $fails" >>$R
  timing boot1_checks_done_uptime_s "$(cut -d' ' -f1 /proc/uptime)"
  date +%s.%N >/job/reboot_requested_at; sync
  exit 100
fi

if [ "$boot" = 2 ]; then
  [ -f /job/reboot_requested_at ] && timing reboot_to_job_s "$(awk "BEGIN{print $(date +%s.%N) - $(cat /job/reboot_requested_at)}")"
  timed back_after_reboot wait_active 450; check active_after_reboot $? "$(systemctl is-active $UNIT)"
  a=$(systemctl show -p ExecMainStartTimestampMonotonic --value $UNIT); e=$(systemctl show -p ActiveEnterTimestampMonotonic --value $UNIT)
  timing core_exec_to_ready_after_reboot_s "$(awk "BEGIN{ if ($a > 0 && $e >= $a) printf \"%.1f\", ($e - $a) / 1e6 }")"
  s=$(wait_uploaded 180); check enrolled_after_reboot $? "$s"
  # The window at boot: the unit active, and the stand-in Electron started by it (the child
  # of the unit's main process, cage; PAMName= puts both in the login session's scope, not
  # the unit's cgroup) as bluezone-window, with the core's URL, a Wayland display and the
  # core answering it. This boot's record only (the boot ID in it).
  for _ in $(seq 1 150); do
    grep -qx "boot_id=$(cat /proc/sys/kernel/random/boot_id)" $REC 2>/dev/null && grep -q '^health=ok' $REC && break; sleep 2; done
  systemctl is-active --quiet $WUNIT; check window_active_after_reboot $? "$(systemctl is-active $WUNIT) since $(systemctl show -p ActiveEnterTimestampMonotonic --value $WUNIT | awk '{printf "%.1f", $1 / 1e6}') s uptime"
  rv() { sed -n "s/^$1=//p" $REC 2>/dev/null; }
  wpid=$(rv pid)
  [ "$(rv boot_id)" = "$(cat /proc/sys/kernel/random/boot_id)" ] && [ "$(rv user)" = bluezone-window ] && [ "$(rv parent)" = cage ] &&
    [ "$(rv BZ_CORE_URL)" = $CORE ] && [ -n "$(rv WAYLAND_DISPLAY)" ] && [ "$(rv argv)" = --ozone-platform=wayland ] &&
    [ "$(ps -o ppid= -p "$wpid" | tr -d ' ')" = "$(systemctl show -p MainPID --value $WUNIT)" ]
  check window_started_by_unit $? "$(grep -v '^boot_id' $REC 2>&1 | tr '\n' ' ') ppid=$(ps -o ppid= -p "$wpid" | tr -d ' ') unit MainPID=$(systemctl show -p MainPID --value $WUNIT) cgroup=$(cut -d: -f3 /proc/$wpid/cgroup 2>&1)"
  [[ $(rv health) == "ok "* ]]; check window_sees_core $? "$(rv health)"
  timing window_started_uptime_s "$(rv started_uptime_s)"
  timing window_core_ok_uptime_s "$(rv health_uptime_s)"
  window_diag 2
  pid=$(systemctl show -p MainPID --value $UNIT)
  t0=$(date +%s%N); systemctl stop $UNIT; t1=$(date +%s%N)
  ms=$(( (t1 - t0) / 1000000 )); [ $ms -lt 5000 ]; check stop_under_5s $? "${ms} ms"; timing stop_ms $ms
  r=$(systemctl show -p Result --value $UNIT); [ "$r" = success ]; check stop_clean $? "Result=$r"
  systemctl start $UNIT; wait_active 60; check restart $? "$(systemctl is-active $UNIT)"
  # The watchdog: a frozen core (SIGSTOP) is killed and restarted by systemd. A drop-in
  # shortens the period so the test waits 15 s instead of the unit's 60.
  mkdir -p /run/systemd/system/$UNIT.d
  printf '[Service]\nWatchdogSec=15\n' >/run/systemd/system/$UNIT.d/wd.conf
  systemctl daemon-reload; systemctl restart $UNIT; wait_active 60
  old=$(systemctl show -p MainPID --value $UNIT); kill -STOP "$old"
  for _ in $(seq 1 240); do new=$(systemctl show -p MainPID --value $UNIT); [ "$new" != "$old" ] && [ "$new" != 0 ] && break; sleep 1; done
  [ "$new" != "$old" ] && [ "$new" != 0 ] && wait_active 60
  check watchdog_restarts_frozen_core $? "pid $old -> $new: $(journalctl -u $UNIT --no-pager | grep -i -m1 watchdog)"
  rm -rf /run/systemd/system/$UNIT.d; systemctl daemon-reload
  timed uninstall /opt/bluezone-kiosk/assets/deploy/install.sh --uninstall
  [ ! -e /opt/bluezone-kiosk ] && [ ! -e /etc/systemd/system/$UNIT ] && ! systemctl is-active --quiet $UNIT
  check uninstall $? "program and unit gone; settings kept: $(ls /etc/bluezone-kiosk)"
  left=$(ls -d /etc/systemd/system/$WUNIT /etc/xdg/autostart/bluezone-kiosk.desktop "/opt/Bluezone Kiosk" /usr/bin/bluezone-kiosk 2>/dev/null)
  # Removed, not purged (no --purge): dpkg lists it as "deinstall ok config-files".
  wst=$(dpkg-query -W -f '${Status}' bluezone-kiosk 2>&1)
  sleep 5 # the stand-in notices within 2 s that cage has gone
  [[ $wst != *" installed" ]] && [ -z "$left" ] && ! systemctl is-active --quiet $WUNIT && { [ -z "$wpid" ] || ! kill -0 "$wpid" 2>/dev/null; }
  check uninstall_window $? "package: $wst; left: ${left:-nothing}; window unit $(systemctl is-active $WUNIT); stand-in $( [ -n "$wpid" ] && kill -0 "$wpid" 2>/dev/null && echo "still running ($wpid)" || echo gone)"
  echo "boot2_failures $fails" >>$R
  timing boot2_checks_done_uptime_s "$(cut -d' ' -f1 /proc/uptime)"
  exit 0
fi
exit 1

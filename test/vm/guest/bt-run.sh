#!/bin/bash
# The kernel's Bluetooth stack, in an amd64 guest booted straight into this job (init=):
# hci_vhci, two LE controllers from BlueZ's btvirt, the kiosk core on hci0 through the real
# bluetooth-hci-socket (noble/bleno, raw HCI socket), and phone emulators on hci1 (user
# channel). Prints "BZVM-CHECK <name> ok|FAIL|LIMIT <detail>" lines.
set -u
[ -e /proc/self ] || mount -t proc proc /proc
[ -e /sys/kernel ] || mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp; mount -t tmpfs tmpfs /run
ip link set lo up   # no systemd here: the core listens on 127.0.0.1
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
APP=/job/app
R=/job/results.txt
check() { # name, exit status (0 ok, other FAIL) or LIMIT, detail
  local s=$2; [ "$s" = 0 ] && s=ok; [[ $s =~ ^[0-9]+$ ]] && s=FAIL
  echo "BZVM-CHECK $1 $s $3" | tee -a $R
}
get() { node -e "fetch(process.argv[1]).then(r=>r.text()).then(t=>{process.stdout.write(t)},e=>{process.stderr.write(String(e));process.exit(2)})" "$1"; }
status_field() { get http://127.0.0.1:8787/api/status | node -e "const s=JSON.parse(require('fs').readFileSync(0,'utf8'));console.log($1)"; }
wait_radio() { node /job/poll.mjs http://127.0.0.1:8787/api/status "s.radio_state === '$1'" "${2:-60}" >/tmp/poll.out; }

modprobe hci_vhci; check hci_vhci $? "$(ls -l /dev/vhci 2>&1)"
start_btvirt() {
  btvirt -L -l2 >/tmp/btvirt.log 2>&1 & btvirt_pid=$!
  for _ in $(seq 1 30); do [ -e /sys/class/bluetooth/hci1 ] && break; sleep 0.5; done
  sleep 3
  hciconfig hci0 up 2>/dev/null
  a0=$(hciconfig hci0 | sed -n 's/.*BD Address: \([0-9A-F:]*\).*/\1/p'); a1=$(hciconfig hci1 | sed -n 's/.*BD Address: \([0-9A-F:]*\).*/\1/p')
}
# About one start in 17, btvirt's first controller comes up with no address: start again.
for attempt in 1 2 3; do
  start_btvirt
  [ -n "$a0" ] && [ "$a0" != 00:00:00:00:00:00 ] && [ -n "$a1" ] && [ "$a1" != 00:00:00:00:00:00 ] && break
  kill $btvirt_pid; sleep 2
done
[ -n "$a0" ] && [ "$a0" != 00:00:00:00:00:00 ]; check btvirt_two_controllers $? "hci0 $a0, hci1 $a1 (attempt $attempt)"
hciconfig hci0 | grep -q 'UP RUNNING'; check hci0_up $? "$(hciconfig hci0 | sed -n 3p | xargs)"

export BZ_SCANNER_HCI=0 BZ_BEACON_HCI=0 BZ_DATA_DIR=/tmp/kiosk BZ_CLOCK=assume_synced NOBLE_MULTI_ROLE=1 BZ_LOG_LEVEL=debug
d=$(BZ_RADIO=hci node $APP/dist/src-main/core/cli.js doctor --json 2>&1); echo "$d" >/job/doctor.json
echo "$d" | node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8"));const by=Object.fromEntries(r.checks.map(c=>[c.id,c.status]));console.log(JSON.stringify(by));process.exit(by.adapter_present_hci0==="ok"&&by.adapter_up_hci0==="ok"&&by.node_capabilities==="ok"?0:1)' >/tmp/doc 2>&1
check doctor_real_adapter $? "$(cat /tmp/doc)"

BZ_RADIO=hci node $APP/dist/src-main/core/main.js >/tmp/core.log 2>&1 & core=$!
wait_radio scanning 180; rc=$?
check core_scanning_on_hci0 $rc "$(head -c 300 /tmp/poll.out)"
[ $rc = 0 ] || { echo "--- core log"; tail -n 30 /tmp/core.log; } | tee -a $R

# The kiosk's beacon, heard by a phone that starts scanning while it advertises.
sleep 3
node /job/bt-phone.mjs $APP 1 listen 8 >/tmp/listen.log 2>&1
grep PHONE- /tmp/listen.log | head -5 | tee -a $R
slot=$(( $(date +%s) / 900 ))
want=$(node -e "
  const Db=require('$APP/node_modules/better-sqlite3'); const db=new Db(process.argv[1],{readonly:true});
  const row=db.prepare('SELECT key FROM slot_keys WHERE slot=?').get(Number(process.argv[2]));
  import('$APP/dist/shared/protocol/kiosk-slot-key.js').then(m=>console.log(row?Buffer.from(m.kioskSlotId(new Uint8Array(row.key))).toString('hex'):'no-key'));" "$(ls /tmp/kiosk/*.sqlite | head -1)" $slot 2>&1)
heard=$(grep -i "PHONE-HEARD $a0 " /tmp/listen.log | awk '{print $4" "$5}' | head -1)
[ "$heard" = "bluezone_android $want" ]; check kiosk_beacon_heard_with_slot_key_id $? "heard '$heard', slot key gives $want"
rssi=$(grep -i "PHONE-HEARD $a0 " /tmp/listen.log | awk '{print $3}' | head -1)
check btvirt_rssi LIMIT "RSSI reported by btvirt: ${rssi:-none} (127 = not available; a real radio gives dBm)"

# Phones advertising to the kiosk: btmon shows what reaches hci0.
btmon -i hci0 >/tmp/btmon.log 2>&1 & mon=$!
sleep 1
node /job/bt-phone.mjs $APP 1 android 6 2000 >/tmp/android.log 2>&1
node /job/bt-phone.mjs $APP 1 gaen 4 >/tmp/gaen.log 2>&1
node /job/bt-phone.mjs $APP 1 ios 4 >/tmp/ios.log 2>&1
sleep 2; kill $mon
cat /tmp/android.log /tmp/gaen.log /tmp/ios.log | grep PHONE- | tee -a $R
reports=$(grep -c 'LE Advertising Report' /tmp/btmon.log)
[ "$reports" -ge 1 ]; check phone_adverts_reach_kiosk_socket $? "$reports LE Advertising Reports on hci0 (btmon)"
grep -A12 'LE Advertising Report' /tmp/btmon.log | grep -m3 -i 'rssi' | tee -a $R
sd=$(status_field s.slot_devices)
check kiosk_counts_phones LIMIT "slot_devices=$sd: btvirt reports RSSI 127 (not available) and one report per advertising edge, which the kiosk rightly rejects; encounters need a controller with real RSSI"

# Adapter reset and power-off: the core must come back to scanning on its own.
hciconfig hci0 reset; sleep 5
wait_radio scanning 90; check recovers_after_adapter_reset $? "radio_state=$(status_field s.radio_state 2>&1)"
hciconfig hci0 down; sleep 3
st=$(status_field s.radio_state 2>&1); [ "$st" = powered_off ]; check reports_power_off $? "radio_state=$st"
hciconfig hci0 up
wait_radio scanning 90; check recovers_after_power_on $? "radio_state=$(status_field s.radio_state 2>&1)"
kill $core; wait $core 2>/dev/null
grep -iE 'error|warn' /tmp/core.log | head -5 | tee -a $R
cp /tmp/core.log /tmp/btmon.log /job/ 2>/dev/null
kill $btvirt_pid
exit 0

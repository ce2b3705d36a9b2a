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
# Where a process is stuck: state, and each thread's kernel wait channel and system call.
proc_diag() { echo "--- process $1: $(grep State /proc/$1/status 2>&1)"
  for t in /proc/$1/task/*; do echo "thread $(basename $t) $(cat $t/comm) wchan=$(cat $t/wchan) syscall=$(cut -d' ' -f1-3 $t/syscall)"; done 2>&1 | head -20
  ls -l /proc/$1/fd 2>&1 | awk '{print $NF}' | sort | uniq -c | head -20
  # Its JavaScript stack, through the inspector (the core runs with --inspect).
  for _ in 1 2 3; do node --experimental-websocket /job/js-stack.mjs 9229 2>&1 | head -30; sleep 1; done; }
wait_radio() { node /job/poll.mjs http://127.0.0.1:8787/api/status "s.radio_state === '$1'" "${2:-60}" >/tmp/poll.out; }

dbg=$(cat /job/debug 2>/dev/null)
modprobe hci_vhci; check hci_vhci $? "$(ls -l /dev/vhci 2>&1)"
# /job/parts (BZ_VM_BT_PARTS on the host) chooses the parts to run; default both.
parts=" $(cat /job/parts 2>/dev/null || echo 1 2) "
if [[ $parts == *" 1 "* ]]; then
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

BZ_RADIO=hci node --inspect=127.0.0.1:9229 $APP/dist/src-main/core/main.js >/tmp/core.log 2>&1 & core=$!
wait_radio scanning 180; rc=$?
check core_scanning_on_hci0 $rc "$(head -c 300 /tmp/poll.out)"
[ $rc = 0 ] || { echo "--- core log"; tail -n 30 /tmp/core.log; proc_diag $core; } | tee -a $R
part1=$rc
if [ $part1 = 0 ]; then

# The kiosk's beacon, heard by a phone that starts scanning while it advertises.
sleep 3
node /job/bt-phone.mjs $APP 1 listen 12 >/tmp/listen.log 2>&1
grep PHONE- /tmp/listen.log | head -5 | tee -a $R
slot=$(( $(date +%s) / 900 ))
want=$(node -e "
  const Db=require('$APP/node_modules/better-sqlite3'); const db=new Db(process.argv[1],{readonly:true});
  const row=db.prepare('SELECT key FROM slot_keys WHERE slot=?').get(Number(process.argv[2]));
  import('$APP/dist/shared/protocol/kiosk-slot-key.js').then(m=>console.log(row?Buffer.from(m.kioskSlotId(new Uint8Array(row.key))).toString('hex'):'no-key'));" "$(ls /tmp/kiosk/kiosk.db | head -1)" $slot 2>&1)
heard=$(grep -i "PHONE-HEARD $a0 " /tmp/listen.log | awk '$4 == "kiosk" {print $4" "$5}' | head -1)
[ "$heard" = "kiosk $want" ]; check kiosk_beacon_heard_with_slot_key_id $? "heard '$heard', slot key gives $want"
# The iBeacon wake-up slice (Bluezone's iOS app wakes on it), between the kiosk's adverts.
# It is on 1 s in every 10 s, so the phone listens 12 s.
wake=$(grep -i "PHONE-HEARD $a0 " /tmp/listen.log | grep -c ' 0201061aff4c000215')
[ "$wake" -ge 1 ]; check kiosk_ibeacon_wakeup_heard $? "$wake iBeacon wake-up reports among $(grep -ci "PHONE-HEARD $a0 " /tmp/listen.log) from the kiosk in 12 s"
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
else kill -9 $core; wait $core 2>/dev/null; fi
kill $btvirt_pid; wait $btvirt_pid 2>/dev/null; sleep 2
fi
if [[ $parts == *" 2 "* ]]; then

# Part 2: the project's own controller on /dev/vhci (test/vm/guest/vhci-air.mjs) with phones
# that stream adverts with real RSSI, behind the same kernel HCI stack. The clock is set
# 150 s before a 15-minute slot boundary so the run crosses one: the Android phone's ID and
# the kiosk's beacon must both rotate.
boundary=$(( ($(date +%s) / 900 + 1) * 900 ))
date -s "@$(( boundary - 150 ))" >/dev/null
AIR_TRACE=${dbg:+1} node /job/vhci-air.mjs $APP 420 >/tmp/air.log 2>&1 & air=$!
for _ in $(seq 1 60); do idx=$(sed -n 's/^AIR-UP //p' /tmp/air.log); [ -n "$idx" ] && break; sleep 0.5; done
for _ in 1 2 3 4 5; do hciconfig hci$idx up 2>/tmp/up.err && break; sleep 2; done
hciconfig hci$idx | grep -q 'UP RUNNING'; check vhci_controller_up $? "hci${idx:-?}: $(hciconfig hci$idx 2>&1 | sed -n 3p | xargs) $(cat /tmp/up.err) commands: $(grep -c AIR-CMD /tmp/air.log)"
export BZ_SCANNER_HCI=$idx BZ_BEACON_HCI=$idx BZ_DATA_DIR=/tmp/kiosk2 BZ_CLOCK=assume_synced NOBLE_MULTI_ROLE=1
DEBUG=$dbg BZ_RADIO=hci node --inspect=127.0.0.1:9229 $APP/dist/src-main/core/main.js >/tmp/core2.log 2>&1 & core=$!
wait_radio scanning 180; rc=$?; check core_scanning_on_vhci $rc "$(head -c 200 /tmp/poll.out)"
[ $rc = 0 ] || { echo "--- core log"; tail -n 30 /tmp/core2.log; proc_diag $core; } | tee -a $R
node /job/poll.mjs http://127.0.0.1:8787/api/status "s.slot_devices >= 3" 120 >/tmp/poll.out
check kiosk_counts_android_gaen_ios $? "slot_devices=$(status_field s.slot_devices 2>&1) (Android and GAEN adverts at -55/-60 dBm, the iPhone by its GATT ID)"
g=$(grep -m1 AIR-GATT-READ /tmp/air.log); [ -n "$g" ]; check gatt_read_of_iphone $? "${g:-no GATT read}; $(grep -o '"gatt[a-z_]*":[0-9]*' /tmp/poll.out | tr '\n' ' ')"
slot_key_id() { node -e "
  const Db=require('$APP/node_modules/better-sqlite3'); const db=new Db(process.argv[1],{readonly:true});
  const row=db.prepare('SELECT key FROM slot_keys WHERE slot=?').get(Number(process.argv[2]));
  import('$APP/dist/shared/protocol/kiosk-slot-key.js').then(m=>console.log(row?Buffer.from(m.kioskSlotId(new Uint8Array(row.key))).toString('hex'):'no-key'));" "$(ls /tmp/kiosk2/kiosk.db | head -1)" "$1" 2>&1; }
before=$(( boundary / 900 - 1 ))
want=$(slot_key_id $before)
grep -q "^AIR-KIOSK-ADV on kiosk $want" /tmp/air.log; check vhci_kiosk_beacon_has_slot_key_id $? "slot $before: key gives $want; heard: $(grep -m1 '^AIR-KIOSK-ADV on' /tmp/air.log)"
# Across the boundary: the Android phone rotates LAG (2 s) late; the kiosk counts it in the
# new slot and its own beacon moves to the new slot's key.
while [ "$(date +%s)" -lt $(( boundary + 40 )) ]; do sleep 2; done
ids=$(grep -c '^AIR-SENT android' /tmp/air.log)
node /job/poll.mjs http://127.0.0.1:8787/api/status "s.slot_devices >= 3" 60 >/tmp/poll.out
sd=$?; [ "$ids" -ge 2 ] && [ $sd = 0 ]; check android_rotation_counted_in_new_slot $? "android IDs sent: $ids; slot_devices in the new slot: $(status_field s.slot_devices 2>&1)"
want2=$(slot_key_id $(( boundary / 900 )))
grep -q "^AIR-KIOSK-ADV on kiosk $want2" /tmp/air.log; check kiosk_beacon_rotates_at_boundary $? "slot $(( boundary / 900 )): key gives $want2; heard: $(grep '^AIR-KIOSK-ADV on' /tmp/air.log | awk '{print $4}' | sort -u | tr '\n' ' ')"
hciconfig hci$idx reset; sleep 5
wait_radio scanning 90; check vhci_recovers_after_reset $? "radio_state=$(status_field s.radio_state 2>&1)"
hciconfig hci$idx down; sleep 3
st=$(status_field s.radio_state 2>&1); [ "$st" = powered_off ]; check vhci_reports_power_off $? "radio_state=$st"
hciconfig hci$idx up
wait_radio scanning 90; check vhci_recovers_after_power_on $? "radio_state=$(status_field s.radio_state 2>&1)"
n0=$(grep -c . /tmp/air.log); sleep 1
d=$(BZ_RADIO=hci BZ_DATA_DIR=/tmp/kiosk3 node $APP/dist/src-main/core/cli.js doctor --json 2>&1)
echo "$d" | node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8"));const by=Object.fromEntries(r.checks.map(c=>[c.id,c.status]));console.log(JSON.stringify(by))' 2>&1 | tee -a $R
kill $core; wait $core 2>/dev/null; kill $air 2>/dev/null
grep -E '^AIR-(CMD|ERROR|DONE)' /tmp/air.log | tr '\n' ' ' | tee -a $R; echo | tee -a $R
cp /tmp/core2.log /tmp/air.log /job/ 2>/dev/null
fi
exit 0

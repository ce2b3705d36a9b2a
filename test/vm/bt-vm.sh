#!/bin/bash
# `npm run vm:bt`: the kernel's Bluetooth stack in an amd64 guest under TCG (hci_vhci,
# BlueZ's btvirt), the kiosk core on it through the real bluetooth-hci-socket, and phone
# emulators (test/vm/guest/bt-run.sh, bt-phone.mjs). The natively built modules are this
# machine's: the guest's Node 20 has the same ABI. Prints the guest's checks; LIMIT lines say
# what btvirt cannot show.
set -euo pipefail
. "$(dirname "$0")/vm-lib.sh"
root=$(cd "$vm_here/../.." && pwd)
vm_need qemu-system-x86_64 qemu-system-x86
base=$(nice -n 5 "$vm_here/base-image.sh" amd64)
export VM_INITRD VM_APPEND="init=/usr/local/sbin/bz-vm-job"
VM_INITRD=$("$vm_here/fast-initrd.sh" "$base")
# No release yet (a fresh clone): ls fails, and under pipefail that must not end the script.
release=$(ls -t "$root"/release/bluezone-kiosk-*.tar.gz 2>/dev/null | head -1 || true)
[ -n "$release" ] || { (cd "$root" && bash assets/deploy/pack.sh >/dev/null); release=$(ls -t "$root"/release/bluezone-kiosk-*.tar.gz | head -1); }
work=$(mktemp -d "${TMPDIR:-/tmp}/bz-vm-bt.XXXXXX")
job=$work/job; mkdir -p "$job"
tar -xzf "$release" -C "$job"; mv "$job"/bluezone-kiosk-* "$job/app"
for m in better-sqlite3 @abandonware/bluetooth-hci-socket; do rm -rf "$job/app/node_modules/$m"; cp -a "$root/node_modules/$m" "$job/app/node_modules/$m"; done
cp "$vm_here/guest/boot.sh" "$job/boot.sh"; cp "$vm_here/guest/bt-run.sh" "$job/run.sh"; cp "$vm_here/guest/bt-phone.mjs" "$vm_here/guest/vhci-air.mjs" "$vm_here/guest/js-stack.mjs" "$vm_here/guest/poll.mjs" "$job/"
echo "${BZ_VM_BT_PARTS:-1 2}" >"$job/parts"   # 1: btvirt, 2: the /dev/vhci controller
# BZ_VM_BT_DEBUG: the `debug` namespaces for the core in the guest (e.g. "hci,bleno"), and a
# trace of every HCI command the /dev/vhci controller gets; the logs come back in the work folder.
echo "${BZ_VM_BT_DEBUG:-}" >"$job/debug"
vm_job_disk "$job" "$work/job.img" 1G
vm_log "booting the amd64 guest (serial: $work/serial.log)"
timeout "${BZ_VM_TIMEOUT:-2400}" nice -n 5 bash -c ". '$vm_here/vm-lib.sh'; vm_qemu amd64 '$base' '$work/job.img' '$work/serial.log'" || true
vm_job_read "$work/job.img" "$work/out"
cat "$work/out/results.txt"
vm_log "done; work folder $work"
! grep -q ' FAIL ' "$work/out/results.txt"

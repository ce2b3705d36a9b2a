#!/bin/bash
# `npm run vm:power-cut`: cuts the power of an amd64 Debian guest (qemu under TCG, the data
# disk with host caching off: cache=none) at random moments while the kiosk store ingests,
# BZ_PC_CUTS times (default 20) with synchronous=FULL, then BZ_PC_NORMAL_CUTS times (default
# 5) with NORMAL. Each boot first checks what the previous cut left (test/vm/guest/power-cut.mjs):
# every flush the store reported committed is there, integrity_check is ok, the outbox matches
# the sealed rows. Prints one line per cut and a summary; exits non-zero if FULL lost anything.
set -euo pipefail
. "$(dirname "$0")/vm-lib.sh"
root=$(cd "$vm_here/../.." && pwd)
cuts=${BZ_PC_CUTS:-20}
normal_cuts=${BZ_PC_NORMAL_CUTS:-5}
vm_need qemu-system-x86_64 qemu-system-x86
base=$(nice -n 5 "$vm_here/base-image.sh" amd64)
vm_log "base image $base"

work=$(mktemp -d "${TMPDIR:-/tmp}/bz-vm-pc.XXXXXX")
job=$work/job; mkdir -p "$job/app"
cp "$vm_here/guest/boot.sh" "$job/boot.sh"; cp "$vm_here/guest/power-cut-run.sh" "$job/run.sh"; cp "$vm_here/guest/power-cut.mjs" "$job/"
# The store's code and better-sqlite3 as built here: the guest's Node 20 has the same ABI.
(cd "$root" && [ -f dist/src-main/core/store/kiosk-store.js ] || npx tsc -b)
cp -a "$root/dist" "$root/package.json" "$job/app/"
mkdir -p "$job/app/node_modules"
for m in better-sqlite3 bindings file-uri-to-path; do cp -a "$root/node_modules/$m" "$job/app/node_modules/"; done
cp -a "$root/node_modules/@sinclair" "$job/app/node_modules/" 2>/dev/null || true
vm_job_disk "$job" "$work/job.img" 1G
truncate -s 1M "$work/params.img"

set_params() { # durability last_commit last_seal db
  printf 'DURABILITY=%s\nLAST_COMMIT=%s\nLAST_SEAL=%s\nDB=%s\n' "$@" | dd of="$work/params.img" conv=notrunc status=none
  dd if=/dev/zero of="$work/params.img" bs=1 seek=$(printf 'DURABILITY=%s\nLAST_COMMIT=%s\nLAST_SEAL=%s\nDB=%s\n' "$@" | wc -c) count=64 conv=notrunc status=none
}
# Straight into the job, no systemd: each of the ~25 boots costs only the kernel's start.
export VM_APPEND="init=/usr/local/sbin/bz-vm-job" VM_INITRD
VM_INITRD=$("$vm_here/fast-initrd.sh" "$base")
results=$work/results.txt
: >"$results"
# boot_once MODE LAST_COMMIT LAST_SEAL DB CUT: boots, waits for READY, lets it ingest a random
# 1-8 s (CUT=1) and kills qemu; sets LAST_COMMIT/LAST_SEAL from what the serial log showed.
boot_once() {
  local mode=$1 db=$4 cut=$5 serial=$work/serial-$RANDOM.log
  set_params "$mode" "$2" "$3" "$db"
  : >"$serial"
  vm_qemu amd64 "$base" "$work/job.img" "$serial" -drive "file=$work/params.img,format=raw,if=virtio,cache=none" &
  local q=$! t=0
  until grep -aq 'BZPC-READY' "$serial" 2>/dev/null; do
    sleep 1; t=$((t + 1))
    if [ $t -gt 600 ] || ! kill -0 $q 2>/dev/null; then echo "guest did not reach ingest (see $serial)"; kill -9 $q 2>/dev/null; return 1; fi
  done
  grep -a 'BZPC-CHECK' "$serial" | tr -d '\r' | tee -a "$results"
  if [ "$cut" = 1 ]; then
    sleep "$(awk -v s=$RANDOM 'BEGIN{srand(s); printf "%.2f", 1 + rand() * 7}')"
    kill -9 $q; wait $q 2>/dev/null || true
    LAST_COMMIT=$(grep -a 'BZPC-COMMIT' "$serial" | tail -1 | tr -dc '0-9' || true)
    LAST_SEAL=$(grep -a 'BZPC-SEAL' "$serial" | tail -1 | tr -dc '0-9' || true)
    LAST_COMMIT=${LAST_COMMIT:-$2}; LAST_SEAL=${LAST_SEAL:-$3}
  else
    kill -9 $q; wait $q 2>/dev/null || true
  fi
  rm -f "$serial"
}

for mode in full normal; do
  n=$cuts; [ $mode = normal ] && n=$normal_cuts
  [ "$n" -gt 0 ] || continue
  LAST_COMMIT=0 LAST_SEAL=0
  for i in $(seq 1 "$n"); do
    t=$(date +%s)
    boot_once $mode $LAST_COMMIT $LAST_SEAL "kiosk-$mode.sqlite" 1 || exit 1
    vm_log "$mode cut $i/$n: power cut after commit $LAST_COMMIT, seal $LAST_SEAL ($(( $(date +%s) - t )) s)"
  done
  boot_once $mode $LAST_COMMIT $LAST_SEAL "kiosk-$mode.sqlite" 0 || exit 1   # check the last cut
done

echo "=== power cuts: $cuts with synchronous=FULL, $normal_cuts with NORMAL"
grep -v 'fresh' "$results" || true
full_checks=$(grep -c 'durability=full' "$results" || true)
bad_full=$( (grep 'durability=full' "$results" || true) | grep -cvE 'integrity=ok .*missing_committed=0 partial_flushes=0 .*outbox=ok' || true)
normal_checks=$(grep -c 'durability=normal' "$results" || true)
lost_normal=$( (grep 'durability=normal' "$results" || true) | sed -n 's/.*host_last_commit=\([0-9]*\).*lost_after_commit=\([0-9]*\).*/\1 \2/p' |
  awk '{lost+=$2; if ($2>0) c++; if ($2>m) m=$2} END{printf "%d reported-committed flushes (20 encounters each) lost; %d of the cuts lost some, at most %d in one cut", lost, c, m}')
echo "FULL: $full_checks checks after a cut, $bad_full with a loss or damage"
echo "NORMAL: $normal_checks checks after a cut: $lost_normal"
vm_log "done; work folder $work"
[ "$bad_full" = 0 ]

#!/bin/bash
# `npm run vm:pi`: the Raspberry Pi install, proven in a Debian Trixie arm64 VM under
# qemu-system-aarch64 (software emulation). Builds or reuses the cached base image, packs
# the project (npm run pack:pi) and the kiosk window's .deb (test/vm/window-deb.sh, Electron
# a stand-in), starts a key server on this machine, boots the guest with both on a job
# disk, runs assets/deploy/install.sh there as the README says, and checks what
# test/vm/guest/pi-run.sh lists. Prints each step's time; exits non-zero on any failure,
# naming the step it reached. Needs root (debootstrap) and qemu-system-arm, debootstrap,
# qemu-user-static, e2fsprogs. Not part of npm test: it takes tens of minutes.
set -euo pipefail
. "$(dirname "$0")/vm-lib.sh"
root=$(cd "$vm_here/../.." && pwd)
reached=start
trap 'rc=$?; [ $rc = 0 ] || echo "vm:pi FAILED at step: $reached (exit $rc, $(( $(date +%s) - vm_t0 )) s)"; [ -z "${server_pid:-}" ] || kill "$server_pid" 2>/dev/null; exit $rc' EXIT
# BZ_VM_ARCH=amd64 runs the same install and checks on an amd64 guest (faster to emulate)
# when the arm64 image is not built yet; the Pi is arm64 (the default).
arch=${BZ_VM_ARCH:-arm64}
case $arch in
  arm64) vm_need qemu-system-aarch64 qemu-system-arm ;;
  amd64) vm_need qemu-system-x86_64 qemu-system-x86 ;;
  *) echo "BZ_VM_ARCH: arm64 or amd64" >&2; exit 2 ;;
esac
vm_need debugfs e2fsprogs

reached="base image"; vm_log "base image (cached after the first build; the first takes 10-30 min)"
t=$(date +%s)
base=$(nice -n 5 "$vm_here/base-image.sh" "$arch")
base_s=$(( $(date +%s) - t ))
# amd64: a small initrd (busybox) instead of Debian's, which probes every device for minutes.
if [ "$arch" = amd64 ]; then export VM_INITRD; VM_INITRD=$("$vm_here/fast-initrd.sh" "$base"); fi
vm_log "base image ready: $base ($(( $(date +%s) - t )) s)"

work=$(mktemp -d "${TMPDIR:-/tmp}/bz-vm-pi.XXXXXX")
reached="pack"; t=$(date +%s)
# BZ_VM_RELEASE=<tar.gz from npm run pack:pi> tests that release instead of packing again.
if [ -n "${BZ_VM_RELEASE:-}" ]; then release=$(readlink -f "$BZ_VM_RELEASE")
else
  (cd "$root" && nice -n 5 bash assets/deploy/pack.sh ${BZ_VM_NO_BUILD:+--no-build}) | tail -1
  release=$(ls -t "$root"/release/bluezone-kiosk-*.tar.gz | head -1)
fi
pack_s=$(( $(date +%s) - t ))
vm_log "packed $release ($pack_s s)"

# The kiosk window's .deb for the guest's architecture, built in seconds without network:
# electron-builder with a stand-in Electron and a dpkg-deb fpm (test/vm/window-deb.sh says
# why). It proves the window's installation and boot wiring, not that Electron renders.
reached="window deb"; t=$(date +%s)
window_deb=$(nice -n 5 "$vm_here/window-deb.sh" "$arch" "$work/window")
window_deb_s=$(( $(date +%s) - t ))
vm_log "window .deb $(basename "$window_deb") built in $window_deb_s s (Electron is a stand-in)"

# Native modules: cross-compiled once on this machine (Debian's aarch64 g++) against the
# guest's own Node headers, and cached under the names install.sh's native cache uses
# (module version, arch, Node ABI and version); the guest's install.sh takes them from that
# cache and checks that they load with its Node. Compiling better-sqlite3 inside the
# emulated Pi would take longer than all the rest. BZ_VM_NATIVE_IN_GUEST=1 skips this, so
# install.sh builds them in the guest as it does on a real Pi.
reached="native modules"
if [ "${BZ_VM_NATIVE_IN_GUEST:-0}" = 1 ]; then
  rm -rf "$vm_cache/native-$arch"
elif [ "$arch" = arm64 ]; then
  t=$(date +%s)
  rm -rf "$work/guest-headers"; mkdir -p "$work/guest-headers"
  for h in node uv; do debugfs -R "rdump /usr/include/$h $work/guest-headers" "$base/rootfs.img" >/dev/null 2>&1; done
  debugfs -R "dump /usr/include/uv.h $work/guest-headers/uv.h" "$base/rootfs.img" >/dev/null 2>&1
  nice -n 5 "$vm_here/cross-native.sh" "$release" "$work/guest-headers" "$vm_cache/native-arm64"
  vm_log "native modules ready in $(( $(date +%s) - t )) s"
else
  # Same architecture as this machine: install.sh --native-only in a chroot of the guest's
  # root filesystem, i.e. the guest's own Node, headers and compiler at native speed.
  t=$(date +%s)
  chroot_dir=$vm_cache/chroot-$(basename "$base")
  if [ ! -x "$chroot_dir/usr/bin/node" ]; then
    rm -rf "$chroot_dir"; mkdir -p "$chroot_dir"
    debugfs -R "rdump / $chroot_dir" "$base/rootfs.img" >/dev/null 2>&1
  fi
  rm -rf "$chroot_dir/tmp/bz"; mkdir -p "$chroot_dir/tmp/bz" "$vm_cache/native-amd64"
  rm -rf "$chroot_dir/tmp/native-cache"; cp -a "$vm_cache/native-amd64" "$chroot_dir/tmp/native-cache"
  tar -xzf "$release" -C "$chroot_dir/tmp/bz"
  mountpoint -q "$chroot_dir/proc" || mount -t proc proc "$chroot_dir/proc"
  rc=0
  nice -n 5 chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root BZ_NATIVE_CACHE=/tmp/native-cache \
    bash -c 'cd /tmp/bz/bluezone-kiosk-* && ./assets/deploy/install.sh --source . --native-only --no-apt' || rc=$?
  umount "$chroot_dir/proc"
  [ $rc = 0 ] || { echo "building native modules in the chroot failed"; exit 1; }
  rm -rf "$vm_cache/native-amd64"; cp -a "$chroot_dir/tmp/native-cache" "$vm_cache/native-amd64"
  vm_log "native modules ready in $(( $(date +%s) - t )) s"
fi

reached="key server"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
export BZ_SERVER_DATA_DIR=$work/server BZ_SERVER_HOST=127.0.0.1 BZ_SERVER_PORT=$port BZ_DEV_ADMIN_PASSWORD=vm-test-admin-password
setup=$(cd "$root" && node dist/src-server/cli.js dev-setup --json)
code=$(echo "$setup" | node -pe 'JSON.parse(require("fs").readFileSync(0,"utf8")).enrollment_code')
(cd "$root" && exec node dist/src-server/main.js >"$work/server.log" 2>&1) &
server_pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 || node -e "fetch('http://127.0.0.1:$port/').then(()=>process.exit(0),()=>process.exit(1))" && break; sleep 0.2; done
vm_log "key server on 127.0.0.1:$port (the guest sees it as 10.0.2.2:$port)"

reached="job disk"
job=$work/job; mkdir -p "$job"
cp "$vm_here/guest/boot.sh" "$job/boot.sh"; cp "$vm_here/guest/pi-run.sh" "$job/run.sh"; cp "$vm_here/guest/poll.mjs" "$vm_here/guest/fwd.mjs" "$job/"
cp "$release" "$job/release.tar.gz"
cp "$window_deb" "$job/window.deb"
# Natively built modules are cached between runs, keyed inside by module version, arch and Node ABI.
mkdir -p "$vm_cache/native-$arch"; cp -a "$vm_cache/native-$arch" "$job/native-cache"
# The guest reaches the server through a forwarder on its own 127.0.0.1 (test/vm/guest/fwd.mjs):
# the core takes plain http only to this machine.
printf 'SERVER_URL=http://127.0.0.1:%s\nKEY_PORT=%s\nENROLLMENT_CODE=%s\n' "$port" "$port" "$code" >"$job/params"
vm_job_disk "$job" "$work/job.img" 2G

reached="guest run"; vm_log "booting the $arch guest (serial log: $work/serial.log)"
t=$(date +%s)
# Under TCG the amd64 kernel now and then dies early in a boot ("Oops: int3" while it
# patches its own code on two emulated CPUs; seen on boot 2 of a run on 2 December 2026):
# panic=10 restarts the guest, whose job then runs at the next boot. The host counts the
# panics in the serial log (guest_kernel_panics in the JSON).
export VM_APPEND="panic=10 ${VM_APPEND:-}"
# A display adapter Debian's kernel drives (virtio_gpu, KMS on /dev/dri/card0) for the
# window's cage; the console stays on the serial port (-nographic).
timeout "${BZ_VM_TIMEOUT:-5400}" nice -n 5 bash -c ". '$vm_here/vm-lib.sh'; vm_qemu $arch '$base' '$work/job.img' '$work/serial.log' -device virtio-gpu-pci" &
qpid=$!
# Progress: the guest's step and check lines as they arrive.
( tail -n +1 -F "$work/serial.log" 2>/dev/null | grep --line-buffered -E '^BZVM' ) &
tpid=$!
wait $qpid || { kill $tpid 2>/dev/null; echo "qemu exited with an error or timed out"; exit 1; }
kill $tpid 2>/dev/null || true
guest_s=$(( $(date +%s) - t ))
panics=$(grep -c 'Kernel panic' "$work/serial.log" || true)
vm_log "guest powered off ($guest_s s in the guest; kernel panics restarted: $panics)"

reached="results"
vm_job_read "$work/job.img" "$work/out"
rm -rf "$vm_cache/native-$arch.new"; cp -a "$work/out/native-cache" "$vm_cache/native-$arch.new" 2>/dev/null &&
  { rm -rf "$vm_cache/native-$arch"; mv "$vm_cache/native-$arch.new" "$vm_cache/native-$arch"; }
cat "$work/out/results.txt"
# The key server's side: the kiosk enrolled and its batches arrived.
host=$(cd "$root" && node -e "
  const db = new (require('better-sqlite3'))(process.argv[1], { readonly: true });
  const k = db.prepare('SELECT count(*) n FROM kiosks').get().n, b = db.prepare('SELECT count(*) n FROM batches').get().n;
  console.log('kiosks=' + k + ' batches=' + b); process.exit(k >= 1 && b >= 1 ? 0 : 1);" "$work/server/key-server.sqlite") &&
  echo "check server_received ok $host" || { echo "check server_received FAIL $host"; exit 1; }
[ ! -f "$work/out/unit-diag.txt" ] || { echo "--- the unit, as the guest saw it:"; cat "$work/out/unit-diag.txt"; }
! grep -q '^check window.* FAIL' "$work/out/results.txt" || { echo "--- the window unit, as the guest saw it:"; cat "$work/out/window-diag.txt" 2>/dev/null; }
# The run's timings as JSON (the README's VM figures are quoted from this file): the host's
# phases, the guest's timed steps and "timing" lines, and the checks' results.
timings=$work/vm-pi-$arch.json
node - "$work/out/results.txt" "$base/done" "$arch" "$base_s" "$pack_s" "$guest_s" "$(( $(date +%s) - vm_t0 ))" "$window_deb_s" "$panics" >"$timings" <<'JS'
const fs = require('node:fs');
const [results, done, arch, baseS, packS, guestS, totalS, windowDebS, panics] = process.argv.slice(2);
const lines = fs.readFileSync(results, 'utf8').split('\n');
const out = { arch, measured_at: new Date().toISOString(), host_cpus: require('node:os').cpus().length,
  host_load_1m: require('node:os').loadavg()[0], base_image_build_s: Number((fs.readFileSync(done, 'utf8').match(/built in (\d+) s/) ?? [])[1]),
  base_image_wait_s: Number(baseS), pack_s: Number(packS), window_deb_s: Number(windowDebS), guest_total_s: Number(guestS), guest_kernel_panics: Number(panics), total_s: Number(totalS), steps: {}, timings: {}, checks: {} };
for (const l of lines) {
  let m;
  if ((m = /^step (\S+) rc=(\d+) ([\d.]+)s/.exec(l))) out.steps[m[1]] = { rc: Number(m[2]), s: Number(Number(m[3]).toFixed(1)) };
  else if ((m = /^timing (\S+) (\S*)/.exec(l))) out.timings[m[1]] = m[2] === '' ? null : Number(m[2]);
  else if ((m = /^check (\S+) (ok|FAIL) ?(.*)/.exec(l))) out.checks[m[1]] = m[2] === 'ok' ? 'ok' : `FAIL ${m[3]}`;
}
console.log(JSON.stringify(out, null, 1));
JS
cp "$timings" "$vm_cache/vm-pi-$arch-last.json"
echo "--- timings ($timings, copy in $vm_cache/vm-pi-$arch-last.json):"; cat "$timings"
fails=$(grep -c '^check .* FAIL' "$work/out/results.txt" || true)
[ -f "$work/out/rc" ] && [ "$(cat "$work/out/rc")" = 0 ] || { echo "the guest's last run.sh did not finish cleanly (rc $(cat "$work/out/rc" 2>/dev/null || echo none); boots $(cat "$work/out/boots" 2>/dev/null))"; exit 1; }
[ "$fails" = 0 ] || { reached="checks ($fails failed)"; exit 1; }
vm_log "vm:pi passed in $(( $(date +%s) - vm_t0 )) s; work folder $work"

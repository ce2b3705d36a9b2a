# Shared by the VM tests (sourced): the cache folder, job disks, and qemu under TCG.
# KVM hangs on these build machines (nested virtualisation), so every guest is emulated.
# no_timer_check: under TCG on a loaded host the amd64 kernel's IO-APIC timer check fails
# ("IO-APIC + timer doesn't work!") and it panics at boot.
vm_cache=${BZ_VM_CACHE:-$([ -d /work ] && echo /work/.cache/bluezone-vm || echo "$HOME/.cache/bluezone-vm")}
vm_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
vm_t0=$(date +%s)
vm_log() { echo "[vm $(date -u +%T) +$(( $(date +%s) - vm_t0 ))s] $*"; }
vm_need() { command -v "$1" >/dev/null || { echo "vm: missing $1 (apt-get install $2)" >&2; exit 3; }; }

# vm_job_disk DIR IMG SIZE: an ext4 disk holding DIR, written without mounting anything.
vm_job_disk() {
  truncate -s "${3:-1G}" "$2"
  mkfs.ext4 -q -F -L bzjob -d "$1" "$2"
}
# vm_job_read IMG DIR: copies the job disk's files out, again without mounting.
vm_job_read() {
  mkdir -p "$2"
  debugfs -R "rdump / $2" "$1" >/dev/null 2>&1
}
# vm_qemu ARCH BASE JOBIMG SERIAL_LOG [extra qemu args...] (in a subshell: it execs qemu, so
# the subshell's PID is the emulator's and killing it cuts the power): boots BASE (with -snapshot, so
# the base image is never changed) and the job disk; returns when the guest powers off.
# VM_APPEND adds kernel arguments (init=/usr/local/sbin/bz-vm-job boots straight into the
# job without systemd, for tests that only need the kernel).
vm_qemu() {
  local arch=$1 base=$2 job=$3 serial=$4; shift 4
  local common=(-accel tcg -m 2048 -smp 2 -nographic -no-user-config -nodefaults
    -serial "file:$serial" -monitor none
    -kernel "$base/vmlinuz" -initrd "${VM_INITRD:-$base/initrd.img}"
    -drive "file=$base/rootfs.img,format=raw,if=virtio,snapshot=on"
    -drive "file=$job,format=raw,if=virtio,cache=none"
    -netdev user,id=n0 -device virtio-net-pci,netdev=n0,romfile=)
  case $arch in
    arm64) exec qemu-system-aarch64 -M virt -cpu cortex-a53 "${common[@]}" \
      -append "root=/dev/vda rw console=ttyAMA0 quiet systemd.show_status=0 net.ifnames=0 ${VM_APPEND:-}" "$@" ;;
    amd64) exec qemu-system-x86_64 -M q35 -cpu max "${common[@]}" \
      -append "root=/dev/vda rw console=ttyS0 no_timer_check quiet systemd.show_status=0 net.ifnames=0 ${VM_APPEND:-}" "$@" ;;
  esac
}

#!/bin/bash
# Builds (once) a Debian Trixie root filesystem image for the VM tests and prints its folder.
# Usage: test/vm/base-image.sh arm64|amd64
# The image is cached under $BZ_VM_CACHE (default /work/.cache/bluezone-vm, else
# ~/.cache/bluezone-vm), in a folder named by a hash of this script and its package list,
# so editing either builds a new one and an unchanged one is reused.
set -euo pipefail
arch=${1:?usage: base-image.sh arm64|amd64}
here=$(cd "$(dirname "$0")" && pwd)
cache=${BZ_VM_CACHE:-$([ -d /work ] && echo /work/.cache/bluezone-vm || echo "$HOME/.cache/bluezone-vm")}
mirror=${BZ_VM_MIRROR:-http://deb.debian.org/debian}
suite=trixie
# What the install script needs (so its apt step finds them installed), what the tests
# use, and the kernel. libnode-dev holds Node's headers for building native modules.
pkgs=systemd-sysv,udev,kmod,dbus,ca-certificates,iproute2,systemd-timesyncd,libcap2-bin,nodejs,libnode-dev,g++,make,python3,bluez,bluez-test-tools,util-linux,e2fsprogs,procps
case $arch in
  arm64) kernel=linux-image-arm64 ;;
  amd64) kernel=linux-image-amd64 ;;
  *) echo "unknown arch $arch" >&2; exit 2 ;;
esac
pkgs=$pkgs,$kernel,initramfs-tools
npm_version=10.9.4
key=$( (cat "$0" "$here/guest-job.sh"; echo "$arch $suite $mirror $pkgs npm@$npm_version") | sha256sum | cut -c1-16)
out=$cache/base-$arch-$key
if [ -f "$out/done" ]; then echo "$out"; exit 0; fi

log() { echo "[base-image $(date -u +%T)] $*" >&2; }
need() { command -v "$1" >/dev/null || { echo "missing $1: apt-get install $2" >&2; exit 3; }; }
need debootstrap debootstrap
need mkfs.ext4 e2fsprogs
[ "$(id -u)" = 0 ] || { echo "base-image.sh must run as root (debootstrap)" >&2; exit 3; }
if [ "$arch" != amd64 ]; then
  # A foreign-architecture chroot runs through qemu-user and binfmt_misc (fix-binary flag).
  need qemu-aarch64-static qemu-user-static
  mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64
  grep -q 'flags:.*F' /proc/sys/fs/binfmt_misc/qemu-aarch64 ||
    { echo "binfmt qemu-aarch64 lacks the F flag; install qemu-user-static" >&2; exit 3; }
fi

work=$out.tmp
rm -rf "$work"; mkdir -p "$work"
root=$work/root
t0=$(date +%s)
log "debootstrap $suite $arch (qemu-user for a foreign arch)"
debootstrap --arch="$arch" --variant=minbase --include="$pkgs" "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -30 "$work/debootstrap.log" >&2; exit 1; }
log "debootstrap done in $(( $(date +%s) - t0 )) s"

# npm without Debian's npm package (629 packages, an hour under emulation): npm's own
# tarball bundles its dependencies.
if [ ! -f "$cache/npm-$npm_version.tgz" ]; then
  (cd "$cache" && npm pack "npm@$npm_version" --silent >/dev/null)
fi
mkdir -p "$root/usr/local/lib/node_modules/npm"
tar -xzf "$cache/npm-$npm_version.tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"

echo bzvm >"$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 bzvm\n' >"$root/etc/hosts"
printf '/dev/vda / ext4 rw,errors=remount-ro 0 1\n' >"$root/etc/fstab"
printf 'nameserver 10.0.2.3\n' >"$root/etc/resolv.conf"
mkdir -p "$root/etc/systemd/network"
printf '[Match]\nName=en* eth*\n[Network]\nDHCP=yes\n' >"$root/etc/systemd/network/10-dhcp.network"
chroot "$root" systemctl enable systemd-networkd systemd-timesyncd >/dev/null 2>&1
chroot "$root" systemctl mask serial-getty@ttyS0.service serial-getty@ttyAMA0.service getty@tty1.service >/dev/null 2>&1
chroot "$root" passwd -d root >/dev/null
# The test job: a second disk (/dev/vdb) holding run.sh; its output goes to the console
# and to the disk, then the guest powers off.
install -m 0755 "$here/guest-job.sh" "$root/usr/local/sbin/bz-vm-job"
cat >"$root/etc/systemd/system/bz-vm-job.service" <<'UNIT'
[Unit]
Description=Bluezone VM test job
After=network-online.target systemd-networkd.service
Wants=network-online.target
ConditionPathExists=/dev/vdb
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/bz-vm-job
StandardOutput=journal+console
StandardError=journal+console
TimeoutStartSec=infinity
[Install]
WantedBy=multi-user.target
UNIT
chroot "$root" systemctl enable bz-vm-job.service >/dev/null 2>&1
chroot "$root" systemctl enable systemd-networkd-wait-online.service >/dev/null 2>&1 || true
chroot "$root" apt-get clean

cp "$root"/boot/vmlinuz-* "$work/vmlinuz"
cp "$root"/boot/initrd.img-* "$work/initrd.img"
log "image"
truncate -s 4G "$work/rootfs.img"
mkfs.ext4 -q -F -L bzroot -d "$root" "$work/rootfs.img"
rm -rf "$root"
echo "built in $(( $(date +%s) - t0 )) s" >"$work/done"
rm -rf "$out"; mv "$work" "$out"
log "done: $out"
echo "$out"

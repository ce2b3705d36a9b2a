#!/bin/bash
# Prints the path of a small initrd for an amd64 base image (built once, kept beside it):
# busybox loads the six modules Debian's kernel needs to mount an ext4 virtio disk, and
# hands over to the init= given on the kernel command line. Debian's own 36 MB initrd
# probes every device with udev, which under emulation on a loaded machine costs minutes
# per boot; the power-cut test boots two dozen times.
set -euo pipefail
base=${1:?usage: fast-initrd.sh BASE_DIR}
out=$base/fast-initrd.img
[ -f "$out" ] && { echo "$out"; exit 0; }
command -v cpio >/dev/null || { echo "missing cpio (apt-get install cpio)" >&2; exit 3; }
[ -x /bin/busybox ] || { echo "missing /bin/busybox (apt-get install busybox-static)" >&2; exit 3; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
kver=$(debugfs -R "ls /usr/lib/modules" "$base/rootfs.img" 2>/dev/null | tr -s ' ' '\n' | grep -E '^[0-9]+\.' | head -1)
mkdir -p "$work/root/bin" "$work/root/lib/modules"
cp /bin/busybox "$work/root/bin/busybox"
for m in lib/crc16 crypto/crc32c_generic fs/mbcache fs/jbd2/jbd2 fs/ext4/ext4 drivers/block/virtio_blk; do
  debugfs -R "dump /usr/lib/modules/$kver/kernel/$m.ko.xz $work/m.ko.xz" "$base/rootfs.img" >/dev/null 2>&1
  xz -dc "$work/m.ko.xz" >"$work/root/lib/modules/$(basename $m).ko"
done
cat >"$work/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /newroot
mount -t proc proc /proc
mount -t devtmpfs devtmpfs /dev
for m in crc16 crc32c_generic mbcache jbd2 ext4 virtio_blk; do insmod /lib/modules/$m.ko; done
for _ in $(seq 1 100); do [ -b /dev/vda ] && break; sleep 0.1; done
mount -t ext4 -o rw /dev/vda /newroot || { echo "fast initrd: cannot mount /dev/vda"; sh; }
init=$(sed -n 's/.*[[:space:]]init=\([^[:space:]]*\).*/\1/p' /proc/cmdline)
mount --move /dev /newroot/dev
umount /proc
exec switch_root /newroot "${init:-/sbin/init}"
INIT
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
echo "$out"

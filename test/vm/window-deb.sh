#!/bin/bash
# Builds the kiosk window's .deb for the VM test, offline, in seconds: electron-builder with
# this repository's electron-builder.yml (as `npm run dist` runs it), a stand-in Electron
# folder whose `electron` is test/vm/electron-standin.sh (Electron cannot be downloaded
# here, so the package proves installation and boot wiring, not rendering), and
# test/vm/fpm-dpkg.mjs as fpm (a real package built by dpkg-deb).
# Usage: test/vm/window-deb.sh arm64|amd64 OUT_DIR   (prints the .deb's path; needs dist/)
set -euo pipefail
arch=${1:?usage: window-deb.sh arm64|amd64 OUT_DIR}
out=${2:?usage: window-deb.sh arm64|amd64 OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case $arch in arm64) flag=--arm64 ;; amd64) flag=--x64 ;; *) echo "window-deb.sh: arm64 or amd64" >&2; exit 2 ;; esac
[ -f "$root/dist/src-main/shell/main.js" ] || { echo "window-deb.sh: no dist/ (npm run build)" >&2; exit 2; }
command -v dpkg-deb >/dev/null || { echo "window-deb.sh: missing dpkg-deb (apt-get install dpkg)" >&2; exit 3; }
mkdir -p "$out"; out=$(cd "$out" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
electron_version=$(node -p "require('$root/node_modules/electron/package.json').version")
mkdir -p "$work/electron/resources"
install -m 0755 "$here/electron-standin.sh" "$work/electron/electron"
echo "stand-in for Electron $electron_version (test/vm/electron-standin.sh)" >"$work/electron/LICENSE"
echo "$electron_version" >"$work/electron/version"
(cd "$root" && CUSTOM_FPM_PATH="$here/fpm-dpkg.mjs" ELECTRON_SKIP_BINARY_DOWNLOAD=1 \
  node_modules/.bin/electron-builder --config electron-builder.yml --linux deb "$flag" \
  "-c.electronDist=$work/electron" "-c.directories.output=$work/out" \
  "-c.linux.maintainer=Bluezone VM test <vm-test@bluezone.invalid>" --publish never) >"$work/builder.log" 2>&1 ||
  { cat "$work/builder.log" >&2; exit 1; }
deb=$(ls "$work"/out/*.deb)
cp "$deb" "$out/"
echo "$out/$(basename "$deb")"

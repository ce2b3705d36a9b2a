#!/bin/bash
# `npm run pack:pi`: builds the project and packs what a kiosk runs into
# release/bluezone-kiosk-<version>.tar.gz -- the core and screens (dist/), the deploy files,
# and production node_modules installed without any install script (no Electron, no native
# build: install.sh builds better-sqlite3 and bluetooth-hci-socket on the device against
# its own Node). Unpack it on the Pi and run its assets/deploy/install.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
[ "${1:-}" = --no-build ] || npm run build --silent
version=$(node -p "require('./package.json').version")
name=bluezone-kiosk-$version
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
dir=$stage/$name
mkdir -p "$dir/dist/src-main" "$dir/assets"
cp package.json package-lock.json README.md "$dir/"
cp -a dist/shared dist/renderer "$dir/dist/"
cp -a dist/src-main/core "$dir/dist/src-main/"
cp -a assets/deploy "$dir/assets/"
find "$dir/dist" \( -name '*.map' -o -name '*.d.ts' -o -name '*.tsbuildinfo' \) -delete
(cd "$dir" && ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --omit=dev --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error)
mkdir -p release
tar -C "$stage" -czf "release/$name.tar.gz" "$name"
echo "release/$name.tar.gz ($(du -h "release/$name.tar.gz" | cut -f1))"

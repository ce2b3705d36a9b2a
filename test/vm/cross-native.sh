#!/bin/bash
# Builds the kiosk's native modules for an arm64 guest on this machine with Debian's
# aarch64 cross compiler, against the guest's own Node headers, and puts them in the cache
# folder in the layout install.sh's native cache uses (module version, arch, Node ABI and
# version in the name), so the guest's install.sh takes them from there. Compiling
# better-sqlite3 inside the emulated Pi takes far longer than the whole rest of the test.
# Usage: cross-native.sh RELEASE.tar.gz GUEST_INCLUDE_DIR(the guest's /usr/include) CACHE_DIR
set -euo pipefail
release=$1 include=$2 cache=$3
headers=$include/node
command -v aarch64-linux-gnu-g++ >/dev/null || { echo "missing aarch64-linux-gnu-g++ (apt-get install g++-aarch64-linux-gnu)" >&2; exit 3; }
v=$(grep -E '^#define NODE_(MAJOR|MINOR|PATCH)_VERSION [0-9]+' "$headers/node_version.h" | awk '{print $3}' | paste -sd.)
abi=$(grep -m1 -E '^#define NODE_MODULE_VERSION [0-9]+' "$headers/node_version.h" | awk '{print $3}')
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# Node's own header tarball carries libuv's headers; Debian keeps them in /usr/include.
mkdir -p "$work/nodedir/include"; cp -a "$headers" "$work/nodedir/include/node"
cp -a "$include/uv.h" "$include/uv" "$work/nodedir/include/node/"
tar -xzf "$release" -C "$work"; cd "$work"/bluezone-kiosk-*
mkdir -p "$cache"
for m in better-sqlite3 @abandonware/bluetooth-hci-socket; do
  mver=$(node -p "require('./node_modules/$m/package.json').version")
  key="${m//\//+}-$mver-arm64-abi$abi-nodev$v"
  if [ -f "$cache/$key/package.json" ]; then echo "$key: cached"; continue; fi
  t=$(date +%s)
  CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ LINK=aarch64-linux-gnu-g++ AR=aarch64-linux-gnu-ar \
    npm_config_arch=arm64 npm_config_target_arch=arm64 npm_config_nodedir="$work/nodedir" npm_config_build_from_source=true \
    ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm rebuild "$m" --ignore-scripts=false --foreground-scripts >"$work/build.log" 2>&1 ||
    { grep -m5 -iE 'error:|unrecognized' "$work/build.log" >&2; tail -5 "$work/build.log" >&2; exit 1; }
  bins=$(find "node_modules/$m" -name '*.node' -newer "$work/nodedir" | xargs -r file | grep -c 'ARM aarch64' || true)
  [ "$bins" -ge 1 ] || { echo "$m: no arm64 binary built" >&2; find "node_modules/$m" -name '*.node' | xargs -r file >&2; exit 1; }
  rm -rf "$cache/$key"; cp -a "node_modules/$m" "$cache/$key"
  echo "$key: cross-built in $(( $(date +%s) - t )) s"
done

#!/bin/bash
# Installs, upgrades or removes the Bluezone kiosk on Raspberry Pi OS / Debian (Trixie;
# Bookworm once Node >= 20 is installed). Run as root from an unpacked release
# (`npm run pack:pi`) or a built checkout:
#
#   sudo ./assets/deploy/install.sh --server-url https://keys.example.vn \
#        --enrollment-code ABCD-1234-EFGH --staff-pin 2468
#   sudo ./assets/deploy/install.sh                 # again: upgrade, settings kept
#   sudo ./assets/deploy/install.sh --uninstall     # remove (keeps data unless --purge)
#
# Every step prints "==> step N: name" so a failure says where it stopped.
set -euo pipefail

PREFIX=/opt/bluezone-kiosk
ETC=/etc/bluezone-kiosk
ENV_FILE=$ETC/core.env
STATE=/var/lib/bluezone-kiosk
NATIVE_CACHE=${BZ_NATIVE_CACHE:-/var/cache/bluezone-kiosk/native}
SVC_USER=bluezone
WINDOW_USER=bluezone-window
CORE_UNIT=bluezone-kiosk-core.service
WINDOW_UNIT=bluezone-kiosk-window.service
UNIT_DIR=/etc/systemd/system
JOURNALD_CONF=/etc/systemd/journald.conf.d/bluezone.conf
AUTOSTART=/etc/xdg/autostart/bluezone-kiosk.desktop
CLI=/usr/local/bin/bluezone-kiosk-core
NATIVE_MODULES=(better-sqlite3 @abandonware/bluetooth-hci-socket)

usage() {
  cat <<'USAGE'
usage: install.sh [options]          install or upgrade (settings not given are kept)
       install.sh --uninstall [--purge]
  --source DIR|FILE.tar.gz   the built project (default: the one this script is in)
  --server-url URL           key server (BZ_SERVER_URL)
  --enrollment-code CODE     one-time code from the key server (BZ_ENROLLMENT_CODE)
  --staff-pin DIGITS         PIN of the staff console, 4 to 8 digits (BZ_STAFF_PIN)
  --timezone ZONE            system and kiosk time zone (default Asia/Ho_Chi_Minh)
  --rssi-at-1m DBM           calibration: RSSI of a phone at 1 m (BZ_RSSI_AT_1M, default -59)
  --scanner-hci N            adapter index for scanning (default: the first adapter)
  --beacon-hci N             adapter index for the beacon (default: the scanner's)
  --venue-name NAME          shown on the visitor screen (BZ_VENUE_NAME)
  --window-deb FILE          install the kiosk window from `npm run dist`'s .deb
  --kiosk-session            no desktop: run the window full screen on tty1 in cage
  --keep-bluetoothd          leave BlueZ's daemon running (only with a second adapter)
  --no-apt                   do not install packages (they must already be there)
  --no-start                 install but do not start or restart the services
  --native-only              only build the native modules into $BZ_NATIVE_CACHE (e.g. to
                             prepare the cache for SD card images of the same OS), then stop
  --uninstall                stop and remove services, files and the program
  --purge                    with --uninstall: also remove settings, data and the users
USAGE
}

step_no=0
step() { step_no=$((step_no + 1)); echo "==> step $step_no: $*"; }
die() { echo "install.sh: error: $*" >&2; exit 1; }
warn() { echo "install.sh: warning: $*" >&2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
native_only=0 source_arg="" uninstall=0 purge=0 use_apt=1 start=1 keep_bluetoothd=0 kiosk_session=0 window_deb=""
declare -A settings=()
while [ $# -gt 0 ]; do
  case $1 in
    --source) source_arg=${2:?--source needs a value}; shift ;;
    --server-url) settings[BZ_SERVER_URL]=${2:?--server-url needs a value}; shift ;;
    --enrollment-code) settings[BZ_ENROLLMENT_CODE]=${2:?--enrollment-code needs a value}; shift ;;
    --staff-pin) settings[BZ_STAFF_PIN]=${2:?--staff-pin needs a value}; shift ;;
    --timezone) settings[TZ]=${2:?--timezone needs a value}; shift ;;
    --rssi-at-1m) settings[BZ_RSSI_AT_1M]=${2:?--rssi-at-1m needs a value}; shift ;;
    --scanner-hci) settings[BZ_SCANNER_HCI]=${2:?--scanner-hci needs a value}; shift ;;
    --beacon-hci) settings[BZ_BEACON_HCI]=${2:?--beacon-hci needs a value}; shift ;;
    --venue-name) settings[BZ_VENUE_NAME]=${2:?--venue-name needs a value}; shift ;;
    --window-deb) window_deb=${2:?--window-deb needs a value}; shift ;;
    --kiosk-session) kiosk_session=1 ;;
    --keep-bluetoothd) keep_bluetoothd=1 ;;
    --no-apt) use_apt=0 ;;
    --no-start) start=0 ;;
    --native-only) native_only=1 ;;
    --uninstall) uninstall=1 ;;
    --purge) purge=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
  shift
done
# Values are checked here so a typo fails before anything changes (the core checks again).
check_setting() {
  local k=$1 v=$2
  case $k in
    BZ_SERVER_URL) [[ $v =~ ^https?://[^[:space:]]+$ ]] || die "--server-url: expected an http(s) URL"
      # The core refuses plain http except to this machine (and would then restart forever).
      [[ $v =~ ^https:// || $v =~ ^http://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]+)?(/|$) ]] ||
        die "--server-url: use https:// (plain http is allowed only to 127.0.0.1 or localhost)" ;;
    BZ_ENROLLMENT_CODE) [[ $v =~ ^[A-Za-z0-9-]{8,64}$ ]] || die "--enrollment-code: expected the 8-64 character code printed by the key server" ;;
    BZ_STAFF_PIN) [[ $v =~ ^[0-9]{4,8}$ ]] || die "--staff-pin: expected 4 to 8 digits" ;;
    TZ) [ -f "/usr/share/zoneinfo/$v" ] || die "--timezone: unknown zone $v (see timedatectl list-timezones)" ;;
    BZ_RSSI_AT_1M) [[ $v =~ ^-[0-9]{1,3}$ ]] && [ "$v" -ge -100 ] || die "--rssi-at-1m: expected a number from -100 to 0" ;;
    BZ_SCANNER_HCI|BZ_BEACON_HCI) [[ $v =~ ^[0-9]{1,2}$ ]] && [ "$v" -le 15 ] || die "--${k#BZ_}: expected an adapter index 0-15" ;;
    BZ_VENUE_NAME) [[ $v != *$'\n'* ]] || die "--venue-name: one line" ;;
  esac
}
for k in "${!settings[@]}"; do check_setting "$k" "${settings[$k]}"; done
[ "$(id -u)" = 0 ] || die "run as root: sudo $0 $*"

uninstall_all() {
  step "stop and disable services"
  systemctl disable --now "$CORE_UNIT" "$WINDOW_UNIT" 2>/dev/null || true
  step "remove program, units and system files"
  rm -f "$UNIT_DIR/$CORE_UNIT" "$UNIT_DIR/$WINDOW_UNIT" "$JOURNALD_CONF" "$AUTOSTART" "$CLI"
  rm -rf "$PREFIX" "$PREFIX.new" "$PREFIX.old" "$(dirname "$NATIVE_CACHE")"
  systemctl daemon-reload
  systemctl reset-failed "$CORE_UNIT" "$WINDOW_UNIT" 2>/dev/null || true
  systemctl try-restart systemd-journald || true
  # The window's .deb (--window-deb): removed, or purged with --purge (dpkg keeps a removed
  # package with maintainer scripts listed as "config-files" until it is purged).
  if dpkg-query -W -f '${Status}' bluezone-kiosk 2>/dev/null | grep -q ' installed$' ||
    { [ "$purge" = 1 ] && dpkg -s bluezone-kiosk >/dev/null 2>&1; }; then
    DEBIAN_FRONTEND=noninteractive apt-get "$([ "$purge" = 1 ] && echo purge || echo remove)" -y -q bluezone-kiosk >/dev/null
  fi
  if [ "$purge" = 1 ]; then
    step "purge settings, data and users"
    rm -rf "$ETC" "$STATE"
    userdel "$SVC_USER" 2>/dev/null || true
    userdel "$WINDOW_USER" 2>/dev/null || true
  else
    echo "kept $ENV_FILE and $STATE (remove them with --uninstall --purge)"
  fi
  echo "bluezone kiosk removed"
}
if [ "$uninstall" = 1 ]; then uninstall_all; exit 0; fi

step "check the system"
. /etc/os-release
arch=$(dpkg --print-architecture)
case $arch in arm64|armhf|amd64) ;; *) die "unsupported architecture $arch (arm64, armhf or amd64)" ;; esac
echo "$PRETTY_NAME, $arch"
src=""
tmp_src=""
if [ -n "$source_arg" ] && [ -f "$source_arg" ]; then
  tmp_src=$(mktemp -d)
  tar -xzf "$source_arg" -C "$tmp_src"
  src=$(dirname "$(find "$tmp_src" -maxdepth 3 -name package.json -path '*/package.json' | head -1)")
elif [ -n "$source_arg" ]; then src=$(cd "$source_arg" && pwd)
else src=$(cd "$here/../.." && pwd)
fi
trap '[ -z "$tmp_src" ] || rm -rf "$tmp_src"' EXIT
[ -f "$src/package.json" ] || die "no project at $src (give --source DIR or FILE.tar.gz from npm run pack:pi)"
version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$src/package.json" | head -1)
echo "installing bluezone-kiosk $version from $src"

step "packages"
node_ok() { command -v node >/dev/null && node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; }
if [ "$use_apt" = 1 ]; then
  pkgs=(g++ make python3 bluez libcap2-bin ca-certificates)
  # systemd-timesyncd is the NTP client unless the image already has another one.
  systemctl list-unit-files chrony.service ntpsec.service 2>/dev/null | grep -q enabled || pkgs+=(systemd-timesyncd)
  # cage, and pam_systemd for the window unit's PAMName=login session: it registers the
  # session with logind (cage takes the seat, the DRM and input devices through it) and
  # sets XDG_RUNTIME_DIR, where cage puts its Wayland socket. Raspberry Pi OS has it;
  # minimal Debian images do not.
  [ "$kiosk_session" = 1 ] && pkgs+=(cage libpam-systemd)
  apt_node=""
  if ! node_ok; then
    candidate=$(apt-cache policy nodejs 2>/dev/null | sed -n 's/ *Candidate: *\([0-9]*\).*/\1/p')
    if [ -n "$candidate" ] && [ "$candidate" -ge 20 ]; then apt_node=nodejs
    else
      die "Node >= 20 is needed and this OS offers nodejs ${candidate:-none}. On Bookworm install Node 20 or 22 from NodeSource (https://github.com/nodesource/distributions: the nodejs package includes npm and headers), then run this script again."
    fi
  fi
  # Debian's nodejs ships its headers in libnode-dev (for node-gyp) and npm separately;
  # NodeSource's nodejs has both.
  [ -n "$apt_node" ] && pkgs+=(nodejs libnode-dev)
  # Debian's nodejs keeps Node's headers (for node-gyp) in libnode-dev; NodeSource's has them.
  if [ -z "$apt_node" ] && [ ! -f "$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")/include/node/node.h" ] &&
    dpkg -S "$(readlink -f "$(command -v node)")" 2>/dev/null | grep -q '^nodejs:'; then pkgs+=(libnode-dev); fi
  command -v npm >/dev/null || pkgs+=(npm)
  missing=()
  for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "all packages present: ${pkgs[*]}"
  fi
fi
node_ok || die "Node >= 20 not found (node: $(command -v node || echo none))"
command -v npm >/dev/null || die "npm not found: install it (apt install npm) or use --no-apt only when it is there"
node_bin=$(readlink -f "$(command -v node)")
echo "node $(node -v) at $node_bin, npm $(npm -v)"

step "user $SVC_USER"
if [ "$native_only" = 1 ]; then echo "skipped (--native-only)"
elif ! id "$SVC_USER" >/dev/null 2>&1; then
  useradd --system --home-dir "$STATE" --no-create-home --shell /usr/sbin/nologin --user-group "$SVC_USER"
  echo "created system user $SVC_USER"
else echo "user $SVC_USER exists"; fi

step "program in $PREFIX"
rm -rf "$PREFIX.new"
mkdir -p "$PREFIX.new"
# A release carries dist/ and production node_modules; a checkout may lack either.
tar -C "$src" --exclude=./data --exclude=./release --exclude=./test-results --exclude=./.git -cf - . | tar -C "$PREFIX.new" -xf -
cd "$PREFIX.new"
# Electron is never downloaded: it is a devDependency, install scripts are off (allowScripts
# needs npm >= 11.16, older npm would run electron's download), and the variable covers the rest.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm_config_ignore_scripts=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
if [ ! -f dist/src-main/core/main.js ]; then
  echo "no dist/: building (npm ci, npm run build)"
  npm ci --no-audit --no-fund
  npm run build
  npm prune --omit=dev
elif [ ! -d node_modules ]; then
  npm ci --omit=dev --no-audit --no-fund
fi

build_native() {
  step "native modules for node $(node -v) ($arch)"
  abi=$(node -p process.versions.modules)
  node_dir=$(dirname "$(dirname "$node_bin")")
  # node-gyp builds against the installed headers instead of downloading them.
  [ -f "$node_dir/include/node/node.h" ] && export npm_config_nodedir=$node_dir
  mkdir -p "$NATIVE_CACHE"
  for m in "${NATIVE_MODULES[@]}"; do
    [ -d "node_modules/$m" ] || die "node_modules/$m missing from the project"
    mver=$(node -p "require('./node_modules/$m/package.json').version")
    key="${m//\//+}-$mver-$arch-abi$abi-node$(node -v)"
    # The cache holds the whole module folder as built: the binary's location differs per module.
    if [ -f "$NATIVE_CACHE/$key/package.json" ]; then
      echo "$m $mver: from cache $key"
      rm -rf "node_modules/$m"; cp -a "$NATIVE_CACHE/$key" "node_modules/$m"
    else
      echo "$m $mver: building from source (minutes on a Pi)"
      t0=$(date +%s)
      log=$(mktemp)
      npm rebuild "$m" --ignore-scripts=false --build-from-source --foreground-scripts >"$log" 2>&1 ||
        { tail -40 "$log" >&2; rm -f "$log"; die "building $m failed (need g++, make, python3 and Node's headers)"; }
      rm -f "$log"
      rm -rf "${NATIVE_CACHE:?}/$key.tmp" "${NATIVE_CACHE:?}/$key"
      cp -a "node_modules/$m" "$NATIVE_CACHE/$key.tmp"
      mv "$NATIVE_CACHE/$key.tmp" "$NATIVE_CACHE/$key"
      echo "$m built in $(( $(date +%s) - t0 )) s"
    fi
  done
  node -e "require('better-sqlite3'); require('@abandonware/bluetooth-hci-socket')" ||
    die "native modules do not load with $(node -v)"
}
if [ "$native_only" = 1 ]; then
  build_native
  cd /; rm -rf "$PREFIX.new"
  echo "native modules cached in $NATIVE_CACHE"
  exit 0
fi
build_native
chown -R root:root "$PREFIX.new"
chmod -R go-w "$PREFIX.new"
cd /

step "settings in $ENV_FILE"
install -d -m 0750 -o root -g "$SVC_USER" "$ETC"
if [ ! -f "$ENV_FILE" ]; then
  install -m 0640 -o root -g "$SVC_USER" /dev/null "$ENV_FILE"
  cat >"$ENV_FILE" <<'ENV'
# Bluezone kiosk core settings (see README "Raspberry Pi"). Re-running install.sh with
# options changes single values and keeps the rest. Readable by root and the core only.
BZ_SERVER_URL=
BZ_ENROLLMENT_CODE=
BZ_STAFF_PIN=
TZ=Asia/Ho_Chi_Minh
# Calibration: RSSI of a phone held 1 m from the kiosk.
BZ_RSSI_AT_1M=-59
# Adapters: empty means the first adapter for both roles.
BZ_SCANNER_HCI=
BZ_BEACON_HCI=
ENV
  echo "created $ENV_FILE"
fi
set_env() {
  local k=$1 v=$2 tmpf
  tmpf=$(mktemp "$ETC/.core.env.XXXXXX")
  if grep -q "^$k=" "$ENV_FILE"; then
    K="$k" V="$v" awk 'BEGIN{k=ENVIRON["K"]; v=ENVIRON["V"]} index($0, k "=")==1 {print k "=" v; next} {print}' "$ENV_FILE" >"$tmpf"
  else
    cat "$ENV_FILE" >"$tmpf"; printf '%s=%s\n' "$k" "$v" >>"$tmpf"
  fi
  chown root:"$SVC_USER" "$tmpf"; chmod 0640 "$tmpf"; mv "$tmpf" "$ENV_FILE"
}
for k in "${!settings[@]}"; do
  set_env "$k" "${settings[$k]}"
  case $k in BZ_STAFF_PIN|BZ_ENROLLMENT_CODE) echo "set $k (hidden)" ;; *) echo "set $k=${settings[$k]}" ;; esac
done
env_get() { sed -n "s/^$1=//p" "$ENV_FILE" | tail -1; }
[ -n "$(env_get BZ_SERVER_URL)" ] || warn "BZ_SERVER_URL is empty: the kiosk records but does not upload (--server-url)"
[ -n "$(env_get BZ_STAFF_PIN)" ] || warn "BZ_STAFF_PIN is empty: the staff console is open to anyone at the screen (--staff-pin)"

step "time zone and NTP"
tz=$(env_get TZ); tz=${tz:-Asia/Ho_Chi_Minh}
timedatectl set-timezone "$tz" 2>/dev/null || ln -sf "/usr/share/zoneinfo/$tz" /etc/localtime
timedatectl set-ntp true 2>/dev/null || warn "could not turn NTP on (timedatectl set-ntp true)"
synced=$(timedatectl show -p NTPSynchronized --value 2>/dev/null || echo unknown)
echo "time zone $tz, NTP synchronised: $synced"
# A Pi has no real-time clock; the kiosk does not beacon before the clock is synchronised.
[ "$synced" = yes ] || warn "clock not synchronised yet: the kiosk waits for NTP before beaconing (check the network; doctor reports it)"

step "journald cap"
install -d /etc/systemd/journald.conf.d
install -m 0644 "$PREFIX.new/assets/deploy/journald-bluezone.conf" "$JOURNALD_CONF"
systemctl restart systemd-journald

step "Bluetooth adapter"
adapters=$(ls /sys/class/bluetooth 2>/dev/null | grep -E '^hci[0-9]+$' | tr '\n' ' ' || true)
echo "adapters: ${adapters:-none}"
[ -n "$adapters" ] || warn "no Bluetooth adapter: enable the Pi's (remove dtoverlay=disable-bt from /boot/firmware/config.txt) or plug in a USB one; the core waits for it"
if [ "$keep_bluetoothd" = 0 ]; then
  # BlueZ's daemon would take the adapter from the kiosk (HCI user channel, scanning).
  if systemctl is-enabled bluetooth.service >/dev/null 2>&1 || systemctl is-active bluetooth.service >/dev/null 2>&1; then
    systemctl disable --now bluetooth.service
    echo "bluetoothd disabled"
  fi
fi

step "core service $CORE_UNIT"
sed "s|@NODE@|$node_bin|g; s|@PREFIX@|$PREFIX|g" "$PREFIX.new/assets/deploy/bluezone-kiosk-core.service" >"$UNIT_DIR/$CORE_UNIT.new"
mv "$UNIT_DIR/$CORE_UNIT.new" "$UNIT_DIR/$CORE_UNIT"
cat >"$CLI" <<CLI
#!/bin/sh
# The kiosk's command line (doctor, record) with the service's settings.
set -a; . $ENV_FILE; set +a
export NODE_ENV=production BZ_RADIO=hci BZ_DATA_DIR=$STATE
exec $node_bin $PREFIX/dist/src-main/core/cli.js "\$@"
CLI
chmod 0755 "$CLI"
# Swap the program in place: the old one is kept until the new one is running.
if [ "$start" = 1 ]; then systemctl stop "$CORE_UNIT" 2>/dev/null || true; fi
rm -rf "$PREFIX.old"
[ -d "$PREFIX" ] && mv "$PREFIX" "$PREFIX.old"
mv "$PREFIX.new" "$PREFIX"
systemctl daemon-reload
systemctl enable "$CORE_UNIT"

step "kiosk window"
window_bin=""
if [ -n "$window_deb" ]; then
  [ -f "$window_deb" ] || die "--window-deb: no file $window_deb"
  # apt resolves the package's Depends (GTK, NSS, sound, GBM, fonts) from the OS's archive:
  # fresh package lists first, else a months-old image asks the mirror for files it has
  # replaced. Recommends are left out as for every package here (the kiosk needs none).
  [ "$use_apt" = 0 ] || apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$(readlink -f "$window_deb")"
fi
command -v bluezone-kiosk >/dev/null && window_bin=$(command -v bluezone-kiosk)
if [ -z "$window_bin" ]; then
  echo "window: not installed (give --window-deb release/bluezone-kiosk_${version}_$arch.deb from npm run dist); the core runs without it"
elif [ "$kiosk_session" = 1 ]; then
  id "$WINDOW_USER" >/dev/null 2>&1 || useradd --system --create-home --home-dir "/var/lib/$WINDOW_USER" --shell /usr/sbin/nologin --groups video,render,input "$WINDOW_USER" 2>/dev/null ||
    useradd --system --create-home --home-dir "/var/lib/$WINDOW_USER" --shell /usr/sbin/nologin "$WINDOW_USER"
  sed "s|@WINDOW@|$window_bin|g; s|@USER@|$WINDOW_USER|g" "$PREFIX/assets/deploy/bluezone-kiosk-window.service" >"$UNIT_DIR/$WINDOW_UNIT"
  rm -f "$AUTOSTART"
  systemctl daemon-reload
  systemctl disable getty@tty1.service 2>/dev/null || true
  systemctl enable "$WINDOW_UNIT"
  systemctl set-default graphical.target
  echo "window: full screen on tty1 (cage) at boot"
else
  install -d /etc/xdg/autostart
  sed "s|@WINDOW@|$window_bin|g" "$PREFIX/assets/deploy/bluezone-kiosk.desktop" >"$AUTOSTART"
  echo "window: starts with the desktop session ($AUTOSTART)"
fi

if [ "$start" = 1 ]; then
  step "start"
  systemctl restart "$CORE_UNIT"
  systemctl is-active --quiet "$CORE_UNIT" || { journalctl -u "$CORE_UNIT" -n 30 --no-pager >&2; die "$CORE_UNIT did not start"; }
  echo "$CORE_UNIT active"
  [ -z "$window_bin" ] || [ "$kiosk_session" = 0 ] || systemctl restart "$WINDOW_UNIT"
fi
rm -rf "$PREFIX.old"
echo "bluezone-kiosk $version installed. Check it with: sudo $CLI doctor"

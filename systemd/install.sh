#!/bin/sh
# Installs a Nocturne bedside unit (and, with --role controller|both, the controller) on a fresh
# Raspberry Pi OS Lite (64-bit, Bookworm or later). From a checkout, as root:
#
#   sudo sh systemd/install.sh [--yes | --no-boot-config] [--card NAME] [--role device|controller|both]
#
# Idempotent: a second run changes nothing (tests/systemd/install.test.ts runs it twice in a
# throwaway root and compares checksums). What it does and why: systemd/README.md.
#
#   --yes             enable I2C and the PWM overlay in config.txt without asking
#   --no-boot-config  leave config.txt alone
#   --card NAME       ALSA card for the sound (`aplay -l`); default: the one chosen before, else the
#                     first card that is not HDMI, else Headphones (the Pi 4's 3.5 mm jack)
#   --role R          device (default), controller, or both
#
# NOCTURNE_ROOT=DIR installs into DIR instead of / (for tests): files and users go there; the calls
# that act on the running system (apt-get, systemctl start, udevadm, runuser) are the caller's to stub.
set -eu

SRC=$(cd "$(dirname "$0")/.." && pwd)
ROOT=${NOCTURNE_ROOT:-}
PREFIX=/opt/nocturne
NODE_MAJOR_MIN=20
NODE_MINOR_MIN=10
PACKAGES="build-essential python3 alsa-utils i2c-tools libgpiod-dev libusb-1.0-0-dev libudev-dev"
GROUPS_DEVICE="i2c gpio dialout plugdev audio"

BOOT_CONFIG=ask
CARD=
ROLE=device
while [ $# -gt 0 ]; do
  case "$1" in
    --yes) BOOT_CONFIG=yes ;;
    --no-boot-config) BOOT_CONFIG=no ;;
    --card) CARD=${2:?--card needs a name}; shift ;;
    --role) ROLE=${2:?--role needs device, controller or both}; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$ROLE" in device|controller|both) ;; *) echo "install.sh: --role device|controller|both" >&2; exit 2 ;; esac
has_role() { [ "$ROLE" = both ] || [ "$ROLE" = "$1" ]; }

CHANGED=0
UNITS_CHANGED=0
UDEV_CHANGED=0
say() { echo "nocturne: $*"; }
changed() { CHANGED=1; say "$*"; }

# The shadow tools write into the root given (no chroot needed); "" on a real Pi.
PFX=
[ -z "$ROOT" ] || PFX="--prefix $ROOT"

# --- checks -------------------------------------------------------------------------------------
if [ -z "$ROOT" ] && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root: sudo sh $0" >&2
  exit 2
fi
node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e "const [a,b]=process.versions.node.split('.').map(Number);process.exit(a>$NODE_MAJOR_MIN||(a===$NODE_MAJOR_MIN&&b>=$NODE_MINOR_MIN)?0:1)"
}
if ! node_ok; then
  cat >&2 <<EOF
install.sh: Nocturne needs Node.js $NODE_MAJOR_MIN.$NODE_MINOR_MIN or later (found: $(node --version 2>/dev/null || echo none)).
  Raspberry Pi OS Trixie:   sudo apt-get install -y nodejs npm      (Node 20)
  Raspberry Pi OS Bookworm: its nodejs is 18; add NodeSource's Node 20 Debian repository
                            (their "setup_20.x" script, arm64 packages), then
                            sudo apt-get install -y nodejs
Then run this script again.
EOF
  exit 2
fi

# --- helpers ------------------------------------------------------------------------------------
# install_file SRC DEST MODE [GROUP]: copies only when content or mode differ; returns 1 when unchanged.
install_file() {
  dest="$ROOT$2"
  if [ -f "$dest" ] && cmp -s "$1" "$dest" && [ "$(stat -c %a "$dest")" = "$3" ]; then
    return 1
  fi
  mkdir -p "$(dirname "$dest")"
  install -m "$3" "$1" "$dest"
  [ $# -lt 4 ] || chown "0:$(gid_of "$4")" "$dest"
  changed "installed $2"
}
# ensure_dir DIR MODE OWNER GROUP
ensure_dir() {
  dest="$ROOT$1"
  want="$2 $(uid_of "$3") $(gid_of "$4")"
  if [ -d "$dest" ] && [ "$(stat -c '%a %u %g' "$dest")" = "$want" ]; then return 0; fi
  mkdir -p "$dest"
  chmod "$2" "$dest"
  chown "$(uid_of "$3"):$(gid_of "$4")" "$dest"
  changed "made $1"
}
uid_of() { if [ "$1" = root ]; then echo 0; else awk -F: -v n="$1" '$1==n{print $3}' "$ROOT/etc/passwd"; fi; }
gid_of() { if [ "$1" = root ]; then echo 0; else awk -F: -v n="$1" '$1==n{print $3}' "$ROOT/etc/group"; fi; }
has_group() { grep -q "^$1:" "$ROOT/etc/group"; }
has_user() { grep -q "^$1:" "$ROOT/etc/passwd"; }
in_group() { awk -F: -v g="$2" '$1==g{print $4}' "$ROOT/etc/group" | tr , '\n' | grep -qx "$1"; }
# A system user with its own group, in the given supplementary groups.
ensure_user() {
  user=$1 home=$2
  shift 2
  if ! has_user "$user"; then
    # shellcheck disable=SC2086
    useradd $PFX --system --user-group --home-dir "$home" --no-create-home --shell /usr/sbin/nologin "$user"
    changed "created user $user"
  fi
  for g in "$@"; do
    if ! in_group "$user" "$g"; then
      # shellcheck disable=SC2086
      usermod $PFX -aG "$g" "$user"
      changed "added $user to group $g"
    fi
  done
}

# --- packages -----------------------------------------------------------------------------------
# Build tools for the optional native packages (i2c-bus, node-libgpiod, node-hid), aplay, i2cdetect.
missing=
for p in $PACKAGES; do
  dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing="$missing $p"
done
if [ -n "$missing" ]; then
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
  say "installed packages:$missing"
fi

# --- users and groups ---------------------------------------------------------------------------
for g in $GROUPS_DEVICE; do
  if ! has_group "$g"; then
    # shellcheck disable=SC2086
    groupadd $PFX --system "$g"
    changed "created group $g"
  fi
done
# shellcheck disable=SC2086
has_role device && ensure_user nocturne /var/lib/nocturne $GROUPS_DEVICE
has_role controller && ensure_user nocturne-controller /var/lib/nocturne-controller

# --- the code -----------------------------------------------------------------------------------
# Copied and built only when the checkout differs from what was installed (a stamp of its files).
source_files() {
  (cd "$SRC" && find . -path ./node_modules -prune -o -path ./dist -prune -o -path ./data -prune \
    -o -path ./.git -prune -o -path ./coverage -prune -o -type f -print0 | LC_ALL=C sort -z)
}
stamp=$(source_files | (cd "$SRC" && xargs -0 sha256sum) | sha256sum | cut -c1-64)
if [ "$(cat "$ROOT$PREFIX/.source-sha256" 2>/dev/null || true)" != "$stamp" ]; then
  mkdir -p "$ROOT$PREFIX"
  find "$ROOT$PREFIX" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
  source_files | (cd "$SRC" && tar --null -cf - -T -) | (cd "$ROOT$PREFIX" && tar -xf - --no-same-owner)
  # npm ci builds too (the package's prepare script), with the optional hardware packages; the
  # build tools are dropped after (an SD card has better uses for 300 MB).
  (cd "$ROOT$PREFIX" && npm ci && npm prune --omit=dev)
  echo "$stamp" > "$ROOT$PREFIX/.source-sha256"
  changed "installed the code in $PREFIX"
fi

# `nocturne` on the PATH for the technician (config check, doctor, logs).
tmp=$(mktemp)
printf '#!/bin/sh\nexec node %s/dist/bin/nocturne.js "$@"\n' "$PREFIX" > "$tmp"
install_file "$tmp" /usr/local/bin/nocturne 755 || true
rm -f "$tmp"

# --- boot config: I2C and the hardware PWM overlay (a reboot applies them) -----------------------
BOOT=/boot/firmware/config.txt
[ -f "$ROOT$BOOT" ] || BOOT=/boot/config.txt
if has_role device && [ -f "$ROOT$BOOT" ]; then
  block=$(printf '# BEGIN nocturne (systemd/config.txt.snippet)\n%s\n# END nocturne\n' \
    "$(grep -v '^# Append' "$SRC/systemd/config.txt.snippet")")
  current=$(sed -n '/^# BEGIN nocturne/,/^# END nocturne/p' "$ROOT$BOOT")
  if [ "$current" != "$block" ]; then
    answer=$BOOT_CONFIG
    if [ "$answer" = ask ]; then
      if [ -t 0 ]; then
        printf 'nocturne: enable I2C and the PWM overlay in %s (needs a reboot)? [y/N] ' "$BOOT"
        read -r reply || reply=
        case "$reply" in y|Y|yes) answer=yes ;; *) answer=no ;; esac
      else
        answer=no
        say "not asked (no terminal): run with --yes to enable I2C and PWM in $BOOT"
      fi
    fi
    if [ "$answer" = yes ]; then
      tmp=$(mktemp)
      sed '/^# BEGIN nocturne/,/^# END nocturne/d' "$ROOT$BOOT" > "$tmp"
      printf '%s\n' "$block" >> "$tmp"
      cat "$tmp" > "$ROOT$BOOT"
      rm -f "$tmp"
      changed "enabled I2C and the PWM overlay in $BOOT: reboot to apply"
    fi
  fi
fi

# --- udev: the oximeters, HID remotes and PWM for the service's groups (mode 0660) ----------------
if has_role device && install_file "$SRC/systemd/99-nocturne.rules" /etc/udev/rules.d/99-nocturne.rules 644; then
  UDEV_CHANGED=1
fi

# --- ALSA: dmix on the chosen card at the unit's format, a buffer sized against underruns --------
if has_role device; then
  if [ -z "$CARD" ] && [ -f "$ROOT/etc/asound.conf" ]; then
    CARD=$(sed -n 's/^ *card \([A-Za-z0-9_-]*\)$/\1/p' "$ROOT/etc/asound.conf" | head -n 1)
  fi
  if [ -z "$CARD" ] && [ -f "$ROOT/proc/asound/cards" ]; then
    CARD=$(sed -n 's/^ *[0-9][0-9]* \[\([A-Za-z0-9_-]*\) *\].*/\1/p' "$ROOT/proc/asound/cards" | grep -vi hdmi | head -n 1 || true)
  fi
  CARD=${CARD:-Headphones}
  tmp=$(mktemp)
  sed "s/CARD=Headphones,/CARD=$CARD,/; s/^    card Headphones$/    card $CARD/" "$SRC/systemd/asound.conf" > "$tmp"
  if [ -f "$ROOT/etc/asound.conf" ] && ! grep -q 'for a Nocturne unit' "$ROOT/etc/asound.conf" &&
    [ ! -f "$ROOT/etc/asound.conf.before-nocturne" ]; then
    cp -p "$ROOT/etc/asound.conf" "$ROOT/etc/asound.conf.before-nocturne"
    changed "kept the old /etc/asound.conf as /etc/asound.conf.before-nocturne"
  fi
  install_file "$tmp" /etc/asound.conf 644 || true
  rm -f "$tmp"
fi

# --- directories and the unit config ------------------------------------------------------------
ensure_dir /etc/nocturne 750 root "$(has_role device && echo nocturne || echo nocturne-controller)"
if has_role device && [ ! -f "$ROOT/etc/nocturne/unit.json" ]; then
  install -m 640 "$SRC/systemd/unit.example.json" "$ROOT/etc/nocturne/unit.json"
  chown "0:$(gid_of nocturne)" "$ROOT/etc/nocturne/unit.json"
  changed "wrote /etc/nocturne/unit.json from the example: edit it (docs/device-config.md)"
fi

# --- systemd units ------------------------------------------------------------------------------
for role in device controller; do
  has_role "$role" || continue
  if install_file "$SRC/systemd/nocturne-$role.service" "/etc/systemd/system/nocturne-$role.service" 644; then
    UNITS_CHANGED=1
  fi
  if ! systemctl ${ROOT:+--root="$ROOT"} is-enabled --quiet "nocturne-$role.service" 2>/dev/null; then
    systemctl ${ROOT:+--root="$ROOT"} enable --quiet "nocturne-$role.service"
    changed "enabled nocturne-$role.service"
  fi
done

# --- act on the running system ------------------------------------------------------------------
if [ "$UDEV_CHANGED" = 1 ]; then
  udevadm control --reload
  udevadm trigger --subsystem-match=hidraw --subsystem-match=tty --subsystem-match=pwm
fi
[ "$UNITS_CHANGED" = 0 ] || systemctl daemon-reload
NOCTURNE="node $ROOT$PREFIX/dist/bin/nocturne.js"
CONFIG=$ROOT/etc/nocturne/unit.json
for role in device controller; do
  has_role "$role" || continue
  if [ "$role" = device ] && ! runuser -u nocturne -- $NOCTURNE config check "$CONFIG" >/dev/null; then
    say "fix /etc/nocturne/unit.json (above), then: sudo systemctl restart nocturne-device"
    continue
  fi
  if [ "$CHANGED" = 1 ]; then
    systemctl restart "nocturne-$role.service"
    say "restarted nocturne-$role.service"
  elif ! systemctl is-active --quiet "nocturne-$role.service"; then
    systemctl start "nocturne-$role.service"
    say "started nocturne-$role.service"
  fi
done

[ "$CHANGED" = 1 ] || say "nothing changed"

# --- the check a technician reads ---------------------------------------------------------------
if has_role device; then
  say "doctor --config /etc/nocturne/unit.json:"
  if runuser -u nocturne -- $NOCTURNE doctor --config "$CONFIG" >/dev/null; then
    say "doctor: every configured part works"
  else
    say "doctor: something configured fails (lines above say what to fix); rerun: sudo -u nocturne $NOCTURNE doctor --config $CONFIG"
    exit 1
  fi
fi

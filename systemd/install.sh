#!/bin/sh
# Installs the Nocturne unit on a Raspberry Pi (Raspberry Pi OS Bookworm or later, Node 20+).
# Run from a checkout as root:  sudo sh systemd/install.sh
# Idempotent: safe to run again after an update.
set -eu

SRC=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=/opt/nocturne
BOOT=/boot/firmware/config.txt
[ -f "$BOOT" ] || BOOT=/boot/config.txt

[ "$(id -u)" -eq 0 ] || { echo "run as root: sudo sh $0" >&2; exit 2; }
command -v node >/dev/null || { echo "install Node.js 20 first" >&2; exit 2; }

# Build tools for the native packages (i2c-bus, node-libgpiod), libgpiod and libusb for node-hid.
apt-get install -y --no-install-recommends build-essential python3 libgpiod-dev libusb-1.0-0 i2c-tools

# A service user in the hardware groups.
for g in i2c gpio dialout plugdev audio; do getent group "$g" >/dev/null || groupadd --system "$g"; done
id nocturne >/dev/null 2>&1 || useradd --system --home /var/lib/nocturne --shell /usr/sbin/nologin nocturne
usermod -aG i2c,gpio,dialout,plugdev,audio nocturne
install -d -o nocturne -g nocturne /var/lib/nocturne
install -d /etc/nocturne

# The code, built with its optional hardware packages.
mkdir -p "$PREFIX"
cp -a "$SRC/." "$PREFIX/"
(cd "$PREFIX" && npm ci && npm run build)

# Boot config: I2C and the PWM overlay, once (a reboot applies them).
if ! grep -q '^# Nocturne' "$BOOT"; then
  { echo; echo '# Nocturne'; cat "$SRC/systemd/config.txt.snippet"; } >> "$BOOT"
  echo "added I2C and PWM lines to $BOOT: reboot to apply"
fi

install -m 0644 "$SRC/systemd/99-nocturne.rules" /etc/udev/rules.d/99-nocturne.rules
udevadm control --reload && udevadm trigger

install -m 0644 "$SRC/systemd/nocturne-device.service" /etc/systemd/system/nocturne-device.service
systemctl daemon-reload
if [ -f /etc/nocturne/unit.json ]; then
  systemctl enable --now nocturne-device.service
else
  echo "write /etc/nocturne/unit.json (docs/device-config.md), then: systemctl enable --now nocturne-device"
fi
echo "check the hardware with: sudo -u nocturne node $PREFIX/dist/bin/nocturne.js doctor --config /etc/nocturne/unit.json"

#!/usr/bin/env bash
# Install the reference kiosk on a Debian 12 kiosk PC: it starts at boot on a bare X server,
# restarts itself, and logs to the journal (docs/decisions/0025-kiosk-on-a-real-machine.md).
#
#   sudo deploy/install-kiosk.sh            # or: sudo make install-kiosk
#   DESTDIR=/tmp/k deploy/install-kiosk.sh  # only lay the files out under /tmp/k (no root needed)
#
# Safe to run again (an upgrade): the configuration and the state directory are kept.
# Afterwards: edit /etc/kiosk-twin/kiosk.toml (kiosk_id, kiosk_key, backend_url), then
#   systemctl restart kiosk-twin        journalctl -u kiosk-twin -f
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dest="${DESTDIR:-}"
real=$([ -z "$dest" ] && echo 1 || echo 0)

if [ "$real" = 1 ] && [ "$(id -u)" -ne 0 ]; then
  echo "install-kiosk: run as root (sudo), or set DESTDIR to lay the files out elsewhere" >&2
  exit 1
fi

if [ "$real" = 1 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends \
    xserver-xorg-core xserver-xorg-input-libinput x11-xserver-utils \
    pcscd libpcsclite1 libsane1 sane-utils espeak-ng fonts-ocr-b python3-venv >/dev/null
  id kiosk >/dev/null 2>&1 || useradd --system --user-group --home-dir /var/lib/kiosk-twin --shell /usr/sbin/nologin kiosk
  for group in video input scanner lp; do
    getent group "$group" >/dev/null && usermod -a -G "$group" kiosk
  done
  [ -x /opt/kiosk-twin/venv/bin/python ] || python3 -m venv /opt/kiosk-twin/venv
  /opt/kiosk-twin/venv/bin/pip install -q --upgrade pip
  # The device extra brings pyscard and python-sane; the emulators (twin extra) stay off a kiosk.
  /opt/kiosk-twin/venv/bin/pip install -q -c "$repo/constraints.txt" "$repo[devices]"
fi

install -d "$dest/etc/systemd/system" "$dest/usr/lib/kiosk-twin" "$dest/usr/share/doc/kiosk-twin" "$dest/etc/kiosk-twin"
install -m 0644 "$repo"/deploy/systemd/kiosk-twin.service "$repo"/deploy/systemd/kiosk-twin-display.service "$dest/etc/systemd/system/"
install -m 0755 "$repo/deploy/bin/display-ready" "$dest/usr/lib/kiosk-twin/display-ready"
install -m 0644 "$repo/docs/decisions/0025-kiosk-on-a-real-machine.md" "$dest/usr/share/doc/kiosk-twin/"

config="$dest/etc/kiosk-twin/kiosk.toml"
if [ ! -e "$config" ]; then
  # A fresh staff PIN, shown once here; it is only in the configuration file afterwards.
  pin="$(python3 -c 'import secrets; print(f"{secrets.randbelow(10**6):06d}")')"
  sed "s/^staff_pin = \"\"/staff_pin = \"$pin\"/" "$repo/deploy/kiosk.toml" > "$config"
  chmod 0640 "$config"
  echo "install-kiosk: staff PIN to leave the kiosk (Ctrl+Alt+Shift+K, or tap the four corners clockwise): $pin"
fi

if [ "$real" = 1 ]; then
  chown root:kiosk "$config"
  systemctl daemon-reload
  systemctl enable kiosk-twin-display.service kiosk-twin.service
  systemctl set-default graphical.target >/dev/null
  echo "install-kiosk: edit $config (kiosk_id, kiosk_key, backend_url), then: systemctl restart kiosk-twin"
fi

#!/usr/bin/env bash
# Installs the Debian packages the integration tier and the kiosk need, when it can (root + apt).
# Quiet and quick when everything is already there; never fails the build for lack of root.
set -u
pkgs=(pcscd vsmartcard-vpcd libpcsclite-dev libsane1 libsane-dev gcc python3-dev python3-venv swig espeak-ng fonts-ocr-b chromium wrk xvfb x11-apps xdotool tesseract-ocr systemd)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: missing Debian packages (${missing[*]}); run 'make setup' as root to install them." >&2
  echo "      The integration tier will skip with a reason until they are there." >&2
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

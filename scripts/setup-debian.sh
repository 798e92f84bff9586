#!/usr/bin/env bash
# Installs what gongshi's tests need on Debian (or Ubuntu, UOS): headless
# Chromium and its WebDriver for the browser tier, zbar to decode kiosk QR
# codes, poppler to count printed A4 pages, two CJK fonts (the kiosk layout
# is tested with both), nginx, Node.js/npm for the ES5 lint of the kiosk
# script, and Lighthouse (`npm ci`, as the calling user). The only script
# that needs root: it uses sudo when not run as root, and does nothing at
# all when everything is already there.
#
#   bash scripts/setup-debian.sh && bash scripts/test.sh
set -euo pipefail

packages=(chromium chromium-driver zbar-tools poppler-utils fonts-noto-cjk fonts-wqy-zenhei nginx)

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

need=()
for p in "${packages[@]}"; do
  installed "$p" || need+=("$p")
done
# Node.js may come from elsewhere (nvm, NodeSource): only its commands count.
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)

# The test tier's npm packages (Lighthouse), exactly as locked in
# package-lock.json; as the calling user, never as root. Lighthouse uses
# Debian's Chromium (CHROME_PATH), so no browser is downloaded.
npm_packages() {
  local root
  root="$(cd "$(dirname "$0")/.." && pwd)"
  if [ -f "$root/package-lock.json" ] && [ ! -x "$root/node_modules/.bin/lighthouse" ]; then
    echo "setup-debian: npm ci (Lighthouse for the browser tier)"
    (cd "$root" && npm ci --no-audit --no-fund)
  fi
}

if [ ${#need[@]} -eq 0 ]; then
  npm_packages
  echo "setup-debian: everything the tests need is installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-debian: not a Debian-like system; please install: ${need[*]}" >&2
  exit 2
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup-debian: run as root or install sudo" >&2; exit 2; }
  SUDO=(sudo)
fi

echo "setup-debian: installing ${need[*]}"
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
npm_packages

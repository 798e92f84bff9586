#!/usr/bin/env bash
# Lints the JavaScript gongshi ships as ES5 (eslint.config.mjs): the kiosk
# board's script and serve's live-reload script. Needs Node.js and npm; the
# exact eslint comes from package-lock.json. Exits non-zero on any problem.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npx --no-install eslint --max-warnings 0 "themes/default/templates/kiosk/*.js" "src/**/*.js"

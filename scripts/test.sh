#!/usr/bin/env bash
# Every test of gongshi, tier by tier (see tests/README.md). Needs no root:
# run scripts/setup-debian.sh first on a fresh machine.
#
#   fast     cargo test                        what every edit should run
#   slow     cargo test -- --ignored           crash, race and proptest cases
#   browser  cargo test --test browser         headless Chromium
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== fast tier"
cargo test --locked

echo "== slow tier"
cargo test --locked -- --ignored

echo "== browser tier"
# In CI the browser tests run for real: a missing browser fails, never skips.
GONGSHI_BROWSER_TESTS=required cargo test --locked --test browser

#!/usr/bin/env bash
# Every test of gongshi, tier by tier (see tests/README.md). Needs no root:
# run scripts/setup-debian.sh first on a fresh machine.
#
#   fast     cargo test                        what every edit should run
#   slow     cargo test -- --ignored           crash, race and proptest cases
#   browser  cargo test --test browser         headless Chromium
#   deb      scripts/test-deb.sh               the .deb built, installed, run,
#                                              removed (root; else skipped)
# and any other test target that `cargo test` leaves out (`test = false`
# in Cargo.toml), each run with `cargo test --test NAME`.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== fast tier"
cargo test --workspace --locked

echo "== slow tier"
cargo test --workspace --locked -- --ignored

# In CI these run for real: a missing browser or server fails, never skips.
export GONGSHI_BROWSER_TESTS=required GONGSHI_NGINX_TESTS=required
for target in $(bash scripts/explicit-test-targets.sh); do
  echo "== $target tier"
  cargo test --locked --test "$target"
done

# Last, apart from cargo test: builds a release and the .deb, installs it
# with dpkg (as root; skipped otherwise, except in CI), runs it, removes it.
echo "== deb tier"
bash scripts/test-deb.sh

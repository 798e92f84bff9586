#!/usr/bin/env bash
# Prints the test targets that `cargo test` leaves out (`test = false` in a
# `[[test]]` section of Cargo.toml), one a line: the browser tier and the
# like, which scripts/test.sh and .ci/run name one by one.
set -euo pipefail
cd "$(dirname "$0")/.."
awk '
  /^\[/ { section = $0; name = "" }
  section == "[[test]]" && /^name *=/ { name = $0; sub(/^name *= *"/, "", name); sub(/".*$/, "", name) }
  section == "[[test]]" && /^test *= *false/ && name != "" { print name }
' Cargo.toml

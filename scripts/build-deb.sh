#!/usr/bin/env bash
# Builds the .deb for Debian, UOS and Kylin into target/debian/:
#   1. the release binary;
#   2. what it generates from its own command-line definitions (the same
#      ones `--help` shows): man pages, English in man1 and Chinese in
#      zh_CN/man1, and bash/zsh/fish completions (Chinese descriptions: the
#      .deb is for committee staff), into target/assets/;
#   3. `cargo deb --no-build --strip`, which packs them as
#      [package.metadata.deb] in Cargo.toml lists, with the example site and
#      the docs; stripped, as the release profile's line tables are for
#      developers' backtraces, not for the package.
# Needs cargo-deb (`cargo install cargo-deb --locked`). Prints the .deb's path.
#
#   bash scripts/build-deb.sh && sudo apt install ./target/debian/gongshi_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo-deb >/dev/null 2>&1 || {
  echo "build-deb: cargo-deb is missing: cargo install cargo-deb --locked" >&2
  exit 1
}

cargo build --release --locked >&2
bin="${CARGO_TARGET_DIR:-target}/release/gongshi"

# Always target/assets (not CARGO_TARGET_DIR): Cargo.toml names it so.
assets=target/assets
rm -rf "$assets"
mkdir -p "$assets/man/zh_CN" "$assets/completions"
"$bin" man "$assets/man" --lang en
"$bin" man "$assets/man/zh_CN" --lang zh
"$bin" completions bash --lang zh >"$assets/completions/gongshi.bash"
"$bin" completions zsh --lang zh >"$assets/completions/_gongshi"
"$bin" completions fish --lang zh >"$assets/completions/gongshi.fish"

out="${CARGO_TARGET_DIR:-target}/debian"
rm -f "$out"/gongshi_*.deb
cargo deb --no-build --strip --output "$out" >&2
ls "$out"/gongshi_*.deb

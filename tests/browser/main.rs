//! The browser tier: what only headless Chromium can tell (layout, overflow,
//! whether a script ran, QR codes, printing). Not run by `cargo test`
//! (`test = false` in Cargo.toml); run it with `cargo test --test browser`,
//! as `scripts/test.sh` and CI do. See `tests/README.md`.

// A test crate has no API: `pub` only shares helpers between its modules.
#![allow(unreachable_pub)]

#[path = "../testsuite/support/mod.rs"]
mod support;

mod chrome;
mod device;
mod kiosk;
mod lighthouse;
mod pages;
mod search;
mod serve;
mod static_server;

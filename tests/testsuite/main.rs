//! The fast tier, run by `cargo test`: small fixture sites in temporary
//! folders, checked and built by the real binary, one test per mistake
//! staff make. `support` is the harness; browser tests are in
//! `tests/browser`, and slow ones are `#[ignore = "slow"]` (see
//! `tests/README.md`).

mod build;
mod city;
mod cli;
mod codes;
mod compliance;
mod files;
mod indexes;
mod pages;
mod privacy;
mod registry;
mod robustness;
mod search;
mod serve;
mod support;
mod syntax;
mod values;

//! The fast tier, run by `cargo test`: small fixture sites in temporary
//! folders, checked and built by the real binary, one test per mistake
//! staff make. `support` is the harness; browser tests are in
//! `tests/browser`, and slow ones are `#[ignore = "slow"]` (see
//! `tests/README.md`).

// A test crate has no API: `pub` only shares helpers between its modules.
#![allow(unreachable_pub)]

mod boards;
mod build;
mod check_filter;
mod check_then_build;
mod cli;
mod cli_lang;
mod codes;
mod compliance;
mod compliance_page;
mod data_schema;
mod dates;
mod diag_scale;
mod encoding;
mod evaluations;
mod files;
mod forgive;
mod indexes;
mod inspections;
mod new;
mod pages;
mod privacy;
mod publish_heals;
mod register;
mod registry;
mod reports;
mod residents;
mod robustness;
mod rollover;
mod schema;
mod search;
mod serve;
mod shard;
mod special_files;
mod support;
mod syntax;
mod urgent;
mod values;
mod watch;

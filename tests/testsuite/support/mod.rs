//! The harness of both test targets: a copy of a fixture site in a
//! temporary folder, changed file by file (as bytes, so any encoding can be
//! written), then checked or built by the real `gongshi` binary, the way
//! staff run it.
//!
//! `tests/testsuite` (the fast tier) declares it as `mod support;` and
//! `tests/browser` includes the same files by `#[path]`, so each target uses
//! only part of it: unused items are allowed here rather than warned about
//! in one target and used in the other.
#![allow(dead_code)]

pub mod payloads;
pub mod run;
pub mod served;
pub mod site;
pub mod tree;

// What tests use most, at `crate::support::…`; each target uses part of it.
#[allow(unused_imports)]
pub use {
    payloads::payload_site,
    run::{Run, build, build_into, gongshi},
    site::{SiteTest, example},
    tree::{html_pages, tree},
};

/// `SOURCE_DATE_EPOCH` of every test build, so that two builds of the same
/// content are byte-identical.
pub const EPOCH: &str = "1795000000";

/// Every check runs as of this date, so that overdue, stale and "the
/// current year" never depend on the day the tests run.
pub const AS_OF: &str = "2026-11-27";

/// The one compound of the minimal fixture, relative to `content/`.
pub const COMPOUND: &str = "lanting/lanyuan";

/// A valid case with one update. Tests put one mistake into it; its lines
/// are: 1 `---`, 2 title, 3 received, 4 lead, 5 status, 6 updates,
/// 7 the update, 8 `---`, 9 the body.
pub const CASE: &str = "---
title: 12号楼顶层渗水
received: 2026-11-20
lead: property_company
status: received
updates:
  - {date: 2026-11-20, status: received, by: residents_committee, note: 已登记}
---
12号楼顶层楼道雨天渗水。
";

/// Where tests add a case of their own: `lanting/lanyuan/cases/2026-003.md`.
pub const NEW_CASE: &str = "lanting/lanyuan/cases/2026-003.md";

/// `text` with `from` replaced by `to`; `from` must be there, so a test
/// cannot silently stop making the mistake it is about.
pub fn swap(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in:\n{text}");
    text.replacen(from, to, 1)
}

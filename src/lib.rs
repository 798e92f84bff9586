//! gongshi (公示): a static-site generator for the public disclosure boards
//! of residential compounds. See ARCHITECTURE.md for the map.
//!
//! The pipeline: files → [`load`] → [`validate`] → [`model`] → render →
//! output. [`build`] is the orchestrator; [`cli`] is the command line.

// The library's surface is the pipeline's entry points and what they
// return; every other module is crate-private, and `unreachable_pub`
// keeps `pub` inside them from pretending otherwise.
pub mod build;
pub mod diag;
pub mod error;
pub mod model;
// The command line (main.rs runs it; tests drive watch with their own clock)
// and the naming rules (tests check every reserved name).
pub mod cli;
pub mod names;
// The one normaliser and the publish gate: what every comparison of private
// values goes through (tests and tools spell values with it).
pub mod privacy;

mod load;
mod output;
mod render;
mod report;
mod scaffold;
mod schema;
mod url;
mod validate;

pub use error::Error;
/// The Content-Security-Policy of every phone page (what a web server in
/// front of the site should send too).
pub use render::CSP;
pub use validate::CheckOptions;
/// The pattern scan for phone, ID and room numbers (the benchmark's city
/// generator checks its invented text with it).
pub use validate::pii::scan as scan_for_personal_data;

//! gongshi (公示): a static-site generator for the public disclosure boards
//! of residential compounds. See ARCHITECTURE.md for the map.
//!
//! The pipeline: files → [`load`] → [`validate`] → [`model`] → render →
//! output. [`build`] is the orchestrator; [`cli`] is the command line.

pub mod build;
pub mod cli;
pub mod diag;
pub mod error;
pub mod load;
pub mod model;
pub mod names;
pub mod output;
pub mod privacy;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod url;
pub mod validate;

pub use error::Error;

//! The orchestrator: one function per command, each a straight line
//! through the pipeline stages.

use std::path::PathBuf;

use crate::error::Error;
use crate::validate::{self, CheckOptions, Checked};
use crate::load;

#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// The site folder, holding `content/` and optionally `themes/`.
    pub root: PathBuf,
    pub check: CheckOptions,
}

/// files → load → validate: every diagnostic, and the model when there is no error.
pub fn check(opts: &SiteOptions) -> Result<Checked, Error> {
    let loaded = load::load(&opts.root)?;
    Ok(validate::validate(loaded, &opts.check))
}

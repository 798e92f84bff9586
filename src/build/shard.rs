//! The other half of a sharded build: every published file of the
//! communities it does not render is carried into the new release as it
//! is (a hard link, so its bytes and modification time stay), after its
//! length and hash are seen to match the manifest and it passed the gate
//! again.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::error::Error;
use crate::output::Stage;
use crate::privacy::gate::GateRun;
use crate::render::{self, Boards, Shard};

/// What was carried over: the paths, and the kiosk boards' versions
/// (version.json's `boards`) read from the carried pages.
#[derive(Debug, Default)]
pub(super) struct Carried {
    paths: Vec<String>,
    pub(super) boards: Boards,
}

impl Carried {
    /// The carried pages, for the sitemap.
    pub(super) fn pages(&self) -> impl Iterator<Item = String> + '_ {
        self.paths.iter().filter(|p| p.ends_with("index.html")).cloned()
    }
}

/// Carries every published file `shard` does not render into `stage`.
/// `copied` names the attachments (published as is; the gate reads their
/// path only), from the model and the build cache; any other file's bytes
/// are read by the gate. A carried file that is damaged or missing cannot be
/// healed without rendering its community: the build stops and says so.
pub(super) fn carry(
    stage: &Stage,
    gate: &GateRun<'_>,
    shard: &Shard,
    copied: &HashSet<&str>,
) -> Result<Carried, Error> {
    let mut files = stage.published(&|p| shard.carries(p));
    for k in &mut files {
        k.copied = copied.contains(k.path.as_str());
    }
    let boards: Vec<Option<(String, String)>> = files
        .par_iter()
        .map(|k| {
            // A board's version is read from its bytes.
            let board = k.path.contains("/kiosk/");
            let Some((place, bytes)) = stage.find(k, board || !gate.passed_before(k)) else {
                return Err(Error::ShardDamaged(k.path.clone()));
            };
            if !gate.kept(k, bytes.as_deref()) {
                return Err(Error::PrivacyGate(k.path.clone()));
            }
            stage.place(k, place)?;
            let board = if board { bytes.as_deref().and_then(render::board_version) } else { None };
            Ok(board.map(|v| (k.path.clone(), v)))
        })
        .collect::<Result<_, Error>>()?;
    Ok(Carried { paths: files.into_iter().map(|k| k.path).collect(), boards: boards.into_iter().flatten().collect() })
}

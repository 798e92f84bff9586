//! The raw form of a community's monthly report narrative,
//! `content/<community>/reports/<YYYY-MM>.md`: front matter with the date it
//! was submitted to the street office, and a Markdown body with the sections
//! 经验做法 / 困难问题 / 下月计划. Kept apart from `raw.rs` because it is a
//! community-level file of its own kind.

use crate::diag::{Sp, Span};
use crate::load::raw::{FromNode, MapReader, Sink, Str};
use crate::load::yaml::Node;

/// `reports/<YYYY-MM>.md` front matter. Every key is optional: a draft has
/// no `submitted:` yet, and an empty front matter is a draft too.
#[derive(Debug, Clone)]
pub struct RawReport {
    pub span: Span,
    pub submitted: Option<Str>,
}

impl FromNode for RawReport {
    fn from_node(n: &Sp<Node>, cx: &mut Sink) -> Option<Self> {
        if n.value == Node::Null {
            return Some(RawReport { span: n.span, submitted: None });
        }
        let mut m = MapReader::new(n, cx)?;
        let submitted = m.opt(cx, "submitted");
        m.finish(cx);
        Some(RawReport { span: n.span, submitted })
    }
}

/// Shown when the front matter is missing.
pub(crate) const EXAMPLE: &str = "---\nsubmitted: 2026-11-16\n---\n## 经验做法\n……\n## 困难问题\n……\n## 下月计划\n……";

//! The raw form of an environment committee inspection,
//! `content/<community>/inspections/<YYYY-MM>.md`.

use crate::diag::{Sp, Span};
use crate::load::raw::{FromNode, MapReader, Sink, Str};
use crate::load::yaml::Node;

#[derive(Debug, Clone)]
pub struct RawInspection {
    pub span: Span,
    pub date: Option<Str>,
    pub inspectors: Vec<Str>,
    pub compounds: Vec<Str>,
    pub checked: Vec<Str>,
    pub findings: Vec<RawInspectionFinding>,
}

impl FromNode for RawInspection {
    fn from_node(n: &Sp<Node>, cx: &mut Sink) -> Option<Self> {
        let mut m = MapReader::new(n, cx)?;
        let v = RawInspection {
            span: n.span,
            date: m.req(cx, "date"),
            inspectors: m.list(cx, "inspectors"),
            compounds: m.list(cx, "compounds"),
            checked: m.list(cx, "checked"),
            findings: m.list(cx, "findings"),
        };
        m.finish(cx);
        Some(v)
    }
}

#[derive(Debug, Clone)]
pub struct RawInspectionFinding {
    pub span: Span,
    pub compound: Option<Str>,
    pub item: Option<Str>,
    pub text: Option<Str>,
    pub case: Option<Str>,
}

impl FromNode for RawInspectionFinding {
    fn from_node(n: &Sp<Node>, cx: &mut Sink) -> Option<Self> {
        let mut m = MapReader::new(n, cx)?;
        let v = RawInspectionFinding {
            span: n.span,
            compound: m.req(cx, "compound"),
            item: m.opt(cx, "item"),
            text: m.req(cx, "text"),
            case: m.opt(cx, "case"),
        };
        m.finish(cx);
        Some(v)
    }
}

/// Shown when the front matter is missing.
pub(crate) const EXAMPLE: &str = "---\ndate: 2026-11-12\ninspectors: [刘国庆, 田甜]\ncompounds: [jinxiu]\nchecked: [facilities, contract, records]\nfindings:\n  - {compound: jinxiu, item: facilities, text: 地下车库2处照明损坏, case: 2026-034}\n---\n检查情况……";

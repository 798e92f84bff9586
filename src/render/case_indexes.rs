//! The case indexes that need no JavaScript: a compound's cases grouped by
//! building (`cases/by-building/`) and by category (`cases/by-category/`),
//! so a resident finds "my building's problems" with two taps on any phone.

use serde::Serialize;

use crate::error::Error;
use crate::model::{Case, Compound};

use super::OutFile;
use super::Renderer;
use super::views::{CaseCard, Link, Viewer};

/// One group of an index page: a building or a category and its cases.
#[derive(Debug, Serialize)]
struct CaseIndexGroup {
    /// An ASCII anchor (`b12`, `k3`, `other`): CJK fragments are awkward to share.
    id: String,
    title: String,
    cases: Vec<CaseCard>,
}

#[derive(Debug, Serialize)]
struct CaseIndexPage<'a, F: Serialize> {
    compound: &'a F,
    /// "按楼栋查看" or "按分类查看": the page's heading.
    heading: &'static str,
    /// The other index, to switch between them.
    other: Link,
    groups: Vec<CaseIndexGroup>,
}

/// A building named at the start of a case's location: its number and how
/// the compound spells it (`12号楼`, `12幢`, `12栋`; `12#` reads `12号楼`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Building {
    pub number: u32,
    pub label: String,
}

/// The buildings a location starts with: `12号楼`, or a list of them such
/// as `20号楼、21号楼之间` or `3幢、7幢屋面` (a case about two buildings
/// belongs to both). Empty when the location starts with anything else
/// (`地下车库`, `小区主干道（2幢至6幢段）`): such cases are listed under 其他.
pub(super) fn leading_buildings(location: &str) -> Vec<Building> {
    let mut out = Vec::new();
    let mut rest = location.trim_start();
    while let Some((b, after)) = building_at(rest) {
        if !out.contains(&b) {
            out.push(b);
        }
        let Some(next) = ["、", "，", ",", "和", "及", "与", " "].iter().find_map(|sep| after.strip_prefix(sep))
        else {
            break;
        };
        rest = next.trim_start();
    }
    out
}

fn building_at(s: &str) -> Option<(Building, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let number: u32 = s[..digits].parse().ok()?;
    let tail = &s[digits..];
    for (suffix, shown) in [("号楼", "号楼"), ("幢", "幢"), ("栋", "栋"), ("#", "号楼"), ("＃", "号楼")] {
        if let Some(after) = tail.strip_prefix(suffix) {
            // `12#楼` is one way to write 12号楼.
            let after = if suffix == shown { after } else { after.strip_prefix('楼').unwrap_or(after) };
            return Some((Building { number, label: format!("{number}{shown}") }, after));
        }
    }
    None
}

/// Cases in the order of the cases list: open first, then by due date.
fn sorted(p: &Compound) -> Vec<&Case> {
    let mut v: Vec<&Case> = p.cases.iter().collect();
    v.sort_by_key(|x| (!x.status.is_open(), std::cmp::Reverse(x.overdue), x.due, std::cmp::Reverse(x.received)));
    v
}

fn by_building(p: &Compound, v: &Viewer, other: &str) -> Vec<CaseIndexGroup> {
    let mut groups: Vec<(u32, CaseIndexGroup)> = Vec::new();
    let mut rest = Vec::new();
    for case in sorted(p) {
        let buildings = case.location.as_deref().map(leading_buildings).unwrap_or_default();
        if buildings.is_empty() {
            rest.push(v.case_card(case, "../../"));
        }
        for b in buildings {
            let card = v.case_card(case, "../../");
            match groups.iter_mut().find(|(n, _)| *n == b.number) {
                Some((_, g)) => g.cases.push(card),
                None => groups.push((
                    b.number,
                    CaseIndexGroup { id: format!("b{}", b.number), title: b.label, cases: vec![card] },
                )),
            }
        }
    }
    groups.sort_by_key(|(n, _)| *n);
    let mut out: Vec<CaseIndexGroup> = groups.into_iter().map(|(_, g)| g).collect();
    if !rest.is_empty() {
        out.push(CaseIndexGroup { id: "other".into(), title: other.to_string(), cases: rest });
    }
    out
}

fn by_category(p: &Compound, v: &Viewer, other: &str) -> Vec<CaseIndexGroup> {
    let mut groups: Vec<(String, Vec<CaseCard>)> = Vec::new();
    let mut rest = Vec::new();
    for case in sorted(p) {
        let card = v.case_card(case, "../../");
        match case.category.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => rest.push(card),
            Some(c) => match groups.iter_mut().find(|(k, _)| k == c) {
                Some((_, g)) => g.push(card),
                None => groups.push((c.to_string(), vec![card])),
            },
        }
    }
    // The largest groups first; ties in order of first appearance (stable).
    groups.sort_by_key(|(_, g)| std::cmp::Reverse(g.len()));
    let mut out: Vec<CaseIndexGroup> = groups
        .into_iter()
        .enumerate()
        .map(|(i, (title, cases))| CaseIndexGroup { id: format!("k{}", i + 1), title, cases })
        .collect();
    if !rest.is_empty() {
        out.push(CaseIndexGroup { id: "other".into(), title: other.to_string(), cases: rest });
    }
    out
}

impl Renderer<'_> {
    /// `cases/by-building/index.html` and `cases/by-category/index.html`.
    pub(super) fn case_indexes<F: Serialize>(
        &self,
        p: &Compound,
        dir: &str,
        frame: &F,
        crumbs: Vec<Link>,
    ) -> Result<Vec<OutFile>, Error> {
        let t = self.t;
        let building = CaseIndexPage {
            compound: frame,
            heading: t.by_building,
            other: Link { title: t.by_category.to_string(), url: "../by-category/".into() },
            groups: by_building(p, &self.view, t.other),
        };
        let category = CaseIndexPage {
            compound: frame,
            heading: t.by_category,
            other: Link { title: t.by_building.to_string(), url: "../by-building/".into() },
            groups: by_category(p, &self.view, t.other),
        };
        Ok(vec![
            self.page("case_index.html", format!("{dir}/cases/by-building/index.html"), crumbs.clone(), building)?,
            self.page("case_index.html", format!("{dir}/cases/by-category/index.html"), crumbs, category)?,
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(location: &str) -> Vec<String> {
        leading_buildings(location).into_iter().map(|b| b.label).collect()
    }

    #[test]
    fn every_spelling_of_a_leading_building() {
        assert_eq!(labels("12号楼顶层楼道"), ["12号楼"]);
        assert_eq!(labels("5幢1单元公共下水立管"), ["5幢"]);
        assert_eq!(labels("7栋北侧"), ["7栋"]);
        assert_eq!(labels("12#楼东单元"), ["12号楼"]);
        assert_eq!(labels(" 12# 门口"), ["12号楼"]);
        assert_eq!(labels("3幢、7幢屋面"), ["3幢", "7幢"]);
        assert_eq!(labels("20号楼、21号楼之间绿化带"), ["20号楼", "21号楼"]);
    }

    #[test]
    fn a_building_later_in_the_text_is_not_leading() {
        assert!(labels("地下车库C区、D区（18号楼至22号楼下方）").is_empty());
        assert!(labels("小区主干道（2幢至6幢段）").is_empty());
        assert!(labels("12单元").is_empty());
        assert!(labels("2026年").is_empty());
        assert!(labels("").is_empty());
    }
}

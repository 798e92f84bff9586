//! Narrowing what `check` prints: to some compounds or communities, some
//! codes, or errors only. The whole site is still checked (cross-site checks
//! such as the privacy register need every file), only the report is
//! filtered, and the exit code still counts every error.

use crate::diag::{Code, Diagnostic, Severity, SourceMap};

/// `--compound`, `--community`, `--code`, `--errors-only`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct NarrowArgs {
    /// 只显示这个小区的问题，写成 社区/小区（可重复）/ only this compound's problems, as community/compound (repeatable)
    #[arg(long = "compound", value_name = "COMMUNITY/COMPOUND", value_parser = parse_compound)]
    pub compounds: Vec<String>,
    /// 只显示这个社区（含其小区）的问题（可重复）/ only this community's problems, its compounds included (repeatable)
    #[arg(long = "community", value_name = "COMMUNITY", value_parser = parse_community)]
    pub communities: Vec<String>,
    /// 只显示这一类问题，如 case-overdue（可重复；代码见 docs/diagnostics.md）/ only this code (repeatable)
    #[arg(long = "code", value_name = "CODE", value_parser = parse_code)]
    pub codes: Vec<Code>,
    /// 只显示错误，不显示警告 / show errors only, no warnings
    #[arg(long)]
    pub errors_only: bool,
}

/// Where a diagnostic's file sits in `content/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Place {
    /// `site.yaml`, or no file at all.
    Site,
    /// A community's own files: `community.yaml`, `notices/`, `reports/`, `inspections/`.
    Community(String),
    /// `community/compound`: the folder and everything in it.
    Compound(String),
}

/// Folders and files of a community that belong to no compound.
const COMMUNITY_LEVEL: &[&str] = &["community.yaml", "community.yml", "notices", "reports", "inspections"];

impl Place {
    /// The place of a file by its path relative to `content/`.
    pub(crate) fn of(rel: &str) -> Place {
        let parts: Vec<&str> = rel.split('/').collect();
        match parts.as_slice() {
            [] | [_] => Place::Site,
            [c, second, rest @ ..] => {
                // A two-part path is the compound folder itself unless it names a file.
                let is_compound = !COMMUNITY_LEVEL.contains(second) && (!rest.is_empty() || !second.contains('.'));
                if is_compound { Place::Compound(format!("{c}/{second}")) } else { Place::Community((*c).to_string()) }
            }
        }
    }

    pub(crate) fn of_diag(d: &Diagnostic, sources: &SourceMap) -> Place {
        match d.loc {
            Some(loc) => Place::of(&sources.get(loc.file()).rel),
            None => Place::Site,
        }
    }

    fn community(&self) -> Option<&str> {
        match self {
            Place::Site => None,
            Place::Community(c) => Some(c),
            Place::Compound(p) => p.split('/').next(),
        }
    }
}

/// What a filtered report shows, and how much it left out.
#[derive(Debug, Default)]
pub(crate) struct Selection {
    pub shown: Vec<Diagnostic>,
    pub hidden_errors: usize,
    pub hidden_warnings: usize,
}

impl NarrowArgs {
    /// Whether any filter was given.
    pub fn is_active(&self) -> bool {
        !self.compounds.is_empty() || !self.communities.is_empty() || !self.codes.is_empty() || self.errors_only
    }

    /// Whether `d` passes every filter: any of the places, any of the codes.
    fn keeps(&self, d: &Diagnostic, sources: &SourceMap) -> bool {
        if self.errors_only && d.severity != Severity::Error {
            return false;
        }
        if !self.codes.is_empty() && !self.codes.contains(&d.code) {
            return false;
        }
        if self.compounds.is_empty() && self.communities.is_empty() {
            return true;
        }
        let place = Place::of_diag(d, sources);
        let in_compound = matches!(&place, Place::Compound(p) if self.compounds.contains(p));
        let in_community = place.community().is_some_and(|c| self.communities.iter().any(|x| x == c));
        in_compound || in_community
    }

    pub(crate) fn select(&self, diags: &[Diagnostic], sources: &SourceMap) -> Selection {
        let mut sel = Selection::default();
        for d in diags {
            if self.keeps(d, sources) {
                sel.shown.push(d.clone());
            } else if d.severity == Severity::Error {
                sel.hidden_errors += 1;
            } else {
                sel.hidden_warnings += 1;
            }
        }
        sel
    }

    /// The `--compound` and `--community` values that name no folder of
    /// the site: a typo would otherwise hide everything and look clean.
    pub fn unknown_places(&self, sources: &SourceMap) -> Vec<String> {
        let places: Vec<Place> = sources.files.iter().map(|f| Place::of(&f.rel)).collect();
        let compounds = self
            .compounds
            .iter()
            .filter(|c| !places.iter().any(|p| matches!(p, Place::Compound(x) if x == *c)))
            .cloned();
        let communities =
            self.communities.iter().filter(|c| !places.iter().any(|p| p.community() == Some(c.as_str()))).cloned();
        compounds.chain(communities).collect()
    }
}

fn parse_compound(s: &str) -> Result<String, String> {
    let s = s.trim().trim_matches('/').replace('\\', "/");
    match s.split('/').collect::<Vec<_>>().as_slice() {
        [c, p] if !c.is_empty() && !p.is_empty() => Ok(s),
        _ => Err(format!(
            "应写成 社区/小区，例如 hepingli/jinxiu（write community/compound, e.g. hepingli/jinxiu）: {s}"
        )),
    }
}

fn parse_community(s: &str) -> Result<String, String> {
    let s = s.trim().trim_matches('/');
    if s.is_empty() || s.contains(['/', '\\']) {
        return Err(format!("应写社区文件夹的名字，例如 hepingli（write the community's folder, e.g. hepingli）: {s}"));
    }
    Ok(s.to_string())
}

fn parse_code(s: &str) -> Result<Code, String> {
    let s = s.trim();
    if let Some(c) = Code::ALL.iter().find(|c| c.as_str() == s) {
        return Ok(*c);
    }
    let near = Code::ALL
        .iter()
        .map(|c| (strsim::levenshtein(s, c.as_str()), c.as_str()))
        .min()
        .filter(|(d, _)| *d <= 3)
        .map(|(_, c)| format!("你是不是想写 {c}？(did you mean {c}?) "))
        .unwrap_or_default();
    Err(format!("不认识的代码 `{s}`（unknown code）。{near}代码见 docs/diagnostics.md（codes: docs/diagnostics.md）"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_of_files() {
        assert_eq!(Place::of("site.yaml"), Place::Site);
        assert_eq!(Place::of("hepingli"), Place::Site);
        assert_eq!(Place::of("hepingli/community.yaml"), Place::Community("hepingli".into()));
        assert_eq!(Place::of("hepingli/notices/2026-11-01-x.md"), Place::Community("hepingli".into()));
        assert_eq!(Place::of("hepingli/reports/2026-11.md"), Place::Community("hepingli".into()));
        assert_eq!(Place::of("hepingli/stray.txt"), Place::Community("hepingli".into()));
        assert_eq!(Place::of("hepingli/jinxiu"), Place::Compound("hepingli/jinxiu".into()));
        assert_eq!(Place::of("hepingli/jinxiu/cases/2026-001.md"), Place::Compound("hepingli/jinxiu".into()));
        assert_eq!(Place::of("hepingli/jinxiu/compound.yaml"), Place::Compound("hepingli/jinxiu".into()));
    }

    #[test]
    fn code_names_are_checked_and_suggested() {
        assert_eq!(parse_code("yaml-tab"), Ok(Code::YamlTab));
        let e = parse_code("yaml-tabb").err().unwrap_or_default();
        assert!(e.contains("yaml-tab"), "{e}");
        assert!(parse_compound("hepingli").is_err());
        assert_eq!(parse_compound("hepingli/jinxiu/"), Ok("hepingli/jinxiu".into()));
    }
}

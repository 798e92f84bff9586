//! `gongshi new`: writes a small working site, one file of every kind,
//! each field explained in a Chinese comment, dated around the day it is
//! made, so that a new site shows what a working compound looks like (a case
//! received ten days ago and resolved, last week's joint meeting, the next
//! one, a notice in its publicity period) instead of a year-old example.
//!
//! The files under `scaffold/` are ordinary YAML and Markdown whose dates
//! are placeholders (valid plain scalars and file names everywhere,
//! Windows included), expanded when the site is written:
//!
//! | placeholder | becomes (today 2026-11-27) |
//! |---|---|
//! | `__D__`, `__D-10__`, `__D+20__` | today, ten days ago, in twenty days: `2026-11-17` |
//! | `__ZH-8__` | the same in Chinese: `2026年11月19日` |
//! | `__Y__`, `__Y-1__` | this year, last year: `2026`, `2025` |
//! | `__MEET__` | the next joint meeting: in the coming window (last week of an even month) when it starts within a week, else a week from today |
//!
//! A hand-written expander rather than a template engine: five placeholders
//! and no logic, and the files must stay plain YAML in the repository.

use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};
use include_dir::{Dir, include_dir};

use crate::error::Error;
use crate::model::policy;

static SCAFFOLD: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/scaffold");

/// The scaffold's `site.yaml` says Asia/Shanghai; "today" is taken there.
const UTC_OFFSET_SECONDS: i64 = 8 * 3600;

/// Today at UTC+8, the scaffold's timezone.
pub(crate) fn today() -> NaiveDate {
    (chrono::Utc::now().naive_utc() + Duration::seconds(UTC_OFFSET_SECONDS)).date()
}

/// Creates the site in `dir`, dated around `today`; `dir` must be absent or
/// empty: nothing is overwritten.
pub(crate) fn create(dir: &Path, today: NaiveDate) -> Result<(), Error> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            return Err(Error::NewSiteNotEmpty(dir.to_path_buf()));
        }
    }
    let dates = Dates::new(today);
    write_dir(&SCAFFOLD, dir, &dates)?;
    editor_settings(dir)
}

/// Where `new` puts the schemas, relative to the site folder.
const SCHEMA_DIR: &str = ".vscode/gongshi-schemas";

/// `.vscode/settings.json` and the schemas it maps, so that VS Code with
/// the YAML extension completes and explains every field (docs/editor.md).
fn editor_settings(dir: &Path) -> Result<(), Error> {
    crate::schema::write(&dir.join(SCHEMA_DIR))?;
    crate::schema::write_json(&dir.join(".vscode/settings.json"), &crate::schema::vscode_settings(SCHEMA_DIR))
}

fn write_dir(d: &Dir<'_>, to: &Path, dates: &Dates) -> Result<(), Error> {
    for f in d.files() {
        let rel = dates.expand(&f.path().to_string_lossy());
        let path = to.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let is_text = matches!(f.path().extension().and_then(|e| e.to_str()), Some("yaml" | "md"));
        let bytes = match f.contents_utf8() {
            Some(text) if is_text => dates.expand(text).into_bytes(),
            // Attachments are written as they are.
            _ => f.contents().to_vec(),
        };
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
    }
    for sub in d.dirs() {
        write_dir(sub, to, dates)?;
    }
    Ok(())
}

/// The days the placeholders stand for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dates {
    today: NaiveDate,
    meeting: NaiveDate,
}

impl Dates {
    pub(crate) fn new(today: NaiveDate) -> Dates {
        // A joint meeting due within a week (the policy's reminder range)
        // is scheduled inside its window, so a new site gets no reminder.
        let (start, end) = policy::next_joint_window(today);
        let next_week = today + Duration::days(7);
        let meeting = if next_week >= start { next_week.clamp(start.max(today), end) } else { next_week };
        Dates { today, meeting }
    }

    /// `text` with every placeholder replaced; anything else is kept as it is.
    pub(crate) fn expand(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find("__") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 2..];
            match after.find("__").and_then(|end| Some((self.value(&after[..end])?, end))) {
                Some((value, end)) => {
                    out.push_str(&value);
                    rest = &after[end + 2..];
                }
                None => {
                    out.push_str("__");
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The value of one placeholder's name (`D-10`, `Y`, `MEET`), if it is one.
    fn value(&self, name: &str) -> Option<String> {
        if name == "MEET" {
            return Some(self.meeting.to_string());
        }
        let split = name.find(['+', '-']).unwrap_or(name.len());
        let (kind, offset) = name.split_at(split);
        let offset: i64 = match offset {
            "" => 0,
            o => o.parse().ok()?,
        };
        let day = |o: i64| self.today.checked_add_signed(Duration::days(o));
        match kind {
            "D" => day(offset).map(|d| d.to_string()),
            "ZH" => day(offset).map(|d| format!("{}年{}月{}日", d.year(), d.month(), d.day())),
            "Y" => Some((i64::from(self.today.year()) + offset).to_string()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        crate::validate::parse_date(s).unwrap_or_default()
    }

    #[test]
    fn placeholders_are_expanded_and_the_rest_kept() {
        let d = Dates::new(date("2026-11-27"));
        assert_eq!(d.expand("received: __D-10__"), "received: 2026-11-17");
        assert_eq!(d.expand("due: __D+20__ / __D__"), "due: 2026-12-17 / 2026-11-27");
        assert_eq!(d.expand("__ZH-8__下午"), "2026年11月19日下午");
        assert_eq!(d.expand("pledges/__Y__.yaml, __Y-1__-12-20"), "pledges/2026.yaml, 2025-12-20");
        assert_eq!(d.expand("__init__ and __ and __X-1__ stay"), "__init__ and __ and __X-1__ stay");
    }

    #[test]
    fn the_next_meeting_falls_in_the_window_when_it_is_near() {
        // The window of December 2026 is its last week (from the 25th).
        assert_eq!(Dates::new(date("2026-12-20")).meeting, date("2026-12-27"));
        assert_eq!(Dates::new(date("2026-12-10")).meeting, date("2026-12-17"));
        assert_eq!(Dates::new(date("2026-12-30")).meeting, date("2026-12-31"));
        assert_eq!(Dates::new(date("2026-12-31")).meeting, date("2026-12-31"));
    }

    #[test]
    fn every_scaffold_placeholder_is_known() {
        fn walk(d: &Dir<'_>, dates: &Dates) {
            for f in d.files() {
                let path = dates.expand(&f.path().to_string_lossy());
                assert!(!path.contains("__"), "{path}");
                if let Some(text) = f.contents_utf8() {
                    let text = dates.expand(text);
                    assert!(!text.contains("__"), "{path}: {text}");
                }
            }
            d.dirs().for_each(|s| walk(s, dates));
        }
        walk(&SCAFFOLD, &Dates::new(date("2027-03-01")));
    }
}

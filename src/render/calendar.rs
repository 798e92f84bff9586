//! `calendar.ics` (RFC 5545) for the street, each community and each
//! compound: the policy's dates (joint-meeting windows, the monthly report,
//! the December evaluation) for the twelve months from the as-of date; and,
//! for a compound (and, named by compound, its community), scheduled
//! meetings, notice periods and open cases' due dates. The street's calendar
//! holds the policy's dates only, so it stays small for a whole city.
//!
//! Written by hand rather than with a calendar crate: the format needed is
//! small (all-day events, five properties), and the bytes must be a function
//! of the content and the as-of date only (`DTSTAMP` is the as-of date, UIDs
//! are made from paths), which generic writers do not promise.

use chrono::NaiveDate;

use crate::diag::Lang;
use crate::model::policy::{PolicyKind, policy_dates};
use crate::model::{Community, Compound, NoticeState, Site};

use super::OutFile;

/// How many months of policy dates a calendar lists.
const MONTHS: u32 = 12;

/// One all-day event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Event {
    /// Stable across builds: made of the kind and the path of what it is about.
    pub uid: String,
    pub start: NaiveDate,
    /// Last day, inclusive.
    pub end: NaiveDate,
    pub summary: String,
    pub url: Option<String>,
}

/// The host of `base_url`, for UIDs (`…@example.org`).
fn host(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    rest.split('/').next().filter(|h| !h.is_empty()).unwrap_or("gongshi")
}

/// The policy's dates for twelve months from `site.as_of`.
pub(super) fn policy_events(site: &Site) -> Vec<Event> {
    let lang = site.settings.lang;
    let at = host(&site.settings.base_url);
    policy_dates(site.as_of, MONTHS)
        .into_iter()
        .map(|p| {
            let (key, summary) = match (p.kind, lang) {
                (PolicyKind::JointMeeting, Lang::Zh) => ("joint", "三方联席会议（双月最后一周）"),
                (PolicyKind::JointMeeting, Lang::En) => ("joint", "Joint meeting (last week of the month)"),
                (PolicyKind::MonthlyReport, Lang::Zh) => ("report", "月度报送（18日前）"),
                (PolicyKind::MonthlyReport, Lang::En) => ("report", "Monthly report (by the 18th)"),
                (PolicyKind::Evaluation, Lang::Zh) => ("evaluation", "年度评议考核"),
                (PolicyKind::Evaluation, Lang::En) => ("evaluation", "Annual evaluation"),
            };
            Event {
                uid: format!("{key}-{}@{at}", p.start.format("%Y-%m")),
                start: p.start,
                end: p.end,
                summary: summary.to_string(),
                url: None,
            }
        })
        .collect()
}

/// A compound's own dates: scheduled meetings, notice periods of notices a
/// resident may see, and the due dates of open cases. With `named`, each
/// summary starts with the compound's name (the community's calendar).
pub(super) fn compound_events(site: &Site, c: &Community, p: &Compound, named: bool) -> Vec<Event> {
    let lang = site.settings.lang;
    let at = host(&site.settings.base_url);
    let base = format!("{}/{}/{}/", site.settings.base_url, c.slug, p.slug);
    let id = format!("{}-{}", c.slug, p.slug);
    let name = |s: String| if named { format!("{}：{s}", p.name) } else { s };
    let mut out = Vec::new();
    for m in p.meetings.iter().filter(|m| m.date > site.as_of && !m.has_minutes()) {
        out.push(Event {
            uid: format!("meeting-{id}-{}@{at}", m.stem),
            start: m.date,
            end: m.date,
            summary: name(match lang {
                Lang::Zh => format!("三方联席会议（{}）", m.form.zh()),
                Lang::En => format!("Joint meeting ({})", m.form.en()),
            }),
            url: Some(format!("{base}meetings/{}/", m.stem)),
        });
    }
    for n in &p.notices {
        let state = n.state(site.as_of);
        let Some(until) = n.until.filter(|_| state != NoticeState::Hidden) else { continue };
        out.push(Event {
            uid: format!("notice-{id}-{}@{at}", n.stem),
            start: n.published,
            end: until,
            summary: name(match lang {
                Lang::Zh => format!("公示期：{}", n.title),
                Lang::En => format!("Notice period: {}", n.title),
            }),
            url: (state != NoticeState::Announced).then(|| format!("{base}notices/{}/", n.stem)),
        });
    }
    for case in p.cases.iter().filter(|x| x.status.is_open()) {
        let Some(due) = case.due else { continue };
        out.push(Event {
            uid: format!("case-{id}-{}@{at}", case.id),
            start: due,
            end: due,
            summary: name(match lang {
                Lang::Zh => format!("问题办结时限：{}", case.title),
                Lang::En => format!("Case due: {}", case.title),
            }),
            url: Some(format!("{base}cases/{}/", case.id)),
        });
    }
    out
}

/// `calendar.ics` at the root: the policy's dates.
pub(super) fn street(site: &Site) -> OutFile {
    let name = match site.settings.lang {
        Lang::Zh => format!("{} 三方联动日程", site.settings.street),
        Lang::En => format!("{}: dates of the policy", site.settings.street),
    };
    file("calendar.ics".into(), site, &name, policy_events(site))
}

/// `<community>/calendar.ics`: the policy's dates and every compound's, named.
pub(super) fn community(site: &Site, c: &Community) -> OutFile {
    let mut events = policy_events(site);
    for p in &c.compounds {
        events.extend(compound_events(site, c, p, true));
    }
    file(format!("{}/calendar.ics", c.slug), site, &calendar_name(site.settings.lang, &c.name), events)
}

/// `<community>/<compound>/calendar.ics`: the policy's dates and the compound's.
pub(super) fn compound(site: &Site, c: &Community, p: &Compound) -> OutFile {
    let mut events = policy_events(site);
    events.extend(compound_events(site, c, p, false));
    let name = calendar_name(site.settings.lang, &format!("{} · {}", c.name, p.name));
    file(format!("{}/{}/calendar.ics", c.slug, p.slug), site, &name, events)
}

fn calendar_name(lang: Lang, of: &str) -> String {
    match lang {
        Lang::Zh => format!("{of} 日程"),
        Lang::En => format!("{of}: dates"),
    }
}

fn file(path: String, site: &Site, name: &str, events: Vec<Event>) -> OutFile {
    OutFile::bytes(path, ics(name, &site.settings.timezone, site.as_of, events))
}

/// The calendar file: events in date order, CRLF line ends, lines folded at
/// 75 octets, `DTSTAMP` the as-of date.
pub(super) fn ics(name: &str, timezone: &str, stamp: NaiveDate, mut events: Vec<Event>) -> Vec<u8> {
    events.sort_by(|a, b| (a.start, &a.uid).cmp(&(b.start, &b.uid)));
    let mut out = String::new();
    let mut line = |s: &str| fold(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//gongshi//gongshi//ZH");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", text(name)));
    line(&format!("X-WR-TIMEZONE:{}", text(timezone)));
    let stamp = stamp.format("%Y%m%dT000000Z");
    for e in &events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", text(&e.uid)));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{}", e.start.format("%Y%m%d")));
        // DTEND of an all-day event is the day after the last.
        let after = e.end.succ_opt().unwrap_or(e.end);
        line(&format!("DTEND;VALUE=DATE:{}", after.format("%Y%m%d")));
        line(&format!("SUMMARY:{}", text(&e.summary)));
        if let Some(url) = &e.url {
            line(&format!("URL:{url}"));
        }
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out.into_bytes()
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no line is longer than 75
/// octets (a continuation starts with a space), never inside a character.
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let summary = format!("SUMMARY:{}", "关于使用住宅专项维修资金维修电梯的公示".repeat(3));
        fold(&mut out, &summary);
        let lines: Vec<&str> = out.split_terminator("\r\n").collect();
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.len() <= 75), "{lines:?}");
        assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded: String = lines.iter().enumerate().map(|(i, l)| if i == 0 { *l } else { &l[1..] }).collect();
        assert_eq!(unfolded, summary);
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(host("https://gs.example.org/street/"), "gs.example.org");
        assert_eq!(host(""), "gongshi");
    }
}

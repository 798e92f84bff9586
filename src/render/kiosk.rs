//! Kiosk boards and the paper poster of one compound.
//!
//! A kiosk page is one self-contained file per screen of site.yaml: CSS and
//! JavaScript inline (allowed by hash in its CSP), the QR code inline as
//! SVG. It is laid out on a fixed canvas and scaled as a whole by its
//! script, so nothing here depends on the player's viewport. Long lists are
//! cut into slides at build time: every size below is in canvas pixels, the
//! CSS is rendered from the same numbers, and the row budget of a slide is
//! the room its rows are measured to take. The print page does the same for
//! A4 sheets.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, Offset as _, Timelike};
use qrcode::{Color, EcLevel, QrCode};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::views::{CompoundView, Labels, RosterView, Viewer};
use super::{OutFile, Renderer};
use crate::diag::Lang;
use crate::error::Error;
use crate::model::{Case, Community, Compound, Party, Screen};

/// The last bytes of every kiosk page: a download that ends with them is complete.
const SENTINEL: &str = "<!--kiosk-end-->";

/// Stands for the CSP while a page renders: the policy holds the hashes of
/// the page's own inline style and script, known only once it is rendered.
const CSP_SLOT: &str = "GONGSHI-CSP-SLOT";

/// Every kiosk page and the print page of one compound. `built_at` is the
/// build time of version.json (ISO, the site's zone): a kiosk compares it
/// with version.json to tell whether it shows the current build.
pub(super) fn files(
    r: &Renderer<'_>,
    c: &Community,
    p: &Compound,
    dir: &str,
    built_at: &str,
) -> Result<Vec<OutFile>, Error> {
    let board = Board::new(r, c, p, dir, built_at)?;
    let mut out = Vec::new();
    for screen in &r.site.settings.kiosk.screens {
        out.push(kiosk_page(r, &board, screen, dir)?);
    }
    out.push(print_page(r, &board, dir)?);
    Ok(out)
}

/// The build time as build.rs stamps version.json (`SOURCE_DATE_EPOCH`
/// when set). A stand-in until `Renderer` carries `RenderOptions::built_at`:
/// the two may differ by the second the render takes, which costs a kiosk
/// one extra look at its page, not a reload.
pub(super) fn build_time(utc_offset: i32) -> String {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    let utc = epoch.and_then(|s| chrono::DateTime::from_timestamp(s, 0)).unwrap_or_else(chrono::Utc::now);
    let zone = chrono::FixedOffset::east_opt(utc_offset).unwrap_or_else(|| chrono::Utc.fix());
    utc.with_timezone(&zone).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

// ---------------------------------------------------------------- content

/// A status shown as text with a symbol, never by colour alone.
#[derive(Debug, Clone, Serialize)]
struct Tag {
    /// CSS class, e.g. `st-in_progress`.
    class: String,
    text: String,
}

/// One entry of a list: a case, a pledge, a person, a notice…
#[derive(Debug, Clone, Default, Serialize)]
struct Item {
    tag: Option<Tag>,
    text: String,
    meta: Vec<String>,
    /// A warning shown after the meta line (已逾期 3 天).
    alert: Option<String>,
    phone: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Row {
    /// A section title (print only: a kiosk slide shows it in its heading).
    Section {
        title: String,
        note: Option<String>,
    },
    /// A sub-heading inside a section, e.g. the party of a roster.
    Group {
        text: String,
    },
    Item(Item),
}

/// One of the board's sections, before it is cut into slides or sheets.
#[derive(Debug, Clone)]
struct Section {
    key: &'static str,
    title: String,
    note: Option<String>,
    rows: Vec<Row>,
}

/// What the kiosk and the poster show, built once per compound.
#[derive(Debug)]
struct Board {
    name: String,
    community: String,
    street: String,
    url: String,
    /// The community and the street, under the compound's name.
    sub: String,
    /// The URL without its scheme, for people who type it.
    link: String,
    qr: Qr,
    phones: Vec<Phone>,
    /// The as-of date in the site's language, and the same with its weekday.
    as_of: String,
    today: String,
    /// As in version.json, and as people read it.
    built_at: String,
    /// 信息更新于 <build time>.
    updated: String,
    sections: Vec<Section>,
}

#[derive(Debug, Clone, Serialize)]
struct Phone {
    label: String,
    number: String,
}

/// Words the kiosk and poster need beyond the site's [`Labels`].
#[derive(Debug, Serialize)]
struct Words {
    scan: &'static str,
    offline: &'static str,
    cont: &'static str,
    page: &'static str,
    weekdays: [&'static str; 7],
    /// `{y}` `{m}` `{d}` `{mm}` `{dd}` `{w}`: the kiosk's date line.
    date_format: &'static str,
    /// When no joint meeting is scheduled: the rule's deadline.
    meeting_due: &'static str,
    /// A notice's public period, `{from}` to `{until}`.
    notice_period: &'static str,
}

static ZH_WORDS: Words = Words {
    scan: "微信扫码查看详情",
    offline: "离线 · 暂未连上服务器",
    cont: "（续）",
    page: "第 {n} / {total} 页",
    weekdays: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
    date_format: "{y}年{m}月{d}日 {w}",
    meeting_due: "按制度应于 {date} 前召开",
    notice_period: "公示期 {from}至{until}",
};

static EN_WORDS: Words = Words {
    scan: "Scan for details",
    offline: "Offline · server not reached",
    cont: " (continued)",
    page: "Page {n} / {total}",
    weekdays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    date_format: "{w} {y}-{mm}-{dd}",
    meeting_due: "Due by the rules before {date}",
    notice_period: "Public {from} – {until}",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH_WORDS,
        Lang::En => &EN_WORDS,
    }
}

impl Board {
    fn new(r: &Renderer<'_>, c: &Community, p: &Compound, dir: &str, built_at: &str) -> Result<Board, Error> {
        let v = &r.view;
        let t = r.t;
        let lang = v.lang;
        let home = v.compound(c, p);
        let url = format!("{}/{dir}/", r.site.settings.base_url);
        let qr = Qr::new(&url)?;
        let mut phones = Vec::new();
        if let Some(ph) = &home.company.service_phone {
            phones.push(Phone { label: t.service_phone.to_string(), number: ph.clone() });
        }
        if let Some(ph) = &home.company.repair_phone {
            phones.push(Phone { label: t.repair_phone.to_string(), number: ph.clone() });
        }
        let w = words(lang);
        let wd = w.weekdays[r.site.as_of.weekday().num_days_from_sunday() as usize];
        let sections = [
            people(&home, t),
            pledges(&home, t),
            cases(v, p, t),
            results(v, p, t),
            notices(v, p, t),
            meeting(v, &home, p, t),
        ];
        Ok(Board {
            name: p.name.clone(),
            community: c.name.clone(),
            street: r.site.settings.street.clone(),
            sub: format!("{} · {}", c.name, r.site.settings.street),
            link: url.split_once("://").map_or(url.as_str(), |(_, rest)| rest).to_string(),
            url,
            qr,
            phones,
            as_of: v.date(r.site.as_of),
            today: date_line(w.date_format, r.site.as_of, wd),
            built_at: built_at.to_string(),
            updated: format!("{} {}", t.updated, built_text(built_at, v)),
            sections: sections.into_iter().flatten().collect(),
        })
    }
}

fn date_line(format: &str, d: NaiveDate, weekday: &str) -> String {
    format
        .replace("{y}", &d.year().to_string())
        .replace("{mm}", &format!("{:02}", d.month()))
        .replace("{dd}", &format!("{:02}", d.day()))
        .replace("{m}", &d.month().to_string())
        .replace("{d}", &d.day().to_string())
        .replace("{w}", weekday)
}

/// `2026-11-27T23:20:05+08:00` → `2026年11月27日 23:20`.
fn built_text(built_at: &str, v: &Viewer) -> String {
    match chrono::DateTime::parse_from_rfc3339(built_at) {
        Ok(t) => format!("{} {:02}:{:02}", v.date(t.date_naive()), t.hour(), t.minute()),
        Err(_) => built_at.to_string(),
    }
}

fn sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    }
}

fn person_rows(roster: &RosterView, lang: Lang, rows: &mut Vec<Row>) {
    let mut group = roster.party.clone();
    if let Some(name) = &roster.name {
        group = format!("{group} · {name}");
    }
    rows.push(Row::Group { text: group });
    for m in &roster.members {
        let mut meta = Vec::new();
        if !m.duties.is_empty() {
            meta.push(m.duties.join(sep(lang)));
        }
        if !m.also.is_empty() {
            meta.push(m.also.join(sep(lang)));
        }
        rows.push(Row::Item(Item {
            text: format!("{}　{}", m.name, m.position),
            meta,
            phone: m.phone.clone(),
            ..Item::default()
        }));
    }
}

fn people(home: &CompoundView, t: &Labels) -> Option<Section> {
    let lang = if t.lang == "en" { Lang::En } else { Lang::Zh };
    let mut rows = Vec::new();
    for roster in &home.rosters {
        person_rows(roster, lang, &mut rows);
        if roster.party_key == "property_company"
            && let Some(q) = &home.company.quality_supervisor
        {
            rows.push(Row::Item(Item {
                text: format!("{}　{}", q.name, t.quality_supervisor),
                phone: q.phone.clone(),
                ..Item::default()
            }));
        }
    }
    (!rows.is_empty()).then(|| Section { key: "people", title: t.responsible.to_string(), note: None, rows })
}

fn pledges(home: &CompoundView, t: &Labels) -> Option<Section> {
    let year = home.pledges.as_ref()?;
    let mut rows = Vec::new();
    for party in &year.parties {
        rows.push(Row::Group { text: party.party.to_string() });
        for i in &party.items {
            rows.push(Row::Item(Item {
                tag: Some(Tag {
                    class: format!("pl-{}", i.status.key),
                    text: format!("{} {}", i.status.icon, i.status.label),
                }),
                text: i.text.clone(),
                meta: i.note.iter().cloned().collect(),
                ..Item::default()
            }));
        }
    }
    let title = match t.lang {
        "en" => format!("{} {}", year.year, t.pledges),
        _ => format!("{}年度服务承诺", year.year),
    };
    (!rows.is_empty()).then(|| Section {
        key: "pledges",
        title,
        note: year.published.as_ref().map(|d| format!("{} {d}", t.published)),
        rows,
    })
}

fn days(lang: Lang, due: NaiveDate, as_of: NaiveDate) -> Option<String> {
    let d = (as_of - due).num_days();
    (d > 0).then(|| match lang {
        Lang::Zh => format!("已逾期 {d} 天"),
        Lang::En => format!("{d} days overdue"),
    })
}

/// The shortest name of a party (物业, 居委会…): boards have little room.
fn short_party(p: Party, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => p.labels().iter().copied().min_by_key(|l| l.chars().count()).unwrap_or(p.zh()),
        Lang::En => p.en(),
    }
}

/// A date without its year when it is in the as-of year.
fn short_date(v: &Viewer, d: NaiveDate) -> String {
    match v.lang {
        Lang::Zh if d.year() == v.as_of.year() => format!("{}月{}日", d.month(), d.day()),
        _ => v.date(d),
    }
}

/// "物业牵头 · 11月20日前办结" / "Lead: Property company · due 2026-11-20".
fn lead_due(v: &Viewer, lead: Option<Party>, due: Option<NaiveDate>, t: &Labels) -> Vec<String> {
    let mut meta = Vec::new();
    if let Some(l) = lead {
        meta.push(match v.lang {
            Lang::Zh => format!("{}牵头", short_party(l, v.lang)),
            Lang::En => format!("{}: {}", t.lead, short_party(l, v.lang)),
        });
    }
    if let Some(d) = due {
        meta.push(match v.lang {
            Lang::Zh => format!("{}前办结", short_date(v, d)),
            Lang::En => format!("{} {}", t.due, short_date(v, d)),
        });
    }
    meta
}

fn case_item(v: &Viewer, c: &Case, t: &Labels) -> Item {
    let st = v.case_status(c.status);
    let mut meta = lead_due(v, Some(c.lead), c.due, t);
    if c.stale {
        meta.push(t.stale.to_string());
    }
    let alert = if c.overdue {
        c.due.and_then(|d| days(v.lang, d, v.as_of)).or_else(|| Some(t.overdue.to_string()))
    } else {
        None
    };
    Item {
        tag: Some(Tag { class: format!("st-{}", st.key), text: format!("{} {}", st.icon, st.label) }),
        text: c.title.clone(),
        meta,
        alert,
        phone: None,
    }
}

fn cases(v: &Viewer, p: &Compound, t: &Labels) -> Option<Section> {
    let mut open: Vec<&Case> = p.cases.iter().filter(|x| x.status.is_open()).collect();
    // Overdue first, then by due date: what needs attention leads.
    open.sort_by_key(|x| (!x.overdue, x.due.unwrap_or(NaiveDate::MAX), x.received, x.id.clone()));
    let overdue = open.iter().filter(|x| x.overdue).count();
    let note = match (v.lang, overdue) {
        (Lang::Zh, 0) => format!("共 {} 件", open.len()),
        (Lang::Zh, n) => format!("共 {} 件，其中已逾期 {n} 件", open.len()),
        (Lang::En, 0) => format!("{} open", open.len()),
        (Lang::En, n) => format!("{} open, {n} overdue", open.len()),
    };
    let mut rows: Vec<Row> = open.iter().map(|c| Row::Item(case_item(v, c, t))).collect();
    if rows.is_empty() {
        rows.push(Row::Item(Item { text: t.no_open_cases.to_string(), ..Item::default() }));
    }
    Some(Section { key: "cases", title: t.open_cases.to_string(), note: Some(note), rows })
}

fn results(v: &Viewer, p: &Compound, t: &Labels) -> Option<Section> {
    let mut done: Vec<&Case> = p.cases.iter().filter(|x| !x.status.is_open()).collect();
    done.sort_by_key(|x| std::cmp::Reverse((x.result.as_ref().map_or(x.last_update, |r| r.date), x.id.clone())));
    let rows: Vec<Row> = done
        .iter()
        .take(5)
        .map(|c| {
            let (tag, date) = match &c.result {
                Some(res) => (
                    Tag {
                        class: format!("oc-{}", res.outcome.key()),
                        text: format!("✔ {}", res.outcome.label(v.lang)),
                    },
                    res.date,
                ),
                None => {
                    let st = v.case_status(c.status);
                    (Tag { class: format!("st-{}", st.key), text: format!("{} {}", st.icon, st.label) }, c.last_update)
                }
            };
            let mut meta = vec![format!("{} {}", t.result, short_date(v, date))];
            if let Some(text) = c.result.as_ref().and_then(|r| r.text.clone()) {
                meta.push(text);
            }
            if let Some(rv) = &c.revisit {
                meta.push(format!("{} {}", t.revisit, rv.satisfaction.label(v.lang)));
            }
            Row::Item(Item { tag: Some(tag), text: c.title.clone(), meta, ..Item::default() })
        })
        .collect();
    (!rows.is_empty()).then(|| Section { key: "results", title: t.recent_results.to_string(), note: None, rows })
}

fn notices(v: &Viewer, p: &Compound, t: &Labels) -> Option<Section> {
    let period = words(v.lang).notice_period;
    let rows: Vec<Row> = p
        .notices
        .iter()
        .filter(|n| n.is_current(v.as_of))
        .map(|n| {
            let mut meta = vec![n.kind.label(v.lang).to_string()];
            meta.push(match n.until {
                Some(u) => period.replace("{from}", &short_date(v, n.published)).replace("{until}", &short_date(v, u)),
                None => format!("{} {}", t.published, short_date(v, n.published)),
            });
            if let Some(a) = n.amount {
                meta.push(format!("{} {}", t.amount, super::views::money(a.0, v.lang)));
            }
            Row::Item(Item { text: n.title.clone(), meta, ..Item::default() })
        })
        .collect();
    (!rows.is_empty()).then(|| Section { key: "notices", title: t.current_notices.to_string(), note: None, rows })
}

fn meeting(v: &Viewer, home: &CompoundView, p: &Compound, t: &Labels) -> Option<Section> {
    let lang = v.lang;
    let mut rows = vec![Row::Group { text: t.next_meeting.to_string() }];
    match p.meetings.iter().find(|m| m.date > v.as_of) {
        Some(m) => rows.push(Row::Item(Item {
            text: format!("{} {}", v.date(m.date), m.form.label(lang)),
            meta: if m.topics.is_empty() {
                vec![]
            } else {
                vec![format!("{}：{}", t.topics, m.topics.join(sep(lang)))]
            },
            ..Item::default()
        })),
        None => rows.push(Row::Item(Item {
            text: words(lang).meeting_due.replace("{date}", &home.next_meeting_due),
            ..Item::default()
        })),
    }
    if !home.joint_members.is_empty() {
        let text = home
            .joint_convener
            .as_ref()
            .map_or_else(|| t.joint_members.to_string(), |cv| format!("{}：{cv}", t.convener));
        rows.push(Row::Item(Item {
            text,
            meta: vec![format!("{}：{}", t.joint_members, home.joint_members.join(sep(lang)))],
            ..Item::default()
        }));
    }
    if let Some(m) = p.meetings.iter().rev().find(|m| m.date <= v.as_of) {
        rows.push(Row::Group { text: format!("{} {} {}", t.last_meeting, v.date(m.date), m.form.label(lang)) });
        for d in &m.decisions {
            rows.push(Row::Item(Item { text: d.text.clone(), meta: lead_due(v, d.lead, d.due, t), ..Item::default() }));
        }
        if m.decisions.is_empty() && !m.topics.is_empty() {
            rows.push(Row::Item(Item {
                text: format!("{}：{}", t.topics, m.topics.join(sep(lang))),
                ..Item::default()
            }));
        }
    }
    Some(Section { key: "meeting", title: t.meetings.to_string(), note: None, rows })
}

// ---------------------------------------------------------------- measuring

/// A font size and its line height, in pixels.
#[derive(Debug, Clone, Copy, Serialize)]
struct Font {
    px: f64,
    lh: f64,
}

/// The sizes of a list, shared by the estimate and the CSS.
#[derive(Debug, Clone, Copy, Serialize)]
struct Metrics {
    body: Font,
    meta: Font,
    tag: Font,
    group: Font,
    /// Print only: a section title inside the flow.
    section: Font,
    /// Padding above and below an item, its bottom rule, and the gap
    /// between its tag, text and phone.
    pad: f64,
    rule: f64,
    gap: f64,
    /// Space above a group heading or a section title.
    group_top: f64,
    /// Horizontal padding inside a tag.
    tag_pad: f64,
    /// Space above a tag, centring it on the first line of text.
    tag_top: f64,
}

/// Width of a character in em, erring wide: anything not ASCII takes a
/// full em (CJK, full-width punctuation, symbols), capitals and wide Latin
/// letters three quarters, other ASCII six tenths.
fn char_em(c: char) -> f64 {
    match c {
        ' ' | '\n' | '\t' => 0.35,
        'M' | 'W' | 'm' | 'w' | '@' | '%' => 0.9,
        'A'..='Z' => 0.72,
        _ if c.is_ascii() => 0.6,
        _ => 1.0,
    }
}

fn em(text: &str) -> f64 {
    text.chars().map(char_em).sum()
}

/// Marks a run of text that never breaks (`white-space: nowrap`).
const KEEP: (char, char) = ('\u{2}', '\u{3}');

/// How many lines `text` takes at `px` in a box `width` wide, the way a
/// browser wraps it: CJK anywhere, Latin words whole unless longer than a
/// line. The margin absorbs differences between fonts.
fn lines(text: &str, px: f64, width: f64) -> usize {
    let max = (width * 0.95 / px).max(1.0);
    let chars: Vec<char> = text.chars().collect();
    let (mut n, mut line, mut i) = (1, 0.0f64, 0);
    while i < chars.len() {
        let c = chars[i];
        let word = c.is_ascii() && !c.is_ascii_whitespace() && c != KEEP.0;
        let j = if c == KEEP.0 {
            i + 1 + chars[i..].iter().take_while(|&&c| c != KEEP.1).count()
        } else if word {
            i + chars[i..].iter().take_while(|c| c.is_ascii() && !c.is_ascii_whitespace() && **c != KEEP.0).count()
        } else {
            i + 1
        };
        let w: f64 =
            chars[i..j.min(chars.len())].iter().filter(|c| **c != KEEP.0 && **c != KEEP.1).copied().map(char_em).sum();
        if line + w <= max {
            line += w;
        } else if c.is_whitespace() {
            // A space at the end of a line is dropped.
        } else if w <= max {
            n += 1;
            line = w;
        } else {
            for &ch in &chars[i..j] {
                let cw = char_em(ch);
                if line + cw > max {
                    n += 1;
                    line = 0.0;
                }
                line += cw;
            }
        }
        i = j;
    }
    n
}

/// Per section: the width of its tag column and of its phone column.
#[derive(Debug, Clone, Serialize)]
struct Columns {
    key: &'static str,
    tag: f64,
    phone: f64,
}

impl Metrics {
    fn columns(&self, s: &Section) -> Columns {
        let mut c = Columns { key: s.key, tag: 0.0, phone: 0.0 };
        for r in &s.rows {
            if let Row::Item(it) = r {
                if let Some(tag) = &it.tag {
                    c.tag = c.tag.max((em(&tag.text) * self.tag.px + 2.0 * self.tag_pad + 2.0 * self.rule).ceil());
                }
                if let Some(ph) = &it.phone {
                    c.phone = c.phone.max((em(ph) * self.body.px * 1.05).ceil());
                }
            }
        }
        c
    }

    fn text_width(&self, it: &Item, width: f64, cols: &Columns) -> f64 {
        let mut w = width;
        if it.tag.is_some() {
            w -= cols.tag + self.gap;
        }
        if it.phone.is_some() {
            w -= cols.phone + self.gap;
        }
        w.max(self.body.px * 2.0)
    }

    fn meta_text(it: &Item) -> String {
        let mut s = it.meta.join(" · ");
        if let Some(a) = &it.alert {
            // One unbreakable run; its padding is worth about one more character.
            let _ = write!(s, " {}{a}　{}", KEEP.0, KEEP.1);
        }
        s
    }

    fn height(&self, row: &Row, width: f64, cols: &Columns) -> f64 {
        match row {
            Row::Section { title, note } => {
                let text = format!("{title} {}", note.as_deref().unwrap_or(""));
                self.group_top + lines(&text, self.section.px, width) as f64 * self.section.lh + self.rule
            }
            Row::Group { text } => self.group_top + lines(text, self.group.px, width) as f64 * self.group.lh,
            Row::Item(it) => {
                let tw = self.text_width(it, width, cols);
                let mut h = lines(&it.text, self.body.px, tw) as f64 * self.body.lh;
                let meta = Self::meta_text(it);
                if !meta.is_empty() {
                    h += lines(&meta, self.meta.px, tw) as f64 * self.meta.lh;
                }
                let mut side: f64 = 0.0;
                if it.tag.is_some() {
                    side = self.tag_box() + self.tag_top;
                }
                if it.phone.is_some() {
                    side = side.max(self.body.lh);
                }
                2.0 * self.pad + self.rule + h.max(side)
            }
        }
    }

    /// A tag is one line with a border.
    fn tag_box(&self) -> f64 {
        self.tag.lh + 2.0 * self.rule
    }

    fn centred(mut self) -> Metrics {
        self.tag_top = ((self.body.lh - self.tag_box()) / 2.0).max(0.0).floor();
        self
    }

    /// Cuts an item whose text alone is taller than `budget` into pieces
    /// that fit: nothing is cut off and nothing shrinks.
    fn split(&self, it: &Item, width: f64, cols: &Columns, budget: f64, cont: &str) -> Vec<Item> {
        if self.height(&Row::Item(it.clone()), width, cols) <= budget {
            return vec![it.clone()];
        }
        let tw = self.text_width(it, width, cols);
        let meta = Self::meta_text(it);
        let meta_h = if meta.is_empty() { 0.0 } else { lines(&meta, self.meta.px, tw) as f64 * self.meta.lh };
        let room = budget - 2.0 * self.pad - self.rule;
        let max_lines = ((room / self.body.lh).floor() as usize).max(1);
        let chars: Vec<char> = it.text.chars().collect();
        let mut pieces = Vec::new();
        let mut start = 0;
        while start < chars.len() {
            // The longest prefix of the rest that fits in max_lines; pieces
            // after the first start with the continuation mark.
            let mark = if start == 0 { "" } else { cont };
            let (mut lo, mut hi) = (start + 1, chars.len());
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                let s: String = mark.chars().chain(chars[start..mid].iter().copied()).collect();
                if lines(&s, self.body.px, tw) <= max_lines {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            pieces.push(mark.chars().chain(chars[start..lo].iter().copied()).collect::<String>());
            start = lo;
        }
        // The meta line goes with the last piece, which may need one more cut.
        let last_fits =
            pieces.last().is_some_and(|s| lines(s, self.body.px, tw) as f64 * self.body.lh + meta_h <= room);
        if !last_fits && !meta.is_empty() {
            pieces.push(cont.to_string());
        }
        let n = pieces.len();
        pieces
            .into_iter()
            .enumerate()
            .map(|(i, text)| Item {
                tag: if i == 0 { it.tag.clone() } else { None },
                text,
                meta: if i + 1 == n { it.meta.clone() } else { vec![] },
                alert: if i + 1 == n { it.alert.clone() } else { None },
                phone: if i == 0 { it.phone.clone() } else { None },
            })
            .collect()
    }
}

/// Rows cut into pages of `ncols` columns, each column at most `budget`
/// tall. A heading never ends a column; a column that starts inside a
/// group or section repeats its heading, marked as continued.
fn paginate(
    m: &Metrics,
    rows: &[Row],
    width: f64,
    cols: &Columns,
    budget: f64,
    ncols: usize,
    cont: &str,
) -> Vec<Vec<Vec<Row>>> {
    // Room for the headings a column may repeat above a piece of an item.
    let tallest = |section: bool| {
        rows.iter()
            .filter(|r| matches!(r, Row::Section { .. }) == section && !matches!(r, Row::Item(_)))
            .map(|r| m.height(&cont_of(r, cont), width, cols))
            .fold(0.0, f64::max)
    };
    let heading_room = tallest(true) + tallest(false);
    let mut flat: Vec<Row> = Vec::new();
    for r in rows {
        match r {
            Row::Item(it) => {
                flat.extend(m.split(it, width, cols, budget - heading_room, cont).into_iter().map(Row::Item))
            }
            other => flat.push(other.clone()),
        }
    }
    let mut columns: Vec<Vec<Row>> = Vec::new();
    let mut col: Vec<Row> = Vec::new();
    let mut used = 0.0;
    let (mut section, mut group): (Option<Row>, Option<Row>) = (None, None);
    let mut i = 0;
    while i < flat.len() {
        let row = &flat[i];
        // Headings travel with the headings and the item after them.
        let mut need = 0.0;
        for next in &flat[i..] {
            need += m.height(next, width, cols);
            if matches!(next, Row::Item(_)) {
                break;
            }
        }
        if matches!(row, Row::Item(_)) {
            need = m.height(row, width, cols);
        }
        if used + need > budget && col.iter().any(|r| matches!(r, Row::Item(_))) {
            columns.push(std::mem::take(&mut col));
            used = 0.0;
            if (matches!(row, Row::Item(_)) || matches!(row, Row::Group { .. }))
                && let Some(s) = &section
            {
                let h = cont_of(s, cont);
                used += m.height(&h, width, cols);
                col.push(h);
            }
            if matches!(row, Row::Item(_))
                && let Some(g) = &group
            {
                let h = cont_of(g, cont);
                used += m.height(&h, width, cols);
                col.push(h);
            }
        }
        match row {
            Row::Section { .. } => {
                section = Some(row.clone());
                group = None;
            }
            Row::Group { .. } => group = Some(row.clone()),
            Row::Item(_) => {}
        }
        used += m.height(row, width, cols);
        col.push(row.clone());
        i += 1;
    }
    if !col.is_empty() {
        columns.push(col);
    }
    columns.chunks(ncols.max(1)).map(<[Vec<Row>]>::to_vec).collect()
}

fn cont_of(r: &Row, cont: &str) -> Row {
    match r {
        Row::Section { title, .. } => Row::Section { title: format!("{title}{cont}"), note: None },
        Row::Group { text } => Row::Group { text: format!("{text}{cont}") },
        Row::Item(it) => Row::Item(it.clone()),
    }
}

// ---------------------------------------------------------------- QR code

#[derive(Debug)]
pub(super) struct Qr {
    /// Modules per side, without the quiet zone.
    n: usize,
    dark: Vec<bool>,
}

/// The quiet zone, in modules, that the QR standard asks for.
const QUIET: usize = 4;

impl Qr {
    pub(super) fn new(url: &str) -> Result<Qr, Error> {
        let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
            .map_err(|e| Error::Usage(format!("无法为 {url} 生成二维码（QR code）：{e}")))?;
        Ok(Qr { n: code.width(), dark: code.to_colors().into_iter().map(|c| c == Color::Dark).collect() })
    }

    /// Modules per side including the quiet zone.
    fn total(&self) -> usize {
        self.n + 2 * QUIET
    }

    /// Inline SVG `size` pixels wide, quiet zone included; colours come
    /// from CSS so the night palette can dim the light part.
    pub(super) fn svg(&self, size: f64, label: &str) -> String {
        let t = self.total();
        let mut d = String::new();
        for y in 0..self.n {
            let mut x = 0;
            while x < self.n {
                if !self.dark[y * self.n + x] {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.n && self.dark[y * self.n + x] {
                    x += 1;
                }
                let _ = write!(d, "M{} {}h{}v1h-{}z", start + QUIET, y + QUIET, x - start, x - start);
            }
        }
        format!(
            "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {t} {t}\" width=\"{size}\" height=\"{size}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{}\"><rect class=\"qr-light\" width=\"{t}\" height=\"{t}\"/><path class=\"qr-dark\" d=\"{d}\"/></svg>",
            super::escape_xml(label)
        )
    }
}

// ---------------------------------------------------------------- kiosk

/// A positioned zone of the canvas.
#[derive(Debug, Clone, Copy, Default, Serialize)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// The kiosk canvas of one screen: every zone and size, in canvas pixels.
#[derive(Debug, Clone, Serialize)]
struct Geo {
    w: f64,
    h: f64,
    /// Scale of every size against the 1920×1080 design.
    u: f64,
    /// `landscape`, `portrait` or `bar`.
    mode: &'static str,
    /// Burn-in shift amplitude; the safe margin includes it.
    shift: f64,
    header: Rect,
    main: Rect,
    qr: Rect,
    side: Rect,
    /// The side zone puts its two halves next to each other (wide footers).
    side_row: bool,
    /// Phones as label over number (true) or on one line.
    phone_stack: bool,
    /// Room for the page's address under the scan caption.
    link: bool,
    /// Width of a phone's label when label and number share a line.
    phone_label_w: f64,
    name: Font,
    sub: Font,
    clock: Font,
    date: Font,
    scan: Font,
    small: Font,
    phone_label: Font,
    phone: Font,
    /// Compact header: one line (bars).
    compact: bool,
    /// Whether the community and street fit under (or beside) the name.
    show_sub: bool,
    /// Rules and spacings, scaled.
    line: f64,
    sp14: f64,
    sp16: f64,
    sp24: f64,
    sp32: f64,
    /// The slide heading.
    title: Font,
    part: Font,
    head_h: f64,
    cols: usize,
    col_gap: f64,
    col_w: f64,
    m: Metrics,
}

impl Geo {
    fn new(screen: &Screen, qr: &Qr, b: &Board, w: &Words) -> Geo {
        let (cw, ch) = (f64::from(screen.width), f64::from(screen.height));
        let (long, short) = (cw.max(ch), cw.min(ch));
        let bar = long / short > 2.5;
        // Sizes scale with the short edge (the 28 px floor is stated at a
        // 1080 px short edge). A bar is a strip of a normal panel: scaled by
        // its short edge it would hold one row, so it keeps three quarters
        // of the full panel's sizes, still well above the floor.
        let u = if bar { (long / 1920.0).min(short / 720.0) } else { short / 1080.0 };
        let s = |x: f64| (x * u).round();
        let f = |px: f64, lh: f64| Font { px: s(px), lh: s(lh) };
        let shift = s(6.0);
        let (px, py) = ((cw * 0.05).ceil() + shift, (ch * 0.05).ceil() + shift);
        let (iw, ih) = (cw - 2.0 * px, ch - 2.0 * py);
        let mode = if cw / ch > 2.5 {
            "bar"
        } else if ch > cw {
            "portrait"
        } else {
            "landscape"
        };
        let m = Metrics {
            body: f(40.0, 52.0),
            meta: f(30.0, 40.0),
            tag: f(30.0, 40.0),
            group: f(34.0, 46.0),
            section: f(44.0, 56.0),
            pad: s(10.0),
            rule: s(2.0).max(1.0),
            gap: s(20.0),
            group_top: s(10.0),
            tag_pad: s(8.0),
            tag_top: 0.0,
        }
        .centred();
        let (name, sub, clock, date) = if mode == "bar" {
            (f(48.0, 64.0), f(30.0, 40.0), f(48.0, 64.0), f(30.0, 40.0))
        } else {
            (f(60.0, 76.0), f(30.0, 40.0), f(72.0, 84.0), f(30.0, 40.0))
        };
        let small = f(30.0, 40.0);
        let scan = f(40.0, 52.0);
        // The QR symbol is at least 240 px: a phone must read it from a step away.
        let symbol = s(240.0).max(240.0);
        let mut qr_box = (symbol * qr.total() as f64 / qr.n as f64).ceil();
        let gap = s(32.0);
        let rule = s(3.0);
        let mut g = Geo {
            w: cw,
            h: ch,
            u,
            mode,
            shift,
            header: Rect::default(),
            main: Rect::default(),
            qr: Rect::default(),
            side: Rect::default(),
            side_row: false,
            phone_stack: true,
            link: true,
            phone_label_w: 0.0,
            name,
            sub,
            clock,
            date,
            scan,
            small,
            phone_label: f(30.0, 40.0),
            phone: f(48.0, 64.0),
            compact: mode == "bar",
            show_sub: true,
            line: rule,
            sp14: s(14.0),
            sp16: s(16.0),
            sp24: s(24.0),
            sp32: s(32.0),
            title: f(44.0, 56.0),
            part: f(34.0, 56.0),
            head_h: 0.0,
            cols: 1,
            col_gap: s(48.0),
            col_w: 0.0,
            m,
        };
        if mode == "bar" {
            // QR and contacts in two columns at the left, the board at the right.
            g.phone = f(40.0, 52.0);
            qr_box = qr_box.min(ih - s(60.0));
            let side_w = s(380.0);
            g.qr = Rect { x: px, y: py, w: qr_box, h: qr_box };
            g.side = Rect { x: px + qr_box + s(24.0), y: py, w: side_w, h: ih };
            g.link = g.side_a(b, w, side_w, true) + g.sp16 + g.side_b(b) <= ih;
            let x = g.side.x + side_w + s(24.0);
            let hw = px + iw - x;
            let name_h = g.fit_header(b, w, hw);
            g.header = Rect { x, y: py, w: hw, h: name_h + rule };
            let top = g.header.y + g.header.h + s(12.0);
            g.main = Rect { x, y: top, w: g.header.w, h: py + ih - top };
        } else {
            let name_h = g.fit_header(b, w, iw);
            let sub_h = if g.show_sub { sub.lh } else { 0.0 };
            let header_h = (name_h + sub_h).max(clock.lh + date.lh) + rule;
            g.header = Rect { x: px, y: py, w: iw, h: header_h };
            let side_w = iw - qr_box - gap;
            let narrow = side_w < s(560.0);
            if narrow {
                // Too narrow for text beside the code: contacts go under it.
                g.phone_stack = false;
                let side_h = g.side_a(b, w, iw, true) + g.sp16 + g.side_b(b);
                let top = py + ih - side_h - s(12.0) - qr_box;
                g.qr = Rect { x: px, y: top, w: qr_box, h: qr_box };
                g.side = Rect { x: px, y: top + qr_box + s(12.0), w: iw, h: side_h };
            } else {
                let top = py + ih - qr_box;
                g.qr = Rect { x: px, y: top, w: qr_box, h: qr_box };
                g.side = Rect { x: px + qr_box + gap, y: top, w: side_w, h: qr_box };
                g.side_row = side_w >= s(1100.0);
                g.phone_stack = g.side_row;
                // The address line is the first thing to go when room is short.
                g.link = if g.side_row {
                    g.side_a(b, w, side_w / 2.0, true) <= qr_box
                } else {
                    g.side_a(b, w, side_w, true) + g.sp16 + g.side_b(b) <= qr_box
                };
            }
            let top = py + header_h + s(18.0);
            g.main = Rect { x: px, y: top, w: iw, h: g.qr.y - s(18.0) - top };
        }
        g.cols = if g.main.w >= s(1300.0) { 2 } else { 1 };
        g.col_w = ((g.main.w - g.col_gap * (g.cols as f64 - 1.0)) / g.cols as f64).floor();
        g.head_h = g.title.lh + rule + s(14.0);
        g.phone_label_w = b.phones.iter().map(|p| (em(&p.label) * g.phone_label.px).ceil()).fold(0.0, f64::max);
        g
    }

    /// Fits the compound's name into a header `width` wide beside the
    /// clock: the name shrinks down to body size, then wraps; the line
    /// under it goes when it does not fit. Returns the name's height.
    fn fit_header(&mut self, b: &Board, w: &Words, width: f64) -> f64 {
        let widest_day = w.weekdays.iter().copied().max_by(|a, c| em(a).total_cmp(&em(c))).unwrap_or("");
        let date = NaiveDate::from_ymd_opt(2026, 12, 28).map_or(0.0, |d| em(&date_line(w.date_format, d, widest_day)));
        let (clock_w, date_w) = (em("00:00") * self.clock.px, date * self.date.px);
        let when = if self.compact { clock_w + self.sp24 + date_w } else { clock_w.max(date_w) };
        let room = (width - when - self.sp32) * 0.97;
        let name = em(&b.name);
        let floor = self.m.body.px;
        if name * self.name.px > room {
            let px = (room / name).floor().max(floor);
            self.name = Font { px, lh: (px * 1.27).ceil() };
        }
        let sub = em(&b.sub) * self.sub.px;
        self.show_sub = if self.compact { name * self.name.px + self.sp24 + sub <= room } else { sub <= room };
        lines(&b.name, self.name.px, room / 0.97) as f64 * self.name.lh
    }

    /// Height of the caption block: scan caption, address, update time,
    /// and the line kept for the offline mark.
    fn side_a(&self, b: &Board, w: &Words, width: f64, link: bool) -> f64 {
        let mut h = lines(w.scan, self.scan.px, width) as f64 * self.scan.lh;
        if link {
            h += lines(&b.link, self.small.px, width) as f64 * self.small.lh;
        }
        h += lines(&b.updated, self.small.px, width) as f64 * self.small.lh;
        h + lines(w.offline, self.small.px, width) as f64 * self.small.lh
    }

    /// Height of the phones block.
    fn side_b(&self, b: &Board) -> f64 {
        let per = if self.phone_stack { self.phone_label.lh + self.phone.lh } else { self.phone.lh };
        per * b.phones.len() as f64
    }
}

#[derive(Debug, Serialize)]
struct Slide {
    key: &'static str,
    title: String,
    note: Option<String>,
    /// `2 / 5` when the section takes more than one slide.
    part: Option<String>,
    columns: Vec<Vec<Row>>,
    /// How long it stays, from how much there is to read.
    seconds: u32,
}

fn slides(g: &Geo, b: &Board, w: &Words) -> (Vec<Slide>, Vec<Columns>) {
    let mut out = Vec::new();
    let mut widths = Vec::new();
    for s in &b.sections {
        let cols = g.m.columns(s);
        let pages = paginate(&g.m, &s.rows, g.col_w, &cols, g.main.h - g.head_h, g.cols, w.cont);
        let total = pages.len();
        for (i, page) in pages.into_iter().enumerate() {
            let items = page.iter().flatten().filter(|r| matches!(r, Row::Item(_))).count() as u32;
            out.push(Slide {
                key: s.key,
                title: s.title.clone(),
                note: s.note.clone(),
                part: (total > 1).then(|| format!("{} / {total}", i + 1)),
                columns: page,
                seconds: (6 + 2 * items).clamp(10, 24),
            });
        }
        widths.push(cols);
    }
    (out, widths)
}

/// What kiosk.html, kiosk.css and kiosk.js receive.
#[derive(Debug, Serialize)]
struct KioskView<'a> {
    lang: &'static str,
    t: &'static Labels,
    w: &'static Words,
    g: &'a Geo,
    widths: &'a [Columns],
    name: &'a str,
    community: &'a str,
    sub: &'a str,
    street: &'a str,
    today: &'a str,
    link: &'a str,
    built_at: &'a str,
    updated: String,
    clock: String,
    qr_svg: String,
    phones: &'a [Phone],
    slides: &'a [Slide],
    /// The page's path from the site root, as version.json lists it.
    path: String,
    /// From the page to the site root.
    root: String,
    poll: u32,
    offset_minutes: i32,
    night_from: u32,
    night_to: u32,
    csp: &'static str,
}

fn kiosk_page(r: &Renderer<'_>, b: &Board, screen: &Screen, dir: &str) -> Result<OutFile, Error> {
    let settings = &r.site.settings;
    let w = words(r.view.lang);
    let g = Geo::new(screen, &b.qr, b, w);
    let (slides, widths) = slides(&g, b, w);
    let path = format!("{dir}/kiosk/{}.html", screen.name);
    let clock = chrono::DateTime::parse_from_rfc3339(&b.built_at)
        .map_or_else(|_| "--:--".into(), |t| format!("{:02}:{:02}", t.hour(), t.minute()));
    let minutes = |t: chrono::NaiveTime| t.hour() * 60 + t.minute();
    let view = KioskView {
        lang: r.t.lang,
        t: r.t,
        w,
        g: &g,
        widths: &widths,
        name: &b.name,
        community: &b.community,
        sub: &b.sub,
        street: &b.street,
        today: &b.today,
        link: &b.link,
        built_at: &b.built_at,
        updated: b.updated.clone(),
        clock,
        qr_svg: b.qr.svg(g.qr.w, &b.url),
        phones: &b.phones,
        slides: &slides,
        root: "../".repeat(path.matches('/').count()),
        path,
        poll: settings.kiosk.poll_seconds,
        offset_minutes: settings.utc_offset / 60,
        night_from: minutes(settings.kiosk.night_from),
        night_to: minutes(settings.kiosk.night_to),
        csp: CSP_SLOT,
    };
    let html = r.theme.render("kiosk.html", &view)?;
    // 'unsafe-inline' only for CSP level 1 players (old Android WebViews),
    // which know no hashes; every browser that knows hashes ignores it.
    let csp = format!(
        "default-src 'none'; script-src {} 'unsafe-inline'; style-src {} 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'",
        hashes(&html, "script"),
        hashes(&html, "style")
    );
    let mut html = html.replacen(CSP_SLOT, &csp, 1);
    // The sentinel is last, so a download that has it is complete.
    let end = html.trim_end().len();
    html.truncate(end);
    if !html.ends_with(SENTINEL) {
        html.push('\n');
        html.push_str(SENTINEL);
    }
    html.push('\n');
    Ok(OutFile::bytes(view.path.clone(), html.into_bytes()))
}

/// The CSP sources allowing every inline `<tag>` block of `html`, by hash
/// of its exact text; `'none'` when there is none.
fn hashes(html: &str, tag: &str) -> String {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i + open.len()..];
        // `<style>` or `<style media=…>`, not `<styles>`.
        if !rest.starts_with(['>', ' ', '\n', '\t']) {
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        rest = &rest[gt + 1..];
        let Some(end) = rest.find(&close) else { break };
        out.push(sha256_source(&rest[..end]));
        rest = &rest[end + close.len()..];
    }
    if out.is_empty() { "'none'".to_string() } else { out.join(" ") }
}

/// A CSP source for inline text: `'sha256-<base64 of the digest>'`.
fn sha256_source(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------- print

/// An A4 sheet, in CSS pixels (96 per inch).
#[derive(Debug, Clone, Serialize)]
struct Paper {
    /// Sheet size and its margin, in millimetres.
    width_mm: f64,
    height_mm: f64,
    margin_mm: f64,
    /// The printable box, in pixels.
    w: f64,
    h: f64,
    header_h: f64,
    footer_h: f64,
    qr: f64,
    body_h: f64,
    m: Metrics,
}

const PX_PER_MM: f64 = 96.0 / 25.4;

impl Paper {
    fn a4() -> Paper {
        let f = |px: f64, lh: f64| Font { px, lh };
        let margin_mm = 12.0;
        // A hair under 297 mm, so rounding never spills a sheet onto a second page.
        let (width_mm, height_mm) = (210.0, 296.0);
        let w = ((width_mm - 2.0 * margin_mm) * PX_PER_MM).floor();
        let h = ((height_mm - 2.0 * margin_mm) * PX_PER_MM).floor();
        let (header_h, footer_h) = (150.0, 44.0);
        Paper {
            width_mm,
            height_mm,
            margin_mm,
            w,
            h,
            header_h,
            footer_h,
            qr: 132.0,
            body_h: h - header_h - footer_h - 24.0,
            m: Metrics {
                body: f(20.0, 28.0),
                meta: f(16.0, 23.0),
                tag: f(15.0, 22.0),
                group: f(18.0, 26.0),
                section: f(26.0, 36.0),
                pad: 5.0,
                rule: 1.0,
                gap: 12.0,
                group_top: 8.0,
                tag_pad: 5.0,
                tag_top: 0.0,
            }
            .centred(),
        }
    }
}

#[derive(Debug, Serialize)]
struct Sheet {
    rows: Vec<Row>,
    page: String,
}

#[derive(Debug, Serialize)]
struct PrintView<'a> {
    lang: &'static str,
    t: &'static Labels,
    w: &'static Words,
    p: &'a Paper,
    widths: &'a [Columns],
    name: &'a str,
    community: &'a str,
    street: &'a str,
    as_of: String,
    qr_svg: String,
    phones: &'a [Phone],
    sheets: Vec<Sheet>,
    csp: &'static str,
}

fn print_page(r: &Renderer<'_>, b: &Board, dir: &str) -> Result<OutFile, Error> {
    let w = words(r.view.lang);
    let paper = Paper::a4();
    let m = &paper.m;
    // One flow for the whole poster: a sheet holds as many sections as fit.
    let mut rows = Vec::new();
    let mut widths: Vec<Columns> = Vec::new();
    for s in &b.sections {
        rows.push(Row::Section { title: s.title.clone(), note: s.note.clone() });
        rows.extend(s.rows.iter().cloned());
        widths.push(m.columns(s));
    }
    // Print rows share one set of columns, wide enough for every section.
    let all = Columns {
        key: "all",
        tag: widths.iter().map(|c| c.tag).fold(0.0, f64::max),
        phone: widths.iter().map(|c| c.phone).fold(0.0, f64::max),
    };
    let pages = paginate(m, &rows, paper.w, &all, paper.body_h, 1, w.cont);
    let total = pages.len();
    let sheets = pages
        .into_iter()
        .enumerate()
        .map(|(i, cols)| Sheet {
            rows: cols.into_iter().flatten().collect(),
            page: w.page.replace("{n}", &(i + 1).to_string()).replace("{total}", &total.to_string()),
        })
        .collect();
    let widths = [all];
    let view = PrintView {
        lang: r.t.lang,
        t: r.t,
        w,
        p: &paper,
        widths: &widths,
        name: &b.name,
        community: &b.community,
        street: &b.street,
        as_of: format!("{} {}", r.t.as_of, b.as_of),
        qr_svg: b.qr.svg(paper.qr, &b.url),
        phones: &b.phones,
        sheets,
        csp: CSP_SLOT,
    };
    let html = r.theme.render("print.html", &view)?;
    // The site's policy, plus the poster's own style by hash.
    // (`frame-ancestors` is for the HTTP header only; a meta policy ignores it.)
    let site_csp = super::CSP.split("; frame-ancestors").next().unwrap_or(super::CSP);
    let csp = format!("{site_csp}; style-src {}", hashes(&html, "style"));
    let html = html.replacen(CSP_SLOT, &csp, 1);
    Ok(OutFile::bytes(format!("{dir}/print.html"), html.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        // sha256("") in a CSP source, as browsers compute it.
        assert_eq!(sha256_source(""), "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    }

    #[test]
    fn csp_hashes_cover_every_inline_block() {
        let html = "<style>a{}</style><styles>x</styles><script>1</script><script type=\"x\">2</script>";
        assert_eq!(hashes(html, "style"), sha256_source("a{}"));
        assert_eq!(hashes(html, "script"), format!("{} {}", sha256_source("1"), sha256_source("2")));
        assert_eq!(hashes("<p>no script</p>", "script"), "'none'");
    }

    #[test]
    fn wrapping_estimate() {
        // 10 CJK characters at 40 px need 400 px and a little margin.
        assert_eq!(lines("一二三四五六七八九十", 40.0, 430.0), 1);
        assert_eq!(lines("一二三四五六七八九十", 40.0, 400.0), 2);
        assert_eq!(lines("一二三四五六七八九十", 40.0, 200.0), 3);
        // Latin words move whole; a word longer than a line is broken.
        assert_eq!(lines("aaaa bbbb", 10.0, 30.0), 2);
        assert_eq!(lines("aaaaaaaaaaaaaaaaaaaa", 10.0, 60.0), 3);
        assert_eq!(lines("", 10.0, 60.0), 1);
        // A kept run moves whole to the next line.
        assert_eq!(lines("一二三\u{2}四五\u{3}", 10.0, 42.0), 2);
        assert_eq!(lines("一二三四五", 10.0, 42.0), 2);
        assert_eq!(lines("一二\u{2}三\u{3}", 10.0, 42.0), 1);
    }

    fn item(text: &str) -> Row {
        Row::Item(Item { text: text.into(), ..Item::default() })
    }

    fn metrics() -> Metrics {
        let f = |px, lh| Font { px, lh };
        Metrics {
            body: f(40.0, 50.0),
            meta: f(30.0, 40.0),
            tag: f(30.0, 40.0),
            group: f(30.0, 40.0),
            section: f(40.0, 50.0),
            pad: 5.0,
            rule: 0.0,
            gap: 10.0,
            group_top: 10.0,
            tag_pad: 5.0,
            tag_top: 0.0,
        }
    }

    #[test]
    fn pages_hold_what_fits_and_repeat_headings() {
        let m = metrics();
        let cols = Columns { key: "x", tag: 0.0, phone: 0.0 };
        // Items are 60 px; a group heading 50 px; 200 px per column.
        let rows = vec![Row::Group { text: "甲".into() }, item("一"), item("二"), item("三"), item("四"), item("五")];
        let pages = paginate(&m, &rows, 1000.0, &cols, 200.0, 2, "（续）");
        let cols_flat: Vec<&Vec<Row>> = pages.iter().flatten().collect();
        assert_eq!(cols_flat.len(), 3);
        assert!(matches!(&cols_flat[1][0], Row::Group { text } if text == "甲（续）"));
        let items: usize = cols_flat.iter().map(|c| c.iter().filter(|r| matches!(r, Row::Item(_))).count()).sum();
        assert_eq!(items, 5);
        for c in &cols_flat {
            let h: f64 = c.iter().map(|r| m.height(r, 1000.0, &cols)).sum();
            assert!(h <= 200.0, "{h}");
        }
        assert_eq!(pages.len(), 2);
    }

    #[test]
    fn a_heading_never_ends_a_column() {
        let m = metrics();
        let cols = Columns { key: "x", tag: 0.0, phone: 0.0 };
        let rows = vec![item("一"), item("二"), Row::Group { text: "乙".into() }, item("三")];
        // Two items (120) fit, the heading (50) would too, but not with its item.
        let pages = paginate(&m, &rows, 1000.0, &cols, 175.0, 1, "（续）");
        assert_eq!(pages.len(), 2);
        assert!(matches!(pages[1][0][0], Row::Group { .. }));
        // A section title and a group heading travel together with the item.
        let rows = vec![
            item("一"),
            item("二"),
            Row::Section { title: "丙".into(), note: None },
            Row::Group { text: "丁".into() },
            item("三"),
        ];
        let pages = paginate(&m, &rows, 1000.0, &cols, 230.0, 1, "（续）");
        for col in pages.iter().flatten() {
            assert!(matches!(col.last(), Some(Row::Item(_))), "{col:?}");
        }
    }

    #[test]
    fn a_long_item_is_split_not_cut() {
        let m = metrics();
        let cols = Columns { key: "x", tag: 0.0, phone: 0.0 };
        let text = "长".repeat(200);
        let pages = paginate(&m, &[item(&text)], 400.0, &cols, 300.0, 1, "（续）");
        assert!(pages.len() > 1);
        let mut joined = String::new();
        for c in pages.iter().flatten() {
            let h: f64 = c.iter().map(|r| m.height(r, 400.0, &cols)).sum();
            assert!(h <= 300.0, "{h}");
            for r in c {
                if let Row::Item(it) = r {
                    joined.push_str(it.text.trim_start_matches("（续）"));
                }
            }
        }
        assert_eq!(joined, text);
    }

    #[test]
    fn qr_svg_has_a_quiet_zone() {
        let qr = Qr::new("https://gongshi.example.cn/yangguang/lanyuan/").unwrap_or_else(|e| panic!("{e}"));
        let svg = qr.svg(300.0, "x");
        assert!(svg.starts_with("<svg class=\"qr\""));
        assert!(svg.contains(&format!("viewBox=\"0 0 {t} {t}\"", t = qr.n + 8)));
        // The first dark module is the finder pattern's corner, inside the quiet zone.
        assert!(svg.contains("d=\"M4 4h7v1h-7z"));
    }
}

//! What a board shows, built once per compound: its parts (people,
//! pledges, open cases, results, notices, the evaluation while on public
//! notice, meetings) as rows, before they
//! are cut into slides or sheets.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Renderer, date_line, words};
use crate::diag::Lang;
use crate::error::Error;
use crate::model::{Case, CaseStatus, Community, Compound, Party};
use crate::render::qr::Qr;
use crate::render::views::{CompoundView, Labels, RosterView, Viewer};

/// A status shown as text with a symbol, never by colour alone.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Tag {
    /// CSS class, e.g. `st-in_progress`.
    pub(super) class: String,
    pub(super) text: String,
}

/// One entry of a list: a case, a pledge, a person, a notice…
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct Item {
    pub(super) tag: Option<Tag>,
    pub(super) text: String,
    pub(super) meta: Vec<String>,
    /// A warning shown after the meta line (已逾期 3 天).
    pub(super) alert: Option<String>,
    pub(super) phone: Option<String>,
    /// `data-due` (ISO date) of an open case that can fall overdue: the
    /// script marks it 已逾期 once the site's date passes it, between builds.
    pub(super) due: Option<String>,
    /// `data-until` (ISO date) of a notice: the script hides it after that day.
    pub(super) until: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(super) enum Row {
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
pub(super) struct Part {
    pub(super) key: &'static str,
    pub(super) title: String,
    pub(super) note: Option<String>,
    pub(super) rows: Vec<Row>,
}

/// What the kiosk and the poster show, built once per compound.
#[derive(Debug)]
pub(super) struct Board {
    pub(super) name: String,
    pub(super) community: String,
    pub(super) street: String,
    pub(super) url: String,
    /// The community and the street, under the compound's name.
    pub(super) sub: String,
    /// The URL without its scheme, for people who type it.
    pub(super) link: String,
    pub(super) qr: Qr,
    pub(super) phones: Vec<Phone>,
    /// The as-of date in the site's language, and the same with its weekday.
    pub(super) as_of: String,
    pub(super) today: String,
    /// The as-of date at the site's midnight (ISO, with the site's offset):
    /// the moment the board's content speaks for, and the same in every
    /// build of that day, unlike the build time.
    pub(super) built_at: String,
    /// `信息更新于 <as-of date>`.
    pub(super) updated: String,
    pub(super) parts: Vec<Part>,
    /// `community/compound`: the board takes its urgent notices from
    /// version.json by it. They are not in the page, so that an urgent
    /// notice reaches every board at its next poll without a reload.
    pub(super) dir: String,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct Phone {
    pub(super) label: String,
    pub(super) number: String,
}

impl Board {
    pub(super) fn new(r: &Renderer<'_>, c: &Community, p: &Compound, dir: &str) -> Result<Board, Error> {
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
        let parts = [
            people(&home, t),
            pledges(&home, t),
            cases(v, p, t),
            results(v, p, t),
            notices(v, p, t),
            evaluation(v, p, t),
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
            built_at: as_of_midnight(r.site.as_of, r.site.settings.utc_offset),
            updated: format!("{} {}", t.updated, v.date(r.site.as_of)),
            parts: parts.into_iter().flatten().collect(),
            dir: dir.to_string(),
        })
    }
}

/// `2026-11-27` at UTC+8 → `2026-11-27T00:00:00+08:00`.
fn as_of_midnight(as_of: NaiveDate, utc_offset: i32) -> String {
    let sign = if utc_offset < 0 { '-' } else { '+' };
    let m = utc_offset.unsigned_abs() / 60;
    format!("{as_of}T00:00:00{sign}{:02}:{:02}", m / 60, m % 60)
}

pub(super) fn sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    }
}

pub(super) fn person_rows(roster: &RosterView, lang: Lang, rows: &mut Vec<Row>) {
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

pub(super) fn people(home: &CompoundView, t: &Labels) -> Option<Part> {
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
    (!rows.is_empty()).then(|| Part { key: "people", title: t.responsible.to_string(), note: None, rows })
}

pub(super) fn pledges(home: &CompoundView, t: &Labels) -> Option<Part> {
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
    (!rows.is_empty()).then(|| Part {
        key: "pledges",
        title,
        note: year.published.as_ref().map(|d| format!("{} {d}", t.published)),
        rows,
    })
}

/// "已逾期 3 天" for a number of days past due (from [`Case::days_overdue`]).
pub(super) fn days_overdue_text(lang: Lang, d: i64) -> String {
    // The same words the script writes when a case falls overdue between builds.
    words(lang).overdue_days.replace("{n}", &d.to_string())
}

/// The shortest name of a party (物业, 居委会…): boards have little room.
pub(super) fn short_party(p: Party, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => p.labels().iter().copied().min_by_key(|l| l.chars().count()).unwrap_or(p.zh()),
        Lang::En => p.en(),
    }
}

/// A date without its year when it is in the as-of year.
pub(super) fn short_date(v: &Viewer, d: NaiveDate) -> String {
    match v.lang {
        Lang::Zh if d.year() == v.as_of.year() => format!("{}月{}日", d.month(), d.day()),
        _ => v.date(d),
    }
}

/// "物业牵头 · 11月20日前办结" / "Lead: Property company · due 2026-11-20".
pub(super) fn lead_due(v: &Viewer, lead: Option<Party>, due: Option<NaiveDate>, t: &Labels) -> Vec<String> {
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

/// "编号 2026-025" / "No. 2026-025": the number residents and staff quote.
pub(super) fn case_number(lang: Lang, c: &Case) -> String {
    words(lang).number.replace("{n}", &c.id)
}

pub(super) fn case_item(v: &Viewer, c: &Case, t: &Labels) -> Item {
    let st = v.case_status(c.status);
    let mut meta = vec![case_number(v.lang, c)];
    meta.extend(lead_due(v, Some(c.lead), c.due, t));
    if c.stale {
        meta.push(t.stale.to_string());
    }
    let alert = if c.overdue {
        c.days_overdue(v.as_of).map(|d| days_overdue_text(v.lang, d)).or_else(|| Some(t.overdue.to_string()))
    } else {
        None
    };
    Item {
        tag: Some(Tag { class: format!("st-{}", st.key), text: format!("{} {}", st.icon, st.label) }),
        text: c.title.clone(),
        meta,
        alert,
        phone: None,
        // As `Case::overdue`: a suspended case is not running late.
        due: c.due.filter(|_| c.status.is_open() && c.status != CaseStatus::Suspended).map(|d| d.to_string()),
        until: None,
    }
}

pub(super) fn cases(v: &Viewer, p: &Compound, t: &Labels) -> Option<Part> {
    // What needs attention leads, in the order the phone pages use too.
    let open = p.open_cases();
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
    Some(Part { key: "cases", title: t.open_cases.to_string(), note: Some(note), rows })
}

pub(super) fn results(v: &Viewer, p: &Compound, t: &Labels) -> Option<Part> {
    let rows: Vec<Row> = p
        .recent_results(5)
        .into_iter()
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
            let mut meta = vec![case_number(v.lang, c), format!("{} {}", t.result, short_date(v, date))];
            if let Some(text) = c.result.as_ref().and_then(|r| r.text.clone()) {
                meta.push(text);
            }
            if let Some(rv) = &c.revisit {
                meta.push(format!("{} {}", t.revisit, rv.satisfaction.label(v.lang)));
            }
            Row::Item(Item { tag: Some(tag), text: c.title.clone(), meta, ..Item::default() })
        })
        .collect();
    (!rows.is_empty()).then(|| Part { key: "results", title: t.recent_results.to_string(), note: None, rows })
}

pub(super) fn notices(v: &Viewer, p: &Compound, t: &Labels) -> Option<Part> {
    let period = words(v.lang).notice_period;
    let rows: Vec<Row> = p
        .current_notices(v.as_of)
        // Urgent notices are the band's, from version.json: a new one reaches a board without a reload.
        .filter(|n| n.urgent.is_none())
        .map(|n| {
            let mut meta = vec![n.kind.label(v.lang).to_string()];
            meta.push(match n.until {
                Some(u) => period.replace("{from}", &short_date(v, n.published)).replace("{until}", &short_date(v, u)),
                None => format!("{} {}", t.published, short_date(v, n.published)),
            });
            if let Some(a) = n.amount {
                meta.push(format!("{} {}", t.amount, crate::render::views::money(a.0, v.lang)));
            }
            Row::Item(Item { text: n.title.clone(), meta, until: n.until.map(|u| u.to_string()), ..Item::default() })
        })
        .collect();
    (!rows.is_empty()).then(|| Part { key: "notices", title: t.current_notices.to_string(), note: None, rows })
}

/// The evaluation's results while they are on public notice (公示期): the
/// policy has them shown where residents can object, the board included.
pub(super) fn evaluation(v: &Viewer, p: &Compound, t: &Labels) -> Option<Part> {
    let period = words(v.lang).notice_period;
    let mut rows = Vec::new();
    for e in p.evaluations.iter().filter(|e| e.process.in_publicity(v.as_of) && !e.results.is_empty()) {
        let heading = t.year_heading.replace("{year}", &e.year.to_string());
        let text = match e.process.publicity {
            Some((from, until)) => format!(
                "{heading} · {}",
                period.replace("{from}", &short_date(v, from)).replace("{until}", &short_date(v, until))
            ),
            None => heading,
        };
        rows.push(Row::Group { text });
        for r in &e.results {
            let mut meta = Vec::new();
            if let Some(s) = r.score {
                meta.push(format!("{} {}", t.score, s.0));
            }
            if let Some(g) = &r.grade {
                meta.push(format!("{} {g}", t.grade));
            }
            if let Some(n) = r.participants {
                meta.push(format!("{} {n}", t.participants));
            }
            rows.push(Row::Item(Item { text: r.party.label(v.lang).to_string(), meta, ..Item::default() }));
        }
    }
    (!rows.is_empty()).then(|| Part { key: "evaluation", title: t.evaluations.to_string(), note: None, rows })
}

pub(super) fn meeting(v: &Viewer, home: &CompoundView, p: &Compound, t: &Labels) -> Option<Part> {
    let lang = v.lang;
    let mut rows = vec![Row::Group { text: t.next_meeting.to_string() }];
    match p.next_meeting(v.as_of) {
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
    if let Some(m) = p.last_meeting(v.as_of) {
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
    Some(Part { key: "meeting", title: t.meetings.to_string(), note: None, rows })
}

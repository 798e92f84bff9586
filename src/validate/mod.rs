//! Stage 2: raw input → model. Every check runs and every diagnostic is
//! kept; a model is returned only when there is no error. Communities and
//! compounds are validated in parallel, each on its own inputs.

mod evaluation;
mod inspection;
mod links;
pub mod pii;
mod report;
mod rules;
mod values;

pub use values::parse_date;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};
use rayon::prelude::*;

use crate::diag::{Diagnostic, Lang, Loc, Severity, SourceMap, Span, Text};
use crate::load::raw::{self, Str};
use crate::load::{self, Loaded, LoadedCommunity, LoadedCompound};
use crate::model::*;
use values::Cx;

/// Proof that a value came out of validation; nothing else can make one.
#[derive(Debug)]
pub struct Seal(());

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The date overdue and stale are computed against; default: today in the site's zone.
    pub as_of: Option<NaiveDate>,
}

/// The result of validation: always the diagnostics, the model only when no
/// diagnostic is an error.
#[derive(Debug)]
pub struct Checked {
    pub site: Option<Site>,
    pub diags: Vec<Diagnostic>,
    pub sources: SourceMap,
    pub lang: Lang,
}

pub fn validate(loaded: Loaded, opts: &CheckOptions) -> Checked {
    validate_with(loaded, opts, &mut ValidateCache::default())
}

/// What repeated validations (`watch`, `serve`) keep: each compound's model
/// and diagnostics, keyed by a hash of everything its validation reads.
#[derive(Debug, Default)]
pub struct ValidateCache {
    compounds: HashMap<String, Validated>,
}

type Validated = (u128, Option<Arc<Compound>>, Vec<Diagnostic>);

/// A community's model and diagnostics, and its compounds' cache entries.
type CommunityResult = (Option<Community>, Vec<Diagnostic>, Vec<(String, Validated)>);

/// [`validate`], reusing `cache` for compounds whose inputs are unchanged.
pub fn validate_with(loaded: Loaded, opts: &CheckOptions, cache: &mut ValidateCache) -> Checked {
    let Loaded { sources, mut diags, site, communities, .. } = loaded;
    let allowed = allowed_values(site.as_ref().map(|s| &*s.raw), &communities);
    let mut cx = Cx::new(&sources, &allowed);
    let settings = match &site {
        Some(doc) => settings(&mut cx, &doc.raw),
        None => {
            cx.push(
                Diagnostic::error(
                    "site-missing",
                    None::<Loc>,
                    Text::new("缺少 content/site.yaml", "content/site.yaml is missing"),
                )
                .hint(Text::new(
                    "在 content/ 下建 site.yaml，至少写 title、street、base_url 三项；可用 gongshi new 生成示例。",
                    "Create content/site.yaml with title, street and base_url; `gongshi new` writes an example.",
                )),
            );
            None
        }
    };
    let lang = settings.as_ref().map_or(Lang::Zh, |s| s.lang);
    let utc_offset = settings.as_ref().map_or(8 * 3600, |s| s.utc_offset);
    let as_of = opts.as_of.unwrap_or_else(|| today(utc_offset));
    let rules = settings.as_ref().map(|s| s.rules.clone()).unwrap_or_default();
    let mut sorted: Vec<&String> = allowed.iter().collect();
    sorted.sort();
    let inputs = fingerprint(&(as_of, &rules, sorted));
    let env = Env { sources: &sources, allowed: &allowed, as_of, rules: &rules, inputs, cache: &cache.compounds };
    diags.append(&mut cx.diags);
    // With errors (a folder refused for its name, say), the site only looks
    // empty; the errors say why, and "no community folders" would mislead.
    if communities.is_empty() && !diags.iter().any(|d| d.severity == Severity::Error) {
        diags.push(Diagnostic::warning(
            "site-empty",
            None::<Loc>,
            Text::new("content/ 下还没有社区文件夹", "content/ has no community folders yet"),
        ));
    }
    let results: Vec<CommunityResult> = communities.into_par_iter().map(|c| community(&env, c)).collect();
    let mut list = Vec::new();
    let mut fresh = HashMap::new();
    for (c, d, v) in results {
        diags.extend(d);
        list.extend(c);
        fresh.extend(v);
    }
    cache.compounds = fresh;
    let has_errors = diags.iter().any(|d| d.severity == Severity::Error);
    let site = match settings {
        Some(settings) if !has_errors => Some(Site { settings, communities: list, as_of, _seal: Seal(()) }),
        _ => None,
    };
    Checked { site, diags, sources, lang }
}

/// What every compound's validation may read.
struct Env<'a> {
    sources: &'a SourceMap,
    allowed: &'a HashSet<String>,
    as_of: NaiveDate,
    rules: &'a Rules,
    /// A hash of the site-wide inputs every compound's validation reads.
    inputs: u128,
    cache: &'a HashMap<String, Validated>,
}

fn fingerprint(v: &impl std::hash::Hash) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    v.hash(&mut h);
    h.digest128()
}

/// Everything a compound's validation reads: its files' text, its
/// attachments, the community's roster names and the site-wide inputs.
fn compound_key(env: &Env, p: &LoadedCompound, community_names: &[String]) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    use std::hash::Hash;
    (env.inputs, &p.slug, p.dir, community_names, &p.unparsed).hash(&mut h);
    let files = p
        .file
        .iter()
        .map(|d| d.file)
        .chain(p.pledges.iter().map(|d| d.file))
        .chain(p.evaluations.iter().map(|d| d.file));
    let md =
        p.cases.iter().map(|d| d.file).chain(p.meetings.iter().map(|d| d.file)).chain(p.notices.iter().map(|d| d.file));
    for id in files.chain(md) {
        let f = env.sources.get(id);
        (id, &f.rel, &f.text).hash(&mut h);
    }
    for a in &p.attachments {
        let len = std::fs::symlink_metadata(&a.path).map(|m| m.len()).ok();
        (&a.rel, a.file, len).hash(&mut h);
    }
    h.digest128()
}

fn today(utc_offset: i32) -> NaiveDate {
    let now = chrono::Utc::now().naive_utc() + chrono::Duration::seconds(i64::from(utc_offset));
    now.date()
}

/// Declared duty phones and `pii_allow` entries, by canonical digits and as written.
fn allowed_values(site: Option<&raw::RawSite>, communities: &[LoadedCommunity]) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut add = |s: &Option<Str>| {
        if let Some(s) = s {
            out.insert(pii::canonical_phone(&s.value));
            out.insert(s.value.trim().to_string());
        }
    };
    let roster = |r: &Option<raw::RawRoster>, add: &mut dyn FnMut(&Option<Str>)| {
        for p in r.iter().flat_map(|r| r.members.iter().flatten()) {
            add(&p.phone);
        }
    };
    if let Some(site) = site {
        add(&site.office.as_ref().and_then(|o| o.phone.clone()));
        for a in &site.pii_allow {
            add(&Some(a.clone()));
        }
    }
    for c in communities {
        if let Some(f) = &c.file {
            for r in [&f.raw.party_org, &f.raw.residents_committee, &f.raw.env_committee] {
                roster(r, &mut add);
            }
            for k in &f.raw.contacts {
                add(&k.phone);
            }
        }
        for p in c.compounds.iter().filter_map(|p| p.file.as_ref()) {
            for r in [&p.raw.compound_party_org, &p.raw.owners_committee, &p.raw.self_management] {
                roster(r, &mut add);
            }
            for k in &p.raw.contacts {
                add(&k.phone);
            }
            if let Some(co) = &p.raw.property_company {
                add(&co.service_phone);
                add(&co.repair_phone);
                for m in co.members.iter().chain(&co.quality_supervisor) {
                    add(&m.phone);
                }
            }
        }
    }
    out.remove("");
    out
}

const ZONES: &[(&str, i32)] = &[
    ("Asia/Shanghai", 8),
    ("Asia/Chongqing", 8),
    ("Asia/Harbin", 8),
    ("Asia/Urumqi", 6),
    ("Asia/Hong_Kong", 8),
    ("Asia/Macau", 8),
    ("Asia/Taipei", 8),
    ("UTC", 0),
];

fn settings(cx: &mut Cx, s: &raw::RawSite) -> Option<Settings> {
    let lang = match s.language.as_ref().map(|l| l.value.trim()) {
        None | Some("zh-CN" | "zh" | "中文") => Lang::Zh,
        Some("en") => Lang::En,
        Some(other) => {
            cx.push(
                Diagnostic::error(
                    "value-unknown",
                    s.language.as_ref().map(|l| l.span),
                    Text::new(format!("不支持的语言 `{other}`"), format!("unsupported language `{other}`")),
                )
                .hint(Text::new(
                    "language 可选 zh-CN（中文，默认）或 en（英文）。",
                    "language: zh-CN (default) or en.",
                )),
            );
            Lang::Zh
        }
    };
    let (timezone, utc_offset) = match &s.timezone {
        None => ("Asia/Shanghai".to_string(), 8 * 3600),
        Some(tz) => match ZONES.iter().find(|(n, _)| *n == tz.value.trim()) {
            Some((n, h)) => (n.to_string(), h * 3600),
            None => {
                let names: Vec<&str> = ZONES.iter().map(|z| z.0).collect();
                cx.push(
                    Diagnostic::error("value-unknown", tz.span, Text::new("不支持的时区", "unsupported timezone"))
                        .hint(Text::new(
                            format!("可选：{}", names.join("、")),
                            format!("supported: {}", names.join(", ")),
                        )),
                );
                ("Asia/Shanghai".to_string(), 8 * 3600)
            }
        },
    };
    let base_url = s.base_url.as_ref().and_then(|u| {
        let v = u.value.trim().trim_end_matches('/');
        let ok = (v.starts_with("https://") || v.starts_with("http://"))
            && v.len() > 8
            && !v.contains(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>');
        if !ok {
            cx.push(
                Diagnostic::error(
                    "site-base-url",
                    u.span,
                    Text::new("base_url 必须是完整网址", "base_url must be an absolute URL"),
                )
                .hint(Text::new(
                    "例如 base_url: https://gongshi.example.cn",
                    "e.g. base_url: https://gongshi.example.cn",
                )),
            );
        }
        ok.then(|| v.to_string())
    });
    let theme = s.theme.as_ref().map_or("default".to_string(), |t| t.value.trim().to_string());
    if !load::walk::is_slug(&theme) {
        cx.push(
            Diagnostic::error(
                "site-theme",
                s.theme.as_ref().map(|t| t.span),
                Text::new("主题名只能用小写字母、数字和短横线", "theme names are lowercase slugs"),
            )
            .hint(Text::new(
                "theme: default，或 themes/ 下某个文件夹的名字。",
                "theme: default, or a folder under themes/.",
            )),
        );
    }
    let office = s.office.as_ref().map(|o| contact(cx, o));
    let kiosk = kiosk(cx, s.kiosk.as_ref());
    let rules = rules_of(cx, s.rules.as_ref());
    let title = s.title.as_ref().map(|t| cx.text(t));
    let street = s.street.as_ref().map(|t| cx.text(t));
    Some(Settings {
        title: title?,
        street: street?,
        base_url: base_url?,
        lang,
        timezone,
        utc_offset,
        theme,
        office,
        kiosk,
        rules,
    })
}

fn kiosk(cx: &mut Cx, k: Option<&raw::RawKiosk>) -> Kiosk {
    let time = |cx: &mut Cx, s: &Option<Str>, default: (u32, u32)| {
        let d = NaiveTime::from_hms_opt(default.0, default.1, 0).unwrap_or_default();
        let Some(s) = s else { return d };
        match NaiveTime::parse_from_str(s.value.trim(), "%H:%M") {
            Ok(t) => t,
            Err(_) => {
                cx.push(
                    Diagnostic::error("value-time", s.span, Text::new("时间格式不对", "not a time of day"))
                        .hint(Text::new("写成 \"22:00\"（24 小时制，加引号）。", "Write \"22:00\" (24-hour, quoted).")),
                );
                d
            }
        }
    };
    let poll = k.and_then(|k| cx.number::<u32>(&k.poll_seconds, "poll_seconds", "60")).unwrap_or(60);
    let poll = if (10..=3600).contains(&poll) {
        poll
    } else {
        if let Some(s) = k.and_then(|k| k.poll_seconds.as_ref()) {
            cx.push(
                Diagnostic::error(
                    "kiosk-poll",
                    s.span,
                    Text::new("poll_seconds 应在 10 到 3600 之间", "poll_seconds must be 10..=3600"),
                )
                .hint(Text::new("一般写 60：电子屏每分钟检查一次更新。", "60 is usual.")),
            );
        }
        60
    };
    let night = k.and_then(|k| k.night.as_ref());
    let night_from = time(cx, &night.and_then(|n| n.from.clone()), (22, 0));
    let night_to = time(cx, &night.and_then(|n| n.to.clone()), (6, 30));
    let screens = match k.and_then(|k| k.screens.as_ref()) {
        Some(list) => list.iter().filter_map(|s| screen(cx, s)).collect(),
        None => vec![
            Screen { name: "landscape".into(), width: 1920, height: 1080 },
            Screen { name: "portrait".into(), width: 1080, height: 1920 },
        ],
    };
    Kiosk { poll_seconds: poll, night_from, night_to, screens }
}

fn screen(cx: &mut Cx, s: &raw::RawScreen) -> Option<Screen> {
    let name = s.name.as_ref()?;
    if !load::walk::is_slug(name.value.trim()) {
        cx.push(
            Diagnostic::error(
                "name-not-slug",
                name.span,
                Text::new(
                    "屏幕名会成为文件名，只能用小写字母、数字和短横线",
                    "screen names become file names: use a slug",
                ),
            )
            .hint(Text::new("例如 landscape、portrait、lobby-bar。", "e.g. landscape, portrait, lobby-bar.")),
        );
        return None;
    }
    let width = cx.number::<u32>(&s.width, "width", "1920")?;
    let height = cx.number::<u32>(&s.height, "height", "1080")?;
    if !(320..=7680).contains(&width) || !(240..=7680).contains(&height) {
        cx.push(
            Diagnostic::error(
                "kiosk-screen",
                s.span,
                Text::new("屏幕尺寸应在 320×240 到 7680×7680 之间", "screen size out of range"),
            )
            .hint(Text::new("写屏幕的实际像素，例如 1920 和 1080。", "Use the panel's pixels, e.g. 1920 × 1080.")),
        );
        return None;
    }
    Some(Screen { name: name.value.trim().to_string(), width, height })
}

fn rules_of(cx: &mut Cx, r: Option<&raw::RawRules>) -> Rules {
    let d = Rules::default();
    let Some(r) = r else { return d };
    Rules {
        stale_days: cx.number(&r.stale_days, "stale_days", "14").unwrap_or(d.stale_days),
        owners_party_ratio: cx
            .number(&r.owners_party_ratio, "owners_party_ratio", "0.5")
            .unwrap_or(d.owners_party_ratio),
        env_min_members: cx.number(&r.env_min_members, "env_min_members", "5").unwrap_or(d.env_min_members),
        meeting_gap_days: cx.number(&r.meeting_gap_days, "meeting_gap_days", "62").unwrap_or(d.meeting_gap_days),
        evaluation_deadline: evaluation::deadline(cx, &r.evaluation_deadline).unwrap_or(d.evaluation_deadline),
    }
}

fn contact(cx: &mut Cx, c: &raw::RawContact) -> Contact {
    let label = cx.opt_text(&c.label).or_else(|| cx.opt_text(&c.name));
    if label.is_none() {
        cx.push(
            Diagnostic::error(
                "field-missing",
                c.span,
                Text::new("联系方式缺少 label（名称）", "a contact needs a label"),
            )
            .hint(Text::new(
                "例如 {label: 社区服务中心, phone: 0571-88880000}",
                "e.g. {label: Service centre, phone: …}",
            )),
        );
    }
    Contact {
        label: label.unwrap_or_default(),
        phone: cx.phone(&c.phone),
        address: cx.opt_text(&c.address),
        hours: cx.opt_text(&c.hours),
    }
}

fn person(cx: &mut Cx, p: &raw::RawPerson) -> Option<Person> {
    let name = p.name.as_ref().map(|n| cx.text(n));
    let position = p.position.as_ref().map(|n| cx.text(n));
    let party_member = cx.boolean(&p.party_member, "party_member");
    if let Some(ph) = &p.photo {
        cx.push(
            Diagnostic::warning(
                "photo-unsupported",
                ph.span,
                Text::new("照片暂不发布", "photos are not published yet"),
            )
            .hint(Text::new("删去 photo 这一行即可；名册只公开姓名、职务和值班电话。", "Remove the photo line.")),
        );
    }
    Some(Person {
        name: name?,
        position: position?,
        phone: cx.phone(&p.phone),
        party_member,
        also: cx.texts(&p.also),
        duties: cx.texts(&p.duties),
        photo: None,
    })
}

fn roster(cx: &mut Cx, r: &raw::RawRoster) -> Roster {
    let term = r.term.as_ref().and_then(|t| term(cx, t));
    Roster {
        name: cx.opt_text(&r.name),
        term,
        members: r.members.iter().flatten().filter_map(|p| person(cx, p)).collect(),
    }
}

fn term(cx: &mut Cx, t: &raw::RawTerm) -> Option<(NaiveDate, NaiveDate)> {
    let from = cx.date(&t.from, "from");
    let to = cx.date(&t.to, "to");
    let (from, to) = (from?, to?);
    if to < from {
        cx.push(
            Diagnostic::error(
                "date-order",
                t.span,
                Text::new("任期/合同的结束日期早于开始日期", "the end date is before the start date"),
            )
            .hint(Text::new("检查 from 和 to 是否写反。", "Check from and to.")),
        );
    }
    Some((from, to))
}

fn community(env: &Env, c: LoadedCommunity) -> CommunityResult {
    let mut cx = Cx::new(env.sources, env.allowed);
    let LoadedCommunity { slug, dir, file, compounds, reports, inspections } = c;
    let names = file.as_ref().map(|d| roster_names(&d.raw)).unwrap_or_default();
    let compounds: Vec<(String, Validated)> = compounds
        .into_par_iter()
        .map(|p| {
            let key = format!("{slug}/{}", p.slug);
            let fp = compound_key(env, &p, &names);
            match env.cache.get(&key) {
                Some(v) if v.0 == fp => (key, v.clone()),
                _ => {
                    let (model, diags) = compound(env, p, &names);
                    (key, (fp, model.map(Arc::new), diags))
                }
            }
        })
        .collect();
    let mut list = Vec::new();
    for (_, (_, p, d)) in &compounds {
        cx.diags.extend(d.iter().cloned());
        list.extend(p.clone());
    }
    let Some(doc) = file else {
        cx.push(
            Diagnostic::error(
                "community-missing",
                Loc::File(dir),
                Text::new("社区文件夹里缺少 community.yaml", "community.yaml is missing"),
            )
            .hint(Text::new(
                "在这个文件夹里建 community.yaml，至少写 name 和 residents_committee。",
                "Create community.yaml with name and residents_committee.",
            )),
        );
        return (None, cx.diags, compounds);
    };
    let r = &doc.raw;
    let name = r.name.as_ref().map(|n| cx.text(n));
    let party_org = r.party_org.as_ref().map(|x| roster(&mut cx, x));
    let residents_committee = r.residents_committee.as_ref().map(|x| roster(&mut cx, x));
    let env_committee = r.env_committee.as_ref().map(|x| roster(&mut cx, x));
    let contacts = r.contacts.iter().map(|k| contact(&mut cx, k)).collect();
    let mut c = Community {
        slug,
        name: name.unwrap_or_default(),
        party_org,
        residents_committee: residents_committee.unwrap_or_default(),
        env_committee,
        contacts,
        compounds: list,
        findings: Vec::new(),
        reports: report::narratives(&mut cx, &reports),
        inspections: Vec::new(),
    };
    c.inspections = inspection::inspections(&mut cx, &inspections, c.env_committee.as_ref(), &c.compounds);
    rules::community(&mut cx, env.rules, &mut c, doc.file, r);
    report::deadline(&mut cx, &mut c.findings, env.as_of, &c.name, &reports, dir);
    inspection::rules(&mut cx, env.as_of, &mut c, &inspections, dir);
    (Some(c), cx.diags, compounds)
}

/// Names on the community's rosters, which joint meetings may draw on.
fn roster_names(r: &raw::RawCommunity) -> Vec<String> {
    [&r.party_org, &r.residents_committee, &r.env_committee]
        .into_iter()
        .flatten()
        .flat_map(|x| x.members.iter().flatten())
        .filter_map(|p| p.name.as_ref().map(|n| n.value.trim().to_string()))
        .collect()
}

fn compound(env: &Env, p: LoadedCompound, community_names: &[String]) -> (Option<Compound>, Vec<Diagnostic>) {
    let mut cx = Cx::new(env.sources, env.allowed);
    let Some(doc) = &p.file else {
        cx.push(
            Diagnostic::error(
                "compound-missing",
                Loc::File(p.dir),
                Text::new("小区文件夹里缺少 compound.yaml", "compound.yaml is missing"),
            )
            .hint(Text::new(
                "在这个文件夹里建 compound.yaml，至少写 name 和 property_company。",
                "Create compound.yaml with name and property_company.",
            )),
        );
        return (None, cx.diags);
    };
    let r = &doc.raw;
    let name = r.name.as_ref().map(|n| cx.text(n));
    let households = cx.number(&r.households, "households", "812");
    let owners = match (&r.owners_committee, &r.self_management) {
        (Some(o), Some(s)) => {
            cx.push(
                Diagnostic::error(
                    "compound-owners-twice",
                    s.span,
                    Text::new(
                        "owners_committee 和 self_management 只能写一个",
                        "write owners_committee or self_management, not both",
                    ),
                )
                .hint(Text::new(
                    "有业主委员会的写 owners_committee；没有的写 self_management（物业自管组织）。",
                    "Keep the one that exists.",
                )),
            );
            Some((Party::OwnersCommittee, roster(&mut cx, o)))
        }
        (Some(o), None) => Some((Party::OwnersCommittee, roster(&mut cx, o))),
        (None, Some(s)) => Some((Party::SelfManagement, roster(&mut cx, s))),
        (None, None) => None,
    };
    let company = r.property_company.as_ref().map(|co| Company {
        name: co.name.as_ref().map(|n| cx.text(n)).unwrap_or_default(),
        service_phone: cx.phone(&co.service_phone),
        repair_phone: cx.phone(&co.repair_phone),
        contract: co.contract.as_ref().and_then(|t| term(&mut cx, t)),
        members: co.members.iter().filter_map(|m| person(&mut cx, m)).collect(),
        quality_supervisor: co.quality_supervisor.as_ref().and_then(|m| person(&mut cx, m)),
    });
    let joint =
        r.joint_meeting.as_ref().map(|j| Joint { convener: cx.opt_text(&j.convener), members: cx.texts(&j.members) });
    let contacts = r.contacts.iter().map(|k| contact(&mut cx, k)).collect();
    let party_org = r.compound_party_org.as_ref().map(|x| roster(&mut cx, x));

    let mut cases: Vec<Case> = p.cases.iter().filter_map(|d| case(&mut cx, env, d, &p.attachments)).collect();
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    // Every case file counts, even one with errors: its own diagnostics say
    // what is wrong, and a reference to it is not a second mistake.
    let case_ids: HashSet<&str> = p
        .cases
        .iter()
        .map(|d| d.stem.as_str())
        .chain(p.unparsed.iter().filter(|(f, _)| *f == "cases").map(|(_, s)| s.as_str()))
        .collect();
    let attachments: Vec<AttachmentFile> =
        p.attachments.iter().map(|a| AttachmentFile { rel: a.rel.clone(), path: a.path.clone() }).collect();
    let mut meetings: Vec<Meeting> =
        p.meetings.iter().filter_map(|d| meeting(&mut cx, d, &case_ids, &p.attachments)).collect();
    meetings.sort_by(|a, b| (a.date, &a.stem).cmp(&(b.date, &b.stem)));
    let mut notices: Vec<Notice> = p.notices.iter().filter_map(|d| notice(&mut cx, d, &p)).collect();
    notices.sort_by(|a, b| (b.published, &b.stem).cmp(&(a.published, &a.stem)));
    let mut pledges: Vec<PledgeYear> = p.pledges.iter().filter_map(|d| pledge_year(&mut cx, d)).collect();
    pledges.sort_by_key(|y| std::cmp::Reverse(y.year));
    let mut evaluations: Vec<Evaluation> = p.evaluations.iter().filter_map(|d| evaluation(&mut cx, d)).collect();
    evaluations.sort_by_key(|y| std::cmp::Reverse(y.year));
    for a in &p.attachments {
        attachment_file(&mut cx, a);
    }
    let Some(company) = company else { return (None, cx.diags) };
    let mut c = Compound {
        slug: p.slug.clone(),
        name: name.unwrap_or_default(),
        address: cx.opt_text(&r.address),
        households,
        party_org,
        owners,
        company,
        joint,
        contacts,
        pledges,
        cases,
        meetings,
        notices,
        evaluations,
        attachments,
        findings: Vec::new(),
    };
    rules::compound(&mut cx, (env.as_of, env.rules, community_names), &mut c, &p);
    evaluation::rules(&mut cx, env.as_of, env.rules, &mut c, &p);
    (Some(c), cx.diags)
}

/// Rejects attachment types a browser would run, and oversized files.
fn attachment_file(cx: &mut Cx, a: &load::Attachment) {
    let ext = a.rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if matches!(
        ext.as_str(),
        "html"
            | "htm"
            | "xhtml"
            | "svg"
            | "svgz"
            | "js"
            | "mjs"
            | "xml"
            | "xsl"
            | "swf"
            | "exe"
            | "bat"
            | "cmd"
            | "ps1"
            | "vbs"
    ) {
        cx.push(
            Diagnostic::error(
                "attachment-type",
                Loc::File(a.file),
                Text::new("不允许的附件类型", "this attachment type is not allowed"),
            )
            .hint(Text::new(
                "网页、脚本和 SVG 文件可能在居民手机上执行代码，不能发布。请另存为 PDF 或 JPG/PNG 图片。",
                "Web pages, scripts and SVG can run code in a browser. Save it as PDF, JPG or PNG.",
            )),
        );
    }
    let size = std::fs::symlink_metadata(&a.path).map(|m| m.len()).unwrap_or(0);
    if size > load::MAX_ATTACHMENT_BYTES {
        cx.push(
            Diagnostic::error(
                "attachment-too-large",
                Loc::File(a.file),
                Text::new(
                    format!("附件过大（{} MB，上限 20 MB）", size / (1024 * 1024)),
                    format!("attachment too large ({} MiB, at most 20)", size / (1024 * 1024)),
                ),
            )
            .hint(Text::new(
                "压缩图片或把 PDF 另存为“最小文件大小”。居民多用手机流量查看。",
                "Compress it; residents read on mobile data.",
            )),
        );
    }
    let name = a.rel.rsplit('/').next().unwrap_or_default();
    cx.scan_at(name, None, Span::new(a.file, 0, 0));
}

/// A Markdown body: scanned for personal information, its links and images checked.
fn body_of(cx: &mut Cx, file: crate::diag::FileId, body_at: usize, attachments: &[load::Attachment]) -> String {
    let text = &cx.sources.get(file).text;
    let body = text.get(body_at..).unwrap_or_default().to_string();
    cx.scan_at(&body, Some(body_at), Span::new(file, body_at, body_at));
    links::check(cx, file, &body, body_at, attachments);
    body
}

/// An id (file stem) that is a valid slug was ensured by the walk.
fn case(cx: &mut Cx, env: &Env, d: &load::MdDoc<raw::RawCase>, attachments: &[load::Attachment]) -> Option<Case> {
    let r = &d.raw;
    let before = cx.diags.len();
    let title = r.title.as_ref().map(|t| cx.text(t));
    let kind = if r.kind.is_some() { cx.vocab(&r.kind, "kind") } else { Some(CaseKind::Daily) };
    let received = cx.date(&r.received, "received");
    let lead = cx.vocab::<Party>(&r.lead, "lead");
    let partners: Vec<Party> = r.partners.iter().filter_map(|p| cx.vocab(&Some(p.clone()), "partners")).collect();
    let original_due = cx.date(&r.due, "due");
    let opinion = r.opinion.as_ref().and_then(|o| {
        let date = cx.date(&o.date, "date");
        let text = o.text.as_ref().map(|t| cx.text(t));
        Some(Opinion { date: date?, text: text? })
    });
    let status = cx.vocab::<CaseStatus>(&r.status, "status");
    let updates: Vec<Option<Update>> = r.updates.iter().flatten().map(|u| update(cx, u)).collect();
    let result = r.result.as_ref().and_then(|x| {
        let date = cx.date(&x.date, "date");
        let outcome = cx.vocab(&x.outcome, "outcome");
        let text = cx.opt_text(&x.text);
        Some(CaseResult { date: date?, outcome: outcome?, text })
    });
    let revisit = r.revisit.as_ref().and_then(|x| {
        let date = cx.date(&x.date, "date");
        let satisfaction = cx.vocab(&x.satisfaction, "satisfaction");
        Some(Revisit { date, satisfaction: satisfaction?, note: cx.opt_text(&x.note) })
    });
    let category = cx.opt_text(&r.category);
    let channel = cx.opt_text(&r.channel);
    let location = cx.opt_text(&r.location);
    let body = body_of(cx, d.file, d.body_at, attachments);
    if let Some(p) = &r.private {
        private_leaks(cx, p, d);
    }
    if r.updates.as_ref().is_some_and(Vec::is_empty) {
        cx.push(
            Diagnostic::error(
                "case-no-updates",
                r.updates.as_ref().map_or(r.span, |_| r.span),
                Text::new("updates 至少要有一条（受理记录）", "updates needs at least one entry"),
            )
            .hint(Text::new(
                "例如：\nupdates:\n  - {date: 2026-10-08, status: received, by: residents_committee, note: 已登记}",
                "e.g. updates: [{date: 2026-10-08, status: received}]",
            )),
        );
    }
    if cx.diags[before..].iter().any(|x| x.severity == Severity::Error) || updates.iter().any(Option::is_none) {
        return None;
    }
    let updates: Vec<Update> = updates.into_iter().flatten().collect();
    let (title, kind, received, lead, status) = (title?, kind?, received?, lead?, status?);
    let last = updates.last()?;
    let due = updates.iter().rev().find_map(|u| u.due).or(original_due);
    let last_update = last.date;
    let open = status.is_open();
    let overdue = open && status != CaseStatus::Suspended && due.is_some_and(|d| d < env.as_of);
    let stale = open && (env.as_of - last_update).num_days() > i64::from(env.rules.stale_days);
    let c = Case {
        id: d.stem.clone(),
        title,
        kind,
        category,
        channel,
        received,
        location,
        lead,
        partners,
        due,
        opinion,
        status,
        updates,
        result,
        revisit,
        body,
        overdue,
        stale,
        last_update,
    };
    rules::case(cx, env.as_of, &c, r, original_due);
    Some(c)
}

fn update(cx: &mut Cx, u: &raw::RawUpdate) -> Option<Update> {
    let date = cx.date(&u.date, "date");
    let status = cx.vocab(&u.status, "status");
    let by = cx.vocab(&u.by, "by");
    let due = cx.date(&u.due, "due");
    Some(Update { date: date?, status: status?, by, note: cx.opt_text(&u.note), to: cx.opt_text(&u.to), due })
}

/// A value of the case's `private:` block that shows up in its public text.
fn private_leaks(cx: &mut Cx, p: &raw::RawPrivate, d: &load::MdDoc<raw::RawCase>) {
    let text = &cx.sources.get(d.file).text;
    let mut values = Vec::new();
    p.each_value(|v| {
        let v = v.trim();
        if v.chars().count() >= 2 {
            values.push(v.to_string());
        }
    });
    // Public text is everything outside the private block: find each value
    // anywhere else in the file.
    let private_span = d.raw.private.as_ref().map_or(0..0, |_| private_range(text, d));
    let mut found = Vec::new();
    for v in &values {
        for (at, _) in text.match_indices(v.as_str()) {
            if !private_span.contains(&at) && !number_joined(text, at, v) {
                found.push(Span::new(d.file, at, at + v.len()));
            }
        }
    }
    found.sort_by_key(|s| s.start);
    found.dedup();
    // Where the privacy scan already flagged the same text, one error is enough.
    found.retain(|s| !cx.diags.iter().any(|x| x.code.starts_with("pii-") && x.loc == Some(Loc::Span(*s))));
    for span in found {
        cx.push(
            Diagnostic::error(
                "pii-private-leak",
                span,
                Text::new("这里写了本案 private: 里的信息（反映人姓名、电话或房号）", "this repeats a value from the case's private: block"),
            )
            .hint(Text::new(
                "private: 里的内容只供工作人员留档，公开的标题、地点、进展和正文里不能出现。请改写，例如“某居民”“3号楼”。",
                "Private values are for staff only; rewrite the public text, e.g. 'a resident', 'building 3'.",
            )),
        );
    }
}

/// A number only matches as a whole, as in the privacy scan: a phone inside
/// a longer order number or an amount (`13800138000.00元`) is not the phone.
fn number_joined(text: &str, at: usize, v: &str) -> bool {
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let mut before = text[..at].chars().rev();
    let mut after = text[at + v.len()..].chars();
    let b = before.next();
    let a = after.next();
    let starts = v.starts_with(|c: char| c.is_ascii_digit());
    let ends = v.ends_with(|c: char| c.is_ascii_digit());
    (starts && (digit(b) || (b == Some('.') && digit(before.next()))))
        || (ends && (digit(a) || (a == Some('.') && digit(after.next()))))
}

/// Byte range of the `private:` block inside the front matter.
fn private_range(text: &str, d: &load::MdDoc<raw::RawCase>) -> std::ops::Range<usize> {
    let fm_end = d.body_at.min(text.len());
    let Some(start) =
        text[..fm_end].match_indices("private:").map(|(i, _)| i).find(|&i| i == 0 || text.as_bytes()[i - 1] == b'\n')
    else {
        return 0..0;
    };
    // The block ends at the next line that is not indented (or the front matter's end).
    let mut end = fm_end;
    let mut pos = start + text[start..fm_end].find('\n').map_or(fm_end - start, |i| i + 1);
    while pos < fm_end {
        let line_end = text[pos..fm_end].find('\n').map_or(fm_end, |i| pos + i + 1);
        let line = &text[pos..line_end];
        if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            end = pos;
            break;
        }
        pos = line_end;
    }
    start..end
}

fn meeting(
    cx: &mut Cx,
    d: &load::MdDoc<raw::RawMeeting>,
    cases: &HashSet<&str>,
    attachments: &[load::Attachment],
) -> Option<Meeting> {
    let r = &d.raw;
    let date = cx.date(&r.date, "date");
    let form = if r.form.is_some() { cx.vocab(&r.form, "form") } else { Some(MeetingForm::Regular) };
    let decisions = r
        .decisions
        .iter()
        .filter_map(|x| {
            let lead = cx.vocab(&x.lead, "lead");
            let due = cx.date(&x.due, "due");
            if let Some(c) = &x.case
                && !cases.contains(c.value.trim())
            {
                cx.push(
                    Diagnostic::error(
                        "ref-case",
                        c.span,
                        Text::new(
                            format!("找不到编号为 `{}` 的问题", c.value.trim()),
                            format!("no case with id `{}`", c.value.trim()),
                        ),
                    )
                    .hint(Text::new(
                        "case 写本小区 cases/ 下的文件名（不带 .md），例如 2026-031。",
                        "Use a file name under this compound's cases/ without .md.",
                    )),
                );
            }
            Some(Decision {
                text: cx.text(x.text.as_ref()?),
                lead,
                due,
                case: x.case.as_ref().map(|c| c.value.trim().to_string()),
            })
        })
        .collect();
    let body = body_of(cx, d.file, d.body_at, attachments);
    let m = Meeting {
        stem: d.stem.clone(),
        date: date?,
        form: form?,
        convener: cx.opt_text(&r.convener),
        attendees: cx.texts(&r.attendees),
        observers: cx.texts(&r.observers),
        topics: cx.texts(&r.topics),
        decisions,
        body,
    };
    stem_date(cx, d.file, &d.stem, m.date, r.date.as_ref(), true);
    Some(m)
}

/// Meeting and notice files start with their date; a mismatch is a typo in one of them.
fn stem_date(cx: &mut Cx, file: crate::diag::FileId, stem: &str, date: NaiveDate, at: Option<&Str>, error: bool) {
    let head = stem.get(..10).unwrap_or(stem);
    let ok = parse_date(head).is_ok_and(|d| d == date) && (stem.len() == 10 || stem.as_bytes().get(10) == Some(&b'-'));
    if ok {
        return;
    }
    let span = at.map_or(Loc::File(file), |s| Loc::Span(s.span));
    let msg = Text::new(
        format!("文件名 `{stem}` 和日期 {date} 对不上"),
        format!("the file name `{stem}` does not match the date {date}"),
    );
    let hint = Text::new(
        format!("文件名应以日期开头，例如 {date}.md 或 {date}-简短英文名.md；或改正文件里的日期。"),
        format!("Name the file {date}.md or {date}-slug.md, or fix the date."),
    );
    let d = if error { Diagnostic::error("name-date", span, msg) } else { Diagnostic::warning("name-date", span, msg) };
    cx.push(d.hint(hint));
}

fn notice(cx: &mut Cx, d: &load::MdDoc<raw::RawNotice>, p: &LoadedCompound) -> Option<Notice> {
    let r = &d.raw;
    let title = r.title.as_ref().map(|t| cx.text(t));
    let kind = cx.vocab::<NoticeKind>(&r.kind, "kind");
    let published = cx.date(&r.published, "published");
    let until = cx.date(&r.until, "until");
    let reported = cx.date(&r.reported, "reported");
    let amount = cx.number::<Num>(&r.amount, "amount", "680000");
    let attachments = r.attachments.iter().filter_map(|a| attachment_ref(cx, a, p)).collect();
    let body = body_of(cx, d.file, d.body_at, &p.attachments);
    let n = Notice {
        stem: d.stem.clone(),
        title: title?,
        kind: kind?,
        published: published?,
        until,
        reported,
        amount,
        attachments,
        body,
    };
    if let (Some(u), Some(s)) = (n.until, &r.until)
        && u < n.published
    {
        cx.push(
            Diagnostic::error("date-order", s.span, Text::new("公示截止日期早于发布日期", "until is before published"))
                .hint(Text::new("检查 published 和 until。", "Check published and until.")),
        );
    }
    stem_date(cx, d.file, &d.stem, n.published, r.published.as_ref(), false);
    Some(n)
}

/// An attachment reference must name a file under this compound's `attachments/`.
fn attachment_ref(cx: &mut Cx, a: &Str, p: &LoadedCompound) -> Option<String> {
    let v = a.value.trim();
    let decoded = v.replace("%2e", ".").replace("%2E", ".").replace("%2f", "/").replace("%2F", "/");
    let escapes = decoded.starts_with('/')
        || decoded.contains('\\')
        || decoded.split('/').any(|seg| seg == ".." || seg == ".")
        || decoded.as_bytes().get(1) == Some(&b':')
        || decoded.contains("://");
    if escapes {
        cx.push(
            Diagnostic::error("attachment-path", a.span, Text::new("附件路径不能跳出小区文件夹", "attachment paths must stay inside the compound folder"))
                .hint(Text::new("把文件放进本小区的 attachments/ 文件夹，写成 attachments/文件名.pdf（用正斜杠 /，不要 ..、盘符或绝对路径）。", "Put the file in attachments/ and write attachments/name.pdf.")),
        );
        return None;
    }
    if !p.attachments.iter().any(|x| x.rel == v) {
        let name = v.rsplit('/').next().unwrap_or(v);
        let near = p.attachments.iter().find(|x| x.rel.ends_with(name)).map(|x| x.rel.clone());
        let hint = match near {
            Some(n) => Text::new(format!("是不是 `{n}`？"), format!("did you mean `{n}`?")),
            None => Text::new(
                "检查文件是否放在本小区的 attachments/ 里、名字是否一字不差（符号链接不算）。",
                "Check the file is in this compound's attachments/ with exactly this name (links do not count).",
            ),
        };
        cx.push(
            Diagnostic::error(
                "attachment-missing",
                a.span,
                Text::new(format!("找不到附件 {v}"), format!("attachment not found: {v}")),
            )
            .hint(hint),
        );
        return None;
    }
    Some(v.to_string())
}

fn pledge_year(cx: &mut Cx, d: &load::Doc<raw::RawPledges>) -> Option<PledgeYear> {
    let r = &d.raw;
    let year = cx.number::<i32>(&r.year, "year", "2026");
    let published = cx.date(&r.published, "published");
    let mut parties = Vec::new();
    for (k, items) in &r.parties {
        let Some(party) = party_key(cx, k) else { continue };
        let list = items
            .iter()
            .filter_map(|i| match i {
                raw::RawPledge::Plain(t) => {
                    Some(Pledge { text: cx.text(t), status: PledgeStatus::Planned, note: None })
                }
                raw::RawPledge::Full(f) => {
                    let status =
                        if f.status.is_some() { cx.vocab(&f.status, "status") } else { Some(PledgeStatus::Planned) };
                    Some(Pledge { text: cx.text(f.text.as_ref()?), status: status?, note: cx.opt_text(&f.note) })
                }
            })
            .collect();
        parties.push((party, list));
    }
    let year = year?;
    if d.stem != year.to_string() {
        file_year_mismatch(cx, d.stem.as_str(), year, r.year.as_ref());
    }
    Some(PledgeYear { year, published, parties })
}

fn party_key(cx: &mut Cx, k: &Str) -> Option<Party> {
    let p = Party::parse(&k.value);
    if p.is_none() {
        let allowed = Party::allowed();
        cx.push(
            Diagnostic::error(
                "field-unknown",
                k.span,
                Text::new(
                    format!("不认识的键 `{}`：这里应写责任方", k.value),
                    format!("unknown key `{}`: a party is expected", k.value),
                ),
            )
            .hint(Text::new(format!("可写的责任方：{}", allowed.zh), format!("parties: {}", allowed.en))),
        );
    }
    p
}

fn file_year_mismatch(cx: &mut Cx, stem: &str, year: i32, at: Option<&Str>) {
    let span = at.map(|s| s.span);
    cx.push(
        Diagnostic::error(
            "name-year",
            span,
            Text::new(
                format!("文件名 {stem} 和 year: {year} 对不上"),
                format!("the file name {stem} does not match year: {year}"),
            ),
        )
        .hint(Text::new(
            format!("把文件改名为 {year}.yaml，或改正 year。"),
            format!("Rename the file to {year}.yaml or fix year."),
        )),
    );
}

fn evaluation(cx: &mut Cx, d: &load::Doc<raw::RawEvaluation>) -> Option<Evaluation> {
    let r = &d.raw;
    let year = cx.number::<i32>(&r.year, "year", "2025");
    let date = cx.date(&r.date, "date");
    let results = r
        .results
        .iter()
        .flatten()
        .filter_map(|x| {
            let party = cx.vocab(&x.party, "party");
            Some(EvalResult {
                party: party?,
                score: cx.number(&x.score, "score", "86.5"),
                grade: cx.opt_text(&x.grade),
                participants: cx.number(&x.participants, "participants", "120"),
                comment: cx.opt_text(&x.comment),
            })
        })
        .collect();
    let year = year?;
    if d.stem != year.to_string() {
        file_year_mismatch(cx, d.stem.as_str(), year, r.year.as_ref());
    }
    let process = evaluation::process(cx, r);
    Some(Evaluation { year, date, results, process })
}

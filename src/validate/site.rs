//! `site.yaml`: the site settings, the kiosk and its screens, and the policy rules.

use chrono::{NaiveDate, NaiveTime};

use super::people::contact;
use super::values::Cx;
use crate::diag::{Lang, diag};
use crate::load::raw::{self, Str};
use crate::model::*;

/// The time zones a site may name, with their offset from UTC in hours.
pub(crate) const ZONES: &[(&str, i32)] = &[
    ("Asia/Shanghai", 8),
    ("Asia/Chongqing", 8),
    ("Asia/Harbin", 8),
    ("Asia/Urumqi", 6),
    ("Asia/Hong_Kong", 8),
    ("Asia/Macau", 8),
    ("Asia/Taipei", 8),
    ("UTC", 0),
];

/// The values `language:` takes, the language each means and its Chinese label.
pub(crate) const LANGUAGES: &[(&str, Lang, &str)] = &[
    ("zh-CN", Lang::Zh, "简体中文（默认）"),
    ("zh", Lang::Zh, "简体中文"),
    ("中文", Lang::Zh, "简体中文"),
    ("en", Lang::En, "英文"),
];

pub(super) fn settings(cx: &mut Cx, s: &raw::RawSite) -> Option<Settings> {
    let lang = match s.language.as_ref().map(|l| l.value.trim()) {
        None => Lang::Zh,
        Some(v) if let Some((_, lang, _)) = LANGUAGES.iter().find(|(key, ..)| *key == v) => *lang,
        Some(other) => {
            cx.push(diag!(ValueUnknown at s.language.as_ref().map(|l| l.span);
                    format!("不支持的语言 `{other}`"), format!("unsupported language `{other}`");
                    hint "language 可选 zh-CN（中文，默认）或 en（英文）。", "language: zh-CN (default) or en."));
            Lang::Zh
        }
    };
    let (timezone, utc_offset) = match &s.timezone {
        None => ("Asia/Shanghai".to_string(), 8 * 3600),
        Some(tz) => match ZONES.iter().find(|(n, _)| *n == tz.value.trim()) {
            Some((n, h)) => (n.to_string(), h * 3600),
            None => {
                let names: Vec<&str> = ZONES.iter().map(|z| z.0).collect();
                cx.push(diag!(ValueUnknown at tz.span;
                        "不支持的时区", "unsupported timezone";
                        hint format!("可选：{}", names.join("、")), format!("supported: {}", names.join(", "))));
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
            cx.push(diag!(SiteBaseUrl at u.span;
                    "base_url 必须是完整网址", "base_url must be an absolute URL";
                    hint "例如 base_url: https://gongshi.example.cn", "e.g. base_url: https://gongshi.example.cn"));
        }
        ok.then(|| v.to_string())
    });
    let theme = s.theme.as_ref().map_or("default".to_string(), |t| t.value.trim().to_string());
    if !crate::names::is_slug(&theme) {
        cx.push(diag!(SiteTheme at s.theme.as_ref().map(|t| t.span);
                "主题名只能用小写字母、数字和短横线", "theme names are lowercase slugs";
                hint "theme: default，或 themes/ 下某个文件夹的名字。", "theme: default, or a folder under themes/."));
    }
    let office = s.office.as_ref().map(|o| contact(cx, o));
    let icp = s.icp.as_ref().map(|i| cx.text(i)).filter(|i| !i.is_empty());
    if let (Some(i), Some(raw)) = (&icp, &s.icp)
        && !looks_like_icp(i)
    {
        cx.push(diag!(SiteIcp at raw.span;
                "icp 应填写工信部的 ICP 备案号", "icp must be the site's ICP filing number";
                hint "照备案系统上的写法，例如 icp: 浙ICP备2026000001号-1；还没有备案就删去这一行。",
                     "As registered, e.g. icp: 浙ICP备2026000001号-1; delete the line until the site is filed."));
    }
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
        icp,
        kiosk,
        rules,
    })
}

/// How many days `as_of:` may lie before today without a warning. A demo
/// site (the bundled example) sets it so its cases are shown as written;
/// a real site that kept it by mistake would never show a case overdue, so
/// once the date is a month old `check` says so on every run.
pub(super) const AS_OF_STALE_DAYS: i64 = 30;

/// `as_of:` of site.yaml: the day the site is shown as of, a demo setting.
/// `today` is `None` when `--as-of` was given, which wins: the value is then
/// still checked, but not used and not warned about.
pub(super) fn as_of(cx: &mut Cx, s: &raw::RawSite, today: Option<NaiveDate>) -> Option<NaiveDate> {
    let raw = s.as_of.as_ref()?;
    let date = cx.date(&s.as_of, "as_of")?;
    let today = today?;
    let days = (today - date).num_days();
    if days > AS_OF_STALE_DAYS {
        cx.push(diag!(SiteAsOf at raw.span;
                format!("网站按 as_of 的 {date} 显示，而不是今天（已过去 {days} 天）"),
                format!("the site is shown as of {date} (as_of), not today ({days} days later)");
                hint "as_of 是演示和培训用的设置：逾期、久未更新和“今年”都按这一天算。真实站点请删去 site.yaml 里的 as_of 这一行。",
                     "as_of is a demo and training setting: overdue, stale and the current year are computed for that day. A real site should delete the as_of line of site.yaml."));
    }
    Some(date)
}

/// `浙ICP备2026000001号`, `京ICP证000000号-2`: a province, ICP备 or ICP证, digits.
fn looks_like_icp(s: &str) -> bool {
    let upper = s.to_uppercase();
    let Some(at) = upper.find("ICP备").or_else(|| upper.find("ICP证")) else { return false };
    at > 0 && upper[at..].chars().any(|c| c.is_ascii_digit()) && s.chars().count() <= 40
}

pub(super) fn kiosk(cx: &mut Cx, k: Option<&raw::RawKiosk>) -> Kiosk {
    let time = |cx: &mut Cx, s: &Option<Str>, default: (u32, u32)| {
        let d = NaiveTime::from_hms_opt(default.0, default.1, 0).unwrap_or_default();
        let Some(s) = s else { return d };
        match NaiveTime::parse_from_str(s.value.trim(), "%H:%M") {
            Ok(t) => t,
            Err(_) => {
                cx.push(diag!(ValueTime at s.span;
                        "时间格式不对", "not a time of day";
                        hint "写成 \"22:00\"（24 小时制，加引号）。", "Write \"22:00\" (24-hour, quoted)."));
                d
            }
        }
    };
    let poll = k.and_then(|k| cx.number::<u32>(&k.poll_seconds, "poll_seconds", "60")).unwrap_or(60);
    let poll = if (10..=3600).contains(&poll) {
        poll
    } else {
        if let Some(s) = k.and_then(|k| k.poll_seconds.as_ref()) {
            cx.push(diag!(KioskPoll at s.span;
                    "poll_seconds 应在 10 到 3600 之间", "poll_seconds must be 10..=3600";
                    hint "一般写 60：电子屏每分钟检查一次更新。", "60 is usual."));
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

pub(super) fn screen(cx: &mut Cx, s: &raw::RawScreen) -> Option<Screen> {
    let name = s.name.as_ref()?;
    if !crate::names::is_slug(name.value.trim()) {
        cx.push(diag!(NameNotSlug at name.span;
                "屏幕名会成为文件名，只能用小写字母、数字和短横线", "screen names become file names: use a slug";
                hint "例如 landscape、portrait、lobby-bar。", "e.g. landscape, portrait, lobby-bar."));
        return None;
    }
    let width = cx.number::<u32>(&s.width, "width", "1920")?;
    let height = cx.number::<u32>(&s.height, "height", "1080")?;
    if !(320..=7680).contains(&width) || !(240..=7680).contains(&height) {
        cx.push(diag!(KioskScreen at s.span;
                "屏幕尺寸应在 320×240 到 7680×7680 之间", "screen size out of range";
                hint "写屏幕的实际像素，例如 1920 和 1080。", "Use the panel's pixels, e.g. 1920 × 1080."));
        return None;
    }
    Some(Screen { name: name.value.trim().to_string(), width, height })
}

pub(super) fn rules_of(cx: &mut Cx, r: Option<&raw::RawRules>) -> Rules {
    let d = Rules::default();
    let Some(r) = r else { return d };
    Rules {
        stale_days: cx.number(&r.stale_days, "stale_days", "14").unwrap_or(d.stale_days),
        owners_party_ratio: cx
            .number(&r.owners_party_ratio, "owners_party_ratio", "0.5")
            .unwrap_or(d.owners_party_ratio),
        env_min_members: cx.number(&r.env_min_members, "env_min_members", "5").unwrap_or(d.env_min_members),
        meeting_gap_days: cx.number(&r.meeting_gap_days, "meeting_gap_days", "62").unwrap_or(d.meeting_gap_days),
        evaluation_deadline: super::evaluation::deadline(cx, &r.evaluation_deadline).unwrap_or(d.evaluation_deadline),
        remind_days: cx.number(&r.remind_days, "remind_days", "7").unwrap_or(d.remind_days),
    }
}

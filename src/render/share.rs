//! What a case, notice or meeting page says when it is shared to a WeChat
//! group: a description for `<meta>` and Open Graph, and a short text a
//! resident copies by a long press (title, status or public period, key
//! dates, amount, the full address). Built from views, so it holds nothing
//! a page does not show.

use serde::Serialize;

use super::labels::Labels;
use super::views::{CaseView, MeetingView, NoticeView};

/// The most characters a share text may have: WeChat shows a long message
/// folded, and the address at its end must stay whole.
pub(super) const MAX_CHARS: usize = 300;

#[derive(Debug, Clone, Serialize)]
pub(super) struct ShareView {
    /// The item's title in full, for Open Graph.
    pub title: String,
    /// The share text without its address, on one line.
    pub description: String,
    /// Lines of the text a resident copies; the last is the address.
    pub text: String,
    /// The page's full address.
    pub url: String,
}

/// `head` is the first line (e.g. "【兰苑小区 · 居民反映问题】"), `title` the
/// item's own title, cut first when the whole would be too long.
fn share(head: &str, title: &str, details: Vec<String>, url: String, t: &Labels) -> ShareView {
    let mut details: Vec<String> = details.into_iter().filter(|d| !d.is_empty()).collect();
    let chars = |s: &str| s.chars().count();
    // Everything but the title, one line break after each line but the last.
    let fixed = |ds: &[String]| chars(head) + ds.iter().map(|d| chars(d) + 1).sum::<usize>() + 1 + chars(&url);
    // Details give way (from the last) before the title is cut shorter than this.
    let keep = chars(title).min(24);
    while !details.is_empty() && fixed(&details) + keep > MAX_CHARS {
        details.pop();
    }
    let room = MAX_CHARS.saturating_sub(fixed(&details));
    let full = title.to_string();
    let title: String = match room {
        0 => String::new(),
        r if chars(title) > r => title.chars().take(r - 1).chain(['…']).collect(),
        _ => title.to_string(),
    };
    let mut lines = vec![format!("{head}{title}")];
    lines.extend(details);
    let description = lines.join(t.clause_sep);
    lines.push(url.clone());
    // Only an address longer than the limit itself gets here: share it alone.
    let text = if room == 0 { url.clone() } else { lines.join("\n") };
    ShareView { title: full, description, text, url }
}

fn head(compound: &str, what: &str, t: &Labels) -> String {
    t.share_head.replace("{where}", compound).replace("{what}", what)
}

fn aside(x: &str, t: &Labels) -> String {
    t.aside.replace("{x}", x)
}

pub(super) fn case(v: &CaseView, compound: &str, url: String, t: &Labels) -> ShareView {
    let c = &v.card;
    let mut status = format!("{} {} · {}", t.case_no, c.id, c.status.label);
    if let Some(note) = &v.due_note {
        status.push_str(&aside(note, t));
    }
    let mut dates = format!("{}{}{}", t.received, t.colon, c.received);
    if let Some(due) = &c.due {
        dates.push_str(&format!("{}{}{}{due}", t.clause_sep, t.due, t.colon));
    }
    let details =
        vec![status, dates, v.location.as_ref().map(|l| format!("{}{}{l}", t.location, t.colon)).unwrap_or_default()];
    share(&head(compound, t.cases, t), &c.title, details, url, t)
}

pub(super) fn notice(n: &NoticeView, compound: &str, url: String, t: &Labels) -> ShareView {
    let state = if n.current { t.notice_current } else { t.notice_ended };
    let period = match &n.until {
        Some(until) => format!("{}{}{}{}{until}{}", t.public_period, t.colon, n.published, t.range_to, aside(state, t)),
        None => format!("{}{}{}{}", t.published, t.colon, n.published, aside(state, t)),
    };
    let amount = n.amount.as_ref().map(|a| format!("{}{}{a}", t.amount, t.colon)).unwrap_or_default();
    share(&head(compound, n.kind, t), &n.title, vec![period, amount], url, t)
}

pub(super) fn meeting(m: &MeetingView, compound: &str, url: String, t: &Labels) -> ShareView {
    let topics = if m.topics.is_empty() {
        String::new()
    } else {
        format!("{}{}{}", t.topics, t.colon, m.topics.join(t.list_sep))
    };
    let decisions =
        if m.decisions.is_empty() { String::new() } else { format!("{}{}{}", t.decisions, t.colon, m.decisions.len()) };
    let title = format!("{} {}", m.date, m.form);
    share(&head(compound, t.meetings, t), &title, vec![topics, decisions], url, t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::labels::ZH;

    #[test]
    fn a_long_title_is_cut_and_the_address_stays_whole() {
        let url = "https://gongshi.example.cn/yangguang/lanyuan/cases/2026-025/".to_string();
        let long = "水压".repeat(400);
        let s = share("【兰苑小区 · 居民反映问题】", &long, vec!["编号 2026-025 · 办理中".into()], url.clone(), &ZH);
        assert!(s.text.chars().count() <= MAX_CHARS, "{}", s.text.chars().count());
        assert!(s.text.ends_with(&url) && s.text.contains("编号 2026-025") && s.text.contains('…'), "{}", s.text);
        let lines = vec!["议题：".to_string() + &"很长".repeat(200), "议定事项：3".into()];
        let s = share("【兰苑小区 · 三方联席会议】", "2026年10月28日 例会", lines, url.clone(), &ZH);
        assert!(s.text.chars().count() <= MAX_CHARS && s.text.ends_with(&url), "{}", s.text);
        assert!(s.text.starts_with("【兰苑小区 · 三方联席会议】2026年10月28日 例会\n"), "{}", s.text);
    }
}

//! How values are written on a page: dates, due notes, sums of money and
//! `tel:` targets.

use chrono::{Datelike, NaiveDate};

use crate::diag::Lang;

/// A date as the site writes it: "2026年11月27日" or "2026-11-27".
pub fn date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// A scheduled notice shown before its day: "即将公示（12月5日起）".
pub fn announced(lang: Lang, published: NaiveDate) -> String {
    match lang {
        Lang::Zh => format!("即将公示（{}月{}日起）", published.month(), published.day()),
        Lang::En => format!("To be published (from {})", published.format("%-d %b")),
    }
}

/// An open case's due date against today, from the days left (negative
/// when past due).
pub fn due_note(lang: Lang, days_left: i64) -> String {
    match (lang, days_left) {
        (Lang::Zh, d) if d < 0 => format!("已逾期 {} 天", -d),
        (Lang::Zh, 0) => "今天到期".to_string(),
        (Lang::Zh, d) => format!("还剩 {d} 天"),
        (Lang::En, d) if d < 0 => format!("{} days overdue", -d),
        (Lang::En, 0) => "due today".to_string(),
        (Lang::En, d) => format!("{d} days left"),
    }
}

/// `tel:` needs digits and an optional leading `+`; extensions and labels are dropped.
pub fn tel(phone: &str) -> Option<String> {
    let main = phone.split(['转', 'x', '/', '（', '(', ',', '，']).next().unwrap_or(phone);
    let digits: String = main
        .chars()
        .filter_map(|c| match c {
            '0'..='9' | '+' => Some(c),
            '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + u32::from('0')),
            _ => None,
        })
        .collect();
    (digits.chars().filter(char::is_ascii_digit).count() >= 3).then_some(digits)
}

/// `680000` → `680,000 元` / `CNY 680,000`.
pub fn money(a: f64, lang: Lang) -> String {
    let cents = (a * 100.0).round() as i64;
    let (whole, frac) = (cents / 100, cents % 100);
    let mut s = whole.abs().to_string();
    let mut i = s.len() as isize - 3;
    while i > 0 {
        s.insert(i as usize, ',');
        i -= 3;
    }
    if whole < 0 {
        s.insert(0, '-');
    }
    if frac != 0 {
        s.push_str(&format!(".{:02}", frac.abs()));
    }
    match lang {
        Lang::Zh => format!("{s} 元"),
        Lang::En => format!("CNY {s}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tel_links() {
        assert_eq!(tel("0571-88881234"), Some("057188881234".into()));
        assert_eq!(tel("0571-88881234转802"), Some("057188881234".into()));
        assert_eq!(tel("+86 571 8888 1234"), Some("+8657188881234".into()));
        assert_eq!(tel("见公告"), None);
    }

    #[test]
    fn money_format() {
        assert_eq!(money(680000.0, Lang::Zh), "680,000 元");
        assert_eq!(money(1234.5, Lang::En), "CNY 1,234.50");
        assert_eq!(money(12.0, Lang::Zh), "12 元");
    }

    #[test]
    fn dates_and_due_notes() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap_or_default();
        assert_eq!(date(Lang::Zh, d), "2026年3月5日");
        assert_eq!(date(Lang::En, d), "2026-03-05");
        assert_eq!(due_note(Lang::Zh, -3), "已逾期 3 天");
        assert_eq!(due_note(Lang::Zh, 0), "今天到期");
        assert_eq!(due_note(Lang::En, 4), "4 days left");
    }
}

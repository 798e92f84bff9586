//! How values are written on a page: dates, due notes, sums of money and
//! `tel:` targets.

use chrono::{Datelike, NaiveDate};

use crate::diag::Lang;

/// A date as the site writes it: "2026年11月27日" or "2026-11-27".
pub(super) fn date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// A scheduled notice shown before its day: "即将公示（12月5日起）".
pub(super) fn announced(lang: Lang, published: NaiveDate) -> String {
    match lang {
        Lang::Zh => format!("即将公示（{}月{}日起）", published.month(), published.day()),
        Lang::En => format!("To be published (from {})", published.format("%-d %b")),
    }
}

/// An open case's due date against today, from the days left (negative
/// when past due).
pub(super) fn due_note(lang: Lang, days_left: i64) -> String {
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
pub(super) fn tel(phone: &str) -> Option<String> {
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

/// Free text cut into runs, each marked `true` when it is a number unit
/// that must not break across lines: a phone (`0571-88882333`), a date
/// (`2026-10-31`, `2026年10月31日`, `11月15日`), a time (`8:00-18:00`), an
/// amount (`680,000`). Templates draw the marked runs inside `.nw`, so
/// text written by staff keeps its numbers whole on a 320 px phone.
pub(super) fn units(text: &str) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut plain = String::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = (digit(i) || chars[i] == '+' && digit(i + 1)) && (i == 0 || !chars[i - 1].is_ascii_alphanumeric());
        if !starts {
            plain.push(chars[i]);
            i += 1;
            continue;
        }
        let mut end = i + 1;
        loop {
            while digit(end) {
                end += 1;
            }
            match chars.get(end) {
                // A separator between digits: `-`, `:`, `.`, `/`, `,`, one space.
                Some('-' | ':' | '.' | '/' | ',' | ' ' | '～' | '~') if digit(end + 1) => end += 1,
                // 年 and 月 join the next number; 日/号 close a month's day.
                Some('年' | '月') if digit(end + 1) => end += 1,
                Some('月' | '日' | '号') if chars[i..end].contains(&'年') || chars[i..end].contains(&'月') => {
                    end += 1;
                    break;
                }
                Some('年' | '月') => {
                    end += 1;
                    break;
                }
                _ => break,
            }
        }
        let unit: String = chars[i..end].iter().collect();
        if unit.chars().count() >= 5 {
            if !plain.is_empty() {
                out.push((std::mem::take(&mut plain), false));
            }
            out.push((unit, true));
        } else {
            plain.push_str(&unit);
        }
        i = end;
    }
    if !plain.is_empty() {
        out.push((plain, false));
    }
    out
}

/// `680000` → `680,000 元` / `CNY 680,000`.
pub(crate) fn money(a: f64, lang: Lang) -> String {
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
    fn number_units_stay_whole() {
        let whole = |s: &str| -> Vec<String> { units(s).into_iter().filter(|u| u.1).map(|u| u.0).collect() };
        assert_eq!(
            whole("已逾期（承诺 2026-10-31 前办结），请拨打 0571-88882333 或 0571 8888 1234转8"),
            ["2026-10-31", "0571-88882333", "0571 8888 1234"]
        );
        assert_eq!(
            whole("物业11月15日前完成，2026年10月31日检测，每天 8:00-18:00，680,000 元"),
            ["11月15日", "2026年10月31日", "8:00-18:00", "680,000"]
        );
        // Short numbers and building numbers are ordinary text.
        assert_eq!(whole("12号楼3单元，共 5 户"), Vec::<String>::new());
        let text = "见 2026-10-31。";
        assert_eq!(units(text).into_iter().map(|u| u.0).collect::<String>(), text);
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

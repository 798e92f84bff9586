//! The promise as a property: for random private values (a mobile, a name,
//! a room) written in a random spelling built from the normaliser's
//! equivalences into a random public field, either `check` fails or no byte
//! of the output holds the value in any spelling.

use gongshi::privacy::normalize::{Mode, normalize};
use proptest::prelude::*;

use crate::support::{COMPOUND, SiteTest, build_into, tree};

const HOLDER: &str = "lanting/lanyuan/cases/2026-001.md";

fn spell_digit(d: u8, form: u8) -> String {
    let d32 = u32::from(d);
    let c = match form % 8 {
        0 => char::from(b'0' + d),
        1 => char::from_u32(0xFF10 + d32).unwrap_or('?'),
        2 => char::from_u32(0x1D7CE + d32).unwrap_or('?'),
        3 => ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'][usize::from(d)],
        4 => ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'][usize::from(d)],
        5 => return format!("&#{};", 48 + d32),
        6 => return format!("&#x{:x};", 48 + d32),
        _ => char::from_u32(0x0660 + d32).unwrap_or('?'),
    };
    c.to_string()
}

/// Put between chars: nothing, an invisible char, or a separator.
const GLUE: &[&str] = &["", "", "\u{200B}", "\u{AD}", "\u{2060}", " ", "&nbsp;", "-", "—", "·", "\\-", "`` ``"];

/// A private value and how it is spelled in public.
#[derive(Debug, Clone)]
struct Case {
    key: &'static str,
    value: String,
    spelled: String,
    field: usize,
}

fn private_value() -> impl Strategy<Value = (&'static str, String)> {
    let surnames = ["金", "钱", "孙", "李", "周", "吴", "郑", "冯", "陈", "褚"];
    let given = ["美玲", "秀英", "建国", "小红", "志强", "桂兰", "玉", "海"];
    prop_oneof![
        (3u8..10, proptest::collection::vec(0u8..10, 9)).prop_map(|(second, rest)| {
            let digits: String = [1, second].into_iter().chain(rest).map(|d| char::from(b'0' + d)).collect();
            ("phone", digits)
        }),
        (0..surnames.len(), 0..given.len())
            .prop_map(move |(s, g)| ("reporter", format!("{}{}", surnames[s], given[g]))),
        (1u8..30, 1u8..7, 1u8..30, 1u8..5).prop_map(|(b, u, f, r)| ("room", format!("{b}-{u}-{f}{r:02}"))),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    (
        private_value(),
        proptest::collection::vec(0u8..8, 16),
        proptest::collection::vec(0usize..GLUE.len(), 16),
        0usize..4,
    )
        .prop_map(|((key, value), forms, glue, field)| {
            let mut spelled = String::new();
            for (i, c) in value.chars().enumerate() {
                if i > 0 && !(c == '-' || value[..].chars().nth(i - 1) == Some('-')) {
                    spelled.push_str(GLUE[glue[i % glue.len()]]);
                }
                match c.to_digit(10) {
                    Some(d) => spelled.push_str(&spell_digit(d as u8, forms[i % forms.len()])),
                    None if c == '-' => {
                        spelled.push_str(["-", "—", "－", "–"][usize::from(forms[i % forms.len()] % 4)])
                    }
                    None => spelled.push(c),
                }
            }
            Case { key, value, spelled, field }
        })
}

/// Writes `spelled` into one public field of the minimal site.
fn place(site: &SiteTest, c: &Case) {
    let s = &c.spelled;
    match c.field {
        0 => site.edit("lanting/lanyuan/cases/2026-002.md", "\n---\n", &format!("\n---\n{s}反映的问题已处理。\n\n")),
        1 => site.edit(&format!("{COMPOUND}/notices/2026-11-05-dianti.md"), "公示期内", &format!("{s}提出，公示期内")),
        2 => site.edit(
            &format!("{COMPOUND}/meetings/2026-10-28.md"),
            "物业12月20日前完成电梯检修",
            &format!("物业答复{}", s.replace('`', "")),
        ),
        _ => site.edit(HOLDER, "\n---\n", &format!("\n---\n{s}。\n\n")),
    };
}

fn normalized_output_contains(out: &std::path::Path, value: &str) -> Option<String> {
    let want = normalize(value, Mode::Compact).text;
    tree(out).into_iter().find_map(|(name, bytes)| {
        let text = format!("{name}\n{}", String::from_utf8_lossy(&bytes));
        normalize(&text, Mode::Compact).text.contains(&want).then_some(name)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    #[ignore = "slow"]
    fn a_private_value_in_any_spelling_is_caught_or_never_published(c in case()) {
        let site = SiteTest::minimal();
        let holder_line = match c.key {
            "phone" => ("  phone: \"13800001234\"", format!("  phone: \"{}\"", c.value)),
            "room" => ("  room: 3-2-1201", format!("  room: {}", c.value)),
            _ => ("  reporter: 张三", format!("  reporter: {}", c.value)),
        };
        site.edit(HOLDER, holder_line.0, &holder_line.1);
        place(&site, &c);
        let run = site.check_json();
        if run.code != 0 {
            // Caught, and for the right reason (not a field the test broke).
            let codes: Vec<String> = run.diags().into_iter().filter(|d| d.severity == "error").map(|d| d.code).collect();
            prop_assert!(codes.iter().all(|k| k.starts_with("pii-")), "{c:?}: {codes:?}");
        } else {
            let out = tempfile::tempdir().expect("tempdir");
            build_into(&site, out.path());
            let leaked = normalized_output_contains(out.path(), &c.value);
            prop_assert!(leaked.is_none(), "{c:?} published in {leaked:?}");
        }
    }
}

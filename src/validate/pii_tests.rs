//! Unit tests of the PII scanner (kept apart so pii.rs stays readable).

use super::*;

fn kinds(text: &str) -> Vec<(PiiKind, String)> {
    scan(text).into_iter().map(|h| (h.kind, text[h.range].to_owned())).collect()
}

fn one(text: &str) -> PiiHit {
    let hits = scan(text);
    assert_eq!(hits.len(), 1, "expected one hit in {text:?}: {hits:?}");
    hits.into_iter().next().expect("one hit")
}

fn none(text: &str) {
    let hits = scan(text);
    assert!(hits.is_empty(), "expected no hit in {text:?}: {hits:?}");
}

/// Appends the correct check char so tests can build IDs for any date.
fn with_check(first17: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' | 'X' | 'x' | '+' | '-' => char::from_u32(c as u32 + 0xFEE0).expect("full-width form"),
            ' ' => '\u{3000}',
            _ => c,
        })
        .collect()
}

// --- mobile -----------------------------------------------------------

#[test]
fn mobile_plain() {
    let h = one("13800138000");
    assert_eq!(h.kind, PiiKind::Mobile);
    assert_eq!(h.range, 0..11);
    assert_eq!(h.masked, "138****8000");
    assert_eq!(h.canonical, "13800138000");
}

#[test]
fn mobile_all_prefixes_1_3_to_1_9() {
    for second in '3'..='9' {
        let n = format!("1{second}912345678");
        assert_eq!(one(&n).canonical, n);
    }
    none("12912345678");
    none("10912345678");
}

#[test]
fn mobile_groupings() {
    for text in ["138 0013 8000", "138-0013-8000", "1380013 8000", "1380013-8000", "138-00138000", "138 - 0013 - 8000"]
    {
        let h = one(text);
        assert_eq!(h.kind, PiiKind::Mobile, "{text}");
        assert_eq!(h.range, 0..text.len(), "{text}");
        assert_eq!(h.canonical, "13800138000", "{text}");
        assert_eq!(h.masked, "138****8000", "{text}");
    }
}

#[test]
fn mobile_odd_groupings_rejected() {
    none("1380 0138 000");
    none("13 800 138 000");
}

#[test]
fn mobile_country_prefixes() {
    for text in [
        "+8613800138000",
        "+86 13800138000",
        "+86-138-0013-8000",
        "+86 138 0013 8000",
        "008613800138000",
        "0086 13800138000",
        "86-13800138000",
        "86 138 0013 8000",
    ] {
        let h = one(text);
        assert_eq!(h.kind, PiiKind::Mobile, "{text}");
        assert_eq!(h.range, 0..text.len(), "{text}");
        assert_eq!(h.canonical, "13800138000", "{text}");
    }
}

#[test]
fn bare_86_glued_is_not_a_prefix() {
    none("8613800138000");
}

#[test]
fn mobile_fullwidth() {
    for text in [
        "１３８００１３８０００",
        "＋８６　１３８　００１３　８０００",
        "１３８－００１３－８０００",
        "＋８６１３８００１３８０００",
    ] {
        let h = one(text);
        assert_eq!(h.kind, PiiKind::Mobile, "{text}");
        assert_eq!(h.range, 0..text.len(), "{text}");
        assert_eq!(h.canonical, "13800138000", "{text}");
        assert_eq!(h.masked, "138****8000", "{text}");
    }
    let generated = fullwidth("+86 138-0013-8000");
    assert_eq!(one(&generated).range, 0..generated.len());
}

#[test]
fn mobile_in_cjk_text_byte_range() {
    let text = "联系电话：13800138000，谢谢";
    let h = one(text);
    let start = "联系电话：".len();
    assert_eq!(h.range, start..start + 11);
    assert_eq!(&text[h.range], "13800138000");
}

#[test]
fn mobile_sentence_punctuation_ok() {
    assert_eq!(one("电话13800138000.").range, 6..17);
    assert_eq!(one("(13800138000)").range, 1..12);
    assert_eq!(one("Tel: 13800138000").canonical, "13800138000");
}

#[test]
fn mobile_negatives_longer_runs() {
    none("订单号2026110512345678901");
    none("13800138000123");
    none("213800138000");
    none("1380013800");
}

#[test]
fn mobile_negatives_alnum_and_decimal() {
    none("A13800138000");
    none("13800138000B");
    none("ａ13800138000");
    none("13800.00");
    none("13800138000.00元");
    none("0.13800138000");
    none("金额13800元");
}

#[test]
fn mobile_negatives_dates_and_landlines() {
    none("2026-10-08");
    none("0571-88881234");
    none("010-12345678");
    none("0571-8888-1234");
    none("+86 571 8888 1234");
    none("2026-13800138000");
}

#[test]
fn already_masked_values_do_not_match() {
    none("138****8000");
    none("电话138****8000，身份证110105********002X");
    none("1380013****");
    none("3-2-****");
    none("3号楼2单元***室");
    none("***室");
}

// --- ID numbers ---------------------------------------------------------

#[test]
fn id_test_vector() {
    let h = one("11010519491231002X");
    assert_eq!(h.kind, PiiKind::IdNumber);
    assert_eq!(h.range, 0..18);
    assert_eq!(h.masked, "110105********002X");
    assert_eq!(h.canonical, "11010519491231002X");
}

#[test]
fn id_lowercase_x_canonicalised() {
    let h = one("身份证11010519491231002x。");
    assert_eq!(h.kind, PiiKind::IdNumber);
    assert_eq!(h.canonical, "11010519491231002X");
    assert_eq!(h.masked, "110105********002X");
    assert_eq!(h.range, 9..27);
}

#[test]
fn id_all_digit_check() {
    let id = with_check("33010619850315123");
    let h = one(&id);
    assert_eq!(h.kind, PiiKind::IdNumber, "{id}");
    assert_eq!(h.canonical, id);
}

#[test]
fn id_bad_checksum_is_suspect() {
    let h = one("110105194912310021");
    assert_eq!(h.kind, PiiKind::SuspectIdNumber);
    assert_eq!(h.masked, "110105********0021");
}

#[test]
fn id_leap_years() {
    assert_eq!(one(&with_check("11010520000229002")).kind, PiiKind::IdNumber);
    assert_eq!(one(&with_check("11010519960229002")).kind, PiiKind::IdNumber);
    assert_eq!(one(&with_check("11010519000229002")).kind, PiiKind::SuspectIdNumber);
    assert_eq!(one(&with_check("11010520230229002")).kind, PiiKind::SuspectIdNumber);
}

#[test]
fn id_impossible_dates_are_suspect() {
    for date in ["19491232", "19491301", "19490001", "19490100", "19490431", "18991231", "21010101"] {
        let id = with_check(&format!("110105{date}002"));
        assert_eq!(one(&id).kind, PiiKind::SuspectIdNumber, "{id}");
    }
    for date in ["19000101", "21001231", "19490430"] {
        let id = with_check(&format!("110105{date}002"));
        assert_eq!(one(&id).kind, PiiKind::IdNumber, "{id}");
    }
}

#[test]
fn id_fullwidth() {
    let text = format!("证件号{}", fullwidth("11010519491231002X"));
    let h = one(&text);
    assert_eq!(h.kind, PiiKind::IdNumber);
    assert_eq!(h.canonical, "11010519491231002X");
    assert_eq!(h.range, "证件号".len()..text.len());
}

#[test]
fn id_negatives() {
    none("2026110512345678901");
    none("11010519491231002X1");
    none("11010519491231002XY");
    none("A11010519491231002X");
    none("1101051949123100");
    none("110105194912310021.5");
}

// --- rooms --------------------------------------------------------------

#[test]
fn room_dash_forms() {
    for (text, masked) in [
        ("3-2-1201", "3-2-****"),
        ("12-1-302", "12-1-****"),
        ("101-12-0301", "101-12-****"),
        ("5-1201", "5-****"),
        ("3－2－1201", "3－2－****"),
    ] {
        let h = one(text);
        assert_eq!(h.kind, PiiKind::Room, "{text}");
        assert_eq!(h.range, 0..text.len(), "{text}");
        assert_eq!(h.masked, masked, "{text}");
    }
    assert_eq!(one("3－2－1201").canonical, "3-2-1201");
    assert_eq!(one("３－２－１２０１").canonical, "3-2-1201");
}

#[test]
fn room_dash_with_trailing_room_marker() {
    let text = "住在3-2-1201室的业主";
    let h = one(text);
    assert_eq!(&text[h.range], "3-2-1201");
}

#[test]
fn room_cjk_forms() {
    for (text, masked, canonical) in [
        ("1201室", "***室", "1201室"),
        ("1201号房", "***室", "1201号房"),
        ("3幢2单元1201", "3幢2单元***室", "3幢2单元1201"),
        ("3号楼2单元1201室", "3号楼2单元***室", "3号楼2单元1201室"),
        ("3栋1201", "3栋***室", "3栋1201"),
        ("2单元1201", "2单元***室", "2单元1201"),
        ("3号楼 2单元 1201室", "3号楼 2单元 ***室", "3号楼2单元1201室"),
        ("３号楼２单元１２０１室", "３号楼２单元***室", "3号楼2单元1201室"),
    ] {
        let h = one(text);
        assert_eq!(h.kind, PiiKind::Room, "{text}");
        assert_eq!(h.range, 0..text.len(), "{text}");
        assert_eq!(h.masked, masked, "{text}");
        assert_eq!(h.canonical, canonical, "{text}");
    }
}

#[test]
fn room_in_cjk_text_byte_range() {
    let text = "投诉人住3号楼2单元1201室，反映噪音";
    let h = one(text);
    assert_eq!(&text[h.range.clone()], "3号楼2单元1201室");
    assert_eq!(h.range.start, "投诉人住".len());
}

#[test]
fn building_level_locations_are_allowed() {
    none("3号楼2单元");
    none("3号楼");
    none("5号楼北侧");
    none("2单元 公共楼道");
    none("3号楼2单元门口，5号楼北侧");
    none("3栋 2026年10月");
    none("文一路1201号");
    none("1201");
}

#[test]
fn room_negatives() {
    none("2026-10-08");
    none("2026-02");
    none("2026-031");
    none("0571-8888-1234");
    none("22:00");
    none("22:00-23:30");
    none("100-200元");
    none("第120-130页");
    none("1-2-345-678");
    none("3-2-12");
    none("10-08");
    none("3-02-1201");
    none("1室1厅");
    none("办公室");
}

// --- combinations --------------------------------------------------------

#[test]
fn multiple_hits_in_order() {
    let text = "业主（3-2-1201）电话13800138000，身份证11010519491231002X；邻居1202室 +86 139 0013 9000。";
    let got = kinds(text);
    assert_eq!(
        got,
        vec![
            (PiiKind::Room, "3-2-1201".to_owned()),
            (PiiKind::Mobile, "13800138000".to_owned()),
            (PiiKind::IdNumber, "11010519491231002X".to_owned()),
            (PiiKind::Room, "1202室".to_owned()),
            (PiiKind::Mobile, "+86 139 0013 9000".to_owned()),
        ]
    );
    let hits = scan(text);
    for pair in hits.windows(2) {
        assert!(pair[0].range.end <= pair[1].range.start);
    }
}

#[test]
fn two_phones_with_slash() {
    let got = kinds("13800138000/13900139000");
    assert_eq!(got.len(), 2);
}

#[test]
fn empty_and_plain_text() {
    none("");
    none("本周二 22:00 后停水，2026-10-08 恢复。金额 13800.00 元。案件 2026-031。");
}

#[test]
fn canonical_phone_forms() {
    assert_eq!(canonical_phone("0571-88881234"), "057188881234");
    assert_eq!(canonical_phone("010-12345678"), "01012345678");
    assert_eq!(canonical_phone("138 0013 8000"), "13800138000");
    assert_eq!(canonical_phone("+86 138-0013-8000"), "13800138000");
    assert_eq!(canonical_phone("008613800138000"), "13800138000");
    assert_eq!(canonical_phone("8613800138000"), "13800138000");
    assert_eq!(canonical_phone("＋８６　１３８００１３８０００"), "13800138000");
    // 86 is only a prefix when a mobile follows.
    assert_eq!(canonical_phone("86123456"), "86123456");
    assert_eq!(canonical_phone(""), "");
}

#[test]
fn canonical_phone_matches_scan() {
    for text in ["+86 138 0013 8000", "１３８－００１３－８０００", "0086-13800138000"] {
        assert_eq!(one(text).canonical, canonical_phone(text), "{text}");
    }
}

// --- spellings of round two (the text is normalised before the scan) -----

#[test]
fn separators_people_type_between_phone_groups() {
    for text in
        ["138.5800.7764", "138/5800/7764", "138*5800*7764", "138--5800--7764", "138 - 5800 - 7764", "138·5800·7764"]
    {
        let h = one(text);
        assert_eq!((h.kind, h.range.clone()), (PiiKind::Mobile, 0..text.len()), "{text}");
        assert_eq!(h.canonical, "13858007764", "{text}");
    }
    none("138****7764");
}

#[test]
fn contact_prefixes_before_a_number() {
    for text in ["TEL13912345678", "微信号wx13912345678", "Phone13912345678", "tel:+8613912345678"] {
        assert_eq!(one(text).canonical, "13912345678", "{text}");
    }
    none("A13912345678");
    none("abc13912345678");
}

#[test]
fn a_phone_as_an_email_local_part() {
    assert_eq!(one("13912345678@qq.com").canonical, "13912345678");
    assert_eq!(one("mailto:13912345678@163.com").canonical, "13912345678");
}

#[test]
fn id_numbers_in_groups_and_first_generation() {
    for text in ["110105 19491231 002X", "110105-1949-1231-002X", "110105 194912 31002X"] {
        let h = one(text);
        assert_eq!((h.kind, h.range.clone()), (PiiKind::IdNumber, 0..text.len()), "{text}");
        assert_eq!(h.canonical, "11010519491231002X", "{text}");
    }
    let h = one("身份证110105491231002。");
    assert_eq!((h.kind, h.masked.as_str()), (PiiKind::IdNumber, "110105******002"));
    assert_eq!(one("110105 491231 002").kind, PiiKind::IdNumber);
    // A wrong checksum in groups is read as other numbers.
    none("110105 19491231 0021");
    // Fifteen digits that are not an ID: a waybill, an impossible date, no province.
    none("773012345678901");
    none("110105491331002");
    none("990105491231002");
}

#[test]
fn room_spellings_of_round_two() {
    for (text, masked) in [
        ("12#1801", "12#***室"),
        ("1801房", "***室"),
        ("1801户", "***室"),
        ("2单元1801", "2单元***室"),
        ("302户", "***室"),
    ] {
        let h = one(text);
        assert_eq!((h.kind, h.range.clone()), (PiiKind::Room, 0..text.len()), "{text}");
        assert_eq!(h.masked, masked, "{text}");
    }
    none("共1200户");
    none("小区共1316户居民");
    none("3#楼");
}

// --- robustness -----------------------------------------------------------

fn check_invariants(text: &str) {
    let hits = scan(text);
    let mut last = 0;
    for h in &hits {
        assert!(h.range.start >= last, "overlap in {text:?}");
        assert!(h.range.start < h.range.end);
        assert!(text.is_char_boundary(h.range.start));
        assert!(text.is_char_boundary(h.range.end));
        assert!(text.get(h.range.clone()).is_some());
        last = h.range.end;
    }
}

proptest::proptest! {
    #[test]
    fn never_panics_on_arbitrary_text(text in ".*") {
        check_invariants(&text);
    }

    #[test]
    fn never_panics_on_digit_heavy_text(
        text in "[0-9０-９+＋\\-－ 　.xX*室号楼幢栋单元房年元a]{0,60}"
    ) {
        check_invariants(&text);
    }
}

#[test]
fn long_digit_runs_are_linear_and_silent() {
    let text = "1".repeat(200_000);
    none(&text);
    let text = "3-2-".repeat(50_000);
    check_invariants(&text);
}

//! Files saved by older Windows editors: GBK (GB18030) and UTF-16 are read,
//! with a warning that says how to save them as UTF-8; diagnostics point at
//! the line and column the editor shows; a file in no known encoding stays
//! an error.

use crate::support::{CASE, NEW_CASE, SiteTest, build, swap};

fn with_case(bytes: impl AsRef<[u8]>) -> SiteTest {
    let site = SiteTest::minimal();
    site.write(NEW_CASE, bytes);
    site
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, had_errors) = encoding_rs::GBK.encode(text);
    assert!(!had_errors, "not encodable as GBK: {text}");
    assert!(std::str::from_utf8(&bytes).is_err(), "the test needs bytes that are not UTF-8");
    bytes.into_owned()
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

/// The page of the new case, once built.
fn case_page(site: &SiteTest) -> String {
    let path = site.root().join("public/lanting/lanyuan/cases/2026-003/index.html");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_gbk_file_is_read_with_a_warning_and_builds_with_its_chinese_text() {
    let site = with_case(gbk(CASE));
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning encoding-gbk {NEW_CASE}")]);
    let d = run.one("encoding-gbk");
    assert!(d.message.contains("GBK") && d.hint.unwrap_or_default().contains("UTF-8"), "{}", d.message);
    let built = build(&site);
    built.assert_code(0);
    let page = case_page(&site);
    assert!(page.contains("12号楼顶层渗水") && page.contains("12号楼顶层楼道雨天渗水。"), "{page}");
}

#[test]
fn a_mistake_in_a_gbk_file_is_at_the_line_and_column_the_editor_shows() {
    // Line 5, `status: 已受理了`: the value starts at column 9.
    let site = with_case(gbk(&swap(CASE, "status: received", "status: 已受理了")));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [format!("warning encoding-gbk {NEW_CASE}"), format!("error value-unknown {NEW_CASE}:5:9")]
    );
    // The snippet shows the staff's own words, not mojibake.
    let human = site.check().stderr;
    assert!(human.contains("5 | status: 已受理了"), "{human}");
    insta::assert_snapshot!(human);
}

#[test]
fn personal_information_in_a_gbk_file_is_found_in_its_decoded_text() {
    let site = with_case(gbk(&swap(CASE, "title: 12号楼顶层渗水", "title: 12号楼渗水，联系13800138000")));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("warning encoding-gbk {NEW_CASE}"), format!("error pii-mobile {NEW_CASE}:2:17")]);
}

#[test]
fn a_utf16_file_is_read_with_a_warning_and_its_mistakes_located() {
    let site = with_case(utf16le_with_bom(CASE));
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning encoding-utf16 {NEW_CASE}")]);
    assert!(run.one("encoding-utf16").message.contains("UTF-16"));
    build(&site).assert_code(0);
    assert!(case_page(&site).contains("12号楼顶层渗水"));

    let site = with_case(utf16le_with_bom(&swap(CASE, "status: received", "status: 已受理了")));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [format!("warning encoding-utf16 {NEW_CASE}"), format!("error value-unknown {NEW_CASE}:5:9")]
    );
    assert!(site.check().stderr.contains("5 | status: 已受理了"));
}

#[test]
fn big_endian_utf16_without_a_bom_is_read_too() {
    let bytes: Vec<u8> = CASE.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let run = with_case(bytes).check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning encoding-utf16 {NEW_CASE}")]);
}

#[test]
fn a_file_in_no_known_encoding_is_an_error_at_its_first_bad_byte() {
    // Latin-1 `café`, where 0xE9 before a space is neither UTF-8 nor GB18030.
    let text = swap(CASE, "title: 12号楼顶层渗水", "title: caf\u{e9} ok");
    let bytes: Vec<u8> =
        text.chars().flat_map(|c| if c == 'é' { vec![0xE9] } else { c.to_string().into_bytes() }).collect();
    let run = with_case(bytes).check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error encoding-not-utf8 {NEW_CASE}:2:11")]);
    assert!(run.one("encoding-not-utf8").hint.unwrap_or_default().contains("UTF-8"));
}

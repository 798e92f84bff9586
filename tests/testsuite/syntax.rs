//! YAML and front matter: the mistakes Chinese input mode and Windows
//! editors make, each pointed at in the original file.

use crate::support::{CASE, COMPOUND, NEW_CASE, SiteTest, swap};

/// The minimal site plus one case with `text` as its file.
fn with_case(text: impl AsRef<[u8]>) -> SiteTest {
    let site = SiteTest::minimal();
    site.write(NEW_CASE, text);
    site
}

fn pledges() -> String {
    format!("{COMPOUND}/pledges/2026.yaml")
}

#[test]
fn fullwidth_colon_on_the_first_line_points_at_line_2_of_the_file() {
    let site = with_case(swap(CASE, "title: ", "title： "));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error yaml-fullwidth-colon {NEW_CASE}:2:6")]);
    assert!(run.one("yaml-fullwidth-colon").hint.unwrap_or_default().contains("半角冒号"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn fullwidth_colon_on_a_middle_line_points_at_that_line() {
    let site = with_case(swap(CASE, "lead: ", "lead： "));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error yaml-fullwidth-colon {NEW_CASE}:4:5")]);
}

#[test]
fn fullwidth_colon_inside_a_flow_mapping() {
    let site = with_case(swap(CASE, "{date: 2026", "{date：2026"));
    assert_eq!(site.check_json().short(), [format!("error yaml-fullwidth-colon {NEW_CASE}:7:10")]);
}

#[test]
fn tab_indentation() {
    let site = with_case(swap(CASE, "  - {date", "\t- {date"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error yaml-tab {NEW_CASE}:7:1")]);
    assert!(run.one("yaml-tab").message.contains("不要用 Tab"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn fullwidth_space_indentation() {
    let site = with_case(swap(CASE, "  - {date", "\u{3000}- {date"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error yaml-fullwidth-space {NEW_CASE}:7:1")]);
    assert!(run.one("yaml-fullwidth-space").message.contains("全角空格"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn fullwidth_dash_as_list_marker() {
    let site = with_case(swap(CASE, "  - {date", "  － {date"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error yaml-fullwidth-dash {NEW_CASE}:7:3")]);
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn no_space_after_the_colon() {
    let site = with_case(swap(CASE, "title: 12号楼顶层渗水", "title:停车位公示"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error yaml-colon-space {NEW_CASE}:2:6")]);
    assert!(run.one("yaml-colon-space").message.contains("冒号后要加空格"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn unquoted_colon_inside_a_value() {
    let site = with_case(swap(CASE, "title: 12号楼顶层渗水", "title: 通知: 明天停水"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error yaml-colon-in-value {NEW_CASE}:2:10")]);
    assert!(run.one("yaml-colon-in-value").hint.unwrap_or_default().contains("引号"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn unterminated_quote_points_at_the_opening_quote() {
    let site = with_case(swap(CASE, "title: 12号楼顶层渗水", "title: \"12号楼顶层渗水"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error yaml-unclosed-quote {NEW_CASE}:2:8")]);
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn duplicate_key_at_the_duplicate_with_a_note_on_the_first() {
    let site = with_case(swap(CASE, "status: received\n", "status: received\ntitle: 又写了一次标题\n"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error yaml-duplicate-key {NEW_CASE}:6:1")]);
    let human = site.check().stderr;
    assert!(human.contains(&format!("第一次出现在这里 ({NEW_CASE}:2:1)")), "{human}");
    insta::assert_snapshot!(human);
}

#[test]
fn misspelt_key_is_reported_once_with_did_you_mean() {
    let site = with_case(swap(CASE, "title:", "titel:"));
    let run = site.check_json();
    run.assert_code(1);
    // One mistake, one diagnostic: not also "title is missing".
    assert_eq!(run.short(), [format!("error field-unknown {NEW_CASE}:2:1")]);
    let d = run.one("field-unknown");
    assert!(d.message.contains("`titel`"), "{d:?}");
    assert_eq!(d.hint.as_deref(), Some("你是不是想写 `title`？"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn unknown_key_with_nothing_close_lists_the_allowed_keys() {
    let site = with_case(swap(CASE, "lead:", "reporter_name: 张三\nlead:"));
    let d = site.check_json().one("field-unknown");
    assert_eq!(d.short(), format!("error field-unknown {NEW_CASE}:4:1"));
    let hint = d.hint.unwrap_or_default();
    assert!(hint.starts_with("这里可以用的键：") && hint.contains("title") && hint.contains("private"), "{hint}");
}

#[test]
fn key_written_in_chinese_suggests_the_english_key() {
    let site = with_case(swap(CASE, "title:", "标题:"));
    let run = site.check_json();
    assert_eq!(run.short(), [format!("error field-unknown {NEW_CASE}:2:1")]);
    assert_eq!(run.one("field-unknown").hint.as_deref(), Some("你是不是想写 `title`？"));
}

#[test]
fn missing_required_key() {
    let site = with_case(swap(CASE, "lead: property_company\n", ""));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error field-missing {NEW_CASE}:2:1")]);
    assert!(run.one("field-missing").message.contains("`lead`（牵头方）"));
}

#[test]
fn empty_required_key_is_an_error_not_an_empty_string() {
    for empty in ["title:", "title: \"\"", "title: '  '"] {
        let site = with_case(swap(CASE, "title: 12号楼顶层渗水", empty));
        let run = site.check_json();
        run.assert_code(1);
        assert_eq!(run.short(), [format!("error field-empty {NEW_CASE}:2:1")], "{empty}");
    }
    let site = with_case(swap(CASE, "title: 12号楼顶层渗水", "title:"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn a_second_yaml_document() {
    let site = SiteTest::minimal();
    site.edit(&pledges(), "owners_committee:", "---\nowners_committee:");
    let run = site.check_json();
    run.assert_code(1);
    // Only the stray `---`: the pledges exist, they are not also "missing".
    assert_eq!(run.short(), [format!("error yaml-multiple-documents {}:5:1", pledges())]);
}

#[test]
fn a_stray_delimiter_inside_front_matter() {
    let site = with_case(swap(CASE, "lead:", "---\nlead:"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error yaml-multiple-documents {NEW_CASE}:4:1")]);
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn a_markdown_rule_in_the_body_is_not_a_stray_delimiter() {
    let site = with_case(format!("{CASE}\n---\n\n处理情况见下。\n"));
    site.check_json().assert_code(0);
}

fn assert_fast(site: &SiteTest, code: &str, limit_ms: u128) -> crate::support::Run {
    let start = std::time::Instant::now();
    let run = site.check_json();
    let took = start.elapsed().as_millis();
    assert!(took < limit_ms, "{code}: took {took} ms");
    run.assert_code(1);
    assert_eq!(run.one(code).file.as_deref(), Some(pledges().as_str()));
    run
}

#[test]
fn billion_laughs_is_refused_as_an_anchor() {
    let mut yaml =
        String::from("year: 2026\nlol: &a [\"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\"]\n");
    for (name, prev) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("f", "e"), ("g", "f"), ("h", "g"), ("i", "h")]
    {
        let row = vec![format!("*{prev}"); 9].join(", ");
        yaml.push_str(&format!("{name}: &{name} [{row}]\n"));
    }
    let site = SiteTest::minimal();
    site.write(&pledges(), yaml);
    let run = assert_fast(&site, "yaml-anchor", 5_000);
    assert_eq!(run.short(), [format!("error yaml-anchor {}:2:6", pledges())]);
    assert!(run.one("yaml-anchor").message.contains("不支持 & 和 * 引用"));
}

#[test]
fn a_plain_alias_is_refused() {
    let site = SiteTest::minimal();
    site.edit(&pledges(), "residents_committee:\n  - 每月组织一次小区环境巡查", "residents_committee: *pledges");
    let run = site.check_json();
    assert_eq!(run.short(), [format!("error yaml-anchor {}:3:22", pledges())]);
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn a_large_scalar_alias_file_fails_fast() {
    let big = "很长的文字".repeat(10_000);
    let yaml = format!("year: 2026\nx: &x \"{big}\"\nresidents_committee: [*x, *x, *x, *x, *x, *x, *x, *x]\n");
    let site = SiteTest::minimal();
    site.write(&pledges(), yaml);
    assert_fast(&site, "yaml-anchor", 5_000);
}

#[test]
fn deep_bracket_nesting_fails_fast() {
    let site = SiteTest::minimal();
    site.write(&pledges(), format!("year: {}", "[".repeat(100_000)));
    let run = assert_fast(&site, "yaml-too-deep", 5_000);
    assert_eq!(run.short(), [format!("error yaml-too-deep {}:1:23", pledges())]);
    // The 100 000-character line is cut around the column, not printed whole.
    let human = site.check().stderr;
    assert!(human.len() < 2_000, "{} bytes of output", human.len());
    insta::assert_snapshot!(human);
}

#[test]
fn deep_brace_nesting_fails_fast() {
    let site = SiteTest::minimal();
    site.write(&pledges(), format!("year: 2026\nx: {}", "{a: ".repeat(40_000)));
    assert_fast(&site, "yaml-too-deep", 5_000);
}

#[test]
fn front_matter_over_64_kib_is_too_large() {
    let long = format!("  {}\n", "很长的说明文字".repeat(10)).repeat(400);
    let site = with_case(swap(CASE, "status: received\n", &format!("status: received\nnote: |\n{long}")));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error file-too-large {NEW_CASE}")]);
    assert!(run.one("file-too-large").message.contains("文件过大"));
}

#[test]
fn markdown_file_over_1_mib_is_too_large() {
    let body = format!("{}\n", "居民反映的情况说明。".repeat(20)).repeat(2_000);
    let site = with_case(format!("{CASE}{body}"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error file-too-large {NEW_CASE}")]);
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn missing_front_matter_shows_an_example() {
    let site = with_case("12号楼顶层楼道雨天渗水。\n");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error frontmatter-missing {NEW_CASE}:1:1")]);
    assert!(run.one("frontmatter-missing").message.contains("缺少标题等信息"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn a_file_that_is_only_dashes_has_no_front_matter() {
    for text in ["---\n", "---\n---\n", "---"] {
        let run = with_case(text).check_json();
        assert_eq!(run.short(), [format!("error frontmatter-missing {NEW_CASE}:1:1")], "{text:?}");
    }
}

#[test]
fn unclosed_front_matter() {
    let site = with_case("---\ntitle: 12号楼顶层渗水\n\n12号楼顶层楼道雨天渗水。\n");
    assert_eq!(site.check_json().short(), [format!("error frontmatter-unclosed {NEW_CASE}:1:1")]);
}

#[test]
fn nul_byte_is_shown_and_located() {
    let site = with_case(swap(CASE, "号楼顶层", "号楼\0顶层"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error encoding-control-char {NEW_CASE}:2:12")]);
    let human = site.check().stderr;
    assert!(!human.contains('\0'), "a raw NUL reached the terminal");
    insta::assert_snapshot!(human);
}

#[test]
fn escape_sequences_never_reach_the_terminal() {
    let site = with_case(swap(CASE, "号楼顶层", "号楼\x1b[2J顶层"));
    let human = site.check().stderr;
    assert!(human.contains("encoding-control-char") && !human.contains('\x1b'), "{human:?}");
}

fn bom_crlf(text: &str) -> Vec<u8> {
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend(text.replace('\n', "\r\n").into_bytes());
    b
}

#[test]
fn bom_and_crlf_are_accepted() {
    let site = with_case(bom_crlf(CASE));
    site.write(&pledges(), bom_crlf(&site.read(&pledges())));
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), Vec::<String>::new());
}

#[test]
fn bom_and_crlf_keep_line_and_column() {
    let site = with_case(bom_crlf(&swap(CASE, "lead: ", "lead： ")));
    assert_eq!(site.check_json().short(), [format!("error yaml-fullwidth-colon {NEW_CASE}:4:5")]);
    // On the first line the BOM is not a column either.
    let site = SiteTest::minimal();
    site.write(&pledges(), bom_crlf(&swap(&site.read(&pledges()), "year: ", "year：")));
    assert_eq!(site.check_json().short(), [format!("error yaml-fullwidth-colon {}:1:5", pledges())]);
}

#[test]
fn phone_and_room_unquoted_in_private_stay_exact_strings() {
    let private = "private:\n  reporter: 张三\n  phone: 13800138000\n  room: 0101\n---";
    let text = swap(CASE, "---\n12号楼", &format!("{private}\n12号楼"));
    with_case(&text).check_json().assert_code(0);
    // Read as a number, `0101` would be 101 and match one column later.
    let site = with_case(format!("{text}住在0101的居民说明了情况。\n"));
    assert_eq!(site.check_json().short(), [format!("error pii-private-leak {NEW_CASE}:14:3")]);
}

#[test]
fn no_and_yes_stay_strings() {
    let text = swap(&swap(CASE, "title: 12号楼顶层渗水", "title: no"), "note: 已登记", "note: yes");
    let site = with_case(text);
    site.check_json().assert_code(0);
    let opts = gongshi::build::SiteOptions { root: site.root().to_path_buf(), check: Default::default() };
    let checked = gongshi::build::check(&opts).unwrap_or_else(|e| panic!("{e}"));
    let model = checked.site.unwrap_or_else(|| panic!("no model"));
    let case = model.communities[0].compounds[0].cases.iter().find(|c| c.id == "2026-003");
    let case = case.unwrap_or_else(|| panic!("case 2026-003 missing"));
    assert_eq!(case.title, "no");
    assert_eq!(case.updates[0].note.as_deref(), Some("yes"));
}

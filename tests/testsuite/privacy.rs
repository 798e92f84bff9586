//! Personal information in public text: every occurrence is an error at
//! its own line and column, with the masked form to write instead.

use crate::support::{CASE, COMPOUND, NEW_CASE, SiteTest, build_into, swap, tree};

fn with_body(body: &str) -> SiteTest {
    let site = SiteTest::minimal();
    site.write(NEW_CASE, swap(CASE, "12号楼顶层楼道雨天渗水。\n", body));
    site
}

fn notice() -> String {
    format!("{COMPOUND}/notices/2026-11-05-dianti.md")
}

#[test]
fn mobile_numbers_in_every_spelling() {
    let site = with_body(
        "联系电话13800138000。\n或者138-0013-8000。\n或者+86 139 1234 5678。\n或者１３８００１３８０００。\n",
    );
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [
            format!("error pii-mobile {NEW_CASE}:9:5"),
            format!("error pii-mobile {NEW_CASE}:10:3"),
            format!("error pii-mobile {NEW_CASE}:11:3"),
            format!("error pii-mobile {NEW_CASE}:12:3"),
        ]
    );
    let masks: Vec<bool> = run
        .diags()
        .iter()
        .map(|d| {
            d.hint.as_deref().unwrap_or_default().contains(if d.line == Some(11) {
                "139****5678"
            } else {
                "138****8000"
            })
        })
        .collect();
    assert_eq!(masks, [true; 4]);
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn the_same_number_twice_is_two_errors() {
    let run = with_body("电话13800138000，再说一遍13800138000。\n").check_json();
    assert_eq!(run.short(), [format!("error pii-mobile {NEW_CASE}:9:3"), format!("error pii-mobile {NEW_CASE}:9:19")]);
}

#[test]
fn id_number() {
    let site = with_body("身份证号11010519491231002X。\n");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error pii-id-number {NEW_CASE}:9:5")]);
    assert!(run.one("pii-id-number").hint.unwrap_or_default().contains("110105********002X"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn id_number_with_a_bad_checksum_is_a_warning() {
    let site = with_body("编号110105194912310021。\n");
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning pii-suspect-id {NEW_CASE}:9:3")]);
    assert!(run.one("pii-suspect-id").message.contains("疑似身份证号"));
    // Staff who know it is not an ID number declare it.
    site.edit("site.yaml", "office:", "pii_allow: [\"110105194912310021\"]\noffice:");
    assert_eq!(site.check_json().short(), Vec::<String>::new());
}

#[test]
fn room_number_in_a_title() {
    let site = SiteTest::minimal();
    site.write(NEW_CASE, swap(CASE, "title: 12号楼顶层渗水", "title: 3-2-1201室漏水"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error pii-room {NEW_CASE}:2:8")]);
    assert!(run.one("pii-room").hint.unwrap_or_default().contains("3-2-****"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn mobile_number_in_a_front_matter_field() {
    let site = SiteTest::minimal();
    site.write(NEW_CASE, swap(CASE, "lead:", "location: 3号楼 联系人电话13800138000\nlead:"));
    assert_eq!(site.check_json().short(), [format!("error pii-mobile {NEW_CASE}:4:20")]);
}

#[test]
fn a_private_value_repeated_in_public_text() {
    let private = "private:\n  reporter: 张三\n  phone: \"13800001234\"\n  room: 3-2-1201\n---\n";
    let text = swap(CASE, "---\n12号楼顶层楼道雨天渗水。\n", &format!("{private}张三反映顶层楼道渗水。\n"));
    let site = SiteTest::minimal();
    site.write(NEW_CASE, text);
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error pii-private-leak {NEW_CASE}:13:1")]);
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn a_private_phone_in_the_body_is_reported_once() {
    let private = "private:\n  phone: 13800138000\n---\n";
    let text = swap(CASE, "---\n12号楼顶层楼道雨天渗水。\n", &format!("{private}电话13800138000。\n"));
    let site = SiteTest::minimal();
    site.write(NEW_CASE, text);
    assert_eq!(site.check_json().short(), [format!("error pii-mobile {NEW_CASE}:11:3")]);
}

#[test]
fn numbers_that_are_not_personal_pass() {
    let private = "private:\n  reporter: 张三\n  phone: 13800138000\n---\n";
    let body = "订单号1380013800012345678，金额13800.00元，13800138000.00元。\n\
                日期2026-11-20，2026年11月20日，幸福路88号12号楼，物业电话0571-88882222。\n\
                已脱敏的写法：138****8000，110105********002X。\n";
    let text = swap(CASE, "---\n12号楼顶层楼道雨天渗水。\n", &format!("{private}{body}"));
    let site = SiteTest::minimal();
    site.write(NEW_CASE, text);
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), Vec::<String>::new());
}

#[test]
fn a_declared_duty_phone_may_be_repeated() {
    let site = SiteTest::minimal();
    let compound = format!("{COMPOUND}/compound.yaml");
    site.edit(
        &compound,
        "{name: 赵强, position: 工程主管, phone: 0571-88882333}",
        "{name: 赵强, position: 工程主管, phone: 139-0000-1111, public_phone: true}",
    );
    site.edit(&notice(), "0571-88882201。", "0571-88882201；工程主管赵强13900001111。");
    site.check_json().assert_code(0);
    // Only the declared number: another mobile in the same place is an error.
    site.edit(&notice(), "赵强13900001111", "赵强13900002222");
    let run = site.check_json();
    assert_eq!(run.short(), [format!("error pii-mobile {}:12:40", notice())]);
}

#[test]
fn pii_allow_in_site_yaml() {
    let site = SiteTest::minimal();
    site.edit(&notice(), "0571-88882201。", "0571-88882201，或拨打热线13912345678。");
    let run = site.check_json();
    assert_eq!(run.short(), [format!("error pii-mobile {}:12:39", notice())]);
    site.edit("site.yaml", "office:", "pii_allow: [\"13912345678\"]\noffice:");
    site.check_json().assert_code(0);
}

// --- Round two: every spelling a reader would see as the number ------------

/// One spelling per line after `电话`: each must be exactly one error of
/// `code` at its own line, column 3, in Chinese, with a hint.
fn each_line_is_caught(code: &str, spellings: &[&str]) {
    let body: String = spellings.iter().map(|s| format!("电话{s}。\n")).collect();
    let run = with_body(&body).check_json();
    run.assert_code(1);
    let want: Vec<String> = (0..spellings.len()).map(|i| format!("error {code} {NEW_CASE}:{}:3", 9 + i)).collect();
    assert_eq!(run.short(), want, "{spellings:?}");
    for d in run.diags() {
        assert!(d.message.contains("公开内容里出现了"), "{}", d.message);
        assert!(d.hint.as_deref().is_some_and(|h| h.contains("请改写为")), "{:?}", d.hint);
    }
}

#[test]
fn entities_escapes_and_invisible_characters() {
    each_line_is_caught(
        "pii-mobile",
        &[
            "1&#51;858007764",
            "1&#x33;858007764",
            "138&nbsp;5800&nbsp;7764",
            "138\\-5800\\-7764",
            "138\u{200B}5800\u{200B}7764",
            "138\u{200D}5800\u{200D}7764",
            "138\u{2060}5800\u{2060}7764",
            "138\u{AD}5800\u{AD}7764",
            "%31%33858007764",
        ],
    );
}

#[test]
fn digit_forms() {
    each_line_is_caught(
        "pii-mobile",
        &[
            "¹³⁸⁵⁸⁰⁰⁷⁷⁶⁴",
            "①③⑧⑤⑧⓪⓪⑦⑦⑥④",
            "𝟏𝟑𝟖𝟓𝟖𝟎𝟎𝟕𝟕𝟔𝟒",
            "一三八五八零零七七六四",
            "幺三八五八〇〇七七六四",
            "١٣٨٥٨٠٠٧٧٦٤",
        ],
    );
}

#[test]
fn separators_between_groups() {
    each_line_is_caught(
        "pii-mobile",
        &[
            "138.5800.7764",
            "138/5800/7764",
            "138*5800*7764",
            "138—5800—7764",
            "138——5800——7764",
            "138–5800–7764",
            "138\t5800\t7764",
            "138·5800·7764",
        ],
    );
    // A line break between groups: the error is where the number starts.
    let run = with_body("电话138\n5800\n7764。\n").check_json();
    assert_eq!(run.short(), [format!("error pii-mobile {NEW_CASE}:9:3")]);
}

#[test]
fn contact_prefixes_and_email() {
    let run = with_body("TEL13912345678\n微信号wx13912345678\n邮箱13912345678@qq.com\n").check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [
            format!("error pii-mobile {NEW_CASE}:9:4"),
            format!("error pii-mobile {NEW_CASE}:10:6"),
            format!("error pii-mobile {NEW_CASE}:11:3"),
        ]
    );
}

#[test]
fn a_tel_link_with_an_escaped_plus() {
    let run = with_body("[拨打](tel:%2B8613858007764)\n").check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error pii-mobile {NEW_CASE}:9:10")]);
}

#[test]
fn markup_between_the_groups_is_read_as_the_reader_sees_it() {
    // No run of source text spells the number; the rendered page does. The
    // error is where the first digit is typed.
    let run = with_body(
        "电话138`5800`7764。\n电话[138](https://x.cn)58007764。\n电话1385800[7764](https://x.cn)。\n电话![138](https://x.cn/a.png)58007764。\n",
    )
    .check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [
            format!("error pii-mobile {NEW_CASE}:9:3"),
            format!("error pii-mobile {NEW_CASE}:10:4"),
            format!("error pii-mobile {NEW_CASE}:11:3"),
            format!("error pii-mobile {NEW_CASE}:12:5"),
        ]
    );
    // Image alt text, link titles and code blocks are scanned too.
    let run = with_body(
        "![13858007764](https://x.cn/a.png)\n\n[x](https://x.cn \"138 5800 7764\")\n\n```\n13858007764\n```\n",
    )
    .check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [
            format!("error pii-mobile {NEW_CASE}:9:3"),
            format!("error pii-mobile {NEW_CASE}:11:19"),
            format!("error pii-mobile {NEW_CASE}:14:1"),
        ]
    );
    // Blocks and table cells are apart on the page: no number across them.
    let run = with_body("| 138 | 5800 | 7764 |\n|---|---|---|\n| a | b | c |\n\n138\n\n58007764\n").check_json();
    assert_eq!(run.short(), Vec::<String>::new());
}

#[test]
fn id_numbers_in_groups_and_fifteen_digits() {
    each_line_is_caught(
        "pii-id-number",
        &["110105 19491231 002X", "110105-1949-1231-002X", "110105491231002", "110105 491231 002"],
    );
    let run = with_body("电话110105491231002。\n").check_json();
    assert!(run.one("pii-id-number").hint.unwrap_or_default().contains("110105******002"));
}

#[test]
fn room_spellings() {
    let run = with_body("住12#1801的居民\n住1801房的居民\n住1801户的居民\n住二单元1801的居民\n").check_json();
    run.assert_code(1);
    assert_eq!(run.short(), (9..=12).map(|l| format!("error pii-room {NEW_CASE}:{l}:2")).collect::<Vec<_>>());
    assert!(run.diags()[0].hint.as_deref().unwrap_or_default().contains("12#***室"));
}

#[test]
fn ordinary_numbers_still_pass() {
    let body = "2026-11-05 至 2026.11.20 公示；案件 2026-031；金额 13,800.00 元，共1200户、1316户居民。\n\
                一二三四五六七八九十；三号楼二单元门口；第一季度；物业电话0571-88882222。\n";
    let run = with_body(body).check_json();
    assert_eq!(run.short(), Vec::<String>::new());
}

// --- Round two: private values are looked for across the whole site ---------

const HOLDER: &str = "lanting/lanyuan/cases/2026-001.md";

fn with_reporters(reporters: &str) -> SiteTest {
    let site = SiteTest::minimal();
    site.edit(HOLDER, "reporter: 张三", &format!("reporter: {reporters}"));
    site
}

#[test]
fn a_reporter_named_in_a_notice_of_the_compound() {
    let site = with_reporters("金美玲、钱秀英");
    site.edit(&notice(), "请联系业委会办公室", "请联系钱秀英或业委会办公室");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error pii-private-leak {}:12:13", notice())]);
    let d = run.one("pii-private-leak");
    assert!(d.message.contains(HOLDER), "{}", d.message);
    // Names where it is published and whose block holds it, never the value.
    for text in [&d.message, &d.hint.unwrap_or_default(), &site.check().stderr] {
        assert!(!text.replace("请联系钱秀英或", "").contains("钱秀英"), "{text}");
    }
}

#[test]
fn a_reporter_named_in_a_meeting_decision_and_in_another_case() {
    let site = with_reporters("金美玲");
    let meeting = format!("{COMPOUND}/meetings/2026-10-28.md");
    site.edit(&meeting, "物业12月20日前完成电梯检修", "物业12月20日前答复金 美 玲");
    site.write(NEW_CASE, swap(CASE, "12号楼顶层楼道雨天渗水。", "金&#32654;玲再次反映。"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [format!("error pii-private-leak {NEW_CASE}:9:1"), format!("error pii-private-leak {meeting}:8:23")]
    );
}

#[test]
fn a_private_name_in_an_attachment_file_name() {
    let site = with_reporters("金美玲");
    site.write(&format!("{COMPOUND}/attachments/金美玲-申请.pdf"), b"%PDF-1.4\n");
    let run = site.check_json();
    assert!(
        run.short().contains(&format!("error pii-private-leak {COMPOUND}/attachments/金美玲-申请.pdf:1:1")),
        "{}",
        run.stdout
    );
}

#[test]
fn building_parts_and_short_parts_are_not_registered() {
    let site = with_reporters("张 三");
    site.edit(HOLDER, "room: 3-2-1201", "room: 3号楼 1201室");
    // `3号楼` is public anyway, `张` and `三` are single chars: nothing to flag.
    site.check_json().assert_code(0);
}

// --- Round two: the publish gate ------------------------------------------------

/// A theme override turns a harmless-looking content field into a private
/// value (`张_三` → `张三`, the reporter of case 2026-001): `check` cannot
/// see it, the gate does, and the published site stays as it was.
#[test]
fn the_publish_gate_stops_a_theme_that_prints_a_private_value() {
    let site = SiteTest::minimal();
    assert_eq!(crate::support::build(&site).code, 0);
    let out = site.root().join("public");
    let before = tree(&out);
    let templates = site.root().join("themes/leaky/templates");
    std::fs::create_dir_all(&templates).unwrap_or_else(|e| panic!("{e}"));
    let portal = "{% extends \"base.html\" %}{% block main %}<p>{{ site.street | replace(from=\"_\", to=\"\") }}</p>{% endblock main %}";
    std::fs::write(templates.join("portal.html"), portal).unwrap_or_else(|e| panic!("{e}"));
    site.edit("site.yaml", "title:", "theme: leaky\ntitle:");
    site.edit("site.yaml", "street: 测试街道", "street: 测试街道联系人张_三");
    site.check_json().assert_code(0);

    let run = crate::support::build(&site);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("index.html：private: 里的信息"), "{}", run.stderr);
    assert!(!run.stderr.contains("张三"), "the error must not print the value: {}", run.stderr);
    assert!(tree(&out) == before, "public/ changed");

    // The same theme printing a phone number written in entities.
    let portal = "{% extends \"base.html\" %}{% block main %}<p>值班 139&#48;0001111</p>{% endblock main %}";
    std::fs::write(templates.join("portal.html"), portal).unwrap_or_else(|e| panic!("{e}"));
    let run = crate::support::build(&site);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("index.html：手机号码"), "{}", run.stderr);
    assert!(tree(&out) == before, "public/ changed");
}

#[test]
fn a_mobile_on_a_roster_needs_the_persons_consent() {
    let site = SiteTest::minimal();
    let compound = format!("{COMPOUND}/compound.yaml");
    site.edit(
        &compound,
        "{name: 赵强, position: 工程主管, phone: 0571-88882333}",
        "{name: 赵强, position: 工程主管, phone: 139 0000 1111}",
    );
    let run = site.check_json();
    run.assert_code(1);
    let d = run.one("pii-roster-mobile");
    assert!(d.message.contains("名册里写了个人手机号码"), "{}", d.message);
    assert!(d.hint.unwrap_or_default().contains("public_phone: true"));
    assert_eq!(run.short().len(), 1, "{:?}", run.short());
    site.edit(&compound, "phone: 139 0000 1111}", "phone: 139 0000 1111, public_phone: true}");
    site.check_json().assert_code(0);
}

#[test]
fn control_characters_made_by_yaml_escapes() {
    for escape in ["\\0", "\\e", "\\v", "\\uFFFF", "\\x85"] {
        let site = SiteTest::minimal();
        site.write(NEW_CASE, swap(CASE, "title: 12号楼顶层渗水", &format!("title: \"12号楼{escape}顶层渗水\"")));
        let run = site.check_json();
        run.assert_code(1);
        assert_eq!(run.short(), [format!("error value-control-char {NEW_CASE}:2:8")], "{escape}");
        assert!(run.one("value-control-char").message.contains("控制字符"));
    }
}

// --- Round two: names are content --------------------------------------------

#[test]
fn a_room_number_as_a_case_id() {
    let site = SiteTest::minimal();
    let file = format!("{COMPOUND}/cases/12-2-1801.md");
    site.write(&file, CASE);
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error pii-name {file}:1:1")]);
    let d = run.one("pii-name");
    assert!(d.message.contains("问题编号") && d.message.contains("12-2-****"), "{}", d.message);
    assert!(!d.message.contains("1801"), "{}", d.message);
    assert!(d.hint.unwrap_or_default().contains("2026-031"));
    // Nothing with that id is published.
    let out = tempfile::tempdir().expect("tempdir");
    build_into(&site, out.path()).assert_code(1);
    assert!(tree(out.path()).keys().all(|k| !k.contains("1801")));
}

#[test]
fn phone_numbers_in_notice_meeting_and_attachment_names() {
    let site = SiteTest::minimal();
    let notice = format!("{COMPOUND}/notices/2026-11-05-13858007764.md");
    site.write(&notice, site.read(&format!("{COMPOUND}/notices/2026-11-05-dianti.md")));
    let attachment = format!("{COMPOUND}/attachments/139-1234-5678.pdf");
    site.write(&attachment, b"%PDF-1.4\n");
    let run = site.check_json();
    run.assert_code(1);
    let mut short = run.short();
    short.sort();
    assert_eq!(short, [format!("error pii-name {attachment}:1:1"), format!("error pii-name {notice}:1:1")]);
    for d in run.diags() {
        assert!(!d.message.contains("5800") && !d.message.contains("1234"), "{}", d.message);
    }
}

#[test]
fn a_phone_number_as_a_compound_folder() {
    let site = SiteTest::minimal();
    let yaml = site.read(&format!("{COMPOUND}/compound.yaml"));
    site.write("lanting/13858007764/compound.yaml", yaml);
    let run = site.check_json();
    run.assert_code(1);
    let d = run.one("pii-name");
    assert!(d.file.as_deref().is_some_and(|f| f.starts_with("lanting/13858007764")), "{d:?}");
    assert!(d.message.contains("小区文件夹名") && d.message.contains("138****7764"), "{}", d.message);
}

#[test]
fn ordinary_names_pass() {
    // Dates, year-number ids and pinyin slugs are not personal.
    let site = SiteTest::minimal();
    site.write(&format!("{COMPOUND}/cases/2026-031.md"), CASE);
    site.check_json().assert_code(0);
}

// --- Round two: nothing private leaves the machine ------------------------------

#[test]
fn json_diagnostics_never_carry_a_private_line() {
    let site = SiteTest::minimal();
    site.edit(HOLDER, "room: 3-2-1201", "room: 3-2-1201: 13800001234 张三");
    let run = site.check_json();
    run.assert_code(1);
    assert!(run.short().iter().any(|s| s.contains(&format!("{HOLDER}:"))), "{}", run.stdout);
    for bad in ["13800001234", "3-2-1201", "张三"] {
        assert!(!run.stdout.contains(bad), "{bad} in {}", run.stdout);
    }
    // The terminal shows the staff member their own line.
    assert!(site.check().stderr.contains("13800001234"));
}

// --- Round two: attachments by allow-list -----------------------------------------

#[test]
fn attachment_types_outside_the_allow_list_are_refused() {
    let site = SiteTest::minimal();
    let names = ["ye.shtml", "ye.xht", "ye.xhtm", "shuju.xml", "anzhuang.exe", "tu.svg", "wu"];
    for n in names {
        site.write(&format!("{COMPOUND}/attachments/{n}"), "<script>alert(1)</script>");
    }
    let run = site.check_json();
    run.assert_code(1);
    let mut want: Vec<String> =
        names.iter().map(|n| format!("error attachment-type {COMPOUND}/attachments/{n}")).collect();
    want.sort();
    let mut got = run.short();
    got.sort();
    assert_eq!(got, want);
    assert!(run.diags().iter().all(|d| d.hint.as_deref().is_some_and(|h| h.contains("pdf") || h.contains("PDF"))));
}

#[test]
fn allowed_types_pass_when_linked() {
    let site = SiteTest::minimal();
    let files =
        ["a.jpg", "b.JPEG", "c.webp", "d.gif", "e.docx", "f.xlsx", "g.pptx", "h.odt", "i.ods", "j.txt", "k.csv"];
    let heads: [&[u8]; 4] = [b"\xFF\xD8\xFF\xE0", b"\xFF\xD8\xFF\xE1", b"RIFF\0\0\0\0WEBPVP8 ", b"GIF89a"];
    let mut links = String::new();
    for (i, f) in files.iter().enumerate() {
        site.write(&format!("{COMPOUND}/attachments/{f}"), heads.get(i).copied().unwrap_or(b"PK\x03\x04"));
        links.push_str(&format!("[附件{i}](attachments/{f})\n"));
    }
    site.write(NEW_CASE, swap(CASE, "12号楼顶层楼道雨天渗水。\n", &links));
    let run = site.check_json();
    assert_eq!(run.short(), Vec::<String>::new());
}

#[test]
fn an_image_that_is_not_what_its_name_says() {
    let site = SiteTest::minimal();
    site.write(&format!("{COMPOUND}/attachments/xianchang.png"), "<html><script>alert(1)</script>");
    site.write(&format!("{COMPOUND}/attachments/zhaopian.jpg"), b"\x89PNG\r\n\x1a\n....");
    site.write(
        NEW_CASE,
        swap(
            CASE,
            "12号楼顶层楼道雨天渗水。\n",
            "![现场](attachments/xianchang.png)\n![照片](attachments/zhaopian.jpg)\n",
        ),
    );
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [
            format!("error attachment-content {COMPOUND}/attachments/xianchang.png"),
            format!("error attachment-content {COMPOUND}/attachments/zhaopian.jpg"),
        ]
    );
    assert!(run.diags()[0].message.contains("不是 PNG 图片"));
}

#[test]
fn an_attachment_nothing_links_to_is_not_published() {
    let site = SiteTest::minimal();
    let list = format!("{COMPOUND}/attachments/居民名单.xlsx");
    site.write(&list, b"PK\x03\x04 names and phones");
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning attachment-unused {list}")]);
    assert!(run.one("attachment-unused").message.contains("居民名单.xlsx"));
    let out = tempfile::tempdir().expect("tempdir");
    build_into(&site, out.path()).assert_code(0);
    let files = tree(out.path());
    assert!(files.keys().all(|k| !k.contains("居民名单")), "{:?}", files.keys().collect::<Vec<_>>());
    // The linked one is still published.
    assert!(files.keys().any(|k| k.ends_with("attachments/dianti-fangan.pdf")));
}

#[cfg(feature = "serve")]
mod served {
    use std::io::{Read as _, Write as _};
    use std::net::TcpStream;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use crate::support::SiteTest;
    use crate::support::served::start;

    const CASE_FILE: &str = "lanting/lanyuan/cases/2026-001.md";
    const PAGE: &str = "lanting/lanyuan/cases/2026-001/";

    /// Everything the live-reload stream sends, read with a raw HTTP client.
    fn sse(base: &str) -> Arc<Mutex<String>> {
        let addr = base.trim_start_matches("http://").to_string();
        let mut s = TcpStream::connect(&addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
        write!(s, "GET /__gongshi/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n")
            .unwrap_or_else(|e| panic!("send: {e}"));
        let text = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&text);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = s.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut t) = sink.lock() {
                    t.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            }
        });
        text
    }

    fn read(t: &Arc<Mutex<String>>) -> String {
        t.lock().map(|t| t.clone()).unwrap_or_default()
    }

    fn leaks(text: &str) -> bool {
        // The JSON of an event escapes nothing in these values, but a
        // future encoding might: compare digits only as well.
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        text.contains("张三") || text.contains("3-2-1201") || digits.contains("13800001234")
    }

    #[test]
    fn a_broken_line_in_a_private_block_is_not_sent_to_preview_tabs() {
        let mut s = start(SiteTest::minimal(), "serve");
        let events = sse(&s.base);
        s.wait_for("the event stream", Duration::from_secs(10), |_| read(&events).contains("event: hello"));
        // A typo on the phone line of the private block: the YAML does not parse.
        s.site.edit(CASE_FILE, "  phone: \"13800001234\"", "  phone: 13800001234: 张三 手机");
        s.wait_for("an error event", Duration::from_secs(20), |_| read(&events).contains("event: error"));
        let sent = read(&events);
        let at = sent.find("event: error").unwrap_or(0);
        let error = &sent[at..];
        assert!(error.contains("2026-001.md:21"), "the event names the place: {error}");
        assert!(error.contains('█'), "the line is shown masked: {error}");
        assert!(!leaks(&sent), "the event stream carries a private value: {sent}");
        // A tab opened while the site is broken is sent the error at once.
        let late = sse(&s.base);
        s.wait_for("the late tab's error", Duration::from_secs(10), |_| read(&late).contains("event: error"));
        assert!(!leaks(&read(&late)), "{}", read(&late));
        // Pages (the last good build) never held it.
        let page = s.get(PAGE);
        assert_eq!(page.status, 200);
        assert!(!leaks(&page.body));
        // The staff member at the terminal does see their own line.
        assert!(s.log().contains("13800001234"), "{}", s.log());
    }
}

#[path = "privacy_property.rs"]
mod property;

//! Boards that are true on the day they show (issue 11): scheduled notices,
//! dates after "today" that are probably typos, meeting decisions followed
//! up, and the policy's calendar.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{CASE, COMPOUND, EPOCH, NEW_CASE, Run, SiteTest, build, gongshi, swap, tree};

/// `gongshi build` of `site` into its `public/` as of `day`.
fn build_on(site: &SiteTest, day: &str) -> Run {
    let root = site.root().to_string_lossy().into_owned();
    let out = site.root().join("public").to_string_lossy().into_owned();
    let o = gongshi()
        .args(["build", "--root", &root, "--out", &out, "--as-of", day])
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap_or_else(|e| panic!("cannot run gongshi: {e}"));
    Run::from_output(&o, Some(site.root()))
}

/// The published files that contain `needle`, as text.
fn files_with(out: &Path, needle: &str) -> Vec<String> {
    let files: BTreeMap<String, Vec<u8>> = tree(out);
    files.into_iter().filter(|(_, b)| String::from_utf8_lossy(b).contains(needle)).map(|(p, _)| p).collect()
}

fn page(site: &SiteTest, rel: &str) -> String {
    std::fs::read_to_string(site.root().join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Text as a reader sees it: markup (such as the spans that keep a date on
/// one line) removed.
fn visible(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

const SCHEDULED: &str = "---
title: 关于12月5日全天停水检修的通知
kind: maintenance_fund
published: 2026-12-05
until: 2026-12-20
attachments: [attachments/tingshui.pdf]
---
12月5日全天停水。
";

const ANNOUNCED: &str = "---
title: 第二届业主委员会换届选举公告
kind: other
published: 2026-12-10
until: 2026-12-24
announce: true
attachments: [attachments/dianti-fangan.pdf]
---
选举办法全文。
";

fn scheduled_site() -> SiteTest {
    let site = SiteTest::minimal();
    site.write(&format!("{COMPOUND}/notices/2026-12-05-tingshui.md"), SCHEDULED);
    site.write(&format!("{COMPOUND}/notices/2026-12-10-xuanju.md"), ANNOUNCED);
    site.write(&format!("{COMPOUND}/attachments/tingshui.pdf"), "%PDF-1.4\n");
    site
}

#[test]
fn a_scheduled_notice_appears_nowhere_before_its_day() {
    let site = scheduled_site();
    // Staff are still told about it on `check` (a major matter without `reported`) …
    let run = site.check_json();
    run.assert_code(0);
    let d = run.one("rule-notice-reported");
    assert!(d.message.contains("停水检修"), "{}", d.message);
    build(&site).assert_code(0);
    let out = site.root().join("public");
    // … but nothing published names it: no list, home, page, feed, data,
    // sitemap, compliance page or kiosk, and its attachment waits with it.
    assert_eq!(files_with(&out, "停水检修"), Vec::<String>::new());
    assert_eq!(files_with(&out, "2026-12-05-tingshui"), Vec::<String>::new());
    assert!(!out.join(format!("{COMPOUND}/attachments/tingshui.pdf")).exists());
    // On its day it is published everywhere, attachment included.
    build_on(&site, "2026-12-05").assert_code(0);
    assert!(page(&site, &format!("{COMPOUND}/notices/2026-12-05-tingshui/index.html")).contains("停水检修"));
    assert!(page(&site, &format!("{COMPOUND}/feed.xml")).contains("停水检修"));
    assert!(page(&site, "sitemap.xml").contains("2026-12-05-tingshui"));
    assert!(out.join(format!("{COMPOUND}/attachments/tingshui.pdf")).exists());
}

#[test]
fn an_announced_notice_shows_its_day_and_nothing_more() {
    let site = scheduled_site();
    build(&site).assert_code(0);
    let out = site.root().join("public");
    let label = "即将公示（12月10日起）";
    let list = page(&site, &format!("{COMPOUND}/notices/index.html"));
    let home = page(&site, &format!("{COMPOUND}/index.html"));
    for html in [&list, &home] {
        assert!(html.contains("第二届业主委员会换届选举公告"));
        assert!(html.contains(label));
        // Listed by title only: its page does not exist yet.
        assert!(!html.contains("notices/2026-12-10-xuanju/"));
    }
    assert!(!out.join(format!("{COMPOUND}/notices/2026-12-10-xuanju/index.html")).exists());
    assert!(!page(&site, &format!("{COMPOUND}/feed.xml")).contains("换届选举"));
    assert_eq!(files_with(&out, "选举办法全文"), Vec::<String>::new());
    let data = page(&site, &format!("{COMPOUND}/data.json"));
    assert!(data.contains("\"state\":\"announced\""), "{data}");
    assert!(!data.contains("2026-12-10-xuanju"), "{data}");
}

#[test]
fn a_notice_after_its_period_is_listed_under_past_notices() {
    let site = SiteTest::minimal();
    build(&site).assert_code(0);
    // The fixture's notice ran until 2026-11-20; the day is 2026-11-27.
    let list = page(&site, &format!("{COMPOUND}/notices/index.html"));
    let past = list.find("往期公示").unwrap_or_else(|| panic!("no past notices heading:\n{list}"));
    let title = list.find("维修3号楼电梯的公示").unwrap_or_default();
    assert!(title > past, "listed before the past notices heading:\n{list}");
    assert!(!list.contains("公示期内的事项"), "{list}");
    let home = page(&site, &format!("{COMPOUND}/index.html"));
    assert!(!home.contains("维修3号楼电梯的公示"));
    // The same notice within its period is current, not past.
    build_on(&site, "2026-11-20").assert_code(0);
    let list = page(&site, &format!("{COMPOUND}/notices/index.html"));
    assert!(list.contains("公示期内的事项") && !list.contains("往期公示"), "{list}");
}

#[test]
fn dates_after_today_where_only_the_past_makes_sense_are_warned_at_their_line() {
    let site = SiteTest::minimal();
    site.write(
        NEW_CASE,
        "---
title: 12号楼顶层渗水
received: 2026-11-20
lead: property_company
status: resolved
opinion: {date: 2026-11-29, text: 物业负责修补}
updates:
  - {date: 2026-11-20, status: received, by: residents_committee, note: 已登记}
  - {date: 2026-12-02, status: resolved, by: property_company, note: 已修补}
result: {date: 2026-12-02, outcome: resolved}
revisit: {date: 2026-12-09, satisfaction: satisfied}
---
12号楼顶层楼道雨天渗水。
",
    );
    let notice = format!("{COMPOUND}/notices/2026-11-05-dianti.md");
    site.edit(&notice, "reported: 2026-10-30", "reported: 2026-11-30");
    let meeting = format!("{COMPOUND}/meetings/2026-10-28.md");
    site.edit(&meeting, "case: 2026-001}", "case: 2026-001, done: 2026-12-01}");
    // A meeting with minutes dated after today; a scheduled one without is fine.
    site.write(&format!("{COMPOUND}/meetings/2026-12-01.md"), "---\ndate: 2026-12-01\n---\n会议纪要：已召开。\n");
    site.write(&format!("{COMPOUND}/meetings/2026-12-28.md"), "---\ndate: 2026-12-28\ntopics: [电梯]\n---\n");
    let run = site.check_json();
    run.assert_code(0);
    let mut future: Vec<String> = run.short().into_iter().filter(|d| d.starts_with("warning date-future")).collect();
    future.sort();
    let mut expected = vec![
        format!("warning date-future {NEW_CASE}:6:17"),
        format!("warning date-future {NEW_CASE}:9:12"),
        format!("warning date-future {NEW_CASE}:10:16"),
        format!("warning date-future {NEW_CASE}:11:17"),
        format!("warning date-future {notice}:6:11"),
        format!("warning date-future {meeting}:8:92"),
        format!("warning date-future {COMPOUND}/meetings/2026-12-01.md:2:7"),
    ];
    expected.sort();
    assert_eq!(future, expected, "{}", run.stdout);
    assert!(run.diags().iter().filter(|d| d.code == "date-future").all(|d| d.message == "日期晚于今天，是否写错？"));
}

#[test]
fn a_date_more_than_a_year_ahead_is_an_error() {
    let site = SiteTest::minimal();
    // 2062 for 2026: in an update (past only) and in a due date (may lie ahead).
    let case = swap(CASE, "{date: 2026-11-20, status", "{date: 2062-11-20, status");
    site.write(NEW_CASE, swap(&case, "lead: property_company", "lead: property_company\ndue: 2062-12-20"));
    let run = site.check_json();
    run.assert_code(1);
    let far: Vec<String> = run.short().into_iter().filter(|d| d.contains("date-far-future")).collect();
    assert_eq!(
        far,
        [format!("error date-far-future {NEW_CASE}:5:6"), format!("error date-far-future {NEW_CASE}:8:12")]
    );
    assert!(run.diags().iter().any(|d| d.message.contains("晚一年以上")));
    // Eleven months ahead is a due date like any other.
    let site = SiteTest::minimal();
    site.write(NEW_CASE, swap(CASE, "lead: property_company", "lead: property_company\ndue: 2027-10-20"));
    site.check_json().assert_code(0);
}

/// `gongshi check --format json` as of `day`.
fn check_on(site: &SiteTest, day: &str) -> Run {
    let root = site.root().to_string_lossy().into_owned();
    site.run(&["check", "--root", &root, "--as-of", day, "--format", "json"])
}

const MEETING: &str = "lanting/lanyuan/meetings/2026-10-28.md";

/// The fixture's meeting with three more decisions: one done, one whose
/// case is resolved, one without a due date.
fn decisions_site() -> SiteTest {
    let site = SiteTest::minimal();
    site.edit(
        MEETING,
        "case: 2026-001}\n",
        "case: 2026-001}
  - {text: 居委会走访3号楼老人, lead: residents_committee, due: 2026-11-10, done: 2026-11-08, note: 已走访12户}
  - {text: 垃圾投放点加装顶棚, lead: property_company, due: 2026-10-30, case: 2026-002}
  - {text: 业委会研究电梯更新资金, lead: owners_committee}
",
    );
    site
}

#[test]
fn each_decision_shows_whether_it_was_carried_out() {
    let site = decisions_site();
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), Vec::<String>::new());
    build(&site).assert_code(0);
    let page = page(&site, &format!("{COMPOUND}/meetings/2026-10-28/index.html"));
    let states: Vec<&str> = ["待落实", "已落实", "已逾期"].into_iter().filter(|s| page.contains(s)).collect();
    assert_eq!(states, ["待落实", "已落实"], "{page}");
    assert!(page.contains("已走访12户") && page.contains("2026年11月8日"), "{page}");
    // The home shows how the last meeting's decisions stand.
    let home = self::page(&site, &format!("{COMPOUND}/index.html"));
    let followup = home.split("上次会议议定事项落实情况").nth(1).unwrap_or_else(|| panic!("{home}"));
    assert_eq!(followup.matches("已落实").count(), 2, "{home}");
    assert!(followup.contains("待落实"));
}

#[test]
fn an_overdue_decision_is_a_warning_and_on_the_compliance_page() {
    let site = decisions_site();
    let run = check_on(&site, "2026-12-21");
    let d = run.one("decision-overdue");
    assert_eq!(d.short(), format!("warning decision-overdue {MEETING}:8:58"));
    assert!(d.message.contains("“物业12月20日前完成电梯检修”已逾期"), "{}", d.message);
    build_on(&site, "2026-12-21").assert_code(0);
    assert!(visible(&page(&site, "compliance/index.html")).contains("物业12月20日前完成电梯检修"));
    assert!(page(&site, &format!("{COMPOUND}/meetings/2026-10-28/index.html")).contains("已逾期"));
    // Carried out: no warning.
    site.edit(MEETING, "due: 2026-12-20, case", "due: 2026-12-20, done: 2026-12-19, case");
    assert!(check_on(&site, "2026-12-21").diags().iter().all(|d| d.code != "decision-overdue"));
}

#[test]
fn the_next_meeting_or_the_home_lists_suggested_topics() {
    let site = decisions_site();
    // Without a scheduled meeting the home suggests the topics: the
    // decision not carried out, and the overdue case it does not cover.
    build_on(&site, "2026-12-21").assert_code(0);
    let home = page(&site, &format!("{COMPOUND}/index.html"));
    let suggested = visible(home.split("建议议题").nth(1).unwrap_or_else(|| panic!("{home}")));
    assert!(suggested.contains("物业12月20日前完成电梯检修"));
    assert!(suggested.contains("业委会研究电梯更新资金"));
    assert!(!suggested.contains("居委会走访3号楼老人"));
    // A scheduled meeting (future date, no minutes) carries them instead.
    site.write(&format!("{COMPOUND}/meetings/2026-12-28.md"), "---\ndate: 2026-12-28\n---\n");
    build_on(&site, "2026-12-21").assert_code(0);
    assert!(!page(&site, &format!("{COMPOUND}/index.html")).contains("建议议题"));
    let next = page(&site, &format!("{COMPOUND}/meetings/2026-12-28/index.html"));
    let suggested = next.split("建议议题").nth(1).unwrap_or_else(|| panic!("{next}"));
    assert!(visible(suggested).contains("物业12月20日前完成电梯检修") && suggested.contains("已逾期"));
    assert!(suggested.contains("meetings/2026-10-28/"));
    // A held meeting's page does not.
    assert!(!page(&site, &format!("{COMPOUND}/meetings/2026-10-28/index.html")).contains("建议议题"));
}

/// The content lines of a calendar, unfolded, after checking its framing:
/// CRLF only, no line over 75 octets, continuations start with a space.
fn ics_lines(bytes: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("not UTF-8: {e}"));
    assert!(text.ends_with("\r\n"), "must end with CRLF");
    assert!(!text.replace("\r\n", "").contains(['\r', '\n']), "a bare CR or LF");
    let mut lines: Vec<String> = Vec::new();
    for physical in text.split_terminator("\r\n") {
        assert!(physical.len() <= 75, "{} octets: {physical}", physical.len());
        match physical.strip_prefix(' ') {
            Some(rest) => lines.last_mut().unwrap_or_else(|| panic!("starts folded")).push_str(rest),
            None => lines.push(physical.to_string()),
        }
    }
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert!(lines.iter().any(|l| l == "VERSION:2.0") && lines.iter().any(|l| l.starts_with("PRODID:")));
    lines
}

/// Each event's properties (name with parameters → value), checked for what
/// RFC 5545 requires of an all-day event.
fn ics_events(lines: &[String]) -> Vec<BTreeMap<String, String>> {
    let mut events = Vec::new();
    let mut current: Option<BTreeMap<String, String>> = None;
    for l in lines {
        match l.as_str() {
            "BEGIN:VEVENT" => current = Some(BTreeMap::new()),
            "END:VEVENT" => events.extend(current.take()),
            _ => {
                if let (Some(e), Some((k, v))) = (current.as_mut(), l.split_once(':')) {
                    e.insert(k.to_string(), v.to_string());
                }
            }
        }
    }
    for e in &events {
        for key in ["UID", "DTSTAMP", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY"] {
            assert!(e.contains_key(key), "{key} missing in {e:?}");
        }
        assert!(e["DTSTART;VALUE=DATE"] < e["DTEND;VALUE=DATE"], "{e:?}");
    }
    let mut uids: Vec<&String> = events.iter().map(|e| &e["UID"]).collect();
    uids.sort();
    let n = uids.len();
    uids.dedup();
    assert_eq!(uids.len(), n, "UIDs must be unique");
    events
}

fn event<'a>(events: &'a [BTreeMap<String, String>], summary: &str) -> &'a BTreeMap<String, String> {
    events.iter().find(|e| e["SUMMARY"].contains(summary)).unwrap_or_else(|| panic!("no {summary}: {events:#?}"))
}

#[test]
fn calendars_list_the_policy_dates_and_each_compound_s_own() {
    let site = scheduled_site();
    site.write(&format!("{COMPOUND}/meetings/2026-12-28.md"), "---\ndate: 2026-12-28\n---\n");
    build(&site).assert_code(0);
    let out = site.root().join("public");
    let read = |rel: &str| std::fs::read(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let street = ics_events(&ics_lines(&read("calendar.ics")));
    let community = ics_events(&ics_lines(&read("lanting/calendar.ics")));
    let compound = ics_events(&ics_lines(&read(&format!("{COMPOUND}/calendar.ics"))));
    // The policy: joint-meeting windows, the 18th, the December evaluation.
    let joint = event(&street, "三方联席会议（双月最后一周）");
    assert_eq!((joint["DTSTART;VALUE=DATE"].as_str(), joint["DTEND;VALUE=DATE"].as_str()), ("20261225", "20270101"));
    assert_eq!(street.iter().filter(|e| e["SUMMARY"].contains("月度报送")).count(), 12);
    assert!(street.iter().any(|e| e["DTSTART;VALUE=DATE"] == "20261218" && e["SUMMARY"].contains("月度报送")));
    let eval = event(&street, "年度评议考核");
    assert_eq!((eval["DTSTART;VALUE=DATE"].as_str(), eval["DTEND;VALUE=DATE"].as_str()), ("20261201", "20270101"));
    assert!(street.iter().all(|e| e["DTSTAMP"] == "20261127T000000Z"));
    // The compound: scheduled meeting, notice periods, due dates.
    let meeting = event(&compound, "三方联席会议（例会）");
    assert_eq!(meeting["DTSTART;VALUE=DATE"], "20261228");
    assert!(meeting["URL"].ends_with("/lanting/lanyuan/meetings/2026-12-28/"));
    let period = event(&compound, "公示期：关于使用住宅专项维修资金维修3号楼电梯的公示");
    assert_eq!((period["DTSTART;VALUE=DATE"].as_str(), period["DTEND;VALUE=DATE"].as_str()), ("20261105", "20261121"));
    assert_eq!(event(&compound, "问题办结时限：3号楼电梯频繁停运")["DTSTART;VALUE=DATE"], "20261220");
    // An announced notice shows its period; a hidden one is in no calendar.
    assert!(event(&compound, "换届选举公告").get("URL").is_none());
    for cal in [&street, &community, &compound] {
        assert!(cal.iter().all(|e| !e["SUMMARY"].contains("停水检修")));
    }
    // The community names the compound of each of its own events.
    event(&community, "兰苑小区：问题办结时限：3号楼电梯频繁停运");
    assert!(compound.iter().any(|e| e["SUMMARY"].contains("月度报送")));
}

#[test]
fn calendar_uids_are_stable_and_the_files_reproducible() {
    let site = SiteTest::minimal();
    build(&site).assert_code(0);
    let rel = format!("{COMPOUND}/calendar.ics");
    let first = std::fs::read(site.root().join("public").join(&rel)).unwrap_or_default();
    build(&site).assert_code(0);
    assert_eq!(std::fs::read(site.root().join("public").join(&rel)).unwrap_or_default(), first);
    // A new case adds an event; every earlier one keeps its UID.
    site.write(NEW_CASE, swap(CASE, "lead: property_company", "lead: property_company\ndue: 2026-12-10"));
    build(&site).assert_code(0);
    let uids = |b: &[u8]| ics_events(&ics_lines(b)).into_iter().map(|e| e["UID"].clone()).collect::<Vec<_>>();
    let before = uids(&first);
    let after = uids(&std::fs::read(site.root().join("public").join(&rel)).unwrap_or_default());
    assert_eq!(after.len(), before.len() + 1);
    assert!(before.iter().all(|u| after.contains(u)), "{before:?}\n{after:?}");
}

#[test]
fn check_reminds_of_policy_dates_remind_days_ahead() {
    let site = SiteTest::minimal();
    // Seven days (the default) before the 18th: the monthly report.
    let run = check_on(&site, "2026-12-11");
    assert_eq!(run.one("remind-report").short(), "warning remind-report site.yaml");
    assert_eq!(run.one("remind-report").message, "12月18日前完成本月月度报送");
    assert!(check_on(&site, "2026-12-10").diags().iter().all(|d| d.code != "remind-report"));
    // A week before the December window, with no meeting on file for December.
    let run = check_on(&site, "2026-12-18");
    let d = run.one("remind-meeting");
    assert_eq!(d.short(), format!("warning remind-meeting {COMPOUND}/compound.yaml"));
    assert_eq!(d.message, "兰苑小区：12月最后一周应召开联席会议，尚未安排");
    // Scheduling it answers the reminder.
    site.write(&format!("{COMPOUND}/meetings/2026-12-28.md"), "---\ndate: 2026-12-28\n---\n");
    assert!(check_on(&site, "2026-12-18").diags().iter().all(|d| d.code != "remind-meeting"));
    // The year's evaluation by the end of December, until it is recorded.
    let d = check_on(&site, "2026-12-24").one("remind-evaluation");
    assert!(d.message.contains("2026年度评议考核应于12月底前完成"), "{}", d.message);
    // rules.remind_days changes how far ahead.
    site.edit(
        "site.yaml",
        "base_url: https://gongshi.example.cn",
        "base_url: https://gongshi.example.cn\nrules: {remind_days: 3}",
    );
    assert!(check_on(&site, "2026-12-11").diags().iter().all(|d| d.code != "remind-report"));
    check_on(&site, "2026-12-15").one("remind-report");
    // None of this is due on the fixture's day.
    assert_eq!(site.check_json().short(), Vec::<String>::new());
}

const URGENT: &str = "---
title: 12月3日9时至18时3号楼停水
kind: other
published: 2026-11-27
urgent: true
from: 2026-11-27 09:00
until: 2026-11-27 18:00
---
因管道抢修，3号楼停水。
";

#[test]
fn an_urgent_notice_has_hours_from_and_until() {
    let site = SiteTest::minimal();
    let rel = format!("{COMPOUND}/notices/2026-11-27-tingshui.md");
    site.write(&rel, URGENT);
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), Vec::<String>::new());
    build(&site).assert_code(0);
    // Until the alert band is wired, it is listed like any current notice.
    assert!(page(&site, &format!("{COMPOUND}/index.html")).contains("3号楼停水"));
    // Without `until`; with a date where a time is needed; in the wrong order.
    site.write(&rel, swap(URGENT, "until: 2026-11-27 18:00\n", ""));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error urgent-window {rel}:2:1")]);
    site.write(&rel, swap(URGENT, "from: 2026-11-27 09:00", "from: 2026-11-27"));
    assert_eq!(site.check_json().short(), [format!("error date-format {rel}:6:7")]);
    site.write(&rel, swap(URGENT, "until: 2026-11-27 18:00", "until: 2026-11-27 08:00"));
    assert_eq!(site.check_json().short(), [format!("error date-order {rel}:7:8")]);
    // `from` on an ordinary notice is a mistake.
    site.write(&rel, swap(URGENT, "urgent: true\n", ""));
    let short = site.check_json().short();
    assert!(short.contains(&format!("error urgent-window {rel}:5:7")), "{short:?}");
}

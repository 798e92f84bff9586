//! What residents need first (issue 13): whom to call and their own
//! problem at the top of the compound home, the full rosters on their own
//! page, a number to quote and a person to ask on each case, tap-to-call
//! duty phones inside Markdown, and the basics every site needs.

use crate::support::{COMPOUND, SiteTest, build};

/// Builds `site` and returns a page of its output.
fn page(site: &SiteTest, rel: &str) -> String {
    std::fs::read_to_string(site.root().join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn built(site: SiteTest) -> SiteTest {
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

/// Byte position of `needle` in `html`, which must contain it.
fn at(html: &str, needle: &str) -> usize {
    html.find(needle).unwrap_or_else(|| panic!("{needle:?} is not on the page"))
}

#[test]
fn home_opens_with_phones_then_open_cases_and_keeps_one_person_per_party() {
    let site = built(SiteTest::minimal());
    let home = page(&site, &format!("{COMPOUND}/index.html"));
    // Repair line, then one named person per party, each tap-to-call…
    let repair = at(&home, "href=\"tel:057188882333\"");
    for (name, tel) in
        [("周建华", "057188882101"), ("王建国", "057188881001"), ("陆文斌", "057188882201"), ("陈明", "057188882222")]
    {
        let person = at(&home, &format!("<b>{name}</b>"));
        assert!(home[person..].contains(&format!("href=\"tel:{tel}\"")), "{name}");
    }
    // …then the open cases and the current notices, before anything else.
    let open = at(&home, "id=\"open\"");
    let notices = at(&home, "id=\"notices\"");
    let pledges = at(&home, "id=\"pledges\"");
    assert!(repair < open && open < notices && notices < pledges, "order of the home");
    assert!(at(&home, "href=\"people/\"") < open, "the rosters are linked from the top");
    // Members without a phone, and the second person of a party, are left to the rosters page.
    for name in ["黄志强", "许丽萍", "赵强", "李红"] {
        assert!(!home.contains(&format!("<b>{name}</b>")), "{name} is on the home");
    }
    let people = page(&site, &format!("{COMPOUND}/people/index.html"));
    for name in ["黄志强", "许丽萍", "赵强", "李红", "孙晓燕", "王建国", "物业服务中心"] {
        assert!(people.contains(name), "{name} is not on the rosters page");
    }
    assert!(people.contains("<h1>责任人名单</h1>"));
}

#[test]
fn home_shows_open_cases_of_the_last_90_days_and_counts_the_older_ones() {
    let site = SiteTest::minimal();
    // Received long ago, not overdue, updated recently: left to the cases page.
    site.write(
        "lanting/lanyuan/cases/2026-003.md",
        "---\ntitle: 车库照明改造\nreceived: 2026-03-02\nlead: property_company\nstatus: in_progress\nupdates:\n  - {date: 2026-03-02, status: received, by: residents_committee}\n  - {date: 2026-11-25, status: in_progress, by: property_company, note: 已进场}\n---\n",
    );
    let site = built(site);
    let home = page(&site, &format!("{COMPOUND}/index.html"));
    assert!(!home.contains("车库照明改造"), "an older case on the home");
    assert!(home.contains("另有 1 个较早受理的问题仍在办理"), "no count of the older cases");
    let cases = page(&site, &format!("{COMPOUND}/cases/index.html"));
    assert!(cases.contains("车库照明改造"));
}

#[test]
fn community_page_lists_its_compounds_before_its_rosters() {
    let site = built(SiteTest::minimal());
    let community = page(&site, "lanting/index.html");
    assert!(at(&community, "href=\"lanyuan/\"") < at(&community, "中共兰亭社区委员会"));
}

#[test]
fn case_page_gives_its_number_and_whom_to_ask() {
    let site = built(SiteTest::minimal());
    let case = page(&site, &format!("{COMPOUND}/cases/2026-001/index.html"));
    assert!(case.contains("编号 <span class=\"nw\">2026-001</span>"), "no case number");
    let ask = &case[at(&case, "有疑问请联系")..];
    // The lead is the property company: its first named person with a phone,
    // whose number is the service line, so that line is not offered twice.
    assert!(ask.contains("<b>陈明</b>") && ask.contains("href=\"tel:057188882222\""), "{ask}");
    assert_eq!(ask.matches("href=\"tel:057188882222\"").count(), 1, "{ask}");
    let list = page(&site, &format!("{COMPOUND}/cases/index.html"));
    assert!(
        list.contains("编号 <span class=\"nw\">2026-001</span>") && list.contains("2026-002"),
        "no number in the list"
    );
}

#[test]
fn a_case_led_by_the_owners_committee_names_its_first_member_with_a_phone() {
    let site = SiteTest::minimal();
    site.edit("lanting/lanyuan/cases/2026-001.md", "lead: property_company", "lead: owners_committee");
    let site = built(site);
    let case = page(&site, &format!("{COMPOUND}/cases/2026-001/index.html"));
    let ask = &case[at(&case, "有疑问请联系")..];
    assert!(ask.contains("<b>陆文斌</b>") && ask.contains("href=\"tel:057188882201\""), "{ask}");
    assert!(ask.contains("物业服务电话") && ask.contains("href=\"tel:057188882222\""), "{ask}");
}

#[test]
fn only_declared_duty_phones_in_markdown_become_tel_links() {
    let site = SiteTest::minimal();
    let rel = "lanting/lanyuan/notices/2026-11-05-dianti.md";
    site.write(
        rel,
        format!(
            "{}\n施工期间如遇困难，请拨打 24 小时报修 0571-88882333 或社区 0571-88881000。\n\n施工单位合同编号 2026-1105-0001，金额 88881234 元。\n",
            site.read(rel)
        ),
    );
    let site = built(site);
    let notice = page(&site, &format!("{COMPOUND}/notices/2026-11-05-dianti/index.html"));
    let body = &notice[at(&notice, "<div class=\"md\">")..];
    let body = &body[..at(body, "</div>")];
    assert!(body.contains("<a class=\"tel\" href=\"tel:057188882333\">0571-88882333</a>"), "{body}");
    assert!(body.contains("<a class=\"tel\" href=\"tel:057188881000\">0571-88881000</a>"), "{body}");
    assert!(body.contains("<a class=\"tel\" href=\"tel:057188882201\">0571-88882201</a>"), "{body}");
    assert_eq!(body.matches("href=\"tel:").count(), 3, "{body}");
}

#[test]
fn site_basics_robots_404_favicon_and_a_description_on_every_phone_page() {
    let site = built(SiteTest::minimal());
    let out = site.root().join("public");
    let robots = page(&site, "robots.txt");
    assert!(robots.contains("Sitemap: https://gongshi.example.cn/sitemap.xml"), "{robots}");
    let favicon = std::fs::read(out.join("favicon.ico")).unwrap_or_default();
    assert!(favicon.starts_with(&[0, 0, 1, 0]) && favicon.len() < 2048, "favicon.ico: {} bytes", favicon.len());
    assert_eq!(std::fs::read(out.join("assets/favicon.ico")).ok(), Some(favicon));
    let missing = page(&site, "404.html");
    assert!(missing.contains("找不到这个页面"), "{missing}");
    // Served at any depth: absolute paths to the portal, search and style, none relative.
    for link in ["href=\"/\"", "href=\"/search/\"", "href=\"/assets/style.css\""] {
        assert!(missing.contains(link), "{link} in {missing}");
    }
    let mut pages = 0;
    for (rel, html) in crate::support::html_pages(&out) {
        if rel.contains("/kiosk/") || rel.ends_with("print.html") {
            continue;
        }
        pages += 1;
        let depth = if rel == "404.html" { "/".to_string() } else { "../".repeat(rel.matches('/').count()) };
        assert!(html.contains(&format!("<link rel=\"icon\" href=\"{depth}favicon.ico\"")), "{rel}: no icon");
        let description = html
            .split("<meta name=\"description\" content=\"")
            .nth(1)
            .and_then(|d| d.split('"').next())
            .unwrap_or_else(|| panic!("{rel}: no description"));
        assert!(description.chars().count() >= 20, "{rel}: {description}");
        assert!(!description.contains("{{") && !description.contains('<'), "{rel}: {description}");
    }
    assert!(pages > 10);
}

#[test]
fn base_url_in_a_folder_gives_the_404_page_that_folder() {
    let site = SiteTest::minimal();
    site.edit("site.yaml", "base_url: https://gongshi.example.cn", "base_url: https://example.cn/gongshi/");
    let site = built(site);
    let missing = page(&site, "404.html");
    assert!(missing.contains("href=\"/gongshi/search/\"") && missing.contains("href=\"/gongshi/assets/style.css\""));
    assert!(page(&site, "robots.txt").contains("Sitemap: https://example.cn/gongshi/sitemap.xml"));
}

#[test]
fn icp_number_is_in_every_phone_page_footer() {
    let site = SiteTest::minimal();
    site.edit("site.yaml", "title:", "icp: 浙ICP备2026000001号-1\ntitle:");
    let site = built(site);
    for (rel, html) in crate::support::html_pages(&site.root().join("public")) {
        if rel.contains("/kiosk/") || rel.ends_with("print.html") {
            continue;
        }
        let footer = &html[at(&html, "<footer>")..];
        assert!(
            footer.contains("<a href=\"https://beian.miit.gov.cn/\" rel=\"noopener\">浙ICP备2026000001号-1</a>"),
            "{rel}: {footer}"
        );
    }
}

#[test]
fn an_icp_value_that_is_not_a_filing_number() {
    let site = SiteTest::minimal();
    site.edit("site.yaml", "title:", "icp: 备案中\ntitle:");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), ["error site-icp site.yaml:1:6"]);
}

#[test]
fn feed_carries_meetings_with_cases_and_notices() {
    let site = built(SiteTest::minimal());
    let feed = page(&site, &format!("{COMPOUND}/feed.xml"));
    assert!(feed.contains("<id>https://gongshi.example.cn/lanting/lanyuan/meetings/2026-10-28/</id>"), "{feed}");
    assert!(feed.contains("<title>2026年10月28日 三方联席会议 · 例会</title>"), "{feed}");
    assert!(feed.contains("/cases/2026-001/") && feed.contains("/notices/2026-11-05-dianti/"), "{feed}");
}

/// The text of the page's share block, as a long press copies it.
fn share_text(html: &str) -> String {
    let p = &html[at(html, "<p class=\"share-text\">") + "<p class=\"share-text\">".len()..];
    let p = &p[..at(p, "</p>")];
    p.replace("<span class=\"nw\">", "").replace("</span>", "")
}

fn meta<'a>(html: &'a str, attr: &str) -> &'a str {
    let start = at(html, &format!("{attr} content=\"")) + attr.len() + " content=\"".len();
    &html[start..start + html[start..].find('"').unwrap_or(0)]
}

#[test]
fn case_notice_and_meeting_pages_carry_a_share_text_and_open_graph() {
    let site = built(SiteTest::minimal());
    let base = "https://gongshi.example.cn/lanting/lanyuan";
    for (rel, title, must) in [
        (
            "cases/2026-001",
            "3号楼电梯频繁停运",
            vec!["编号 2026-001 · 办理中", "受理日期：2026年10月20日", "承诺办结时限：2026年12月20日"],
        ),
        (
            "notices/2026-11-05-dianti",
            "关于使用住宅专项维修资金维修3号楼电梯的公示",
            vec!["公示期：2026年11月5日 至 2026年11月20日（公示期已结束）", "金额：68,000 元"],
        ),
        ("meetings/2026-10-28", "2026年10月28日 例会", vec!["【兰苑小区 · 三方联席会议】"]),
    ] {
        let html = page(&site, &format!("{COMPOUND}/{rel}/index.html"));
        let text = share_text(&html);
        let url = format!("{base}/{rel}/");
        assert!(text.chars().count() <= 300, "{rel}: {} characters", text.chars().count());
        assert!(text.ends_with(&url), "{rel}: {text}");
        assert!(text.contains(title), "{rel}: {text}");
        for m in must {
            assert!(text.contains(m), "{rel}: {m:?} not in {text}");
        }
        assert!(html.contains("<h2 id=\"share\">转发到微信群</h2>"), "{rel}");
        assert_eq!(meta(&html, "property=\"og:title\""), title, "{rel}");
        assert_eq!(meta(&html, "property=\"og:url\""), url, "{rel}");
        let description = meta(&html, "name=\"description\"");
        assert_eq!(meta(&html, "property=\"og:description\""), description, "{rel}");
        assert!(description.contains(title) && !description.contains("https://"), "{rel}: {description}");
    }
}

#[test]
fn a_share_text_never_exceeds_300_characters_and_keeps_its_address() {
    let site = SiteTest::minimal();
    let long = "12号楼顶层楼道雨天渗水并且外墙空鼓脱落".repeat(30);
    site.edit("lanting/lanyuan/cases/2026-001.md", "title: 3号楼电梯频繁停运", &format!("title: {long}"));
    let site = built(site);
    let html = page(&site, &format!("{COMPOUND}/cases/2026-001/index.html"));
    let text = share_text(&html);
    assert!(text.chars().count() <= 300, "{} characters: {text}", text.chars().count());
    assert!(text.ends_with("https://gongshi.example.cn/lanting/lanyuan/cases/2026-001/"), "{text}");
    assert!(text.contains("编号 2026-001") && text.contains('…'), "{text}");
}

#[test]
fn each_notice_has_an_a4_poster_with_its_qr_code_period_and_signature() {
    let site = built(SiteTest::minimal());
    let poster = page(&site, &format!("{COMPOUND}/notices/2026-11-05-dianti/print.html"));
    let url = "https://gongshi.example.cn/lanting/lanyuan/notices/2026-11-05-dianti/";
    assert!(poster.contains("<svg class=\"qr\"") && poster.contains(&format!("aria-label=\"{url}\"")));
    assert!(poster.contains(&format!("<p class=\"url\">{url}</p>")));
    for s in [
        "<h1>关于使用住宅专项维修资金维修3号楼电梯的公示</h1>",
        "<dt>公示截止</dt><dd class=\"nw\">2026年11月20日</dd>",
        "<dd class=\"nw\">68,000 元</dd>",
        "<p class=\"signed\">特此公示。</p>",
        "<p class=\"sign\">兰苑小区<br><span class=\"nw\">2026年11月5日</span></p>",
        "截至 <span class=\"nw\">2026年11月27日</span>",
        "assets/poster.css",
    ] {
        assert!(poster.contains(s), "{s} not in the poster");
    }
    let notice = page(&site, &format!("{COMPOUND}/notices/2026-11-05-dianti/index.html"));
    assert!(notice.contains("<a class=\"more\" href=\"print.html\">打印 A4 公示</a>"));
    assert!(site.root().join("public/assets/poster.css").is_file());
}

//! A site full of untrusted text: script, event handlers, `javascript:`
//! links and template syntax in every field and body residents see. The
//! static scan (fast tier) and the Chromium oracle (browser tier) both read it.

use super::{NEW_CASE, SiteTest};

pub const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=9></svg>",
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "<a href=\"javascript:alert(1)\">a1</a>",
    "[p6](javascript:alert(1))",
    "[p7](JaVaScRiPt:alert(1))",
    "[p8](< javascript:alert(1)>)",
    "[p9](&#106;avascript:alert(1))",
    "[p10](java&#x09;script:alert(1))",
    "<javascript:alert(1)>",
    "[p12](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[p13](vbscript:msgbox(1))",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<form><button formaction=javascript:alert(1)>p15</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "![p21](javascript:alert(1))",
    "[p22][evil]\n\n[evil]: javascript:alert(1)",
    "<object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(1)\">",
    "{{ get_env(name=\"HOME\") }} {% raw %}x{% endraw %}",
];

/// The same tricks in YAML string fields (quoted for YAML, not for HTML).
pub const FIELD: &str = "<img src=x onerror=alert(2)>\\\" onmouseover=\\\"alert(3)\\\" {{ get_env(name='HOME') }}";

/// The minimal site with [`PAYLOADS`] in every body and [`FIELD`] in every text field.
pub fn payload_site() -> SiteTest {
    let site = SiteTest::minimal();
    let body = PAYLOADS.join("\n\n");
    let case = format!(
        "---\ntitle: \"{FIELD}\"\nkind: daily\ncategory: \"{FIELD}\"\nchannel: \"{FIELD}\"\nreceived: 2026-11-20\nlocation: \"{FIELD}\"\nlead: property_company\nopinion: {{date: 2026-11-21, text: \"{FIELD}\"}}\nstatus: in_progress\nupdates:\n  - {{date: 2026-11-20, status: received, by: residents_committee, note: \"{FIELD}\"}}\n  - {{date: 2026-11-21, status: in_progress, by: property_company, note: \"{FIELD}\"}}\n---\n{body}\n"
    );
    site.write(NEW_CASE, case);
    let notice = "lanting/lanyuan/notices/2026-11-05-dianti.md";
    let text = site.read(notice);
    site.write(notice, format!("{text}\n{body}\n"));
    let meeting = "lanting/lanyuan/meetings/2026-10-28.md";
    let text = site.read(meeting);
    site.write(meeting, format!("{text}\n{body}\n"));
    // The same in the YAML of every other kind of file residents see.
    site.edit(notice, "title: 关于使用住宅专项维修资金维修3号楼电梯的公示", &format!("title: \"{FIELD}\""));
    site.edit(meeting, "topics: [3号楼电梯检修]", &format!("topics: [\"{FIELD}\"]\nobservers: [\"{FIELD}\"]"));
    site.edit(meeting, "{text: 物业12月20日前完成电梯检修,", &format!("{{text: \"{FIELD}\","));
    let compound = "lanting/lanyuan/compound.yaml";
    site.edit(compound, "address: 幸福路88号", &format!("address: \"{FIELD}\""));
    site.edit(compound, "name: 杭州兰庭物业服务有限公司", &format!("name: \"{FIELD}\""));
    site.edit(
        compound,
        "{name: 黄志强, position: 副主任,",
        &format!("{{name: 黄志强, position: \"{FIELD}\", duties: [\"{FIELD}\"],"),
    );
    let pledges = "lanting/lanyuan/pledges/2026.yaml";
    site.edit(pledges, "  - 每月组织一次小区环境巡查", &format!("  - \"{FIELD}\""));
    site
}

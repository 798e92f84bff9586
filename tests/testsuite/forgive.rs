//! Forgiving where it is safe: dates as Excel and Chinese input mode write
//! them, and every independent mistake of a file reported in one run.

use crate::support::{CASE, NEW_CASE, SiteTest, build, swap};

fn with_case(text: impl AsRef<[u8]>) -> SiteTest {
    let site = SiteTest::minimal();
    site.write(NEW_CASE, text);
    site
}

#[test]
fn dates_written_with_slashes_dots_or_full_width_digits_are_accepted_and_normalised() {
    let text = swap(CASE, "received: 2026-11-20", "received: 2026/11/20");
    let text = swap(&text, "{date: 2026-11-20,", "{date: 2026.11.20,");
    let text = swap(&text, "status: received\n", "status: received\ndue: ２０２６年１２月５日\n");
    let site = with_case(text);
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), Vec::<String>::new(), "accepted dates are not noise");
    build(&site).assert_code(0);
    let page = std::fs::read_to_string(site.root().join("public/lanting/lanyuan/cases/2026-003/index.html"))
        .unwrap_or_default();
    // Printed the one way every date is printed, and machine-readable as ISO.
    assert!(page.contains("受理日期</dt><dd><span class=\"nw\">2026年11月20日"), "{page}");
    assert!(page.contains("2026年12月5日") && page.contains("data-after=\"2026-12-05\""), "{page}");
    assert!(!page.contains("2026/11/20") && !page.contains("2026.11.20") && !page.contains("２０２６"), "{page}");
}

#[test]
fn impossible_dates_in_any_accepted_form_stay_errors_with_the_formats() {
    let text = swap(CASE, "received: 2026-11-20", "received: 2026/13/5");
    let text = swap(&text, "status: received\n", "status: received\ndue: 2026.2.30\n");
    let text = swap(&text, "{date: 2026-11-20,", "{date: 5/11/2026,");
    let run = with_case(text).check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [
            format!("error date-impossible {NEW_CASE}:3:11"),
            format!("error date-impossible {NEW_CASE}:6:6"),
            format!("error date-format {NEW_CASE}:8:12"),
        ]
    );
    for d in run.diags() {
        let hint = d.hint.unwrap_or_default();
        assert!(hint.contains("2026/11/5") && hint.contains("2026年11月5日"), "{hint}");
    }
}

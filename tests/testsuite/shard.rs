//! Sharding a city build by community (`build --community`): a shard
//! renders its communities and the street's pages, and carries every other
//! community's published files over untouched; shards built one by one
//! publish what one full build does.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use crate::support::{AS_OF, EPOCH, Run, SiteTest, build_into, example, gongshi, tree};

/// `gongshi build --community <slug>` of `site` into `out`.
fn build_shard(site: &SiteTest, out: &Path, slug: &str) -> Run {
    let root = site.root().to_string_lossy().into_owned();
    let out = out.to_string_lossy().into_owned();
    let o = gongshi()
        .args(["build", "--root", &root, "--out", &out, "--as-of", AS_OF, "--community", slug])
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap_or_else(|e| panic!("cannot run gongshi: {e}"));
    Run::from_output(&o, None)
}

/// Each file under `dir/prefix` with its modification time.
fn mtimes(dir: &Path, prefix: &str) -> BTreeMap<String, SystemTime> {
    tree(dir)
        .into_keys()
        .filter(|k| k.starts_with(prefix))
        .map(|k| {
            let t = std::fs::metadata(dir.join(&k)).and_then(|m| m.modified()).unwrap_or_else(|e| panic!("{k}: {e}"));
            (k, t)
        })
        .collect()
}

fn only(t: &BTreeMap<String, Vec<u8>>, prefix: &str) -> BTreeMap<String, Vec<u8>> {
    t.iter().filter(|(k, _)| k.starts_with(prefix)).map(|(k, v)| (k.clone(), v.clone())).collect()
}

const NEW_CASE: &str = "yangguang/lanyuan/cases/2026-099.md";

#[test]
fn a_shard_rewrites_its_community_and_the_street_and_leaves_the_others_alone() {
    let site = example();
    let out = site.root().join("public");
    build_into(&site, &out).assert_code(0);
    let before = tree(&out);
    let hepingli = mtimes(&out, "hepingli/");
    assert!(hepingli.len() > 20, "hepingli has its pages");
    // A new case in yangguang: its pages, the street's counts and registers change.
    let case = site
        .read("yangguang/lanyuan/cases/2026-003.md")
        .replace("中心花园晚间广场舞音响噪音扰民", "分片生成新增的案件");
    site.write(NEW_CASE, case);
    std::thread::sleep(std::time::Duration::from_millis(20));
    build_shard(&site, &out, "yangguang").assert_code(0);
    let after = tree(&out);
    assert!(only(&after, "hepingli/") == only(&before, "hepingli/"), "hepingli's files are byte-identical");
    assert_eq!(mtimes(&out, "hepingli/"), hepingli, "hepingli's files were not rewritten");
    let page = String::from_utf8_lossy(&after["yangguang/lanyuan/cases/2026-099/index.html"]).into_owned();
    assert!(page.contains("分片生成新增的案件"), "the shard's edit is published");
    assert_ne!(after["index.html"], before["index.html"], "the street portal shows the new count");
    // Exactly what a full build of the edited content publishes.
    let full = site.root().join("full");
    build_into(&site, &full).assert_code(0);
    assert!(after == tree(&full), "the sharded output equals a full build");
}

#[test]
fn shards_built_one_by_one_publish_what_a_full_build_does() {
    let site = example();
    let out = site.root().join("sharded");
    build_shard(&site, &out, "hepingli").assert_code(0);
    let first = tree(&out);
    assert!(first.keys().any(|k| k.starts_with("hepingli/")) && !first.keys().any(|k| k.starts_with("yangguang/")));
    build_shard(&site, &out, "yangguang").assert_code(0);
    let full = site.root().join("full");
    build_into(&site, &full).assert_code(0);
    let (sharded, whole) = (tree(&out), tree(&full));
    assert_eq!(sharded.keys().collect::<Vec<_>>(), whole.keys().collect::<Vec<_>>());
    for (k, v) in &whole {
        assert!(sharded[k] == *v, "{k} differs from the full build's");
    }
}

#[test]
fn an_unknown_community_is_a_usage_error_naming_the_known_ones() {
    let site = example();
    let r = build_shard(&site, &site.root().join("public"), "nosuch");
    r.assert_code(2);
    assert!(r.stderr.contains("content/ 里没有社区 nosuch"), "{}", r.stderr);
    assert!(r.stderr.contains("hepingli, yangguang"), "{}", r.stderr);
    assert!(!site.root().join("public").exists(), "nothing was written");
}

#[test]
fn a_shard_with_a_content_error_leaves_the_published_site_untouched() {
    let site = example();
    let out = site.root().join("public");
    build_into(&site, &out).assert_code(0);
    let before = tree(&out);
    let all = mtimes(&out, "");
    site.write(NEW_CASE, "---\ntitle: 没有其他字段\n---\n");
    build_shard(&site, &out, "yangguang").assert_code(1);
    assert!(tree(&out) == before, "the published site is byte-identical");
    assert_eq!(mtimes(&out, ""), all, "and not one file was rewritten");
}

#[test]
fn a_shard_without_the_build_cache_carries_other_communities_attachments_as_they_are() {
    // An attachment is published as is and the gate reads only its path, so
    // a phone number inside a text attachment is the committee's decision.
    // A shard on a fresh machine (the shared output, no build cache) must
    // know it is an attachment too, or it would refuse the carried file.
    let site = example();
    let attachment = "hepingli/jinxiu/attachments/维修联系人.txt";
    site.write(attachment, "维修联系人：物业工程部，电话 13858007764\n");
    let notice = "hepingli/jinxiu/notices/2026-11-18-huanjie-houxuanren.md";
    let listed = "attachments: [attachments/第二届业主委员会委员候选人名单.pdf";
    site.write(notice, site.read(notice).replace(listed, &format!("{listed}, attachments/维修联系人.txt")));
    let out = site.root().join("public");
    build_into(&site, &out).assert_code(0);
    let published = tree(&out);
    assert!(published.contains_key(attachment), "the attachment is published");
    let cache = site.root().join(".public.gongshi/build-cache");
    assert!(cache.is_file(), "the full build left its cache at {}", cache.display());
    std::fs::remove_file(&cache).unwrap_or_else(|e| panic!("{}: {e}", cache.display()));
    build_shard(&site, &out, "yangguang").assert_code(0);
    assert!(tree(&out)[attachment] == published[attachment], "the attachment is carried byte for byte");
}

/// `serve --community` previews one community: it rebuilds that community
/// and the street's pages on every edit and carries the others' published
/// pages as they are, so an edit elsewhere reaches the street's counts but
/// not the other community's own pages until a build renders it.
#[cfg(feature = "serve")]
#[test]
fn serve_with_a_community_renders_that_community_and_carries_the_others() {
    let site = example();
    build_into(&site, &site.root().join("public")).assert_code(0);
    let hepingli_case = "hepingli/jinxiu/cases/2026-004.md";
    let mut s = crate::support::served::start_with(site, "serve", &["--community", "yangguang"]);
    s.wait_for("the first build", std::time::Duration::from_secs(60), |s| s.builds() >= 1);
    let ours = s
        .site
        .read("yangguang/lanyuan/cases/2026-003.md")
        .replace("中心花园晚间广场舞音响噪音扰民", "预览社区的新标题");
    let theirs = s.site.read(hepingli_case).replace("地下车库顶板多处渗水", "别的社区的新标题");
    // The other community's edit first: the build that serves ours has seen it.
    s.site.write(hepingli_case, theirs);
    s.site.write("yangguang/lanyuan/cases/2026-003.md", ours);
    s.wait_for("the edit to be served", std::time::Duration::from_secs(60), |s| {
        s.get("yangguang/lanyuan/cases/2026-003/").body.contains("预览社区的新标题")
    });
    let other = s.get("hepingli/jinxiu/cases/2026-004/");
    assert_eq!(other.status, 200, "the other community's page is still served");
    assert!(other.body.contains("地下车库顶板多处渗水"), "the other community's page is carried as published");
    assert!(!other.body.contains("别的社区的新标题"), "the other community is not rendered by this preview");
}

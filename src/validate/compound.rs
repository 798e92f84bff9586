//! A compound: its `compound.yaml`, everything in its folder, and its attachments.

use std::collections::HashSet;

use super::case::case;
use super::meeting::meeting;
use super::notice::notice;
use super::people::{contact, person, roster, term};
use super::values::{Cx, NameKind};
use super::yearly::{evaluation, pledge_year};
use super::{Env, links, rules};
use pulldown_cmark::{Event, Parser, Tag};

use super::Sources;
use crate::diag::{Code, Diagnostic, Loc, Severity, Text, diag};
use crate::load::raw::Str;
use crate::load::{self, LoadedCompound};
use crate::model::*;
use crate::url::{UrlKind, classify, percent_decode_lossy};

pub(super) fn compound(
    env: &Env,
    p: LoadedCompound,
    community_names: &[String],
) -> (Option<Compound>, Vec<Diagnostic>) {
    let mut cx = Cx::new(env.sources, env.allowed, env.register);
    cx.scan_name(&p.slug, p.dir, NameKind::Compound);
    let Some(doc) = &p.file else {
        if p.has_unparsed_file() {
            return (None, cx.diags);
        }
        cx.push(diag!(CompoundMissing at Loc::File(p.dir);
                "小区文件夹里缺少 compound.yaml", "compound.yaml is missing";
                hint "在这个文件夹里建 compound.yaml，至少写 name 和 property_company。",
                     "Create compound.yaml with name and property_company."));
        return (None, cx.diags);
    };
    let r = &doc.raw;
    let name = r.name.as_ref().map(|n| cx.text(n));
    let households = cx.number(&r.households, "households", "812");
    let owners = match (&r.owners_committee, &r.self_management) {
        (Some(o), Some(s)) => {
            cx.push(
                diag!(CompoundOwnersTwice at s.span;
                    "owners_committee 和 self_management 只能写一个", "write owners_committee or self_management, not both";
                    hint "有业主委员会的写 owners_committee；没有的写 self_management（物业自管组织）。", "Keep the one that exists."),
            );
            Some((Party::OwnersCommittee, roster(&mut cx, o)))
        }
        (Some(o), None) => Some((Party::OwnersCommittee, roster(&mut cx, o))),
        (None, Some(s)) => Some((Party::SelfManagement, roster(&mut cx, s))),
        (None, None) => None,
    };
    let company = r.property_company.as_ref().map(|co| Company {
        name: co.name.as_ref().map(|n| cx.text(n)).unwrap_or_default(),
        service_phone: cx.phone(&co.service_phone),
        repair_phone: cx.phone(&co.repair_phone),
        contract: co.contract.as_ref().and_then(|t| term(&mut cx, t)),
        members: co.members.iter().filter_map(|m| person(&mut cx, m)).collect(),
        quality_supervisor: co.quality_supervisor.as_ref().and_then(|m| person(&mut cx, m)),
    });
    let joint =
        r.joint_meeting.as_ref().map(|j| Joint { convener: cx.opt_text(&j.convener), members: cx.texts(&j.members) });
    let contacts = r.contacts.iter().map(|k| contact(&mut cx, k)).collect();
    let party_org = r.compound_party_org.as_ref().map(|x| roster(&mut cx, x));

    let mut cases: Vec<Case> = p.cases.iter().filter_map(|d| case(&mut cx, env, d, &p.attachments)).collect();
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    // Every case file counts, even one with errors: its own diagnostics say
    // what is wrong, and a reference to it is not a second mistake.
    let case_ids: HashSet<&str> = p
        .cases
        .iter()
        .map(|d| d.stem.as_str())
        .chain(p.unparsed.iter().filter(|(f, _)| *f == "cases").map(|(_, s)| s.as_str()))
        .collect();
    let mut meetings: Vec<Meeting> =
        p.meetings.iter().filter_map(|d| meeting(&mut cx, d, &case_ids, &p.attachments)).collect();
    meetings.sort_by(|a, b| (a.date, &a.stem).cmp(&(b.date, &b.stem)));
    let mut notices: Vec<Notice> = p.notices.iter().filter_map(|d| notice(&mut cx, d, &p)).collect();
    notices.sort_by(|a, b| (b.published, &b.stem).cmp(&(a.published, &a.stem)));
    let mut pledges: Vec<PledgeYear> = p.pledges.iter().filter_map(|d| pledge_year(&mut cx, d)).collect();
    pledges.sort_by_key(|y| std::cmp::Reverse(y.year));
    let mut evaluations: Vec<Evaluation> = p.evaluations.iter().filter_map(|d| evaluation(&mut cx, d)).collect();
    evaluations.sort_by_key(|y| std::cmp::Reverse(y.year));
    for a in &p.attachments {
        attachment_file(&mut cx, a);
    }
    // Only what a page links to is published: a residents' list saved in
    // attachments/ by mistake stays on the staff member's machine.
    let used = referenced_attachments(cx.sources, &p);
    // While a reference is broken, or a file that may hold one did not
    // parse, it may be the one meant for an unlinked file: that error comes
    // first, an "unused" warning would mislead. (The build fails anyway.)
    let broken_ref = !p.unparsed.is_empty()
        || cx.diags.iter().any(|d| matches!(d.code, Code::AttachmentPath | Code::AttachmentMissing));
    let attachments: Vec<AttachmentFile> = p
        .attachments
        .iter()
        .filter(|a| {
            let is_used = used.contains(a.rel.as_str());
            // A file with an error of its own (refused type, a phone in its
            // name) is reported once, by that error.
            let has_error =
                cx.diags.iter().any(|d| d.severity == Severity::Error && d.loc.map(Loc::file) == Some(a.file));
            if !is_used && !broken_ref && !has_error {
                cx.push(unused_attachment(a));
            }
            is_used
        })
        .map(|a| AttachmentFile { rel: a.rel.clone(), path: a.path.clone() })
        .collect();
    let Some(company) = company else { return (None, cx.diags) };
    let mut c = Compound {
        slug: p.slug.clone(),
        name: name.unwrap_or_default(),
        address: cx.opt_text(&r.address),
        households,
        party_org,
        owners,
        company,
        joint,
        contacts,
        pledges,
        cases,
        meetings,
        notices,
        evaluations,
        attachments,
        findings: Vec::new(),
    };
    rules::compound(&mut cx, (env.as_of, env.rules, community_names), &mut c, &p);
    super::evaluation::rules(&mut cx, env.as_of, env.rules, &mut c, &p);
    (Some(c), cx.diags)
}

/// The attachment types that are published: documents and pictures that a
/// phone opens without running anything. An allow-list, because every type
/// a static server sends as HTML or script (`.shtml`, `.xht`, `.svg` …) is
/// one too many, and new ones keep being found.
const ALLOWED_TYPES: &[&str] =
    &["pdf", "jpg", "jpeg", "png", "webp", "gif", "docx", "xlsx", "pptx", "odt", "ods", "txt", "csv"];

fn extension(rel: &str) -> String {
    rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

/// The first bytes every file of an image type starts with. Written out
/// rather than taken from a file-type crate: four signatures, and no crate
/// is needed to compare them.
fn image_signature_ok(ext: &str, head: &[u8]) -> Option<bool> {
    Some(match ext {
        "png" => head.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpg" | "jpeg" => head.starts_with(&[0xFF, 0xD8, 0xFF]),
        "gif" => head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a"),
        "webp" => head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP",
        _ => return None,
    })
}

/// Rejects attachment types outside the allow-list, images that are not
/// what their name says, and oversized files.
pub(super) fn attachment_file(cx: &mut Cx, a: &load::Attachment) {
    let ext = extension(&a.rel);
    if !ALLOWED_TYPES.contains(&ext.as_str()) {
        cx.push(diag!(AttachmentType at Loc::File(a.file);
                format!("不允许的附件类型 .{ext}"), format!("attachment type .{ext} is not allowed");
                hint "附件只能是 PDF、图片（jpg、png、webp、gif）、Office 文档（docx、xlsx、pptx、odt、ods）或 txt、csv。网页、脚本和 SVG 可能在居民手机上执行代码，请另存为 PDF 或图片。",
                     "Attachments may be PDF, images (jpg, png, webp, gif), office documents (docx, xlsx, pptx, odt, ods), txt or csv. Save web pages, scripts and SVG as PDF or an image."));
    } else if let Some(false) = image_signature_ok(&ext, &file_head(&a.path)) {
        cx.push(diag!(AttachmentContent at Loc::File(a.file);
                format!("这个文件名是 .{ext}，内容却不是 {} 图片", ext.to_ascii_uppercase()),
                format!("named .{ext}, but the content is not a {} image", ext.to_ascii_uppercase());
                hint "用看图软件打开后重新另存为 JPG 或 PNG；不要只改扩展名。",
                     "Open it in an image viewer and save it again as JPG or PNG; do not just rename it."));
    }
    let size = a.len.unwrap_or(0);
    if size > load::MAX_ATTACHMENT_BYTES {
        cx.push(
            diag!(AttachmentTooLarge at Loc::File(a.file);
                format!("附件过大（{} MB，上限 20 MB）", size / (1024 * 1024)),
                format!("attachment too large ({} MiB, at most 20)", size / (1024 * 1024));
                hint "压缩图片或把 PDF 另存为“最小文件大小”。居民多用手机流量查看。", "Compress it; residents read on mobile data."),
        );
    }
    let name = a.rel.rsplit('/').next().unwrap_or_default();
    cx.scan_name(name, a.file, NameKind::Attachment);
}

/// The first bytes of a file, for its signature; empty when it cannot be
/// read (the copy at publishing then reports why).
fn file_head(path: &std::path::Path) -> Vec<u8> {
    use std::io::Read as _;
    let mut head = Vec::with_capacity(12);
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(12).read_to_end(&mut head);
    }
    head
}

/// Attachments named by a notice's `attachments:` or linked from any body
/// (case, meeting, notice) of the compound, as `attachments/…` paths.
fn referenced_attachments<'a>(sources: Sources<'a>, p: &'a LoadedCompound) -> HashSet<String> {
    let mut used: HashSet<String> =
        p.notices.iter().flat_map(|n| n.raw.attachments.iter().map(|a| a.value.trim().to_string())).collect();
    let bodies = p
        .cases
        .iter()
        .map(|d| (d.file, d.body_at))
        .chain(p.meetings.iter().map(|d| (d.file, d.body_at)))
        .chain(p.notices.iter().map(|d| (d.file, d.body_at)));
    for (file, at) in bodies {
        let body = sources.get(file).text.get(at..).unwrap_or_default();
        for event in Parser::new_ext(body, crate::render::markdown::options()) {
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
                && classify(&dest_url) == UrlKind::Relative
            {
                let target = dest_url.split(['#', '?']).next().unwrap_or_default();
                used.insert(percent_decode_lossy(target));
            }
        }
    }
    used
}

fn unused_attachment(a: &load::Attachment) -> Diagnostic {
    diag!(AttachmentUnused at Loc::File(a.file);
        format!("附件 {} 没有被任何公告或正文引用，不会发布", a.rel),
        format!("no notice or page refers to {}; it is not published", a.rel);
        hint "要公开，就在公告的 attachments: 里列出，或在正文里写 [标题](attachments/文件名)。不公开的文件（如居民名单）请移出 attachments/ 文件夹。",
             "List it under a notice's attachments: or link it from a body. Move files that are not for the public out of attachments/.")
}

/// A Markdown body: scanned for personal information, its links and images checked.
pub(super) fn body_of(
    cx: &mut Cx,
    file: crate::diag::FileId,
    body_at: usize,
    attachments: &[load::Attachment],
) -> String {
    let text = &cx.sources.get(file).text;
    let body = text.get(body_at..).unwrap_or_default().to_string();
    cx.scan_markdown(&body, file, body_at);
    links::check(cx, file, &body, body_at, attachments);
    body
}

/// An attachment reference must name a file under this compound's `attachments/`.
pub(super) fn attachment_ref(cx: &mut Cx, a: &Str, p: &LoadedCompound) -> Option<String> {
    let v = a.value.trim();
    let decoded = v.replace("%2e", ".").replace("%2E", ".").replace("%2f", "/").replace("%2F", "/");
    let escapes = decoded.starts_with('/')
        || decoded.contains('\\')
        || decoded.split('/').any(|seg| seg == ".." || seg == ".")
        || decoded.as_bytes().get(1) == Some(&b':')
        || decoded.contains("://");
    if escapes {
        cx.push(
            diag!(AttachmentPath at a.span;
                "附件路径不能跳出小区文件夹", "attachment paths must stay inside the compound folder";
                hint "把文件放进本小区的 attachments/ 文件夹，写成 attachments/文件名.pdf（用正斜杠 /，不要 ..、盘符或绝对路径）。",
                     "Put the file in attachments/ and write attachments/name.pdf."),
        );
        return None;
    }
    if !p.attachments.iter().any(|x| x.rel == v) {
        let name = v.rsplit('/').next().unwrap_or(v);
        let near = p.attachments.iter().find(|x| x.rel.ends_with(name)).map(|x| x.rel.clone());
        let hint = match near {
            Some(n) => Text::new(format!("是不是 `{n}`？"), format!("did you mean `{n}`?")),
            None => Text::new(
                "检查文件是否放在本小区的 attachments/ 里、名字是否一字不差（符号链接不算）。",
                "Check the file is in this compound's attachments/ with exactly this name (links do not count).",
            ),
        };
        cx.push(
            diag!(AttachmentMissing at a.span;
                format!("找不到附件 {v}"), format!("attachment not found: {v}"))
            .hint(hint),
        );
        return None;
    }
    Some(v.to_string())
}

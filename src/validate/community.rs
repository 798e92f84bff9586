//! A community: its `community.yaml`, and its compounds validated in parallel.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::compound::compound;
use super::notice::notice;
use super::people::{contact, roster};
use super::values::Cx;
use super::{CommunityResult, Env, ValidatedCompound, compound_key, inspection, report, rules};
use crate::diag::{Code, Diagnostic, FileId, Loc, SourceFile, diag};
use crate::load::LoadedCommunity;
use crate::load::raw;
use crate::model::*;

pub(super) fn community(env: &Env, c: LoadedCommunity) -> CommunityResult {
    let mut cx = Cx::new(env.sources, env.allowed, env.register);
    let LoadedCommunity { slug, dir, file, compounds, notices, file_unparsed, reports, inspections } = c;
    cx.scan_name(&slug, dir, super::values::NameKind::Community);
    let names = file.as_ref().map(|d| roster_names(&d.raw)).unwrap_or_default();
    let compounds: Vec<(String, ValidatedCompound)> = compounds
        .into_par_iter()
        .map(|mut p| {
            let key = format!("{slug}/{}", p.slug);
            // Keyed before the compound's folders are read: an unchanged
            // compound's are not read at all.
            let fp = compound_key(env, &p, &names);
            match env.cache.get(&key) {
                Some(v) if v.inputs == fp => (key, v.clone()),
                _ => {
                    let read = p.read_deferred();
                    let env = Env { sources: env.sources.with(&read.sources), ..*env };
                    let (model, mut diags) = compound(&env, p, &names);
                    diags.splice(0..0, read.diags);
                    let sources = keep_shown(read.sources, &diags);
                    (key, ValidatedCompound { inputs: fp, model: model.map(Arc::new), diags, sources })
                }
            }
        })
        .collect();
    let sources = compounds.iter().flat_map(|(_, v)| v.sources.iter().cloned()).collect();
    let mut list = Vec::new();
    // A community.yaml that is there but unreadable has a roster nobody can
    // be said to be missing from.
    let roster_unread = file.is_none() && file_unparsed;
    for (_, v) in &compounds {
        cx.diags.extend(v.diags.iter().filter(|d| !(roster_unread && d.code == Code::RefPerson)).cloned());
        list.extend(v.model.clone());
    }
    let Some(doc) = file else {
        if file_unparsed {
            return CommunityResult { model: None, diags: cx.diags, compounds, sources };
        }
        cx.push(diag!(CommunityMissing at Loc::File(dir);
                "社区文件夹里缺少 community.yaml", "community.yaml is missing";
                hint "在这个文件夹里建 community.yaml，至少写 name 和 residents_committee。",
                     "Create community.yaml with name and residents_committee."));
        return CommunityResult { model: None, diags: cx.diags, compounds, sources };
    };
    let r = &doc.raw;
    let name = r.name.as_ref().map(|n| cx.text(n));
    let party_org = r.party_org.as_ref().map(|x| roster(&mut cx, x));
    let residents_committee = r.residents_committee.as_ref().map(|x| roster(&mut cx, x));
    let env_committee = r.env_committee.as_ref().map(|x| roster(&mut cx, x));
    let contacts = r.contacts.iter().map(|k| contact(&mut cx, k)).collect();
    let notices = community_notices(&mut cx, &notices);
    let mut c = Community {
        slug,
        name: name.unwrap_or_default(),
        party_org,
        residents_committee: residents_committee.unwrap_or_default(),
        env_committee,
        contacts,
        compounds: list,
        findings: Vec::new(),
        notices,
        reports: report::narratives(&mut cx, &reports),
        inspections: Vec::new(),
    };
    c.inspections = inspection::inspections(&mut cx, &inspections, c.env_committee.as_ref(), &c.compounds);
    rules::community(&mut cx, env.rules, &mut c, doc.file, r);
    report::deadline(&mut cx, &mut c.findings, env.as_of, &c.name, &reports, dir);
    inspection::rules(&mut cx, env.as_of, &mut c, &inspections, dir);
    CommunityResult { model: Some(c), diags: cx.diags, compounds, sources }
}

/// `<community>/notices/`: urgent notices for all the community's compounds.
/// They have no attachments (those belong to a compound's folder).
fn community_notices(cx: &mut Cx, docs: &[crate::load::MdDoc<raw::RawNotice>]) -> Vec<Notice> {
    let none = crate::load::LoadedCompound::default();
    let mut out = Vec::new();
    for d in docs {
        let Some(n) = notice(cx, d, &none) else { continue };
        if n.urgent.is_none() {
            cx.push(diag!(FileUnexpected at Loc::File(d.file);
                    "社区文件夹的 notices/ 只放紧急通知（urgent: true），这条公示不会发布",
                    "a community's notices/ holds urgent notices (urgent: true) only; this one is not published";
                    hint "普通公示请放进小区文件夹的 notices/。",
                         "Put regular notices in a compound's notices/ folder."));
            continue;
        }
        out.push(n);
    }
    out.sort_by(|a, b| (b.published, &b.stem).cmp(&(a.published, &a.stem)));
    out
}

/// Names on the community's rosters, which joint meetings may draw on.
/// The files read for one compound, as the site's source map keeps them:
/// whole where a diagnostic points (its snippet is shown), shed elsewhere.
fn keep_shown(read: HashMap<FileId, Arc<SourceFile>>, diags: &[Diagnostic]) -> Vec<(FileId, Arc<SourceFile>)> {
    let shown: HashSet<FileId> =
        diags.iter().flat_map(|d| d.loc.iter().chain(d.note.iter().map(|(l, _)| l))).map(|l| l.file()).collect();
    read.into_iter().map(|(id, f)| if shown.contains(&id) { (id, f) } else { (id, Arc::new(f.shed())) }).collect()
}

pub(super) fn roster_names(r: &raw::RawCommunity) -> Vec<String> {
    [&r.party_org, &r.residents_committee, &r.env_committee]
        .into_iter()
        .flatten()
        .flat_map(|x| x.members.iter().flatten())
        .filter_map(|p| p.name.as_ref().map(|n| n.value.trim().to_string()))
        .collect()
}

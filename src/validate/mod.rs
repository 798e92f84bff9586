//! Stage 2: raw input → model. Every check runs and every diagnostic is
//! kept; a model is returned only when there is no error. Communities and
//! compounds are validated in parallel, each on its own inputs.
//!
//! One file per content kind, in the order a site is read: `site.rs`
//! (`site.yaml`), `community.rs`, `compound.rs` (which calls `case.rs`,
//! `meeting.rs`, `notice.rs` and `yearly.rs` for the files in its folder), and
//! `people.rs` for the rosters they share. Across kinds: `values.rs` gives
//! scalars meaning and scans public text through `pii.rs`; `rules.rs` checks
//! the policy and each case's record; `links.rs` checks Markdown links.
//! Community-level kinds: `report.rs` (monthly report narratives) and
//! `inspection.rs` (the environment committee's inspections);
//! `evaluation.rs` checks the December evaluation's process and deadline.

mod case;
mod community;
mod compound;
mod evaluation;
mod future;
mod inspection;
mod links;
mod meeting;
mod notice;
mod people;
pub(crate) mod pii;
mod report;
mod rules;
pub(crate) mod site;
mod values;
mod yearly;

pub(crate) use values::parse_date;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diag::{Diagnostic, FileId, Lang, Loc, Severity, SourceFile, SourceMap, diag};
use crate::load::raw::{self, Str};
use crate::load::{Loaded, LoadedCommunity, LoadedCompound};
use crate::model::*;
use values::Cx;

/// Proof that a value came out of validation; nothing else can make one.
#[derive(Debug)]
pub(crate) struct Seal(());

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The date overdue and stale are computed against (`--as-of`); default:
    /// `as_of:` of site.yaml, else today.
    pub as_of: Option<NaiveDate>,
    /// Today, by the caller's clock (`watch` and `serve` read theirs); default:
    /// the system clock in the site's zone.
    pub today: Option<NaiveDate>,
}

/// The result of validation: always the diagnostics, the model only when no
/// diagnostic is an error.
#[derive(Debug)]
pub struct Checked {
    pub site: Option<Site>,
    pub diags: Vec<Diagnostic>,
    /// What the publish gate checks the rendered site against.
    pub gate: crate::privacy::gate::Gate,
    pub sources: SourceMap,
    pub lang: Lang,
}

pub(crate) fn validate(loaded: Loaded, opts: &CheckOptions) -> Checked {
    validate_with(loaded, opts, &mut ValidateCache::default())
}

/// What repeated validations (`watch`, `serve`) keep: each compound's model
/// and diagnostics, keyed by a hash of everything its validation reads.
#[derive(Debug, Default)]
pub(crate) struct ValidateCache {
    compounds: HashMap<String, ValidatedCompound>,
    /// The last register and a hash of the values it was made from: `serve`
    /// rebuilds after an edit that touched no `private:` value reuse it
    /// (building the matcher was 5 % of an edit → page at 1,000 compounds).
    register: Option<(u128, Arc<crate::privacy::Register>)>,
}

/// One compound's validation as the cache keeps it.
#[derive(Debug, Clone)]
struct ValidatedCompound {
    /// [`compound_key`] of the inputs it was validated from.
    inputs: u128,
    /// None when the compound has errors.
    model: Option<Arc<Compound>>,
    diags: Vec<Diagnostic>,
    /// The files read for it: whole where a diagnostic points (its snippet
    /// is shown), shed elsewhere.
    sources: Vec<(FileId, Arc<SourceFile>)>,
}

/// A community's model and diagnostics, and its compounds' cache entries.
struct CommunityResult {
    /// None when `community.yaml` is missing.
    model: Option<Community>,
    diags: Vec<Diagnostic>,
    /// Keyed by `community/compound`.
    compounds: Vec<(String, ValidatedCompound)>,
    /// The files read for its compounds (see [`ValidatedCompound`]).
    sources: Vec<(FileId, Arc<SourceFile>)>,
}

/// [`validate`], reusing `cache` for compounds whose inputs are unchanged.
pub(crate) fn validate_with(loaded: Loaded, opts: &CheckOptions, cache: &mut ValidateCache) -> Checked {
    let values = crate::privacy::Register::values(&loaded);
    let values_key = fingerprint(&values);
    let register = match cache.register.take() {
        Some((key, register)) if key == values_key => register,
        _ => Arc::new(crate::privacy::Register::from_values(values)),
    };
    cache.register = Some((values_key, Arc::clone(&register)));
    let Loaded { mut sources, mut diags, site, communities, site_unparsed, .. } = loaded;
    let allowed = allowed_values(site.as_ref().map(|s| &*s.raw), &communities);
    let mut cx = Cx::new(Sources::of(&sources), &allowed, &register);
    let settings = match &site {
        Some(doc) => site::settings(&mut cx, &doc.raw),
        // Its own diagnostic says why it could not be read.
        None if site_unparsed => None,
        None => {
            cx.push(diag!(SiteMissing at None::<Loc>;
                    "缺少 content/site.yaml", "content/site.yaml is missing";
                    hint "在 content/ 下建 site.yaml，至少写 title、street、base_url 三项；可用 gongshi new 生成示例。",
                         "Create content/site.yaml with title, street and base_url; `gongshi new` writes an example."));
            None
        }
    };
    let lang = settings.as_ref().map_or(Lang::Zh, |s| s.lang);
    let utc_offset = settings.as_ref().map_or(8 * 3600, |s| s.utc_offset);
    let today = opts.today.unwrap_or_else(|| today(utc_offset));
    let site_as_of = site.as_ref().and_then(|d| site::as_of(&mut cx, &d.raw, opts.as_of.is_none().then_some(today)));
    let as_of = opts.as_of.or(site_as_of).unwrap_or(today);
    let rules = settings.as_ref().map(|s| s.rules.clone()).unwrap_or_default();
    let mut sorted: Vec<&String> = allowed.iter().collect();
    sorted.sort();
    let inputs = fingerprint(&(as_of, &rules, sorted, register.fingerprint()));
    rules::site_reminders(&mut cx, as_of, &rules, site.as_ref().map(|s| Loc::File(s.file)));
    let env = Env {
        sources: Sources::of(&sources),
        allowed: &allowed,
        register: &register,
        as_of,
        rules: &rules,
        inputs,
        cache: &cache.compounds,
    };
    diags.append(&mut cx.diags);
    // With errors (a folder refused for its name, say), the site only looks
    // empty; the errors say why, and "no community folders" would mislead.
    if communities.is_empty() && !diags.iter().any(|d| d.severity == Severity::Error) {
        diags.push(diag!(SiteEmpty at None::<Loc>;
            "content/ 下还没有社区文件夹", "content/ has no community folders yet"));
    }
    let results: Vec<CommunityResult> = communities.into_par_iter().map(|c| community::community(&env, c)).collect();
    let mut list = Vec::new();
    let mut fresh = HashMap::new();
    for r in results {
        for (id, f) in r.sources {
            sources.set(id, f);
        }
        diags.extend(r.diags);
        list.extend(r.model);
        fresh.extend(r.compounds);
    }
    cache.compounds = fresh;
    let has_errors = diags.iter().any(|d| d.severity == Severity::Error);
    let site = match settings {
        Some(settings) if !has_errors => Some(Site { settings, communities: list, as_of, _seal: Seal(()) }),
        _ => None,
    };
    Checked { site, diags, sources, lang, gate: crate::privacy::gate::Gate::new(register, allowed) }
}

/// What every compound's validation may read.
#[derive(Clone, Copy)]
struct Env<'a> {
    sources: Sources<'a>,
    allowed: &'a HashSet<String>,
    register: &'a crate::privacy::Register,
    as_of: NaiveDate,
    rules: &'a Rules,
    /// A hash of the site-wide inputs every compound's validation reads.
    inputs: u128,
    cache: &'a HashMap<String, ValidatedCompound>,
}

/// The files a validation may look at: every file's path, with the text of
/// those loaded with the site, and the files of the compound being
/// validated, read for it (a one-shot load defers them: see
/// [`LoadedCompound::read_deferred`]).
#[derive(Clone, Copy)]
pub(crate) struct Sources<'a> {
    all: &'a SourceMap,
    own: Option<&'a HashMap<FileId, Arc<SourceFile>>>,
}

impl<'a> Sources<'a> {
    pub(crate) fn of(all: &'a SourceMap) -> Sources<'a> {
        Sources { all, own: None }
    }

    /// These sources with `own`'s files, read for one compound, in front.
    fn with(self, own: &'a HashMap<FileId, Arc<SourceFile>>) -> Sources<'a> {
        Sources { own: Some(own), ..self }
    }

    pub(crate) fn get(&self, id: FileId) -> &'a SourceFile {
        match self.own.and_then(|o| o.get(&id)) {
            Some(f) => f,
            None => self.all.get(id),
        }
    }
}

fn fingerprint(v: &impl std::hash::Hash) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    v.hash(&mut h);
    h.digest128()
}

/// Everything a compound's validation reads, known before its folders are
/// read: its `compound.yaml`'s text, its folders' files by content hash,
/// its attachments, the community's roster names and the site-wide inputs.
fn compound_key(env: &Env, p: &LoadedCompound, community_names: &[String]) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    use std::hash::Hash;
    (env.inputs, &p.slug, p.dir, community_names, &p.unparsed).hash(&mut h);
    if let Some(d) = &p.file {
        let f = env.sources.get(d.file);
        (d.file, &f.rel, &f.text).hash(&mut h);
    }
    p.hash_deferred(&mut h);
    for a in &p.attachments {
        (&a.rel, a.file, a.len).hash(&mut h);
    }
    h.digest128()
}

fn today(utc_offset: i32) -> NaiveDate {
    let now = chrono::Utc::now().naive_utc() + chrono::Duration::seconds(i64::from(utc_offset));
    now.date()
}

/// Declared duty phones and `pii_allow` entries, by canonical digits and as written.
fn allowed_values(site: Option<&raw::RawSite>, communities: &[LoadedCommunity]) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut add = |s: &Option<Str>| {
        if let Some(s) = s {
            out.insert(pii::canonical_phone(&s.value));
            out.insert(s.value.trim().to_string());
        }
    };
    let roster = |r: &Option<raw::RawRoster>, add: &mut dyn FnMut(&Option<Str>)| {
        for p in r.iter().flat_map(|r| r.members.iter().flatten()).filter(|p| values::may_publish_phone(p)) {
            add(&p.phone);
        }
    };
    if let Some(site) = site {
        add(&site.office.as_ref().and_then(|o| o.phone.clone()));
        for a in &site.pii_allow {
            add(&Some(a.clone()));
        }
    }
    for c in communities {
        if let Some(f) = &c.file {
            for r in [&f.raw.party_org, &f.raw.residents_committee, &f.raw.env_committee] {
                roster(r, &mut add);
            }
            for k in &f.raw.contacts {
                add(&k.phone);
            }
        }
        for p in c.compounds.iter().filter_map(|p| p.file.as_ref()) {
            for r in [&p.raw.compound_party_org, &p.raw.owners_committee, &p.raw.self_management] {
                roster(r, &mut add);
            }
            for k in &p.raw.contacts {
                add(&k.phone);
            }
            if let Some(co) = &p.raw.property_company {
                add(&co.service_phone);
                add(&co.repair_phone);
                for m in co.members.iter().chain(&co.quality_supervisor).filter(|p| values::may_publish_phone(p)) {
                    add(&m.phone);
                }
            }
        }
    }
    out.remove("");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    /// A case saved again between the read of its private values (with the
    /// whole city's, ahead) and the read of the rest (with its compound) is
    /// an error: the register may lack a value the page would show.
    #[test]
    fn a_case_whose_private_values_change_between_its_two_reads_is_an_error() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
        crate::scaffold::create(dir.path(), today).unwrap_or_else(|e| panic!("{e}"));
        let opts = CheckOptions { as_of: Some(today), today: Some(today) };
        let changed = |d: &Diagnostic| d.code == Code::FileChanged;

        let loaded = crate::load::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let checked = validate(loaded, &opts);
        assert!(!checked.diags.iter().any(changed), "{:?}", checked.diags);
        assert!(checked.site.is_some(), "{:?}", checked.diags);

        let loaded = crate::load::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let case = dir.path().join("content/shili/xiaoqu/cases").join(format!("{}-001.md", today.format("%Y")));
        let text = std::fs::read_to_string(&case).unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        assert!(text.contains("reporter: 张三"), "{text}");
        std::fs::write(&case, text.replace("reporter: 张三", "reporter: 李四")).unwrap_or_else(|e| panic!("{e}"));
        let checked = validate(loaded, &opts);
        let hit: Vec<_> = checked.diags.iter().filter(|d| changed(d)).collect();
        assert_eq!(hit.len(), 1, "{:?}", checked.diags);
        let file = hit[0].loc.map(|l| checked.sources.get(l.file()).rel.clone()).unwrap_or_default();
        assert!(file.ends_with("-001.md"), "{file}");
        assert!(checked.site.is_none(), "an error stops the build");
    }
}

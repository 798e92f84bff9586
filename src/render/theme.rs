//! The theme: Tera templates and static files. The default theme is
//! embedded in the binary; `themes/<name>/` in the site overrides it file by
//! file.

use std::path::Path;

use include_dir::{Dir, include_dir};
use serde::Serialize;

use super::OutFile;
use crate::error::Error;

static DEFAULT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

#[derive(Debug)]
pub(crate) struct Theme {
    tera: tera::Tera,
    statics: Vec<(String, Vec<u8>)>,
    /// A hash of every template and static file: part of each compound's cache key.
    fingerprint: u128,
}

impl Theme {
    /// The default theme, with `root/themes/<name>/` laid over it when present.
    pub(crate) fn load(root: &Path, name: &str) -> Result<Theme, Error> {
        let mut templates: Vec<(String, String)> = Vec::new();
        let mut statics: Vec<(String, Vec<u8>)> = Vec::new();
        collect_embedded(&DEFAULT, &mut templates, &mut statics);
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            overlay(&dir, &mut templates, &mut statics)?;
        } else if name != "default" {
            return Err(Error::ThemeNotFound(name.to_string()));
        }
        let mut all = Vec::new();
        for (n, t) in &templates {
            all.extend_from_slice(n.as_bytes());
            all.extend_from_slice(t.as_bytes());
        }
        for (n, b) in &statics {
            all.extend_from_slice(n.as_bytes());
            all.extend_from_slice(b);
        }
        let fingerprint = xxhash_rust::xxh3::xxh3_128(&all);
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        // `text | units`: runs of free text with the number units marked (see `format::units`).
        tera.register_filter("units", |text: &str, _: tera::Kwargs, _: &tera::State| {
            let runs: Vec<tera::Value> = super::format::units(text)
                .into_iter()
                .map(|(t, whole)| tera::Value::from(vec![tera::Value::from(t), tera::Value::from(whole)]))
                .collect();
            tera::Value::from(runs)
        });
        tera.add_raw_templates(templates).map_err(|e| Error::Template(report(&e)))?;
        statics.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Theme { tera, statics, fingerprint })
    }

    pub(crate) fn render<T: Serialize>(&self, name: &str, ctx: &T) -> Result<String, Error> {
        let ctx = tera::Context::from_serialize(ctx).map_err(|e| Error::Template(report(&e)))?;
        self.tera.render(name, &ctx).map_err(|e| Error::Template(format!("{name}: {}", report(&e))))
    }

    pub(crate) fn fingerprint(&self) -> u128 {
        self.fingerprint
    }

    /// The theme's `favicon.ico`, also published at the root, where browsers
    /// and audits look for it whatever the page says.
    pub(crate) fn favicon(&self) -> Option<OutFile> {
        let (_, bytes) = self.statics.iter().find(|(p, _)| p == "favicon.ico")?;
        Some(OutFile::bytes("favicon.ico", bytes.clone()))
    }

    /// Static files, published under `assets/`.
    pub(crate) fn static_files(&self) -> Vec<OutFile> {
        self.statics.iter().map(|(p, b)| OutFile::bytes(format!("assets/{p}"), b.clone())).collect()
    }
}

fn report(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cause = c.source();
    }
    s
}

fn put<T>(list: &mut Vec<(String, T)>, name: String, value: T) {
    match list.iter_mut().find(|(n, _)| *n == name) {
        Some(slot) => slot.1 = value,
        None => list.push((name, value)),
    }
}

fn collect_embedded(d: &Dir<'_>, templates: &mut Vec<(String, String)>, statics: &mut Vec<(String, Vec<u8>)>) {
    for f in d.files() {
        let rel = f.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = rel.strip_prefix("templates/") {
            put(templates, name.to_string(), String::from_utf8_lossy(f.contents()).into_owned());
        } else if let Some(name) = rel.strip_prefix("static/") {
            put(statics, name.to_string(), f.contents().to_vec());
        }
    }
    for sub in d.dirs() {
        collect_embedded(sub, templates, statics);
    }
}

fn overlay(
    dir: &Path,
    templates: &mut Vec<(String, String)>,
    statics: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), Error> {
    for (sub, is_template) in [("templates", true), ("static", false)] {
        let base = dir.join(sub);
        if !base.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&base).follow_links(false).sort_by_file_name() {
            let entry = entry.map_err(Error::ThemeUnreadable)?;
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            if crate::names::is_ignored(&name) {
                continue;
            }
            let rel = entry.path().strip_prefix(&base).unwrap_or(entry.path());
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            if is_template {
                let text =
                    String::from_utf8(bytes).map_err(|_| Error::Template(format!("{rel}: 模板必须是 UTF-8 编码")))?;
                put(templates, rel, text);
            } else {
                put(statics, rel, bytes);
            }
        }
    }
    Ok(())
}

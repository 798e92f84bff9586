//! The registry of diagnostic codes (`src/diag/code.rs`) is the one list of
//! codes: `docs/diagnostics.md` is rendered from it, and every code in it
//! should be exercised by some test.

use std::path::{Path, PathBuf};

use gongshi::diag::{Code, markdown_table};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Regenerate with `GONGSHI_UPDATE_DOCS=1 cargo test --test testsuite registry::`.
#[test]
fn docs_diagnostics_md_matches_the_registry() {
    let path = root().join("docs/diagnostics.md");
    let want = markdown_table();
    if std::env::var_os("GONGSHI_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/diagnostics.md is out of date with src/diag/code.rs.\n\
         Regenerate it with: GONGSHI_UPDATE_DOCS=1 cargo test --test testsuite registry::\n\
         --- expected ---\n{want}"
    );
}

/// Codes no test under tests/ raises yet (some are covered by unit tests in
/// src/). A new code must come with a test; this list only shrinks.
/// `file-changed` is a race between a build's two reads of a case (its
/// private values ahead, the rest with its compound): the public API cannot
/// stop between them, so its test is the unit test in `src/validate/mod.rs`.
const NOT_YET_EXERCISED: &[&str] =
    &["file-unreadable", "file-name-encoding", "yaml-too-large", "yaml-syntax", "attachment-too-large", "file-changed"];

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "snap") {
            out.push(path);
        }
    }
}

#[test]
fn every_code_is_exercised_by_a_test() {
    let mut files = Vec::new();
    files_under(&root().join("tests"), &mut files);
    let this = Path::new(file!()).file_name();
    let text: String = files
        .iter()
        .filter(|p| p.file_name() != this)
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect::<Vec<_>>()
        .join("\n");
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !NOT_YET_EXERCISED.contains(c))
        .filter(|c| {
            !text.contains(&format!("\"{c}\""))
                && !text.contains(&format!("[{c}]"))
                && !text.contains(&format!(" {c} "))
        })
        .collect();
    assert!(missing.is_empty(), "no test under tests/ raises these codes: {missing:?}");
    let unknown: Vec<&&str> =
        NOT_YET_EXERCISED.iter().filter(|c| !Code::ALL.iter().any(|k| k.as_str() == **c)).collect();
    assert!(unknown.is_empty(), "NOT_YET_EXERCISED lists codes the registry does not have: {unknown:?}");
}

//! `gongshi schema DIR`: writes the JSON Schemas of every content file kind,
//! for editors (see docs/editor.md).

use std::path::Path;

use super::ExitStatus;

pub(super) fn main(dir: &Path) -> anyhow::Result<ExitStatus> {
    let written = crate::schema::write(dir)?;
    eprintln!(
        "已在 {} 写入 {} 个 JSON Schema（编辑器补全用，见 docs/editor.md）/ wrote {} JSON Schemas",
        dir.display(),
        written.len(),
        written.len()
    );
    Ok(ExitStatus::Ok)
}

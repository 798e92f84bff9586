//! Folder names that the published site already uses at the same level:
//! a community called `reports` would share `public/reports/` with the
//! street's monthly reports, a compound called `cases` would share
//! `public/<community>/cases/` with the community's register.

use crate::diag::{Diagnostic, FileId, Loc, Text};

/// Street-level folders of `public/`.
const STREET: &[&str] = &["assets", "cases", "compliance", "evaluations", "reports"];
/// Community-level folders of `public/<community>/`.
const COMMUNITY: &[&str] = &["cases", "inspections", "reports"];

fn taken(community: bool) -> &'static [&'static str] {
    if community { STREET } else { COMMUNITY }
}

/// Whether a community (`community == true`) or compound folder name is taken by the site.
pub fn is_reserved(name: &str, community: bool) -> bool {
    taken(community).contains(&name)
}

/// The error for a reserved folder name.
pub fn diagnostic(id: FileId, name: &str, community: bool) -> Diagnostic {
    let list = taken(community).join("、");
    Diagnostic::error(
        "name-reserved",
        Loc::File(id),
        Text::new(
            format!("文件夹名 `{name}` 已被网站自己的页面占用"),
            format!("the folder name `{name}` is used by the site's own pages"),
        ),
    )
    .hint(Text::new(
        format!("请换一个名字（例如加上拼音或数字）。这一层不能用：{list}"),
        format!("Rename it (add a word or a digit). Reserved at this level: {list}"),
    ))
}

//! Operational errors: the file system or the command line, never content.
//! Content mistakes are diagnostics (`diag`), reported all at once.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("找不到内容目录 {0}（content folder not found）：请用 --root 指向含有 content/ 的站点目录")]
    NoContent(PathBuf),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Usage(String),
    #[error("目标目录 {0} 不能作为输出目录（refusing output folder）：{1}")]
    RefusedOutput(PathBuf, &'static str),
    #[error("模板错误（template error）：{0}")]
    Template(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }
}

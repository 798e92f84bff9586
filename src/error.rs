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
    /// The publish gate found personal information in rendered output.
    #[error(
        "发布前检查发现个人信息，未发布任何文件（privacy gate: nothing was published）：\n{0}\n请检查主题模板和内容；不要把 private: 里的信息、居民电话、身份证号或房号写进页面。"
    )]
    PrivacyGate(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }
}

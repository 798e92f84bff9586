//! Operational errors: the file system, the theme, the output folder or the
//! watcher, never content. Content mistakes are diagnostics (`diag`),
//! reported all at once. One variant per failure, so that a caller can tell
//! them apart (watch ends on `NoContent`, goes on after `Template`); each
//! message is in Chinese and English and says what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("找不到内容目录 {0}（content folder not found）：请用 --root 指向含有 content/ 的站点目录")]
    NoContent(PathBuf),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("目标目录 {0} 不能作为输出目录（refusing output folder）：{1}")]
    RefusedOutput(PathBuf, &'static str),
    /// The output folder is on another disk than the folder beside it
    /// (it is a mount point), so a release cannot be swapped in by renaming.
    #[error(
        "输出目录 {0} 与它所在的文件夹不在同一个磁盘上（它是挂载点），无法原子地替换（cross-device output）：请把 --out 设为该磁盘里的一个子文件夹"
    )]
    OutputCrossDevice(PathBuf),
    /// Two rendered files would land on one path (also case-insensitively).
    #[error("两个文件会输出到同一路径 {0}（output path collision）")]
    OutputCollision(String),
    /// `site.yaml` names a theme that is neither built in nor under `themes/`.
    #[error("找不到主题 themes/{0}（theme not found）：请检查 site.yaml 的 theme，或删去该行使用默认主题")]
    ThemeNotFound(String),
    /// A theme folder that cannot be walked.
    #[error("{0}")]
    ThemeUnreadable(walkdir::Error),
    #[error("模板错误（template error）：{0}")]
    Template(String),
    /// A kiosk's QR code cannot hold its URL (far too long a `base_url`).
    #[error("无法为 {url} 生成二维码（QR code）：{reason}")]
    QrEncode { url: String, reason: String },
    /// `gongshi new` never writes into a folder that has files.
    #[error("{0} 已存在且不是空文件夹，gongshi new 不会覆盖任何文件（the folder is not empty）")]
    NewSiteNotEmpty(PathBuf),
    /// Neither the system's watcher nor polling can watch the site folder.
    #[cfg(feature = "serve")]
    #[error("无法监视文件变化（cannot watch for changes）：{0}")]
    Watch(#[source] notify::Error),
    /// `build --community` named a community that is not in `content/`.
    #[error("content/ 里没有社区 {slug}（no such community）。已有的社区（known communities）：{known}")]
    UnknownCommunity { slug: String, known: String },
    /// A sharded build found another community's published file damaged or missing.
    #[error(
        "已发布的 {0} 与发布记录不符或已丢失，分片生成无法沿用它（a published file of another community is damaged or missing）：请完整生成一次，或加 --community 生成它所在的社区"
    )]
    ShardDamaged(String),
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

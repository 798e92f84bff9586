//! Reading one content file safely: only a regular file is opened (a named
//! pipe would block the open forever, a device would never end), and the
//! size cap holds while reading, so a file that grows after its size was
//! looked at, or lies about it, still cannot fill memory.

use std::fs::{self, File};
use std::io::{self, Read as _};
use std::path::Path;

/// Why a file's bytes could not be had.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Not a regular file (a pipe, socket or device); it was not opened.
    NotRegular(&'static str),
    /// Larger than the cap: at least this many bytes.
    TooLarge(u64),
    Io(io::Error),
}

/// What kind of non-regular file `meta` describes, in Chinese and English;
/// `None` for regular files, folders and links.
pub(crate) fn special_kind(ft: fs::FileType) -> Option<&'static str> {
    if ft.is_file() || ft.is_dir() || ft.is_symlink() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if ft.is_fifo() {
            return Some("命名管道 (named pipe)");
        }
        if ft.is_socket() {
            return Some("套接字 (socket)");
        }
        if ft.is_block_device() || ft.is_char_device() {
            return Some("设备文件 (device)");
        }
    }
    Some("特殊文件 (special file)")
}

/// Reads at most `cap` bytes of the regular file at `path`.
pub(crate) fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let len = file.metadata().map_err(ReadError::Io)?.len();
    if len > cap {
        return Err(ReadError::TooLarge(len));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(cap.saturating_add(1)).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opens `path` for reading only if it is still a regular file once open:
/// it may have been replaced by a pipe since it was looked at.
pub(crate) fn open_regular(path: &Path) -> Result<File, ReadError> {
    let meta = fs::symlink_metadata(path).map_err(ReadError::Io)?;
    if let Some(kind) = special_kind(meta.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    let mut opts = fs::OpenOptions::new();
    opts.read(true);
    // Opening a pipe without a writer blocks; non-blocking, it returns at
    // once, and the check below refuses it. Regular files ignore the flag.
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = opts.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(kind) = special_kind(meta.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    Ok(file)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn cap_holds_while_reading_a_device() {
        // /dev/zero never ends and reports size 0: only the open check stops it.
        assert!(matches!(read_capped(Path::new("/dev/zero"), 16), Err(ReadError::NotRegular(_))));
    }

    #[test]
    fn reads_a_regular_file_up_to_its_cap() {
        let p = std::env::temp_dir().join(format!("gongshi-read-{}", std::process::id()));
        fs::write(&p, b"12345").ok();
        assert_eq!(read_capped(&p, 5).ok(), Some(b"12345".to_vec()));
        assert!(matches!(read_capped(&p, 4), Err(ReadError::TooLarge(5))));
        let _ = fs::remove_file(&p);
    }
}

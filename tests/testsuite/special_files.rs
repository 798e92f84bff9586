//! Files that are not files: a named pipe, a socket or a device node in
//! `content/` is reported, never opened, so `check` and `build` end. Each
//! run has a deadline: before the fix, a pipe hung them forever.
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{AS_OF, COMPOUND, EPOCH, Run, SiteTest, gongshi};

/// Runs gongshi on `site`, killed (and the test failed) after 20 s.
fn run_within(site: &SiteTest, args: &[&str]) -> Run {
    let mut child = gongshi()
        .args(args)
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run gongshi: {e}"));
    let start = Instant::now();
    while child.try_wait().ok().flatten().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("gongshi {args:?} still running after 20 s: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    Run::from_output(&out, Some(site.root()))
}

fn check(site: &SiteTest) -> Run {
    let root = site.root().to_string_lossy().into_owned();
    run_within(site, &["check", "--root", &root, "--as-of", AS_OF, "--format", "json"])
}

fn build(site: &SiteTest) -> Run {
    let root = site.root().to_string_lossy().into_owned();
    run_within(site, &["build", "--root", &root, "--as-of", AS_OF])
}

fn mkfifo(path: &Path) {
    use rustix::fs::{CWD, FileType, Mode, mknodat};
    mknodat(CWD, path, FileType::Fifo, Mode::RUSR | Mode::WUSR, 0).unwrap_or_else(|e| panic!("mkfifo: {e}"));
}

#[test]
fn named_pipes_are_reported_and_never_opened() {
    let site = SiteTest::minimal();
    // Where a case, a compound file and an attachment would be read.
    for rel in [format!("{COMPOUND}/cases/2026-009.md"), format!("{COMPOUND}/attachments/pipe.pdf")] {
        mkfifo(&site.path(&rel));
    }
    let run = check(&site);
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [
            format!("error file-not-regular {COMPOUND}/attachments/pipe.pdf"),
            format!("error file-not-regular {COMPOUND}/cases/2026-009.md"),
        ]
    );
    assert!(run.diags().iter().all(|d| d.message.contains("不是普通文件") && d.message.contains("命名管道")));
    build(&site).assert_code(1);
}

#[test]
fn a_pipe_replacing_compound_yaml_is_not_called_missing() {
    let site = SiteTest::minimal();
    let rel = format!("{COMPOUND}/compound.yaml");
    site.remove(&rel);
    mkfifo(&site.path(&rel));
    let run = check(&site);
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error file-not-regular {rel}")]);
}

#[test]
fn a_socket_is_reported() {
    let site = SiteTest::minimal();
    let rel = format!("{COMPOUND}/attachments/s.pdf");
    let _listener = std::os::unix::net::UnixListener::bind(site.path(&rel)).unwrap_or_else(|e| panic!("bind: {e}"));
    let run = check(&site);
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error file-not-regular {rel}")]);
    assert!(run.stdout.contains("套接字"), "{}", run.stdout);
    build(&site).assert_code(1);
}

#[test]
fn a_device_node_is_reported_when_one_can_be_made() {
    use rustix::fs::{CWD, FileType, Mode, makedev, mknodat};
    let site = SiteTest::minimal();
    let rel = format!("{COMPOUND}/cases/2026-009.md");
    // A character device like /dev/zero (1, 5); only a privileged user may make one.
    if mknodat(CWD, site.path(&rel), FileType::CharacterDevice, Mode::RUSR, makedev(1, 5)).is_err() {
        eprintln!("skipped: cannot create a device node here");
        return;
    }
    let run = check(&site);
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error file-not-regular {rel}")]);
    assert!(run.stdout.contains("设备文件"), "{}", run.stdout);
}

#[test]
fn dev_zero_linked_in_is_refused_as_a_link() {
    let site = SiteTest::minimal();
    let rel = format!("{COMPOUND}/cases/2026-009.md");
    site.symlink("/dev/zero", &rel);
    let run = check(&site);
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error file-symlink {rel}")]);
}

#[test]
fn watch_goes_on_past_a_pipe_and_ctrl_c_stops_it() {
    let mut s = crate::support::served::start(SiteTest::minimal(), "watch");
    let first = s.settle(Duration::from_millis(500));
    let pipe = s.site.path(&format!("{COMPOUND}/cases/2026-009.md"));
    mkfifo(&pipe);
    // The pipe's build ends (with the error), rather than blocking in open().
    s.wait_for("a build that reports the pipe", Duration::from_secs(30), |s| s.log().contains("file-not-regular"));
    // The pipe gone, later edits are built as usual.
    std::fs::remove_file(&pipe).unwrap_or_else(|e| panic!("{e}"));
    let before = s.settle(Duration::from_millis(500));
    assert!(before > first, "{}", s.log());
    s.site.write(&format!("{COMPOUND}/cases/2026-009.md"), crate::support::CASE);
    s.wait_for("a build after the pipe", Duration::from_secs(30), |s| s.builds() > before);
    let pid = s.child.id().to_string();
    let sent = std::process::Command::new("sh").args(["-c", &format!("kill -INT {pid}")]).status();
    assert!(sent.is_ok_and(|st| st.success()), "kill -INT failed");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Ok(Some(st)) = s.child.try_wait() {
            break st;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C:\n{}", s.log());
        std::thread::sleep(Duration::from_millis(25));
    };
    assert_eq!(status.code(), Some(0), "{}", s.log());
}

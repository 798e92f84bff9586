//! What the xtask integration tests share.

use std::process::Output;

/// Fails with the command's exit code and both its outputs unless it succeeded.
pub fn ok(what: &str, o: &Output) {
    assert!(
        o.status.success(),
        "{what}: exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

//! Shared test helpers: the `nt` binary with a scrubbed environment, temp homes, and
//! small peers on `127.0.0.1:0` that stop on Drop.

#![allow(dead_code)] // each test module uses a different subset of these helpers

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use assert_cmd::cargo::CommandCargoExt;

/// A temporary HOME (with XDG and netrc paths inside it) that lives as long as the value.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home { dir: tempfile::tempdir().expect("temp dir for HOME") }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write the config file nt will read (`$NT_CONFIG`).
    pub fn config(&self, text: &str) -> PathBuf {
        let path = self.path().join("config.toml");
        std::fs::write(&path, text).expect("write config");
        path
    }

    /// `nt` with HOME, NETRC, NT_CONFIG and XDG_CONFIG_HOME inside this home, every
    /// `NT_*` variable and NO_COLOR removed, and stdin empty unless the test sets it.
    pub fn nt(&self) -> Command {
        let mut cmd = Command::cargo_bin("nt").expect("the nt binary is built by cargo test");
        for (key, _) in std::env::vars_os() {
            if let Some(k) = key.to_str()
                && (k.starts_with("NT_") || k == "NO_COLOR" || k.starts_with("SSL_CERT"))
            {
                cmd.env_remove(&key);
            }
        }
        cmd.env("HOME", self.path())
            .env("NETRC", self.path().join(".netrc"))
            .env("NT_CONFIG", self.path().join("config.toml"))
            .env("XDG_CONFIG_HOME", self.path().join("xdg"))
            .env("RUST_BACKTRACE", "1")
            .stdin(Stdio::null());
        cmd
    }
}

/// `nt` in a fresh, throwaway home.
pub fn nt() -> Command {
    let home = Box::leak(Box::new(Home::new()));
    home.nt()
}

/// A free TCP port on 127.0.0.1 (for servers that cannot take port 0).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on loopback")
}

/// stdout of a finished command as UTF-8 text.
pub fn stdout_text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// stderr of a finished command as UTF-8 text.
pub fn stderr_text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The exit status as a shell shows it in `$?`: the code, or 128 + the signal that ended
/// the process (nt ends a Ctrl-C by SIGINT itself, which a shell shows as 130).
pub fn shell_status(status: std::process::ExitStatus) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    status.code().or_else(|| status.signal().map(|s| 128 + s))
}

/// Assert the exit code (as a shell sees it) and that stderr has exactly one
/// `nt: error:` line and no panic. A 130 must be a death by SIGINT, as the shell expects.
pub fn assert_error(out: &std::process::Output, code: i32, needle: &str) {
    use std::os::unix::process::ExitStatusExt;
    let err = stderr_text(out);
    assert_eq!(shell_status(out.status), Some(code), "exit code; stderr: {err}");
    if code == 130 {
        assert_eq!(out.status.signal(), Some(libc::SIGINT), "a death by SIGINT; stderr: {err}");
    }
    assert!(!err.contains("panicked"), "panic: {err}");
    assert_eq!(err.matches("nt: error:").count(), 1, "one error line: {err}");
    assert!(err.contains(needle), "stderr should mention {needle:?}: {err}");
}

/// A child process killed (and reaped) when the test ends, even by a failed assert.
pub struct KillOnDrop(pub Child);

impl KillOnDrop {
    /// Wait up to `limit` for the process to end (None: still running).
    pub fn status_within(
        &mut self,
        limit: std::time::Duration,
    ) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + limit;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.0.try_wait() {
                return Some(status);
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        None
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Deterministic pseudo-random bytes (xorshift), so failures are reproducible.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// SHA-256 of some bytes, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    sha256(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of some bytes (ring's digest, as nt itself uses).
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref());
    out
}

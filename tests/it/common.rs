//! Shared test helpers: the `nt` binary with a scrubbed environment, temp homes, and
//! small peers on `127.0.0.1:0` that stop on Drop.

#![allow(dead_code)] // each test module uses a different subset of these helpers

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

/// Assert the exit code and that stderr has exactly one `nt: error:` line and no panic.
pub fn assert_error(out: &std::process::Output, code: i32, needle: &str) {
    let err = stderr_text(out);
    assert_eq!(out.status.code(), Some(code), "exit code; stderr: {err}");
    assert!(!err.contains("panicked"), "panic: {err}");
    assert_eq!(err.matches("nt: error:").count(), 1, "one error line: {err}");
    assert!(err.contains(needle), "stderr should mention {needle:?}: {err}");
}

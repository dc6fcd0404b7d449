//! SMTP commands and DATA, sent to a real `nt mail catch` on loopback (mailin's command
//! parser, nt's MAIL/RCPT/AUTH parsing, dot-unstuffing into the Maildir, the summary
//! scan): the input is everything one client sends, then it stops sending.

#![no_main]

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use libfuzzer_sys::fuzz_target;

#[path = "harness.rs"]
mod harness;

/// The catcher's port, started on first use; its Maildir.
fn catcher() -> &'static (u16, std::path::PathBuf) {
    static CATCHER: OnceLock<(u16, std::path::PathBuf)> = OnceLock::new();
    CATCHER.get_or_init(|| {
        let dir = harness::scratch().join("catch");
        let port = harness::free_port();
        let args = ["-q", "mail", "catch", "--timeout", "3s", "--max-size", "1MiB"];
        let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        args.push(dir.display().to_string());
        args.extend(["--listen".into(), format!("127.0.0.1:{port}")]);
        harness::serve(args, port);
        (port, dir)
    })
}

fuzz_target!(|data: &[u8]| {
    static RUNS: AtomicU64 = AtomicU64::new(0);
    let (port, dir) = catcher();
    harness::converse(*port, data);
    // Keep the disk small: empty the Maildir now and then.
    if RUNS.fetch_add(1, Ordering::Relaxed) % 500 == 499 {
        for sub in ["new", "cur"] {
            for entry in std::fs::read_dir(dir.join(sub)).into_iter().flatten().flatten() {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
});

//! FTP commands, sent to a real `nt ftp serve` (anonymous, read-only) on loopback: nt's
//! control relay (bounded lines, AUTH TLS, the log line per command) and libunftp behind
//! it. The input is everything one client sends on its control connection.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[path = "harness.rs"]
mod harness;

/// The server's port, started on first use over a small tree.
fn server() -> u16 {
    static PORT: OnceLock<u16> = OnceLock::new();
    *PORT.get_or_init(|| {
        let dir = harness::scratch().join("served");
        std::fs::create_dir_all(dir.join("sub")).expect("the served tree");
        std::fs::write(dir.join("a.txt"), b"hello\r\n").expect("a file");
        std::fs::write(dir.join("sub/b.bin"), [0u8, 1, 2, 255]).expect("a file");
        let port = harness::free_port();
        let args = vec![
            "-q".to_string(),
            "ftp".into(),
            "serve".into(),
            dir.display().to_string(),
            format!("127.0.0.1:{port}"),
            "--idle".into(),
            "5s".into(),
        ];
        harness::serve(args, port);
        // The server turns every panic into a warning (libunftp panics in data-connection
        // tasks); a panic in nt's own code is still a crash here.
        let quiet = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info.location().is_some_and(|l| !l.file().contains("/.cargo/registry/")) {
                eprintln!("a panic in nt: {info}");
                std::process::abort();
            }
            quiet(info);
        }));
        port
    })
}

fuzz_target!(|data: &[u8]| {
    harness::converse(server(), data);
});

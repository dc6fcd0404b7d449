//! POP3 commands, sent to nt's POP3 server (the one `nt mail catch --pop3` runs) on
//! loopback over a small Maildir, login bob / pw. No delay after a failed login, so the
//! fuzzer is not slowed; the Maildir is restored before each input (QUIT after DELE
//! removes files).

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use nt::mail::catch::pop3::{Login, Options, on, serve_with};
use nt::net::serve::Bounds;

#[path = "harness.rs"]
mod harness;

const MESSAGES: [(&str, &[u8]); 2] = [
    ("new/1700000001.M1P1.host", b"Subject: one\r\nFrom: a@x\r\n\r\n.dot first\r\nbody\r\n"),
    ("cur/1700000002.M2P2.host:2,S", b"Subject: two\n\nsecond\n"),
];

fn restore(dir: &Path) {
    for (name, text) in MESSAGES {
        let path = dir.join(name);
        if !path.exists() {
            std::fs::write(path, text).expect("a message");
        }
    }
}

/// The server's port and Maildir, started on first use.
fn server() -> &'static (u16, PathBuf) {
    static SERVER: OnceLock<(u16, PathBuf)> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = harness::scratch().join("pop3");
        for sub in ["tmp", "new", "cur"] {
            std::fs::create_dir_all(dir.join(sub)).expect("the Maildir");
        }
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().expect("its address").port();
        listener.set_nonblocking(true).expect("a non-blocking listener");
        let maildir = dir.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            let login = Login { user: "bob".into(), password: nt::secret::Secret::new("pw") };
            let options = Options {
                idle: Duration::from_secs(5),
                max_bad: 10,
                auth_delay: Duration::ZERO,
            };
            let _ = runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                let bounds = Bounds { max_clients: 64, per_source: 64, login: None };
                let server = on(listener, bounds, &harness::quiet());
                serve_with(server, maildir, login, None, harness::quiet(), options).await
            });
            panic!("the POP3 server stopped");
        });
        (port, dir)
    })
}

fuzz_target!(|data: &[u8]| {
    let (port, dir) = server();
    restore(dir);
    harness::converse(*port, data);
});

//! `nt chat join` against the real server and against servers that are not nt: stdin at
//! the socket's pace, foreign chat servers, TLS with the shared pin rule, a taken
//! nickname on a terminal, the `-vv` trace, and `--proxy` through a real SOCKS5 server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{Server, WAIT, join_with_stdin, nt_run, until_line, wait_bounded};
#[cfg(unix)]
use crate::common::Pty;
use crate::common::{
    ClosedPort, KillOnDrop, Proxy, Running, assert_error, nt, on_free_ports, spawn_listening,
    stderr_text, stdout_text,
};

#[test]
fn join_sends_stdin_and_exits_after_the_server_has_everything() {
    let server = Server::start(&["--rate", "0"]);
    let mut bob = server.peer("bob");
    let mut input = String::from("hi from nt\r\n/msg bob secret\n");
    for i in 0..300 {
        input.push_str(&format!("line {i}\n"));
    }
    let out = join_with_stdin(&server.addr, "nt1", &[], input.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr_text(&out));
    let stdout = stdout_text(&out);
    assert!(stdout.starts_with("[welcome] nt1\n[info] 2 online"), "{stdout}");
    let seen = bob.until(|l| l == "[leave] nt1 closed");
    let from_nt: Vec<&String> = seen.iter().filter(|l| l.contains("nt1")).collect();
    assert_eq!(from_nt.len(), 1 + 2 + 300 + 1, "{seen:?}");
    assert_eq!(from_nt[0], "[join] nt1");
    assert_eq!(from_nt[1], "<nt1> hi from nt");
    assert_eq!(from_nt[2], "*nt1* secret");
    for (i, line) in from_nt[3..303].iter().enumerate() {
        assert_eq!(**line, format!("<nt1> line {i}"));
    }
}

#[test]
fn join_json_events_and_sanitized_text() {
    let mut server = Server::start(&[]);
    let mut bob = server.peer("bob");
    let mut child = nt()
        .args(["--json", "chat", "join", &server.addr, "--nick", "watcher"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut events: Vec<serde_json::Value> = Vec::new();
    let wait_for = |event: &str, events: &mut Vec<serde_json::Value>| loop {
        let line = rx.recv_timeout(WAIT).expect("an event from nt chat join --json");
        let value: serde_json::Value =
            serde_json::from_str(&line).expect("one JSON object per line");
        let done = value["event"] == event;
        events.push(value);
        if done {
            break;
        }
    };
    wait_for("welcome", &mut events);
    bob.until(|l| l == "[join] watcher");
    bob.send("hello \x1b[2J all");
    bob.send("@watcher just you");
    wait_for("private", &mut events);
    server.type_line("notice text");
    wait_for("notice", &mut events);
    let mut carol = server.peer("carol");
    carol.send("/quit");
    carol.until_closed();
    wait_for("leave", &mut events);
    drop(child.stdin.take());
    let status = wait_bounded(&mut child);
    assert_eq!(status, Some(0));
    let find = |kind: &str| events.iter().find(|e| e["event"] == kind).cloned().unwrap_or_default();
    assert_eq!(find("message")["from"], "bob");
    assert_eq!(find("message")["text"], "hello \u{fffd}[2J all");
    assert_eq!(
        find("private"),
        serde_json::json!({"event":"private","from":"bob","text":"just you"})
    );
    assert_eq!(find("notice"), serde_json::json!({"event":"notice","text":"notice text"}));
    assert_eq!(find("join"), serde_json::json!({"event":"join","nick":"carol"}));
    assert_eq!(find("leave"), serde_json::json!({"event":"leave","nick":"carol","reason":"quit"}));
}

#[test]
fn join_prints_server_lines_sanitized_and_ends_when_the_server_closes() {
    let server = Server::start(&[]);
    let mut bob = server.peer("bob");
    let mut child = nt()
        .args(["chat", "join", &server.addr, "--nick", "eve"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    bob.until(|l| l == "[join] eve");
    bob.send("tab\there");
    bob.send("/who");
    bob.until(|l| l.starts_with("[info]"));
    drop(server);
    // stdin is still open: the client must notice the server is gone and exit by itself.
    let status = wait_bounded(&mut child);
    let mut stdout = String::new();
    child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
    assert_eq!(status, Some(0), "{stdout}");
    assert!(stdout.contains("<bob> tab\there\n"), "{stdout}");
}

#[test]
fn join_errors_have_exit_codes() {
    let closed = ClosedPort::new();
    let out = nt_run(&["chat", "join", &closed.addr(), "--nick", "x"]);
    assert_error(&out, 4, "cannot connect to 127.0.0.1:");
    let out = nt_run(&["chat", "join", "127.0.0.1", "--nick", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let out = nt_run(&["chat", "serve", "127.0.0.1:0", "--max-line", "lots"]);
    assert_eq!(out.status.code(), Some(2));
    // Out-of-range numbers are usage errors before any socket opens (no panic, no slot).
    for bad in [
        &["--max-clients", "0"][..],
        &["--max-line", "2305843009213693952"],
        &["--max-backlog", "1"],
        &["--stall", "0s"],
        &["--queue", "2305843009213693952"],
    ] {
        let mut args = vec!["chat", "serve", "127.0.0.1:0"];
        args.extend_from_slice(bad);
        assert_error(&nt_run(&args), 2, "");
    }
    assert_error(&nt_run(&["chat", "join", "127.0.0.1:1", "--nick", "x", "--timeout", "0"]), 2, "");
    // A port that is taken: exit 4 with one error line.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = nt_run(&["chat", "serve", &addr]);
    assert_error(&out, 4, "cannot listen on");
}

/// A one-connection server run by the test: `script` gets the accepted socket.
fn fake_server(
    script: impl FnOnce(TcpStream) + Send + 'static,
) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let handle = std::thread::spawn(move || {
        if let Ok((stream, _)) = listener.accept() {
            stream.set_read_timeout(Some(WAIT)).unwrap();
            script(stream);
        }
    });
    (addr, handle)
}

#[test]
fn a_silent_server_is_taken_for_another_chat_server() {
    // Says nothing: after --timeout nt sends its lines anyway, and says so once.
    let (tx, rx) = mpsc::channel();
    let (addr, server) = fake_server(move |mut stream| {
        let mut got = Vec::new();
        let _ = stream.read_to_end(&mut got);
        let _ = tx.send(got);
    });
    let mut cmd = nt();
    cmd.args(["chat", "join", &addr, "--nick", "x", "--timeout", "300ms"]);
    let (status, _, err) = crate::common::run(cmd, b"first\nsecond\n".to_vec());
    assert_eq!(status.code(), Some(0), "{err}");
    assert_eq!(err.matches("does not answer like nt chat serve").count(), 1, "{err}");
    assert_eq!(rx.recv_timeout(WAIT).unwrap(), b"x\nfirst\nsecond\n");
    server.join().unwrap();

    // Accepts and closes at once.
    let (addr, server) = fake_server(|mut stream| {
        let mut nick = [0u8; 2];
        let _ = stream.read(&mut nick);
    });
    let out = join_with_stdin(&addr, "x", &[], b"");
    assert_error(&out, 4, "closed the connection before accepting the nickname");
    server.join().unwrap();
}

#[test]
fn a_foreign_server_that_speaks_first_gets_raw_events_without_a_wait() {
    // ncat --chat's shape: an announcement at once, lines as `<userN> TEXT`, no newline
    // at the end of the last one (the course's server sends none at all).
    let (tx, rx) = mpsc::channel();
    let (addr, server) = fake_server(move |mut stream| {
        let accepted = Instant::now();
        stream.write_all(b"<announce> 127.0.0.1 is connected as <user5>.\n").unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut got = Vec::new();
        for _ in 0..2 {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            got.push(line);
        }
        let _ = tx.send((got, accepted.elapsed()));
        stream.write_all("<user4> hi\nbob:\u{202e}no newline".as_bytes()).unwrap();
        let mut rest = Vec::new();
        let _ = reader.read_to_end(&mut rest);
    });
    let mut peer = Running::spawn({
        let mut cmd = nt();
        cmd.args(["--json", "chat", "join", &addr, "--nick", "alice"]);
        cmd
    });
    peer.feed(b"hello\n");
    let (got, took) = rx.recv_timeout(WAIT).unwrap();
    assert_eq!(got, ["alice\n", "hello\n"]);
    assert!(took < Duration::from_millis(1500), "sent without waiting for a welcome: {took:?}");
    drop(peer.stdin.take());
    let (status, out, err) = peer.finish();
    assert_eq!(status.code(), Some(0), "{err}");
    let events: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(
        events,
        [
            serde_json::json!({"event":"raw","text":"<announce> 127.0.0.1 is connected as <user5>."}),
            serde_json::json!({"event":"raw","text":"<user4> hi"}),
            serde_json::json!({"event":"raw","text":"bob:\u{fffd}no newline"}),
        ]
    );
    assert_eq!(err.matches("does not answer like nt chat serve").count(), 1, "{err}");
    server.join().unwrap();
}

#[test]
fn join_reads_stdin_only_as_fast_as_the_socket_takes_it() {
    // The server welcomes, then never reads again.
    let (addr, server) = fake_server(|mut stream| {
        let mut nick = [0u8; 64];
        let _ = stream.read(&mut nick);
        stream.write_all(b"[welcome] yes\n").unwrap();
        std::thread::sleep(Duration::from_secs(6));
    });
    let mut child = KillOnDrop(
        nt().args(["chat", "join", &addr, "--nick", "yes"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut stdin = child.0.stdin.take().unwrap();
    let fed = Arc::new(AtomicU64::new(0));
    let counter = fed.clone();
    std::thread::spawn(move || {
        let chunk = "y\n".repeat(32 << 10);
        while stdin.write_all(chunk.as_bytes()).is_ok() {
            counter.fetch_add(chunk.len() as u64, Ordering::Relaxed);
        }
    });
    // `yes` is stopped by the full pipe once the socket buffers are full.
    let deadline = Instant::now() + WAIT;
    let mut last = 0;
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let now = fed.load(Ordering::Relaxed);
        if now == last && now > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "stdin never stopped: {now} bytes fed");
        last = now;
    }
    let rss = rss_kib(child.0.id());
    assert!(rss < 64 << 10, "nt grew to {rss} KiB");
    assert!(fed.load(Ordering::Relaxed) < 256 << 20, "{} bytes taken", fed.load(Ordering::Relaxed));
    std::thread::sleep(Duration::from_secs(1));
    assert!(rss_kib(child.0.id()) < rss + 4096, "nt still growing");
    drop(child);
    server.join().unwrap();
}

/// VmRSS of a process in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[test]
fn join_vv_traces_the_chat_lines() {
    let server = Server::start(&[]);
    let out = join_with_stdin(&server.addr, "tracer", &["-vv"], b"hello there\n/quit\n");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_text(&out));
    let err = stderr_text(&out);
    for needle in
        ["> tracer\n", "< [welcome] tracer\n", "> hello there\n", "> /quit\n", "< [info] bye\n"]
    {
        assert!(err.contains(needle), "{needle:?} in {err}");
    }
}

#[cfg(unix)]
#[test]
fn a_taken_nickname_on_a_terminal_is_asked_again() {
    let server = Server::start(&[]);
    let _alice = server.peer("alice");
    let Some(pty) = Pty::open() else {
        eprintln!("skipped: no pseudo-terminal here");
        return;
    };
    let mut child = KillOnDrop(
        nt().args(["chat", "join", &server.addr, "--nick", "alice"])
            // rustyline drives only a real terminal emulator; on a dumb one nt reads
            // plain lines, which is what this pty without an emulator behind it is.
            .env("TERM", "dumb")
            .stdin(pty.stdio())
            .stdout(pty.stdio())
            .stderr(pty.stdio())
            .spawn()
            .unwrap(),
    );
    let seen = pty.read_until("another nickname: ");
    assert!(seen.contains("refused nickname 'alice'"), "{seen}");
    pty.write(b"\xd0\xb0lice\r");
    let seen = pty.read_until("another nickname: ");
    assert!(seen.contains("'\u{430}lice' is taken"), "a look-alike is taken too: {seen:?}");
    pty.write(b"alice2\r");
    let seen = pty.read_until("[welcome] alice2");
    assert!(seen.contains("[welcome] alice2"), "{seen}");
    pty.write(b"/quit\r");
    pty.read_until("[info] bye");
    let status = child.status_within(WAIT).expect("nt chat join ends after /quit");
    assert_eq!(status.code(), Some(0));
}

/// Write a certificate and key made with rcgen; the certificate's SHA-256 as hex.
fn certificate(dir: &std::path::Path) -> String {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
        .expect("a test certificate");
    std::fs::write(dir.join("cert.pem"), made.cert.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), made.signing_key.serialize_pem()).unwrap();
    crate::common::sha256_hex(made.cert.der())
}

#[test]
fn tls_with_a_pinned_certificate_and_the_pin_rule() {
    let dir = tempfile::tempdir().unwrap();
    let pin = certificate(dir.path());
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let server =
        Server::start(&["--tls", "--cert", cert.to_str().unwrap(), "--key", key.to_str().unwrap()]);
    let mut watcher = Running::spawn({
        let mut cmd = nt();
        cmd.args(["--json", "chat", "join", &server.addr, "--nick", "watcher", "--pin", &pin]);
        cmd
    });
    server.log_until("watcher joined");
    let out = join_with_stdin(&server.addr, "sender", &["--tls", "--pin", &pin], b"over tls\n");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_text(&out));
    // A wrong pin beside --insecure: exit 5 before the nickname is sent.
    let wrong = "00".repeat(32);
    let out = join_with_stdin(&server.addr, "evil", &["--insecure", "--pin", &wrong], b"x\n");
    assert_error(&out, 5, "");
    // Not trusted and not pinned: exit 5 with the fingerprint to pin.
    let out = join_with_stdin(&server.addr, "evil", &["--tls"], b"x\n");
    assert_error(&out, 5, "");
    let fingerprint = pin.to_uppercase();
    assert!(stderr_text(&out).replace(':', "").contains(&fingerprint), "{}", stderr_text(&out));
    let out = join_with_stdin(&server.addr, "later", &["--tls", "--insecure"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_text(&out));
    let log = server.log_until("later joined").join("\n");
    assert!(!log.contains("evil"), "the nickname never reached the server: {log}");
    watcher.feed(b"/quit\n");
    let (_, out, _) = watcher.finish();
    let out = String::from_utf8_lossy(&out);
    assert!(out.contains(r#"{"event":"message","from":"sender","text":"over tls"}"#), "{out}");
}

#[test]
fn self_signed_serve_prints_the_fingerprint_to_pin() {
    let server = Server::start(&["--self-signed"]);
    let line = until_line(&server.stderr, "TLS certificate SHA-256").pop().unwrap();
    let pin = line.rsplit("--pin ").next().unwrap().trim_end_matches(')').to_string();
    let out = join_with_stdin(&server.addr, "pinned", &["--pin", &pin], b"hi\n");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_text(&out));
    assert!(stdout_text(&out).starts_with("[welcome] pinned\n"), "{}", stdout_text(&out));
}

#[test]
#[ignore = "needs ncat: apt-get install ncat"]
fn join_works_with_ncat_chat() {
    let (_ncat, port) = on_free_ports("ncat", |[port]| {
        let mut cmd = Command::new("ncat");
        cmd.args(["--chat", "-l", "127.0.0.1", &port.to_string()]);
        cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        spawn_listening(&mut cmd, &[port]).map(|ncat| (ncat, port))
    });
    let addr = format!("127.0.0.1:{port}");
    let mut other = super::Peer::from_stream(TcpStream::connect(&addr).unwrap());
    other.until(|l| l.starts_with("<announce> already connected"));
    let super::Live { mut child, mut stdin, stdout: shown, stderr: talk } =
        super::live(&["chat", "join", &addr, "--nick", "alice"]);
    let lines = other.until(|l| l.ends_with("alice"));
    assert!(lines.last().unwrap().starts_with("<user"), "{lines:?}");
    stdin.write_all(b"hello from nt\n").unwrap();
    assert!(other.until(|l| l.ends_with("hello from nt")).last().unwrap().starts_with("<user"));
    other.send("hi alice");
    until_line(&shown, "> hi alice");
    drop(stdin);
    assert_eq!(wait_bounded(&mut child.0), Some(0));
    let err: Vec<String> = talk.iter().collect();
    let warned = err.iter().filter(|l| l.contains("does not answer like nt chat serve")).count();
    assert_eq!(warned, 1, "{err:?}");
}

#[test]
#[ignore = "needs dante-server: apt-get install dante-server"]
fn join_goes_through_a_socks5_proxy() {
    let server = Server::start(&[]);
    let mut reader = server.peer("reader");
    let dante = Proxy::dante("none");
    let proxy = dante.url("socks5");
    let out = join_with_stdin(&server.addr, "far", &["-v", "--proxy", &proxy], b"via socks\n");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("connected to the proxy {}", dante.addr)), "{err}");
    assert_eq!(reader.until(|l| l.starts_with('<')).pop().unwrap(), "<far> via socks");
    let log = dante.log();
    assert!(log.contains(&server.addr.replace(':', ".")), "dante carried it: {log}");
}

#[test]
fn join_through_a_proxy_that_is_not_there_is_exit_4() {
    let server = Server::start(&[]);
    let closed = ClosedPort::new();
    let proxy = format!("socks5://{}", closed.addr());
    let out = join_with_stdin(&server.addr, "far", &["--proxy", &proxy], b"");
    assert_error(&out, 4, "cannot reach the proxy");
    let mut cmd = nt();
    cmd.env("NT_PROXY", &proxy).args(["chat", "join", &server.addr, "--nick", "far"]);
    let out = super::run_bounded(cmd, b"");
    assert_error(&out, 4, "cannot reach the proxy");
}

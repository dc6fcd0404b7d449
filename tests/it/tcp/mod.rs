//! nt tcp against real peers: the nt binary against itself and against std sockets, on
//! 127.0.0.1 and ::1. The promises of "Trust at the edges" are in [`trust`], the features
//! beyond nc (--exec, scans, --source, unix:, --progress) in [`beyond`], the bound on
//! `--exec` children in [`children`], real proxies in [`proxy`].

mod beyond;
mod children;
mod proxy;
mod trust;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::{Command, ExitStatus};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

#[cfg(unix)]
use crate::common::Pty;
use crate::common::{
    ClosedPort, Home, LIMIT, Running as Peer, assert_error, assert_same_bytes, join_within, noise,
    nt, run, sha256_hex, stderr_text,
};

/// Send `bytes` and half-close on one thread while reading to the peer's close on this
/// one (so neither side can block the other); returns what was read.
pub(crate) fn exchange(mut s: TcpStream, bytes: Vec<u8>) -> Vec<u8> {
    timeouts(&s);
    let mut w = s.try_clone().unwrap();
    let writer = std::thread::spawn(move || {
        w.write_all(&bytes).unwrap();
        w.shutdown(Shutdown::Write).unwrap();
    });
    let mut got = Vec::new();
    s.read_to_end(&mut got).unwrap();
    writer.join().unwrap();
    got
}

/// A std peer: accepts one connection on `listener` and runs `script` on it (read and
/// write timeouts set) on a thread; returns the address and the thread, whose join gives
/// what `script` returned.
pub(crate) fn accept_one_on<T: Send + 'static>(
    listener: TcpListener,
    script: impl FnOnce(TcpStream, SocketAddr) -> T + Send + 'static,
) -> (SocketAddr, JoinHandle<T>) {
    let addr = listener.local_addr().unwrap();
    let thread = std::thread::spawn(move || {
        let (s, from) = listener.accept().unwrap();
        timeouts(&s);
        script(s, from)
    });
    (addr, thread)
}

/// [`accept_one_on`] a listener on 127.0.0.1:0.
pub(crate) fn accept_one<T: Send + 'static>(
    script: impl FnOnce(TcpStream, SocketAddr) -> T + Send + 'static,
) -> (SocketAddr, JoinHandle<T>) {
    accept_one_on(TcpListener::bind("127.0.0.1:0").unwrap(), script)
}

/// A server that never says a word: a listener that never accepts. The kernel completes
/// each handshake and holds what the client sends, so a client is connected to a peer
/// that stays silent until the value is dropped.
pub(crate) fn silent() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").unwrap()
}

pub(crate) fn serve(args: &[&str]) -> Peer {
    let mut cmd = nt();
    cmd.args(["tcp", "serve"]).args(args);
    Peer::spawn(cmd)
}

pub(crate) fn connect(addr: SocketAddr, extra: &[&str]) -> Command {
    let mut cmd = nt();
    cmd.args(["tcp", "connect"]).args(extra).arg(addr.to_string());
    cmd
}

pub(crate) fn timeouts(s: &TcpStream) {
    s.set_read_timeout(Some(LIMIT)).unwrap();
    s.set_write_timeout(Some(LIMIT)).unwrap();
}

#[test]
fn nt_to_nt_moves_mib_of_binary_both_ways_v4() {
    let (down, up) = (noise(10 << 20, 1), noise(10 << 20, 2));
    let mut server = serve(&["127.0.0.1:0"]);
    let addr = server.addr();
    let feeder = server.feed_and_close(down.clone());
    let (status, got_down, err) = run(connect(addr, &[]), up.clone());
    assert!(status.success(), "client: {err}");
    let (status, got_up, err) = server.finish();
    let _ = join_within(feeder, LIMIT);
    assert!(status.success(), "server: {err}");
    assert_same_bytes("client stdout", &got_down, &down);
    assert_same_bytes("server stdout", &got_up, &up);
}

#[test]
fn nt_connect_to_a_std_peer_on_v6_is_byte_exact() {
    let Ok(listener) = TcpListener::bind("[::1]:0") else {
        eprintln!("skipped: no IPv6 loopback here");
        return;
    };
    let (down, up) = (noise(4 << 20, 3), noise(4 << 20, 4));
    let to_send = down.clone();
    let (addr, peer) = accept_one_on(listener, move |s, _| exchange(s, to_send));
    let (status, got_down, err) = run(connect(addr, &[]), up.clone());
    assert!(status.success(), "{err}");
    assert_same_bytes("nt stdout", &got_down, &down);
    assert_same_bytes("peer", &peer.join().unwrap(), &up);
}

#[test]
fn half_close_gets_the_answer_sent_after_eof() {
    let (addr, peer) = accept_one(|mut s, _| {
        let mut got = Vec::new();
        s.read_to_end(&mut got).unwrap();
        std::thread::sleep(Duration::from_millis(200));
        s.write_all(format!("got {} bytes\n", got.len()).as_bytes()).unwrap();
    });
    let (status, out, err) = run(connect(addr, &[]), b"hello".to_vec());
    peer.join().unwrap();
    assert!(status.success(), "{err}");
    assert_eq!(out, b"got 5 bytes\n");
}

/// stdin that fails to read (a directory) while the peer is still there: all the peer
/// sent is printed, and the exit says stdin was lost (exit 3), not success.
#[cfg(unix)]
#[test]
fn a_stdin_that_fails_is_an_error_though_the_peer_closed_cleanly() {
    let (addr, peer) = accept_one(|mut s, _| {
        s.write_all(b"hello\n").unwrap();
        let mut rest = Vec::new();
        let _ = s.read_to_end(&mut rest);
    });
    let home = Home::new();
    let out = connect(addr, &[]).stdin(std::fs::File::open(home.path()).unwrap()).output().unwrap();
    peer.join().unwrap();
    assert_eq!(out.stdout, b"hello\n");
    assert_error(&out, 3, "cannot read stdin");
}

/// The same over TLS (the tokio path): the server's words arrive, and the exit is 3.
#[cfg(unix)]
#[test]
fn a_stdin_that_fails_over_tls_is_an_error_too() {
    let pki = Pki::new();
    let mut server = pki.server();
    let addr = server.addr();
    let feeder = server.feed_and_close(b"from server\n".to_vec());
    let home = Home::new();
    let out = home
        .nt()
        .args(["tcp", "connect", "--tls", &addr.to_string()])
        .env("SSL_CERT_FILE", pki.path("ca.pem"))
        .stdin(std::fs::File::open(home.path()).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"from server\n");
    assert_error(&out, 3, "cannot read stdin");
    let (status, got, err) = server.finish();
    let _ = join_within(feeder, LIMIT);
    assert!(status.success(), "server: {err}");
    assert!(got.is_empty(), "the server received {got:?}");
}

#[test]
fn connect_ends_when_the_peer_closes_though_stdin_stays_open() {
    let (addr, peer) = accept_one(|mut s, _| s.write_all(b"bye\n").unwrap());
    let client = Peer::spawn(connect(addr, &[]));
    let started = Instant::now();
    let (status, out, err) = client.finish();
    peer.join().unwrap();
    assert!(status.success(), "{err}");
    assert_eq!(out, b"bye\n");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn keep_open_serves_many_clients_and_survives_one_vanishing() {
    let mut server = serve(&["-k", "127.0.0.1:0"]);
    let addr = server.addr();
    let clients: Vec<TcpStream> = (0..3)
        .map(|i| {
            let mut s = TcpStream::connect(addr).unwrap();
            timeouts(&s);
            s.write_all(format!("client {i}\n").as_bytes()).unwrap();
            s
        })
        .collect();
    // Each client is in the fan-out before its "connection from" line is printed.
    server.wait_stderr("connection from", 3);
    server.feed(b"to all\n");
    for mut c in clients.iter() {
        let mut buf = [0u8; 7];
        c.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"to all\n");
    }
    // One client vanishes with a reset; the others and new ones are still served.
    let gone = socket2::SockRef::from(&clients[0]);
    gone.set_linger(Some(Duration::ZERO)).unwrap();
    drop(clients.into_iter().next());
    let mut late = TcpStream::connect(addr).unwrap();
    timeouts(&late);
    late.write_all(b"late\n").unwrap();
    server.wait_stderr("connection from", 4);
    server.feed(b"again\n");
    let mut buf = [0u8; 6];
    late.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"again\n");
    server.wait_stdout(b"late\n");
    let (out, _) = server.stop();
    let text = String::from_utf8_lossy(&out);
    for line in ["client 0\n", "client 1\n", "client 2\n", "late\n"] {
        assert!(text.contains(line), "{line:?} missing from {text:?}");
    }
}

#[test]
fn echo_server_returns_every_byte() {
    let server = serve(&["-k", "--echo", "[::1]:0"]);
    let addr = server.addr();
    let data = noise(1 << 20, 5);
    let back = exchange(TcpStream::connect(addr).unwrap(), data.clone());
    assert_eq!(sha256_hex(&back), sha256_hex(&data));
}

#[test]
fn zero_io_says_open_or_closed() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let open = listener.local_addr().unwrap();
    let out = connect(open, &["-z"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_text(&out));
    let port = ClosedPort::new();
    let closed: SocketAddr = format!("127.0.0.1:{}", port.0).parse().unwrap();
    let out = connect(closed, &["-z", "--timeout", "2s"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_text(&out));
    let out = nt().args(["tcp", "connect", "-z", "no-such-host.invalid:80"]).output().unwrap();
    assert_error(&out, 4, "cannot resolve");
}

#[test]
fn faults_have_their_exit_codes() {
    let port = ClosedPort::new();
    let closed: SocketAddr = format!("127.0.0.1:{}", port.0).parse().unwrap();
    assert_error(&connect(closed, &[]).output().unwrap(), 4, "cannot connect");
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let out = nt().args(["tcp", "serve", &format!("127.0.0.1:{port}")]).output().unwrap();
    assert_error(&out, 4, "cannot listen");
    assert!(stderr_text(&out).contains("hint:"), "{}", stderr_text(&out));
    for bad in ["127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:x"] {
        let out = nt().args(["tcp", "connect", bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(stderr_text(&out).contains("invalid"), "{}", stderr_text(&out));
    }
    let out = nt().args(["tcp", "connect", "no-such-host.invalid:80"]).output().unwrap();
    assert_error(&out, 4, "cannot resolve");
    let out =
        nt().args(["tcp", "serve", "-k", "--max-clients", "0", "127.0.0.1:0"]).output().unwrap();
    assert_error(&out, 2, "--max-clients");
}

#[test]
fn reset_mid_transfer_is_exit_4_with_the_bytes_so_far() {
    let (addr, peer) = accept_one(|mut s, _| {
        s.write_all(&[7u8; 100_000]).unwrap();
        // The peer's own behaviour (not a wait for readiness): a while after its data, a
        // reset. nt has the bytes by then or gets them before the reset's error.
        std::thread::sleep(Duration::from_millis(300));
        socket2::SockRef::from(&s).set_linger(Some(Duration::ZERO)).unwrap();
    });
    let client = Peer::spawn(connect(addr, &[]));
    let (status, out, err) = client.finish();
    peer.join().unwrap();
    assert_eq!(status.code(), Some(4), "{err}");
    assert!(err.contains("connection lost"), "{err}");
    assert_eq!(out.len(), 100_000);
}

// ----- TLS ------------------------------------------------------------------------------

pub(crate) struct Pki {
    dir: tempfile::TempDir,
    pub(crate) fingerprint: String,
}

impl Pki {
    /// A CA and a leaf for localhost / 127.0.0.1 signed by it, as PEM files.
    pub(crate) fn new() -> Pki {
        use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
        let dir = tempfile::tempdir().unwrap();
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let issuer = Issuer::from_params(&ca_params, &ca_key);
        let leaf_key = KeyPair::generate().unwrap();
        let leaf_params =
            CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
        let leaf = leaf_params.signed_by(&leaf_key, &issuer).unwrap();
        std::fs::write(dir.path().join("ca.pem"), ca_cert.pem()).unwrap();
        std::fs::write(dir.path().join("cert.pem"), leaf.pem()).unwrap();
        std::fs::write(dir.path().join("key.pem"), leaf_key.serialize_pem()).unwrap();
        let digest = crate::common::sha256(leaf.der().as_ref());
        let fingerprint = digest.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":");
        Pki { dir, fingerprint }
    }

    pub(crate) fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }

    pub(crate) fn server(&self) -> Peer {
        let mut cmd = nt();
        cmd.args(["tcp", "serve", "--tls", "--cert", &self.path("cert.pem")]).args([
            "--key",
            &self.path("key.pem"),
            "127.0.0.1:0",
        ]);
        Peer::spawn(cmd)
    }
}

fn tls_round_trip(
    pki: &Pki,
    home: &Home,
    extra: &[&str],
    trust: bool,
) -> (ExitStatus, Vec<u8>, String) {
    let mut server = pki.server();
    let addr = server.addr();
    let feeder = server.feed_and_close(b"from server\n".to_vec());
    let mut cmd = home.nt();
    cmd.args(["tcp", "connect", "--tls"]).args(extra).arg(addr.to_string());
    if trust {
        cmd.env("SSL_CERT_FILE", pki.path("ca.pem"));
    } else {
        cmd.env("SSL_CERT_FILE", home.path().join("none.pem"));
    }
    let result = run(cmd, b"from client\n".to_vec());
    if result.0.success() {
        let (status, out, err) = server.finish();
        assert!(status.success(), "server: {err}");
        assert_eq!(out, b"from client\n");
    }
    let _ = join_within(feeder, LIMIT);
    result
}

#[test]
fn tls_trusted_pinned_insecure_and_untrusted() {
    let pki = Pki::new();
    let home = Home::new();
    let (status, out, err) = tls_round_trip(&pki, &home, &[], true);
    assert!(status.success(), "trusted: {err}");
    assert_eq!(out, b"from server\n");

    let (status, _, err) = tls_round_trip(&pki, &home, &[], false);
    assert_eq!(status.code(), Some(5), "untrusted: {err}");
    assert!(err.contains(&pki.fingerprint), "fingerprint in {err}");
    assert_eq!(err.matches("nt: error:").count(), 1, "{err}");

    let (status, out, err) = tls_round_trip(&pki, &home, &["--pin", &pki.fingerprint], false);
    assert!(status.success(), "pinned: {err}");
    assert_eq!(out, b"from server\n");

    let (status, out, err) = tls_round_trip(&pki, &home, &["--insecure"], false);
    assert!(status.success(), "insecure: {err}");
    assert_eq!(out, b"from server\n");
}

#[test]
fn idle_connection_is_closed_with_exit_4() {
    let holder = silent();
    let client = Peer::spawn(connect(holder.local_addr().unwrap(), &["--idle", "300ms"]));
    let (status, _, err) = client.finish();
    assert_eq!(status.code(), Some(4), "{err}");
    assert!(err.contains("idle for 300 ms"), "{err}");
    assert_eq!(err.matches("nt: error:").count(), 1, "{err}");
}

#[test]
fn keep_open_json_events_name_the_peer() {
    let mut cmd = nt();
    cmd.args(["--json", "tcp", "serve", "-k", "127.0.0.1:0"]);
    let server = Peer::spawn(cmd);
    let addr = server.addr();
    let mut s = TcpStream::connect(addr).unwrap();
    timeouts(&s);
    let local = s.local_addr().unwrap().to_string();
    s.write_all(b"hi\xff").unwrap();
    s.shutdown(Shutdown::Write).unwrap();
    let mut rest = Vec::new();
    let _ = s.read_to_end(&mut rest);
    server.wait_stdout(b"\"close\"");
    let (out, _) = server.stop();
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(events.len(), 3, "{events:?}");
    assert_eq!(events[0]["event"], "open");
    assert_eq!(events[1]["event"], "data");
    assert_eq!(events[1]["len"], 3);
    assert_eq!(events[1]["data_b64"], "aGn/");
    assert_eq!(events[2]["event"], "close");
    assert!(events.iter().all(|e| e["peer"] == local.as_str()));
}

#[test]
fn tls_serve_with_a_missing_certificate_is_exit_3() {
    let out = nt()
        .args([
            "tcp",
            "serve",
            "--tls",
            "--cert",
            "/nonexistent/cert.pem",
            "--key",
            "/nonexistent/key.pem",
        ])
        .arg("127.0.0.1:0")
        .output()
        .unwrap();
    assert_error(&out, 3, "cannot read certificate");
}

#[cfg(unix)]
#[test]
fn terminal_session_sends_lines_and_ends_when_the_peer_closes() {
    let Some(pty) = Pty::open() else {
        eprintln!("skipped: no pseudo-terminal here");
        return;
    };
    let (addr, peer) = accept_one(|s, _| {
        let mut line = String::new();
        BufReader::new(s.try_clone().unwrap()).read_line(&mut line).unwrap();
        (&s).write_all(format!("got:{line}").as_bytes()).unwrap();
    });
    let mut child = pty.spawn_editing(connect(addr, &[]));
    pty.write(b"hi there\r");
    let shown = pty.read_until("got:hi there");
    peer.join().unwrap();
    let status = child.status_within(LIMIT).expect("nt ends when the peer closes");
    assert!(shown.contains("got:hi there"), "{shown:?}");
    assert!(status.success());
}

#[test]
fn retries_warn_on_one_line_then_fail_with_exit_4() {
    let closed = ClosedPort::new();
    let port = closed.0;
    let out = nt()
        .args(["tcp", "connect", &format!("127.0.0.1:{port}"), "--retries", "1"])
        .output()
        .unwrap();
    assert_error(&out, 4, &format!("cannot connect to 127.0.0.1:{port}"));
    let err = stderr_text(&out);
    let warning = format!(
        "nt: warning: cannot connect to 127.0.0.1:{port}: Connection refused (os error 111); \
         retrying in 250 ms (1/1)"
    );
    assert!(err.lines().any(|l| l == warning), "{err}");
    assert!(!err.contains("hint:"), "no 'use --retries' hint once retries were used: {err}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_in_a_terminal_session_is_a_death_by_sigint() {
    use std::os::unix::process::ExitStatusExt;
    let Some(pty) = Pty::open() else { panic!("no pseudo-terminal here") };
    let holder = silent();
    let mut child = pty.spawn_editing(connect(holder.local_addr().unwrap(), &[]));
    pty.write(b"\x03");
    let status = child.status_within(LIMIT).expect("nt ends at Ctrl-C");
    assert_eq!(status.signal(), Some(libc::SIGINT), "{status:?}: the shell must see 130");
}

//! The promises of "Trust at the edges" for nt tcp, each against a peer that misbehaves
//! on purpose: a certificate that does not match the pin, a TLS server that accepts and
//! says nothing, a one-way TLS sender (socat -u) that never reads, and thousands of idle
//! clients on `serve -k`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Pki, connect, serve, silent};
use crate::common::{
    Home, LIMIT, Running as Peer, assert_error, noise, nt, run, sha256_hex, stderr_text,
};

#[test]
fn a_wrong_pin_beside_insecure_is_exit_5_before_any_byte_is_sent() {
    let pki = Pki::new();
    let mut server = pki.server();
    let addr = server.addr();
    let wrong = "AB".repeat(32);
    let home = Home::new();
    let mut cmd = home.nt();
    cmd.args(["tcp", "connect", "--tls", "--insecure", "--pin", &wrong, &addr.to_string()]);
    let (status, out, err) = run(cmd, b"secret that must not leave\n".to_vec());
    assert_eq!(status.code(), Some(5), "{err}");
    assert!(err.contains(&pki.fingerprint), "the presented fingerprint, to pin: {err}");
    assert!(out.is_empty());
    // The server saw a failed handshake and no data; it waits for the next client.
    let shown = server.wait_stderr("TLS handshake failed", 1);
    assert!(!shown.contains("secret"), "{shown}");
    drop(server.stdin.take());
    let (got, _) = server.stop();
    assert!(got.is_empty(), "the server received {got:?}");
}

#[test]
fn a_silent_tls_server_is_timed_out_within_the_timeout() {
    // Reads nothing, answers nothing.
    let server = silent();
    let addr = server.local_addr().unwrap();
    let started = Instant::now();
    let (status, _, err) = run(connect(addr, &["--tls", "--timeout", "2s"]), Vec::new());
    let took = started.elapsed();
    assert_eq!(status.code(), Some(4), "{err}");
    assert!(err.contains("timed out"), "{err}");
    assert!(took >= Duration::from_millis(1900) && took < Duration::from_secs(6), "{took:?}");
}

#[test]
#[ignore = "needs socat: apt-get install socat"]
fn tls_serve_with_stdin_at_eof_keeps_a_one_way_senders_tail() {
    let pki = Pki::new();
    let data = noise(8 << 20, 21);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("8MiB.bin");
    std::fs::write(&file, &data).unwrap();
    for round in 0..3 {
        let mut server = pki.server();
        drop(server.stdin.take()); // stdin at EOF from the start: `< /dev/null`
        let addr = server.addr();
        let socat = Command::new("socat")
            .arg("-u")
            .arg(format!("OPEN:{}", file.display()))
            .arg(format!("OPENSSL:{addr},verify=0"))
            .stdin(Stdio::null())
            .output()
            .expect("run socat");
        let (status, got, err) = server.finish();
        assert!(status.success(), "round {round}: nt: {err}");
        assert!(socat.status.success(), "round {round}: socat: {}", stderr_text(&socat));
        assert_eq!(got.len(), data.len(), "round {round}: {err}");
        assert_eq!(sha256_hex(&got), sha256_hex(&data), "round {round}");
    }
}

/// VmRSS of a process in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Raise this process's open-files limit to its hard limit; returns it.
#[cfg(unix)]
fn raise_files() -> u64 {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit read and write only the struct passed.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
        limit.rlim_cur = limit.rlim_max;
        libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
    }
    limit.rlim_cur
}

/// Windows has no open-files limit to raise.
#[cfg(not(unix))]
fn raise_files() -> u64 {
    u64::MAX
}

/// Poll until `ok` holds or LIMIT passes; returns whether it held.
fn eventually(mut ok: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + LIMIT;
    while Instant::now() < deadline {
        if ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// How many idle clients the test holds: enough to see the cost per client, few enough not
/// to starve the tests running beside it (`tests/bench/serve_idle.sh` measures 10,000).
const IDLE_CLIENTS: usize = 2_000;

#[test]
fn keep_open_holds_thousands_of_idle_clients_cheaply_and_lets_go() {
    let clients = (raise_files().saturating_sub(200) as usize).min(IDLE_CLIENTS);
    let server = serve(&["-k", "127.0.0.1:0"]);
    let addr: SocketAddr = server.addr();
    let pid = server.pid();
    let mut conns: Vec<TcpStream> = Vec::with_capacity(clients);
    for _ in 0..clients {
        conns.push(TcpStream::connect(addr).expect("connect an idle client"));
    }
    assert!(eventually(|| count_lines(&server, "connection from") >= clients), "all accepted");
    let idle = rss_kib(pid);
    // Data flows through a tenth of them (more than the small buffer each), then stops.
    let burst = vec![b'x'; 4096];
    for c in conns.iter_mut().step_by(10) {
        c.write_all(&burst).unwrap();
    }
    let expected = conns.len().div_ceil(10) * burst.len();
    assert!(eventually(|| stdout_len(&server) >= expected), "the bursts arrived");
    let after_burst = rss_kib(pid);
    drop(conns);
    assert!(eventually(|| count_lines(&server, "closed") >= clients), "all gone");
    // The memory goes back within a moment of the last client leaving.
    let mut gone = rss_kib(pid);
    eventually(|| {
        gone = rss_kib(pid);
        gone < 50 * 1024
    });
    eprintln!(
        "serve -k, {clients} idle clients: {} MiB; after 4 KiB from every tenth: {} MiB; \
         after all left: {} MiB",
        idle / 1024,
        after_burst / 1024,
        gone / 1024
    );
    // The goal is 10,000 clients under 100 MiB and back under 50 MiB: scaled to this count
    // on top of what the (debug) binary takes at rest.
    let budget = 30 * 1024 + (100 * 1024 * clients / 10_000) as u64;
    assert!(idle < budget, "{clients} idle clients take {idle} KiB (budget {budget})");
    assert!(after_burst < budget, "after a burst: {after_burst} KiB (budget {budget})");
    assert!(gone < 50 * 1024, "after they left: {gone} KiB");
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(b"still serving\n").unwrap();
    drop(s);
    server.wait_stdout(b"still serving\n");
}

fn count_lines(server: &Peer, needle: &str) -> usize {
    server.stderr_so_far().lines().filter(|l| l.contains(needle)).count()
}

fn stdout_len(server: &Peer) -> usize {
    server.stdout_so_far().len()
}

#[test]
fn max_clients_default_is_documented_and_enforced() {
    let server = serve(&["-k", "--max-clients", "2", "127.0.0.1:0"]);
    let addr = server.addr();
    let a = TcpStream::connect(addr).unwrap();
    let b = TcpStream::connect(addr).unwrap();
    server.wait_stderr("connection from", 2);
    let mut c = TcpStream::connect(addr).unwrap();
    c.set_read_timeout(Some(LIMIT)).unwrap();
    let mut buf = [0u8; 1];
    assert_eq!(c.read(&mut buf).unwrap_or(0), 0, "the third is closed at once");
    let (_, err) = server.stop();
    assert!(err.contains("client limit reached (--max-clients 2)"), "{err}");
    drop((a, b));
    let help = nt().args(["tcp", "serve", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("default 10000"));
    assert_error(
        &nt().args(["tcp", "serve", "-k", "--max-clients", "0", "127.0.0.1:0"]).output().unwrap(),
        2,
        "--max-clients",
    );
}

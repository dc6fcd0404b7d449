//! nt udp against real peers: nt listen against nt send and against std UDP sockets, on
//! 127.0.0.1 and ::1; multicast inside a network namespace (root). The hostile cases of
//! "Trust at the edges" (spoofed sources, echo loops, closed ports) are in [`hostile`].

mod hostile;

use std::net::{SocketAddr, UdpSocket};
use std::process::Command;
use std::time::Duration;

#[cfg(unix)]
use crate::common::Pty;
use crate::common::{LIMIT, Running as Peer, run};
use crate::common::{assert_error, noise, nt, windows_under_test};

fn listen(args: &[&str]) -> Peer {
    let mut cmd = nt();
    cmd.args(["udp", "listen"]).args(args);
    Peer::spawn(cmd)
}

fn send(addr: SocketAddr, args: &[&str]) -> Command {
    let mut cmd = nt();
    cmd.args(["udp", "send", &addr.to_string()]).args(args);
    cmd
}

#[test]
fn lines_and_messages_arrive_one_per_line() {
    let listener = listen(&["127.0.0.1:0", "--count", "4", "--timeout", "10s"]);
    let addr = listener.addr();
    let (status, _, err) = run(send(addr, &[]), b"one\ntwo\r\nthree".to_vec());
    assert!(status.success(), "{err}");
    let (status, _, err) = run(send(addr, &["four"]), Vec::new());
    assert!(status.success(), "{err}");
    let (status, out, err) = listener.finish();
    assert!(status.success(), "{err}");
    assert_eq!(String::from_utf8_lossy(&out), "one\ntwo\nthree\nfour\n");
}

#[test]
fn json_events_carry_base64_for_binary_on_v6() {
    if UdpSocket::bind("[::1]:0").is_err() {
        eprintln!("skipped: no IPv6 loopback here");
        return;
    }
    let mut cmd = nt();
    cmd.args(["--json", "udp", "listen", "[::1]:0", "--count", "2", "--timeout", "10s"]);
    let listener = Peer::spawn(cmd);
    let addr = listener.addr();
    let data = noise(1000, 9);
    let (status, _, err) = run(send(addr, &["--raw"]), data.clone());
    assert!(status.success(), "{err}");
    let (status, _, _) = run(send(addr, &["héllo"]), Vec::new());
    assert!(status.success());
    let (status, out, err) = listener.finish();
    assert!(status.success(), "{err}");
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(events.len(), 2);
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&data);
    assert_eq!(events[0]["len"], 1000);
    assert_eq!(events[0]["data_b64"], b64.as_str());
    assert!(events[0]["from"].as_str().unwrap().starts_with("[::1]:"));
    assert_eq!(events[1]["data"], "héllo");
}

#[test]
fn raw_chunks_are_byte_exact() {
    let listener = listen(&["127.0.0.1:0", "--raw", "--count", "3", "--timeout", "10s"]);
    let addr = listener.addr();
    let data = noise(2500, 11);
    let (status, _, err) = run(send(addr, &["--raw", "--size", "1000"]), data.clone());
    assert!(status.success(), "{err}");
    let (status, out, err) = listener.finish();
    assert!(status.success(), "{err}");
    assert_eq!(out, data);
}

#[test]
fn timeout_ends_quietly_or_with_4_when_count_is_short() {
    let out = nt().args(["udp", "listen", "127.0.0.1:0", "--timeout", "300ms"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let out = nt()
        .args(["udp", "listen", "127.0.0.1:0", "--timeout", "300ms", "--count", "2"])
        .output()
        .unwrap();
    assert_error(&out, 4, "timed out: 0 of 2");
}

#[test]
fn listen_replies_to_the_last_peer_and_echoes() {
    let mut listener = listen(&["127.0.0.1:0", "--timeout", "10s"]);
    let addr = listener.addr();
    let peer = UdpSocket::bind("127.0.0.1:0").unwrap();
    peer.set_read_timeout(Some(LIMIT)).unwrap();
    peer.send_to(b"ping", addr).unwrap();
    // Shown means received: the listener knows its last peer now.
    listener.wait_stdout(b"ping\n");
    listener.feed(b"pong\n");
    let mut buf = [0u8; 64];
    let (n, from) = peer.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"pong");
    assert_eq!(from, addr);
    let (out, _) = listener.stop();
    assert_eq!(out, b"ping\n");

    let echo = listen(&["127.0.0.1:0", "--echo", "--count", "1", "--timeout", "10s"]);
    let addr = echo.addr();
    peer.send_to(b"again", addr).unwrap();
    let n = peer.recv(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"again");
    assert!(echo.finish().0.success());
}

#[test]
fn send_wait_prints_the_replies() {
    let server = UdpSocket::bind("[::1]:0").or_else(|_| UdpSocket::bind("127.0.0.1:0")).unwrap();
    server.set_read_timeout(Some(LIMIT)).unwrap();
    let addr = server.local_addr().unwrap();
    let responder = std::thread::spawn(move || {
        let mut buf = [0u8; 64];
        let (n, from) = server.recv_from(&mut buf).unwrap();
        let mut reply = b"re:".to_vec();
        reply.extend_from_slice(&buf[..n]);
        server.send_to(&reply, from).unwrap();
    });
    let (status, out, err) = run(send(addr, &["x", "--wait", "1s"]), Vec::new());
    responder.join().unwrap();
    assert!(status.success(), "{err}");
    assert_eq!(out, b"re:x\n");
}

#[test]
fn count_and_rate_pace_the_datagrams() {
    let listener = listen(&["127.0.0.1:0", "--count", "5", "--timeout", "10s"]);
    let addr = listener.addr();
    let started = std::time::Instant::now();
    let (status, _, err) = run(send(addr, &["tick", "--count", "5", "--rate", "20/s"]), Vec::new());
    assert!(status.success(), "{err}");
    assert!(started.elapsed() >= Duration::from_millis(200), "paced");
    let (status, out, _) = listener.finish();
    assert!(status.success());
    assert_eq!(out, b"tick\n".repeat(5));
}

#[test]
fn faults_have_their_exit_codes() {
    let busy = UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let out = nt().args(["udp", "listen", &format!("127.0.0.1:{port}")]).output().unwrap();
    assert_error(&out, 4, "cannot listen");
    assert!(String::from_utf8_lossy(&out.stderr).contains("hint:"));
    for bad in ["127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:x"] {
        let out = nt().args(["udp", "send", bad, "x"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
    }
    let out = nt().args(["udp", "send", "127.0.0.1:9", "x", "--rate", "0/s"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid rate"));
    let out = nt().args(["udp", "listen", ":0", "--join", "10.0.0.1"]).output().unwrap();
    assert_error(&out, 2, "not a multicast group");
    let out = nt().args(["udp", "send", "no-such-host.invalid:9", "x"]).output().unwrap();
    assert_error(&out, 4, "cannot resolve");
}

/// A network namespace deleted on Drop.
pub(crate) struct Netns(String);

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
    }
}

/// A network namespace of the test's own (deleted on Drop) with its loopback up; panics
/// where this user may not make one (not root, no iproute2).
pub(crate) fn netns(tag: &str) -> Netns {
    let name = format!("nt-{tag}-{}", std::process::id());
    let made = Command::new("ip").args(["netns", "add", &name]).output();
    assert!(
        made.as_ref().is_ok_and(|o| o.status.success()),
        "cannot create a network namespace (run as root with iproute2): {made:?}"
    );
    let ns = Netns(name);
    assert!(ns.ip(&["link", "set", "lo", "up", "multicast", "on"]), "loopback up in {}", ns.0);
    ns
}

impl Netns {
    /// Run `ip ARGS` inside the namespace; whether it succeeded.
    pub(crate) fn ip(&self, args: &[&str]) -> bool {
        Command::new("ip")
            .args(["netns", "exec", &self.0, "ip"])
            .args(args)
            .status()
            .is_ok_and(|s| s.success())
    }

    /// `nt ARGS` inside the namespace.
    pub(crate) fn nt(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.0]).arg(assert_cmd::cargo::cargo_bin("nt")).args(args);
        cmd
    }
}

#[test]
#[ignore = "needs root: makes a network namespace (ip netns)"]
fn multicast_join_inside_a_network_namespace() {
    let ns = netns("mcast");
    assert!(ns.ip(&["route", "add", "224.0.0.0/4", "dev", "lo"]), "multicast route");
    let in_ns = |args: &[&str]| ns.nt(args);
    let listener = Peer::spawn(in_ns(&[
        "udp",
        "listen",
        ":0",
        "--join",
        "239.1.2.3",
        "--count",
        "1",
        "--timeout",
        "10s",
    ]));
    let port = listener.addr().port();
    let group = format!("239.1.2.3:{port}");
    let (status, _, err) =
        run(in_ns(&["udp", "send", &group, "hi group", "--ttl", "1"]), Vec::new());
    assert!(status.success(), "{err}");
    let (status, out, err) = listener.finish();
    assert!(status.success(), "{err}");
    assert_eq!(out, b"hi group\n");
}

#[test]
fn send_input_errors_are_exit_2_and_refused_is_4() {
    let target: SocketAddr = "127.0.0.1:9".parse().unwrap();
    assert_error(&send(target, &["--raw", "--size", "0"]).output().unwrap(), 2, "--size");
    // Windows cannot start a program with a 70,000-character command line (its limit is
    // 32,767), so there the datagram never reaches nt's check.
    if !windows_under_test() {
        let big = "x".repeat(70_000);
        assert_error(&send(target, &[big.as_str()]).output().unwrap(), 2, "at most 65507");
    }
    let out = send(target, &["x", "--bind", "[::1]:0"]).output().unwrap();
    assert_error(&out, 2, "not the same IP version");
    // Nothing listens: the first datagram draws a port unreachable, the next send fails.
    let closed = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let out = send(addr, &["x", "--count", "5", "--rate", "50/s"]).output().unwrap();
    assert_error(&out, 4, "cannot send");
}

#[cfg(unix)]
#[test]
fn terminal_session_prints_replies_above_the_prompt() {
    let Some(pty) = Pty::open() else {
        eprintln!("skipped: no pseudo-terminal here");
        return;
    };
    let echo = listen(&["127.0.0.1:0", "--echo", "--count", "1", "--timeout", "10s"]);
    let addr = echo.addr();
    let mut child = pty.spawn_editing(send(addr, &[]));
    pty.write(b"hello tty\r");
    let shown = pty.read_until(&format!("[{addr}] hello tty"));
    pty.write(b"\x04");
    let status = child.status_within(LIMIT).expect("nt ends at Ctrl-D");
    assert!(shown.contains(&format!("[{addr}] hello tty")), "{shown:?}");
    assert!(status.success());
    assert!(echo.finish().0.success());
}

#[cfg(unix)]
#[test]
fn ctrl_c_in_a_send_session_is_a_death_by_sigint() {
    use std::os::unix::process::ExitStatusExt;
    let Some(pty) = Pty::open() else { panic!("no pseudo-terminal here") };
    let target = UdpSocket::bind("127.0.0.1:0").unwrap();
    let mut child = pty.spawn_editing(send(target.local_addr().unwrap(), &[]));
    pty.write(b"\x03");
    let status = child.status_within(LIMIT).expect("nt ends at Ctrl-C");
    assert_eq!(status.signal(), Some(libc::SIGINT), "{status:?}: the shell must see 130");
}

#[test]
fn unix_addresses_are_refused_by_name() {
    for args in [&["send", "unix:/x", "hi"][..], &["listen", "unix:/x"], &["send", "UNIX:/x"]] {
        let out = nt().arg("udp").args(args).output().unwrap();
        assert_error(&out, 2, "UDP does not use unix sockets");
    }
}

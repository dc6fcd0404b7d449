//! nt udp against hostile peers and odd answers: a datagram spoofed with the listener's own
//! address, two echo listeners pointed at each other, a closed port, and the terminal
//! session that must show every datagram before it ends.
//!
//! Spoofing needs a raw socket (root, CAP_NET_RAW); those tests are ignored by a plain
//! `cargo test` and run (as root) with `--include-ignored`. The spoofed datagrams go over
//! loopback only.

use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, UdpSocket};
use std::time::{Duration, Instant};

use socket2::{Domain, Protocol, Socket, Type};

use super::{listen, send};
#[cfg(unix)]
use crate::common::Pty;
use crate::common::{LIMIT, assert_error, nt};

/// Send one UDP datagram from `from` to `to` over loopback with a forged source.
fn spoof(from: SocketAddrV4, to: SocketAddrV4, payload: &[u8]) {
    let raw = Socket::new(Domain::IPV4, Type::RAW, Some(Protocol::UDP))
        .expect("a raw socket (these tests need root)");
    raw.set_header_included_v4(true).expect("IP_HDRINCL");
    let udp_len = 8 + payload.len();
    let mut packet = vec![0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17, 0, 0];
    // Total length and header checksum are filled in by the kernel (IP_HDRINCL).
    packet.extend_from_slice(&from.ip().octets());
    packet.extend_from_slice(&to.ip().octets());
    packet.extend_from_slice(&from.port().to_be_bytes());
    packet.extend_from_slice(&to.port().to_be_bytes());
    packet.extend_from_slice(&(udp_len as u16).to_be_bytes());
    packet.extend_from_slice(&[0, 0]); // no UDP checksum (allowed over IPv4)
    packet.extend_from_slice(payload);
    raw.send_to(&packet, &SocketAddr::V4(to).into()).expect("send the spoofed datagram");
}

fn v4(addr: SocketAddr) -> SocketAddrV4 {
    match addr {
        SocketAddr::V4(a) => a,
        SocketAddr::V6(a) => panic!("expected an IPv4 listener, got {a}"),
    }
}

#[test]
#[ignore = "needs root: a raw socket (CAP_NET_RAW) to spoof a source address"]
fn echo_never_answers_a_datagram_spoofed_with_its_own_address() {
    let listener = listen(&["127.0.0.1:0", "--echo", "--timeout", "1s"]);
    let addr = v4(listener.addr());
    let started = Instant::now();
    spoof(addr, addr, b"loop");
    // The old listener echoed this to itself forever: its idle timeout never came.
    let (status, out, err) = listener.finish();
    assert!(status.success(), "{err}");
    assert_eq!(out, b"loop\n", "shown once, never echoed to itself");
    assert!(err.contains("not echoing a datagram that claims to come from this listener"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
#[ignore = "needs root: a raw socket (CAP_NET_RAW) to spoof a source address"]
fn two_echo_listeners_pointed_at_each_other_stop() {
    let a = listen(&["127.0.0.1:0", "--echo", "--echo-rate", "50/s", "--timeout", "1s"]);
    let b = listen(&["127.0.0.1:0", "--echo", "--echo-rate", "50/s", "--timeout", "1s"]);
    let (a_addr, b_addr) = (v4(a.addr()), v4(b.addr()));
    // One datagram to A that claims to come from B starts the ping-pong.
    spoof(b_addr, a_addr, b"ping-pong");
    let (a_status, a_out, a_err) = a.finish();
    let (b_status, b_out, b_err) = b.finish();
    assert!(a_status.success() && b_status.success(), "{a_err}\n{b_err}");
    let (a_seen, b_seen) =
        (a_out.split(|b| *b == b'\n').count(), b_out.split(|b| *b == b'\n').count());
    // Each side echoes its burst (50) and a little more while the other still answers.
    assert!(a_seen > 1 && a_seen < 200, "A saw {a_seen} datagrams");
    assert!(b_seen > 1 && b_seen < 200, "B saw {b_seen} datagrams");
    assert!(
        a_err.contains("faster than --echo-rate") || b_err.contains("faster than --echo-rate"),
        "{a_err}\n{b_err}"
    );
}

#[test]
fn send_to_a_closed_port_is_exit_4_with_or_without_wait_and_count() {
    let closed = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    for extra in
        [&[][..], &["--wait", "300ms"], &["--count", "3"], &["--count", "2", "--wait", "200ms"]]
    {
        let mut args = vec!["x"];
        args.extend_from_slice(extra);
        let out = send(addr, &args).output().unwrap();
        assert_error(&out, 4, "cannot send");
        assert!(String::from_utf8_lossy(&out.stderr).contains("port unreachable"), "{extra:?}");
    }
    let mut lines = send(addr, &[]);
    lines.stdin(std::process::Stdio::piped());
    let (status, _, err) = crate::common::run(lines, b"a\n".to_vec());
    assert_eq!(status.code(), Some(4), "one line from stdin: {err}");
}

/// The port of the `listening on ADDR` line shown on the terminal.
#[cfg(unix)]
fn listening_port(pty: &Pty) -> u16 {
    let mut text = pty.read_until("listening on ");
    let after = |t: &str| t.split("listening on ").nth(1).unwrap_or_default().to_string();
    while !after(&text).contains('\n') {
        text.push_str(&pty.read_until("\n"));
    }
    let line = after(&text);
    let addr = line.lines().next().unwrap_or_default().trim();
    addr.rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("a port in {text:?}"))
}

#[cfg(unix)]
#[test]
fn a_count_on_a_terminal_shows_every_datagram_before_exit() {
    let Some(pty) = Pty::open() else {
        panic!("no pseudo-terminal here");
    };
    for round in 0..5 {
        let mut cmd = nt();
        cmd.args(["udp", "listen", "127.0.0.1:0", "--count", "3", "--timeout", "10s"]);
        let mut child = pty.spawn(cmd);
        let port = listening_port(&pty);
        let peer = UdpSocket::bind("127.0.0.1:0").unwrap();
        let target = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        for word in ["one", "two", "three"] {
            peer.send_to(word.as_bytes(), target).unwrap();
        }
        let status = child.status_within(LIMIT).expect("nt ends after 3 datagrams");
        let rest = pty.read_until("] three");
        assert!(status.success(), "round {round}: {rest:?}");
        assert!(rest.contains("] three"), "round {round}: the third datagram is missing: {rest:?}");
    }
}

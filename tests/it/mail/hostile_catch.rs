//! `nt mail catch` against hostile clients (issue 20), each a real socket on 127.0.0.1
//! that misbehaves: one that pipelines NOOPs and never reads its replies, SMTP smuggling
//! in every line-end shape, a line without LF, AUTH before STARTTLS, a full disk; and the
//! usability items: the address as a positional, the `Received:` line, the 552 that names
//! the limit.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::catch::{Raw, catch, caught, sent};
use crate::common::{Home, Running, assert_error, run};

/// A `/proc/PID/status` figure in KiB (VmRSS, VmHWM).
fn status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// A client gives an envelope and a small message, and it is kept.
fn deliver(raw: &mut Raw, subject: &str) {
    raw.expect("EHLO ok.test\r\n", "250");
    raw.expect("MAIL FROM:<a@x.test>\r\n", "250");
    raw.expect("RCPT TO:<b@y.test>\r\n", "250");
    raw.expect("DATA\r\n", "354");
    raw.expect(&format!("Subject: {subject}\r\n\r\nhello\r\n.\r\n"), "250 2.0.0");
    raw.expect("QUIT\r\n", "221");
}

#[test]
fn a_client_that_never_reads_its_replies_is_not_read_either() {
    let home = Home::new();
    let inbox = home.path().join("in");
    let (server, addr) = catch(&home, &[inbox.to_str().unwrap()]);
    let mut hostile = TcpStream::connect(addr).unwrap();
    hostile.set_write_timeout(Some(Duration::from_secs(2))).unwrap();
    // 1 MiB blocks of NOOPs, up to 256 MiB, until the catcher stops taking them.
    let block = "NOOP\r\n".repeat((1 << 20) / 6 + 1).into_bytes();
    let (mut sent_mib, started) = (0, Instant::now());
    while sent_mib < 256 && started.elapsed() < Duration::from_secs(60) {
        if hostile.write_all(&block).is_err() {
            break;
        }
        sent_mib += 1;
    }
    assert!(sent_mib < 256, "the catcher read 256 MiB of commands whose replies nobody read");
    let peak = status_kib(server.id(), "VmHWM:");
    assert!(peak < 60 * 1024, "peak RSS {peak} KiB after {sent_mib} MiB of NOOPs");
    // Meanwhile another client is served.
    let mut other = Raw::connect(addr);
    deliver(&mut other, "still here");
    assert_eq!(caught(&inbox).len(), 1);
    drop(hostile);
    drop(server);
}

#[test]
fn smuggled_commands_stay_in_the_message() {
    let home = Home::new();
    let inbox = home.path().join("in");
    let (server, addr) = catch(&home, &[inbox.to_str().unwrap()]);
    let shapes = ["\n.\r\n", "\r.\r\n", "\r\n.\n", "\n.\n", "\r\n.\r"];
    for shape in shapes {
        let mut raw = Raw::connect(addr);
        raw.expect("EHLO c\r\n", "250");
        raw.expect("MAIL FROM:<a@x>\r\n", "250");
        raw.expect("RCPT TO:<b@y>\r\n", "250");
        raw.expect("DATA\r\n", "354");
        raw.send(&format!("Subject: {shape:?}\r\n\r\nline{shape}MAIL FROM:<evil@x>\r\n"));
        raw.send("RCPT TO:<victim@x>\r\nDATA\r\nsmuggled\r\n.\r\n");
        let reply = raw.reply();
        assert!(reply.starts_with("250 2.0.0"), "{shape:?}: {reply}");
        // The next reply is QUIT's: no command of the body was run.
        raw.expect("QUIT\r\n", "221");
    }
    let files = caught(&inbox);
    assert_eq!(files.len(), shapes.len(), "one message per connection");
    for file in files {
        let text = String::from_utf8_lossy(&file);
        assert!(text.contains("MAIL FROM:<evil@x>\r\nRCPT TO:<victim@x>\r\nDATA\r\n"), "{text}");
        assert!(text.ends_with("smuggled\r\n") && text.contains("for <b@y>;"), "{text}");
    }
    drop(server);
}

#[test]
fn a_line_without_lf_is_refused_at_16_kib_and_closed() {
    let home = Home::new();
    let (server, addr) = catch(&home, &[]);
    let mut raw = Raw::connect(addr);
    raw.send(&"z".repeat(16 * 1024 + 1));
    let mut rest = String::new();
    raw.reader.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "500 5.5.2 line too long (at most 16 KiB), closing\r\n");
    // A line of 16 KiB with its CRLF is a command like any other.
    let mut raw = Raw::connect(addr);
    raw.expect("EHLO c\r\n", "250");
    raw.expect(&format!("MAIL FROM:<a@x>{}\r\n", " ".repeat(16 * 1024 - 17)), "250");
    drop(server);
}

/// Connect from another loopback address (127.0.0.2): another source.
fn connect_from(ip: &str, addr: SocketAddr) -> Raw {
    let sock = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    let from: SocketAddr = format!("{ip}:0").parse().unwrap();
    sock.bind(&from.into()).unwrap();
    sock.connect(&addr.into()).unwrap();
    let mut raw = Raw::from_stream(sock.into());
    assert!(raw.reply().starts_with("220"));
    raw
}

#[test]
fn silent_connections_do_not_hold_every_slot() {
    let home = Home::new();
    let inbox = home.path().join("in");
    let (server, addr) = catch(&home, &["--login-timeout", "4s", inbox.to_str().unwrap()]);
    let silent: Vec<TcpStream> = (0..100).map(|_| TcpStream::connect(addr).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(300));
    // Another source is served at once (--max-pending 10 left it 90 slots).
    let started = Instant::now();
    let mut other = connect_from("127.0.0.2", addr);
    deliver(&mut other, "from elsewhere");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    // The same source is served once the silent ones are refused or timed out.
    let started = Instant::now();
    let mut same = loop {
        let sock = TcpStream::connect(addr).unwrap();
        let mut raw = Raw::from_stream(sock);
        if raw.reply().starts_with("220") {
            break raw;
        }
        assert!(started.elapsed() < Duration::from_secs(8), "refused for 8 s");
        std::thread::sleep(Duration::from_millis(200));
    };
    deliver(&mut same, "same source");
    // Every silent socket was closed: 10 (--max-pending) at the EHLO deadline, the rest
    // at once, told why (or without a word past the layer's refusals at once).
    let (mut late, mut refused) = (0, 0);
    for mut sock in silent {
        sock.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut text = String::new();
        sock.read_to_string(&mut text).unwrap();
        if text.ends_with("421 4.4.2 no EHLO or HELO in time (--login-timeout), closing\r\n") {
            late += 1;
        } else if text.starts_with("421 4.7.0 too many connections from your address") {
            refused += 1;
        } else {
            assert_eq!(text, "", "closed without a word");
        }
    }
    assert_eq!(late, 10);
    assert!(refused > 0);
    assert_eq!(caught(&inbox).len(), 2);
    drop(server);
}

#[test]
fn silent_pop3_connections_are_capped_and_timed_out() {
    let home = Home::new();
    let inbox = home.path().join("in");
    let mut cmd = home.nt();
    cmd.args(["mail", "catch", "--listen", "127.0.0.1:0", "--pop3", "127.0.0.1:0", "--user"]);
    cmd.args(["me", "--login-timeout", "1s", "--max-pending", "3"]).arg(&inbox);
    cmd.env("NT_POP3_PASSWORD", "pw");
    let server = Running::spawn(cmd);
    let (_smtp, pop3) = (server.addr(), server.addr());
    let silent: Vec<TcpStream> = (0..5).map(|_| TcpStream::connect(pop3).unwrap()).collect();
    let started = Instant::now();
    let mut told = Vec::new();
    for mut sock in silent {
        sock.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut text = String::new();
        sock.read_to_string(&mut text).unwrap();
        told.push(text);
    }
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    let late = "+OK nt POP3 server ready\r\n-ERR no login in time, closing\r\n";
    let refused = "-ERR [SYS/TEMP] too many connections from your address not logged in";
    assert_eq!(told.iter().filter(|t| *t == late).count(), 3, "{told:?}");
    assert_eq!(told.iter().filter(|t| t.starts_with(refused)).count(), 2, "{told:?}");
    // A client that logs in is served.
    let mut list = home.nt();
    list.args(["mail", "list", &format!("pop3://me@{pop3}"), "--tls", "off", "--insecure"]);
    list.env("NT_POP3_PASSWORD", "pw");
    let (status, _, err) = run(list, Vec::new());
    assert!(status.success(), "{err}");
    drop(server);
}

#[test]
fn auth_only_after_starttls_when_there_is_a_certificate() {
    let home = Home::new();
    let inbox = home.path().join("in");
    let (server, addr) = catch(&home, &["--self-signed", "--count", "1", inbox.to_str().unwrap()]);
    let line = server.line_with("clients: --pin ");
    let pin = line.rsplit(' ').next().unwrap().trim_end_matches(')').to_string();
    let mut raw = Raw::connect(addr);
    let ehlo = raw.expect("EHLO c\r\n", "250");
    assert!(ehlo.contains("STARTTLS") && !ehlo.contains("AUTH"), "{ehlo}");
    raw.expect("AUTH PLAIN AHVzZXIAcGFzcw==\r\n", "530 5.7.0");
    raw.expect("AUTH LOGIN\r\n", "530 5.7.0");
    raw.expect("QUIT\r\n", "221");
    // Over STARTTLS the login is taken (without a certificate it is taken over plain SMTP:
    // catch.rs, pipelining_utf8_auth_and_hostile_clients).
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--server", &addr.to_string(), "--pin", &pin]);
    cmd.args(["--user", "me@x.test", "--to", "b@y.test", "--body", "sealed"]);
    cmd.env("NT_SMTP_PASSWORD", "any");
    let (status, _, err) = run(cmd, Vec::new());
    assert!(status.success(), "{err}");
    let (status, _, err) = server.finish();
    assert!(status.success(), "{err}");
    let file = String::from_utf8(caught(&inbox).remove(0)).unwrap();
    assert!(file.contains(" (nt) with ESMTPSA\r\n\tfor <b@y.test>; "), "{file}");
}

/// Unmounts (and so empties) a tmpfs when dropped, also when the test fails.
struct Mount<'a>(&'a Path);

impl Drop for Mount<'_> {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0).status();
    }
}

#[test]
#[ignore = "needs root: mount"]
fn a_full_disk_leaves_nothing_in_tmp() {
    let home = Home::new();
    let disk = home.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&disk)
        .status()
        .unwrap();
    assert!(mounted.success(), "mount -t tmpfs (needs root)");
    let _mount = Mount(&disk);
    let inbox = disk.join("in");
    let (server, addr) = catch(&home, &[inbox.to_str().unwrap()]);
    let mut raw = Raw::connect(addr);
    raw.expect("EHLO c\r\n", "250");
    for _ in 0..2 {
        raw.expect("MAIL FROM:<a@x>\r\n", "250");
        raw.expect("RCPT TO:<b@y>\r\n", "250");
        raw.expect("DATA\r\n", "354");
        let line = format!("{}\r\n", "x".repeat(998));
        raw.send(&line.repeat(2048));
        raw.expect(".\r\n", "451 4.3.0");
        let left = std::fs::read_dir(inbox.join("tmp")).unwrap().count();
        assert_eq!(left, 0, "a failed message leaves nothing in tmp/");
    }
    deliver(&mut raw, "fits");
    assert_eq!(caught(&inbox).len(), 1);
    let (_, err) = server.stop();
    assert!(err.contains("cannot keep a message"), "{err}");
}

#[test]
fn the_address_as_a_positional_and_a_received_line() {
    let home = Home::new();
    let inbox = home.path().join("in");
    let mut cmd = home.nt();
    cmd.args(["mail", "catch", inbox.to_str().unwrap(), "127.0.0.1:0", "--count", "2"]);
    let server = Running::spawn(cmd);
    let addr = server.addr();
    let mut raw = Raw::connect(addr);
    deliver(&mut raw, "one");
    let mut raw = Raw::connect(addr);
    raw.expect("HELO plain.test\r\n", "250");
    raw.expect("MAIL FROM:<a@x>\r\n", "250");
    raw.expect("RCPT TO:<b@y>\r\n", "250");
    raw.expect("RCPT TO:<c@y>\r\n", "250");
    raw.expect("DATA\r\n", "354");
    raw.expect("Subject: two\r\n\r\nx\r\n.\r\n", "250");
    let (status, _, err) = server.finish();
    assert!(status.success(), "{err}");
    let files = caught(&inbox);
    assert_eq!(files.len(), 2);
    let heads: Vec<String> = files
        .iter()
        .map(|f| {
            let head = &f[..f.len() - sent(f).len()];
            String::from_utf8(head.to_vec()).unwrap()
        })
        .collect();
    let want = "Received: from ok.test ([127.0.0.1])\r\n\tby ";
    assert!(
        heads[0].starts_with(want) && heads[0].contains(" (nt) with ESMTP\r\n\tfor <b@y.test>; ")
    );
    assert!(
        heads[1].starts_with("Received: from plain.test ([127.0.0.1])\r\n\tby "),
        "{}",
        heads[1]
    );
    assert!(heads[1].contains(" (nt) with SMTP; ") && !heads[1].contains("for <"), "{}", heads[1]);
    for head in &heads {
        let date = head.rsplit("; ").next().unwrap().trim_end();
        assert!(chrono::DateTime::parse_from_rfc2822(date).is_ok(), "{date}");
    }
    // ADDR and --listen say the same thing: one of them.
    let both = home.nt().args(["mail", "catch", "d", "127.0.0.1:0", "--listen", ":0"]).output();
    assert_error(&both.unwrap(), 2, "--listen");
}

#[test]
fn a_refused_size_names_the_limit_and_its_flag() {
    let home = Home::new();
    let (server, addr) = catch(&home, &["--max-size", "2KiB"]);
    let big = home.path().join("big.bin");
    std::fs::write(&big, vec![7u8; 4096]).unwrap();
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--server", &addr.to_string(), "--tls", "off"]);
    cmd.args(["--from", "a@x.test", "--to", "b@y.test", "--attach", big.to_str().unwrap()]);
    let (status, _, err) = run(cmd, Vec::new());
    assert!(!status.success(), "{err}");
    assert!(
        err.contains("552 5.3.4 message too big: the limit is 2 KiB (nt mail catch --max-size)"),
        "{err}"
    );
    drop(server);
}

//! `nt ftp serve` against hostile clients (issue 20): each test is a raw TCP client on
//! 127.0.0.1 speaking FTP the way an attacker or a broken client does, against the real
//! server, with assertions on what the server answers and what it holds.
//!
//! Covered: thousands of PASV on one session (fds stay few, others still list), Python's
//! FTP_TLS upload with PROT P (close_notify), silent connections (the login deadline and
//! the per-source cap on connections not logged in), data connections that never come or fail their TLS handshake
//! (425/522 in time, the session goes on), password guessing (3 failures close the
//! session, each 530 waits longer), replies that match the outcome (read-only, the jail,
//! EPSV ALL, a newline in a name), `--max-upload` (552, no file left), a full disk (452,
//! the session goes on; needs root for a tmpfs), and the start-up lines (`--json`, the
//! hint with the user and `--pin`).

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use super::raw::Raw;
use super::{PW, pub_dir, serve};
use crate::common::{LIMIT, noise};

/// The server's open file descriptors.
fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map(|d| d.count()).unwrap_or(usize::MAX)
}

/// The port of a 229 reply.
fn epsv_port(text: &str) -> u16 {
    text.split("|||").nth(1).and_then(|t| t.split('|').next()).unwrap().parse().unwrap()
}

#[test]
fn thousands_of_pasv_hold_one_listener_and_others_still_list() {
    let dir = pub_dir();
    let (server, addr) = serve(dir.path(), &["--passive-ports", "50500-50503"], &[]);
    let mut flood = Raw::anonymous(addr);
    let before = open_fds(server.id());
    let mut ports = std::collections::HashSet::new();
    for i in 0..2000 {
        let command = if i % 2 == 0 { "PASV" } else { "EPSV" };
        let (code, text) = flood.cmd(command);
        assert!(code == 227 || code == 229, "{command}: {text}");
        if code == 229 {
            ports.insert(epsv_port(&text));
        }
    }
    let during = open_fds(server.id());
    assert!(during <= before + 8, "fds went from {before} to {during}");
    assert!(ports.len() <= 3, "one waiting port is named again: {ports:?}");
    // Another client still gets a port in the four-port range, and its listing.
    let mut other = Raw::anonymous(addr);
    let listing = other.read_data("NLST").expect("a listing");
    assert_eq!(String::from_utf8_lossy(&listing).lines().count(), 2, "a.txt and sub");
    assert_eq!(flood.cmd("NOOP").0, 200, "the flooding session is still in step");
}

#[test]
#[ignore = "needs python3: apt-get install python3"]
fn python_ftp_tls_storbinary_with_prot_p_ends_cleanly() {
    let dir = pub_dir();
    let env = [("NT_FTP_PASSWORD", PW)];
    let args = ["--user", "zzy", "--write", "--self-signed"];
    let (_server, addr) = serve(dir.path(), &args, &env);
    let work = tempfile::tempdir().unwrap();
    let png = noise(300_000, 21);
    std::fs::write(work.path().join("flashfxp.png"), &png).unwrap();
    let program = r#"
import ftplib, ssl, sys
host, port, user, passwd, localfile = sys.argv[1:]
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
ftp = ftplib.FTP_TLS(context=context)
ftp.connect(host, int(port))
ftp.login(user, passwd)
ftp.prot_p()
with open(localfile, "rb") as file:
    print(ftp.storbinary("STOR newxp.png", file, 1024))
print("size", ftp.size("newxp.png"))
print("pwd", ftp.pwd())
with open("back.png", "wb") as file:
    print(ftp.retrbinary("RETR newxp.png", file.write, 1024))
print(ftp.nlst())
ftp.quit()
"#;
    let out = std::process::Command::new("/usr/bin/python3")
        .current_dir(work.path())
        .args(["-c", program, "127.0.0.1", &addr.port().to_string(), "zzy", PW])
        .arg("flashfxp.png")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}{err}");
    assert!(text.starts_with("226 "), "storbinary got its final reply: {text}");
    assert!(text.contains(&format!("size {}\n", png.len())), "the next command is in step: {text}");
    assert!(text.contains("pwd /\n"), "{text}");
    assert!(text.contains("['a.txt', 'newxp.png', 'sub']"), "{text}");
    assert_eq!(std::fs::read(dir.path().join("newxp.png")).unwrap(), png, "byte-exact");
    assert_eq!(std::fs::read(work.path().join("back.png")).unwrap(), png);
}

#[test]
fn silent_connections_are_closed_at_the_login_deadline() {
    let dir = pub_dir();
    let (server, addr) = serve(dir.path(), &["--login-timeout", "1s", "--max-clients", "4"], &[]);
    let started = Instant::now();
    let mut silent: Vec<Raw> = (0..4).map(|_| Raw::connect(addr)).collect();
    for raw in &mut silent {
        let (code, text) = raw.reply();
        assert!(code == 421 && text.contains("Login timed out"), "{code} {text}");
        assert_eq!(raw.reply().0, 0, "then the server hangs up");
    }
    assert!(started.elapsed() < Duration::from_secs(8), "{:?}", started.elapsed());
    // The slots are free again, and a client that logs in in time stays.
    let mut real = Raw::anonymous(addr);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(real.cmd("NOOP").0, 200, "no deadline after the login");
    drop(real);
    server.wait_stderr("close: login timed out", 4);
}

#[test]
fn connections_not_logged_in_are_capped_per_source() {
    let dir = pub_dir();
    let (server, addr) = serve(dir.path(), &["--max-pending", "2"], &[]);
    let mut first = Raw::connect(addr);
    let _second = Raw::connect(addr);
    let mut third = std::net::TcpStream::connect(addr).unwrap();
    third.set_read_timeout(Some(LIMIT)).unwrap();
    let mut refusal = String::new();
    third.read_to_string(&mut refusal).unwrap();
    assert!(refusal.starts_with("421 ") && refusal.contains("not logged in"), "{refusal}");
    first.login("anonymous", "x@");
    let mut fourth = Raw::connect(addr);
    assert_eq!(fourth.cmd("NOOP").0, 200, "a login frees its share of the cap");
    server.wait_stderr("--max-pending 2", 1);
}

#[test]
fn a_data_connection_that_never_comes_gets_425_in_time() {
    let dir = pub_dir();
    let (_server, addr) = serve(dir.path(), &[], &[]);
    let mut raw = Raw::anonymous(addr);
    assert_eq!(raw.cmd("RETR a.txt").0, 425, "no passive port: refused before any 150");
    assert_eq!(raw.cmd("EPSV").0, 229);
    let started = Instant::now();
    let (code, _) = raw.cmd("RETR a.txt");
    let code = if code == 150 { raw.reply().0 } else { code };
    assert_eq!(code, 425, "no data connection came");
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(14), "within the accept limit: {waited:?}");
    assert_eq!(raw.cmd("NOOP").0, 200, "the session goes on");
    assert_eq!(raw.read_data("RETR a.txt"), Ok(b"hello\n".to_vec()));
}

#[test]
fn a_failed_tls_data_handshake_gets_522_and_the_session_goes_on() {
    let dir = pub_dir();
    let cert = crate::ftp::server::Cert::new();
    let (server, addr) = super::serve_with_cert(dir.path(), &cert, "required");
    let mut raw = Raw::connect(addr).anonymous_over_tls(&cert, "P");
    let started = Instant::now();
    let ((code, text), data) = raw.retr_over_a_botched_handshake(false);
    assert_eq!(code, 522, "{text}");
    assert!(started.elapsed() < LIMIT);
    drop(data);
    // A silent handshake ends the same way, within the accept limit.
    let _silent = raw.data();
    let (code, text) = raw.cmd("LIST");
    let code = if code == 150 { raw.reply().0 } else { code };
    assert_eq!(code, 522, "{text}");
    assert_eq!(raw.cmd("NOOP").0, 200, "the session goes on");
    drop(raw);
    let (_, log) = server.stop();
    assert!(!log.contains("panicked") && !log.contains("inside libunftp"), "{log}");
}

#[test]
fn three_failed_logins_close_the_session_and_each_waits_longer() {
    let dir = pub_dir();
    let (server, addr) = serve(dir.path(), &["--user", "alice"], &[("NT_FTP_PASSWORD", PW)]);
    let mut raw = Raw::connect(addr);
    let mut waits = Vec::new();
    for guess in ["a", "b", "c"] {
        assert_eq!(raw.cmd("USER alice").0, 331);
        let started = Instant::now();
        let (code, text) = raw.cmd(&format!("PASS {guess}"));
        assert_eq!(code, 530, "{text}");
        waits.push(started.elapsed());
    }
    let (code, text) = raw.reply();
    assert!(code == 421 && text.contains("failed logins"), "{code} {text}");
    assert_eq!(raw.reply().0, 0, "the session is closed after 3 failures");
    assert!(waits[0] >= Duration::from_millis(900), "{waits:?}");
    assert!(waits[1] >= waits[0] + Duration::from_millis(700), "{waits:?}");
    assert!(waits[2] >= waits[1] + Duration::from_millis(1500), "{waits:?}");
    server.wait_stderr("close: too many failed logins", 1);
}

#[test]
fn replies_match_the_outcome_before_any_150() {
    let dir = pub_dir();
    let (_ro, addr) = serve(dir.path(), &[], &[]);
    let mut raw = Raw::anonymous(addr);
    assert_eq!(raw.cmd("RNFR a.txt").0, 550, "read-only RNFR");
    let _data = raw.data();
    assert_eq!(raw.cmd("STOR new.txt").0, 550, "read-only STOR, no 150");
    assert_eq!(raw.cmd("EPSV ALL").0, 200);
    assert_eq!(raw.cmd("PASV").0, 503, "only EPSV after EPSV ALL");
    assert!(!dir.path().join("new.txt").exists());

    let (_rw, addr) = serve(dir.path(), &["--write"], &[]);
    let mut raw = Raw::anonymous(addr);
    let _data = raw.data();
    assert_eq!(raw.cmd("STOR ../escape.txt").0, 550, "outside the jail, no 150");
    assert_eq!(raw.cmd("CWD sub").0, 250);
    assert_eq!(raw.cmd("STOR ../../escape.txt").0, 550);
    raw.send("STOR evil\nname");
    let (code, text) = raw.reply();
    assert_eq!(code, 501, "a newline inside a name, refused as one line: {text}");
    assert_eq!(raw.cmd("STOR bad\rname").0, 501, "a control character in a name");
    assert_eq!(raw.cmd("NOOP").0, 200, "the session goes on");
    let names: Vec<String> = std::fs::read_dir(dir.path().join("sub"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.is_empty(), "{names:?}");
    assert!(!dir.path().parent().unwrap().join("escape.txt").exists());
}

#[test]
fn an_upload_past_max_upload_is_cut_with_552_and_removed() {
    let dir = pub_dir();
    let (server, addr) = serve(dir.path(), &["--write", "--max-upload", "100KiB"], &[]);
    let mut raw = Raw::anonymous(addr);
    let mut data = raw.data();
    assert_eq!(raw.cmd("STOR big.bin").0, 150);
    let _ = data.write_all(&noise(1 << 20, 5));
    drop(data);
    let (code, text) = raw.reply();
    assert_eq!(code, 552, "{text}");
    assert!(!dir.path().join("big.bin").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".nt-upload-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // At the bound exactly is fine.
    let mut data = raw.data();
    assert_eq!(raw.cmd("STOR fits.bin").0, 150);
    data.write_all(&noise(100 << 10, 6)).unwrap();
    drop(data);
    assert_eq!(raw.reply().0, 226);
    assert_eq!(std::fs::read(dir.path().join("fits.bin")).unwrap(), noise(100 << 10, 6));
    drop(raw);
    let (_, log) = server.stop();
    assert!(log.contains("\"STOR big.bin\" 552"), "{log}");
}

#[test]
#[ignore = "needs root: mount"]
fn a_full_disk_answers_452_and_keeps_the_session() {
    let dir = pub_dir();
    let small = dir.path().join("small");
    std::fs::create_dir(&small).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&small)
        .status()
        .unwrap();
    assert!(mounted.success(), "mount a 1 MiB tmpfs");
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(small.clone());
    let (server, addr) = serve(&small, &["--write"], &[]);
    let mut raw = Raw::anonymous(addr);
    let mut data = raw.data();
    assert_eq!(raw.cmd("STOR big.bin").0, 150);
    let _ = data.write_all(&noise(3 << 20, 7));
    drop(data);
    let (code, text) = raw.reply();
    assert!(code == 452 || code == 552, "{code} {text}");
    assert_eq!(raw.cmd("NOOP").0, 200, "the session goes on");
    let mut data = raw.data();
    assert_eq!(raw.cmd("STOR small.bin").0, 150, "the failed upload freed its space");
    data.write_all(b"fits").unwrap();
    drop(data);
    assert_eq!(raw.reply().0, 226);
    drop(raw);
    let (_, log) = server.stop();
    assert!(log.contains("\"STOR big.bin\" 452") || log.contains("\"STOR big.bin\" 552"), "{log}");
}

#[test]
fn start_up_lines_are_json_under_json_and_the_hint_works() {
    let dir = pub_dir();
    let env = [("NT_FTP_PASSWORD", PW)];
    let (server, _addr) = serve(dir.path(), &["--json", "--self-signed"], &[]);
    let serving = server.line_with("\"serving\"");
    let value: serde_json::Value = serde_json::from_str(&serving).expect("JSON");
    assert_eq!(value["tls"], "required");
    assert!(value["pin"].as_str().is_some_and(|p| !p.is_empty()), "{serving}");
    let (_, log) = server.stop();
    for line in log.lines().filter(|l| !l.starts_with("listening on ")) {
        assert!(serde_json::from_str::<serde_json::Value>(line).is_ok(), "not JSON: {line}");
    }

    let (server, addr) = serve(dir.path(), &["--user", "alice", "--self-signed"], &env);
    let line = server.line_with("try: ");
    let hint = line.split("try: ").nth(1).unwrap();
    assert!(hint.contains(&format!("ftp://alice@127.0.0.1:{}/", addr.port())), "{hint}");
    assert!(hint.contains(" --pin "), "{hint}");
    let words: Vec<&str> = hint.split_whitespace().collect();
    assert_eq!(&words[..3], ["nt", "ftp", "ls"], "{hint}");
    let mut cmd = crate::common::nt();
    cmd.args(&words[1..]).env("NT_FTP_PASSWORD", PW);
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "the hint works: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "a.txt\nsub\n");
    drop(server);
}

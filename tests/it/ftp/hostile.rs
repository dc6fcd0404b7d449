//! nt ftp against servers that misbehave on purpose (`fake.rs`): silence at every step,
//! Ctrl-C while waiting, a wrong pin beside --insecure, AUTH TLS listed and refused, an
//! endless FEAT reply, a 300 MiB listing line, more bytes than SIZE said, names no local
//! file system can hold, one refused file among many, and a resume hint that works when
//! pasted.

#[cfg(unix)]
use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::fake::{Fake, Knobs};
use super::server::{Cert, wait_for};
use super::{finish, nt_as_alice, ok, run};
use crate::common::{Home, assert_error, noise, run_sampled, stderr_text};

fn tls_knobs(cert: &Cert) -> Knobs {
    let key = std::fs::read(&cert.key).expect("key");
    Knobs { tls: Some((cert.der.clone(), key)), ..Knobs::default() }
}

/// `nt ftp --timeout 1s ARGS...` must end in exit 4 saying `timed out`, within a few seconds.
fn times_out(home: &Home, args: &[&str]) {
    let started = Instant::now();
    let mut cmd = nt_as_alice(home);
    cmd.args(["ftp", "--timeout", "1s"]).args(args);
    let out = run(&mut cmd);
    assert_error(&out, 4, "timed out");
    let err = stderr_text(&out);
    assert!(!err.contains("temporarily unavailable"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(8), "took {:?}", started.elapsed());
}

#[test]
fn every_wait_on_a_silent_server_is_bounded() {
    let home = Home::new();
    // Accepts and never greets: plain, and implicit TLS (silent in the handshake).
    let silent = Fake::start(Knobs { silent: true, ..Knobs::default() }, Vec::new());
    times_out(&home, &["ls", &silent.url("ftp")]);
    times_out(&home, &["--insecure", "ls", &silent.url("ftps")]);
    // The handshake completes, the greeting never comes.
    let cert = Cert::new();
    let after_tls = Fake::start(Knobs { silent_after_tls: true, ..tls_knobs(&cert) }, Vec::new());
    times_out(&home, &["--insecure", "ls", &after_tls.url("ftps")]);
    // One reply never comes; a data connection stays silent.
    let files = vec![("f.bin".to_string(), noise(100, 1))];
    let mute = Fake::start(Knobs { mute: Some("SIZE"), ..Knobs::default() }, files.clone());
    times_out(&home, &["get", &format!("{}/f.bin", mute.url("ftp"))]);
    let quiet_data = Fake::start(Knobs { silent_data: true, ..Knobs::default() }, files);
    times_out(&home, &["get", &format!("{}/f.bin", quiet_data.url("ftp"))]);
    assert!(!home.path().join("f.bin").exists());
}

#[cfg(unix)]
#[test]
fn the_first_ctrl_c_while_waiting_ends_nt_at_once() {
    let silent = Fake::start(Knobs { silent: true, ..Knobs::default() }, Vec::new());
    let home = Home::new();
    let child = nt_as_alice(&home)
        .args(["ftp", "ls", &silent.url("ftp")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn nt");
    wait_for("nt to connect", Duration::from_secs(10), || {
        silent.accepted.load(Ordering::SeqCst) > 0
    });
    let sent = Instant::now();
    // SAFETY: sending SIGINT to our own child process by its id.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = finish(child, Duration::from_secs(10));
    assert!(sent.elapsed() < Duration::from_secs(2), "took {:?}", sent.elapsed());
    assert_eq!(out.status.signal(), Some(libc::SIGINT), "{}", stderr_text(&out));
}

#[test]
fn a_pin_is_checked_beside_insecure_before_any_login() {
    let cert = Cert::new();
    let fake = Fake::start(tls_knobs(&cert), vec![("a.txt".into(), b"x".to_vec())]);
    let home = Home::new();
    let wrong = "00".repeat(32);
    let out = run(nt_as_alice(&home).args([
        "ftp",
        "--insecure",
        "--pin",
        &wrong,
        "ls",
        &fake.url("ftps"),
    ]));
    assert_error(&out, 5, "does not match --pin");
    home.config("[ftp]\ninsecure = true\n");
    let out = run(nt_as_alice(&home).args(["ftp", "--pin", &wrong, "ls", &fake.url("ftps")]));
    assert_error(&out, 5, "does not match --pin");
    let sent = fake.commands();
    assert!(sent.iter().all(|c| !c.starts_with("USER") && !c.starts_with("PASS")), "{sent:?}");
    // The right pin beside --insecure logs in.
    let pin = cert.fingerprint();
    ok(&run(nt_as_alice(&home).args(["ftp", "--pin", &pin, "ls", &fake.url("ftps")])));
    assert!(fake.commands().iter().any(|c| c == "USER alice"));
}

#[test]
fn auth_tls_listed_then_refused_goes_on_in_plain_text_only_under_auto() {
    let fake = Fake::start(
        Knobs { refuse_auth: true, ..Knobs::default() },
        vec![("a.txt".into(), b"x".to_vec())],
    );
    let home = Home::new();
    let out = run(nt_as_alice(&home).args(["ftp", "ls", &fake.url("ftp")]));
    assert_eq!(ok(&out), "a.txt\n");
    let err = stderr_text(&out);
    assert!(err.contains("refused it") && err.contains("continuing in plain text"), "{err}");
    assert!(err.contains("in clear text"), "{err}");
    // Bare --tls means required.
    let out = run(nt_as_alice(&home).args(["ftp", "ls", &fake.url("ftp"), "--tls"]));
    assert_error(&out, 5, "lists AUTH TLS but refused it");
    assert!(fake.commands().iter().filter(|c| c.starts_with("PASS")).count() == 1);
}

#[test]
fn an_endless_feat_reply_is_not_a_rejected_login() {
    let fake = Fake::start(Knobs { endless_feat: true, ..Knobs::default() }, Vec::new());
    let home = Home::new();
    let out = run(nt_as_alice(&home).args(["ftp", "ls", &fake.url("ftp")]));
    assert_error(&out, 4, "FEAT");
    let err = stderr_text(&out);
    assert!(err.contains("longer than 64 KiB") && !err.contains("login"), "{err}");
}

#[test]
fn a_300_mib_listing_line_ends_quickly_in_bounded_memory() {
    let fake = Fake::start(Knobs { huge_line: Some(300 << 20), ..Knobs::default() }, Vec::new());
    let home = Home::new();
    let mut cmd = nt_as_alice(&home);
    cmd.args(["ftp", "ls", "-l", &fake.url("ftp")]).stdin(Stdio::null());
    let (out, peak_kib, took) = run_sampled(cmd);
    let err = stderr_text(&out);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(err.contains("longer than 8 KiB"), "{err}");
    assert!(took < Duration::from_secs(10));
    assert!(peak_kib < 64 << 10, "nt grew to {} MiB", peak_kib >> 10);
    assert!(fake.data_sent.load(Ordering::SeqCst) < 200 << 20);
}

#[test]
fn more_bytes_than_size_said_is_kept_with_a_warning_not_a_resume_loop() {
    let data = noise(1000, 3);
    let fake =
        Fake::start(Knobs { double_retr: true, ..Knobs::default() }, vec![("f.bin".into(), data)]);
    let home = Home::new();
    let out = run(nt_as_alice(&home).args(["ftp", "get", &format!("{}/f.bin", fake.url("ftp"))]));
    ok(&out);
    let err = stderr_text(&out);
    assert!(err.contains("SIZE said 1000") && !err.contains("resume"), "{err}");
    assert_eq!(std::fs::metadata(home.path().join("f.bin")).unwrap().len(), 2000);
}

#[test]
fn the_resume_hint_works_when_pasted() {
    let data = noise(4000, 4);
    let fake = Fake::start(
        Knobs { short_retr: true, ..Knobs::default() },
        vec![("f.bin".into(), data.clone())],
    );
    let home = Home::new();
    let out = run(nt_as_alice(&home).args([
        "ftp",
        "get",
        &format!("{}/f.bin", fake.url("ftp")),
        "copy.bin",
    ]));
    assert_error(&out, 4, "incomplete: 2000 of 4000 bytes");
    let err = stderr_text(&out);
    let hint =
        err.lines().find_map(|l| l.strip_prefix("hint: resume with: ")).expect("a resume hint");
    let url = format!("ftp://alice@127.0.0.1:{}/f.bin", fake.port);
    assert!(hint.contains(&url) && hint.ends_with(" copy.bin"), "{hint}");
    let nt = assert_cmd::cargo::cargo_bin("nt");
    let path =
        format!("{}:{}", nt.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let mut sh = std::process::Command::new("sh");
    sh.arg("-c").arg(hint).current_dir(home.path()).env("PATH", path).env("HOME", home.path());
    sh.env("NT_CONFIG", home.path().join("none.toml")).env("NETRC", home.path().join("none"));
    sh.env("NT_FTP_PASSWORD", super::PW).env_remove("NT_FTP_USER").env_remove("NT_FTP_URL");
    let out = run(&mut sh);
    ok(&out);
    assert_eq!(std::fs::read(home.path().join("copy.bin")).unwrap(), data);
}

#[test]
fn a_name_too_long_here_is_skipped_and_named_at_the_end() {
    let long = "n".repeat(300);
    let files = vec![(long.clone(), b"x".to_vec()), ("ok.txt".into(), b"hello".to_vec())];
    let fake = Fake::start(Knobs::default(), files);
    let home = Home::new();
    let out =
        run(nt_as_alice(&home).args(["ftp", "get", "-r", &format!("{}/", fake.url("ftp")), "dir"]));
    assert_error(&out, 3, "1 entry skipped or failed: nnnn");
    assert_eq!(std::fs::read(home.path().join("dir/ok.txt")).unwrap(), b"hello");
    assert!(stderr_text(&out).contains("warning: skipping nnnn"), "{}", stderr_text(&out));
}

#[test]
fn one_refused_file_does_not_stop_a_pattern() {
    let files: Vec<(String, Vec<u8>)> = ["a.png", "b.png", "c.png", "d.txt"]
        .iter()
        .map(|n| (n.to_string(), n.as_bytes().to_vec()))
        .collect();
    let fake = Fake::start(Knobs { refuse_retr: Some("b.png"), ..Knobs::default() }, files);
    let home = Home::new();
    std::fs::create_dir(home.path().join("img")).unwrap();
    let out =
        run(nt_as_alice(&home).args(["ftp", "get", &format!("{}/*.png", fake.url("ftp")), "img"]));
    assert_error(&out, 6, "1 entry skipped or failed: b.png");
    assert_eq!(std::fs::read(home.path().join("img/a.png")).unwrap(), b"a.png");
    assert_eq!(std::fs::read(home.path().join("img/c.png")).unwrap(), b"c.png");
    assert!(!home.path().join("img/b.png").exists() && !home.path().join("img/d.txt").exists());
    assert!(!home.path().join("img/b.png.part").exists());
}

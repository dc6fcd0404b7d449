//! nt mail folders/list/get/watch against a real Dovecot ([`dovecot`]) over IMAP and
//! POP3 (plain, STARTTLS/STLS, implicit TLS), and against small servers that misbehave
//! on purpose ([`fakes`]): silent, hostile, or with an expiring OAuth2 token.
//!
//! Dovecot ([`dovecot`]) runs with its own config in a temp dir (`base_dir`/`state_dir`
//! there, passwd-file, `userdb static` as `nobody`, Maildir, IMAP/IMAPS/POP3/POP3S on free
//! loopback ports, an rcgen certificate; mail delivered with `dovecot-lda` or written into
//! the Maildir); those tests are `#[ignore = "needs dovecot: ..."]`. Covered: the course's
//! two messages built by `nt mail send --dry-run --save` (plain text; HTML with the inline
//! image `img01` and `text1_SMTP.py`) read back over IMAP and POP3 in plain, STARTTLS/STLS
//! (`SSL_CERT_FILE`) and implicit TLS (`--pin`): subject, text, HTML as text, image and
//! attachment bytes equal, the `.eml` equal to the sent bytes; a 10 MiB attachment fetched
//! in 1 MiB pieces; folders `Entwürfe` and `邮件.测试` (typed and percent-encoded); UID ranges,
//! `--unseen`, PEEK leaving `\Seen` unset, `--mark-read`, `--limit`, a missing UID (6);
//! `--delete` after `-o` (IMAP and POP3); watch sees a new message within 2 s, then again
//! after Dovecot restarts, nothing twice, `--exec` gets the message; POP3 watch by UIDL
//! within 2 s; a wrong password (5, never echoed); an untrusted certificate (5, with the
//! fingerprint); `-vv` masks the password; clear text refused (2); a 100,000-part MIME bomb,
//! a 1 MiB header line, attachments named `../../x` and `/etc/passwd` (saved as `x` and
//! `passwd` inside DIR). [`fakes`] (no Dovecot): silent IMAP/POP3/IMAPS servers (4, `timed
//! out`, within the timeout), an expired XOAUTH2 token over IMAP and POP3 (the command runs
//! twice, the second token logs in, no token in the trace), STARTTLS refused (5, no password
//! sent), an endlessly nested BODYSTRUCTURE (4, no crash). [`hostile`] (issue 20): answers
//! without end (RETR, IMAP pieces, UIDL, TOP: exit 6 at their bound, no file left), refused
//! SEARCH, NO and garbage shown as the server's words, a CA certificate that is its own
//! trusted root, a wrong `--pin`, and implicit TLS on a plain-text port. The POP3 server is tested
//! in-process with the client (`src/mail/catch/pop3/server_tests.rs`): listing, RETR, TOP,
//! DELE on QUIT only, IN-USE, STLS required and working, bad commands, long lines, no path
//! from the client. Unit and property tests (in `src`): URLs, UID sets, modified UTF-7, the
//! IMAP scanner, dot-stuffing, safe file names, search programs, MIME parsing.

mod dovecot;
mod fakes;
mod hostile;
mod imap;
mod pop3;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use self::dovecot::{Dovecot, PASSWORD, USER};
use crate::common::{Home, KillOnDrop, LIMIT, stderr_text};

/// How a test connects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Plain,
    StartTls,
    Tls,
}

pub const MODES: [Mode; 3] = [Mode::Plain, Mode::StartTls, Mode::Tls];

/// `nt` with the passwords in the environment.
pub fn nt(home: &Home) -> Command {
    let mut cmd = home.nt();
    cmd.env("NT_IMAP_PASSWORD", PASSWORD).env("NT_POP3_PASSWORD", PASSWORD);
    cmd
}

/// `nt mail SUB URL [TLS flags]` for one protocol and mode.
pub fn mail(home: &Home, dv: &Dovecot, sub: &str, pop: bool, mode: Mode) -> Command {
    let mut cmd = nt(home);
    let (scheme, port) = match (pop, mode) {
        (false, Mode::Tls) => ("imaps", dv.imaps),
        (false, _) => ("imap", dv.imap),
        (true, Mode::Tls) => ("pop3s", dv.pop3s),
        (true, _) => ("pop3", dv.pop3),
    };
    cmd.args(["mail", sub, &format!("{scheme}://{USER}@127.0.0.1:{port}")]);
    match mode {
        Mode::Plain => cmd.args(["--tls", "off", "--insecure"]),
        Mode::StartTls => cmd.env("SSL_CERT_FILE", &dv.cert),
        Mode::Tls => cmd.args(["--pin", &dv.pin]),
    };
    cmd
}

pub fn ok(mut cmd: Command) -> std::process::Output {
    let out = cmd.output().expect("run nt");
    assert!(out.status.success(), "nt failed ({:?}): {}", out.status, stderr_text(&out));
    assert!(!stderr_text(&out).contains("panicked"));
    out
}

pub fn json_lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// The course's two messages, built by `nt mail send --dry-run --save`: the plain text
/// one, and the HTML one with the inline image `img01` and the attached `.py` file.
pub struct Course {
    pub plain: Vec<u8>,
    pub html: Vec<u8>,
    pub image: Vec<u8>,
    pub script: Vec<u8>,
}

pub const SCRIPT: &[u8] =
    b"from smtplib import SMTP\n.\n..leading dots\nprint('\xe6\xb5\x8b\xe8\xaf\x95')\n";

pub fn course(home: &Home) -> Course {
    let dir = home.path();
    let image = crate::common::noise(30_000, 7);
    std::fs::write(dir.join("iu.jpg"), &image).expect("image");
    std::fs::write(dir.join("text1_SMTP.py"), SCRIPT).expect("script");
    std::fs::write(dir.join("page.html"), "<h1>图片</h1><img src='cid:img01'/><p>结束</p>")
        .expect("html");
    let build = |name: &str, extra: &[&str]| -> Vec<u8> {
        let path = dir.join(name);
        let mut cmd = home.nt();
        cmd.current_dir(dir).args(["mail", "send", "--from", "me@x.test", "--to", "alice@x.test"]);
        cmd.args(["--subject", "测试邮件", "--dry-run", "--save"]).arg(&path).args(extra);
        ok(cmd);
        std::fs::read(&path).expect("saved message")
    };
    let plain = build("plain.eml", &["--body", "这是一封python写的邮件"]);
    let html = build(
        "html.eml",
        &["--html", "page.html", "--inline", "img01=iu.jpg", "--attach", "text1_SMTP.py"],
    );
    Course { plain, html, image, script: SCRIPT.to_vec() }
}

/// Dovecot, a home, and the course's two messages delivered: plain first (UID 1), then
/// HTML (UID 2).
pub fn course_mailbox() -> (Dovecot, Home, Course) {
    let dv = Dovecot::start();
    let home = Home::new();
    let c = course(&home);
    dv.deliver(&c.plain);
    dv.deliver(&c.html);
    (dv, home, c)
}

/// The HTML message's attachment and inline image, saved into `dir`, are the sent bytes.
pub fn assert_course_files(dir: &Path, c: &Course) {
    let script = std::fs::read(dir.join("text1_SMTP.py")).expect("the attachment");
    assert_eq!(script, c.script);
    let image = std::fs::read(dir.join("iu.jpg")).expect("the inline image");
    assert_eq!(crate::common::sha256_hex(&image), crate::common::sha256_hex(&c.image));
}

/// The rows of `nt mail list --json EXTRA` in `mode`.
pub fn listed(
    home: &Home,
    dv: &Dovecot,
    pop: bool,
    mode: Mode,
    extra: &[&str],
) -> Vec<serde_json::Value> {
    let mut list = mail(home, dv, "list", pop, mode);
    list.arg("--json").args(extra);
    json_lines(&ok(list))
}

/// A wrong password (in the environment) is exit 5 and never shown.
pub fn assert_wrong_password_rejected(home: &Home, dv: &Dovecot, pop: bool) {
    let mut wrong = mail(home, dv, "list", pop, Mode::Plain);
    wrong.env(if pop { "NT_POP3_PASSWORD" } else { "NT_IMAP_PASSWORD" }, "wrong-pass-xyz");
    let out = wrong.output().expect("run nt");
    crate::common::assert_error(&out, 5, &format!("login of '{USER}' rejected"));
    assert!(!stderr_text(&out).contains("wrong-pass-xyz"));
}

/// `nt -vv mail list` in `mode`: the dialogue on stderr, with the password masked.
pub fn traced_list(home: &Home, dv: &Dovecot, pop: bool, mode: Mode) -> String {
    let mut traced = mail(home, dv, "list", pop, mode);
    traced.arg("-vv");
    let err = stderr_text(&ok(traced));
    assert!(!err.contains(PASSWORD), "{err}");
    err
}

/// A simple message with a subject and a body.
pub fn simple(subject: &str) -> Vec<u8> {
    format!("From: Bob <bob@x.test>\r\nTo: alice@x.test\r\nSubject: {subject}\r\nDate: Tue, 1 Oct 2024 10:00:00 +0200\r\nMessage-ID: <{subject}@x.test>\r\n\r\nbody of {subject}\r\n")
        .into_bytes()
}

/// `nt mail watch` with its stdout lines and stderr lines on channels.
pub struct Watcher {
    _child: KillOnDrop,
    pub lines: mpsc::Receiver<String>,
    talk: mpsc::Receiver<String>,
}

pub fn watcher(mut cmd: std::process::Command) -> Watcher {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn nt mail watch");
    let (tx, lines) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        BufReader::new(stdout).lines().map_while(Result::ok).for_each(|l| drop(tx.send(l)))
    });
    let (tx, talk) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        BufReader::new(stderr).lines().map_while(Result::ok).for_each(|l| drop(tx.send(l)))
    });
    Watcher { _child: KillOnDrop(child), lines, talk }
}

/// Start `nt mail watch` (`cmd`), wait until it says `ready`, deliver a message with
/// `subject`, and return the watcher with the line it printed, which must come within 2 s.
pub fn first_new_mail(dv: &Dovecot, cmd: Command, ready: &str, subject: &str) -> (Watcher, String) {
    let w = watcher(cmd);
    w.wait_talk(ready);
    let sent = Instant::now();
    dv.deliver(&simple(subject));
    let line = w.lines.recv_timeout(Duration::from_secs(2)).expect("new mail within 2 s");
    assert!(sent.elapsed() < Duration::from_secs(2));
    (w, line)
}

impl Watcher {
    pub fn wait_talk(&self, needle: &str) {
        let deadline = Instant::now() + LIMIT;
        while let Ok(line) =
            self.talk.recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            if line.contains(needle) {
                return;
            }
        }
        panic!("watch never said {needle:?}");
    }
}

//! nt mail send against a real SMTP server on 127.0.0.1 ([`sink`]: mailin with plain,
//! STARTTLS, implicit TLS, AUTH and rejections on demand). What arrives is parsed with
//! mail-parser, a real MIME parser.
//!
//! The sink ([`sink`]) is the `mailin` 0.6 state machine behind an accept loop, speaking
//! plain, STARTTLS and implicit TLS (rustls server, rcgen certificate trusted via
//! `SSL_CERT_FILE` or `--pin`), AUTH PLAIN/LOGIN, and rejecting chosen senders, recipients
//! or messages; what arrives is parsed with mail-parser 0.11. Covered here: UTF-8 subject
//! and body, the seed's second mail tree
//! (`multipart/mixed[multipart/related[text/html,image/png],text/plain]`) and with a text
//! body (`mixed[alternative[plain, related[...]], ...]`), the image's Content-ID and bytes,
//! the .py attachment's name and bytes (lines starting with `.`), a 300,001-byte binary
//! across chunk edges, to+cc+bcc envelope with Bcc absent from headers, stdin body, `--save`
//! equals what was received, config defaults and a profile, STARTTLS with AUTH PLAIN,
//! STARTTLS with `--pin` and AUTH LOGIN, implicit TLS with `--pin`, untrusted certificate (exit 5,
//! fingerprint), wrong password (exit 5, not echoed), AUTH refused over plaintext (exit 2, no
//! connection) and allowed with `--insecure`, STARTTLS not offered (5), sender, recipient or
//! message rejected (6, with the reply; an escape sequence in the reply is shown escaped),
//! connection refused with `--retries` (4), every local fault (3 or 2) with no connection.

mod browser;
mod catch;
mod clients;
mod hostile_catch;
mod mx;
mod receive;
mod roundtrip;
mod scripted;
mod sink;
mod trust;
mod web;

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::Ordering;

use mail_parser::{MessageParser, MimeHeaders, PartType};

use self::sink::{Mode, PASSWORD, Rules, Sink, USER};
use crate::common::{
    ClosedPort, Home, assert_error, python, start_quiet, stderr_text, stdout_text,
};

/// `nt mail send` aimed at a sink, plain text unless a test adds TLS flags.
fn send(home: &Home, sink: &Sink, args: &[&str]) -> Command {
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--server", "127.0.0.1", "--port", &sink.port()]).args(args);
    cmd
}

fn run(mut cmd: Command) -> std::process::Output {
    cmd.output().expect("run nt")
}

fn ok(cmd: Command) -> std::process::Output {
    let out = run(cmd);
    assert!(out.status.success(), "nt failed: {}", stderr_text(&out));
    out
}

/// `multipart/mixed[multipart/related[text/html,image/png],text/plain]`
fn shape(msg: &mail_parser::Message, id: u32) -> String {
    let part = msg.part(id).expect("part");
    let ct = part
        .content_type()
        .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("")))
        .unwrap_or_else(|| "text/plain".into());
    match &part.body {
        PartType::Multipart(children) => {
            let inner: Vec<String> = children.iter().map(|c| shape(msg, *c)).collect();
            format!("{ct}[{}]", inner.join(","))
        }
        _ => ct,
    }
}

fn write(home: &Home, name: &str, bytes: &[u8]) -> String {
    let path = home.path().join(name);
    std::fs::write(&path, bytes).expect("write test file");
    path.to_string_lossy().into_owned()
}

const SCRIPT: &[u8] = b"from smtplib import SMTP\n.\n..leading dots\n.hidden\nend\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake image bytes \xff\xfe";

#[test]
fn plain_utf8_subject_and_body_round_trip() {
    let sink = Sink::start(Mode::Plain, Rules::default());
    let home = Home::new();
    let body = "这是一封python写的邮件\n.line with a dot\nÜmlauts ok";
    let out = ok({
        let mut c =
            send(&home, &sink, &["--tls", "off", "--from", "me@x.test", "--to", "you@y.test"]);
        c.args(["--subject", "测试邮件 — test", "--body", body, "--header", "X-Seed: 1"]);
        c.arg("--json");
        c
    });
    let d = sink.only();
    assert_eq!(d.from, "me@x.test");
    assert_eq!(d.to, ["you@y.test"]);
    let msg = MessageParser::default().parse(&d.data).expect("parse");
    assert_eq!(msg.subject(), Some("测试邮件 — test"));
    assert_eq!(msg.body_text(0).unwrap().replace("\r\n", "\n").trim_end(), body);
    assert_eq!(msg.header_raw("X-Seed").map(str::trim), Some("1"));
    let summary: serde_json::Value = serde_json::from_str(&stdout_text(&out)).expect("json");
    assert_eq!(summary["recipients"], serde_json::json!(["you@y.test"]));
    assert_eq!(summary["tls"], "off");
    assert!(summary["reply"].as_str().unwrap().starts_with("250"));
    assert_eq!(
        summary["message_id"].as_str().unwrap(),
        msg.header_raw("Message-ID").unwrap().trim()
    );
    assert!(summary["bytes"].as_u64().unwrap() > 100);
}

/// The course's second mail as it arrived: the HTML with its inline image (by Content-ID)
/// and the .py attachment, each part's bytes intact.
fn assert_course_mail(data: &[u8]) {
    let msg = MessageParser::default().parse(data).expect("parse");
    assert_eq!(
        shape(&msg, 0),
        "multipart/mixed[multipart/related[text/html,image/png],text/plain]"
    );
    assert_eq!(msg.subject(), Some("测试邮件"));
    assert!(msg.body_html(0).unwrap().contains("<img src='cid:img01'/>"));
    let image = msg.attachments().find(|p| p.content_id() == Some("img01")).expect("inline image");
    assert_eq!(image.contents(), PNG);
    let file =
        msg.attachments().find(|p| p.attachment_name() == Some("text1_SMTP.py")).expect("file");
    assert_eq!(file.contents(), SCRIPT, "dots and LFs survive");
    let raw = String::from_utf8_lossy(data);
    assert!(raw.contains("Content-Disposition: attachment; filename=\"text1_SMTP.py\""), "{raw}");
    assert!(raw.matches("Content-Transfer-Encoding: base64").count() >= 2);
}

/// The files of the course's second mail, written into `home`: (html, image, script).
fn course_files(home: &Home) -> (String, String, String) {
    let html =
        write(home, "page.html", "<h1>图片</h1><img src='cid:img01'/><p>结束</p>".as_bytes());
    (html, write(home, "iu.png", PNG), write(home, "text1_SMTP.py", SCRIPT))
}

/// The course's second mail to aiosmtpd, the Python SMTP server, which keeps it in a
/// Maildir (its Mailbox handler).
#[test]
#[ignore = "needs aiosmtpd: python3 -m pip install --target target/py aiosmtpd"]
fn the_course_mail_reaches_aiosmtpd_whole() {
    let dir = tempfile::tempdir().unwrap();
    let maildir = dir.path().join("Maildir");
    let (_server, port) = start_quiet("aiosmtpd", |port| {
        let mut cmd = python();
        cmd.args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")]);
        cmd.args(["-c", "aiosmtpd.handlers.Mailbox"]).arg(&maildir);
        cmd
    });
    let home = Home::new();
    let (html, img, py) = course_files(&home);
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--server", "127.0.0.1", "--port", &port.to_string()]);
    cmd.args(["--tls", "off", "--from", "me@x.test", "--to", "you@y.test"]);
    cmd.args(["--subject", "测试邮件", "--html", &html, "--attach", &py]);
    cmd.args(["--inline", &format!("img01={img}")]);
    ok(cmd);
    let stored = crate::common::sorted_files(&maildir.join("new"));
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_course_mail(&std::fs::read(&stored[0]).unwrap());
}

#[test]
fn seed_second_mail_html_inline_image_and_attachment() {
    let sink = Sink::start(Mode::Plain, Rules::default());
    let home = Home::new();
    let (html, img, py) = course_files(&home);
    let base =
        ["--tls", "off", "--from", "me@x.test", "--to", "you@y.test", "--subject", "测试邮件"];
    let inline = format!("img01={img}");
    ok({
        let mut c = send(&home, &sink, &base);
        c.args(["--html", &html, "--inline", &inline, "--attach", &py]);
        c
    });
    assert_course_mail(&sink.only().data);

    // With a text body too: the text and the HTML become alternatives.
    ok({
        let mut c = send(&home, &sink, &base);
        c.args(["--body", "plain version", "--html", &html, "--inline", &inline, "--attach", &py]);
        c
    });
    let d = sink.only();
    let msg = MessageParser::default().parse(&d.data).expect("parse");
    assert_eq!(
        shape(&msg, 0),
        "multipart/mixed[multipart/alternative[text/plain,multipart/related[text/html,image/png]],text/plain]"
    );
    assert_eq!(msg.body_text(0).unwrap().trim_end(), "plain version");

    // Only attachments: no empty text part. An unreferenced CID gets a warning.
    ok({
        let mut c = send(&home, &sink, &base);
        c.args(["--body", "", "--attach", &py, "--attach", &img]);
        c
    });
    let d = sink.only();
    let msg = MessageParser::default().parse(&d.data).expect("parse");
    assert_eq!(shape(&msg, 0), "multipart/mixed[text/plain,image/png]");
    let out = ok({
        let mut c = send(&home, &sink, &base);
        c.args(["--html", &html, "--inline", &img, "--dry-run"]);
        c
    });
    assert!(
        stderr_text(&out).contains("warning: the HTML never references inline image cid:iu.png")
    );
}

#[test]
fn envelope_has_bcc_headers_do_not() {
    let sink = Sink::start(Mode::Plain, Rules::default());
    let home = Home::new();
    let args = [
        "--tls",
        "off",
        "--from",
        "Me <me@x.test>",
        "--to",
        "a@y.test",
        "--to",
        "B <b@y.test>",
        "--cc",
        "c@y.test",
        "--bcc",
        "hidden@z.test",
        "--reply-to",
        "r@x.test",
        "--body",
        "hi",
    ];
    ok(send(&home, &sink, &args));
    let d = sink.only();
    assert_eq!(d.to, ["a@y.test", "b@y.test", "c@y.test", "hidden@z.test"]);
    let raw = String::from_utf8_lossy(&d.data);
    assert!(!raw.contains("hidden@z.test") && !raw.to_ascii_lowercase().contains("bcc:"), "{raw}");
    let msg = MessageParser::default().parse(&d.data).expect("parse");
    assert_eq!(msg.cc().and_then(|a| a.first()).and_then(|a| a.address()), Some("c@y.test"));
    assert_eq!(msg.reply_to().and_then(|a| a.first()).and_then(|a| a.address()), Some("r@x.test"));

    // --dry-run: the message on stdout without Bcc, the envelope on stderr, no connection.
    let before = sink.connections.load(Ordering::SeqCst);
    let out = ok(send(&home, &sink, &[&args[..], &["--dry-run"]].concat()));
    let text = stdout_text(&out);
    assert!(text.contains("To: a@y.test, B <b@y.test>") && !text.contains("hidden"), "{text}");
    assert!(stderr_text(&out).contains("<hidden@z.test>"));
    assert_eq!(sink.connections.load(Ordering::SeqCst), before);
}

#[test]
fn body_from_stdin_big_attachment_and_saved_copy() {
    let sink = Sink::start(Mode::Plain, Rules::default());
    let home = Home::new();
    // Not a multiple of 57 nor of the 57 KiB read size: line and chunk edges get exercised.
    let blob: Vec<u8> =
        (0..300_001u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let bin = write(&home, "data.bin", &blob);
    let eml = home.path().join("copy.eml");
    let mut cmd =
        send(&home, &sink, &["--tls", "off", "--from", "me@x.test", "--to", "you@y.test"]);
    cmd.args(["--attach", &bin, "--save"])
        .arg(&eml)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn nt");
    child.stdin.take().unwrap().write_all(".from stdin\nline 2\n".as_bytes()).unwrap();
    let out = child.wait_with_output().expect("wait nt");
    assert!(out.status.success(), "{}", stderr_text(&out));
    let d = sink.only();
    let msg = MessageParser::default().parse(&d.data).expect("parse");
    assert_eq!(msg.body_text(0).unwrap().replace("\r\n", "\n"), ".from stdin\nline 2\n");
    let part =
        msg.attachments().find(|p| p.attachment_name() == Some("data.bin")).expect("attachment");
    assert_eq!(part.content_type().map(|c| c.ctype()), Some("application"));
    assert!(part.contents() == blob, "attachment bytes differ");
    assert_eq!(std::fs::read(&eml).unwrap(), d.data, "the saved copy is what was sent");
}

#[test]
fn config_defaults_and_profile() {
    let sink = Sink::start(Mode::Plain, Rules::default());
    let home = Home::new();
    home.config(&format!(
        "[mail]\nserver = \"127.0.0.1\"\nport = {}\ntls = \"off\"\nfrom = \"me@x.test\"\nto = \"boss@y.test\"\n\
         [profile.team.mail]\nto = [\"a@team.test\", \"b@team.test\"]\n",
        sink.port()
    ));
    let py = write(&home, "file.py", SCRIPT);
    ok({
        let mut c = home.nt();
        c.args(["mail", "send", "--attach", &py]);
        c
    });
    let d = sink.only();
    assert_eq!((d.from.as_str(), d.to.as_slice()), ("me@x.test", &["boss@y.test".to_string()][..]));
    ok({
        let mut c = home.nt();
        c.args(["--profile", "team", "mail", "send", "--body", "hi"]);
        c
    });
    assert_eq!(sink.only().to, ["a@team.test", "b@team.test"]);
}

#[test]
fn starttls_with_auth_and_a_wrong_password() {
    let sink = Sink::start(Mode::StartTls, Rules { auth: true, ..Rules::default() });
    let home = Home::new();
    let ca = write(&home, "ca.pem", sink.cert_pem.as_bytes());
    let args = ["--server", "localhost", "--user", USER, "--to", "you@y.test", "--body", "secret"];
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--port", &sink.port()]).args(args).arg("--json");
    cmd.env("SSL_CERT_FILE", &ca).env("NT_SMTP_PASSWORD", PASSWORD);
    let out = ok(cmd);
    let d = sink.only();
    assert_eq!(d.login.as_deref(), Some(USER));
    assert_eq!(d.from, USER, "the login address is the default sender");
    let summary: serde_json::Value = serde_json::from_str(&stdout_text(&out)).unwrap();
    assert_eq!(
        (summary["tls"].as_str(), summary["encrypted"].as_bool()),
        (Some("starttls"), Some(true))
    );

    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--port", &sink.port()]).args(args);
    cmd.env("SSL_CERT_FILE", &ca).env("NT_SMTP_PASSWORD", "wrong-pass-123");
    let out = run(cmd);
    assert_error(&out, 5, "login rejected for user 'alice@x.test': 535");
    assert!(!stderr_text(&out).contains("wrong-pass-123"));
    assert!(sink.take().is_empty());
}

#[test]
fn starttls_pinned_with_auth_login() {
    let sink = Sink::start(Mode::StartTls, Rules { login_only: true, ..Rules::default() });
    let home = Home::new();
    let mut cmd = send(&home, &sink, &["--pin", &sink.pin, "--user", USER, "--to", "you@y.test"]);
    cmd.args(["--body", "hi"]).env("NT_SMTP_PASSWORD", PASSWORD);
    ok(cmd);
    assert_eq!(sink.only().login.as_deref(), Some(USER));
    let mut cmd = send(&home, &sink, &["--pin", &sink.pin, "--user", USER, "--to", "you@y.test"]);
    cmd.args(["--body", "hi"]).env("NT_SMTP_PASSWORD", "nope-secret");
    let out = run(cmd);
    assert_error(&out, 5, "login rejected for user 'alice@x.test': 535");
    assert!(!stderr_text(&out).contains("nope-secret"));
}

#[test]
fn implicit_tls_pinned_and_untrusted() {
    let sink = Sink::start(Mode::Tls, Rules::default());
    let home = Home::new();
    let base = ["--tls", "tls", "--from", "me@x.test", "--to", "you@y.test", "--body", "over tls"];
    ok(send(&home, &sink, &[&base[..], &["--pin", &sink.pin]].concat()));
    assert!(sink.only().data.windows(8).any(|w| w == b"over tls"));
    let out = run(send(&home, &sink, &base));
    assert_error(&out, 5, "TLS handshake with 127.0.0.1 failed: certificate not trusted");
    // The presented certificate's fingerprint is in the error, in the form --pin takes.
    let pin = sink.pin.to_uppercase();
    let colons: Vec<&str> = (0..32).map(|i| &pin[2 * i..2 * i + 2]).collect();
    assert!(stderr_text(&out).contains(&colons.join(":")), "{}", stderr_text(&out));
    assert!(sink.take().is_empty());
}

#[test]
fn auth_over_plaintext_is_refused_unless_insecure() {
    let sink =
        Sink::start(Mode::Plain, Rules { auth: true, plaintext_auth: true, ..Rules::default() });
    let home = Home::new();
    let args = ["--tls", "off", "--user", USER, "--to", "you@y.test", "--body", "hi"];
    let mut cmd = send(&home, &sink, &args);
    cmd.env("NT_SMTP_PASSWORD", PASSWORD);
    assert_error(
        &run(cmd),
        2,
        "refusing to send the password of 'alice@x.test' over an unencrypted connection",
    );
    assert_eq!(sink.connections.load(Ordering::SeqCst), 0, "nothing was sent");
    let mut cmd = send(&home, &sink, &[&args[..], &["--insecure"]].concat());
    cmd.env("NT_SMTP_PASSWORD", PASSWORD);
    ok(cmd);
    assert_eq!(sink.only().login.as_deref(), Some(USER));
}

#[test]
fn starttls_required_but_not_offered() {
    let sink = Sink::start(Mode::Plain, Rules::default());
    let home = Home::new();
    let out =
        run(send(&home, &sink, &["--from", "me@x.test", "--to", "you@y.test", "--body", "hi"]));
    assert_error(&out, 5, "the server does not offer STARTTLS");
    assert!(sink.take().is_empty());
}

#[test]
fn server_rejections_exit_6_with_the_reply() {
    let home = Home::new();
    let args = ["--tls", "off", "--from", "bad@x.test", "--to", "you@y.test", "--body", "hi"];
    let sink =
        Sink::start(Mode::Plain, Rules { reject_from: Some("bad@x.test"), ..Rules::default() });
    let out = run(send(&home, &sink, &args));
    assert_error(
        &out,
        6,
        "server rejected sender <bad@x.test>: 550 5.7.1 sender \\u{1b}[31mnot allowed",
    );
    assert!(!stderr_text(&out).contains('\x1b'));

    let sink =
        Sink::start(Mode::Plain, Rules { reject_to: Some("nobody@y.test"), ..Rules::default() });
    let more = [
        "--tls",
        "off",
        "--from",
        "me@x.test",
        "--to",
        "you@y.test",
        "--cc",
        "nobody@y.test",
        "--body",
        "x",
    ];
    assert_error(
        &run(send(&home, &sink, &more)),
        6,
        "server rejected recipient <nobody@y.test>: 550 Mailbox unavailable",
    );
    assert!(sink.take().is_empty());

    let sink = Sink::start(Mode::Plain, Rules { reject_data: true, ..Rules::default() });
    assert_error(
        &run(send(&home, &sink, &more[..8])),
        6,
        "server rejected the message: 554 5.6.0 message content refused",
    );
}

#[test]
fn refused_connection_exits_4() {
    let home = Home::new();
    let closed = ClosedPort::new();
    let port = closed.0.to_string();
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--server", "127.0.0.1", "--port", &port, "--tls", "off"]);
    cmd.args(["--from", "me@x.test", "--to", "you@y.test", "--body", "hi", "--retries", "1"]);
    let out = run(cmd);
    assert_error(&out, 4, &format!("cannot connect to 127.0.0.1:{port}"));
    assert!(stderr_text(&out).contains("retrying"));
}

#[test]
fn local_faults_before_connecting() {
    let sink = Sink::start(Mode::Plain, Rules::default());
    let home = Home::new();
    let base = ["--tls", "off", "--from", "me@x.test", "--to", "you@y.test"];
    let cases: &[(&[&str], i32, &str)] = &[
        (&["--body", "x", "--attach", "missing.py"], 3, "cannot read attachment missing.py"),
        (&["--body", "x", "--html", "missing.html"], 3, "cannot read HTML file missing.html"),
        (&["--html", "/", "--body", "x"], 3, "HTML file / is not a file"),
        (
            &["--body", "x", "--inline", "img01=missing.png"],
            3,
            "cannot read inline image missing.png",
        ),
        (&["--body-file", "missing.txt"], 3, "cannot read body file missing.txt"),
        (
            &["--body", "x", "--cc", "not an address"],
            2,
            "invalid address 'not an address' for --cc",
        ),
        (&["--body", "x", "--header", "Bcc: x@y.test"], 2, "invalid --header 'Bcc: x@y.test'"),
        (&["--body", "x", "--header", "NoColon"], 2, "expected 'Name: value'"),
    ];
    for (extra, code, needle) in cases {
        let out = run(send(&home, &sink, &[&base[..], extra].concat()));
        assert_error(&out, *code, needle);
    }
    let out = run(send(&home, &sink, &["--from", "me@x.test", "--body", "x"]));
    assert_error(&out, 2, "no recipient: give --to ADDR");
    let out = run(send(&home, &sink, &["--to", "you@y.test", "--body", "x"]));
    assert_error(&out, 2, "no sender: give --from ADDR");
    let out = run(send(&home, &sink, &["--from", "me@", "--to", "you@y.test", "--body", "x"]));
    assert_error(&out, 2, "invalid address 'me@' for --from");
    // Without a server nt would deliver to y.test's MX, which takes no login.
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--from", "me@x.test", "--to", "you@y.test", "--body", "x"]);
    cmd.args(["--user", USER]).env("NT_SMTP_PASSWORD", PASSWORD);
    assert_error(&run(cmd), 2, "no login for MX delivery: give --server to log in");
    assert_eq!(sink.connections.load(Ordering::SeqCst), 0, "no fault reached the server");
}

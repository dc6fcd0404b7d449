//! nt mail send against hostile and odd servers (issue "Trust at the edges"), and the
//! sending features of issue "Beyond the anchors": --pin beside --insecure, --timeout
//! against silent servers, no bare CR on the wire, charset=utf-8 text attachments,
//! Content-ID checks, TLS-only servers, the -vv trace, --eml, comma lists and --ehlo.
//!
//! The hostile servers are `scripted.rs` (silent, or answering 530). Covered: `--insecure
//! --pin WRONG` (flag and config) stops before AUTH, a silent server and a mute EHLO time
//! out (4, never an OS error text), a body `x\r.\r\nINJ` by `--body`, `--body-file`, stdin
//! and `--html` arrives as one message without a bare CR or LF, the course's `text1_SMTP.py`
//! arrives with `charset=utf-8` and its Chinese intact, bad CIDs are exit 2, `--tls off`
//! against a TLS-only server says so (5), `-vv` shows the dialogue without the password;
//! plus `--eml` (file and stdin, Bcc removed, envelope from the headers or the flags), comma
//! lists and `--ehlo`.

use std::time::{Duration, Instant};

use mail_parser::{MessageParser, MimeHeaders};

use super::scripted::Scripted;
use super::sink::{Mode, PASSWORD, Rules, Sink, USER};
use crate::common::{Home, assert_error, run, stderr_text};

/// The course's first program, as `text1_SMTP.py` (its Chinese comments must survive).
pub const COURSE_1: &str = "from smtplib import SMTP\nfrom email.mime.text import MIMEText\ntry:\n    # 连接到服务器\n    smtp = SMTP(host=\"smtp.163.com\")\n    useemail = \"@163.com\"\n    # 登录\n    smtp.login(useemail, \"qikuedu\")\n    # 构造发送普通文本邮件对象\n    sendtest = MIMEText(\"这是一封python写的邮件\")\n    sendtest[\"from\"] = useemail\n    sendtest[\"to\"] = \"@163.com\"\n    sendtest[\"subject\"] = \"测试邮件\"\n    smtp.sendmail(useemail, [\"@163.com\", \"@.com\"], sendtest.as_string())\n    smtp.quit()\nexcept Exception as e:\n    print(e)\n";

fn send(home: &Home, port: &str, args: &[&str]) -> std::process::Command {
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--server", "127.0.0.1", "--port", port]).args(args);
    cmd
}

fn output(cmd: std::process::Command) -> std::process::Output {
    let (status, stdout, stderr) = run(cmd, Vec::new());
    std::process::Output { status, stdout, stderr: stderr.into_bytes() }
}

fn ok(cmd: std::process::Command) -> std::process::Output {
    let out = output(cmd);
    assert!(out.status.success(), "nt failed: {}", stderr_text(&out));
    out
}

const WRONG_PIN: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

#[test]
fn a_pin_beside_insecure_stops_before_auth() {
    let sink = Sink::start(Mode::StartTls, Rules { auth: true, ..Rules::default() });
    let home = Home::new();
    let args = ["--user", USER, "--to", "you@y.test", "--body", "hi", "--insecure"];
    let mut cmd = send(&home, &sink.port(), &[&args[..], &["--pin", WRONG_PIN]].concat());
    cmd.env("NT_SMTP_PASSWORD", PASSWORD);
    assert_error(&output(cmd), 5, "certificate does not match --pin");
    // The same with `insecure = true` in the config.
    home.config(&format!("[mail]\ninsecure = true\npin = \"{WRONG_PIN}\"\n"));
    let mut cmd = send(&home, &sink.port(), &args[..6]);
    cmd.env("NT_SMTP_PASSWORD", PASSWORD);
    assert_error(&output(cmd), 5, "certificate does not match --pin");
    assert_eq!(sink.auth_attempts.load(std::sync::atomic::Ordering::SeqCst), 0, "no AUTH sent");
    assert!(sink.take().is_empty());
}

#[test]
fn silent_servers_time_out() {
    let home = Home::new();
    let base = ["--tls", "off", "--from", "me@x.test", "--to", "you@y.test", "--body", "hi"];
    // Accepts and never greets.
    let silent = Scripted::start(None, |_| None);
    let started = Instant::now();
    let out = output(send(&home, &silent.port(), &[&base[..], &["--timeout", "1s"]].concat()));
    assert_error(&out, 4, "waiting for the greeting: timed out");
    assert!(started.elapsed() < Duration::from_secs(8), "took {:?}", started.elapsed());
    assert!(!stderr_text(&out).contains("Resource temporarily unavailable"));
    // Greets, then never answers EHLO.
    let mute = Scripted::start(Some("220 mute ESMTP\r\n"), |_| None);
    let out = output(send(&home, &mute.port(), &[&base[..], &["--timeout", "1s"]].concat()));
    assert_error(&out, 4, "waiting for the reply to EHLO: timed out");
    assert_error(
        &output(send(&home, "25", &[&base[..], &["--timeout", "0"]].concat())),
        2,
        "--timeout 0",
    );
}

#[test]
fn no_bare_cr_reaches_the_wire() {
    let sink = Sink::start(Mode::Plain, Rules::default());
    let home = Home::new();
    let base = ["--tls", "off", "--from", "me@x.test", "--to", "you@y.test"];
    let html = home.path().join("page.html");
    std::fs::write(&html, "<p>x\r.\r\nINJ</p>\n<p>lf\nonly</p>").unwrap();
    let body_file = home.path().join("body.txt");
    std::fs::write(&body_file, "x\r.\r\nINJ\rend").unwrap();
    let cases: Vec<(Vec<&str>, Vec<u8>)> = vec![
        (vec!["--body", "x\r.\r\nINJ"], vec![]),
        (vec!["--body-file", body_file.to_str().unwrap()], vec![]),
        (vec![], b"x\r.\r\nINJ\r".to_vec()),
        (vec!["--html", html.to_str().unwrap()], vec![]),
    ];
    for (extra, stdin) in cases {
        let mut cmd = send(&home, &sink.port(), &[&base[..], &extra[..]].concat());
        let (status, _, err) = run(
            {
                cmd.stdin(std::process::Stdio::piped());
                cmd
            },
            stdin,
        );
        assert!(status.success(), "{err}");
        let all = sink.take();
        assert_eq!(all.len(), 1, "one message, not a smuggled second one ({extra:?})");
        let data = &all[0].data;
        assert!(!data.windows(4).any(|w| w == b"\r.\r\n"), "<CR>.<CR><LF> on the wire");
        for (i, b) in data.iter().enumerate() {
            if *b == b'\r' {
                assert_eq!(data.get(i + 1), Some(&b'\n'), "a bare CR at {i} ({extra:?})");
            }
            if *b == b'\n' {
                assert!(i > 0 && data[i - 1] == b'\r', "a bare LF at {i} ({extra:?})");
            }
        }
        let text = String::from_utf8_lossy(data);
        assert!(text.contains("INJ"), "{text}");
    }
}

#[test]
fn utf8_text_attachments_say_so_and_cids_are_checked() {
    let sink = Sink::start(Mode::Plain, Rules::default());
    let home = Home::new();
    let py = home.path().join("text1_SMTP.py");
    std::fs::write(&py, COURSE_1).unwrap();
    let base = ["--tls", "off", "--from", "me@x.test", "--to", "you@y.test", "--body", "see"];
    ok(send(&home, &sink.port(), &[&base[..], &["--attach", py.to_str().unwrap()]].concat()));
    let d = sink.take().remove(0);
    let msg = MessageParser::default().parse(&d.data).expect("parse");
    let part = msg.attachments().next().expect("the attachment");
    let ct = part.content_type().expect("a content type");
    assert_eq!(ct.attribute("charset"), Some("utf-8"));
    assert_eq!(part.text_contents(), Some(COURSE_1), "the Chinese comments arrive readable");

    let png = home.path().join("my image.png");
    std::fs::write(&png, b"\x89PNG").unwrap();
    let html = home.path().join("p.html");
    std::fs::write(&html, "<img src='cid:img01'>").unwrap();
    for spec in ["a<b>=x.png".to_string(), png.display().to_string(), "a b=x.png".to_string()] {
        let extra = ["--html", html.to_str().unwrap(), "--inline", &spec];
        let out = output(send(&home, &sink.port(), &[&base[..], &extra[..]].concat()));
        assert_error(&out, 2, "invalid Content-ID");
    }
    let good = format!("img01@nt.test={}", png.display());
    ok(send(
        &home,
        &sink.port(),
        &[&base[..], &["--html", html.to_str().unwrap(), "--inline", &good]].concat(),
    ));
    let d = sink.take().remove(0);
    assert!(String::from_utf8_lossy(&d.data).contains("Content-ID: <img01@nt.test>"));
}

fn tls_only(line: &str) -> Option<String> {
    let verb = line.split([' ', ':']).next().unwrap_or_default().to_ascii_uppercase();
    Some(match verb.as_str() {
        "EHLO" => "250-tls.only\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n".into(),
        "AUTH" | "MAIL" => "530 5.7.0 Must issue a STARTTLS command first\r\n".into(),
        "QUIT" => "221 bye\r\n".into(),
        _ => "502 no\r\n".into(),
    })
}

#[test]
fn tls_off_against_a_tls_only_server_says_so() {
    let home = Home::new();
    let server = Scripted::start(Some("220 tls.only ESMTP\r\n"), tls_only);
    let args = ["--tls", "off", "--insecure", "--user", USER, "--to", "you@y.test", "--body", "x"];
    let mut cmd = send(&home, &server.port(), &args);
    cmd.env("NT_SMTP_PASSWORD", PASSWORD);
    let out = output(cmd);
    assert_error(&out, 5, "the server requires TLS: 530 5.7.0 Must issue a STARTTLS command first");
    assert!(!stderr_text(&out).contains("login rejected"));
    let server = Scripted::start(Some("220 tls.only ESMTP\r\n"), tls_only);
    let out = output(send(
        &home,
        &server.port(),
        &["--tls", "off", "--from", "a@x.test", "--to", "b@y.test", "--body", "x"],
    ));
    assert_error(&out, 5, "the server requires TLS: 530");
    assert!(stderr_text(&out).contains("hint: leave out --tls off"));

    // A certificate problem hints at --pin, never at --tls off.
    let sink = Sink::start(Mode::Tls, Rules::default());
    let out = output(send(
        &home,
        &sink.port(),
        &["--tls", "tls", "--from", "a@x.test", "--to", "b@y.test", "--body", "x"],
    ));
    assert_error(&out, 5, "certificate not trusted");
    assert!(
        stderr_text(&out).contains("--pin FINGERPRINT") && !stderr_text(&out).contains("--tls off")
    );
}

#[test]
fn vv_traces_the_dialogue_with_auth_masked() {
    for rules in
        [Rules { auth: true, ..Rules::default() }, Rules { login_only: true, ..Rules::default() }]
    {
        let sink = Sink::start(Mode::StartTls, rules);
        let home = Home::new();
        let mut cmd = send(
            &home,
            &sink.port(),
            &["--pin", &sink.pin, "--user", USER, "--to", "b@y.test", "--body", "x", "-vv"],
        );
        cmd.env("NT_SMTP_PASSWORD", PASSWORD);
        let err = stderr_text(&ok(cmd));
        for needle in [
            "> EHLO ",
            "< 250",
            "> STARTTLS",
            "< 220",
            "> MAIL FROM:<alice@x.test>",
            "> DATA",
            "< 354",
            "> .",
            "> QUIT",
        ] {
            assert!(err.contains(needle), "{needle} missing in {err}");
        }
        assert!(err.contains("> AUTH PLAIN ***") || err.contains("> AUTH LOGIN\n"), "{err}");
        let b64 = |s: &str| {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode(s)
        };
        assert!(
            !err.contains(&b64(PASSWORD)) && !err.contains(&b64(&format!("\0{USER}\0{PASSWORD}")))
        );
        assert!(!err.contains(PASSWORD));
        assert_eq!(sink.take().len(), 1);
    }
}

#[test]
fn eml_goes_as_is_with_its_envelope() {
    let sink = Sink::start(Mode::Plain, Rules::default());
    let home = Home::new();
    let eml = "From: Me <me@x.test>\nTo: a@y.test, \"B, b\" <b@y.test>\nCc: c@y.test\nBcc: hidden@z.test,\n secret@z.test\nSubject: prepared\n\n.dot line\nbody\r\nend";
    let path = home.path().join("m.eml");
    std::fs::write(&path, eml).unwrap();
    ok(send(&home, &sink.port(), &["--tls", "off", "--eml", path.to_str().unwrap()]));
    let d = sink.take().remove(0);
    assert_eq!(d.from, "me@x.test");
    assert_eq!(d.to, ["a@y.test", "b@y.test", "c@y.test", "hidden@z.test", "secret@z.test"]);
    let expected = "From: Me <me@x.test>\r\nTo: a@y.test, \"B, b\" <b@y.test>\r\nCc: c@y.test\r\nSubject: prepared\r\n\r\n.dot line\r\nbody\r\nend\r\n";
    assert_eq!(String::from_utf8_lossy(&d.data), expected);

    // From stdin, with the envelope given on the line.
    let mut cmd = send(
        &home,
        &sink.port(),
        &["--tls", "off", "--eml", "-", "--from", "other@x.test", "--to", "z@y.test,w@y.test"],
    );
    cmd.stdin(std::process::Stdio::piped());
    let (status, _, err) = run(cmd, eml.as_bytes().to_vec());
    assert!(status.success(), "{err}");
    let d = sink.take().remove(0);
    assert_eq!(
        (d.from.as_str(), d.to.clone()),
        ("other@x.test", vec!["z@y.test".to_string(), "w@y.test".into()])
    );
    assert_eq!(String::from_utf8_lossy(&d.data), expected);
    let out = output(send(&home, &sink.port(), &["--tls", "off", "--eml", "missing.eml"]));
    assert_error(&out, 3, "cannot read message file missing.eml");
}

#[test]
fn comma_lists_and_the_ehlo_name() {
    let sink = Sink::start(Mode::Plain, Rules::default());
    let home = Home::new();
    ok(send(
        &home,
        &sink.port(),
        &[
            "--tls",
            "off",
            "--from",
            "me@x.test",
            "--to",
            "a@y.test,B <b@y.test>",
            "--cc",
            "c@y.test, d@y.test",
            "--bcc",
            "e@z.test",
            "--body",
            "x",
        ],
    ));
    assert_eq!(
        sink.take().remove(0).to,
        ["a@y.test", "b@y.test", "c@y.test", "d@y.test", "e@z.test"]
    );
    let base = [
        "--tls",
        "off",
        "--from",
        "me@x.test",
        "--to",
        "a@y.test",
        "--body",
        "x",
        "--timeout",
        "2s",
    ];
    let said = |extra: &[&str]| {
        let server = Scripted::start(Some("220 x\r\n"), |_| Some("554 no\r\n".into()));
        let _ = output(send(&home, &server.port(), &[&base[..], extra].concat()));
        server.received().into_iter().next().unwrap_or_default()
    };
    assert_eq!(said(&["--ehlo", "mail.nt.test"]), "EHLO mail.nt.test");
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let default = said(&[]);
    assert!(
        default == format!("EHLO {}", host.trim()) || default == "EHLO [127.0.0.1]",
        "{default}"
    );
    assert_error(
        &output(send(&home, &sink.port(), &[&base[..], &["--ehlo", "a b"]].concat())),
        2,
        "invalid --ehlo 'a b'",
    );
}

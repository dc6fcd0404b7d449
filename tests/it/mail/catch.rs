//! `nt mail catch` with the clients it must serve: nt mail send (the course's two
//! messages, byte for byte), Python's smtplib running the course's programs, swaks,
//! curl, and a raw client that pipelines, misbehaves and sends 100 MiB. Each stored file
//! is the message under the catcher's `Received:` line. Hostile clients: `hostile_catch.rs`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use mail_parser::{MessageParser, MimeHeaders};

use super::trust::COURSE_1;
use crate::common::{Home, Running, run, shell_status, sorted_files};

/// `nt mail catch` on a free loopback port, with its address.
pub(super) fn catch(home: &Home, args: &[&str]) -> (Running, SocketAddr) {
    let mut cmd = home.nt();
    cmd.args(["mail", "catch", "--listen", "127.0.0.1:0"]).args(args);
    let running = Running::spawn(cmd);
    let addr = running.addr();
    (running, addr)
}

/// The files in DIR/new, sorted by name (delivery order within a second).
pub(super) fn caught(dir: &Path) -> Vec<Vec<u8>> {
    sorted_files(&dir.join("new")).iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// The message as the client sent it: a stored file without the catcher's `Received:`
/// line (which must be there, folded, ending in a date).
pub(super) fn sent(file: &[u8]) -> Vec<u8> {
    assert!(file.starts_with(b"Received: from "), "{}", String::from_utf8_lossy(file));
    let mut at = 0;
    loop {
        let end = at + file[at..].windows(2).position(|w| w == b"\r\n").expect("a CRLF") + 2;
        at = end;
        if !matches!(file.get(at), Some(b' ' | b'\t')) {
            return file[at..].to_vec();
        }
    }
}

fn send(home: &Home, addr: SocketAddr, args: &[&str]) -> (bool, String) {
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--server", &addr.to_string(), "--tls", "off"]).args(args);
    let (status, _, err) = run(cmd, Vec::new());
    (status.success(), err)
}

/// `--from me@x.test --to TO` and more.
fn message<'a>(to: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    [&["--from", "me@x.test", "--to", to][..], extra].concat()
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake image \xff";

#[test]
fn the_course_messages_arrive_byte_for_byte() {
    let home = Home::new();
    let inbox = home.path().join("inbox");
    let (server, addr) = catch(&home, &["--count", "2", "--json", inbox.to_str().unwrap()]);
    let py = home.path().join("text1_SMTP.py");
    std::fs::write(&py, COURSE_1).unwrap();
    let jpg = home.path().join("iu.jpg");
    std::fs::write(&jpg, PNG).unwrap();
    let html = home.path().join("page.html");
    std::fs::write(&html, "<h1>图片</h1><img src='cid:img01'/><p>结束</p>").unwrap();
    let (m1, m2) = (home.path().join("m1.eml"), home.path().join("m2.eml"));
    let login = [
        "--insecure",
        "--user",
        "13290901690@163.test",
        "--to",
        "13290901690@163.test,1542242578@qq.test",
    ];
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--server", &addr.to_string(), "--tls", "off"]).args(login);
    cmd.args([
        "--subject",
        "测试邮件",
        "--body",
        "这是一封python写的邮件",
        "--save",
        m1.to_str().unwrap(),
    ]);
    cmd.env("NT_SMTP_PASSWORD", "qikuedu");
    let (status, _, err) = run(cmd, Vec::new());
    assert!(status.success(), "{err}");
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--server", &addr.to_string(), "--tls", "off"]).args(login);
    cmd.args(["--subject", "测试邮件", "--html", html.to_str().unwrap()]);
    cmd.args(["--inline", &format!("img01={}", jpg.display()), "--attach", py.to_str().unwrap()]);
    cmd.args(["--save", m2.to_str().unwrap()]).env("NT_SMTP_PASSWORD", "qikuedu");
    let (status, _, err) = run(cmd, Vec::new());
    assert!(status.success(), "{err}");
    let (status, stdout, err) = server.finish();
    assert!(status.success(), "--count 2 ends the catcher: {err}");
    let files = caught(&inbox);
    assert_eq!(files.len(), 2);
    let files: Vec<Vec<u8>> = files.iter().map(|f| sent(f)).collect();
    assert!(files.contains(&std::fs::read(&m1).unwrap()), "message 1 byte for byte");
    assert!(files.contains(&std::fs::read(&m2).unwrap()), "message 2 byte for byte");
    assert_eq!(std::fs::read_dir(inbox.join("tmp")).unwrap().count(), 0);
    assert!(inbox.join("cur").is_dir());
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(events.len(), 2);
    for event in &events {
        assert_eq!(event["subject"], "测试邮件");
        assert_eq!(event["from"], "13290901690@163.test");
        assert_eq!(event["to"], serde_json::json!(["13290901690@163.test", "1542242578@qq.test"]));
        assert_eq!(event["login"], "13290901690@163.test");
        assert!(event["file"].as_str().unwrap().starts_with("new/"));
    }
    let names: Vec<&serde_json::Value> = events.iter().map(|e| &e["attachments"]).collect();
    assert!(names.contains(&&serde_json::json!(["iu.jpg", "text1_SMTP.py"])), "{names:?}");
}

#[test]
fn without_dir_a_summary_line_per_message() {
    let home = Home::new();
    let (server, addr) = catch(&home, &["--count", "1"]);
    let py = home.path().join("file.py");
    std::fs::write(&py, "print(1)\n").unwrap();
    let extra = ["--subject", "Grüße", "--body", "x", "--attach", py.to_str().unwrap()];
    let (ok, err) = send(&home, addr, &message("you@y.test", &extra));
    assert!(ok, "{err}");
    let (status, stdout, err) = server.finish();
    assert!(status.success(), "{err}");
    let line = String::from_utf8_lossy(&stdout);
    assert!(line.starts_with("me@x.test -> you@y.test \"Grüße\" "), "{line}");
    assert!(line.trim_end().ends_with("[file.py]"), "{line}");
    assert_eq!(line.lines().count(), 1);
}

#[test]
fn reject_patterns_and_the_size_limit() {
    let home = Home::new();
    let inbox = home.path().join("in");
    let (server, addr) = catch(
        &home,
        &["--reject", "*@SPAM.test", "--max-size", "2KiB", "--count", "1", inbox.to_str().unwrap()],
    );
    let (ok, err) =
        send(&home, addr, &["--from", "me@x.test", "--to", "bob@spam.test", "--body", "x"]);
    assert!(!ok && err.contains("server rejected recipient <bob@spam.test>: 550"), "{err}");
    let big = home.path().join("big.bin");
    std::fs::write(&big, vec![7u8; 4096]).unwrap();
    let extra = ["--body", "x", "--attach", big.to_str().unwrap()];
    let (ok, err) = send(&home, addr, &message("a@y.test", &extra));
    assert!(!ok && err.contains("552"), "SIZE= is refused at MAIL: {err}");
    assert!(err.contains("the limit is 2 KiB (nt mail catch --max-size)"), "{err}");
    // A client that declares no size is refused after the data.
    let mut raw = Raw::connect(addr);
    raw.expect("EHLO c\r\n", "250-");
    raw.expect("MAIL FROM:<a@x>\r\n", "250");
    raw.expect("RCPT TO:<b@y>\r\n", "250");
    raw.expect("DATA\r\n", "354");
    let line = format!("{}\r\n", "y".repeat(1000));
    raw.send(&line.repeat(3));
    raw.expect(".\r\n", "552 5.3.4 message too big: the limit is 2 KiB");
    raw.expect("QUIT\r\n", "221");
    let (ok, err) =
        send(&home, addr, &["--from", "me@x.test", "--to", "a@y.test", "--body", "small"]);
    assert!(ok, "{err}");
    let (status, _, err) = server.finish();
    assert!(status.success(), "{err}");
    assert_eq!(caught(&inbox).len(), 1);
}

/// A raw SMTP client for the protocol edge cases.
pub(super) struct Raw {
    pub(super) reader: BufReader<TcpStream>,
    pub(super) writer: TcpStream,
}

impl Raw {
    pub(super) fn connect(addr: SocketAddr) -> Raw {
        let mut raw = Raw::from_stream(TcpStream::connect(addr).unwrap());
        assert!(raw.reply().starts_with("220"));
        raw
    }

    /// A connected socket, its greeting not read yet.
    pub(super) fn from_stream(sock: TcpStream) -> Raw {
        sock.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let writer = sock.try_clone().unwrap();
        Raw { reader: BufReader::new(sock), writer }
    }

    pub(super) fn send(&mut self, text: &str) {
        self.writer.write_all(text.as_bytes()).unwrap();
    }

    /// One whole reply (the lines of a multi-line one joined by newlines).
    pub(super) fn reply(&mut self) -> String {
        let mut all = String::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).unwrap();
            all.push_str(&line);
            if line.len() < 4 || line.as_bytes()[3] != b'-' {
                return all;
            }
        }
    }

    pub(super) fn expect(&mut self, command: &str, start: &str) -> String {
        self.send(command);
        let reply = self.reply();
        assert!(reply.starts_with(start), "{command:?} got {reply:?}, not {start}");
        reply
    }
}

#[test]
fn pipelining_utf8_auth_and_hostile_clients() {
    let home = Home::new();
    let inbox = home.path().join("in");
    let (server, addr) = catch(&home, &["--timeout", "1s", inbox.to_str().unwrap()]);
    let mut raw = Raw::connect(addr);
    let ehlo = raw.expect("EHLO client.test\r\n", "250-");
    for ext in ["PIPELINING", "SIZE 67108864", "8BITMIME", "SMTPUTF8", "AUTH PLAIN LOGIN"] {
        assert!(ehlo.contains(ext), "{ext} in {ehlo}");
    }
    raw.expect("AUTH PLAIN AHVzZXIAcGFzcw==\r\n", "235");
    // Three commands in one write, three replies.
    raw.send("MAIL FROM:<> SIZE=100 BODY=8BITMIME SMTPUTF8\r\nRCPT TO:<用户@例子.测试> NOTIFY=NEVER\r\nDATA\r\n");
    assert!(raw.reply().starts_with("250"));
    assert!(raw.reply().starts_with("250"));
    assert!(raw.reply().starts_with("354"));
    raw.expect("Subject: ü\r\n\r\n..dots\r\nx\r.\r\n.\r\n", "250 2.0.0");
    raw.expect("AUTH LOGIN\r\n", "503");
    raw.expect("RSET\r\n", "250");
    raw.expect("QUIT\r\n", "221");
    let files = caught(&inbox);
    assert_eq!(files.len(), 1);
    assert_eq!(sent(&files[0]), b"Subject: \xc3\xbc\r\n\r\n.dots\r\nx\r.\r\n".to_vec());
    let received = String::from_utf8_lossy(&files[0][..files[0].len() - 25]).into_owned();
    assert!(
        received.starts_with("Received: from client.test ([127.0.0.1])\r\n\tby ")
            && received.contains(" (nt) with ESMTPA\r\n\tfor <用户@例子.测试>; "),
        "{received}"
    );
    // A client that says nothing is told so and dropped.
    let mut idle = Raw::connect(addr);
    let started = std::time::Instant::now();
    assert!(idle.reply().starts_with("421 4.4.2"));
    assert!(started.elapsed() < Duration::from_secs(10));
    // Too many bad commands end the connection.
    let mut bad = Raw::connect(addr);
    bad.send(&"NONSENSE\r\n".repeat(25));
    let mut all = String::new();
    let _ = bad.reader.read_to_string(&mut all);
    assert!(all.contains("421 4.7.0 too many errors"), "{all}");
    drop(server);
}

#[test]
fn a_100_mib_message_streams_to_disk() {
    let home = Home::new();
    let inbox = home.path().join("in");
    let (server, addr) =
        catch(&home, &["--count", "1", "--max-size", "200MiB", inbox.to_str().unwrap()]);
    let mut raw = Raw::connect(addr);
    raw.expect("EHLO big\r\n", "250");
    raw.expect("MAIL FROM:<a@x>\r\n", "250");
    raw.expect("RCPT TO:<b@y>\r\n", "250");
    raw.expect("DATA\r\n", "354");
    let mut block = Vec::with_capacity(1 << 20);
    while block.len() < (1 << 20) {
        block.extend_from_slice(
            b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx\r\n",
        );
    }
    raw.send("Subject: big\r\n\r\n");
    for _ in 0..100 {
        raw.writer.write_all(&block).unwrap();
    }
    raw.expect(".\r\n", "250");
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.id())).unwrap();
    let peak_kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    raw.expect("QUIT\r\n", "221");
    let (status, _, err) = server.finish();
    assert!(status.success(), "{err}");
    let files = caught(&inbox);
    assert_eq!(sent(&files[0]).len(), 16 + 100 * block.len(), "every byte on disk");
    assert!(peak_kib < 64 * 1024, "peak RSS {peak_kib} KiB for a 100 MiB message");
}

#[test]
fn starttls_with_a_certificate_and_any_login() {
    let home = Home::new();
    let key =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let (cert, pem_key) = (home.path().join("c.pem"), home.path().join("k.pem"));
    std::fs::write(&cert, key.cert.pem()).unwrap();
    std::fs::write(&pem_key, key.signing_key.serialize_pem()).unwrap();
    let pin: String = crate::common::sha256_hex(key.cert.der());
    let inbox = home.path().join("in");
    let (server, addr) = catch(
        &home,
        &[
            "--tls",
            "--cert",
            cert.to_str().unwrap(),
            "--key",
            pem_key.to_str().unwrap(),
            "--count",
            "1",
            "--json",
            inbox.to_str().unwrap(),
        ],
    );
    let mut cmd = home.nt();
    cmd.args([
        "mail",
        "send",
        "--server",
        &addr.to_string(),
        "--pin",
        &pin,
        "--user",
        "anyone@x.test",
    ]);
    cmd.args(["--to", "b@y.test", "--body", "over tls"]).env("NT_SMTP_PASSWORD", "whatever");
    let (status, _, err) = run(cmd, Vec::new());
    assert!(status.success(), "{err}");
    let (status, stdout, err) = server.finish();
    assert!(status.success(), "{err}");
    assert!(err.contains("TLS certificate SHA-256"), "{err}");
    let event: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(
        (event["tls"].as_bool(), event["login"].as_str()),
        (Some(true), Some("anyone@x.test"))
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_is_exit_130() {
    let home = Home::new();
    let (server, _) = catch(&home, &[home.path().join("in").to_str().unwrap()]);
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(server.id() as i32, libc::SIGINT) };
    let (status, _, _) = server.finish();
    assert_eq!(shell_status(status), Some(130));
}

/// The course's two programs, pointed at the catcher (they log in over plain SMTP).
fn course_program(n: usize, port: u16) -> String {
    let head = format!(
        "from smtplib import SMTP\nfrom email.mime.text import MIMEText\nfrom email.mime.image import MIMEImage\nfrom email.mime.multipart import MIMEMultipart\nsmtp = SMTP(host=\"127.0.0.1\", port={port})\nuseemail = \"13290901690@163.test\"\nsmtp.login(useemail, \"qikuedu\")\n"
    );
    let body = if n == 1 {
        "sendtest = MIMEText(\"这是一封python写的邮件\")\n"
    } else {
        "sendtest = MIMEMultipart()\nwith open(\"iu.jpg\", \"rb\") as f:\n    img = MIMEImage(f.read(), \"png\")\n    img.add_header(\"Content-ID\", \"img01\")\n    sendtest.attach(img)\nhtml = MIMEText(\"<h1>图片</h1><img src='cid:img01'/><p>结束</p>\", \"html\")\nsendtest.attach(html)\nfileoc = open(\"text1_SMTP.py\", \"rb\")\nmsgfile = MIMEText(fileoc.read(), \"base64\", \"utf8\")\nfileoc.close()\nmsgfile[\"Content-Disposition\"] = 'attachment; filename = \"text1_SMTP.py\"'\nsendtest.attach(msgfile)\n"
    };
    let tail = "sendtest[\"from\"] = useemail\nsendtest[\"to\"] = \"13290901690@163.test\"\nsendtest[\"subject\"] = \"测试邮件\"\nsmtp.sendmail(useemail, [\"13290901690@163.test\", \"1542242578@qq.test\"], sendtest.as_string())\nsmtp.quit()\n";
    format!("{head}{body}{tail}")
}

#[test]
#[ignore = "needs python3: apt-get install python3"]
fn python_smtplib_runs_the_course_programs() {
    let home = Home::new();
    let inbox = home.path().join("in");
    let (server, addr) = catch(&home, &["--count", "2", inbox.to_str().unwrap()]);
    std::fs::write(home.path().join("iu.jpg"), PNG).unwrap();
    std::fs::write(home.path().join("text1_SMTP.py"), COURSE_1).unwrap();
    for n in [1, 2] {
        let prog = home.path().join(format!("course{n}.py"));
        std::fs::write(&prog, course_program(n, addr.port())).unwrap();
        let out =
            Command::new("/usr/bin/python3").arg(&prog).current_dir(home.path()).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let (status, _, err) = server.finish();
    assert!(status.success(), "{err}");
    let files = caught(&inbox);
    assert_eq!(files.len(), 2);
    let second = files
        .iter()
        .map(|f| MessageParser::default().parse(f).unwrap())
        .find(|m| m.attachment_count() > 0)
        .expect("the second mail");
    assert_eq!(second.subject(), Some("测试邮件"));
    let file = second
        .attachments()
        .find(|p| p.attachment_name() == Some("text1_SMTP.py"))
        .expect("the .py file");
    assert_eq!(file.contents(), COURSE_1.as_bytes());
    assert!(second.attachments().any(|p| p.content_id() == Some("img01") && p.contents() == PNG));
}

#[test]
#[ignore = "needs swaks curl: apt-get install swaks curl"]
fn swaks_and_curl_deliver() {
    let home = Home::new();
    let inbox = home.path().join("in");
    let (server, addr) = catch(&home, &["--count", "3", inbox.to_str().unwrap()]);
    let server_arg = addr.to_string();
    let swaks = |extra: &[&str]| {
        let out = Command::new("swaks")
            .args([
                "--server",
                &server_arg,
                "--from",
                "a@x.test",
                "--to",
                "b@y.test",
                "--body",
                "from swaks",
            ])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    };
    swaks(&[]);
    swaks(&["--auth", "LOGIN", "--auth-user", "u", "--auth-password", "p"]);
    let file = home.path().join("m.txt");
    std::fs::write(&file, "Subject: from curl\r\n\r\n.leading dot\r\n").unwrap();
    let out = Command::new("curl")
        .args([
            "-sS",
            &format!("smtp://{addr}"),
            "--mail-from",
            "a@x.test",
            "--mail-rcpt",
            "b@y.test",
            "-T",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (status, _, err) = server.finish();
    assert!(status.success(), "{err}");
    let files = caught(&inbox);
    assert_eq!(files.len(), 3);
    assert!(files.iter().any(|f| f.ends_with(b"Subject: from curl\r\n\r\n.leading dot\r\n")));
    assert_eq!(
        files.iter().filter(|f| String::from_utf8_lossy(f).contains("from swaks")).count(),
        2
    );
}

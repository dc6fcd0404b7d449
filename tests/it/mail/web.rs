//! `nt mail catch DIR --web ADDR`: the mailpit-compatible JSON API through a real HTTP
//! client (HTTP/1.0 over a TcpStream, written here): the course's HTML mail sent with
//! `nt mail send` shows its inline image and its .py attachment (parts byte-exact),
//! opening marks it read (the file moves to `cur/` with `:2,S`), search, deletes (by ID,
//! all, refused from a foreign browser origin), mail dropped into the Maildir by someone
//! else, a malformed message, the Host check, the login, and the flags' usage errors.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::trust::COURSE_1;
use crate::common::{Home, Running, assert_error, run, sorted_files};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake image \xff";

/// `nt mail catch DIR --web 127.0.0.1:0`, with its SMTP and web addresses.
pub fn catch(home: &Home, dir: &Path, extra: &[&str]) -> (Running, SocketAddr, SocketAddr) {
    let mut cmd = home.nt();
    cmd.args(["mail", "catch", "--listen", "127.0.0.1:0"]).arg(dir);
    cmd.args(["--web", "127.0.0.1:0"]).args(extra);
    let running = Running::spawn(cmd);
    let (smtp, web) = (running.addr(), running.addr());
    (running, smtp, web)
}

/// One HTTP request: status, head and body.
fn http(
    web: SocketAddr,
    method: &str,
    path: &str,
    headers: &[&str],
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(web).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut request =
        format!("{method} {path} HTTP/1.0\r\nHost: {web}\r\nContent-Length: {}\r\n", body.len());
    for h in headers {
        request.push_str(&format!("{h}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("an HTTP head");
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let status = head[9..12].parse().unwrap();
    (status, head, answer[split + 4..].to_vec())
}

fn get_json(web: SocketAddr, path: &str) -> Value {
    let (status, head, body) = http(web, "GET", path, &[], b"");
    assert_eq!(status, 200, "{path}: {head}");
    serde_json::from_slice(&body).unwrap()
}

/// Wait until the listing has `n` messages.
pub fn wait_total(web: SocketAddr, n: u64) -> Value {
    let start = Instant::now();
    loop {
        let list = get_json(web, "/api/v1/messages");
        if list["total"] == n || start.elapsed() > Duration::from_secs(10) {
            assert_eq!(list["total"], n, "{list}");
            return list;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Send the course's second mail: HTML with an inline image (cid:img01) and a .py file.
pub fn send_course_mail(home: &Home, smtp: SocketAddr, subject: &str) {
    let html = home.path().join("page.html");
    std::fs::write(&html, "<h1>图片</h1><img src='cid:img01'/><p>结束</p>").unwrap();
    let img = home.path().join("iu.png");
    std::fs::write(&img, PNG).unwrap();
    let py = home.path().join("text1_SMTP.py");
    std::fs::write(&py, COURSE_1).unwrap();
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--server", &smtp.to_string(), "--tls", "off"]);
    cmd.args(["--from", "Teacher <t@163.test>", "--to", "s@qq.test", "--subject", subject]);
    cmd.arg("--html").arg(&html).arg("--inline").arg(format!("img01={}", img.display()));
    cmd.arg("--attach").arg(&py);
    let (status, _, err) = run(cmd, Vec::new());
    assert!(status.success(), "{err}");
}

/// The names of the files in a directory, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    let paths = sorted_files(dir);
    paths.iter().filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned())).collect()
}

#[test]
fn the_course_mail_through_the_api() {
    let home = Home::new();
    let inbox = home.path().join("inbox");
    let (_server, smtp, web) = catch(&home, &inbox, &[]);
    send_course_mail(&home, smtp, "测试邮件 <script>alert(1)</script>");
    let list = wait_total(web, 1);
    assert_eq!(
        (list["unread"].as_u64(), list["count"].as_u64(), list["start"].as_u64()),
        (Some(1), Some(1), Some(0))
    );
    let m = &list["messages"][0];
    let id = m["ID"].as_str().unwrap().to_string();
    assert_eq!(m["Subject"], "测试邮件 <script>alert(1)</script>");
    assert_eq!(m["From"]["Address"], "t@163.test");
    assert_eq!(m["From"]["Name"], "Teacher");
    assert_eq!(m["To"][0]["Address"], "s@qq.test");
    assert_eq!((m["Attachments"].as_u64(), m["Read"].as_bool()), (Some(1), Some(false)));
    assert!(m["Created"].as_str().unwrap().ends_with('Z'));
    let new = files(&inbox.join("new"));
    assert_eq!(new.len(), 1);
    let saved = std::fs::read(inbox.join("new").join(&new[0])).unwrap();
    assert_eq!(m["Size"].as_u64(), Some(saved.len() as u64));

    // The raw source is the file; opening the message marks it read.
    let (status, _, raw) = http(web, "GET", &format!("/api/v1/message/{id}/raw"), &[], b"");
    assert_eq!((status, raw == saved), (200, true));
    let msg = get_json(web, &format!("/api/v1/message/{id}"));
    assert!(msg["HTML"].as_str().unwrap().contains("cid:img01"), "{msg}");
    assert_eq!(msg["Inline"][0]["ContentID"], "img01");
    assert_eq!(msg["Inline"][0]["ContentType"], "image/png");
    assert_eq!(msg["Attachments"][0]["FileName"], "text1_SMTP.py");
    let mime: Vec<&str> = msg["MIME"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["ContentType"].as_str().unwrap())
        .collect();
    assert_eq!(
        mime,
        ["multipart/mixed", "multipart/related", "text/html", "image/png", "text/plain"]
    );
    assert!(files(&inbox.join("new")).is_empty());
    assert_eq!(files(&inbox.join("cur")), [format!("{id}:2,S")]);
    let list = wait_total(web, 1);
    assert_eq!(
        (list["unread"].as_u64(), list["messages"][0]["Read"].as_bool()),
        (Some(0), Some(true))
    );

    // The parts, decoded byte for byte, with their names.
    for (part, bytes) in [(&msg["Inline"][0], PNG), (&msg["Attachments"][0], COURSE_1.as_bytes())] {
        let path = format!("/api/v1/message/{id}/part/{}", part["PartID"].as_str().unwrap());
        let (status, head, body) = http(web, "GET", &path, &[], b"");
        assert_eq!((status, body.as_slice()), (200, bytes), "{head}");
        assert_eq!(part["Size"].as_u64(), Some(bytes.len() as u64));
    }
    let (_, head, _) = http(web, "GET", &format!("/api/v1/message/{id}/part/2"), &[], b"");
    assert!(head.contains("filename=\"text1_SMTP.py\""), "{head}");
    let (status, _, _) = http(web, "GET", &format!("/api/v1/message/{id}/part/9"), &[], b"");
    assert_eq!(status, 404);

    // The HTML for the frame: cid: resolved, sandboxed, nothing remote.
    let (status, head, body) = http(web, "GET", &format!("/view/{id}"), &[], b"");
    let body = String::from_utf8(body).unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("/part/1.2'") && !body.contains("cid:"), "{body}");
    let csp =
        head.lines().find(|l| l.to_lowercase().starts_with("content-security-policy")).unwrap();
    assert!(
        csp.contains("sandbox allow-popups")
            && !csp.contains("allow-scripts")
            && !csp.contains(" http: "),
        "{csp}"
    );
}

#[test]
fn search_delete_and_mail_from_elsewhere() {
    let home = Home::new();
    let inbox = home.path().join("inbox");
    let (_server, smtp, web) = catch(&home, &inbox, &[]);
    send_course_mail(&home, smtp, "course");
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--server", &smtp.to_string(), "--tls", "off"]);
    cmd.args([
        "--from",
        "bob@b.test",
        "--to",
        "ann@a.test",
        "--subject",
        "lunch plans",
        "--body",
        "at noon",
    ]);
    assert!(run(cmd, Vec::new()).0.success());
    // A message another program put into new/, and one that is not mail at all.
    std::fs::write(
        inbox.join("new/1.other.host"),
        "From: Dovecot <d@x.test>\r\nSubject: elsewhere\r\n\r\nhi\r\n",
    )
    .unwrap();
    std::fs::write(inbox.join("new/2.junk.host"), b"\xff\xfe\0\0garbage without headers").unwrap();
    let list = wait_total(web, 4);
    assert_eq!(list["messages"].as_array().unwrap().len(), 4);

    let subjects = |query: &str| -> Vec<String> {
        let found = get_json(web, &format!("/api/v1/search?query={query}"));
        let mut s: Vec<String> = found["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["Subject"].as_str().unwrap().to_string())
            .collect();
        s.sort();
        assert_eq!(found["messages_count"].as_u64(), Some(s.len() as u64));
        s
    };
    assert_eq!(subjects("has:attachment"), ["course"]);
    assert_eq!(subjects("from:bob"), ["lunch plans"]);
    assert_eq!(subjects("to:ann%40a.test"), ["lunch plans"]);
    assert_eq!(subjects("subject:%22lunch%20plans%22"), ["lunch plans"]);
    assert_eq!(subjects("DOVECOT"), ["elsewhere"]);
    assert_eq!(subjects("-has:attachment%20is:unread%20lunch"), ["lunch plans"]);

    // The junk message shows what it can.
    let junk = get_json(web, "/api/v1/message/2.junk.host");
    assert!(junk["Text"].as_str().unwrap().contains("garbage"), "{junk}");

    // Paging.
    let page = get_json(web, "/api/v1/messages?start=1&limit=2");
    assert_eq!(
        (page["count"].as_u64(), page["messages_count"].as_u64(), page["start"].as_u64()),
        (Some(2), Some(4), Some(1))
    );

    // A browser on another origin cannot delete; the page's own origin needs its token.
    let (status, _, _) =
        http(web, "DELETE", "/api/v1/messages", &["Origin: http://evil.test"], b"");
    assert_eq!(status, 403);
    let origin = format!("Origin: http://{web}");
    let (status, _, _) = http(web, "DELETE", "/api/v1/messages", &[&origin], b"");
    assert_eq!(status, 403);
    assert_eq!(wait_total(web, 4)["total"], 4);

    // Delete one by ID (JSON), then all (form body as mailpit's Python client sends: none).
    let body = br#"{"IDs": ["1.other.host"]}"#;
    let (status, _, answer) =
        http(web, "DELETE", "/api/v1/messages", &["Content-Type: application/json"], body);
    assert_eq!((status, answer.as_slice()), (200, &b"ok"[..]));
    assert!(!inbox.join("new/1.other.host").exists());
    wait_total(web, 3);
    let (status, _, _) = http(web, "DELETE", "/api/v1/messages", &[], b"");
    assert_eq!(status, 200);
    wait_total(web, 0);
    assert!(files(&inbox.join("new")).is_empty() && files(&inbox.join("cur")).is_empty());

    // DNS rebinding: a foreign host name is not answered without a login.
    let mut stream = TcpStream::connect(web).unwrap();
    stream.write_all(b"GET /api/v1/messages HTTP/1.0\r\nHost: evil.test\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.0 421"), "{answer}");
}

#[test]
fn a_login_guards_everything() {
    let home = Home::new();
    let inbox = home.path().join("inbox");
    let mut cmd = home.nt();
    cmd.args(["mail", "catch", "--listen", "127.0.0.1:0"]).arg(&inbox);
    cmd.args(["--web", "127.0.0.1:0", "--web-user", "ann", "--web-insecure"]);
    cmd.env("NT_WEB_PASSWORD", "s3cret");
    let server = Running::spawn(cmd);
    let (_smtp, web) = (server.addr(), server.addr());
    let (status, head, _) = http(web, "GET", "/api/v1/messages", &[], b"");
    assert_eq!(status, 401);
    assert!(head.to_lowercase().contains("www-authenticate: basic"), "{head}");
    let (status, _, _) = http(web, "GET", "/", &["Authorization: Basic YW5uOndyb25n"], b"");
    assert_eq!(status, 401);
    // Five wrong logins on one connection close it.
    let mut stream = TcpStream::connect(web).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let wrong =
        format!("GET / HTTP/1.1\r\nHost: {web}\r\nAuthorization: Basic YW5uOndyb25n\r\n\r\n");
    stream.write_all(wrong.repeat(8).as_bytes()).unwrap();
    let mut answers = String::new();
    let _ = stream.read_to_string(&mut answers);
    assert_eq!(answers.matches("HTTP/1.1 401").count(), 5, "{answers}");
    // ann:s3cret
    let (status, head, page) =
        http(web, "GET", "/", &["Authorization: Basic YW5uOnMzY3JldA=="], b"");
    assert_eq!(status, 200, "{head}");
    assert!(String::from_utf8_lossy(&page).contains("nt-token"));
}

#[test]
fn web_flags_are_checked_before_listening() {
    let home = Home::new();
    let inbox = home.path().join("inbox");
    let cases: &[(&[&str], &str)] = &[
        (&["--web", "0.0.0.0:0"], "is not a loopback address: it needs --web-user NAME"),
        (
            &["--web", "127.0.0.1:0", "--web-user", "ann"],
            "--web-user over plain HTTP would send the password in clear text",
        ),
    ];
    for (args, needle) in cases {
        let mut cmd = home.nt();
        cmd.args(["mail", "catch", "--listen", "127.0.0.1:0"]).arg(&inbox).args(*args);
        cmd.env("NT_WEB_PASSWORD", "pw");
        let (status, _, err) = run(cmd, Vec::new());
        assert_eq!(status.code(), Some(2), "{err}");
        assert!(err.contains(needle), "{err}");
    }
    let mut cmd = home.nt();
    cmd.args(["mail", "catch", "--web"]);
    let out = cmd.output().unwrap();
    assert_error(&out, 2, "<DIR>");
}

#[test]
fn https_with_the_catchers_self_signed_identity_and_a_login() {
    let home = Home::new();
    let inbox = home.path().join("inbox");
    let mut cmd = home.nt();
    cmd.args(["mail", "catch", "--listen", "127.0.0.1:0", "--self-signed"]).arg(&inbox);
    cmd.args(["--web", "127.0.0.1:0", "--web-user", "ann"]);
    cmd.env("NT_WEB_PASSWORD", "s3cret");
    let server = Running::spawn(cmd);
    let (_smtp, web) = (server.addr(), server.addr());
    let pin = server.line_with("--pin ");
    let pin = pin.rsplit("--pin ").next().unwrap().trim_end_matches(')').to_string();
    // nt's own TLS client, pinned to the certificate the catcher printed.
    let https = |auth: &str| -> String {
        let mut cmd = home.nt();
        cmd.args(["tcp", "connect", &web.to_string(), "--pin", &pin]);
        let request = format!("GET /api/v1/messages HTTP/1.0\r\nHost: {web}\r\n{auth}\r\n");
        let (status, out, err) = run(cmd, request.into_bytes());
        assert!(status.success(), "{err}");
        String::from_utf8_lossy(&out).into_owned()
    };
    let answer = https("");
    assert!(answer.starts_with("HTTP/1.0 401"), "{answer}");
    let answer = https("Authorization: Basic YW5uOnMzY3JldA==\r\n");
    assert!(answer.starts_with("HTTP/1.0 200"), "{answer}");
    assert!(answer.contains("\"total\":0"), "{answer}");
    // Plain HTTP to the HTTPS port gets no page.
    let mut stream = TcpStream::connect(web).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    assert!(!String::from_utf8_lossy(&answer).contains("nt-token"));
}

#[test]
fn one_address_cannot_take_every_connection() {
    let home = Home::new();
    let inbox = home.path().join("inbox");
    let (_server, _smtp, web) = catch(&home, &inbox, &[]);
    // 32 silent connections from one address (the per-source cap), then one more.
    let silent: Vec<TcpStream> = (0..32).map(|_| TcpStream::connect(web).unwrap()).collect();
    let mut over = TcpStream::connect(web).unwrap();
    over.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut answer = String::new();
    over.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 503 "), "{answer}");
    drop(silent);
    let start = Instant::now();
    while http(web, "GET", "/api/v1/messages", &[], b"").0 != 200 {
        assert!(start.elapsed() < Duration::from_secs(5), "the slots came back");
        std::thread::sleep(Duration::from_millis(50));
    }
}

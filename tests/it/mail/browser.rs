//! The page of `nt mail catch --web` in headless Chromium, driven by Playwright
//! (`playwright-core` from npm, installed by .ci/run into `target/npm`; Debian's
//! `chromium`): the course's HTML mail shows its inline image (`naturalWidth > 0`) and
//! its .py attachment downloads byte-exact; a mail that arrives while the page is open
//! appears without a reload; search narrows the list; delete removes the file; a hostile
//! HTML mail cannot run script, load a remote image (a beacon server here counts hits),
//! refresh or navigate the top page; a subject full of `<script>` stays text.
//! Screenshots go to `target/web-screenshots/`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine;

use super::trust::COURSE_1;
use crate::common::{Home, Running, run};

/// A real 1x1 PNG, so that the browser decodes it.
const PNG_B64: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/// A server that counts every connection made to it (remote loads that must not happen).
fn beacon() -> (SocketAddr, Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let lines = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(1000) {
            let Ok(mut stream) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let first = String::from_utf8_lossy(&buf[..n]).lines().next().unwrap_or("").to_string();
            lines.lock().unwrap().push(first);
            let _ = stream.write_all(b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
        }
    });
    (addr, hits, seen)
}

fn send(home: &Home, smtp: SocketAddr, subject: &str, args: &[&str]) {
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--server", &smtp.to_string(), "--tls", "off"]);
    cmd.args(["--from", "Teacher <t@163.test>", "--to", "s@qq.test", "--subject", subject]);
    cmd.args(args);
    let (status, _, err) = run(cmd, Vec::new());
    assert!(status.success(), "{err}");
}

fn write(home: &Home, name: &str, bytes: &[u8]) -> String {
    let path = home.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target")
}

const SCRIPT: &str = include_str!("browser.js");

#[test]
#[ignore = "needs chromium and playwright-core: apt-get install chromium nodejs npm; npm install --prefix target/npm playwright-core"]
fn the_page_in_headless_chromium() {
    let home = Home::new();
    let inbox = home.path().join("inbox");
    let mut cmd = home.nt();
    cmd.args(["mail", "catch", "--listen", "127.0.0.1:0"]).arg(&inbox);
    cmd.args(["--web", "127.0.0.1:0"]);
    let server = Running::spawn(cmd);
    let (smtp, web) = (server.addr(), server.addr());
    let (beacon, hits, requests) = beacon();

    let png = base64::engine::general_purpose::STANDARD.decode(PNG_B64).unwrap();
    let html = write(
        &home,
        "page.html",
        "<h1>图片</h1><img id='pic' src='cid:img01'/><p>结束</p>".as_bytes(),
    );
    let img = write(&home, "iu.png", &png);
    let py = write(&home, "text1_SMTP.py", COURSE_1.as_bytes());
    let inline = format!("img01={img}");
    send(&home, smtp, "course mail", &["--html", &html, "--inline", &inline, "--attach", &py]);
    let hostile = format!(
        "<script>document.title='pwned';top.document.title='pwned'</script>\
         <meta http-equiv='refresh' content='0;url=http://{beacon}/refresh'>\
         <img src='http://{beacon}/beacon'><form action='http://{beacon}/form'><input name=q></form>\
         <a id=go href='http://{beacon}/link' target=_top>x</a><p id=hostile>hostile body</p>"
    );
    let hostile = write(&home, "hostile.html", hostile.as_bytes());
    send(
        &home,
        smtp,
        "<script>document.title='pwned'</script><img src=x onerror=alert(1)>",
        &["--html", &hostile],
    );

    let shots = target_dir().join("web-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let work = home.path().join("browser");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("script.js"), SCRIPT).unwrap();
    let mut node = Command::new("node");
    node.arg(work.join("script.js"));
    node.arg(format!("http://{web}/")).arg(&shots).arg(&work);
    node.env("NODE_PATH", target_dir().join("npm/node_modules"));
    node.env(
        "NT_SEND",
        format!("{} mail send --server {smtp} --tls off", env!("CARGO_BIN_EXE_nt")),
    );
    let out = node.output().expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "node failed:\n{stdout}\n{stderr}");
    let result: serde_json::Value =
        serde_json::from_str(stdout.lines().last().unwrap_or("{}")).unwrap();

    assert!(result["naturalWidth"].as_u64().unwrap() > 0, "{result}");
    let downloaded = std::fs::read(work.join("download.py")).unwrap();
    assert_eq!(downloaded, COURSE_1.as_bytes());
    assert_eq!(result["live"], true, "{result}");
    assert_eq!(result["searchRows"], 1, "{result}");
    assert_eq!(result["title"], "nt mail catch", "{result}");
    assert_eq!(result["hostileBody"], "hostile body", "{result}");
    assert_eq!(
        result["subjectText"],
        "<script>document.title='pwned'</script><img src=x onerror=alert(1)>"
    );
    assert_eq!(result["dialogs"], 0, "{result}");
    // No request reached the beacon (image, refresh, form, top navigation). Clicking the
    // mail's link lets Chromium preconnect (a socket that sends nothing): that is the
    // user's click, not the mail's doing, so a bare connection is not counted.
    let requests = requests.lock().unwrap().clone();
    let sent: Vec<&String> = requests.iter().filter(|r| !r.is_empty()).collect();
    assert!(sent.is_empty(), "the hostile mail reached the beacon: {requests:?}");
    assert!(hits.load(Ordering::SeqCst) <= 1, "{requests:?}");
    assert_eq!(result["topURL"], format!("http://{web}/"), "{result}");
    // Deleting in the page removed the file.
    assert_eq!(result["afterDelete"], 2, "{result}");
    let left = std::fs::read_dir(inbox.join("new")).unwrap().count()
        + std::fs::read_dir(inbox.join("cur")).unwrap().count();
    assert_eq!(left, 2);
}

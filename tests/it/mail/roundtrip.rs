//! One binary, both ends of mail: `nt mail send` into `nt mail catch DIR --pop3 ADDR`,
//! read back with `nt mail list/get pop3://...` — plain and with STLS on a self-signed
//! certificate pinned by its printed fingerprint — and the usage errors of `--pop3`.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;

use crate::common::{Home, Running, assert_error, run, sorted_files};

const PASSWORD: &str = "lab-pass";

/// `nt mail catch DIR --pop3 127.0.0.1:0 --user me`, with its SMTP and POP3 addresses.
fn catch(home: &Home, dir: &Path, extra: &[&str]) -> (Running, SocketAddr, SocketAddr) {
    let mut cmd = home.nt();
    cmd.args(["mail", "catch", "--listen", "127.0.0.1:0", "--pop3", "127.0.0.1:0"]);
    cmd.args(["--user", "me"]).args(extra).arg(dir).env("NT_POP3_PASSWORD", PASSWORD);
    let running = Running::spawn(cmd);
    let (smtp, pop3) = (running.addr(), running.addr());
    (running, smtp, pop3)
}

fn send(home: &Home, smtp: SocketAddr, subject: &str, extra: &[&str]) {
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--server", &smtp.to_string(), "--tls", "off"]);
    cmd.args(["--from", "a@x.test", "--to", "b@y.test", "--subject", subject]).args(extra);
    let (status, _, err) = run(cmd, Vec::new());
    assert!(status.success(), "{err}");
}

/// `nt mail VERB pop3://me@ADDR` with the password in the environment.
fn pop3(home: &Home, verb: &str, addr: SocketAddr, tls: &[&str]) -> Command {
    let mut cmd = home.nt();
    cmd.args(["mail", verb, &format!("pop3://me@{addr}")]).args(tls);
    cmd.env("NT_POP3_PASSWORD", PASSWORD);
    cmd
}

#[test]
fn what_send_sent_comes_back_over_pop3_byte_for_byte() {
    let home = Home::new();
    let inbox = home.path().join("inbox");
    let (server, smtp, pop3_addr) = catch(&home, &inbox, &[]);
    let script = home.path().join("text1_SMTP.py");
    std::fs::write(&script, "# 这是注释\nprint('hi')\n").unwrap();
    send(&home, smtp, "first", &["--body", "这是一封python写的邮件\n.\nend"]);
    send(&home, smtp, "second", &["--body", "see attached", "--attach", script.to_str().unwrap()]);

    let plain = ["--tls", "off", "--insecure"];
    let mut list = pop3(&home, "list", pop3_addr, &plain);
    list.arg("--json");
    let (status, out, err) = run(list, Vec::new());
    assert!(status.success(), "{err}");
    let subjects: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["subject"].to_string())
        .collect();
    assert_eq!(subjects, ["\"first\"", "\"second\""]);

    let saved = home.path().join("saved");
    let mut get = pop3(&home, "get", pop3_addr, &plain);
    get.args(["--all", "-o"]).arg(&saved).arg("--save-attachments").arg(&saved);
    let (status, _, err) = run(get, Vec::new());
    assert!(status.success(), "{err}");
    let caught: Vec<Vec<u8>> =
        sorted_files(&inbox.join("new")).iter().map(|p| std::fs::read(p).unwrap()).collect();
    let mut got: Vec<Vec<u8>> = sorted_files(&saved)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    got.sort();
    let mut want = caught.clone();
    want.sort();
    assert_eq!(got, want, "the exact bytes of the Maildir, dot line and all");
    assert_eq!(
        std::fs::read(saved.join("text1_SMTP.py")).unwrap(),
        std::fs::read(&script).unwrap()
    );

    let mut wrong = pop3(&home, "list", pop3_addr, &plain);
    wrong.env("NT_POP3_PASSWORD", "not-it");
    assert_error(&wrong.output().unwrap(), 5, "");

    let mut delete = pop3(&home, "get", pop3_addr, &plain);
    delete.args(["--all", "--delete", "-o"]).arg(home.path().join("again"));
    let (status, _, err) = run(delete, Vec::new());
    assert!(status.success(), "{err}");
    assert!(sorted_files(&inbox.join("new")).is_empty(), "deleted after the save");
    let (_, err) = server.stop();
    assert!(err.contains("(pop3)"), "{err}");
}

#[test]
fn stls_with_the_printed_pin_and_no_password_in_clear() {
    let home = Home::new();
    let inbox = home.path().join("inbox");
    let (server, smtp, pop3_addr) = catch(&home, &inbox, &["--self-signed"]);
    let line = server.line_with("clients: --pin ");
    let pin = line.rsplit(' ').next().unwrap().trim_end_matches(')').to_string();
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--server", &smtp.to_string(), "--pin", &pin]);
    cmd.args(["--from", "a@x.test", "--to", "b@y.test", "--subject", "sealed", "--body", "x"]);
    let (status, _, err) = run(cmd, Vec::new());
    assert!(status.success(), "{err}");

    let mut get = pop3(&home, "get", pop3_addr, &["--pin", &pin]);
    get.arg("--all");
    let (status, out, err) = run(get, Vec::new());
    assert!(status.success(), "{err}");
    assert!(String::from_utf8_lossy(&out).contains("sealed"));

    // Without STLS the server takes no password: a client that insists gets no login.
    let mut clear = pop3(&home, "list", pop3_addr, &["--tls", "off", "--insecure"]);
    assert_error(&clear.output().unwrap(), 5, "use STLS first");
    drop(server);
}

#[test]
fn pop3_usage_errors() {
    let home = Home::new();
    let inbox = home.path().join("inbox");
    let no_dir = home.nt().args(["mail", "catch", "--pop3", ":0", "--user", "me"]).output();
    assert_error(&no_dir.unwrap(), 2, "DIR");
    let no_user = home.nt().args(["mail", "catch", "--pop3", ":0"]).arg(&inbox).output();
    assert_error(&no_user.unwrap(), 2, "--user");
    let mut no_password = home.nt();
    no_password.args(["mail", "catch", "--pop3", "127.0.0.1:0", "--user", "me"]).arg(&inbox);
    assert_error(&no_password.output().unwrap(), 2, "NT_POP3_PASSWORD");
    let mut bad_user = home.nt();
    bad_user.args(["mail", "catch", "--pop3", "127.0.0.1:0", "--user", "a b"]).arg(&inbox);
    assert_error(&bad_user.env("NT_POP3_PASSWORD", "x").output().unwrap(), 2, "POP3 login");
}

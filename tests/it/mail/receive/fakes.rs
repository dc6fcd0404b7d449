//! Small IMAP and POP3 servers that misbehave on purpose: silent ones (exit 4 `timed
//! out`), one whose OAuth2 token has expired (nt runs the token command again and
//! retries once), one that refuses STARTTLS (exit 5) and one whose BODYSTRUCTURE nests
//! without end (a clean error, not a crash). No Dovecot needed.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use base64::Engine;

use crate::common::{Home, assert_error, stderr_text, stdout_text};

/// A one-connection server running `script` on a thread.
pub(super) struct Fake {
    pub(super) port: u16,
    thread: Option<JoinHandle<()>>,
}

impl Fake {
    pub(super) fn start(
        script: impl FnOnce(BufReader<TcpStream>) -> std::io::Result<()> + Send + 'static,
    ) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().unwrap().port();
        let thread = std::thread::spawn(move || {
            if let Ok((stream, _)) = listener.accept() {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let _ = script(BufReader::new(stream));
            }
        });
        Fake { port, thread: Some(thread) }
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

pub(super) fn send(conn: &mut BufReader<TcpStream>, text: &str) -> std::io::Result<()> {
    conn.get_mut().write_all(text.as_bytes())
}

pub(super) fn line(conn: &mut BufReader<TcpStream>) -> std::io::Result<String> {
    let mut line = String::new();
    conn.read_line(&mut line)?;
    Ok(line.trim_end().to_string())
}

fn decode(b64: &str) -> String {
    String::from_utf8_lossy(
        &base64::engine::general_purpose::STANDARD.decode(b64.trim()).unwrap_or_default(),
    )
    .into_owned()
}

/// A token command that prints `stale` the first time and `fresh` after, counting runs.
fn token_command(home: &Home) -> (String, std::path::PathBuf) {
    let count = home.path().join("token-runs");
    let cmd = format!(
        "n=$(cat '{c}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '{c}'; if [ $n = 1 ]; then echo stale; else echo fresh; fi",
        c = count.display()
    );
    (cmd, count)
}

const EXPIRED: &str = "eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiQmVhcmVyIn0=";

#[test]
fn silent_servers_time_out_with_exit_4() {
    let home = Home::new();
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    for scheme in ["imap", "pop3", "imaps"] {
        let started = Instant::now();
        let out = home
            .nt()
            .args([
                "mail",
                "list",
                &format!("{scheme}://u@127.0.0.1:{port}"),
                "--tls",
                "off",
                "--insecure",
            ])
            .args(["--timeout", "500ms"])
            .env("NT_MAIL_PASSWORD", "pw")
            .output()
            .unwrap();
        assert_error(&out, 4, "timed out");
        assert!(started.elapsed() < Duration::from_secs(5), "{scheme}");
    }
    let out = home
        .nt()
        .args(["mail", "list", &format!("imaps://u@127.0.0.1:{port}"), "--timeout", "500ms"])
        .env("NT_MAIL_PASSWORD", "pw")
        .output()
        .unwrap();
    assert_error(&out, 4, "TLS handshake with 127.0.0.1 failed: timed out");
}

#[test]
fn an_expired_oauth2_token_is_fetched_again_imap() {
    let home = Home::new();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let tokens = seen.clone();
    let fake = Fake::start(move |mut c| {
        send(&mut c, "* OK fake IMAP ready\r\n")?;
        loop {
            let l = line(&mut c)?;
            let (tag, rest) = l.split_once(' ').unwrap_or((&l, ""));
            let command = rest.split(' ').next().unwrap_or("").to_ascii_uppercase();
            match command.as_str() {
                "AUTHENTICATE" => {
                    send(&mut c, "+ \r\n")?;
                    let answer = decode(&line(&mut c)?);
                    tokens.lock().unwrap().push(answer.clone());
                    if answer.contains("auth=Bearer fresh") {
                        send(&mut c, &format!("{tag} OK logged in\r\n"))?;
                    } else {
                        send(&mut c, &format!("+ {EXPIRED}\r\n"))?;
                        let _ = line(&mut c)?;
                        send(
                            &mut c,
                            &format!(
                                "{tag} NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n"
                            ),
                        )?;
                    }
                }
                "ID" => send(&mut c, &format!("* ID NIL\r\n{tag} OK ID done\r\n"))?,
                "LIST" => send(
                    &mut c,
                    &format!("* LIST (\\HasNoChildren) \"/\" INBOX\r\n{tag} OK done\r\n"),
                )?,
                "STATUS" => send(
                    &mut c,
                    &format!("* STATUS INBOX (MESSAGES 3 UNSEEN 1)\r\n{tag} OK done\r\n"),
                )?,
                "LOGOUT" => return send(&mut c, &format!("* BYE\r\n{tag} OK bye\r\n")),
                _ => send(&mut c, &format!("{tag} BAD what\r\n"))?,
            }
        }
    });
    let (cmd, count) = token_command(&home);
    let out = home
        .nt()
        .args(["mail", "folders", &format!("imap://me@x.test@127.0.0.1:{}", fake.port)])
        .args(["--tls", "off", "--insecure", "--oauth2-token-command", &cmd, "-vv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_text(&out));
    assert_eq!(stdout_text(&out), "INBOX\t3\t1\t\\HasNoChildren\n");
    assert_eq!(std::fs::read_to_string(count).unwrap().trim(), "2", "the command ran again");
    drop(fake);
    let tokens = seen.lock().unwrap().clone();
    assert_eq!(
        tokens,
        [
            "user=me@x.test\x01auth=Bearer stale\x01\x01",
            "user=me@x.test\x01auth=Bearer fresh\x01\x01"
        ]
    );
    let err = stderr_text(&out);
    assert!(
        !err.contains("stale") && !err.contains("fresh") && err.contains("AUTHENTICATE XOAUTH2"),
        "{err}"
    );
}

#[test]
fn an_expired_oauth2_token_is_fetched_again_pop3() {
    let home = Home::new();
    let fake = Fake::start(move |mut c| {
        send(&mut c, "+OK fake POP3\r\n")?;
        loop {
            let l = line(&mut c)?;
            let upper = l.to_ascii_uppercase();
            if upper == "CAPA" {
                send(&mut c, "+OK\r\nSASL XOAUTH2\r\nUIDL\r\nTOP\r\n.\r\n")?;
            } else if upper.starts_with("AUTH XOAUTH2 ") {
                if decode(&l[13..]).contains("auth=Bearer fresh") {
                    send(&mut c, "+OK welcome\r\n")?;
                } else {
                    send(&mut c, &format!("+ {EXPIRED}\r\n"))?;
                    let _ = line(&mut c)?;
                    send(&mut c, "-ERR [AUTH] invalid token\r\n")?;
                }
            } else if upper == "UIDL" {
                send(&mut c, "+OK\r\n1 abc\r\n.\r\n")?;
            } else if upper == "LIST" {
                send(&mut c, "+OK\r\n1 42\r\n.\r\n")?;
            } else if upper == "TOP 1 0" {
                send(&mut c, "+OK\r\nSubject: hi\r\n..dotted: x\r\n\r\n.\r\n")?;
            } else if upper == "QUIT" {
                return send(&mut c, "+OK bye\r\n");
            } else {
                send(&mut c, "-ERR what\r\n")?;
            }
        }
    });
    let (cmd, count) = token_command(&home);
    let out = home
        .nt()
        .args(["--json", "mail", "list", &format!("pop3://me@127.0.0.1:{}", fake.port)])
        .args(["--tls", "off", "--insecure", "--oauth2-token-command", &cmd])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_text(&out));
    let row: serde_json::Value = serde_json::from_str(stdout_text(&out).trim()).unwrap();
    assert_eq!(
        (row["uid"].as_str(), row["subject"].as_str(), row["size"].as_u64()),
        (Some("abc"), Some("hi"), Some(42))
    );
    assert_eq!(std::fs::read_to_string(count).unwrap().trim(), "2");
}

#[test]
fn a_server_without_starttls_is_exit_5() {
    let home = Home::new();
    let fake = Fake::start(|mut c| {
        send(&mut c, "* OK [CAPABILITY IMAP4rev1] plain only\r\n")?;
        let l = line(&mut c)?;
        let tag = l.split(' ').next().unwrap_or("*").to_string();
        send(&mut c, &format!("{tag} BAD no TLS here\r\n"))
    });
    let out = home
        .nt()
        .args(["mail", "list", &format!("imap://u@127.0.0.1:{}", fake.port)])
        .env("NT_IMAP_PASSWORD", "never-sent-pw")
        .output()
        .unwrap();
    assert_error(&out, 5, "does not offer STARTTLS");
    assert!(!stderr_text(&out).contains("never-sent-pw"));
}

#[test]
fn an_endless_bodystructure_is_refused_cleanly() {
    let home = Home::new();
    let fake = Fake::start(|mut c| {
        send(&mut c, "* OK hostile ready\r\n")?;
        loop {
            let l = line(&mut c)?;
            let (tag, rest) = l.split_once(' ').unwrap_or((&l, ""));
            let upper = rest.to_ascii_uppercase();
            if upper.starts_with("LOGIN") {
                send(&mut c, &format!("{tag} OK in\r\n"))?;
            } else if upper.starts_with("EXAMINE") {
                send(
                    &mut c,
                    &format!(
                        "* 1 EXISTS\r\n* OK [UIDVALIDITY 7] v\r\n* OK [UIDNEXT 2] n\r\n{tag} OK [READ-ONLY] done\r\n"
                    ),
                )?;
            } else if upper.starts_with("UID SEARCH") {
                send(&mut c, &format!("* SEARCH 1\r\n{tag} OK done\r\n"))?;
            } else if upper.starts_with("UID FETCH") {
                let deep = "(".repeat(200_000);
                return send(&mut c, &format!("* 1 FETCH (UID 1 BODYSTRUCTURE {deep}\r\n"));
            } else {
                send(&mut c, &format!("{tag} BAD no\r\n"))?;
            }
        }
    });
    let out = home
        .nt()
        .args([
            "mail",
            "list",
            &format!("imap://u@127.0.0.1:{}", fake.port),
            "--tls",
            "off",
            "--insecure",
        ])
        .env("NT_IMAP_PASSWORD", "pw")
        .output()
        .unwrap();
    assert_error(&out, 4, "nested deeper than 64 levels");
}

#[test]
fn bad_input_is_exit_2_before_any_connection() {
    let home = Home::new();
    let cases: &[(&[&str], &str)] = &[
        (&["get", "imap://u@127.0.0.1:1", "5", "--all"], "not both"),
        (&["get", "imap://u@127.0.0.1:1", "0"], "invalid UID '0'"),
        (&["get", "imap://u@127.0.0.1:1"], "which messages?"),
        (&["list"], "no mailbox"),
        (&["list", "imap://u:pw@127.0.0.1:1"], "a password in the URL"),
        (&["list", "imap://u@127.0.0.1:1", "--tls", "off"], "unencrypted"),
        (&["list", "pop3://u@127.0.0.1:1", "--unseen"], "need IMAP"),
        (&["list", "pop3://u@127.0.0.1:1/Sent"], "POP3 has one mailbox"),
        (&["list", "imap://u@127.0.0.1:1", "--since", "yesterday"], "invalid --since"),
        (&["list", "imap://u@127.0.0.1:1", "--buffer", "1KiB"], "between 64KiB and 1GiB"),
        (&["watch", "pop3://u@127.0.0.1:1", "--interval", "10ms"], "between 100ms and 24h"),
        (&["folders", "pop3://u@127.0.0.1:1"], "no folders"),
    ];
    for (args, needle) in cases {
        let out = home.nt().arg("mail").args(*args).env("NT_MAIL_PASSWORD", "pw").output().unwrap();
        assert_error(&out, 2, needle);
    }
}

//! The receiving client against servers written to misbehave (issue 20): a POP3 RETR
//! without end (`get -o DIR`, with and without `--raw`: exit 6 within seconds, bounded
//! memory, no file left) and an IMAP message whose pieces never end (the same bound), an
//! endless UIDL line, an endless UIDL listing and an endless TOP
//! (exit 6 at the `--buffer` bound, not 100% CPU forever), an IMAP SEARCH the server
//! refuses with BAD (exit 6 with its text, not "no messages"), NO answers and a line
//! that is not IMAP shown as the server's words (no Rust debug text), a certificate that
//! is its own CA trusted through SSL_CERT_FILE (accepted; its name still checked), a
//! wrong `--pin` (the hint says the server may have changed or be an impostor), and
//! `imaps://`/`pop3s://` on a plain-text port (a hint to use imap:// or pop3://).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::fakes::{Fake, line, send};
use crate::common::{Home, assert_error, run_sampled, stderr_text, stdout_text};

/// `nt mail SUB URL --tls off --insecure` with a password.
fn plain(home: &Home, sub: &str, url: &str) -> Command {
    let mut cmd = home.nt();
    cmd.args(["mail", sub, url, "--tls", "off", "--insecure"]);
    cmd.env("NT_POP3_PASSWORD", "pw").env("NT_IMAP_PASSWORD", "pw");
    cmd
}

/// A POP3 dialogue: one message of 100 bytes (`abc`); `answer` may take over a command
/// (it returns false when it did not).
fn pop3(
    mut c: BufReader<TcpStream>,
    mut answer: impl FnMut(&mut BufReader<TcpStream>, &str) -> std::io::Result<bool>,
) -> std::io::Result<()> {
    send(&mut c, "+OK hostile POP3\r\n")?;
    loop {
        let l = line(&mut c)?;
        if l.is_empty() {
            return Ok(());
        }
        let upper = l.to_ascii_uppercase();
        if answer(&mut c, &upper)? {
            continue;
        }
        let reply = match upper.split(' ').next().unwrap_or("") {
            "CAPA" => "+OK\r\nUSER\r\nUIDL\r\nTOP\r\n.\r\n",
            "USER" | "PASS" | "QUIT" => "+OK\r\n",
            "UIDL" => "+OK\r\n1 abc\r\n.\r\n",
            "LIST" => "+OK\r\n1 100\r\n.\r\n",
            _ => "-ERR no\r\n",
        };
        send(&mut c, reply)?;
    }
}

/// Write `+OK` and then `piece` (made by `make`) until the client goes away.
fn endless(
    c: &mut BufReader<TcpStream>,
    first: &str,
    mut make: impl FnMut(u64) -> Vec<u8>,
) -> std::io::Result<bool> {
    send(c, first)?;
    for i in 0.. {
        c.get_mut().write_all(&make(i))?;
    }
    Ok(true)
}

#[test]
fn an_endless_retr_stops_at_the_bound_and_leaves_no_file() {
    for raw in [false, true] {
        let home = Home::new();
        let fake = Fake::start(|c| {
            pop3(c, |c, cmd| {
                if cmd != "RETR 1" {
                    return Ok(false);
                }
                endless(c, "+OK\r\nSubject: x\r\n\r\n", |_| {
                    [b'x'; 1022].iter().chain(b"\r\n").copied().collect()
                })
            })
        });
        let dir = home.path().join("inbox");
        let mut cmd = plain(&home, "get", &format!("pop3://u@127.0.0.1:{}", fake.port));
        cmd.args(["--all", "-o"]).arg(&dir);
        if raw {
            cmd.args(["--raw", "--max-message", "2MiB"]);
        }
        let (out, peak_kib, took) = run_sampled(cmd);
        let bound = if raw { 2 << 20 } else { 64 << 20 };
        assert_error(&out, 6, &format!("message abc is larger than {bound} bytes"));
        assert!(stderr_text(&out).contains("announced 100 bytes"), "{}", stderr_text(&out));
        assert!(took < Duration::from_secs(60), "took {took:?}");
        assert!(peak_kib < 150 << 10, "peak memory {peak_kib} KiB");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
        assert!(left.is_empty(), "no file and no .part left: {left:?}");
    }
}

/// `nt mail list pop3://` against a server whose answer to `command` never ends.
fn endless_answer(command: &'static str, first: &'static str, piece: fn(u64) -> Vec<u8>) -> Output {
    let home = Home::new();
    let fake = Fake::start(move |c| {
        pop3(c, |c, cmd| if cmd == command { endless(c, first, piece) } else { Ok(false) })
    });
    let started = Instant::now();
    let out = plain(&home, "list", &format!("pop3://u@127.0.0.1:{}", fake.port))
        .args(["--timeout", "30s"])
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(30), "{command}: {:?}", started.elapsed());
    out
}

#[test]
fn endless_pop3_answers_stop_at_the_buffer_bound() {
    let out = endless_answer("UIDL", "+OK\r\n1 ", |_| vec![b'a'; 64 << 10]);
    assert_error(&out, 6, "the UIDL listing (see --buffer) is larger than 8388608 bytes");
    let out = endless_answer("UIDL", "+OK\r\n", |i| format!("{} uid{i}\r\n", i + 1).into_bytes());
    assert_error(&out, 6, "the UIDL listing (see --buffer) is larger than 8388608 bytes");
    let out = endless_answer("TOP 1 0", "+OK\r\nSubject: x\r\n", |_| {
        b"X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(1000)
    });
    assert_error(&out, 6, "the TOP answer for message 1 (see --buffer) is larger than 8388608");
}

/// An IMAP dialogue up to an empty INBOX; `answer` may take over a command (it returns
/// false when it did not).
fn imap(
    mut c: BufReader<TcpStream>,
    mut answer: impl FnMut(&mut BufReader<TcpStream>, &str, &str) -> std::io::Result<bool>,
) -> std::io::Result<()> {
    send(&mut c, "* OK hostile IMAP ready\r\n")?;
    loop {
        let l = line(&mut c)?;
        if l.is_empty() {
            return Ok(());
        }
        let (tag, rest) = l.split_once(' ').unwrap_or((&l, ""));
        let upper = rest.to_ascii_uppercase();
        if answer(&mut c, tag, &upper)? {
            continue;
        }
        let word = upper.split(' ').next().unwrap_or("");
        let reply = match word {
            "LOGIN" => format!("{tag} OK in\r\n"),
            "EXAMINE" | "SELECT" => format!(
                "* 0 EXISTS\r\n* OK [UIDVALIDITY 7] v\r\n* OK [UIDNEXT 1] n\r\n{tag} OK [READ-ONLY] done\r\n"
            ),
            "UID" => format!("* SEARCH\r\n{tag} OK done\r\n"),
            "LOGOUT" => return send(&mut c, &format!("* BYE\r\n{tag} OK bye\r\n")),
            _ => format!("{tag} BAD unknown command\r\n"),
        };
        send(&mut c, &reply)?;
    }
}

fn imap_list(
    extra: &[&str],
    answer: impl FnMut(&mut BufReader<TcpStream>, &str, &str) -> std::io::Result<bool> + Send + 'static,
) -> Output {
    let home = Home::new();
    let fake = Fake::start(move |c| imap(c, answer));
    let mut cmd = plain(&home, "list", &format!("imap://u@127.0.0.1:{}", fake.port));
    cmd.args(extra).output().unwrap()
}

fn no_debug_text(out: &Output) {
    let err = stderr_text(out);
    for debug in ["Outcome", "Some(", "info:", "input: [", "code: ", "\\\""] {
        assert!(!err.contains(debug), "Rust debug text {debug:?} in: {err}");
    }
}

#[test]
fn a_search_the_server_refuses_is_exit_6_with_its_text() {
    let out = imap_list(&["--search", "BOGUS"], |c, tag, cmd| {
        if !cmd.starts_with("UID SEARCH") {
            return Ok(false);
        }
        send(c, &format!("{tag} BAD [CLIENTBUG] Unknown search key BOGUS\r\n"))?;
        Ok(true)
    });
    assert_error(&out, 6, "the server refused SEARCH (BOGUS): ");
    let err = stderr_text(&out);
    assert!(err.contains("Unknown search key BOGUS") && !err.contains("no messages"), "{err}");
    assert_eq!(stdout_text(&out), "");
    // An empty answer that the server accepts is still "no messages", exit 0.
    let out = imap_list(&[], |_, _, _| Ok(false));
    assert!(out.status.success(), "{}", stderr_text(&out));
    assert!(stderr_text(&out).contains("no messages"));
}

#[test]
fn imap_refusals_and_garbage_are_shown_as_the_servers_words() {
    let out = imap_list(&["-f", "Nope"], |c, tag, cmd| {
        if !cmd.starts_with("EXAMINE") {
            return Ok(false);
        }
        send(c, &format!("{tag} NO Mailbox doesn't exist: \"Nope\"\r\n"))?;
        Ok(true)
    });
    assert_error(&out, 6, "cannot open folder 'Nope': Mailbox doesn't exist: \"Nope\"");
    no_debug_text(&out);
    let out = imap_list(&[], |c, tag, cmd| {
        if !cmd.starts_with("LOGIN") {
            return Ok(false);
        }
        send(c, &format!("{tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n"))?;
        Ok(true)
    });
    assert_error(&out, 5, "login of 'u' rejected: [AUTHENTICATIONFAILED] Authentication failed.");
    no_debug_text(&out);
    let out = imap_list(&[], |c, _, cmd| {
        if !cmd.starts_with("EXAMINE") {
            return Ok(false);
        }
        send(c, "garbage [1, 2, 3] here \"quoted\"\r\n")?;
        Ok(true)
    });
    assert_error(&out, 4, "the server sent what is not IMAP: garbage [1, 2, 3] here \"quoted\"");
    no_debug_text(&out);
}

/// A self-signed certificate for `names` that says CA:TRUE (as `openssl req -x509`
/// makes them), as (PEM, DER, key DER).
fn ca_as_server(names: &[&str]) -> (String, Vec<u8>, Vec<u8>) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let key = KeyPair::generate().unwrap();
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let mut params = CertificateParams::new(names).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let cert = params.self_signed(&key).unwrap();
    (cert.pem(), cert.der().to_vec(), key.serialize_der())
}

/// A POP3S server (one connection) with an empty mailbox, serving `cert`.
fn pop3s(der: Vec<u8>, key: Vec<u8>) -> (u16, std::thread::JoinHandle<()>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![der.into()], rustls::pki_types::PrivateKeyDer::Pkcs8(key.into()))
        .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let thread = std::thread::spawn(move || {
        let Ok((tcp, _)) = listener.accept() else { return };
        let _ = tcp.set_read_timeout(Some(Duration::from_secs(10)));
        let conn = rustls::ServerConnection::new(Arc::new(config)).unwrap();
        let mut tls = BufReader::new(rustls::StreamOwned::new(conn, tcp));
        let _ = (|| -> std::io::Result<()> {
            tls.get_mut().write_all(b"+OK secure POP3\r\n")?;
            loop {
                let mut l = String::new();
                if tls.read_line(&mut l)? == 0 {
                    return Ok(());
                }
                let reply = match l.trim().to_ascii_uppercase().split(' ').next().unwrap_or("") {
                    "CAPA" => "+OK\r\nUSER\r\nUIDL\r\n.\r\n",
                    "UIDL" | "LIST" => "+OK\r\n.\r\n",
                    "QUIT" => return tls.get_mut().write_all(b"+OK bye\r\n"),
                    _ => "+OK\r\n",
                };
                tls.get_mut().write_all(reply.as_bytes())?;
            }
        })();
    });
    (port, thread)
}

fn pop3s_list(home: &Home, port: u16, roots: &std::path::Path, extra: &[&str]) -> Output {
    let mut cmd = home.nt();
    cmd.args(["mail", "list", &format!("pop3s://u@127.0.0.1:{port}"), "--timeout", "10s"]);
    cmd.args(extra).env("NT_POP3_PASSWORD", "pw").env("SSL_CERT_FILE", roots);
    cmd.output().unwrap()
}

#[test]
fn a_certificate_that_is_its_own_trusted_root_is_accepted() {
    let home = Home::new();
    let (pem, der, key) = ca_as_server(&["localhost", "127.0.0.1"]);
    let roots = home.path().join("roots.pem");
    std::fs::write(&roots, &pem).unwrap();
    let (port, server) = pop3s(der.clone(), key.clone());
    let out = pop3s_list(&home, port, &roots, &[]);
    assert!(out.status.success(), "{}", stderr_text(&out));
    assert!(stderr_text(&out).contains("no messages"), "{}", stderr_text(&out));
    server.join().unwrap();

    // Not among the roots: refused in words (exit 5), with its fingerprint.
    let (other, _, _) = ca_as_server(&["localhost"]);
    let elsewhere = home.path().join("other.pem");
    std::fs::write(&elsewhere, &other).unwrap();
    let (port, server) = pop3s(der, key);
    let out = pop3s_list(&home, port, &elsewhere, &[]);
    assert_error(
        &out,
        5,
        "certificate not trusted: it is a CA certificate used as the server's own",
    );
    no_debug_text(&out);
    assert!(!stderr_text(&out).contains("CaUsedAsEndEntity"), "{}", stderr_text(&out));
    server.join().unwrap();

    // A trusted root for another name is still refused for this one.
    let (pem, der, key) = ca_as_server(&["mail.example.org"]);
    std::fs::write(&roots, &pem).unwrap();
    let (port, server) = pop3s(der, key);
    let out = pop3s_list(&home, port, &roots, &[]);
    assert_error(&out, 5, "it is not valid for 127.0.0.1 (it names mail.example.org)");
    no_debug_text(&out);
    server.join().unwrap();
}

#[test]
fn a_pin_that_does_not_match_warns_of_an_impostor() {
    let home = Home::new();
    let (_, der, key) = ca_as_server(&["localhost", "127.0.0.1"]);
    let (port, server) = pop3s(der, key);
    let wrong = "AB".repeat(32);
    let out = pop3s_list(&home, port, &home.path().join("none.pem"), &["--pin", &wrong]);
    assert_error(&out, 5, "certificate does not match --pin");
    let err = stderr_text(&out);
    assert!(err.contains("hint: the certificate is not the one the given --pin names"), "{err}");
    assert!(err.contains("may be an impostor") && !err.contains("pin its certificate"), "{err}");
    server.join().unwrap();
}

#[test]
fn implicit_tls_on_a_plain_text_port_hints_at_starttls() {
    for (scheme, greeting, hint) in [
        (
            "imaps",
            "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n",
            "this port speaks STARTTLS: use imap://127.0.0.1:",
        ),
        ("pop3s", "+OK POP3 ready\r\n", "this port speaks STLS: use pop3://127.0.0.1:"),
    ] {
        let home = Home::new();
        let fake = Fake::start(move |mut c| {
            send(&mut c, greeting)?;
            let mut hello = [0u8; 512];
            let _ = c.get_mut().read(&mut hello)?;
            Ok(())
        });
        let mut cmd = home.nt();
        cmd.args(["mail", "list", &format!("{scheme}://u@127.0.0.1:{}", fake.port)]);
        let out = cmd.env("NT_MAIL_PASSWORD", "pw").args(["--timeout", "10s"]).output().unwrap();
        assert_error(&out, 5, "greeted in plain text where a TLS handshake was expected");
        assert!(stderr_text(&out).contains(hint), "{}", stderr_text(&out));
        no_debug_text(&out);
    }
}

#[test]
fn an_imap_message_in_pieces_without_end_stops_at_its_bound() {
    let home = Home::new();
    let fake = Fake::start(|c| {
        imap(c, |c, tag, cmd| {
            let reply = if cmd.starts_with("EXAMINE") {
                format!("* 1 EXISTS\r\n* OK [UIDVALIDITY 7] v\r\n{tag} OK [READ-ONLY] done\r\n")
            } else if cmd.starts_with("UID SEARCH") {
                format!("* SEARCH 1\r\n{tag} OK done\r\n")
            } else if cmd.contains("RFC822.SIZE") {
                format!("* 1 FETCH (UID 1 RFC822.SIZE 102400 FLAGS ())\r\n{tag} OK done\r\n")
            } else if let Some(range) = cmd.split("BODY.PEEK[]<").nth(1) {
                // Every piece asked for comes whole: the message never ends.
                let (offset, rest) = range.split_once('.').unwrap_or(("0", "0"));
                let len: usize = rest.trim_end_matches([')', '>']).parse().unwrap_or(0);
                let body = "x".repeat(len);
                format!(
                    "* 1 FETCH (UID 1 BODY[]<{offset}> {{{len}}}\r\n{body})\r\n{tag} OK done\r\n"
                )
            } else {
                return Ok(false);
            };
            send(c, &reply)?;
            Ok(true)
        })
    });
    let dir = home.path().join("inbox");
    let mut cmd = plain(&home, "get", &format!("imap://u@127.0.0.1:{}", fake.port));
    cmd.args(["--all", "--raw", "-o"]).arg(&dir);
    cmd.args(["--buffer", "64KiB", "--max-message", "1MiB"]);
    let (out, peak_kib, took) = run_sampled(cmd);
    // The larger of --max-message and 100 KiB + 1/8 + 1 MiB.
    let bound = 102_400 + 12_800 + (1 << 20);
    assert_error(&out, 6, &format!("message 1 is larger than {bound} bytes"));
    assert!(took < Duration::from_secs(60), "took {took:?}");
    assert!(peak_kib < 150 << 10, "peak memory {peak_kib} KiB");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    assert!(left.is_empty(), "no file and no .part left: {left:?}");
}

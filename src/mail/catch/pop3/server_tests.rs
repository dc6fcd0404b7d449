//! The POP3 server and client together, in-process: [`server::serve_with`] on
//! 127.0.0.1:0 over a temp Maildir, read with [`client::Client`]; and raw sessions that
//! misbehave (bad commands, long lines, no STLS).

use std::path::Path;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use super::{self as server, Login, Options};
use crate::addr::Addr;
use crate::config::MailTls;
use crate::mail::receive::account::{Account, Auth, Server};
use crate::mail::receive::pop3::Client;
use crate::mail::receive::target::Protocol;
use crate::net::Dialer;
use crate::net::serve::Bounds;
use crate::output::Output;
use crate::secret::Secret;
use crate::tls::{Identity, Policy};

fn maildir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["tmp", "new", "cur"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
    }
    std::fs::write(
        dir.path().join("new/1700000001.M1P1.host"),
        b"Subject: one\n\n.dot first\nbody\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("cur/1700000002.M2P2.host:2,S"),
        b"Subject: two\r\n\r\nsecond\r\n",
    )
    .unwrap();
    dir
}

fn options() -> Options {
    Options { idle: Duration::from_secs(5), max_bad: 3, auth_delay: Duration::from_millis(10) }
}

fn bounds() -> Bounds {
    Bounds { max_clients: 4, per_source: 4, login: Some(Duration::from_secs(5)) }
}

/// A server on 127.0.0.1:0; its port.
async fn start(dir: &Path, tls: Option<&Identity>) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let login = Login { user: "bob".into(), password: Secret::new("pw 1") };
    let acceptor = tls.map(|id| crate::net::acceptor(id.server_config().unwrap()));
    tokio::spawn(server::serve_with(
        server::on(listener, bounds(), &Output::quiet_for_tests()),
        dir.to_path_buf(),
        login,
        acceptor,
        Output::quiet_for_tests(),
        options(),
    ));
    port
}

fn account(port: u16, tls: MailTls, password: &str, pin: Option<&str>) -> Account {
    let server = Server {
        protocol: Protocol::Pop3,
        host: "127.0.0.1".into(),
        addr: Addr::from_host("127.0.0.1", port),
        tls,
        policy: Policy::new(true, pin).unwrap(),
        dialer: Dialer::new(Some(Duration::from_secs(5))),
        timeout: Some(Duration::from_secs(5)),
        buffer: 1 << 20,
    };
    let auth = Auth::Password { user: "bob".into(), password: Secret::new(password) };
    Account { server, auth, folder: "INBOX".into() }
}

async fn retrieve(client: &mut Client, n: u32) -> Vec<u8> {
    let mut message = Vec::new();
    client
        .retrieve(n, |p| {
            message.extend_from_slice(p);
            Ok(())
        })
        .await
        .unwrap();
    message
}

#[tokio::test]
async fn list_retrieve_top_and_delete_on_quit() {
    let dir = maildir();
    let port = start(dir.path(), None).await;
    let out = Output::quiet_for_tests();
    let mut client = Client::open(&account(port, MailTls::Off, "pw 1", None), &out).await.unwrap();
    let uidls = client.uidls(1 << 20).await.unwrap();
    assert_eq!(
        uidls,
        [(1, "1700000001.M1P1.host".to_string()), (2, "1700000002.M2P2.host".to_string())]
    );
    let sizes = client.sizes(1 << 20).await.unwrap();
    // Bare LF is sent (and counted) as CRLF.
    assert_eq!(sizes, [(1, 34), (2, 24)]);
    assert_eq!(retrieve(&mut client, 1).await, b"Subject: one\r\n\r\n.dot first\r\nbody\r\n");
    assert_eq!(client.header(2, 1 << 10).await.unwrap(), b"Subject: two\r\n\r\n");
    client.delete(1).await.unwrap();
    assert!(client.header(1, 100).await.is_err(), "a deleted message is gone for the session");
    client.quit().await.unwrap();
    assert!(!dir.path().join("new/1700000001.M1P1.host").exists());
    assert!(dir.path().join("cur/1700000002.M2P2.host:2,S").exists());
}

#[tokio::test]
async fn dele_without_quit_deletes_nothing_and_one_session_at_a_time() {
    let dir = maildir();
    let port = start(dir.path(), None).await;
    let out = Output::quiet_for_tests();
    let mut first = Client::open(&account(port, MailTls::Off, "pw 1", None), &out).await.unwrap();
    first.delete(2).await.unwrap();
    let busy = Client::open(&account(port, MailTls::Off, "pw 1", None), &out).await.err().unwrap();
    assert!(crate::error::one_line(&busy).contains("IN-USE"), "{busy:#}");
    assert_eq!(crate::error::kind_of(&busy), crate::error::Kind::Refused);
    drop(first);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(std::fs::read_dir(dir.path().join("cur")).unwrap().count(), 1);
    let mut again = Client::open(&account(port, MailTls::Off, "pw 1", None), &out).await.unwrap();
    assert_eq!(again.uidls(1 << 20).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_wrong_password_is_an_auth_error() {
    let dir = maildir();
    let port = start(dir.path(), None).await;
    let err = Client::open(&account(port, MailTls::Off, "nope", None), &Output::quiet_for_tests())
        .await
        .err()
        .unwrap();
    assert_eq!(crate::error::kind_of(&err), crate::error::Kind::AuthTls);
}

#[tokio::test]
async fn stls_upgrades_and_is_required_before_the_password() {
    let dir = maildir();
    let id = Identity::self_signed(&[]).unwrap();
    let port = start(dir.path(), Some(&id)).await;
    let out = Output::quiet_for_tests();
    let mut client =
        Client::open(&account(port, MailTls::Starttls, "pw 1", Some(&id.fingerprint)), &out)
            .await
            .unwrap();
    assert_eq!(retrieve(&mut client, 2).await, b"Subject: two\r\n\r\nsecond\r\n");
    client.quit().await.unwrap();
    let err = Client::open(&account(port, MailTls::Off, "pw 1", None), &out).await.err().unwrap();
    assert!(crate::error::one_line(&err).contains("STLS first"), "{err:#}");
}

/// A raw session: send lines, collect what comes back until the server closes.
async fn raw(port: u16, lines: &[&[u8]]) -> String {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let (read, mut write) = stream.into_split();
    for line in lines {
        let _ = write.write_all(line).await;
    }
    let mut reader = BufReader::new(read);
    let mut all = String::new();
    let mut line = String::new();
    while tokio::time::timeout(Duration::from_secs(5), reader.read_line(&mut line))
        .await
        .is_ok_and(|r| r.is_ok_and(|n| n > 0))
    {
        all.push_str(&line);
        line.clear();
    }
    all
}

#[tokio::test]
async fn bad_clients_are_cut_off() {
    let dir = maildir();
    let port = start(dir.path(), None).await;
    let answer = raw(port, &[b"FOO\r\n", b"BAR\r\n", b"BAZ\r\n", b"NOOP\r\n"]).await;
    assert!(answer.ends_with("-ERR too many bad commands\r\n"), "{answer}");
    let long = vec![b'A'; 20_000];
    let answer = raw(port, &[&long]).await;
    assert!(answer.ends_with("-ERR line too long\r\n"), "{answer}");
    // A message number is all a client can name: no path, no traversal.
    let answer = raw(
        port,
        &[
            b"USER bob\r\n",
            b"PASS pw 1\r\n",
            b"RETR ../../etc/passwd\r\n",
            b"RETR 0\r\n",
            b"RETR 9\r\n",
            b"QUIT\r\n",
        ],
    )
    .await;
    assert_eq!(answer.matches("-ERR").count(), 3, "{answer}");
    assert!(answer.contains("+OK 2 messages"), "{answer}");
}

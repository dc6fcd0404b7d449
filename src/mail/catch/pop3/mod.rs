//! A POP3 server over a Maildir, for `nt mail catch --pop3 ADDR`: what the catcher saved
//! can be read back with any POP3 client (`nt mail get pop3://...`, fetchmail, getmail).
//!
//! The API is [`serve`] (or [`serve_with`] and its [`Options`]): give it a listener on the
//! shared server layer ([`bind`] or [`on`]: a [`Server`] with POP3's refusal lines), the
//! Maildir (`DIR/{tmp,new,cur}`), the one [`Login`] it accepts and, for STLS, a TLS
//! acceptor. It runs until its task is dropped. The layer holds the slots (a client over
//! them is told `-ERR [SYS/TEMP]` and closed), the per-source cap on connections not
//! logged in yet (logging in frees a connection's share) and the login deadline (a client
//! not logged in by then is told so and closed).
//!
//! One user, one maildrop, one session in the TRANSACTION state at a time (RFC 1939's
//! exclusive lock; a second gets `-ERR [IN-USE]`). The messages are the files of `new/`
//! and `cur/` at login, in name order; a UIDL is the unique part of the file name (before
//! `:2,`), or its SHA-256 where that is not a valid UIDL. A client names messages only by
//! number: nothing it sends is ever used as a path. DELE deletes nothing until QUIT;
//! a dropped connection deletes nothing. With TLS, the password is accepted only after
//! STLS. Lines are bounded ([`MAX_LINE`]), every wait has a deadline (`Options::idle`),
//! and a client that sends `Options::max_bad` bad commands is disconnected.
//!
//! Commands: CAPA, USER/PASS, AUTH PLAIN, STLS, STAT, LIST, UIDL, TOP, RETR, DELE, RSET,
//! NOOP, QUIT. Sizes are as sent (a bare LF counts as CRLF). Limits as `catch --pop3` sets
//! them: lines of 8 KiB, a client silent for 10 minutes is logged out, 10 bad commands or
//! failed logins close the connection, each failed login waits 0.5 s; slots, per-source cap
//! and login deadline are catch's (`--max-clients`, `--max-pending`, `--login-timeout`).

mod maildrop;
#[cfg(test)]
mod server_tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::{Mutex, OwnedMutexGuard};

use self::maildrop::{Entry, Top, scan};
use crate::addr::Addr;
use crate::error::{Kind, Tag};
use crate::mail::dotstuff::Stuffer;
use crate::mail::pop3::{ERR, MAX_LINE, OK, text};
use crate::net::serve::{Bounds, Got, Pass, Refused, Server, read_line};
use crate::output::{Dir, Output};
use crate::secret::Secret;

/// The one login the server accepts.
#[derive(Debug, Clone)]
pub struct Login {
    pub user: String,
    pub password: Secret,
}

/// Limits of the server.
#[derive(Debug, Clone)]
pub struct Options {
    /// A client silent for this long is disconnected (RFC 1939 asks for at least 10 min).
    pub idle: Duration,
    /// Bad commands (and failed logins) before the connection is closed.
    pub max_bad: u32,
    /// The wait after a failed login (slows password guessing).
    pub auth_delay: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            idle: Duration::from_secs(600),
            max_bad: 10,
            auth_delay: Duration::from_millis(500),
        }
    }
}

/// Listen on ADDR (announced as `pop3`) under `bounds`, with POP3's refusal lines.
pub fn bind(addr: &Addr, bounds: Bounds, out: &Output) -> anyhow::Result<Server> {
    Ok(on(crate::net::listen_async_as(addr, Some("pop3"), out)?, bounds, out))
}

/// A POP3 server on a listener that is already bound, under `bounds`.
pub fn on(listener: TcpListener, bounds: Bounds, out: &Output) -> Server {
    refusing(Server::new(listener, bounds, out))
}

/// What a client turned away by the layer is told (RFC 3206's SYS/TEMP: try later).
fn refusing(server: Server) -> Server {
    server.refusing(|why, _| {
        let why = match why {
            Refused::Full => "too many sessions",
            Refused::Source => "too many connections from your address not logged in",
        };
        format!("{ERR} [SYS/TEMP] {why}, try later\r\n").into_bytes()
    })
}

/// Serve `maildir` over POP3 on `server` with the default [`Options`].
pub async fn serve(
    server: Server,
    maildir: PathBuf,
    login: Login,
    tls: Option<tokio_rustls::TlsAcceptor>,
    out: Output,
) -> anyhow::Result<()> {
    serve_with(server, maildir, login, tls, out, Options::default()).await
}

/// Serve `maildir` over POP3 on `server`, until the task running it is dropped (a failed
/// accept, such as too many open files, is retried after a pause by the layer).
pub async fn serve_with(
    server: Server,
    maildir: PathBuf,
    login: Login,
    tls: Option<tokio_rustls::TlsAcceptor>,
    out: Output,
    options: Options,
) -> anyhow::Result<()> {
    let shared =
        Arc::new(Shared { maildir, login, tls, out, options, maildrop: Arc::new(Mutex::new(())) });
    loop {
        let admitted = server.accept().await;
        let shared = shared.clone();
        tokio::spawn(async move {
            let peer = admitted.peer;
            shared.out.debug(&format!("pop3: {peer} connected"));
            let result = run(admitted.stream, admitted.pass, &shared).await;
            if let Err(e) = result {
                shared.out.debug(&format!("pop3: {peer}: {}", crate::error::one_line(&e)));
            }
        });
    }
}

trait ContextKind<T> {
    fn context_kind(self, what: &str) -> anyhow::Result<T>;
}

impl<T> ContextKind<T> for std::io::Result<T> {
    fn context_kind(self, what: &str) -> anyhow::Result<T> {
        self.map_err(|e| anyhow::Error::new(e).context(what.to_string())).kind(Kind::Network)
    }
}

struct Shared {
    maildir: PathBuf,
    login: Login,
    tls: Option<tokio_rustls::TlsAcceptor>,
    out: Output,
    options: Options,
    maildrop: Arc<Mutex<()>>,
}

/// Where a session is.
enum State {
    /// Not logged in; the user named with USER, if any.
    Authorization {
        user: Option<String>,
    },
    Transaction {
        entries: Vec<Entry>,
        _lock: OwnedMutexGuard<()>,
    },
}

/// What a session loop ends with.
enum End {
    Closed,
    /// STLS was accepted: go on over TLS.
    Upgrade,
}

async fn run(tcp: tokio::net::TcpStream, pass: Pass, shared: &Shared) -> anyhow::Result<()> {
    let mut conn = BufReader::new(tcp);
    let state = State::Authorization { user: None };
    let mut session = Session { state, bad: 0, encrypted: false, pass };
    session.reply(&mut conn, shared, &format!("{OK} nt POP3 server ready")).await?;
    match session.serve(&mut conn, shared).await? {
        End::Closed => Ok(()),
        End::Upgrade => {
            let Some(acceptor) = &shared.tls else { return Ok(()) };
            let limit = session.limit(shared);
            let tls = crate::net::tls_accept_async(acceptor, conn.into_inner(), limit).await?;
            let mut conn = BufReader::new(tls);
            session.encrypted = true;
            session.serve(&mut conn, shared).await.map(|_| ())
        }
    }
}

struct Session {
    state: State,
    bad: u32,
    encrypted: bool,
    /// The slot, and until login the share of the per-source cap and the login deadline.
    pass: Pass,
}

impl Session {
    async fn reply<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        conn: &mut BufReader<S>,
        shared: &Shared,
        line: &str,
    ) -> anyhow::Result<()> {
        shared.out.trace(Dir::Sent, line);
        let limit = shared.options.idle;
        let write = async {
            conn.get_mut().write_all(format!("{line}\r\n").as_bytes()).await?;
            conn.get_mut().flush().await
        };
        match tokio::time::timeout(limit, write).await {
            Ok(result) => result.context_kind("POP3: cannot answer"),
            Err(_) => Err(crate::net::timed_out("POP3: a client that does not read")),
        }
    }

    /// How long the next wait may be: the idle limit, or less before the login deadline.
    fn limit(&self, shared: &Shared) -> Duration {
        let idle = shared.options.idle;
        match self.pass.login_deadline() {
            Some(by) => idle.min(by.saturating_duration_since(tokio::time::Instant::now())),
            None => idle,
        }
    }

    /// Whether the login deadline has passed without a login.
    fn late(&self) -> bool {
        self.pass.login_deadline().is_some_and(|by| by <= tokio::time::Instant::now())
    }

    /// Count a bad command; `true` when the client has had enough chances.
    fn strike(&mut self, shared: &Shared) -> bool {
        self.bad += 1;
        self.bad >= shared.options.max_bad
    }

    async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        conn: &mut BufReader<S>,
        shared: &Shared,
    ) -> anyhow::Result<End> {
        let mut line = Vec::new();
        loop {
            line.clear();
            let limit = self.limit(shared);
            let read = tokio::time::timeout(limit, read_line(conn, &mut line, MAX_LINE)).await;
            let why = match read {
                Err(_) if self.late() => "no login in time, closing",
                Err(_) => "autologout: idle too long",
                Ok(Ok(Got::TooLong)) => "line too long",
                Ok(Ok(Got::Eof)) => return Ok(End::Closed),
                Ok(Ok(Got::Line)) => "",
                Ok(Err(e)) => return Err(e).context_kind("POP3: cannot read"),
            };
            if !why.is_empty() {
                let _ = self.reply(conn, shared, &format!("{ERR} {why}")).await;
                return Ok(End::Closed);
            }
            let command = text(&line);
            if command.split(' ').nth(1).is_some()
                && command.to_ascii_uppercase().starts_with("PASS ")
            {
                shared.out.trace(Dir::Received, "PASS ***");
            } else {
                shared.out.trace(Dir::Received, &command);
            }
            match self.dispatch(conn, shared, &command).await? {
                Some(end) => return Ok(end),
                None if self.bad >= shared.options.max_bad => {
                    let _ = self.reply(conn, shared, &format!("{ERR} too many bad commands")).await;
                    return Ok(End::Closed);
                }
                None => {}
            }
        }
    }

    async fn dispatch<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        conn: &mut BufReader<S>,
        shared: &Shared,
        command: &str,
    ) -> anyhow::Result<Option<End>> {
        let mut words = command.split(' ');
        let verb = words.next().unwrap_or("").to_ascii_uppercase();
        let args: Vec<&str> = words.filter(|w| !w.is_empty()).collect();
        match verb.as_str() {
            "CAPA" => {
                let mut lines = vec![
                    format!("{OK} capabilities follow"),
                    "TOP".into(),
                    "UIDL".into(),
                    "RESP-CODES".into(),
                ];
                lines.push("PIPELINING".into());
                if shared.tls.is_some() && !self.encrypted {
                    lines.push("STLS".into());
                } else {
                    lines.extend(["USER".to_string(), "SASL PLAIN".to_string()]);
                }
                lines.push("IMPLEMENTATION nt".into());
                lines.push(".".into());
                self.reply(conn, shared, &lines.join("\r\n")).await?;
            }
            "QUIT" => {
                let answer = self.update();
                self.reply(conn, shared, &answer).await?;
                return Ok(Some(End::Closed));
            }
            "STLS"
                if shared.tls.is_some()
                    && !self.encrypted
                    && matches!(self.state, State::Authorization { .. }) =>
            {
                self.reply(conn, shared, &format!("{OK} begin TLS")).await?;
                if !conn.buffer().is_empty() {
                    // Commands sent before the handshake would be read as if encrypted.
                    return Ok(Some(End::Closed));
                }
                return Ok(Some(End::Upgrade));
            }
            _ => match self.state {
                State::Authorization { .. } => {
                    self.authorization(conn, shared, &verb, &args).await?
                }
                State::Transaction { .. } => self.transaction(conn, shared, &verb, &args).await?,
            },
        }
        Ok(None)
    }

    /// QUIT: in TRANSACTION, delete what was marked (the UPDATE state).
    fn update(&mut self) -> String {
        let State::Transaction { entries, .. } = &mut self.state else {
            return format!("{OK} bye");
        };
        let mut failed = 0;
        let mut removed = 0;
        for entry in entries.iter().filter(|e| e.deleted) {
            match std::fs::remove_file(&entry.path) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => removed += 1,
                Err(_) => failed += 1,
            }
        }
        if failed > 0 {
            format!("{ERR} some deleted messages not removed ({failed})")
        } else {
            format!("{OK} bye ({removed} deleted)")
        }
    }

    async fn authorization<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        conn: &mut BufReader<S>,
        shared: &Shared,
        verb: &str,
        args: &[&str],
    ) -> anyhow::Result<()> {
        if shared.tls.is_some()
            && !self.encrypted
            && matches!(verb, "USER" | "PASS" | "AUTH" | "APOP")
        {
            self.strike(shared);
            return self.reply(conn, shared, &format!("{ERR} use STLS first")).await;
        }
        let attempt = match (verb, args) {
            ("USER", [name]) => {
                self.state = State::Authorization { user: Some(name.to_string()) };
                return self.reply(conn, shared, &format!("{OK} send PASS")).await;
            }
            ("PASS", _) if !args.is_empty() => {
                let State::Authorization { user: Some(user) } = &self.state else {
                    self.strike(shared);
                    return self.reply(conn, shared, &format!("{ERR} USER first")).await;
                };
                Some((user.clone(), args.join(" ")))
            }
            ("AUTH", [mech, initial]) if mech.eq_ignore_ascii_case("PLAIN") => plain(initial),
            ("AUTH", [mech]) if mech.eq_ignore_ascii_case("PLAIN") => {
                self.reply(conn, shared, "+ ").await?;
                let mut line = Vec::new();
                let limit = self.limit(shared);
                let read = tokio::time::timeout(limit, read_line(conn, &mut line, MAX_LINE)).await;
                let Ok(Ok(Got::Line)) = read else { return Ok(()) };
                shared.out.trace_secret(Dir::Received);
                plain(&text(&line))
            }
            ("AUTH", []) => {
                return self
                    .reply(conn, shared, &format!("{OK} methods follow\r\nPLAIN\r\n."))
                    .await;
            }
            ("NOOP", []) => return self.reply(conn, shared, &format!("{ERR} log in first")).await,
            _ => {
                self.strike(shared);
                return self
                    .reply(conn, shared, &format!("{ERR} unknown command or bad arguments"))
                    .await;
            }
        };
        self.log_in(conn, shared, attempt).await
    }

    async fn log_in<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        conn: &mut BufReader<S>,
        shared: &Shared,
        attempt: Option<(String, String)>,
    ) -> anyhow::Result<()> {
        let good = attempt.as_ref().is_some_and(|(user, password)| {
            *user == shared.login.user
                && same(password.as_bytes(), shared.login.password.expose().as_bytes())
        });
        if !good {
            self.strike(shared);
            self.state = State::Authorization { user: None };
            tokio::time::sleep(shared.options.auth_delay).await;
            return self.reply(conn, shared, &format!("{ERR} [AUTH] invalid login")).await;
        }
        let Ok(lock) = shared.maildrop.clone().try_lock_owned() else {
            return self
                .reply(conn, shared, &format!("{ERR} [IN-USE] the maildrop is in use"))
                .await;
        };
        let dir = shared.maildir.clone();
        let entries = match tokio::task::spawn_blocking(move || scan(&dir)).await {
            Ok(Ok(entries)) => entries,
            _ => {
                return self
                    .reply(conn, shared, &format!("{ERR} [SYS/TEMP] cannot read the maildrop"))
                    .await;
            }
        };
        let (count, size) = (entries.len(), entries.iter().map(|e| e.size).sum::<u64>());
        self.state = State::Transaction { entries, _lock: lock };
        self.pass.logged_in();
        shared.out.debug(&format!("pop3: {} logged in ({count} messages)", shared.login.user));
        self.reply(conn, shared, &format!("{OK} {count} messages ({size} octets)")).await
    }

    async fn transaction<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        conn: &mut BufReader<S>,
        shared: &Shared,
        verb: &str,
        args: &[&str],
    ) -> anyhow::Result<()> {
        let State::Transaction { entries, .. } = &mut self.state else { return Ok(()) };
        let number = args.first().and_then(|a| a.parse::<usize>().ok());
        let entry = number
            .and_then(|n| n.checked_sub(1))
            .filter(|i| *i < entries.len())
            .filter(|i| !entries[*i].deleted);
        let answer = match (verb, args.len(), entry) {
            ("STAT", 0, _) => {
                let live = entries.iter().filter(|e| !e.deleted);
                let (count, size) = live.fold((0, 0u64), |(c, s), e| (c + 1, s + e.size));
                format!("{OK} {count} {size}")
            }
            ("LIST" | "UIDL", 0, _) => {
                let mut lines = vec![format!("{OK} listing follows")];
                for (i, e) in entries.iter().enumerate().filter(|(_, e)| !e.deleted) {
                    lines.push(if verb == "LIST" {
                        format!("{} {}", i + 1, e.size)
                    } else {
                        format!("{} {}", i + 1, e.uidl)
                    });
                }
                lines.push(".".into());
                lines.join("\r\n")
            }
            ("LIST", 1, Some(i)) => format!("{OK} {} {}", i + 1, entries[i].size),
            ("UIDL", 1, Some(i)) => format!("{OK} {} {}", i + 1, entries[i].uidl),
            ("DELE", 1, Some(i)) => {
                entries[i].deleted = true;
                format!("{OK} message {} deleted", i + 1)
            }
            ("RSET", 0, _) => {
                entries.iter_mut().for_each(|e| e.deleted = false);
                format!("{OK} maildrop has {} messages", entries.len())
            }
            ("NOOP", 0, _) => OK.to_string(),
            ("RETR", 1, Some(i)) => {
                let path = entries[i].path.clone();
                return send_message(conn, shared, &path, None).await;
            }
            ("TOP", 2, Some(i)) => match args[1].parse::<u64>() {
                Ok(lines) => {
                    let path = entries[i].path.clone();
                    return send_message(conn, shared, &path, Some(lines)).await;
                }
                Err(_) => {
                    self.strike(shared);
                    format!("{ERR} TOP needs a line count")
                }
            },
            ("LIST" | "UIDL" | "DELE" | "RETR" | "TOP", _, None) if number.is_some() => {
                format!("{ERR} no such message")
            }
            _ => {
                self.strike(shared);
                format!("{ERR} unknown command or bad arguments")
            }
        };
        self.reply(conn, shared, &answer).await
    }
}

/// `AUTH PLAIN` initial response: `authzid NUL user NUL password` in base64.
fn plain(initial: &str) -> Option<(String, String)> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(initial.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut parts = text.split('\0');
    let (_authz, user, password) = (parts.next()?, parts.next()?, parts.next()?);
    Some((user.to_string(), password.to_string()))
}

/// Compare secrets in time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// RETR (all of it) or TOP (the header and `lines` lines of the body), dot-stuffed.
async fn send_message<S: AsyncRead + AsyncWrite + Unpin>(
    conn: &mut BufReader<S>,
    shared: &Shared,
    path: &Path,
    lines: Option<u64>,
) -> anyhow::Result<()> {
    let Ok(mut file) = tokio::fs::File::open(path).await else {
        let line = format!("{ERR} the message is gone");
        shared.out.trace(Dir::Sent, &line);
        return write_all(conn, shared, format!("{line}\r\n").as_bytes()).await;
    };
    shared.out.trace(Dir::Sent, &format!("{OK} message follows"));
    let mut out = format!("{OK} message follows\r\n").into_bytes();
    let mut stuffer = Stuffer::default();
    let mut top = lines.map(Top::new);
    let mut buf = vec![0u8; 64 << 10];
    loop {
        let n = file.read(&mut buf).await.context_kind("POP3: cannot read a message")?;
        let chunk = match top.as_mut() {
            Some(t) => t.take(&buf[..n]),
            None => &buf[..n],
        };
        stuffer.push(chunk, &mut out);
        let finished = n == 0 || top.as_ref().is_some_and(Top::done);
        if finished {
            stuffer.finish(&mut out);
        }
        write_all(conn, shared, &out).await?;
        out.clear();
        if finished {
            return Ok(());
        }
    }
}

async fn write_all<S: AsyncRead + AsyncWrite + Unpin>(
    conn: &mut BufReader<S>,
    shared: &Shared,
    bytes: &[u8],
) -> anyhow::Result<()> {
    let write = async {
        conn.get_mut().write_all(bytes).await?;
        conn.get_mut().flush().await
    };
    match tokio::time::timeout(shared.options.idle, write).await {
        Ok(result) => result.context_kind("POP3: cannot send"),
        Err(_) => Err(crate::net::timed_out("POP3: a client that does not read")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_decode_and_compare() {
        assert_eq!(plain("AGFsaWNlAHNlY3JldA=="), Some(("alice".into(), "secret".into())));
        assert_eq!(plain("!!"), None);
        assert!(same(b"abc", b"abc") && !same(b"abc", b"abd") && !same(b"ab", b"abc"));
    }
}

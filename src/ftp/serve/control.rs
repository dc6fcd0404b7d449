//! The control connection of one `nt ftp serve` session: nt reads the client's commands
//! and passes them to libunftp over a loopback pair; libunftp's replies come back the same
//! way. Data connections do not pass here: passive replies are rewritten to name nt's own
//! ports (`data.rs`), and each transfer command tells them how the connection is used.
//!
//! Why nt stands in the middle: libunftp 0.24 reads a command line without any length
//! bound, does the AUTH TLS handshake without a deadline, and logs commands only at debug
//! level, which is compiled out of release builds. Here each command line is bounded
//! ([`MAX_COMMAND`]); AUTH TLS is answered by nt itself and the handshake is nt's
//! (`net::tls_accept_async` under `--timeout`, with the one TLS configuration); `--tls
//! required` is enforced before USER/PASS and before a data connection is opened; every
//! command gets one log line with its final reply, and `-vv` traces the dialogue with
//! PASS and ACCT masked. Commands are read one at a time (the next one only after the
//! reply, or while a transfer runs), so replies stay in order and memory stays small.
//!
//! The relay also holds the session to its bounds and makes every reply match what
//! happens: a login deadline (`--login-timeout`); after [`guard::MAX_FAILURES`] failed
//! logins `421` and the end; each failed login's `530` waits longer per source address
//! (`guard.rs`); a data connection that never comes or fails its TLS handshake is answered
//! `425`/`522` (told by the passive port through the session's handoff); and the commands
//! whose outcome nt knows beforehand are answered before any `150` (`policy.rs`). If
//! libunftp ends a session without a closing reply, the client is told `421`.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader, ReadHalf, WriteHalf};
use tokio::net::TcpStream;

use super::data::{Failure, Forwarder, Link};
use super::guard::{self, Guard};
use super::log::{Entry, Event};
use crate::net;
use crate::net::serve::{Got, Pass, read_line};
use crate::output::{Dir, Output};

mod policy;

/// The longest command line a client may send (RFC 959 sets no limit; a path is at most
/// 4 KiB on Linux). Longer: `500`, and the session ends.
pub const MAX_COMMAND: usize = 8 << 10;

/// libunftp's reply lines (one per file in a STAT listing) are cut off here.
const MAX_REPLY_LINE: usize = 1 << 20;

/// FTPS on the control connection.
pub struct Tls {
    pub acceptor: tokio_rustls::TlsAcceptor,
    /// `--tls required`: no USER/PASS before AUTH TLS, no data connection before PROT P.
    pub required: bool,
}

/// What every session shares.
pub struct Rules {
    pub out: Output,
    pub tls: Option<Tls>,
    /// The TLS handshake must end within this (`--timeout`).
    pub handshake: Duration,
    /// `--write`: without it nt refuses every change itself, before libunftp sees it.
    pub write: bool,
    /// Failed logins per source address.
    pub guard: Guard,
}

trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

/// The client's side: plain TCP, or TLS after AUTH TLS.
struct Client {
    r: BufReader<ReadHalf<Box<dyn Stream>>>,
    w: WriteHalf<Box<dyn Stream>>,
}

impl Client {
    fn new(io: Box<dyn Stream>) -> Client {
        let (r, w) = tokio::io::split(io);
        Client { r: BufReader::with_capacity(4096, r), w }
    }

    /// Take the TLS handshake on the same connection.
    async fn upgrade(self, tls: &Tls, limit: Duration) -> anyhow::Result<Client> {
        let io = self.r.into_inner().unsplit(self.w);
        let stream = net::tls_accept_async(&tls.acceptor, io, limit).await?;
        Ok(Client::new(Box::new(stream)))
    }
}

/// A command sent to libunftp whose final reply has not come yet.
struct Pending {
    /// Upper case; empty for the greeting nt waits for before reading any command.
    command: String,
    arg: Option<String>,
    started: Instant,
    /// A 1xx reply came: a transfer runs, and the client may send ABOR or NOOP meanwhile.
    preliminary: bool,
    /// Its data connection failed before libunftp's 1xx came: that 1xx becomes this.
    failed: Option<Failure>,
}

/// What to do with one command line.
enum Step {
    Forward,
    /// Send libunftp this line instead (CWD .. becomes CDUP, so PWD stays tidy).
    Rewrite(&'static [u8]),
    Answer(u16, &'static str),
    /// PASV (`false`) or EPSV (`true`): name the waiting passive port again, or forward.
    Passive(bool),
    StartTls,
    /// The rest of a line already refused (after a bare LF inside it): dropped.
    Skip,
}

/// What one session knows about its dialogue.
struct Session<'a> {
    peer: SocketAddr,
    rules: &'a Rules,
    link: &'a Link,
    user: Option<String>,
    tls_on: bool,
    /// PROT P (answered by nt: libunftp's data connections stay plain).
    prot_private: bool,
    /// A 230 came.
    logged_in: bool,
    /// Failed logins in this session.
    failures: u32,
    /// EPSV ALL: no other way to open a data connection from now on.
    epsv_all: bool,
    /// libunftp's working directory, followed from CWD and CDUP replies (for the jail
    /// check before a transfer's 150).
    cwd: PathBuf,
    pending: VecDeque<Pending>,
    /// The code of a multi-line reply being read.
    multi: Option<u16>,
    commands: u64,
    /// A 221 or 421 went out: the end of the session was said.
    said_goodbye: bool,
    /// The client ends its commands with CRLF: a bare LF is then inside a command.
    crlf: bool,
    /// Dropping what is left of a refused line, up to its CRLF.
    skipping: bool,
}

enum From {
    Client(std::io::Result<Got>),
    Server(std::io::Result<Got>),
    DataFailed(Failure),
    LoginTimeout,
}

/// What the relay does after one line.
enum Next {
    Go,
    /// End the session (and why, for its log line).
    End(Option<&'static str>),
    StartTls,
}

type ClientW = WriteHalf<Box<dyn Stream>>;

/// Relay one session until either side closes.
pub async fn relay(
    client: TcpStream,
    inner: TcpStream,
    peer: SocketAddr,
    rules: &Rules,
    link: &Link,
    forwarder: Forwarder,
    pass: &mut Pass,
) {
    let mut client = Client::new(Box::new(client));
    let (inner_r, mut inner_w) = inner.into_split();
    let mut inner_r = BufReader::with_capacity(4096, inner_r);
    let mut s = Session::new(peer, rules, link);
    let (mut command, mut reply) = (Vec::new(), Vec::new());
    let why = loop {
        let listen = s.may_read_command();
        // The login deadline (`--login-timeout`) until the first 230.
        let deadline = pass.login_deadline();
        let login_by = deadline.unwrap_or_else(tokio::time::Instant::now);
        let got = tokio::select! {
            r = read_line(&mut client.r, &mut command, MAX_COMMAND), if listen => From::Client(r),
            r = read_line(&mut inner_r, &mut reply, MAX_REPLY_LINE) => From::Server(r),
            failure = link.handoff.failure() => From::DataFailed(failure),
            () = tokio::time::sleep_until(login_by), if deadline.is_some() => From::LoginTimeout,
        };
        let next = match got {
            From::Server(Ok(Got::Line)) => {
                let flush = inner_r.buffer().is_empty();
                let w = &mut client.w;
                let next = server_line(&mut s, w, &reply, &forwarder, flush, pass).await;
                reply.clear();
                next
            }
            From::Server(_) if s.said_goodbye => Next::End(None),
            From::Server(_) => {
                let _ = answer(&mut client.w, 421, "The session ended on the server's side").await;
                Next::End(Some("the server side ended"))
            }
            From::DataFailed(failure) => match s.data_failed(failure) {
                Some((code, text)) => said(answer(&mut client.w, code, text).await),
                None => Next::Go,
            },
            From::LoginTimeout => {
                let _ = answer(&mut client.w, 421, "Login timed out, closing").await;
                Next::End(Some("login timed out"))
            }
            From::Client(Ok(Got::Line)) => {
                let next =
                    client_line(&mut s, &mut client.w, &mut inner_w, &mut command, &forwarder)
                        .await;
                command.clear();
                next
            }
            From::Client(Ok(Got::TooLong)) => {
                let _ = answer(&mut client.w, 500, "Command line too long").await;
                Next::End(Some("command line too long"))
            }
            From::Client(_) => Next::End(None),
        };
        match next {
            Next::Go => {}
            Next::End(why) => break why,
            Next::StartTls => match start_tls(client, &mut s, rules).await {
                Some(upgraded) => client = upgraded,
                None => return,
            },
        }
    };
    // Logged before the client sees the end, so the log line is there when it does.
    s.event("close", why);
    let _ = inner_w.shutdown().await;
    let _ = client.w.shutdown().await;
}

/// Go on if a write to the client worked.
fn said(result: std::io::Result<()>) -> Next {
    if result.is_ok() { Next::Go } else { Next::End(None) }
}

/// One reply line of libunftp, to the client: a passive reply names nt's port, a failed
/// login's 530 waits, a failed data connection's 1xx becomes its 425.
async fn server_line(
    s: &mut Session<'_>,
    w: &mut ClientW,
    reply: &[u8],
    forwarder: &Forwarder,
    flush: bool,
    pass: &mut Pass,
) -> Next {
    let text = String::from_utf8_lossy(reply);
    let passive = forwarder.rewrite(text.trim_end_matches(['\r', '\n']));
    let reply = passive.as_ref().map_or(reply, |line| line.as_bytes());
    if let Some(delay) = s.failed_login(reply) {
        tokio::time::sleep(delay).await;
    }
    let replaced = s.on_reply(reply);
    if s.logged_in && !pass.is_logged_in() {
        // Before the client reads its 230: its share of the per-source cap is free, and
        // the login deadline no longer applies.
        pass.logged_in();
    }
    let line = replaced.as_ref().map_or(reply, |line| line.as_bytes());
    if w.write_all(line).await.is_err() || (flush && w.flush().await.is_err()) {
        return Next::End(None);
    }
    if s.failures >= guard::MAX_FAILURES {
        let _ = answer(w, 421, "Too many failed logins, closing").await;
        return Next::End(Some("too many failed logins"));
    }
    Next::Go
}

/// One command line of the client: to libunftp, or answered here.
async fn client_line(
    s: &mut Session<'_>,
    w: &mut ClientW,
    inner_w: &mut tokio::net::tcp::OwnedWriteHalf,
    command: &mut Vec<u8>,
    forwarder: &Forwarder,
) -> Next {
    let step = s.on_command(command);
    if !command.ends_with(b"\r\n") && command.ends_with(b"\n") {
        // A bare LF ends a command too (a client typed into nc); libunftp gets CRLF.
        command.insert(command.len() - 1, b'\r');
    }
    let forward: &[u8] = match step {
        Step::Skip => return Next::Go,
        Step::Forward => command,
        Step::Rewrite(line) => line,
        Step::Passive(extended) => match forwarder.reuse(extended) {
            Some(again) => {
                s.answered_passive(&again);
                let written = w.write_all(again.as_bytes()).await;
                return said(written.and(w.flush().await));
            }
            None => command,
        },
        Step::Answer(code, text) => return said(answer(w, code, text).await),
        Step::StartTls => return Next::StartTls,
    };
    said(inner_w.write_all(forward).await)
}

/// Answer AUTH TLS and take the handshake (bounded by `--timeout`); `None` ends the
/// session, which is then logged.
async fn start_tls(mut client: Client, s: &mut Session<'_>, rules: &Rules) -> Option<Client> {
    if !client.r.buffer().is_empty() {
        // Plain text sent behind AUTH TLS would be taken as if it had come encrypted (the
        // STARTTLS injection): end the session instead.
        s.event("close", Some("plain text after AUTH TLS"));
        return None;
    }
    let tls = rules.tls.as_ref()?;
    answer(&mut client.w, 234, "AUTH TLS OK, start the TLS handshake").await.ok()?;
    match client.upgrade(tls, rules.handshake).await {
        Ok(upgraded) => {
            s.tls_on = true;
            Some(upgraded)
        }
        Err(e) => {
            s.event("close", Some(&crate::error::one_line(&e)));
            None
        }
    }
}

/// A reply nt gives itself.
async fn answer<W: AsyncWrite + Unpin>(w: &mut W, code: u16, text: &str) -> std::io::Result<()> {
    w.write_all(format!("{code} {text}\r\n").as_bytes()).await?;
    w.flush().await
}

/// `..` or `../`: the parent directory.
fn is_parent(arg: Option<&str>) -> bool {
    matches!(arg.map(str::trim), Some(".." | "../"))
}

/// Commands that use a data connection.
fn is_transfer(command: &str) -> bool {
    matches!(command, "RETR" | "STOR" | "APPE" | "STOU" | "LIST" | "NLST" | "MLSD")
}

impl<'a> Session<'a> {
    fn new(peer: SocketAddr, rules: &'a Rules, link: &'a Link) -> Session<'a> {
        let greeting = Pending {
            command: String::new(),
            arg: None,
            started: Instant::now(),
            preliminary: false,
            failed: None,
        };
        Session {
            peer,
            rules,
            link,
            user: None,
            tls_on: false,
            prot_private: false,
            logged_in: false,
            failures: 0,
            epsv_all: false,
            cwd: PathBuf::from("/"),
            pending: VecDeque::from([greeting]),
            multi: None,
            commands: 0,
            said_goodbye: false,
            crlf: false,
            skipping: false,
        }
    }

    /// The next command is read only when every command sent is answered (or is a
    /// transfer under way).
    fn may_read_command(&self) -> bool {
        self.pending.iter().all(|p| p.preliminary)
    }

    /// A transfer command is waiting for its data connection or its final reply.
    fn transfer_pending(&self) -> bool {
        self.pending.iter().any(|p| is_transfer(&p.command))
    }

    /// For a `530` that answers PASS: how long to hold it (per source address).
    fn failed_login(&self, line: &[u8]) -> Option<Duration> {
        let front = self.pending.front()?;
        (line.starts_with(b"530") && front.command == "PASS")
            .then(|| self.rules.guard.failed(self.peer.ip()))
    }

    /// A passive reply nt gave itself (the waiting port named again).
    fn answered_passive(&mut self, line: &str) {
        let Some(p) = self.pending.pop_back() else { return };
        let text = line.trim_end_matches(['\r', '\n']);
        self.rules.out.trace(Dir::Sent, &format!("{} {text}", self.peer));
        let code = text.get(..3).and_then(|c| c.parse().ok()).unwrap_or(227);
        self.log(&p, code, text.get(4..).unwrap_or(""), None);
    }

    /// One reply line of libunftp; `Some(line)` to send instead of it.
    fn on_reply(&mut self, line: &[u8]) -> Option<String> {
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        self.rules.out.trace(Dir::Sent, &format!("{} {text}", self.peer));
        let bytes = text.as_bytes();
        let code = (bytes.len() >= 3 && bytes[..3].iter().all(u8::is_ascii_digit))
            .then(|| text[..3].parse::<u16>().ok())
            .flatten()?;
        let continued = bytes.get(3) == Some(&b'-');
        let rest = text.get(4..).unwrap_or("");
        match self.multi {
            Some(open) if open == code && !continued => {
                self.multi = None;
                self.finish(code, rest)
            }
            Some(_) => None,
            None if continued => {
                self.multi = Some(code);
                None
            }
            None => self.finish(code, rest),
        }
    }

    /// A complete reply: a mark (1xx) for the command in front, or its final reply.
    fn finish(&mut self, code: u16, text: &str) -> Option<String> {
        if code < 200 {
            let front = self.pending.front_mut()?;
            front.preliminary = true;
            let (failed, failure) = front.failed?;
            let p = self.pending.pop_front()?;
            self.log(&p, failed, failure, None);
            return Some(format!("{failed} {failure}\r\n"));
        }
        if code == 221 || code == 421 {
            self.said_goodbye = true;
        }
        let Some(p) = self.pending.pop_front() else {
            self.event("reply", Some(&format!("{code} {text}")));
            return None;
        };
        if p.command.is_empty() {
            self.event("connect", None);
            return None;
        }
        self.follow(&p, code);
        let transfer = matches!(p.command.as_str(), "RETR" | "STOR" | "APPE" | "STOU");
        let bytes = if transfer { self.link.meter.take() } else { None };
        self.log(&p, code, text, bytes);
        None
    }

    /// What a final reply changes: the login, the failures, the working directory.
    fn follow(&mut self, p: &Pending, code: u16) {
        match (p.command.as_str(), code) {
            ("USER" | "PASS", 230) => {
                self.logged_in = true;
                self.rules.guard.forget(self.peer.ip());
            }
            ("PASS", 530) => self.failures += 1,
            ("CWD" | "XCWD", 250) if is_parent(p.arg.as_deref()) => {
                self.cwd.pop();
            }
            ("CWD" | "XCWD", 250) => {
                let arg = p.arg.as_deref().unwrap_or("");
                self.cwd = self.cwd.join(arg);
            }
            ("CDUP", 200 | 250) => {
                self.cwd.pop();
            }
            _ => {}
        }
    }

    /// The passive port of the transfer in progress failed: the reply to send now, or
    /// (before libunftp's 1xx) later, in place of that 1xx.
    fn data_failed(&mut self, failure: Failure) -> Option<Failure> {
        let i = self.pending.iter().position(|p| is_transfer(&p.command))?;
        if !self.pending[i].preliminary {
            self.pending[i].failed = Some(failure);
            return None;
        }
        let p = self.pending.remove(i)?;
        self.rules.out.trace(Dir::Sent, &format!("{} {} {}", self.peer, failure.0, failure.1));
        self.log(&p, failure.0, failure.1, None);
        Some(failure)
    }

    fn log(&self, p: &Pending, code: u16, reply: &str, bytes: Option<u64>) {
        Entry {
            peer: self.peer,
            user: self.user.as_deref(),
            command: &p.command,
            arg: p.arg.as_deref(),
            code,
            reply,
            ms: p.started.elapsed().as_millis() as u64,
            bytes,
        }
        .write(&self.rules.out);
    }

    fn event(&self, event: &str, detail: Option<&str>) {
        let counted;
        let detail = match (event, detail) {
            ("close", None) => {
                counted = format!("after {} commands", self.commands);
                Some(counted.as_str())
            }
            (_, detail) => detail,
        };
        Event { peer: self.peer, event, detail }.write(&self.rules.out);
    }
}

#[cfg(test)]
mod tests;

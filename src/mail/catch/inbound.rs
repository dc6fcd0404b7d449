//! One client of `nt mail catch`: the `mailin` state machine driven over tokio, in the
//! shape of mailcrab's `backend/src/smtp/connection.rs` (read a line, `session.process`,
//! reply; STARTTLS returns [`Next::Upgrade`], the stream is wrapped, the loop runs again).
//!
//! mailin 0.6 decides the order of commands (HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP,
//! VRFY, QUIT, STARTTLS). Around it this module does what mailin cannot: it parses MAIL
//! and RCPT itself (mailin rejects `SIZE=`, `SMTPUTF8`, the null sender `<>` and every
//! RCPT parameter) and hands mailin a plain form; it writes the EHLO reply (PIPELINING,
//! SIZE, 8BITMIME, SMTPUTF8, STARTTLS, AUTH PLAIN LOGIN); it answers AUTH itself, taking
//! any login (mailin would then refuse mail from clients that do not log in): over plain
//! SMTP when the catcher has no TLS identity, else only after STARTTLS; and it reads DATA
//! itself, unstuffing dots in 64 KiB chunks straight into the Maildir spool ([`maildir`],
//! under a `Received:` line) and the summary scanner ([`scan`]), never a whole message in
//! memory. Bounds: a command line is at most [`MAX_COMMAND`] bytes (a longer one is
//! answered 500 and the connection closed), a message `--max-size`, recipients
//! `--max-recipients`, [`MAX_ERRORS`] bad commands end the connection, EHLO or HELO must
//! come within `--login-timeout` of the greeting, and every read or write waits at most
//! `--timeout`. Replies are sent when no pipelined command is waiting (PIPELINING, RFC
//! 2920), or as soon as [`MAX_REPLIES`] bytes of them wait: a client that does not read its
//! replies is not read either (backpressure), so it cannot make them pile up.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use base64::Engine;
use mailin::{Action, Handler, Response, Session, SessionBuilder};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::time::Instant;
use wildmatch::WildMatch;

use super::scan::Found;
use crate::mail::maildir::Maildir;
use crate::net;
use crate::net::serve::{Got, Pass, read_line};
use crate::output::{Dir, Output};

/// The bound on a command line (with its CRLF): RFC 4954 allows AUTH lines of 12288. A
/// client that sends more without an LF is answered 500 and disconnected.
pub const MAX_COMMAND: usize = 16 * 1024;
/// The bound on replies waiting for a client: past it they are written (waiting at most
/// `--timeout` for the client to take them) before another command is read.
pub const MAX_REPLIES: usize = 16 * 1024;
/// Bad commands before the connection is closed (Postfix: smtpd_hard_error_limit 20).
pub const MAX_ERRORS: u32 = 20;
/// Bytes read from a client at a time.
const READ_BUFFER: usize = 64 * 1024;

/// What every connection shares: the settings and where caught messages go.
pub struct Ctx {
    pub host: String,
    pub builder: SessionBuilder,
    pub acceptor: Option<tokio_rustls::TlsAcceptor>,
    pub maildir: Option<Arc<Maildir>>,
    pub max_size: u64,
    pub max_recipients: usize,
    pub timeout: Duration,
    pub reject: Vec<WildMatch>,
    pub out: Output,
    /// `--count`: messages to take before stopping.
    pub count: Option<u64>,
    pub delivered: AtomicU64,
    /// Set once `--count` messages are in (or stdout is gone): the server stops.
    pub stop: tokio::sync::watch::Sender<bool>,
    /// Says what was caught (a line or a JSON object); false when stdout is closed.
    pub report: Box<dyn Fn(&Caught) -> bool + Send + Sync>,
}

impl Ctx {
    fn stopping(&self) -> bool {
        *self.stop.borrow()
    }
}

/// One caught message, as reported.
#[derive(Debug, serde::Serialize)]
pub struct Caught {
    pub from: String,
    pub to: Vec<String>,
    pub subject: Option<String>,
    pub size: u64,
    pub attachments: Vec<String>,
    /// The Maildir file, relative to DIR (with DIR only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub peer: String,
    pub tls: bool,
    /// The name the client logged in with, if it did.
    pub login: Option<String>,
}

/// mailin's handler: everything is accepted; nt decides in its own layer.
struct Accept;

impl Handler for Accept {}

/// Why the talk with a client ended.
enum End {
    Closed,
    TimedOut,
}

/// What the command loop wants next.
enum Next {
    Close,
    Upgrade,
}

/// A client's stream (read through a buffer of [`READ_BUFFER`] bytes) and the replies not
/// sent yet.
struct Dialogue<S> {
    stream: BufReader<S>,
    replies: Vec<u8>,
    timeout: Duration,
    /// Until EHLO or HELO: when the client must have sent one (`--login-timeout`).
    deadline: Option<Instant>,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Dialogue<S> {
    fn new(stream: S, timeout: Duration) -> Dialogue<S> {
        let stream = BufReader::with_capacity(READ_BUFFER, stream);
        Dialogue { stream, replies: Vec::with_capacity(512), timeout, deadline: None }
    }

    /// Whether the client has sent more than has been read (a pipelined command).
    fn pending(&self) -> bool {
        !self.stream.buffer().is_empty()
    }

    /// Whether the EHLO deadline has passed.
    fn late(&self) -> bool {
        self.deadline.is_some_and(|d| d <= Instant::now())
    }

    /// How long the next wait may be: `--timeout`, or less before the EHLO deadline.
    fn limit(&self) -> Duration {
        match self.deadline {
            Some(d) => self.timeout.min(d.saturating_duration_since(Instant::now())),
            None => self.timeout,
        }
    }

    /// Read more from the client into the buffer (when it is empty), within the timeout.
    async fn fill(&mut self) -> Result<(), End> {
        let limit = self.limit();
        match tokio::time::timeout(limit, self.stream.fill_buf()).await {
            Err(_) => Err(End::TimedOut),
            Ok(Ok([])) | Ok(Err(_)) => Err(End::Closed),
            Ok(Ok(_)) => Ok(()),
        }
    }

    /// One line with its LF, within the timeout; `None` once more than [`MAX_COMMAND`]
    /// bytes came without one (the connection is to be closed: the rest is not read).
    async fn line(&mut self) -> Result<Option<Vec<u8>>, End> {
        let mut line = Vec::new();
        let limit = self.limit();
        let read = read_line(&mut self.stream, &mut line, MAX_COMMAND);
        match tokio::time::timeout(limit, read).await {
            Err(_) => Err(End::TimedOut),
            Ok(Ok(Got::Line)) => Ok(Some(line)),
            Ok(Ok(Got::TooLong)) => Ok(None),
            Ok(Ok(Got::Eof)) | Ok(Err(_)) => Err(End::Closed),
        }
    }

    /// Send the replies gathered so far (dropped when they cannot be sent: the
    /// connection is over).
    async fn flush(&mut self) -> Result<(), End> {
        if self.replies.is_empty() {
            return Ok(());
        }
        let write = self.stream.get_mut().write_all(&self.replies);
        let result = match tokio::time::timeout(self.timeout, write).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(End::Closed),
            Err(_) => Err(End::TimedOut),
        };
        self.replies.clear();
        result
    }
}

/// The state of one client beside mailin's.
struct Client {
    ctx: Arc<Ctx>,
    peer: SocketAddr,
    session: Session<Accept>,
    greeted: bool,
    /// The name given with EHLO or HELO (made safe for a header), and whether it was EHLO.
    helo: Option<(String, bool)>,
    tls: bool,
    login: Option<String>,
    /// The transaction after MAIL: sender, recipients.
    tx: Option<(String, Vec<String>)>,
    errors: u32,
    /// The slot and, until the first recipient, the share of `--max-pending`.
    pass: Pass,
}

/// Serve one client until it quits, times out or misbehaves too often. Its `pass` (slot,
/// share of its address's `--max-pending`, EHLO deadline) is given back when it goes; the
/// share as soon as it gives a recipient.
pub async fn serve(stream: TcpStream, peer: SocketAddr, ctx: Arc<Ctx>, pass: Pass) {
    let session = ctx.builder.build(peer.ip(), Accept);
    let mut client = Client {
        ctx: ctx.clone(),
        peer,
        session,
        greeted: false,
        helo: None,
        tls: false,
        login: None,
        tx: None,
        errors: 0,
        pass,
    };
    let mut wire = Dialogue::new(stream, ctx.timeout);
    wire.deadline = client.pass.login_deadline();
    let greeting = client.session.greeting();
    client.respond(&mut wire, &greeting);
    if !matches!(client.run(&mut wire).await, Next::Upgrade) {
        return;
    }
    let Some(acceptor) = ctx.acceptor.as_ref() else { return };
    let stream = wire.stream.into_inner();
    let Ok(tls) = net::tls_accept_async(acceptor, stream, ctx.timeout).await else {
        return;
    };
    client.session.tls_active();
    client.tls = true;
    client.greeted = false;
    client.login = None;
    let mut wire = Dialogue::new(tls, ctx.timeout);
    client.run(&mut wire).await;
    let _ = wire.stream.get_mut().shutdown().await;
}

impl Client {
    /// The command loop; returns when the client is gone or asks for TLS.
    async fn run<S: AsyncRead + AsyncWrite + Unpin>(&mut self, wire: &mut Dialogue<S>) -> Next {
        let next = loop {
            let due = !wire.pending() || wire.replies.len() >= MAX_REPLIES;
            if due && wire.flush().await.is_err() {
                break Next::Close;
            }
            let line = match wire.line().await {
                Ok(Some(line)) => line,
                Ok(None) => {
                    let max = MAX_COMMAND / 1024;
                    self.say(
                        wire,
                        &format!("500 5.5.2 line too long (at most {max} KiB), closing"),
                    );
                    break Next::Close;
                }
                Err(End::TimedOut) if wire.late() => {
                    self.say(wire, "421 4.4.2 no EHLO or HELO in time (--login-timeout), closing");
                    break Next::Close;
                }
                Err(End::TimedOut) => {
                    self.say(wire, "421 4.4.2 timed out waiting for a command, closing");
                    break Next::Close;
                }
                Err(End::Closed) => return Next::Close,
            };
            match self.command(wire, &line).await {
                Ok(Some(next)) => break next,
                Ok(None) => {}
                Err(End::TimedOut) => {
                    self.say(wire, "421 4.4.2 timed out, closing");
                    break Next::Close;
                }
                // A command that ends the connection after its reply (421).
                Err(End::Closed) => break Next::Close,
            }
        };
        let _ = wire.flush().await;
        next
    }

    /// One command: `Some(next)` ends the loop.
    async fn command<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        wire: &mut Dialogue<S>,
        line: &[u8],
    ) -> Result<Option<Next>, End> {
        let out = &self.ctx.out;
        if out.tracing() {
            out.trace(Dir::Received, &String::from_utf8_lossy(line));
        }
        let verb: String = line
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .map(|b| b.to_ascii_uppercase() as char)
            .collect();
        let ok = match verb.as_str() {
            "EHLO" | "HELO" => self.hello(wire, line, verb == "EHLO"),
            "AUTH" => self.auth(wire, line).await?,
            "MAIL" => self.mail(wire, line)?,
            "RCPT" => self.rcpt(wire, line),
            "DATA" => self.data(wire).await?,
            "BDAT" => {
                self.say(wire, "502 5.5.1 CHUNKING is not offered");
                false
            }
            _ => return Ok(self.pass(wire, line)),
        };
        if !ok && !self.count_error(wire) {
            return Ok(Some(Next::Close));
        }
        Ok(None)
    }

    /// A command mailin handles alone (RSET, NOOP, QUIT, VRFY, STARTTLS, unknown ones).
    fn pass<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        wire: &mut Dialogue<S>,
        line: &[u8],
    ) -> Option<Next> {
        let res = self.session.process(line);
        if line.len() >= 4 && line[..4].eq_ignore_ascii_case(b"RSET") && res.code == 250 {
            self.tx = None;
        }
        self.respond(wire, &res);
        match res.action {
            Action::Close => Some(Next::Close),
            // Commands pipelined behind STARTTLS came before TLS: never trust them.
            Action::UpgradeTls if wire.pending() => Some(Next::Close),
            Action::UpgradeTls => Some(Next::Upgrade),
            Action::Reply | Action::NoReply if res.is_error && !self.count_error(wire) => {
                Some(Next::Close)
            }
            Action::Reply | Action::NoReply => None,
        }
    }

    /// Count a bad command; false (after a 421) when there were too many.
    fn count_error<S: AsyncRead + AsyncWrite + Unpin>(&mut self, wire: &mut Dialogue<S>) -> bool {
        self.errors += 1;
        if self.errors < MAX_ERRORS {
            return true;
        }
        self.say(wire, "421 4.7.0 too many errors, closing");
        false
    }

    fn hello<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        wire: &mut Dialogue<S>,
        line: &[u8],
        ehlo: bool,
    ) -> bool {
        let res = self.session.process(line);
        if res.code != 250 {
            self.respond(wire, &res);
            return false;
        }
        self.greeted = true;
        self.tx = None;
        self.helo = Some((helo_name(line), ehlo));
        wire.deadline = None;
        if !ehlo {
            self.respond(wire, &res);
            return true;
        }
        let mut lines = vec![format!("{} greets you", self.ctx.host), "PIPELINING".into()];
        lines.push(format!("SIZE {}", self.ctx.max_size));
        if self.auth_allowed() {
            lines.push("AUTH PLAIN LOGIN".into());
        }
        if self.ctx.acceptor.is_some() && !self.tls {
            lines.push("STARTTLS".into());
        }
        lines.extend(["8BITMIME".to_string(), "SMTPUTF8".into()]);
        let last = lines.len() - 1;
        for (i, text) in lines.iter().enumerate() {
            self.say(wire, &format!("250{}{text}", if i == last { ' ' } else { '-' }));
        }
        true
    }

    /// Whether AUTH is offered: always without a TLS identity (the course's programs log
    /// in over plain SMTP), only after STARTTLS with one.
    fn auth_allowed(&self) -> bool {
        self.ctx.acceptor.is_none() || self.tls
    }

    /// AUTH PLAIN / LOGIN: any login is taken (this is a catcher); the name is kept.
    async fn auth<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        wire: &mut Dialogue<S>,
        line: &[u8],
    ) -> Result<bool, End> {
        if !self.auth_allowed() {
            self.say(wire, "530 5.7.0 Must issue a STARTTLS command first");
            return Ok(false);
        }
        if !self.greeted || self.tx.is_some() || self.login.is_some() {
            self.say(wire, "503 5.5.1 AUTH is not allowed now");
            return Ok(false);
        }
        let text = String::from_utf8_lossy(line);
        let mut words = text.split_whitespace().skip(1);
        let mechanism = words.next().unwrap_or_default().to_ascii_uppercase();
        let initial = words.next().map(str::to_string);
        let user = match mechanism.as_str() {
            "PLAIN" => {
                let Some(token) = self.answer(wire, initial, "334 ").await? else {
                    return Ok(false);
                };
                let mut fields = token.split(|&b| b == 0);
                let _authzid = fields.next();
                fields.next().map(|u| String::from_utf8_lossy(u).into_owned())
            }
            "LOGIN" => {
                let Some(user) = self.answer(wire, initial, "334 VXNlcm5hbWU6").await? else {
                    return Ok(false);
                };
                if self.answer(wire, None, "334 UGFzc3dvcmQ6").await?.is_none() {
                    return Ok(false);
                }
                Some(String::from_utf8_lossy(&user).into_owned())
            }
            _ => {
                self.say(wire, "504 5.5.4 unrecognized authentication type (PLAIN, LOGIN)");
                return Ok(false);
            }
        };
        self.login = Some(user.unwrap_or_default());
        self.say(wire, "235 2.7.0 Authentication successful");
        Ok(true)
    }

    /// A SASL answer: the initial response, or the next line after `challenge`; decoded
    /// from base64. `None` (after a 501) when cancelled or not base64.
    async fn answer<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        wire: &mut Dialogue<S>,
        initial: Option<String>,
        challenge: &str,
    ) -> Result<Option<Vec<u8>>, End> {
        let text = match initial {
            Some(text) => text,
            None => {
                self.say(wire, challenge);
                wire.flush().await?;
                let Some(line) = wire.line().await? else {
                    self.say(wire, "500 5.5.2 line too long, closing");
                    return Err(End::Closed);
                };
                self.ctx.out.trace_secret(Dir::Received);
                String::from_utf8_lossy(&line).trim().to_string()
            }
        };
        let decoded = match text.as_str() {
            "*" => None,
            "=" => Some(Vec::new()),
            _ => base64::engine::general_purpose::STANDARD.decode(&text).ok(),
        };
        if decoded.is_none() {
            self.say(wire, "501 5.7.0 authentication cancelled or not base64");
        }
        Ok(decoded)
    }

    /// Send a mailin reply (traced with -vv).
    fn respond<S>(&self, wire: &mut Dialogue<S>, res: &Response) {
        let start = wire.replies.len();
        let _ = res.write_to(&mut wire.replies);
        if self.ctx.out.tracing() {
            for line in String::from_utf8_lossy(&wire.replies[start..]).lines() {
                self.ctx.out.trace(Dir::Sent, line);
            }
        }
    }

    /// Send one reply line of nt's own (traced with -vv).
    fn say<S>(&self, wire: &mut Dialogue<S>, line: &str) {
        self.ctx.out.trace(Dir::Sent, line);
        wire.replies.extend_from_slice(line.as_bytes());
        wire.replies.extend_from_slice(b"\r\n");
    }
}

/// The EHLO or HELO argument as the `Received:` line shows it: printable ASCII without
/// parentheses, at most 255 characters, else `unknown`.
fn helo_name(line: &[u8]) -> String {
    let text = String::from_utf8_lossy(line);
    let name = text.split_whitespace().nth(1).unwrap_or_default();
    let safe = |c: char| c.is_ascii_graphic() && c != '(' && c != ')' && c != ';';
    let name: String = name.chars().filter(|&c| safe(c)).take(255).collect();
    if name.is_empty() { "unknown".into() } else { name }
}

// MAIL, RCPT and DATA: `inbound/transaction.rs`.
mod transaction;

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

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader, ReadHalf,
    WriteHalf,
};
use tokio::net::TcpStream;

use super::data::{Forwarder, Link, Use};
use super::log::{Entry, Event};
use crate::net;
use crate::output::{Dir, Output};

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
    /// For PROT: whether it asked for P.
    private: bool,
}

/// What to do with one command line.
enum Step {
    Forward,
    /// Send libunftp this line instead (CWD .. becomes CDUP, so PWD stays tidy).
    Rewrite(&'static [u8]),
    Answer(u16, &'static str),
    StartTls,
}

/// What one session knows about its dialogue.
struct Session<'a> {
    peer: SocketAddr,
    rules: &'a Rules,
    link: &'a Link,
    user: Option<String>,
    tls_on: bool,
    prot_private: bool,
    pending: VecDeque<Pending>,
    /// The code of a multi-line reply being read.
    multi: Option<u16>,
    commands: u64,
}

enum Got {
    Line,
    Eof,
    TooLong,
}

/// Read one line (up to `max` bytes, `\n` included) into `buf`. Safe to cancel: bytes
/// already read stay in `buf` for the next call.
async fn read_line<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Got> {
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok(Got::Eof);
        }
        let (taken, done) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        buf.extend_from_slice(&available[..taken]);
        reader.consume(taken);
        if buf.len() > max {
            return Ok(Got::TooLong);
        }
        if done {
            return Ok(Got::Line);
        }
    }
}

enum From {
    Client(std::io::Result<Got>),
    Server(std::io::Result<Got>),
}

/// Relay one session until either side closes.
pub async fn relay(
    client: TcpStream,
    inner: TcpStream,
    peer: SocketAddr,
    rules: &Rules,
    link: &Link,
    forwarder: Forwarder,
) {
    let mut client = Client::new(Box::new(client));
    let (inner_r, mut inner_w) = inner.into_split();
    let mut inner_r = BufReader::with_capacity(4096, inner_r);
    let mut s = Session::new(peer, rules, link);
    let (mut command, mut reply) = (Vec::new(), Vec::new());
    loop {
        let listen = s.may_read_command();
        let got = tokio::select! {
            r = read_line(&mut client.r, &mut command, MAX_COMMAND), if listen => From::Client(r),
            r = read_line(&mut inner_r, &mut reply, MAX_REPLY_LINE) => From::Server(r),
        };
        match got {
            From::Server(Ok(Got::Line)) => {
                let passive = forwarder
                    .rewrite(String::from_utf8_lossy(&reply).trim_end_matches(['\r', '\n']));
                if let Some(passive) = passive {
                    reply = passive.into_bytes();
                }
                let flush = inner_r.buffer().is_empty();
                if client.w.write_all(&reply).await.is_err()
                    || (flush && client.w.flush().await.is_err())
                {
                    break;
                }
                s.on_reply(&reply);
                reply.clear();
            }
            From::Server(_) => break,
            From::Client(Ok(Got::Line)) => {
                let step = s.on_command(&command);
                let forward: &[u8] = match step {
                    Step::Forward => &command,
                    Step::Rewrite(line) => line,
                    Step::Answer(code, text) => {
                        command.clear();
                        if answer(&mut client.w, code, text).await.is_err() {
                            break;
                        }
                        continue;
                    }
                    Step::StartTls => {
                        command.clear();
                        match start_tls(client, &mut s, rules).await {
                            Some(upgraded) => client = upgraded,
                            None => return,
                        }
                        continue;
                    }
                };
                if inner_w.write_all(forward).await.is_err() {
                    break;
                }
                command.clear();
            }
            From::Client(Ok(Got::TooLong)) => {
                let _ = answer(&mut client.w, 500, "Command line too long").await;
                s.event("close", Some("command line too long"));
                return;
            }
            From::Client(_) => break,
        }
    }
    let _ = inner_w.shutdown().await;
    let _ = client.w.shutdown().await;
    s.event("close", None);
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

/// `..` or `../`: the parent directory.
fn is_parent(arg: Option<&str>) -> bool {
    matches!(arg.map(str::trim), Some(".." | "../"))
}

/// A reply nt gives itself.
async fn answer<W: AsyncWrite + Unpin>(w: &mut W, code: u16, text: &str) -> std::io::Result<()> {
    w.write_all(format!("{code} {text}\r\n").as_bytes()).await?;
    w.flush().await
}

impl<'a> Session<'a> {
    fn new(peer: SocketAddr, rules: &'a Rules, link: &'a Link) -> Session<'a> {
        let greeting = Pending {
            command: String::new(),
            arg: None,
            started: Instant::now(),
            preliminary: false,
            private: false,
        };
        Session {
            peer,
            rules,
            link,
            user: None,
            tls_on: false,
            prot_private: false,
            pending: VecDeque::from([greeting]),
            multi: None,
            commands: 0,
        }
    }

    /// The next command is read only when every command sent is answered (or is a
    /// transfer under way).
    fn may_read_command(&self) -> bool {
        self.pending.iter().all(|p| p.preliminary)
    }

    fn on_command(&mut self, line: &[u8]) -> Step {
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']).trim_start();
        let (verb, arg) = match text.split_once(' ') {
            Some((verb, arg)) => (verb, Some(arg)),
            None => (text, None),
        };
        let command = verb.to_ascii_uppercase();
        let secret = matches!(command.as_str(), "PASS" | "ACCT");
        let arg = arg.map(|a| if secret { "***".to_string() } else { a.to_string() });
        let shown = match &arg {
            Some(arg) => format!("{} {command} {arg}", self.peer),
            None => format!("{} {command}", self.peer),
        };
        self.rules.out.trace(Dir::Received, &shown);
        self.commands += 1;
        if command == "USER" {
            self.user = arg.clone();
        }
        let private = command == "PROT" && arg.as_deref().is_some_and(|a| a.trim() == "P");
        let pending =
            Pending { command, arg, started: Instant::now(), preliminary: false, private };
        match self.intercept(&pending) {
            Step::Forward if pending.command == "CWD" && is_parent(pending.arg.as_deref()) => {
                // libunftp would keep "/a/.." as the working directory; CDUP gives "/".
                self.pending.push_back(pending);
                Step::Rewrite(b"CDUP\r\n")
            }
            Step::Forward | Step::Rewrite(_) => {
                self.tell_data_ports(&pending.command);
                self.pending.push_back(pending);
                Step::Forward
            }
            Step::Answer(code, text) => {
                self.rules.out.trace(Dir::Sent, &format!("{} {code} {text}", self.peer));
                self.log(&pending, code, text, None);
                Step::Answer(code, text)
            }
            Step::StartTls => {
                self.log(&pending, 234, "AUTH TLS OK", None);
                Step::StartTls
            }
        }
    }

    /// A command that uses the data connection tells the passive port how: a plain file
    /// transfer is done by the storage on the socket itself, the rest is forwarded.
    fn tell_data_ports(&self, command: &str) {
        match command {
            "RETR" | "STOR" | "APPE" | "STOU" if !self.prot_private => {
                self.link.handoff.expect(Use::Direct);
            }
            "RETR" | "STOR" | "APPE" | "STOU" | "LIST" | "NLST" | "MLSD" => {
                self.link.handoff.expect(Use::Forward);
            }
            _ => {}
        }
    }

    /// The commands nt answers itself: AUTH TLS, CCC, and what `--tls required` forbids.
    fn intercept(&self, p: &Pending) -> Step {
        let Some(tls) = &self.rules.tls else { return Step::Forward };
        let arg = p.arg.as_deref().unwrap_or("").trim().to_ascii_uppercase();
        match p.command.as_str() {
            "AUTH" if matches!(arg.as_str(), "TLS" | "TLS-C" | "SSL" | "TLS-P") => {
                if self.tls_on {
                    Step::Answer(503, "TLS is already on")
                } else {
                    Step::StartTls
                }
            }
            "CCC" if self.tls_on => Step::Answer(534, "The control connection stays encrypted"),
            "PBSZ" | "PROT" if !self.tls_on => Step::Answer(503, "AUTH TLS first"),
            "USER" | "PASS" | "ACCT" if tls.required && !self.tls_on => {
                Step::Answer(534, "TLS is required: send AUTH TLS first")
            }
            "PASV" | "EPSV" | "PORT" | "EPRT" | "LPSV" | "LPRT"
                if tls.required && !self.prot_private =>
            {
                Step::Answer(521, "Data connections must be encrypted: send PBSZ 0 and PROT P")
            }
            _ => Step::Forward,
        }
    }

    fn on_reply(&mut self, line: &[u8]) {
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        self.rules.out.trace(Dir::Sent, &format!("{} {text}", self.peer));
        let bytes = text.as_bytes();
        let code = (bytes.len() >= 3 && bytes[..3].iter().all(u8::is_ascii_digit))
            .then(|| text[..3].parse::<u16>().ok())
            .flatten();
        let Some(code) = code else { return };
        let continued = bytes.get(3) == Some(&b'-');
        let rest = text.get(4..).unwrap_or("");
        match self.multi {
            Some(open) if open == code && !continued => {
                self.multi = None;
                self.finish(code, rest);
            }
            Some(_) => {}
            None if continued => self.multi = Some(code),
            None => self.finish(code, rest),
        }
    }

    /// A complete reply: a mark (1xx) for the command in front, or its final reply.
    fn finish(&mut self, code: u16, text: &str) {
        if code < 200 {
            if let Some(front) = self.pending.front_mut() {
                front.preliminary = true;
            }
            return;
        }
        let Some(p) = self.pending.pop_front() else {
            self.event("reply", Some(&format!("{code} {text}")));
            return;
        };
        if p.command.is_empty() {
            self.event("connect", None);
            return;
        }
        if p.command == "PROT" && (200..300).contains(&code) {
            self.prot_private = p.private;
        }
        let transfer = matches!(p.command.as_str(), "RETR" | "STOR" | "APPE" | "STOU");
        let bytes = if transfer { self.link.meter.take() } else { None };
        self.log(&p, code, text, bytes);
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
mod tests {
    use super::*;

    fn rules(tls: bool) -> Rules {
        let out = Output::new(crate::output::Settings {
            json: false,
            quiet: true,
            verbose: 0,
            color: crate::output::ColorChoice::Never,
        });
        let tls = tls.then(|| {
            let id = crate::tls::Identity::self_signed(&[]).expect("identity");
            Tls { acceptor: net::acceptor(id.server_config().expect("config")), required: true }
        });
        Rules { out, tls, handshake: Duration::from_secs(1) }
    }

    fn link() -> Link {
        Link {
            meter: Default::default(),
            handoff: Default::default(),
            stall: Duration::from_secs(1),
        }
    }

    #[test]
    fn replies_close_the_command_in_front() {
        let (rules, link) = (rules(false), link());
        let mut s = Session::new("127.0.0.1:1".parse().unwrap(), &rules, &link);
        assert!(!s.may_read_command(), "nothing is read before the greeting");
        s.on_reply(b"220 hello\r\n");
        assert!(s.may_read_command());
        assert!(matches!(s.on_command(b"feat\r\n"), Step::Forward));
        assert!(!s.may_read_command());
        s.on_reply(b"211-Extensions supported:\r\n");
        s.on_reply(b" SIZE\r\n");
        assert!(!s.may_read_command(), "a multi-line reply is not over yet");
        s.on_reply(b"211 END\r\n");
        assert!(s.may_read_command());
        assert!(matches!(s.on_command(b"RETR x\r\n"), Step::Forward));
        s.on_reply(b"150 Sending\r\n");
        assert!(s.may_read_command(), "a transfer under way lets ABOR through");
        s.on_reply(b"226 Done\r\n");
        assert!(s.pending.is_empty());
        assert!(matches!(s.on_command(b"CWD ..\r\n"), Step::Rewrite(b"CDUP\r\n")));
        assert!(matches!(s.on_command(b"CWD ../x\r\n"), Step::Forward));
    }

    #[test]
    fn tls_required_is_enforced_before_login_and_data() {
        let (rules, link) = (rules(true), link());
        let mut s = Session::new("127.0.0.1:1".parse().unwrap(), &rules, &link);
        s.on_reply(b"220 hello\r\n");
        assert!(matches!(s.on_command(b"USER alice\r\n"), Step::Answer(534, _)));
        assert!(matches!(s.on_command(b"  pass secret\r\n"), Step::Answer(534, _)));
        assert!(matches!(s.on_command(b"PROT P\r\n"), Step::Answer(503, _)));
        assert!(matches!(s.on_command(b"AUTH TLS\r\n"), Step::StartTls));
        s.tls_on = true;
        assert!(matches!(s.on_command(b"AUTH TLS\r\n"), Step::Answer(503, _)));
        assert!(matches!(s.on_command(b"USER alice\r\n"), Step::Forward));
        s.on_reply(b"331 Password\r\n");
        assert!(matches!(s.on_command(b"EPSV\r\n"), Step::Answer(521, _)));
        assert!(matches!(s.on_command(b"PROT P\r\n"), Step::Forward));
        s.on_reply(b"200 OK\r\n");
        assert!(matches!(s.on_command(b"EPSV\r\n"), Step::Forward));
        assert!(matches!(s.on_command(b"CCC\r\n"), Step::Answer(534, _)));
    }

    #[tokio::test]
    async fn lines_are_bounded() {
        let data = b"NOOP\r\nrest".to_vec();
        let mut reader = BufReader::new(&data[..]);
        let mut buf = Vec::new();
        assert!(matches!(read_line(&mut reader, &mut buf, 16).await, Ok(Got::Line)));
        assert_eq!(buf, b"NOOP\r\n");
        buf.clear();
        assert!(matches!(read_line(&mut reader, &mut buf, 16).await, Ok(Got::Eof)));
        assert_eq!(buf, b"rest", "a last line without its end is kept, not lost");
        let long = b"xxxxxxxxxxxxxxxxxxxx\r\n".to_vec();
        let mut reader = BufReader::with_capacity(4, &long[..]);
        buf.clear();
        assert!(matches!(read_line(&mut reader, &mut buf, 16).await, Ok(Got::TooLong)));
        assert!(buf.len() <= 16 + 4, "no more than a buffer beyond the bound is held");
    }
}

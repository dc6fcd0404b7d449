//! A small SMTP client (RFC 5321) over std sockets and rustls with nt's TLS policy.
//!
//! Why not lettre's transport: its `TlsParameters` cannot take a rustls `ClientConfig`
//! (the field is `pub(crate)`, no constructor takes one) and `NetworkStream` cannot wrap a
//! stream made elsewhere, so `--pin`, nt's verifier and the fingerprint in certificate
//! errors are out of reach; and `SmtpConnection::message` wants the whole message in one
//! slice and copies it once more for dot-stuffing. So nt speaks the protocol here (greeting,
//! EHLO, STARTTLS, AUTH PLAIN/LOGIN, MAIL/RCPT/DATA with dot-stuffing, QUIT) and streams
//! the [`Draft`] from disk. Server text is sanitized before it goes into an error. The
//! password goes out only through [`Session::login`] and never into an error or log line.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, StreamOwned};

use super::draft::Draft;
use crate::addr::Addr;
use crate::error::{Kind, Tag, fail, retry};
use crate::output::{Output, sanitize};
use crate::secret::Secret;
use crate::tls;
use crate::tls::MailTls;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// Per read or write; a server may take a while to accept a big message after DATA.
const IO_TIMEOUT: Duration = Duration::from_secs(120);
/// A reply line longer than this is not SMTP (RFC 5321 allows 512).
const MAX_LINE: u64 = 4096;
const MAX_LINES: usize = 100;
/// Bytes gathered before a write to the socket while sending DATA.
const DATA_BUFFER: usize = 128 * 1024;

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub tls: MailTls,
    pub policy: tls::Policy,
    pub retries: u32,
}

/// One SMTP reply: the code and its text lines (sanitized).
#[derive(Debug, Clone)]
pub struct Reply {
    pub code: u16,
    pub lines: Vec<String>,
}

impl Reply {
    /// `250 2.0.0 Ok` (multi-line replies joined with ` / `).
    pub fn text(&self) -> String {
        let text = self.lines.join(" / ");
        if text.is_empty() { self.code.to_string() } else { format!("{} {text}", self.code) }
    }

    fn class(&self) -> u16 {
        self.code / 100
    }
}

enum Stream {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

/// What the server said it can do in its EHLO reply.
#[derive(Debug, Default)]
struct Capabilities {
    starttls: bool,
    auth: Vec<String>,
    eight_bit: bool,
    smtputf8: bool,
    /// SIZE (RFC 1870): the server wants to know the size up front.
    size: bool,
}

impl Capabilities {
    fn from_reply(reply: &Reply) -> Capabilities {
        let mut caps = Capabilities::default();
        for line in reply.lines.iter().skip(1) {
            let mut words = line.split_whitespace();
            match words.next().map(str::to_ascii_uppercase).as_deref() {
                Some("STARTTLS") => caps.starttls = true,
                Some("8BITMIME") => caps.eight_bit = true,
                Some("SMTPUTF8") => caps.smtputf8 = true,
                Some("SIZE") => caps.size = true,
                Some("AUTH") => caps.auth.extend(words.map(str::to_ascii_uppercase)),
                _ => {}
            }
        }
        caps
    }
}

/// An open SMTP session after the greeting and EHLO (and STARTTLS where asked).
pub struct Session {
    reader: BufReader<Stream>,
    caps: Capabilities,
    pub encrypted: bool,
    pub peer: SocketAddr,
}

fn network(err: impl Into<anyhow::Error>, what: &str) -> anyhow::Error {
    tls::classify(err.into().context(what.to_string()), Kind::Network)
}

/// TCP connect to every resolved address in turn, with `--retries` and backoff.
fn connect(server: &Server, out: &Output) -> anyhow::Result<TcpStream> {
    let target = Addr::from_host(&server.host, server.port);
    retry(server.retries, Duration::from_millis(500), out, |_| true, || connect_once(&target))
}

fn connect_once(target: &Addr) -> anyhow::Result<TcpStream> {
    let mut last = None;
    for addr in &target.resolve()? {
        match TcpStream::connect_timeout(addr, CONNECT_TIMEOUT) {
            Ok(sock) => {
                sock.set_read_timeout(Some(IO_TIMEOUT)).kind(Kind::Network)?;
                sock.set_write_timeout(Some(IO_TIMEOUT)).kind(Kind::Network)?;
                let _ = sock.set_nodelay(true);
                return Ok(sock);
            }
            Err(e) => last = Some(e),
        }
    }
    let err = last.unwrap_or_else(|| io::Error::other("no address"));
    Err(err).with_context(|| format!("cannot connect to {target}")).kind(Kind::Network)
}

/// Run the TLS handshake now, so certificate problems surface here (exit 5).
fn handshake(config: &Arc<ClientConfig>, host: &str, sock: TcpStream) -> anyhow::Result<Stream> {
    let name = ServerName::try_from(host.to_string())
        .map_err(|_| fail(Kind::Usage, format!("'{host}' is not a valid TLS server name")))?;
    let conn = ClientConnection::new(config.clone(), name)
        .context("cannot start TLS")
        .kind(Kind::AuthTls)?;
    let mut stream = StreamOwned::new(conn, sock);
    while stream.conn.is_handshaking() {
        stream.conn.complete_io(&mut stream.sock).map_err(|e| handshake_error(e, host))?;
    }
    Ok(Stream::Tls(Box::new(stream)))
}

/// A failed handshake: a rejected certificate becomes one readable line (tls::classify).
fn handshake_error(err: io::Error, host: &str) -> anyhow::Error {
    network(err, &format!("TLS handshake with {host} failed"))
}

impl Session {
    /// Connect, read the greeting, EHLO, and STARTTLS when the mode asks for it.
    pub fn open(server: &Server, out: &Output) -> anyhow::Result<Session> {
        let sock = connect(server, out)?;
        let peer = sock.peer_addr().kind(Kind::Network)?;
        let config = match server.tls {
            MailTls::Off => None,
            _ => Some(tls::client_config(&server.policy)?),
        };
        let stream = match (&config, server.tls) {
            (Some(config), MailTls::Tls) => handshake(config, &server.host, sock)?,
            _ => Stream::Plain(sock),
        };
        let encrypted = server.tls == MailTls::Tls;
        let mut session = Session {
            reader: BufReader::new(stream),
            caps: Capabilities::default(),
            encrypted,
            peer,
        };
        let greeting = session.read_reply()?;
        out.debug(&format!("server: {}", greeting.text()));
        if greeting.code != 220 {
            return Err(fail(
                Kind::Refused,
                format!("server refused the session: {}", greeting.text()),
            ));
        }
        session.ehlo()?;
        if let (Some(config), MailTls::Starttls) = (&config, server.tls) {
            session = session.starttls(config, &server.host)?;
            session.ehlo()?;
        }
        Ok(session)
    }

    fn ehlo(&mut self) -> anyhow::Result<()> {
        let name = lettre::transport::smtp::extension::ClientId::default();
        let reply = self.command(&format!("EHLO {name}"))?;
        if reply.class() == 2 {
            self.caps = Capabilities::from_reply(&reply);
            return Ok(());
        }
        let reply = self.command(&format!("HELO {name}"))?;
        self.expect(&reply, 2, "server refused HELO")?;
        self.caps = Capabilities::default();
        Ok(())
    }

    fn starttls(self, config: &Arc<ClientConfig>, host: &str) -> anyhow::Result<Session> {
        let mut session = self;
        if !session.caps.starttls {
            return Err(fail(Kind::AuthTls, "the server does not offer STARTTLS")).hint(
                "use --tls tls for implicit TLS (port 465), or --tls off on a trusted network",
            );
        }
        let reply = session.command("STARTTLS")?;
        if reply.code != 220 {
            return Err(fail(Kind::AuthTls, format!("STARTTLS refused: {}", reply.text())));
        }
        // Anything already buffered came before TLS and must not be trusted (CVE-2011-0411).
        if !session.reader.buffer().is_empty() {
            return Err(fail(Kind::AuthTls, "the server sent data before the TLS handshake"));
        }
        let Stream::Plain(sock) = session.reader.into_inner() else {
            return Err(fail(Kind::AuthTls, "STARTTLS on a TLS connection"));
        };
        Ok(Session {
            reader: BufReader::new(handshake(config, host, sock)?),
            caps: Capabilities::default(),
            encrypted: true,
            peer: session.peer,
        })
    }

    /// AUTH PLAIN (or LOGIN): a rejected login is exit 5; the password is never shown.
    pub fn login(&mut self, user: &str, password: &Secret) -> anyhow::Result<()> {
        let b64 = |s: &[u8]| base64::engine::general_purpose::STANDARD.encode(s);
        let rejected = |reply: &Reply| {
            fail(Kind::AuthTls, format!("login rejected for user '{user}': {}", reply.text()))
        };
        let reply = if self.caps.auth.iter().any(|m| m == "PLAIN") {
            let token = [b"\0", user.as_bytes(), b"\0", password.expose().as_bytes()].concat();
            self.command(&format!("AUTH PLAIN {}", b64(&token)))?
        } else if self.caps.auth.iter().any(|m| m == "LOGIN") {
            let reply = self.command("AUTH LOGIN")?;
            if reply.code != 334 {
                return Err(rejected(&reply));
            }
            let reply = self.command(&b64(user.as_bytes()))?;
            if reply.code != 334 {
                return Err(rejected(&reply));
            }
            self.command(&b64(password.expose().as_bytes()))?
        } else {
            let offered =
                if self.caps.auth.is_empty() { "none".into() } else { self.caps.auth.join(" ") };
            return Err(fail(
                Kind::AuthTls,
                format!(
                    "the server offers no login nt supports (AUTH: {offered}; nt has PLAIN, LOGIN)"
                ),
            ));
        };
        if reply.code != 235 {
            return Err(rejected(&reply));
        }
        Ok(())
    }

    /// MAIL, RCPT for every envelope recipient, DATA with the streamed, dot-stuffed message.
    pub fn send(&mut self, draft: &Draft, tick: &mut dyn FnMut(u64)) -> anyhow::Result<Reply> {
        let mut params = String::new();
        if !draft.is_ascii() && self.caps.eight_bit {
            params.push_str(" BODY=8BITMIME");
        }
        // Declared size: a server with a limit says no now, not after the whole upload.
        if self.caps.size {
            params.push_str(&format!(" SIZE={}", draft.len()));
        }
        let non_ascii = !draft.from.to_string().is_ascii()
            || draft.recipients.iter().any(|r| !r.to_string().is_ascii());
        if non_ascii {
            if !self.caps.smtputf8 {
                return Err(fail(
                    Kind::Refused,
                    "the server does not accept non-ASCII addresses (no SMTPUTF8)",
                ));
            }
            params.push_str(" SMTPUTF8");
        }
        let reply = self.command(&format!("MAIL FROM:<{}>{params}", draft.from))?;
        self.expect(&reply, 2, &format!("server rejected sender <{}>", draft.from))?;
        for rcpt in &draft.recipients {
            let reply = self.command(&format!("RCPT TO:<{rcpt}>"))?;
            self.expect(&reply, 2, &format!("server rejected recipient <{rcpt}>"))?;
        }
        let reply = self.command("DATA")?;
        self.expect(&reply, 3, "server refused DATA")?;
        let stream = self.reader.get_mut();
        let mut stuffer = DotStuffer::new(stream);
        let written = draft.write_to(&mut stuffer, tick);
        // File errors carry their kind (exit 3); anything else is the connection.
        written.and_then(|()| stuffer.finish()).map_err(|e| match e.downcast_ref::<Kind>() {
            Some(_) => e,
            None => network(e, "connection lost while sending the message"),
        })?;
        let reply = self.read_reply()?;
        self.expect(&reply, 2, "server rejected the message")?;
        Ok(reply)
    }

    /// Say goodbye; errors do not matter any more.
    pub fn quit(mut self) {
        let _ = self.command("QUIT");
    }

    fn expect(&mut self, reply: &Reply, class: u16, what: &str) -> anyhow::Result<()> {
        if reply.class() == class {
            return Ok(());
        }
        // Give up politely without waiting: some servers answer nothing more at this point.
        let stream = self.reader.get_mut();
        let _ = stream.write_all(b"QUIT\r\n").and_then(|()| stream.flush());
        Err(fail(Kind::Refused, format!("{what}: {}", reply.text())))
    }

    fn command(&mut self, line: &str) -> anyhow::Result<Reply> {
        let stream = self.reader.get_mut();
        stream
            .write_all(format!("{line}\r\n").as_bytes())
            .and_then(|()| stream.flush())
            .map_err(|e| network(e, "connection lost"))?;
        self.read_reply()
    }

    fn read_reply(&mut self) -> anyhow::Result<Reply> {
        let mut lines = Vec::new();
        let mut line = Vec::new();
        loop {
            line.clear();
            let n = (&mut self.reader)
                .take(MAX_LINE)
                .read_until(b'\n', &mut line)
                .map_err(|e| network(e, "connection lost"))?;
            if n == 0 {
                return Err(fail(Kind::Network, "the server closed the connection"));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            let bytes = text.as_bytes();
            let code = text.get(..3).and_then(|c| c.parse::<u16>().ok());
            let (Some(code), true) = (code, bytes.get(3).is_none_or(|b| *b == b' ' || *b == b'-'))
            else {
                return Err(fail(Kind::Network, format!("not an SMTP reply: {}", sanitize(text))));
            };
            lines.push(sanitize(text.get(4..).unwrap_or("")).into_owned());
            if bytes.get(3) != Some(&b'-') {
                return Ok(Reply { code, lines });
            }
            if lines.len() >= MAX_LINES {
                return Err(fail(Kind::Network, "SMTP reply too long"));
            }
        }
    }
}

/// SMTP transparency (RFC 5321 4.5.2): a '.' at the start of a line is doubled; the end
/// adds the CRLF (if missing) and the final ".". Writes go out in large batches.
pub struct DotStuffer<'a, W: Write> {
    inner: &'a mut W,
    buf: Vec<u8>,
    line_start: bool,
}

impl<'a, W: Write> DotStuffer<'a, W> {
    pub fn new(inner: &'a mut W) -> Self {
        DotStuffer { inner, buf: Vec::with_capacity(DATA_BUFFER + 1024), line_start: true }
    }

    /// Terminate the data with `CRLF . CRLF` and flush.
    pub fn finish(mut self) -> anyhow::Result<()> {
        if !self.line_start {
            self.buf.extend_from_slice(b"\r\n");
        }
        self.buf.extend_from_slice(b".\r\n");
        self.inner.write_all(&self.buf)?;
        self.inner.flush()?;
        Ok(())
    }
}

impl<W: Write> Write for DotStuffer<'_, W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let mut rest = data;
        while !rest.is_empty() {
            if self.line_start && rest[0] == b'.' {
                self.buf.push(b'.');
            }
            match rest.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.buf.extend_from_slice(&rest[..=i]);
                    self.line_start = true;
                    rest = &rest[i + 1..];
                }
                None => {
                    self.buf.extend_from_slice(rest);
                    self.line_start = false;
                    rest = &[];
                }
            }
            if self.buf.len() >= DATA_BUFFER {
                self.inner.write_all(&self.buf)?;
                self.buf.clear();
            }
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.write_all(&self.buf)?;
        self.buf.clear();
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn stuff(chunks: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut s = DotStuffer::new(&mut out);
        for c in chunks {
            s.write_all(c).unwrap();
        }
        s.finish().unwrap();
        out
    }

    /// What a server does: undo the stuffing up to the final dot.
    fn unstuff(wire: &[u8]) -> Vec<u8> {
        let text = wire.strip_suffix(b".\r\n").unwrap();
        let mut out = Vec::new();
        for line in text.split_inclusive(|&b| b == b'\n') {
            out.extend_from_slice(line.strip_prefix(b".").unwrap_or(line));
        }
        out
    }

    #[test]
    fn dots_are_doubled_at_line_starts_only() {
        assert_eq!(stuff(&[b".a\r\nb.c\r\n..d\r\n"]), b"..a\r\nb.c\r\n...d\r\n.\r\n");
        assert_eq!(stuff(&[b"x\r\n", b".", b"y"]), b"x\r\n..y\r\n.\r\n");
        assert_eq!(stuff(&[b""]), b".\r\n");
    }

    #[test]
    fn capabilities_parse() {
        let reply = Reply {
            code: 250,
            lines: vec![
                "hi".into(),
                "starttls".into(),
                "AUTH plain LOGIN".into(),
                "8BITMIME".into(),
                "SIZE 1000".into(),
            ],
        };
        let caps = Capabilities::from_reply(&reply);
        assert!(caps.starttls && caps.eight_bit && caps.size && !caps.smtputf8);
        assert_eq!(caps.auth, ["PLAIN", "LOGIN"]);
    }

    proptest! {
        #[test]
        fn stuffing_round_trips(lines in proptest::collection::vec("[.a-z]{0,5}", 0..8), split in 0usize..40) {
            let text: Vec<u8> = lines.iter().flat_map(|l| format!("{l}\r\n").into_bytes()).collect();
            let at = split.min(text.len());
            let wire = stuff(&[&text[..at], &text[at..]]);
            // No line of the wire form is a lone dot before the end.
            let body = &wire[..wire.len() - 3];
            prop_assert!(!body.split(|&b| b == b'\n').any(|l| l == b".\r"));
            prop_assert_eq!(unstuff(&wire), text);
        }
    }
}

//! A small SMTP client (RFC 5321) over nt's one network layer and its one TLS policy.
//!
//! Why not lettre's transport: its `TlsParameters` cannot take a rustls `ClientConfig`
//! (the field is `pub(crate)`, no constructor takes one) and `NetworkStream` cannot wrap a
//! stream made elsewhere, so `--pin`, nt's verifier and the fingerprint in certificate
//! errors are out of reach; and `SmtpConnection::message` wants the whole message in one
//! slice and copies it once more for dot-stuffing. So nt speaks the protocol here (greeting,
//! EHLO, STARTTLS, AUTH PLAIN/LOGIN, MAIL/RCPT/DATA with dot-stuffing, QUIT) and streams
//! the [`Draft`] from disk. The connection is [`net::Dialer`]'s (`--timeout`, `--proxy`,
//! `--retries`), TLS is [`net::tls_connect`]'s. Every reply is awaited under a fresh
//! `--timeout` deadline (a silent server is `timed out`, exit 4). `-vv` traces the
//! dialogue with the AUTH payload masked. Server text is sanitized before it goes into an
//! error; the password goes out only through [`SmtpClient::login`], never into a log line.
//!
//! (lettre 0.11.23: `TlsParameters { connector: InnerTlsParameters, .. }` is `pub(crate)`,
//! `TlsParametersBuilder` only has roots, accept-invalid certs/hostnames and a min version,
//! and `NetworkStream::new` is private.) lettre's `Body` also holds the encoded attachment
//! and `Message::formatted()` copies the whole message: its own transport peaked at 85 MiB
//! for a 20 MiB attachment, nt at 5 MiB.

use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::time::Duration;

use base64::Engine;

use super::draft::Draft;
use crate::addr::Addr;
use crate::config::MailTls;
use crate::error::{Kind, Tag, fail, kind_of};
use crate::mail::dotstuff::DotStuffer;
use crate::net::{self, Deadline, Dialer, Wire, retry};
use crate::output::{Dir, Output, sanitize};
use crate::secret::Secret;
use crate::tls;

/// A reply line longer than this is not SMTP (RFC 5321 allows 512).
const MAX_LINE: usize = 4096;
const MAX_LINES: usize = 100;
/// QUIT is a courtesy: its reply is not worth a long wait.
const QUIT_WAIT: Duration = Duration::from_secs(2);

/// How a connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// STARTTLS, required (exit 5 when the server does not offer it).
    Starttls,
    /// TLS from the first byte (SMTPS).
    Implicit,
    /// Plain text.
    Off,
    /// MX delivery as MTAs do it: STARTTLS when offered, plain text when not.
    Opportunistic,
}

impl Security {
    pub fn from_mode(mode: MailTls) -> Security {
        match mode {
            MailTls::Starttls => Security::Starttls,
            MailTls::Tls => Security::Implicit,
            MailTls::Off => Security::Off,
        }
    }

    /// The name used in JSON and messages (`starttls`, `tls`, `off`, `opportunistic`).
    pub fn name(self) -> &'static str {
        match self {
            Security::Starttls => MailTls::Starttls.name(),
            Security::Implicit => MailTls::Tls.name(),
            Security::Off => MailTls::Off.name(),
            Security::Opportunistic => "opportunistic",
        }
    }
}

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct Server {
    /// The name for TLS and messages (and the address to dial when `connect` is none).
    pub host: String,
    /// An address to dial instead of resolving `host` (MX delivery resolves it itself).
    pub connect: Option<std::net::IpAddr>,
    pub port: u16,
    pub security: Security,
    pub policy: tls::Policy,
    /// Connect timeout, `--source`, `--proxy`.
    pub dialer: Dialer,
    /// Each reply (and each write) must come within this.
    pub timeout: Duration,
    /// The EHLO name; `None`: the local address as an address literal (`[192.0.2.1]`).
    pub ehlo: Option<String>,
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

    fn mentions_tls(&self) -> bool {
        self.lines.iter().any(|l| l.to_ascii_uppercase().contains("TLS"))
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

fn address_literal(local: SocketAddr) -> String {
    match local.ip() {
        std::net::IpAddr::V4(ip) => format!("[{ip}]"),
        std::net::IpAddr::V6(ip) => format!("[IPv6:{ip}]"),
    }
}

/// An open SMTP connection after the greeting and EHLO (and STARTTLS where asked).
pub struct SmtpClient {
    stream: Wire,
    /// Bytes received and not read yet.
    pending: Vec<u8>,
    caps: Capabilities,
    pub encrypted: bool,
    pub peer: SocketAddr,
    ehlo: String,
    timeout: Duration,
    out: Output,
}

impl SmtpClient {
    /// Connect (with `--retries`), read the greeting, EHLO, and STARTTLS when the mode
    /// asks for it (or offers it, for opportunistic MX delivery).
    pub fn open(server: &Server, out: &Output) -> anyhow::Result<SmtpClient> {
        let target = match server.connect {
            Some(ip) => Addr::from_host(&ip.to_string(), server.port),
            None => Addr::from_host(&server.host, server.port),
        };
        let network = |e: &anyhow::Error| kind_of(e) == Kind::Network;
        let sock = retry(server.retries, Duration::from_millis(500), out, network, || {
            server.dialer.connect(&target, out)
        })?;
        let peer = sock.peer_addr().kind(Kind::Network)?;
        let local = sock.local_addr().kind(Kind::Network)?;
        let deadline = Deadline::after(Some(server.timeout));
        let stream = match server.security {
            Security::Implicit => Wire::Tls(Box::new(net::tls_connect(
                sock,
                &server.host,
                &server.policy,
                &deadline,
            )?)),
            _ => Wire::Plain(sock),
        };
        let mut client = SmtpClient {
            stream,
            pending: Vec::with_capacity(1024),
            caps: Capabilities::default(),
            encrypted: server.security == Security::Implicit,
            peer,
            ehlo: server.ehlo.clone().unwrap_or_else(|| address_literal(local)),
            timeout: server.timeout,
            out: out.clone(),
        };
        let greeting = client.read_reply("the greeting")?;
        if greeting.code != 220 {
            let kind = if greeting.class() == 4 { Kind::Network } else { Kind::Refused };
            return Err(fail(kind, format!("{peer} refused the session: {}", greeting.text())));
        }
        client.hello()?;
        let upgrade = match server.security {
            Security::Starttls => true,
            Security::Opportunistic => client.caps.starttls,
            Security::Implicit | Security::Off => false,
        };
        if upgrade {
            client = client.starttls(&server.host, &server.policy)?;
            client.hello()?;
        }
        Ok(client)
    }

    fn hello(&mut self) -> anyhow::Result<()> {
        let reply = self.command(&format!("EHLO {}", self.ehlo))?;
        if reply.class() == 2 {
            self.caps = Capabilities::from_reply(&reply);
            return Ok(());
        }
        let reply = self.command(&format!("HELO {}", self.ehlo))?;
        self.expect(&reply, 2, "server refused HELO")?;
        self.caps = Capabilities::default();
        Ok(())
    }

    fn starttls(mut self, host: &str, policy: &tls::Policy) -> anyhow::Result<SmtpClient> {
        if !self.caps.starttls {
            return Err(fail(Kind::AuthTls, "the server does not offer STARTTLS"))
                .hint("for implicit TLS (usually port 465) use --tls tls");
        }
        let reply = self.command("STARTTLS")?;
        if reply.code != 220 {
            return Err(fail(Kind::AuthTls, format!("STARTTLS refused: {}", reply.text())));
        }
        // Anything already received came before TLS and must not be trusted (CVE-2011-0411).
        if !self.pending.is_empty() {
            return Err(fail(Kind::AuthTls, "the server sent data before the TLS handshake"));
        }
        let Wire::Plain(sock) = self.stream else {
            return Err(fail(Kind::AuthTls, "STARTTLS on a TLS connection"));
        };
        let deadline = Deadline::after(Some(self.timeout));
        self.stream = Wire::Tls(Box::new(net::tls_connect(sock, host, policy, &deadline)?));
        self.encrypted = true;
        self.caps = Capabilities::default();
        Ok(self)
    }

    /// AUTH PLAIN (or LOGIN): a rejected login is exit 5; the password is never shown.
    pub fn login(&mut self, user: &str, password: &Secret) -> anyhow::Result<()> {
        let b64 = |s: &[u8]| base64::engine::general_purpose::STANDARD.encode(s);
        let rejected = |client: &SmtpClient, reply: &Reply| {
            client.requires_tls(reply).unwrap_or_else(|| {
                fail(Kind::AuthTls, format!("login rejected for user '{user}': {}", reply.text()))
            })
        };
        let reply = if self.caps.auth.iter().any(|m| m == "PLAIN") {
            let token = [b"\0", user.as_bytes(), b"\0", password.expose().as_bytes()].concat();
            self.command(&format!("AUTH PLAIN {}", b64(&token)))?
        } else if self.caps.auth.iter().any(|m| m == "LOGIN") {
            let reply = self.command("AUTH LOGIN")?;
            if reply.code != 334 {
                return Err(rejected(self, &reply));
            }
            let reply = self.command(&b64(user.as_bytes()))?;
            if reply.code != 334 {
                return Err(rejected(self, &reply));
            }
            self.command_secret(&b64(password.expose().as_bytes()), "the password")?
        } else if !self.encrypted && self.caps.starttls {
            return Err(fail(
                Kind::AuthTls,
                "the server requires TLS for a login: it offers AUTH only after STARTTLS",
            ))
            .hint("leave out --tls off: STARTTLS is the default");
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
            return Err(rejected(self, &reply));
        }
        Ok(())
    }

    /// A 530/538 that asks for TLS on a plain connection: exit 5 saying so (not a
    /// rejected login, not a refused sender).
    fn requires_tls(&self, reply: &Reply) -> Option<anyhow::Error> {
        let asks = reply.code == 538 || (reply.code == 530 && (reply.mentions_tls()));
        (asks && !self.encrypted).then(|| {
            fail(Kind::AuthTls, format!("the server requires TLS: {}", reply.text()))
                .context(crate::error::Hint("leave out --tls off: STARTTLS is the default".into()))
        })
    }

    /// MAIL, RCPT for each of `recipients`, DATA with the streamed, dot-stuffed message.
    pub fn send(
        &mut self,
        draft: &Draft,
        recipients: &[lettre::Address],
        tick: &mut dyn FnMut(u64),
    ) -> anyhow::Result<Reply> {
        let mut params = String::new();
        if !draft.is_ascii() && self.caps.eight_bit {
            params.push_str(" BODY=8BITMIME");
        }
        // Declared size: a server with a limit says no now, not after the whole upload.
        if self.caps.size {
            params.push_str(&format!(" SIZE={}", draft.len()));
        }
        let non_ascii = !draft.from.to_string().is_ascii()
            || recipients.iter().any(|r| !r.to_string().is_ascii());
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
        let refused = match reply.code {
            // Its text says the limit (nt mail catch's names the flag that sets it).
            552 => {
                format!("server refused a message of {}", crate::progress::human_bytes(draft.len()))
            }
            _ => format!("server rejected sender <{}>", draft.from),
        };
        self.expect(&reply, 2, &refused)?;
        for rcpt in recipients {
            let reply = self.command(&format!("RCPT TO:<{rcpt}>"))?;
            self.expect(&reply, 2, &format!("server rejected recipient <{rcpt}>"))?;
        }
        let reply = self.command("DATA")?;
        self.expect(&reply, 3, "server refused DATA")?;
        let peer = self.peer;
        let deadline = Deadline::after(Some(self.timeout));
        deadline.apply(self.stream.socket()).map_err(|e| net::io_error(e, "sending"))?;
        let mut stuffer = DotStuffer::new(&mut self.stream);
        let written = draft.write_to(&mut stuffer, tick);
        // File errors carry their kind (exit 3); anything else is the connection.
        written.and_then(|()| stuffer.finish()).map_err(|e| {
            if e.downcast_ref::<Kind>().is_some() {
                return e;
            }
            match e.downcast::<io::Error>() {
                Ok(io) => net::io_error(io, format!("{peer}: sending the message")),
                Err(e) => e.context(Kind::Network),
            }
        })?;
        self.out.trace(Dir::Sent, ".");
        let reply = self.read_reply("the message")?;
        self.expect(&reply, 2, "server rejected the message")?;
        Ok(reply)
    }

    /// Say goodbye; errors do not matter any more, and the reply is not waited for long.
    pub fn quit(mut self) {
        self.timeout = self.timeout.min(QUIT_WAIT);
        let _ = self.command("QUIT");
    }

    fn expect(&mut self, reply: &Reply, class: u16, what: &str) -> anyhow::Result<()> {
        if reply.class() == class {
            return Ok(());
        }
        // Give up politely without waiting: some servers answer nothing more at this point.
        let _ = self.stream.write_all(b"QUIT\r\n").and_then(|()| self.stream.flush());
        if let Some(err) = self.requires_tls(reply) {
            return Err(err);
        }
        if reply.code == 530 {
            return Err(fail(
                Kind::AuthTls,
                format!("the server requires a login: {}", reply.text()),
            ))
            .hint("give --user NAME (the password from NT_SMTP_PASSWORD, ~/.netrc or a prompt)");
        }
        Err(fail(Kind::Refused, format!("{what}: {}", reply.text())))
    }

    /// Send one command line (traced) and read its reply.
    fn command(&mut self, line: &str) -> anyhow::Result<Reply> {
        self.out.trace(Dir::Sent, line);
        self.exchange(line, verb(line))
    }

    /// Send a line that is a secret as a whole (traced as `***`) and read the reply.
    fn command_secret(&mut self, line: &str, what: &str) -> anyhow::Result<Reply> {
        self.out.trace_secret(Dir::Sent);
        self.exchange(line, what)
    }

    fn exchange(&mut self, line: &str, what: &str) -> anyhow::Result<Reply> {
        let deadline = Deadline::after(Some(self.timeout));
        let peer = self.peer;
        let sent = deadline.apply(self.stream.socket()).and_then(|()| {
            self.stream.write_all(format!("{line}\r\n").as_bytes())?;
            self.stream.flush()
        });
        sent.map_err(|e| net::io_error(e, format!("{peer}: sending {what}")))?;
        self.read_reply_within(&format!("the reply to {what}"), &deadline)
    }

    fn read_reply(&mut self, what: &str) -> anyhow::Result<Reply> {
        self.read_reply_within(what, &Deadline::after(Some(self.timeout)))
    }

    /// Read one (possibly multi-line) reply before the deadline.
    fn read_reply_within(&mut self, what: &str, deadline: &Deadline) -> anyhow::Result<Reply> {
        let mut lines = Vec::new();
        loop {
            let line = self.read_line(what, deadline)?;
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            self.out.trace(Dir::Received, text);
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

    /// One line (with its LF), each socket read bounded by what is left of `deadline`.
    fn read_line(&mut self, what: &str, deadline: &Deadline) -> anyhow::Result<Vec<u8>> {
        let peer = self.peer;
        let waiting = || format!("{peer}: waiting for {what}");
        loop {
            if let Some(i) = self.pending.iter().position(|&b| b == b'\n') {
                return Ok(self.pending.drain(..=i).collect());
            }
            if self.pending.len() > MAX_LINE {
                return Err(fail(Kind::Network, format!("{peer}: reply line too long")));
            }
            deadline.apply(self.stream.socket()).map_err(|e| net::io_error(e, waiting()))?;
            let mut chunk = [0u8; 4096];
            let n = self.stream.read(&mut chunk).map_err(|e| net::io_error(e, waiting()))?;
            if n == 0 {
                return Err(fail(
                    Kind::Network,
                    format!("{}: the server closed the connection", waiting()),
                ));
            }
            self.pending.extend_from_slice(&chunk[..n]);
        }
    }
}

/// The command word of a line, for messages: `MAIL FROM:<a>` → `MAIL`.
fn verb(line: &str) -> &str {
    let word = line.split([' ', ':']).next().unwrap_or(line);
    if word.is_empty() { "the command" } else { word }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn verbs() {
        assert_eq!(verb("MAIL FROM:<a@b>"), "MAIL");
        assert_eq!(verb("EHLO x"), "EHLO");
    }
}

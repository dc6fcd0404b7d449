//! The FTP control connection ([`Control`]): dialed through the one network layer
//! (`net::Dialer`: `--timeout`, `--proxy`), secured with `net::tls_connect_with` (implicit
//! `ftps://` from the first byte, or explicit AUTH TLS as `--tls` asks), greeted, logged in,
//! switched to binary; then one command and one reply at a time.
//!
//! Every reply is bounded in time (`--timeout` for the whole reply) and in size
//! ([`MAX_REPLY`]); every line sent and received is traced with `-vv` through
//! `Output::trace`, which masks the PASS argument. A CR or LF never reaches the wire inside
//! a command. Data connections are in `data.rs`.
//!
//! Why nt speaks this dialogue itself instead of through suppaftp's client: suppaftp 12
//! dials implicit FTPS itself (no deadline, no proxy), has no hook for a protocol trace,
//! and reads listings into memory without a bound. suppaftp still parses LIST lines
//! (`listing.rs`), the part of FTP that varies most between servers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Shutdown};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use rustls::ClientConfig;

use super::pace::Limiter;
use super::target::{Server, shell_quote};
use crate::config::FtpTls;
use crate::error::{Hint, Kind, fail};
use crate::net::{self, Deadline, Dialer, Wire};
use crate::output::{Dir, Output, sanitize};
use crate::secret::Secret;
use crate::tls::{self, Policy};

/// The longest reply read from the server (all lines of a multi-line reply together).
pub const MAX_REPLY: usize = 64 << 10;

/// How long to wait after `234` before the TLS handshake of an explicit upgrade. Some
/// servers (libunftp 0.24) switch their control connection to TLS only after sending the
/// reply; a ClientHello that arrives first is read as a command and answered in plain text.
const AUTH_PAUSE: Duration = Duration::from_millis(20);

/// Everything needed to (re)connect and log in.
#[derive(Debug, Clone)]
pub struct Plan {
    pub server: Server,
    pub user: String,
    pub password: Secret,
    /// No password was found anywhere (an empty one is tried).
    pub no_password: bool,
    pub anonymous: bool,
    pub tls: FtpTls,
    pub policy: Policy,
    pub active: bool,
    /// Every wait (connect, handshake, each reply, each data read) ends after this.
    pub timeout: Duration,
    pub dialer: Dialer,
    /// `--max-entries`: the most entries one listing may have.
    pub max_entries: usize,
    /// `--limit-rate`, shared by every transfer of the command.
    pub limiter: Option<Arc<Limiter>>,
}

/// One reply: its code and its text (every line, joined with `\n`).
#[derive(Debug, Clone)]
pub struct Reply {
    pub code: u16,
    pub text: String,
}

impl Plan {
    /// The command that resumes a download, as the user can paste it.
    pub fn resume_command(&self, remote: &str, local: &Path, recursive: bool) -> String {
        let plan = self;
        let mut cmd = String::from("nt ftp");
        match plan.tls {
            FtpTls::Auto => {}
            FtpTls::Required => cmd.push_str(" --tls required"),
            FtpTls::Off => cmd.push_str(" --tls off"),
        }
        if plan.active {
            cmd.push_str(" --active");
        }
        if plan.policy.insecure {
            cmd.push_str(" --insecure");
        }
        if let Some(pin) = plan.policy.pin {
            let hex: String = pin.iter().map(|b| format!("{b:02X}")).collect();
            cmd.push_str(&format!(" --pin {hex}"));
        }
        if let Some(proxy) = &plan.dialer.proxy {
            cmd.push_str(&format!(" --proxy {}", shell_quote(&proxy.to_string())));
        }
        let user = (!plan.anonymous).then_some(plan.user.as_str());
        let url = super::target::url(&plan.server, user, remote);
        let r = if recursive { " -r" } else { "" };
        let local = shell_quote(&local.to_string_lossy());
        format!("{cmd} get{r} -c {} {local}", shell_quote(&url))
    }
}

impl Reply {
    fn positive(&self) -> bool {
        (200..400).contains(&self.code)
    }
}

/// FEAT keywords and their parameters, upper-case (`MLST`, `SIZE`, `EPSV`, `AUTH TLS`...).
type Features = Vec<(String, String)>;

/// A logged-in control connection in binary mode, in the plan's working directory.
pub struct Control {
    reader: BufReader<Wire>,
    pub plan: Plan,
    features: Features,
    /// The TLS configuration of a protected data channel (PROT P): one configuration for
    /// every connection, so data connections can resume the control connection's session.
    pub(super) data_tls: Option<Arc<ClientConfig>>,
    pub(super) out: Output,
    /// EPSV (else PASV) for passive data connections.
    pub(super) epsv: bool,
    /// The working directory after login (for `mkdir -p` probes).
    home: Option<String>,
    cut: bool,
}

/// A server's refusal as an error: `WHAT` caused by `server replied: CODE TEXT`.
pub fn refusal(reply: &Reply, what: impl std::fmt::Display, kind: Kind) -> anyhow::Error {
    fail(kind, format!("server replied: {}", reply_text(&reply.text))).context(what.to_string())
}

/// A server reply made safe for one terminal line (at most 300 bytes).
pub fn reply_text(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut clean = sanitize(&line).into_owned();
    if clean.len() > 300 {
        let mut cut = 300;
        while !clean.is_char_boundary(cut) {
            cut -= 1;
        }
        clean.truncate(cut);
        clean.push_str("...");
    }
    clean
}

/// The command as it may appear in a message: the word alone for PASS.
fn shown(cmd: &str) -> String {
    crate::output::mask(cmd).into_owned()
}

/// The three-digit code at the start of a reply line.
fn reply_code(line: &str) -> Option<u16> {
    let digits = line.get(..3)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl Control {
    /// Connect, secure, log in, switch to binary and enter the plan's directory.
    pub fn open(plan: &Plan, out: &Output) -> anyhow::Result<Control> {
        let server = &plan.server;
        let stream = plan.dialer.connect(&server.addr, out)?;
        let config = tls::client_config(&plan.policy)?;
        let wire = if server.implicit_tls {
            let deadline = Deadline::after(Some(plan.timeout));
            let tls = net::tls_connect_with(stream, &server.host(), config.clone(), &deadline)?;
            out.debug("TLS: implicit (ftps://)");
            Wire::Tls(Box::new(tls))
        } else {
            Wire::Plain(stream)
        };
        let mut c = Control {
            reader: BufReader::with_capacity(16 << 10, wire),
            plan: plan.clone(),
            features: Vec::new(),
            data_tls: None,
            out: out.clone(),
            epsv: false,
            home: None,
            cut: false,
        };
        c.greeting()?;
        if server.implicit_tls {
            c.protect(config.clone())?;
        }
        c.features = c.feat()?;
        if !server.implicit_tls {
            c = c.secure(config)?;
        }
        c.login()?;
        c.expect("TYPE I", "cannot switch to binary mode", Kind::Refused)?;
        let v6 = c.peer().is_some_and(|ip| ip.is_ipv6());
        c.epsv = v6 || c.has("EPSV");
        if !server.dir.is_empty() {
            let dir = server.dir.clone();
            c.cwd(&dir)?;
        }
        Ok(c)
    }

    /// The server's first reply: 220 (after any 120 "wait").
    fn greeting(&mut self) -> anyhow::Result<()> {
        let what = format!("no greeting from {}", self.plan.server.addr);
        loop {
            let reply = self.reply(&what)?;
            match reply.code {
                120 => continue,
                220 => return Ok(()),
                _ => {
                    let what = format!("{} refused the session", self.plan.server.addr);
                    return Err(refusal(&reply, what, Kind::Network));
                }
            }
        }
    }

    /// FEAT: the keywords the server lists (none when it has no FEAT).
    fn feat(&mut self) -> anyhow::Result<Features> {
        let reply = self.command("FEAT")?;
        if reply.code != 211 {
            return Ok(Vec::new());
        }
        let lines: Vec<&str> = reply.text.lines().collect();
        let inner = lines.get(1..lines.len().saturating_sub(1)).unwrap_or(&[]);
        Ok(inner
            .iter()
            .filter_map(|line| {
                let line = line.trim();
                let (key, value) = line.split_once(' ').unwrap_or((line, ""));
                (!key.is_empty()).then(|| (key.to_ascii_uppercase(), value.to_ascii_uppercase()))
            })
            .collect())
    }

    /// Whether FEAT listed a keyword.
    pub fn has(&self, feature: &str) -> bool {
        self.features.iter().any(|(k, _)| k == feature)
    }

    fn tls_on(&self) -> bool {
        matches!(self.reader.get_ref(), Wire::Tls(_))
    }

    /// Explicit TLS (AUTH TLS) as `--tls` asks: required, off, or auto (where offered and
    /// accepted; a server that lists AUTH TLS and then refuses it is used in plain text).
    fn secure(mut self, config: Arc<ClientConfig>) -> anyhow::Result<Control> {
        let where_ = self.plan.server.addr.to_string();
        let offered = self.features.iter().any(|(k, v)| k == "AUTH" && v.contains("TLS"));
        match (self.plan.tls, offered) {
            (FtpTls::Off, _) => return Ok(self),
            (FtpTls::Required, false) => {
                return Err(fail(
                    Kind::AuthTls,
                    format!("{where_} does not offer TLS (AUTH TLS) and --tls required was given"),
                ));
            }
            (FtpTls::Auto, false) => {
                self.out.debug("the server offers no TLS: continuing in plain text");
                return Ok(self);
            }
            _ => {}
        }
        let reply = self.command("AUTH TLS")?;
        if reply.code != 234 {
            let what = format!("{where_} lists AUTH TLS but refused it");
            if self.plan.tls == FtpTls::Required {
                return Err(refusal(&reply, what, Kind::AuthTls));
            }
            let why = reply_text(&reply.text);
            self.out.warn(&format!("{what} ({why}): continuing in plain text"));
            return Ok(self);
        }
        if !self.reader.buffer().is_empty() {
            return Err(fail(
                Kind::Network,
                format!("{where_} sent data before the TLS handshake"),
            ));
        }
        std::thread::sleep(AUTH_PAUSE);
        let Control { reader, plan, out, home, cut, epsv, .. } = self;
        let Wire::Plain(stream) = reader.into_inner() else {
            return Err(fail(Kind::AuthTls, "the connection is already secured"));
        };
        let deadline = Deadline::after(Some(plan.timeout));
        let tls = net::tls_connect_with(stream, &plan.server.host(), config.clone(), &deadline)?;
        out.debug("TLS: explicit (AUTH TLS)");
        let wire = Wire::Tls(Box::new(tls));
        let mut c = Control {
            reader: BufReader::with_capacity(16 << 10, wire),
            plan,
            features: Vec::new(),
            data_tls: None,
            out,
            epsv,
            home,
            cut,
        };
        c.features = c.feat()?;
        c.protect(config)?;
        Ok(c)
    }

    /// PBSZ 0 and PROT P: data connections in TLS too.
    fn protect(&mut self, config: Arc<ClientConfig>) -> anyhow::Result<()> {
        for cmd in ["PBSZ 0", "PROT P"] {
            self.expect(cmd, "cannot protect the data channel", Kind::AuthTls)?;
        }
        self.data_tls = Some(config);
        Ok(())
    }

    /// USER, then PASS when the server asks for it.
    fn login(&mut self) -> anyhow::Result<()> {
        let user = self.plan.user.clone();
        let mut reply = self.command(&format!("USER {user}"))?;
        if reply.code == 331 || reply.code == 332 {
            // Not in JSON mode: there stderr carries only the JSON error document.
            let clear = !self.tls_on() && self.plan.tls == FtpTls::Auto && !self.plan.anonymous;
            if clear && !self.out.is_json() {
                self.out.warn(&format!(
                    "{} has no TLS: the password for '{user}' goes over the network in clear text (--tls required refuses that)",
                    self.plan.server.addr
                ));
            }
            let pass = format!("PASS {}", self.plan.password.expose());
            reply = self.command(&pass)?;
        }
        match reply.code {
            230 | 202 => {
                self.out.debug(&format!("logged in as {user}"));
                Ok(())
            }
            _ => Err(self.login_refused(&reply)),
        }
    }

    fn login_refused(&self, reply: &Reply) -> anyhow::Error {
        let where_ = self.plan.server.addr.to_string();
        let upper = reply.text.to_ascii_uppercase();
        let wants_tls = upper.contains("TLS") || upper.contains("SSL") || reply.code == 534;
        if !self.tls_on() && wants_tls {
            return refusal(reply, format!("{where_} requires TLS"), Kind::AuthTls)
                .context(Hint("use --tls required (or leave --tls at auto)".into()));
        }
        let kind = if reply.code == 421 { Kind::Network } else { Kind::AuthTls };
        let err = refusal(reply, format!("login as '{}' rejected", self.plan.user), kind);
        if self.plan.no_password {
            return err.context(Hint("no password found: set NT_FTP_PASSWORD, add it to ~/.netrc, or set password_command in [ftp] of the config".into()));
        }
        err
    }

    /// The IP address of the server (of the proxy, through one).
    pub(super) fn peer(&self) -> Option<IpAddr> {
        self.reader.get_ref().socket().peer_addr().ok().map(|a| a.ip())
    }

    /// The local IP address of the control connection (active mode listens there).
    pub(super) fn local(&self) -> Option<IpAddr> {
        self.reader.get_ref().socket().local_addr().ok().map(|a| a.ip())
    }

    /// Send one command line (traced with -vv, PASS masked).
    pub(super) fn send(&mut self, cmd: &str) -> anyhow::Result<()> {
        if cmd.contains(['\r', '\n']) {
            return Err(fail(Kind::Usage, "a command must not contain CR or LF"));
        }
        self.out.trace(Dir::Sent, cmd);
        let what = || format!("cannot send {} to {}", shown(cmd), self.plan.server.addr);
        let deadline = Deadline::after(Some(self.plan.timeout));
        deadline.apply(self.reader.get_ref().socket()).map_err(|e| net::io_error(e, what()))?;
        let wire = self.reader.get_mut();
        let sent = wire.write_all(format!("{cmd}\r\n").as_bytes()).and_then(|()| wire.flush());
        sent.map_err(|e| net::io_error(e, what()))
    }

    /// Read one reply (all its lines) within `--timeout` and [`MAX_REPLY`] bytes.
    pub(super) fn reply(&mut self, what: &str) -> anyhow::Result<Reply> {
        let deadline = Deadline::after(Some(self.plan.timeout));
        let mut text = String::new();
        let mut code = None;
        loop {
            let socket = self.reader.get_ref().socket();
            deadline.apply(socket).map_err(|e| net::io_error(e, what))?;
            let mut line = Vec::new();
            let room = (MAX_REPLY - text.len()) as u64 + 1;
            let n = (&mut self.reader)
                .take(room)
                .read_until(b'\n', &mut line)
                .map_err(|e| net::io_error(e, what))?;
            if n == 0 {
                return Err(fail(Kind::Network, "the server closed the connection")
                    .context(what.to_string()));
            }
            if text.len() + line.len() > MAX_REPLY {
                let why = format!("the server's reply is longer than {} KiB", MAX_REPLY >> 10);
                return Err(fail(Kind::Network, why).context(what.to_string()));
            }
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\r', '\n']);
            self.out.trace(Dir::Received, line);
            text.push_str(line);
            text.push('\n');
            let last = reply_code(line).filter(|_| line.as_bytes().get(3) != Some(&b'-'));
            match (code, last) {
                (None, None) if reply_code(line).is_none() => {
                    return Err(fail(Kind::Network, "the server sent an invalid reply")
                        .context(what.to_string()));
                }
                (None, Some(c)) | (Some(_), Some(c)) => return Ok(Reply { code: c, text }),
                (None, None) => code = reply_code(line),
                (Some(_), None) => {}
            }
        }
    }

    /// Send a command and read its reply.
    pub fn command(&mut self, cmd: &str) -> anyhow::Result<Reply> {
        self.send(cmd)?;
        let what = format!("no reply to {} from {}", shown(cmd), self.plan.server.addr);
        self.reply(&what)
    }

    /// Send a command; a negative reply is an error of `kind` saying `what`.
    pub fn expect(&mut self, cmd: &str, what: &str, kind: Kind) -> anyhow::Result<Reply> {
        let reply = self.command(cmd)?;
        if reply.positive() { Ok(reply) } else { Err(refusal(&reply, what, kind)) }
    }

    /// Drop the connection at once (Ctrl-C, failed transfer): no ABOR, no waiting for replies.
    pub fn cut(&mut self) {
        let _ = self.reader.get_ref().socket().shutdown(Shutdown::Both);
        self.cut = true;
    }

    /// Whether the connection was cut (a batch reconnects before the next file).
    pub fn is_cut(&self) -> bool {
        self.cut
    }

    /// Say goodbye politely; errors do not matter any more.
    pub fn quit(mut self) {
        if !self.cut {
            let _ = self.command("QUIT");
        }
    }

    pub fn cwd(&mut self, dir: &str) -> anyhow::Result<()> {
        self.expect(
            &format!("CWD {dir}"),
            &format!("cannot change to directory {dir}"),
            Kind::Refused,
        )
        .map(drop)
    }

    pub fn pwd(&mut self) -> anyhow::Result<String> {
        let reply = self.expect("PWD", "cannot read the working directory", Kind::Refused)?;
        let text = reply.text.lines().next().unwrap_or("").to_string();
        match (text.find('"'), text.rfind('"')) {
            (Some(a), Some(b)) if a < b => Ok(text[a + 1..b].replace("\"\"", "\"")),
            _ => Err(refusal(&reply, "cannot read the working directory", Kind::Network)),
        }
    }

    /// The remote size (SIZE): `Ok(None)` where the server cannot tell; a 550 (no such
    /// file) is an error of `kind` saying `what`.
    pub fn size(&mut self, path: &str, what: &str) -> anyhow::Result<Option<u64>> {
        let reply = self.command(&format!("SIZE {path}"))?;
        match reply.code {
            213 => Ok(reply.text.lines().next().and_then(|l| l.get(4..)?.trim().parse().ok())),
            550 => Err(refusal(&reply, what, Kind::Refused)),
            _ => Ok(None),
        }
    }

    /// Whether a remote directory exists (CWD there and back).
    pub fn dir_exists(&mut self, path: &str) -> anyhow::Result<bool> {
        let home = match &self.home {
            Some(h) => h.clone(),
            None => {
                let h = self.pwd()?;
                self.home = Some(h.clone());
                h
            }
        };
        let reply = self.command(&format!("CWD {path}"))?;
        if !reply.positive() {
            return Ok(false);
        }
        self.cwd(&home).with_context(|| format!("cannot return to {home}"))?;
        Ok(true)
    }

    /// MKD, where an existing directory is fine.
    pub fn make_dir(&mut self, path: &str) -> anyhow::Result<()> {
        let reply = self.command(&format!("MKD {path}"))?;
        if reply.positive() || self.dir_exists(path)? {
            return Ok(());
        }
        Err(refusal(&reply, format!("cannot create directory {path}"), Kind::Refused))
    }

    /// MFMT: set a remote file's modification time, where the server can (else false).
    pub fn set_modified(&mut self, path: &str, secs: i64) -> anyhow::Result<bool> {
        if !self.has("MFMT") {
            return Ok(false);
        }
        let stamp = super::listing::mlsd_stamp(secs);
        Ok(self.command(&format!("MFMT {stamp} {path}"))?.positive())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_one_clean_line() {
        assert_eq!(reply_text("550 no\n such\x1b[2J file\n"), "550 no such\\u{1b}[2J file");
        assert_eq!(reply_text(&"x".repeat(1000)).len(), 303);
    }

    #[test]
    fn codes_and_secrets() {
        assert_eq!(reply_code("220 hi"), Some(220));
        assert_eq!(reply_code("22"), None);
        assert_eq!(reply_code("abc def"), None);
        assert_eq!(shown("PASS hunter2"), "PASS ***");
        assert_eq!(shown("RETR a"), "RETR a");
    }
}

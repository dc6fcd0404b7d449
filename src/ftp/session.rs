//! One logged-in FTP control connection: connect, TLS (explicit or implicit), login,
//! binary mode, passive/active data connections, and FTP errors turned into exit codes.
//!
//! TLS failures arrive from suppaftp wrapped in connection errors; they are classified as
//! exit 5 by `tls::classify`. The password is sent once, by `login`, and never printed.

use std::fmt::Display;
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use rustls::ClientConfig;

use suppaftp::types::{FileType, Mode};
use suppaftp::{FtpError, FtpResult, RustlsConnector, RustlsFtpStream, Status, TlsConnector};

use super::target::Server;
use crate::error::{Kind, Tag, fail};
use crate::output::{Output, sanitize};
use crate::secret::Secret;
use crate::tls::FtpTls;
use crate::tls::{self, Policy};

/// Everything needed to (re)connect and log in.
#[derive(Debug, Clone)]
pub struct Plan {
    pub server: Server,
    pub user: String,
    pub password: Secret,
    /// No password was found anywhere (an empty one is tried).
    pub no_password: bool,
    pub tls: FtpTls,
    pub policy: Policy,
    pub active: bool,
    pub timeout: Duration,
}

/// A logged-in session in binary mode, in the working directory of the plan.
pub struct Session {
    pub ftp: RustlsFtpStream,
    /// FEAT keywords, upper-case (`MLST`, `SIZE`, `EPSV`, `AUTH` ...).
    features: Features,
    pub plan: Plan,
    /// The working directory after login (for `mkdir -p` probes).
    home: Option<String>,
}

/// Turn a suppaftp error into an nt error: a server reply is `refused` (exit 6 unless
/// told otherwise), a connection problem is network (exit 4) or TLS (exit 5).
pub fn ftp_error(err: FtpError, what: impl Display, refused: Kind) -> anyhow::Error {
    let what = what.to_string();
    match err {
        FtpError::UnexpectedResponse(reply) => {
            fail(refused, format!("server replied: {}", reply_text(&reply.body))).context(what)
        }
        FtpError::ConnectionError(io) => {
            tls::classify(anyhow::Error::new(io).context(what), Kind::Network)
        }
        FtpError::SecureError(text) => fail(Kind::AuthTls, format!("TLS: {text}")).context(what),
        FtpError::BadResponse => {
            fail(Kind::Network, "the server sent an invalid reply").context(what)
        }
        other => fail(Kind::Network, other.to_string()).context(what),
    }
}

/// A server reply made safe for one terminal line.
pub fn reply_text(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
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

/// The reply code of a refused command, if that is what the error is.
pub fn reply_code(err: &FtpError) -> Option<u32> {
    match err {
        FtpError::UnexpectedResponse(reply) => Some(reply.status.code()),
        _ => None,
    }
}

/// How long to wait after `234` before the TLS handshake of an explicit upgrade. Some
/// servers (libunftp 0.24) switch their control connection to TLS only after sending the
/// reply; a ClientHello that arrives first is read as a command and answered in plain text.
const AUTH_PAUSE: Duration = Duration::from_millis(20);

/// suppaftp's rustls connector, pausing once before the control connection's handshake.
#[derive(Debug)]
struct Connector {
    inner: RustlsConnector,
    pause: std::sync::atomic::AtomicBool,
}

impl TlsConnector for Connector {
    type Stream = <RustlsConnector as TlsConnector>::Stream;

    fn connect(&self, domain: &str, stream: TcpStream) -> FtpResult<Self::Stream> {
        if self.pause.swap(false, std::sync::atomic::Ordering::Relaxed) {
            std::thread::sleep(AUTH_PAUSE);
        }
        self.inner.connect(domain, stream)
    }
}

fn connect_tcp(addrs: &[SocketAddr], timeout: Duration) -> anyhow::Result<TcpStream> {
    let mut last = None;
    for addr in addrs {
        match TcpStream::connect_timeout(addr, timeout) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = Some((addr, e)),
        }
    }
    match last {
        Some((addr, e)) => Err(anyhow::Error::new(e).context(format!("cannot connect to {addr}")))
            .kind(Kind::Network),
        None => Err(fail(Kind::Network, "no address to connect to")),
    }
}

fn set_timeouts(stream: &TcpStream, timeout: Duration) -> std::io::Result<()> {
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))
}

impl Session {
    /// Connect, secure, log in, switch to binary and enter the plan's directory.
    pub fn open(plan: &Plan, out: &Output) -> anyhow::Result<Session> {
        let config = tls::client_config(&plan.policy)?;
        let ftp = connect(plan, &config, out)?;
        let (mut ftp, features) = secure(ftp, plan, config, out)?;
        let login = ftp
            .login(plan.user.as_str(), plan.password.expose())
            .map_err(|e| ftp_error(e, format!("login as '{}' rejected", plan.user), Kind::AuthTls));
        match login {
            Err(e) if plan.no_password => {
                return Err(e).hint("no password found: set NT_FTP_PASSWORD, add it to ~/.netrc, or set password_command in [ftp] of the config");
            }
            other => other?,
        }
        out.debug(&format!("logged in as {}", plan.user));
        ftp.transfer_type(FileType::Binary)
            .map_err(|e| ftp_error(e, "cannot switch to binary mode", Kind::Refused))?;
        let ftp = data_mode(ftp, plan, &features);
        let mut session = Session { ftp, features, plan: plan.clone(), home: None };
        if !plan.server.dir.is_empty() {
            let dir = plan.server.dir.clone();
            session.ftp.cwd(&dir).map_err(|e| {
                ftp_error(e, format!("cannot change to directory {dir}"), Kind::Refused)
            })?;
        }
        Ok(session)
    }

    /// Whether FEAT listed a keyword.
    pub fn has(&self, feature: &str) -> bool {
        self.features.iter().any(|(k, _)| k == feature)
    }

    /// Drop the connection at once (Ctrl-C, failed transfer): no ABOR, no waiting for replies.
    pub fn cut(&self) {
        let _ = self.ftp.get_ref().shutdown(Shutdown::Both);
    }

    /// Say goodbye politely; errors do not matter any more.
    pub fn quit(mut self) {
        let _ = self.ftp.quit();
    }

    /// Whether a remote directory exists (CWD there and back).
    pub fn dir_exists(&mut self, path: &str) -> anyhow::Result<bool> {
        let home = match &self.home {
            Some(h) => h.clone(),
            None => {
                let h = self.ftp.pwd().map_err(|e| {
                    ftp_error(e, "cannot read the working directory", Kind::Refused)
                })?;
                self.home = Some(h.clone());
                h
            }
        };
        match self.ftp.cwd(path) {
            Ok(()) => {
                self.ftp
                    .cwd(&home)
                    .map_err(|e| ftp_error(e, format!("cannot return to {home}"), Kind::Refused))?;
                Ok(true)
            }
            Err(FtpError::UnexpectedResponse(_)) => Ok(false),
            Err(e) => Err(ftp_error(e, format!("cannot check {path}"), Kind::Refused)),
        }
    }
}

/// The control connection: plain TCP (with timeouts), or TLS from the first byte for
/// `ftps://` with the data channel protected (suppaftp's implicit mode never asks for it).
fn connect(
    plan: &Plan,
    config: &Arc<ClientConfig>,
    out: &Output,
) -> anyhow::Result<RustlsFtpStream> {
    let where_ = plan.server.addr.to_string();
    let addrs = plan.server.addr.resolve()?;
    let connecting = format!("cannot connect to {where_}");
    let mut ftp = if plan.server.implicit_tls {
        let connector = RustlsConnector::from(config.clone());
        RustlsFtpStream::connect_secure_implicit(&addrs[..], connector, &plan.server.host())
            .map_err(|e| ftp_error(e, &connecting, Kind::Network))?
    } else {
        let tcp = connect_tcp(&addrs, plan.timeout)?;
        set_timeouts(&tcp, plan.timeout).kind(Kind::Network)?;
        RustlsFtpStream::connect_with_stream(tcp)
            .map_err(|e| ftp_error(e, &connecting, Kind::Network))?
    };
    set_timeouts(&ftp.get_ref(), plan.timeout).kind(Kind::Network)?;
    out.debug(&format!("connected to {where_}"));
    if plan.server.implicit_tls {
        for cmd in ["PBSZ 0", "PROT P"] {
            ftp.custom_command(cmd, &[Status::CommandOk])
                .map_err(|e| ftp_error(e, "cannot protect the data channel", Kind::AuthTls))?;
        }
        out.debug("TLS: implicit (ftps://)");
    }
    Ok(ftp)
}

type Features = Vec<(String, String)>;

/// Explicit TLS (AUTH TLS) as `--tls` asks; returns the connection and its FEAT list.
fn secure(
    mut ftp: RustlsFtpStream,
    plan: &Plan,
    config: Arc<ClientConfig>,
    out: &Output,
) -> anyhow::Result<(RustlsFtpStream, Features)> {
    let features = read_features(&mut ftp);
    if plan.server.implicit_tls {
        return Ok((ftp, features));
    }
    let where_ = plan.server.addr.to_string();
    let offered = features.iter().any(|(k, v)| k == "AUTH" && v.contains("TLS"));
    match (plan.tls, offered) {
        (FtpTls::Off, _) => Ok((ftp, features)),
        (FtpTls::Required, false) => Err(fail(
            Kind::AuthTls,
            format!("{where_} does not offer TLS (AUTH TLS) and --tls required was given"),
        )),
        (FtpTls::Auto, false) => {
            out.debug("the server offers no TLS: continuing in plain text");
            Ok((ftp, features))
        }
        (_, true) => {
            let connector = Connector {
                inner: RustlsConnector::from(config),
                pause: std::sync::atomic::AtomicBool::new(true),
            };
            let mut ftp = ftp
                .into_secure(connector, &plan.server.host())
                .map_err(|e| ftp_error(e, format!("TLS with {where_} failed"), Kind::AuthTls))
                .hint("for a self-signed server use --pin SHA256 (or --insecure, or --tls off)")?;
            out.debug("TLS: explicit (AUTH TLS)");
            let features = read_features(&mut ftp);
            Ok((ftp, features))
        }
    }
}

/// Passive (EPSV where offered or on IPv6, else PASV) or active data connections.
fn data_mode(mut ftp: RustlsFtpStream, plan: &Plan, features: &Features) -> RustlsFtpStream {
    let timeout = plan.timeout;
    if plan.active {
        return ftp.active_mode(timeout);
    }
    let v6 = ftp.get_ref().peer_addr().map(|a| a.is_ipv6()).unwrap_or(false);
    let epsv = v6 || features.iter().any(|(k, _)| k == "EPSV");
    ftp.set_mode(if epsv { Mode::ExtendedPassive } else { Mode::Passive });
    // The data connection goes to the control peer, never to an address the server names
    // (NAT-safe, and no FTP bounce).
    ftp.set_passive_nat_workaround(true);
    ftp.passive_stream_builder(move |addr| {
        let stream =
            TcpStream::connect_timeout(&addr, timeout).map_err(FtpError::ConnectionError)?;
        set_timeouts(&stream, timeout).map_err(FtpError::ConnectionError)?;
        Ok(stream)
    })
}

fn read_features(ftp: &mut RustlsFtpStream) -> Features {
    ftp.feat()
        .map(|f| {
            f.into_iter()
                .map(|(k, v)| (k.to_ascii_uppercase(), v.unwrap_or_default().to_ascii_uppercase()))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_one_clean_line() {
        assert_eq!(reply_text(b"550 no\r\n such\x1b[2J file\r\n"), "550 no such\\u{1b}[2J file");
        let long = vec![b'x'; 1000];
        assert_eq!(reply_text(&long).len(), 303);
    }

    #[test]
    fn errors_get_kinds() {
        use crate::error::kind_of;
        let refused = FtpError::UnexpectedResponse(suppaftp::types::Response::new(
            Status::FileUnavailable,
            b"550 nope".to_vec(),
        ));
        assert_eq!(reply_code(&refused), Some(550));
        assert_eq!(kind_of(&ftp_error(refused, "x", Kind::Refused)), Kind::Refused);
        let io = FtpError::ConnectionError(std::io::ErrorKind::ConnectionReset.into());
        assert_eq!(kind_of(&ftp_error(io, "x", Kind::Refused)), Kind::Network);
        assert_eq!(
            kind_of(&ftp_error(FtpError::SecureError("bad".into()), "x", Kind::Refused)),
            Kind::AuthTls
        );
    }
}

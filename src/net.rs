//! The one network layer: every protocol dials, listens and does its TLS handshake here.
//!
//! - [`Dialer::connect`] resolves a name, tries each address in order, binds `--source`,
//!   goes through `--proxy` (SOCKS5 or HTTP CONNECT, in [`proxy`]), all under one
//!   [`Deadline`]; [`Dialer::connect_async`] is the same for tokio code.
//! - [`tls_connect`] / [`tls_connect_async`] do the client handshake with the one TLS
//!   policy of `tls.rs`, under the same deadline; [`tls_accept_async`] bounds a server's.
//! - [`listen`] / [`listen_async`] / [`bind_udp`] (in `listen.rs`) bind listeners (`:port`
//!   is dual-stack) and give each failure its hint (port in use, privileged port, foreign
//!   address).
//! - [`Stream`] / [`Listener`] (in `stream.rs`) take TCP and Unix stream sockets alike
//!   (`unix:/path`): [`Dialer::connect_stream`], [`listen_stream`].
//! - [`splice`] moves bytes between descriptors inside the kernel (tcp, ftp serve).
//! - [`raise_open_files`] lifts the soft limit on open files for servers of thousands.
//! - [`io_error`] turns a socket error into nt's error: a timeout says `timed out`
//!   (exit 4), never "Resource temporarily unavailable".
//!
//! Nothing here knows a protocol; it never prints data and never exits the process.

mod listen;
mod proxy;
pub mod splice;
mod stream;

use std::fmt::Display;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use rustls::pki_types::ServerName;
use socket2::{Domain, Protocol, Socket, Type};
use tokio::io::{AsyncRead, AsyncWrite};

pub use listen::{
    bind_in_range, bind_udp, listen, listen_async, listen_async_as, listen_quiet, local_pair,
    raise_open_files,
};
pub use proxy::{Proxy, ProxyArgs};
pub use stream::{AsyncListener, AsyncStream, Listener, Stream, listen_stream};

use crate::addr::{Addr, Host};
use crate::error::{Kind, Tag, fail};
use crate::output::Output;
use crate::tls::{self, Policy};

/// When a wait must end. `Deadline::after(None)` never ends (a flag left unset).
#[derive(Debug, Clone, Copy)]
pub struct Deadline(Option<Instant>);

impl Deadline {
    /// A deadline `limit` from now (none for `None`).
    pub fn after(limit: Option<Duration>) -> Deadline {
        Deadline(limit.map(|l| Instant::now() + l))
    }

    /// Time left (`None`: no limit), or a `TimedOut` error once it has passed. Never
    /// zero, which socket timeouts would read as "no timeout".
    pub fn left(&self) -> io::Result<Option<Duration>> {
        match self.0 {
            None => Ok(None),
            Some(end) => match end.checked_duration_since(Instant::now()) {
                Some(left) if left >= Duration::from_millis(1) => Ok(Some(left)),
                _ => Err(io::Error::new(io::ErrorKind::TimedOut, "timed out")),
            },
        }
    }

    /// Put the time left on a socket's reads and writes.
    pub fn apply(&self, stream: &TcpStream) -> io::Result<()> {
        let left = self.left()?;
        stream.set_read_timeout(left)?;
        stream.set_write_timeout(left)
    }
}

/// The error for a wait that ran out: `WHAT: timed out`, exit 4.
pub fn timed_out(what: impl Display) -> anyhow::Error {
    fail(Kind::Network, format!("{what}: timed out"))
}

/// Whether a socket error is a timeout (a read or write timeout shows as `WouldBlock`).
pub fn is_timeout(err: &io::Error) -> bool {
    matches!(err.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock)
}

/// A socket error as nt reports it: a timeout is `WHAT: timed out`; anything else keeps
/// its cause under WHAT. Both are exit 4 (TLS errors inside become exit 5).
pub fn io_error(err: io::Error, what: impl Display) -> anyhow::Error {
    if is_timeout(&err) {
        return timed_out(what);
    }
    tls::classify(anyhow::Error::new(err).context(what.to_string()), Kind::Network)
}

/// How to reach a server: within `timeout`, from `source`, through `proxy`.
#[derive(Debug, Clone, Default)]
pub struct Dialer {
    /// The whole connect (resolve, every address, the proxy's handshake) ends by then.
    pub timeout: Option<Duration>,
    /// `--source`: the local address (and port, when not 0) of the connection.
    pub source: Option<Addr>,
    /// `--proxy` / `NT_PROXY`.
    pub proxy: Option<Proxy>,
}

impl Dialer {
    pub fn new(timeout: Option<Duration>) -> Dialer {
        Dialer { timeout, ..Dialer::default() }
    }

    /// With the route of `--proxy` / `NT_PROXY`.
    pub fn via(mut self, proxy: &ProxyArgs) -> Dialer {
        self.proxy = proxy.proxy.clone();
        self
    }

    /// A TCP connection to `target` (Nagle off), or `cannot connect to TARGET` with the
    /// cause: refused, unreachable, `timed out` (all exit 4), or the proxy's answer.
    pub fn connect(&self, target: &Addr, out: &Output) -> anyhow::Result<TcpStream> {
        let deadline = Deadline::after(self.timeout);
        let what = || format!("cannot connect to {target}");
        let stream = match &self.proxy {
            None => self.direct(target, &deadline).map_err(|e| io_error(e, what()))?,
            Some(proxy) => {
                let hop = proxy.addr();
                let tcp = self.direct(hop, &deadline).map_err(|e| {
                    io_error(e, format!("cannot reach the proxy {hop}")).context(what())
                })?;
                out.debug(&format!("connected to the proxy {hop}"));
                proxy.tunnel(&tcp, target, &deadline, out).map_err(|e| e.context(what()))?;
                tcp
            }
        };
        stream.set_read_timeout(None).kind(Kind::Network)?;
        stream.set_write_timeout(None).kind(Kind::Network)?;
        let _ = stream.set_nodelay(true);
        if let Ok(peer) = stream.peer_addr() {
            out.debug(&format!("connected to {peer}"));
        }
        Ok(stream)
    }

    /// [`Dialer::connect`] for tokio code (the blocking connect runs off the runtime).
    pub async fn connect_async(
        &self,
        target: &Addr,
        out: &Output,
    ) -> anyhow::Result<tokio::net::TcpStream> {
        let (dialer, target, out) = (self.clone(), target.clone(), out.clone());
        let stream = tokio::task::spawn_blocking(move || dialer.connect(&target, &out))
            .await
            .map_err(|e| fail(Kind::Network, format!("connect task failed: {e}")))??;
        stream.set_nonblocking(true).kind(Kind::Network)?;
        tokio::net::TcpStream::from_std(stream).kind(Kind::Network)
    }

    /// Resolve and connect without a proxy; the last address's error if none answers.
    fn direct(&self, target: &Addr, deadline: &Deadline) -> io::Result<TcpStream> {
        let addrs = resolve_within(target, deadline)?;
        let mut last = io::Error::new(io::ErrorKind::NotFound, "no address");
        for sa in addrs {
            match self.attempt(sa, deadline) {
                Ok(stream) => return Ok(stream),
                Err(e) if is_timeout(&e) && deadline.left().is_err() => return Err(e),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    fn attempt(&self, sa: SocketAddr, deadline: &Deadline) -> io::Result<TcpStream> {
        let socket = Socket::new(Domain::for_address(sa), Type::STREAM, Some(Protocol::TCP))?;
        if let Some(source) = &self.source {
            let local = source_for(source, sa)?;
            socket.bind(&local.into()).map_err(|e| {
                io::Error::new(e.kind(), format!("cannot bind --source {local}: {e}"))
            })?;
        }
        match deadline.left()? {
            Some(left) => socket.connect_timeout(&sa.into(), left)?,
            None => socket.connect(&sa.into())?,
        }
        let stream: TcpStream = socket.into();
        deadline.apply(&stream)?;
        Ok(stream)
    }
}

/// The `--source` address of the family of `target`.
fn source_for(source: &Addr, target: SocketAddr) -> io::Result<SocketAddr> {
    let ip = match &source.host {
        Host::Any if target.is_ipv6() => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        Host::Any => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        Host::Ip(ip) => *ip,
        Host::Name(_) => {
            return source
                .resolve()
                .ok()
                .and_then(|all| all.into_iter().find(|a| a.is_ipv6() == target.is_ipv6()))
                .ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!("--source {source}: no address of the family of {target}"),
                    )
                });
        }
    };
    if ip.is_ipv6() != target.is_ipv6() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("--source {ip} and {target} are not the same IP version"),
        ));
    }
    Ok(SocketAddr::new(ip, source.port))
}

/// Resolve `addr` before the deadline (the system resolver has no timeout of its own, so
/// a name is looked up on a helper thread that is abandoned if it takes too long).
pub fn resolve_within(addr: &Addr, deadline: &Deadline) -> io::Result<Vec<SocketAddr>> {
    let Host::Name(name) = &addr.host else {
        return addr.resolve().map_err(|e| io::Error::other(crate::error::one_line(&e)));
    };
    let Some(left) = deadline.left()? else {
        return addr.resolve().map_err(|e| io::Error::other(crate::error::one_line(&e)));
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let lookup = addr.clone();
    std::thread::Builder::new().name("resolve".into()).spawn(move || {
        let _ = tx.send(lookup.resolve());
    })?;
    match rx.recv_timeout(left) {
        Ok(result) => result.map_err(|e| io::Error::other(crate::error::one_line(&e))),
        Err(_) => {
            Err(io::Error::new(io::ErrorKind::TimedOut, format!("resolving '{name}' timed out")))
        }
    }
}

// ----- TLS -------------------------------------------------------------------------------

/// The name a TLS client checks the certificate against (and sends as SNI): the host
/// name, or the IP address itself.
pub fn server_name(host: &str) -> anyhow::Result<ServerName<'static>> {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(ServerName::IpAddress(ip.into()));
    }
    ServerName::try_from(host.to_string())
        .map_err(|e| fail(Kind::Usage, format!("invalid TLS server name '{host}': {e}")))
}

/// A TLS client stream over a blocking socket.
pub type TlsStream = rustls::StreamOwned<rustls::ClientConnection, TcpStream>;

/// A client connection that is plain or inside TLS (a protocol that upgrades with
/// STARTTLS or AUTH TLS, or offers both): reads and writes go to whichever it is.
pub enum Wire {
    Plain(TcpStream),
    Tls(Box<TlsStream>),
}

impl Wire {
    /// The TCP socket underneath (for timeouts and shutdown).
    pub fn socket(&self) -> &TcpStream {
        match self {
            Wire::Plain(s) => s,
            Wire::Tls(t) => &t.sock,
        }
    }
}

impl io::Read for Wire {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Wire::Plain(s) => s.read(buf),
            Wire::Tls(t) => t.read(buf),
        }
    }
}

impl io::Write for Wire {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Wire::Plain(s) => s.write(buf),
            Wire::Tls(t) => t.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Wire::Plain(s) => s.flush(),
            Wire::Tls(t) => t.flush(),
        }
    }
}

/// The TLS client handshake over `stream` with the one policy, finished before `deadline`
/// (a server that accepts and then stays silent is `timed out`, exit 4). A certificate
/// that fails the policy is exit 5 with its fingerprint. The socket's timeouts are left
/// as they were before.
pub fn tls_connect(
    stream: TcpStream,
    host: &str,
    policy: &Policy,
    deadline: &Deadline,
) -> anyhow::Result<TlsStream> {
    tls_connect_with(stream, host, tls::client_config(policy)?, deadline)
}

/// [`tls_connect`] with a client configuration made once by the caller: connections that
/// share one configuration share its session cache (an FTP server may require its data
/// connections to resume the control connection's TLS session).
pub fn tls_connect_with(
    mut stream: TcpStream,
    host: &str,
    config: Arc<rustls::ClientConfig>,
    deadline: &Deadline,
) -> anyhow::Result<TlsStream> {
    let what = || format!("TLS handshake with {host} failed");
    let mut conn = rustls::ClientConnection::new(config, server_name(host)?)
        .context("cannot start TLS")
        .kind(Kind::AuthTls)?;
    let before = (stream.read_timeout(), stream.write_timeout());
    while conn.is_handshaking() {
        deadline.apply(&stream).map_err(|e| io_error(e, what()))?;
        if let Err(e) = conn.complete_io(&mut stream) {
            return Err(io_error(e, what()));
        }
    }
    if let (Ok(read), Ok(write)) = before {
        let _ = stream.set_read_timeout(read);
        let _ = stream.set_write_timeout(write);
    }
    Ok(rustls::StreamOwned::new(conn, stream))
}

/// [`tls_connect`] for tokio streams.
pub async fn tls_connect_async<S>(
    stream: S,
    host: &str,
    policy: &Policy,
    deadline: &Deadline,
) -> anyhow::Result<tokio_rustls::client::TlsStream<S>>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let what = format!("TLS handshake with {host} failed");
    let connector = tokio_rustls::TlsConnector::from(tls::client_config(policy)?);
    let handshake = connector.connect(server_name(host)?, stream);
    let result = match deadline.left().map_err(|e| io_error(e, &what))? {
        Some(left) => tokio::time::timeout(left, handshake).await.map_err(|_| timed_out(&what))?,
        None => handshake.await,
    };
    result.map_err(|e| io_error(e, &what))
}

/// A server's side of the TLS handshake, bounded by `limit` (a client that connects and
/// says nothing cannot hold a task forever).
pub async fn tls_accept_async<S>(
    acceptor: &tokio_rustls::TlsAcceptor,
    stream: S,
    limit: Duration,
) -> anyhow::Result<tokio_rustls::server::TlsStream<S>>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    match tokio::time::timeout(limit, acceptor.accept(stream)).await {
        Ok(result) => result.map_err(|e| io_error(e, "TLS handshake failed")),
        Err(_) => Err(timed_out("TLS handshake")),
    }
}

/// A TLS acceptor for the server configuration of `tls.rs`.
pub fn acceptor(config: Arc<rustls::ServerConfig>) -> tokio_rustls::TlsAcceptor {
    tokio_rustls::TlsAcceptor::from(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiet() -> Output {
        Output::new(crate::output::Settings {
            json: false,
            quiet: true,
            verbose: 0,
            color: crate::output::ColorChoice::Never,
        })
    }

    #[test]
    fn deadlines_run_out() {
        assert_eq!(Deadline::after(None).left().unwrap(), None);
        let soon = Deadline::after(Some(Duration::from_millis(30)));
        assert!(soon.left().unwrap().is_some());
        std::thread::sleep(Duration::from_millis(40));
        assert!(is_timeout(&soon.left().unwrap_err()));
    }

    #[test]
    fn timeouts_say_timed_out() {
        let err = io_error(io::Error::from(io::ErrorKind::WouldBlock), "reading the reply");
        assert_eq!(crate::error::one_line(&err), "reading the reply: timed out");
        assert_eq!(crate::error::kind_of(&err), Kind::Network);
    }

    #[test]
    fn server_names() {
        assert!(matches!(server_name("::1").unwrap(), ServerName::IpAddress(_)));
        assert!(matches!(server_name("[::1]").unwrap(), ServerName::IpAddress(_)));
        assert!(matches!(server_name("localhost").unwrap(), ServerName::DnsName(_)));
        assert!(server_name("bad name").is_err());
    }

    #[test]
    fn dial_and_listen_on_loopback() {
        let out = quiet();
        let listener = listen(&crate::addr::parse_listen("127.0.0.1:0").unwrap(), &out).unwrap();
        let port = listener.local_addr().unwrap().port();
        let target = Addr::from_host("127.0.0.1", port);
        let mut dialer = Dialer::new(Some(Duration::from_secs(2)));
        dialer.source = Some(crate::addr::parse_listen("127.0.0.1:0").unwrap());
        let stream = dialer.connect(&target, &out).unwrap();
        assert_eq!(stream.local_addr().unwrap().ip(), IpAddr::V4(Ipv4Addr::LOCALHOST));
        // The same port again is in use, with its hint.
        let again = listen(&Addr::from_host("127.0.0.1", port), &out).unwrap_err();
        assert!(again.downcast_ref::<crate::error::Hint>().is_some(), "{again:#}");
        drop(listener);
        let refused = dialer.connect(&target, &out).unwrap_err();
        assert_eq!(crate::error::kind_of(&refused), Kind::Network);
        assert!(crate::error::one_line(&refused).starts_with("cannot connect to 127.0.0.1:"));
    }

    #[test]
    fn a_silent_tls_server_times_out() {
        let out = quiet();
        let listener = listen(&crate::addr::parse_listen("127.0.0.1:0").unwrap(), &out).unwrap();
        let target = Addr::from_host("127.0.0.1", listener.local_addr().unwrap().port());
        let deadline = Deadline::after(Some(Duration::from_millis(300)));
        let stream = Dialer::new(Some(Duration::from_secs(2))).connect(&target, &out).unwrap();
        let started = Instant::now();
        let err = tls_connect(stream, "127.0.0.1", &Policy::default(), &deadline).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(crate::error::one_line(&err).contains("timed out"), "{err:#}");
        assert_eq!(crate::error::kind_of(&err), Kind::Network);
        drop(listener);
    }
}

//! The one network layer: every protocol dials, listens and does its TLS handshake here.
//!
//! - [`Dialer::connect`] (in `dial.rs`) resolves a name, tries each address in order, binds
//!   `--source`, goes through `--proxy` (SOCKS5 or HTTP CONNECT, in [`proxy`]), all under
//!   one [`Deadline`] (in `deadline.rs`); [`Dialer::connect_async`] is the same for tokio
//!   code.
//! - [`tls_connect`] / [`tls_connect_async`] do the client handshake with the one TLS
//!   policy of `tls.rs`, under the same deadline; [`tls_accept_async`] bounds a server's.
//! - [`listen`] / [`listen_async_as`] / [`bind_udp`] / [`listen_udp`] (in `listen.rs`) bind
//!   listeners (`:port` is dual-stack) and give each failure its hint (port in use,
//!   privileged port, foreign address).
//! - [`Stream`] / [`Listener`] (in `stream.rs`) take TCP and Unix stream sockets alike
//!   (`unix:/path`): [`Dialer::connect_stream`], [`listen_stream`].
//! - [`serve`] is the server half: one accept loop with slots, per-source caps, login
//!   deadlines and backoff for every nt server, and the one bounded line reader.
//! - `splice` (Linux only) moves bytes between descriptors inside the kernel (tcp, ftp
//!   serve); other platforms take each caller's portable read/write loop.
//! - [`block_on`] runs a command's async part on its own runtime (one helper for all).
//! - [`retry`] is `--retries N` for a connect, with backoff.
//! - [`raise_open_files`] lifts the soft limit on open files for servers of thousands; it
//!   and the other per-platform calls of this layer live in `sys.rs`.
//! - [`io_error`] (in `deadline.rs`) turns a socket error into nt's error: a timeout says
//!   `timed out` (exit 4), never "Resource temporarily unavailable".
//!
//! Nothing here knows a protocol; it never prints data and never exits the process.

mod async_wire;
mod deadline;
mod dial;
mod inspect;
mod lines;
mod listen;
mod proxy;
pub mod serve;
#[cfg(target_os = "linux")]
pub mod splice;
mod stream;
mod sys;

use std::io;
use std::net::{IpAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite};

pub use async_wire::{AsyncWire, First, FirstBytes, Recorded, recorded};
pub use deadline::{Deadline, io_error, is_timeout, timed_out};
pub use dial::{Dialer, resolve_within};
pub use inspect::{Inspected, Inspector};
pub use lines::{Got, read_line};
pub use listen::{
    bind_in_range, bind_udp, listen, listen_async_as, listen_quiet, listen_udp, local_pair,
};
pub use proxy::{Proxy, ProxyArgs};
pub use stream::{AsyncListener, AsyncStream, Listener, Stream, listen_stream};
pub use sys::raise_open_files;

use crate::error::{Kind, Tag, fail};
use crate::output::Output;
use crate::tls::{self, Policy};

/// `--retries N` for a connect: run `op`, and while it fails with an error that `retry_on`
/// accepts, warn, wait and try again, at most `retries` more times. The wait starts at
/// `first` and doubles, up to 8 s. Fail fast (no retry) is the default: `retries` is 0.
pub fn retry<T>(
    retries: u32,
    first: std::time::Duration,
    out: &Output,
    retry_on: impl Fn(&anyhow::Error) -> bool,
    mut op: impl FnMut() -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let mut wait = first;
    for attempt in 1.. {
        match op() {
            Err(err) if attempt <= retries && retry_on(&err) => {
                let ms = wait.as_millis();
                out.warn(&format!(
                    "{}; retrying in {ms} ms ({attempt}/{retries})",
                    crate::error::one_line(&err)
                ));
                std::thread::sleep(wait);
                wait = (wait * 2).min(std::time::Duration::from_secs(8));
            }
            result => return result,
        }
    }
    unreachable!("the attempts are counted by an unbounded range")
}

/// How many threads a command's async part runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    /// One thread: a client with one connection at a time.
    One,
    /// A thread per core: servers, and clients with many connections at once.
    Pool,
}

/// Run a command's async part on a tokio runtime of its own, then drop the runtime
/// without waiting for tasks still running (a thread blocked on stdin must not hold the
/// process open). A runtime that cannot start (no threads, no epoll) is exit 3: the
/// machine, not the network, is short of something.
pub fn block_on<T>(
    threads: Threads,
    work: impl std::future::Future<Output = T>,
) -> anyhow::Result<T> {
    let mut builder = match threads {
        Threads::One => tokio::runtime::Builder::new_current_thread(),
        Threads::Pool => tokio::runtime::Builder::new_multi_thread(),
    };
    let runtime = builder
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .kind(Kind::LocalFile)?;
    let value = runtime.block_on(work);
    runtime.shutdown_background();
    Ok(value)
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
    use std::net::Ipv4Addr;
    use std::time::Instant;

    use super::*;
    use crate::addr::Addr;

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

//! The server half of the network layer: one accept loop for every nt server (tcp serve,
//! chat serve, ftp serve, mail catch and its POP3).
//!
//! [`Server::accept`] owns what every server must bound the same way:
//! - the accept loop and its backoff when accept fails (out of file descriptors: the
//!   pause doubles from [`BACKOFF_FIRST`] to [`BACKOFF_LAST`], so a full descriptor table
//!   is not spun on);
//! - the client slots (`--max-clients`): a slot is taken the moment a connection is
//!   accepted, before any work for it (a spawn, a TLS handshake, a login) starts, so a
//!   burst cannot pass the limit; without a slot the client gets the server's refusal line
//!   and is closed;
//! - the per-source cap on connections that have not logged in yet ([`Bounds::per_source`]),
//!   so silent sockets from one address cannot fill the slots;
//! - the login (first-command) deadline, carried by each client's [`Pass`].
//!
//! Servers read lines with [`read_line`], the network layer's one bounded line reader.
//!
//! A server keeps only its protocol: what its refusal lines say, how it logs, and what it
//! does with an admitted client. Nothing here knows a protocol or prints data.

use std::collections::HashMap;
use std::fmt::Display;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

pub use super::lines::{Got, read_line};
use super::{AsyncListener, AsyncStream};
use crate::addr::Addr;
use crate::output::Output;

/// The first pause after a failed accept; each further failure in a row doubles it.
pub const BACKOFF_FIRST: Duration = Duration::from_millis(5);
/// The longest pause after failed accepts.
pub const BACKOFF_LAST: Duration = Duration::from_secs(1);

/// What one server lets its clients take.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// Clients served at once (`--max-clients`).
    pub max_clients: usize,
    /// Connections from one source address that have not logged in yet.
    pub per_source: usize,
    /// How long a client has to log in (or send its first command); `None`: no limit.
    pub login: Option<Duration>,
}

/// Why a connection was turned away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Every slot is taken (`--max-clients`).
    Full,
    /// Its source address has [`Bounds::per_source`] connections that have not logged in.
    Source,
}

/// A listener the accept loop can drive: TCP, or nt's TCP-or-unix [`AsyncListener`].
pub trait Accept: Send + Sync + 'static {
    type Stream: AsyncRead + AsyncWrite + Unpin + Send + 'static;
    /// Who connected, as the server shows and logs it.
    type Peer: Clone + Display + Send + Sync + 'static;

    fn accept(&self) -> impl Future<Output = io::Result<(Self::Stream, Self::Peer)>> + Send;

    /// The address the per-source cap counts by (`None`: a local socket, counted as one).
    fn source(peer: &Self::Peer) -> Option<IpAddr>;
}

impl Accept for tokio::net::TcpListener {
    type Stream = tokio::net::TcpStream;
    type Peer = SocketAddr;

    async fn accept(&self) -> io::Result<(Self::Stream, SocketAddr)> {
        let (stream, peer) = tokio::net::TcpListener::accept(self).await?;
        let _ = stream.set_nodelay(true);
        Ok((stream, peer))
    }

    fn source(peer: &SocketAddr) -> Option<IpAddr> {
        Some(source_key(peer.ip()))
    }
}

impl Accept for AsyncListener {
    type Stream = AsyncStream;
    type Peer = String;

    async fn accept(&self) -> io::Result<(AsyncStream, String)> {
        AsyncListener::accept(self).await
    }

    fn source(peer: &String) -> Option<IpAddr> {
        peer.parse::<SocketAddr>().ok().map(|sa| source_key(sa.ip()))
    }
}

/// What counts as one source for [`Bounds::per_source`]: the address, or its /64 for IPv6
/// (one host usually holds a whole /64). IPv4-mapped addresses count as IPv4.
pub fn source_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        v4 => v4,
    }
}

/// Refused clients being told so at once; past this many, a refused connection is closed
/// without a word (a flood of refusals costs no more than this many tasks).
pub const REFUSALS_AT_ONCE: usize = 64;
/// How long a refused client is given to take its refusal line.
pub const REFUSAL_TIME: Duration = Duration::from_secs(1);

/// The lines a refused client is sent before it is closed (empty: closed without a word).
type Say<P> = Box<dyn Fn(Refused, &P) -> Vec<u8> + Send + Sync>;
/// How a refusal is logged.
type Log<P> = Box<dyn Fn(Refused, &P) + Send + Sync>;

/// A listening socket with the bounds of [`Bounds`]; see the module doc.
pub struct Server<L: Accept = tokio::net::TcpListener> {
    listener: L,
    bounds: Bounds,
    slots: Arc<Semaphore>,
    sources: Arc<Sources>,
    refusals: Arc<Semaphore>,
    say: Say<L::Peer>,
    log: Log<L::Peer>,
    /// The current pause after a failed accept, in microseconds (0: the last one worked).
    backoff: AtomicU64,
    out: Output,
}

impl Server<tokio::net::TcpListener> {
    /// Listen on ADDR (`:port` is dual-stack) and say `listening on ADDR [(service)]`.
    pub fn bind(
        addr: &Addr,
        service: Option<&str>,
        bounds: Bounds,
        out: &Output,
    ) -> anyhow::Result<Server> {
        let listener = super::listen_async_as(addr, service, out)?;
        Ok(Server::new(listener, bounds, out))
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }
}

impl<L: Accept> Server<L> {
    /// A server on a listener that is already bound and announced.
    pub fn new(listener: L, bounds: Bounds, out: &Output) -> Server<L> {
        let (out_log, clients, cap) = (out.clone(), bounds.max_clients, bounds.per_source);
        Server {
            listener,
            bounds,
            slots: Arc::new(Semaphore::new(bounds.max_clients.min(Semaphore::MAX_PERMITS))),
            sources: Arc::new(Sources::default()),
            refusals: Arc::new(Semaphore::new(REFUSALS_AT_ONCE)),
            say: Box::new(|_, _| Vec::new()),
            log: Box::new(move |why, peer| {
                out_log.warn(&format!("turned away {peer}: {}", refusal_text(why, clients, cap)))
            }),
            backoff: AtomicU64::new(0),
            out: out.clone(),
        }
    }

    /// What a refused client is told, in the protocol's words (`421 ...\r\n`).
    pub fn refusing(
        mut self,
        say: impl Fn(Refused, &L::Peer) -> Vec<u8> + Send + Sync + 'static,
    ) -> Self {
        self.say = Box::new(say);
        self
    }

    /// How a refusal is logged (default: a warning `turned away PEER: WHY`).
    pub fn logging(mut self, log: impl Fn(Refused, &L::Peer) + Send + Sync + 'static) -> Self {
        self.log = Box::new(log);
        self
    }

    /// Clients being served now.
    #[cfg(test)]
    pub fn clients(&self) -> usize {
        self.bounds.max_clients.min(Semaphore::MAX_PERMITS) - self.slots.available_permits()
    }

    /// Wait until every slot is free again, or `limit` has passed (a server's grace at stop).
    pub async fn drain(&self, limit: Duration) {
        let all =
            u32::try_from(self.bounds.max_clients.min(Semaphore::MAX_PERMITS)).unwrap_or(u32::MAX);
        let _ = tokio::time::timeout(limit, self.slots.acquire_many(all)).await;
    }

    /// The next admitted client: accepted, given a slot and a per-source share. Refused
    /// and failed connections are handled here. Cancel-safe: use it in `select!`.
    pub async fn accept(&self) -> Admitted<L::Stream, L::Peer> {
        loop {
            let (stream, peer) = match self.listener.accept().await {
                Ok(accepted) => accepted,
                Err(e) => {
                    self.pause_after(e).await;
                    continue;
                }
            };
            self.backoff.store(0, Ordering::Relaxed);
            match self.admit(&peer) {
                Ok(pass) => return Admitted { stream, peer, pass },
                Err(why) => {
                    (self.log)(why, &peer);
                    let line = (self.say)(why, &peer);
                    if let Ok(permit) = self.refusals.clone().try_acquire_owned() {
                        tokio::spawn(async move {
                            refuse(stream, &line).await;
                            drop(permit);
                        });
                    }
                }
            }
        }
    }

    /// A slot and, when the source is under its cap, a share of it.
    fn admit(&self, peer: &L::Peer) -> Result<Pass, Refused> {
        let slot = self.slots.clone().try_acquire_owned().map_err(|_| Refused::Full)?;
        let share = Share::take(&self.sources, L::source(peer), self.bounds.per_source)
            .ok_or(Refused::Source)?;
        let login_by = self.bounds.login.map(|limit| Instant::now() + limit);
        Ok(Pass { _slot: slot, share: Some(share), login_by })
    }

    /// A failed accept: say it (once per run of failures), then pause, longer each time.
    async fn pause_after(&self, err: io::Error) {
        let micros = BACKOFF_FIRST.as_micros() as u64;
        let last = BACKOFF_LAST.as_micros() as u64;
        let now = match self.backoff.load(Ordering::Relaxed) {
            0 => {
                self.out.warn(&format!("cannot accept a connection: {err}"));
                micros
            }
            before => before.saturating_mul(2).min(last),
        };
        self.out.debug(&format!("accept failed ({err}); pausing {} ms", now / 1000));
        self.backoff.store(now, Ordering::Relaxed);
        tokio::time::sleep(Duration::from_micros(now)).await;
    }
}

/// Tell a refused client why, within [`REFUSAL_TIME`]: the line, the write half shut, and
/// what it had sent read and dropped (closing on unread bytes would reset the connection
/// and could throw the line away before the client reads it).
async fn refuse<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S, line: &[u8]) {
    let told = async {
        if !line.is_empty() {
            stream.write_all(line).await?;
        }
        stream.shutdown().await?;
        let mut sink = [0u8; 4096];
        while stream.read(&mut sink).await? > 0 {}
        io::Result::Ok(())
    };
    let _ = tokio::time::timeout(REFUSAL_TIME, told).await;
}

/// The default words of a refusal.
pub fn refusal_text(why: Refused, max_clients: usize, per_source: usize) -> String {
    match why {
        Refused::Full => format!("client limit reached (--max-clients {max_clients})"),
        Refused::Source => {
            format!("{per_source} connections from this address have not logged in yet")
        }
    }
}

/// A connection the server took, with what it holds.
pub struct Admitted<S, P> {
    pub stream: S,
    pub peer: P,
    pub pass: Pass,
}

/// A client's slot, its share of its source's cap until it logs in, and its login
/// deadline. Dropping it frees both.
pub struct Pass {
    _slot: OwnedSemaphorePermit,
    share: Option<Share>,
    login_by: Option<Instant>,
}

impl Pass {
    /// The client has logged in: it no longer counts against its source's cap, and the
    /// login deadline no longer applies.
    pub fn logged_in(&mut self) {
        self.share = None;
        self.login_by = None;
    }

    /// Whether [`Pass::logged_in`] has been called.
    pub fn is_logged_in(&self) -> bool {
        self.share.is_none()
    }

    /// When the login must be done (`None`: no limit, or logged in already).
    pub fn login_deadline(&self) -> Option<Instant> {
        self.login_by
    }
}

/// What one source address holds of something capped per source: here, connections not
/// yet logged in; in ftp serve, passive listeners too.
#[derive(Debug, Default)]
pub struct Sources(Mutex<HashMap<Option<IpAddr>, usize>>);

/// One place in [`Sources`]; given back on drop.
#[derive(Debug)]
pub struct Share {
    sources: Arc<Sources>,
    source: Option<IpAddr>,
}

impl Share {
    /// A place for `source` (`None`: a local socket), if it holds fewer than `cap`.
    pub fn take(sources: &Arc<Sources>, source: Option<IpAddr>, cap: usize) -> Option<Share> {
        let mut counts = sources.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = counts.entry(source).or_insert(0);
        if *count >= cap {
            return None;
        }
        *count += 1;
        Some(Share { sources: sources.clone(), source })
    }
}

impl Drop for Share {
    fn drop(&mut self) {
        let mut counts = self.sources.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = counts.get_mut(&self.source) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                counts.remove(&self.source);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(max_clients: usize, per_source: usize) -> Bounds {
        Bounds { max_clients, per_source, login: Some(Duration::from_millis(200)) }
    }

    async fn server(b: Bounds) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        Server::new(listener, b, &Output::quiet_for_tests())
            .refusing(|why, _| format!("no {why:?}\r\n").into_bytes())
            .logging(|_, _| {})
    }

    async fn refusal(addr: SocketAddr) -> String {
        use tokio::io::AsyncReadExt;
        let mut client = tokio::net::TcpStream::connect(addr).await.expect("connect");
        let mut text = String::new();
        let read = client.read_to_string(&mut text);
        tokio::time::timeout(Duration::from_secs(5), read).await.expect("closed").expect("read");
        text
    }

    #[test]
    fn sources_are_ipv4_as_ipv4_and_ipv6_by_64() {
        let ip = |text: &str| text.parse::<IpAddr>().expect("an address");
        assert_eq!(source_key(ip("::ffff:127.0.0.1")), ip("127.0.0.1"));
        assert_eq!(source_key(ip("::ffff:192.0.2.7")), ip("192.0.2.7"));
        assert_eq!(source_key(ip("2001:db8:1:2:aaaa::1")), source_key(ip("2001:db8:1:2:bbbb::2")));
        assert_ne!(source_key(ip("2001:db8:1:2::1")), source_key(ip("2001:db8:1:3::1")));
        assert_eq!(source_key(ip("::1")), ip("::"));
    }

    #[tokio::test]
    async fn a_slot_is_taken_at_accept_and_given_back_on_drop() {
        let server = Arc::new(server(bounds(2, 10)).await);
        let addr = server.local_addr().expect("addr");
        let _a = tokio::net::TcpStream::connect(addr).await.expect("a");
        let _b = tokio::net::TcpStream::connect(addr).await.expect("b");
        let first = server.accept().await;
        let second = server.accept().await;
        assert_eq!(server.clients(), 2);

        let refused = tokio::spawn(refusal(addr));
        let accepting = tokio::spawn({
            let server = server.clone();
            async move { server.accept().await.peer }
        });
        assert_eq!(refused.await.expect("join"), "no Full\r\n");

        drop(first);
        let _c = tokio::net::TcpStream::connect(addr).await.expect("c");
        let third = tokio::time::timeout(Duration::from_secs(5), accepting).await;
        assert!(third.is_ok(), "a freed slot admits the next client");
        drop(second);
    }

    #[tokio::test]
    async fn one_source_has_a_cap_until_its_clients_log_in() {
        let server = Arc::new(server(bounds(100, 2)).await);
        let addr = server.local_addr().expect("addr");
        let _a = tokio::net::TcpStream::connect(addr).await.expect("a");
        let _b = tokio::net::TcpStream::connect(addr).await.expect("b");
        let mut first = server.accept().await;
        let _second = server.accept().await;

        let refused = tokio::spawn(refusal(addr));
        let accepting = tokio::spawn({
            let server = server.clone();
            async move { server.accept().await }
        });
        assert_eq!(refused.await.expect("join"), "no Source\r\n");

        first.pass.logged_in();
        assert!(first.pass.is_logged_in());
        let _c = tokio::net::TcpStream::connect(addr).await.expect("c");
        let third = tokio::time::timeout(Duration::from_secs(5), accepting).await;
        assert!(third.is_ok(), "a login frees the source's share");
    }

    #[tokio::test]
    async fn the_login_deadline_ends_a_silent_wait() {
        let server = server(bounds(4, 4)).await;
        let addr = server.local_addr().expect("addr");
        let _a = tokio::net::TcpStream::connect(addr).await.expect("a");
        let admitted = server.accept().await;
        let started = std::time::Instant::now();
        let by = admitted.pass.login_deadline().expect("a deadline");
        let waited = tokio::time::timeout_at(by, std::future::pending::<()>()).await;
        assert!(waited.is_err());
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}

//! [`Dialer`]: how every protocol reaches a server. It resolves the name (within the
//! deadline: [`resolve_within`]), tries each address in order, binds `--source`, and goes
//! through `--proxy` (`proxy.rs`), all under one [`Deadline`].
//!
//! Nothing here speaks TLS or a protocol, and nothing here listens.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::time::Duration;

use socket2::{Domain, Protocol, Socket, Type};

use super::deadline::{Deadline, io_error, is_timeout};
use super::proxy::{Proxy, ProxyArgs};
use crate::addr::{Addr, Host};
use crate::error::{Kind, Tag, fail};
use crate::output::Output;

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

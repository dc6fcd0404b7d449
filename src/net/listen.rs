//! Listening: TCP listeners announced as `listening on ADDR` (`:port` dual-stack), UDP
//! sockets, an FTP server's passive ports, and the hints of a failed bind (port in use,
//! privileged port, foreign address). Part of the one network layer (`net.rs`).

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener, UdpSocket};

use anyhow::Context;
use socket2::{Domain, Protocol, Socket, Type};

use crate::addr::Addr;
use crate::error::{Hint, Kind, Tag, fail};
use crate::output::Output;

/// A TCP listener on ADDR (`:port` dual-stack), announced as `listening on ADDR` on
/// stderr (even under `-q` for port 0, which the caller cannot know otherwise).
pub fn listen(addr: &Addr, out: &Output) -> anyhow::Result<TcpListener> {
    listen_as(addr, None, out)
}

/// [`listen`], announced with the service's name when a command has two listeners
/// (`listening on ADDR (pop3)`).
fn listen_as(addr: &Addr, service: Option<&str>, out: &Output) -> anyhow::Result<TcpListener> {
    let mut last = None;
    for sa in addr.resolve()? {
        match bind_tcp(sa, addr.is_any()) {
            Ok(listener) => {
                out.listening(listener.local_addr().unwrap_or(sa), addr.port == 0, service);
                return Ok(listener);
            }
            Err(e) => last = Some((sa, e)),
        }
    }
    match last {
        Some((sa, err)) => Err(bind_error(sa, err)),
        None => Err(fail(Kind::Network, format!("no address to listen on for {addr}"))),
    }
}

/// A tokio TCP listener on ADDR (call it inside the runtime), announced as [`listen`]
/// does, with `service`'s name when a command has two listeners.
pub fn listen_async_as(
    addr: &Addr,
    service: Option<&str>,
    out: &Output,
) -> anyhow::Result<tokio::net::TcpListener> {
    let listener = listen_as(addr, service, out)?;
    listener.set_nonblocking(true).kind(Kind::Network)?;
    tokio::net::TcpListener::from_std(listener).kind(Kind::Network)
}

/// A TCP listener on one socket address, not announced (an FTP client's active-mode data
/// port: the server, not the user, is told where it is). Failures get [`bind_error`]'s hints.
pub fn listen_quiet(sa: SocketAddr) -> anyhow::Result<TcpListener> {
    bind_tcp(sa, false).map_err(|e| bind_error(sa, e))
}

fn bind_tcp(sa: SocketAddr, dual: bool) -> io::Result<TcpListener> {
    let socket = Socket::new(Domain::for_address(sa), Type::STREAM, Some(Protocol::TCP))?;
    if dual && sa.is_ipv6() {
        socket.set_only_v6(false)?;
    }
    socket.set_reuse_address(true)?;
    socket.bind(&sa.into())?;
    // A deep backlog: thousands of clients may connect within a second.
    socket.listen(4096)?;
    Ok(socket.into())
}

/// A socket bound to `ip` on a free port of `ports`, not yet listening (an FTP server's
/// passive data port). Ports are tried from a random start, at most 64 of them, so two
/// sessions rarely race for the same one.
pub fn bind_in_range(
    ip: IpAddr,
    ports: std::ops::RangeInclusive<u16>,
) -> io::Result<tokio::net::TcpSocket> {
    use std::hash::{BuildHasher, Hasher};
    let (first, last) = (u32::from(*ports.start()), u32::from(*ports.end()));
    if first > last {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "empty port range"));
    }
    let span = last - first + 1;
    let start = std::collections::hash_map::RandomState::new().build_hasher().finish() as u32;
    let mut last_err = io::Error::new(io::ErrorKind::AddrInUse, "no free port in the range");
    for i in 0..span.min(64) {
        let port = first + (start.wrapping_add(i) % span);
        let socket = match ip {
            IpAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
            IpAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
        };
        socket.set_reuseaddr(true)?;
        match socket.bind(SocketAddr::new(ip, port as u16)) {
            Ok(()) => return Ok(socket),
            Err(e) => last_err = e,
        }
    }
    Err(last_err)
}

/// Two connected TCP streams within this host, for handing a connection that nt relays to
/// a library that only takes a `TcpStream` (libunftp's control channel). The near end is
/// bound to `from`, which must be an address of this host (else `AddrNotAvailable`), so the
/// far end sees that address as its peer. The listener is on `from` too and lives only for
/// the pairing; a stray connection that reaches it first is dropped, not paired.
pub async fn local_pair(
    from: IpAddr,
) -> io::Result<(tokio::net::TcpStream, tokio::net::TcpStream)> {
    let listener = tokio::net::TcpListener::bind((from, 0)).await?;
    let near = match from {
        IpAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        IpAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    near.bind(SocketAddr::new(from, 0))?;
    let near = near.connect(listener.local_addr()?).await?;
    let near_addr = near.local_addr()?;
    for _ in 0..8 {
        let (far, peer) = listener.accept().await?;
        if peer == near_addr {
            let _ = near.set_nodelay(true);
            let _ = far.set_nodelay(true);
            return Ok((near, far));
        }
    }
    Err(io::Error::other("cannot pair a local connection"))
}

/// A UDP listener: [`bind_udp`], and on Windows an ICMP "port unreachable" that one peer's
/// host sends back no longer fails the next receive from every other peer
/// ([`super::sys::ignore_port_unreachable`]). Not announced: the caller knows when.
pub fn listen_udp(
    addr: &Addr,
    setup: impl FnMut(&Socket) -> io::Result<()>,
) -> anyhow::Result<UdpSocket> {
    let socket = bind_udp(addr, setup)?;
    super::sys::ignore_port_unreachable(&socket)
        .context("cannot turn off SIO_UDP_CONNRESET")
        .kind(Kind::Network)?;
    Ok(socket)
}

/// A UDP socket bound to ADDR (`:port` dual-stack). `setup` runs before the bind (socket
/// options such as buffers or SO_REUSEADDR). Not announced: the caller knows when. A
/// client's socket: a connected one hears the target's "port unreachable".
pub fn bind_udp(
    addr: &Addr,
    mut setup: impl FnMut(&Socket) -> io::Result<()>,
) -> anyhow::Result<UdpSocket> {
    let mut last = None;
    for sa in addr.resolve()? {
        let bound = (|| {
            let socket = Socket::new(Domain::for_address(sa), Type::DGRAM, Some(Protocol::UDP))?;
            if addr.is_any() && sa.is_ipv6() {
                socket.set_only_v6(false)?;
            }
            setup(&socket)?;
            socket.bind(&sa.into())?;
            Ok::<UdpSocket, io::Error>(socket.into())
        })();
        match bound {
            Ok(socket) => return Ok(socket),
            Err(e) => last = Some((sa, e)),
        }
    }
    match last {
        Some((sa, err)) => Err(bind_error(sa, err)),
        None => Err(fail(Kind::Network, format!("no address to bind for {addr}"))),
    }
}

/// The exit-4 error for a failed bind, with a hint for the common causes.
pub fn bind_error(sa: SocketAddr, err: io::Error) -> anyhow::Error {
    let port = sa.port();
    let hint = match err.kind() {
        io::ErrorKind::AddrInUse => Some(format!(
            "another program uses port {port}; pick another port, or find it with: ss -lntup 'sport = :{port}'"
        )),
        io::ErrorKind::PermissionDenied => {
            Some("ports below 1024 need root or CAP_NET_BIND_SERVICE".to_string())
        }
        io::ErrorKind::AddrNotAvailable => {
            Some(format!("{} is not an address of this host", sa.ip()))
        }
        _ => None,
    };
    let err =
        anyhow::Error::new(err).context(format!("cannot listen on {sa}")).context(Kind::Network);
    match hint {
        Some(h) => err.context(Hint(h)),
        None => err,
    }
}

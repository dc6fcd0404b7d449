//! The data connections of `nt ftp serve`: nt holds every client's data connection itself.
//!
//! Why: libunftp takes a data connection only from its control connection's address, which
//! is nt's loopback pair (see `control.rs`), and it hands the storage only an opaque async
//! writer, which rules out sendfile. So [`Forwarder`] rewrites each 227/229 reply of
//! libunftp to name a port nt listens on (in `--passive-ports`, on the address the client
//! reached), takes one connection there from the client's address only, and then, told by
//! the control relay which command it is for:
//! - RETR, STOR, APPE, STOU on a plain data connection: parks the socket in the session's
//!   [`Handoff`], where the storage (`jail.rs`) claims it and moves the file in the kernel
//!   (`zerocopy.rs`); libunftp still runs the command and sends the replies;
//! - listings: forwards the bytes as they are to libunftp's internal port;
//! - anything after PROT P: nt takes the TLS handshake (libunftp never sees PROT, so its
//!   side stays plain) and forwards the plain bytes (`pump.rs`), ending with close_notify.
//!
//! Bounds: one listener per session (a new PASV closes the last one's); at most
//! [`MAX_PASSIVE_PER_SOURCE`] listeners for one client address; the client's connection,
//! its transfer command and the TLS handshake all within [`ACCEPT_LIMIT`] of the passive
//! reply, or the relay answers `425` (`522` for a failed handshake). Nothing here prints.
//!
//! The passive ports keep their own accept instead of `net::serve::Server`: each waits for
//! one connection from one known address, for a session that already holds its slot, and
//! then closes; the server layer's slots, per-source share and login deadline are about
//! control connections, and a refusal line would be bytes inside the client's file.

use std::net::{IpAddr, SocketAddr};
use std::ops::RangeInclusive;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::time::Instant;

pub use super::handoff::{Failure, Link, Use};
use crate::net;
use crate::net::serve::{Share, Sources};

/// The bound on a data connection's setup: the client connects, sends its transfer command
/// and (after PROT P) ends its TLS handshake within this of the passive reply, or its
/// command is answered `425`/`522`. Under libunftp's own 15 s for its internal port.
pub const ACCEPT_LIMIT: Duration = Duration::from_secs(10);

/// A PASV while the last passive port still waits, younger than this, names that port
/// again instead of opening another (a client sending thousands of PASV holds one).
const REUSE_WITHIN: Duration = Duration::from_secs(5);

/// The bound on passive listeners open at once for one client address (each session holds
/// at most one): a client with many sessions cannot take the whole `--passive-ports` range.
pub const MAX_PASSIVE_PER_SOURCE: usize = 8;

/// The passive ports of one session.
pub struct Forwarder {
    /// Only connections from here are taken.
    pub client: IpAddr,
    /// The address the client reached; passive ports are bound there.
    pub outside: IpAddr,
    pub ports: RangeInclusive<u16>,
    /// libunftp's loopback address, where its data ports and its control peer are.
    pub inside: IpAddr,
    pub link: Arc<Link>,
    pub sources: Arc<Sources>,
    /// The TLS of data connections after PROT P.
    pub tls: Option<tokio_rustls::TlsAcceptor>,
}

impl Forwarder {
    /// For a passive reply of libunftp (a 227 or 229 line), the reply naming nt's own port.
    /// `None` for any other line.
    pub fn rewrite(&self, line: &str) -> Option<String> {
        let inside = if let Some(rest) = line.strip_prefix("229 ") {
            rest.split("|||").nth(1)?.split('|').next()?.parse::<u16>().ok()?
        } else if let Some(rest) = line.strip_prefix("227 ") {
            let inner = rest.split('(').nth(1)?.split(')').next()?;
            let numbers: Vec<u16> =
                inner.split(',').filter_map(|n| n.trim().parse::<u16>().ok()).collect();
            (numbers.len() == 6).then(|| numbers[4] * 256 + numbers[5])?
        } else {
            return None;
        };
        let Some(share) = Share::take(&self.sources, Some(self.client), MAX_PASSIVE_PER_SOURCE)
        else {
            return Some("425 Too many passive ports open from your address\r\n".into());
        };
        match self.open(inside, share) {
            Ok(port) => Some(self.passive_reply(line.starts_with("229 "), port)),
            Err(_) => Some("425 Cannot open a data port\r\n".into()),
        }
    }

    /// For a PASV (`extended`: EPSV) while the latest port still waits for its command:
    /// the reply naming that port again.
    pub fn reuse(&self, extended: bool) -> Option<String> {
        let port = self.link.handoff.reusable(REUSE_WITHIN)?;
        Some(self.passive_reply(extended, port))
    }

    fn passive_reply(&self, extended: bool, port: u16) -> String {
        if extended {
            return format!("229 Entering Extended Passive Mode (|||{port}|)\r\n");
        }
        match self.outside {
            IpAddr::V4(ip) => {
                let [a, b, c, d] = ip.octets();
                let (hi, lo) = (port >> 8, port & 0xff);
                format!("227 Entering Passive Mode ({a},{b},{c},{d},{hi},{lo})\r\n")
            }
            IpAddr::V6(_) => "425 PASV cannot name an IPv6 address: use EPSV\r\n".into(),
        }
    }

    /// Listen on a passive port for the client; its connection will meet libunftp's `inside`.
    fn open(&self, inside: u16, share: Share) -> std::io::Result<u16> {
        let socket = net::bind_in_range(self.outside, self.ports.clone())?;
        let listener = socket.listen(8)?;
        let port = listener.local_addr()?.port();
        let passive = Passive {
            listener,
            client: self.client,
            inside: SocketAddr::new(self.inside, inside),
            link: self.link.clone(),
            epoch: self.link.handoff.open(port),
            tls: self.tls.clone(),
            _share: share,
        };
        tokio::spawn(passive.serve());
        Ok(port)
    }
}

/// One passive port, waiting for its client.
struct Passive {
    listener: tokio::net::TcpListener,
    client: IpAddr,
    inside: SocketAddr,
    link: Arc<Link>,
    epoch: u64,
    tls: Option<tokio_rustls::TlsAcceptor>,
    _share: Share,
}

impl Passive {
    async fn serve(self) {
        let (handoff, epoch) = (&self.link.handoff, self.epoch);
        let deadline = Instant::now() + ACCEPT_LIMIT;
        let met = tokio::select! {
            met = tokio::time::timeout_at(deadline, self.meet()) => met.ok().flatten(),
            () = handoff.superseded(epoch) => None,
        };
        let Some((outside, what)) = met else {
            handoff.end(epoch, Some((425, "No data connection: none came in time")));
            return;
        };
        drop(self.listener);
        let failure = match what {
            Use::Direct => {
                return direct(outside, self.inside, &self.link, epoch).await;
            }
            Use::Forward => match tokio::net::TcpStream::connect(self.inside).await {
                Ok(inner) => {
                    handoff.end(epoch, None);
                    super::pump::pump(outside, inner, self.link.stall).await;
                    return;
                }
                Err(_) => (425, "Cannot open the data connection"),
            },
            Use::Private => {
                let Some(acceptor) = &self.tls else {
                    handoff.end(epoch, Some((522, "TLS is not configured")));
                    return;
                };
                let left = deadline.saturating_duration_since(Instant::now());
                let Ok(secure) = net::tls_accept_async(acceptor, outside, left).await else {
                    handoff.end(epoch, Some((522, "TLS on the data connection failed")));
                    return;
                };
                match tokio::net::TcpStream::connect(self.inside).await {
                    Ok(inner) => {
                        handoff.end(epoch, None);
                        super::pump::pump(secure, inner, self.link.stall).await;
                        return;
                    }
                    Err(_) => (425, "Cannot open the data connection"),
                }
            }
        };
        handoff.end(epoch, Some(failure));
    }

    /// The client's connection (from its address only) and the command it is for. Until
    /// the command comes, a newer connection replaces the one held: a PASV that named
    /// this port again is followed by a new connection.
    async fn meet(&self) -> Option<(tokio::net::TcpStream, Use)> {
        let mut held = None;
        loop {
            tokio::select! {
                accepted = self.listener.accept() => {
                    let (stream, peer) = accepted.ok()?;
                    if peer.ip().to_canonical() == self.client {
                        held = Some(stream);
                    }
                }
                what = self.link.handoff.wait(self.epoch) => {
                    // A connection made just before the command may still be queued: the
                    // newest is the client's (a zero timeout polls the accept once).
                    while let Ok(Ok((stream, peer))) =
                        tokio::time::timeout(Duration::ZERO, self.listener.accept()).await
                    {
                        if peer.ip().to_canonical() == self.client {
                            held = Some(stream);
                        }
                    }
                    let stream = match held {
                        Some(stream) => stream,
                        None => self.next_from_client().await?,
                    };
                    return Some((stream, what));
                }
            }
        }
    }

    /// The next connection from the client's address.
    async fn next_from_client(&self) -> Option<tokio::net::TcpStream> {
        loop {
            let (stream, peer) = self.listener.accept().await.ok()?;
            if peer.ip().to_canonical() == self.client {
                return Some(stream);
            }
        }
    }
}

/// A plain file transfer: the storage takes the client's socket from the handoff while
/// libunftp runs the command on the (empty) internal connection.
async fn direct(outside: tokio::net::TcpStream, inside: SocketAddr, link: &Link, epoch: u64) {
    let handoff = &link.handoff;
    let Ok(socket) = outside.into_std() else {
        handoff.end(epoch, Some((425, "Cannot open the data connection")));
        return;
    };
    handoff.park(socket);
    let Ok(mut inner) = tokio::net::TcpStream::connect(inside).await else {
        drop(handoff.claim());
        handoff.end(epoch, Some((425, "Cannot open the data connection")));
        return;
    };
    handoff.end(epoch, None);
    // libunftp runs the command (the storage takes the parked socket), then closes.
    let mut sink = [0u8; 4096];
    while matches!(inner.read(&mut sink).await, Ok(n) if n > 0) {}
    // Not taken (the command failed before any transfer): close it now.
    drop(handoff.claim());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarder() -> Forwarder {
        Forwarder {
            client: IpAddr::from([127, 0, 0, 1]),
            outside: IpAddr::from([127, 0, 0, 1]),
            ports: 40000..=60000,
            inside: IpAddr::from([127, 0, 0, 1]),
            link: Arc::new(Link {
                meter: Default::default(),
                handoff: Default::default(),
                stall: Duration::from_secs(1),
                max_upload: u64::MAX,
            }),
            sources: Default::default(),
            tls: None,
        }
    }

    #[tokio::test]
    async fn passive_replies_are_rewritten_to_a_port_of_nt() {
        let forwarder = forwarder();
        assert!(forwarder.rewrite("200 OK\r\n").is_none());
        assert!(forwarder.rewrite("229 garbled\r\n").is_none());
        let epsv = forwarder.rewrite("229 Entering Extended Passive Mode (|||50001|)").unwrap();
        let port: u16 =
            epsv.split("|||").nth(1).unwrap().trim_end_matches("|)\r\n").parse().unwrap();
        assert!((40000..=60000).contains(&port), "{epsv}");
        assert_eq!(forwarder.reuse(true).as_deref(), Some(epsv.as_str()), "named again");
        let pasv = forwarder.rewrite("227 Entering Passive Mode (127,0,0,1,195,81)").unwrap();
        assert!(pasv.starts_with("227 Entering Passive Mode (127,0,0,1,"), "{pasv}");
    }

    #[tokio::test]
    async fn one_address_holds_a_bounded_number_of_passive_ports() {
        let sessions: Vec<Forwarder> =
            (0..MAX_PASSIVE_PER_SOURCE + 1).map(|_| forwarder()).collect();
        let shared = Arc::new(Sources::default());
        let sessions: Vec<Forwarder> =
            sessions.into_iter().map(|f| Forwarder { sources: shared.clone(), ..f }).collect();
        let line = "229 Entering Extended Passive Mode (|||50001|)";
        for f in &sessions[..MAX_PASSIVE_PER_SOURCE] {
            assert!(f.rewrite(line).unwrap().starts_with("229 "));
        }
        let over = sessions[MAX_PASSIVE_PER_SOURCE].rewrite(line).unwrap();
        assert!(over.starts_with("425 "), "{over}");
    }
}

//! The data connections of `nt ftp serve`: nt holds every client's data connection itself.
//!
//! Why: libunftp takes a data connection only from its control connection's address, which
//! is nt's loopback pair (see `control.rs`), and it hands the storage only an opaque async
//! writer, which rules out sendfile. So [`Forwarder`] rewrites each 227/229 reply of
//! libunftp to name a port nt listens on (in `--passive-ports`, on the address the client
//! reached), takes one connection there from the client's address only (within
//! [`ACCEPT_LIMIT`]), and then, told by the control relay which command it is for:
//! - RETR, STOR, APPE, STOU on a plain data connection: parks the socket in the session's
//!   [`Handoff`], where the storage (`jail.rs`) claims it and moves the file in the kernel
//!   (`zerocopy.rs`); libunftp still runs the command and sends the replies;
//! - anything else (listings, TLS after PROT P): forwards the bytes as they are to
//!   libunftp's internal port.
//!
//! Nothing here prints.

use std::net::{IpAddr, SocketAddr};
use std::ops::RangeInclusive;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::AsyncReadExt;

use crate::net;

/// How long a passive port waits for the client, and then for its transfer command.
const ACCEPT_LIMIT: Duration = Duration::from_secs(15);

/// Copy buffer per direction of a forwarded data connection.
const BUFFER: usize = 256 << 10;

/// The address as IPv4 where it is one (a dual-stack listener sees `::ffff:a.b.c.d`).
pub fn plain(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The bytes moved by the last transfer of a session, for its log line.
#[derive(Debug, Default)]
pub struct Meter(Mutex<Option<u64>>);

impl Meter {
    pub fn set(&self, bytes: u64) {
        if let Ok(mut last) = self.0.lock() {
            *last = Some(bytes);
        }
    }

    /// The count of the last transfer, once.
    pub fn take(&self) -> Option<u64> {
        self.0.lock().ok().and_then(|mut last| last.take())
    }
}

/// What a session's storage shares with its control relay and its passive ports.
#[derive(Debug)]
pub struct Link {
    pub meter: Meter,
    pub handoff: Handoff,
    /// A direct transfer whose client moves nothing for this long ends (`--idle`).
    pub stall: Duration,
}

/// How the next data connection is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// A plain file transfer: the storage takes the socket.
    Direct,
    /// Bytes forwarded to libunftp.
    Forward,
}

/// Between a session's control relay, its passive ports and its storage.
#[derive(Debug, Default)]
pub struct Handoff {
    state: Mutex<State>,
    changed: tokio::sync::Notify,
}

#[derive(Debug, Default)]
struct State {
    /// Counts passive replies; a transfer command belongs to the latest.
    epoch: u64,
    expect: Option<(u64, Use)>,
    parked: Option<std::net::TcpStream>,
}

impl Handoff {
    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> Option<T> {
        self.state.lock().ok().map(|mut state| f(&mut state))
    }

    fn next_epoch(&self) -> u64 {
        self.with(|s| {
            s.epoch += 1;
            s.epoch
        })
        .unwrap_or(0)
    }

    /// The control relay saw a transfer command (for the latest passive port).
    pub fn expect(&self, what: Use) {
        self.with(|s| s.expect = Some((s.epoch, what)));
        self.changed.notify_waiters();
    }

    /// Wait for the transfer command of passive port `epoch`.
    async fn wait(&self, epoch: u64) -> Use {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let seen = self.with(|s| s.expect.filter(|(e, _)| *e == epoch)).flatten();
            if let Some((_, what)) = seen {
                return what;
            }
            changed.await;
        }
    }

    /// The client's data socket for a direct transfer, if one is parked (once).
    pub fn claim(&self) -> Option<std::net::TcpStream> {
        self.with(|s| s.parked.take()).flatten()
    }

    fn park(&self, socket: std::net::TcpStream) {
        self.with(|s| s.parked = Some(socket));
    }
}

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
                inner.split(',').filter_map(|n| n.trim().parse().ok()).collect();
            (numbers.len() == 6).then(|| numbers[4] * 256 + numbers[5])?
        } else {
            return None;
        };
        let Ok(port) = self.open(inside) else {
            return Some("425 Cannot open a data port\r\n".into());
        };
        if line.starts_with("229 ") {
            return Some(format!("229 Entering Extended Passive Mode (|||{port}|)\r\n"));
        }
        match self.outside {
            IpAddr::V4(ip) => {
                let [a, b, c, d] = ip.octets();
                let (hi, lo) = (port >> 8, port & 0xff);
                Some(format!("227 Entering Passive Mode ({a},{b},{c},{d},{hi},{lo})\r\n"))
            }
            IpAddr::V6(_) => Some("425 PASV cannot name an IPv6 address: use EPSV\r\n".into()),
        }
    }

    /// Listen on a passive port for the client; its connection will meet libunftp's `inside`.
    fn open(&self, inside: u16) -> std::io::Result<u16> {
        let socket = net::bind_in_range(self.outside, self.ports.clone())?;
        let listener = socket.listen(8)?;
        let port = listener.local_addr()?.port();
        let port_of = Passive {
            listener,
            client: self.client,
            inside: SocketAddr::new(self.inside, inside),
            link: self.link.clone(),
            epoch: self.link.handoff.next_epoch(),
        };
        tokio::spawn(port_of.serve());
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
}

impl Passive {
    async fn serve(self) {
        let from_client = async {
            loop {
                let (stream, peer) = self.listener.accept().await?;
                if plain(peer.ip()) == self.client {
                    return std::io::Result::Ok(stream);
                }
            }
        };
        let Ok(Ok(mut outside)) = tokio::time::timeout(ACCEPT_LIMIT, from_client).await else {
            return;
        };
        drop(self.listener);
        let handoff = &self.link.handoff;
        let told = tokio::time::timeout(ACCEPT_LIMIT, handoff.wait(self.epoch)).await;
        let Ok(what) = told else { return };
        if what == Use::Direct {
            let Ok(socket) = outside.into_std() else { return };
            handoff.park(socket);
            let Ok(mut inner) = tokio::net::TcpStream::connect(self.inside).await else { return };
            // libunftp runs the command (the storage takes the parked socket), then closes.
            let mut sink = [0u8; 4096];
            while matches!(inner.read(&mut sink).await, Ok(n) if n > 0) {}
            // Not taken (the command failed before any transfer): close it now.
            drop(handoff.claim());
            return;
        }
        let Ok(mut inner) = tokio::net::TcpStream::connect(self.inside).await else { return };
        let _ = tokio::io::copy_bidirectional_with_sizes(&mut outside, &mut inner, BUFFER, BUFFER)
            .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapped_addresses_are_ipv4() {
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        assert_eq!(plain(mapped), IpAddr::from([127, 0, 0, 1]));
        let v6: IpAddr = "::1".parse().unwrap();
        assert_eq!(plain(v6), v6);
    }

    #[tokio::test]
    async fn passive_replies_are_rewritten_to_a_port_of_nt() {
        let forwarder = Forwarder {
            client: IpAddr::from([127, 0, 0, 1]),
            outside: IpAddr::from([127, 0, 0, 1]),
            ports: 40000..=60000,
            inside: IpAddr::from([127, 0, 0, 1]),
            link: Arc::new(Link {
                meter: Meter::default(),
                handoff: Handoff::default(),
                stall: Duration::from_secs(1),
            }),
        };
        assert!(forwarder.rewrite("200 OK\r\n").is_none());
        assert!(forwarder.rewrite("229 garbled\r\n").is_none());
        let epsv = forwarder.rewrite("229 Entering Extended Passive Mode (|||50001|)").unwrap();
        let port: u16 =
            epsv.split("|||").nth(1).unwrap().trim_end_matches("|)\r\n").parse().unwrap();
        assert!((40000..=60000).contains(&port), "{epsv}");
        let pasv = forwarder.rewrite("227 Entering Passive Mode (127,0,0,1,195,81)").unwrap();
        assert!(pasv.starts_with("227 Entering Passive Mode (127,0,0,1,"), "{pasv}");
    }

    #[tokio::test]
    async fn a_transfer_command_is_matched_to_the_latest_passive_port() {
        let handoff = Handoff::default();
        let first = handoff.next_epoch();
        handoff.expect(Use::Direct);
        let second = handoff.next_epoch();
        let stale = tokio::time::timeout(Duration::from_millis(50), handoff.wait(second)).await;
        assert!(stale.is_err(), "a command for an older port is not this port's");
        assert_eq!(handoff.wait(first).await, Use::Direct);
        handoff.expect(Use::Forward);
        assert_eq!(handoff.wait(second).await, Use::Forward);
    }
}

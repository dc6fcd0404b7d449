//! Data connections of clients on other hosts.
//!
//! libunftp takes a data connection only from the address its control connection comes
//! from. For a client on this host nt pairs the control connection from the client's own
//! address (`net::local_pair`), and data connections go straight to libunftp. A client
//! elsewhere has an address nt cannot bind, so its control connection reaches libunftp
//! from loopback, and [`Forwarder`] stands in for the data port: it rewrites libunftp's
//! 227/229 reply to name a port nt listens on (in `--passive-ports`, on the address the
//! client reached), takes one connection there from the client's address only (within
//! [`ACCEPT_LIMIT`]), and forwards it to libunftp's internal port. Bytes are copied as they
//! are (TLS after PROT P included). Nothing here prints.

use std::net::{IpAddr, SocketAddr};
use std::ops::RangeInclusive;
use std::time::Duration;

use crate::net;

/// How long a passive port waits for the client (as libunftp waits).
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

/// The passive ports of one session whose client is elsewhere.
pub struct Forwarder {
    /// Only connections from here are taken.
    pub client: IpAddr,
    /// The address the client reached; passive ports are bound there.
    pub outside: IpAddr,
    pub ports: RangeInclusive<u16>,
    /// libunftp's loopback address, where its data ports and its control peer are.
    pub inside: IpAddr,
}

impl Forwarder {
    /// For a passive reply of libunftp (a 227 or 229 line), the reply naming nt's own port,
    /// which forwards to libunftp's. `None` for any other line.
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

    /// Listen on a passive port and forward the client's connection to `inside`.
    fn open(&self, inside: u16) -> std::io::Result<u16> {
        let socket = net::bind_in_range(self.outside, self.ports.clone())?;
        let listener = socket.listen(8)?;
        let port = listener.local_addr()?.port();
        tokio::spawn(forward(listener, self.client, SocketAddr::new(self.inside, inside)));
        Ok(port)
    }
}

async fn forward(listener: tokio::net::TcpListener, client: IpAddr, target: SocketAddr) {
    let from_client = async {
        loop {
            let (stream, peer) = listener.accept().await?;
            if plain(peer.ip()) == client {
                return std::io::Result::Ok(stream);
            }
        }
    };
    let Ok(Ok(mut outside)) = tokio::time::timeout(ACCEPT_LIMIT, from_client).await else {
        return;
    };
    drop(listener);
    let Ok(mut inner) = tokio::net::TcpStream::connect(target).await else { return };
    let _ =
        tokio::io::copy_bidirectional_with_sizes(&mut outside, &mut inner, BUFFER, BUFFER).await;
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
    async fn passive_replies_are_rewritten_to_a_forwarding_port() {
        let forwarder = Forwarder {
            client: IpAddr::from([127, 0, 0, 1]),
            outside: IpAddr::from([127, 0, 0, 1]),
            ports: 40000..=60000,
            inside: IpAddr::from([127, 0, 0, 1]),
        };
        assert!(forwarder.rewrite("200 OK\r\n").is_none());
        assert!(forwarder.rewrite("229 garbled\r\n").is_none());
        let epsv = forwarder.rewrite("229 Entering Extended Passive Mode (|||50001|)\r\n").unwrap();
        let port: u16 =
            epsv.split("|||").nth(1).unwrap().trim_end_matches("|)\r\n").parse().unwrap();
        assert!((40000..=60000).contains(&port), "{epsv}");
        let pasv = forwarder.rewrite("227 Entering Passive Mode (127,0,0,1,195,81)\r\n").unwrap();
        assert!(pasv.starts_with("227 Entering Passive Mode (127,0,0,1,"), "{pasv}");
    }
}

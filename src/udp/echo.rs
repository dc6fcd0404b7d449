//! What `udp listen --echo` may send back: never to the listener's own address (a datagram
//! spoofed with it would echo to itself forever), and to any one source at most
//! `--echo-rate` per second after a burst of one second's worth (two echo servers pointed
//! at each other, or a spoofed peer, run out of budget and the loop dies).
//!
//! The table of sources is bounded; it never sends anything itself.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::time::Instant;

use crate::addr::Rate;

/// Sources remembered at once; past that, idle ones are forgotten, and while every entry
/// is busy a new source gets no echo.
const MAX_SOURCES: usize = 4096;

/// The verdict on one datagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Echo,
    /// It claims to come from this listener itself.
    Own,
    /// Its source used up its budget.
    Limited,
}

struct Bucket {
    tokens: f64,
    at: Instant,
    /// Whether the user was told that this source is limited.
    warned: bool,
}

/// The echo budget of each source and the listener's own address.
pub struct EchoGuard {
    local: SocketAddr,
    per_sec: f64,
    burst: f64,
    sources: HashMap<SocketAddr, Bucket>,
    /// Whether an IP is one of this host's (asked of the kernel once per address).
    local_ips: HashMap<IpAddr, bool>,
}

impl EchoGuard {
    /// For a listener bound to `local`, echoing at most `rate` to each source.
    pub fn new(local: SocketAddr, rate: Rate) -> EchoGuard {
        EchoGuard {
            local: canonical(local),
            per_sec: rate.0,
            burst: rate.0.max(1.0),
            sources: HashMap::new(),
            local_ips: HashMap::new(),
        }
    }

    /// May a datagram from `from` be echoed now? The second value is true the first time a
    /// source is limited (worth one warning).
    pub fn allow(&mut self, from: SocketAddr, now: Instant) -> (Verdict, bool) {
        let from = canonical(from);
        if self.is_own(from) {
            return (Verdict::Own, false);
        }
        if !self.sources.contains_key(&from) && self.sources.len() >= MAX_SOURCES {
            self.forget_idle(now);
            if self.sources.len() >= MAX_SOURCES {
                return (Verdict::Limited, false);
            }
        }
        let burst = self.burst;
        let bucket =
            self.sources.entry(from).or_insert(Bucket { tokens: burst, at: now, warned: false });
        let earned = now.saturating_duration_since(bucket.at).as_secs_f64() * self.per_sec;
        bucket.tokens = (bucket.tokens + earned).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return (Verdict::Echo, false);
        }
        let first = !bucket.warned;
        bucket.warned = true;
        (Verdict::Limited, first)
    }

    /// Whether `from` is this listener's own address (its port on one of its IPs).
    fn is_own(&mut self, from: SocketAddr) -> bool {
        if from.port() != self.local.port() {
            return false;
        }
        if !self.local.ip().is_unspecified() {
            return from.ip() == self.local.ip();
        }
        if self.local_ips.len() >= MAX_SOURCES {
            self.local_ips.clear();
        }
        // An address this host can bind is one of its own.
        *self
            .local_ips
            .entry(from.ip())
            .or_insert_with(|| UdpSocket::bind(SocketAddr::new(from.ip(), 0)).is_ok())
    }

    /// Drop the sources whose budget has refilled (they have been quiet long enough).
    fn forget_idle(&mut self, now: Instant) {
        let (per_sec, burst) = (self.per_sec, self.burst);
        self.sources.retain(|_, b| {
            b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * per_sec < burst
        });
    }
}

/// `::ffff:1.2.3.4` (a v4 peer on a dual-stack socket) as `1.2.3.4`.
pub fn canonical(sa: SocketAddr) -> SocketAddr {
    SocketAddr::new(sa.ip().to_canonical(), sa.port())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn own_address_is_never_echoed() {
        let local: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        let mut guard = EchoGuard::new(local, Rate(10.0));
        let now = Instant::now();
        assert_eq!(guard.allow(local, now).0, Verdict::Own);
        assert_eq!(guard.allow("[::ffff:127.0.0.1]:4000".parse().unwrap(), now).0, Verdict::Own);
        assert_eq!(guard.allow("127.0.0.1:4001".parse().unwrap(), now).0, Verdict::Echo);
        let mut any = EchoGuard::new("[::]:4000".parse().unwrap(), Rate(10.0));
        assert_eq!(any.allow("127.0.0.1:4000".parse().unwrap(), now).0, Verdict::Own);
        assert_eq!(any.allow("192.0.2.1:4000".parse().unwrap(), now).0, Verdict::Echo);
    }

    #[test]
    fn each_source_gets_a_burst_then_its_rate() {
        let mut guard = EchoGuard::new("127.0.0.1:1".parse().unwrap(), Rate(10.0));
        let (a, b): (SocketAddr, SocketAddr) =
            ("127.0.0.1:5".parse().unwrap(), "127.0.0.1:6".parse().unwrap());
        let now = Instant::now();
        let echoed = (0..100).filter(|_| guard.allow(a, now).0 == Verdict::Echo).count();
        assert_eq!(echoed, 10);
        assert_eq!(guard.allow(a, now), (Verdict::Limited, false), "warned once already");
        assert_eq!(guard.allow(b, now).0, Verdict::Echo, "another source has its own budget");
        assert_eq!(guard.allow(a, now + Duration::from_millis(150)).0, Verdict::Echo);
    }

    #[test]
    fn the_source_table_is_bounded() {
        let mut guard = EchoGuard::new("127.0.0.1:1".parse().unwrap(), Rate(1.0));
        let now = Instant::now();
        for port in 0..MAX_SOURCES as u16 {
            guard.allow(SocketAddr::from(([10, 0, 0, 1], port + 2)), now);
        }
        let late = SocketAddr::from(([10, 0, 0, 2], 9));
        assert_eq!(guard.allow(late, now).0, Verdict::Limited);
        assert!(guard.sources.len() <= MAX_SOURCES);
        assert_eq!(guard.allow(late, now + Duration::from_secs(5)).0, Verdict::Echo);
    }
}

//! Failed logins of `nt ftp serve`, remembered per client address over every session, so
//! a password guesser is slowed down however many connections it opens.
//!
//! Each failed login from an address waits longer before its `530`: [`FIRST_DELAY`],
//! doubling with each failure from that address in the last [`MEMORY`], up to
//! [`MAX_DELAY`]. A successful login from the address forgets its failures. The map is
//! bounded ([`MAX_ADDRESSES`]): the stalest address is forgotten first. A session that
//! fails [`MAX_FAILURES`] times is closed (`control.rs`), as vsftpd's `max_login_fails`.
//! Nothing here does I/O.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed logins one session may make; the last one's `530` is followed by `421` and the
/// end of the session.
pub const MAX_FAILURES: u32 = 3;

/// The wait before the `530` of an address's first failed login.
pub const FIRST_DELAY: Duration = Duration::from_secs(1);

/// The bound on the wait before one `530`.
pub const MAX_DELAY: Duration = Duration::from_secs(30);

/// How long an address's failures count.
const MEMORY: Duration = Duration::from_secs(15 * 60);

/// The bound on addresses remembered.
const MAX_ADDRESSES: usize = 4096;

#[derive(Debug, Clone, Copy)]
struct Record {
    failures: u32,
    last: Instant,
}

/// Failed logins per client address.
#[derive(Debug, Default)]
pub struct Guard(Mutex<HashMap<IpAddr, Record>>);

impl Guard {
    /// A login from `ip` failed: how long to wait before saying so.
    pub fn failed(&self, ip: IpAddr) -> Duration {
        let Ok(mut map) = self.0.lock() else { return MAX_DELAY };
        let now = Instant::now();
        if !map.contains_key(&ip) && map.len() >= MAX_ADDRESSES {
            map.retain(|_, r| now.duration_since(r.last) < MEMORY);
            if map.len() >= MAX_ADDRESSES
                && let Some(stalest) = map.iter().min_by_key(|(_, r)| r.last).map(|(ip, _)| *ip)
            {
                map.remove(&stalest);
            }
        }
        let record = map.entry(ip).or_insert(Record { failures: 0, last: now });
        if now.duration_since(record.last) >= MEMORY {
            record.failures = 0;
        }
        record.failures = record.failures.saturating_add(1);
        record.last = now;
        delay(record.failures)
    }

    /// A login from `ip` succeeded.
    pub fn forget(&self, ip: IpAddr) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(&ip);
        }
    }
}

/// The wait before the `530` of an address's `n`th recent failure.
fn delay(n: u32) -> Duration {
    let doublings = n.saturating_sub(1).min(16);
    FIRST_DELAY.saturating_mul(1 << doublings).min(MAX_DELAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_from_an_address_waits_longer_up_to_the_bound() {
        let guard = Guard::default();
        let (a, b) = (IpAddr::from([10, 0, 0, 1]), IpAddr::from([10, 0, 0, 2]));
        assert_eq!(guard.failed(a), FIRST_DELAY);
        assert_eq!(guard.failed(a), FIRST_DELAY * 2);
        assert_eq!(guard.failed(a), FIRST_DELAY * 4);
        assert_eq!(guard.failed(b), FIRST_DELAY, "another address has its own count");
        for _ in 0..40 {
            assert!(guard.failed(a) <= MAX_DELAY);
        }
        assert_eq!(guard.failed(a), MAX_DELAY);
        guard.forget(a);
        assert_eq!(guard.failed(a), FIRST_DELAY, "a login forgets the failures");
    }

    #[test]
    fn the_map_is_bounded() {
        let guard = Guard::default();
        for i in 0..(MAX_ADDRESSES as u32 + 100) {
            guard.failed(IpAddr::from(i.to_be_bytes()));
        }
        assert!(guard.0.lock().unwrap().len() <= MAX_ADDRESSES);
    }
}

//! What one `nt ftp serve` session's control relay, its passive port and its storage share:
//! which passive port is the latest, which transfer command it is for, the client's data
//! socket for a direct transfer, and a data connection that failed (so the relay can answer
//! `425`/`522` instead of leaving the client with a `150` and nothing after it).
//!
//! One passive port per session: a new one supersedes the last, whose listener closes at
//! once (as vsftpd does). A port serves one transfer command. Everything is under one
//! mutex, so the relay and the port agree on whether a command was taken. Nothing here
//! touches a socket or prints.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::Notify;

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
    /// A transfer whose client moves nothing for this long ends (`--idle`).
    pub stall: Duration,
    /// The largest file an upload may leave (`--max-upload`).
    pub max_upload: u64,
}

/// How the next data connection is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// A plain file transfer: the storage takes the socket.
    Direct,
    /// Bytes forwarded to libunftp as they are.
    Forward,
    /// PROT P: nt takes the TLS handshake and forwards the plain bytes.
    Private,
}

/// Why a data connection failed: the reply the client gets for its transfer command.
pub type Failure = (u16, &'static str);

/// Between a session's control relay, its passive ports and its storage.
#[derive(Debug, Default)]
pub struct Handoff {
    state: Mutex<State>,
    /// A new port, or a transfer command, for the port tasks.
    changed: Notify,
    /// A failure for the relay (a stored permit: the relay may be busy when it comes).
    failed: Notify,
}

#[derive(Debug, Default)]
struct State {
    /// Counts passive ports; the latest supersedes the others.
    epoch: u64,
    /// The latest port while it waits for its client and its command.
    port: Option<Port>,
    expect: Option<(u64, Use)>,
    parked: Option<std::net::TcpStream>,
    failure: Option<Failure>,
}

#[derive(Debug, Clone, Copy)]
struct Port {
    number: u16,
    opened: Instant,
    /// A transfer command took it.
    taken: bool,
}

impl Handoff {
    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> Option<T> {
        self.state.lock().ok().map(|mut state| f(&mut state))
    }

    /// A new passive port: the latest from now on (the one before closes its listener).
    pub fn open(&self, number: u16) -> u64 {
        let epoch = self
            .with(|s| {
                s.epoch += 1;
                s.port = Some(Port { number, opened: Instant::now(), taken: false });
                s.expect = None;
                s.epoch
            })
            .unwrap_or(0);
        self.changed.notify_waiters();
        epoch
    }

    /// The latest port, if it still waits for a command and was opened less than `fresh`
    /// ago: a PASV now can name it again instead of opening another.
    pub fn reusable(&self, fresh: Duration) -> Option<u16> {
        self.with(|s| s.port.filter(|p| !p.taken && p.opened.elapsed() < fresh).map(|p| p.number))
            .flatten()
    }

    /// The relay has a transfer command for the latest port: `false` when there is none
    /// (never opened, already used, or given up), and the relay answers `425` itself.
    pub fn expect(&self, what: Use) -> bool {
        let taken = self
            .with(|s| match &mut s.port {
                Some(port) if !port.taken => {
                    port.taken = true;
                    s.expect = Some((s.epoch, what));
                    s.failure = None;
                    true
                }
                _ => false,
            })
            .unwrap_or(false);
        self.changed.notify_waiters();
        taken
    }

    /// Until port `epoch` is superseded by a newer one.
    pub async fn superseded(&self, epoch: u64) {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if self.with(|s| s.epoch != epoch).unwrap_or(true) {
                return;
            }
            changed.await;
        }
    }

    /// Wait for the transfer command of passive port `epoch`.
    pub async fn wait(&self, epoch: u64) -> Use {
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

    /// Port `epoch` is done. With `failure`, the transfer command it took (if any) gets
    /// that reply from the relay.
    pub fn end(&self, epoch: u64, failure: Option<Failure>) {
        let tell = self
            .with(|s| {
                if s.epoch == epoch {
                    s.port = None;
                }
                let had_command = s.expect.is_some_and(|(e, _)| e == epoch);
                match failure {
                    Some(failure) if had_command => {
                        s.expect = None;
                        s.failure = Some(failure);
                        true
                    }
                    _ => false,
                }
            })
            .unwrap_or(false);
        if tell {
            self.failed.notify_one();
        }
    }

    /// A data connection failed for the command in progress (wait for it, cancel-safe).
    pub async fn failure(&self) -> Failure {
        loop {
            if let Some(failure) = self.with(|s| s.failure.take()).flatten() {
                return failure;
            }
            self.failed.notified().await;
        }
    }

    /// The client's data socket for a direct transfer, if one is parked (once).
    pub fn claim(&self) -> Option<std::net::TcpStream> {
        self.with(|s| s.parked.take()).flatten()
    }

    pub fn park(&self, socket: std::net::TcpStream) {
        self.with(|s| s.parked = Some(socket));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_transfer_command_takes_the_latest_port_once() {
        let handoff = Handoff::default();
        assert!(!handoff.expect(Use::Direct), "no port yet");
        let first = handoff.open(50001);
        assert_eq!(handoff.reusable(Duration::from_secs(5)), Some(50001));
        let second = handoff.open(50002);
        tokio::time::timeout(Duration::from_millis(50), handoff.superseded(first))
            .await
            .expect("the older port is told at once");
        assert!(handoff.expect(Use::Forward));
        assert_eq!(handoff.reusable(Duration::from_secs(5)), None, "taken");
        assert!(!handoff.expect(Use::Forward), "one command per port");
        assert_eq!(handoff.wait(second).await, Use::Forward);
        let stale = tokio::time::timeout(Duration::from_millis(50), handoff.wait(first)).await;
        assert!(stale.is_err(), "a command for a newer port is not the older one's");
    }

    #[tokio::test]
    async fn a_failed_port_tells_the_relay_only_when_a_command_waits() {
        let handoff = Handoff::default();
        let epoch = handoff.open(50001);
        handoff.end(epoch, Some((425, "no connection")));
        assert!(!handoff.expect(Use::Direct), "the port is gone: the relay answers 425");
        let quiet = tokio::time::timeout(Duration::from_millis(50), handoff.failure()).await;
        assert!(quiet.is_err(), "nothing waited on it");
        let epoch = handoff.open(50002);
        assert!(handoff.expect(Use::Private));
        handoff.end(epoch, Some((522, "handshake failed")));
        assert_eq!(handoff.failure().await, (522, "handshake failed"));
    }
}

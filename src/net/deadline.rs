//! Deadlines and how a socket's failure is told: [`Deadline`] (one end for a whole
//! connect or exchange), and [`io_error`], which turns a socket error into nt's error, a
//! timeout saying `timed out` (exit 4), never "Resource temporarily unavailable".
//!
//! Nothing here opens a socket or knows a protocol.

use std::fmt::Display;
use std::io;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::error::{Kind, fail};
use crate::tls;

/// When a wait must end. `Deadline::after(None)` never ends (a flag left unset).
#[derive(Debug, Clone, Copy)]
pub struct Deadline(Option<Instant>);

impl Deadline {
    /// A deadline `limit` from now (none for `None`).
    pub fn after(limit: Option<Duration>) -> Deadline {
        Deadline(limit.map(|l| Instant::now() + l))
    }

    /// Time left (`None`: no limit), or a `TimedOut` error once it has passed. Never
    /// zero, which socket timeouts would read as "no timeout".
    pub fn left(&self) -> io::Result<Option<Duration>> {
        match self.0 {
            None => Ok(None),
            Some(end) => match end.checked_duration_since(Instant::now()) {
                Some(left) if left >= Duration::from_millis(1) => Ok(Some(left)),
                _ => Err(io::Error::new(io::ErrorKind::TimedOut, "timed out")),
            },
        }
    }

    /// Put the time left on a socket's reads and writes.
    pub fn apply(&self, stream: &TcpStream) -> io::Result<()> {
        let left = self.left()?;
        stream.set_read_timeout(left)?;
        stream.set_write_timeout(left)
    }
}

/// The error for a wait that ran out: `WHAT: timed out`, exit 4.
pub fn timed_out(what: impl Display) -> anyhow::Error {
    fail(Kind::Network, format!("{what}: timed out"))
}

/// Whether a socket error is a timeout (a read or write timeout shows as `WouldBlock`).
pub fn is_timeout(err: &io::Error) -> bool {
    matches!(err.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock)
}

/// A socket error as nt reports it: a timeout is `WHAT: timed out`; anything else keeps
/// its cause under WHAT. Both are exit 4 (TLS errors inside become exit 5).
pub fn io_error(err: io::Error, what: impl Display) -> anyhow::Error {
    if is_timeout(&err) {
        return timed_out(what);
    }
    tls::classify(anyhow::Error::new(err).context(what.to_string()), Kind::Network)
}

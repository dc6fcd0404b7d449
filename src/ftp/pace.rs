//! How bytes move in a transfer: the copy loop ([`pump`]) and `--limit-rate`'s token
//! bucket ([`Limiter`]), shared by downloads, uploads and listings. It knows no FTP
//! command and opens nothing: the caller hands it a reader and a sink.

use std::io::{self, Read};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::progress::Bar;

/// Copy buffer: big enough that syscalls, not the loop, set the pace.
const CHUNK: usize = 1 << 20;

/// `--limit-rate`: a token bucket shared by every transfer of one command (and every
/// connection of a parallel mirror), so the total stays under the rate.
#[derive(Debug)]
pub struct Limiter {
    rate: f64,
    /// Tokens (bytes) in the bucket and when it was last filled.
    state: Mutex<(f64, Instant)>,
}

impl Limiter {
    pub fn new(bytes_per_sec: f64) -> Limiter {
        Limiter { rate: bytes_per_sec, state: Mutex::new((0.0, Instant::now())) }
    }

    /// How much to read at once: about a twentieth of a second's worth.
    fn chunk(&self) -> usize {
        ((self.rate / 20.0) as usize).clamp(1024, CHUNK)
    }

    /// Account for `n` bytes, sleeping as long as the rate asks.
    fn take(&self, n: usize) {
        let burst = (self.rate / 4.0).max(self.chunk() as f64);
        let wait = match self.state.lock() {
            Ok(mut state) => {
                let now = Instant::now();
                let (tokens, last) = *state;
                let refilled =
                    (tokens + now.duration_since(last).as_secs_f64() * self.rate).min(burst);
                let left = refilled - n as f64;
                *state = (left, now);
                if left < 0.0 { -left / self.rate } else { 0.0 }
            }
            Err(_) => 0.0,
        };
        if wait > 0.0 {
            std::thread::sleep(Duration::from_secs_f64(wait));
        }
    }
}

/// Why a copy stopped early.
pub enum Stop {
    Read(io::Error),
    Write(anyhow::Error),
}

/// Copy until EOF, counting into the bar, at most at the limiter's rate.
pub fn pump(
    src: &mut dyn Read,
    sink: &mut dyn FnMut(&[u8]) -> anyhow::Result<()>,
    bar: &Bar,
    limiter: Option<&Limiter>,
    size_hint: Option<u64>,
    moved: &mut u64,
) -> Result<(), Stop> {
    let size = match (limiter, size_hint) {
        (Some(l), _) => l.chunk(),
        (None, Some(n)) => (n as usize).clamp(64 << 10, CHUNK),
        (None, None) => CHUNK,
    };
    let mut buf = vec![0u8; size];
    loop {
        let n = match src.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Stop::Read(e)),
        };
        sink(&buf[..n]).map_err(Stop::Write)?;
        *moved += n as u64;
        bar.inc(n as u64);
        if let Some(limiter) = limiter {
            limiter.take(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limiter_holds_the_rate() {
        let limiter = Limiter::new(400_000.0);
        let started = Instant::now();
        for _ in 0..20 {
            limiter.take(20_000);
        }
        let secs = started.elapsed().as_secs_f64();
        assert!((0.9..3.0).contains(&secs), "{secs}");
    }
}

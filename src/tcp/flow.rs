//! The life of one bridged connection, the one piece shared by the blocking bridge
//! (`bridge.rs`, splice on Linux) and the tokio paths (`tls_client.rs`, `serve.rs`): the
//! byte counters, the `--idle` timer, the `--progress` bar and its summary, and the
//! half-close drain (what stdin still has for a peer that closed its side).
//!
//! It never reads or writes the connection itself and decides no exit code beyond the idle
//! error and a sending side that failed while the peer stayed ([`sending_error`]).

use std::io::{self, Seek};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::error::{Kind, fail};
use crate::output::Output;
use crate::progress::{self, ProgressBar};

/// What a bridge takes from the command line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// `--idle`: nothing moved either way for this long ends the connection.
    pub idle: Option<Duration>,
    /// `--progress`: a bar on stderr (a TTY) and a summary at the end.
    pub progress: bool,
}

/// Which way bytes went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// stdin → peer.
    Sent,
    /// peer → stdout.
    Received,
}

/// Counters, idle clock and bar of one connection; shared by its two directions.
pub struct Flow {
    start: Instant,
    last_ms: AtomicU64,
    idle: Option<Duration>,
    idled: AtomicBool,
    sent: AtomicU64,
    received: AtomicU64,
    /// The bar, when `--progress` asked for one.
    bar: Option<ProgressBar>,
    /// The bar counts only what is sent (stdin is a file of known size), else both ways.
    bar_sent_only: bool,
    /// The sending side holds bytes of stdin that the peer does not have yet.
    holding: AtomicBool,
}

impl Flow {
    /// A flow with the `--progress` bar of `opts`: with a total and an ETA when stdin is a
    /// regular file (what is left of it), else bytes and rate.
    pub fn new(opts: &Options, out: &Output) -> Arc<Flow> {
        let total = if opts.progress { stdin_file_left() } else { None };
        let bar = opts.progress.then(|| match total {
            Some(n) => progress::bytes(out, Some(n), "sent"),
            None => progress::bytes(out, None, "moved"),
        });
        Arc::new(Flow {
            start: Instant::now(),
            last_ms: AtomicU64::new(0),
            idle: opts.idle,
            idled: AtomicBool::new(false),
            sent: AtomicU64::new(0),
            received: AtomicU64::new(0),
            bar,
            bar_sent_only: total.is_some(),
            holding: AtomicBool::new(false),
        })
    }

    /// A flow with only an idle clock (one client of `serve -k`: no bar, no summary).
    pub fn idle_only(idle: Option<Duration>) -> Flow {
        Flow {
            start: Instant::now(),
            last_ms: AtomicU64::new(0),
            idle,
            idled: AtomicBool::new(false),
            sent: AtomicU64::new(0),
            received: AtomicU64::new(0),
            bar: None,
            bar_sent_only: false,
            holding: AtomicBool::new(false),
        }
    }

    /// `n` bytes went `way`: count them and restart the idle clock.
    pub fn moved(&self, way: Way, n: u64) {
        let counter = match way {
            Way::Sent => &self.sent,
            Way::Received => &self.received,
        };
        counter.fetch_add(n, Ordering::Relaxed);
        self.last_ms.store(self.start.elapsed().as_millis() as u64, Ordering::Relaxed);
        if let Some(bar) = &self.bar
            && (way == Way::Sent || !self.bar_sent_only)
        {
            bar.inc(n);
        }
    }

    /// Bytes that go `way` were taken from their source (`true`) or all of them were
    /// written (`false`). Only stdin's side counts: the half-close drain
    /// ([`Flow::finish_sending`]) waits for what it holds however quiet stdin is.
    pub fn hold(&self, way: Way, holding: bool) {
        if way == Way::Sent {
            self.holding.store(holding, Ordering::Release);
        }
    }

    /// Whether the sending side holds bytes of stdin that the peer does not have yet.
    fn holds(&self) -> bool {
        self.holding.load(Ordering::Acquire)
    }

    /// The peer has closed its side. A peer that only half-closed still reads, so stdin
    /// keeps flowing to it; but nothing waits for input that is not coming (a TTY nobody
    /// types on, an idle pipe): once stdin has been quiet for [`QUIET`] while nothing
    /// read from it is left to send, the connection ends. `wait_done` waits a short while
    /// for the sending side and says whether it finished.
    pub fn finish_sending(&self, wait_done: impl FnMut() -> bool) {
        self.drain(wait_done, stdin_ready);
    }

    /// [`Flow::finish_sending`] with the look at stdin given (`stdin_ready`).
    fn drain(&self, mut wait_done: impl FnMut() -> bool, mut stdin_ready: impl FnMut() -> bool) {
        while !wait_done() {
            // Held bytes go out however long the peer takes; the second look covers a
            // chunk read while stdin was being watched.
            if !self.holds() && !stdin_ready() && !self.holds() {
                return;
            }
        }
    }

    /// [`Flow::finish_sending`] for tokio code: `sending` is the task that copies stdin to
    /// the peer; its output when it finished, `None` when it was left behind.
    pub async fn finish_sending_async<F: Future + Unpin>(
        &self,
        mut sending: F,
    ) -> Option<F::Output> {
        loop {
            if let Ok(done) = tokio::time::timeout(Duration::from_millis(50), &mut sending).await {
                return Some(done);
            }
            if self.holds() {
                continue;
            }
            // The poll blocks for up to QUIET: off the runtime's threads.
            let ready = tokio::task::spawn_blocking(stdin_ready).await.unwrap_or(false);
            if !ready && !self.holds() {
                return None;
            }
        }
    }

    /// How long until `--idle` runs out (zero: it has); `None` without `--idle`.
    pub fn idle_left(&self) -> Option<Duration> {
        let limit = self.idle?;
        let now = self.start.elapsed().as_millis() as u64;
        let quiet = Duration::from_millis(now.saturating_sub(self.last_ms.load(Ordering::Relaxed)));
        Some(limit.saturating_sub(quiet))
    }

    /// Whether the idle clock ended this connection.
    pub fn idled(&self) -> bool {
        self.idled.load(Ordering::Relaxed)
    }

    /// The error of a connection closed for `--idle`: exit 4.
    pub fn idle_error(&self) -> anyhow::Error {
        let ms = self.idle.unwrap_or_default().as_millis();
        fail(Kind::Network, format!("idle for {ms} ms, connection closed (--idle)"))
    }

    /// Resolves when `--idle` runs out (never without it): for tokio code.
    pub async fn idle_expired(&self) {
        loop {
            match self.idle_left() {
                None => std::future::pending::<()>().await,
                Some(left) if left.is_zero() => {
                    self.idled.store(true, Ordering::Relaxed);
                    return;
                }
                Some(left) => tokio::time::sleep(left).await,
            }
        }
    }

    /// Watch `--idle` on a thread (for blocking code): when it runs out, `expire` runs
    /// (it shuts the socket down, which ends the blocked copies).
    pub fn watch_idle(self: &Arc<Self>, expire: impl FnOnce() + Send + 'static) -> io::Result<()> {
        if self.idle.is_none() {
            return Ok(());
        }
        let flow = self.clone();
        std::thread::Builder::new().name("idle".into()).spawn(move || {
            while let Some(left) = flow.idle_left() {
                if left.is_zero() {
                    flow.idled.store(true, Ordering::Relaxed);
                    expire();
                    return;
                }
                std::thread::sleep(left);
            }
        })?;
        Ok(())
    }

    /// Clear the bar and, with `--progress`, print what moved each way.
    pub fn finish(&self, out: &Output) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
            let elapsed = self.start.elapsed();
            out.info(&progress::summary("sent", self.sent.load(Ordering::Relaxed), elapsed));
            out.info(&progress::summary(
                "received",
                self.received.load(Ordering::Relaxed),
                elapsed,
            ));
        }
    }
}

/// What is left to read of stdin when it is a regular file (`< file.bin`), else `None`.
fn stdin_file_left() -> Option<u64> {
    let mut file = super::sys::stdin_file()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    let at = file.stream_position().ok()?;
    Some(meta.len().saturating_sub(at))
}

/// How long stdin may stay quiet after the peer closed before nt stops waiting for it.
pub const QUIET: Duration = Duration::from_millis(100);

/// A read error of stdin, told apart from the socket's errors on the way out.
#[derive(Debug)]
struct StdinFailed(io::Error);

impl std::fmt::Display for StdinFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read stdin: {}", self.0)
    }
}

impl std::error::Error for StdinFailed {}

/// `e`, a read error of stdin, marked so that [`sending_error`] calls it stdin's.
pub fn stdin_failed(e: io::Error) -> io::Error {
    io::Error::new(e.kind(), StdinFailed(e))
}

/// Errors that only mean the peer stopped listening; the reading side reports the end.
pub fn peer_gone(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset | io::ErrorKind::NotConnected
    )
}

/// Why the sending side stopped while the peer stayed: stdin (exit 3, marked by
/// [`stdin_failed`]) or the connection (exit 4). The peer did not get all of stdin.
pub fn sending_error(e: io::Error) -> anyhow::Error {
    if e.get_ref().is_some_and(|inner| inner.is::<StdinFailed>()) {
        return fail(Kind::LocalFile, e);
    }
    anyhow::Error::new(e).context("stopped sending").context(Kind::Network)
}

/// Whether stdin has bytes (or its EOF) to read within [`QUIET`].
pub fn stdin_ready() -> bool {
    super::sys::stdin_ready(QUIET)
}

/// Peer bytes made safe for a terminal: line breaks kept, other controls escaped.
pub fn terminal_safe(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.replace("\r\n", "\n");
    let lines: Vec<_> = text.split('\n').map(crate::output::sanitize).collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many times the drain asked whether sending was done, with stdin always quiet
    /// and `hold` run at each look at stdin.
    fn asks_before_the_end(held: bool, hold: impl Fn(&Flow)) -> usize {
        let flow = Flow::idle_only(None);
        flow.hold(Way::Sent, held);
        let asked = std::cell::Cell::new(0);
        let wait_done = || {
            asked.set(asked.get() + 1);
            asked.get() == 5
        };
        flow.drain(wait_done, || {
            hold(&flow);
            false
        });
        asked.get()
    }

    #[test]
    fn quiet_stdin_ends_the_drain_unless_bytes_are_held() {
        assert_eq!(asks_before_the_end(false, |_| {}), 1);
        assert_eq!(asks_before_the_end(true, |_| {}), 5);
        // A chunk taken while stdin was watched is sent too.
        assert_eq!(asks_before_the_end(false, |f| f.hold(Way::Sent, true)), 5);
        // Only stdin's side holds: the received side never keeps the connection open.
        let flow = Flow::idle_only(None);
        flow.hold(Way::Received, true);
        assert!(!flow.holds());
    }

    #[test]
    fn terminal_text_keeps_lines_and_escapes_controls() {
        assert_eq!(terminal_safe(b"a\r\nb\n"), "a\nb\n");
        assert_eq!(terminal_safe(b"x\x1b[2Jy"), "x\\u{1b}[2Jy");
        assert_eq!(terminal_safe(b"\xff"), "\u{fffd}");
    }

    #[test]
    fn the_idle_clock_restarts_when_bytes_move() {
        let flow = Flow::idle_only(Some(Duration::from_millis(200)));
        assert!(flow.idle_left().unwrap() > Duration::from_millis(100));
        std::thread::sleep(Duration::from_millis(210));
        assert_eq!(flow.idle_left(), Some(Duration::ZERO));
        flow.moved(Way::Received, 5);
        assert!(flow.idle_left().unwrap() > Duration::from_millis(100));
        assert_eq!(Flow::idle_only(None).idle_left(), None);
    }
}

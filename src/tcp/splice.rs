//! The fast path of `nt tcp`: one plain TCP stream bridged to stdin/stdout by two
//! blocking threads, with splice(2) so the bytes never enter user space.
//!
//! stdin → socket runs on its own thread and shuts down the write half at EOF;
//! socket → stdout runs on the caller's thread, and when the peer closes, the caller
//! returns at once (a thread still blocked on stdin dies with the process). Where splice
//! does not apply (a TTY, a socket that refuses it) the copy falls back to read/write with
//! a large buffer. This module never decides exit codes beyond tagging errors.

use std::fs::File;
use std::io::{self, Read, Write};
use std::mem::ManuallyDrop;
use std::net::{Shutdown, TcpStream};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::ProgressBar;

use crate::error::{ClosedStdout, Kind, Tag, fail};
use crate::output::Output;
use crate::progress;

/// What the bridge needs from the command line.
pub struct Options {
    pub idle: Option<Duration>,
    pub progress: bool,
}

/// How much a splice call may move at once, and the size asked for our pipes.
const CHUNK: usize = 1 << 20;
/// SO_SNDBUF / SO_RCVBUF for the bridged socket.
const SOCKET_BUFFER: usize = 256 << 10;
/// The read/write fallback buffer.
const BUFFER: usize = 1 << 20;

/// Shared between the two directions: bytes moved, last activity, and the idle verdict.
struct Flow {
    start: Instant,
    last_ms: AtomicU64,
    idled: AtomicBool,
    sent: AtomicU64,
    received: AtomicU64,
    bar: ProgressBar,
}

impl Flow {
    fn moved(&self, n: u64, counter: &AtomicU64) {
        counter.fetch_add(n, Ordering::Relaxed);
        self.last_ms.store(self.start.elapsed().as_millis() as u64, Ordering::Relaxed);
        self.bar.inc(n);
    }
}

/// Bridge stdin/stdout to `stream` until the peer closes (or stdout does).
pub fn bridge(stream: TcpStream, opts: &Options, out: &Output) -> anyhow::Result<ExitCode> {
    let bar =
        if opts.progress { progress::bytes(out, None, "moved") } else { ProgressBar::hidden() };
    let flow = Arc::new(Flow {
        start: Instant::now(),
        last_ms: AtomicU64::new(0),
        idled: AtomicBool::new(false),
        sent: AtomicU64::new(0),
        received: AtomicU64::new(0),
        bar,
    });
    // Fixed 256 KiB socket buffers instead of autotuning (which grows to several MiB):
    // the data then stays in cache between splice calls; on loopback this measured
    // ~1.6x the throughput at half the CPU (net-readme.md, Performance).
    let sock = socket2::SockRef::from(&stream);
    let _ = sock.set_send_buffer_size(SOCKET_BUFFER);
    let _ = sock.set_recv_buffer_size(SOCKET_BUFFER);
    let writer = stream.try_clone().context_net()?;
    let up_flow = flow.clone();
    let up_out = out.clone();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    std::thread::Builder::new()
        .name("stdin".into())
        .spawn(move || {
            let result =
                copy(libc::STDIN_FILENO, writer.as_raw_fd(), &up_flow, &up_flow.sent, false);
            let _ = writer.shutdown(Shutdown::Write);
            if let Err(e) = result
                && !peer_gone(&e)
            {
                up_out.warn(&format!("stopped sending: {e}"));
            }
            let _ = done_tx.send(());
        })
        .context_net()?;
    if let Some(idle) = opts.idle {
        watch_idle(stream.try_clone().context_net()?, flow.clone(), idle)?;
    }
    let down =
        copy(stream.as_raw_fd(), libc::STDOUT_FILENO, &flow, &flow.received, out.stdout_tty());
    if down.is_ok() {
        finish_sending(|| {
            !matches!(
                done_rx.recv_timeout(Duration::from_millis(50)),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout)
            )
        });
    }
    flow.bar.finish_and_clear();
    let elapsed = flow.start.elapsed();
    if opts.progress {
        out.info(&progress::summary("sent", flow.sent.load(Ordering::Relaxed), elapsed));
        out.info(&progress::summary("received", flow.received.load(Ordering::Relaxed), elapsed));
    }
    match down {
        Ok(_) if flow.idled.load(Ordering::Relaxed) => Err(fail(
            Kind::Network,
            format!(
                "idle for {} ms, connection closed (--idle)",
                opts.idle.unwrap_or_default().as_millis()
            ),
        )),
        Ok(_) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(anyhow::Error::new(ClosedStdout)),
        Err(e) => Err(anyhow::Error::new(e).context("connection lost").context(Kind::Network)),
    }
}

/// The peer has closed its side. A peer that only half-closed still reads, so stdin keeps
/// flowing to it; but nothing waits for input that is not coming (a TTY nobody types
/// on, an idle pipe): once stdin has been quiet for [`QUIET`], the session ends.
/// `wait_done` waits a short while for the sending side and says whether it finished.
pub fn finish_sending(mut wait_done: impl FnMut() -> bool) {
    while !wait_done() {
        if !stdin_ready() {
            return;
        }
    }
}

/// How long stdin may stay quiet after the peer closed before nt stops waiting for it.
pub const QUIET: Duration = Duration::from_millis(100);

/// Whether stdin has bytes (or its EOF) to read within [`QUIET`].
pub fn stdin_ready() -> bool {
    let mut fds = libc::pollfd { fd: libc::STDIN_FILENO, events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd and a bounded timeout.
    let n = unsafe { libc::poll(&mut fds, 1, QUIET.as_millis() as libc::c_int) };
    n > 0 && fds.revents & (libc::POLLIN | libc::POLLHUP) != 0
}

trait NetContext<T> {
    fn context_net(self) -> anyhow::Result<T>;
}

impl<T> NetContext<T> for io::Result<T> {
    fn context_net(self) -> anyhow::Result<T> {
        self.kind(Kind::Network)
    }
}

/// Errors that only mean the peer stopped listening; the reading side reports the end.
fn peer_gone(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset | io::ErrorKind::NotConnected
    )
}

fn watch_idle(stream: TcpStream, flow: Arc<Flow>, idle: Duration) -> anyhow::Result<()> {
    let step = (idle / 4).clamp(Duration::from_millis(10), Duration::from_millis(250));
    std::thread::Builder::new()
        .name("idle".into())
        .spawn(move || {
            loop {
                std::thread::sleep(step);
                let now = flow.start.elapsed().as_millis() as u64;
                if now.saturating_sub(flow.last_ms.load(Ordering::Relaxed))
                    >= idle.as_millis() as u64
                {
                    flow.idled.store(true, Ordering::Relaxed);
                    let _ = stream.shutdown(Shutdown::Both);
                    return;
                }
            }
        })
        .context_net()?;
    Ok(())
}

/// Copy `from` to `to` until EOF: splice where the kernel can, else read/write. When
/// `to_tty` is set, peer text is made safe for the terminal first.
fn copy(from: RawFd, to: RawFd, flow: &Flow, counter: &AtomicU64, to_tty: bool) -> io::Result<()> {
    if !to_tty {
        let finished = if is_pipe(from) || is_pipe(to) {
            splice_direct(from, to, flow, counter)?
        } else {
            splice_via_pipe(from, to, flow, counter)?
        };
        if finished {
            return Ok(());
        }
    }
    read_write(from, to, flow, counter, to_tty)
}

fn is_pipe(fd: RawFd) -> bool {
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: fstat writes a stat into the buffer when it returns 0.
    if unsafe { libc::fstat(fd, st.as_mut_ptr()) } != 0 {
        return false;
    }
    // SAFETY: initialised by the successful fstat above.
    let st = unsafe { st.assume_init() };
    st.st_mode & libc::S_IFMT == libc::S_IFIFO
}

/// One splice call, retried on EINTR. `Ok(None)` means this pair does not splice (EINVAL).
fn splice_once(from: RawFd, to: RawFd, len: usize) -> io::Result<Option<usize>> {
    loop {
        // SAFETY: plain fds and null offsets, as splice(2) allows for pipes and sockets.
        let n = unsafe {
            libc::splice(
                from,
                std::ptr::null_mut(),
                to,
                std::ptr::null_mut(),
                len,
                libc::SPLICE_F_MOVE | libc::SPLICE_F_MORE,
            )
        };
        if n >= 0 {
            return Ok(Some(n as usize));
        }
        let err = io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EINVAL) | Some(libc::ENOSYS) => return Ok(None),
            _ => return Err(err),
        }
    }
}

/// Splice straight from `from` to `to` (one of them is a pipe). `Ok(false)`: fall back.
fn splice_direct(from: RawFd, to: RawFd, flow: &Flow, counter: &AtomicU64) -> io::Result<bool> {
    if is_pipe(from) {
        grow_pipe(from);
    }
    if is_pipe(to) {
        grow_pipe(to);
    }
    loop {
        match splice_once(from, to, CHUNK)? {
            None => return Ok(false),
            Some(0) => return Ok(true),
            Some(n) => flow.moved(n as u64, counter),
        }
    }
}

/// Splice `from` → our own pipe → `to`, for socket-to-socket-like pairs. `Ok(false)`:
/// fall back (anything already in our pipe has been written out first).
fn splice_via_pipe(from: RawFd, to: RawFd, flow: &Flow, counter: &AtomicU64) -> io::Result<bool> {
    let (read_end, write_end) = pipe()?;
    grow_pipe(write_end.as_raw_fd());
    loop {
        let n = match splice_once(from, write_end.as_raw_fd(), CHUNK)? {
            None => return Ok(false),
            Some(0) => return Ok(true),
            Some(n) => n,
        };
        let mut pending = n;
        while pending > 0 {
            match splice_once(read_end.as_raw_fd(), to, pending)? {
                Some(0) => return Err(io::Error::from(io::ErrorKind::WriteZero)),
                Some(m) => {
                    pending -= m;
                    flow.moved(m as u64, counter);
                }
                None => {
                    drain(read_end.as_raw_fd(), to, pending)?;
                    flow.moved(pending as u64, counter);
                    return Ok(false);
                }
            }
        }
    }
}

fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0 as RawFd; 2];
    // SAFETY: pipe2 writes two new fds into the array when it returns 0.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: both fds were just created and are owned by nothing else.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// Ask for a 1 MiB pipe buffer (fewer context switches); the kernel may say no.
fn grow_pipe(fd: RawFd) {
    // SAFETY: F_SETPIPE_SZ on any fd is harmless; a non-pipe or a refusal returns -1.
    unsafe {
        libc::fcntl(fd, libc::F_SETPIPE_SZ, CHUNK as libc::c_int);
    }
}

/// Borrow a raw fd as a `File` without closing it afterwards.
fn borrow_fd(fd: RawFd) -> ManuallyDrop<File> {
    // SAFETY: the fd stays open for the whole call; ManuallyDrop never closes it.
    ManuallyDrop::new(unsafe { File::from_raw_fd(fd) })
}

/// Move exactly `len` bytes sitting in our pipe to `to` with read/write.
fn drain(pipe: RawFd, to: RawFd, mut len: usize) -> io::Result<()> {
    let mut buf = vec![0u8; BUFFER.min(len.max(1))];
    let (mut src, mut dst) = (borrow_fd(pipe), borrow_fd(to));
    while len > 0 {
        let want = buf.len().min(len);
        let n = src.read(&mut buf[..want])?;
        if n == 0 {
            break;
        }
        dst.write_all(&buf[..n])?;
        len -= n;
    }
    Ok(())
}

fn read_write(
    from: RawFd,
    to: RawFd,
    flow: &Flow,
    counter: &AtomicU64,
    to_tty: bool,
) -> io::Result<()> {
    let mut buf = vec![0u8; BUFFER];
    let (mut src, mut dst) = (borrow_fd(from), borrow_fd(to));
    loop {
        let n = match src.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if to_tty {
            dst.write_all(terminal_safe(&buf[..n]).as_bytes())?;
        } else {
            dst.write_all(&buf[..n])?;
        }
        flow.moved(n as u64, counter);
    }
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

    #[test]
    fn terminal_text_keeps_lines_and_escapes_controls() {
        assert_eq!(terminal_safe(b"a\r\nb\n"), "a\nb\n");
        assert_eq!(terminal_safe(b"x\x1b[2Jy"), "x\\u{1b}[2Jy");
        assert_eq!(terminal_safe(b"\xff"), "\u{fffd}");
    }
}

//! The fast path of `nt tcp`: one plain stream (TCP or Unix) bridged to stdin/stdout by
//! two blocking threads, with splice(2) so the bytes never enter user space.
//!
//! stdin → socket runs on its own thread and shuts down the write half at EOF;
//! socket → stdout runs on the caller's thread, and when the peer closes, the caller
//! returns at once (a thread still blocked on stdin dies with the process). Where splice
//! does not apply (a TTY, a socket that refuses it) the copy falls back to read/write with
//! a large buffer. Counters, `--idle` and `--progress` are the shared [`Flow`]. This module
//! never decides exit codes beyond tagging errors.

use std::fs::File;
use std::io::{self, PipeReader, Read, Write};
use std::net::Shutdown;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use std::os::unix::fs::FileTypeExt;
use std::process::ExitCode;
use std::time::Duration;

use super::flow::{self, Flow, Options, Way};
use crate::error::{ClosedStdout, Kind, Tag};
use crate::net::Stream;
use crate::net::splice::{self, grow_pipe, splice_once};
use crate::output::Output;

/// How much a splice call may move at once.
const CHUNK: usize = splice::PIPE_SIZE;
/// SO_SNDBUF / SO_RCVBUF for the bridged socket.
const SOCKET_BUFFER: usize = 256 << 10;
/// The read/write fallback buffer.
const BUFFER: usize = 1 << 20;

/// Bridge stdin/stdout to `stream` until the peer closes (or stdout does).
pub fn bridge(stream: Stream, opts: &Options, out: &Output) -> anyhow::Result<ExitCode> {
    let flow = Flow::new(opts, out);
    // Fixed 256 KiB socket buffers instead of autotuning (which grows to several MiB):
    // the data then stays in cache between splice calls; on loopback this measured
    // ~1.6x the throughput at half the CPU (README, tcp Performance).
    if let Stream::Tcp(tcp) = &stream {
        let sock = socket2::SockRef::from(tcp);
        let _ = sock.set_send_buffer_size(SOCKET_BUFFER);
        let _ = sock.set_recv_buffer_size(SOCKET_BUFFER);
    }
    let writer = stream.try_clone().kind(Kind::Network)?;
    let (up_flow, up_out) = (flow.clone(), out.clone());
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    std::thread::Builder::new()
        .name("stdin".into())
        .spawn(move || {
            let result = copy(io::stdin(), &writer, &up_flow, Way::Sent, false);
            let _ = writer.shutdown(Shutdown::Write);
            if let Err(e) = result
                && !peer_gone(&e)
            {
                up_out.warn(&format!("stopped sending: {e}"));
            }
            let _ = done_tx.send(());
        })
        .kind(Kind::Network)?;
    let watched = stream.try_clone().kind(Kind::Network)?;
    flow.watch_idle(move || {
        let _ = watched.shutdown(Shutdown::Both);
    })
    .kind(Kind::Network)?;
    let down = copy(&stream, io::stdout(), &flow, Way::Received, out.stdout_tty());
    if down.is_ok() {
        flow::finish_sending(|| {
            !matches!(
                done_rx.recv_timeout(Duration::from_millis(50)),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout)
            )
        });
    }
    flow.finish(out);
    match down {
        Ok(()) if flow.idled() => Err(flow.idle_error()),
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(anyhow::Error::new(ClosedStdout)),
        Err(e) => Err(anyhow::Error::new(e).context("connection lost").context(Kind::Network)),
    }
}

/// Errors that only mean the peer stopped listening; the reading side reports the end.
fn peer_gone(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset | io::ErrorKind::NotConnected
    )
}

/// Copy `from` to `to` until EOF: splice where the kernel can, else read/write. When
/// `to_tty` is set, peer text is made safe for the terminal first.
fn copy(
    mut from: impl Read + AsFd,
    mut to: impl Write + AsFd,
    flow: &Flow,
    way: Way,
    to_tty: bool,
) -> io::Result<()> {
    if !to_tty {
        let (src, dst) = (from.as_fd().as_raw_fd(), to.as_fd().as_raw_fd());
        let finished = if is_pipe(from.as_fd()) || is_pipe(to.as_fd()) {
            splice_direct(src, dst, flow, way)?
        } else {
            splice_via_pipe(src, dst, &mut to, flow, way)?
        };
        if finished {
            return Ok(());
        }
    }
    read_write(&mut from, &mut to, flow, way, to_tty)
}

fn is_pipe(fd: BorrowedFd<'_>) -> bool {
    fd.try_clone_to_owned()
        .map(File::from)
        .and_then(|f| f.metadata())
        .is_ok_and(|m| m.file_type().is_fifo())
}

/// Splice straight from `from` to `to` (one of them is a pipe). `Ok(false)`: fall back.
fn splice_direct(from: RawFd, to: RawFd, flow: &Flow, way: Way) -> io::Result<bool> {
    grow_pipe(from);
    grow_pipe(to);
    loop {
        match splice_once(from, to, CHUNK)? {
            None => return Ok(false),
            Some(0) => return Ok(true),
            Some(n) => flow.moved(way, n as u64),
        }
    }
}

/// Splice `from` → our own pipe → `to`, for socket-to-socket-like pairs. `Ok(false)`:
/// fall back (anything already in our pipe has been written to `to` first).
fn splice_via_pipe(
    from: RawFd,
    to: RawFd,
    writer: &mut impl Write,
    flow: &Flow,
    way: Way,
) -> io::Result<bool> {
    let (mut read_end, write_end) = splice::pipe()?;
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
                    flow.moved(way, m as u64);
                }
                None => {
                    drain(&mut read_end, writer, pending)?;
                    flow.moved(way, pending as u64);
                    return Ok(false);
                }
            }
        }
    }
}

/// Move exactly `len` bytes sitting in our pipe to `to` with read/write.
fn drain(pipe: &mut PipeReader, to: &mut impl Write, len: usize) -> io::Result<()> {
    let copied = io::copy(&mut pipe.take(len as u64), to)?;
    to.flush()?;
    if copied < len as u64 {
        return Err(io::Error::from(io::ErrorKind::UnexpectedEof));
    }
    Ok(())
}

fn read_write(
    from: &mut impl Read,
    to: &mut impl Write,
    flow: &Flow,
    way: Way,
    to_tty: bool,
) -> io::Result<()> {
    let mut buf = vec![0u8; BUFFER];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if to_tty {
            to.write_all(flow::terminal_safe(&buf[..n]).as_bytes())?;
        } else {
            to.write_all(&buf[..n])?;
        }
        to.flush()?;
        flow.moved(way, n as u64);
    }
}

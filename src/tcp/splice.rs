//! The Linux fast path of `nt tcp`'s bridge (`bridge.rs`): splice(2) between stdin/stdout
//! and the socket so bulk data never enters user space — pipe → socket directly, socket →
//! our own 1 MiB pipe → file, `/dev/null` or pipe. [`copy`] says when the pair does not
//! splice (a TTY, a socket that refuses it) and the bridge takes its portable loop.

use std::fs::File;
use std::io::{self, PipeReader, Read, Write};
use std::os::fd::{AsRawFd, BorrowedFd, RawFd};
use std::os::unix::fs::FileTypeExt;

pub use std::os::fd::AsFd as Spliceable;

use super::flow::{Flow, Way};
use crate::net::splice::{self, grow_pipe, splice_once};

/// How much a splice call may move at once.
const CHUNK: usize = splice::PIPE_SIZE;

/// Splice `from` to `to` until EOF. `Ok(false)`: this pair does not splice (anything
/// already moved was written to `to` first); the caller copies the rest with read/write.
pub fn copy(
    from: &impl Spliceable,
    to: &mut (impl Write + Spliceable),
    flow: &Flow,
    way: Way,
) -> io::Result<bool> {
    let (src, dst) = (from.as_fd().as_raw_fd(), to.as_fd().as_raw_fd());
    if is_pipe(from.as_fd()) || is_pipe(to.as_fd()) {
        splice_direct(src, dst, flow, way)
    } else {
        splice_via_pipe(src, dst, to, flow, way)
    }
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
        flow.hold(way, true);
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
        flow.hold(way, false);
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

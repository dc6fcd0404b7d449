//! Linux: sendfile(2) for downloads, splice(2) through a pipe for uploads, so the bytes
//! never enter user space. A file system that refuses either gets the portable loops of
//! `portable.rs` from where the kernel stopped.

use std::fs::File;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::os::fd::AsRawFd;

use super::portable::{self, stalled, too_large};
use crate::net::splice::{self, splice_once};

/// Bytes asked of one splice(2) call.
const PIPE_CHUNK: usize = splice::PIPE_SIZE;

/// Send `file` from `offset` to its end with sendfile(2); the byte count.
pub fn send(file: &File, offset: u64, socket: &TcpStream) -> io::Result<u64> {
    let mut position = libc::off_t::try_from(offset).map_err(io::Error::other)?;
    let mut sent = 0u64;
    loop {
        // SAFETY: both descriptors stay open for the call and `position` is a valid off_t.
        let n =
            unsafe { libc::sendfile(socket.as_raw_fd(), file.as_raw_fd(), &mut position, 1 << 30) };
        match n {
            0 => return Ok(sent),
            n if n > 0 => sent += n as u64,
            _ => {
                let err = io::Error::last_os_error();
                match err.raw_os_error() {
                    Some(libc::EINTR) => {}
                    // This file system takes no sendfile: read the file, write the socket.
                    Some(libc::EINVAL) | Some(libc::ENOSYS) if sent == 0 => {
                        return portable::send(file, offset, socket);
                    }
                    _ => return Err(stalled(err)),
                }
            }
        }
    }
}

/// Receive from `socket` until the client closes it, into `file` at its position, with
/// splice(2) through a pipe; the byte count. More than `limit` bytes: [`too_large`].
pub fn receive(socket: &TcpStream, file: &File, limit: u64) -> io::Result<u64> {
    let (mut pipe_r, pipe_w) = splice::pipe()?;
    let mut total = 0u64;
    loop {
        // One byte past the bound is asked for, to tell "exactly at it" from "past it".
        let want = (PIPE_CHUNK as u64).min(limit.saturating_sub(total).saturating_add(1));
        let n = splice_once(socket.as_raw_fd(), pipe_w.as_raw_fd(), want as usize)
            .map_err(stalled)?
            .ok_or_else(|| io::Error::from_raw_os_error(libc::EINVAL))?;
        if n == 0 {
            return Ok(total);
        }
        if total + n as u64 > limit {
            return Err(too_large());
        }
        let mut left = n;
        while left > 0 {
            match splice_once(pipe_r.as_raw_fd(), file.as_raw_fd(), left)? {
                Some(0) => {
                    return Err(io::Error::new(io::ErrorKind::WriteZero, "file not written"));
                }
                Some(m) => left -= m,
                None if total == 0 => {
                    // This file system takes no splice: read the pipe, write the file.
                    let mut pending = vec![0; left];
                    pipe_r.read_exact(&mut pending)?;
                    let mut file = file;
                    file.write_all(&pending)?;
                    let rest = limit - n as u64;
                    return portable::receive(socket, file, rest).map(|rest| n as u64 + rest);
                }
                None => return Err(io::Error::from_raw_os_error(libc::EINVAL)),
            }
        }
        total += n as u64;
    }
}

//! splice(2), the zero-copy move between two descriptors when one of them is a pipe: for
//! `nt tcp` (a socket and stdin/stdout, `tcp/splice.rs`) and `nt ftp serve` (a data socket
//! into a file through a pipe, `ftp/serve/zerocopy.rs`). One call retried on EINTR, and
//! pipes as large as the kernel grants. Part of the one network layer (`net.rs`).

use std::io::{self, PipeReader, PipeWriter};
use std::os::fd::{AsRawFd, RawFd};

/// The pipe buffer asked for (the kernel may grant less), and what one call moves at most.
pub const PIPE_SIZE: usize = 1 << 20;

/// One splice(2) call between descriptors at their own positions, retried on EINTR.
/// `Ok(None)`: this pair does not splice (EINVAL, ENOSYS: a TTY, a file system without
/// splice); the caller falls back to read and write.
pub fn splice_once(from: RawFd, to: RawFd, len: usize) -> io::Result<Option<usize>> {
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

/// A pipe with a [`PIPE_SIZE`] buffer where the kernel grants it.
pub fn pipe() -> io::Result<(PipeReader, PipeWriter)> {
    let (read_end, write_end) = io::pipe()?;
    grow_pipe(write_end.as_raw_fd());
    Ok((read_end, write_end))
}

/// Ask for a [`PIPE_SIZE`] buffer on `fd` (fewer context switches); the kernel may say no,
/// and a descriptor that is not a pipe refuses it harmlessly.
pub fn grow_pipe(fd: RawFd) {
    // SAFETY: F_SETPIPE_SZ on any fd is harmless; a non-pipe or a refusal returns -1.
    unsafe {
        libc::fcntl(fd, libc::F_SETPIPE_SZ, PIPE_SIZE as libc::c_int);
    }
}

//! Moving a file between disk and a client's data socket inside the kernel, as vsftpd does:
//! sendfile(2) for downloads, splice(2) through a pipe for uploads. Both run on a blocking
//! thread with the socket in blocking mode and a send/receive timeout, so a client that
//! stops reading or writing for the stall limit ends the transfer (`TimedOut`).
//!
//! Used only for plain (not TLS) data connections that nt holds itself (see `data.rs`);
//! everything else goes through libunftp's writer and reader. Nothing here prints.

use std::fs::File;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::time::Duration;

/// Bytes asked of one splice(2) call (and the pipe size asked for).
const PIPE_CHUNK: usize = 1 << 20;

/// Put the socket in blocking mode with `stall` as its send and receive timeout.
pub fn blocking(socket: &TcpStream, stall: Duration) -> io::Result<()> {
    socket.set_nonblocking(false)?;
    socket.set_read_timeout(Some(stall))?;
    socket.set_write_timeout(Some(stall))
}

/// A socket timeout shows as `WouldBlock`; call it what it is.
fn stalled(err: io::Error) -> io::Error {
    if err.kind() == io::ErrorKind::WouldBlock {
        return io::Error::new(io::ErrorKind::TimedOut, "the client stopped moving data");
    }
    err
}

/// Send `file` from `offset` to its end; the byte count.
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
                if err.kind() != io::ErrorKind::Interrupted {
                    return Err(stalled(err));
                }
            }
        }
    }
}

/// Receive from `socket` until the client closes it, into `file` at its position; the
/// byte count. Where splice(2) cannot write to the file system, a read/write loop.
pub fn receive(socket: &TcpStream, file: &File) -> io::Result<u64> {
    let (pipe_r, pipe_w) = pipe()?;
    let mut total = 0u64;
    loop {
        let n = splice(socket.as_raw_fd(), pipe_w.as_raw_fd(), PIPE_CHUNK).map_err(stalled)?;
        if n == 0 {
            return Ok(total);
        }
        let mut left = n;
        while left > 0 {
            match splice(pipe_r.as_raw_fd(), file.as_raw_fd(), left) {
                Ok(0) => return Err(io::Error::new(io::ErrorKind::WriteZero, "file not written")),
                Ok(m) => left -= m,
                Err(e) if e.raw_os_error() == Some(libc::EINVAL) && total == 0 => {
                    // This file system takes no splice: read the pipe, write the file.
                    let mut pending = vec![0; left];
                    File::from(pipe_r.try_clone()?).read_exact(&mut pending)?;
                    let mut file = file;
                    file.write_all(&pending)?;
                    return copy_rest(socket, file).map(|rest| n as u64 + rest);
                }
                Err(e) => return Err(e),
            }
        }
        total += n as u64;
    }
}

/// The plain loop, for file systems without splice.
fn copy_rest(socket: &TcpStream, mut file: &File) -> io::Result<u64> {
    let mut buf = vec![0; 128 << 10];
    let mut socket = socket;
    let mut total = 0u64;
    loop {
        match socket.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => {
                file.write_all(&buf[..n])?;
                total += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(stalled(e)),
        }
    }
}

/// A pipe (read end, write end), as large as the kernel grants up to [`PIPE_CHUNK`].
fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: pipe2 succeeded, so both are fresh descriptors owned by nobody else.
    let (r, w) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    // SAFETY: F_SETPIPE_SZ on our own pipe; a refusal leaves the default size.
    unsafe { libc::fcntl(w.as_raw_fd(), libc::F_SETPIPE_SZ, PIPE_CHUNK as libc::c_int) };
    Ok((r, w))
}

/// One splice(2) call between descriptors at their own positions, retried on EINTR.
fn splice(from: i32, to: i32, len: usize) -> io::Result<usize> {
    loop {
        // SAFETY: the descriptors are open for the call; null offsets use their positions.
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
            return Ok(n as usize);
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Seek, SeekFrom};
    use std::net::TcpListener;

    fn connected() -> (TcpStream, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let a = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (b, _) = listener.accept().unwrap();
        (a, b)
    }

    #[test]
    fn files_go_out_and_come_in_whole() {
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut source = tempfile::tempfile().unwrap();
        source.write_all(&data).unwrap();
        let (out, mut into) = connected();
        blocking(&out, Duration::from_secs(5)).unwrap();
        let sender = std::thread::spawn(move || {
            let n = send(&source, 1000, &out);
            drop(out);
            n
        });
        let mut got = Vec::new();
        into.read_to_end(&mut got).unwrap();
        assert_eq!(sender.join().unwrap().unwrap(), (data.len() - 1000) as u64);
        assert_eq!(got, data[1000..]);

        let (mut from, inside) = connected();
        blocking(&inside, Duration::from_secs(5)).unwrap();
        let mut target = tempfile::tempfile().unwrap();
        let writer = std::thread::spawn(move || {
            from.write_all(&data).unwrap();
            data
        });
        let n = receive(&inside, &target).unwrap();
        let data = writer.join().unwrap();
        assert_eq!(n, data.len() as u64);
        let mut back = Vec::new();
        target.seek(SeekFrom::Start(0)).unwrap();
        target.read_to_end(&mut back).unwrap();
        assert_eq!(back, data);
    }

    #[test]
    fn a_client_that_stops_reading_times_out() {
        let mut source = tempfile::tempfile().unwrap();
        source.write_all(&vec![1u8; 64 << 20]).unwrap();
        let (out, _silent) = connected();
        blocking(&out, Duration::from_millis(200)).unwrap();
        let err = send(&source, 0, &out).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
    }
}

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
use std::os::fd::AsRawFd;
use std::time::Duration;

use crate::net::splice::{self, splice_once};

/// Bytes asked of one splice(2) call.
const PIPE_CHUNK: usize = splice::PIPE_SIZE;

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

/// The error of an upload that passes its bound (`--max-upload`).
pub fn too_large() -> io::Error {
    io::Error::new(io::ErrorKind::FileTooLarge, "the upload passed --max-upload")
}

/// Receive from `socket` until the client closes it, into `file` at its position; the
/// byte count. More than `limit` bytes: [`too_large`]. Where splice(2) cannot write to the
/// file system, a read/write loop.
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
                    return copy_rest(socket, file, rest).map(|rest| n as u64 + rest);
                }
                None => return Err(io::Error::from_raw_os_error(libc::EINVAL)),
            }
        }
        total += n as u64;
    }
}

/// The plain loop, for file systems without splice (at most `limit` bytes).
fn copy_rest(socket: &TcpStream, mut file: &File, limit: u64) -> io::Result<u64> {
    let mut buf = vec![0; 128 << 10];
    let mut socket = socket;
    let mut total = 0u64;
    loop {
        match socket.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) if total + n as u64 > limit => return Err(too_large()),
            Ok(n) => {
                file.write_all(&buf[..n])?;
                total += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(stalled(e)),
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
        let n = receive(&inside, &target, 3_000_000).unwrap();
        let data = writer.join().unwrap();
        assert_eq!(n, data.len() as u64);
        let mut back = Vec::new();
        target.seek(SeekFrom::Start(0)).unwrap();
        target.read_to_end(&mut back).unwrap();
        assert_eq!(back, data);
    }

    #[test]
    fn an_upload_past_its_bound_stops_there() {
        let (mut from, inside) = connected();
        blocking(&inside, Duration::from_secs(5)).unwrap();
        let target = tempfile::tempfile().unwrap();
        let writer = std::thread::spawn(move || {
            let _ = from.write_all(&vec![7u8; 300_000]);
        });
        let err = receive(&inside, &target, 200_000).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        assert!(target.metadata().unwrap().len() <= 200_000);
        drop(inside);
        writer.join().unwrap();
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

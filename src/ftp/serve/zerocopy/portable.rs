//! The portable loops (every platform but Linux, and Linux's fallback where a file system
//! refuses sendfile or splice): the file read into a buffer and written to the socket, the
//! socket read into a buffer and written to the file. Also what both paths call their
//! errors ([`stalled`], [`too_large`]).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::net::TcpStream;

/// A socket timeout shows as `WouldBlock` (`TimedOut` on Windows); call it what it is.
pub fn stalled(err: io::Error) -> io::Error {
    if matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) {
        return io::Error::new(io::ErrorKind::TimedOut, "the client stopped moving data");
    }
    err
}

/// The error of an upload that passes its bound (`--max-upload`).
pub fn too_large() -> io::Error {
    io::Error::new(io::ErrorKind::FileTooLarge, "the upload passed --max-upload")
}

/// The copy buffer of both directions.
const BUFFER: usize = 128 << 10;

/// Send `file` from `offset` to its end; the byte count.
pub fn send(file: &File, offset: u64, socket: &TcpStream) -> io::Result<u64> {
    let mut file = file;
    file.seek(SeekFrom::Start(offset))?;
    let mut buf = vec![0; BUFFER];
    let mut socket = socket;
    let mut sent = 0u64;
    loop {
        match file.read(&mut buf) {
            Ok(0) => return Ok(sent),
            Ok(n) => {
                socket.write_all(&buf[..n]).map_err(stalled)?;
                sent += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Receive from `socket` until the client closes it, into `file` at its position; the
/// byte count. More than `limit` bytes: [`too_large`].
pub fn receive(socket: &TcpStream, mut file: &File, limit: u64) -> io::Result<u64> {
    let mut buf = vec![0; BUFFER];
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

//! Moving a file between disk and a client's data socket. On Linux inside the kernel, as
//! vsftpd does: sendfile(2) for downloads, splice(2) through a pipe for uploads
//! (`zerocopy/linux.rs`); elsewhere, and where a file system refuses those, a buffered
//! read/write loop (`zerocopy/portable.rs`). Both run on a blocking thread with the socket
//! in blocking mode and a send/receive timeout, so a client that stops reading or writing
//! for the stall limit ends the transfer (`TimedOut`).
//!
//! Used only for plain (not TLS) data connections that nt holds itself (see `data.rs`);
//! everything else goes through libunftp's writer and reader. Nothing here prints.

#[cfg(target_os = "linux")]
mod linux;
mod portable;

use std::io;
use std::net::TcpStream;
use std::time::Duration;

#[cfg(target_os = "linux")]
pub use linux::{receive, send};
pub use portable::too_large;
#[cfg(not(target_os = "linux"))]
pub use portable::{receive, send};

/// Put the socket in blocking mode with `stall` as its send and receive timeout.
pub fn blocking(socket: &TcpStream, stall: Duration) -> io::Result<()> {
    socket.set_nonblocking(false)?;
    socket.set_read_timeout(Some(stall))?;
    socket.set_write_timeout(Some(stall))
}

#[cfg(test)]
mod tests {
    use std::fs::File;
    use std::io::{Read, Seek, SeekFrom, Write};
    use std::net::TcpListener;

    use super::*;

    type Send = fn(&File, u64, &TcpStream) -> io::Result<u64>;
    type Receive = fn(&TcpStream, &File, u64) -> io::Result<u64>;

    /// This platform's path, and the portable one (the same on every platform but Linux).
    const PATHS: [(&str, Send, Receive); 2] =
        [("native", send, receive), ("portable", portable::send, portable::receive)];

    fn connected() -> (TcpStream, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let a = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (b, _) = listener.accept().unwrap();
        (a, b)
    }

    #[test]
    fn files_go_out_and_come_in_whole() {
        for (path, send, receive) in PATHS {
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
            assert_eq!(sender.join().unwrap().unwrap(), (data.len() - 1000) as u64, "{path}");
            assert!(got == data[1000..], "{path}: the download changed");

            let (mut from, inside) = connected();
            blocking(&inside, Duration::from_secs(5)).unwrap();
            let mut target = tempfile::tempfile().unwrap();
            let writer = std::thread::spawn(move || {
                from.write_all(&data).unwrap();
                data
            });
            let n = receive(&inside, &target, 3_000_000).unwrap();
            let data = writer.join().unwrap();
            assert_eq!(n, data.len() as u64, "{path}");
            let mut back = Vec::new();
            target.seek(SeekFrom::Start(0)).unwrap();
            target.read_to_end(&mut back).unwrap();
            assert!(back == data, "{path}: the upload changed");
        }
    }

    #[test]
    fn an_upload_past_its_bound_stops_there() {
        for (path, _, receive) in PATHS {
            let (mut from, inside) = connected();
            blocking(&inside, Duration::from_secs(5)).unwrap();
            let target = tempfile::tempfile().unwrap();
            let writer = std::thread::spawn(move || {
                let _ = from.write_all(&vec![7u8; 300_000]);
            });
            let err = receive(&inside, &target, 200_000).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::FileTooLarge, "{path}");
            assert!(target.metadata().unwrap().len() <= 200_000, "{path}");
            drop(inside);
            writer.join().unwrap();
        }
    }

    #[test]
    fn a_client_that_stops_reading_times_out() {
        for (path, send, _) in PATHS {
            let mut source = tempfile::tempfile().unwrap();
            source.write_all(&vec![1u8; 64 << 20]).unwrap();
            let (out, _silent) = connected();
            blocking(&out, Duration::from_millis(200)).unwrap();
            let err = send(&source, 0, &out).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::TimedOut, "{path}");
        }
    }
}

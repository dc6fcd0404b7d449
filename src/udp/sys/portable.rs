//! The portable path of `nt udp` (every platform but Linux, and the tests on Linux): the
//! interface of `linux.rs` over std's sockets, one datagram per system call. No drop
//! counter and no forced buffer: those are Linux's.

// On Linux only the tests call this path (through its datagram loops); the rest of the
// interface is for the other platforms.
#![cfg_attr(target_os = "linux", allow(dead_code))]

use std::io;
use std::net::UdpSocket;

use socket2::Socket;

use super::datagram::{MAX_DATAGRAM, Received};

/// What to do when the receive buffer was capped.
pub const BUFFER_HINT: &str = if cfg!(target_os = "macos") {
    "raise kern.ipc.maxsockbuf"
} else {
    "the system allows no larger one"
};

/// Only Linux lets root force a receive buffer past the system's cap.
pub fn force_recv_buffer(_socket: &Socket, _bytes: usize) -> bool {
    false
}

/// The receive buffer the system granted, as it reports it.
pub fn granted_recv_buffer(socket: &Socket) -> usize {
    socket.recv_buffer_size().unwrap_or(0)
}

/// Only Linux counts the datagrams it dropped for a socket.
pub fn enable_drop_count(_socket: &UdpSocket) -> bool {
    false
}

/// Only Linux lets a pipe's buffer grow (F_SETPIPE_SZ).
pub fn roomy_stdout() {}

/// A buffer for one datagram at a time.
pub struct Batch {
    buf: Vec<u8>,
    /// Always 0: the portable path has no drop counter.
    pub dropped: u32,
}

impl Batch {
    /// `batch` is the Linux batch size; here one datagram is taken per call whatever it is.
    pub fn new(_batch: usize) -> Batch {
        Batch { buf: vec![0u8; MAX_DATAGRAM + 1], dropped: 0 }
    }

    /// The payload of datagram `i` (always 0) of the last call.
    pub fn payload(&self, _i: usize, len: usize) -> &[u8] {
        &self.buf[..len.min(self.buf.len())]
    }

    /// Receive one datagram, blocking up to the socket's read timeout. A timeout is
    /// `WouldBlock` or `TimedOut` (Windows), as on Linux; `max` is at least 1 by contract.
    pub fn recv(&mut self, socket: &UdpSocket, _max: usize) -> io::Result<Vec<Received>> {
        loop {
            match socket.recv_from(&mut self.buf) {
                Ok((len, from)) => return Ok(vec![Received { from, len }]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

/// Send every datagram on a connected socket, one call each. A full send queue (ENOBUFS,
/// which macOS returns under a burst; WSAENOBUFS; a would-block) is waited out.
pub fn send_all(socket: &UdpSocket, datagrams: &[&[u8]]) -> io::Result<()> {
    for datagram in datagrams {
        loop {
            match socket.send(datagram) {
                Ok(_) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if queue_full(&e) => std::thread::yield_now(),
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

/// ENOBUFS on unix, WSAENOBUFS (10055) on Windows, or a non-blocking socket's would-block.
fn queue_full(e: &io::Error) -> bool {
    #[cfg(unix)]
    const NO_BUFFERS: i32 = libc::ENOBUFS;
    #[cfg(windows)]
    const NO_BUFFERS: i32 = windows_sys::Win32::Networking::WinSock::WSAENOBUFS;
    e.kind() == io::ErrorKind::WouldBlock || e.raw_os_error() == Some(NO_BUFFERS)
}

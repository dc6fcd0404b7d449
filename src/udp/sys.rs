//! The datagram calls of `nt udp`, one interface with two implementations: on Linux
//! batches of datagrams per system call (recvmmsg, sendmmsg), the kernel's drop counter
//! and a forced receive buffer (`linux.rs`); everywhere else one datagram per call through
//! std (`portable.rs`). The portable one is compiled for tests on Linux too, and the tests
//! below run both over real loopback sockets. Nothing here prints.

mod datagram;
#[cfg(target_os = "linux")]
mod linux;
#[cfg(any(not(target_os = "linux"), test))]
mod portable;

use std::io;

pub use datagram::MAX_DATAGRAM;

#[cfg(target_os = "linux")]
pub use linux::{
    BUFFER_HINT, Batch, enable_drop_count, force_recv_buffer, granted_recv_buffer, roomy_stdout,
    send_all,
};
#[cfg(not(target_os = "linux"))]
pub use portable::{
    BUFFER_HINT, Batch, enable_drop_count, force_recv_buffer, granted_recv_buffer, roomy_stdout,
    send_all,
};

/// Whether a send or receive error is the target's ICMP "port unreachable": ECONNREFUSED
/// on unix; WSAECONNRESET (10054) on Windows, which std calls a reset.
pub fn is_port_unreachable(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::ConnectionRefused
        || (cfg!(windows) && e.kind() == io::ErrorKind::ConnectionReset)
}

#[cfg(test)]
mod tests {
    use std::net::{SocketAddr, UdpSocket};
    use std::time::Duration;

    use super::*;

    /// A connected sender and a receiver on loopback.
    fn pair() -> (UdpSocket, UdpSocket) {
        let receiver = UdpSocket::bind("127.0.0.1:0").unwrap();
        receiver.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let sender = UdpSocket::bind("127.0.0.1:0").unwrap();
        sender.connect(receiver.local_addr().unwrap()).unwrap();
        (sender, receiver)
    }

    /// Datagrams of many sizes (an empty one, the largest one), each with its own bytes.
    fn datagrams() -> Vec<Vec<u8>> {
        let mut sizes: Vec<usize> = (0..40).map(|i| i * 37 % 1500).collect();
        sizes.push(MAX_DATAGRAM);
        sizes
            .iter()
            .enumerate()
            .map(|(i, &n)| (0..n).map(|b| (b * 7 + i) as u8).collect())
            .collect()
    }

    /// Send every datagram with `send`, receive them with `recv` (as many calls as it
    /// takes), and check each arrived whole, in order, from the sender.
    fn round_trip(
        send: impl Fn(&UdpSocket, &[&[u8]]) -> io::Result<()>,
        mut recv: impl FnMut(&UdpSocket, usize) -> Vec<(SocketAddr, Vec<u8>)>,
    ) {
        let (sender, receiver) = pair();
        let sent = datagrams();
        let slices: Vec<&[u8]> = sent.iter().map(Vec::as_slice).collect();
        send(&sender, &slices).unwrap();
        let mut got = Vec::new();
        while got.len() < sent.len() {
            got.extend(recv(&receiver, sent.len() - got.len()));
        }
        assert_eq!(got.len(), sent.len());
        for ((from, bytes), want) in got.iter().zip(&sent) {
            assert_eq!(*from, sender.local_addr().unwrap());
            assert_eq!(bytes.len(), want.len());
            assert!(bytes == want, "a datagram of {} bytes changed on the way", want.len());
        }
    }

    #[test]
    fn the_portable_path_moves_datagrams_whole() {
        round_trip(portable::send_all, |socket, max| {
            let mut batch = portable::Batch::new(256);
            let got = batch.recv(socket, max).unwrap();
            assert_eq!(got.len(), 1, "one datagram per call");
            got.iter()
                .enumerate()
                .map(|(i, d)| (d.from, batch.payload(i, d.len).to_vec()))
                .collect()
        });
    }

    #[test]
    fn a_quiet_socket_times_out_on_the_portable_path() {
        let (_sender, receiver) = pair();
        receiver.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
        let err = portable::Batch::new(4).recv(&receiver, 4).err().unwrap();
        assert!(matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_linux_path_moves_datagrams_whole() {
        round_trip(linux::send_all, |socket, max| {
            let mut batch = linux::Batch::new(256);
            let got = batch.recv(socket, max).unwrap();
            got.iter()
                .enumerate()
                .map(|(i, d)| (d.from, batch.payload(i, d.len).to_vec()))
                .collect()
        });
    }
}

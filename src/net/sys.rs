//! The network layer's per-platform calls, each with its portable twin: the open-files
//! limit (unix rlimits; nothing to raise elsewhere) and Windows' SIO_UDP_CONNRESET (off
//! for UDP listeners; nothing to do elsewhere). Part of the one network layer (`net.rs`);
//! splice(2) is `splice.rs` (Linux only).

use std::io;
use std::net::UdpSocket;

/// Raise the soft limit on open files to the hard limit (a server of thousands of
/// clients needs one descriptor each; the soft default is often 1024). Returns the limit
/// now in force.
#[cfg(unix)]
pub fn raise_open_files() -> u64 {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed to them.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                return raised.rlim_cur;
            }
        }
    }
    limit.rlim_cur
}

/// Windows has no per-process limit on sockets to raise: nothing to do, no bound to report.
#[cfg(not(unix))]
pub fn raise_open_files() -> u64 {
    u64::MAX
}

/// Windows reports an ICMP "port unreachable" (one peer's closed port) as WSAECONNRESET on
/// the socket's next `recv_from`, whoever that datagram comes from: one gone peer would
/// end a listener. SIO_UDP_CONNRESET set to FALSE turns that off.
#[cfg(windows)]
pub fn ignore_port_unreachable(socket: &UdpSocket) -> io::Result<()> {
    use std::os::windows::io::AsRawSocket;
    use windows_sys::Win32::Networking::WinSock::{SIO_UDP_CONNRESET, SOCKET, WSAIoctl};

    let off: u32 = 0;
    let mut returned = 0u32;
    // SAFETY: a valid socket, an input buffer of the 4-byte BOOL the ioctl takes, no output
    // buffer, no overlapped I/O (the call completes before it returns).
    let rc = unsafe {
        WSAIoctl(
            socket.as_raw_socket() as SOCKET,
            SIO_UDP_CONNRESET,
            (&off as *const u32).cast(),
            std::mem::size_of::<u32>() as u32,
            std::ptr::null_mut(),
            0,
            &mut returned,
            std::ptr::null_mut(),
            None,
        )
    };
    if rc == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

/// Elsewhere an unconnected UDP socket never hears other peers' ICMP errors.
#[cfg(not(windows))]
pub fn ignore_port_unreachable(_socket: &UdpSocket) -> io::Result<()> {
    Ok(())
}

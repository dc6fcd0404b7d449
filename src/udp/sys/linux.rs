//! The Linux fast path of `nt udp`, socket calls socket2 does not wrap: batched receive and
//! send (recvmmsg, sendmmsg), the kernel's drop counter (SO_RXQ_OVFL) and a forced receive
//! buffer (SO_RCVBUFFORCE). Everything unsafe in `nt udp` is here, each call with its
//! reason. The same interface, one datagram per call, is `portable.rs`.

use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::os::fd::{AsRawFd, RawFd};

use socket2::Socket;

use super::datagram::{MAX_DATAGRAM, Received};

/// asm-generic values (x86, arm, riscv); libc does not export them for every target.
const SO_RCVBUFFORCE: libc::c_int = 33;
const SO_RXQ_OVFL: libc::c_int = 40;

fn set_int(fd: RawFd, name: libc::c_int, value: libc::c_int) -> io::Result<()> {
    // SAFETY: a valid int option value of the right size.
    let rc = unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            name,
            (&value as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

/// What to do when the receive buffer was capped.
pub const BUFFER_HINT: &str = "raise net.core.rmem_max or run as root";

/// SO_RCVBUFFORCE as root: beyond net.core.rmem_max, allowed with CAP_NET_ADMIN.
/// Whether it was set.
pub fn force_recv_buffer(socket: &Socket, bytes: usize) -> bool {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    root && set_int(socket.as_raw_fd(), SO_RCVBUFFORCE, bytes.min(i32::MAX as usize) as libc::c_int)
        .is_ok()
}

/// The receive buffer the kernel granted: Linux reports twice the usable size.
pub fn granted_recv_buffer(socket: &Socket) -> usize {
    socket.recv_buffer_size().map(|n| n / 2).unwrap_or(0)
}

/// Ask the kernel to attach its count of dropped datagrams to each one received.
pub fn enable_drop_count(socket: &UdpSocket) -> bool {
    set_int(socket.as_raw_fd(), SO_RXQ_OVFL, 1).is_ok()
}

/// A roomy stdout pipe lets a burst be written without waiting for the reader.
pub fn roomy_stdout() {
    crate::net::splice::grow_pipe(libc::STDOUT_FILENO);
}

/// Buffers for receiving up to `batch` datagrams per system call.
pub struct Batch {
    bufs: Vec<Vec<u8>>,
    names: Vec<libc::sockaddr_storage>,
    controls: Vec<[u64; 8]>,
    iovs: Vec<libc::iovec>,
    msgs: Vec<libc::mmsghdr>,
    /// The kernel's cumulative drop counter, as last reported.
    pub dropped: u32,
}

impl Batch {
    pub fn new(batch: usize) -> Batch {
        Batch {
            bufs: (0..batch).map(|_| vec![0u8; MAX_DATAGRAM + 1]).collect(),
            // SAFETY: sockaddr_storage is plain old data; all zeroes is a valid value.
            names: (0..batch).map(|_| unsafe { std::mem::zeroed() }).collect(),
            controls: vec![[0u64; 8]; batch],
            iovs: Vec::with_capacity(batch),
            msgs: Vec::with_capacity(batch),
            dropped: 0,
        }
    }

    /// The payload of datagram `i` of the last batch.
    pub fn payload(&self, i: usize, len: usize) -> &[u8] {
        &self.bufs[i][..len.min(self.bufs[i].len())]
    }

    /// Receive up to `max` datagrams: blocks for the first (up to SO_RCVTIMEO), then takes
    /// whatever else is already queued. A timeout is `ErrorKind::WouldBlock`.
    pub fn recv(&mut self, socket: &UdpSocket, max: usize) -> io::Result<Vec<Received>> {
        let fd = socket.as_raw_fd();
        let n = max.clamp(1, self.bufs.len());
        self.iovs.clear();
        self.msgs.clear();
        for buf in &mut self.bufs[..n] {
            self.iovs.push(libc::iovec { iov_base: buf.as_mut_ptr().cast(), iov_len: buf.len() });
        }
        for i in 0..n {
            // SAFETY: msghdr is plain old data; the pointers set below stay valid for the call.
            let mut hdr: libc::msghdr = unsafe { std::mem::zeroed() };
            hdr.msg_name = (&mut self.names[i] as *mut libc::sockaddr_storage).cast();
            hdr.msg_namelen = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            hdr.msg_iov = &mut self.iovs[i];
            hdr.msg_iovlen = 1;
            hdr.msg_control = self.controls[i].as_mut_ptr().cast();
            hdr.msg_controllen = std::mem::size_of::<[u64; 8]>() as _;
            self.msgs.push(libc::mmsghdr { msg_hdr: hdr, msg_len: 0 });
        }
        let got = loop {
            // SAFETY: `msgs` holds `n` headers whose buffers live in `self` for the call.
            let rc = unsafe {
                libc::recvmmsg(
                    fd,
                    self.msgs.as_mut_ptr(),
                    n as _,
                    libc::MSG_WAITFORONE as _,
                    std::ptr::null_mut(),
                )
            };
            if rc >= 0 {
                break rc as usize;
            }
            let err = io::Error::last_os_error();
            if err.kind() != io::ErrorKind::Interrupted {
                return Err(err);
            }
        };
        let mut out = Vec::with_capacity(got);
        for i in 0..got {
            let hdr = &self.msgs[i].msg_hdr;
            if let Some(d) = drop_counter(hdr) {
                self.dropped = d;
            }
            let Some(from) = to_socket_addr(&self.names[i]) else { continue };
            out.push(Received { from, len: self.msgs[i].msg_len as usize });
        }
        Ok(out)
    }
}

/// The sender's address as the kernel wrote it (IPv4 or IPv6).
fn to_socket_addr(ss: &libc::sockaddr_storage) -> Option<SocketAddr> {
    match libc::c_int::from(ss.ss_family) {
        libc::AF_INET => {
            // SAFETY: the family says this storage holds a sockaddr_in.
            let sin =
                unsafe { &*(ss as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            let ip = std::net::Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr));
            Some(SocketAddr::new(ip.into(), u16::from_be(sin.sin_port)))
        }
        libc::AF_INET6 => {
            // SAFETY: the family says this storage holds a sockaddr_in6.
            let sin6 =
                unsafe { &*(ss as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>() };
            let ip = std::net::Ipv6Addr::from(sin6.sin6_addr.s6_addr);
            let sa = std::net::SocketAddrV6::new(
                ip,
                u16::from_be(sin6.sin6_port),
                sin6.sin6_flowinfo,
                sin6.sin6_scope_id,
            );
            Some(SocketAddr::V6(sa))
        }
        _ => None,
    }
}

fn drop_counter(hdr: &libc::msghdr) -> Option<u32> {
    // SAFETY: the CMSG macros walk the control buffer the kernel filled for this header.
    unsafe {
        let mut cmsg = libc::CMSG_FIRSTHDR(hdr);
        while !cmsg.is_null() {
            if (*cmsg).cmsg_level == libc::SOL_SOCKET && (*cmsg).cmsg_type == SO_RXQ_OVFL {
                return Some(std::ptr::read_unaligned(libc::CMSG_DATA(cmsg).cast::<u32>()));
            }
            cmsg = libc::CMSG_NXTHDR(hdr, cmsg);
        }
    }
    None
}

/// Send every datagram on a connected socket, batched with sendmmsg.
pub fn send_all(socket: &UdpSocket, datagrams: &[&[u8]]) -> io::Result<()> {
    let fd = socket.as_raw_fd();
    let mut iovs: Vec<libc::iovec> = datagrams
        .iter()
        .map(|d| libc::iovec { iov_base: d.as_ptr() as *mut libc::c_void, iov_len: d.len() })
        .collect();
    let mut msgs: Vec<libc::mmsghdr> = iovs
        .iter_mut()
        .map(|iov| {
            // SAFETY: msghdr is plain old data; the iovec outlives the call.
            let mut hdr: libc::msghdr = unsafe { std::mem::zeroed() };
            hdr.msg_iov = iov;
            hdr.msg_iovlen = 1;
            libc::mmsghdr { msg_hdr: hdr, msg_len: 0 }
        })
        .collect();
    let mut done = 0;
    while done < msgs.len() {
        let rest = &mut msgs[done..];
        // SAFETY: `rest` is a valid slice of headers pointing at live buffers.
        let rc = unsafe { libc::sendmmsg(fd, rest.as_mut_ptr(), rest.len() as _, 0) };
        if rc < 0 {
            let err = io::Error::last_os_error();
            if err.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            if err.raw_os_error() == Some(libc::ENOBUFS) || err.kind() == io::ErrorKind::WouldBlock
            {
                std::thread::yield_now();
                continue;
            }
            return Err(err);
        }
        done += rc as usize;
    }
    Ok(())
}

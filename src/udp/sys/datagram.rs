//! What both datagram paths (`linux.rs`, `portable.rs`) hand back, and their size bound.

use std::net::SocketAddr;

/// Largest UDP payload over IPv4 (65535 - 20 - 8).
pub const MAX_DATAGRAM: usize = crate::cli::MAX_DATAGRAM as usize;

/// One datagram of a batch: where it came from and how long it is.
pub struct Received {
    pub from: SocketAddr,
    pub len: usize,
}

//! [`AsyncWire`]: a client connection that is plain TCP or TLS over TCP, for tokio code
//! (IMAP and POP3 upgrade with STARTTLS/STLS or start in TLS), beside the blocking
//! [`Wire`](super::Wire). Under TLS the TCP stream is [`Recorded`]: its first bytes are
//! kept, so a server that greets in plain text on an implicit-TLS port can be told apart.
//!
//! Nothing here dials, handshakes or knows a protocol: `net.rs` and the protocols do.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use super::inspect::{Inspected, Inspector};

/// TCP, or TLS over TCP (a tokio client connection).
pub enum AsyncWire {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<Recorded>>),
}

/// How many of the first bytes a [`Recorded`] stream keeps.
const RECORDED: usize = 16;

/// TCP that keeps a copy of the first [`RECORDED`] bytes it reads, so that a failed TLS
/// handshake can tell what the server said instead (a plain-text `* OK` greeting).
pub type Recorded = Inspected<TcpStream, FirstBytes>;

/// Where a [`Recorded`] stream's first bytes go.
pub type First = Arc<Mutex<Vec<u8>>>;

/// The stream, and where its first bytes will be.
pub fn recorded(tcp: TcpStream) -> (Recorded, First) {
    let first = First::default();
    (Inspected::new(tcp, FirstBytes { first: first.clone(), done: false }), first)
}

/// The inspector of a [`Recorded`] stream: copies the first bytes, refuses nothing.
pub struct FirstBytes {
    first: First,
    done: bool,
}

impl Inspector for FirstBytes {
    fn inspect(&mut self, fresh: &[u8]) -> Result<(), String> {
        if !self.done
            && let Ok(mut first) = self.first.lock()
        {
            let room = RECORDED.saturating_sub(first.len());
            first.extend_from_slice(&fresh[..room.min(fresh.len())]);
            self.done = first.len() >= RECORDED || fresh.is_empty();
        }
        Ok(())
    }
}

impl std::fmt::Debug for AsyncWire {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AsyncWire::Plain(_) => "AsyncWire::Plain",
            AsyncWire::Tls(_) => "AsyncWire::Tls",
        })
    }
}

impl AsyncRead for AsyncWire {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            AsyncWire::Plain(s) => Pin::new(s).poll_read(cx, buf),
            AsyncWire::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for AsyncWire {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            AsyncWire::Plain(s) => Pin::new(s).poll_write(cx, buf),
            AsyncWire::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            AsyncWire::Plain(s) => Pin::new(s).poll_flush(cx),
            AsyncWire::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            AsyncWire::Plain(s) => Pin::new(s).poll_shutdown(cx),
            AsyncWire::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

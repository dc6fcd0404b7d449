//! [`Inspected`]: a tokio stream whose reads are shown, as they arrive, to an
//! [`Inspector`] that may refuse them. It is nt's one read-inspecting wrapper: the chat
//! cluster bounds every Redis reply through it (`chat/server/cluster/bounded.rs`), and a TLS
//! client keeps a server's first bytes through it ([`super::Recorded`]).
//!
//! Writes pass through unchanged. Nothing here parses a protocol or buffers bytes: an
//! inspector sees each read's fresh bytes once, in order.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// What an [`Inspected`] stream does with the bytes each read brings.
pub trait Inspector {
    /// See the bytes one read brought. An error (why) fails that read, whose bytes are
    /// dropped, and every read after it (`InvalidData`).
    fn inspect(&mut self, fresh: &[u8]) -> Result<(), String>;
}

/// A stream whose reads pass an [`Inspector`] before the reader sees them.
pub struct Inspected<S, I> {
    inner: S,
    inspector: I,
    failed: Option<String>,
}

impl<S, I> Inspected<S, I> {
    pub fn new(inner: S, inspector: I) -> Inspected<S, I> {
        Inspected { inner, inspector, failed: None }
    }
}

fn refused(why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, why.to_string())
}

impl<S: AsyncRead + Unpin, I: Inspector + Unpin> AsyncRead for Inspected<S, I> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if let Some(why) = &this.failed {
            return Poll::Ready(Err(refused(why)));
        }
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if let Err(why) = this.inspector.inspect(&buf.filled()[before..]) {
                    buf.set_filled(before);
                    let err = refused(&why);
                    this.failed = Some(why);
                    return Poll::Ready(Err(err));
                }
                Poll::Ready(Ok(()))
            }
            other => other,
        }
    }
}

impl<S: AsyncWrite + Unpin, I: Unpin> AsyncWrite for Inspected<S, I> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, data)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// Refuses a read that brings an `x`; counts what it saw.
    struct NoX(usize);

    impl Inspector for NoX {
        fn inspect(&mut self, fresh: &[u8]) -> Result<(), String> {
            self.0 += fresh.len();
            if fresh.contains(&b'x') { Err("an x".into()) } else { Ok(()) }
        }
    }

    #[tokio::test]
    async fn reads_pass_until_one_is_refused_and_then_none() {
        let (mut peer, ours) = tokio::io::duplex(64);
        let mut s = Inspected::new(ours, NoX(0));
        peer.write_all(b"abc").await.unwrap();
        let mut buf = [0u8; 8];
        assert_eq!(s.read(&mut buf).await.unwrap(), 3);
        peer.write_all(b"dxe").await.unwrap();
        let err = s.read(&mut buf).await.unwrap_err();
        assert_eq!((err.kind(), err.to_string()), (io::ErrorKind::InvalidData, "an x".into()));
        peer.write_all(b"fine").await.unwrap();
        assert!(s.read(&mut buf).await.is_err(), "a refused stream stays refused");
        assert_eq!(s.inspector.0, 6);
        s.write_all(b"out").await.unwrap();
        let mut back = [0u8; 3];
        peer.read_exact(&mut back).await.unwrap();
        assert_eq!(&back, b"out");
    }
}

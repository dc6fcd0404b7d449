//! Stream sockets of both families, TCP and Unix (`unix:/path`), for commands that take
//! either (`nt tcp`): one [`Stream`] and one [`Listener`] type (blocking, with tokio
//! twins), [`Dialer::connect_stream`] and [`listen_stream`].
//!
//! The Unix half (connect, bind, the socket file) lives in `stream/unix.rs`; the variants
//! that hold Unix sockets exist only on unix, and on Windows a `unix:` endpoint is a usage
//! error (exit 2).
//! Nothing here knows a protocol or prints data.

#[cfg(unix)]
mod unix;

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
#[cfg(unix)]
use std::os::fd::{AsFd, BorrowedFd};
#[cfg(unix)]
use std::os::unix::net::{UnixListener, UnixStream};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::dial::Dialer;
use super::listen::listen;
use crate::addr::Endpoint;
#[cfg(not(unix))]
use crate::error::{Kind, fail};
use crate::output::Output;
#[cfg(unix)]
use unix::{UnixPath, unix_peer};

/// A connected stream socket: TCP or Unix.
#[derive(Debug)]
pub enum Stream {
    Tcp(TcpStream),
    #[cfg(unix)]
    Unix(UnixStream),
}

impl Stream {
    pub fn try_clone(&self) -> io::Result<Stream> {
        Ok(match self {
            Stream::Tcp(s) => Stream::Tcp(s.try_clone()?),
            #[cfg(unix)]
            Stream::Unix(s) => Stream::Unix(s.try_clone()?),
        })
    }

    /// The TCP socket, when it is one.
    pub fn tcp(&self) -> Option<&TcpStream> {
        match self {
            Stream::Tcp(s) => Some(s),
            #[cfg(unix)]
            Stream::Unix(_) => None,
        }
    }

    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        match self {
            Stream::Tcp(s) => s.shutdown(how),
            #[cfg(unix)]
            Stream::Unix(s) => s.shutdown(how),
        }
    }

    /// The tokio twin (the socket is switched to non-blocking; call inside a runtime).
    pub fn into_async(self) -> io::Result<AsyncStream> {
        Ok(match self {
            Stream::Tcp(s) => {
                s.set_nonblocking(true)?;
                AsyncStream::Tcp(tokio::net::TcpStream::from_std(s)?)
            }
            #[cfg(unix)]
            Stream::Unix(s) => {
                s.set_nonblocking(true)?;
                AsyncStream::Unix(tokio::net::UnixStream::from_std(s)?)
            }
        })
    }
}

#[cfg(unix)]
impl AsFd for Stream {
    fn as_fd(&self) -> BorrowedFd<'_> {
        match self {
            Stream::Tcp(s) => s.as_fd(),
            Stream::Unix(s) => s.as_fd(),
        }
    }
}

impl Read for &Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Tcp(s) => (&*s).read(buf),
            #[cfg(unix)]
            Stream::Unix(s) => (&*s).read(buf),
        }
    }
}

impl Write for &Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Tcp(s) => (&*s).write(buf),
            #[cfg(unix)]
            Stream::Unix(s) => (&*s).write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A tokio stream socket: TCP or Unix.
#[derive(Debug)]
pub enum AsyncStream {
    Tcp(tokio::net::TcpStream),
    #[cfg(unix)]
    Unix(tokio::net::UnixStream),
}

impl AsyncRead for AsyncStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            AsyncStream::Tcp(s) => Pin::new(s).poll_read(cx, buf),
            #[cfg(unix)]
            AsyncStream::Unix(s) => Pin::new(s).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for AsyncStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            AsyncStream::Tcp(s) => Pin::new(s).poll_write(cx, buf),
            #[cfg(unix)]
            AsyncStream::Unix(s) => Pin::new(s).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            AsyncStream::Tcp(s) => Pin::new(s).poll_flush(cx),
            #[cfg(unix)]
            AsyncStream::Unix(s) => Pin::new(s).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            AsyncStream::Tcp(s) => Pin::new(s).poll_shutdown(cx),
            #[cfg(unix)]
            AsyncStream::Unix(s) => Pin::new(s).poll_shutdown(cx),
        }
    }
}

/// A listening stream socket. A Unix one removes its socket file when dropped.
#[derive(Debug)]
pub enum Listener {
    Tcp(TcpListener),
    #[cfg(unix)]
    Unix(UnixListener, UnixPath),
}

impl Listener {
    /// The next client and who it is.
    pub fn accept(&self) -> io::Result<(Stream, String)> {
        match self {
            Listener::Tcp(l) => l.accept().map(|(s, peer)| (Stream::Tcp(s), peer.to_string())),
            #[cfg(unix)]
            Listener::Unix(l, path) => l.accept().map(|(s, _)| (Stream::Unix(s), unix_peer(path))),
        }
    }

    /// The tokio twin (call inside a runtime).
    pub fn into_async(self) -> io::Result<AsyncListener> {
        Ok(match self {
            Listener::Tcp(l) => {
                l.set_nonblocking(true)?;
                AsyncListener::Tcp(tokio::net::TcpListener::from_std(l)?)
            }
            #[cfg(unix)]
            Listener::Unix(l, path) => {
                l.set_nonblocking(true)?;
                AsyncListener::Unix(tokio::net::UnixListener::from_std(l)?, path)
            }
        })
    }
}

/// A tokio listening stream socket.
#[derive(Debug)]
pub enum AsyncListener {
    Tcp(tokio::net::TcpListener),
    #[cfg(unix)]
    Unix(tokio::net::UnixListener, UnixPath),
}

impl AsyncListener {
    /// The next client (Nagle off for TCP) and who it is.
    pub async fn accept(&self) -> io::Result<(AsyncStream, String)> {
        match self {
            AsyncListener::Tcp(l) => {
                let (s, peer) = l.accept().await?;
                let _ = s.set_nodelay(true);
                Ok((AsyncStream::Tcp(s), peer.to_string()))
            }
            #[cfg(unix)]
            AsyncListener::Unix(l, path) => {
                let (s, _) = l.accept().await?;
                Ok((AsyncStream::Unix(s), unix_peer(path)))
            }
        }
    }
}

impl Dialer {
    /// A stream to `target`: TCP through [`Dialer::connect`], or a Unix socket (no proxy,
    /// no source address: those are TCP things, and asking for them is a usage error).
    pub fn connect_stream(&self, target: &Endpoint, out: &Output) -> anyhow::Result<Stream> {
        match target {
            Endpoint::Inet(addr) => self.connect(addr, out).map(Stream::Tcp),
            #[cfg(unix)]
            Endpoint::Unix(path) => unix::connect(self, target, path, out).map(Stream::Unix),
            #[cfg(not(unix))]
            Endpoint::Unix(_) => Err(no_unix_sockets()),
        }
    }
}

/// A listener on ADDR (as [`listen`]) or on `unix:/path`, announced as `listening on ...`.
pub fn listen_stream(endpoint: &Endpoint, out: &Output) -> anyhow::Result<Listener> {
    match endpoint {
        Endpoint::Inet(addr) => listen(addr, out).map(Listener::Tcp),
        #[cfg(unix)]
        Endpoint::Unix(path) => {
            let listener = unix::bind(path)?;
            out.info(&format!("listening on {endpoint}"));
            Ok(Listener::Unix(listener, UnixPath::new(path)))
        }
        #[cfg(not(unix))]
        Endpoint::Unix(_) => Err(no_unix_sockets()),
    }
}

/// Windows has no `unix:` sockets here (std has no AF_UNIX there): a usage error. The
/// address parser already refuses them; this is for an [`Endpoint`] made another way.
#[cfg(not(unix))]
fn no_unix_sockets() -> anyhow::Error {
    fail(Kind::Usage, crate::addr::NO_UNIX_SOCKETS)
}

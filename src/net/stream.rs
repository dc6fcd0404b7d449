//! Stream sockets of both families, TCP and Unix (`unix:/path`), for commands that take
//! either (`nt tcp`): one [`Stream`] and one [`Listener`] type (blocking, with tokio
//! twins), [`Dialer::connect_stream`] and [`listen_stream`].
//!
//! A Unix listener removes a stale socket file (one that nothing listens on) before it
//! binds, never a file that a live server holds, and never anything that is not a socket.
//! Nothing here knows a protocol or prints data.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::deadline::io_error;
use super::dial::Dialer;
use super::listen::listen;
use crate::addr::Endpoint;
use crate::error::{Hint, Kind, fail};
use crate::output::Output;

/// A connected stream socket: TCP or Unix.
#[derive(Debug)]
pub enum Stream {
    Tcp(TcpStream),
    Unix(UnixStream),
}

impl Stream {
    pub fn try_clone(&self) -> io::Result<Stream> {
        Ok(match self {
            Stream::Tcp(s) => Stream::Tcp(s.try_clone()?),
            Stream::Unix(s) => Stream::Unix(s.try_clone()?),
        })
    }

    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        match self {
            Stream::Tcp(s) => s.shutdown(how),
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
            Stream::Unix(s) => {
                s.set_nonblocking(true)?;
                AsyncStream::Unix(tokio::net::UnixStream::from_std(s)?)
            }
        })
    }
}

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
            Stream::Unix(s) => (&*s).read(buf),
        }
    }
}

impl Write for &Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Tcp(s) => (&*s).write(buf),
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
            AsyncStream::Unix(s) => Pin::new(s).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            AsyncStream::Tcp(s) => Pin::new(s).poll_flush(cx),
            AsyncStream::Unix(s) => Pin::new(s).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            AsyncStream::Tcp(s) => Pin::new(s).poll_shutdown(cx),
            AsyncStream::Unix(s) => Pin::new(s).poll_shutdown(cx),
        }
    }
}

/// A listening stream socket. A Unix one removes its socket file when dropped.
#[derive(Debug)]
pub enum Listener {
    Tcp(TcpListener),
    Unix(UnixListener, UnixPath),
}

/// The path of a Unix listener, removed on Drop (a clean end leaves no file behind).
#[derive(Debug)]
pub struct UnixPath(PathBuf);

impl Drop for UnixPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Who connected: the TCP peer, or `unix:PATH#N` (Unix clients have no address of their
/// own, so they are numbered in order of arrival).
fn unix_peer(path: &Path) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("unix:{}#{}", path.display(), NEXT.fetch_add(1, Ordering::Relaxed))
}

impl Listener {
    /// The next client and who it is.
    pub fn accept(&self) -> io::Result<(Stream, String)> {
        match self {
            Listener::Tcp(l) => l.accept().map(|(s, peer)| (Stream::Tcp(s), peer.to_string())),
            Listener::Unix(l, path) => {
                l.accept().map(|(s, _)| (Stream::Unix(s), unix_peer(&path.0)))
            }
        }
    }

    /// The tokio twin (call inside a runtime).
    pub fn into_async(self) -> io::Result<AsyncListener> {
        Ok(match self {
            Listener::Tcp(l) => {
                l.set_nonblocking(true)?;
                AsyncListener::Tcp(tokio::net::TcpListener::from_std(l)?)
            }
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
            AsyncListener::Unix(l, path) => {
                let (s, _) = l.accept().await?;
                Ok((AsyncStream::Unix(s), unix_peer(&path.0)))
            }
        }
    }
}

impl Dialer {
    /// A stream to `target`: TCP through [`Dialer::connect`], or a Unix socket (no proxy,
    /// no source address: those are TCP things, and asking for them is a usage error).
    pub fn connect_stream(&self, target: &Endpoint, out: &Output) -> anyhow::Result<Stream> {
        let path = match target {
            Endpoint::Inet(addr) => return self.connect(addr, out).map(Stream::Tcp),
            Endpoint::Unix(path) => path,
        };
        if self.proxy.is_some() {
            return Err(fail(Kind::Usage, format!("{target}: --proxy is for TCP addresses only")));
        }
        if self.source.is_some() {
            return Err(fail(Kind::Usage, format!("{target}: --source is for TCP addresses only")));
        }
        let stream = UnixStream::connect(path)
            .map_err(|e| io_error(e, format!("cannot connect to {target}")))?;
        out.debug(&format!("connected to {target}"));
        Ok(Stream::Unix(stream))
    }
}

/// A listener on ADDR (as [`listen`]) or on `unix:/path`, announced as `listening on ...`.
pub fn listen_stream(endpoint: &Endpoint, out: &Output) -> anyhow::Result<Listener> {
    match endpoint {
        Endpoint::Inet(addr) => listen(addr, out).map(Listener::Tcp),
        Endpoint::Unix(path) => {
            let listener = bind_unix(path)?;
            out.info(&format!("listening on {endpoint}"));
            Ok(Listener::Unix(listener, UnixPath(path.clone())))
        }
    }
}

/// Bind a Unix listener, first removing a stale socket file at `path`: one that is a
/// socket and refuses a connection (its server is gone). A live server's socket, or a file
/// that is not a socket, is left alone and reported.
fn bind_unix(path: &Path) -> anyhow::Result<UnixListener> {
    let shown = format!("unix:{}", path.display());
    let failed = |e: io::Error| {
        anyhow::Error::new(e).context(format!("cannot listen on {shown}")).context(Kind::Network)
    };
    match UnixListener::bind(path) {
        Ok(listener) => return Ok(listener),
        Err(e) if e.kind() != io::ErrorKind::AddrInUse => {
            let kind =
                if e.kind() == io::ErrorKind::NotFound { Kind::LocalFile } else { Kind::Network };
            return Err(failed(e).context(kind));
        }
        Err(_) => {}
    }
    let is_socket = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_socket());
    if !is_socket {
        return Err(fail(
            Kind::LocalFile,
            format!("cannot listen on {shown}: the file exists and is not a socket"),
        )
        .context(Hint(format!("remove {} or pick another path", path.display()))));
    }
    match UnixStream::connect(path) {
        Ok(_) => {
            Err(fail(Kind::Network, format!("cannot listen on {shown}: a server listens there"))
                .context(Hint("stop that server or pick another path".into())))
        }
        Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
            std::fs::remove_file(path).map_err(|e| failed(e).context(Kind::LocalFile))?;
            UnixListener::bind(path).map_err(failed)
        }
        Err(e) => Err(failed(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stale_unix_socket_is_replaced_and_a_live_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        let first = bind_unix(&path).unwrap();
        let live = bind_unix(&path).unwrap_err();
        assert!(crate::error::one_line(&live).contains("a server listens there"), "{live:#}");
        drop(first);
        assert!(path.exists(), "a std listener leaves its file: stale now");
        let again = bind_unix(&path).unwrap();
        drop(again);
        let file = dir.path().join("f");
        std::fs::write(&file, b"keep me").unwrap();
        let refused = bind_unix(&file).unwrap_err();
        assert_eq!(crate::error::kind_of(&refused), Kind::LocalFile);
        assert_eq!(std::fs::read(&file).unwrap(), b"keep me");
    }
}

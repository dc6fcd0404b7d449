//! Unix stream sockets (`unix:/path`) for [`super::Stream`] and [`super::Listener`]: connect,
//! bind, and the socket file's life. Unix only (Windows refuses `unix:` at parse time).
//!
//! A listener removes a stale socket file (one that nothing listens on) before it binds,
//! never a file that a live server holds, and never anything that is not a socket.

use std::io;
use std::os::unix::fs::FileTypeExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::addr::Endpoint;
use crate::error::{Hint, Kind, fail};
use crate::net::deadline::io_error;
use crate::net::dial::Dialer;
use crate::output::Output;

/// The path of a Unix listener, removed on Drop (a clean end leaves no file behind).
#[derive(Debug)]
pub struct UnixPath(PathBuf);

impl UnixPath {
    pub fn new(path: &Path) -> UnixPath {
        UnixPath(path.to_path_buf())
    }
}

impl Drop for UnixPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Who connected: `unix:PATH#N` (Unix clients have no address of their own, so they are
/// numbered in order of arrival).
pub fn unix_peer(path: &UnixPath) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("unix:{}#{}", path.0.display(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Connect to the Unix socket at `path` (`target` is how it is shown). No proxy, no source
/// address: those are TCP things, and asking for them is a usage error.
pub fn connect(
    dialer: &Dialer,
    target: &Endpoint,
    path: &Path,
    out: &Output,
) -> anyhow::Result<UnixStream> {
    if dialer.proxy.is_some() {
        return Err(fail(Kind::Usage, format!("{target}: --proxy is for TCP addresses only")));
    }
    if dialer.source.is_some() {
        return Err(fail(Kind::Usage, format!("{target}: --source is for TCP addresses only")));
    }
    let stream = UnixStream::connect(path)
        .map_err(|e| io_error(e, format!("cannot connect to {target}")))?;
    out.debug(&format!("connected to {target}"));
    Ok(stream)
}

/// Bind a Unix listener, first removing a stale socket file at `path`: one that is a
/// socket and refuses a connection (its server is gone). A live server's socket, or a file
/// that is not a socket, is left alone and reported.
pub fn bind(path: &Path) -> anyhow::Result<UnixListener> {
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
        let first = bind(&path).unwrap();
        let live = bind(&path).unwrap_err();
        assert!(crate::error::one_line(&live).contains("a server listens there"), "{live:#}");
        drop(first);
        assert!(path.exists(), "a std listener leaves its file: stale now");
        let again = bind(&path).unwrap();
        drop(again);
        let file = dir.path().join("f");
        std::fs::write(&file, b"keep me").unwrap();
        let refused = bind(&file).unwrap_err();
        assert_eq!(crate::error::kind_of(&refused), Kind::LocalFile);
        assert_eq!(std::fs::read(&file).unwrap(), b"keep me");
    }
}

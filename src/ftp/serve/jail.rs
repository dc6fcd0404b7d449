//! The storage of `nt ftp serve`: DIR as a jail, with a permission check before each
//! operation, and fast file transfers.
//!
//! [`Jail`] wraps unftp-sbe-fs's `Filesystem` the way unFTP's `storage/restrict.rs` wraps
//! its back-end: each operation is checked first (writes need `--write`), then delegated.
//! Every path is made relative to DIR by [`confine`] (a `..` that would climb out of DIR is
//! refused, an absolute path is read from DIR's top), and every file is then opened through
//! one `cap_std::fs::Dir` handle, which refuses a symlink that leads out of DIR.
//!
//! Transfers do not go through unftp-sbe-fs, whose 4 KiB buffers and thread-pool hop per read cap a
//! transfer at a third of vsftpd's rate. A plain data connection is taken from the session's
//! [`Handoff`] and the file moves in the kernel on Linux (sendfile, splice: see `zerocopy.rs`);
//! through TLS, a blocking thread reads (or writes) the file in [`CHUNK`]s while the async side
//! writes (or reads) libunftp's stream, with the buffers reused. An upload is written to a hidden
//! temporary file in the target's directory and renamed over the target only when the client has
//! sent it all, so a broken upload never leaves a truncated file under the final name (REST/APPE
//! resume into the file itself). Nothing here logs or talks to the terminal.

use std::fmt::Debug;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use unftp_core::auth::DefaultUser;
use unftp_core::storage::{Error, ErrorKind, Fileinfo, Metadata, Result, StorageBackend};
use unftp_sbe_fs::{Filesystem, Meta};

use super::data::Link;
use super::zerocopy;

/// Bytes per read or write of a transfer. With four in flight a transfer holds 512 KiB.
const CHUNK: usize = 128 << 10;

/// DIR with its permissions, for one session.
#[derive(Debug)]
pub struct Jail {
    /// unftp-sbe-fs over DIR (`None` if DIR could not be opened for this session).
    fs: Option<Filesystem>,
    root: Arc<cap_std::fs::Dir>,
    write: bool,
    link: Arc<Link>,
}

impl Jail {
    pub fn new(dir: &Path, root: Arc<cap_std::fs::Dir>, write: bool, link: Arc<Link>) -> Jail {
        Jail { fs: Filesystem::new(dir).ok(), root, write, link }
    }

    fn fs(&self) -> Result<&Filesystem> {
        self.fs.as_ref().ok_or_else(|| Error::from(ErrorKind::LocalError))
    }

    fn writable(&self) -> Result<()> {
        if self.write { Ok(()) } else { Err(Error::from(ErrorKind::PermissionDenied)) }
    }
}

/// A client's path made relative to DIR: `/` is DIR itself, `..` goes up but never above
/// DIR (refused), `.` and empty parts are dropped. Symlinks are left to the `Dir` handle.
pub fn confine(path: &Path) -> Result<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for part in path.components() {
        match part {
            Component::Normal(name) => parts.push(name),
            Component::ParentDir => {
                parts.pop().ok_or_else(|| Error::from(ErrorKind::PermissionDenied))?;
            }
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    if parts.is_empty() {
        return Ok(PathBuf::from("."));
    }
    Ok(parts.iter().collect())
}

/// Run blocking file work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> Result<T> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map_err(Error::from),
        Err(e) => Err(Error::new(ErrorKind::LocalError, e)),
    }
}

#[async_trait]
impl StorageBackend<DefaultUser> for Jail {
    type Metadata = Meta;

    fn supported_features(&self) -> u32 {
        unftp_core::storage::FEATURE_RESTART
    }

    async fn metadata<P: AsRef<Path> + Send + Debug>(
        &self,
        user: &DefaultUser,
        path: P,
    ) -> Result<Meta> {
        let path = confine(path.as_ref())?;
        let meta = self.fs()?.metadata(user, &path).await?;
        if meta.is_symlink() {
            // SIZE, MDTM and MLST of a link are about where it leads, which must be inside.
            let root = self.root.clone();
            blocking(move || root.metadata(&path))
                .await
                .map_err(|_| Error::from(ErrorKind::PermanentFileNotAvailable))?;
        }
        Ok(meta)
    }

    async fn list<P: AsRef<Path> + Send + Debug>(
        &self,
        user: &DefaultUser,
        path: P,
    ) -> Result<Vec<Fileinfo<PathBuf, Meta>>> {
        // Sorted by name, as vsftpd and ls list: the same directory lists the same way.
        let mut entries = self.fs()?.list(user, confine(path.as_ref())?).await?;
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(entries)
    }

    async fn get_into<'a, P, W: ?Sized>(
        &self,
        _user: &DefaultUser,
        path: P,
        start_pos: u64,
        output: &'a mut W,
    ) -> Result<u64>
    where
        W: AsyncWrite + Unpin + Sync + Send,
        P: AsRef<Path> + Send + Debug,
    {
        let file = open_to_read(&self.root, confine(path.as_ref())?, start_pos).await?;
        let sent = match self.link.handoff.claim() {
            Some(socket) => {
                let stall = self.link.stall;
                direct(move || {
                    zerocopy::blocking(&socket, stall)?;
                    let sent = zerocopy::send(&file, start_pos, &socket)?;
                    socket.shutdown(std::net::Shutdown::Write)?;
                    Ok(sent)
                })
                .await
            }
            None => send_file(file, output).await,
        };
        self.link.meter.set(sent.as_ref().copied().unwrap_or(0));
        sent
    }

    async fn get<P: AsRef<Path> + Send + Debug>(
        &self,
        _user: &DefaultUser,
        path: P,
        start_pos: u64,
    ) -> Result<Box<dyn AsyncRead + Send + Sync + Unpin>> {
        let file = open_to_read(&self.root, confine(path.as_ref())?, start_pos).await?;
        let file = tokio::fs::File::from_std(file);
        Ok(Box::new(tokio::io::BufReader::with_capacity(CHUNK, file)))
    }

    async fn put<P: AsRef<Path> + Send + Debug, R: AsyncRead + Send + Sync + Unpin + 'static>(
        &self,
        _user: &DefaultUser,
        input: R,
        path: P,
        start_pos: u64,
    ) -> Result<u64> {
        self.writable()?;
        let target = confine(path.as_ref())?;
        let (upload, file) = Upload::open(self.root.clone(), target, start_pos).await?;
        let moved = AtomicU64::new(0);
        let limit = self.link.max_upload.saturating_sub(start_pos);
        let result = match self.link.handoff.claim() {
            Some(socket) => {
                let stall = self.link.stall;
                let received = direct(move || {
                    zerocopy::blocking(&socket, stall)?;
                    zerocopy::receive(&socket, &file, limit)
                })
                .await;
                moved.store(*received.as_ref().unwrap_or(&0), Ordering::Relaxed);
                received
            }
            None => receive(input, file, &moved, limit).await,
        };
        self.link.meter.set(moved.load(Ordering::Relaxed));
        match result {
            Ok(bytes) => upload.finish().await.map(|()| bytes),
            Err(e) => {
                // Past --max-upload nothing of it stays (a resumed file goes back to its
                // old length); a broken resume keeps what came, to be resumed again.
                let cut = e.kind() == ErrorKind::ExceededStorageAllocationError;
                upload.discard(cut.then_some(start_pos)).await;
                Err(e)
            }
        }
    }

    async fn del<P: AsRef<Path> + Send + Debug>(&self, user: &DefaultUser, path: P) -> Result<()> {
        self.writable()?;
        self.fs()?.del(user, confine(path.as_ref())?).await
    }

    async fn mkd<P: AsRef<Path> + Send + Debug>(&self, user: &DefaultUser, path: P) -> Result<()> {
        self.writable()?;
        self.fs()?.mkd(user, confine(path.as_ref())?).await
    }

    async fn rename<P: AsRef<Path> + Send + Debug>(
        &self,
        user: &DefaultUser,
        from: P,
        to: P,
    ) -> Result<()> {
        self.writable()?;
        self.fs()?.rename(user, confine(from.as_ref())?, confine(to.as_ref())?).await
    }

    async fn rmd<P: AsRef<Path> + Send + Debug>(&self, user: &DefaultUser, path: P) -> Result<()> {
        self.writable()?;
        self.fs()?.rmd(user, confine(path.as_ref())?).await
    }

    async fn cwd<P: AsRef<Path> + Send + Debug>(&self, user: &DefaultUser, path: P) -> Result<()> {
        self.fs()?.cwd(user, confine(path.as_ref())?).await
    }
}

/// A direct transfer on a blocking thread. A failing socket is 426 (the transfer was cut);
/// a failing file keeps its own reply (452 for a full disk, 451 otherwise); an upload past
/// `--max-upload` is 552.
async fn direct(work: impl FnOnce() -> std::io::Result<u64> + Send + 'static) -> Result<u64> {
    let socket_failed = |e: &std::io::Error| {
        use std::io::ErrorKind::*;
        matches!(e.kind(), TimedOut | WouldBlock | ConnectionReset | BrokenPipe | UnexpectedEof)
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) if socket_failed(&e) => Err(closed(e)),
        Ok(Err(e)) => Err(file_error(e)),
        Err(e) => Err(Error::new(ErrorKind::LocalError, e)),
    }
}

/// A file's failure as libunftp's reply: 552 past `--max-upload`, 452 for a full disk
/// (also when the file system says so by writing nothing), else what the error says.
fn file_error(e: std::io::Error) -> Error {
    use std::io::ErrorKind::{FileTooLarge, StorageFull, WriteZero};
    match e.kind() {
        FileTooLarge => Error::new(ErrorKind::ExceededStorageAllocationError, e),
        StorageFull | WriteZero => Error::new(ErrorKind::InsufficientStorageSpaceError, e),
        _ => Error::from(e),
    }
}

/// Open a regular file inside DIR for reading at `start`.
async fn open_to_read(
    root: &Arc<cap_std::fs::Dir>,
    path: PathBuf,
    start: u64,
) -> Result<std::fs::File> {
    let root = root.clone();
    let (file, is_file) = blocking(move || {
        let mut file = root.open(&path)?.into_std();
        let is_file = file.metadata()?.is_file();
        if start > 0 {
            file.seek(SeekFrom::Start(start))?;
        }
        Ok((file, is_file))
    })
    .await?;
    if !is_file {
        return Err(Error::from(ErrorKind::PermanentFileNotAvailable));
    }
    Ok(file)
}

/// A channel of buffers between the async side and a blocking thread, with the emptied
/// buffers handed back so no chunk is allocated (and page-faulted) twice.
fn buffers() -> (tokio::sync::mpsc::Sender<Vec<u8>>, tokio::sync::mpsc::Receiver<Vec<u8>>) {
    tokio::sync::mpsc::channel(2)
}

/// Read `file` on a blocking thread and write it to `output`.
async fn send_file<W: AsyncWrite + Unpin + ?Sized>(
    mut file: std::fs::File,
    output: &mut W,
) -> Result<u64> {
    let (full_tx, mut full_rx) = buffers();
    let (empty_tx, mut empty_rx) = buffers();
    let reader = tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        loop {
            let mut buf = empty_rx.try_recv().unwrap_or_else(|_| vec![0; CHUNK]);
            buf.resize(CHUNK, 0);
            let n = read_full(&mut file, &mut buf)?;
            if n == 0 {
                return Ok(());
            }
            buf.truncate(n);
            if full_tx.blocking_send(buf).is_err() {
                return Ok(()); // the socket side gave up
            }
        }
    });
    let mut sent = 0u64;
    while let Some(chunk) = full_rx.recv().await {
        output.write_all(&chunk).await.map_err(closed)?;
        sent += chunk.len() as u64;
        let _ = empty_tx.try_send(chunk);
    }
    output.flush().await.map_err(closed)?;
    match reader.await {
        Ok(Ok(())) => Ok(sent),
        Ok(Err(e)) => Err(Error::from(e)),
        Err(e) => Err(Error::new(ErrorKind::LocalError, e)),
    }
}

/// Fill `buf` from a file (short only at its end).
fn read_full(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// A data connection that failed mid-transfer: 426 to the client.
fn closed(e: std::io::Error) -> Error {
    Error::new(ErrorKind::ConnectionClosed, e)
}

/// Read the client's bytes and write them to `file` on a blocking thread.
async fn receive<R: AsyncRead + Unpin>(
    mut input: R,
    mut file: std::fs::File,
    moved: &AtomicU64,
    limit: u64,
) -> Result<u64> {
    let (full_tx, mut full_rx) = buffers();
    let (empty_tx, mut empty_rx) = buffers();
    let writer = tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        while let Some(chunk) = full_rx.blocking_recv() {
            file.write_all(&chunk)?;
            let _ = empty_tx.try_send(chunk);
        }
        Ok(())
    });
    let mut total = 0u64;
    loop {
        let mut buf = empty_rx.try_recv().unwrap_or_else(|_| vec![0; CHUNK]);
        buf.resize(CHUNK, 0);
        let mut filled = 0;
        while filled < CHUNK {
            match input.read(&mut buf[filled..]).await.map_err(closed)? {
                0 => break,
                n => filled += n,
            }
        }
        buf.truncate(filled);
        total += filled as u64;
        moved.store(total, Ordering::Relaxed);
        if total > limit {
            return Err(file_error(zerocopy::too_large()));
        }
        if filled == 0 || full_tx.send(buf).await.is_err() {
            break;
        }
        if filled < CHUNK {
            break;
        }
    }
    drop(full_tx);
    match writer.await {
        Ok(Ok(())) => Ok(total),
        Ok(Err(e)) => Err(file_error(e)),
        Err(e) => Err(Error::new(ErrorKind::LocalError, e)),
    }
}

/// Temporary upload files not yet renamed into place, removed at Ctrl-C.
static PARTIALS: Mutex<Vec<(Arc<cap_std::fs::Dir>, PathBuf)>> = Mutex::new(Vec::new());

/// Remove every unfinished upload (run at Ctrl-C, before nt dies).
pub fn remove_partials() {
    if let Ok(mut partials) = PARTIALS.lock() {
        for (root, path) in partials.drain(..) {
            let _ = root.remove_file(&path);
        }
    }
}

fn forget_partial(path: &Path) {
    if let Ok(mut partials) = PARTIALS.lock() {
        partials.retain(|(_, p)| p != path);
    }
}

/// A file being uploaded: a fresh temporary file beside the target (renamed over it at the
/// end), or the target itself when the client resumes at an offset.
struct Upload {
    root: Arc<cap_std::fs::Dir>,
    target: PathBuf,
    temp: Option<PathBuf>,
}

impl Upload {
    async fn open(
        root: Arc<cap_std::fs::Dir>,
        target: PathBuf,
        start: u64,
    ) -> Result<(Upload, std::fs::File)> {
        let Some(parent) = target.parent().filter(|_| target != Path::new(".")) else {
            return Err(Error::from(ErrorKind::FileNameNotAllowedError));
        };
        let temp = (start == 0).then(|| parent.join(temp_name()));
        let (dir, opened, resume) = (root.clone(), temp.clone(), target.clone());
        let file = blocking(move || {
            let mut options = cap_std::fs::OpenOptions::new();
            match &opened {
                Some(temp) => {
                    options.write(true).create_new(true);
                    dir.open_with(temp, &options).map(cap_std::fs::File::into_std)
                }
                None => {
                    options.write(true).create(true);
                    let mut file = dir.open_with(&resume, &options)?.into_std();
                    file.set_len(start)?;
                    file.seek(SeekFrom::Start(start))?;
                    Ok(file)
                }
            }
        })
        .await?;
        if let (Some(temp), Ok(mut partials)) = (&temp, PARTIALS.lock()) {
            partials.push((root.clone(), temp.clone()));
        }
        Ok((Upload { root, target, temp }, file))
    }

    /// Rename the temporary file over the target.
    async fn finish(mut self) -> Result<()> {
        let Some(temp) = self.temp.take() else { return Ok(()) };
        let (root, target, from) = (self.root.clone(), self.target.clone(), temp.clone());
        let renamed = blocking(move || root.rename(&from, &root, &target)).await;
        if renamed.is_err() {
            let root = self.root.clone();
            let gone = temp.clone();
            let _ = blocking(move || root.remove_file(&gone)).await;
        }
        forget_partial(&temp);
        renamed
    }

    /// Remove the temporary file of an upload that failed; a resumed one is cut back to
    /// `cut` bytes when given.
    async fn discard(mut self, cut: Option<u64>) {
        if let Some(temp) = self.temp.take() {
            let (root, gone) = (self.root.clone(), temp.clone());
            let _ = blocking(move || root.remove_file(&gone)).await;
            forget_partial(&temp);
        } else if let Some(length) = cut {
            let (root, target) = (self.root.clone(), self.target.clone());
            let mut options = cap_std::fs::OpenOptions::new();
            options.write(true);
            let _ = blocking(move || root.open_with(&target, &options)?.set_len(length)).await;
        }
    }
}

/// A name no client file is likely to have, unique within this process.
fn temp_name() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(".nt-upload-{}-{}.part", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn paths_stay_inside() {
        let ok = |p: &str| confine(Path::new(p)).unwrap();
        assert_eq!(ok("/"), PathBuf::from("."));
        assert_eq!(ok(""), PathBuf::from("."));
        assert_eq!(ok("/etc/passwd"), PathBuf::from("etc/passwd"));
        assert_eq!(ok("a/./b/../c"), PathBuf::from("a/c"));
        assert_eq!(ok("/a/.."), PathBuf::from("."));
        for escape in ["..", "/..", "../x", "a/../../x", "/a/b/../../../etc"] {
            let err = confine(Path::new(escape)).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::PermissionDenied, "{escape}");
        }
    }

    proptest! {
        #[test]
        fn confined_paths_are_relative_and_plain(path in "[a-z./]{0,24}") {
            if let Ok(inside) = confine(Path::new(&path)) {
                prop_assert!(inside.is_relative());
                prop_assert!(inside.components().all(|c| matches!(c, Component::Normal(_)))
                    || inside == Path::new("."));
            }
        }
    }
}

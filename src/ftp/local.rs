//! Where a download lands. A regular file, or a name where nothing is yet, is written
//! through `NAME.part` and renamed when complete (`transfer.rs`); a symlink to a regular
//! file is followed, so the `.part` sits beside the file it names and the link stays.
//! Anything else that exists (a device, a FIFO, a socket, or a symlink to one:
//! `/dev/null`, a named pipe) is written in place, with no `.part` and no rename. `-` and
//! the names of stdout (`/dev/stdout`) are stdout, as curl's `-o -`.
//!
//! Nothing here ever renames over, truncates or removes what is not a regular file, and
//! nothing here speaks FTP: the downloads themselves are `transfer.rs`'s.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;

use crate::error::{Kind, Tag, fail};

/// How often opening a FIFO that has no reader yet is tried again (within `--timeout`).
#[cfg(unix)]
const FIFO_RETRY: Duration = Duration::from_millis(50);

/// Where one download goes.
#[derive(Debug, PartialEq, Eq)]
pub enum Dest {
    /// Through `.part` into this path: a regular file (a symlink's target), or nothing yet.
    File(PathBuf),
    /// Written in place: a device, FIFO or socket (or a symlink to one).
    InPlace(PathBuf),
}

/// Whether LOCAL means stdout: `-`, or a name of stdout (`/dev/stdout`, `/dev/fd/1`,
/// `/proc/self/fd/1`), which is written through nt's own stdout so that a redirection
/// (`>>` too) is honoured as the shell set it up.
pub fn is_stdout(local: &Path) -> bool {
    let names = ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"];
    names.iter().any(|n| local.as_os_str() == *n)
}

/// Where a download into `local` goes (see the module doc).
pub fn dest(local: &Path) -> anyhow::Result<Dest> {
    let cannot = |e: io::Error| {
        anyhow::Error::new(e)
            .context(format!("cannot write {}", local.display()))
            .context(Kind::LocalFile)
    };
    let link = match fs::symlink_metadata(local) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Dest::File(local.into())),
        Err(e) => return Err(cannot(e)),
    };
    if link.is_file() {
        return Ok(Dest::File(local.into()));
    }
    let meta = if link.file_type().is_symlink() {
        fs::metadata(local).map_err(|e| {
            fail(Kind::LocalFile, format!("{} is a symlink to nothing: {e}", local.display()))
        })?
    } else {
        link
    };
    if meta.is_dir() {
        return Err(fail(Kind::LocalFile, format!("{} is a directory", local.display())));
    }
    if meta.is_file() {
        return fs::canonicalize(local).map(Dest::File).map_err(cannot);
    }
    Ok(Dest::InPlace(local.into()))
}

/// Rename the complete `.part` to LOCAL, which must be a regular file or nothing: never
/// over a directory, device, FIFO or symlink (it may have changed since it was checked).
pub fn rename_over_file(part: &Path, local: &Path) -> anyhow::Result<()> {
    if let Ok(meta) = fs::symlink_metadata(local)
        && !meta.is_file()
    {
        let why = format!("{} is not a regular file: not replacing it", local.display());
        return Err(fail(Kind::LocalFile, why))
            .hint(format!("the download is complete in {}", part.display()));
    }
    fs::rename(part, local)
        .with_context(|| format!("cannot rename {} to {}", part.display(), local.display()))
        .kind(Kind::LocalFile)
}

/// Open a device, FIFO or socket for writing, neither creating nor truncating it. A FIFO
/// with no reader yet is tried again until `timeout` (a plain open would wait for ever).
#[cfg(unix)]
pub fn open_in_place(path: &Path, timeout: Duration) -> anyhow::Result<File> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    use std::time::Instant;
    let until = Instant::now() + timeout;
    let file = loop {
        let opened =
            File::options().write(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path);
        match opened {
            Ok(file) => break file,
            Err(e) if e.raw_os_error() == Some(libc::ENXIO) && Instant::now() < until => {
                std::thread::sleep(FIFO_RETRY);
            }
            Err(e) if e.raw_os_error() == Some(libc::ENXIO) => {
                let why = format!("cannot write {}: no reader came in time", path.display());
                return Err(fail(Kind::LocalFile, why));
            }
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot write {}", path.display()))
                    .kind(Kind::LocalFile);
            }
        }
    };
    // Writes block again from here on, as they would after a plain open.
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this function owns; only the file status flags change.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
    }
    Ok(file)
}

#[cfg(not(unix))]
pub fn open_in_place(path: &Path, _timeout: Duration) -> anyhow::Result<File> {
    File::options()
        .write(true)
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))
        .kind(Kind::LocalFile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdout_and_what_is_not_a_regular_file_are_not_renamed_over() {
        assert!(is_stdout(Path::new("-")) && is_stdout(Path::new("/dev/stdout")));
        assert!(!is_stdout(Path::new("./-x")));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        fs::write(&file, b"x").unwrap();
        assert_eq!(dest(&file).unwrap(), Dest::File(file.clone()));
        let new = dir.path().join("new");
        assert_eq!(dest(&new).unwrap(), Dest::File(new));
        #[cfg(unix)]
        {
            let null = Path::new("/dev/null");
            assert_eq!(dest(null).unwrap(), Dest::InPlace(null.into()));
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            assert_eq!(dest(&link).unwrap(), Dest::File(fs::canonicalize(&file).unwrap()));
            let to_null = dir.path().join("null");
            std::os::unix::fs::symlink("/dev/null", &to_null).unwrap();
            assert_eq!(dest(&to_null).unwrap(), Dest::InPlace(to_null.clone()));
            let dangling = dir.path().join("dangling");
            std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
            assert!(dest(&dangling).is_err());
        }
        assert!(dest(dir.path()).is_err());
    }
}

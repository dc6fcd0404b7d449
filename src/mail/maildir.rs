//! A Maildir that `nt mail catch` delivers into, one file per message.
//!
//! The layout is the standard one (cr.yp.to/proto/maildir.html), so any Maildir reader
//! (mutt, Dovecot, `nt mail` over POP3 later) can use it: `DIR/tmp`, `DIR/new` and
//! `DIR/cur` are made when missing; a message is written into `tmp/NAME` and renamed into
//! `new/NAME,S=SIZE` only once it is complete, so a reader never sees half a message.
//! NAME is `SECONDS.MMICROSPPIDQCOUNT.HOST` (`/` and `:` in HOST escaped as `\057` and
//! `\072`, as the spec asks; `_057`... on Windows); `,S=SIZE` is Dovecot's size field.
//! Read names carry their flags after [`INFO`], `:2,` (`;2,` on Windows, which refuses
//! `:`): readers here take both. The file holds what it is given: for `nt mail catch`, a
//! `Received:` line and the message exactly as the client sent it after dot-unstuffing
//! (CRLF line ends). A message that fails to be written (a full disk) or is not kept
//! leaves nothing in `tmp/`.
//! Files are not fsynced: this is a catcher for labs and tests, not a mail store.
//! Writes run on tokio's blocking pool; a message is staged in memory only up to
//! [`STAGE`] bytes at a time.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;

use crate::error::{Kind, Tag, fail};

/// What starts the info of a Maildir file name (`cur/NAME:2,FLAGS`): `:2,` as the spec
/// says; on Windows, which refuses `:` in file names, `;2,` (mbsync's InfoDelimiter).
/// Every name nt writes uses it; [`split_info`] reads both.
pub const INFO: &str = if cfg!(windows) { ";2," } else { ":2," };

/// A Maildir file name's unique part and its flag letters, after `:2,` or `;2,` (`None`
/// when it has no info), whichever platform wrote it.
pub fn split_info(name: &str) -> (&str, Option<&str>) {
    match name.rfind(":2,").or_else(|| name.rfind(";2,")) {
        Some(at) => (&name[..at], Some(&name[at + 3..])),
        None => (name, None),
    }
}

/// HOST as a file name part: `/` and `:` escaped as `\057` and `\072` (the spec); on
/// Windows, where `\` separates folders, as `_057` and `_072`, with `\` and the info
/// separator `;` too.
fn escape_host(host: &str) -> String {
    let (escape, special): (char, &[char]) =
        if cfg!(windows) { ('_', &['/', ':', '\\', ';']) } else { ('\\', &['/', ':']) };
    let mut out = String::with_capacity(host.len());
    for c in host.chars() {
        if special.contains(&c) {
            out.push_str(&format!("{escape}{:03o}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Bytes of a message gathered in memory before they go to the file.
pub const STAGE: usize = 128 * 1024;

/// A Maildir root and what makes its file names unique.
#[derive(Debug)]
pub struct Maildir {
    root: PathBuf,
    host: String,
    pid: u32,
    deliveries: AtomicU64,
}

impl Maildir {
    /// Open DIR as a Maildir, making it and its three folders when missing (exit 3 when
    /// that fails).
    pub fn create(root: &Path, host: &str) -> anyhow::Result<Maildir> {
        for sub in ["tmp", "new", "cur"] {
            let path = root.join(sub);
            fs::create_dir_all(&path)
                .with_context(|| format!("cannot make the Maildir folder {}", path.display()))
                .kind(Kind::LocalFile)?;
        }
        let host = escape_host(host);
        Ok(Maildir {
            root: root.to_path_buf(),
            host,
            pid: std::process::id(),
            deliveries: AtomicU64::new(0),
        })
    }

    /// A new unique name (`SECONDS.MMICROSPPIDQCOUNT.HOST`), microseconds zero-padded so
    /// that names from one second sort in delivery order.
    fn unique(&self) -> String {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let n = self.deliveries.fetch_add(1, Ordering::Relaxed);
        format!("{}.M{:06}P{}Q{}.{}", now.as_secs(), now.subsec_micros(), self.pid, n, self.host)
    }
}

/// One message on its way into the Maildir: staged bytes, then a file in `tmp/`.
pub struct Spool {
    maildir: Arc<Maildir>,
    name: String,
    file: Option<File>,
    /// Whether `tmp/NAME` was made (it stays, for [`Spool::discard`], when a write fails).
    created: bool,
    staged: Vec<u8>,
    size: u64,
}

impl Spool {
    pub fn new(maildir: Arc<Maildir>) -> Spool {
        let name = maildir.unique();
        let staged = Vec::with_capacity(8192);
        Spool { maildir, name, file: None, created: false, staged, size: 0 }
    }

    fn tmp_path(&self) -> PathBuf {
        self.maildir.root.join("tmp").join(&self.name)
    }

    /// Take more of the message; every [`STAGE`] bytes go to the file.
    pub async fn push(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        self.staged.extend_from_slice(bytes);
        self.size += bytes.len() as u64;
        if self.staged.len() >= STAGE {
            self.write_staged().await?;
        }
        Ok(())
    }

    /// Write what is staged to `tmp/NAME` (made at the first write) off the runtime.
    async fn write_staged(&mut self) -> anyhow::Result<()> {
        let path = self.tmp_path();
        let file = self.file.take();
        let staged = std::mem::take(&mut self.staged);
        self.created = true;
        let (file, mut staged) = tokio::task::spawn_blocking(move || {
            let mut file = match file {
                Some(file) => file,
                None => File::create_new(&path)
                    .with_context(|| format!("cannot write {}", path.display()))?,
            };
            file.write_all(&staged).with_context(|| format!("cannot write {}", path.display()))?;
            Ok::<_, anyhow::Error>((file, staged))
        })
        .await
        .map_err(|e| fail(Kind::LocalFile, format!("the disk writer failed: {e}")))?
        .kind(Kind::LocalFile)?;
        staged.clear();
        self.file = Some(file);
        self.staged = staged;
        Ok(())
    }

    /// The message is complete: write the rest and rename it into `new/` (one trip to the
    /// blocking pool for a small message). Returns the path relative to the Maildir
    /// (`new/NAME,S=SIZE`).
    pub async fn deliver(mut self) -> anyhow::Result<String> {
        let tmp = self.tmp_path();
        let relative = format!("new/{},S={}", self.name, self.size);
        let new = self.maildir.root.join(&relative);
        let file = self.file.take();
        let staged = std::mem::take(&mut self.staged);
        tokio::task::spawn_blocking(move || {
            let written = (|| {
                let mut file = match file {
                    Some(file) => file,
                    None => File::create_new(&tmp)
                        .with_context(|| format!("cannot write {}", tmp.display()))?,
                };
                file.write_all(&staged)
                    .with_context(|| format!("cannot write {}", tmp.display()))?;
                drop(file);
                fs::rename(&tmp, &new)
                    .with_context(|| format!("cannot move {} into new/", tmp.display()))
            })();
            if written.is_err() {
                let _ = fs::remove_file(&tmp);
            }
            written
        })
        .await
        .map_err(|e| fail(Kind::LocalFile, format!("the disk writer failed: {e}")))?
        .kind(Kind::LocalFile)?;
        Ok(relative)
    }

    /// The message will not be kept: remove its file from `tmp/`, also when a failed
    /// write left it there.
    pub async fn discard(mut self) {
        if self.file.is_none() && !self.created {
            return;
        }
        let file = self.file.take();
        let tmp = self.tmp_path();
        let _ = tokio::task::spawn_blocking(move || {
            drop(file);
            let _ = fs::remove_file(tmp);
        })
        .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_land_in_new_whole() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("inbox");
        let maildir = Arc::new(Maildir::create(&root, "host/with:odd").unwrap());
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let big: Vec<u8> = (0..STAGE * 3 + 17).map(|i| (i % 251) as u8).collect();
        let name = runtime.block_on(async {
            let mut spool = Spool::new(maildir.clone());
            for chunk in big.chunks(1000) {
                spool.push(chunk).await.unwrap();
            }
            spool.deliver().await.unwrap()
        });
        assert!(name.starts_with("new/") && name.ends_with(&format!(",S={}", big.len())), "{name}");
        let host = if cfg!(windows) { ".host_057with_072odd," } else { ".host\\057with\\072odd," };
        assert!(name.contains(host), "{name}");
        assert_eq!(fs::read(root.join(&name)).unwrap(), big);
        assert_eq!(fs::read_dir(root.join("tmp")).unwrap().count(), 0);
        assert!(root.join("cur").is_dir());
        runtime.block_on(async {
            let mut spool = Spool::new(maildir.clone());
            spool.push(&big).await.unwrap();
            spool.discard().await;
        });
        assert_eq!(fs::read_dir(root.join("tmp")).unwrap().count(), 0);
        assert_eq!(fs::read_dir(root.join("new")).unwrap().count(), 1);
    }

    #[test]
    fn info_is_read_after_either_separator_and_written_with_this_platform_s() {
        assert_eq!(split_info("1.M2P3.h,S=5:2,FS"), ("1.M2P3.h,S=5", Some("FS")));
        assert_eq!(split_info("1.M2P3.h,S=5;2,S"), ("1.M2P3.h,S=5", Some("S")));
        assert_eq!(split_info("1.M2P3.h,S=5"), ("1.M2P3.h,S=5", None));
        assert_eq!(split_info("1.M2P3.h:2,"), ("1.M2P3.h", Some("")));
        assert_eq!(INFO, if cfg!(windows) { ";2," } else { ":2," });
        assert_eq!(split_info(&format!("x{INFO}S")), ("x", Some("S")));
        let host = escape_host("a/b:c;d");
        let want = if cfg!(windows) { "a_057b_072c_073d" } else { "a\\057b\\072c;d" };
        assert_eq!(host, want);
    }
}

//! Files that `nt mail get` writes: `UID.eml` through `.part` and a rename, and
//! attachments under names that cannot leave their directory.
//!
//! A name from a message (an attachment's filename) or from a server (a POP3 UIDL) is
//! never used as a path: [`attachment_name`] keeps only a last path component made of
//! safe characters, and [`message_file`] escapes every byte of a UIDL that is not plainly
//! safe (`%2F` for `/`), so two UIDLs never share a file. An attachment never replaces an
//! existing file (`name (2).ext` instead), and the final name appears only once the file
//! is complete.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use anyhow::Context;

use super::message::Uid;
use crate::error::{Kind, Tag};

/// The longest file name nt makes (bytes), under the usual 255 of Linux file systems.
const MAX_NAME: usize = 180;

/// Create DIR (and its parents) when missing.
pub fn ensure_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create directory {}", dir.display()))
        .kind(Kind::LocalFile)
}

/// `5.eml` for an IMAP UID; the UIDL with unsafe bytes escaped (`%2F`) for POP3.
pub fn message_file(uid: &Uid) -> String {
    match uid {
        Uid::Imap(n) => format!("{n}.eml"),
        Uid::Pop3(uidl) => {
            let mut name = String::new();
            for (i, byte) in uidl.bytes().enumerate() {
                let plain = byte.is_ascii_alphanumeric() || b"-_+=@,".contains(&byte);
                // A leading dot would hide the file (and `..` is no name).
                if plain || (byte == b'.' && i > 0) {
                    name.push(byte as char);
                } else {
                    name.push_str(&format!("%{byte:02X}"));
                }
            }
            name.truncate(MAX_NAME);
            format!("{name}.eml")
        }
    }
}

/// A file written as `NAME.part` and renamed to NAME only when complete.
pub struct PartFile {
    part: PathBuf,
    target: PathBuf,
    file: BufWriter<File>,
}

impl PartFile {
    pub fn create(dir: &Path, name: &str) -> anyhow::Result<PartFile> {
        let target = dir.join(name);
        let part = dir.join(format!("{name}.part"));
        let file = File::create(&part)
            .with_context(|| format!("cannot write {}", part.display()))
            .kind(Kind::LocalFile)?;
        Ok(PartFile { part, target, file: BufWriter::with_capacity(256 << 10, file) })
    }

    pub fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        self.file
            .write_all(bytes)
            .with_context(|| format!("cannot write {}", self.part.display()))
            .kind(Kind::LocalFile)
    }

    /// Flush (and with `durable`, fsync: the server copy is about to be deleted), then
    /// give the file its final name.
    pub fn commit(self, durable: bool) -> anyhow::Result<PathBuf> {
        let context = || format!("cannot write {}", self.part.display());
        let file = self
            .file
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(context)
            .kind(Kind::LocalFile)?;
        if durable {
            file.sync_all().with_context(context).kind(Kind::LocalFile)?;
        }
        drop(file);
        std::fs::rename(&self.part, &self.target)
            .with_context(|| {
                format!("cannot rename {} to {}", self.part.display(), self.target.display())
            })
            .kind(Kind::LocalFile)?;
        Ok(self.target)
    }

    /// Remove the unfinished file (the message could not be read whole).
    pub fn abandon(self) {
        drop(self.file);
        let _ = std::fs::remove_file(&self.part);
    }
}

/// One whole message for the [`Writer`].
struct Job {
    dir: PathBuf,
    name: String,
    bytes: Vec<u8>,
    durable: bool,
}

/// Bytes handed to the writer and not yet written: the producer waits above `limit`.
struct Budget {
    queued: Mutex<(u64, bool)>,
    changed: Condvar,
    limit: u64,
}

/// Writes whole messages into `.eml` files on a thread of its own, so that creating
/// thousands of files (each create costs a few hundred microseconds) overlaps with
/// reading the next messages from the network. At most `limit` bytes wait in memory.
pub struct Writer {
    jobs: Option<SyncSender<Job>>,
    thread: Option<JoinHandle<anyhow::Result<()>>>,
    budget: Arc<Budget>,
}

impl Writer {
    pub fn start(limit: u64) -> Writer {
        let (jobs, queue) = sync_channel::<Job>(1024);
        let budget =
            Arc::new(Budget { queued: Mutex::new((0, false)), changed: Condvar::new(), limit });
        let shared = budget.clone();
        let thread = std::thread::Builder::new().name("eml-writer".into()).spawn(move || {
            let result = write_jobs(queue, &shared);
            if let Ok(mut queued) = shared.queued.lock() {
                queued.1 = true;
            }
            shared.changed.notify_all();
            result
        });
        Writer { jobs: Some(jobs), thread: thread.ok(), budget }
    }

    /// Queue a message for `DIR/NAME` (via `.part`); an earlier failure is returned here.
    pub fn submit(
        &mut self,
        dir: &Path,
        name: String,
        bytes: Vec<u8>,
        durable: bool,
    ) -> anyhow::Result<()> {
        let len = bytes.len() as u64;
        let job = Job { dir: dir.to_path_buf(), name, bytes, durable };
        if self.thread.is_none() {
            // No thread could be started: write here.
            return write_job(job);
        }
        {
            let mut queued = self.budget.queued.lock().map_err(|_| writer_gone())?;
            while queued.0 > 0 && queued.0 + len > self.budget.limit && !queued.1 {
                queued = self.budget.changed.wait(queued).map_err(|_| writer_gone())?;
            }
            if queued.1 {
                drop(queued);
                return self.join().and(Err(writer_gone()));
            }
            queued.0 += len;
        }
        match self.jobs.as_ref().map(|jobs| jobs.send(job)) {
            Some(Ok(())) => Ok(()),
            _ => self.join().and(Err(writer_gone())),
        }
    }

    /// Wait until every queued message is in its file.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.join()
    }

    fn join(&mut self) -> anyhow::Result<()> {
        self.jobs = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(writer_gone()),
            None => Ok(()),
        }
    }
}

fn writer_gone() -> anyhow::Error {
    crate::error::fail(Kind::LocalFile, "the file writer stopped")
}

/// A whole message into `DIR/NAME.part`, then renamed (no buffer: it is one write).
fn write_job(job: Job) -> anyhow::Result<()> {
    let part = job.dir.join(format!("{}.part", job.name));
    let written = (|| {
        let mut file = File::create(&part)?;
        file.write_all(&job.bytes)?;
        if job.durable {
            file.sync_all()?;
        }
        std::fs::rename(&part, job.dir.join(&job.name))
    })();
    written.with_context(|| format!("cannot write {}", part.display())).kind(Kind::LocalFile)
}

fn write_jobs(queue: Receiver<Job>, budget: &Budget) -> anyhow::Result<()> {
    for job in queue {
        let len = job.bytes.len() as u64;
        write_job(job)?;
        if let Ok(mut queued) = budget.queued.lock() {
            queued.0 = queued.0.saturating_sub(len);
        }
        budget.changed.notify_all();
    }
    Ok(())
}

/// The longest extension kept when a long name is cut (bytes, without the dot).
const MAX_EXTENSION: usize = 16;

/// A safe file name for an attachment: the last path component of what the message
/// says, without control characters or characters that shells and other systems treat
/// specially, no leading dot, at most [`MAX_NAME`] bytes (a longer name is cut before its
/// extension, which is kept); `attachment-N.EXT` when nothing is left, with the usual
/// extension of its `content_type` (`image/jpeg`: `.jpg`).
pub fn attachment_name(name: Option<&str>, content_type: &str, index: usize) -> String {
    let last = name.unwrap_or("").rsplit(['/', '\\']).next().unwrap_or("");
    let mut clean = String::new();
    for c in last.chars() {
        let bad = c.is_control()
            || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        clean.push(if bad { '_' } else { c });
    }
    let trimmed = clean.trim().trim_start_matches('.').trim_end_matches(['.', ' ']);
    let out = cut(trimmed);
    if !out.is_empty() {
        return out;
    }
    match extension_of(content_type) {
        Some(ext) => format!("attachment-{index}.{ext}"),
        None => format!("attachment-{index}"),
    }
}

/// A name cut to [`MAX_NAME`] bytes at a character boundary, keeping its extension.
fn cut(name: &str) -> String {
    if name.len() <= MAX_NAME {
        return name.to_string();
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() && ext.len() <= MAX_EXTENSION => {
            (stem, Some(ext))
        }
        _ => (name, None),
    };
    let room = MAX_NAME - ext.map_or(0, |e| e.len() + 1);
    let mut out = String::new();
    for c in stem.chars() {
        if out.len() + c.len_utf8() > room {
            break;
        }
        out.push(c);
    }
    let out = out.trim_end_matches(['.', ' ']).to_string();
    match ext {
        Some(ext) => format!("{out}.{ext}"),
        None => out,
    }
}

/// The usual file extension of a MIME type: a few common choices (`jpg`), else its
/// subtype where that is one of the type's extensions (`png`), else mime_guess's first.
fn extension_of(content_type: &str) -> Option<&'static str> {
    let content_type = content_type.trim().to_ascii_lowercase();
    let known = mime_guess::get_mime_extensions_str(&content_type)?;
    let subtype = content_type.split_once('/').map(|(_, s)| s).unwrap_or("");
    let preferred = match content_type.as_str() {
        "image/jpeg" => "jpg",
        "image/svg+xml" => "svg",
        "image/tiff" => "tif",
        "text/plain" => "txt",
        "text/html" => "html",
        "message/rfc822" => "eml",
        "application/octet-stream" => "bin",
        _ => subtype,
    };
    known.iter().find(|e| **e == preferred).or(known.first()).copied()
}

/// `name (2).ext`: the n-th variant of a taken name.
fn variant(name: &str, n: usize) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem} ({n}).{ext}"),
        _ => format!("{name} ({n})"),
    }
}

/// Write an attachment into DIR under its safe name (or a free variant of it) and
/// return the path. An existing file is never replaced.
pub fn save_attachment(dir: &Path, name: &str, bytes: &[u8]) -> anyhow::Result<PathBuf> {
    let part = dir.join(format!(".{name}.{}.part", std::process::id()));
    let written = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&part)?;
        file.write_all(bytes)?;
        file.flush()
    })();
    written.with_context(|| format!("cannot write {}", part.display())).kind(Kind::LocalFile)?;
    for n in 1..10_000 {
        let candidate = if n == 1 { name.to_string() } else { variant(name, n) };
        let target = dir.join(&candidate);
        // A hard link fails when the name is taken, where a rename would replace it.
        match std::fs::hard_link(&part, &target) {
            Ok(()) => {
                let _ = std::fs::remove_file(&part);
                return Ok(target);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                let _ = std::fs::remove_file(&part);
                return Err(e)
                    .with_context(|| format!("cannot write {}", target.display()))
                    .kind(Kind::LocalFile);
            }
        }
    }
    let _ = std::fs::remove_file(&part);
    Err(crate::error::fail(
        Kind::LocalFile,
        format!("no free name for {name} in {}", dir.display()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hostile_names_stay_inside() {
        let name = |n: Option<&str>, i| attachment_name(n, "application/octet-stream", i);
        assert_eq!(name(Some("../../x"), 1), "x");
        assert_eq!(name(Some("/etc/passwd"), 1), "passwd");
        assert_eq!(name(Some("..\\..\\boot.ini"), 1), "boot.ini");
        assert_eq!(name(Some(".."), 3), "attachment-3.bin");
        assert_eq!(name(Some(".bashrc"), 1), "bashrc");
        assert_eq!(name(Some("a\r\nb\u{202e}gpj.exe"), 1), "a__b_gpj.exe");
        assert_eq!(name(Some("text1_SMTP.py"), 1), "text1_SMTP.py");
        assert!(name(Some(&"é".repeat(300)), 1).len() <= MAX_NAME);
        assert_eq!(variant("a.py", 2), "a (2).py");
    }

    #[test]
    fn long_names_keep_their_extension() {
        let long = format!("{}.pdf", "报告".repeat(60));
        let cut = attachment_name(Some(&long), "application/pdf", 1);
        assert!(cut.len() <= MAX_NAME && cut.ends_with("报告.pdf"), "{cut}");
        let long = format!("{}.tar.gz", "x".repeat(300));
        let cut = attachment_name(Some(&long), "application/gzip", 1);
        assert_eq!((cut.len(), cut.ends_with("xxx.gz")), (MAX_NAME, true), "{cut}");
        // An extension longer than MAX_EXTENSION is no extension: the name is cut.
        let odd = format!("a.{}", "y".repeat(300));
        assert_eq!(attachment_name(Some(&odd), "text/plain", 1).len(), MAX_NAME);
    }

    #[test]
    fn unnamed_parts_get_the_extension_of_their_type() {
        assert_eq!(attachment_name(None, "image/jpeg", 2), "attachment-2.jpg");
        assert_eq!(attachment_name(None, "image/png", 3), "attachment-3.png");
        assert_eq!(attachment_name(None, "IMAGE/GIF", 1), "attachment-1.gif");
        assert_eq!(attachment_name(None, "text/plain", 1), "attachment-1.txt");
        assert_eq!(attachment_name(None, "x-unknown/thing", 4), "attachment-4");
        assert_eq!(variant("README", 3), "README (3)");
    }

    #[test]
    fn uidls_become_distinct_safe_names() {
        assert_eq!(message_file(&Uid::Imap(42)), "42.eml");
        assert_eq!(message_file(&Uid::Pop3("a/b".into())), "a%2Fb.eml");
        assert_eq!(message_file(&Uid::Pop3("a_b".into())), "a_b.eml");
        assert_eq!(message_file(&Uid::Pop3("..".into())), "%2E..eml");
        assert_eq!(
            message_file(&Uid::Pop3("1700000000.M1P2.host".into())),
            "1700000000.M1P2.host.eml"
        );
    }

    #[test]
    fn attachments_never_replace_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = save_attachment(dir.path(), "x.txt", b"one").unwrap();
        let b = save_attachment(dir.path(), "x.txt", b"two").unwrap();
        assert_eq!(a, dir.path().join("x.txt"));
        assert_eq!(b, dir.path().join("x (2).txt"));
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no .part left");
    }

    #[test]
    fn the_writer_writes_everything_and_reports_failures() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = Writer::start(100);
        for i in 0..50u8 {
            writer.submit(dir.path(), format!("{i}.eml"), vec![i; 60], false).unwrap();
        }
        writer.finish().unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 50);
        assert_eq!(std::fs::read(dir.path().join("7.eml")).unwrap(), vec![7u8; 60]);
        let mut writer = Writer::start(100);
        let missing = dir.path().join("no/such/dir");
        let mut failed = false;
        for i in 0..20 {
            failed |= writer.submit(&missing, format!("{i}.eml"), vec![1; 60], false).is_err();
        }
        assert!(failed || writer.finish().is_err());
    }

    proptest! {
        #[test]
        fn names_are_one_safe_component(name in "\\PC{0,80}", i in 0usize..5) {
            let safe = attachment_name(Some(&name), "image/png", i);
            prop_assert!(!safe.is_empty());
            prop_assert!(!safe.contains('/') && !safe.contains('\\'));
            prop_assert!(!safe.starts_with('.'));
            prop_assert!(!safe.chars().any(char::is_control));
            prop_assert!(safe.len() <= MAX_NAME + 16);
        }

        #[test]
        fn uidl_names_are_safe(uidl in "[!-~]{1,70}") {
            let name = message_file(&Uid::Pop3(uidl));
            prop_assert!(!name.contains('/') && !name.starts_with('.'));
        }
    }
}

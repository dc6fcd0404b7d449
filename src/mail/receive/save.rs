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

/// A safe file name for an attachment: the last path component of what the message
/// says, without control characters or characters that shells and other systems treat
/// specially, no leading dot, at most [`MAX_NAME`] bytes; `attachment-N` when nothing
/// is left.
pub fn attachment_name(name: Option<&str>, index: usize) -> String {
    let last = name.unwrap_or("").rsplit(['/', '\\']).next().unwrap_or("");
    let mut clean = String::new();
    for c in last.chars() {
        let bad = c.is_control()
            || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        clean.push(if bad { '_' } else { c });
    }
    let trimmed = clean.trim().trim_start_matches('.').trim_end_matches(['.', ' ']);
    let mut out = String::new();
    for c in trimmed.chars() {
        if out.len() + c.len_utf8() > MAX_NAME {
            break;
        }
        out.push(c);
    }
    if out.is_empty() { format!("attachment-{index}") } else { out }
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
        assert_eq!(attachment_name(Some("../../x"), 1), "x");
        assert_eq!(attachment_name(Some("/etc/passwd"), 1), "passwd");
        assert_eq!(attachment_name(Some("..\\..\\boot.ini"), 1), "boot.ini");
        assert_eq!(attachment_name(Some(".."), 3), "attachment-3");
        assert_eq!(attachment_name(Some(".bashrc"), 1), "bashrc");
        assert_eq!(attachment_name(Some("a\r\nb\u{202e}gpj.exe"), 1), "a__b_gpj.exe");
        assert_eq!(attachment_name(None, 2), "attachment-2");
        assert_eq!(attachment_name(Some("text1_SMTP.py"), 1), "text1_SMTP.py");
        assert!(attachment_name(Some(&"é".repeat(300)), 1).len() <= MAX_NAME);
        assert_eq!(variant("a.py", 2), "a (2).py");
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
            let safe = attachment_name(Some(&name), i);
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

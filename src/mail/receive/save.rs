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

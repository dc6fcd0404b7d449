//! The maildrop the POP3 server serves: the messages of a Maildir's `new/` and `cur/`
//! as listed at login, their UIDLs and sizes as sent, and the cut that TOP makes.
//!
//! Only names read from the directory are ever used as paths; nothing a client sends.

use std::path::{Path, PathBuf};

/// One message of the maildrop as listed at login.
pub struct Entry {
    pub path: PathBuf,
    pub uidl: String,
    /// Octets as sent (bare LF counted as CRLF).
    pub size: u64,
    pub deleted: bool,
}

/// The messages of `new/` and `cur/` in delivery order: by the time in their names
/// (`SECONDS.MMICROS...`, padded or not), then by name.
pub fn scan(maildir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut found = Vec::new();
    for sub in ["new", "cur"] {
        let dir = match std::fs::read_dir(maildir.join(sub)) {
            Ok(dir) => dir,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for item in dir {
            let item = item?;
            let name = item.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !item.file_type()?.is_file() {
                continue;
            }
            found.push((name, item.path()));
        }
    }
    found.sort_by_cached_key(|(name, _)| (delivered(name), name.clone()));
    let mut entries = Vec::with_capacity(found.len());
    for (name, path) in found {
        let size = match wire_size(&path) {
            Ok(size) => size,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        entries.push(Entry { uidl: uidl(&name), path, size, deleted: false });
    }
    Ok(entries)
}

/// The delivery time a Maildir name starts with, as (seconds, microseconds); names of
/// another shape sort first, by name alone.
fn delivered(name: &str) -> (u64, u32) {
    let mut parts = name.split('.');
    let secs = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let micros = parts
        .next()
        .and_then(|p| p.strip_prefix('M'))
        .map(|p| p.split(|c: char| !c.is_ascii_digit()).next().unwrap_or(""))
        .and_then(|d| d.parse().ok())
        .unwrap_or(0);
    (secs, micros)
}

/// The unique part of a Maildir name (before `:2,`, or `;2,` as Windows names it), or its
/// SHA-256 where it is not a valid UIDL (printable ASCII, at most 70 bytes).
fn uidl(name: &str) -> String {
    let (unique, _) = crate::mail::maildir::split_info(name);
    if !unique.is_empty()
        && unique.len() <= 70
        && unique.bytes().all(|b| (0x21..=0x7e).contains(&b))
    {
        return unique.to_string();
    }
    crate::tls::sha256(unique.as_bytes())[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The size of a file as sent: a bare LF goes out as CRLF.
fn wire_size(path: &Path) -> std::io::Result<u64> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 64 << 10];
    let (mut size, mut after_cr) = (0u64, false);
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(size);
        }
        for &b in &buf[..n] {
            size += if b == b'\n' && !after_cr { 2 } else { 1 };
            after_cr = b == b'\r';
        }
    }
}

/// Cuts a message after its header and `lines` body lines (TOP).
pub struct Top {
    lines: u64,
    in_header: bool,
    line_start: bool,
    /// The current line is empty so far (only CR seen).
    blank: bool,
    done: bool,
}

impl Top {
    pub fn new(lines: u64) -> Top {
        Top { lines, in_header: true, line_start: true, blank: true, done: false }
    }

    pub fn done(&self) -> bool {
        self.done
    }

    /// The part of `chunk` that belongs to the answer.
    pub fn take<'a>(&mut self, chunk: &'a [u8]) -> &'a [u8] {
        if self.done {
            return &[];
        }
        if !self.in_header && self.lines == 0 && self.line_start {
            self.done = true;
            return &[];
        }
        for (i, &b) in chunk.iter().enumerate() {
            if b == b'\n' {
                if self.in_header && self.blank {
                    self.in_header = false;
                } else if !self.in_header {
                    self.lines = self.lines.saturating_sub(1);
                }
                self.line_start = true;
                self.blank = true;
                if !self.in_header && self.lines == 0 {
                    self.done = true;
                    return &chunk[..=i];
                }
                continue;
            }
            self.line_start = false;
            if b != b'\r' {
                self.blank = false;
            }
        }
        chunk
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_cuts_after_header_and_lines() {
        let msg = b"A: 1\r\nB: 2\r\n\r\nline1\r\nline2\r\nline3\r\n";
        let mut t = Top::new(0);
        assert_eq!(t.take(msg), b"A: 1\r\nB: 2\r\n\r\n");
        assert!(t.done());
        let mut t = Top::new(2);
        let mut got = Vec::new();
        for b in msg {
            got.extend_from_slice(t.take(&[*b]));
        }
        assert_eq!(got, b"A: 1\r\nB: 2\r\n\r\nline1\r\nline2\r\n");
        let mut t = Top::new(5);
        assert_eq!(t.take(b"A: 1\n\nx\n"), b"A: 1\n\nx\n");
        assert!(!t.done());
    }

    #[test]
    fn uidls_are_valid() {
        assert_eq!(uidl("1700000000.M1P2.host:2,S"), "1700000000.M1P2.host");
        assert_eq!(uidl("1700000000.M1P2.host;2,S"), "1700000000.M1P2.host");
        assert_eq!(uidl("a b").len(), 32);
        assert_eq!(uidl(&"x".repeat(80)).len(), 32);
    }

    #[test]
    fn one_second_s_deliveries_are_listed_in_order_padded_or_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("new")).unwrap();
        std::fs::create_dir_all(dir.path().join("cur")).unwrap();
        let names = [
            ("new", "1700000000.M99P1Q0.h"),
            ("cur", "1700000000.M100000P1Q1.h:2,S"),
            ("new", "1700000000.M100001P1Q2.h"),
            ("new", "1700000001.M000007P1Q3.h"),
            ("new", "1700000001.M000010P1Q4.h"),
        ];
        for (sub, name) in names {
            std::fs::write(dir.path().join(sub).join(name), "A: 1\n\nx\n").unwrap();
        }
        let order: Vec<String> = scan(dir.path()).unwrap().into_iter().map(|e| e.uidl).collect();
        let want: Vec<&str> = names.iter().map(|(_, n)| n.split(':').next().unwrap()).collect();
        assert_eq!(order, want);
    }

    proptest::proptest! {
        #[test]
        fn delivered_never_panics(name in "\\PC*") {
            let _ = delivered(&name);
        }
    }
}

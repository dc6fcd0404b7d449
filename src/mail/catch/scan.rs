//! What `nt mail catch` says about a message (subject, attachment names) without holding
//! it: a streaming look at its header blocks.
//!
//! [`Scan`] is fed the message as it arrives. It keeps the top-level header block (up to
//! [`MAX_HEAD`]) and, in the body, only the header blocks that follow a MIME boundary line
//! of a multipart seen so far (each up to [`MAX_PART_HEAD`], at most [`MAX_BOUNDARIES`]
//! boundaries and [`MAX_NAMES`] names). Each block is decoded by mail-parser (RFC 2047
//! words, RFC 2231 file names), inside `catch_unwind` as SPEC.md asks. Memory stays the
//! same for a 100 MiB message as for a small one. Nothing here does I/O.

use mail_parser::{MessageParser, MimeHeaders};

/// The top-level header block kept for the subject and the first boundary.
pub const MAX_HEAD: usize = 64 * 1024;
/// A part's header block kept for its file name and its own boundary.
pub const MAX_PART_HEAD: usize = 8 * 1024;
/// Boundaries followed (nested multiparts).
pub const MAX_BOUNDARIES: usize = 16;
/// Attachment names kept.
pub const MAX_NAMES: usize = 100;
/// A boundary line longer than this is not one (RFC 2046: at most 70 characters).
const MAX_BOUNDARY_LINE: usize = 200;

#[derive(Debug, PartialEq, Eq)]
enum State {
    /// In the top-level header block.
    Head,
    /// In a body; the next line may be a boundary.
    Body,
    /// In a part's header block, after a boundary line.
    PartHead,
}

/// The streaming scanner; [`Scan::finish`] gives the summary.
#[derive(Debug)]
pub struct Scan {
    state: State,
    /// The current header block (top level or part).
    block: Vec<u8>,
    /// The line being assembled, when it matters (only its first bytes in a body).
    line: Vec<u8>,
    subject: Option<String>,
    boundaries: Vec<String>,
    names: Vec<String>,
}

/// What the scan found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub subject: Option<String>,
    pub attachments: Vec<String>,
}

impl Default for Scan {
    fn default() -> Self {
        Scan::new()
    }
}

impl Scan {
    pub fn new() -> Scan {
        Scan {
            state: State::Head,
            block: Vec::new(),
            line: Vec::new(),
            subject: None,
            boundaries: Vec::new(),
            names: Vec::new(),
        }
    }

    /// Look at the next bytes of the message.
    pub fn push(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let (piece, ends_line) = match bytes.iter().position(|&b| b == b'\n') {
                Some(i) => (&bytes[..=i], true),
                None => (bytes, false),
            };
            bytes = &bytes[piece.len()..];
            // In a body only a line's start matters (is it a boundary?): keep just enough.
            // At least 2 bytes, so the empty line that ends a header block is always seen.
            let room = match self.state {
                State::Head => MAX_HEAD.saturating_sub(self.block.len()).max(2),
                State::PartHead => MAX_PART_HEAD.saturating_sub(self.block.len()).max(2),
                State::Body => MAX_BOUNDARY_LINE + 2,
            };
            let take = piece.len().min(room.saturating_sub(self.line.len()));
            self.line.extend_from_slice(&piece[..take]);
            if ends_line {
                let line = std::mem::take(&mut self.line);
                self.line_done(&line);
                self.line = line;
                self.line.clear();
            }
        }
    }

    fn line_done(&mut self, line: &[u8]) {
        let empty = line == b"\r\n" || line == b"\n";
        match self.state {
            State::Head if empty => {
                let block = std::mem::take(&mut self.block);
                self.head_done(&block, true);
                self.state = State::Body;
            }
            State::PartHead if empty => {
                let block = std::mem::take(&mut self.block);
                self.head_done(&block, false);
                self.state = State::Body;
            }
            State::Head | State::PartHead => {
                let limit = if self.state == State::Head { MAX_HEAD } else { MAX_PART_HEAD };
                let take = line.len().min(limit.saturating_sub(self.block.len()));
                self.block.extend_from_slice(&line[..take]);
            }
            State::Body => {
                if self.is_boundary(line) {
                    self.state = State::PartHead;
                }
            }
        }
    }

    /// `--BOUNDARY` (not the closing `--BOUNDARY--`) of a multipart seen so far.
    fn is_boundary(&self, line: &[u8]) -> bool {
        let Some(rest) = line.strip_prefix(b"--") else {
            return false;
        };
        let rest = rest.trim_ascii_end();
        self.boundaries.iter().any(|b| rest == b.as_bytes())
    }

    fn head_done(&mut self, block: &[u8], top: bool) {
        let mut text = block.to_vec();
        text.extend_from_slice(b"\r\n");
        let parsed = std::panic::catch_unwind(|| {
            let msg = MessageParser::default().parse_headers(&text)?;
            let boundary = msg
                .content_type()
                .filter(|ct| ct.ctype().eq_ignore_ascii_case("multipart"))
                .and_then(|ct| ct.attribute("boundary"))
                .map(str::to_string);
            let name = msg.attachment_name().map(str::to_string);
            let subject = if top { msg.subject().map(str::to_string) } else { None };
            Some((boundary, name, subject))
        });
        let Ok(Some((boundary, name, subject))) = parsed else {
            return;
        };
        if top {
            self.subject = subject;
        }
        if let Some(b) = boundary.filter(|_| self.boundaries.len() < MAX_BOUNDARIES) {
            self.boundaries.push(b);
        }
        if let Some(n) = name.filter(|_| self.names.len() < MAX_NAMES) {
            self.names.push(n);
        }
    }

    /// The message ended: what was found (a message that is all headers counts too).
    pub fn finish(mut self) -> Found {
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.line_done(&line);
        }
        if self.state == State::Head {
            let block = std::mem::take(&mut self.block);
            self.head_done(&block, true);
        }
        Found { subject: self.subject, attachments: self.names }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const MESSAGE: &[u8] = b"From: a@x\r\nSubject: =?UTF-8?B?5rWL6K+V6YKu5Lu2?=\r\n\
Content-Type: multipart/mixed; boundary=\"OUTER\"\r\n\r\npreamble\r\n--OUTER\r\n\
Content-Type: multipart/related; boundary=\"INNER\"\r\n\r\n--INNER\r\n\
Content-Type: text/html\r\n\r\n<img src='cid:img01'>\r\n--INNER\r\n\
Content-Type: image/png\r\nContent-Disposition: inline; filename=\"iu.png\"\r\n\r\niVBOR\r\n\
--INNER--\r\n--OUTER\r\nContent-Type: text/x-python; charset=utf-8\r\n\
Content-Disposition: attachment;\r\n filename=\"text1_SMTP.py\"\r\n\r\nZnJvbQ==\r\n--OUTER--\r\n";

    fn scan(chunks: &[&[u8]]) -> Found {
        let mut scan = Scan::new();
        for c in chunks {
            scan.push(c);
        }
        scan.finish()
    }

    #[test]
    fn subject_and_attachment_names() {
        let found = scan(&[MESSAGE]);
        assert_eq!(found.subject.as_deref(), Some("测试邮件"));
        assert_eq!(found.attachments, ["iu.png", "text1_SMTP.py"]);
        // Byte by byte: the same.
        let bytes: Vec<&[u8]> = MESSAGE.chunks(1).collect();
        assert_eq!(scan(&bytes), found);
        assert_eq!(scan(&[b"Subject: hi\r\n"]).subject.as_deref(), Some("hi"));
        assert_eq!(scan(&[b""]), Found::default());
    }

    #[test]
    fn a_huge_body_keeps_memory_flat() {
        let mut s = Scan::new();
        s.push(b"Subject: big\r\n\r\n");
        let line = vec![b'x'; 1 << 20];
        for _ in 0..20 {
            s.push(&line);
        }
        assert!(s.line.capacity() < 4096 && s.block.capacity() < MAX_HEAD);
        assert_eq!(s.finish().subject.as_deref(), Some("big"));
    }

    proptest! {
        #[test]
        fn scanning_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400), split in 0usize..400) {
            let at = split.min(bytes.len());
            let _ = scan(&[&bytes[..at], &bytes[at..]]);
        }
    }
}

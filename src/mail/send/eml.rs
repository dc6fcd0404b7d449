//! `--eml FILE|-`: a prepared RFC 5322 message, sent as it is (msmtp -t, swaks --data).
//!
//! The envelope comes from the message's own headers (From; To, Cc and Bcc) unless
//! `--from` / `--to`/`--cc`/`--bcc` are given. The Bcc field is removed from what is sent
//! (as msmtp -t and sendmail -t do), nothing else is changed or added: no Date, no
//! Message-ID. Line endings are normalised to CRLF on the way out ([`crlf`]) and dot-stuffing
//! happens in `smtp.rs` as for every message. Stdin is first spooled to an unnamed
//! temporary file, so the message streams from disk whatever its size and its length is
//! known before sending (SIZE=, the progress bar). Only the header block is held in
//! memory, bounded by [`MAX_HEADER`]. No network I/O here.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use lettre::Address;

use super::crlf;
use super::draft::{Draft, Segment};
use crate::error::{Kind, Tag, fail};

/// The header block of a prepared message may be this long (a hostile or broken file
/// without a blank line must not be read whole into memory).
pub const MAX_HEADER: usize = 256 * 1024;

/// What overrides the message's own headers for the envelope.
#[derive(Debug, Default)]
pub struct Envelope {
    pub from: Option<String>,
    /// `--to`, `--cc` and `--bcc` together; when any is given, the headers are not read.
    pub recipients: Vec<String>,
}

/// Open the message (or spool stdin), read its headers and build the [`Draft`] to send.
pub fn load(source: &Path, envelope: &Envelope) -> anyhow::Result<Draft> {
    let file = open(source)?;
    let head = read_head(&file)?;
    let header_end = header_end(&head).ok_or_else(|| {
        fail(Kind::Usage, format!("the message in {} has no header block", source.display()))
    })?;
    let block = &head[..header_end.block];
    let parsed = parse_headers(block)?;
    let from = match &envelope.from {
        Some(from) => address("--from", from)?,
        None => parsed.from.ok_or_else(|| {
            fail(Kind::Usage, "the message has no From address: give --from ADDR")
        })?,
    };
    let recipients = if envelope.recipients.is_empty() {
        parsed.recipients
    } else {
        envelope.recipients.iter().map(|r| address("--to", r)).collect::<Result<_, _>>()?
    };
    if recipients.is_empty() {
        return Err(fail(Kind::Usage, "the message has no To, Cc or Bcc address: give --to ADDR"));
    }
    let mut headers = crlf::normalize(&without_bcc(block));
    headers.extend_from_slice(b"\r\n");
    let file = Arc::new(file);
    let (len, ascii) = crlf::measure(&file, header_end.body as u64)?;
    let segments = vec![
        Segment::Bytes(headers),
        Segment::Lines { file, offset: header_end.body as u64, len, ascii },
    ];
    Ok(Draft { from, recipients, message_id: parsed.message_id, segments, warnings: Vec::new() })
}

/// The file, or stdin copied into an unnamed temporary file (removed when closed).
fn open(source: &Path) -> anyhow::Result<File> {
    if source == Path::new("-") {
        let mut spool = tempfile::tempfile()
            .context("cannot make a temporary file for the message on stdin")
            .kind(Kind::LocalFile)?;
        io::copy(&mut io::stdin().lock(), &mut spool)
            .context("cannot read the message from stdin")
            .kind(Kind::LocalFile)?;
        return Ok(spool);
    }
    let context = || format!("cannot read message file {}", source.display());
    let file = File::open(source).with_context(context).kind(Kind::LocalFile)?;
    let meta = file.metadata().with_context(context).kind(Kind::LocalFile)?;
    if !meta.is_file() {
        return Err(fail(Kind::LocalFile, format!("{} is not a file", source.display())));
    }
    Ok(file)
}

/// The first [`MAX_HEADER`] bytes (or the whole file when shorter).
fn read_head(file: &File) -> anyhow::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(8192);
    let mut reader = ReadAt { file, offset: 0 };
    (&mut reader)
        .take(MAX_HEADER as u64 + 4)
        .read_to_end(&mut head)
        .context("cannot read the message")
        .kind(Kind::LocalFile)?;
    Ok(head)
}

/// A reader over a shared file from an offset (positioned reads: see `crlf::read_at`).
struct ReadAt<'a> {
    file: &'a File,
    offset: u64,
}

impl Read for ReadAt<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = crlf::read_at(self.file, buf, self.offset)?;
        self.offset += n as u64;
        Ok(n)
    }
}

/// Where the header block ends: `block` is its length with its last line break,
/// `body` where the body starts (after the empty line).
#[derive(Debug, PartialEq, Eq)]
struct HeaderEnd {
    block: usize,
    body: usize,
}

/// Find the empty line (LF, CRLF or CR) that ends the header block; a message of only
/// headers ends at its end. `None` when the block is longer than [`MAX_HEADER`].
fn header_end(head: &[u8]) -> Option<HeaderEnd> {
    let mut pos = 0;
    while pos < head.len() {
        let rest = &head[pos..];
        let empty = [&b"\r\n"[..], b"\n", b"\r"].into_iter().find(|eol| rest.starts_with(eol));
        if let Some(eol) = empty {
            return (pos <= MAX_HEADER).then_some(HeaderEnd { block: pos, body: pos + eol.len() });
        }
        match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) => {
                let crlf = rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n');
                pos += i + if crlf { 2 } else { 1 };
            }
            None => pos = head.len(),
        }
    }
    (head.len() <= MAX_HEADER).then_some(HeaderEnd { block: head.len(), body: head.len() })
}

/// The header block without any Bcc field (its folded continuation lines included).
fn without_bcc(block: &[u8]) -> Vec<u8> {
    let mut kept = Vec::with_capacity(block.len());
    let mut dropping = false;
    for line in block.split_inclusive(|&b| b == b'\n') {
        let folded = line.first().is_some_and(|b| *b == b' ' || *b == b'\t');
        if !folded {
            let name = line.split(|&b| b == b':').next().unwrap_or_default();
            dropping = line.contains(&b':') && name.trim_ascii().eq_ignore_ascii_case(b"bcc");
        }
        if !dropping {
            kept.extend_from_slice(line);
        }
    }
    kept
}

/// The addresses and the Message-ID a header block names.
#[derive(Debug, Default)]
struct Parsed {
    from: Option<Address>,
    recipients: Vec<Address>,
    message_id: Option<String>,
}

fn parse_headers(block: &[u8]) -> anyhow::Result<Parsed> {
    let mut text = block.to_vec();
    text.extend_from_slice(b"\r\n");
    // mail-parser has panicked on odd input before (SPEC.md): a panic is a bad message.
    let parsed = std::panic::catch_unwind(|| {
        let msg = mail_parser::MessageParser::default().parse_headers(&text)?;
        let all = |a: Option<&mail_parser::Address>| -> Vec<String> {
            a.map(|a| a.iter().filter_map(|x| x.address()).map(str::to_string).collect())
                .unwrap_or_default()
        };
        let mut recipients = all(msg.to());
        recipients.extend(all(msg.cc()));
        recipients.extend(all(msg.bcc()));
        let from = all(msg.from()).into_iter().next();
        Some((from, recipients, msg.message_id().map(|id| format!("<{id}>"))))
    });
    let Ok(Some((from, recipients, message_id))) = parsed else {
        return Err(fail(Kind::Usage, "cannot read the message's header block"));
    };
    let from = from.map(|f| address("From", &f)).transpose()?;
    let mut unique: Vec<Address> = Vec::new();
    for r in recipients {
        let r = address("To/Cc/Bcc", &r)?;
        if !unique.contains(&r) {
            unique.push(r);
        }
    }
    Ok(Parsed { from, recipients: unique, message_id })
}

fn address(what: &str, text: &str) -> anyhow::Result<Address> {
    let text = text.trim();
    let bare = text.rsplit_once('<').map(|(_, a)| a.trim_end_matches('>')).unwrap_or(text);
    bare.parse::<Address>()
        .map_err(|e| fail(Kind::Usage, format!("invalid address '{text}' in {what}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn header_block_ends_at_the_first_empty_line() {
        assert_eq!(header_end(b"A: b\r\n\r\nbody"), Some(HeaderEnd { block: 6, body: 8 }));
        assert_eq!(header_end(b"A: b\n\nbody"), Some(HeaderEnd { block: 5, body: 6 }));
        assert_eq!(header_end(b"A: b\n"), Some(HeaderEnd { block: 5, body: 5 }));
        assert_eq!(header_end(b"\r\nbody"), Some(HeaderEnd { block: 0, body: 2 }));
        let long = vec![b'x'; MAX_HEADER + 4];
        assert_eq!(header_end(&long), None);
    }

    #[test]
    fn bcc_fields_are_removed_with_their_folds() {
        let block = b"From: a@x\r\nBcc: s@x,\r\n t@x\r\nbcc:u@x\nTo: b@y\r\nX-Bcc: keep\r\n";
        assert_eq!(without_bcc(block), b"From: a@x\r\nTo: b@y\r\nX-Bcc: keep\r\n");
    }

    #[test]
    fn envelope_from_headers() {
        let parsed = parse_headers(
            b"From: Me <me@x.test>\nTo: a@y.test, \"B, b\" <b@y.test>\nCc: a@y.test\nBcc: h@z.test\nMessage-ID: <1@x>\n",
        )
        .unwrap();
        assert_eq!(parsed.from.unwrap().to_string(), "me@x.test");
        let rcpts: Vec<String> = parsed.recipients.iter().map(ToString::to_string).collect();
        assert_eq!(rcpts, ["a@y.test", "b@y.test", "h@z.test"]);
        assert_eq!(parsed.message_id.as_deref(), Some("<1@x>"));
    }

    proptest! {
        #[test]
        fn header_parsing_never_panics(block in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = header_end(&block);
            let _ = without_bcc(&block);
            let _ = parse_headers(&block);
        }
    }
}

//! Line endings for the wire: every CRLF, lone LF and lone CR becomes one CRLF.
//!
//! SMTP (RFC 5321 2.3.8) allows CR and LF only as the pair CRLF. A bare CR that reaches
//! the wire is what makes `<CR>.<CR><LF>` smuggling possible (a server that ends DATA at a
//! lone-CR dot and one that does not disagree on where the message stops). nt reads a
//! lone CR as the old Mac line break it almost always is, so `x\r.\r\nINJ` goes out as
//! `x<CRLF>.<CRLF>INJ`, which dot-stuffing then makes `x<CRLF>..<CRLF>INJ`: one message.
//! [`Crlf`] works on chunks (a CR at the end of one chunk and an LF at the start of the
//! next are one line break) so a prepared message streams from disk. No I/O but a file
//! read through [`copy_lines`]; nothing here knows SMTP beyond line endings.

use std::fs::File;
use std::io::{self, Write};

use anyhow::Context;

use crate::error::{Kind, Tag};

/// Bytes read from a file per normalising step.
const CHUNK: usize = 64 * 1024;

/// A streaming normaliser: feed chunks with [`Crlf::push`], end with [`Crlf::finish`].
#[derive(Debug, Default)]
pub struct Crlf {
    /// The last byte seen was a CR whose line break is not written yet.
    pending_cr: bool,
    /// The last byte written ended a line (or nothing was written yet).
    at_line_start: bool,
    /// Any byte seen at all (an empty input stays empty).
    seen: bool,
}

impl Crlf {
    pub fn new() -> Crlf {
        Crlf { pending_cr: false, at_line_start: true, seen: false }
    }

    /// Append the normalised form of `input` to `out`.
    pub fn push(&mut self, input: &[u8], out: &mut Vec<u8>) {
        out.reserve(input.len() + input.len() / 32 + 2);
        let mut rest = input;
        if !rest.is_empty() {
            self.seen = true;
        }
        while let Some(i) = rest.iter().position(|&b| b == b'\r' || b == b'\n') {
            if i > 0 {
                self.flush_cr(out);
                out.extend_from_slice(&rest[..i]);
                self.at_line_start = false;
            }
            match rest[i] {
                b'\n' if self.pending_cr => {
                    // CR then LF: one line break, written now.
                    self.pending_cr = false;
                    out.extend_from_slice(b"\r\n");
                    self.at_line_start = true;
                }
                b'\n' => {
                    out.extend_from_slice(b"\r\n");
                    self.at_line_start = true;
                }
                _ => {
                    // A CR: wait for the next byte to know whether an LF follows.
                    self.flush_cr(out);
                    self.pending_cr = true;
                }
            }
            rest = &rest[i + 1..];
        }
        if !rest.is_empty() {
            self.flush_cr(out);
            out.extend_from_slice(rest);
            self.at_line_start = false;
        }
    }

    /// A lone CR waiting to be written becomes a line break.
    fn flush_cr(&mut self, out: &mut Vec<u8>) {
        if self.pending_cr {
            out.extend_from_slice(b"\r\n");
            self.pending_cr = false;
            self.at_line_start = true;
        }
    }

    /// End the text: a pending CR becomes CRLF, and non-empty text ends with a CRLF (a
    /// message file, and the data before SMTP's final dot, end with a line break).
    pub fn finish(mut self, out: &mut Vec<u8>) {
        self.flush_cr(out);
        if self.seen && !self.at_line_start {
            out.extend_from_slice(b"\r\n");
        }
    }
}

/// The whole of `input` normalised (a body given on the command line, an HTML file).
/// Text that does not end with a line break keeps it that way: lettre ends the part.
pub fn normalize(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() + 16);
    let mut crlf = Crlf::new();
    crlf.push(input, &mut out);
    crlf.flush_cr(&mut out);
    out
}

/// Length and 7-bit-ness of `file` from `offset` after normalisation (a first pass, so
/// SIZE= and the progress bar know the total before anything is sent).
pub fn measure(file: &File, offset: u64) -> anyhow::Result<(u64, bool)> {
    let mut len = 0u64;
    let mut ascii = true;
    each_chunk(file, offset, &mut |chunk| {
        len += chunk.len() as u64;
        ascii &= chunk.is_ascii();
        Ok(())
    })?;
    Ok((len, ascii))
}

/// Write `file` from `offset` to `sink`, normalised; `tick` counts the bytes written.
pub fn copy_lines(
    file: &File,
    offset: u64,
    sink: &mut dyn Write,
    tick: &mut dyn FnMut(u64),
) -> anyhow::Result<()> {
    each_chunk(file, offset, &mut |chunk| {
        sink.write_all(chunk)?;
        tick(chunk.len() as u64);
        Ok(())
    })
}

/// Read `file` from `offset` to its end and hand each normalised chunk to `each`. Read
/// errors are exit 3; errors of `each` are returned as they are.
fn each_chunk(
    file: &File,
    mut offset: u64,
    each: &mut dyn FnMut(&[u8]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut input = vec![0u8; CHUNK];
    let mut output = Vec::with_capacity(CHUNK * 2);
    let mut crlf = Crlf::new();
    loop {
        let n = read_at(file, &mut input, offset)
            .context("cannot read the message file")
            .kind(Kind::LocalFile)?;
        output.clear();
        if n == 0 {
            crlf.finish(&mut output);
            return if output.is_empty() { Ok(()) } else { each(&output) };
        }
        crlf.push(&input[..n], &mut output);
        each(&output)?;
        offset += n as u64;
    }
}

/// One positioned read (`pread` on unix; `seek_read` on Windows, which also moves the
/// file's position: every reader of a shared message file gives its own offset).
pub(super) fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    #[cfg(unix)]
    use std::os::unix::fs::FileExt;
    #[cfg(windows)]
    use std::os::windows::fs::FileExt;
    loop {
        #[cfg(unix)]
        let read = file.read_at(buf, offset);
        #[cfg(windows)]
        let read = file.seek_read(buf, offset);
        match read {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn streamed(chunks: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut crlf = Crlf::new();
        for c in chunks {
            crlf.push(c, &mut out);
        }
        crlf.finish(&mut out);
        out
    }

    #[test]
    fn every_line_break_becomes_crlf() {
        assert_eq!(normalize(b"a\nb\r\nc\rd"), b"a\r\nb\r\nc\r\nd");
        assert_eq!(normalize(b"x\r.\r\nINJ"), b"x\r\n.\r\nINJ");
        assert_eq!(normalize(b"\r\r\n\n"), b"\r\n\r\n\r\n");
        assert_eq!(normalize(b"end\r"), b"end\r\n");
        assert_eq!(normalize(b""), b"");
        assert_eq!(streamed(&[b"a\r", b"\nb"]), b"a\r\nb\r\n");
        assert_eq!(streamed(&[b"a\r", b"\r", b"b\n"]), b"a\r\n\r\nb\r\n");
        assert_eq!(streamed(&[b""]), b"");
    }

    #[test]
    fn files_stream_in_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.eml");
        let mut text = Vec::new();
        for i in 0..40_000u32 {
            text.extend_from_slice(format!("line {i}").as_bytes());
            text.extend_from_slice([&b"\n"[..], b"\r\n", b"\r"][i as usize % 3]);
        }
        std::fs::write(&path, &text).unwrap();
        let file = File::open(&path).unwrap();
        let mut out = Vec::new();
        copy_lines(&file, 5, &mut out, &mut |_| {}).unwrap();
        assert_eq!(out, streamed(&[&text[5..]]));
        assert_eq!(measure(&file, 5).unwrap(), (out.len() as u64, true));
    }

    proptest! {
        #[test]
        fn no_bare_cr_or_lf_survives(input in proptest::collection::vec(
            prop_oneof![Just(b'\r'), Just(b'\n'), Just(b'.'), Just(b'a')], 0..64), split in 0usize..64) {
            let at = split.min(input.len());
            let out = streamed(&[&input[..at], &input[at..]]);
            for (i, b) in out.iter().enumerate() {
                if *b == b'\r' { prop_assert_eq!(out.get(i + 1), Some(&b'\n')); }
                if *b == b'\n' { prop_assert!(i > 0 && out[i - 1] == b'\r'); }
            }
            prop_assert_eq!(out.clone(), streamed(&[&input]));
            if !input.is_empty() { prop_assert!(out.ends_with(b"\r\n")); }
        }
    }
}

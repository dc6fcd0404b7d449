//! File parts streamed from disk: base64 in exactly lettre's line layout (57 input bytes
//! to 76 characters, CRLF between lines, none after the last), 57 KiB at a time, and the
//! UTF-8 check that decides `charset=utf-8` for a text attachment. Only file reads here.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

use anyhow::Context;
use base64::Engine;

use crate::error::{Kind, Tag};

/// Input bytes per base64 line (76 characters), as lettre and RFC 2045 lay them out.
const LINE_INPUT: usize = 57;
/// Input bytes encoded per read: a whole number of lines.
const CHUNK_INPUT: usize = LINE_INPUT * 1024;

/// Whether a file is UTF-8 text, read in chunks (a text attachment then says so).
pub fn is_utf8_file(path: &Path) -> anyhow::Result<bool> {
    let context = || format!("cannot read {}", path.display());
    let mut file = File::open(path).with_context(context).kind(Kind::LocalFile)?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut carried = 0;
    loop {
        let n = fill(&mut file, &mut buf[carried..]).with_context(context).kind(Kind::LocalFile)?;
        if n == 0 {
            // The end: a character cut short there is not UTF-8.
            return Ok(carried == 0);
        }
        let end = carried + n;
        carried = 0;
        if let Err(e) = std::str::from_utf8(&buf[..end]) {
            if e.error_len().is_some() {
                return Ok(false);
            }
            // A character cut by the chunk's end: carry its first bytes over.
            buf.copy_within(e.valid_up_to()..end, 0);
            carried = end - e.valid_up_to();
        }
    }
}

/// Length of the base64 body lettre would write for `n` input bytes.
pub fn base64_len(n: u64) -> u64 {
    let chars = n.div_ceil(3) * 4;
    let lines = n.div_ceil(LINE_INPUT as u64);
    chars + 2 * lines.saturating_sub(1)
}

/// Encode one file as base64 lines (CRLF between lines, none after the last).
pub fn encode_file(
    path: &Path,
    sink: &mut dyn Write,
    tick: &mut dyn FnMut(u64),
) -> anyhow::Result<()> {
    let context = || format!("cannot read {}", path.display());
    let mut file = File::open(path).with_context(context).kind(Kind::LocalFile)?;
    let mut input = vec![0u8; CHUNK_INPUT];
    let mut output = Vec::with_capacity(CHUNK_INPUT / LINE_INPUT * 78);
    let mut first = true;
    loop {
        let n = fill(&mut file, &mut input).with_context(context).kind(Kind::LocalFile)?;
        if n == 0 {
            return Ok(());
        }
        output.clear();
        for line in input[..n].chunks(LINE_INPUT) {
            if !first {
                output.extend_from_slice(b"\r\n");
            }
            first = false;
            let mut encoded = [0u8; 76];
            let len = base64::engine::general_purpose::STANDARD
                .encode_slice(line, &mut encoded)
                .expect("57 input bytes always fit in 76 base64 characters");
            output.extend_from_slice(&encoded[..len]);
        }
        sink.write_all(&output)?;
        tick(output.len() as u64);
        if n < input.len() {
            return Ok(());
        }
    }
}

/// Read until the buffer is full or the file ends.
fn fill(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lettre::message::Body;
    use lettre::message::header::ContentTransferEncoding;

    #[test]
    fn streamed_base64_matches_lettre() {
        let dir = tempfile::tempdir().unwrap();
        for n in [
            0usize,
            1,
            56,
            57,
            58,
            CHUNK_INPUT - 1,
            CHUNK_INPUT,
            CHUNK_INPUT + 1,
            3 * CHUNK_INPUT + 7,
        ] {
            let data: Vec<u8> = (0..n).map(|i| (i * 7 % 251) as u8).collect();
            let path = dir.path().join("f");
            std::fs::write(&path, &data).unwrap();
            let mut out = Vec::new();
            let mut ticked = 0;
            encode_file(&path, &mut out, &mut |k| ticked += k).unwrap();
            let lettre = Body::new_with_encoding(data, ContentTransferEncoding::Base64).unwrap();
            assert_eq!(out, lettre.into_vec(), "n = {n}");
            assert_eq!(out.len() as u64, base64_len(n as u64));
            assert_eq!(ticked, out.len() as u64);
        }
    }

    #[test]
    fn utf8_files_are_recognised_across_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.py");
        // A three-byte character across the 64 KiB read boundary.
        let mut text = "a".repeat(64 * 1024 - 1);
        text.push_str("中文\n");
        std::fs::write(&path, &text).unwrap();
        assert!(is_utf8_file(&path).unwrap());
        std::fs::write(&path, b"ok\xff").unwrap();
        assert!(!is_utf8_file(&path).unwrap());
        std::fs::write(&path, b"cut \xe4\xb8").unwrap();
        assert!(!is_utf8_file(&path).unwrap());
    }
}

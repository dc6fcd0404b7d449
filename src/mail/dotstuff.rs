//! SMTP transparency (RFC 5321 4.5.2) for what nt sends: a '.' at the start of a line is
//! doubled, and the data ends with `<CRLF>.<CRLF>`. The message reaching [`DotStuffer`]
//! already has CRLF line ends only (`crlf.rs`), so a line start is exactly "after LF".
//! Writes are gathered into large batches. No other I/O.

use std::io::{self, Write};

/// Bytes gathered before a write to the socket while sending DATA.
const DATA_BUFFER: usize = 128 * 1024;

/// A writer that dot-stuffs: a '.' at the start of a line is doubled; the end
/// adds the CRLF (if missing) and the final ".". Writes go out in large batches.
pub struct DotStuffer<'a, W: Write> {
    inner: &'a mut W,
    buf: Vec<u8>,
    line_start: bool,
}

impl<'a, W: Write> DotStuffer<'a, W> {
    pub fn new(inner: &'a mut W) -> Self {
        DotStuffer { inner, buf: Vec::with_capacity(DATA_BUFFER + 1024), line_start: true }
    }

    /// Terminate the data with `CRLF . CRLF` and flush.
    pub fn finish(mut self) -> anyhow::Result<()> {
        if !self.line_start {
            self.buf.extend_from_slice(b"\r\n");
        }
        self.buf.extend_from_slice(b".\r\n");
        self.inner.write_all(&self.buf)?;
        self.inner.flush()?;
        Ok(())
    }
}

impl<W: Write> Write for DotStuffer<'_, W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let mut rest = data;
        while !rest.is_empty() {
            if self.line_start && rest[0] == b'.' {
                self.buf.push(b'.');
            }
            match rest.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.buf.extend_from_slice(&rest[..=i]);
                    self.line_start = true;
                    rest = &rest[i + 1..];
                }
                None => {
                    self.buf.extend_from_slice(rest);
                    self.line_start = false;
                    rest = &[];
                }
            }
            if self.buf.len() >= DATA_BUFFER {
                self.inner.write_all(&self.buf)?;
                self.buf.clear();
            }
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.write_all(&self.buf)?;
        self.buf.clear();
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn stuff(chunks: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut s = DotStuffer::new(&mut out);
        for c in chunks {
            s.write_all(c).unwrap();
        }
        s.finish().unwrap();
        out
    }

    /// What a server does: undo the stuffing up to the final dot.
    fn unstuff(wire: &[u8]) -> Vec<u8> {
        let text = wire.strip_suffix(b".\r\n").unwrap();
        let mut out = Vec::new();
        for line in text.split_inclusive(|&b| b == b'\n') {
            out.extend_from_slice(line.strip_prefix(b".").unwrap_or(line));
        }
        out
    }

    #[test]
    fn dots_are_doubled_at_line_starts_only() {
        assert_eq!(stuff(&[b".a\r\nb.c\r\n..d\r\n"]), b"..a\r\nb.c\r\n...d\r\n.\r\n");
        assert_eq!(stuff(&[b"x\r\n", b".", b"y"]), b"x\r\n..y\r\n.\r\n");
        assert_eq!(stuff(&[b""]), b".\r\n");
    }

    proptest! {
        #[test]
        fn stuffing_round_trips(lines in proptest::collection::vec("[.a-z]{0,5}", 0..8), split in 0usize..40) {
            let text: Vec<u8> = lines.iter().flat_map(|l| format!("{l}\r\n").into_bytes()).collect();
            let at = split.min(text.len());
            let wire = stuff(&[&text[..at], &text[at..]]);
            // No line of the wire form is a lone dot before the end.
            let body = &wire[..wire.len() - 3];
            prop_assert!(!body.split(|&b| b == b'\n').any(|l| l == b".\r"));
            prop_assert_eq!(unstuff(&wire), text);
        }

    }
}

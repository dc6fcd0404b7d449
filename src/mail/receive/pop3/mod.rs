//! POP3 (RFC 1939, 2449, 2595, 5034): the wire code shared by nt's client and server.
//!
//! [`client`] reads a mailbox (`nt mail list/get/watch pop3://...`); [`server`] serves a
//! Maildir (`nt mail catch --pop3`). Both speak through what is here: the status words,
//! bounded line reading ([`read_line`]: a peer cannot make a line grow without limit),
//! dot-stuffing for multi-line answers ([`Stuffer`], bare LF sent as CRLF) and its
//! reverse ([`Unstuffer`], streaming: a message is never held whole to be unstuffed).
//! POP3 is written by hand: the crates for it are async-std/native-tls or abandoned.

pub mod client;
mod maildrop;
pub mod server;

use std::io;

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

/// A positive status line starts with this.
pub const OK: &str = "+OK";
/// A negative status line starts with this.
pub const ERR: &str = "-ERR";
/// The line that ends a multi-line answer.
pub const END: &[u8] = b".\r\n";
/// The longest command or status line either side reads (RFC 2449 allows 512; a SASL
/// initial response can be longer).
pub const MAX_LINE: usize = 8 << 10;

/// Read one line (through its LF) into `line`, at most `max` bytes. `Ok(false)` at a clean
/// end of stream; a longer line is an `InvalidData` error (and is not consumed further).
pub async fn read_line<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    line: &mut Vec<u8>,
    max: usize,
) -> io::Result<bool> {
    line.clear();
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            if line.is_empty() {
                return Ok(false);
            }
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the line was cut off"));
        }
        let (take, done) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if line.len() + take > max {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("a line longer than {max} bytes"),
            ));
        }
        line.extend_from_slice(&available[..take]);
        reader.consume(take);
        if done {
            return Ok(true);
        }
    }
}

/// A line without its CRLF (or LF), as text (invalid UTF-8 shown with U+FFFD).
pub fn text(line: &[u8]) -> String {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    String::from_utf8_lossy(line).into_owned()
}

/// Dot-stuffing for a multi-line answer: a line that starts with `.` gets one more, a bare
/// LF goes out as CRLF, and [`Stuffer::finish`] adds the final `.` line.
#[derive(Debug)]
pub struct Stuffer {
    at_line_start: bool,
    after_cr: bool,
}

impl Default for Stuffer {
    fn default() -> Self {
        Stuffer { at_line_start: true, after_cr: false }
    }
}

impl Stuffer {
    /// Append the stuffed form of `input` to `out`.
    pub fn push(&mut self, input: &[u8], out: &mut Vec<u8>) {
        for &byte in input {
            if self.at_line_start && byte == b'.' {
                out.push(b'.');
            }
            if byte == b'\n' && !self.after_cr {
                out.push(b'\r');
            }
            out.push(byte);
            self.after_cr = byte == b'\r';
            self.at_line_start = byte == b'\n';
        }
    }

    /// Close the answer: end an unfinished last line, then `.` CRLF.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        if !self.at_line_start {
            if !self.after_cr {
                out.push(b'\r');
            }
            out.push(b'\n');
        }
        out.extend_from_slice(END);
        *self = Stuffer::default();
    }
}

/// The reverse of [`Stuffer`], fed as bytes arrive: stuffed dots are removed and the end
/// line is found; everything else (CRLF included) comes out exactly as it went in.
#[derive(Debug, Default)]
pub struct Unstuffer {
    state: Unstuff,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Unstuff {
    #[default]
    LineStart,
    Middle,
    /// A `.` at the start of a line.
    Dot,
    /// `.` CR at the start of a line.
    DotCr,
    Done,
}

impl Unstuffer {
    /// Feed `input`; the data goes to `out`. Returns how many bytes of `input` belonged to
    /// the answer (bytes after the end line are not consumed).
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> usize {
        for (i, &byte) in input.iter().enumerate() {
            self.state = match (self.state, byte) {
                (Unstuff::Done, _) => return i,
                (Unstuff::LineStart, b'.') => Unstuff::Dot,
                (Unstuff::Dot, b'\r') => Unstuff::DotCr,
                (Unstuff::Dot | Unstuff::DotCr, b'\n') => Unstuff::Done,
                (Unstuff::DotCr, _) => {
                    out.push(b'\r');
                    out.push(byte);
                    Unstuff::Middle
                }
                (_, b'\n') => {
                    out.push(byte);
                    Unstuff::LineStart
                }
                (_, _) => {
                    out.push(byte);
                    Unstuff::Middle
                }
            };
            if self.state == Unstuff::Done {
                return i + 1;
            }
        }
        input.len()
    }

    /// Whether the end line has been seen.
    pub fn done(&self) -> bool {
        self.state == Unstuff::Done
    }
}

#[cfg(test)]
mod server_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn stuffed(input: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut s = Stuffer::default();
        s.push(input, &mut out);
        s.finish(&mut out);
        out
    }

    #[test]
    fn dots_are_stuffed_and_lines_end_in_crlf() {
        assert_eq!(stuffed(b".a\r\nb\n..c"), b"..a\r\nb\r\n...c\r\n.\r\n");
        assert_eq!(stuffed(b""), b".\r\n");
        assert_eq!(stuffed(b"x\r\n"), b"x\r\n.\r\n");
    }

    #[test]
    fn unstuffing_stops_at_the_end_line() {
        let mut u = Unstuffer::default();
        let mut out = Vec::new();
        let wire = b"..a\r\nb\r\n.\r\n+OK next";
        let used = u.feed(wire, &mut out);
        assert!(u.done());
        assert_eq!(used, wire.len() - b"+OK next".len());
        assert_eq!(out, b".a\r\nb\r\n");
    }

    #[tokio::test]
    async fn lines_are_bounded() {
        let mut reader = tokio::io::BufReader::new(&b"short\r\nmuch too long\r\n"[..]);
        let mut line = Vec::new();
        assert!(read_line(&mut reader, &mut line, 10).await.unwrap());
        assert_eq!(text(&line), "short");
        assert!(read_line(&mut reader, &mut line, 10).await.is_err());
        let mut reader = tokio::io::BufReader::new(&b""[..]);
        assert!(!read_line(&mut reader, &mut line, 10).await.unwrap());
    }

    proptest! {
        #[test]
        fn stuffing_round_trips_crlf_text(lines in proptest::collection::vec("[.a-z \\x00-\\x09]{0,12}", 0..8), split in 0usize..64) {
            let mut message = Vec::new();
            for line in &lines {
                message.extend_from_slice(line.as_bytes());
                message.extend_from_slice(b"\r\n");
            }
            let wire = stuffed(&message);
            let split = split.min(wire.len());
            let (mut u, mut out) = (Unstuffer::default(), Vec::new());
            let first = u.feed(&wire[..split], &mut out);
            prop_assert_eq!(first, split);
            let second = u.feed(&wire[split..], &mut out);
            prop_assert!(u.done());
            prop_assert_eq!(split + second, wire.len());
            prop_assert_eq!(out, message);
        }

        #[test]
        fn unstuffing_never_panics(wire in proptest::collection::vec(any::<u8>(), 0..200)) {
            let mut out = Vec::new();
            let used = Unstuffer::default().feed(&wire, &mut out);
            prop_assert!(used <= wire.len());
            prop_assert!(out.len() <= wire.len() + 1);
        }
    }
}

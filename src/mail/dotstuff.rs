//! Dot-stuffing, the transparency of SMTP's DATA (RFC 5321 4.5.2) and of POP3's
//! multi-line answers (RFC 1939 3), written once for both directions of both protocols:
//!
//! - [`Stuffer`] doubles a `.` at the start of a line, sends a bare LF as CRLF, and ends
//!   the data with `.` CRLF: what `nt mail send` writes ([`DotStuffer`], a `Write` on the
//!   socket) and what `nt mail catch --pop3` answers RETR and TOP with.
//! - [`Unstuffer`] undoes it as bytes arrive and finds the end line: what `nt mail catch`
//!   reads DATA with ([`Unstuffer::smtp`]: only CRLF `.` CRLF ends the data; a line
//!   starts only after CRLF, so `LF . CRLF`, `CR . CRLF`, `CRLF . LF`, `LF . LF` and
//!   `CRLF . CR` are data and nothing can be smuggled past the end) and what `nt mail get pop3://`
//!   reads answers with ([`Unstuffer::lenient`]: `.` LF ends one too, as some servers
//!   send it).
//!
//! Both work on whole runs between line ends, never byte by byte, and never hold a
//! message whole. No I/O here but the writer's.

use std::io::{self, Write};

/// The line that ends the data.
pub const END: &[u8] = b".\r\n";

/// Bytes gathered before a write to the socket while sending DATA.
const DATA_BUFFER: usize = 128 * 1024;

/// Stuffing, fed in pieces: a line that starts with `.` gets one more, a bare LF goes out
/// as CRLF, and [`Stuffer::finish`] adds the final `.` line.
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
        let mut rest = input;
        while let Some(&first) = rest.first() {
            if self.at_line_start && first == b'.' {
                out.push(b'.');
            }
            match rest.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    out.extend_from_slice(&rest[..i]);
                    let cr = if i > 0 { rest[i - 1] == b'\r' } else { self.after_cr };
                    if !cr {
                        out.push(b'\r');
                    }
                    out.push(b'\n');
                    (self.at_line_start, self.after_cr) = (true, false);
                    rest = &rest[i + 1..];
                }
                None => {
                    out.extend_from_slice(rest);
                    (self.at_line_start, self.after_cr) = (false, rest.ends_with(b"\r"));
                    rest = &[];
                }
            }
        }
    }

    /// Close the data: end an unfinished last line, then `.` CRLF.
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

/// A writer that stuffs what goes through it into `inner`, in large batches.
pub struct DotStuffer<'a, W: Write> {
    inner: &'a mut W,
    stuffer: Stuffer,
    buf: Vec<u8>,
}

impl<'a, W: Write> DotStuffer<'a, W> {
    pub fn new(inner: &'a mut W) -> Self {
        let buf = Vec::with_capacity(DATA_BUFFER + DATA_BUFFER / 8);
        DotStuffer { inner, stuffer: Stuffer::default(), buf }
    }

    /// Terminate the data with `CRLF . CRLF` and flush.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.stuffer.finish(&mut self.buf);
        self.inner.write_all(&self.buf)?;
        self.inner.flush()?;
        Ok(())
    }
}

impl<W: Write> Write for DotStuffer<'_, W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        for piece in data.chunks(DATA_BUFFER) {
            self.stuffer.push(piece, &mut self.buf);
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

/// The reverse of [`Stuffer`], fed as bytes arrive: stuffed dots are removed and the end
/// line is found; everything else (line ends included) comes out exactly as it went in.
#[derive(Debug)]
pub struct Unstuffer {
    state: State,
    /// Whether a bare LF ends a line and `.` LF ends the data too (POP3 answers), or only
    /// CRLF ends a line and CRLF `.` CRLF the data (SMTP DATA).
    bare_lf_ends: bool,
    /// In [`State::Middle`]: the last byte taken was a CR.
    after_cr: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    LineStart,
    Middle,
    /// A `.` at the start of a line.
    Dot,
    /// `.` CR at the start of a line.
    DotCr,
    Done,
}

impl Unstuffer {
    /// For SMTP DATA: only `.` CRLF at the start of a line ends it, and only CRLF starts
    /// a line (RFC 5321 4.1.1.4: no smuggling with a bare LF or CR).
    pub fn smtp() -> Unstuffer {
        Unstuffer { state: State::LineStart, bare_lf_ends: false, after_cr: false }
    }

    /// For POP3 answers: a bare LF ends a line, and `.` LF at a line start ends one too.
    pub fn lenient() -> Unstuffer {
        Unstuffer { state: State::LineStart, bare_lf_ends: true, after_cr: false }
    }

    /// Feed `input`; the data goes to `out`. Returns how many bytes of `input` belonged to
    /// the data (bytes after the end line are not consumed). A piece cut anywhere, even
    /// inside the end line, is fine: the state carries over.
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> usize {
        let mut pos = 0;
        while pos < input.len() {
            let byte = input[pos];
            match self.state {
                State::Done => return pos,
                State::LineStart if byte == b'.' => (self.state, pos) = (State::Dot, pos + 1),
                State::Dot if byte == b'\r' => (self.state, pos) = (State::DotCr, pos + 1),
                State::Dot if byte == b'\n' && self.bare_lf_ends => {
                    (self.state, pos) = (State::Done, pos + 1);
                }
                State::DotCr if byte == b'\n' => (self.state, pos) = (State::Done, pos + 1),
                State::DotCr => {
                    // `.` CR and more: the dot was stuffing, the CR is data.
                    out.push(b'\r');
                    (self.state, self.after_cr) = (State::Middle, true);
                }
                State::LineStart | State::Dot | State::Middle => {
                    let rest = &input[pos..];
                    match rest.iter().position(|&b| b == b'\n') {
                        Some(i) => {
                            out.extend_from_slice(&rest[..=i]);
                            let cr = match i {
                                0 => self.state == State::Middle && self.after_cr,
                                _ => rest[i - 1] == b'\r',
                            };
                            let next = if cr || self.bare_lf_ends {
                                State::LineStart
                            } else {
                                State::Middle
                            };
                            (self.state, self.after_cr, pos) = (next, false, pos + i + 1);
                        }
                        None => {
                            out.extend_from_slice(rest);
                            self.after_cr = rest.ends_with(b"\r");
                            (self.state, pos) = (State::Middle, input.len());
                        }
                    }
                }
            }
        }
        pos
    }

    /// Whether the end line has been seen.
    pub fn done(&self) -> bool {
        self.state == State::Done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn stuffed(chunks: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut s = DotStuffer::new(&mut out);
        for c in chunks {
            s.write_all(c).unwrap();
        }
        s.finish().unwrap();
        out
    }

    fn unstuffed(mut u: Unstuffer, wire: &[u8]) -> (Vec<u8>, usize, bool) {
        let mut out = Vec::new();
        let used = u.feed(wire, &mut out);
        (out, used, u.done())
    }

    #[test]
    fn dots_are_doubled_at_line_starts_and_bare_lf_becomes_crlf() {
        assert_eq!(stuffed(&[b".a\r\nb.c\r\n..d\r\n"]), b"..a\r\nb.c\r\n...d\r\n.\r\n");
        assert_eq!(stuffed(&[b"x\r\n", b".", b"y"]), b"x\r\n..y\r\n.\r\n");
        assert_eq!(stuffed(&[b""]), b".\r\n");
        assert_eq!(stuffed(&[b".a\r\nb\n..c"]), b"..a\r\nb\r\n...c\r\n.\r\n");
        assert_eq!(stuffed(&[b"a\r", b"\nb\r"]), b"a\r\nb\r\n.\r\n");
    }

    #[test]
    fn smtp_data_ends_only_at_dot_crlf() {
        let wire = b"a\r\n..b\r\nx\r.\r\nINJ\n.\nmore\r\n.\r\nNEXT";
        let (out, used, done) = unstuffed(Unstuffer::smtp(), wire);
        assert!(done);
        assert_eq!(used, wire.len() - 4);
        assert_eq!(out, b"a\r\n.b\r\nx\r.\r\nINJ\n.\nmore\r\n");
    }

    #[test]
    fn smtp_smuggling_shapes_are_data() {
        // Each shape, whole and cut at every byte: never the end, and a bare LF or CR
        // starts no line (so its dot is data, not stuffing).
        let shapes: [(&[u8], &[u8]); 5] = [
            (b"\n.\r\n", b"\n.\r\n"),
            (b"\r.\r\n", b"\r.\r\n"),
            (b"\r\n.\n", b"\r\n\n"),
            (b"\n.\n", b"\n.\n"),
            (b"\r\n.\r", b"\r\n\r"),
        ];
        for (shape, data) in shapes {
            let wire = [b"line", shape, b"MAIL FROM:<evil@x>\r\n.\r\n"].concat();
            let want = [b"line", data, b"MAIL FROM:<evil@x>\r\n"].concat();
            for cut in 0..=wire.len() {
                let mut u = Unstuffer::smtp();
                let mut out = Vec::new();
                let used = u.feed(&wire[..cut], &mut out) + u.feed(&wire[cut..], &mut out);
                assert!(u.done() && used == wire.len(), "{shape:?} cut at {cut}");
                assert_eq!(out, want, "{shape:?} cut at {cut}");
            }
        }
    }

    #[test]
    fn pop3_answers_end_at_dot_lf_too() {
        let (out, used, done) = unstuffed(Unstuffer::lenient(), b"a\n..b\n.\n+OK");
        assert_eq!((out.as_slice(), used, done), (&b"a\n.b\n"[..], 8, true));
        let (out, _, done) = unstuffed(Unstuffer::lenient(), b".\rx\r\n.\r\n");
        assert_eq!((out.as_slice(), done), (&b"\rx\r\n"[..], true));
    }

    proptest! {
        #[test]
        fn stuffing_round_trips_in_any_pieces(
            lines in proptest::collection::vec("[.a-z\r \\x00-\\x09]{0,12}", 0..8),
            split in 0usize..80,
            cut in 0usize..80,
            smtp in any::<bool>(),
        ) {
            let text: Vec<u8> = lines.iter().flat_map(|l| format!("{l}\r\n").into_bytes()).collect();
            let at = split.min(text.len());
            let wire = stuffed(&[&text[..at], &text[at..]]);
            // No line of the wire form is a lone dot before the end.
            let body = &wire[..wire.len() - END.len()];
            prop_assert!(!body.split(|&b| b == b'\n').any(|l| l == b".\r" || l == b"."));
            let mut u = if smtp { Unstuffer::smtp() } else { Unstuffer::lenient() };
            let cut = cut.min(wire.len());
            let mut out = Vec::new();
            prop_assert_eq!(u.feed(&wire[..cut], &mut out), cut);
            let used = u.feed(&wire[cut..], &mut out);
            prop_assert!(u.done());
            prop_assert_eq!(cut + used, wire.len());
            prop_assert_eq!(out, text);
        }

        #[test]
        fn unstuffing_never_panics(wire in proptest::collection::vec(any::<u8>(), 0..200)) {
            for mut u in [Unstuffer::smtp(), Unstuffer::lenient()] {
                let mut out = Vec::new();
                let used = u.feed(&wire, &mut out);
                prop_assert!(used <= wire.len());
                prop_assert!(out.len() <= wire.len() + 1);
            }
        }
    }
}

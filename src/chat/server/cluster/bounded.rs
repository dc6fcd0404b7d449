//! A bound on every reply Redis sends: the stream handed to the redis crate is wrapped in
//! [`Bounded`], which reads just enough RESP framing (type byte, header line, bulk length,
//! aggregate count) to refuse a reply past its bound with an I/O error, before the redis
//! crate has buffered it. The redis crate itself has no such bound: a hostile Redis (or
//! anyone in the middle of a plain `redis://` link) answering `$9999999999` or an endless
//! `+aaaa...` line would otherwise fill the node's memory.
//!
//! The bounds: one string (bulk, simple or error line) at most `2 x --max-line + 1 KiB`
//! (the largest payload nt publishes, [`super::wire::OVERHEAD`]); one reply at most
//! [`MAX_REPLY_BYTES`] bytes, [`MAX_REPLY_ELEMENTS`] elements and [`MAX_DEPTH`] levels of
//! nesting. Bytes pass through unchanged (`net::Inspected` carries them); nothing here
//! decodes values or writes.

use crate::net::{Inspected, Inspector};

/// The bound on the bytes of one reply from Redis, all its elements included (a SCAN
/// batch of keys, an MGET of leases, one bus message); past it the link fails.
pub const MAX_REPLY_BYTES: usize = 16 << 20;
/// The bound on the elements of one reply from Redis, nested ones included.
pub const MAX_REPLY_ELEMENTS: usize = 100_000;
/// The bound on the nesting of arrays (maps, sets, pushes) in one reply from Redis.
pub const MAX_DEPTH: usize = 8;

/// Where the scanner is within the reply stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Expecting a type byte.
    Type,
    /// A line to its LF (simple string, error, number, ...): bytes so far.
    Line(usize),
    /// A length or count header: its kind, digits so far, whether it is negative, bytes.
    Header { kind: u8, value: u64, negative: bool, len: usize },
    /// The payload of a bulk string and its CRLF: bytes left.
    Blob(u64),
}

/// An aggregate being read: elements left, and whether it is an attribute (which does
/// not count as an element of its parent).
#[derive(Debug, Clone, Copy)]
struct Open {
    left: u64,
    attribute: bool,
}

/// The RESP scanner: fed every byte read from Redis, fails at the first bound passed.
#[derive(Debug)]
pub struct Scanner {
    max_string: u64,
    state: State,
    open: Vec<Open>,
    bytes: usize,
    elements: usize,
}

impl Scanner {
    pub fn new(max_string: usize) -> Scanner {
        Scanner {
            max_string: max_string as u64,
            state: State::Type,
            open: Vec::new(),
            bytes: 0,
            elements: 0,
        }
    }

    /// Check the next bytes of the stream; the error says which bound was passed.
    pub fn feed(&mut self, mut data: &[u8]) -> Result<(), String> {
        while !data.is_empty() {
            if let State::Blob(left) = self.state {
                let take = data.len().min(usize::try_from(left).unwrap_or(usize::MAX));
                self.count(take)?;
                data = &data[take..];
                let left = left - take as u64;
                self.state = State::Blob(left);
                if left == 0 {
                    self.state = State::Type;
                    self.value_done();
                }
                continue;
            }
            self.count(1)?;
            self.byte(data[0])?;
            data = &data[1..];
        }
        Ok(())
    }

    fn count(&mut self, n: usize) -> Result<(), String> {
        self.bytes = self.bytes.saturating_add(n);
        if self.bytes > MAX_REPLY_BYTES {
            return Err(format!("a Redis reply over the bound of {MAX_REPLY_BYTES} bytes"));
        }
        Ok(())
    }

    fn byte(&mut self, b: u8) -> Result<(), String> {
        match self.state {
            State::Type => self.start(b),
            State::Line(len) => {
                if b == b'\n' {
                    self.state = State::Type;
                    self.value_done();
                } else if len as u64 >= self.max_string {
                    return Err(self.too_long());
                } else {
                    self.state = State::Line(len + 1);
                }
                Ok(())
            }
            State::Header { kind, value, negative, len } => match b {
                b'\n' => self.header_done(kind, value, negative),
                b'\r' => Ok(()),
                b'-' if len == 0 => {
                    self.state = State::Header { kind, value, negative: true, len: 1 };
                    Ok(())
                }
                b'0'..=b'9' => {
                    let value = value.saturating_mul(10).saturating_add(u64::from(b - b'0'));
                    if value > self.limit(kind) {
                        return Err(self.over(kind, value));
                    }
                    self.state = State::Header { kind, value, negative, len: len + 1 };
                    Ok(())
                }
                _ => Err("a malformed Redis reply (a bad length)".into()),
            },
            State::Blob(_) => Ok(()),
        }
    }

    /// A value begins with its type byte.
    fn start(&mut self, b: u8) -> Result<(), String> {
        if b != b'|' {
            self.elements += 1;
            if self.elements > MAX_REPLY_ELEMENTS {
                return Err(format!(
                    "a Redis reply over the bound of {MAX_REPLY_ELEMENTS} elements"
                ));
            }
        }
        self.state = match b {
            b'+' | b'-' | b':' | b'_' | b',' | b'#' | b'(' => State::Line(0),
            b'$' | b'!' | b'=' | b'*' | b'%' | b'~' | b'>' | b'|' => {
                State::Header { kind: b, value: 0, negative: false, len: 0 }
            }
            _ => return Err("a malformed Redis reply (an unknown type)".into()),
        };
        Ok(())
    }

    /// The most a header of this kind may say.
    fn limit(&self, kind: u8) -> u64 {
        match kind {
            b'$' | b'!' | b'=' => self.max_string,
            _ => MAX_REPLY_ELEMENTS as u64,
        }
    }

    fn over(&self, kind: u8, value: u64) -> String {
        match kind {
            b'$' | b'!' | b'=' => self.too_long(),
            _ => format!(
                "a Redis reply of {value}+ elements, over the bound of {MAX_REPLY_ELEMENTS}"
            ),
        }
    }

    fn too_long(&self) -> String {
        format!("a Redis reply with a string over the bound of {} bytes", self.max_string)
    }

    fn header_done(&mut self, kind: u8, value: u64, negative: bool) -> Result<(), String> {
        self.state = State::Type;
        if negative {
            // `$-1`, `*-1`: the RESP2 null.
            if value != 1 {
                return Err("a malformed Redis reply (a negative length)".into());
            }
            self.value_done();
            return Ok(());
        }
        match kind {
            b'$' | b'!' | b'=' => self.state = State::Blob(value + 2),
            _ => {
                let left = if matches!(kind, b'%' | b'|') { value * 2 } else { value };
                let attribute = kind == b'|';
                if left == 0 {
                    if !attribute {
                        self.value_done();
                    }
                    return Ok(());
                }
                if self.open.len() >= MAX_DEPTH {
                    return Err(format!(
                        "a Redis reply nested deeper than the bound of {MAX_DEPTH}"
                    ));
                }
                self.open.push(Open { left, attribute });
            }
        }
        Ok(())
    }

    /// A value is complete: count it in its aggregate (closing those that are full);
    /// at the top, the reply is complete and the next one starts from zero.
    fn value_done(&mut self) {
        loop {
            let Some(top) = self.open.last_mut() else {
                self.bytes = 0;
                self.elements = 0;
                return;
            };
            top.left -= 1;
            if top.left > 0 {
                return;
            }
            let attribute = top.attribute;
            self.open.pop();
            if attribute {
                // The value the attribute describes follows, as this element.
                return;
            }
        }
    }
}

/// A stream to Redis whose replies are checked by a [`Scanner`] as they are read.
pub type Bounded<S> = Inspected<S, Scanner>;

impl Inspector for Scanner {
    fn inspect(&mut self, fresh: &[u8]) -> Result<(), String> {
        self.feed(fresh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scan(chunks: &[&[u8]], max: usize) -> Result<(), String> {
        let mut scanner = Scanner::new(max);
        chunks.iter().try_for_each(|c| scanner.feed(c))
    }

    #[test]
    fn replies_within_the_bounds_pass_and_each_starts_from_zero() {
        let ok: &[u8] = b"+OK\r\n:12\r\n$5\r\nhello\r\n$-1\r\n*-1\r\n*0\r\n_\r\n\
            *3\r\n$7\r\nmessage\r\n$12\r\nnt:chat:room\r\n$3\r\nabc\r\n\
            >3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nx\r\n\
            %1\r\n+a\r\n*2\r\n:1\r\n:2\r\n|1\r\n+k\r\n+v\r\n+after-attribute\r\n\
            -ERR something went wrong\r\n";
        assert_eq!(scan(&[ok], 64), Ok(()));
        // Byte by byte, the same.
        let bytes: Vec<&[u8]> = ok.chunks(1).collect();
        assert_eq!(scan(&bytes, 64), Ok(()));
        // Many replies each near the per-reply bound: the count restarts with each.
        let mut scanner = Scanner::new(1 << 20);
        let big = format!("$1000000\r\n{}\r\n", "x".repeat(1_000_000));
        for _ in 0..40 {
            scanner.feed(big.as_bytes()).unwrap();
        }
    }

    #[test]
    fn hostile_replies_fail_at_the_bound() {
        let err = scan(&[b"$9999999999\r\n"], 4096).unwrap_err();
        assert!(err.contains("over the bound of 4096 bytes"), "{err}");
        // Failing at the header, before its end.
        assert!(scan(&[b"$99999"], 4096).is_err());
        assert!(scan(&[b"$4096\r\n"], 4096).is_ok());
        let line = vec![b'a'; 5000];
        assert!(scan(&[b"+", &line], 4096).is_err());
        assert!(scan(&[b"-", &line], 4096).is_err());
        assert!(scan(&[b"*100001\r\n"], 4096).unwrap_err().contains("elements"));
        let deep = "*1\r\n".repeat(MAX_DEPTH + 1);
        assert!(scan(&[deep.as_bytes()], 4096).unwrap_err().contains("nested"));
        let mut many = b"*100000\r\n".to_vec();
        many.extend(b"*1\r\n:1\r\n".repeat(60_000));
        assert!(scan(&[&many], 4096).unwrap_err().contains("elements"));
        let mut wide = b"*20\r\n".to_vec();
        for _ in 0..20 {
            wide.extend(format!("$1000000\r\n{}\r\n", "x".repeat(1_000_000)).as_bytes());
        }
        assert!(scan(&[&wide], 1 << 20).unwrap_err().contains("bytes"));
        assert!(scan(&[b"?5\r\n"], 4096).is_err());
        assert!(scan(&[b"$-2\r\n"], 4096).is_err());
        assert!(scan(&[b"$1x\r\n"], 4096).is_err());
    }

    proptest! {
        #[test]
        fn scanning_never_panics(data in proptest::collection::vec(any::<u8>(), 0..400), max in 0usize..100) {
            let mut scanner = Scanner::new(max);
            for chunk in data.chunks(7) {
                if scanner.feed(chunk).is_err() {
                    break;
                }
            }
        }

        #[test]
        fn bulk_strings_within_the_bound_pass(lens in proptest::collection::vec(0usize..300, 1..20), cut in 1usize..50) {
            let mut wire = format!("*{}\r\n", lens.len()).into_bytes();
            for len in &lens {
                wire.extend(format!("${len}\r\n").as_bytes());
                wire.extend(std::iter::repeat_n(b'\n', *len));
                wire.extend(b"\r\n");
            }
            let mut scanner = Scanner::new(300);
            for chunk in wire.chunks(cut) {
                prop_assert!(scanner.feed(chunk).is_ok());
            }
            prop_assert_eq!(scanner.state, State::Type);
            prop_assert!(scanner.open.is_empty());
        }
    }
}

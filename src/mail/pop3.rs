//! POP3 (RFC 1939, 2449, 2595, 5034): the wire code shared by nt's client and server.
//!
//! The client (`receive/pop3.rs`) reads a mailbox (`nt mail list/get/watch pop3://...`); the server
//! (`catch/pop3/`) serves a Maildir (`nt mail catch --pop3`). Both speak through what is here: the
//! status words, [`MAX_LINE`] and the client's bounded line reading ([`read_line`], over the
//! network layer's one line reader, which the server uses directly: a peer cannot make a line
//! grow). Multi-line answers are dot-stuffed by the code SMTP uses too (`mail/dotstuff.rs`). POP3
//! is written by hand: the crates for it are async-std/native-tls or abandoned.

use std::io;

use tokio::io::AsyncBufRead;

use crate::net::Got;

/// A positive status line starts with this.
pub const OK: &str = "+OK";
/// A negative status line starts with this.
pub const ERR: &str = "-ERR";
/// The longest command or status line either side reads (RFC 2449 allows 512; a SASL
/// initial response can be longer).
pub const MAX_LINE: usize = 8 << 10;

/// Read one line (through its LF) into `line`, at most `max` bytes, with the network
/// layer's reader. `Ok(false)` at a clean end of stream; a line cut off by the end, or one
/// longer than `max`, is an error.
pub async fn read_line<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    line: &mut Vec<u8>,
    max: usize,
) -> io::Result<bool> {
    line.clear();
    match crate::net::read_line(reader, line, max).await? {
        Got::Line => Ok(true),
        Got::Eof if line.is_empty() => Ok(false),
        Got::Eof => Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the line was cut off")),
        Got::TooLong => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a line longer than {max} bytes"),
        )),
    }
}

/// A line without its CRLF (or LF), as text (invalid UTF-8 shown with U+FFFD).
pub fn text(line: &[u8]) -> String {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    String::from_utf8_lossy(line).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

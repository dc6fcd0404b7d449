//! The one bounded, cancel-safe line reader of the network layer: every server reads its
//! clients' lines with it (`net/serve.rs` re-exports it), and so does the POP3 client. A
//! peer cannot make a line grow past its bound, and a read cut short by `select!` loses
//! nothing. It knows no protocol: what a line means, and what a too-long one costs the
//! peer, is the caller's.

use std::io;

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

/// What [`read_line`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Got {
    /// A whole line, `\n` included, is in the buffer.
    Line,
    /// The peer closed; the buffer holds what came after the last line, if anything.
    Eof,
    /// The line passed `max` bytes before its `\n` (the buffer holds at most `max` + the
    /// reader's buffer size: the caller drops it).
    TooLong,
}

/// Read one line of at most `max` bytes (`\n` included) into `buf`. Cancel-safe: bytes
/// already read stay in `buf` for the next call, so it can sit in a `select!`.
pub async fn read_line<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Got> {
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok(Got::Eof);
        }
        let (taken, done) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        buf.extend_from_slice(&available[..taken]);
        reader.consume(taken);
        if buf.len() > max {
            return Ok(Got::TooLong);
        }
        if done {
            return Ok(Got::Line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::io::AsyncWriteExt;

    #[tokio::test]
    async fn read_line_is_bounded_and_keeps_what_it_read_across_cancels() {
        let (near, mut far) = tokio::io::duplex(64);
        let mut reader = tokio::io::BufReader::new(near);
        let mut buf = Vec::new();
        far.write_all(b"HELO x").await.expect("write");
        let cut =
            tokio::time::timeout(Duration::from_millis(50), read_line(&mut reader, &mut buf, 16));
        assert!(cut.await.is_err(), "no line yet");
        far.write_all(b"\r\nNOOP\r\n").await.expect("write");
        assert_eq!(read_line(&mut reader, &mut buf, 16).await.expect("read"), Got::Line);
        assert_eq!(buf, b"HELO x\r\n");
        buf.clear();
        assert_eq!(read_line(&mut reader, &mut buf, 16).await.expect("read"), Got::Line);
        buf.clear();
        far.write_all(&[b'a'; 40]).await.expect("write");
        assert_eq!(read_line(&mut reader, &mut buf, 16).await.expect("read"), Got::TooLong);
        drop(far);
        buf.clear();
        while read_line(&mut reader, &mut buf, 1000).await.expect("read") != Got::Eof {}
    }
}

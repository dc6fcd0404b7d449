//! The byte stream under IMAP and POP3: TCP or TLS, with an inactivity timeout on every
//! read and write, and (for IMAP) the `-vv` trace and a guard against hostile responses.
//!
//! async-imap has no timeouts and no trace, and it parses whatever the server sends. So
//! the stream it reads is [`Guarded`]: a read or write that makes no progress for the
//! timeout fails with `TimedOut` (the caller says `timed out`, exit 4); with IMAP scanning
//! on, every line the server sends is traced (literals as `{N bytes}`), parentheses may
//! nest at most [`MAX_DEPTH`] deep (a deeper BODYSTRUCTURE would overflow the parser's
//! stack) and one response may hold at most the given number of bytes. Commands are
//! traced as sent, masked by `output::mask`, and the lines that follow an AUTHENTICATE
//! are traced as `***`. The stream underneath is `net::AsyncWire` (TCP, or TLS over a
//! TCP stream that keeps its first bytes).
//! This module never decides what a timeout means for the command.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

use crate::output::{Dir, Output};

/// How deep parentheses may nest in an IMAP response.
pub const MAX_DEPTH: u32 = 64;
/// The most text (outside literals) one IMAP response may hold: async-imap parses an
/// incomplete response again after every read, so its cost grows with the square of
/// this. 2 MiB holds a SEARCH answer of about 250,000 UIDs.
pub const MAX_TEXT: usize = 2 << 20;
/// The longest line that is traced whole; longer ones are cut with `...`.
const TRACE_WIDTH: usize = 300;

/// A stream with inactivity timeouts and, for IMAP, a trace and a guard.
pub struct Guarded<S> {
    inner: S,
    timeout: Option<Duration>,
    read_timer: Option<Pin<Box<Sleep>>>,
    write_timer: Option<Pin<Box<Sleep>>>,
    imap: Option<Box<ImapScan>>,
}

impl<S> std::fmt::Debug for Guarded<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guarded").field("timeout", &self.timeout).finish()
    }
}

impl<S> Guarded<S> {
    /// A stream whose reads and writes fail after `timeout` without progress.
    pub fn new(inner: S, timeout: Option<Duration>) -> Guarded<S> {
        Guarded { inner, timeout, read_timer: None, write_timer: None, imap: None }
    }

    /// Trace and guard IMAP traffic; one response may hold at most `max_response` bytes.
    pub fn imap(mut self, out: &Output, max_response: u64) -> Guarded<S> {
        self.imap = Some(Box::new(ImapScan::new(out.clone(), max_response)));
        self
    }

    /// Change the inactivity timeout (`None` while IDLE waits as long as it has to).
    pub fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
        self.read_timer = None;
        self.write_timer = None;
    }

    pub fn into_inner(self) -> S {
        self.inner
    }
}

/// Whether the timer (started at the first `Pending`) has run out.
fn expired(
    timer: &mut Option<Pin<Box<Sleep>>>,
    limit: Option<Duration>,
    cx: &mut Context<'_>,
) -> bool {
    let Some(limit) = limit else { return false };
    let sleep = timer.get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
    sleep.as_mut().poll(cx).is_ready()
}

fn timed_out() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "timed out")
}

impl<S: AsyncRead + Unpin> AsyncRead for Guarded<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                this.read_timer = None;
                if let Some(scan) = this.imap.as_mut() {
                    scan.received(&buf.filled()[before..])?;
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending if expired(&mut this.read_timer, this.timeout, cx) => {
                this.read_timer = None;
                Poll::Ready(Err(timed_out()))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Guarded<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write(cx, buf) {
            Poll::Ready(Ok(n)) => {
                this.write_timer = None;
                if let Some(scan) = this.imap.as_mut() {
                    scan.sent(&buf[..n]);
                }
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending if expired(&mut this.write_timer, this.timeout, cx) => {
                this.write_timer = None;
                Poll::Ready(Err(timed_out()))
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_flush(cx) {
            Poll::Pending if expired(&mut this.write_timer, this.timeout, cx) => {
                this.write_timer = None;
                Poll::Ready(Err(timed_out()))
            }
            Poll::Pending => Poll::Pending,
            ready => {
                this.write_timer = None;
                ready
            }
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

/// Where the scanner is inside the server's byte stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// In a line, outside quotes.
    Line,
    /// Inside a quoted string (`escaped`: just after a backslash).
    Quoted { escaped: bool },
    /// Inside a literal: this many bytes still to skip.
    Literal(u64),
}

/// A literal announcement at the end of a line: `{` seen, then `{123}` complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lit {
    None,
    Open(u64),
    Closed(u64),
}

/// Reads IMAP the way a parser would, just enough to trace and to refuse what is hostile.
struct ImapScan {
    out: Output,
    max_response: u64,
    state: State,
    depth: u32,
    /// The current line (outside literals), kept up to the trace width.
    line: Vec<u8>,
    line_len: usize,
    /// Bytes of the current response so far (lines and literals).
    response: u64,
    /// Bytes of the current response outside literals.
    text: usize,
    /// A literal's length as it is being read at the end of a line: `{123}`.
    literal: Lit,
    sending: Vec<u8>,
    /// After AUTHENTICATE, the client's lines are secrets until the tagged answer.
    secret_lines: bool,
}

impl ImapScan {
    fn new(out: Output, max_response: u64) -> ImapScan {
        ImapScan {
            out,
            max_response,
            state: State::Line,
            depth: 0,
            line: Vec::new(),
            line_len: 0,
            response: 0,
            text: 0,
            literal: Lit::None,
            sending: Vec::new(),
            secret_lines: false,
        }
    }

    fn hostile(why: String) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, why)
    }

    /// Scan bytes from the server; an error ends the connection.
    fn received(&mut self, input: &[u8]) -> io::Result<()> {
        let mut i = 0;
        while i < input.len() {
            if let State::Literal(left) = self.state {
                let take = left.min((input.len() - i) as u64);
                i += take as usize;
                self.state = if left == take { State::Line } else { State::Literal(left - take) };
                continue;
            }
            let byte = input[i];
            i += 1;
            self.response += 1;
            self.check_size()?;
            self.line_len += 1;
            self.text += 1;
            if self.text > MAX_TEXT {
                return Err(Self::hostile(format!(
                    "a server response with more than {MAX_TEXT} bytes of text"
                )));
            }
            if self.line.len() < TRACE_WIDTH {
                self.line.push(byte);
            }
            if let State::Quoted { escaped } = self.state {
                self.literal = Lit::None;
                self.state = match (escaped, byte) {
                    (false, b'\\') => State::Quoted { escaped: true },
                    (false, b'"') => State::Line,
                    _ => State::Quoted { escaped: false },
                };
                if byte == b'\n' {
                    self.end_of_line()?;
                }
                continue;
            }
            self.literal = match (self.literal, byte) {
                (_, b'{') => Lit::Open(0),
                (Lit::Open(n), b'0'..=b'9') => {
                    Lit::Open(n.saturating_mul(10).saturating_add(u64::from(byte - b'0')))
                }
                (Lit::Open(n), b'+') => Lit::Open(n),
                (Lit::Open(n), b'}') => Lit::Closed(n),
                (Lit::Closed(n), b'\r' | b'\n') => Lit::Closed(n),
                _ => Lit::None,
            };
            match byte {
                b'"' => self.state = State::Quoted { escaped: false },
                b'(' => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(Self::hostile(format!(
                            "a server response nested deeper than {MAX_DEPTH} levels"
                        )));
                    }
                }
                b')' => self.depth = self.depth.saturating_sub(1),
                b'\n' => self.end_of_line()?,
                _ => {}
            }
        }
        Ok(())
    }

    fn check_size(&self) -> io::Result<()> {
        if self.response > self.max_response {
            return Err(Self::hostile(format!(
                "a server response larger than {} bytes (see --buffer)",
                self.max_response
            )));
        }
        Ok(())
    }

    /// A line ended: trace it, then skip a literal it announced or end the response.
    fn end_of_line(&mut self) -> io::Result<()> {
        self.trace_line();
        if let Lit::Closed(n) = self.literal {
            self.response = self.response.saturating_add(n);
            self.check_size()?;
            if self.out.tracing() {
                self.out.trace(Dir::Received, &format!("({n} bytes)"));
            }
            self.state = if n == 0 { State::Line } else { State::Literal(n) };
            self.line.clear();
            self.line_len = 0;
            self.literal = Lit::None;
            return Ok(());
        } else {
            self.state = State::Line;
            // A tagged answer ends an AUTHENTICATE exchange.
            if self.line.first().is_some_and(|b| *b != b'*' && *b != b'+') {
                self.secret_lines = false;
            }
            self.depth = 0;
            self.response = 0;
            self.text = 0;
        }
        self.line.clear();
        self.line_len = 0;
        self.literal = Lit::None;
        Ok(())
    }

    fn trace_line(&self) {
        if !self.out.tracing() {
            return;
        }
        let text = String::from_utf8_lossy(trim_crlf(&self.line)).into_owned();
        if self.line_len > TRACE_WIDTH + 2 {
            self.out.trace(Dir::Received, &format!("{text}..."));
        } else {
            self.out.trace(Dir::Received, &text);
        }
    }

    /// Trace what the client sent, line by line.
    fn sent(&mut self, bytes: &[u8]) {
        if !self.out.tracing() {
            return;
        }
        for &byte in bytes {
            if byte != b'\n' {
                if self.sending.len() < TRACE_WIDTH {
                    self.sending.push(byte);
                }
                continue;
            }
            let line = String::from_utf8_lossy(trim_crlf(&self.sending)).into_owned();
            self.sending.clear();
            if self.secret_lines && !line.eq_ignore_ascii_case("DONE") {
                self.out.trace_secret(Dir::Sent);
                continue;
            }
            self.out.trace(Dir::Sent, &line);
            let mut words = line.split(' ');
            if words.nth(1).is_some_and(|w| w.eq_ignore_ascii_case("AUTHENTICATE")) {
                self.secret_lines = true;
            }
        }
    }
}

fn trim_crlf(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_skipped_and_depth_is_bounded() {
        let mut scan = ImapScan::new(Output::quiet_for_tests(), 1 << 20);
        let body = "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((";
        let response = format!("* 1 FETCH (UID 5 BODY[] {{{}}}\r\n{body})\r\n", body.len());
        scan.received(response.as_bytes()).unwrap();
        assert_eq!(scan.state, State::Line);
        assert_eq!(scan.depth, 0);
        let deep = format!("* 1 FETCH (BODYSTRUCTURE {}\r\n", "(".repeat(70));
        assert!(
            ImapScan::new(Output::quiet_for_tests(), 1 << 20).received(deep.as_bytes()).is_err()
        );
        // Split anywhere, the same outcome.
        let mut scan = ImapScan::new(Output::quiet_for_tests(), 1 << 20);
        for byte in response.as_bytes() {
            scan.received(&[*byte]).unwrap();
        }
        assert_eq!((scan.state, scan.depth, scan.response), (State::Line, 0, 0));
    }

    #[test]
    fn quoted_parens_and_braces_do_not_count() {
        let mut scan = ImapScan::new(Output::quiet_for_tests(), 1 << 20);
        scan.received(b"* LIST (\\HasNoChildren) \"/\" \"((((({99}\"\r\n* OK x\r\n").unwrap();
        assert_eq!((scan.state, scan.depth), (State::Line, 0));
    }

    #[test]
    fn big_responses_are_refused() {
        let mut scan = ImapScan::new(Output::quiet_for_tests(), 1000);
        assert!(scan.received(b"* 1 FETCH (BODY[] {5000}\r\n").is_err());
        let mut scan = ImapScan::new(Output::quiet_for_tests(), 1000);
        assert!(scan.received(&[b'x'; 2000]).is_err());
        let mut scan = ImapScan::new(Output::quiet_for_tests(), 1 << 30);
        assert!(scan.received(&vec![b'1'; MAX_TEXT + 1]).is_err());
    }
}

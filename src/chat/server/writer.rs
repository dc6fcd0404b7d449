//! A user's writer: takes its lines from the room's log and writes them, judged by
//! progress.
//!
//! A user is never disconnected for being slow while its socket accepts bytes and its
//! backlog stays under `--max-backlog`; it is disconnected as `too-slow` when its socket
//! accepts nothing for `--stall` or its backlog passes the budget. Lines are written in
//! batches with one vectored write; nothing is buffered per user but the batch in flight.
//! Also here: the last words to a connection that is refused or ends (`refuse`,
//! `goodbye`), which read and discard what the peer still sends, so that closing does not
//! reset the connection before the peer has read why.
//!
//! Why a slow user is dropped rather than made to skip lines: a user silently missing part
//! of the conversation is worse off than one who reconnects, knowing it missed something.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};

use super::log::{Cursor, Inbox};
use super::room::{Room, encode};
use crate::chat::course;
use crate::chat::protocol::{Event, parse_event};

/// How a connection's lines are written: nt's protocol, or the course's `from:text` in
/// GBK (for a client that sent its nickname without a newline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Nt,
    Course,
}

/// A writer sends at most this many lines, or about this many bytes, in one write (the
/// kernel's limit is 1,024 slices). Each write to a loopback peer costs about 10 µs
/// whatever its size, so a writer behind a burst takes it in few writes; a writer blocked
/// on its socket holds one slice (16 bytes) per line of its batch.
const BATCH: usize = 256;
const BATCH_BYTES: usize = 256 << 10;
/// How long the last lines (an error, the goodbye) may take to leave, and how long what
/// the peer still sends is read and discarded after them.
pub const LINGER: Duration = Duration::from_secs(2);

/// Why a connection ends (the `[leave]` reason).
pub type Reason = &'static str;

/// Write this user's lines from the log until its connection is to end; the reason.
pub async fn write_loop<W>(
    room: &Room,
    write: &mut W,
    mut cursor: Cursor,
    inbox: &Inbox,
    dialect: Dialect,
) -> Reason
where
    W: AsyncWrite + Unpin,
{
    loop {
        room.log.wait(&cursor, inbox).await;
        if room.log.backlog(&cursor) > room.limits.max_backlog {
            return "too-slow";
        }
        let batch = cursor.peek(BATCH, BATCH_BYTES);
        let (mark, close) = (batch.mark(), batch.close);
        let written = match dialect {
            Dialect::Nt => {
                let slices = batch.lines.into_iter().map(io::IoSlice::new).collect();
                write_all(room, write, slices, &cursor).await
            }
            Dialect::Course => {
                let lines: Vec<Bytes> = batch.lines.iter().map(|line| course_form(line)).collect();
                let slices = lines.iter().map(|line| io::IoSlice::new(line)).collect();
                write_all(room, write, slices, &cursor).await
            }
        };
        if let Err(reason) = written {
            return reason;
        }
        cursor.advance(mark);
        if let Some(reason) = close {
            return reason;
        }
    }
}

/// A server line in the course's `FROM:TEXT` form, in GBK.
pub fn course_form(line: &[u8]) -> Bytes {
    let text = String::from_utf8_lossy(line.strip_suffix(b"\n").unwrap_or(line));
    let mut bytes = course::encode_gbk(&course::render(&parse_event(&text)));
    bytes.push(b'\n');
    Bytes::from(bytes)
}

/// Write every line of the batch (and flush it, for TLS), however the kernel splits the
/// writes; each write that moves bytes is progress.
async fn write_all<W>(
    room: &Room,
    write: &mut W,
    mut slices: Vec<io::IoSlice<'_>>,
    cursor: &Cursor,
) -> Result<(), Reason>
where
    W: AsyncWrite + Unpin,
{
    if slices.is_empty() {
        return Ok(());
    }
    let mut left = &mut slices[..];
    while !left.is_empty() {
        let written = progress(room, cursor, write.write_vectored(left)).await?;
        if written == 0 {
            return Err("connection-lost");
        }
        io::IoSlice::advance_slices(&mut left, written);
    }
    progress(room, cursor, write.flush()).await
}

/// Wait for one write step, judged by progress: `too-slow` when the socket takes nothing
/// for `--stall`, or when the backlog passes the budget meanwhile (checked whenever the
/// log grows).
async fn progress<T>(
    room: &Room,
    cursor: &Cursor,
    step: impl Future<Output = io::Result<T>>,
) -> Result<T, Reason> {
    tokio::pin!(step);
    // Most writes are taken at once: only a write that waits pays for a timer.
    let first = std::future::poll_fn(|cx| Poll::Ready(step.as_mut().poll(cx))).await;
    if let Poll::Ready(done) = first {
        return done.map_err(|_| "connection-lost");
    }
    let stall_at = tokio::time::Instant::now() + room.limits.stall;
    loop {
        tokio::select! {
            biased;
            done = &mut step => return done.map_err(|_| "connection-lost"),
            () = tokio::time::sleep_until(stall_at) => return Err("too-slow"),
            () = room.log.grew(cursor) => {
                if room.log.backlog(cursor) > room.limits.max_backlog {
                    return Err("too-slow");
                }
            }
        }
    }
}

/// Send one line now (before the user is in the room), bounded by `LINGER`.
pub async fn send_now<W>(write: &mut W, event: &Event, dialect: Dialect) -> io::Result<()>
where
    W: AsyncWrite + Unpin,
{
    let line = match dialect {
        Dialect::Nt => encode(event),
        Dialect::Course => course_form(&encode(event)),
    };
    let send = async {
        write.write_all(&line).await?;
        write.flush().await
    };
    match tokio::time::timeout(LINGER, send).await {
        Ok(result) => result,
        Err(_) => Err(io::ErrorKind::TimedOut.into()),
    }
}

/// Tell a connection why it is closed, and close it.
pub async fn refuse<R, W>(read: &mut R, write: &mut W, event: &Event, dialect: Dialect)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    if send_now(write, event, dialect).await.is_ok() {
        goodbye(read, write, true).await;
    }
}

/// Close the connection; with `drain`, read and discard for `LINGER` what the peer still
/// sends (closing with unread input would reset the connection, and the reset can
/// destroy the last line before the peer reads it).
pub async fn goodbye<R, W>(read: &mut R, write: &mut W, drain: bool)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let _ = tokio::time::timeout(LINGER, write.shutdown()).await;
    if drain {
        let discard = async {
            while let Ok(n) = read_discard(read).await {
                if n == 0 {
                    return;
                }
            }
        };
        let _ = tokio::time::timeout(LINGER, discard).await;
    }
}

/// Read what is there and throw it away, through a buffer on the stack.
async fn read_discard<R: AsyncRead + Unpin>(read: &mut R) -> io::Result<usize> {
    std::future::poll_fn(|cx| {
        let mut sink = [0u8; 4096];
        let mut buf = ReadBuf::new(&mut sink);
        match Pin::new(&mut *read).poll_read(cx, &mut buf) {
            Poll::Ready(Ok(())) => Poll::Ready(Ok(buf.filled().len())),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}

//! What `nt chat join` sends: the lines typed at the prompt (the line editor of
//! `console.rs`) or read from a pipe, written to the server by their own task so that the
//! session keeps reading while a write waits.
//!
//! stdin is read only as fast as the socket takes it: the reader thread hands lines over
//! a channel of a few lines and blocks when it is full, and a line longer than
//! `MAX_INPUT_LINE` is skipped (with a warning) without being stored. So `yes | nt chat
//! join` to a server that stops reading does not grow.

use std::io::Read;

use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

use crate::chat::course;
use crate::chat::protocol::{Framed, LineBuf};
use crate::cli::Encoding;
use crate::console::Typed;
use crate::output::{Dir, Output};

/// Longest stdin line sent (nt's server takes 4 KiB by default).
pub const MAX_INPUT_LINE: usize = 64 << 10;
/// stdin lines read ahead of the socket.
const AHEAD: usize = 16;

/// Where typed lines come from.
pub enum Input {
    /// The line editor on a terminal (a person cannot out-type a socket).
    Console(mpsc::UnboundedReceiver<Typed>),
    /// A pipe or file, read by a thread that waits for the socket.
    Pipe(mpsc::Receiver<Typed>),
}

impl Input {
    pub async fn recv(&mut self) -> Option<Typed> {
        match self {
            Input::Console(rx) => rx.recv().await,
            Input::Pipe(rx) => rx.recv().await,
        }
    }

    /// stdin lines from a thread, at most `AHEAD` of them waiting.
    pub fn pipe(out: &Output) -> Input {
        let (tx, rx) = mpsc::channel(AHEAD);
        let out = out.clone();
        let spawned = std::thread::Builder::new().name("stdin".into()).spawn(move || {
            let mut stdin = std::io::stdin().lock();
            let mut lines = LineBuf::new(MAX_INPUT_LINE);
            let mut chunk = vec![0u8; 16 * 1024];
            loop {
                let n = stdin.read(&mut chunk).unwrap_or(0);
                if n == 0 {
                    break;
                }
                lines.push(&chunk[..n]);
                while let Some(item) = lines.pop() {
                    if !hand_over(&tx, item, &out) {
                        return;
                    }
                }
            }
            if let Some(item) = lines.finish() {
                hand_over(&tx, item, &out);
            }
            let _ = tx.blocking_send(Typed::Eof);
        });
        // Without the thread stdin just counts as empty: the session still shows arrivals.
        drop(spawned);
        Input::Pipe(rx)
    }
}

/// Give one stdin line to the session (waiting while it is busy); false when it is gone.
fn hand_over(tx: &mpsc::Sender<Typed>, item: Framed, out: &Output) -> bool {
    match item {
        Framed::Line(bytes) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            tx.blocking_send(Typed::Line(text)).is_ok()
        }
        Framed::TooLong => {
            out.warn(&format!("a stdin line longer than {MAX_INPUT_LINE} bytes was not sent"));
            true
        }
    }
}

/// One line as the wire carries it, in the chosen encoding.
pub fn wire_line(text: &str, encoding: Encoding) -> Vec<u8> {
    let text = text.trim_end_matches(['\r', '\n']);
    let mut bytes = match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Gbk => course::encode_gbk(text),
    };
    bytes.push(b'\n');
    bytes
}

/// How the sending side ended.
pub enum Sent {
    /// stdin ended; the connection was half-closed.
    Eof,
    /// The socket failed.
    Lost(std::io::Error),
}

/// Send each typed line until the input ends (then half-close) or the socket fails.
/// Ctrl-C at the prompt says `/quit` (briefly) and ends nt as Ctrl-C does.
pub async fn send_lines<W>(mut write: W, mut input: Input, encoding: Encoding, out: Output) -> Sent
where
    W: AsyncWrite + Unpin,
{
    loop {
        match input.recv().await {
            Some(Typed::Line(line)) => {
                out.trace(Dir::Sent, &line);
                if let Err(e) = write.write_all(&wire_line(&line, encoding)).await {
                    return Sent::Lost(e);
                }
                if let Err(e) = write.flush().await {
                    return Sent::Lost(e);
                }
            }
            Some(Typed::Interrupted) => {
                let quit = async {
                    let _ = write.write_all(b"/quit\n").await;
                    let _ = write.flush().await;
                };
                let _ = tokio::time::timeout(std::time::Duration::from_millis(200), quit).await;
                crate::signal::die();
            }
            Some(Typed::Eof) | None => {
                // Half-close: the server sees the end, sends what is left, and closes.
                let _ = write.shutdown().await;
                return Sent::Eof;
            }
        }
    }
}

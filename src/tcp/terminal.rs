//! `nt tcp` on a terminal (stdin and stdout both TTYs): a line editor instead of a raw
//! byte bridge, so what arrives is printed above the line being typed, not through it.
//!
//! Each typed line is sent with a newline; Ctrl-D half-closes (the peer's answer is still
//! shown); Ctrl-C ends nt as Ctrl-C does everywhere (`signal::die`, the shell sees a death
//! by SIGINT). Peer text is made safe for the terminal. When the peer closes, the session
//! ends at once, after the last lines are on the screen. Pipes and files never come here.

use std::process::ExitCode;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::console::{Console, Printer, Typed};
use crate::error::{Kind, Tag};
use crate::net::Stream;

/// How long a partial line (a prompt such as `login: `) waits for its end before it is shown.
const PARTIAL: Duration = Duration::from_millis(150);

/// Whether this run should be a terminal session.
pub fn wanted(out: &crate::output::Output) -> bool {
    out.interactive()
}

/// A terminal session over a plain stream (TCP or Unix).
pub fn plain(stream: Stream) -> anyhow::Result<ExitCode> {
    let session = async move { run(stream.into_async().kind(Kind::Network)?).await };
    crate::net::block_on(crate::net::Threads::One, session)?
}

/// A terminal session over any stream (plain or TLS).
pub async fn run<S>(stream: S) -> anyhow::Result<ExitCode>
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    let (printer, mut typed) = Console::start("")?;
    let (mut rd, mut wr) = tokio::io::split(stream);
    let mut pending: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; 64 << 10];
    let mut typing = true;
    loop {
        tokio::select! {
            read = rd.read(&mut buf) => match read {
                Ok(0) => break,
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
                Err(e) => {
                    show(&printer, &mut pending, true);
                    printer.flush();
                    return Err(anyhow::Error::new(e).context("connection lost").context(Kind::Network));
                }
                Ok(n) => {
                    pending.extend_from_slice(&buf[..n]);
                    show(&printer, &mut pending, false);
                }
            },
            t = typed.recv(), if typing => match t {
                Some(Typed::Line(line)) => {
                    let mut bytes = line.into_bytes();
                    bytes.push(b'\n');
                    if let Err(e) = wr.write_all(&bytes).await {
                        printer.print(&format!("nt: cannot send: {e}"));
                    }
                }
                Some(Typed::Interrupted) => {
                    // The terminal mode comes back with the last printer, then nt dies.
                    drop(printer);
                    crate::signal::die();
                }
                Some(Typed::Eof) | None => {
                    typing = false;
                    let _ = wr.shutdown().await;
                }
            },
            () = tokio::time::sleep(PARTIAL), if !pending.is_empty() => show(&printer, &mut pending, true),
        }
    }
    show(&printer, &mut pending, true);
    // The editor thread draws printed lines; the peer's last words must be on the screen
    // before the process ends.
    printer.flush();
    Ok(ExitCode::SUCCESS)
}

/// Print the complete lines in `pending` (and the partial rest when `all`).
fn show(printer: &Printer, pending: &mut Vec<u8>, all: bool) {
    let end = if all {
        pending.len()
    } else {
        pending.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1)
    };
    if end == 0 {
        return;
    }
    let text = super::flow::terminal_safe(&pending[..end]);
    for line in text.strip_suffix('\n').unwrap_or(&text).split('\n') {
        printer.print(line);
    }
    pending.drain(..end);
}

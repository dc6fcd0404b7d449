//! stdin and stdout for the tokio side of `nt tcp` (`tls_client.rs`, `serve.rs`): stdin is
//! read on a plain thread into a bounded channel (a blocked read never holds the process
//! open), and stdout is written by one thread through `Output::data`, so chunks from
//! different clients never interleave and a closed reader is the quiet end.
//!
//! Nothing here touches a socket.

use std::io::{self, Read};
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use crate::error::ClosedStdout;
use crate::output::Output;

/// Size of one read from stdin.
const STDIN_READ: usize = 64 << 10;

/// A chunk of stdin, shared by every client it goes to.
pub type Chunk = Arc<[u8]>;

/// Read stdin on a plain thread into a channel; the channel closes at EOF, and also after
/// a read error, which goes to `failed` first. Each chunk holds only what one read
/// returned, so an idle stdin costs one buffer, not one per client.
pub fn stdin_chunks(failed: impl FnOnce(io::Error) + Send + 'static) -> mpsc::Receiver<Chunk> {
    let (tx, rx) = mpsc::channel::<Chunk>(16);
    let _ = std::thread::Builder::new().name("stdin".into()).spawn(move || {
        let mut stdin = io::stdin().lock();
        let mut buf = vec![0u8; STDIN_READ];
        loop {
            match stdin.read(&mut buf) {
                Ok(0) => return,
                Ok(n) => {
                    if tx.blocking_send(Arc::from(&buf[..n])).is_err() {
                        return;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    failed(e);
                    return;
                }
            }
        }
    });
    rx
}

/// What the stdout thread is asked to do.
enum ToStdout {
    Bytes(Vec<u8>),
    /// Answer once everything sent before has been written.
    Flush(oneshot::Sender<()>),
}

/// The one writer of stdout: chunks in arrival order, made safe on a terminal.
#[derive(Clone)]
pub struct Stdout {
    tx: mpsc::Sender<ToStdout>,
}

impl Stdout {
    /// Start the writer thread. `tty`: peer bytes are escaped for a terminal. The receiver
    /// gets the error that ended it (a closed stdout is [`ClosedStdout`]).
    pub fn start(out: &Output, tty: bool) -> (Stdout, oneshot::Receiver<anyhow::Error>) {
        let (tx, mut rx) = mpsc::channel::<ToStdout>(256);
        let (err_tx, err_rx) = oneshot::channel();
        let mut data = out.data();
        let _ = std::thread::Builder::new().name("stdout".into()).spawn(move || {
            while let Some(msg) = rx.blocking_recv() {
                let written = match msg {
                    ToStdout::Bytes(chunk) if tty => {
                        data.write(super::flow::terminal_safe(&chunk).as_bytes())
                    }
                    ToStdout::Bytes(chunk) => data.write(&chunk),
                    ToStdout::Flush(done) => {
                        let flushed = data.flush();
                        let _ = done.send(());
                        flushed
                    }
                };
                // Write out as soon as nothing else is waiting: a peer's line shows at once.
                let written =
                    written.and_then(|()| if rx.is_empty() { data.flush() } else { Ok(()) });
                if let Err(e) = written {
                    let _ = err_tx.send(e);
                    return;
                }
            }
        });
        (Stdout { tx }, err_rx)
    }

    /// Queue bytes for stdout (waits while the writer is behind: backpressure).
    pub async fn emit(&self, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.tx.send(ToStdout::Bytes(bytes)).await.map_err(|_| anyhow::Error::new(ClosedStdout))
    }

    /// Wait until everything emitted so far is written (before the process ends).
    pub async fn flush(&self) {
        let (tx, rx) = oneshot::channel();
        if self.tx.send(ToStdout::Flush(tx)).await.is_ok() {
            let _ = rx.await;
        }
    }
}

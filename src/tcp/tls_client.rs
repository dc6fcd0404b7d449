//! `nt tcp connect --tls`: the TLS client (handshake through `net::tls_connect_async`,
//! under the connect's deadline, with the one TLS policy) and its bridge between
//! stdin/stdout and the TLS stream on tokio.
//!
//! The bridge keeps the promises of the splice path: half-close at stdin EOF (close_notify,
//! then FIN), read until the peer closes, then end at once; counters, `--idle` and
//! `--progress` are the shared [`Flow`].

use std::io;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::flow::{self, Flow, Options, Way};
use super::stdio::{Stdout, stdin_chunks};
use crate::error::{Kind, Tag};
use crate::net::Threads;
use crate::net::{Deadline, Stream};
use crate::output::Output;
use crate::tls::Policy;

/// Size of one read from the TLS stream.
const READ: usize = 64 << 10;

/// Shake hands over `stream` for `host` before `deadline`, then bridge (or run the terminal
/// session on a TTY).
pub fn connect(
    stream: Stream,
    host: String,
    policy: Policy,
    deadline: Deadline,
    opts: Options,
    out: &Output,
) -> anyhow::Result<ExitCode> {
    let out = out.clone();
    crate::net::block_on(Threads::Pool, async move {
        let stream = stream.into_async().kind(Kind::Network)?;
        let tls = crate::net::tls_connect_async(stream, &host, &policy, &deadline).await?;
        if super::terminal::wanted(&out) {
            return super::terminal::run(tls).await;
        }
        bridge(tls, &opts, &out).await
    })?
}

/// Bridge stdin/stdout to one stream: half-close at stdin EOF, end when the peer closes.
async fn bridge<S>(stream: S, opts: &Options, out: &Output) -> anyhow::Result<ExitCode>
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    let flow = Flow::new(opts, out);
    let (mut rd, mut wr) = tokio::io::split(stream);
    let stdin_failed = Arc::new(Mutex::new(None));
    let failed = stdin_failed.clone();
    let mut stdin = stdin_chunks(move |e| {
        if let Ok(mut slot) = failed.lock() {
            *slot = Some(flow::stdin_failed(e));
        }
    });
    let up_flow = flow.clone();
    // Ends with the error that stopped it, unless that only meant the peer went.
    let mut up = tokio::spawn(async move {
        while let Some(chunk) = stdin.recv().await {
            up_flow.hold(Way::Sent, true);
            if let Err(e) = wr.write_all(&chunk).await {
                return (!flow::peer_gone(&e)).then_some(e);
            }
            up_flow.moved(Way::Sent, chunk.len() as u64);
            up_flow.hold(Way::Sent, !stdin.is_empty());
        }
        let _ = wr.shutdown().await;
        None
    });
    let (stdout, mut stdout_failed) = Stdout::start(out, out.stdout_tty());
    let result = receive(&mut rd, &flow, &stdout, &mut stdout_failed).await;
    stdout.flush().await;
    if let Ok(err) = stdout_failed.try_recv() {
        return Err(err);
    }
    let mut sending_failed = None;
    if result.is_ok() {
        // As in the splice path: send what stdin has ready to a half-closed peer.
        sending_failed = flow.finish_sending_async(&mut up).await.and_then(|r| r.ok().flatten());
    }
    flow.finish(out);
    result?;
    match stdin_failed.lock().ok().and_then(|mut slot| slot.take()).or(sending_failed) {
        Some(e) => Err(flow::sending_error(e)),
        None => Ok(ExitCode::SUCCESS),
    }
}

/// Peer bytes to stdout until the peer closes, `--idle` runs out or stdout fails.
async fn receive<R: AsyncRead + Unpin>(
    rd: &mut R,
    flow: &Arc<Flow>,
    stdout: &Stdout,
    stdout_failed: &mut tokio::sync::oneshot::Receiver<anyhow::Error>,
) -> anyhow::Result<()> {
    let mut buf = vec![0u8; READ];
    loop {
        let read = tokio::select! {
            r = rd.read(&mut buf) => r,
            () = flow.idle_expired() => return Err(flow.idle_error()),
            Ok(err) = &mut *stdout_failed => return Err(err),
        };
        match read {
            Ok(0) => return Ok(()),
            // A TLS peer that closes without close_notify has still closed.
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => {
                let err = anyhow::Error::new(e).context("connection lost");
                return Err(crate::tls::classify(err, Kind::Network));
            }
            Ok(n) => {
                stdout.emit(buf[..n].to_vec()).await?;
                flow.moved(Way::Received, n as u64);
            }
        }
    }
}

//! `nt tcp serve` on tokio: TLS, `--echo`, `--exec`, and `-k` with many clients at once
//! (what each sends goes to stdout, stdin goes to all). A single plain client without
//! those flags takes the splice path instead (`splice.rs`).
//!
//! Memory follows traffic, not clients: an idle client is waited on with a small buffer
//! and a larger one is taken only while its data flows ([`Incoming`]), so `-k` holds
//! thousands of idle clients cheaply; `--max-clients` (default in `cli/tcp.rs`) caps them.
//! Clients are accepted through the network layer (`net::serve`): a slot is taken at
//! accept, before any work for the client (its TLS handshake, its `--exec` program) starts,
//! and is held until its work (and its program's process group) is done.
//! A client that stops reading is dropped when its queue is full, so it cannot slow the
//! others; a client that vanishes is reported on stderr and the server keeps serving.
//! Under TLS, a server whose stdin never carried a byte to a client keeps its close_notify
//! until that client is done sending (SPEC: a one-way sender would lose its tail).

use std::collections::HashMap;
use std::io;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::sync::{mpsc, oneshot};
use tokio_rustls::TlsAcceptor;

use super::exec::Program;
use super::flow::{Flow, Way};
use super::stdio::{Chunk, Stdout, stdin_chunks};
use crate::error::{Kind, Tag, fail};
use crate::net::serve::{Admitted, Bounds, Server as Gate};
use crate::net::{AsyncListener, AsyncStream, Listener};
use crate::output::Output;

/// An idle client is waited on with a buffer this small.
const READ_SMALL: usize = 512;
/// While a client's data flows, it is read this much at a time.
const READ_BIG: usize = 64 << 10;
/// Chunks queued for one client before it counts as not reading and is dropped.
const CLIENT_QUEUE: usize = 1024;
/// How long a TLS client may take to finish its handshake.
const HANDSHAKE: Duration = Duration::from_secs(10);

/// What the server does with each client.
pub enum Mode {
    /// Its bytes to stdout, stdin to it.
    Bridge,
    /// Its bytes back to it.
    Echo,
    /// A program per client, with the connection as its stdin and stdout.
    Exec(Program),
}

/// How to serve: from the command line.
pub struct Settings {
    pub keep_open: bool,
    pub max_clients: usize,
    pub idle: Option<Duration>,
    pub mode: Mode,
}

/// One event of `serve --json`.
#[derive(Serialize)]
struct Event<'a> {
    event: &'static str,
    peer: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    len: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data_b64: Option<String>,
}

impl<'a> Event<'a> {
    fn new(event: &'static str, peer: &'a str) -> Self {
        Event { event, peer, len: None, data: None, data_b64: None }
    }

    fn data(peer: &'a str, bytes: &'a [u8]) -> Self {
        let mut ev = Event::new("data", peer);
        ev.len = Some(bytes.len());
        match std::str::from_utf8(bytes) {
            Ok(text) => ev.data = Some(text),
            Err(_) => ev.data_b64 = Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
        }
        ev
    }
}

/// The shared state of a server: who is connected, where stdout goes.
struct Server {
    /// The stdin queues of bridged clients.
    clients: Mutex<HashMap<u64, mpsc::Sender<Chunk>>>,
    /// Clients connected now (the last to leave gives memory back); their slots
    /// (`--max-clients`) are the passes of the network layer.
    connected: AtomicUsize,
    stdout: Stdout,
    stdin_open: AtomicBool,
    stdin_started: AtomicBool,
    tls: Option<TlsAcceptor>,
    settings: Settings,
    out: Output,
}

pub fn serve(
    listener: Listener,
    tls: Option<Arc<rustls::ServerConfig>>,
    settings: Settings,
    out: &Output,
) -> anyhow::Result<ExitCode> {
    let out = out.clone();
    crate::net::block_on(crate::net::Threads::Pool, async move {
        let listener = listener.into_async().kind(Kind::Network)?;
        let gate = gate(listener, &settings, &out);
        let (stdout, closed) = Stdout::start(&out, out.stdout_tty() && !out.is_json());
        let bridged = matches!(settings.mode, Mode::Bridge);
        let server = Arc::new(Server {
            clients: Mutex::new(HashMap::new()),
            connected: AtomicUsize::new(0),
            stdout,
            stdin_open: AtomicBool::new(bridged),
            stdin_started: AtomicBool::new(!bridged),
            tls: tls.map(crate::net::acceptor),
            settings,
            out,
        });
        accept_loop(gate, server, closed).await
    })?
}

/// The accept side: `-k` serves up to `--max-clients` at once; without it, one client (a
/// second is turned away while the first is served).
fn gate(listener: AsyncListener, settings: &Settings, out: &Output) -> Gate<AsyncListener> {
    let max_clients = if settings.keep_open { settings.max_clients } else { 1 };
    // No login here: the per-source cap is the slots themselves.
    let bounds = Bounds { max_clients, per_source: max_clients, login: None };
    let gate = Gate::new(listener, bounds, out);
    if settings.keep_open {
        return gate;
    }
    let out = out.clone();
    gate.logging(move |_, peer| {
        out.warn(&format!("turned away {peer}: serving a client already (-k serves many)"))
    })
}

async fn accept_loop(
    gate: Gate<AsyncListener>,
    server: Arc<Server>,
    mut stdout_closed: oneshot::Receiver<anyhow::Error>,
) -> anyhow::Result<ExitCode> {
    let keep_open = server.settings.keep_open;
    let mut next_id = 0u64;
    // Each task says whether it served its client (false: the TLS handshake failed).
    let mut tasks: tokio::task::JoinSet<anyhow::Result<bool>> = tokio::task::JoinSet::new();
    loop {
        let admitted = tokio::select! {
            a = gate.accept() => a,
            Ok(err) = &mut stdout_closed => return Err(err),
            Some(done) = tasks.join_next(), if !keep_open => {
                match done {
                    // A failed handshake (a scanner, a wrong client) is not the session.
                    Ok(Ok(false)) => continue,
                    Ok(result) => {
                        server.stdout.flush().await;
                        return result.map(|_| ExitCode::SUCCESS);
                    }
                    Err(e) => return Err(fail(Kind::Network, format!("client task failed: {e}"))),
                }
            }
        };
        server.connected.fetch_add(1, Ordering::Relaxed);
        next_id += 1;
        tasks.spawn(run_client(server.clone(), next_id, admitted));
        // Reap finished clients so the set does not grow without bound under -k.
        while keep_open && tasks.try_join_next().is_some() {}
    }
}

/// One client from accept to close, reported on stderr; under `-k` its error is a
/// warning. Its slot (the pass) is given back when all its work is done.
async fn run_client(
    server: Arc<Server>,
    id: u64,
    admitted: Admitted<AsyncStream, String>,
) -> anyhow::Result<bool> {
    let Admitted { stream, peer, pass } = admitted;
    // A bridged client joins the stdin fan-out at once: what stdin sends from now on
    // (before its TLS handshake is done, too) is queued for it.
    let rx = matches!(server.settings.mode, Mode::Bridge).then(|| {
        let (tx, rx) = mpsc::channel::<Chunk>(CLIENT_QUEUE);
        if let Ok(mut clients) = server.clients.lock() {
            clients.insert(id, tx);
        }
        rx
    });
    let result = client(&server, stream, &peer, rx).await;
    if let Ok(mut clients) = server.clients.lock() {
        clients.remove(&id);
    }
    if server.connected.fetch_sub(1, Ordering::Relaxed) == 1 {
        give_back_memory(server.clone());
    }
    drop(pass);
    match result {
        Ok(true) => {
            server.out.info(&format!("{peer} closed"));
            Ok(true)
        }
        Ok(false) => Ok(false),
        Err(e) if server.settings.keep_open => {
            server.out.warn(&format!("{peer}: {}", crate::error::one_line(&e)));
            Ok(true)
        }
        Err(e) => Err(e),
    }
}

/// The last client left: once the tasks of the leavers are gone too (a moment later),
/// hand freed memory back to the system. glibc keeps what a crowd of clients freed in its
/// per-thread arenas; without this, `-k` would keep its peak for ever.
fn give_back_memory(server: Arc<Server>) {
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        if server.connected.load(Ordering::Relaxed) == 0 {
            super::sys::give_back_memory();
        }
    });
}

impl Server {
    async fn event(&self, ev: &Event<'_>) -> anyhow::Result<()> {
        if !self.out.is_json() {
            return Ok(());
        }
        let mut line = serde_json::to_vec(ev)?;
        line.push(b'\n');
        self.stdout.emit(line).await
    }
}

/// stdin → every client; a client whose queue is full is dropped; EOF closes all queues.
async fn fan_out(server: Arc<Server>, mut stdin: mpsc::Receiver<Chunk>) {
    while let Some(chunk) = stdin.recv().await {
        let Ok(mut clients) = server.clients.lock() else { return };
        clients.retain(|_, tx| match tx.try_send(chunk.clone()) {
            Ok(()) => true,
            Err(mpsc::error::TrySendError::Full(_)) => {
                server.out.warn("dropped a client that stopped reading");
                false
            }
            Err(mpsc::error::TrySendError::Closed(_)) => false,
        });
    }
    server.stdin_open.store(false, Ordering::Relaxed);
    if let Ok(mut clients) = server.clients.lock() {
        clients.clear();
    }
}

/// Start reading stdin at the first client that is fully connected, so what was typed
/// before anyone connected goes to that client.
fn start_stdin(server: &Arc<Server>) {
    if !server.stdin_started.swap(true, Ordering::Relaxed) {
        let out = server.out.clone();
        let stdin = stdin_chunks(move |e| out.warn(&format!("cannot read stdin: {e}")));
        tokio::spawn(fan_out(server.clone(), stdin));
    }
}

async fn client(
    server: &Arc<Server>,
    stream: AsyncStream,
    peer: &str,
    rx: Option<mpsc::Receiver<Chunk>>,
) -> anyhow::Result<bool> {
    server.out.info(&format!("connection from {peer}"));
    // Boxed: a task is as large as its largest state, and the TLS one is large; plain
    // clients should not pay for it (thousands of them wait at once under -k).
    match &server.tls {
        None => Box::pin(serve_stream(server, stream, peer, rx, false)).await,
        Some(acceptor) => {
            match Box::pin(crate::net::tls_accept_async(acceptor, stream, HANDSHAKE)).await {
                Ok(tls) => Box::pin(serve_stream(server, tls, peer, rx, true)).await,
                Err(e) => {
                    server.out.warn(&format!("{peer}: {}", crate::error::one_line(&e)));
                    Ok(false)
                }
            }
        }
    }
}

/// Serve a connected (and TLS-accepted) client in the server's mode.
async fn serve_stream<S>(
    server: &Arc<Server>,
    stream: S,
    peer: &str,
    rx: Option<mpsc::Receiver<Chunk>>,
    tls: bool,
) -> anyhow::Result<bool>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    server.event(&Event::new("open", peer)).await?;
    let result = match (&server.settings.mode, rx) {
        (Mode::Exec(program), _) => program.run(stream, peer, &server.out).await,
        (Mode::Bridge, Some(rx)) => {
            start_stdin(server);
            bridge(server, stream, peer, rx, tls).await
        }
        (Mode::Echo | Mode::Bridge, _) => echo(server, stream).await,
    };
    server.event(&Event::new("close", peer)).await?;
    result.map(|()| true)
}

/// `--echo`: every byte back to the client that sent it.
async fn echo<S: AsyncRead + AsyncWrite + Unpin>(
    server: &Server,
    mut stream: S,
) -> anyhow::Result<()> {
    let flow = Flow::idle_only(server.settings.idle);
    let mut incoming = Incoming::default();
    loop {
        let chunk = tokio::select! {
            c = incoming.next(&mut stream) => c,
            () = flow.idle_expired() => return Err(flow.idle_error()),
        };
        let Some(bytes) = received(chunk)? else { break };
        flow.moved(Way::Received, bytes.len() as u64);
        stream.write_all(&bytes).await.context("cannot echo").kind(Kind::Network)?;
    }
    let _ = stream.shutdown().await;
    Ok(())
}

/// A read result as the session sees it: `None` at the peer's end (a TLS peer that closes
/// without close_notify has still closed), a reset or other error as `connection lost`.
fn received(chunk: io::Result<Option<Vec<u8>>>) -> anyhow::Result<Option<Vec<u8>>> {
    match chunk {
        Ok(c) => Ok(c),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
        Err(e) => Err(anyhow::Error::new(e).context("connection lost").context(Kind::Network)),
    }
}

/// One bridged client: its bytes to stdout, stdin's chunks to it.
async fn bridge<S>(
    server: &Server,
    stream: S,
    peer: &str,
    rx: mpsc::Receiver<Chunk>,
    tls: bool,
) -> anyhow::Result<()>
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    let (mut rd, wr) = tokio::io::split(stream);
    let flow = Arc::new(Flow::idle_only(server.settings.idle));
    let (reader_done, reader_done_rx) = oneshot::channel::<()>();
    let stdin_open = server.stdin_open.load(Ordering::Relaxed);
    let mut writing =
        tokio::spawn(send_stdin(wr, rx, stdin_open, tls, reader_done_rx, flow.clone()));
    let mut incoming = Incoming::default();
    let result = loop {
        let chunk = tokio::select! {
            c = incoming.next(&mut rd) => c,
            () = flow.idle_expired() => break Err(flow.idle_error()),
        };
        let bytes = match received(chunk) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        };
        flow.moved(Way::Received, bytes.len() as u64);
        let emitted = if server.out.is_json() {
            let mut line = serde_json::to_vec(&Event::data(peer, &bytes))?;
            line.push(b'\n');
            server.stdout.emit(line).await
        } else {
            server.stdout.emit(bytes).await
        };
        if let Err(e) = emitted {
            break Err(e);
        }
    };
    let _ = reader_done.send(());
    if result.is_ok() {
        // The client half-closed: it may still read what stdin has ready (as in splice.rs).
        flow.finish_sending_async(&mut writing).await;
    }
    writing.abort();
    result
}

/// stdin's chunks to one client, then the half-close. Under TLS, a client that never got
/// a byte keeps its close_notify until it is done sending: a one-way sender (socat -u)
/// never reads it, and an unread close_notify turns the sender's close into a reset that
/// destroys the tail of what it sent.
async fn send_stdin<W: AsyncWrite + Unpin>(
    mut wr: W,
    mut rx: mpsc::Receiver<Chunk>,
    stdin_open: bool,
    tls: bool,
    reader_done: oneshot::Receiver<()>,
    flow: Arc<Flow>,
) {
    let mut sent_any = false;
    if stdin_open {
        while let Some(chunk) = rx.recv().await {
            flow.hold(Way::Sent, true);
            if wr.write_all(&chunk).await.is_err() {
                return;
            }
            sent_any = true;
            flow.moved(Way::Sent, chunk.len() as u64);
            flow.hold(Way::Sent, !rx.is_empty());
        }
    }
    if tls && !sent_any {
        let _ = reader_done.await;
    }
    let _ = wr.shutdown().await;
}

/// Reads a peer without holding a large buffer while it is idle: the wait is on a small
/// buffer; when that fills, what else is ready is taken into a large one, which is let go
/// as soon as nothing more is ready.
#[derive(Default)]
pub struct Incoming {
    /// The last read filled its buffer: more may be ready at once.
    flowing: bool,
}

impl Incoming {
    /// The next bytes from `rd` in a buffer of their own; `None` at the peer's EOF.
    pub async fn next<R: AsyncRead + Unpin>(&mut self, rd: &mut R) -> io::Result<Option<Vec<u8>>> {
        if self.flowing {
            let mut big = vec![0u8; READ_BIG];
            let ready = std::future::poll_fn(|cx| {
                let mut buf = ReadBuf::new(&mut big);
                let polled = std::pin::Pin::new(&mut *rd).poll_read(cx, &mut buf);
                let n = buf.filled().len();
                std::task::Poll::Ready(match polled {
                    std::task::Poll::Ready(r) => Some(r.map(|()| n)),
                    std::task::Poll::Pending => None,
                })
            })
            .await;
            match ready {
                Some(Ok(0)) => return Ok(None),
                Some(Ok(n)) => {
                    big.truncate(n);
                    if n < READ_BIG / 2 {
                        big.shrink_to_fit();
                    }
                    return Ok(Some(big));
                }
                Some(Err(e)) => return Err(e),
                None => self.flowing = false,
            }
        }
        let mut small = [0u8; READ_SMALL];
        let n = rd.read(&mut small).await?;
        self.flowing = n == READ_SMALL;
        Ok((n > 0).then(|| small[..n].to_vec()))
    }
}

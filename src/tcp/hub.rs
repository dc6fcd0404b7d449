//! The tokio side of `nt tcp`: TLS in both directions, `--echo`, and `serve -k` with many
//! clients at once (what each sends goes to stdout, stdin goes to all).
//!
//! A client that stops reading gets dropped when its queue is full, so it cannot slow the
//! others; a client that vanishes is reported on stderr and the server keeps serving.
//! stdin is read on a plain thread (so a blocked read never holds the process open) and
//! stdout is written by one thread, so chunks from different clients never interleave.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener as StdListener, TcpStream as StdStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;

use crate::cli::{TcpConnectArgs, TcpServeArgs};
use crate::error::{ClosedStdout, Kind, Tag, fail, stdout_result};
use crate::output::Output;
use crate::progress;

/// Size of one read from a socket or from stdin.
const BUFFER: usize = 256 << 10;
/// Chunks queued for one client before it counts as not reading and is dropped.
const CLIENT_QUEUE: usize = 1024;
/// How long a TLS client may take to finish its handshake.
const HANDSHAKE: Duration = Duration::from_secs(10);

type Chunk = Arc<[u8]>;

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .kind(Kind::Network)
}

/// Run a future to completion, then drop the runtime without waiting for stray tasks.
fn block_on<T>(fut: impl Future<Output = T>) -> anyhow::Result<T> {
    let rt = runtime()?;
    let value = rt.block_on(fut);
    rt.shutdown_background();
    Ok(value)
}

/// Read stdin on a plain thread into a channel; the channel closes at EOF.
fn stdin_chunks(out: &Output) -> mpsc::Receiver<Chunk> {
    let (tx, rx) = mpsc::channel::<Chunk>(16);
    let out = out.clone();
    let _ = std::thread::Builder::new().name("stdin".into()).spawn(move || {
        let mut stdin = io::stdin().lock();
        let mut buf = vec![0u8; BUFFER];
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
                    out.warn(&format!("cannot read stdin: {e}"));
                    return;
                }
            }
        }
    });
    rx
}

/// Write peer bytes to stdout: byte-exact into a pipe, made safe on a terminal.
fn write_stdout(bytes: &[u8], tty: bool) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    let r = if tty {
        stdout.write_all(super::splice::terminal_safe(bytes).as_bytes())
    } else {
        stdout.write_all(bytes)
    };
    stdout_result(r.and_then(|()| stdout.flush()))
}

// ----- connect --tls --------------------------------------------------------------------

pub fn connect_tls(
    stream: StdStream,
    args: &TcpConnectArgs,
    policy: &crate::tls::Policy,
    deadline: crate::net::Deadline,
    out: &Output,
) -> anyhow::Result<ExitCode> {
    let host = args.addr.host_text();
    let policy = policy.clone();
    let idle = args.idle;
    let bar = args.progress;
    let out2 = out.clone();
    block_on(async move {
        stream.set_nonblocking(true).kind(Kind::Network)?;
        let tcp = TcpStream::from_std(stream).kind(Kind::Network)?;
        let tls = crate::net::tls_connect_async(tcp, &host, &policy, &deadline).await?;
        if super::session::wanted(&out2) {
            return super::session::run(tls).await;
        }
        bridge(tls, idle, bar, &out2).await
    })?
}

/// Bridge stdin/stdout to one stream: half-close at stdin EOF, end when the peer closes.
async fn bridge<S>(
    stream: S,
    idle: Option<Duration>,
    show: bool,
    out: &Output,
) -> anyhow::Result<ExitCode>
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    let bar =
        if show { progress::bytes(out, None, "moved") } else { indicatif::ProgressBar::hidden() };
    let start = std::time::Instant::now();
    let last = Arc::new(AtomicU64::new(0));
    let (mut rd, mut wr) = tokio::io::split(stream);
    let mut stdin = stdin_chunks(out);
    let (up_bar, up_last) = (bar.clone(), last.clone());
    let sent = Arc::new(AtomicU64::new(0));
    let up_sent = sent.clone();
    let mut up = tokio::spawn(async move {
        while let Some(chunk) = stdin.recv().await {
            if wr.write_all(&chunk).await.is_err() {
                return;
            }
            up_bar.inc(chunk.len() as u64);
            up_sent.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            up_last.store(start.elapsed().as_millis() as u64, Ordering::Relaxed);
        }
        let _ = wr.shutdown().await;
    });
    let mut buf = vec![0u8; BUFFER];
    let mut received = 0u64;
    let result = loop {
        let read = match idle {
            None => rd.read(&mut buf).await,
            Some(limit) => match tokio::time::timeout(limit, rd.read(&mut buf)).await {
                Ok(r) => r,
                Err(_) => {
                    let quiet_ms = (start.elapsed().as_millis() as u64)
                        .saturating_sub(last.load(Ordering::Relaxed));
                    if quiet_ms < limit.as_millis() as u64 {
                        continue;
                    }
                    break Err(fail(
                        Kind::Network,
                        format!("idle for {} ms, connection closed (--idle)", limit.as_millis()),
                    ));
                }
            },
        };
        match read {
            Ok(0) => break Ok(()),
            // A TLS peer that closes without close_notify has still closed.
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => break Ok(()),
            Err(e) => {
                break Err(crate::tls::classify(
                    anyhow::Error::new(e).context("connection lost"),
                    Kind::Network,
                ));
            }
            Ok(n) => {
                if let Err(e) = write_stdout(&buf[..n], out.stdout_tty()) {
                    break Err(e);
                }
                received += n as u64;
                bar.inc(n as u64);
                last.store(start.elapsed().as_millis() as u64, Ordering::Relaxed);
            }
        }
    };
    if result.is_ok() {
        // As in the splice path: send what stdin has ready to a half-closed peer.
        loop {
            match tokio::time::timeout(Duration::from_millis(50), &mut up).await {
                Ok(_) => break,
                Err(_) if !super::splice::stdin_ready() => break,
                Err(_) => {}
            }
        }
    }
    bar.finish_and_clear();
    if show {
        out.info(&progress::summary("sent", sent.load(Ordering::Relaxed), start.elapsed()));
        out.info(&progress::summary("received", received, start.elapsed()));
    }
    result.map(|()| ExitCode::SUCCESS)
}

// ----- serve (TLS, --echo, -k) ----------------------------------------------------------

/// One event of `serve -k --json`.
#[derive(Serialize)]
struct Event<'a> {
    event: &'static str,
    peer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    len: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data_b64: Option<String>,
}

impl<'a> Event<'a> {
    fn new(event: &'static str, peer: SocketAddr) -> Self {
        Event { event, peer: peer.to_string(), len: None, data: None, data_b64: None }
    }

    fn data(peer: SocketAddr, bytes: &'a [u8]) -> Self {
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
    clients: Mutex<HashMap<u64, mpsc::Sender<Chunk>>>,
    stdout: mpsc::Sender<ToStdout>,
    stdin_open: std::sync::atomic::AtomicBool,
    stdin_started: std::sync::atomic::AtomicBool,
    tls: Option<TlsAcceptor>,
    echo: bool,
    idle: Option<Duration>,
    out: Output,
}

pub fn serve(
    listener: StdListener,
    tls: Option<Arc<rustls::ServerConfig>>,
    args: &TcpServeArgs,
    out: &Output,
) -> anyhow::Result<ExitCode> {
    let keep_open = args.keep_open;
    let max = args.max_clients.unwrap_or(usize::MAX);
    let echo = args.echo;
    let idle = args.idle;
    let out = out.clone();
    block_on(async move {
        listener.set_nonblocking(true).kind(Kind::Network)?;
        let listener = TcpListener::from_std(listener).kind(Kind::Network)?;
        let (stdout_tx, closed) = stdout_writer(out.stdout_tty() && !out.is_json());
        let server = Arc::new(Server {
            clients: Mutex::new(HashMap::new()),
            stdout: stdout_tx,
            stdin_open: std::sync::atomic::AtomicBool::new(!echo),
            stdin_started: std::sync::atomic::AtomicBool::new(echo),
            tls: tls.map(TlsAcceptor::from),
            echo,
            idle,
            out,
        });
        accept_loop(listener, server, keep_open, max, closed).await
    })?
}

/// What the stdout thread is asked to do.
enum ToStdout {
    Bytes(Vec<u8>),
    /// Answer once everything sent before has been written.
    Flush(tokio::sync::oneshot::Sender<()>),
}

/// The stdout thread: writes chunks in arrival order; reports a closed stdout once.
fn stdout_writer(
    tty: bool,
) -> (mpsc::Sender<ToStdout>, tokio::sync::oneshot::Receiver<anyhow::Error>) {
    let (tx, mut rx) = mpsc::channel::<ToStdout>(256);
    let (err_tx, err_rx) = tokio::sync::oneshot::channel();
    let _ = std::thread::Builder::new().name("stdout".into()).spawn(move || {
        while let Some(msg) = rx.blocking_recv() {
            match msg {
                ToStdout::Bytes(chunk) => {
                    if let Err(e) = write_stdout(&chunk, tty) {
                        let _ = err_tx.send(e);
                        return;
                    }
                }
                ToStdout::Flush(done) => {
                    let _ = done.send(());
                }
            }
        }
    });
    (tx, err_rx)
}

async fn accept_loop(
    listener: TcpListener,
    server: Arc<Server>,
    keep_open: bool,
    max: usize,
    mut stdout_closed: tokio::sync::oneshot::Receiver<anyhow::Error>,
) -> anyhow::Result<ExitCode> {
    let mut next_id = 0u64;
    // Each task says whether it served its client (false: the TLS handshake failed).
    let mut tasks: tokio::task::JoinSet<anyhow::Result<bool>> = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            r = listener.accept() => r,
            Ok(err) = &mut stdout_closed => return Err(err),
            Some(done) = tasks.join_next(), if !keep_open => {
                match done {
                    // A failed handshake (a scanner, a wrong client) is not the session.
                    Ok(Ok(false)) => continue,
                    Ok(result) => {
                        server.flush().await;
                        return result.map(|_| ExitCode::SUCCESS);
                    }
                    Err(e) => return Err(fail(Kind::Network, format!("client task failed: {e}"))),
                }
            }
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                server.out.warn(&format!("cannot accept a client: {e}"));
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        if !keep_open && !tasks.is_empty() || server.clients_len() >= max {
            server.out.warn(&format!("turned away {peer}: client limit reached"));
            drop(stream);
            continue;
        }
        let _ = stream.set_nodelay(true);
        next_id += 1;
        let id = next_id;
        let (tx, rx) = mpsc::channel::<Chunk>(CLIENT_QUEUE);
        if let Ok(mut clients) = server.clients.lock() {
            clients.insert(id, tx);
        }
        let srv = server.clone();
        tasks.spawn(async move {
            let result = client(&srv, stream, peer, rx).await;
            srv.forget(id);
            match result {
                Ok(true) => {
                    srv.out.info(&format!("{peer} closed"));
                    Ok(true)
                }
                Ok(false) => Ok(false),
                Err(e) if keep_open => {
                    srv.out.warn(&format!("{peer}: {}", crate::error::one_line(&e)));
                    Ok(true)
                }
                Err(e) => Err(e),
            }
        });
        // Reap finished clients so the set does not grow without bound under -k.
        while keep_open && tasks.try_join_next().is_some() {}
    }
}

impl Server {
    fn clients_len(&self) -> usize {
        self.clients.lock().map(|c| c.len()).unwrap_or(0)
    }

    fn forget(&self, id: u64) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.remove(&id);
        }
    }

    /// Wait until stdout has written everything emitted so far (before the process ends).
    async fn flush(&self) {
        let (tx, rx) = tokio::sync::oneshot::channel();
        if self.stdout.send(ToStdout::Flush(tx)).await.is_ok() {
            let _ = rx.await;
        }
    }

    async fn emit(&self, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.stdout.send(ToStdout::Bytes(bytes)).await.map_err(|_| anyhow::Error::new(ClosedStdout))
    }

    async fn event(&self, ev: &Event<'_>) -> anyhow::Result<()> {
        if !self.out.is_json() {
            return Ok(());
        }
        let mut line = serde_json::to_vec(ev)?;
        line.push(b'\n');
        self.emit(line).await
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

async fn client(
    server: &Arc<Server>,
    stream: TcpStream,
    peer: SocketAddr,
    rx: mpsc::Receiver<Chunk>,
) -> anyhow::Result<bool> {
    server.out.info(&format!("connection from {peer}"));
    let result = match &server.tls {
        None => {
            server.event(&Event::new("open", peer)).await?;
            start_stdin(server);
            session(server, stream, peer, rx).await
        }
        Some(acceptor) => match crate::net::tls_accept_async(acceptor, stream, HANDSHAKE).await {
            Ok(tls) => {
                server.event(&Event::new("open", peer)).await?;
                start_stdin(server);
                session(server, tls, peer, rx).await
            }
            Err(e) => {
                server.out.warn(&format!("{peer}: {}", crate::error::one_line(&e)));
                return Ok(false);
            }
        },
    };
    server.event(&Event::new("close", peer)).await?;
    result.map(|()| true)
}

/// Start reading stdin at the first client that is fully connected, so what was typed
/// before anyone connected goes to that client.
fn start_stdin(server: &Arc<Server>) {
    if !server.stdin_started.swap(true, Ordering::Relaxed) {
        tokio::spawn(fan_out(server.clone(), stdin_chunks(&server.out)));
    }
}

/// One client's life: its bytes to stdout (or back to it with --echo), stdin to it.
async fn session<S>(
    server: &Server,
    stream: S,
    peer: SocketAddr,
    mut rx: mpsc::Receiver<Chunk>,
) -> anyhow::Result<()>
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    let (mut rd, wr) = tokio::io::split(stream);
    let wr = Arc::new(tokio::sync::Mutex::new(wr));
    let mut writing = None;
    if !server.echo {
        let writer = wr.clone();
        let stdin_open = server.stdin_open.load(Ordering::Relaxed);
        writing = Some(tokio::spawn(async move {
            if stdin_open {
                while let Some(chunk) = rx.recv().await {
                    if writer.lock().await.write_all(&chunk).await.is_err() {
                        return;
                    }
                }
            }
            let _ = writer.lock().await.shutdown().await;
        }));
    }
    let mut buf = vec![0u8; BUFFER];
    loop {
        let read = match server.idle {
            None => rd.read(&mut buf).await,
            Some(limit) => match tokio::time::timeout(limit, rd.read(&mut buf)).await {
                Ok(r) => r,
                Err(_) => {
                    return Err(fail(
                        Kind::Network,
                        format!("idle for {} ms, closed (--idle)", limit.as_millis()),
                    ));
                }
            },
        };
        let n = match read {
            Ok(0) => break,
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => break,
            Err(e) => {
                return Err(anyhow::Error::new(e)
                    .context("connection lost")
                    .context(Kind::Network));
            }
            Ok(n) => n,
        };
        if server.echo {
            wr.lock()
                .await
                .write_all(&buf[..n])
                .await
                .context("cannot echo")
                .kind(Kind::Network)?;
        } else if server.out.is_json() {
            let mut line = serde_json::to_vec(&Event::data(peer, &buf[..n]))?;
            line.push(b'\n');
            server.emit(line).await?;
        } else {
            server.emit(buf[..n].to_vec()).await?;
        }
    }
    if server.echo {
        let _ = wr.lock().await.shutdown().await;
    }
    if let Some(mut writing) = writing {
        // The client half-closed: it may still read what stdin has ready (as in splice.rs).
        loop {
            match tokio::time::timeout(Duration::from_millis(50), &mut writing).await {
                Ok(_) => break,
                Err(_) if !super::splice::stdin_ready() => break,
                Err(_) => {}
            }
        }
    }
    Ok(())
}

//! nt udp: `listen` (the seed's UDP server: bind, recvfrom, print, reply with sendto, for
//! any number of peers) and `send` (the seed's UDP client: send, print what comes back).
//!
//! Sockets are bound through `net::listen_udp` and `net::bind_udp`. On Linux datagrams are received
//! in batches (recvmmsg) and written with one write per batch, so a burst is not lost to a slow
//! print; elsewhere one per call ([`sys`] has both paths). Peer text is sanitized before it reaches
//! a terminal; into a pipe it is written as it came. `send` lives in [`send`]; how a datagram is
//! shown in [`show`]; what `--echo` may send back in [`echo`]; unsafe system calls live in [`sys`].

mod echo;
mod send;
mod show;
mod sys;

use std::io::{self, BufRead};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use socket2::Socket;

use crate::addr::{Addr, Host};
use crate::cli::{UdpArgs, UdpCommand, UdpListenArgs};
use crate::console::Typed;
use crate::error::{Kind, Tag, fail};
use crate::output::Output;
use echo::{EchoGuard, Verdict, canonical};
use show::{Show, Sink, TypedLines};

pub fn run(args: UdpArgs, out: &Output) -> anyhow::Result<ExitCode> {
    match args.command {
        UdpCommand::Listen(a) => listen(a, out),
        UdpCommand::Send(a) => send::send(a, out),
    }
}

/// Datagrams taken per recvmmsg call (Linux). The buffers are allocated zeroed and lazily, so
/// small datagrams touch one page each, not 64 KiB.
const RECV_BATCH: usize = 256;

// ----- listen ---------------------------------------------------------------------------

fn listen(args: UdpListenArgs, out: &Output) -> anyhow::Result<ExitCode> {
    for group in &args.join {
        if !group.is_multicast() {
            return Err(fail(
                Kind::Usage,
                format!("--join {group}: not a multicast group (224.0.0.0/4 or ff00::/8)"),
            ));
        }
    }
    let socket = Arc::new(bind_listener(&args, out)?);
    let session = out.interactive();
    let (sink, typed) = Sink::for_session(session, out)?;
    let typed = typed.unwrap_or_else(|| stdin_lines(out));
    let last_peer: Arc<Mutex<Option<SocketAddr>>> = Arc::new(Mutex::new(None));
    let stop = Arc::new(AtomicBool::new(false));
    replies_from(typed, socket.clone(), last_peer.clone(), out.clone(), session, stop.clone());
    let echo = match args.echo {
        true => Some(EchoGuard::new(socket.local_addr().kind(Kind::Network)?, args.echo_rate)),
        false => None,
    };
    let mut receiver = Receiver {
        socket,
        show: Show::new(out, args.raw, args.hex),
        sink,
        echo,
        last_peer,
        stop,
        out: out.clone(),
    };
    let result = receiver.run(args.count);
    receiver.sink.settle();
    result.map(|()| ExitCode::SUCCESS)
}

/// The receiving side of `listen`: batches in, shown, echoed where allowed.
struct Receiver {
    socket: Arc<UdpSocket>,
    show: Show,
    sink: Sink,
    echo: Option<EchoGuard>,
    last_peer: Arc<Mutex<Option<SocketAddr>>>,
    stop: Arc<AtomicBool>,
    out: Output,
}

impl Receiver {
    /// Receive until `count` datagrams arrived, the idle timeout, or the session's end.
    fn run(&mut self, count: Option<u64>) -> anyhow::Result<()> {
        let drops = sys::enable_drop_count(&self.socket);
        let mut batch = sys::Batch::new(RECV_BATCH);
        sys::roomy_stdout();
        let mut seen = 0u64;
        let mut buf = Vec::with_capacity(1 << 20);
        let result = loop {
            let want = count.map_or(RECV_BATCH, |c| (c - seen).min(RECV_BATCH as u64) as usize);
            let got = match batch.recv(&self.socket, want) {
                Ok(got) => got,
                Err(e)
                    if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) =>
                {
                    break match count {
                        Some(n) => Err(fail(
                            Kind::Network,
                            format!("timed out: {seen} of {n} datagrams arrived"),
                        )),
                        None => Ok(()),
                    };
                }
                Err(e) => {
                    break Err(anyhow::Error::new(e)
                        .context("cannot receive")
                        .context(Kind::Network));
                }
            };
            if self.stop.load(Ordering::Relaxed) {
                break Ok(());
            }
            buf.clear();
            for (i, d) in got.iter().enumerate() {
                let payload = batch.payload(i, d.len);
                self.show.render(d.from, payload, &mut buf);
                self.echo_back(payload, d.from);
            }
            if let (Some(last), Ok(mut peer)) = (got.last(), self.last_peer.lock()) {
                *peer = Some(last.from);
            }
            seen += got.len() as u64;
            if let Err(e) = self.sink.write(&buf) {
                break Err(e);
            }
            if count.is_some_and(|c| seen >= c) {
                break Ok(());
            }
        };
        if drops && batch.dropped > 0 {
            self.out.warn(&format!(
                "the kernel dropped {} datagrams (receive buffer full; try --buffer 16MiB)",
                batch.dropped
            ));
        }
        result
    }

    /// `--echo`: send `payload` back to `from` when the guard allows it.
    fn echo_back(&mut self, payload: &[u8], from: SocketAddr) {
        let Some(guard) = &mut self.echo else { return };
        match guard.allow(from, Instant::now()) {
            (Verdict::Echo, _) => {
                let _ = self.socket.send_to(payload, from);
            }
            (Verdict::Own, _) => self.out.warn(&format!(
                "not echoing a datagram that claims to come from this listener ({})",
                canonical(from)
            )),
            (Verdict::Limited, true) => self.out.warn(&format!(
                "{} sends faster than --echo-rate: its echoes are limited",
                canonical(from)
            )),
            (Verdict::Limited, false) => {}
        }
    }
}

fn bind_listener(args: &UdpListenArgs, out: &Output) -> anyhow::Result<UdpSocket> {
    let mut addr = args.addr.clone();
    if addr.is_any() && !args.join.is_empty() && args.join.iter().all(IpAddr::is_ipv4) {
        addr = Addr { host: Host::Ip(Ipv4Addr::UNSPECIFIED.into()), port: addr.port };
    }
    let socket = crate::net::listen_udp(&addr, |socket| {
        if !args.join.is_empty() {
            socket.set_reuse_address(true)?;
        }
        if let Some(size) = args.buffer {
            set_buffer(socket, size.0 as usize, out);
        }
        Ok(())
    })?;
    for group in &args.join {
        let joined = match group {
            IpAddr::V4(g) => socket.join_multicast_v4(g, &Ipv4Addr::UNSPECIFIED),
            IpAddr::V6(g) => socket.join_multicast_v6(g, 0),
        };
        joined.map_err(|e| {
            anyhow::Error::new(e).context(format!("cannot join {group}")).context(Kind::Network)
        })?;
    }
    socket.set_read_timeout(args.timeout).kind(Kind::Network)?;
    let local = socket.local_addr().kind(Kind::Network)?;
    out.listening(local, addr.port == 0, None);
    Ok(socket)
}

/// SO_RCVBUF as asked; as root on Linux SO_RCVBUFFORCE past the kernel's cap; else say it
/// was capped.
fn set_buffer(socket: &Socket, want: usize, out: &Output) {
    let _ = socket.set_recv_buffer_size(want);
    let granted = sys::granted_recv_buffer;
    if granted(socket) >= want {
        return;
    }
    if sys::force_recv_buffer(socket, want) && granted(socket) >= want {
        return;
    }
    out.warn(&format!(
        "the kernel capped the receive buffer at {} bytes (asked {want}); {}",
        granted(socket),
        sys::BUFFER_HINT
    ));
}

/// Lines from a plain stdin (pipe or file), read on a thread.
fn stdin_lines(out: &Output) -> TypedLines {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let out = out.clone();
    let _ = std::thread::Builder::new().name("stdin".into()).spawn(move || {
        for line in io::stdin().lock().split(b'\n') {
            match line {
                Ok(mut bytes) => {
                    if bytes.last() == Some(&b'\r') {
                        bytes.pop();
                    }
                    if tx.send(Typed::Line(String::from_utf8_lossy(&bytes).into_owned())).is_err() {
                        return;
                    }
                }
                Err(e) => {
                    out.warn(&format!("cannot read stdin: {e}"));
                    break;
                }
            }
        }
        let _ = tx.send(Typed::Eof);
    });
    rx
}

/// Send each typed line to the last peer, on a thread, until EOF. On a terminal, Ctrl-D
/// ends the session and Ctrl-C ends nt as Ctrl-C does everywhere (a death by SIGINT).
fn replies_from(
    mut typed: TypedLines,
    socket: Arc<UdpSocket>,
    last_peer: Arc<Mutex<Option<SocketAddr>>>,
    out: Output,
    ends_session: bool,
    stop: Arc<AtomicBool>,
) {
    let _ = std::thread::Builder::new().name("replies".into()).spawn(move || {
        let end = loop {
            match typed.blocking_recv() {
                Some(Typed::Line(line)) => {
                    let peer = last_peer.lock().ok().and_then(|p| *p);
                    match peer {
                        Some(peer) => {
                            if let Err(e) = socket.send_to(line.as_bytes(), peer) {
                                out.warn(&format!("cannot reply to {}: {e}", canonical(peer)));
                            }
                        }
                        None => out.warn("no peer has sent anything yet; line not sent"),
                    }
                }
                other => break other,
            }
        };
        if end == Some(Typed::Interrupted) {
            // The editor has put the terminal back already (readline returned).
            crate::signal::die();
        }
        if ends_session {
            stop.store(true, Ordering::Relaxed);
            wake(&socket);
        }
    });
}

/// Wake the receiver blocked on `socket`: an empty datagram to itself (Windows does not
/// end a blocked receive at shutdown), then the shutdown that Linux ends it with.
fn wake(socket: &UdpSocket) {
    if let Ok(mut own) = socket.local_addr() {
        if own.ip().is_unspecified() {
            let loopback: IpAddr = match own {
                SocketAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            };
            own.set_ip(loopback);
        }
        let _ = socket.send_to(&[], own);
    }
    let _ = socket2::SockRef::from(socket).shutdown(std::net::Shutdown::Both);
}

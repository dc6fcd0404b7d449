//! nt udp: `listen` (the seed's UDP server: bind, recvfrom, print, reply with sendto, for
//! any number of peers) and `send` (the seed's UDP client: send, print what comes back).
//!
//! Datagrams are received in batches (recvmmsg) and written with one write per batch, so
//! a burst is not lost to a slow print. Peer text is sanitized before it reaches a
//! terminal; into a pipe it is written as it came. `send` lives in [`send`]; unsafe
//! system calls live in [`sys`].

mod send;
mod sys;

use std::io::{self, BufRead, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::os::fd::AsRawFd;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use serde::Serialize;
use socket2::{Domain, Protocol, Socket, Type};

use crate::cli::{UdpArgs, UdpCommand, UdpListenArgs};
use crate::console::{Console, Printer, Typed};
use crate::error::{Kind, fail, stdout_result};
use crate::output::{Output, sanitize};

pub fn run(args: UdpArgs, out: &Output) -> anyhow::Result<ExitCode> {
    match args.command {
        UdpCommand::Listen(a) => listen(a, out),
        UdpCommand::Send(a) => send::send(a, out),
    }
}

// ----- how a datagram is shown ----------------------------------------------------------

#[derive(Serialize)]
struct DatagramEvent<'a> {
    from: String,
    len: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data_b64: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Json,
    Raw,
    Hex,
    Text,
}

/// How datagrams are written: the mode, and whether a human reads (sender prefix).
#[derive(Clone, Copy)]
struct Show {
    mode: Mode,
    prefix: bool,
}

impl Show {
    fn new(out: &Output, raw: bool, hex: bool) -> Show {
        let mode = if out.is_json() {
            Mode::Json
        } else if raw {
            Mode::Raw
        } else if hex {
            Mode::Hex
        } else {
            Mode::Text
        };
        Show { mode, prefix: out.stdout_tty() }
    }

    /// Append one datagram, as written to stdout, to `buf`.
    fn render(self, from: SocketAddr, payload: &[u8], buf: &mut Vec<u8>) {
        let from = canonical(from);
        match self.mode {
            Mode::Raw => buf.extend_from_slice(payload),
            Mode::Json => {
                let text = std::str::from_utf8(payload).ok();
                let ev = DatagramEvent {
                    from: from.to_string(),
                    len: payload.len(),
                    data: text,
                    data_b64: text
                        .is_none()
                        .then(|| base64::engine::general_purpose::STANDARD.encode(payload)),
                };
                if serde_json::to_writer(&mut *buf, &ev).is_ok() {
                    buf.push(b'\n');
                }
            }
            Mode::Hex | Mode::Text if self.prefix => {
                let body = if self.mode == Mode::Hex {
                    hex(payload)
                } else {
                    let text = String::from_utf8_lossy(payload);
                    let text = text.strip_suffix('\n').unwrap_or(&text);
                    let text = text.strip_suffix('\r').unwrap_or(text);
                    sanitize(text).into_owned()
                };
                buf.extend_from_slice(format!("[{from}] {body}\n").as_bytes());
            }
            Mode::Hex => {
                buf.extend_from_slice(hex(payload).as_bytes());
                buf.push(b'\n');
            }
            Mode::Text => {
                buf.extend_from_slice(payload);
                if payload.last() != Some(&b'\n') {
                    buf.push(b'\n');
                }
            }
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `::ffff:1.2.3.4` (a v4 peer on a dual-stack socket) shown as `1.2.3.4`.
fn canonical(sa: SocketAddr) -> SocketAddr {
    SocketAddr::new(sa.ip().to_canonical(), sa.port())
}

/// Where shown datagrams go: stdout, or the console's printer on a terminal session.
#[derive(Clone)]
enum Sink {
    Stdout,
    Console(Printer),
}

impl Sink {
    fn write(&self, bytes: &[u8]) -> anyhow::Result<()> {
        match self {
            Sink::Stdout => {
                let mut stdout = io::stdout().lock();
                stdout_result(stdout.write_all(bytes).and_then(|()| stdout.flush()))
            }
            Sink::Console(printer) => {
                let text = String::from_utf8_lossy(bytes);
                for line in text.lines() {
                    printer.print(line);
                }
                Ok(())
            }
        }
    }
}

/// Datagrams taken per recvmmsg call. The buffers are allocated zeroed and lazily, so
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
    if args.count == Some(0) {
        return Ok(ExitCode::SUCCESS);
    }
    let socket = Arc::new(bind_listener(&args, out)?);
    let show = Show::new(out, args.raw, args.hex);
    let last_peer: Arc<Mutex<Option<SocketAddr>>> = Arc::new(Mutex::new(None));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let session = out.stdin_tty() && out.stdout_tty() && !out.is_json();
    let (sink, typed) = if session {
        let (printer, typed) = Console::start("")?;
        (Sink::Console(printer), typed)
    } else {
        (Sink::Stdout, stdin_lines(out))
    };
    replies_from(typed, socket.clone(), last_peer.clone(), out.clone(), session, stop.clone());
    let drops = sys::enable_drop_count(socket.as_raw_fd());
    let mut batch = sys::Batch::new(RECV_BATCH);
    // A roomy stdout pipe lets a burst be written without waiting for the reader.
    sys::grow_pipe(libc::STDOUT_FILENO);
    let mut seen = 0u64;
    let mut buf = Vec::with_capacity(1 << 20);
    let result = loop {
        let want = args.count.map_or(RECV_BATCH, |c| (c - seen).min(RECV_BATCH as u64) as usize);
        let got = match batch.recv(socket.as_raw_fd(), want) {
            Ok(got) => got,
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                break match args.count {
                    Some(n) => Err(fail(
                        Kind::Network,
                        format!("timed out: {seen} of {n} datagrams arrived"),
                    )),
                    None => Ok(()),
                };
            }
            Err(e) => {
                break Err(anyhow::Error::new(e).context("cannot receive").context(Kind::Network));
            }
        };
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            break Ok(());
        }
        buf.clear();
        for (i, d) in got.iter().enumerate() {
            let payload = batch.payload(i, d.len);
            show.render(d.from, payload, &mut buf);
            if args.echo {
                let _ = socket.send_to(payload, d.from);
            }
        }
        if let (Some(last), Ok(mut peer)) = (got.last(), last_peer.lock()) {
            *peer = Some(last.from);
        }
        seen += got.len() as u64;
        if let Err(e) = sink.write(&buf) {
            break Err(e);
        }
        if args.count.is_some_and(|c| seen >= c) {
            break Ok(());
        }
    };
    if drops && batch.dropped > 0 {
        out.warn(&format!(
            "the kernel dropped {} datagrams (receive buffer full; try --buffer 16MiB)",
            batch.dropped
        ));
    }
    result.map(|()| ExitCode::SUCCESS)
}

fn bind_listener(args: &UdpListenArgs, out: &Output) -> anyhow::Result<UdpSocket> {
    let mut addrs = args.addr.resolve()?;
    if args.addr.is_any() && !args.join.is_empty() && args.join.iter().all(IpAddr::is_ipv4) {
        addrs = vec![SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), args.addr.port)];
    }
    let mut last = None;
    for sa in addrs {
        match open_listener(sa, args, out) {
            Ok(socket) => {
                out.listening(socket.local_addr().unwrap_or(sa), args.addr.port == 0);
                return Ok(socket);
            }
            Err(e) => last = Some((sa, e)),
        }
    }
    match last {
        Some((sa, e)) => Err(crate::net::bind_error(sa, e)),
        None => Err(fail(Kind::Network, format!("no address to listen on for {}", args.addr))),
    }
}

fn open_listener(sa: SocketAddr, args: &UdpListenArgs, out: &Output) -> io::Result<UdpSocket> {
    let socket = Socket::new(Domain::for_address(sa), Type::DGRAM, Some(Protocol::UDP))?;
    if args.addr.is_any() && sa.is_ipv6() {
        socket.set_only_v6(false)?;
    }
    if !args.join.is_empty() {
        socket.set_reuse_address(true)?;
    }
    if let Some(size) = args.buffer {
        set_buffer(&socket, size.0 as usize, out);
    }
    socket.bind(&sa.into())?;
    for group in &args.join {
        match group {
            IpAddr::V4(g) => socket.join_multicast_v4(g, &Ipv4Addr::UNSPECIFIED)?,
            IpAddr::V6(g) => socket.join_multicast_v6(g, 0)?,
        }
    }
    if let Some(t) = args.timeout {
        socket.set_read_timeout(Some(t.max(Duration::from_millis(1))))?;
    }
    Ok(socket.into())
}

/// SO_RCVBUF as asked; as root SO_RCVBUFFORCE past the kernel's cap; else say it was capped.
fn set_buffer(socket: &Socket, want: usize, out: &Output) {
    let _ = socket.set_recv_buffer_size(want);
    // Linux reports twice the usable size it granted.
    let granted = |s: &Socket| s.recv_buffer_size().map(|n| n / 2).unwrap_or(0);
    if granted(socket) >= want {
        return;
    }
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0
        && sys::force_recv_buffer(socket.as_raw_fd(), want).is_ok()
        && granted(socket) >= want
    {
        return;
    }
    out.warn(&format!(
        "the kernel capped the receive buffer at {} bytes (asked {want}); raise net.core.rmem_max or run as root",
        granted(socket)
    ));
}

/// Lines from a plain stdin (pipe or file), read on a thread.
fn stdin_lines(out: &Output) -> tokio::sync::mpsc::UnboundedReceiver<Typed> {
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

/// Send each typed line to the last peer, on a thread, until EOF.
fn replies_from(
    mut typed: tokio::sync::mpsc::UnboundedReceiver<Typed>,
    socket: Arc<UdpSocket>,
    last_peer: Arc<Mutex<Option<SocketAddr>>>,
    out: Output,
    ends_session: bool,
    stop: Arc<std::sync::atomic::AtomicBool>,
) {
    let _ = std::thread::Builder::new().name("replies".into()).spawn(move || {
        while let Some(Typed::Line(line)) = typed.blocking_recv() {
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
        // Ctrl-D or Ctrl-C at the prompt ends a terminal session: wake the receiver.
        if ends_session {
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            // SAFETY: shutdown on our own open socket; it wakes a blocked recvmmsg.
            unsafe {
                libc::shutdown(socket.as_raw_fd(), libc::SHUT_RDWR);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_gets_a_newline_and_json_a_b64_where_binary() {
        let from: SocketAddr = "[::ffff:127.0.0.1]:5".parse().unwrap();
        let mut buf = Vec::new();
        Show { mode: Mode::Text, prefix: false }.render(from, b"hi", &mut buf);
        Show { mode: Mode::Text, prefix: false }.render(from, b"yo\n", &mut buf);
        assert_eq!(buf, b"hi\nyo\n");
        buf.clear();
        Show { mode: Mode::Text, prefix: true }.render(from, b"a\x1bb\n", &mut buf);
        assert_eq!(String::from_utf8_lossy(&buf), "[127.0.0.1:5] a\\u{1b}b\n");
        buf.clear();
        Show { mode: Mode::Json, prefix: false }.render(from, b"\xff", &mut buf);
        assert_eq!(
            String::from_utf8_lossy(&buf),
            "{\"from\":\"127.0.0.1:5\",\"len\":1,\"data_b64\":\"/w==\"}\n"
        );
    }
}

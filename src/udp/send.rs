//! `nt udp send`: MESSAGE or stdin as datagrams (lines, or `--raw` chunks), paced by
//! `--rate` or batched (sendmmsg on Linux), replies printed with `--wait`, and the two-way
//! terminal session. A target that answers "port unreachable" is exit 4, with or without
//! `--wait` or `--count`. It never reads argv and exits the process only as Ctrl-C does.

use std::io::{self, BufRead, Read};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;

use super::show::{Show, Sink};
use super::sys;
use crate::addr::{Addr, Host, Rate};
use crate::cli::UdpSendArgs;
use crate::console::{Console, Printer, Typed};
use crate::error::{Kind, Tag, fail};
use crate::output::Output;

/// Datagrams batched into one sendmmsg call (Linux) when no --rate paces them.
const SEND_BATCH: usize = 64;

pub fn send(args: UdpSendArgs, out: &Output) -> anyhow::Result<ExitCode> {
    let size = args.size.0 as usize;
    if let Some(m) = &args.message
        && m.len() > sys::MAX_DATAGRAM
    {
        return Err(fail(
            Kind::Usage,
            format!("MESSAGE is {} bytes; a datagram holds at most {}", m.len(), sys::MAX_DATAGRAM),
        ));
    }
    let target = pick_target(&args)?;
    let socket = Arc::new(open_sender(&args, target)?);
    let show = Show::new(out, args.raw, false);
    let session = args.message.is_none() && !args.raw && out.interactive();
    if session {
        let (printer, typed) = Console::start("")?;
        print_replies(socket.clone(), show, Sink::Console(printer.clone()), out.clone(), None);
        return send_typed(&socket, target, typed, &printer);
    }
    let refused = Arc::new(AtomicBool::new(false));
    if args.wait.is_some() {
        let sink = Sink::Stdout(out.data());
        print_replies(socket.clone(), show, sink, out.clone(), Some(refused.clone()));
    }
    let mut pacer = Pacer::new(args.rate, args.count);
    let sent = match &args.message {
        Some(m) => {
            let n = args.count.unwrap_or(1);
            let mut source = (0..n).map(|_| Ok(m.as_bytes().to_vec()));
            pacer.run(&socket, target, &mut source)
        }
        None if args.raw => pacer.run(&socket, target, &mut RawChunks { size, done: false }),
        None => pacer.run(&socket, target, &mut LinesIn::default()),
    };
    let sent = sent.map_err(|e| send_error(e, target))?;
    out.debug(&format!("sent {sent} datagrams to {target}"));
    let unreachable = match args.wait {
        Some(wait) => {
            std::thread::sleep(wait);
            refused.load(Ordering::Relaxed)
        }
        None => port_unreachable(&socket, target),
    };
    if unreachable {
        return Err(send_error(io::Error::from(io::ErrorKind::ConnectionRefused), target));
    }
    Ok(ExitCode::SUCCESS)
}

/// How long `send` without `--wait` listens for an ICMP port unreachable from a host that
/// is not this one (on loopback Linux reports it before the send returns).
const ICMP_GRACE: Duration = Duration::from_millis(100);

/// Whether the target answered the datagrams with "port unreachable": read from a
/// connected socket's pending error, or heard within [`ICMP_GRACE`] (a reply ends the wait
/// at once: something listens). Unconnected sockets (broadcast, multicast) hear nothing.
fn port_unreachable(socket: &UdpSocket, target: SocketAddr) -> bool {
    if socket.peer_addr().is_err() {
        return false;
    }
    let refused = sys::is_port_unreachable;
    if let Ok(Some(e)) = socket.take_error() {
        return refused(&e);
    }
    let reported = cfg!(target_os = "linux") && target.ip().is_loopback();
    if reported || socket.set_read_timeout(Some(ICMP_GRACE)).is_err() {
        return false;
    }
    matches!(socket.recv(&mut [0u8; 1]), Err(e) if refused(&e))
}

fn pick_target(args: &UdpSendArgs) -> anyhow::Result<SocketAddr> {
    let addrs = args.addr.resolve()?;
    let want_v6 = args.bind.as_ref().and_then(|b| match b.host {
        crate::addr::Host::Ip(ip) => Some(ip.is_ipv6()),
        _ => None,
    });
    let pick = addrs.iter().find(|a| want_v6.is_none_or(|v6| a.is_ipv6() == v6)).or(addrs.first());
    pick.copied().ok_or_else(|| fail(Kind::Network, format!("'{}' has no address", args.addr)))
}

/// The sending socket, bound through `net::bind_udp` (`--bind`, else any address of the
/// target's family), with `--broadcast` and `--ttl`, and connected where it can be.
fn open_sender(args: &UdpSendArgs, target: SocketAddr) -> anyhow::Result<UdpSocket> {
    let local = match &args.bind {
        Some(b) => {
            b.resolve()?.into_iter().find(|a| a.is_ipv6() == target.is_ipv6()).ok_or_else(|| {
                fail(Kind::Usage, format!("--bind {b} and {target} are not the same IP version"))
            })?
        }
        None if target.is_ipv6() => SocketAddr::new(Ipv6Addr::UNSPECIFIED.into(), 0),
        None => SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), 0),
    };
    let local = Addr { host: Host::Ip(local.ip()), port: local.port() };
    let socket = crate::net::bind_udp(&local, |s| {
        let _ = s.set_send_buffer_size(4 << 20);
        Ok(())
    })?;
    let sock = socket2::SockRef::from(&socket);
    let net = |r: io::Result<()>, what: &str| {
        r.with_context(|| format!("cannot set {what}")).kind(Kind::Network)
    };
    if args.broadcast {
        net(sock.set_broadcast(true), "SO_BROADCAST")?;
    }
    let multicast = target.ip().is_multicast();
    if let Some(ttl) = args.ttl {
        match (target.is_ipv6(), multicast) {
            (false, false) => net(sock.set_ttl_v4(ttl), "the TTL")?,
            (false, true) => net(sock.set_multicast_ttl_v4(ttl), "the multicast TTL")?,
            (true, false) => net(sock.set_unicast_hops_v6(ttl), "the hop limit")?,
            (true, true) => net(sock.set_multicast_hops_v6(ttl), "the multicast hop limit")?,
        }
    }
    // A connected socket hears "port unreachable" and takes replies only from the target;
    // broadcast and multicast replies come from other addresses, so those stay unconnected.
    if !args.broadcast && !multicast {
        socket
            .connect(target)
            .with_context(|| format!("cannot send to {target}"))
            .kind(Kind::Network)?;
    }
    Ok(socket)
}

fn send_error(err: io::Error, target: SocketAddr) -> anyhow::Error {
    let refused = sys::is_port_unreachable(&err);
    let err =
        anyhow::Error::new(err).context(format!("cannot send to {target}")).context(Kind::Network);
    if refused {
        err.context(crate::error::Hint(
            "nothing listens on that port (the host answered: port unreachable)".into(),
        ))
    } else {
        err
    }
}

/// Print what comes back, on a thread, for as long as the process lives. A "port
/// unreachable" is not the thread's to report: it sets `refused` for the sender.
fn print_replies(
    socket: Arc<UdpSocket>,
    show: Show,
    mut sink: Sink,
    out: Output,
    refused: Option<Arc<AtomicBool>>,
) {
    let _ = std::thread::Builder::new().name("replies".into()).spawn(move || {
        let mut batch = sys::Batch::new(16);
        let mut buf = Vec::new();
        loop {
            let got = match batch.recv(&socket, 16) {
                Ok(got) => got,
                Err(e) if sys::is_port_unreachable(&e) => {
                    if let Some(flag) = &refused {
                        flag.store(true, Ordering::Relaxed);
                    }
                    continue;
                }
                Err(e) => {
                    out.warn(&format!("cannot receive replies: {e}"));
                    return;
                }
            };
            buf.clear();
            for (i, d) in got.iter().enumerate() {
                show.render(d.from, batch.payload(i, d.len), &mut buf);
            }
            if sink.write(&buf).is_err() {
                return;
            }
        }
    });
}

/// The terminal session: each typed line is one datagram; Ctrl-D ends it, Ctrl-C ends nt
/// as Ctrl-C does everywhere (a death by SIGINT).
fn send_typed(
    socket: &UdpSocket,
    target: SocketAddr,
    mut typed: tokio::sync::mpsc::UnboundedReceiver<Typed>,
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    while let Some(t) = typed.blocking_recv() {
        match t {
            Typed::Line(line) => {
                if let Err(e) = socket.send_to(line.as_bytes(), target) {
                    let msg = if sys::is_port_unreachable(&e) {
                        format!("{target}: nothing listens there (port unreachable)")
                    } else {
                        format!("cannot send to {target}: {e}")
                    };
                    printer.print(&format!("nt: {msg}"));
                }
            }
            Typed::Eof => break,
            // The editor has put the terminal back already (readline returned).
            Typed::Interrupted => crate::signal::die(),
        }
    }
    printer.flush();
    Ok(ExitCode::SUCCESS)
}

/// A source of datagrams: `None` at the end.
type Source<'a> = dyn Iterator<Item = io::Result<Vec<u8>>> + 'a;

/// Sends datagrams, batched when unpaced, spaced by `--rate` when paced, up to `--count`.
struct Pacer {
    interval: Option<Duration>,
    limit: u64,
}

impl Pacer {
    fn new(rate: Option<Rate>, count: Option<u64>) -> Pacer {
        Pacer { interval: rate.map(Rate::interval), limit: count.unwrap_or(u64::MAX) }
    }

    fn run(
        &mut self,
        socket: &UdpSocket,
        target: SocketAddr,
        source: &mut Source<'_>,
    ) -> io::Result<u64> {
        let connected = socket.peer_addr().is_ok();
        let start = Instant::now();
        let mut sent = 0u64;
        let mut pending: Vec<Vec<u8>> = Vec::with_capacity(SEND_BATCH);
        loop {
            let next = if sent + (pending.len() as u64) < self.limit {
                source.next().transpose()?
            } else {
                None
            };
            let Some(datagram) = next else { break };
            match self.interval {
                Some(every) => {
                    let due = start + every.mul_f64(sent as f64);
                    if let Some(wait) = due.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                    send_one(socket, target, connected, &datagram)?;
                    sent += 1;
                }
                None => {
                    pending.push(datagram);
                    if pending.len() == SEND_BATCH || !connected {
                        sent += self.flush(socket, target, connected, &mut pending)?;
                    }
                }
            }
        }
        sent += self.flush(socket, target, connected, &mut pending)?;
        Ok(sent)
    }

    fn flush(
        &self,
        socket: &UdpSocket,
        target: SocketAddr,
        connected: bool,
        pending: &mut Vec<Vec<u8>>,
    ) -> io::Result<u64> {
        let n = pending.len() as u64;
        if connected {
            let slices: Vec<&[u8]> = pending.iter().map(Vec::as_slice).collect();
            sys::send_all(socket, &slices)?;
        } else {
            for d in pending.iter() {
                send_one(socket, target, connected, d)?;
            }
        }
        pending.clear();
        Ok(n)
    }
}

fn send_one(
    socket: &UdpSocket,
    target: SocketAddr,
    connected: bool,
    datagram: &[u8],
) -> io::Result<()> {
    if connected { socket.send(datagram) } else { socket.send_to(datagram, target) }.map(|_| ())
}

/// stdin lines without their newline (and a CR before it), one datagram each.
#[derive(Default)]
struct LinesIn {
    reader: Option<io::StdinLock<'static>>,
}

impl Iterator for LinesIn {
    type Item = io::Result<Vec<u8>>;
    fn next(&mut self) -> Option<Self::Item> {
        let reader = self.reader.get_or_insert_with(|| io::stdin().lock());
        let mut line = Vec::new();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => None,
            Ok(_) => {
                if line.last() == Some(&b'\n') {
                    line.pop();
                    if line.last() == Some(&b'\r') {
                        line.pop();
                    }
                }
                Some(Ok(line))
            }
            Err(e) => Some(Err(e)),
        }
    }
}

/// stdin byte-exact in chunks of `size` (the last one shorter).
struct RawChunks {
    size: usize,
    done: bool,
}

impl Iterator for RawChunks {
    type Item = io::Result<Vec<u8>>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut chunk = Vec::with_capacity(self.size);
        match io::stdin().lock().take(self.size as u64).read_to_end(&mut chunk) {
            Ok(n) if n < self.size => {
                self.done = true;
                (n > 0).then_some(Ok(chunk))
            }
            Ok(_) => Some(Ok(chunk)),
            Err(e) => Some(Err(e)),
        }
    }
}

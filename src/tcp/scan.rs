//! `nt tcp connect -z HOST PORTS`: a TCP connect scan. Ports (`20-25,80,443`) are probed
//! concurrently (`--concurrency`), each bounded by the timeout, and reported in port order:
//! the open ones on stdout (their numbers), or every probed port as JSON Lines
//! `{"port","open","ms"}`. Exit 0 when any is open, else 1.
//!
//! A connection the kernel made to itself (on loopback, a source port equal to the probed
//! port: TCP's simultaneous open) is not an open port; nc -z reports those, nmap does not.
//! A local failure (out of descriptors or ports) is an error, never "closed".

use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::task::JoinSet;

use crate::addr::Addr;
use crate::error::{EXIT_NO, Kind, fail};
use crate::net::Deadline;
use crate::output::Output;

/// What a scan needs from the command line.
pub struct Scan {
    pub host: Addr,
    pub ports: Vec<u16>,
    pub concurrency: usize,
    pub timeout: Duration,
    pub source: Option<Addr>,
}

/// The verdict on one port (`--json`).
#[derive(Debug, Clone, Copy, Serialize)]
struct Probe {
    port: u16,
    open: bool,
    ms: f64,
}

/// Descriptors kept free for everything else nt has open.
const SPARE_FILES: u64 = 64;

pub fn run(scan: Scan, out: &Output) -> anyhow::Result<ExitCode> {
    let addrs = crate::net::resolve_within(&scan.host, &Deadline::after(Some(scan.timeout)))
        .map_err(|e| {
            crate::net::io_error(e, format!("cannot resolve {}", scan.host.host_text()))
        })?;
    let Some(ip) = addrs.first().map(SocketAddr::ip) else {
        return Err(fail(Kind::Network, format!("'{}' has no address", scan.host.host_text())));
    };
    let source = match &scan.source {
        Some(src) => Some(source_for(src, ip)?),
        None => None,
    };
    let files = crate::net::raise_open_files();
    let concurrency = scan.concurrency.min(files.saturating_sub(SPARE_FILES).max(1) as usize);
    out.debug(&format!("scanning {} ports of {ip}, {concurrency} at a time", scan.ports.len()));
    let started = Instant::now();
    let found = crate::net::block_on(
        crate::net::Threads::Pool,
        probe_all(ip, &scan, source, concurrency, out),
    )??;
    out.info(&format!(
        "{found} of {} ports open on {ip} ({:.2} s)",
        scan.ports.len(),
        started.elapsed().as_secs_f64()
    ));
    Ok(if found > 0 { ExitCode::SUCCESS } else { ExitCode::from(EXIT_NO) })
}

/// The `--source` address for `ip`'s family.
fn source_for(source: &Addr, ip: std::net::IpAddr) -> anyhow::Result<SocketAddr> {
    let local = source.resolve()?.into_iter().find(|a| a.is_ipv6() == ip.is_ipv6());
    let mut local = local.ok_or_else(|| {
        fail(Kind::Usage, format!("--source {source} and {ip} are not the same IP version"))
    })?;
    if source.is_any() {
        local.set_ip(if ip.is_ipv6() {
            std::net::Ipv6Addr::UNSPECIFIED.into()
        } else {
            std::net::Ipv4Addr::UNSPECIFIED.into()
        });
    }
    Ok(local)
}

/// Probe every port, at most `concurrency` at once, printing verdicts in port order.
/// Returns how many were open.
async fn probe_all(
    ip: std::net::IpAddr,
    scan: &Scan,
    source: Option<SocketAddr>,
    concurrency: usize,
    out: &Output,
) -> anyhow::Result<usize> {
    let mut tasks = JoinSet::new();
    let mut done: BTreeMap<usize, Probe> = BTreeMap::new();
    let (mut next, mut shown, mut found) = (0usize, 0usize, 0usize);
    let mut lines = String::new();
    while shown < scan.ports.len() {
        while next < scan.ports.len() && tasks.len() < concurrency {
            let target = SocketAddr::new(ip, scan.ports[next]);
            tasks.spawn(probe(next, target, source, scan.timeout));
            next += 1;
        }
        let Some(joined) = tasks.join_next().await else { break };
        let (index, verdict) =
            joined.map_err(|e| fail(Kind::Network, format!("probe task failed: {e}")))?;
        done.insert(index, verdict?);
        while let Some(p) = done.remove(&shown) {
            found += usize::from(p.open);
            if out.is_json() {
                lines.push_str(&serde_json::to_string(&p)?);
                lines.push('\n');
            } else if p.open {
                lines.push_str(&format!("{}\n", p.port));
            }
            shown += 1;
        }
        if !lines.is_empty() && (tasks.is_empty() || lines.len() > 16 << 10) {
            out.data().write(lines.as_bytes())?;
            lines.clear();
        }
    }
    let mut data = out.data();
    data.write(lines.as_bytes())?;
    data.flush()?;
    Ok(found)
}

/// Connect to `target` once: open, closed (refused, unreachable, timed out), or an error
/// that is nt's own (no descriptors, no ports), which ends the scan.
async fn probe(
    index: usize,
    target: SocketAddr,
    source: Option<SocketAddr>,
    timeout: Duration,
) -> (usize, anyhow::Result<Probe>) {
    let started = Instant::now();
    let verdict = match tokio::time::timeout(timeout, connect(target, source)).await {
        Err(_) => Ok(false),
        Ok(Ok(stream)) => Ok(!connected_to_itself(&stream)),
        Ok(Err(e)) if closed(&e) => Ok(false),
        Ok(Err(e)) => Err(anyhow::Error::new(e)
            .context(format!("cannot probe {target}"))
            .context(Kind::Network)),
    };
    let ms = (started.elapsed().as_secs_f64() * 1e6).round() / 1e3;
    (index, verdict.map(|open| Probe { port: target.port(), open, ms }))
}

async fn connect(
    target: SocketAddr,
    source: Option<SocketAddr>,
) -> io::Result<tokio::net::TcpStream> {
    let socket = match target {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    if let Some(local) = source {
        // One source port for many targets (and again after a TIME_WAIT): allowed, as
        // each connection's 4-tuple stays unique.
        socket.set_reuseaddr(true)?;
        socket.bind(local)?;
    }
    socket.connect(target).await
}

/// Answers that mean "closed" (or filtered), not a failure of nt's own.
fn closed(e: &io::Error) -> bool {
    use io::ErrorKind as K;
    matches!(
        e.kind(),
        K::ConnectionRefused
            | K::ConnectionReset
            | K::ConnectionAborted
            | K::TimedOut
            | K::HostUnreachable
            | K::NetworkUnreachable
    ) || super::sys::host_down(e)
}

/// TCP's simultaneous open: a socket whose source is its own destination.
fn connected_to_itself(stream: &tokio::net::TcpStream) -> bool {
    matches!((stream.local_addr(), stream.peer_addr()), (Ok(l), Ok(p)) if l == p)
}

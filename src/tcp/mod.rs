//! nt tcp: `serve` and `connect`, a bridge between stdin/stdout and one stream (or many,
//! with `serve -k`), over TCP or a Unix socket (`unix:/path`).
//!
//! This file opens sockets through `net.rs` (listen, connect with timeout, source, proxy
//! and retries) and picks the path:
//! - [`bridge`]: a single plain connection (blocking threads; splice(2) on Linux, in
//!   `splice.rs`);
//! - [`terminal`]: a single plain or TLS connection on a terminal (line editor);
//! - [`tls_client`]: `connect --tls` (tokio);
//! - [`serve`]: TLS serve, `--echo`, `--exec`/`--sh-exec` ([`exec`], [`group`]) and `-k`
//!   (tokio);
//! - [`scan`]: `connect -z HOST PORTS`.
//!
//! [`flow`] is what every path shares (counters, `--idle`, `--progress`, the half-close
//! drain). Nothing here prints data itself or exits the process.
//!
//! Data path: a plain connection (TCP or Unix; no TLS, no `-k`, no `--echo`, no `--exec`) is
//! bridged by two threads; on Linux with splice(2) — pipe → socket directly, socket → our own 1 MiB
//! pipe (`std::io::pipe`) → file, `/dev/null` or pipe — so bulk data never enters user space; where
//! splice does not apply (a TTY, or any other platform) it is a read/write loop with a 1 MiB
//! buffer. Its TCP socket buffers are fixed at 256 KiB so the data stays in cache. TLS, `-k`,
//! `--echo` and `--exec` run on tokio with tokio-rustls (ring).

mod bridge;
mod exec;
mod flow;
mod group;
mod scan;
mod serve;
#[cfg(target_os = "linux")]
mod splice;
mod stdio;
mod sys;
mod terminal;
mod tls_client;

use std::io;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use crate::addr::Endpoint;
use crate::cli::{MAX_CLIENTS, MAX_EXEC_CLIENTS, SCAN_TIMEOUT};
use crate::cli::{TcpArgs, TcpCommand, TcpConnectArgs, TcpServeArgs};
use crate::error::{EXIT_NO, Hint, Kind, Tag, fail};
use crate::net::{self, Deadline, Dialer, Stream, retry};
use crate::output::Output;

pub fn run(args: TcpArgs, out: &Output) -> anyhow::Result<ExitCode> {
    match args.command {
        TcpCommand::Serve(a) => serve(a, out),
        TcpCommand::Connect(a) => connect(a, out),
    }
}

fn serve(args: TcpServeArgs, out: &Output) -> anyhow::Result<ExitCode> {
    let mode = match (&args.exec, &args.sh_exec) {
        (Some(line), _) => serve::Mode::Exec(exec::Program::exec(line)?),
        (None, Some(line)) => serve::Mode::Exec(exec::Program::shell(line)?),
        (None, None) if args.echo => serve::Mode::Echo,
        (None, None) => serve::Mode::Bridge,
    };
    let host = match &args.addr {
        Endpoint::Inet(addr) => addr.host_text(),
        Endpoint::Unix(_) => "localhost".to_string(),
    };
    let identity = args.certs.identity(args.tls, &[host])?;
    let tls = match &identity {
        Some(id) => {
            if args.certs.self_signed {
                id.announce(out);
            }
            Some(id.server_config()?)
        }
        None => None,
    };
    let default_max =
        if matches!(mode, serve::Mode::Exec(_)) { MAX_EXEC_CLIENTS } else { MAX_CLIENTS };
    let max_clients = args.max_clients.unwrap_or(default_max) as usize;
    if args.keep_open {
        let files = net::raise_open_files();
        if files < max_clients as u64 + 64 {
            out.warn(&format!(
                "the open-files limit ({files}) holds fewer than --max-clients {max_clients} clients"
            ));
        }
    }
    let listener = net::listen_stream(&args.addr, out)?;
    if tls.is_none() && matches!(mode, serve::Mode::Bridge) && !args.keep_open {
        let (stream, peer) =
            listener.accept().context("cannot accept a client").kind(Kind::Network)?;
        drop(listener);
        out.info(&format!("connection from {peer}"));
        if terminal::wanted(out) {
            return terminal::plain(stream);
        }
        let opts = flow::Options { idle: args.idle, progress: args.progress };
        return bridge::bridge(stream, &opts, out);
    }
    let settings =
        serve::Settings { keep_open: args.keep_open, max_clients, idle: args.idle, mode };
    serve::serve(listener, tls, settings, out)
}

fn connect(args: TcpConnectArgs, out: &Output) -> anyhow::Result<ExitCode> {
    let policy =
        if args.tls || args.verify.any() { Some(args.verify.policy(false, None)?) } else { None };
    if let Some(ports) = args.ports.clone() {
        return port_scan(args, ports.0, out);
    }
    if let Endpoint::Inet(addr) = &args.addr
        && addr.port == 0
    {
        return Err(fail(
            Kind::Usage,
            format!("invalid address '{}': missing port", addr.host_text()),
        )
        .context(Hint("give HOST:PORT, or -z HOST PORTS to scan".into())));
    }
    let mut dialer = Dialer::new(args.timeout).via(&args.proxy);
    dialer.source = args.source.clone();
    if args.zero_io {
        return zero_io(&args, &dialer, out);
    }
    // The TLS handshake shares the connect's deadline.
    let deadline = Deadline::after(args.timeout);
    let stream = dial_with_retries(&args, &dialer, out)?;
    let opts = flow::Options { idle: args.idle, progress: args.progress };
    match policy {
        Some(policy) => {
            let host = match &args.addr {
                Endpoint::Inet(addr) => addr.host_text(),
                Endpoint::Unix(_) => "localhost".to_string(),
            };
            tls_client::connect(stream, host, policy, deadline, opts, out)
        }
        None if terminal::wanted(out) => terminal::plain(stream),
        None => bridge::bridge(stream, &opts, out),
    }
}

/// `-z ADDR`: does it connect? Exit 0 or 1 (with `--json`, the verdict as an object).
fn zero_io(args: &TcpConnectArgs, dialer: &Dialer, out: &Output) -> anyhow::Result<ExitCode> {
    // A name that does not resolve is an error (exit 4), not an answer: looked up first.
    // Through a proxy the proxy resolves it, and its failure is an answer.
    if let Endpoint::Inet(addr) = &args.addr
        && dialer.proxy.is_none()
    {
        net::resolve_within(addr, &Deadline::after(args.timeout)).kind(Kind::Network)?;
    }
    let started = std::time::Instant::now();
    let result = dialer.connect_stream(&args.addr, out);
    let ms = (started.elapsed().as_secs_f64() * 1e6).round() / 1e3;
    let open = match result {
        // TCP's simultaneous open (`--source` on the probed port): the kernel connected
        // the socket to itself, nothing listens there.
        Ok(Stream::Tcp(s)) if matches!((s.local_addr(), s.peer_addr()), (Ok(l), Ok(p)) if l == p) =>
        {
            out.info(&format!("{} is closed (the connection was to itself)", args.addr));
            false
        }
        Ok(_) => {
            out.info(&format!("{} is open", args.addr));
            true
        }
        Err(e) if crate::error::kind_of(&e) == Kind::Usage => return Err(e),
        Err(e) => {
            out.info(&format!("{} is closed ({})", args.addr, crate::error::one_line(&e)));
            false
        }
    };
    if out.is_json() {
        let port = match &args.addr {
            Endpoint::Inet(addr) => Some(addr.port),
            Endpoint::Unix(_) => None,
        };
        out.json(&serde_json::json!({ "port": port, "open": open, "ms": ms }))?;
    }
    Ok(if open { ExitCode::SUCCESS } else { ExitCode::from(EXIT_NO) })
}

fn port_scan(args: TcpConnectArgs, ports: Vec<u16>, out: &Output) -> anyhow::Result<ExitCode> {
    let Endpoint::Inet(host) = args.addr else {
        return Err(fail(Kind::Usage, "a port scan takes a HOST, not a unix: path"));
    };
    if host.port != 0 {
        return Err(fail(
            Kind::Usage,
            format!("-z HOST PORTS takes a HOST without a port, not '{host}'"),
        ));
    }
    if args.proxy.proxy.is_some() {
        return Err(fail(Kind::Usage, "a port scan does not go through --proxy (or NT_PROXY)"));
    }
    let scan = scan::Scan {
        host,
        ports,
        concurrency: args.concurrency as usize,
        timeout: args.timeout.unwrap_or(SCAN_TIMEOUT),
        source: args.source,
    };
    scan::run(scan, out)
}

fn dial_with_retries(
    args: &TcpConnectArgs,
    dialer: &Dialer,
    out: &Output,
) -> anyhow::Result<Stream> {
    let attempt = || dialer.connect_stream(&args.addr, out);
    let usage = |e: &anyhow::Error| crate::error::kind_of(e) != Kind::Usage;
    retry(args.retries, Duration::from_millis(250), out, usage, attempt).map_err(|err| {
        let refused = err.chain().any(|c| {
            c.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::ConnectionRefused)
        });
        if refused && args.retries == 0 {
            err.context(Hint(
                "nothing listens on that port yet? --retries N retries with backoff".into(),
            ))
        } else {
            err
        }
    })
}

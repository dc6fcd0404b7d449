//! nt tcp: `serve` and `connect`, a bridge between stdin/stdout and one TCP stream (or
//! many, with `serve -k`).
//!
//! This file opens sockets (listen, connect with timeout and retries, `-z`) and picks a
//! data path: plain single connections go through [`splice`] (blocking threads, splice(2)
//! on Linux); TLS, `--echo` and `-k` go through [`hub`] (tokio); a single connection on a
//! terminal goes through [`session`] (line editor). It never prints data itself and never
//! exits the process.

mod hub;
mod session;
mod splice;

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use socket2::{Domain, Protocol, Socket, Type};

use crate::addr::Addr;
use crate::cli::{TcpArgs, TcpCommand, TcpConnectArgs, TcpServeArgs};
use crate::error::{EXIT_NO, Kind, Tag, fail, retry};
use crate::output::Output;

pub fn run(args: TcpArgs, out: &Output) -> anyhow::Result<ExitCode> {
    match args.command {
        TcpCommand::Serve(a) => serve(a, out),
        TcpCommand::Connect(a) => connect(a, out),
    }
}

fn serve(args: TcpServeArgs, out: &Output) -> anyhow::Result<ExitCode> {
    if args.max_clients == Some(0) {
        return Err(fail(Kind::Usage, "--max-clients must be at least 1"));
    }
    let tls = match (&args.tls, &args.cert, &args.key) {
        (true, Some(cert), Some(key)) => Some(crate::tls::server_config(cert, key)?),
        _ => None,
    };
    let listener = listen(&args.addr, out)?;
    if tls.is_none() && !args.echo && !args.keep_open {
        let (stream, peer) =
            listener.accept().context("cannot accept a client").kind(Kind::Network)?;
        drop(listener);
        out.info(&format!("connection from {peer}"));
        if session::wanted(out) {
            return session::plain(stream);
        }
        let opts = splice::Options { idle: args.idle, progress: args.progress };
        return splice::bridge(stream, &opts, out);
    }
    hub::serve(listener, tls, &args, out)
}

/// Bind a listener for ADDR and announce `listening on ADDR` on stderr. `:port` is
/// dual-stack; port 0 is announced even under `-q`, since the caller cannot know it.
pub fn listen(addr: &Addr, out: &Output) -> anyhow::Result<TcpListener> {
    let mut last = None;
    for sa in addr.resolve()? {
        match bind(sa, addr.is_any()) {
            Ok(listener) => {
                out.listening(listener.local_addr().unwrap_or(sa), addr.port == 0);
                return Ok(listener);
            }
            Err(e) => last = Some((sa, e)),
        }
    }
    let Some((sa, err)) = last else {
        return Err(fail(Kind::Network, format!("no address to listen on for {addr}")));
    };
    Err(bind_error(sa, err))
}

/// The exit-4 error for a failed bind, with a hint for the common causes.
pub fn bind_error(sa: SocketAddr, err: io::Error) -> anyhow::Error {
    let hint = match err.kind() {
        io::ErrorKind::AddrInUse => Some(format!(
            "another program uses port {}; pick another port, or find it with: ss -lntup 'sport = :{}'",
            sa.port(),
            sa.port()
        )),
        io::ErrorKind::PermissionDenied => {
            Some("ports below 1024 need root or CAP_NET_BIND_SERVICE".to_string())
        }
        io::ErrorKind::AddrNotAvailable => {
            Some(format!("{} is not an address of this host", sa.ip()))
        }
        _ => None,
    };
    let err =
        anyhow::Error::new(err).context(format!("cannot listen on {sa}")).context(Kind::Network);
    match hint {
        Some(h) => err.context(crate::error::Hint(h)),
        None => err,
    }
}

fn bind(sa: SocketAddr, dual: bool) -> io::Result<TcpListener> {
    let socket = Socket::new(Domain::for_address(sa), Type::STREAM, Some(Protocol::TCP))?;
    if dual && sa.is_ipv6() {
        socket.set_only_v6(false)?;
    }
    socket.set_reuse_address(true)?;
    socket.bind(&sa.into())?;
    socket.listen(1024)?;
    Ok(socket.into())
}

fn connect(args: TcpConnectArgs, out: &Output) -> anyhow::Result<ExitCode> {
    let policy = if args.tls.tls || args.tls.insecure || args.tls.pin.is_some() {
        Some(crate::tls::Policy::new(args.tls.insecure, args.tls.pin.as_deref())?)
    } else {
        None
    };
    let addrs = args.addr.resolve()?;
    if args.zero_io {
        return Ok(match dial(&addrs, args.timeout) {
            Ok(_) => {
                out.info(&format!("{} is open", args.addr));
                ExitCode::SUCCESS
            }
            Err(e) => {
                out.info(&format!("{} is closed ({e})", args.addr));
                ExitCode::from(EXIT_NO)
            }
        });
    }
    let stream = dial_with_retries(&args, &addrs, out)?;
    match policy {
        Some(policy) => hub::connect_tls(stream, &args, &policy, out),
        None if session::wanted(out) => session::plain(stream),
        None => {
            let opts = splice::Options { idle: args.idle, progress: args.progress };
            splice::bridge(stream, &opts, out)
        }
    }
}

fn dial_with_retries(
    args: &TcpConnectArgs,
    addrs: &[SocketAddr],
    out: &Output,
) -> anyhow::Result<TcpStream> {
    let attempt = || {
        dial(addrs, args.timeout)
            .with_context(|| format!("cannot connect to {}", args.addr))
            .kind(Kind::Network)
    };
    let stream =
        retry(args.retries, Duration::from_millis(250), out, |_| true, attempt).map_err(|err| {
            let refused = err.chain().any(|c| {
                c.downcast_ref::<io::Error>()
                    .is_some_and(|e| e.kind() == io::ErrorKind::ConnectionRefused)
            });
            if refused && args.retries == 0 {
                err.context(crate::error::Hint(
                    "nothing listens on that port yet? --retries N retries with backoff".into(),
                ))
            } else {
                err
            }
        })?;
    out.debug(&format!(
        "connected to {}",
        stream.peer_addr().map_or_else(|_| args.addr.to_string(), |a| a.to_string())
    ));
    Ok(stream)
}

/// Connect to the first address that answers, each attempt bounded by `timeout`.
fn dial(addrs: &[SocketAddr], timeout: Option<Duration>) -> io::Result<TcpStream> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, "no address");
    for sa in addrs {
        let attempt = match timeout {
            Some(t) => TcpStream::connect_timeout(sa, t.max(Duration::from_millis(1))),
            None => TcpStream::connect(sa),
        };
        match attempt {
            Ok(stream) => {
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                last = io::Error::new(io::ErrorKind::TimedOut, "connection timed out");
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

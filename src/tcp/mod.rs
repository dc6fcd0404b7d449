//! nt tcp: `serve` and `connect`, a bridge between stdin/stdout and one TCP stream (or
//! many, with `serve -k`).
//!
//! This file opens sockets through `net.rs` (listen, connect with timeout and retries,
//! `-z`) and picks a data path: plain single connections go through [`splice`] (blocking threads, splice(2)
//! on Linux); TLS, `--echo` and `-k` go through [`hub`] (tokio); a single connection on a
//! terminal goes through [`session`] (line editor). It never prints data itself and never
//! exits the process.

mod hub;
mod session;
mod splice;

use std::io;
use std::net::TcpStream;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use crate::cli::{TcpArgs, TcpCommand, TcpConnectArgs, TcpServeArgs};
use crate::error::{EXIT_NO, Kind, Tag, fail, retry};
use crate::net::{self, Deadline, Dialer};
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
    let identity = args.certs.identity(args.tls, &[args.addr.host_text()])?;
    let tls = match &identity {
        Some(id) => {
            if args.certs.self_signed {
                id.announce(out);
            }
            Some(id.server_config()?)
        }
        None => None,
    };
    let listener = net::listen(&args.addr, out)?;
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

fn connect(args: TcpConnectArgs, out: &Output) -> anyhow::Result<ExitCode> {
    let policy =
        if args.tls || args.verify.any() { Some(args.verify.policy(false, None)?) } else { None };
    let dialer = Dialer::new(args.timeout);
    if args.zero_io {
        return Ok(match dialer.connect(&args.addr, out) {
            Ok(_) => {
                out.info(&format!("{} is open", args.addr));
                ExitCode::SUCCESS
            }
            Err(e) => {
                out.info(&format!("{} is closed ({})", args.addr, crate::error::one_line(&e)));
                ExitCode::from(EXIT_NO)
            }
        });
    }
    // The TLS handshake shares the connect's deadline.
    let deadline = Deadline::after(args.timeout);
    let stream = dial_with_retries(&args, &dialer, out)?;
    match policy {
        Some(policy) => hub::connect_tls(stream, &args, &policy, deadline, out),
        None if session::wanted(out) => session::plain(stream),
        None => {
            let opts = splice::Options { idle: args.idle, progress: args.progress };
            splice::bridge(stream, &opts, out)
        }
    }
}

fn dial_with_retries(
    args: &TcpConnectArgs,
    dialer: &Dialer,
    out: &Output,
) -> anyhow::Result<TcpStream> {
    let attempt = || dialer.connect(&args.addr, out);
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
    })
}

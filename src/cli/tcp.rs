//! The command line of nt tcp: `serve` and `connect`.
//!
//! Part of the one clap tree (see `cli.rs`): doc comments are the help text, values are
//! parsed with the typed parsers of `addr.rs`. Nothing here does I/O.

use std::time::Duration;

use clap::{Args, Subcommand};

use crate::addr::{Addr, parse_connect, parse_duration, parse_listen};
use crate::tls::{CertArgs, VerifyArgs};

#[derive(Debug, Args)]
pub struct TcpArgs {
    #[command(subcommand)]
    pub command: TcpCommand,
}

#[derive(Debug, Subcommand)]
pub enum TcpCommand {
    /// Accept a client and bridge stdin/stdout to it.
    #[command(
        after_help = "Examples:\n  nt tcp serve :12345 > received.bin\n  nt tcp serve -k --echo 127.0.0.1:7\n  nt tcp serve :8443 --tls --cert cert.pem --key key.pem\n  nt tcp serve 127.0.0.1:8443 --self-signed"
    )]
    Serve(TcpServeArgs),
    /// Connect and bridge stdin/stdout; at stdin EOF, half-close and read the rest.
    #[command(
        after_help = "Examples:\n  nt tcp connect 127.0.0.1:12345 < file.bin\n  printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nt tcp connect example.org:80\n  nt tcp connect -z 127.0.0.1:22 && echo open\n  nt tcp connect example.org:443 --tls"
    )]
    Connect(TcpConnectArgs),
}

#[derive(Debug, Args)]
pub struct TcpServeArgs {
    /// Where to listen (`:port` is every interface).
    #[arg(value_name = "ADDR", value_parser = parse_listen)]
    pub addr: Addr,
    /// Keep accepting clients, many at once.
    #[arg(short = 'k', long)]
    pub keep_open: bool,
    /// Echo what each client sends back to it.
    #[arg(long)]
    pub echo: bool,
    /// At most N clients at once.
    #[arg(long, value_name = "N")]
    pub max_clients: Option<usize>,
    /// Close a connection idle for DUR.
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub idle: Option<Duration>,
    /// Serve TLS (with --cert and --key, or --self-signed).
    #[arg(long)]
    pub tls: bool,
    #[command(flatten)]
    pub certs: CertArgs,
    /// Show bytes and rate on stderr.
    #[arg(long)]
    pub progress: bool,
}

#[derive(Debug, Args)]
pub struct TcpConnectArgs {
    /// Where to connect.
    #[arg(value_name = "ADDR", value_parser = parse_connect)]
    pub addr: Addr,
    /// Only test that it connects: exit 0 (open) or 1 (closed).
    #[arg(short = 'z')]
    pub zero_io: bool,
    /// Give up connecting after DUR.
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub timeout: Option<Duration>,
    /// Close when nothing moves for DUR.
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub idle: Option<Duration>,
    /// Retry connecting up to N times, with backoff.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub retries: u32,
    /// Use TLS (SNI, system roots); --insecure or --pin imply it.
    #[arg(long)]
    pub tls: bool,
    #[command(flatten)]
    pub verify: VerifyArgs,
    /// Show bytes and rate on stderr.
    #[arg(long)]
    pub progress: bool,
}

//! The command line of nt tcp: `serve` and `connect`.
//!
//! Part of the one clap tree (see `cli.rs`): doc comments are the help text, values are
//! parsed with the typed parsers of `addr.rs` and every number is bounded here (exit 2).
//! Nothing here does I/O.

use std::time::Duration;

use clap::{Args, Subcommand};

use super::timeout::{self, parse_timeout};
use crate::addr::{
    Addr, Endpoint, Ports, parse_ports, parse_positive_duration, parse_source, parse_stream_listen,
    parse_stream_or_host,
};
use crate::net::ProxyArgs;
use crate::tls::{CertArgs, VerifyArgs};

/// `--max-clients` when not given (raised open-files limit permitting).
pub const MAX_CLIENTS: u32 = 10_000;
/// `--max-clients` with `--exec`/`--sh-exec` when not given: one process per client.
pub const MAX_EXEC_CLIENTS: u32 = 100;
/// `--concurrency` of a port scan when not given.
pub const SCAN_CONCURRENCY: u32 = 1_000;
/// The per-port `--timeout` of a port scan when not given.
pub const SCAN_TIMEOUT: Duration = timeout::TCP_SCAN;

#[derive(Debug, Args)]
pub struct TcpArgs {
    #[command(subcommand)]
    pub command: TcpCommand,
}

#[derive(Debug, Subcommand)]
pub enum TcpCommand {
    /// Accept a client and bridge stdin/stdout to it.
    #[command(
        after_long_help = super::help::TCP_SERVE
    )]
    Serve(TcpServeArgs),
    /// Connect and bridge stdin/stdout; at stdin EOF, half-close and read the rest.
    #[command(
        after_long_help = super::help::TCP_CONNECT
    )]
    Connect(TcpConnectArgs),
}

#[derive(Debug, Args)]
pub struct TcpServeArgs {
    /// Where to listen: ADDR (`:port` is every interface) or unix:/path (not on Windows).
    #[arg(value_name = "ADDR", value_parser = parse_stream_listen)]
    pub addr: Endpoint,
    /// Keep accepting clients, many at once.
    #[arg(short = 'k', long)]
    pub keep_open: bool,
    /// Echo what each client sends back to it.
    #[arg(long, conflicts_with_all = ["exec", "sh_exec"])]
    pub echo: bool,
    /// Run CMD for each client, the connection as its stdin and stdout (no shell: the
    /// words are split as a shell would quote them, nothing is expanded).
    ///
    /// Each program leads a process group of its own: when its connection ends (or the
    /// program exits), what is left of the group gets SIGTERM, then SIGKILL 2 s later,
    /// and only then is its slot free (--max-clients bounds the programs). On Windows the
    /// program and what it starts are in a Job object, killed when the connection ends.
    #[arg(long, value_name = "CMD", conflicts_with = "sh_exec")]
    pub exec: Option<String>,
    /// Run LINE with `sh -c` (`cmd /C` on Windows) for each client, the connection as its
    /// stdin and stdout.
    /// Whoever connects runs it: never expose a shell.
    ///
    /// Its process group is ended with its connection, as with --exec.
    #[arg(long, value_name = "LINE")]
    pub sh_exec: Option<String>,
    /// At most N clients at once (default 10000; 100 with --exec/--sh-exec).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_clients: Option<u32>,
    /// Close a connection idle for DUR.
    #[arg(long, value_name = "DUR", value_parser = parse_positive_duration)]
    pub idle: Option<Duration>,
    /// Serve TLS (with --cert and --key, or --self-signed).
    #[arg(long)]
    pub tls: bool,
    #[command(flatten)]
    pub certs: CertArgs,
    /// Show bytes and rate on stderr (with a total and ETA when stdin is a file).
    #[arg(long)]
    pub progress: bool,
}

#[derive(Debug, Args)]
pub struct TcpConnectArgs {
    /// Where to connect: ADDR or unix:/path (not on Windows); with -z and PORTS, a HOST.
    #[arg(value_name = "ADDR", value_parser = parse_stream_or_host)]
    pub addr: Endpoint,
    /// With -z: the ports to probe, ranges and lists (20-25,80,443).
    #[arg(value_name = "PORTS", value_parser = parse_ports, requires = "zero_io")]
    pub ports: Option<Ports>,
    /// Only test that it connects: exit 0 (open) or 1 (closed); with PORTS, a scan.
    #[arg(short = 'z')]
    pub zero_io: bool,
    /// Probe at most N ports at once (-z with PORTS).
    #[arg(long, value_name = "N", default_value_t = SCAN_CONCURRENCY,
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub concurrency: u32,
    /// Give up connecting after DUR (a scan: per port, default 1s).
    #[arg(long, value_name = "DUR", value_parser = parse_timeout)]
    pub timeout: Option<Duration>,
    /// Close when nothing moves for DUR.
    #[arg(long, value_name = "DUR", value_parser = parse_positive_duration)]
    pub idle: Option<Duration>,
    /// Retry connecting up to N times, with backoff.
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=100))]
    pub retries: u32,
    /// Bind the local end to ADDR (an IP, or IP:PORT).
    #[arg(long, value_name = "ADDR", value_parser = parse_source)]
    pub source: Option<Addr>,
    #[command(flatten)]
    pub proxy: ProxyArgs,
    /// Use TLS (SNI, system roots); --insecure or --pin imply it.
    #[arg(long)]
    pub tls: bool,
    #[command(flatten)]
    pub verify: VerifyArgs,
    /// Show bytes and rate on stderr (with a total and ETA when stdin is a file).
    #[arg(long)]
    pub progress: bool,
}

#[cfg(test)]
mod tests {
    use clap::Parser;
    use proptest::prelude::*;

    use crate::cli::Cli;

    fn parses(args: &[&str]) -> bool {
        Cli::try_parse_from(["nt", "tcp"].iter().chain(args)).is_ok()
    }

    #[test]
    fn numbers_and_forms_are_checked_at_parse_time() {
        assert!(parses(&["serve", "127.0.0.1:0", "--max-clients", "1"]));
        assert!(!parses(&["serve", "127.0.0.1:0", "--max-clients", "0"]));
        assert!(!parses(&["serve", "127.0.0.1:0", "--max-clients", "1000001"]));
        assert!(!parses(&["serve", "127.0.0.1:0", "--idle", "0"]));
        assert!(!parses(&["serve", "127.0.0.1:0", "--echo", "--exec", "cat"]));
        assert!(!parses(&["serve", "127.0.0.1:0", "--exec", "cat", "--sh-exec", "cat"]));
        assert_eq!(parses(&["serve", "unix:/tmp/x.sock"]), cfg!(unix), "not on Windows");
        assert!(parses(&["connect", "-z", "127.0.0.1", "20-25,80"]));
        assert!(!parses(&["connect", "127.0.0.1", "20-25"]), "PORTS needs -z");
        assert!(!parses(&["connect", "-z", "127.0.0.1", "0-5"]));
        assert!(!parses(&["connect", "-z", "127.0.0.1", "22", "--concurrency", "0"]));
        assert!(!parses(&["connect", "127.0.0.1:1", "--timeout", "0"]));
        assert!(!parses(&["connect", "127.0.0.1:1", "--retries", "101"]));
        assert!(parses(&["connect", "127.0.0.1:1", "--source", "127.0.0.1"]));
        assert!(!parses(&["connect", "127.0.0.1:1", "--proxy", "ftp://x:1"]));
    }

    proptest! {
        #[test]
        fn max_clients_is_accepted_exactly_within_its_bounds(n in any::<u64>()) {
            let text = n.to_string();
            let ok = parses(&["serve", "127.0.0.1:0", "--max-clients", &text]);
            prop_assert_eq!(ok, (1..=1_000_000).contains(&n));
        }

        #[test]
        fn concurrency_and_retries_are_bounded(n in any::<u32>()) {
            let text = n.to_string();
            prop_assert_eq!(
                parses(&["connect", "-z", "127.0.0.1", "22", "--concurrency", &text]),
                (1..=10_000).contains(&n)
            );
            prop_assert_eq!(parses(&["connect", "127.0.0.1:22", "--retries", &text]), n <= 100);
        }
    }
}

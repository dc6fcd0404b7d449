//! The command line of nt chat: `serve` and `join`.
//!
//! Part of the one clap tree (see `cli.rs`): doc comments are the help text, values are
//! parsed with the typed parsers of `addr.rs`, and every number, size and duration is
//! bounded here, so a value out of range is a usage error (exit 2) before any socket
//! opens. Nothing here does I/O.

use std::time::Duration;

use clap::builder::RangedU64ValueParser;
use clap::{Args, Subcommand, ValueEnum};

use super::timeout::{self, parse_timeout};
use crate::addr::cluster::{parse_lease, parse_node};
use crate::addr::{Addr, Size, duration_within, parse_connect, parse_listen, parse_size};
use crate::net::ProxyArgs;
use crate::tls::{CertArgs, VerifyArgs};

#[derive(Debug, Args)]
pub struct ChatArgs {
    #[command(subcommand)]
    pub command: ChatCommand,
}

#[derive(Debug, Subcommand)]
pub enum ChatCommand {
    /// Run a chat server; lines on stdin go to everyone as notices, `/who`, `/kick NICK
    /// [REASON]` and `/notice TEXT` are operator commands.
    #[command(
        after_long_help = super::help::CHAT_SERVE
    )]
    Serve(ChatServeArgs),
    /// Join a chat server: lines typed are sent, what arrives is printed.
    #[command(
        after_long_help = super::help::CHAT_JOIN
    )]
    Join(ChatJoinArgs),
}

#[derive(Debug, Args)]
pub struct ChatServeArgs {
    /// Where to listen (`:port` is every interface; port 0 lets the kernel pick one).
    #[arg(value_name = "ADDR", value_parser = parse_listen)]
    pub addr: Addr,
    /// At most N connections at once (1-1000000); one more is told `[error] full` and
    /// closed.
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = RangedU64ValueParser::<usize>::new().range(1..=1_000_000))]
    pub max_clients: usize,
    /// Message of the day, sent to each user on joining.
    #[arg(long, value_name = "TEXT")]
    pub motd: Option<String>,
    /// Longest line a user may send (16 B-1MiB); a longer one is dropped with
    /// `[error] too-long`.
    #[arg(long, value_name = "SIZE", default_value = "4KiB", value_parser = parse_max_line)]
    pub max_line: Size,
    /// Lines per second one user may send on average (0 = no limit, at most 1000000). A
    /// faster sender is read more slowly, never disconnected.
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    pub rate: u32,
    /// Lines one user may send in a burst above --rate (1-1000000).
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub burst: u32,
    /// Bytes waiting for one user (4KiB-1GiB); a user whose backlog passes this is
    /// disconnected as `too-slow`. Lines are shared by all queues, not copied.
    #[arg(long, value_name = "SIZE", default_value = "8MiB", value_parser = parse_max_backlog)]
    pub max_backlog: Size,
    /// A user whose socket accepts nothing for this long (100ms-1h) while lines wait is
    /// disconnected as `too-slow`.
    #[arg(long, value_name = "DUR", default_value = "30s", value_parser = parse_wait)]
    pub stall: Duration,
    /// A connection that has not chosen a nickname within this long (100ms-1h) is closed.
    #[arg(long, value_name = "DUR", default_value = "10s", value_parser = parse_wait)]
    pub login_timeout: Duration,
    /// Connections still choosing a nickname, per source address (an IPv6 /64 counts as
    /// one address; 1-1000000); one more is told `[error] busy` and closed.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = RangedU64ValueParser::<usize>::new().range(1..=1_000_000))]
    pub max_pending: usize,
    /// Joins and leaves are announced while at most N users are online (0-1000000;
    /// announcing each of ten thousand joins to everyone already there would cost fifty
    /// million lines).
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = RangedU64ValueParser::<usize>::new().range(0..=1_000_000))]
    pub announce_max: usize,
    /// Serve TLS (with --cert/--key, or --self-signed).
    #[arg(long)]
    pub tls: bool,
    #[command(flatten)]
    pub certs: CertArgs,
    /// Join a cluster: one room shared by every node on this Redis,
    /// redis://[user@]host[:port][/db] (rediss:// for TLS; port 6379 by default; also
    /// `[chat] cluster` in the config). The password comes from NT_REDIS_PASSWORD or the
    /// config file, never from the command line (the process list would show it), and an
    /// error about the URL never repeats it.
    #[arg(long, value_name = "URL")]
    pub cluster: Option<String>,
    /// This node's name in the cluster (1-16 of a-z, 0-9, '-'; default: random; config:
    /// [chat] node). The
    /// operator's /who marks users by it; a user renamed after a split becomes NICK-NODE.
    #[arg(long, value_name = "NAME", value_parser = parse_node)]
    pub node: Option<String>,
    /// How long a nickname lease (and a node's heartbeat) lasts in Redis unless renewed
    /// (1s-1h; default 30s; config: [chat] lease): the users of a node that dies leave /who
    /// everywhere within it.
    #[arg(long, value_name = "DUR", value_parser = parse_lease)]
    pub lease: Option<Duration>,
    /// Bounds every wait on the cluster's Redis: connect, TLS handshake, each command
    /// (1ms-24h).
    #[arg(long, value_name = "DUR", default_value = timeout::CHAT_SERVE, value_parser = parse_timeout)]
    pub timeout: Duration,
    /// rediss:// only: trust exactly Redis's certificate with this SHA-256 fingerprint
    /// (hex, colons optional), even beside --cluster-insecure. Config: [chat] cluster_pin.
    #[arg(long, value_name = "SHA256")]
    pub cluster_pin: Option<String>,
    /// rediss:// only: do not verify Redis's certificate (a --cluster-pin is still
    /// checked). Without either, the system roots (or SSL_CERT_FILE) are trusted. Config:
    /// [chat] cluster_insecure.
    #[arg(long)]
    pub cluster_insecure: bool,
}

/// What a chat server's lines are encoded in, when it is not nt (nt is always UTF-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Encoding {
    /// UTF-8 (received lines that are not valid UTF-8 are read as GBK).
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK, as the course's chat programs send and expect.
    Gbk,
}

#[derive(Debug, Args)]
pub struct ChatJoinArgs {
    /// The chat server.
    #[arg(value_name = "ADDR", value_parser = parse_connect)]
    pub addr: Addr,
    /// Your nickname (1-32 letters, digits, `_`, `-`, `.`).
    #[arg(long, value_name = "NAME", env = "NT_CHAT_NICK")]
    pub nick: String,
    /// Bounds the connect, the TLS handshake and the wait for the server's answer to the
    /// nickname (1ms-24h).
    #[arg(long, value_name = "DUR", value_parser = parse_timeout, default_value = timeout::CHAT_JOIN)]
    pub timeout: Duration,
    /// Use TLS (system roots); --insecure or --pin imply it.
    #[arg(long)]
    pub tls: bool,
    #[command(flatten)]
    pub verify: VerifyArgs,
    #[command(flatten)]
    pub proxy: ProxyArgs,
    /// How lines are encoded on the wire, both ways (`utf-8`, or `gbk` for the course's
    /// chat server; nt's own server takes UTF-8 only).
    #[arg(long, value_name = "ENCODING", default_value = "utf-8")]
    pub encoding: Encoding,
}

/// A size within `min..=max` bytes, or a usage error naming the bounds.
fn bounded_size(text: &str, min: u64, max: u64, range: &str) -> Result<Size, String> {
    let bytes = parse_size(text)?;
    if (min..=max).contains(&bytes) {
        Ok(Size(bytes))
    } else {
        Err(format!("'{text}' is out of range ({range})"))
    }
}

/// `--max-line`: 16 bytes to 1 MiB.
pub fn parse_max_line(text: &str) -> Result<Size, String> {
    bounded_size(text, 16, 1 << 20, "16 B to 1MiB")
}

/// `--max-backlog`: 4 KiB to 1 GiB.
pub fn parse_max_backlog(text: &str) -> Result<Size, String> {
    bounded_size(text, 4 << 10, 1 << 30, "4KiB to 1GiB")
}

/// `--stall`, `--login-timeout`: 100 ms to an hour.
pub fn parse_wait(text: &str) -> Result<Duration, String> {
    let (min, max) = (Duration::from_millis(100), Duration::from_secs(3600));
    duration_within(text, min, max, "100ms to 1h")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bounds_are_inclusive() {
        assert_eq!(parse_max_line("16").unwrap(), Size(16));
        assert_eq!(parse_max_line("1MiB").unwrap(), Size(1 << 20));
        assert!(parse_max_line("15").is_err());
        assert!(parse_max_line("2305843009213693952").is_err());
        assert!(parse_max_backlog("8MiB").is_ok());
        assert!(parse_max_backlog("2GiB").is_err());
        assert_eq!(parse_wait("100ms").unwrap(), Duration::from_millis(100));
        assert!(parse_wait("0").is_err());
        assert!(parse_wait("2h").is_err());
    }

    proptest! {
        #[test]
        fn parsers_never_panic(text in "\\PC{0,30}") {
            let _ = parse_max_line(&text);
            let _ = parse_max_backlog(&text);
            let _ = parse_wait(&text);
            let _ = parse_timeout(&text);
        }

        #[test]
        fn sizes_in_range_only(bytes in 0u64..(1 << 32)) {
            let got = parse_max_backlog(&bytes.to_string());
            prop_assert_eq!(got.is_ok(), ((4 << 10)..=(1 << 30)).contains(&bytes));
            let got = parse_max_line(&bytes.to_string());
            prop_assert_eq!(got.ok(), ((16..=(1 << 20)).contains(&bytes)).then_some(Size(bytes)));
        }

        #[test]
        fn numeric_flags_are_bounded_at_parse_time(
            flag in prop::sample::select(vec![
                ("--max-clients", 1u64, 1_000_000u64),
                ("--rate", 0, 1_000_000),
                ("--burst", 1, 1_000_000),
                ("--max-pending", 1, 1_000_000),
                ("--announce-max", 0, 1_000_000),
            ]),
            value in prop_oneof![0u64..2_000_000, any::<u64>()],
        ) {
            use clap::Parser;
            let (name, min, max) = flag;
            let line = ["nt", "chat", "serve", "127.0.0.1:0", name, &value.to_string()];
            let parsed = crate::cli::Cli::try_parse_from(line);
            prop_assert_eq!(parsed.is_ok(), (min..=max).contains(&value), "{} {}", name, value);
            if let Err(e) = parsed {
                prop_assert_eq!(e.exit_code(), 2);
            }
        }

        #[test]
        fn durations_in_range_only(ms in 0u64..10_000_000) {
            let got = parse_wait(&format!("{ms}ms"));
            prop_assert_eq!(got.ok(), (100..=3_600_000).contains(&ms).then(|| Duration::from_millis(ms)));
        }
    }
}
